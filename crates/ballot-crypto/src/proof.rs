//! The zero-knowledge proofs: Schnorr, Chaum–Pedersen (equality of discrete logarithms), and
//! the disjunctive Chaum–Pedersen proof that a ciphertext encrypts one of a few values.
//!
//! All are non-interactive by strong Fiat–Shamir (the private `transcript` module): the caller
//! starts the transcript with the context and the whole statement, and the proof adds its
//! commitments before drawing the challenge. All are in commitment form (they carry their commitments), which
//! costs 32 bytes per commitment against the challenge form but makes them batch-verifiable
//! (the private `batch` module).
//!
//! The disjunctive prover runs in constant time with respect to which branch is true: every
//! branch is computed both ways and the right one is selected with `subtle`.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::{RistrettoBasepointTable, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use rand_core::CryptoRng;
use serde::{Deserialize, Serialize};
use subtle::{ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::batch::Equations;
use crate::encoding::{DecodeError, Point, ScalarBytes, random_scalar};
use crate::transcript::Transcript;

/// Proof of knowledge of `x` with `X = x·G`: commitment `T = w·G`, response `s = w + c·x`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchnorrProof {
    pub commitment: Point,
    pub response: ScalarBytes,
}

/// Proof that `X = x·P` and `Y = x·Q` for one `x`: commitments `T₁ = w·P`, `T₂ = w·Q`,
/// response `s = w + c·x`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DleqProof {
    pub commitment_p: Point,
    pub commitment_q: Point,
    pub response: ScalarBytes,
}

/// Proof that an ElGamal ciphertext `(A, B)` under key `H` encrypts one of the values
/// `first, first + 1, …`: one branch per value, each a Chaum–Pedersen proof that
/// `(A, B − v·G)` encrypts zero; the branch challenges add up to the Fiat–Shamir challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisjunctiveProof {
    pub branches: Vec<Branch>,
}

/// One branch of a [`DisjunctiveProof`]: `T = s·G − c·A`, `U = s·H − c·(B − v·G)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    pub commitment_g: Point,
    pub commitment_h: Point,
    pub challenge: ScalarBytes,
    pub response: ScalarBytes,
}

/// Why a proof does not verify. Deliberately coarse: a verifier learns that the proof is false,
/// or that it is not even well formed, and nothing about which equation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofError {
    /// A point or scalar of the proof is not canonically encoded.
    Malformed(DecodeError),
    /// The proof has the wrong number of branches for its statement.
    Shape,
    /// The proof is well formed but false.
    False,
}

impl From<DecodeError> for ProofError {
    fn from(e: DecodeError) -> Self {
        Self::Malformed(e)
    }
}

impl core::fmt::Display for ProofError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Malformed(e) => write!(f, "malformed proof: {e}"),
            Self::Shape => f.write_str("the proof has the wrong number of parts"),
            Self::False => f.write_str("the proof is false"),
        }
    }
}

impl std::error::Error for ProofError {}

impl SchnorrProof {
    /// Proves knowledge of `x` for `X = x·G`; `transcript` already holds the statement.
    pub(crate) fn prove<R: CryptoRng + ?Sized>(
        x: &Scalar,
        mut transcript: Transcript,
        rng: &mut R,
    ) -> Self {
        let w = Zeroizing::new(random_scalar(rng));
        let commitment = Point::from_point(&RistrettoPoint::mul_base(&w));
        let c = transcript.point(&commitment).challenge();
        Self { commitment, response: ScalarBytes::from_scalar(&(*w + c * x)) }
    }

    /// Checks the proof for `X`; `transcript` already holds the statement.
    pub(crate) fn vartime_verify(
        &self,
        x: &RistrettoPoint,
        mut transcript: Transcript,
    ) -> Result<(), ProofError> {
        let t = self.commitment.decode()?;
        let s = self.response.decode()?;
        let c = transcript.point(&self.commitment).challenge();
        // s·G − c·X == T
        if RistrettoPoint::vartime_double_scalar_mul_basepoint(&-c, x, &s) == t {
            Ok(())
        } else {
            Err(ProofError::False)
        }
    }
}

