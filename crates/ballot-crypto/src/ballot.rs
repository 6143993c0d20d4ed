//! A voter's ballot: encrypted choices with their proofs, its tracker, and the Benaloh audit.
//!
//! For every question, each answer box is one exponential ElGamal ciphertext `(A, B) =
//! (r·G, r·H + m·G)` with `m` 0 or 1, with a disjunctive proof that `m` is 0 or 1; and the
//! question carries one more disjunctive proof that the sum of its ciphertexts encrypts a number
//! between the question's `min` and `max`. Every challenge binds the election fingerprint, the
//! election key and the voter's member key, so a ballot copied into another voter's event does
//! not verify, and one made for another election does not either.
//!
//! A ballot is identified by its tracker, `SHA-256(TRACKER_TAG ‖ canonical bytes)`: the voter
//! keeps it and finds it in the sealed list.

use core::fmt;

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use rand_core::CryptoRng;
use record::{Digest, PublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::PROTOCOL_VERSION;
use crate::batch::Equations;
use crate::encoding::{DecodeError, Point, ScalarBytes, random_scalar};
use crate::proof::{DisjunctiveProof, ProofError, Statement};
use crate::setup::{Election, Question};
use crate::transcript::{Transcript, tags};

/// Tag of a ballot's tracker.
pub const TRACKER_TAG: &[u8] = b"plenum/ballot/tracker/v1\0";

/// An encrypted ballot, as the voter's device publishes it (inside an event the voter signs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    /// [`PROTOCOL_VERSION`].
    pub version: u16,
    /// The fingerprint of the election the ballot is for.
    pub election: Digest,
    /// One entry per question of the election, in order.
    pub questions: Vec<QuestionBallot>,
}

/// The encrypted answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionBallot {
    /// One per answer box, in order.
    pub choices: Vec<EncryptedChoice>,
    /// The sum of the choices is within the question's `[min, max]`: one branch per value.
    pub overall: DisjunctiveProof,
}

/// One answer box: encrypts 0 or 1, and proves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptedChoice {
    pub ciphertext: Ciphertext,
    /// Two branches: for 0 and for 1.
    pub proof: DisjunctiveProof,
}

/// An exponential ElGamal ciphertext `(A, B) = (r·G, r·H + m·G)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ciphertext {
    pub alpha: Point,
    pub beta: Point,
}

/// A voter's cast ballot as the verifier sees it: the member key that signed the event that
/// carried it (checked by the record), and the ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CastBallot {
    pub voter: PublicKey,
    pub ballot: Ballot,
}

/// What the voter's device keeps after encrypting, until the voter casts or audits: the
/// encryption randomness and the choices. Wiped from memory when dropped.
pub struct BallotSecrets {
    randomness: Vec<Vec<Scalar>>,
}

impl Drop for BallotSecrets {
    fn drop(&mut self) {
        self.randomness.zeroize();
    }
}

/// The randomness of an audited ballot, published so that anyone can check the ciphertexts.
/// An audited ballot must never be cast: its secrecy is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReveal {
    pub randomness: Vec<Vec<ScalarBytes>>,
}

/// Why choices cannot be encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceError {
    /// Not one list of choices per question.
    QuestionCount { expected: usize, found: usize },
    /// Question `question` has `found` boxes where the election has `expected`.
    AnswerCount { question: usize, expected: usize, found: usize },
    /// Question `question` has `ticked` boxes ticked, outside `[min, max]`.
    OutOfRange { question: usize, ticked: u32, min: u32, max: u32 },
}

impl fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::QuestionCount { expected, found } => {
                write!(f, "{found} answers given for {expected} questions")
            }
            Self::AnswerCount { question, expected, found } => {
                write!(f, "question {question}: {found} boxes where there are {expected}")
            }
            Self::OutOfRange { question, ticked, min, max } => {
                write!(f, "question {question}: {ticked} ticked, between {min} and {max} allowed")
            }
        }
    }
}

