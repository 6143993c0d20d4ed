//! The count: the weighted homomorphic sum of the sealed ballots, its partial decryptions by
//! the trustees, and their combination into the result.
//!
//! The encrypted tally of an answer box is `Σ wᵥ·(Aᵥ, Bᵥ)` over the sealed ballots, `wᵥ` being
//! the weight of voter `v` (a delegate counts for the members represented). Trustee `j`
//! publishes `Dⱼ = xⱼ·A` for each box, with a Chaum–Pedersen proof that `log_G Xⱼ = log_A Dⱼ`.
//! Any k valid partial decryptions give `m·G = B − Σ λⱼ·Dⱼ` (Lagrange coefficients at 0), and
//! `m`, at most the total weight, is found by baby-step giant-step. An invalid partial
//! decryption is reported and left out; the result needs only k valid ones.

use core::fmt;
use std::collections::HashMap;

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{Identity, VartimeMultiscalarMul};
use rand_core::CryptoRng;
use record::Digest;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::PROTOCOL_VERSION;
use crate::ballot::Ciphertext;
use crate::dkg::{Ceremony, KeyShare};
use crate::encoding::{DecodeError, Point};
use crate::proof::{DleqProof, ProofError};
use crate::setup::Election;
use crate::transcript::{Transcript, tags};

/// Tag of the digest of an encrypted tally.
pub const TALLY_TAG: &[u8] = b"plenum/tally/encrypted-tally/v1\0";
/// The largest total weight whose result is searched (baby-step giant-step, √ of it in memory).
pub const MAX_TOTAL_WEIGHT: u64 = 1 << 40;

/// The weighted sum of the sealed ballots: one ciphertext per answer box of each question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptedTally {
    pub questions: Vec<Vec<Ciphertext>>,
}

/// One trustee's share of the decryption of an [`EncryptedTally`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialDecryption {
    pub version: u16,
    pub trustee: u32,
    /// The digest of the encrypted tally this decrypts.
    pub tally: Digest,
    /// One per answer box of each question.
    pub factors: Vec<Vec<DecryptionFactor>>,
}

/// `D = x·A` for one box, and the proof that it used the trustee's key share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecryptionFactor {
    pub factor: Point,
    pub proof: DleqProof,
}

/// The result: the weighted number of ticks of every answer box of every question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub questions: Vec<Vec<u64>>,
}

/// Why a partial decryption is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartialError {
    Version(u16),
    /// No such trustee.
    Trustee(u32),
    /// It decrypts another tally.
    OtherTally,
    /// Not one factor per answer box.
    Shape,
    Point {
        question: u32,
        answer: u32,
        error: DecodeError,
    },
    Proof {
        question: u32,
        answer: u32,
        error: ProofError,
    },
    /// A second partial decryption by the same trustee.
    Duplicate,
}

impl fmt::Display for PartialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Version(v) => write!(f, "protocol version {v} is not supported"),
            Self::Trustee(t) => write!(f, "there is no trustee number {t}"),
            Self::OtherTally => f.write_str("it decrypts another tally"),
            Self::Shape => f.write_str("it does not have one factor per answer"),
            Self::Point { question, answer, error } => {
                write!(f, "question {question}, answer {answer}: {error}")
            }
            Self::Proof { question, answer, error } => {
                write!(f, "question {question}, answer {answer}: {error}")
            }
            Self::Duplicate => f.write_str("the trustee already published one"),
        }
    }
}

/// Why no result can be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CombineError {
    /// Fewer than k valid partial decryptions; the invalid ones are listed.
    TooFewValid { valid: usize, threshold: u32, invalid: Vec<(u32, PartialError)> },
    /// A decrypted count is above the total weight: impossible for an honest tally.
    NotFound { question: u32, answer: u32 },
    /// The total weight is above [`MAX_TOTAL_WEIGHT`].
    TotalWeight(u64),
}

impl fmt::Display for CombineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewValid { valid, threshold, .. } => write!(
                f,
                "{valid} valid partial decryptions, {threshold} needed: more trustees must decrypt"
            ),
            Self::NotFound { question, answer } => write!(
                f,
                "question {question}, answer {answer}: the count is not between 0 and the total weight"
            ),
            Self::TotalWeight(w) => write!(f, "total weight {w} is above {MAX_TOTAL_WEIGHT}"),
        }
    }
}

impl std::error::Error for CombineError {}

/// The result with the partial decryptions that were left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combined {
    pub tally: Tally,
    /// The trustees whose partial decryptions were used.
    pub used: Vec<u32>,
    pub invalid: Vec<(u32, PartialError)>,
}

