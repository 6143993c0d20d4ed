//! A small HTTP/1 client for talking to a node: the sync client's requests ([`crate::peers`])
//! and the tools that act as a member's device from a terminal (`plenum trustee`): reading the
//! record, posting signed events, following a page's live updates.
//!
//! hyper's own client connection, already in the tree under axum, rather than a second HTTP
//! stack. Plain HTTP only, as between nodes ([`PeerUrl`]): what travels is signed events and
//! keys sealed under a passphrase, checked or opened on arrival.

use std::time::Duration;

use axum::http::{Request, header};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1::SendRequest;

pub use axum::http::Method;

use crate::peers::{PeerUrl, SyncError};

/// How long one request may take before the node counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest silence on a stream of live updates: the node sends a keep-alive every 15 s.
const STREAM_IDLE: Duration = Duration::from_secs(45);

/// A node's answer: its status and body, whatever the status.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    #[must_use]
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// What a request sends besides its method and path.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    /// The body and its content type.
    pub body: Option<(&'static str, Vec<u8>)>,
    /// The reader's language, so the node's messages come translated.
    pub lang: Option<&'a str>,
    /// The largest body accepted in answer.
    pub limit: usize,
}

fn unreachable(url: &PeerUrl, e: &dyn std::fmt::Display) -> SyncError {
    SyncError::Unreachable(format!("{url}: {e}"))
}

/// Opens a connection to the node.
async fn connect(url: &PeerUrl) -> Result<SendRequest<Full<Bytes>>, SyncError> {
    let stream =
        tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(url.address()))
            .await
            .map_err(|e| unreachable(url, &e))?
            .map_err(|e| unreachable(url, &e))?;
    let (sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| unreachable(url, &e))?;
    tokio::spawn(connection);
    Ok(sender)
}

fn build(
    url: &PeerUrl,
    method: Method,
    path: &str,
    options: Options<'_>,
    accept: Option<&str>,
) -> Result<Request<Full<Bytes>>, SyncError> {
    let mut request =
        Request::builder().method(method).uri(path).header(header::HOST, url.authority());
    if let Some(lang) = options.lang {
        request = request.header(header::ACCEPT_LANGUAGE, lang);
    }
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT, accept);
    }
    let body = match options.body {
        Some((content_type, body)) => {
            request = request.header(header::CONTENT_TYPE, content_type);
            Full::new(Bytes::from(body))
        }
        None => Full::new(Bytes::new()),
    };
    request.body(body).map_err(|e| unreachable(url, &e))
}

/// Sends one request to a node and returns its answer, whatever its status.
///
/// # Errors
/// When the node cannot be reached, does not answer in time, or sends more than
/// `options.limit` bytes.
pub async fn request(
    url: &PeerUrl,
    method: Method,
    path: &str,
    options: Options<'_>,
) -> Result<Answer, SyncError> {
    let limit = options.limit;
    let request = build(url, method, path, options, None)?;
    let exchange = async {
        let mut sender = connect(url).await?;
        let response = sender.send_request(request).await.map_err(|e| unreachable(url, &e))?;
        let status = response.status().as_u16();
        let collected = Limited::new(response.into_body(), limit)
            .collect()
            .await
            .map_err(|e| unreachable(url, &e))?;
        Ok(Answer { status, body: collected.to_bytes().to_vec() })
    };
    tokio::time::timeout(REQUEST_TIMEOUT, exchange).await.map_err(|e| unreachable(url, &e))?
}

/// Follows a stream of server-sent events (`GET path`, such as `/a/{assembly}/live`), calling
/// `on_event` with the name of each event as it arrives. Returns when the node ends the stream.
///
/// # Errors
/// When the node cannot be reached, answers with an error status, or falls silent for longer
/// than its keep-alives allow.
pub async fn follow(
    url: &PeerUrl,
    path: &str,
    mut on_event: impl FnMut(&str),
) -> Result<(), SyncError> {
    let request = build(url, Method::GET, path, Options::default(), Some("text/event-stream"))?;
    let mut sender = connect(url).await?;
    let response = tokio::time::timeout(REQUEST_TIMEOUT, sender.send_request(request))
        .await
        .map_err(|e| unreachable(url, &e))?
        .map_err(|e| unreachable(url, &e))?;
    if !response.status().is_success() {
        return Err(SyncError::Status(response.status().as_u16()));
    }
    let mut body = response.into_body();
    let mut names = sync::live::EventNames::default();
    loop {
        let frame = tokio::time::timeout(STREAM_IDLE, body.frame())
            .await
            .map_err(|e| unreachable(url, &e))?;
        let Some(frame) = frame else { return Ok(()) };
        let Ok(data) = frame.map_err(|e| unreachable(url, &e))?.into_data() else { continue };
        names.push(&data, &mut on_event);
    }
}