impl std::error::Error for ChoiceError {}

/// Why a ballot is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotError {
    /// A protocol version this build does not speak.
    Version(u16),
    /// The ballot names another election.
    OtherElection,
    /// Not one entry per question, or not one choice per answer box.
    Shape,
    /// A ciphertext point is malformed, or its first half is the identity.
    Ciphertext { question: u32, answer: u32, error: DecodeError },
    /// The proof that a box holds 0 or 1 does not verify (for this election and voter).
    ChoiceProof { question: u32, answer: u32, error: ProofError },
    /// The proof that the number of ticks is within `[min, max]` does not verify.
    OverallProof { question: u32, error: ProofError },
    /// The bytes are not the canonical encoding of a ballot.
    Encoding,
}

impl fmt::Display for BallotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Version(v) => write!(f, "ballot protocol version {v} is not supported"),
            Self::OtherElection => f.write_str("the ballot is for another election"),
            Self::Shape => f.write_str("the ballot does not match the election's questions"),
            Self::Ciphertext { question, answer, error } => {
                write!(f, "question {question}, answer {answer}: ciphertext is {error}")
            }
            Self::ChoiceProof { question, answer, error } => write!(
                f,
                "question {question}, answer {answer}: proof of a 0 or 1 fails for this voter: {error}"
            ),
            Self::OverallProof { question, error } => write!(
                f,
                "question {question}: proof of the number of choices fails for this voter: {error}"
            ),
            Self::Encoding => f.write_str("the bytes are not the canonical encoding of a ballot"),
        }
    }
}

impl std::error::Error for BallotError {}

/// Why an audit failed: the device lied, or the reveal does not match the ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditError {
    /// The ballot itself does not verify.
    Ballot(BallotError),
    /// The reveal has the wrong number of values, or a malformed one.
    Shape,
    /// The ciphertext of this box encrypts neither 0 nor 1 with the revealed randomness.
    Mismatch { question: u32, answer: u32 },
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ballot(e) => write!(f, "the audited ballot is invalid: {e}"),
            Self::Shape => f.write_str("the revealed randomness does not fit the ballot"),
            Self::Mismatch { question, answer } => write!(
                f,
                "question {question}, answer {answer}: the revealed randomness does not open the ciphertext"
            ),
        }
    }
}

impl std::error::Error for AuditError {}

impl Ballot {
    /// Encrypts `choices` (per question, one flag per answer box) for `voter`, with proofs.
    ///
    /// # Errors
    /// When the choices do not fit the election's questions.
    pub fn encrypt<R: CryptoRng + ?Sized>(
        election: &Election,
        voter: &PublicKey,
        choices: &[Vec<bool>],
        rng: &mut R,
    ) -> Result<(Ballot, BallotSecrets), ChoiceError> {
        let questions = &election.setup().questions;
        if choices.len() != questions.len() {
            return Err(ChoiceError::QuestionCount {
                expected: questions.len(),
                found: choices.len(),
            });
        }
        for (index, (q, ticks)) in questions.iter().zip(choices).enumerate() {
            if ticks.len() != q.answers as usize {
                return Err(ChoiceError::AnswerCount {
                    question: index,
                    expected: q.answers as usize,
                    found: ticks.len(),
                });
            }
            let ticked = ticks.iter().map(|&t| u32::from(t)).sum();
            if ticked < q.min || ticked > q.max {
                return Err(ChoiceError::OutOfRange {
                    question: index,
                    ticked,
                    min: q.min,
                    max: q.max,
                });
            }
        }

        let values: Zeroizing<Vec<Vec<i64>>> = Zeroizing::new(
            choices.iter().map(|ticks| ticks.iter().map(|&t| i64::from(t)).collect()).collect(),
        );
        Ok(Self::encrypt_values(election, voter, &values, rng))
    }

