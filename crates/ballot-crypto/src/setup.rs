//! What a secret ballot is, before any key exists: its questions, its trustees, its threshold.
//!
//! The [`ElectionSetup`] is fixed when the ballot opens. Its fingerprint — SHA-256 of a tag and
//! its canonical bytes — goes into every challenge of every proof of the election, so a proof
//! made for one election is worthless in any other, including one with the same questions.

use core::fmt;

use std::sync::Arc;

use curve25519_dalek::ristretto::{RistrettoBasepointTable, RistrettoPoint};
use record::{Digest, PublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::PROTOCOL_VERSION;
use crate::encoding::{DecodeError, Point};

/// Tag of the election fingerprint.
pub const FINGERPRINT_TAG: &[u8] = b"plenum/ballot/election-fingerprint/v1\0";
/// The most answers one question may have (each costs a ciphertext and a proof per ballot).
pub const MAX_ANSWERS: u32 = 256;
/// The most questions one secret ballot may have.
pub const MAX_QUESTIONS: usize = 64;
/// The most trustees one election may have.
pub const MAX_TRUSTEES: usize = 64;

/// A secret ballot, as fixed when it opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionSetup {
    /// [`PROTOCOL_VERSION`].
    pub version: u16,
    /// What the record calls this ballot (the id of the event that opened it), so two ballots
    /// with the same questions and trustees still have different fingerprints.
    pub election_id: Digest,
    pub questions: Vec<Question>,
    /// The trustees' member keys. Trustee number `i` (from 1) is `trustees[i - 1]`.
    pub trustees: Vec<PublicKey>,
    /// How many trustees are needed to decrypt (k of n).
    pub threshold: u32,
}

/// One question: `answers` boxes, of which a voter ticks between `min` and `max`.
///
/// Yes/no/abstain is `{answers: 3, min: 1, max: 1}` (or `{2, 0, 1}` where a blank vote is an
/// abstention), approval `{n, 0, n}`, choose k of n `{n, 0 or k, k}`. A blank vote is allowed
/// exactly when `min` is 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub answers: u32,
    pub min: u32,
    pub max: u32,
}

/// Why an [`ElectionSetup`] cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupError {
    Version(u16),
    NoQuestion,
    TooManyQuestions(usize),
    /// Question `index` (from 0) has no answer, too many, or `min > max` or `max > answers`.
    BadQuestion {
        index: usize,
    },
    NoTrustee,
    TooManyTrustees(usize),
    /// The same member is named twice as trustee.
    DuplicateTrustee(PublicKey),
    /// The threshold is 0 or larger than the number of trustees.
    BadThreshold {
        threshold: u32,
        trustees: usize,
    },
    /// The election public key is not a usable point.
    PublicKey(DecodeError),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Version(v) => write!(f, "protocol version {v} is not supported"),
            Self::NoQuestion => f.write_str("the ballot has no question"),
            Self::TooManyQuestions(n) => write!(f, "{n} questions, at most {MAX_QUESTIONS}"),
            Self::BadQuestion { index } => write!(
                f,
                "question {index} must have 1 to {MAX_ANSWERS} answers and min ≤ max ≤ answers"
            ),
            Self::NoTrustee => f.write_str("a secret ballot needs at least one trustee"),
            Self::TooManyTrustees(n) => write!(f, "{n} trustees, at most {MAX_TRUSTEES}"),
            Self::DuplicateTrustee(k) => write!(f, "member {} is named trustee twice", k.short()),
            Self::BadThreshold { threshold, trustees } => {
                write!(f, "threshold {threshold} must be between 1 and the {trustees} trustees")
            }
            Self::PublicKey(e) => write!(f, "election public key: {e}"),
        }
    }
}

impl std::error::Error for SetupError {}

impl ElectionSetup {
    /// Checks the setup is usable.
    ///
    /// # Errors
    /// The first thing wrong with it.
    pub fn validate(&self) -> Result<(), SetupError> {
        if self.version != PROTOCOL_VERSION {
            return Err(SetupError::Version(self.version));
        }
        if self.questions.is_empty() {
            return Err(SetupError::NoQuestion);
        }
        if self.questions.len() > MAX_QUESTIONS {
            return Err(SetupError::TooManyQuestions(self.questions.len()));
        }
        for (index, q) in self.questions.iter().enumerate() {
            if q.answers == 0 || q.answers > MAX_ANSWERS || q.min > q.max || q.max > q.answers {
                return Err(SetupError::BadQuestion { index });
            }
        }
        let n = self.trustees.len();
        if n == 0 {
            return Err(SetupError::NoTrustee);
        }
        if n > MAX_TRUSTEES {
            return Err(SetupError::TooManyTrustees(n));
        }
        for (i, key) in self.trustees.iter().enumerate() {
            if self.trustees[..i].contains(key) {
                return Err(SetupError::DuplicateTrustee(*key));
            }
        }
        if self.threshold == 0 || self.threshold as usize > n {
            return Err(SetupError::BadThreshold { threshold: self.threshold, trustees: n });
        }
        Ok(())
    }

