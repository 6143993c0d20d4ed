//! `plenum export`: the record of one assembly, or of every assembly on the node, as one
//! bundle file (`docs/bundle.md`) that anyone can carry away and check with `plenum verify`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use record::AssemblyId;
use record::bundle::{self, Bundle};

use crate::DataDir;
use crate::say::Say;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
    /// The assembly to export (its id); every assembly if absent.
    #[arg(long)]
    assembly: Option<AssemblyId>,
    /// The bundle file to write.
    #[arg(long)]
    out: PathBuf,
}

pub fn run(say: &Say, args: &Args) -> anyhow::Result<ExitCode> {
    if args.data.database.is_none() && !args.data.dir.join(store_sqlite::FILE_NAME).exists() {
        anyhow::bail!(say.t1("cli-no-data", "dir", args.data.dir.display().to_string()));
    }
    let store = crate::database::open(say, &args.data)?;
    let events = match &args.assembly {
        Some(id) => store.events(id)?,
        None => store.all_events()?,
    };
    if events.is_empty() {
        anyhow::bail!(say.t("cli-nothing-to-export"));
    }
    let mut by_assembly: BTreeMap<AssemblyId, Vec<record::Event>> = BTreeMap::new();
    for event in &events {
        by_assembly.entry(event.assembly_id()).or_default().push(event.clone());
    }
    let mut heads = Vec::new();
    for (id, events) in by_assembly {
        let state = domain::fold(&events).with_context(|| id.to_string())?;
        heads.push((id, state.frontier.iter().copied().collect()));
    }
    let count = events.len();
    let bytes = bundle::encode(&Bundle { created: node::system_time(), events, heads, node: None });
    std::fs::write(&args.out, bytes)
        .with_context(|| say.t1("cli-cannot-write", "file", args.out.display().to_string()))?;
    println!(
        "{}",
        say.args(
            "cli-exported",
            &[("count", count.into()), ("file", args.out.display().to_string().into())]
        )
    );
    Ok(ExitCode::SUCCESS)
}
