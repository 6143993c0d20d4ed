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
/// Most peers whose early events are held at once.
const MAX_INBOXES: usize = 256;

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

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/sync", post(exchange))
        .layer(DefaultBodyLimit::max(sync::message::MAX_MESSAGE))
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
