//! Reconciliation on random set differences: whatever two replicas hold, one sync leaves both
//! holding the union — in memory, with the real planner on both sides.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::collections::BTreeMap;
use std::sync::Arc;

use domain::{Ledger, Origin};
use proptest::prelude::*;
use record::{AssemblyId, Event};
use sync::synthetic::{SyntheticReplica, Universe};
use sync::{NodeId, Outcome, Replicas, Request, Session, Stats, answer};
use test_support::Scenario;

const ASSEMBLY: AssemblyId = AssemblyId([7; 32]);

/// Runs one sync, `client` driving; returns its statistics.
fn drive_synthetic(
    client: &mut BTreeMap<AssemblyId, SyntheticReplica>,
    server: &mut BTreeMap<AssemblyId, SyntheticReplica>,
    shard_size: usize,
    heads_first: bool,
) -> Stats {
    let mut session = Session::new(NodeId([1; 16]), client.assemblies()).shard_size(shard_size);
    if !heads_first {
        session = session.reconcile_only();
    }
    let (mut server_waiting, mut client_waiting) = (Vec::new(), Vec::new());
    while let Some(bytes) = session.next_request(client).unwrap() {
        let request = Request::decode(&bytes).unwrap();
        for ask in &request.asks {
            if let Some(r) = server.get_mut(&ask.assembly) {
                r.receive(&ask.events, &mut server_waiting);
            }
        }
        let response = answer(server, NodeId([2; 16]), &request).encode();
        let events = session.absorb(client, &response).unwrap();
        client.get_mut(&ASSEMBLY).unwrap().receive(&events, &mut client_waiting);
    }
    assert!(
        client_waiting.is_empty() && server_waiting.is_empty(),
        "every event found its dependencies"
    );
    for (_, outcome) in session.outcomes() {
        assert_eq!(outcome, Outcome::Done);
    }
    session.stats()
}

/// A universe of `n` events, each depending on up to two earlier ones, and two replicas:
/// a shared part, then each side's own choice of the rest.
fn replicas(n: u32, shared: u32, links: &[(u32, u32, u8)]) -> (SyntheticReplica, SyntheticReplica) {
    let mut universe = Universe::default();
    for i in 0..n {
        let (a, b, pick) = links[i as usize % links.len()];
        let deps: Vec<u32> = match (i, pick % 3) {
            (0, _) => vec![],
            (_, 0) => vec![a % i],
            (_, 1) => vec![a % i, b % i],
            _ => vec![],
        };
        universe.add(1_000 + u64::from(i / 3), &deps);
    }
    let universe = Arc::new(universe);
    let mut left = SyntheticReplica::new(Arc::clone(&universe));
    let mut right = SyntheticReplica::new(universe);
    for i in 0..n {
        let side = links[(i as usize * 7 + 3) % links.len()].2;
        if i < shared || side.is_multiple_of(4) {
            left.insert(i);
            right.insert(i);
        } else if side % 4 == 1 {
            left.insert(i);
        } else if side % 4 == 2 {
            right.insert(i);
        }
    }
    (left, right)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn one_sync_leaves_both_sides_with_the_union(
        n in 1u32..3000,
        shared_share in 0u32..100,
        links in prop::collection::vec((any::<u32>(), any::<u32>(), any::<u8>()), 1..64),
        shard_size in prop::sample::select(vec![sync::plan::SHARD_SIZE, 500, 37]),
        heads_first in any::<bool>(),
    ) {
        let (left, right) = replicas(n, n * shared_share / 100, &links);
        let union: std::collections::BTreeSet<_> = left.ids().union(&right.ids()).copied().collect();
        let mut client = BTreeMap::from([(ASSEMBLY, left)]);
        let mut server = BTreeMap::from([(ASSEMBLY, right)]);
        let stats = drive_synthetic(&mut client, &mut server, shard_size, heads_first);
        prop_assert_eq!(client[&ASSEMBLY].ids(), union.clone());
        prop_assert_eq!(server[&ASSEMBLY].ids(), union);
        prop_assert!(stats.round_trips <= 16, "{} round trips", stats.round_trips);
        // Once equal, a second sync is a single heads comparison.
        let again = drive_synthetic(&mut client, &mut server, shard_size, true);
        prop_assert_eq!(again.round_trips, 1);
        prop_assert_eq!(again.events_sent + again.events_received, 0);
    }
}

