//! Shared fixtures: seeded generators and small simulated elections.

use ballot_crypto::Question;
use ballot_crypto::simulate::{Simulated, Spec, simulate};
use chacha20::ChaCha20Rng;
use rand_core::SeedableRng;
use record::Digest;

pub fn rng(seed: u8) -> ChaCha20Rng {
    ChaCha20Rng::from_seed([seed; 32])
}

pub fn yes_no_abstain() -> Vec<Question> {
    vec![Question { answers: 3, min: 1, max: 1 }]
}

/// Two questions: a yes/no where a blank vote is allowed, and choose 1 to 2 of 4.
pub fn mixed() -> Vec<Question> {
    vec![Question { answers: 2, min: 0, max: 1 }, Question { answers: 4, min: 1, max: 2 }]
}

pub fn spec(questions: Vec<Question>, voters: usize, trustees: u32, threshold: u32) -> Spec {
    Spec { election_id: Digest([0x42; 32]), questions, voters, trustees, threshold, max_weight: 3 }
}

pub fn small(seed: u8) -> Simulated {
    simulate(&spec(mixed(), 12, 3, 2), &mut rng(seed))
}