    /// `SHA-256(FINGERPRINT_TAG ‖ canonical bytes of the setup)`.
    #[must_use]
    pub fn fingerprint(&self) -> Digest {
        let bytes = record::wire::to_bytes(self).expect("a setup holds no float or char");
        let mut hash = Sha256::new();
        hash.update(FINGERPRINT_TAG);
        hash.update(&bytes);
        Digest(hash.finalize().into())
    }

    /// The number of trustees, n.
    #[must_use]
    pub fn trustee_count(&self) -> u32 {
        u32::try_from(self.trustees.len()).expect("validated: at most MAX_TRUSTEES")
    }

    /// The member key of trustee `index` (from 1).
    #[must_use]
    pub fn trustee_key(&self, index: u32) -> Option<&PublicKey> {
        let i = usize::try_from(index).ok()?.checked_sub(1)?;
        self.trustees.get(i)
    }
}

/// An election ready for voting: its setup and the public key its key ceremony produced.
/// Everything a voter's device and a ballot verifier need.
#[derive(Clone)]
pub struct Election {
    setup: ElectionSetup,
    fingerprint: Digest,
    public_key: Point,
    key: RistrettoPoint,
    /// Multiples of the key for constant-time fixed-base multiplication: encrypting and proving
    /// multiply the key by secrets several times per box, about 3× faster with the table.
    key_table: Arc<RistrettoBasepointTable>,
}

impl fmt::Debug for Election {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Election")
            .field("fingerprint", &self.fingerprint)
            .field("public_key", &self.public_key)
            .finish_non_exhaustive()
    }
}

impl Election {
    /// # Errors
    /// When the setup is invalid or the key is not a point other than the identity.
    pub fn new(setup: ElectionSetup, public_key: Point) -> Result<Self, SetupError> {
        setup.validate()?;
        let key = public_key.decode_non_identity().map_err(SetupError::PublicKey)?;
        let key_table = Arc::new(RistrettoBasepointTable::create(&key));
        Ok(Self { fingerprint: setup.fingerprint(), setup, public_key, key, key_table })
    }

    #[must_use]
    pub fn setup(&self) -> &ElectionSetup {
        &self.setup
    }

    #[must_use]
    pub fn fingerprint(&self) -> &Digest {
        &self.fingerprint
    }

    #[must_use]
    pub fn public_key(&self) -> &Point {
        &self.public_key
    }

    pub(crate) fn key(&self) -> &RistrettoPoint {
        &self.key
    }

    pub(crate) fn key_table(&self) -> &RistrettoBasepointTable {
        &self.key_table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> ElectionSetup {
        ElectionSetup {
            version: PROTOCOL_VERSION,
            election_id: Digest([1; 32]),
            questions: vec![Question { answers: 3, min: 1, max: 1 }],
            trustees: vec![PublicKey([2; 32]), PublicKey([3; 32])],
            threshold: 2,
        }
    }

    #[test]
    fn validation_names_the_problem() {
        assert_eq!(setup().validate(), Ok(()));
        type Case = (fn(&mut ElectionSetup), SetupError);
        let cases: Vec<Case> = vec![
            (|s| s.version = 9, SetupError::Version(9)),
            (|s| s.questions.clear(), SetupError::NoQuestion),
            (|s| s.questions[0].min = 2, SetupError::BadQuestion { index: 0 }),
            (|s| s.questions[0].max = 4, SetupError::BadQuestion { index: 0 }),
            (|s| s.questions[0].answers = 0, SetupError::BadQuestion { index: 0 }),
            (|s| s.trustees.clear(), SetupError::NoTrustee),
            (|s| s.trustees[1] = s.trustees[0], SetupError::DuplicateTrustee(PublicKey([2; 32]))),
            (|s| s.threshold = 3, SetupError::BadThreshold { threshold: 3, trustees: 2 }),
            (|s| s.threshold = 0, SetupError::BadThreshold { threshold: 0, trustees: 2 }),
        ];
        for (change, expected) in cases {
            let mut s = setup();
            change(&mut s);
            assert_eq!(s.validate(), Err(expected));
        }
    }

    #[test]
    fn fingerprint_covers_every_field() {
        let reference = setup().fingerprint();
        let mut other_id = setup();
        other_id.election_id = Digest([9; 32]);
        let mut other_question = setup();
        other_question.questions[0].max = 2;
        let mut other_threshold = setup();
        other_threshold.threshold = 1;
        for s in [other_id, other_question, other_threshold] {
            assert_ne!(s.fingerprint(), reference);
        }
    }
}
