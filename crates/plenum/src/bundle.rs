//! `plenum bundle`: events carried by hand between nodes that no network joins.
//!
//! - `export` writes the events another node lacks — all of them, or, with `--since`, those
//!   not already behind the heads recorded in a bundle that node wrote — plus this node's
//!   heads and id.
//! - `heads` writes a bundle with no events, only this node's heads: what to carry to a node
//!   so that its next export holds only what this one lacks.
//! - `import` judges every event as one from a peer and stores those that hold, in one
//!   transaction: importing the same bundle twice changes nothing; an altered bundle is
//!   refused whole; a bundle cut short imports its complete prefix and says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use record::bundle::{self, Bundle, BundleError};
use record::{AssemblyId, Event, EventId};
use sync::Replicas;

use crate::say::Say;
use crate::{DataDir, open_node};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Write events to a bundle file, for another node.
    Export(ExportArgs),
    /// Write only this node's heads, for another node to export what this one lacks.
    Heads(HeadsArgs),
    /// Check a bundle's events and store those that hold.
    Import(ImportArgs),
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The bundle file to write.
    #[arg(long)]
    out: PathBuf,
    /// Export only this assembly (repeatable); every assembly if absent.
    #[arg(long)]
    assembly: Vec<AssemblyId>,
    /// A bundle written by the other node (`plenum bundle heads`, or any of its exports):
    /// only events it lacked then are written.
    #[arg(long, value_name = "HEADS_FILE")]
    since: Option<PathBuf>,
    #[command(flatten)]
    data: DataDir,
}

#[derive(clap::Args)]
pub struct HeadsArgs {
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    data: DataDir,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The bundle file.
    file: PathBuf,
    #[command(flatten)]
    data: DataDir,
}

pub fn run(say: &Say, command: &Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Export(args) => export(say, args),
        Command::Heads(args) => heads(say, args),
        Command::Import(args) => import(say, args),
    }
}

fn export(say: &Say, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let since = match &args.since {
        Some(path) => {
            let bytes = read(say, path)?;
            let bundle = bundle::decode(&bytes)
                .map_err(|e| anyhow::anyhow!(bundle_error(say, &e)))
                .with_context(|| path.display().to_string())?;
            bundle.heads.into_iter().collect::<BTreeMap<AssemblyId, Vec<EventId>>>()
        }
        None => BTreeMap::new(),
    };
    let node = open_node(say, &args.data)?;
    let replicas = server::sync::NodeReplicas(&node);
    let assemblies =
        if args.assembly.is_empty() { replicas.assemblies() } else { args.assembly.clone() };
    let mut events: Vec<Event> = Vec::new();
    let mut heads = Vec::new();
    for assembly in &assemblies {
        let chosen = replicas.visit(assembly, |r| {
            // Their heads this node holds: everything behind them they hold too. Heads this
            // node lacks say nothing it can use, so what they name may be sent again (an
            // import ignores what it holds).
            let theirs: Vec<EventId> = since
                .get(assembly)
                .map(|h| h.iter().filter(|id| r.position(id).is_some()).copied().collect())
                .unwrap_or_default();
            let positions = sync::lacking(r, &theirs, 0).unwrap_or_default();
            let bytes: Vec<Vec<u8>> = positions.iter().map(|&p| r.bytes_at(p).to_vec()).collect();
            (bytes, r.heads())
        });
        let Some((bytes, mine)) = chosen else {
            anyhow::bail!(say.t1("cli-no-such-assembly", "assembly", assembly.to_hex()));
        };
        for b in bytes {
            events.push(Event::decode_trusted(b).context("a stored event")?);
        }
        heads.push((*assembly, mine));
    }
    if heads.is_empty() {
        anyhow::bail!(say.t("cli-nothing-to-export"));
    }
    let me = server::sync::node_id(&node).map_err(anyhow::Error::msg)?;
    let count = events.len();
    let bundle = Bundle { created: node.now(), events, heads, node: Some(me.0) };
    write_atomically(say, &args.out, &bundle::encode(&bundle))?;
    println!(
        "{}",
        say.args(
            "cli-exported",
            &[("count", count.into()), ("file", args.out.display().to_string().into())]
        )
    );
    Ok(ExitCode::SUCCESS)
}

