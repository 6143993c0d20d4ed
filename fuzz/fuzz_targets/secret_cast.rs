//! Arbitrary bytes as the encrypted ballot of a vote on a secret ballot whose key ceremony is
//! over, and as the blobs of every other secret-ballot event: the door's check and the rules
//! never panic, and what they accept folds to the same state.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use record::payload::{Blob, Decrypt, DkgCheck, DkgDeal, Mark, Method, Payload, Seal, Vote};
use record::{Digest, EventId};
use test_support::Scenario;

fn ready() -> &'static (Scenario, EventId) {
    static READY: OnceLock<(Scenario, EventId)> = OnceLock::new();
    READY.get_or_init(|| {
        let mut s = Scenario::found("Fuzz");
        s.join(0, "A");
        s.join(0, "B");
        let motion = s.motion(1, "M").expect("a motion");
        let ballot = s.open_secret(0, motion, Method::YesNoAbstain, &[1, 2], 2).expect("open");
        s.run_ceremony(ballot);
        (s, ballot)
    })
}

fuzz_target!(|data: &[u8]| {
    let (base, ballot) = ready();
    let ballot = *ballot;
    let mut s = base.clone();
    let blob = Blob(data.get(1..).unwrap_or_default().to_vec());
    let (who, payload) = match data.first().copied().unwrap_or(0) % 5 {
        0 => (1, Payload::Vote(Vote { ballot, mark: Mark::Encrypted(blob) })),
        1 => (1, Payload::DkgDeal(DkgDeal { ballot, deal: blob })),
        2 => (2, Payload::DkgCheck(DkgCheck { ballot, complaints: blob })),
        3 => (1, Payload::Decrypt(Decrypt { ballot, partial: blob })),
        _ => (
            0,
            Payload::Seal(Seal { ballot, ballots: 0, weight: 0, digest: Digest([0; 32]), tally: blob }),
        ),
    };
    let event = s.make(who, payload);
    let _ = domain::secret::check_ballot(&s.state, &event);
    if s.state.apply(&event).is_ok() {
        s.events.push(event);
        let folded = domain::fold(&s.events).expect("the record folds");
        assert_eq!(folded.digest(), s.state.digest());
    }
});
