//! `plenum bench sync`: two replicas of a large record that differ a little, reconciled in
//! memory by the real planner on both sides, with the round trips, the protocol bytes beyond
//! the events, and the wall time — beside the naive baseline of sending every id.
//!
//! The replicas are synthetic (`sync::synthetic`): stand-in events with real ids, times and
//! dependencies, but no signatures or rules, so building a million of them takes seconds.
//! Each case runs twice: as nodes sync (heads first), and by reconciliation alone (what the
//! issue's reference figures measure).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use record::AssemblyId;
use sync::synthetic::{SyntheticReplica, Universe};
use sync::{NodeId, Request, Session, Stats};

use crate::say::Say;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Reconcile two replicas that differ a little, and report the cost.
    Sync(SyncArgs),
}

#[derive(clap::Args)]
pub struct SyncArgs {
    /// Events in each replica.
    #[arg(long, default_value_t = 1_000_000)]
    events: u32,
    /// Events by which the replicas differ.
    #[arg(long, default_value_t = 1_000)]
    differ: u32,
}

const ASSEMBLY: AssemblyId = AssemblyId([1; 32]);

/// Where the difference lies, and who holds it.
#[derive(Clone, Copy)]
enum Case {
    /// The client was offline: it lacks the newest events.
    NewestEnd,
    /// The client lacks events scattered through history.
    Scattered,
    /// Both made events while apart: half the difference on each side, at the newest end.
    BothNewest,
    /// Both hold events the other lacks, scattered through history.
    BothScattered,
}

impl Case {
    fn code(self) -> &'static str {
        match self {
            Self::NewestEnd => "newest-end",
            Self::Scattered => "scattered",
            Self::BothNewest => "both-newest",
            Self::BothScattered => "both-scattered",
        }
    }
}

pub fn run(say: &Say, command: &Command) -> anyhow::Result<ExitCode> {
    let Command::Sync(args) = command;
    let naive = u64::from(args.events) * 32;
    println!(
        "{}",
        say.args(
            "cli-bench-header",
            &[
                ("events", args.events.into()),
                ("differ", args.differ.into()),
                ("naive", naive.into())
            ]
        )
    );
    for case in [Case::NewestEnd, Case::Scattered, Case::BothNewest, Case::BothScattered] {
        let (client, server) = build(case, args.events, args.differ);
        for heads_first in [true, false] {
            let (stats, elapsed) = reconcile(client.clone(), server.clone(), heads_first)?;
            let mode =
                if heads_first { "cli-bench-mode-protocol" } else { "cli-bench-mode-negentropy" };
            println!(
                "{}",
                say.args(
                    "cli-bench-line",
                    &[
                        ("case", say.t(&format!("cli-bench-case-{}", case.code())).into()),
                        ("mode", say.t(mode).into()),
                        ("rounds", u64::from(stats.round_trips).into()),
                        ("bytes", stats.overhead().into()),
                        ("events", (stats.events_sent + stats.events_received).into()),
                        ("ms", u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX).into()),
                    ]
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the two replicas of a case: a chain of `n` events (each naming the one before, as
/// a busy assembly's record does), with `differ` events apart.
fn build(case: Case, n: u32, differ: u32) -> (SyntheticReplica, SyntheticReplica) {
    let start = 1_767_603_600_000u64;
    let mut universe = Universe::default();
    let differ = differ.min(n / 2);
    let chain_len = n - differ;
    // Scattered differences are side events: each names a chain event and nothing names it.
    let every = (chain_len / differ.max(1)).max(1);
    let mut chain = Vec::with_capacity(chain_len as usize);
    let mut sides = Vec::new();
    let newest = matches!(case, Case::NewestEnd | Case::BothNewest);
    for i in 0..chain_len {
        let deps: Vec<u32> = chain.last().copied().into_iter().collect();
        let e = universe.add(start + u64::from(i) * 50, &deps);
        chain.push(e);
        if !newest && i % every == every / 2 && (sides.len() as u32) < differ {
            sides.push(universe.add(start + u64::from(i) * 50 + 7, &[e]));
        }
    }
    if newest {
        // Two branches growing from the chain's tip, one per side (or one, all on the server).
        let tip = *chain.last().expect("a non-empty chain");
        let (mut left, mut right) = (tip, tip);
        for k in 0..differ {
            let time = start + u64::from(chain_len + k) * 50;
            if k % 2 == 0 {
                left = universe.add(time, &[left]);
                sides.push(left);
            } else {
                right = universe.add(time + 1, &[right]);
                sides.push(right);
            }
        }
    }
    let universe = Arc::new(universe);
    let mut client = SyntheticReplica::new(Arc::clone(&universe));
    let mut server = SyntheticReplica::new(Arc::clone(&universe));
    for &e in &chain {
        client.insert(e);
        server.insert(e);
    }
    let both = matches!(case, Case::BothNewest | Case::BothScattered);
    for (k, &e) in sides.iter().enumerate() {
        server.insert(e);
        if both && k % 2 == 1 {
            client.insert(e);
        }
    }
    if both {
        // Each side holds its own half: take the odd ones away from the server's copy.
        let mut own = SyntheticReplica::new(universe);
        for &e in &chain {
            own.insert(e);
        }
        for (k, &e) in sides.iter().enumerate() {
            if k % 2 == 0 {
                own.insert(e);
            }
        }
        server = own;
    }
    (client, server)
}

fn reconcile(
    client: SyntheticReplica,
    server: SyntheticReplica,
    heads_first: bool,
) -> anyhow::Result<(Stats, std::time::Duration)> {
    let mut client = BTreeMap::from([(ASSEMBLY, client)]);
    let mut server = BTreeMap::from([(ASSEMBLY, server)]);
    let started = Instant::now();
    let mut session = Session::new(NodeId([1; 16]), [ASSEMBLY]);
    if !heads_first {
        session = session.reconcile_only();
    }
    let (mut client_waiting, mut server_waiting) = (Vec::new(), Vec::new());
    while let Some(bytes) = session.next_request(&client)? {
        let request = Request::decode(&bytes)?;
        for ask in &request.asks {
            if let Some(r) = server.get_mut(&ask.assembly) {
                r.receive(&ask.events, &mut server_waiting);
            }
        }
        let response = sync::answer(&server, NodeId([2; 16]), &request).encode();
        let events = session.absorb(&client, &response)?;
        if let Some(r) = client.get_mut(&ASSEMBLY) {
            r.receive(&events, &mut client_waiting);
        }
    }
    let elapsed = started.elapsed();
    anyhow::ensure!(
        client[&ASSEMBLY].ids() == server[&ASSEMBLY].ids(),
        "the replicas differ after the sync"
    );
    Ok((session.stats(), elapsed))
}