impl DleqProof {
    /// Proves `X = x·P`, `Y = x·Q`; `transcript` already holds the statement.
    pub(crate) fn prove<R: CryptoRng + ?Sized>(
        x: &Scalar,
        p: &RistrettoPoint,
        q: &RistrettoPoint,
        mut transcript: Transcript,
        rng: &mut R,
    ) -> Self {
        let w = Zeroizing::new(random_scalar(rng));
        let commitment_p = Point::from_point(&(*w * p));
        let commitment_q = Point::from_point(&(*w * q));
        let c = transcript.point(&commitment_p).point(&commitment_q).challenge();
        Self { commitment_p, commitment_q, response: ScalarBytes::from_scalar(&(*w + c * x)) }
    }

    /// Checks the proof of `X = x·P`, `Y = x·Q`; `transcript` already holds the statement.
    pub(crate) fn vartime_verify(
        &self,
        p: &RistrettoPoint,
        x: &RistrettoPoint,
        q: &RistrettoPoint,
        y: &RistrettoPoint,
        mut transcript: Transcript,
    ) -> Result<(), ProofError> {
        let t1 = self.commitment_p.decode()?;
        let t2 = self.commitment_q.decode()?;
        let s = self.response.decode()?;
        let c = transcript.point(&self.commitment_p).point(&self.commitment_q).challenge();
        let first = RistrettoPoint::vartime_multiscalar_mul([s, -c], [*p, *x]) == t1;
        let second = RistrettoPoint::vartime_multiscalar_mul([s, -c], [*q, *y]) == t2;
        if first && second { Ok(()) } else { Err(ProofError::False) }
    }
}

/// A disjunctive statement: `(A, B)` encrypts one of `first .. first + count` under `H`.
pub(crate) struct Statement<'a> {
    /// `H`, as a table for constant-time fixed-base multiplication.
    pub(crate) key: &'a RistrettoBasepointTable,
    pub(crate) a: &'a RistrettoPoint,
    pub(crate) b: &'a RistrettoPoint,
    pub(crate) first: u32,
    pub(crate) count: u32,
}

impl DisjunctiveProof {
    /// Proves the statement, knowing `r` with `A = r·G`, `B = r·H + m·G`, `m` in range.
    /// Constant time in `m`. `transcript` already holds the context and the statement.
    pub(crate) fn prove<R: CryptoRng + ?Sized>(
        statement: &Statement<'_>,
        r: &Scalar,
        m: u32,
        mut transcript: Transcript,
        rng: &mut R,
    ) -> Self {
        let real = m.wrapping_sub(statement.first);
        let w = Zeroizing::new(random_scalar(rng));
        let real_t = RistrettoPoint::mul_base(&w);
        let real_u = &*w * statement.key;
        // B − v·G for v = first, first + 1, …: public, so built by additions.
        let mut shifted = statement.b - RistrettoPoint::mul_base(&Scalar::from(statement.first));

        let mut challenges = Vec::with_capacity(statement.count as usize);
        let mut responses = Vec::with_capacity(statement.count as usize);
        let mut commitments = Vec::with_capacity(statement.count as usize);
        for j in 0..statement.count {
            let is_real = j.ct_eq(&real);
            let c = random_scalar(rng);
            let s = random_scalar(rng);
            let sim_t = RistrettoPoint::mul_base(&s) - c * statement.a;
            let sim_u = &s * statement.key - c * shifted;
            shifted -= RISTRETTO_BASEPOINT_POINT;
            let t = RistrettoPoint::conditional_select(&sim_t, &real_t, is_real);
            let u = RistrettoPoint::conditional_select(&sim_u, &real_u, is_real);
            let (t, u) = (Point::from_point(&t), Point::from_point(&u));
            transcript.point(&t).point(&u);
            commitments.push((t, u));
            challenges.push(c);
            responses.push(s);
        }
        let c = transcript.challenge();
        let mut others = Scalar::ZERO;
        for (j, cj) in (0..statement.count).zip(&challenges) {
            others += Scalar::conditional_select(cj, &Scalar::ZERO, j.ct_eq(&real));
        }
        let real_c = c - others;
        let real_s = *w + real_c * r;
        let branches = (0..statement.count)
            .zip(commitments)
            .zip(challenges.iter().zip(&responses))
            .map(|((j, (t, u)), (cj, sj))| {
                let is_real = j.ct_eq(&real);
                Branch {
                    commitment_g: t,
                    commitment_h: u,
                    challenge: ScalarBytes::from_scalar(&Scalar::conditional_select(
                        cj, &real_c, is_real,
                    )),
                    response: ScalarBytes::from_scalar(&Scalar::conditional_select(
                        sj, &real_s, is_real,
                    )),
                }
            })
            .collect();
        Self { branches }
    }

