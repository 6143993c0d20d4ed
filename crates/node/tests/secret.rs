//! Secret ballots at a node's door: a ballot whose proofs fail, or a seal whose tally is not
//! the sum of its ballots, is refused before the writer, and nothing of it is stored.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::sync::Arc;

use domain::{Origin, Rejection};
use node::{Config, Node};
use record::payload::{Blob, Mark, Method, Payload, Seal, Vote};
use store_sqlite::SqliteStore;
use test_support::{START, Scenario};

fn node(dir: &std::path::Path) -> Node {
    let config = Config { max_skew: u64::MAX, clock: Arc::new(|| START) };
    Node::open(Box::new(SqliteStore::open_dir(dir).unwrap()), config).unwrap()
}

#[test]
fn forged_ballots_and_false_tallies_are_refused_at_the_door() {
    let dir = tempfile::tempdir().unwrap();
    let node = node(dir.path());
    let mut s = Scenario::found("Depot");
    s.join(0, "Aigerim");
    s.join(0, "Bolat");
    let motion = s.motion(1, "Strike").unwrap();
    let ballot = s.open_secret(0, motion, Method::YesNoAbstain, &[1, 2], 2).unwrap();
    s.run_ceremony(ballot);
    s.cast(1, ballot, &[vec![true, false]]).unwrap();
    for event in &s.events {
        node.submit_event_wait(event.clone(), Origin::Local).unwrap();
    }
    let assembly = s.state.id;

    // Member 2 casts a copy of member 1's ballot: its proofs name member 1.
    let copied = s.events.last().unwrap().clone();
    let Ok(Payload::Vote(Vote { mark: Mark::Encrypted(blob), .. })) =
        domain::apply::payload(&copied)
    else {
        panic!("a ballot")
    };
    let copy = s.make(2, Payload::Vote(Vote { ballot, mark: Mark::Encrypted(blob) }));
    assert_eq!(node.submit_event_wait(copy, Origin::Local), Err(Rejection::BallotBadProof));
    assert_eq!(node.state(&assembly).unwrap().digest(), s.state.digest());

    // The convenor's node prepares the seal; one with another tally is refused.
    let state = node.state(&assembly).unwrap();
    let prepared = node.seal_payload(&state, &ballot).unwrap();
    assert_eq!(prepared, s.seal_payload(ballot));
    let mut scratch = s.clone();
    let lying =
        scratch.make(0, Payload::Seal(Seal { tally: Blob(vec![0; 4]), ..prepared.clone() }));
    let lying_tally = {
        let mut t: ballot_crypto::EncryptedTally =
            record::wire::from_bytes(&prepared.tally.0).unwrap();
        t.questions[0].swap(0, 1);
        Blob(record::wire::to_bytes(&t).unwrap())
    };
    let swapped = s.clone().make(0, Payload::Seal(Seal { tally: lying_tally, ..prepared }));
    assert_eq!(node.submit_event_wait(swapped, Origin::Local), Err(Rejection::SealTallyWrong));
    assert_eq!(node.submit_event_wait(lying, Origin::Local), Err(Rejection::SealTallyWrong));

    // The honest seal, and the decryption.
    let id = s.seal(0, ballot).unwrap();
    node.submit_event_wait(s.events.last().unwrap().clone(), Origin::Local).unwrap();
    assert!(node.state(&assembly).unwrap().ballots[&ballot].secret().unwrap().seal.is_some());
    assert_eq!(s.events.last().unwrap().id(), id);
    for t in [1, 2] {
        s.decrypt(ballot, t).unwrap();
        node.submit_event_wait(s.events.last().unwrap().clone(), Origin::Local).unwrap();
    }
    let state = node.state(&assembly).unwrap();
    assert_eq!(state.ballots[&ballot].tally().yes, 1);
    assert_eq!(state.digest(), s.state.digest());
}
