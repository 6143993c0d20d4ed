//! The HTTP edge of a node: server-rendered pages (askama, a little htmx), the JSON API, live
//! updates by server-sent events, and the browser's signing module.
//!
//! Reading works without JavaScript. Acting needs the page's small script, which signs every
//! action with the member's key in WebAssembly on their device and posts the signed event to
//! `POST /api/events`: the server never holds a key it could sign with, and handles every
//! event — from a page, a script or another tool — through the same door.
//!
//! Handlers are thin: they read a snapshot of the node's state, render it, or pass bytes to the
//! node. Every message a person reads comes from the translation layer (`i18n`).

#![forbid(unsafe_code)]

mod api;
mod assets;
pub mod client;
pub mod count_words;
mod ctx;
mod error;
pub mod lan;
mod live;
mod pages;
pub mod peers;
pub mod status;
pub mod sync;
mod view;

use std::sync::Arc;

use axum::Router;
use i18n::Catalog;
use node::{Change, Node};
use tokio::sync::broadcast;

pub use ctx::Ctx;

/// What a node's operator decides about its web interface.
#[derive(Debug, Clone)]
pub struct Options {
    /// Whether anyone reaching the node may found a new assembly on it.
    pub allow_founding: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { allow_founding: true }
    }
}

/// Everything a handler may use, cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub node: Node,
    pub catalog: Catalog,
    pub changes: broadcast::Sender<Arc<Change>>,
    pub options: Options,
    pub sync: sync::SyncState,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Wraps a node, relaying its changes to live pages.
    #[must_use]
    pub fn new(node: Node, options: Options) -> Self {
        let (changes, _) = broadcast::channel(1024);
        let relay = changes.clone();
        node.on_change(move |change| {
            // No one listening is not an error.
            let _ = relay.send(Arc::new(change.clone()));
        });
        // Without a stored id (the store failed, or no randomness), the node still serves and
        // syncs under a fresh, unrecorded one.
        let node_id = sync::node_id(&node).unwrap_or(::sync::NodeId([0; 16]));
        let sync = sync::SyncState::new(node_id);
        Self(Arc::new(Inner { node, catalog: Catalog::new(), changes, options, sync }))
    }
}

/// The whole application: pages, API, live updates, assets.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .merge(live::routes())
        .merge(sync::routes())
        .merge(assets::routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(ctx::remember_language))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

/// Serves `router(state)` on a bound listener until `shutdown` completes.
///
/// # Errors
/// When accepting connections fails.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}