/// Real ledgers: feeds received events in, holding back those whose dependencies come later.
fn receive(
    ledgers: &mut BTreeMap<AssemblyId, Ledger>,
    events: &[Vec<u8>],
    waiting: &mut Vec<Event>,
) {
    waiting.extend(events.iter().map(|b| Event::decode(b).unwrap()));
    loop {
        let before = waiting.len();
        waiting.retain(|e| {
            let Some(ledger) = ledgers.get_mut(&e.assembly_id()) else {
                if e.assembly().is_none() {
                    ledgers.insert(e.assembly_id(), Ledger::new(e.clone()).unwrap());
                    return false;
                }
                return true;
            };
            match ledger.insert(e.clone(), Origin::Peer) {
                Ok(_) | Err(domain::Rejection::Duplicate) => false,
                Err(domain::Rejection::MissingDependency(_)) => true,
                Err(other) => panic!("refused: {other}"),
            }
        });
        if waiting.is_empty() || waiting.len() == before {
            return;
        }
    }
}

fn drive_ledgers(
    client: &mut BTreeMap<AssemblyId, Ledger>,
    server: &mut BTreeMap<AssemblyId, Ledger>,
    assemblies: Vec<AssemblyId>,
) -> Stats {
    let mut session = Session::new(NodeId([1; 16]), assemblies);
    let (mut server_waiting, mut client_waiting) = (Vec::new(), Vec::new());
    while let Some(bytes) = session.next_request(client).unwrap() {
        let request = Request::decode(&bytes).unwrap();
        for ask in &request.asks {
            if server.contains_key(&ask.assembly) {
                receive(server, &ask.events, &mut server_waiting);
            }
        }
        let response = answer(server, NodeId([2; 16]), &request).encode();
        let events = session.absorb(client, &response).unwrap();
        receive(client, &events, &mut client_waiting);
    }
    assert!(
        client_waiting.is_empty() && server_waiting.is_empty(),
        "every event found its dependencies"
    );
    session.stats()
}

#[test]
fn partitioned_ledgers_converge_and_a_newcomer_joins() {
    let mut base = Scenario::found("Assembly");
    let a = base.join(0, "Asel");
    let b = base.join(0, "Bolat");
    let motion = base.motion(a, "Strike on Monday").unwrap();
    let ballot = base.open(0, motion, (1, 2), record::payload::Threshold::SimpleMajority).unwrap();
    let (mut left, mut right) = (base.clone(), base.clone());
    right.time += 500;
    left.vote(a, ballot, record::payload::Choice::Yes).unwrap();
    left.comment(a, motion, None, "Yes, all of us.").unwrap();
    right.vote(b, ballot, record::payload::Choice::No).unwrap();
    right.close(0, ballot).unwrap();
    let id = base.state.id;
    let mut client = BTreeMap::from([(id, Ledger::from_events(left.events.clone()).unwrap())]);
    let mut server = BTreeMap::from([(id, Ledger::from_events(right.events.clone()).unwrap())]);
    drive_ledgers(&mut client, &mut server, vec![id]);
    assert_eq!(client[&id].state().digest(), server[&id].state().digest());
    assert_eq!(client[&id].len(), base.events.len() + 4);

    // A node that holds nothing asks for the assembly by id and gets all of it.
    let mut newcomer = BTreeMap::new();
    let stats = drive_ledgers(&mut newcomer, &mut server, vec![id]);
    assert_eq!(newcomer[&id].state().digest(), server[&id].state().digest());
    assert_eq!(stats.round_trips, 1, "one heads comparison brings everything");
}

#[test]
fn only_assemblies_both_serve_are_exchanged() {
    let mine = Scenario::found("Mine");
    let theirs = Scenario::found("Theirs");
    let mut client =
        BTreeMap::from([(mine.state.id, Ledger::from_events(mine.events.clone()).unwrap())]);
    let mut server =
        BTreeMap::from([(theirs.state.id, Ledger::from_events(theirs.events.clone()).unwrap())]);
    let stats = drive_ledgers(&mut client, &mut server, vec![mine.state.id]);
    assert_eq!(stats.events_sent + stats.events_received, 0);
    assert_eq!(client.len(), 1);
    assert_eq!(server.len(), 1);
}
