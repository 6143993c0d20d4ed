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

mod load;

use record::Payload;
use record::payload::{Choice, Mark, Threshold, Vote};
use test_support::Scenario;

fn main() {
    let members = load::env("BENCH_MEMBERS", 10_000);
    let clients = load::env("BENCH_CLIENTS", 64);
    let dir = tempfile::tempdir().expect("a temporary directory");

    // The seeded history (two events per member, a second apart) ends before the vote starts.
    let history = (2 * members as u64 + 10) * 1000;
    let mut s = Scenario::found_at("Benchmark assembly", node::system_time() - history - 60_000);
    let voters: Vec<usize> = (0..members).map(|i| s.join(0, &format!("Member {i}"))).collect();
    let motion = s.motion(0, "Strike from Monday").expect("a member's motion");
    let ballot = s.open(0, motion, (1, 2), Threshold::TwoThirds).expect("the founder convenes");
    let served = load::serve(dir.path(), s.events.clone());

    let vote = |_, _| Payload::Vote(Vote { ballot, mark: Mark::Choice(Choice::Yes) });
    let (elapsed, latencies) = load::burst(served.port, &s.state, &voters, clients, &vote);
    let tally = served.node.state(&s.state.id).expect("the assembly").ballots[&ballot].tally();
    assert_eq!(tally.yes, members as u64, "every acknowledged vote is counted");

    println!(
        "serve benchmark: {members} members, {clients} concurrent connections, {}",
        served.backend
    );
    load::report("votes", voters.len(), elapsed, &latencies);
}