fn heads(say: &Say, args: &HeadsArgs) -> anyhow::Result<ExitCode> {
    let node = open_node(say, &args.data)?;
    let replicas = server::sync::NodeReplicas(&node);
    let heads: Vec<(AssemblyId, Vec<EventId>)> = replicas
        .assemblies()
        .into_iter()
        .filter_map(|a| replicas.visit(&a, |r| (a, r.heads())))
        .collect();
    let me = server::sync::node_id(&node).map_err(anyhow::Error::msg)?;
    let bundle = Bundle { created: node.now(), events: Vec::new(), heads, node: Some(me.0) };
    write_atomically(say, &args.out, &bundle::encode(&bundle))?;
    println!("{}", say.t1("cli-heads-written", "file", args.out.display().to_string()));
    Ok(ExitCode::SUCCESS)
}

fn import(say: &Say, args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let bytes = read(say, &args.file)?;
    let progress = crate::progress(say.t("cli-importing"));
    let (bundle, whole) = match bundle::decode_prefix(&bytes) {
        Ok(read) => read,
        Err(e) => {
            progress.finish_and_clear();
            eprintln!("{}", say.t1("cli-import-refused", "reason", bundle_error(say, &e)));
            return Ok(ExitCode::from(1));
        }
    };
    if let Some(url) = crate::database::serving(say, &args.data)? {
        progress.finish_and_clear();
        return import_into_serving(say, &url, bytes);
    }
    let node = crate::open_node_to_write(say, &args.data)?;
    let total = bundle.events.len();
    let mut waiting = Vec::new();
    let report = node.receive(bundle.events, &mut waiting, None);
    progress.finish_and_clear();
    if !whole {
        eprintln!("{}", say.t1("cli-import-truncated", "count", total));
    }
    println!(
        "{}",
        say.args(
            "cli-imported",
            &[
                ("stored", report.stored.into()),
                ("held", report.duplicate.into()),
                ("refused", report.refused.len().into()),
            ]
        )
    );
    for (id, reason) in report.refused.iter().take(10) {
        eprintln!("  {} {}", id.short(), crate::rejection(say, reason));
    }
    if !waiting.is_empty() {
        eprintln!("{}", say.t1("cli-import-waiting", "count", waiting.len()));
    }
    let clean = whole && report.refused.is_empty() && waiting.is_empty();
    Ok(if clean { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Hands the bundle to the node serving the data directory, which judges and stores it.
fn import_into_serving(say: &Say, url: &str, bytes: Vec<u8>) -> anyhow::Result<ExitCode> {
    println!("{}", say.t1("cli-import-via-node", "url", url.to_string()));
    let peer: server::peers::PeerUrl =
        url.parse().map_err(|e| anyhow::anyhow!(crate::sync_error(say, &e)))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let answer = runtime
        .block_on(server::peers::post(&peer, "/api/bundle", bytes))
        .map_err(|e| anyhow::anyhow!(crate::sync_error(say, &e)))?;
    let report: serde_json::Value = serde_json::from_slice(&answer)?;
    let count = |k: &str| report[k].as_u64().unwrap_or(0);
    let whole = report["complete"].as_bool().unwrap_or(false);
    if !whole {
        eprintln!(
            "{}",
            say.t1(
                "cli-import-truncated",
                "count",
                count("stored") + count("held") + count("refused")
            )
        );
    }
    println!(
        "{}",
        say.args(
            "cli-imported",
            &[
                ("stored", count("stored").into()),
                ("held", count("held").into()),
                ("refused", count("refused").into())
            ]
        )
    );
    let clean = whole && count("refused") == 0 && count("waiting") == 0;
    Ok(if clean { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn read(say: &Say, path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path)
        .with_context(|| say.t1("cli-cannot-read", "file", path.display().to_string()))
}

/// Writes a file whole or not at all: into a temporary file beside it, synced, then renamed
/// over the target, so a bundle on a USB stick pulled out mid-write is never a half file.
fn write_atomically(say: &Say, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let cannot = || say.t1("cli-cannot-write", "file", path.display().to_string());
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temporary = dir.join(format!(".{name}.partial"));
    let mut file = std::fs::File::create(&temporary).with_context(cannot)?;
    file.write_all(bytes).with_context(cannot)?;
    file.sync_all().with_context(cannot)?;
    drop(file);
    std::fs::rename(&temporary, path).with_context(cannot)?;
    Ok(())
}

/// A bundle's defect, in the reader's language.
pub fn bundle_error(say: &Say, e: &BundleError) -> String {
    let (code, args) = e.code();
    say.reason("bundle", code, &args)
}
