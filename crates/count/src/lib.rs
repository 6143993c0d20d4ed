//! The counting engine: pure functions from ballots to results, with no IO.
//!
//! Used by the node (open ballots), the verifier and `plenum count`. Ballot weights (a delegate
//! casting for the members they represent) are first-class: every tally is a sum of weights.
//!
//! Map of the crate:
//! - [`ballot`]: ranked ballots stored flat, and the [`Election`] they belong to;
//! - [`arith`]: fixed, guarded and rational arithmetic, as the STV rules prescribe;
//! - [`transcript`]: what a count records, round by round, and its JSON;
//! - [`tie`]: tie-breaking by an order drawn by lot from a recorded seed;
//! - [`majority`], [`consent`], [`scored`] (plurality, approval, score, Borda), [`mj`]
//!   (Majority Judgment), [`schulze`], [`irv`] (with RCTab's options), [`stv`] (Scottish, WIGM,
//!   Meek, Warren);
//! - [`method`]: one entry point, [`method::count`], from a method name and `KEY=VALUE` options;
//! - [`blt`] and [`case`]: the BLT ballot format (read and written) and the conformance cases.
//!
//! The crate does no IO, reads no clock and draws no randomness: a lot is drawn from a seed the
//! caller gives or that is derived from the ballots, and the seed is in the transcript.

#![forbid(unsafe_code)]

pub mod arith;
pub mod ballot;
pub mod error;
pub mod majority;
pub mod stv;
pub mod tie;
pub mod transcript;

pub use ballot::{Ballots, CandidateId, Election};
pub use error::CountError;
pub use transcript::Transcript;
pub mod blt;
pub mod case;
pub mod consent;
pub mod irv;
pub mod method;
pub mod mj;
pub mod schulze;
pub mod scored;
