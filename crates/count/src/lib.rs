//! The counting engine: pure functions from ballots to results, with no IO.
//!
//! Used by the node (open ballots), the verifier and `plenum count`. Ballot weights (a delegate
//! casting for the members they represent) are first-class: every tally is a sum of weights.

#![forbid(unsafe_code)]

pub mod majority;
