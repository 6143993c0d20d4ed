//! A trustee's device taking one step: the message of the key ceremony (commit, deal, check)
//! or the partial decryption, made from the trustee's 32-byte member key seed and what the
//! record has published so far.
//!
//! The trustee's secrets are derived from the seed each time ([`TrusteeSecret::derive`]), so
//! a device keeps nothing between steps and any device holding the member key can take the
//! next one. One function serves the browser's WebAssembly module, the `plenum trustee` CLI
//! and the test scenarios, so all three make the same messages from the same inputs.

use core::fmt;

use rand_core::CryptoRng;

use crate::dkg::{DkgCommit, DkgComplaint, DkgDeal, DkgError, TrusteeSecret};
use crate::encoding::DecodeError;
use crate::setup::{Election, ElectionSetup};
use crate::tally::{EncryptedTally, PartialDecryption};

/// A step, with what the record holds that the step needs.
#[derive(Debug, Clone, Copy)]
pub enum Task<'a> {
    /// Step 1: commit to an encryption key and a polynomial.
    Commit,
    /// Step 2: deal shares to the trustees who committed.
    Deal { commits: &'a [DkgCommit] },
    /// Step 3: check the shares received, complaining about wrong ones.
    Check { commits: &'a [DkgCommit], deals: &'a [DkgDeal] },
    /// After the seal: decrypt this trustee's share of the sealed tally.
    Decrypt {
        commits: &'a [DkgCommit],
        deals: &'a [DkgDeal],
        complaints: &'a [DkgComplaint],
        election: &'a Election,
        tally: &'a EncryptedTally,
    },
}

/// The message a step publishes.
#[derive(Debug, Clone)]
pub enum Message {
    Commit(DkgCommit),
    Deal(DkgDeal),
    /// The complaints: empty when every share received is right.
    Check(Vec<DkgComplaint>),
    Decrypt(PartialDecryption),
}

/// Why a trustee's device cannot take a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError {
    /// Not a trustee of the setup, left out of the ceremony, or the ceremony's messages do not
    /// give this trustee a share.
    Dkg(DkgError),
    /// The sealed tally holds an invalid value.
    Tally(DecodeError),
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dkg(e) => e.fmt(f),
            Self::Tally(e) => write!(f, "sealed tally: {e:?}"),
        }
    }
}

impl std::error::Error for StepError {}

impl From<DkgError> for StepError {
    fn from(e: DkgError) -> Self {
        Self::Dkg(e)
    }
}

impl Message {
    /// The message's canonical bytes (`record::wire`), as its event carries them.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let bytes = match self {
            Self::Commit(m) => record::wire::to_bytes(m),
            Self::Deal(m) => record::wire::to_bytes(m),
            Self::Check(m) => record::wire::to_bytes(m),
            Self::Decrypt(m) => record::wire::to_bytes(m),
        };
        bytes.expect("protocol messages hold no float or char")
    }
}

/// Trustee number `trustee` of `setup`, holding the member key `seed`, takes the step `task`.
/// The commit is the same every time; the other steps' proofs draw on `rng`.
///
/// # Errors
/// When the key is not that trustee's, or the published messages do not let it take the step.
pub fn take_step<R: CryptoRng + ?Sized>(
    setup: &ElectionSetup,
    trustee: u32,
    seed: &[u8; 32],
    task: Task<'_>,
    rng: &mut R,
) -> Result<Message, StepError> {
    let (secret, commit) = TrusteeSecret::derive(setup, trustee, seed)?;
    Ok(match task {
        Task::Commit => Message::Commit(commit),
        Task::Deal { commits } => Message::Deal(secret.deal(setup, commits, rng)?),
        Task::Check { commits, deals } => {
            Message::Check(secret.complaints(setup, commits, deals, rng)?)
        }
        Task::Decrypt { commits, deals, complaints, election, tally } => {
            let (share, _) = secret.key_share(setup, commits, deals, complaints)?;
            Message::Decrypt(share.partial_decrypt(election, tally, rng).map_err(StepError::Tally)?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Ballot, PROTOCOL_VERSION, Question};
    use chacha20::ChaCha20Rng;
    use rand_core::SeedableRng;
    use record::{Digest, Keypair, PublicKey};

    /// Two trustees through every step, then the decryption of one ballot.
    #[test]
    fn every_step_from_the_seed_alone() {
        let seeds = [[1u8; 32], [2u8; 32]];
        let setup = ElectionSetup {
            version: PROTOCOL_VERSION,
            election_id: Digest([9; 32]),
            questions: vec![Question { answers: 2, min: 0, max: 1 }],
            trustees: seeds.iter().map(|s| Keypair::from_seed(*s).public()).collect(),
            threshold: 2,
        };
        let mut rng = ChaCha20Rng::from_seed([3; 32]);
        let mut step =
            |t: u32, task| take_step(&setup, t, &seeds[(t - 1) as usize], task, &mut rng);
        let commits: Vec<DkgCommit> = (1..=2)
            .map(|t| match step(t, Task::Commit) {
                Ok(Message::Commit(c)) => c,
                other => panic!("{other:?}"),
            })
            .collect();
        let deals: Vec<DkgDeal> = (1..=2)
            .map(|t| match step(t, Task::Deal { commits: &commits }) {
                Ok(Message::Deal(d)) => d,
                other => panic!("{other:?}"),
            })
            .collect();
        let checks = step(2, Task::Check { commits: &commits, deals: &deals });
        assert!(matches!(checks, Ok(Message::Check(ref c)) if c.is_empty()), "{checks:?}");
        // A number that is no trustee's takes no step.
        let stranger = take_step(&setup, 3, &[7; 32], Task::Commit, &mut rng);
        assert!(matches!(stranger, Err(StepError::Dkg(_))), "{stranger:?}");

        let ceremony = crate::dkg::conclude(&setup, &commits, &deals, &[]).expect("a key");
        let election = Election::new(setup.clone(), ceremony.public_key).expect("election");
        let voter = PublicKey([5; 32]);
        let (ballot, _) =
            Ballot::encrypt(&election, &voter, &[vec![false, true]], &mut rng).expect("ballot");
        let tally = EncryptedTally::compute(&election, [(&ballot, 1)]).expect("tally");
        let partials: Vec<PartialDecryption> = (1..=2)
            .map(|t| {
                let task = Task::Decrypt {
                    commits: &commits,
                    deals: &deals,
                    complaints: &[],
                    election: &election,
                    tally: &tally,
                };
                match take_step(&setup, t, &seeds[(t - 1) as usize], task, &mut rng) {
                    Ok(Message::Decrypt(p)) => p,
                    other => panic!("{other:?}"),
                }
            })
            .collect();
        let result =
            crate::tally::combine(&election, &ceremony, &tally, &partials, 1).expect("decrypts");
        assert_eq!(result.tally.questions, vec![vec![0, 1]]);
        assert_eq!(Message::Decrypt(partials[0].clone()).to_bytes()[..2], [0, 1]);
    }
}
