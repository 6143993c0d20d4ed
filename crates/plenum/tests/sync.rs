//! Real nodes, cut off from each other, each with its own members voting; then they sync —
//! over HTTP in every pairing and order, or by bundles carried round a ring — and end with
//! identical state digests.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

mod nodes;

use std::path::{Path, PathBuf};

use nodes::{Node, cli, copy_dir};
use record::payload::{Choice, Threshold};
use record::{AssemblyId, EventId, Keypair};
use test_support::Scenario;

/// The record every node starts from: an assembly with six members and a ballot open.
struct Base {
    scenario: Scenario,
    motion: EventId,
    ballot: EventId,
}

impl Base {
    fn new() -> Self {
        let mut scenario = Scenario::found("Oil field strike committee");
        for name in ["Asel", "Bolat", "Dana", "Yerlan", "Gulnar", "Timur"] {
            scenario.join(0, name);
        }
        let motion = scenario.motion(1, "Strike from Monday for the old wage").unwrap();
        let ballot = scenario.open(0, motion, (1, 3), Threshold::SimpleMajority).unwrap();
        Self { scenario, motion, ballot }
    }

    fn id(&self) -> AssemblyId {
        self.scenario.state.id
    }

    fn key(&self, who: usize) -> Keypair {
        self.scenario.keypair(who)
    }

    /// `n` data directories, each holding the base record (imported as a bundle).
    fn seed(&self, root: &Path, n: usize) -> Vec<PathBuf> {
        std::fs::create_dir_all(root).unwrap();
        let file = root.join("base.bundle");
        let bundle = record::bundle::Bundle {
            created: 0,
            events: self.scenario.events.clone(),
            heads: vec![(self.id(), self.scenario.state.frontier.iter().copied().collect())],
            node: None,
        };
        std::fs::write(&file, record::bundle::encode(&bundle)).unwrap();
        (0..n)
            .map(|i| {
                let dir = root.join(format!("node{i}"));
                let (code, out, err) = cli(&[
                    "bundle",
                    "import",
                    file.to_str().unwrap(),
                    "--data",
                    dir.to_str().unwrap(),
                ]);
                assert_eq!(code, 0, "{out}{err}");
                dir
            })
            .collect()
    }
}

/// Three nodes cut off from each other: each one's members act on their own node.
/// Returns the stopped nodes' data directories.
fn partitioned(base: &Base, root: &Path, n: usize) -> Vec<PathBuf> {
    let dirs = base.seed(root, n);
    let nodes: Vec<Node> = dirs.iter().map(|d| Node::start(d)).collect();
    let (id, ballot, motion) = (base.id(), base.ballot, base.motion);
    // Node A: two votes.
    assert!(nodes[0].vote(&base.key(1), &id, ballot, Choice::Yes).is_some());
    assert!(nodes[0].vote(&base.key(2), &id, ballot, Choice::No).is_some());
    // Node B: a vote, a comment.
    assert!(nodes[1].vote(&base.key(3), &id, ballot, Choice::Yes).is_some());
    assert!(nodes[1].comment(&base.key(4), &id, motion, "We stop at the gate at six.").is_some());
    if n > 2 {
        // Node C: Asel changes her vote from a second phone (her chain forks), others act.
        assert!(nodes[2].vote(&base.key(1), &id, ballot, Choice::No).is_some());
        assert!(nodes[2].vote(&base.key(6), &id, ballot, Choice::Abstain).is_some());
        assert!(nodes[2].comment(&base.key(5), &id, motion, "Night shift agrees.").is_some());
    }
    std::thread::sleep(std::time::Duration::from_millis(5));
    // Node A: a convenor closes the ballot.
    assert!(nodes[0].act(&base.key(0), &id, &close(ballot)).is_some());
    std::thread::sleep(std::time::Duration::from_millis(5));
    // Node B, after A closed the ballot (B cannot know): this vote comes too late.
    assert!(nodes[1].vote(&base.key(4), &id, ballot, Choice::No).is_some());
    for node in nodes {
        node.kill();
    }
    dirs
}

