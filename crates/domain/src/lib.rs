//! What events mean: the rules of an assembly, and the deterministic fold of its events into
//! its state.
//!
//! - [`apply`]: each kind's rules; an event that breaks one is refused with a [`Rejection`]
//!   and changes nothing.
//! - [`order`]: the canonical order of a set of events and the fold over it, so that the same
//!   set gives the same [`Assembly`] and the same digest on every node.
//! - [`ledger`]: the events of one assembly in canonical order, with the state kept current
//!   as events arrive in any order.
//! - [`state`]: the state itself, and derived views (tallies, results, adopted demands).
//! - [`election`]: elections of delegates — candidates, rankings, and their count.
//! - [`secret`]: secret ballots — the trustees' key ceremony, encrypted ballots, the seal and
//!   the decryption.
//! - [`author`]: making events with a key (CLI, demo, tests).
//!
//! Pure: no IO, no clock (callers pass `now`), no randomness.

#![forbid(unsafe_code)]

pub mod apply;
pub mod author;
pub mod election;
pub mod ledger;
pub mod order;
pub mod rejection;
pub mod secret;
pub mod state;

pub use author::Author;
pub use ledger::{Ledger, Origin};
pub use order::{FoldError, canonical_order, fold};
pub use rejection::{Power, Rejection};
pub use state::{Assembly, Ballot, BallotStatus};
