//! Ten real nodes under random partitions, with members acting on whichever node they reach,
//! nodes syncing with those in their part of the network, and nodes killed (as by kill -9)
//! in the middle of a burst of votes and restarted. In the end every node holds every event
//! any node acknowledged, and all show the same state digest.
//!
//! The run is seeded: `PLENUM_SIM_SEED=n` replays or varies it.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

mod nodes;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use nodes::{Node, cli};
use record::payload::{Choice, Threshold};
use record::{AssemblyId, EventId};
use test_support::Scenario;

const NODES: usize = 10;
const MEMBERS: usize = 12;
const STEPS: usize = 160;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn held(node: &Node, assembly: &AssemblyId) -> BTreeSet<EventId> {
    let (status, bytes) = node.get(&format!("/api/assemblies/{assembly}/bundle"));
    assert_eq!(status, 200);
    record::bundle::decode(&bytes).unwrap().events.iter().map(record::Event::id).collect()
}

#[test]
fn ten_nodes_under_partitions_and_kills_converge_losing_nothing_acknowledged() {
    let seed: u64 =
        std::env::var("PLENUM_SIM_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let root = tempfile::tempdir().unwrap();

    let mut s = Scenario::found("City council of delegates");
    for i in 1..MEMBERS {
        s.join(0, &format!("Delegate {i}"));
    }
    let motion = s.motion(1, "Refer the wage demand to every workplace").unwrap();
    let ballot = s.open(0, motion, (1, 2), Threshold::TwoThirds).unwrap();
    let assembly = s.state.id;
    let file = root.path().join("base.bundle");
    let base = record::bundle::Bundle {
        created: 0,
        events: s.events.clone(),
        heads: vec![(assembly, s.state.frontier.iter().copied().collect())],
        node: None,
    };
    std::fs::write(&file, record::bundle::encode(&base)).unwrap();
    let dirs: Vec<PathBuf> = (0..NODES).map(|i| root.path().join(format!("n{i}"))).collect();
    for dir in &dirs {
        let (code, out, err) =
            cli(&["bundle", "import", file.to_str().unwrap(), "--data", dir.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
    }
    let mut nodes: Vec<Node> = dirs.iter().map(|d| Node::start(d)).collect();
    let acknowledged: Arc<Mutex<BTreeSet<EventId>>> = Arc::default();
    let mut part = vec![0usize; NODES];
    let (mut kills, mut syncs, mut acts) = (0, 0, 0);

    for step in 0..STEPS {
        if step % 20 == 0 {
            // A new partition of the network into up to three parts.
            let parts = 1 + rng.below(3);
            part = (0..NODES).map(|_| rng.below(parts)).collect();
        }
        match rng.below(10) {
            0..=5 => {
                let (who, at) = (rng.below(MEMBERS), rng.below(NODES));
                let key = s.keypair(who);
                let id = if rng.below(3) == 0 {
                    nodes[at].comment(&key, &assembly, motion, &format!("Point {step}."))
                } else {
                    let choice = [Choice::Yes, Choice::No, Choice::Abstain][rng.below(3)];
                    nodes[at].vote(&key, &assembly, ballot, choice)
                };
                if let Some(id) = id {
                    acts += 1;
                    acknowledged.lock().unwrap().insert(id);
                }
            }
            6..=8 => {
                let (a, b) = (rng.below(NODES), rng.below(NODES));
                if a != b && part[a] == part[b] {
                    nodes[a].sync_with(&s.keypair(0), &nodes[b]);
                    syncs += 1;
                }
            }
            _ => {
                // A burst of votes while the node is killed at an arbitrary moment.
                let victim = rng.below(NODES);
                let port = nodes[victim].port;
                let key = s.keypair(rng.below(MEMBERS));
                let acked = Arc::clone(&acknowledged);
                let burst = std::thread::spawn(move || {
                    let mut mine = Vec::new();
                    for k in 0..40 {
                        let node = nodes::Probe(port);
                        match node.comment(&key, &assembly, motion, &format!("Burst {k}.")) {
                            Some(id) => {
                                acked.lock().unwrap().insert(id);
                                mine.push(id);
                            }
                            None => break,
                        }
                    }
                    mine
                });
                std::thread::sleep(std::time::Duration::from_millis(20 + rng.below(60) as u64));
                let dir = std::mem::replace(&mut nodes[victim], Node::placeholder()).kill();
                let survived = burst.join().unwrap();
                nodes[victim] = Node::start(&dir);
                kills += 1;
                let now_held = held(&nodes[victim], &assembly);
                for id in &survived {
                    assert!(now_held.contains(id), "acknowledged event {id} lost by kill -9");
                }
            }
        }
    }

    // The network heals: a pass along the line of nodes and back brings everything everywhere.
    for i in 0..NODES - 1 {
        nodes[i].sync_with(&s.keypair(0), &nodes[i + 1]);
    }
    for i in (0..NODES - 1).rev() {
        nodes[i + 1].sync_with(&s.keypair(0), &nodes[i]);
    }
    let digests: Vec<(String, u64)> = nodes.iter().map(|n| n.digest(&assembly)).collect();
    assert!(digests.iter().all(|d| *d == digests[0]), "{digests:?}");
    let acknowledged = acknowledged.lock().unwrap();
    for node in &nodes {
        let held = held(node, &assembly);
        let lost: Vec<_> = acknowledged.difference(&held).collect();
        assert!(lost.is_empty(), "node {} lacks acknowledged events {lost:?}", node.url());
    }
    assert!(kills > 0 && syncs > 0 && acts > 0, "the run exercised kills, syncs and acts");
    eprintln!(
        "seed {seed}: {acts} acts, {syncs} syncs, {kills} kills, {} events acknowledged, {} held",
        acknowledged.len(),
        digests[0].1
    );
}
