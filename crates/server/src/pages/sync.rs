//! The Sync page: what this node holds and who it syncs with — per assembly the state digest,
//! events and authors; per peer the last contact, its heads and what is pending each way —
//! and, for a convenor, adding, removing and syncing with peers, and carrying bundles.
//! Reading works without JavaScript; acting signs a request on the convenor's device.

use askama::Template;
use axum::response::Response;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::pages::render;
use crate::view::{Chrome, iso_time, show_time};

/// One assembly's row.
struct AssemblyRow {
    id: String,
    name: String,
    events: u64,
    authors: usize,
    ignored: usize,
    digest: String,
}

/// One peer's row.
struct PeerRow {
    url: String,
    source: String,
    contact: Option<(String, String)>,
    error: Option<String>,
    /// Per assembly: the name, and what is pending each way, already in words.
    pending: Vec<(String, String, String)>,
    /// Found on the network and not yet approved by a convenor.
    unapproved: bool,
}

#[derive(Template)]
#[template(path = "sync.html")]
struct SyncPage<'a> {
    chrome: Chrome<'a>,
    node: String,
    assemblies: Vec<AssemblyRow>,
    peers: Vec<PeerRow>,
}

pub async fn page(ctx: Ctx) -> Result<Response, AppError> {
    let node = ctx.state.node.clone();
    let me = ctx.state.sync.node_id;
    let status = tokio::task::spawn_blocking(move || crate::status::node_status(&node, me))
        .await
        .ok()
        .and_then(Result::ok);
    let Some(status) = status else {
        return Err(crate::pages::error_page(
            &ctx,
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "not-found",
        ));
    };
    let tr = ctx.tr();
    let assemblies = status
        .assemblies
        .iter()
        .map(|a| AssemblyRow {
            id: a.id.to_hex(),
            name: a.name.clone(),
            events: a.events,
            authors: a.authors,
            ignored: a.ignored,
            digest: a.digest.to_hex(),
        })
        .collect();
    let peers = status
        .peers
        .iter()
        .map(|p| PeerRow {
            url: p.peer.url.clone(),
            source: tr.t(&format!("peer-source-{}", p.peer.source)),
            contact: (p.peer.last_contact > 0)
                .then(|| (iso_time(p.peer.last_contact), show_time(p.peer.last_contact))),
            error: p.peer.last_error.clone(),
            pending: p
                .pending
                .iter()
                .map(|x| {
                    let they = match x.they_lack {
                        Some(n) => tr.t1("status-they-lack", "count", n),
                        None => tr.t("status-they-lack-unknown"),
                    };
                    let we = if x.we_lack_heads == 0 {
                        tr.t("status-we-lack-nothing")
                    } else {
                        tr.t1("status-we-lack", "count", x.we_lack_heads)
                    };
                    (x.name.clone(), they, we)
                })
                .collect(),
            unapproved: p.peer.source == "lan",
        })
        .collect();
    let page = SyncPage {
        chrome: Chrome::new(&ctx, tr.t("sync-title")),
        node: status.node.to_hex(),
        assemblies,
        peers,
    };
    Ok(render(&page))
}
