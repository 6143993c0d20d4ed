//! What the serve benchmarks share: a node on a durable store (SQLite, or PostgreSQL) seeded with a scenario's
//! history and serving HTTP on loopback; a burst in which every voter's phone signs its vote
//! with the node's clock and posts it from many connections at once; and the report beside
//! PRODUCT.md's targets.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use domain::{Assembly, Author, Origin};
use node::{Config, Node};
use record::{Event, Payload};
use server::{AppState, Options};
use store_postgres::PostgresStore;
use store_sqlite::SqliteStore;
use test_support::http::request;

/// A whole-number setting from the environment, or its default.
pub fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A node serving on loopback, kept alive with its runtime.
pub struct Served {
    pub node: Node,
    pub port: u16,
    /// The store and its durability setting, for the report.
    pub backend: &'static str,
    _runtime: tokio::runtime::Runtime,
}

/// Opens a node over `dir` (SQLite, `synchronous = FULL`) — or over the PostgreSQL database
/// that `BENCH_POSTGRES` names (a connection string; `synchronous_commit = on`) — stores `history` as a peer's events
/// would enter (its times are in the past), all queued at once so that the writer commits them
/// in large batches, and serves it on a free loopback port.
pub fn serve(dir: &std::path::Path, history: Vec<Event>) -> Served {
    let (store, backend): (Box<dyn store::Store>, &str) = match std::env::var("BENCH_POSTGRES") {
        Ok(connection) => (
            Box::new(PostgresStore::connect(&connection).expect("the PostgreSQL store")),
            "PostgreSQL synchronous_commit=on",
        ),
        Err(_) => {
            (Box::new(SqliteStore::open_dir(dir).expect("a store")), "SQLite synchronous=FULL")
        }
    };
    let node = Node::open(store, Config::default()).expect("a node");
    let (tx, rx) = std::sync::mpsc::channel();
    for event in history {
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
    Served { node, port, backend, _runtime: runtime }
}

/// The key of test member `who` (the scenario's deterministic keys).
fn keypair(who: usize) -> record::Keypair {
    record::Keypair::from_seed(test_support::seed(u32::try_from(who).expect("few members")))
}

/// Every voter's phone, `clients` at a time, signs `vote(i, voter)` (the `i`th voter) just
/// before it sends it, with the node's time as the page script does, and waits for the durable
/// acknowledgement. Returns the burst's duration and the sorted acknowledgement latencies.
pub fn burst(
    port: u16,
    state: &Assembly,
    voters: &[usize],
    clients: usize,
    vote: &(dyn Fn(usize, usize) -> Payload + Sync),
) -> (Duration, Vec<Duration>) {
    let latencies = Mutex::new(Vec::with_capacity(voters.len()));
    let started = Instant::now();
    let per = voters.len().div_ceil(clients);
    std::thread::scope(|scope| {
        for (c, chunk) in voters.chunks(per).enumerate() {
            let latencies = &latencies;
            scope.spawn(move || {
                for (i, &voter) in chunk.iter().enumerate() {
                    let mut author = Author::resume(keypair(voter), state);
                    let payload = vote(c * per + i, voter);
                    let event =
                        author.make(payload, node::system_time(), state.frontier.iter().copied());
                    let sent = Instant::now();
                    let (status, body) = request(
                        port,
                        "POST",
                        "/api/events",
                        "application/octet-stream",
                        event.bytes(),
                    )
                    .expect("the node answers");
                    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
                    latencies.lock().expect("no panics while held").push(sent.elapsed());
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let mut latencies = latencies.into_inner().expect("no panics while held");
    latencies.sort_unstable();
    (elapsed, latencies)
}

/// Prints the rate of `what` (votes, ballots) acknowledged and the latencies beside the targets.
pub fn report(what: &str, count: usize, elapsed: Duration, latencies: &[Duration]) {
    let pick = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let rate = count as f64 / elapsed.as_secs_f64();
    println!(
        "  {count} {what} acknowledged durably in {:.2} s: {rate:.0} {what}/s (target ≥ 1,000/s)",
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