    /// Encrypts any values, valid or not, with proofs made as if they were: the honest path
    /// after [`Ballot::encrypt`] has checked the choices, and the dishonest device of the
    /// attack tests (whose false proofs must then be refused).
    pub(crate) fn encrypt_values<R: CryptoRng + ?Sized>(
        election: &Election,
        voter: &PublicKey,
        choices: &[Vec<i64>],
        rng: &mut R,
    ) -> (Ballot, BallotSecrets) {
        // A value as a scalar, and as the branch a proof would take (none, if negative).
        let scalar = |v: i64| {
            let magnitude = Scalar::from(v.unsigned_abs());
            if v < 0 { -magnitude } else { magnitude }
        };
        let branch = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        let questions = &election.setup().questions;
        let key = election.key_table();
        let mut secrets = BallotSecrets { randomness: Vec::with_capacity(choices.len()) };
        let mut out = Vec::with_capacity(choices.len());
        for (qi, (q, ticks)) in (0u32..).zip(questions.iter().zip(choices)) {
            let mut rs = Vec::with_capacity(ticks.len());
            let mut cts = Vec::with_capacity(ticks.len());
            let mut points = Vec::with_capacity(ticks.len());
            for &tick in ticks {
                let r = random_scalar(rng);
                let a = RistrettoPoint::mul_base(&r);
                let b = &r * key + RistrettoPoint::mul_base(&scalar(tick));
                cts.push(Ciphertext { alpha: Point::from_point(&a), beta: Point::from_point(&b) });
                points.push((a, b));
                rs.push(r);
            }
            let mut encrypted = Vec::with_capacity(ticks.len());
            for (ai, (((ct, (a, b)), r), &tick)) in
                (0u32..).zip(cts.iter().zip(&points).zip(&rs).zip(ticks))
            {
                let statement = Statement { key, a, b, first: 0, count: 2 };
                let transcript = choice_transcript(election, voter, qi, ai, ct);
                let proof = DisjunctiveProof::prove(&statement, r, branch(tick), transcript, rng);
                encrypted.push(EncryptedChoice { ciphertext: *ct, proof });
            }
            let a_sum: RistrettoPoint = points.iter().map(|p| p.0).sum();
            let b_sum: RistrettoPoint = points.iter().map(|p| p.1).sum();
            let r_sum = Zeroizing::new(rs.iter().sum::<Scalar>());
            let ticked = branch(ticks.iter().sum());
            let statement =
                Statement { key, a: &a_sum, b: &b_sum, first: q.min, count: q.max - q.min + 1 };
            let transcript = overall_transcript(election, voter, qi, q, &cts);
            let overall = DisjunctiveProof::prove(&statement, &r_sum, ticked, transcript, rng);
            out.push(QuestionBallot { choices: encrypted, overall });
            secrets.randomness.push(rs);
        }
        let ballot =
            Ballot { version: PROTOCOL_VERSION, election: *election.fingerprint(), questions: out };
        (ballot, secrets)
    }