fn close(ballot: EventId) -> record::Payload {
    record::Payload::CloseBallot(record::payload::CloseBallot { ballot })
}

fn fresh_copies(dirs: &[PathBuf], root: &Path, label: &str) -> Vec<PathBuf> {
    dirs.iter()
        .enumerate()
        .map(|(i, d)| {
            let to = root.join(format!("{label}-{i}"));
            copy_dir(d, &to);
            to
        })
        .collect()
}

#[test]
fn two_nodes_converge_whichever_starts_the_sync() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let dirs = partitioned(&base, root.path(), 2);
    let mut digests = Vec::new();
    for (order, (client, server)) in [(0, 1), (1, 0)].into_iter().enumerate() {
        let copies = fresh_copies(&dirs, root.path(), &format!("order{order}"));
        let nodes: Vec<Node> = copies.iter().map(|d| Node::start(d)).collect();
        let before: Vec<_> = nodes.iter().map(|n| n.digest(&base.id())).collect();
        assert_ne!(before[0], before[1], "the partition made the nodes differ");
        nodes[client].sync_with(&base.key(0), &nodes[server]);
        let after: Vec<_> = nodes.iter().map(|n| n.digest(&base.id())).collect();
        assert_eq!(after[0], after[1], "order {order}");
        assert_eq!(after[0].1, before[0].1 + before[1].1 - base.scenario.events.len() as u64);
        digests.push(after[0].clone());
    }
    assert_eq!(digests[0], digests[1], "the same events give the same state whoever starts");
}

#[test]
fn three_nodes_converge_in_every_pairing_and_order() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let dirs = partitioned(&base, root.path(), 3);
    let pairs = [(0, 1), (1, 2), (0, 2)];
    let orders: [[usize; 3]; 6] =
        [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    let mut reference = None;
    for (n, order) in orders.iter().enumerate() {
        let copies = fresh_copies(&dirs, root.path(), &format!("order{n}"));
        let nodes: Vec<Node> = copies.iter().map(|d| Node::start(d)).collect();
        for (k, &p) in order.iter().enumerate() {
            // Both directions of starting a sync are exercised across the orders.
            let (a, b) = if (n + k) % 2 == 0 { pairs[p] } else { (pairs[p].1, pairs[p].0) };
            nodes[a].sync_with(&base.key(0), &nodes[b]);
        }
        let digests: Vec<_> = nodes.iter().map(|node| node.digest(&base.id())).collect();
        assert!(digests.iter().all(|d| *d == digests[0]), "order {order:?}: {digests:?}");
        match &reference {
            None => {
                reference = Some(digests[0].clone());
                verify_reports_the_conflicts(&nodes[1], root.path());
            }
            Some(r) => assert_eq!(r, &digests[0], "order {order:?}"),
        }
        // The rules resolved the conflicts the same way everywhere: the vote cast on B after
        // A closed the ballot took no effect, and of Asel's votes from two phones the later
        // (No, on C) counts: yes 1, no 2, abstain 1.
        let state = nodes[0].json(&format!("/api/assemblies/{}", base.id()));
        let ballot = &state["motions_list"][0]["ballot"];
        assert_eq!(
            (&ballot["yes"], &ballot["no"], &ballot["abstain"], &ballot["result"]),
            (&1.into(), &2.into(), &1.into(), &"not_carried".into()),
            "{ballot}"
        );
    }
}

/// The merged record verifies offline as valid, the conflicts resolved by the rules listed.
fn verify_reports_the_conflicts(node: &Node, root: &Path) {
    let (status, bytes) = node.get("/api/bundle");
    assert_eq!(status, 200);
    let file = root.join("merged.bundle");
    std::fs::write(&file, bytes).unwrap();
    let (code, out, err) = cli(&["verify", "--json", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["valid"], true);
    let conflicts = report["conflicts"].as_array().unwrap();
    let codes: Vec<&str> = conflicts.iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["ballot-closed"], "the vote cast on B after A closed the ballot");
    assert_eq!(
        conflicts[0]["reason"], "This ballot is closed.",
        "explained in the reader's language"
    );
}

