//! Every user-facing string of `plenum count`, in one place.
//!
//! The translation layer (Fluent, the `i18n` crate) will take these over: each variant becomes a
//! message id with its arguments, and `Display` is the English text until then. Nothing else in
//! the command formats words for the user.

use std::fmt;

use count::transcript::{ElectReason, ExcludeReason, IterationEnd, TiePurpose};

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
    StateOut,
    EventElected { candidate: String, reason: ElectReason },
    EventExcluded { candidate: String, reason: ExcludeReason },
    EventSurplus { candidate: String, surplus: String },
    EventTransfer { from: String },
    EventTransfers { to: String },
    ExhaustedLabel,
    EventTie { purpose: TiePurpose, among: String, chosen: String, by: String },
    TieByEarlierRound { round: u32 },
    TieByLot,
    TieByOrder,
    TieByRandom { seed: i64 },
    EventIterated { why: IterationEnd, surplus: String },
    ElectedSummary { names: String },
    NoneElected,
    ConsentResult { carried: bool, objections: String, limit: String },
    Ranking { names: String },
    ProgressReading,
    ProgressCounting,
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Message as M;
        match self {
            M::BadInput { file, line: Some(l), what } => write!(f, "{file}, line {l}: {what}"),
            M::BadInput { file, line: None, what } => write!(f, "{file}: {what}"),
            M::NoMethod { file } => {
                write!(
                    f,
                    "{file}: a BLT file does not say how to count it: give --method (see --help)"
                )
            }
            M::UnknownMethod { method, known } => {
                write!(f, "unknown method \"{method}\"; known methods: {known}")
            }
            M::CaseNeedsMethod { file, method } => {
                write!(
                    f,
                    "{file}: the case's method \"{method}\" names several methods: give --method"
                )
            }
            M::BadOption { option } => write!(f, "--option \"{option}\": expected KEY=VALUE"),
            M::CannotCount { file, what } => write!(f, "{file}: cannot count: {what}"),
            M::CannotRead { file, what } => write!(f, "cannot read {file}: {what}"),
            M::Election { title } => write!(f, "Election: {title}"),
            M::MethodLine { method, options } if options.is_empty() => {
                write!(f, "Method: {method}")
            }
            M::MethodLine { method, options } => write!(f, "Method: {method} ({options})"),
            M::Seats { seats, candidates, ballots } => {
                write!(f, "Seats: {seats}   Candidates: {candidates}   Ballots: {ballots}")
            }
            M::TieBreakLot { seed, order } => {
                write!(f, "Ties left open by the rule: by lot, seed {seed} (order: {order})")
            }
            M::TieBreakOrder { mode, order } => {
                write!(f, "Ties left open by the rule: {mode} (order: {order})")
            }
            M::RoundHeading { number } => write!(f, "Round {number}"),
            M::ColumnCandidate => f.write_str("Candidate"),
            M::ColumnVotes => f.write_str("Votes"),
            M::ColumnKeep => f.write_str("Keep factor"),
            M::Quota { quota } => write!(f, "Quota: {quota}"),
            M::Exhausted { exhausted } => write!(f, "Exhausted: {exhausted}"),
            M::StateElected => f.write_str("elected"),
            M::StateExcluded => f.write_str("excluded"),
            M::StateOut => f.write_str("-"),
            M::EventElected { candidate, reason } => {
                let why = match reason {
                    ElectReason::Quota => "reached the quota",
                    ElectReason::RemainingSeats => "as many candidates remain as seats",
                    ElectReason::Highest => "highest",
                };
                write!(f, "Elected: {candidate} ({why})")
            }
            M::EventExcluded { candidate, reason } => {
                let why = match reason {
                    ExcludeReason::Lowest => "lowest vote",
                    ExcludeReason::SureLoser => "cannot catch up",
                    ExcludeReason::SeatsFilled => "all seats filled",
                    ExcludeReason::WriteIn => "undeclared write-ins",
                    ExcludeReason::BelowMinimum => "below the minimum",
                };
                write!(f, "Excluded: {candidate} ({why})")
            }
            M::EventSurplus { candidate, surplus } => {
                write!(f, "Surplus of {candidate} transferred: {surplus}")
            }
            M::EventTransfer { from } => write!(f, "Votes of {from} transferred"),
            M::EventTransfers { to } => write!(f, "Transfers: {to}"),
            M::ExhaustedLabel => f.write_str("exhausted"),
            M::EventTie { purpose, among, chosen, by } => {
                let what = match purpose {
                    TiePurpose::Elect => "to elect",
                    TiePurpose::Exclude => "to exclude",
                    TiePurpose::Surplus => "for the surplus to transfer first",
                };
                write!(f, "Tie {what} between {among}: {chosen}, {by}")
            }
            M::TieByEarlierRound { round } => write!(f, "by the votes at the end of round {round}"),
            M::TieByLot => f.write_str("by lot"),
            M::TieByOrder => f.write_str("by candidate order"),
            M::TieByRandom { seed } => write!(f, "by RCTab's random draw (seed {seed})"),
            M::EventIterated { why, surplus } => {
                let why = match why {
                    IterationEnd::Elected => "a candidate was elected",
                    IterationEnd::Omega => "surplus below omega",
                    IterationEnd::Stable => "surplus stable",
                    IterationEnd::SureLosers => "sure losers found",
                };
                write!(f, "Iteration stopped: {why} (surplus {surplus})")
            }
            M::ElectedSummary { names } => write!(f, "Elected, in order: {names}"),
            M::NoneElected => f.write_str("Nobody is elected."),
            M::ConsentResult { carried: true, objections, limit } => {
                write!(f, "Carried: {objections} objection(s), {limit} would block")
            }
            M::ConsentResult { carried: false, objections, limit } => {
                write!(f, "Not carried: {objections} objection(s), {limit} block")
            }
            M::Ranking { names } => write!(f, "Ranking: {names}"),
            M::ProgressReading => f.write_str("reading ballots"),
            M::ProgressCounting => f.write_str("counting"),
        }
    }
}
