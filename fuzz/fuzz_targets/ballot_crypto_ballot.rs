//! Untrusted ballot bytes: decoding is strict (re-encoding gives the same bytes), and
//! verification never panics; a ballot that verifies is one the fixture's voter could cast.
#![no_main]

use ballot_crypto::Ballot;
use libfuzzer_sys::fuzz_target;

#[path = "ballot_crypto_fixture.rs"]
mod fixture;

fuzz_target!(|data: &[u8]| {
    let sim = fixture::fixture();
    if let Ok(ballot) = Ballot::from_bytes(data) {
        assert_eq!(ballot.to_bytes(), data, "decoding is not canonical");
        let voter = &sim.record.ballots[0].voter;
        if ballot.verify(&sim.election, voter).is_ok() {
            // Only the voter's own ballot bytes can verify for them.
            assert_eq!(ballot, sim.record.ballots[0].ballot, "a forged ballot verified");
        }
        let _ = ballot_crypto::verify_ballots(
            &sim.election,
            &[ballot_crypto::CastBallot { voter: *voter, ballot }],
        );
    }
});