fn status_digest(dir: &Path) -> String {
    let (code, out, err) = cli(&["status", "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    out.lines()
        .find_map(|l| l.trim().strip_prefix("state digest "))
        .map(|d| d.trim_matches(|c: char| !c.is_ascii_hexdigit()).to_string())
        .unwrap()
}

/// Carries the events `to` lacks from `from`, as a person does with a USB stick: the heads
/// of `to` one way, the bundle the other.
fn carry(from: &Path, to: &Path, stick: &Path) -> String {
    let heads = stick.join("heads.bundle");
    let bundle = stick.join("events.bundle");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let (code, out, err) = cli(&["bundle", "heads", "--out", &s(&heads), "--data", &s(to)]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) =
        cli(&["bundle", "export", "--since", &s(&heads), "--out", &s(&bundle), "--data", &s(from)]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = cli(&["bundle", "import", &s(&bundle), "--data", &s(to)]);
    assert_eq!(code, 0, "{out}{err}");
    out
}

#[test]
fn bundles_carried_round_a_ring_of_three_converge() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let dirs = partitioned(&base, root.path(), 3);
    for (dir, aside) in dirs.iter().zip(partitioned_copy(&dirs)) {
        copy_dir(dir, &aside);
    }
    let stick = root.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let before: Vec<String> = dirs.iter().map(|d| status_digest(d)).collect();
    assert!(before[0] != before[1] && before[1] != before[2]);
    // A → B → C → A, then A → B once more: every node has seen every other's events.
    for (from, to) in [(0, 1), (1, 2), (2, 0), (0, 1)] {
        carry(&dirs[from], &dirs[to], &stick);
    }
    let after: Vec<String> = dirs.iter().map(|d| status_digest(d)).collect();
    assert!(after.iter().all(|d| *d == after[0]), "{after:?}");

    // The same events synced over the network instead give the same state.
    let copies = fresh_copies(&partitioned_copy(&dirs), root.path(), "net");
    let nodes: Vec<Node> = copies.iter().map(|d| Node::start(d)).collect();
    nodes[0].sync_with(&base.key(0), &nodes[1]);
    nodes[2].sync_with(&base.key(0), &nodes[0]);
    nodes[1].sync_with(&base.key(0), &nodes[0]);
    for node in &nodes {
        assert_eq!(node.digest(&base.id()).0, after[0], "bundles and sync agree");
    }
}

/// The partitioned data directories as they were before the ring (kept aside by the caller).
fn partitioned_copy(dirs: &[PathBuf]) -> Vec<PathBuf> {
    dirs.iter().map(|d| d.with_extension("before")).collect()
}

#[test]
fn importing_twice_changes_nothing_and_damaged_bundles_are_handled() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let dirs = partitioned(&base, root.path(), 2);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let file = root.path().join("a.bundle");
    let (code, _, _) = cli(&["bundle", "export", "--out", &s(&file), "--data", &s(&dirs[0])]);
    assert_eq!(code, 0);
    let (code, first, _) = cli(&["bundle", "import", &s(&file), "--data", &s(&dirs[1])]);
    assert_eq!(code, 0);
    assert!(first.contains("Imported 3 new events"), "{first}");
    let digest = status_digest(&dirs[1]);
    let (code, again, _) = cli(&["bundle", "import", &s(&file), "--data", &s(&dirs[1])]);
    assert_eq!(code, 0);
    assert!(again.contains("Imported 0 new events"), "{again}");
    assert_eq!(status_digest(&dirs[1]), digest);

    // Altered: one byte flipped inside an event. Refused whole; nothing changes.
    let bytes = std::fs::read(&file).unwrap();
    let mut altered = bytes.clone();
    let middle = bytes.len() / 2;
    altered[middle] ^= 0x20;
    let bad = root.path().join("altered.bundle");
    std::fs::write(&bad, &altered).unwrap();
    let fresh = root.path().join("fresh");
    copy_dir(&dirs[0], &fresh);
    let before = status_digest(&dirs[1]);
    let (code, out, err) = cli(&["bundle", "import", &s(&bad), "--data", &s(&dirs[1])]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("refused whole"), "{err}");
    assert_eq!(status_digest(&dirs[1]), before);

    // Cut short: the complete prefix is imported, and the message says so.
    let cut = root.path().join("cut.bundle");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let newcomer = root.path().join("newcomer");
    let (code, out, err) = cli(&["bundle", "import", &s(&cut), "--data", &s(&newcomer)]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("cut short"), "{err}");
    let (_, status, _) = cli(&["status", "--data", &s(&newcomer)]);
    assert!(
        status.contains(&base.scenario.state.name),
        "the prefix founded the assembly: {status}"
    );
}

#[test]
fn a_serving_node_keeps_in_sync_with_its_peers_and_backs_off_while_one_is_down() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let dirs = base.seed(root.path(), 2);
    let port = test_support::webdriver::free_port();
    // B starts first, told of A, which is not running yet: its attempts fail and back off.
    let peer = format!("http://127.0.0.1:{port}");
    let b = Node::start_with(
        &dirs[1],
        test_support::webdriver::free_port(),
        &["--peer", &peer, "--sync-interval", "1"],
    );
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let (code, out, _) = cli(&["status", "--data", dirs[1].to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("last attempt failed"), "{out}");
    // A comes up and a member votes there; B fetches it by itself.
    let a = Node::start_with(&dirs[0], port, &["--sync-interval", "3600"]);
    let vote = a.vote(&base.key(2), &base.id(), base.ballot, Choice::No).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while b.digest(&base.id()) != a.digest(&base.id()) {
        assert!(std::time::Instant::now() < deadline, "B never caught up with A");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let (status, bytes) = b.get(&format!("/api/assemblies/{}/bundle", base.id()));
    assert_eq!(status, 200);
    let held = record::bundle::decode(&bytes).unwrap();
    assert!(held.events.iter().any(|e| e.id() == vote));
}

#[test]
fn garbage_from_a_peer_does_not_stop_a_node() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let dirs = base.seed(root.path(), 2);
    let a = Node::start(&dirs[0]);
    let b = Node::start(&dirs[1]);
    let before = a.digest(&base.id());
    let garbage: [&[u8]; 4] =
        [b"", b"GET / HTTP/1.1", b"PLSY\x01\x01\xff\xff\xff\xff", &[0x50; 100_000]];
    for body in garbage {
        let (status, _) =
            nodes::http(a.port, "POST", "/api/sync", body, "application/octet-stream");
        assert_eq!(status, 400);
    }
    // A well-formed request pushing forged and malformed events: refused, nothing stored.
    let mut forger = base.scenario.clone();
    let outsider = forger.outsider();
    let forged = forger.make(
        outsider,
        record::Payload::Motion(record::payload::Motion {
            kind: record::payload::MotionKind::Resolution,
            title: "Forged".into(),
            text: String::new(),
        }),
    );
    let request = sync::Request {
        node: sync::NodeId([9; 16]),
        asks: vec![sync::Ask {
            assembly: base.id(),
            count: 0,
            heads: None,
            reconcile: vec![b"\x61garbage".to_vec()],
            want: vec![EventId([1; 32])],
            events: vec![forged.bytes().to_vec(), vec![1, 2, 3]],
        }],
    };
    let (status, body) =
        nodes::http(a.port, "POST", "/api/sync", &request.encode(), "application/octet-stream");
    assert_eq!(status, 200);
    assert!(sync::Response::decode(&body).is_ok());
    assert_eq!(a.digest(&base.id()), before, "nothing the garbage said was stored");
    // The node still serves its members and syncs with honest peers.
    assert!(a.vote(&base.key(1), &base.id(), base.ballot, Choice::Yes).is_some());
    b.sync_with(&base.key(0), &a);
    assert_eq!(a.digest(&base.id()), b.digest(&base.id()));
}

#[test]
fn the_sync_benchmark_runs_and_its_replicas_converge() {
    // A small run of `plenum bench sync`: the command itself checks that both replicas hold
    // the same events after each sync, and fails otherwise. (The figures are not asserted:
    // a benchmark is not a timed test.)
    let (code, out, err) = cli(&["bench", "sync", "--events", "20000", "--differ", "200"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.lines().filter(|l| l.contains("round trips")).count(), 8, "{out}");
}

#[test]
fn a_new_node_joins_an_assembly_by_syncing_and_the_sync_page_shows_its_peer() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let dirs = base.seed(root.path(), 1);
    let a = Node::start(&dirs[0]);
    assert!(a.vote(&base.key(3), &base.id(), base.ballot, Choice::Abstain).is_some());
    let fresh = root.path().join("fresh");
    let fresh_s = fresh.to_str().unwrap();
    // Without --assembly a node that holds nothing has nothing to sync, and says what to do.
    let (code, _, err) = cli(&["sync", &a.url(), "--data", fresh_s]);
    assert_eq!(code, 2);
    assert!(err.contains("--assembly"), "{err}");
    let id = base.id().to_hex();
    let (code, out, err) = cli(&["sync", &a.url(), "--assembly", &id, "--data", fresh_s]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("in sync"), "{out}");
    assert_eq!(status_digest(&fresh), a.digest(&base.id()).0);
    // A bad address is refused before anything is opened.
    let (code, _, err) = cli(&["sync", "https://example.org", "--data", fresh_s]);
    assert_eq!(code, 2);
    assert!(err.contains("http://"), "{err}");

    // The node that was synced with lists its peer, and so does the status command.
    let b = Node::start(&fresh);
    b.sync_with(&base.key(0), &a);
    let (status, page) = b.get("/sync");
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains(&a.url()), "the peer is listed");
    assert!(page.contains(&base.scenario.state.name), "the assembly is listed");
    // A member who is not a convenor cannot add peers.
    let (status, _) = b.peer(&base.key(2), "add", "http://127.0.0.1:1");
    assert_eq!(status, 403);
}

