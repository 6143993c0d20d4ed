//! The client's side of node-to-node sync: one sync with a peer ([`run`]) over any
//! [`Transport`] (HTTP between nodes, a direct call in simulations), the record of each
//! contact in the node's peers table, and the loop that keeps a serving node in sync with its
//! peers, backing off from those it cannot reach.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use node::{Node, Received};
use record::{AssemblyId, Event};
use store::{Peer, PeerAssembly};
use sync::{NodeId, Outcome, Replicas, Session, SessionError, Stats};

use crate::AppState;
use crate::client;
use crate::sync::NodeReplicas;

/// How a sync's messages reach the peer.
pub trait Transport {
    /// Sends a request's bytes and returns the response's.
    ///
    /// # Errors
    /// When the peer cannot be reached or does not answer with a response.
    fn exchange(&mut self, request: Vec<u8>) -> Result<Vec<u8>, SyncError>;
}

/// A peer's base address: `http://host:port`. Plain HTTP only: nodes meet on local networks
/// where no certificate authority is reachable; what travels is signed events, checked on
/// arrival, so an eavesdropper learns what the record already shows and can forge nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerUrl {
    host: String,
    port: u16,
}

impl PeerUrl {
    /// The canonical form, `http://host:port`.
    #[must_use]
    pub fn base(&self) -> String {
        format!("http://{}", self.authority())
    }

    /// `host:port`, as the `Host` header names it.
    #[must_use]
    pub fn authority(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The address to connect to (an IPv6 host without its brackets).
    pub(crate) fn address(&self) -> String {
        format!("{}:{}", self.host.trim_start_matches('[').trim_end_matches(']'), self.port)
    }
}

impl std::fmt::Display for PeerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.base())
    }
}

impl FromStr for PeerUrl {
    type Err = SyncError;

    fn from_str(s: &str) -> Result<Self, SyncError> {
        let bad = || SyncError::BadUrl(s.to_string());
        let s = s.trim();
        if s.starts_with("https://") {
            return Err(SyncError::NoTls(s.to_string()));
        }
        let rest = s.strip_prefix("http://").unwrap_or(s);
        let authority = rest.split('/').next().ok_or_else(bad)?;
        if authority.is_empty() || authority.contains('@') {
            return Err(bad());
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || host.starts_with('[') => {
                (host, port.parse::<u16>().map_err(|_| bad())?)
            }
            _ => (authority, 80),
        };
        let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        if host.is_empty() || !host.chars().all(valid) {
            return Err(bad());
        }
        Ok(Self { host: host.to_ascii_lowercase(), port })
    }
}

/// Why a sync with a peer failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncError {
    /// Not a peer address.
    BadUrl(String),
    /// An `https://` address: nodes speak plain HTTP on their local network.
    NoTls(String),
    /// The peer cannot be reached (the detail says how it failed).
    Unreachable(String),
    /// The peer answered with an HTTP error status.
    Status(u16),
    /// The peer's answers do not follow the protocol.
    Protocol(SessionError),
}

impl SyncError {
    /// The stable code naming the message in the translation files (`sync-error-{code}`).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUrl(_) => "bad-url",
            Self::NoTls(_) => "no-tls",
            Self::Unreachable(_) => "unreachable",
            Self::Status(_) => "status",
            Self::Protocol(_) => "protocol",
        }
    }

    /// The detail for the message's `$detail` placeholder.
    #[must_use]
    pub fn detail(&self) -> String {
        match self {
            Self::BadUrl(s) | Self::NoTls(s) | Self::Unreachable(s) => s.clone(),
            Self::Status(code) => code.to_string(),
            Self::Protocol(e) => e.to_string(),
        }
    }
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.detail())
    }
}

impl std::error::Error for SyncError {}

impl From<SessionError> for SyncError {
    fn from(e: SessionError) -> Self {
        Self::Protocol(e)
    }
}

/// What one sync did.
#[derive(Debug, Clone, Default)]
pub struct SyncReport {
    pub peer: Option<NodeId>,
    pub stats: Stats,
    /// What became of the events received.
    pub received: Received,
    /// Events received whose dependencies never came (they will be fetched again next time).
    pub waiting: usize,
    pub outcomes: Vec<(AssemblyId, Outcome)>,
}

