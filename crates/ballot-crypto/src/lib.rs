//! Secret ballots that anyone can verify: the cryptographic core.
//!
//! Exponential ElGamal on Ristretto255 (curve25519-dalek), in the Belenios/ElectionGuard
//! family: each answer box of a ballot is encrypted on the voter's device under the election
//! key, with zero-knowledge proofs that it holds 0 or 1 and that each question's ticks are within
//! its bounds ([`ballot`]); ballots add up homomorphically, each multiplied by its voter's
//! weight ([`tally`]); the election key is made by the trustees in a k-of-n distributed key
//! generation ([`dkg`]) and the tally is decrypted by any k of them, each with a proof; and
//! [`verify::verify_election`] checks a whole election, trusting no one. The protocol is
//! specified byte for byte in `docs/secret-ballot.md`.
//!
//! Design decision: the protocol is composed here from curve25519-dalek's group operations and
//! SHA-512, rather than taken from `elastic-elgamal` (see the document for the evaluation). The
//! cost is owning the composition; the benefit is one dalek generation with the rest of the
//! workspace, strong Fiat–Shamir bound to plenum's identities, and batch verification.
//!
//! # Security
//! What is guaranteed, under the decisional Diffie–Hellman assumption in Ristretto255 and with
//! SHA-512 modelled as a random oracle:
//! - **Ballot secrecy** against anyone holding fewer than k trustee shares.
//! - **Verifiability**: a ballot that verifies encrypts 0 or 1 in every box and a number of
//!   ticks within each question's bounds; a tally that verifies is the weighted sum of exactly
//!   the sealed ballots; a proof is valid only for its own election, key, voter and position.
//! - **Constant time** for everything that touches a secret (choices, randomness, key shares);
//!   functions named `vartime_*` run in variable time and only ever see public data, and so do
//!   the verifiers built on them (`Ballot::verify`, `verify_ballots`, `dkg::conclude`,
//!   `tally::combine`, `verify_election`), which take no secret at all.
//! - **Secrets wiped**: randomness and key shares are zeroized when dropped.
//!
//! What is *not* guaranteed: coercion resistance and receipt-freeness (a voter can prove their
//! vote by revealing their randomness); secrecy if k trustees collude; privacy against a
//! compromised voter device (the Benaloh audit lets the voter catch a lying device, not a
//! leaking one); eligibility and "last ballot counts", which the signed record enforces; and
//! this code has not been independently audited.
//!
//! No IO, no clock; randomness only from the caller's [`rand_core::CryptoRng`].

#![forbid(unsafe_code)]

pub mod ballot;
mod batch;
pub mod dkg;
pub mod encoding;
pub mod proof;
pub mod setup;
pub mod simulate;
pub mod tally;
mod transcript;
pub mod verify;

pub use ballot::{AuditReveal, Ballot, BallotError, BallotSecrets, CastBallot, Ciphertext};
pub use encoding::{DecodeError, Point, ScalarBytes};
pub use setup::{Election, ElectionSetup, Question, SetupError};
pub use tally::{EncryptedTally, PartialDecryption, Tally};
pub use verify::{ElectionRecord, Failure, Seal, Verified, verify_ballots, verify_election};

/// The protocol version every message carries and every challenge hashes.
pub const PROTOCOL_VERSION: u16 = 1;
