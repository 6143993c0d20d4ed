//! `cargo bench -p plenum --bench serve_secret`: a node under an assembly casting secret
//! ballots at once — the sibling of `serve` for encrypted votes, whose proofs the node checks
//! (on the request's thread, before its single writer) before it stores them.
//!
//! Starts a node on a SQLite file in a temporary directory (durable: `synchronous = FULL`),
//! serving HTTP on loopback; seeds an assembly of `BENCH_MEMBERS` members (default 10,000) with
//! a secret yes/no ballot whose two trustees have run the key ceremony. The phones' work —
//! encrypting and proving each ballot, about 0.6 ms — is done before the clock starts (phones
//! are not the node); then every member's phone signs its encrypted vote with the node's clock
//! and posts it to `POST /api/events`, from `BENCH_CLIENTS` concurrent connections (default
//! 64). Prints the ballots verified and durably acknowledged per second and the median and
//! 99th percentile acknowledgement latency, beside PRODUCT.md's target (at least 1,000
//! verified secret ballots per second, p99 under 250 ms, while 10,000 members vote inside one
//! minute).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ballot_crypto::Ballot;
use domain::{Author, Origin};
use node::{Config, Node};
use record::Payload;
use record::payload::{Blob, Mark, Method, Vote};
use server::{AppState, Options};
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
    let ballot = s
        .open_secret(0, motion, Method::YesNoAbstain, &[voters[0], voters[1]], 2)
        .expect("the founder convenes");
    s.run_ceremony(ballot);
    let election = s.secret_election(ballot);
    // The phones encrypt and prove, before the clock starts.
    let encrypted: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let halves: Vec<_> = voters
            .chunks(voters.len().div_ceil(2))
            .map(|chunk| {
                let (s, election) = (&s, &election);
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|&voter| {
                            let ticks = vec![voter % 3 == 0, voter % 3 == 1];
                            let (b, _) = Ballot::encrypt(
                                election,
                                &s.key(voter),
                                &[ticks],
                                &mut s.rng(voter),
                            )
                            .expect("a valid choice");
                            b.to_bytes()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().expect("encrypting does not panic")).collect()
    });

    let node = Node::open(
        Box::new(SqliteStore::open_dir(dir.path()).expect("a store")),
        Config::default(),
    )
    .expect("a node");
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
        let per = voters.len().div_ceil(clients);
        for (c, chunk) in voters.chunks(per).enumerate() {
            let latencies = Arc::clone(&latencies);
            let encrypted = &encrypted;
            scope.spawn(move || {
                for (i, &voter) in chunk.iter().enumerate() {
                    // Each phone signs just before it sends, with the node's time, as the page
                    // script does.
                    let mut author = Author::resume(s_keypair(voter), state);
                    let blob = Blob(encrypted[c * per + i].clone());
                    let vote = Payload::Vote(Vote { ballot, mark: Mark::Encrypted(blob) });
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
    let state = node.state(&s.state.id).expect("the assembly");
    assert_eq!(
        state.ballots[&ballot].turnout().0,
        members as u64,
        "every acknowledged ballot is held"
    );

    println!(
        "serve benchmark, secret ballots: {members} members, {clients} concurrent connections, SQLite synchronous=FULL"
    );
    println!(
        "  {} ballots verified and acknowledged durably in {:.2} s: {rate:.0} ballots/s (target ≥ 1,000/s)",
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
