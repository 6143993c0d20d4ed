//! The server's side of node-to-node sync: `POST /api/sync` answers one request of the sync
//! protocol (`docs/sync.md`), and the node's identity and the events peers pushed before
//! their dependencies arrived are kept here.
//!
//! Every pushed event goes through the node like any other, judged as a peer's; bytes that
//! are not an event, or an event the node refuses, are dropped and counted, and the sync goes
//! on. A peer may push only into assemblies this node already serves.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use node::Node;
use record::{AssemblyId, Event};
use sync::{MessageError, NodeId, Replica, Replicas, Request};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{self, AppError};

/// The settings key of the node's id.
const NODE_ID: &str = "node-id";
/// Most peers whose early events are held at once (each inbox is bounded by the node).
const MAX_INBOXES: usize = 8;

/// What the sync edge keeps between requests.
pub struct SyncState {
    pub node_id: NodeId,
    /// Per peer, events it pushed whose dependencies had not arrived yet.
    inboxes: Mutex<HashMap<NodeId, Vec<Event>>>,
}

impl SyncState {
    #[must_use]
    pub fn new(node_id: NodeId) -> Self {
        Self { node_id, inboxes: Mutex::new(HashMap::new()) }
    }
}

/// The node's replicas, each read under the node's lock for as long as the planner needs.
pub struct NodeReplicas<'a>(pub &'a Node);

impl Replicas for NodeReplicas<'_> {
    fn assemblies(&self) -> Vec<AssemblyId> {
        self.0.assemblies().iter().map(|a| a.id).collect()
    }
    fn visit<T>(&self, assembly: &AssemblyId, f: impl FnOnce(&dyn Replica) -> T) -> Option<T> {
        self.0.read(assembly, |ledger| f(ledger))
    }
}

/// The node's id: read from its settings, or chosen at random and kept on first use.
///
/// # Errors
/// When the store cannot be read or written, or the system has no randomness.
pub fn node_id(node: &Node) -> Result<NodeId, String> {
    if let Some(bytes) = node.store().setting(NODE_ID).map_err(|e| e.to_string())?
        && let Ok(id) = <[u8; 16]>::try_from(bytes.as_slice())
    {
        return Ok(NodeId(id));
    }
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|e| e.to_string())?;
    node.store().set_setting(NODE_ID, &id).map_err(|e| e.to_string())?;
    Ok(NodeId(id))
}

/// The largest bundle a page may upload.
const MAX_UPLOAD: usize = 256 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/sync", post(exchange))
        .layer(DefaultBodyLimit::max(sync::message::MAX_MESSAGE))
        .merge(
            Router::new()
                .route("/api/bundle", post(upload).get(download))
                .layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/api/peers", post(peers))
        .route("/api/clock", axum::routing::get(clock))
}

/// The node's clock, for a device signing a request the node checks against it.
async fn clock(ctx: Ctx) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({"now": ctx.state.node.now()}))
}

/// A convenor's request about a peer, signed on their device (`record::keys::peers_message`).
#[derive(serde::Deserialize)]
struct PeerRequest {
    action: String,
    url: String,
    key: record::PublicKey,
    time: u64,
    signature: record::SignatureBytes,
}

/// How far a signed peer request's time may be from the node's clock.
const PEER_REQUEST_SKEW: u64 = 5 * 60 * 1000;

/// Adds, removes or syncs now with a peer, for a convenor of an assembly on this node.
async fn peers(
    ctx: Ctx,
    axum::Json(request): axum::Json<PeerRequest>,
) -> Result<Response, AppError> {
    let message = record::keys::peers_message(&request.action, &request.url, request.time);
    record::keys::verify(&request.key, record::keys::PEERS_TAG, &message, &request.signature)
        .map_err(|_| error::rejected(&ctx, &domain::Rejection::BadSignature))?;
    if request.time.abs_diff(ctx.state.node.now()) > PEER_REQUEST_SKEW {
        return Err(error::rejected(&ctx, &domain::Rejection::ClockSkew));
    }
    let convenor =
        ctx.state.node.assemblies().iter().any(|a| a.holds(&request.key, domain::Power::Convene));
    if !convenor {
        return Err(error::rejected(&ctx, &domain::Rejection::NoPower(domain::Power::Convene)));
    }
    let url: crate::peers::PeerUrl =
        request.url.parse().map_err(|e: crate::peers::SyncError| {
            let message = ctx.tr().t1(&format!("sync-error-{}", e.code()), "detail", e.detail());
            error::api(&ctx, StatusCode::BAD_REQUEST, e.code(), message)
        })?;
    let node = ctx.state.node.clone();
    let base = url.base();
    let stored = match request.action.as_str() {
        "add" => tokio::task::spawn_blocking(move || {
            let known = node.store().peers()?.into_iter().find(|p| p.url == base);
            let peer = match known {
                Some(peer) => store::Peer { source: "ui".into(), ..peer },
                None => store::Peer {
                    url: base,
                    source: "ui".into(),
                    added: node.now(),
                    ..store::Peer::default()
                },
            };
            node.store().put_peer(&peer)
        })
        .await
        .map(|r| r.map(|()| None)),
        "remove" => {
            tokio::task::spawn_blocking(move || node.store().remove_peer(&base).map(|_| None)).await
        }
        "sync" => {
            let ok = crate::peers::sync_once(&ctx.state, &url, "ui").await;
            Ok(Ok(Some(ok)))
        }
        _ => return Err(error::api_code(&ctx, StatusCode::BAD_REQUEST, "bad-peer-action")),
    };
    match stored {
        Ok(Ok(None)) => Ok(StatusCode::NO_CONTENT.into_response()),
        Ok(Ok(Some(ok))) => {
            // The store may be a database across a network: its call waits off the runtime.
            let node = ctx.state.node.clone();
            let peers = tokio::task::spawn_blocking(move || node.store().peers()).await;
            let peer = peers
                .ok()
                .and_then(Result::ok)
                .and_then(|peers| peers.into_iter().find(|p| p.url == url.base()));
            let error = peer.and_then(|p| p.last_error);
            Ok(axum::Json(serde_json::json!({"ok": ok, "error": error})).into_response())
        }
        _ => Err(error::api_code(&ctx, StatusCode::SERVICE_UNAVAILABLE, "not-stored")),
    }
}

