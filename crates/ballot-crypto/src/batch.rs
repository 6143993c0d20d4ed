//! Batch verification: many proof equations checked by one multiscalar multiplication.
//!
//! Every proof in this crate is in *commitment form* — it carries its commitments, not only its
//! challenges — so each of its checks is a linear equation `Σ aᵢ·Pᵢ = 0` over points it carries.
//! An [`Equations`] accumulates many of them, each multiplied by its own 128-bit weight `z`, and
//! [`Equations::vartime_holds`] checks the sum with one `vartime_multiscalar_mul`. If any single
//! equation is false, the sum is zero with probability at most 2^-128 over the weights.
//!
//! The weights are not drawn from a random source: they are SHA-512 outputs over a seed that
//! commits to everything being verified (the ballots' trackers, hence their bytes), so the
//! verifier needs no randomness and gives the same answer every time, and a prover cannot choose
//! its proofs knowing the weights — the argument of Fiat–Shamir, applied to the batch.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};

use crate::transcript::{Transcript, tags};

/// Linear equations over points, to be checked all at once.
pub(crate) struct Equations {
    /// The coefficient of the base point G.
    pub(crate) g: Scalar,
    /// The coefficient of the election public key H (zero where there is none).
    pub(crate) h: Scalar,
    scalars: Vec<Scalar>,
    points: Vec<RistrettoPoint>,
    weights: Weights,
}

impl Equations {
    /// An empty set of equations, whose weights derive from `seed`.
    pub(crate) fn new(seed: [u8; 64], capacity: usize) -> Self {
        Self {
            g: Scalar::ZERO,
            h: Scalar::ZERO,
            scalars: Vec::with_capacity(capacity),
            points: Vec::with_capacity(capacity),
            weights: Weights { seed, counter: 0, block: [0; 64], used: 4 },
        }
    }

    /// The weight of the next equation.
    pub(crate) fn weight(&mut self) -> Scalar {
        self.weights.next()
    }

    /// Adds `scalar · point` to the sum.
    pub(crate) fn term(&mut self, scalar: Scalar, point: RistrettoPoint) {
        self.scalars.push(scalar);
        self.points.push(point);
    }

    /// Whether every accumulated equation holds (up to the 2^-128 error of the weights).
    /// Variable time: the points and scalars are all public.
    pub(crate) fn vartime_holds(mut self, election_key: Option<&RistrettoPoint>) -> bool {
        self.scalars.push(self.g);
        self.points.push(RISTRETTO_BASEPOINT_POINT);
        if let Some(h) = election_key {
            self.scalars.push(self.h);
            self.points.push(*h);
        } else if self.h != Scalar::ZERO {
            return false;
        }
        RistrettoPoint::vartime_multiscalar_mul(&self.scalars, &self.points).is_identity()
    }
}

/// The stream of 128-bit weights: `SHA-512(BATCH tag ‖ version ‖ seed ‖ counter)`, cut in four.
struct Weights {
    seed: [u8; 64],
    counter: u64,
    block: [u8; 64],
    used: usize,
}

impl Weights {
    fn next(&mut self) -> Scalar {
        if self.used == 4 {
            let mut t = Transcript::new(tags::BATCH, &[0; 32]);
            let (a, b) = self.seed.split_at(32);
            t.bytes32(a.try_into().expect("64 = 32 + 32"));
            t.bytes32(b.try_into().expect("64 = 32 + 32"));
            t.u64(self.counter);
            self.block = t.finish();
            self.counter += 1;
            self.used = 0;
        }
        let mut bytes = [0u8; 32];
        bytes[..16].copy_from_slice(&self.block[16 * self.used..16 * (self.used + 1)]);
        self.used += 1;
        // Below 2^128 < ℓ: the reduction changes nothing.
        Scalar::from_bytes_mod_order(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_false_equation_fails_the_batch() {
        let g = RISTRETTO_BASEPOINT_POINT;
        let x = Scalar::from(7u64);
        // 7·G − X = 0 for X = 7G, and for X = 8G it does not hold.
        for (claimed, expected) in [(x * g, true), (Scalar::from(8u64) * g, false)] {
            let mut eq = Equations::new([3; 64], 4);
            for _ in 0..5 {
                let z = eq.weight();
                eq.g += z * x;
                eq.term(-z, x * g);
            }
            let z = eq.weight();
            eq.g += z * x;
            eq.term(-z, claimed);
            assert_eq!(eq.vartime_holds(None), expected);
        }
    }

    #[test]
    fn weights_differ_and_follow_the_seed() {
        let mut a = Equations::new([1; 64], 0);
        let mut b = Equations::new([1; 64], 0);
        let mut c = Equations::new([2; 64], 0);
        let wa: Vec<Scalar> = (0..9).map(|_| a.weight()).collect();
        let wb: Vec<Scalar> = (0..9).map(|_| b.weight()).collect();
        let wc: Vec<Scalar> = (0..9).map(|_| c.weight()).collect();
        assert_eq!(wa, wb);
        assert_ne!(wa, wc);
        for i in 0..9 {
            for j in 0..i {
                assert_ne!(wa[i], wa[j]);
            }
        }
    }
}
