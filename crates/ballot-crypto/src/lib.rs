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
//!
//! # A whole election, step by step
//!
//! ```
//! use ballot_crypto::dkg::{TrusteeSecret, conclude};
//! use ballot_crypto::verify::{Elector, Seal, SealedBallot};
//! use ballot_crypto::tally::combine;
//! use ballot_crypto::*;
//! use chacha20::ChaCha20Rng;
//! use rand_core::SeedableRng;
//! use record::{Digest, PublicKey};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut rng = ChaCha20Rng::from_seed([7; 32]); // the browser: bytes from crypto.getRandomValues
//! // The convenor opens the ballot: one yes/no/abstain question, trustees 2 of 3.
//! let setup = ElectionSetup {
//!     version: PROTOCOL_VERSION,
//!     election_id: Digest([1; 32]),
//!     questions: vec![Question { answers: 3, min: 1, max: 1 }],
//!     trustees: vec![PublicKey([10; 32]), PublicKey([11; 32]), PublicKey([12; 32])],
//!     threshold: 2,
//! };
//! // Key ceremony: commit, deal, complain (nobody needs to here), conclude.
//! let (secrets, commits): (Vec<_>, Vec<_>) =
//!     (1..=3).map(|t| TrusteeSecret::generate(&setup, t, &mut rng)).collect::<Result<_, _>>()?;
//! let deals = secrets.iter().map(|s| s.deal(&setup, &commits, &mut rng)).collect::<Result<Vec<_>, _>>()?;
//! assert!(secrets[0].complaints(&setup, &commits, &deals, &mut rng)?.is_empty());
//! let ceremony = conclude(&setup, &commits, &deals, &[])?;
//! let election = Election::new(setup.clone(), ceremony.public_key)?;
//!
//! // Two members vote on their own devices; each keeps the tracker.
//! let (alice, bob) = (PublicKey([20; 32]), PublicKey([21; 32]));
//! let (yes, _) = Ballot::encrypt(&election, &alice, &[vec![true, false, false]], &mut rng)?;
//! let (no, _) = Ballot::encrypt(&election, &bob, &[vec![false, true, false]], &mut rng)?;
//! let ballots = vec![CastBallot { voter: alice, ballot: yes }, CastBallot { voter: bob, ballot: no }];
//! verify_ballots(&election, &ballots).map_err(|f| f.error)?;
//!
//! // The convenor seals; Bob is a delegate casting for 3 members.
//! let electorate = vec![Elector { voter: alice, weight: 1 }, Elector { voter: bob, weight: 3 }];
//! let seal = Seal::new(&election, ballots.iter().zip(&electorate)
//!     .map(|(b, e)| SealedBallot { tracker: b.ballot.tracker(), weight: e.weight }).collect());
//!
//! // Trustees 1 and 3 decrypt the weighted tally.
//! let tally = EncryptedTally::compute(&election, ballots.iter().zip(&electorate)
//!     .map(|(b, e)| (&b.ballot, e.weight)))?;
//! let mut partials = Vec::new();
//! for t in [0, 2] {
//!     let (share, _) = secrets[t].key_share(&setup, &commits, &deals, &[])?;
//!     partials.push(share.partial_decrypt(&election, &tally, &mut rng)?);
//! }
//! let result = combine(&election, &ceremony, &tally, &partials, 4)?.tally;
//! assert_eq!(result.questions, vec![vec![1, 3, 0]]);
//!
//! // Anyone checks everything, trusting no one.
//! let record = ElectionRecord {
//!     setup, commits, deals, complaints: vec![], electorate, ballots, seal, partials, result,
//! };
//! assert_eq!(verify_election(&record)?.tally.questions, vec![vec![1, 3, 0]]);
//! # Ok(())
//! # }
//! ```

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
pub mod trustee;
pub mod verify;

pub use ballot::{AuditReveal, Ballot, BallotError, BallotSecrets, CastBallot, Ciphertext};
pub use encoding::{DecodeError, Point, ScalarBytes};
pub use setup::{Election, ElectionSetup, Question, SetupError};
pub use tally::{EncryptedTally, PartialDecryption, Tally};
pub use verify::{
    BallotRef, Ballots, ElectionRecord, Failure, Seal, Verified, verify_ballots, verify_election,
    verify_election_with_progress,
};

/// The protocol version every message carries and every challenge hashes.
pub const PROTOCOL_VERSION: u16 = 1;
