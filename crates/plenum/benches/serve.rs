//! `cargo bench -p plenum --bench serve`: a node under an assembly voting at once.
//!
//! Starts a node on a SQLite file in a temporary directory (durable: `synchronous = FULL`) —
//! or, when `BENCH_POSTGRES` holds a connection string, on that PostgreSQL database (durable:
//! `synchronous_commit = on`; give it an empty database or schema) — serving HTTP on loopback; seeds an assembly of `BENCH_MEMBERS` members (default 10,000) with
//! an open ballot; then every member's phone posts its signed vote to `POST /api/events`, from
//! `BENCH_CLIENTS` concurrent connections (default 64), all within the same burst, each signing its vote just before sending it with the node's clock. Prints the
//! votes durably acknowledged per second and the median and 99th percentile acknowledgement
//! latency, beside PRODUCT.md's target (at least 1,000 per second, p99 under 250 ms, while
//! 10,000 members vote inside one minute).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use domain::{Author, Origin};
use node::{Config, Node};
use record::Payload;
use record::payload::{Choice, Mark, Threshold, Vote};
use server::{AppState, Options};
use store_postgres::PostgresStore;
use store_sqlite::SqliteStore;
use test_support::Scenario;
use test_support::http::request;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The key of test member `who` (the scenario's deterministic keys).
fn s_keypair(who: usize) -> record::Keypair {
    record::Keypair::from_seed(test_support::seed(u32::try_from(who).expect("few members")))
}

fn main() {
    let members = env("BENCH_MEMBERS", 10_000);
    let clients = env("BENCH_CLIENTS", 64);
    let dir = tempfile::tempdir().expect("a temporary directory");

    // The seeded history (two events per member, a second apart) ends before the vote starts.
    let history = (2 * members as u64 + 10) * 1000;
    let mut s = Scenario::found_at("Benchmark assembly", node::system_time() - history - 60_000);
    let voters: Vec<usize> = (0..members).map(|i| s.join(0, &format!("Member {i}"))).collect();
    let motion = s.motion(0, "Strike from Monday").expect("a member's motion");
    let ballot = s.open(0, motion, (1, 2), Threshold::TwoThirds).expect("the founder convenes");

    let (store, backend): (Box<dyn store::Store>, &str) = match std::env::var("BENCH_POSTGRES") {
        Ok(connection) => (
            Box::new(PostgresStore::connect(&connection).expect("the PostgreSQL store")),
            "PostgreSQL synchronous_commit=on",
        ),
        Err(_) => (
            Box::new(SqliteStore::open_dir(dir.path()).expect("a store")),
            "SQLite synchronous=FULL",
        ),
    };
    let node = Node::open(store, Config::default()).expect("a node");
    // The seeded history enters as a peer's would (its times are in the past), all queued at
    // once so the writer commits it in large batches.
    let (tx, rx) = std::sync::mpsc::channel();
    for event in s.events.clone() {
        let tx = tx.clone();
        node.submit_event(event, Origin::Peer, move |r| {
            let _ = tx.send(r.is_ok());
        });
    }
    drop(tx);
    assert!(rx.iter().all(|ok| ok), "the seeded history is accepted");

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("a port");
    let port = listener.local_addr().expect("an address").port();
    let state = AppState::new(node.clone(), Options::default());
    runtime.spawn(async move { server::serve_on(listener, state, std::future::pending()).await });

    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let started = Instant::now();
    let state = &s.state;
    std::thread::scope(|scope| {
        for chunk in voters.chunks(voters.len().div_ceil(clients)) {
            let latencies = Arc::clone(&latencies);
            scope.spawn(move || {
                for &voter in chunk {
                    // Each phone signs just before it sends, with the node's time, as the page
                    // script does.
                    let mut author = Author::resume(s_keypair(voter), state);
                    let vote = Payload::Vote(Vote { ballot, mark: Mark::Choice(Choice::Yes) });
                    let vote =
                        author.make(vote, node::system_time(), state.frontier.iter().copied());
                    let sent = Instant::now();
                    let (status, body) = request(
                        port,
                        "POST",
                        "/api/events",
                        "application/octet-stream",
                        vote.bytes(),
                    )
                    .expect("the node answers");
                    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
                    latencies.lock().expect("no panics while held").push(sent.elapsed());
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let mut latencies = latencies.lock().expect("no panics while held").clone();
    latencies.sort_unstable();
    let pick = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let rate = voters.len() as f64 / elapsed.as_secs_f64();
    let tally = node.state(&s.state.id).expect("the assembly").ballots[&ballot].tally();
    assert_eq!(tally.yes, members as u64, "every acknowledged vote is counted");

    println!("serve benchmark: {members} members, {clients} concurrent connections, {backend}");
    println!(
        "  {} votes acknowledged durably in {:.2} s: {rate:.0} votes/s (target ≥ 1,000/s)",
        voters.len(),
        elapsed.as_secs_f64()
    );
    println!(
        "  acknowledgement latency: median {:.1} ms, p99 {:.1} ms (target p99 < 250 ms)",
        pick(0.5).as_secs_f64() * 1000.0,
        pick(0.99).as_secs_f64() * 1000.0
    );
    println!(
        "  the whole electorate voted in {:.1} s (target: 10,000 members inside 60 s)",
        elapsed.as_secs_f64()
    );
}