/// Imports an uploaded bundle, judging its events as a peer's; the same rules as
/// `plenum bundle import` (`docs/bundle.md`).
async fn upload(ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let node = ctx.state.node.clone();
    let allow_founding = ctx.state.options.allow_founding;
    let imported = tokio::task::spawn_blocking(move || {
        let (bundle, whole) = record::bundle::decode_prefix(&body)?;
        let held: Vec<AssemblyId> = node.assemblies().iter().map(|a| a.id).collect();
        let mut allowed = held;
        if allow_founding {
            allowed.extend(
                bundle.events.iter().filter(|e| e.assembly().is_none()).map(Event::assembly_id),
            );
        }
        let mut waiting = Vec::new();
        let report = node.receive(bundle.events, &mut waiting, Some(&allowed));
        Ok::<_, record::bundle::BundleError>((report, whole, waiting.len()))
    })
    .await;
    match imported {
        Ok(Ok((report, whole, waiting))) => Ok(axum::Json(serde_json::json!({
            "stored": report.stored,
            "held": report.duplicate,
            "refused": report.refused.len(),
            "waiting": waiting,
            "complete": whole,
        }))
        .into_response()),
        Ok(Err(e)) => {
            let code = match e {
                record::bundle::BundleError::NotABundle => "not-a-bundle",
                record::bundle::BundleError::UnknownVersion(_) => "newer-bundle",
                _ => "altered-bundle",
            };
            Err(error::api_code(&ctx, StatusCode::UNPROCESSABLE_ENTITY, code))
        }
        Err(_) => Err(error::api_code(&ctx, StatusCode::SERVICE_UNAVAILABLE, "not-stored")),
    }
}

/// Every assembly's record, with this node's heads and id: a bundle to carry to a node that
/// no network reaches.
async fn download(ctx: Ctx) -> Result<Response, AppError> {
    let node = ctx.state.node.clone();
    let me = ctx.state.sync.node_id;
    let bytes = tokio::task::spawn_blocking(move || {
        let replicas = NodeReplicas(&node);
        let mut events = Vec::new();
        let mut heads = Vec::new();
        for assembly in replicas.assemblies() {
            if let Some(held) = node.events(&assembly) {
                events.extend(held);
                heads
                    .push((assembly, replicas.visit(&assembly, |r| r.heads()).unwrap_or_default()));
            }
        }
        let bundle =
            record::bundle::Bundle { created: node.now(), events, heads, node: Some(me.0) };
        record::bundle::encode(&bundle)
    })
    .await
    .map_err(|_| error::api_code(&ctx, StatusCode::SERVICE_UNAVAILABLE, "not-stored"))?;
    let disposition = format!(
        "attachment; filename=\"plenum-{}.bundle\"",
        me.to_hex().get(..8).unwrap_or("node")
    );
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

async fn exchange(ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let state = ctx.state.clone();
    let answered = tokio::task::spawn_blocking(move || {
        answer(&state.node, &state.sync, &body).map(|(bytes, _)| bytes)
    })
    .await;
    match answered {
        Ok(Ok(bytes)) => Ok(([(CONTENT_TYPE, "application/octet-stream")], bytes).into_response()),
        Ok(Err(e)) => {
            eprintln!("plenum: a peer sent a bad sync request: {e}");
            Err(error::api_code(&ctx, StatusCode::BAD_REQUEST, "bad-sync"))
        }
        Err(_) => Err(error::api_code(&ctx, StatusCode::SERVICE_UNAVAILABLE, "not-stored")),
    }
}

/// Answers one sync request: stores what the peer pushed (as a peer's events), then answers
/// from the node's replicas. Returns the response's bytes and what became of pushed events.
///
/// # Errors
/// When the bytes are not a sync request; nothing changed then.
pub fn answer(
    node: &Node,
    state: &SyncState,
    bytes: &[u8],
) -> Result<(Vec<u8>, node::Received), MessageError> {
    let request = Request::decode(bytes)?;
    let served: Vec<AssemblyId> = node.assemblies().iter().map(|a| a.id).collect();
    let mut pushed = Vec::new();
    let mut report = node::Received::default();
    for ask in request.asks.iter().filter(|a| served.contains(&a.assembly)) {
        for event in &ask.events {
            match Event::decode(event) {
                Ok(e) if e.assembly_id() == ask.assembly => pushed.push(e),
                Ok(e) => report.refused.push((e.id(), domain::Rejection::WrongAssembly)),
                Err(e) => report
                    .refused
                    .push((record::EventId([0; 32]), domain::Rejection::Malformed(e.to_string()))),
            }
        }
    }
    if !pushed.is_empty() {
        let mut inboxes = state.inboxes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if inboxes.len() >= MAX_INBOXES && !inboxes.contains_key(&request.node) {
            inboxes.clear();
        }
        let waiting = inboxes.entry(request.node).or_default();
        let received = node.receive(pushed, waiting, Some(&served));
        report.stored += received.stored;
        report.duplicate += received.duplicate;
        report.refused.extend(received.refused);
    }
    let response = sync::answer(&NodeReplicas(node), state.node_id, &request);
    Ok((response.encode(), report))
}