/// Decoded ciphertext sums, kept as points while they are being added.
#[derive(Clone)]
pub(crate) struct Sums {
    pub(crate) questions: Vec<Vec<(RistrettoPoint, RistrettoPoint)>>,
}

impl Sums {
    pub(crate) fn zero(election: &Election) -> Self {
        let questions = election
            .setup()
            .questions
            .iter()
            .map(|q| {
                vec![(RistrettoPoint::identity(), RistrettoPoint::identity()); q.answers as usize]
            })
            .collect();
        Self { questions }
    }

    pub(crate) fn add(&mut self, other: &Sums) {
        for (mine, theirs) in self.questions.iter_mut().zip(&other.questions) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                m.0 += t.0;
                m.1 += t.1;
            }
        }
    }

    pub(crate) fn to_tally(&self) -> EncryptedTally {
        EncryptedTally {
            questions: self
                .questions
                .iter()
                .map(|q| {
                    q.iter()
                        .map(|(a, b)| Ciphertext {
                            alpha: Point::from_point(a),
                            beta: Point::from_point(b),
                        })
                        .collect()
                })
                .collect(),
        }
    }
}

impl EncryptedTally {
    /// The weighted sum of ballots that have been verified (their points decode).
    ///
    /// # Errors
    /// When a ballot's point does not decode (it was not verified) or its shape is not the
    /// election's.
    pub fn compute<'a>(
        election: &Election,
        ballots: impl IntoIterator<Item = (&'a crate::Ballot, u64)>,
    ) -> Result<Self, DecodeError> {
        let mut sums = Sums::zero(election);
        for (ballot, weight) in ballots {
            add_weighted(&mut sums, ballot, weight)?;
        }
        Ok(sums.to_tally())
    }

    /// `SHA-256(TALLY_TAG ‖ canonical bytes)`.
    #[must_use]
    pub fn digest(&self) -> Digest {
        let mut hash = Sha256::new();
        hash.update(TALLY_TAG);
        hash.update(record::wire::to_bytes(self).expect("a tally holds no float or char"));
        Digest(hash.finalize().into())
    }
}

