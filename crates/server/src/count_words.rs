//! A count's events in words: what the result page and `plenum count` say happened in a round
//! ("Elected: Aliya (reached the quota)"), in the reader's language.
//!
//! The counting engine records events as data ([`count::transcript::Event`]); this is the one
//! place that turns them into message ids and arguments, so the web page and the terminal word
//! a count the same way.

use count::Transcript;
use count::transcript::{
    ElectReason, Event, ExcludeReason, IterationEnd, TiePurpose, TieResolution,
};
use i18n::{Arg, Tr};

/// The message id of why a candidate was elected.
#[must_use]
pub fn elect_reason(reason: ElectReason) -> &'static str {
    match reason {
        ElectReason::Quota => "count-why-quota",
        ElectReason::RemainingSeats => "count-why-remaining-seats",
        ElectReason::Highest => "count-why-highest",
    }
}

/// The message id of why a candidate was excluded.
#[must_use]
pub fn exclude_reason(reason: ExcludeReason) -> &'static str {
    match reason {
        ExcludeReason::Lowest => "count-why-lowest",
        ExcludeReason::SureLoser => "count-why-sure-loser",
        ExcludeReason::SeatsFilled => "count-why-seats-filled",
        ExcludeReason::WriteIn => "count-why-write-in",
        ExcludeReason::BelowMinimum => "count-why-below-minimum",
    }
}

/// How a tie was broken, in words.
#[must_use]
pub fn tie_resolution(tr: &Tr<'_>, by: &TieResolution) -> String {
    match by {
        TieResolution::EarlierRound(n) => tr.t1("count-tie-by-earlier-round", "round", *n),
        TieResolution::Lot => tr.t("count-tie-by-lot"),
        TieResolution::CandidateOrder => tr.t("count-tie-by-order"),
        TieResolution::Random { seed } => tr.t1("count-tie-by-random", "seed", seed.to_string()),
    }
}

/// One event of a round as a sentence; `None` for an event with nothing to say (transfers
/// that moved nothing).
#[must_use]
pub fn event(tr: &Tr<'_>, t: &Transcript, e: &Event) -> Option<String> {
    let name = |c: &u16| t.candidates.get(usize::from(*c)).cloned().unwrap_or_default();
    let names = |cs: &[u16]| cs.iter().map(name).collect::<Vec<_>>().join(", ");
    let say = |id: &str, args: &[(&str, Arg)]| tr.args(id, args);
    Some(match e {
        Event::Elected { candidate, reason } => say(
            "count-event-elected",
            &[("candidate", name(candidate).into()), ("why", tr.t(elect_reason(*reason)).into())],
        ),
        Event::Excluded { candidate, reason } => say(
            "count-event-excluded",
            &[("candidate", name(candidate).into()), ("why", tr.t(exclude_reason(*reason)).into())],
        ),
        Event::SurplusTransferred { candidate, surplus } => say(
            "count-event-surplus",
            &[("candidate", name(candidate).into()), ("surplus", surplus.clone().into())],
        ),
        Event::VotesTransferred { from } => {
            say("count-event-transfer", &[("from", names(from).into())])
        }
        Event::Transfers { to, .. } => {
            if to.is_empty() {
                return None;
            }
            let exhausted = tr.t("count-exhausted-label");
            let list: Vec<String> = to
                .iter()
                .map(|(c, v)| {
                    let who = c.as_ref().map_or_else(|| exhausted.clone(), name);
                    format!("{who} +{v}")
                })
                .collect();
            say("count-event-transfers", &[("to", list.join(", ").into())])
        }
        Event::Tie { purpose, among, chosen, by } => {
            let id = match purpose {
                TiePurpose::Elect => "count-event-tie-elect",
                TiePurpose::Exclude => "count-event-tie-exclude",
                TiePurpose::Surplus => "count-event-tie-surplus",
            };
            say(
                id,
                &[
                    ("among", names(among).into()),
                    ("chosen", name(chosen).into()),
                    ("by", tie_resolution(tr, by).into()),
                ],
            )
        }
        Event::Iterated { why, surplus } => {
            let why = match why {
                IterationEnd::Elected => "count-iter-elected",
                IterationEnd::Omega => "count-iter-omega",
                IterationEnd::Stable => "count-iter-stable",
                IterationEnd::SureLosers => "count-iter-sure-losers",
            };
            say(
                "count-event-iterated",
                &[("why", tr.t(why).into()), ("surplus", surplus.clone().into())],
            )
        }
    })
}