    /// The canonical bytes of the ballot.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        record::wire::to_bytes(self).expect("a ballot holds no float or char")
    }

    /// Decodes a ballot from exactly its canonical bytes. Points and scalars are decoded (and
    /// refused if non-canonical) when the ballot is verified.
    ///
    /// # Errors
    /// When the bytes are not the canonical encoding of a ballot.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, record::wire::WireError> {
        record::wire::from_bytes(bytes)
    }

    /// The ballot's tracker: `SHA-256(TRACKER_TAG ‖ canonical bytes)`.
    #[must_use]
    pub fn tracker(&self) -> Digest {
        tracker_of_bytes(&self.to_bytes())
    }

    /// Verifies the ballot alone, as cast by `voter`.
    ///
    /// # Errors
    /// What is wrong with it, naming the question and answer.
    pub fn verify(&self, election: &Election, voter: &PublicKey) -> Result<(), BallotError> {
        let mut eq = Equations::new(batch_seed(election, &[(voter, self.tracker())]), 64);
        self.equations(election, voter, &mut eq)?;
        if eq.vartime_holds(Some(election.key())) {
            Ok(())
        } else {
            Err(self.vartime_locate_false_proof(election, voter))
        }
    }

    /// Adds the ballot's proof equations to `eq` after decoding and checking every value;
    /// returns its ciphertexts, decoded, question by question (for the tally, which would
    /// otherwise decode them again: a fifth of a ballot's cost).
    pub(crate) fn equations(
        &self,
        election: &Election,
        voter: &PublicKey,
        eq: &mut Equations,
    ) -> Result<Vec<Vec<(RistrettoPoint, RistrettoPoint)>>, BallotError> {
        self.check_header(election)?;
        let mut ciphertexts = Vec::with_capacity(self.questions.len());
        for (qi, (q, qb)) in (0u32..).zip(election.setup().questions.iter().zip(&self.questions)) {
            let mut points = Vec::with_capacity(qb.choices.len());
            for (ai, choice) in (0u32..).zip(&qb.choices) {
                let decode = |p: &Point, first: bool| {
                    if first { p.decode_non_identity() } else { p.decode() }.map_err(|error| {
                        BallotError::Ciphertext { question: qi, answer: ai, error }
                    })
                };
                let a = decode(&choice.ciphertext.alpha, true)?;
                let b = decode(&choice.ciphertext.beta, false)?;
                let transcript = choice_transcript(election, voter, qi, ai, &choice.ciphertext);
                let (ca, cb) =
                    choice.proof.vartime_equations(0, 2, transcript, eq).map_err(|error| {
                        BallotError::ChoiceProof { question: qi, answer: ai, error }
                    })?;
                points.push((a, b, ca, cb));
            }
            let cts: Vec<Ciphertext> = qb.choices.iter().map(|c| c.ciphertext).collect();
            let transcript = overall_transcript(election, voter, qi, q, &cts);
            let (ca, cb) = qb
                .overall
                .vartime_equations(q.min, q.max - q.min + 1, transcript, eq)
                .map_err(|error| BallotError::OverallProof { question: qi, error })?;
            // The overall statement is about (ΣA, ΣB): its coefficients fold into each box's.
            let mut decoded = Vec::with_capacity(points.len());
            for (a, b, ca_i, cb_i) in points {
                eq.term(ca_i + ca, a);
                eq.term(cb_i + cb, b);
                decoded.push((a, b));
            }
            ciphertexts.push(decoded);
        }
        Ok(ciphertexts)
    }

    fn check_header(&self, election: &Election) -> Result<(), BallotError> {
        if self.version != PROTOCOL_VERSION {
            return Err(BallotError::Version(self.version));
        }
        if self.election != *election.fingerprint() {
            return Err(BallotError::OtherElection);
        }
        let questions = &election.setup().questions;
        if self.questions.len() != questions.len()
            || questions
                .iter()
                .zip(&self.questions)
                .any(|(q, qb)| qb.choices.len() != q.answers as usize)
        {
            return Err(BallotError::Shape);
        }
        Ok(())
    }

    /// After a failed batch: checks each proof alone to say which one is false.
    pub(crate) fn vartime_locate_false_proof(
        &self,
        election: &Election,
        voter: &PublicKey,
    ) -> BallotError {
        let key = election.key();
        for (qi, (q, qb)) in (0u32..).zip(election.setup().questions.iter().zip(&self.questions)) {
            let mut sum = (RistrettoPoint::default(), RistrettoPoint::default());
            for (ai, choice) in (0u32..).zip(&qb.choices) {
                let a = choice.ciphertext.alpha.decode().unwrap_or_default();
                let b = choice.ciphertext.beta.decode().unwrap_or_default();
                sum = (sum.0 + a, sum.1 + b);
                let mut eq = Equations::new([0; 64], 8);
                let transcript = choice_transcript(election, voter, qi, ai, &choice.ciphertext);
                let holds = choice.proof.vartime_equations(0, 2, transcript, &mut eq).is_ok_and(
                    |(ca, cb)| {
                        eq.term(ca, a);
                        eq.term(cb, b);
                        eq.vartime_holds(Some(key))
                    },
                );
                if !holds {
                    return BallotError::ChoiceProof {
                        question: qi,
                        answer: ai,
                        error: ProofError::False,
                    };
                }
            }
            let cts: Vec<Ciphertext> = qb.choices.iter().map(|c| c.ciphertext).collect();
            let transcript = overall_transcript(election, voter, qi, q, &cts);
            let mut eq = Equations::new([0; 64], 8);
            let holds = qb
                .overall
                .vartime_equations(q.min, q.max - q.min + 1, transcript, &mut eq)
                .is_ok_and(|(ca, cb)| {
                    eq.term(ca, sum.0);
                    eq.term(cb, sum.1);
                    eq.vartime_holds(Some(key))
                });
            if !holds {
                return BallotError::OverallProof { question: qi, error: ProofError::False };
            }
        }
        // Every proof holds alone: the batch failed only by a 2^-128 accident of its weights.
        BallotError::OverallProof { question: 0, error: ProofError::False }
    }
}

