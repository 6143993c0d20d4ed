//! The fixed election every ballot-crypto fuzz target checks untrusted bytes against: the
//! election of the committed test vectors (crates/ballot-crypto/tests/vectors), so their bytes
//! seed the corpora (`fuzz/seed_ballot_crypto.py`).

use std::sync::OnceLock;

use ballot_crypto::Question;
use ballot_crypto::simulate::{Simulated, Spec, simulate};
use chacha20::ChaCha20Rng;
use rand_core::SeedableRng;
use record::Digest;

pub fn fixture() -> &'static Simulated {
    static FIXTURE: OnceLock<Simulated> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let spec = Spec {
            election_id: Digest([0x5e; 32]),
            questions: vec![
                Question { answers: 2, min: 0, max: 1 },
                Question { answers: 3, min: 1, max: 2 },
            ],
            voters: 3,
            trustees: 3,
            threshold: 2,
            max_weight: 2,
        };
        simulate(&spec, &mut ChaCha20Rng::from_seed([0xa5; 32]))
    })
}
