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

mod load;

use ballot_crypto::Ballot;
use record::Payload;
use record::payload::{Blob, Mark, Method, Vote};
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

    let served = load::serve(dir.path(), s.events.clone());

    let vote = |i: usize, _| {
        Payload::Vote(Vote { ballot, mark: Mark::Encrypted(Blob(encrypted[i].clone())) })
    };
    let (elapsed, latencies) = load::burst(served.port, &s.state, &voters, clients, &vote);
    let state = served.node.state(&s.state.id).expect("the assembly");
    assert_eq!(
        state.ballots[&ballot].turnout().0,
        members as u64,
        "every acknowledged ballot is held"
    );

    println!(
        "serve benchmark, secret ballots (each one's proofs verified): {members} members, {clients} concurrent connections, {}",
        served.backend
    );
    load::report("ballots", voters.len(), elapsed, &latencies);
}