impl BallotSecrets {
    /// Gives up the ballot's secrecy to audit the device (Benaloh challenge). The ballot must
    /// then be thrown away and a new one encrypted.
    #[must_use]
    pub fn reveal(self) -> AuditReveal {
        AuditReveal {
            randomness: self
                .randomness
                .iter()
                .map(|rs| rs.iter().map(ScalarBytes::from_scalar).collect())
                .collect(),
        }
    }
}

/// The Benaloh audit: checks that `ballot` verifies and that `reveal` opens every ciphertext,
/// and returns the choices it encrypts, for the voter to compare with what they chose.
///
/// # Errors
/// When the ballot is invalid, or the randomness does not open it to 0s and 1s.
pub fn audit(
    election: &Election,
    voter: &PublicKey,
    ballot: &Ballot,
    reveal: &AuditReveal,
) -> Result<Vec<Vec<bool>>, AuditError> {
    ballot.verify(election, voter).map_err(AuditError::Ballot)?;
    if reveal.randomness.len() != ballot.questions.len()
        || reveal.randomness.iter().zip(&ballot.questions).any(|(r, q)| r.len() != q.choices.len())
    {
        return Err(AuditError::Shape);
    }
    let mut out = Vec::with_capacity(ballot.questions.len());
    for (qi, (rs, qb)) in (0u32..).zip(reveal.randomness.iter().zip(&ballot.questions)) {
        let mut ticks = Vec::with_capacity(rs.len());
        for (ai, (r, choice)) in (0u32..).zip(rs.iter().zip(&qb.choices)) {
            let r = r.decode().map_err(|_| AuditError::Shape)?;
            let a = choice.ciphertext.alpha.decode().map_err(|_| AuditError::Shape)?;
            let b = choice.ciphertext.beta.decode().map_err(|_| AuditError::Shape)?;
            if !bool::from(RistrettoPoint::mul_base(&r).ct_eq(&a)) {
                return Err(AuditError::Mismatch { question: qi, answer: ai });
            }
            let m = b - r * election.key();
            if m == RistrettoPoint::default() {
                ticks.push(false);
            } else if m == RistrettoPoint::mul_base(&Scalar::ONE) {
                ticks.push(true);
            } else {
                return Err(AuditError::Mismatch { question: qi, answer: ai });
            }
        }
        out.push(ticks);
    }
    Ok(out)
}

/// `SHA-256(TRACKER_TAG ‖ bytes)`, for bytes already encoded.
#[must_use]
pub fn tracker_of_bytes(bytes: &[u8]) -> Digest {
    let mut hash = Sha256::new();
    hash.update(TRACKER_TAG);
    hash.update(bytes);
    Digest(hash.finalize().into())
}