/// Syncs `assemblies` with a peer: those this node serves, and any it asks to join. Events
/// received are judged by the node as a peer's; refused ones are reported, never stored.
///
/// # Errors
/// When the peer cannot be reached or breaks the protocol; what was stored before stays.
pub fn run(
    node: &Node,
    me: NodeId,
    transport: &mut dyn Transport,
    assemblies: Vec<AssemblyId>,
) -> Result<SyncReport, SyncError> {
    let replicas = NodeReplicas(node);
    let mut session = Session::new(me, assemblies.clone());
    let mut waiting = Vec::new();
    let mut report = SyncReport::default();
    while let Some(request) = session.next_request(&replicas)? {
        let response = transport.exchange(request)?;
        let events = session.absorb(&replicas, &response)?;
        let mut decoded = Vec::with_capacity(events.len());
        for bytes in events {
            match Event::decode(&bytes) {
                Ok(event) => decoded.push(event),
                Err(e) => report
                    .received
                    .refused
                    .push((record::EventId([0; 32]), domain::Rejection::Malformed(e.to_string()))),
            }
        }
        let received = node.receive(decoded, &mut waiting, Some(&assemblies));
        report.received.stored += received.stored;
        report.received.duplicate += received.duplicate;
        report.received.refused.extend(received.refused);
    }
    report.peer = session.peer();
    report.stats = session.stats();
    report.waiting = waiting.len();
    report.outcomes = session.outcomes();
    Ok(report)
}

/// Sync over HTTP: `POST {peer}/api/sync`, driven from a blocking thread.
pub struct HttpTransport {
    pub url: PeerUrl,
    pub runtime: tokio::runtime::Handle,
}

impl Transport for HttpTransport {
    fn exchange(&mut self, request: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        self.runtime.block_on(post(&self.url, "/api/sync", request))
    }
}

/// Posts `body` to a path of a peer and returns the body of a successful answer.
///
/// # Errors
/// When the peer cannot be reached, answers with an error status, or sends more than a sync
/// message may hold.
pub async fn post(url: &PeerUrl, path: &str, body: Vec<u8>) -> Result<Vec<u8>, SyncError> {
    let options = client::Options {
        body: Some(("application/octet-stream", body)),
        lang: None,
        limit: sync::message::MAX_MESSAGE + 1024,
    };
    let answer = client::request(url, axum::http::Method::POST, path, options).await?;
    if !answer.is_success() {
        return Err(SyncError::Status(answer.status));
    }
    Ok(answer.body)
}

/// Writes what a contact with a peer taught into the node's peers table: when, whether it
/// worked, and — for each assembly now in sync — the peer's count and heads, which are ours.
pub fn remember(
    node: &Node,
    url: &PeerUrl,
    source: &str,
    result: &Result<SyncReport, SyncError>,
) -> Result<(), store::StoreError> {
    let now = node.now();
    let base = url.base();
    let mut peer = node.store().peers()?.into_iter().find(|p| p.url == base).unwrap_or_else(|| {
        Peer { url: base, source: source.into(), added: now, ..Peer::default() }
    });
    peer.last_attempt = now;
    match result {
        Ok(report) => {
            peer.last_contact = now;
            peer.last_error = None;
            peer.node = report.peer.map(|n| n.0);
            peer.events_sent += report.stats.events_sent;
            peer.events_received += report.received.stored as u64;
            let replicas = NodeReplicas(node);
            for (assembly, outcome) in &report.outcomes {
                if *outcome != Outcome::Done {
                    continue;
                }
                let Some((count, heads)) =
                    replicas.visit(assembly, |r| (r.len() as u64, r.heads()))
                else {
                    continue;
                };
                peer.assemblies.retain(|a| a.assembly != *assembly);
                peer.assemblies.push(PeerAssembly { assembly: *assembly, count, heads });
            }
            peer.assemblies.sort_by_key(|a| a.assembly);
        }
        Err(e) => peer.last_error = Some(e.to_string()),
    }
    node.store().put_peer(&peer)
}

/// What a serving node's sync loop is told by its operator.
#[derive(Debug, Clone)]
pub struct LoopOptions {
    /// How often a reachable peer is synced with.
    pub interval: Duration,
    /// The longest wait before trying an unreachable peer again.
    pub max_backoff: Duration,
    /// Whether peers found on the local network are synced with automatically.
    pub lan_sync: bool,
}

