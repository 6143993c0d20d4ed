//! The signed record: what every node, the browser and the verifier agree on byte for byte.
//!
//! An assembly's history is a set of [`Event`]s. Each is signed by a member's key, names the
//! events it builds on, and is identified by the SHA-256 of its canonical bytes. This crate
//! defines those bytes ([`event`], [`wire`], [`payload`]), the identifiers ([`ids`]) and the
//! keys ([`keys`]); what the events *mean* — who may do what, and the state they fold into —
//! lives in the `domain` crate.
//!
//! Design decision: one canonical binary encoding, decoded strictly, rather than JSON or a
//! general-purpose format. Its cost is a small hand-written serde format; its benefit is that a
//! signature is over exactly one possible byte string per value, which any verifier can rebuild.
//!
//! No IO, no clock, no randomness: keys are made from bytes the caller supplies.

#![forbid(unsafe_code)]

pub mod bundle;
pub mod event;
pub mod ids;
pub mod keys;
pub mod payload;
pub mod wire;

pub use event::{DecodeError, Draft, Event};
pub use ids::{AssemblyId, Digest, EventId, PublicKey, SignatureBytes};
pub use keys::Keypair;
pub use payload::{Kind, Payload};
