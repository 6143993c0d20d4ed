//! A node over a real SQLite file: events go in through the writer, come back after a restart,
//! and refused events leave no trace.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use domain::{Origin, Rejection};
use node::{Config, Node};
use record::payload::{Choice, Threshold};
use store_sqlite::SqliteStore;
use test_support::{START, Scenario};

fn config() -> Config {
    Config { max_skew: u64::MAX, clock: Arc::new(|| START) }
}

fn open(dir: &std::path::Path) -> Node {
    Node::open(Box::new(SqliteStore::open_dir(dir).unwrap()), config()).unwrap()
}

fn scenario() -> Scenario {
    let mut s = Scenario::found("Tram depot assembly");
    let a = s.join(0, "Dana");
    let b = s.join(0, "Yerlan");
    let motion = s.motion(a, "Restore the night shift bonus").unwrap();
    let ballot = s.open(0, motion, (1, 2), Threshold::SimpleMajority).unwrap();
    s.vote(a, ballot, Choice::Yes).unwrap();
    s.vote(b, ballot, Choice::No).unwrap();
    s.vote(0, ballot, Choice::Yes).unwrap();
    s
}

#[test]
fn events_survive_a_restart_with_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario();
    {
        let node = open(dir.path());
        for event in &s.events {
            let receipt = node.submit_wait(event.bytes(), Origin::Local).unwrap();
            assert_eq!(receipt.id, event.id());
            assert!(!receipt.duplicate);
        }
        assert_eq!(node.state(&s.state.id).unwrap().digest(), s.state.digest());
    }
    let node = open(dir.path());
    assert_eq!(node.state(&s.state.id).unwrap().digest(), s.state.digest());
    assert_eq!(node.assemblies().len(), 1);
}

#[test]
fn a_refused_event_is_not_stored_and_a_repeated_one_is_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = scenario();
    let node = open(dir.path());
    for event in &s.events {
        node.submit_wait(event.bytes(), Origin::Local).unwrap();
    }
    let outsider = s.outsider();
    let forged = s.make(
        outsider,
        record::Payload::Motion(record::payload::Motion {
            kind: record::payload::MotionKind::Resolution,
            title: "Dissolve the assembly".into(),
            text: String::new(),
        }),
    );
    assert_eq!(node.submit_wait(forged.bytes(), Origin::Local), Err(Rejection::NotAMember));
    assert_eq!(node.store().count().unwrap(), s.events.len() as u64);

    let again = node.submit_wait(s.events[3].bytes(), Origin::Local).unwrap();
    assert!(again.duplicate);
    assert_eq!(node.store().count().unwrap(), s.events.len() as u64);

    let mut altered = s.events[4].bytes().to_vec();
    let last = altered.len() - 70;
    altered[last] ^= 1;
    assert_eq!(node.submit_wait(&altered, Origin::Local), Err(Rejection::BadSignature));
    assert!(matches!(
        node.submit_wait(&altered[..50], Origin::Local),
        Err(Rejection::Malformed(_))
    ));
    assert_eq!(node.state(&s.state.id).unwrap().digest(), s.state.digest());
}

#[test]
fn events_claiming_a_distant_time_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario();
    let config = Config { max_skew: 60_000, clock: Arc::new(|| START + 3_600_000) };
    let node = Node::open(Box::new(SqliteStore::open_dir(dir.path()).unwrap()), config).unwrap();
    assert_eq!(node.submit_wait(s.events[0].bytes(), Origin::Local), Err(Rejection::ClockSkew));
    // A peer's events are history, whatever their time.
    assert!(node.submit_wait(s.events[0].bytes(), Origin::Peer).is_ok());
}

#[test]
fn many_members_voting_at_once_are_all_recorded_and_announced() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Scenario::found("Plant assembly");
    let voters: Vec<usize> = (0..40).map(|i| s.join(0, &format!("Worker {i}"))).collect();
    let motion = s.motion(0, "Strike from Monday").unwrap();
    let ballot = s.open(0, motion, (1, 2), Threshold::TwoThirds).unwrap();
    let node = open(dir.path());
    for event in &s.events {
        node.submit_wait(event.bytes(), Origin::Local).unwrap();
    }
    let announced = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&announced);
    node.on_change(move |change| {
        counter.fetch_add(change.events.len(), Ordering::SeqCst);
    });
    // Every voter signs against the same frontier, as phones do in the same second.
    let votes: Vec<record::Event> = voters
        .iter()
        .map(|&v| {
            let mut author = domain::Author::resume(s.keypair(v), &s.state);
            let payload = record::Payload::Vote(record::payload::Vote {
                ballot,
                mark: record::payload::Mark::Choice(Choice::Yes),
            });
            author.make(payload, s.time + 1 + v as u64, s.state.frontier.iter().copied())
        })
        .collect();
    std::thread::scope(|scope| {
        for chunk in votes.chunks(10) {
            let node = node.clone();
            scope.spawn(move || {
                for vote in chunk {
                    node.submit_wait(vote.bytes(), Origin::Local).unwrap();
                }
            });
        }
    });
    let state = node.state(&s.state.id).unwrap();
    assert!(state.ignored.is_empty(), "{:?}", state.ignored);
    assert_eq!(state.ballots[&ballot].votes.len(), 40);
    assert_eq!(announced.load(Ordering::SeqCst), 40);
    drop(node);
    let reopened = open(dir.path());
    assert_eq!(reopened.state(&s.state.id).unwrap().digest(), state.digest());
}

#[test]
fn events_received_before_their_dependencies_wait_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario();
    let node = open(dir.path());
    let mut waiting = Vec::new();
    // The newest half first: nothing can be placed yet except what builds on held events.
    let (old, new) = s.events.split_at(s.events.len() / 2);
    let first = node.receive(new.to_vec(), &mut waiting, None);
    assert_eq!((first.stored, first.refused.len()), (0, 0));
    assert_eq!(waiting.len(), new.len());
    let second = node.receive(old.to_vec(), &mut waiting, None);
    assert_eq!(second.stored, s.events.len());
    assert!(waiting.is_empty());
    assert_eq!(node.state(&s.state.id).unwrap().digest(), s.state.digest());
    // Again: all held, nothing changes.
    let again = node.receive(s.events.clone(), &mut waiting, None);
    assert_eq!((again.stored, again.duplicate), (0, s.events.len()));
}

#[test]
fn a_batch_is_stored_in_one_transaction_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario();
    {
        let node = open(dir.path());
        let results = node.submit_batch_wait(s.events.clone(), Origin::Peer);
        assert!(results.iter().all(Result::is_ok));
    }
    let node = open(dir.path());
    assert_eq!(node.state(&s.state.id).unwrap().digest(), s.state.digest());
    assert_eq!(node.store().count().unwrap(), s.events.len() as u64);
}

#[test]
fn events_of_assemblies_not_allowed_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = scenario();
    let node = open(dir.path());
    let mut waiting = Vec::new();
    let report = node.receive(s.events.clone(), &mut waiting, Some(&[]));
    assert_eq!(report.refused.len(), s.events.len());
    assert!(report.refused.iter().all(|(_, r)| *r == Rejection::UnknownAssembly));
    assert!(node.assemblies().is_empty());
}
