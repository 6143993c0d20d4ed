//! Why a count cannot be made: bad parameters for the ballots given.
//!
//! Input errors (a malformed BLT line, an unknown candidate) are the parsers' own error types,
//! with line numbers; these are the errors left once the input is well-formed.

use std::fmt;

/// A count that cannot be made, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountError {
    /// No seats, or more seats than (eligible) candidates.
    Seats { seats: usize, candidates: usize },
    /// The total weight exceeds what fixed-point arithmetic at this precision counts exactly.
    TooManyVotesForFixed { max: u64 },
    /// An option the method does not know, or a value it cannot take.
    BadOption { key: String, value: String, expected: String },
    /// The method needs ballots of another kind (scores, grades, objections).
    WrongBallots { method: String, needs: String },
    /// Too many candidates for the method.
    TooManyCandidates { max: usize },
}

impl fmt::Display for CountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CountError::Seats { seats, candidates } => {
                write!(f, "{seats} seat(s) to fill but {candidates} eligible candidate(s)")
            }
            CountError::TooManyVotesForFixed { max } => write!(
                f,
                "the total weight of the ballots exceeds {max}, the most this fixed-point precision counts exactly"
            ),
            CountError::BadOption { key, value, expected } => {
                write!(f, "option {key}={value}: expected {expected}")
            }
            CountError::WrongBallots { method, needs } => write!(f, "{method} needs {needs}"),
            CountError::TooManyCandidates { max } => write!(f, "more than {max} candidates"),
        }
    }
}

impl std::error::Error for CountError {}
