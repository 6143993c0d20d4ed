//! Every message `plenum count` shows of its own, as data: each variant names a message of the
//! translation layer (`count-*` in `crates/i18n/locales`) and carries its arguments. The
//! events of a round are worded by `server::count_words`, which the result page shares.

use i18n::Arg;

use crate::say::Say;

/// A message `plenum count` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    // Errors (exit code 2: bad input).
    BadInput { file: String, line: Option<usize>, what: String },
    NoMethod { file: String },
    UnknownMethod { method: String, known: String },
    CaseNeedsMethod { file: String, method: String },
    BadOption { option: String },
    CannotCount { file: String, what: String },
    CannotRead { file: String, what: String },
    // Report.
    Election { title: String },
    MethodLine { method: String, options: String },
    Seats { seats: usize, candidates: usize, ballots: u128 },
    TieBreakLot { seed: u64, order: String },
    TieBreakOrder { mode: String, order: String },
    RoundHeading { number: u32 },
    ColumnCandidate,
    ColumnVotes,
    ColumnKeep,
    Quota { quota: String },
    Exhausted { exhausted: String },
    StateElected,
    StateExcluded,
    ElectedSummary { names: String },
    NoneElected,
    ConsentResult { carried: bool, objections: String, limit: String },
    Ranking { names: String },
    ProgressReading,
    ProgressCounting,
}

impl Message {
    /// The message's id and arguments.
    fn parts(&self) -> (&'static str, Vec<(&'static str, Arg)>) {
        use Message as M;
        let s = |v: &String| Arg::from(v.as_str());
        match self {
            M::BadInput { file, line: Some(l), what } => (
                "count-bad-input-line",
                vec![("file", s(file)), ("line", Arg::from(*l)), ("what", s(what))],
            ),
            M::BadInput { file, line: None, what } => {
                ("count-bad-input", vec![("file", s(file)), ("what", s(what))])
            }
            M::NoMethod { file } => ("count-no-method", vec![("file", s(file))]),
            M::UnknownMethod { method, known } => {
                ("count-unknown-method", vec![("method", s(method)), ("known", s(known))])
            }
            M::CaseNeedsMethod { file, method } => {
                ("count-case-needs-method", vec![("file", s(file)), ("method", s(method))])
            }
            M::BadOption { option } => ("count-bad-option", vec![("option", s(option))]),
            M::CannotCount { file, what } => {
                ("count-cannot-count", vec![("file", s(file)), ("what", s(what))])
            }
            M::CannotRead { file, what } => {
                ("count-cannot-read", vec![("file", s(file)), ("what", s(what))])
            }
            M::Election { title } => ("count-election", vec![("title", s(title))]),
            M::MethodLine { method, options } if options.is_empty() => {
                ("count-method", vec![("method", s(method))])
            }
            M::MethodLine { method, options } => {
                ("count-method-options", vec![("method", s(method)), ("options", s(options))])
            }
            M::Seats { seats, candidates, ballots } => (
                "count-seats",
                vec![
                    ("seats", Arg::from(*seats)),
                    ("candidates", Arg::from(*candidates)),
                    // Above 2^63 ballots only as text: Fluent's numbers are 64-bit.
                    ("ballots", Arg::from(ballots.to_string())),
                ],
            ),
            M::TieBreakLot { seed, order } => (
                "count-tie-break-lot",
                vec![("seed", seed.to_string().into()), ("order", s(order))],
            ),
            M::TieBreakOrder { mode, order } => {
                ("count-tie-break-order", vec![("mode", s(mode)), ("order", s(order))])
            }
            M::RoundHeading { number } => ("count-round", vec![("number", Arg::from(*number))]),
            M::ColumnCandidate => ("count-column-candidate", vec![]),
            M::ColumnVotes => ("count-column-votes", vec![]),
            M::ColumnKeep => ("count-column-keep", vec![]),
            M::Quota { quota } => ("count-quota", vec![("quota", s(quota))]),
            M::Exhausted { exhausted } => ("count-exhausted", vec![("exhausted", s(exhausted))]),
            M::StateElected => ("count-state-elected", vec![]),
            M::StateExcluded => ("count-state-excluded", vec![]),
            M::ElectedSummary { names } => ("count-elected-summary", vec![("names", s(names))]),
            M::NoneElected => ("count-none-elected", vec![]),
            M::ConsentResult { carried, objections, limit } => (
                if *carried { "count-consent-carried" } else { "count-consent-not-carried" },
                vec![("objections", s(objections)), ("limit", s(limit))],
            ),
            M::Ranking { names } => ("count-ranking", vec![("names", s(names))]),
            M::ProgressReading => ("count-progress-reading", vec![]),
            M::ProgressCounting => ("count-progress-counting", vec![]),
        }
    }

    /// The message in the user's language.
    #[must_use]
    pub fn text(&self, say: &Say) -> String {
        let (id, args) = self.parts();
        say.args(id, &args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_its_words_in_every_language() {
        let all = [
            Message::BadInput { file: "f".into(), line: Some(3), what: "w".into() },
            Message::BadInput { file: "f".into(), line: None, what: "w".into() },
            Message::NoMethod { file: "f".into() },
            Message::UnknownMethod { method: "m".into(), known: "k".into() },
            Message::CaseNeedsMethod { file: "f".into(), method: "m".into() },
            Message::BadOption { option: "o".into() },
            Message::CannotCount { file: "f".into(), what: "w".into() },
            Message::CannotRead { file: "f".into(), what: "w".into() },
            Message::Election { title: "t".into() },
            Message::MethodLine { method: "m".into(), options: String::new() },
            Message::MethodLine { method: "m".into(), options: "o".into() },
            Message::Seats { seats: 2, candidates: 5, ballots: 1000 },
            Message::TieBreakLot { seed: 7, order: "o".into() },
            Message::TieBreakOrder { mode: "m".into(), order: "o".into() },
            Message::RoundHeading { number: 2 },
            Message::ColumnCandidate,
            Message::ColumnVotes,
            Message::ColumnKeep,
            Message::Quota { quota: "q".into() },
            Message::Exhausted { exhausted: "x".into() },
            Message::StateElected,
            Message::StateExcluded,
            Message::ElectedSummary { names: "n".into() },
            Message::NoneElected,
            Message::ConsentResult { carried: true, objections: "0".into(), limit: "1".into() },
            Message::ConsentResult { carried: false, objections: "1".into(), limit: "1".into() },
            Message::Ranking { names: "n".into() },
            Message::ProgressReading,
            Message::ProgressCounting,
        ];
        for lang in ["en", "pt", "ru", "kk"] {
            let say = Say::new(Some(lang));
            for m in &all {
                let (id, _) = m.parts();
                let text = m.text(&say);
                assert_ne!(text, id, "{lang}: {id} is missing");
                assert!(!text.contains('{'), "{lang}: {id}: {text}");
            }
        }
        let en = Say::new(Some("en"));
        let seats = Message::Seats { seats: 2, candidates: 5, ballots: 1000 };
        assert_eq!(seats.text(&en), "Seats: 2   Candidates: 5   Ballots: 1000");
    }
}