/// The seed of a batch's weights: the election, then every (voter, tracker) of the batch.
pub(crate) fn batch_seed(election: &Election, ballots: &[(&PublicKey, Digest)]) -> [u8; 64] {
    let mut t = Transcript::new(tags::BATCH, election.fingerprint().as_bytes());
    t.point(election.public_key()).len(ballots.len());
    for (voter, tracker) in ballots {
        t.bytes32(voter.as_bytes()).bytes32(tracker.as_bytes());
    }
    t.finish()
}

fn choice_transcript(
    election: &Election,
    voter: &PublicKey,
    question: u32,
    answer: u32,
    ct: &Ciphertext,
) -> Transcript {
    let mut t = Transcript::new(tags::CHOICE, election.fingerprint().as_bytes());
    t.point(election.public_key())
        .bytes32(voter.as_bytes())
        .u32(question)
        .u32(answer)
        .point(&ct.alpha)
        .point(&ct.beta)
        .u32(0)
        .u32(1);
    t
}

fn overall_transcript(
    election: &Election,
    voter: &PublicKey,
    question: u32,
    q: &Question,
    cts: &[Ciphertext],
) -> Transcript {
    let mut t = Transcript::new(tags::OVERALL, election.fingerprint().as_bytes());
    t.point(election.public_key()).bytes32(voter.as_bytes()).u32(question).len(cts.len());
    for ct in cts {
        t.point(&ct.alpha).point(&ct.beta);
    }
    t.u32(q.min).u32(q.max);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::{Spec, simulate};
    use chacha20::ChaCha20Rng;
    use rand_core::SeedableRng;

    /// A lying device: encrypts `values` (not 0s and 1s, or too many) with the best proofs it
    /// can make. Every such ballot must be refused, naming the false proof.
    #[test]
    fn over_votes_hidden_in_the_ciphertexts_are_refused() {
        let mut rng = ChaCha20Rng::from_seed([11; 32]);
        let spec = Spec {
            election_id: Digest([1; 32]),
            questions: vec![Question { answers: 3, min: 1, max: 1 }],
            voters: 0,
            trustees: 1,
            threshold: 1,
            max_weight: 1,
        };
        let election = simulate(&spec, &mut rng).election;
        let voter = PublicKey([3; 32]);
        let cases: [(&[i64], BallotError); 4] = [
            // Two boxes ticked in a pick-one question: each box is 0 or 1, the sum is not 1.
            (&[1, 1, 0], BallotError::OverallProof { question: 0, error: ProofError::False }),
            // Nothing ticked where a blank vote is not allowed.
            (&[0, 0, 0], BallotError::OverallProof { question: 0, error: ProofError::False }),
            // Two votes in one box, and nothing else: the sum is 2.
            (
                &[0, 2, 0],
                BallotError::ChoiceProof { question: 0, answer: 1, error: ProofError::False },
            ),
            // Two votes for one answer hidden by a −1 in another: the sum is a valid 1.
            (
                &[2, -1, 0],
                BallotError::ChoiceProof { question: 0, answer: 0, error: ProofError::False },
            ),
        ];
        for (values, expected) in cases {
            let (ballot, _) =
                Ballot::encrypt_values(&election, &voter, &[values.to_vec()], &mut rng);
            assert_eq!(ballot.verify(&election, &voter), Err(expected), "{values:?}");
            // In a batch of honest ballots, the batch names it.
            let mut batch: Vec<CastBallot> = (0..6)
                .map(|i| {
                    let v = PublicKey([i; 32]);
                    let (b, _) =
                        Ballot::encrypt(&election, &v, &[vec![true, false, false]], &mut rng)
                            .expect("valid choices");
                    CastBallot { voter: v, ballot: b }
                })
                .collect();
            batch.insert(4, CastBallot { voter, ballot });
            let failure = crate::verify_ballots(&election, &batch).expect_err("an over-vote");
            assert_eq!((failure.index, failure.error), (4, expected));
        }
    }
}
