//! Deterministic tie-breaking: a candidate order drawn by lot from a recorded seed.
//!
//! Where a rule breaks ties "by lot" (Scottish STV after comparing earlier stages) or by "a
//! predetermined random tiebreaking order" (the PR Foundation's reference rules, Droop), the
//! engine draws one order of all candidates *before the count* from a seed, and every tie is
//! decided by it: the tied candidate earliest in the order is the one chosen (to be excluded,
//! to have its surplus transferred first, or to be elected, as the tie's purpose is). The seed
//! is recorded in the transcript, so anyone repeating the count gets the same result; by
//! default it is a digest of the ballots themselves, so nobody knows it before the ballots are
//! in, and it needs no clock and no randomness from the machine.
//!
//! `candidate-order` uses the order on the ballot paper instead (Droop's default, which the
//! conformance counts use). RCTab's own seeded generator (`java.util.Random`) is reproduced in
//! [`JavaRandom`] for RCTab-compatible IRV.

use crate::ballot::{CandidateId, Election};
use crate::transcript::TieBreakRecord;

/// How ties the rule leaves open are broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TieBreak {
    /// An order drawn from this seed.
    Lot { seed: u64 },
    /// The candidates' order in the election.
    CandidateOrder,
    /// An order given with the ballots (BLT's `[tie ...]` line): these candidates first, in
    /// this order, then the rest in candidate order.
    Given(Vec<CandidateId>),
}

/// A drawn order: `rank[c]` is candidate `c`'s place (0 = chosen first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TieOrder {
    pub order: Vec<CandidateId>,
    rank: Vec<u32>,
    pub record: TieBreakRecord,
}

impl TieBreak {
    /// The order of `n` candidates this tie-break uses.
    #[must_use]
    pub fn order(&self, n: usize) -> TieOrder {
        let mut order: Vec<CandidateId> =
            (0..n).map(|i| CandidateId::try_from(i).expect("candidate count checked")).collect();
        let (seed, mode) = match self {
            TieBreak::Given(first) => {
                let mut given: Vec<CandidateId> =
                    first.iter().copied().filter(|&c| usize::from(c) < n).collect();
                given.dedup();
                for c in order {
                    if !given.contains(&c) {
                        given.push(c);
                    }
                }
                order = given;
                (None, "given")
            }
            &TieBreak::Lot { seed } => {
                let mut rng = SplitMix64(seed);
                // Fisher–Yates, drawing without modulo bias.
                for i in (1..order.len()).rev() {
                    let j = rng.below(i as u64 + 1) as usize;
                    order.swap(i, j);
                }
                (Some(seed), "lot")
            }
            TieBreak::CandidateOrder => (None, "candidate-order"),
        };
        let mut rank = vec![0u32; n];
        for (place, &c) in order.iter().enumerate() {
            rank[usize::from(c)] = u32::try_from(place).expect("candidate count checked");
        }
        let record = TieBreakRecord { seed, order: order.clone(), mode: mode.to_owned() };
        TieOrder { order, rank, record }
    }
}

impl TieOrder {
    /// The tied candidate earliest in the order.
    #[must_use]
    pub fn first(&self, tied: &[CandidateId]) -> CandidateId {
        *tied.iter().min_by_key(|&&c| self.rank[usize::from(c)]).expect("a tie has candidates")
    }

    /// A candidate's place in the order.
    #[must_use]
    pub fn rank(&self, c: CandidateId) -> u32 {
        self.rank[usize::from(c)]
    }
}

/// The default seed: a digest (FNV-1a, 64 bits) of the candidates and ballots.
#[must_use]
pub fn seed_from_election(e: &Election) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for c in &e.candidates {
        eat(c.as_bytes());
        eat(&[0]);
    }
    eat(&(e.seats as u64).to_le_bytes());
    for b in e.ballots.iter() {
        eat(&b.weight.to_le_bytes());
        for &x in b.entries {
            eat(&x.to_le_bytes());
        }
        eat(&[0xff, 0xff]);
    }
    h
}

/// SplitMix64: a tiny, well-distributed generator, fully determined by its seed.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (rejection sampling).
    fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next();
            if x < zone {
                return x % n;
            }
        }
    }
}

/// `java.util.Random`: the 48-bit linear congruential generator RCTab draws its ties from.
#[derive(Debug, Clone)]
pub struct JavaRandom {
    state: u64,
}

const JAVA_MULT: u64 = 0x5_DEEC_E66D;
const JAVA_MASK: u64 = (1 << 48) - 1;

impl JavaRandom {
    #[must_use]
    pub fn new(seed: i64) -> Self {
        Self { state: (seed as u64 ^ JAVA_MULT) & JAVA_MASK }
    }

    fn next(&mut self, bits: u32) -> u64 {
        self.state = (self.state.wrapping_mul(JAVA_MULT).wrapping_add(0xB)) & JAVA_MASK;
        self.state >> (48 - bits)
    }

    /// `nextInt(bound)`, as `Collections.shuffle` draws it.
    pub fn next_int(&mut self, bound: u32) -> u32 {
        let bound = bound.max(1);
        if bound.is_power_of_two() {
            return ((u64::from(bound) * self.next(31)) >> 31) as u32;
        }
        loop {
            let bits = self.next(31) as i64;
            let val = bits % i64::from(bound);
            if bits - val + (i64::from(bound) - 1) < (1i64 << 31) {
                return val as u32;
            }
        }
    }

    /// `nextDouble()`: 53 random bits scaled into [0, 1).
    pub fn next_double(&mut self) -> f64 {
        let hi = self.next(26);
        let lo = self.next(27);
        ((hi << 27) + lo) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lot_order_is_a_permutation_fixed_by_its_seed() {
        let a = TieBreak::Lot { seed: 42 }.order(20);
        let b = TieBreak::Lot { seed: 42 }.order(20);
        assert_eq!(a, b);
        let mut sorted = a.order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>());
        assert_ne!(a.order, TieBreak::Lot { seed: 43 }.order(20).order);
        assert_eq!(a.first(&[a.order[5], a.order[3], a.order[9]]), a.order[3]);
    }

    #[test]
    fn java_random_matches_the_jdk() {
        // new java.util.Random(0).nextDouble() == 0.730967787376657
        let mut r = JavaRandom::new(0);
        assert!((r.next_double() - 0.730_967_787_376_657).abs() < 1e-15);
        // new java.util.Random(1).nextDouble() == 0.7308781907032909
        let mut r = JavaRandom::new(1);
        assert!((r.next_double() - 0.730_878_190_703_290_9).abs() < 1e-15);
    }
}
