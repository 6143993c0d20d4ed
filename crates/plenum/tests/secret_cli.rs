//! `plenum election simulate` and `plenum verify` on secret ballots: a simulated record
//! verifies with its result, and each attack on a record — a ballot added after the seal, a
//! sealed ballot removed, a ballot with a false proof counted, a seal whose tally is not the
//! sum, a trustee's share with a false proof — makes `verify` fail, naming what is wrong.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::path::Path;
use std::process::{Command, Output};

use record::bundle::{self, Bundle};
use record::payload::{Blob, Mark, Method, Payload, Vote};
use record::{Event, EventId};
use test_support::Scenario;

fn plenum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenum")).args(args).env("PLENUM_LANG", "en").output().unwrap()
}

fn verify(dir: &Path, events: Vec<Event>) -> (i32, serde_json::Value) {
    let path = dir.join("check.bundle");
    std::fs::write(
        &path,
        bundle::encode(&Bundle { created: 1, events, heads: vec![], node: None }),
    )
    .unwrap();
    let output = plenum(&["verify", path.to_str().unwrap(), "--json"]);
    (output.status.code().unwrap(), serde_json::from_slice(&output.stdout).unwrap())
}

#[test]
fn a_simulated_secret_ballot_verifies_with_its_result() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sim.bundle");
    let made = plenum(&[
        "election",
        "simulate",
        "--voters",
        "40",
        "--answers",
        "2",
        "--trustees",
        "3",
        "--threshold",
        "2",
        "--abstain-share",
        "0.25",
        "--seed",
        "7",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let output = plenum(&["verify", out.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["valid"], true);
    let ballot = &report["assemblies"][0]["ballots"][0];
    assert_eq!(ballot["secret"]["verified"], true);
    assert_eq!(ballot["secret"]["ballots"], 40);
    assert_eq!(ballot["voted"], 40);
    let (yes, no, abstain) = (
        ballot["yes"].as_u64().unwrap(),
        ballot["no"].as_u64().unwrap(),
        ballot["abstain"].as_u64().unwrap(),
    );
    assert_eq!(yes + no + abstain, 40);
    assert_eq!(ballot["secret"]["result"], serde_json::json!([[yes, no]]));
    // Bad arguments are refused with a message.
    let bad = plenum(&[
        "election",
        "simulate",
        "--voters",
        "3",
        "--trustees",
        "2",
        "--threshold",
        "3",
        "--out",
        "x",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

/// A secret ballot of three voters, ready to seal.
fn ready() -> (Scenario, EventId) {
    let mut s = Scenario::found("Depot");
    for name in ["Aigerim", "Bolat", "Dana"] {
        s.join(0, name);
    }
    let motion = s.motion(1, "Strike").unwrap();
    let ballot = s.open_secret(0, motion, Method::YesNoAbstain, &[1, 2], 2).unwrap();
    s.run_ceremony(ballot);
    s.cast(1, ballot, &[vec![true, false]]).unwrap();
    s.cast(2, ballot, &[vec![false, true]]).unwrap();
    (s, ballot)
}

fn finish(s: &mut Scenario, ballot: EventId) {
    s.seal(0, ballot).unwrap();
    s.decrypt(ballot, 1).unwrap();
    s.decrypt(ballot, 2).unwrap();
}

fn reason(report: &serde_json::Value) -> String {
    report["error"]["reason"].as_str().unwrap_or_default().to_string()
}

#[test]
fn attacks_on_a_secret_ballot_record_fail_verification() {
    let dir = tempfile::tempdir().unwrap();

    // The honest record verifies.
    let (mut s, ballot) = ready();
    finish(&mut s, ballot);
    let (code, report) = verify(dir.path(), s.events.clone());
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["assemblies"][0]["ballots"][0]["yes"], 1);

    // A ballot added after the seal (made on another node, out of the rules).
    let mut late = s.clone();
    let (event, _) = late.make_secret_vote(3, ballot, &[vec![true, false]]);
    let mut events = s.events.clone();
    events.push(event);
    let (code, report) = verify(dir.path(), events);
    assert_eq!(code, 1);
    assert!(reason(&report).contains("closed"), "{report}");

    // A sealed ballot removed from the record: the seal builds on it.
    let (honest_seal, _) = ready();
    let cast = honest_seal.events.len() - 1;
    let mut events = s.events.clone();
    events.remove(cast);
    let (code, report) = verify(dir.path(), events);
    assert_eq!(code, 1);
    assert!(reason(&report).contains("lacks"), "{report}");

    // A ballot with a false proof counted (its event forged past a node's door).
    let (mut f, ballot) = ready();
    let (event, _) = f.make_secret_vote(3, ballot, &[vec![true, false]]);
    let Ok(Payload::Vote(Vote { mark: Mark::Encrypted(Blob(bytes)), .. })) =
        domain::apply::payload(&event)
    else {
        panic!("a ballot")
    };
    let mut forged: ballot_crypto::Ballot = ballot_crypto::Ballot::from_bytes(&bytes).unwrap();
    forged.questions[0].overall.branches[0].response.0[1] ^= 1;
    f.time -= 1000;
    let event =
        f.make(3, Payload::Vote(Vote { ballot, mark: Mark::Encrypted(Blob(forged.to_bytes())) }));
    f.state.apply(&event).unwrap(); // the fold does not check proofs: the door and verify do
    f.events.push(event);
    finish(&mut f, ballot);
    let (code, report) = verify(dir.path(), f.events.clone());
    assert_eq!(code, 1);
    assert!(reason(&report).contains("is invalid"), "{report}");

    // A seal whose encrypted tally is not the sum of the sealed ballots.
    let (mut t, ballot) = ready();
    let mut seal = t.seal_payload(ballot);
    let mut tally: ballot_crypto::EncryptedTally = record::wire::from_bytes(&seal.tally.0).unwrap();
    tally.questions[0].swap(0, 1);
    seal.tally = Blob(record::wire::to_bytes(&tally).unwrap());
    t.submit(0, Payload::Seal(seal)).unwrap();
    t.decrypt(ballot, 1).unwrap();
    t.decrypt(ballot, 2).unwrap();
    assert_eq!(t.ballot(ballot).tally().yes, 1, "the swapped tally decrypts to the swapped result");
    let (code, report) = verify(dir.path(), t.events.clone());
    assert_eq!(code, 1);
    assert!(reason(&report).contains("secret ballot"), "{report}");
}
