//! `plenum sync PEER_URL`: one sync with another node, now, of the assemblies both serve (or
//! of those named with `--assembly`, which is also how a new node joins one it lacks).

use std::process::ExitCode;

use anyhow::Context as _;
use record::AssemblyId;
use server::peers::{self, HttpTransport, PeerUrl};
use sync::{Outcome, Replicas};

use crate::say::Say;
use crate::{DataDir, open_node_to_write};

#[derive(clap::Args)]
pub struct Args {
    /// The other node's address, such as http://10.0.0.2:8080.
    peer: String,
    /// Sync only this assembly (repeatable); it may be one this node does not hold yet.
    #[arg(long)]
    assembly: Vec<AssemblyId>,
    #[command(flatten)]
    data: DataDir,
}

pub fn run(say: &Say, args: &Args) -> anyhow::Result<ExitCode> {
    let url: PeerUrl = args
        .peer
        .parse()
        .map_err(|e: peers::SyncError| anyhow::anyhow!(crate::sync_error(say, &e)))?;
    let node = open_node_to_write(say, &args.data)?;
    let me = server::sync::node_id(&node).map_err(anyhow::Error::msg)?;
    let assemblies = if args.assembly.is_empty() {
        server::sync::NodeReplicas(&node).assemblies()
    } else {
        args.assembly.clone()
    };
    if assemblies.is_empty() {
        anyhow::bail!(say.t("cli-sync-nothing"));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let handle = runtime.handle().clone();
    let result = runtime.block_on(async {
        let node = node.clone();
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            let mut transport = HttpTransport { url, runtime: handle };
            peers::run(&node, me, &mut transport, assemblies)
        })
        .await
    })?;
    peers::remember(&node, &url, "cli", &result).context(say.t("cli-sync-not-remembered"))?;
    let report = result.map_err(|e| anyhow::anyhow!(crate::sync_error(say, &e)))?;
    let mut failed = false;
    for (assembly, outcome) in &report.outcomes {
        let name = node.state(assembly).map_or_else(|| assembly.short(), |a| a.name);
        let line = match outcome {
            Outcome::Done => say.t1("cli-sync-done", "assembly", name),
            Outcome::NotServed => say.t1("cli-sync-not-served", "assembly", name),
            Outcome::Failed(detail) => {
                failed = true;
                say.args(
                    "cli-sync-failed",
                    &[("assembly", name.into()), ("detail", detail.clone().into())],
                )
            }
        };
        println!("{line}");
    }
    let stats = report.stats;
    println!(
        "{}",
        say.args(
            "cli-sync-summary",
            &[
                ("received", report.received.stored.into()),
                ("sent", stats.events_sent.into()),
                ("rounds", u64::from(stats.round_trips).into()),
                ("bytes", stats.overhead().into()),
            ]
        )
    );
    if !report.received.refused.is_empty() {
        failed = true;
        eprintln!("{}", say.t1("cli-sync-refused", "count", report.received.refused.len()));
        for (id, reason) in report.received.refused.iter().take(10) {
            eprintln!("  {} {}", id.short(), crate::rejection(say, reason));
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
