//! Untrusted partial decryptions: decoded strictly, put in place of the fixture's first
//! trustee's, and combined. Never a panic; and never a result other than the true one (a
//! false share is left out, or the decryption fails).
#![no_main]

use ballot_crypto::tally::combine;
use ballot_crypto::{EncryptedTally, PartialDecryption};
use libfuzzer_sys::fuzz_target;
use record::wire;

#[path = "ballot_crypto_fixture.rs"]
mod fixture;

fuzz_target!(|data: &[u8]| {
    let Ok(partial) = wire::from_bytes::<PartialDecryption>(data) else { return };
    assert_eq!(wire::to_bytes(&partial).ok().as_deref(), Some(data));
    let sim = fixture::fixture();
    let r = &sim.record;
    let ceremony = conclude_fixture(r);
    let weights: Vec<u64> = r.electorate.iter().map(|e| e.weight).collect();
    let tally = EncryptedTally::compute(
        &sim.election,
        r.ballots.iter().zip(&weights).map(|(b, w)| (&b.ballot, *w)),
    )
    .expect("honest fixture");
    let partials = [partial, r.partials[1].clone()];
    if let Ok(combined) = combine(&sim.election, &ceremony, &tally, &partials, weights.iter().sum()) {
        assert_eq!(combined.tally, r.result, "a forged partial decryption changed the result");
    }
});

fn conclude_fixture(r: &ballot_crypto::ElectionRecord) -> ballot_crypto::dkg::Ceremony {
    ballot_crypto::dkg::conclude(&r.setup, &r.commits, &r.deals, &r.complaints).expect("honest fixture")
}