    /// Adds the proof's equations to `eq` and returns the coefficients the caller must give
    /// `A` and `B` (which it may fold into other terms). `transcript` already holds the context
    /// and the statement; `H`'s coefficient goes to `eq.h`.
    pub(crate) fn vartime_equations(
        &self,
        first: u32,
        count: u32,
        mut transcript: Transcript,
        eq: &mut Equations,
    ) -> Result<(Scalar, Scalar), ProofError> {
        if self.branches.len() != count as usize {
            return Err(ProofError::Shape);
        }
        let mut decoded = Vec::with_capacity(self.branches.len());
        for branch in &self.branches {
            transcript.point(&branch.commitment_g).point(&branch.commitment_h);
            decoded.push((
                branch.commitment_g.decode()?,
                branch.commitment_h.decode()?,
                branch.challenge.decode()?,
                branch.response.decode()?,
            ));
        }
        let c = transcript.challenge();
        let sum: Scalar = decoded.iter().map(|d| d.2).sum();
        if sum != c {
            return Err(ProofError::False);
        }
        let (mut coef_a, mut coef_b) = (Scalar::ZERO, Scalar::ZERO);
        for (j, (t, u, cj, sj)) in (0..count).zip(decoded) {
            // z₁·(s·G − c·A − T) + z₂·(s·H − c·B + c·v·G − U) = 0
            let (z1, z2) = (eq.weight(), eq.weight());
            eq.g += z1 * sj + z2 * cj * Scalar::from(first + j);
            eq.h += z2 * sj;
            eq.term(-z1, t);
            eq.term(-z2, u);
            coef_a -= z1 * cj;
            coef_b -= z2 * cj;
        }
        Ok((coef_a, coef_b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::tags;
    use chacha20::ChaCha20Rng;
    use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
    use curve25519_dalek::ristretto::RistrettoBasepointTable;
    use rand_core::SeedableRng;

    fn transcript() -> Transcript {
        Transcript::new(tags::CHOICE, &[5; 32])
    }

    fn check_disjunctive(
        proof: &DisjunctiveProof,
        st: &Statement<'_>,
        key: &RistrettoPoint,
    ) -> Result<(), ProofError> {
        let mut eq = Equations::new([0; 64], 8);
        let (ca, cb) = proof.vartime_equations(st.first, st.count, transcript(), &mut eq)?;
        eq.term(ca, *st.a);
        eq.term(cb, *st.b);
        if eq.vartime_holds(Some(key)) { Ok(()) } else { Err(ProofError::False) }
    }

    #[test]
    fn disjunctive_proofs_accept_every_value_in_range_and_nothing_else() {
        let mut rng = ChaCha20Rng::from_seed([1; 32]);
        let key = RistrettoPoint::mul_base(&random_scalar(&mut rng));
        let table = RistrettoBasepointTable::create(&key);
        for m in 0..6u32 {
            let r = random_scalar(&mut rng);
            let a = RistrettoPoint::mul_base(&r);
            let b = r * key + RistrettoPoint::mul_base(&Scalar::from(m));
            let st = Statement { key: &table, a: &a, b: &b, first: 1, count: 3 };
            let proof = DisjunctiveProof::prove(&st, &r, m, transcript(), &mut rng);
            let expected = if (1..4).contains(&m) { Ok(()) } else { Err(ProofError::False) };
            assert_eq!(check_disjunctive(&proof, &st, &key), expected, "m = {m}");
        }
    }

    #[test]
    fn a_proof_is_bound_to_its_transcript() {
        let mut rng = ChaCha20Rng::from_seed([2; 32]);
        let x = random_scalar(&mut rng);
        let big_x = RistrettoPoint::mul_base(&x);
        let proof = SchnorrProof::prove(&x, transcript(), &mut rng);
        assert_eq!(proof.vartime_verify(&big_x, transcript()), Ok(()));
        let other = Transcript::new(tags::CHOICE, &[6; 32]);
        assert_eq!(proof.vartime_verify(&big_x, other), Err(ProofError::False));

        let q = RistrettoPoint::mul_base(&random_scalar(&mut rng));
        let dleq = DleqProof::prove(&x, &G, &q, transcript(), &mut rng);
        assert_eq!(dleq.vartime_verify(&G, &big_x, &q, &(x * q), transcript()), Ok(()));
        assert_eq!(
            dleq.vartime_verify(&G, &big_x, &q, &(x * q + G), transcript()),
            Err(ProofError::False)
        );
    }
}