#[test]
fn verify_flags_an_event_no_honest_node_would_have_accepted() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let mut forger = base.scenario.clone();
    let outsider = forger.outsider();
    let forged = forger.make(
        outsider,
        record::Payload::Motion(record::payload::Motion {
            kind: record::payload::MotionKind::Demand,
            title: "Forged demand".into(),
            text: String::new(),
        }),
    );
    let mut events = base.scenario.events.clone();
    events.push(forged.clone());
    let mut heads: Vec<EventId> = base.scenario.state.frontier.iter().copied().collect();
    heads.retain(|h| !forged.deps().contains(h));
    heads.push(forged.id());
    let bundle =
        record::bundle::Bundle { created: 0, events, heads: vec![(base.id(), heads)], node: None };
    let file = root.path().join("forged.bundle");
    std::fs::write(&file, record::bundle::encode(&bundle)).unwrap();
    let (code, out, err) = cli(&["verify", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains(&forged.id().to_hex()) && err.contains("Only members"), "{err}");
    // And no node takes it in.
    let dir = root.path().join("node");
    let (code, out, err) =
        cli(&["bundle", "import", file.to_str().unwrap(), "--data", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("refused: 1"), "{out}");
}

#[test]
fn commands_beside_a_serving_node_do_not_write_behind_its_back() {
    let root = tempfile::tempdir().unwrap();
    let base = Base::new();
    let dirs = base.seed(root.path(), 2);
    let a = Node::start(&dirs[0]);
    assert!(a.vote(&base.key(5), &base.id(), base.ballot, Choice::Yes).is_some());
    let (status, bytes) = a.get("/api/bundle");
    assert_eq!(status, 200);
    let file = root.path().join("a.bundle");
    std::fs::write(&file, bytes).unwrap();
    let b = Node::start(&dirs[1]);
    let data = dirs[1].to_str().unwrap();
    // Syncing from the command line into a served directory is refused, saying why.
    let (code, _, err) = cli(&["sync", &a.url(), "--data", data]);
    assert_eq!(code, 2);
    assert!(err.contains("is serving"), "{err}");
    // A bundle import goes through the serving node, which then shows the new events.
    let (code, out, err) = cli(&["bundle", "import", file.to_str().unwrap(), "--data", data]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("goes through it") && out.contains("Imported 1 new event;"), "{out}");
    assert_eq!(b.digest(&base.id()), a.digest(&base.id()));
}