/// Adds `weight · ballot` to `sums`.
pub(crate) fn add_weighted(
    sums: &mut Sums,
    ballot: &crate::Ballot,
    weight: u64,
) -> Result<(), DecodeError> {
    let ciphertexts = ballot
        .questions
        .iter()
        .map(|q| {
            q.choices
                .iter()
                .map(|c| Ok((c.ciphertext.alpha.decode()?, c.ciphertext.beta.decode()?)))
                .collect::<Result<Vec<_>, DecodeError>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    add_weighted_points(sums, &ciphertexts, weight)
}

/// Adds `weight ·` a ballot's decoded ciphertexts, question by question, to `sums`.
pub(crate) fn add_weighted_points(
    sums: &mut Sums,
    ciphertexts: &[Vec<(RistrettoPoint, RistrettoPoint)>],
    weight: u64,
) -> Result<(), DecodeError> {
    if ciphertexts.len() != sums.questions.len() {
        return Err(DecodeError::NotAPoint);
    }
    let w = Scalar::from(weight);
    for (sq, bq) in sums.questions.iter_mut().zip(ciphertexts) {
        if sq.len() != bq.len() {
            return Err(DecodeError::NotAPoint);
        }
        for (s, &(a, b)) in sq.iter_mut().zip(bq) {
            if weight == 1 {
                s.0 += a;
                s.1 += b;
            } else {
                s.0 += RistrettoPoint::vartime_multiscalar_mul([w], [a]);
                s.1 += RistrettoPoint::vartime_multiscalar_mul([w], [b]);
            }
        }
    }
    Ok(())
}

impl KeyShare {
    /// This trustee's partial decryption of `tally`, with proofs.
    ///
    /// # Errors
    /// When a point of the tally does not decode.
    pub fn partial_decrypt<R: CryptoRng + ?Sized>(
        &self,
        election: &Election,
        tally: &EncryptedTally,
        rng: &mut R,
    ) -> Result<PartialDecryption, DecodeError> {
        let digest = tally.digest();
        let verification_key = Point::from_point(&RistrettoPoint::mul_base(&self.secret));
        let mut factors = Vec::with_capacity(tally.questions.len());
        for (qi, q) in (0u32..).zip(&tally.questions) {
            let mut row = Vec::with_capacity(q.len());
            for (ai, ct) in (0u32..).zip(q) {
                let a = ct.alpha.decode()?;
                let factor = Point::from_point(&(self.secret * a));
                let transcript = partial_transcript(
                    election,
                    self.trustee,
                    &verification_key,
                    &digest,
                    qi,
                    ai,
                    &ct.alpha,
                    &factor,
                );
                let proof =
                    DleqProof::prove(&self.secret, &RISTRETTO_BASEPOINT_POINT, &a, transcript, rng);
                row.push(DecryptionFactor { factor, proof });
            }
            factors.push(row);
        }
        Ok(PartialDecryption {
            version: PROTOCOL_VERSION,
            trustee: self.trustee,
            tally: digest,
            factors,
        })
    }
}

/// Checks one partial decryption of `tally` against the trustee's verification key.
///
/// # Errors
/// What is wrong with it.
pub fn verify_partial(
    election: &Election,
    ceremony: &Ceremony,
    tally: &EncryptedTally,
    tally_digest: &Digest,
    partial: &PartialDecryption,
) -> Result<Vec<Vec<RistrettoPoint>>, PartialError> {
    if partial.version != PROTOCOL_VERSION {
        return Err(PartialError::Version(partial.version));
    }
    let key = (partial.trustee as usize)
        .checked_sub(1)
        .and_then(|i| ceremony.verification_keys.get(i))
        .ok_or(PartialError::Trustee(partial.trustee))?;
    let key_point =
        key.decode().map_err(|error| PartialError::Point { question: 0, answer: 0, error })?;
    if partial.tally != *tally_digest {
        return Err(PartialError::OtherTally);
    }
    if partial.factors.len() != tally.questions.len()
        || partial.factors.iter().zip(&tally.questions).any(|(f, q)| f.len() != q.len())
    {
        return Err(PartialError::Shape);
    }
    let mut out = Vec::with_capacity(tally.questions.len());
    for (qi, (fq, tq)) in (0u32..).zip(partial.factors.iter().zip(&tally.questions)) {
        let mut row = Vec::with_capacity(fq.len());
        for (ai, (f, ct)) in (0u32..).zip(fq.iter().zip(tq)) {
            let point_error = |error| PartialError::Point { question: qi, answer: ai, error };
            let a = ct.alpha.decode().map_err(point_error)?;
            let d = f.factor.decode().map_err(point_error)?;
            let transcript = partial_transcript(
                election,
                partial.trustee,
                key,
                tally_digest,
                qi,
                ai,
                &ct.alpha,
                &f.factor,
            );
            f.proof
                .vartime_verify(&RISTRETTO_BASEPOINT_POINT, &key_point, &a, &d, transcript)
                .map_err(|error| PartialError::Proof { question: qi, answer: ai, error })?;
            row.push(d);
        }
        out.push(row);
    }
    Ok(out)
}

/// Combines any k valid partial decryptions into the result; invalid ones are listed and left
/// out. `total_weight` bounds every count.
///
/// # Errors
/// When fewer than k are valid, or a count is out of bounds.
pub fn combine(
    election: &Election,
    ceremony: &Ceremony,
    tally: &EncryptedTally,
    partials: &[PartialDecryption],
    total_weight: u64,
) -> Result<Combined, CombineError> {
    if total_weight > MAX_TOTAL_WEIGHT {
        return Err(CombineError::TotalWeight(total_weight));
    }
    let digest = tally.digest();
    let threshold = election.setup().threshold as usize;
    let mut valid: Vec<(u32, Vec<Vec<RistrettoPoint>>)> = Vec::new();
    let mut invalid = Vec::new();
    for p in partials {
        if valid.iter().any(|v| v.0 == p.trustee) {
            invalid.push((p.trustee, PartialError::Duplicate));
            continue;
        }
        match verify_partial(election, ceremony, tally, &digest, p) {
            Ok(factors) => valid.push((p.trustee, factors)),
            Err(e) => invalid.push((p.trustee, e)),
        }
    }
    if valid.len() < threshold {
        return Err(CombineError::TooFewValid {
            valid: valid.len(),
            threshold: election.setup().threshold,
            invalid,
        });
    }
    valid.sort_by_key(|v| v.0);
    valid.truncate(threshold);
    let used: Vec<u32> = valid.iter().map(|v| v.0).collect();
    let lambdas = lagrange_at_zero(&used);
    let table = BabySteps::new(total_weight);
    let mut questions = Vec::with_capacity(tally.questions.len());
    for (qi, q) in (0u32..).zip(&tally.questions) {
        let mut row = Vec::with_capacity(q.len());
        for (ai, ct) in (0u32..).zip(q) {
            let b = ct
                .beta
                .decode()
                .map_err(|_| CombineError::NotFound { question: qi, answer: ai })?;
            let factors = valid.iter().map(|v| v.1[qi as usize][ai as usize]);
            let combined = RistrettoPoint::vartime_multiscalar_mul(&lambdas, factors);
            let m = table
                .vartime_discrete_log(&(b - combined))
                .ok_or(CombineError::NotFound { question: qi, answer: ai })?;
            row.push(m);
        }
        questions.push(row);
    }
    Ok(Combined { tally: Tally { questions }, used, invalid })
}

/// λⱼ = Π_{i ≠ j} i / (i − j), the Lagrange coefficients at 0 for the trustees `indices`.
fn lagrange_at_zero(indices: &[u32]) -> Vec<Scalar> {
    indices
        .iter()
        .map(|&j| {
            let (mut num, mut den) = (Scalar::ONE, Scalar::ONE);
            for &i in indices {
                if i != j {
                    num *= Scalar::from(i);
                    den *= Scalar::from(i) - Scalar::from(j);
                }
            }
            num * den.invert()
        })
        .collect()
}

/// Baby-step giant-step for discrete logs in `[0, bound]`: √(bound + 1) points in a table, as
/// many giant steps at most. Public data only: variable time.
pub struct BabySteps {
    table: HashMap<[u8; 32], u64>,
    step: u64,
    bound: u64,
    giant: RistrettoPoint,
}

impl BabySteps {
    /// The table for logs up to `bound`.
    #[must_use]
    pub fn new(bound: u64) -> Self {
        let step = (bound.saturating_add(1)).isqrt().max(1) + 1;
        let mut table = HashMap::with_capacity(step as usize);
        let mut point = RistrettoPoint::identity();
        for i in 0..step {
            table.entry(point.compress().to_bytes()).or_insert(i);
            point += RISTRETTO_BASEPOINT_POINT;
        }
        Self { table, step, bound, giant: point }
    }

    /// `m` in `[0, bound]` with `m·G = point`, if there is one.
    #[must_use]
    pub fn vartime_discrete_log(&self, point: &RistrettoPoint) -> Option<u64> {
        let mut current = *point;
        let mut base = 0u64;
        while base <= self.bound {
            if let Some(i) = self.table.get(&current.compress().to_bytes()) {
                let m = base + i;
                return (m <= self.bound).then_some(m);
            }
            current -= self.giant;
            base += self.step;
        }
        None
    }
}

#[allow(clippy::too_many_arguments)]
fn partial_transcript(
    election: &Election,
    trustee: u32,
    verification_key: &Point,
    tally: &Digest,
    question: u32,
    answer: u32,
    alpha: &Point,
    factor: &Point,
) -> Transcript {
    let mut t = Transcript::new(tags::PARTIAL, election.fingerprint().as_bytes());
    t.point(election.public_key())
        .u32(trustee)
        .bytes32(election.setup().trustee_key(trustee).map_or(&[0; 32], |k| k.as_bytes()))
        .point(verification_key)
        .bytes32(tally.as_bytes())
        .u32(question)
        .u32(answer)
        .point(alpha)
        .point(factor);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discrete_log_finds_every_value_in_bounds_and_nothing_beyond() {
        for bound in [0u64, 1, 2, 10, 99, 1000] {
            let table = BabySteps::new(bound);
            for m in 0..=bound + 3 {
                let point = RistrettoPoint::mul_base(&Scalar::from(m));
                let expected = (m <= bound).then_some(m);
                assert_eq!(table.vartime_discrete_log(&point), expected, "bound {bound}, m {m}");
            }
        }
        let table = BabySteps::new(10_000_000);
        for m in [0u64, 1, 3163, 3164, 9_999_999, 10_000_000] {
            assert_eq!(
                table.vartime_discrete_log(&RistrettoPoint::mul_base(&Scalar::from(m))),
                Some(m)
            );
        }
    }

    #[test]
    fn lagrange_coefficients_interpolate_at_zero() {
        // f(x) = 5 + 3x + 2x²: any three points give back f(0) = 5.
        let f = |x: u32| Scalar::from(5u64 + 3 * u64::from(x) + 2 * u64::from(x) * u64::from(x));
        for set in [[1u32, 2, 3], [2, 4, 5], [1, 3, 7]] {
            let lambdas = lagrange_at_zero(&set);
            let value: Scalar = set.iter().zip(&lambdas).map(|(x, l)| f(*x) * l).sum();
            assert_eq!(value, Scalar::from(5u64));
        }
    }
}