impl Default for LoopOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(5),
            max_backoff: Duration::from_secs(300),
            lan_sync: false,
        }
    }
}

/// When a peer is next due, and whether a sync with it is running.
#[derive(Debug, Clone, Copy)]
struct Due {
    at: Instant,
    backoff: Duration,
    running: bool,
}

/// Keeps the node in sync with every peer in its table, for ever: each reachable peer every
/// `interval`; an unreachable one after a wait that doubles up to `max_backoff`. Each peer is
/// synced on its own task, so a slow or hostile peer delays no other.
pub async fn keep_in_sync(state: AppState, options: LoopOptions) {
    let due: Arc<Mutex<HashMap<String, Due>>> = Arc::default();
    loop {
        let node = state.node.clone();
        let peers = tokio::task::spawn_blocking(move || node.store().peers())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default();
        for peer in peers {
            if (peer.source == "lan" && !options.lan_sync) || peer.source == "cli" {
                continue;
            }
            let Ok(url) = peer.url.parse::<PeerUrl>() else { continue };
            {
                let mut due = due.lock().unwrap_or_else(PoisonError::into_inner);
                let now = Instant::now();
                let entry = due.entry(peer.url.clone()).or_insert(Due {
                    at: now,
                    backoff: Duration::ZERO,
                    running: false,
                });
                if entry.running || entry.at > now {
                    continue;
                }
                entry.running = true;
            }
            let (state, due, options) = (state.clone(), Arc::clone(&due), options.clone());
            tokio::spawn(async move {
                let ok = sync_once(&state, &url, &peer.source).await;
                let mut due = due.lock().unwrap_or_else(PoisonError::into_inner);
                let entry = due.entry(peer.url).or_insert(Due {
                    at: Instant::now(),
                    backoff: Duration::ZERO,
                    running: false,
                });
                entry.running = false;
                if ok {
                    entry.backoff = Duration::ZERO;
                    entry.at = Instant::now() + options.interval;
                } else {
                    entry.backoff =
                        (entry.backoff * 2).clamp(Duration::from_secs(1), options.max_backoff);
                    entry.at = Instant::now() + entry.backoff;
                }
            });
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// One sync with a peer from a serving node, remembered in its peers table; whether it worked.
pub async fn sync_once(state: &AppState, url: &PeerUrl, source: &str) -> bool {
    let node = state.node.clone();
    let me = state.sync.node_id;
    let url = url.clone();
    let source = source.to_string();
    let runtime = tokio::runtime::Handle::current();
    let done = tokio::task::spawn_blocking(move || {
        let assemblies = NodeReplicas(&node).assemblies();
        let mut transport = HttpTransport { url: url.clone(), runtime };
        let result = run(&node, me, &mut transport, assemblies);
        if let Err(e) = remember(&node, &url, &source, &result) {
            eprintln!("plenum: cannot record the contact with {url}: {e}");
        }
        if let Ok(report) = &result
            && !report.received.refused.is_empty()
        {
            eprintln!(
                "plenum: {url} sent {} events this node refused",
                report.received.refused.len()
            );
        }
        result.is_ok()
    })
    .await;
    done.unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_addresses_are_read_strictly() {
        let url: PeerUrl = "http://10.0.0.2:8080/".parse().expect("a peer address");
        assert_eq!(url.base(), "http://10.0.0.2:8080");
        assert_eq!(
            "LAPTOP.local:9000".parse::<PeerUrl>().map(|u| u.base()),
            Ok("http://laptop.local:9000".into())
        );
        assert_eq!(
            "http://[::1]:8080".parse::<PeerUrl>().map(|u| u.base()),
            Ok("http://[::1]:8080".into())
        );
        assert_eq!("http://node".parse::<PeerUrl>().map(|u| u.base()), Ok("http://node:80".into()));
        assert!(matches!("https://node:443".parse::<PeerUrl>(), Err(SyncError::NoTls(_))));
        for bad in ["", "http://", "http://a b:1", "http://x:99999", "http://user@x:1"] {
            assert!(matches!(bad.parse::<PeerUrl>(), Err(SyncError::BadUrl(_))), "{bad}");
        }
    }
}
