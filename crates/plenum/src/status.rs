//! `plenum status`: per assembly the state digest, events and authors; per peer the last
//! contact, its heads and what is pending in each direction.

use std::process::ExitCode;

use crate::say::Say;
use crate::{DataDir, open_node};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
}

pub fn run(say: &Say, args: &Args) -> anyhow::Result<ExitCode> {
    let node = open_node(say, &args.data)?;
    let me = server::sync::node_id(&node).map_err(anyhow::Error::msg)?;
    let status = server::status::node_status(&node, me)?;
    println!("{}", say.t1("cli-status-node", "node", status.node.to_hex()));
    for a in &status.assemblies {
        println!("{}", a.name);
        println!("  {}", say.t1("cli-verify-id", "id", a.id.to_hex()));
        println!("  {}", say.t1("cli-verify-digest", "digest", a.digest.to_hex()));
        println!(
            "  {}",
            say.args(
                "cli-status-events",
                &[
                    ("events", a.events.into()),
                    ("authors", a.authors.into()),
                    ("ignored", a.ignored.into())
                ]
            )
        );
    }
    if status.peers.is_empty() {
        println!("{}", say.t("cli-status-no-peers"));
    }
    for p in &status.peers {
        let contact = if p.peer.last_contact == 0 {
            say.t("status-never")
        } else {
            crate::ago(say, node.now().saturating_sub(p.peer.last_contact))
        };
        println!(
            "{}",
            say.args(
                "cli-status-peer",
                &[
                    ("url", p.peer.url.clone().into()),
                    ("source", say.t(&format!("peer-source-{}", p.peer.source)).into()),
                    ("contact", contact.into()),
                ]
            )
        );
        if let Some(error) = &p.peer.last_error {
            println!("  {}", say.t1("cli-status-peer-error", "detail", error.clone()));
        }
        for pending in &p.pending {
            let they = match pending.they_lack {
                Some(n) => say.t1("status-they-lack", "count", n),
                None => say.t("status-they-lack-unknown"),
            };
            let we = if pending.we_lack_heads == 0 {
                say.t("status-we-lack-nothing")
            } else {
                say.t1("status-we-lack", "count", pending.we_lack_heads)
            };
            println!(
                "  {}",
                say.args(
                    "cli-status-pending",
                    &[
                        ("assembly", pending.name.clone().into()),
                        ("events", pending.their_events.into()),
                        ("heads", pending.their_heads.into()),
                        ("they", they.into()),
                        ("we", we.into()),
                    ]
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
