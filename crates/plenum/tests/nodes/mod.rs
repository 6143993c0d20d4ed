//! Real nodes for the sync tests: `plenum serve` processes on loopback ports, each with its
//! own data directory, and what a member's phone or a convenor does to them over HTTP.

#![allow(clippy::unwrap_used, dead_code)] // In tests a panic is the failure report.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use record::payload::{Choice, Comment, Mark, Payload, Vote};
use record::{AssemblyId, Draft, EventId, Keypair};
use serde_json::Value;
use test_support::webdriver::{free_port, wait_for_port};

pub const PLENUM: &str = env!("CARGO_BIN_EXE_plenum");

/// A `plenum serve` on a free port over a data directory, killed (as by kill -9) when dropped.
pub struct Node {
    child: Child,
    pub port: u16,
    pub data: PathBuf,
}

/// A node known only by its port: what a phone in another thread talks to.
#[derive(Clone, Copy)]
pub struct Probe(pub u16);

impl Probe {
    pub fn comment(
        &self,
        key: &Keypair,
        assembly: &AssemblyId,
        motion: EventId,
        text: &str,
    ) -> Option<EventId> {
        let payload = Payload::Comment(Comment { motion, reply_to: None, text: text.into() });
        act_at(self.0, key, assembly, &payload)
    }
}

/// Makes and posts the next event of `key` on the node at `port`, as a member's phone does:
/// reads the head, signs at the node's clock, posts. Returns the event's id when
/// acknowledged; `None` when refused or when the node is unreachable.
pub fn act_at(
    port: u16,
    key: &Keypair,
    assembly: &AssemblyId,
    payload: &Payload,
) -> Option<EventId> {
    let (status, body) = try_http(
        port,
        "GET",
        &format!("/api/assemblies/{assembly}/head?author={}", key.public()),
        b"",
        "text/plain",
    )?;
    if status != 200 {
        return None;
    }
    let head: Value = serde_json::from_slice(&body).ok()?;
    let deps: Vec<EventId> =
        head["frontier"].as_array()?.iter().filter_map(|v| v.as_str()?.parse().ok()).collect();
    let event = Draft {
        assembly: Some(*assembly),
        seq: head["next_seq"].as_u64()?,
        time: head["now"].as_u64()?,
        deps,
        kind: payload.kind() as u16,
        payload: payload.encode(),
    }
    .sign(key)
    .ok()?;
    let (status, _) =
        try_http(port, "POST", "/api/events", event.bytes(), "application/octet-stream")?;
    matches!(status, 200 | 201).then_some(event.id())
}

impl Node {
    /// A stand-in while a killed node's slot awaits its restart.
    pub fn placeholder() -> Self {
        let child = Command::new("true").spawn().unwrap();
        Self { child, port: 0, data: PathBuf::new() }
    }

    pub fn start(data: &Path) -> Self {
        Self::start_with(data, free_port(), &["--sync-interval", "3600"])
    }

    /// A node on a chosen port, with more `plenum serve` arguments.
    pub fn start_with(data: &Path, port: u16, args: &[&str]) -> Self {
        let child = Command::new(PLENUM)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(args)
            .arg("--data")
            .arg(data)
            .env("PLENUM_LANG", "en")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(port, Duration::from_secs(30)).unwrap();
        Self { child, port, data: data.to_path_buf() }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Kills the process at once, as `kill -9` does: no shutdown, no flush.
    pub fn kill(mut self) -> PathBuf {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.data.clone()
    }

    pub fn get(&self, path: &str) -> (u16, Vec<u8>) {
        http(self.port, "GET", path, b"", "text/plain")
    }

    pub fn json(&self, path: &str) -> Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {}", String::from_utf8_lossy(&body));
        serde_json::from_slice(&body).unwrap()
    }

    /// The assembly's state digest and event count on this node.
    pub fn digest(&self, assembly: &AssemblyId) -> (String, u64) {
        let a = self.json(&format!("/api/assemblies/{assembly}"));
        (a["state_digest"].as_str().unwrap().to_string(), a["events"].as_u64().unwrap())
    }

    /// Makes and posts the next event of `key` (see [`act_at`]).
    pub fn act(&self, key: &Keypair, assembly: &AssemblyId, payload: &Payload) -> Option<EventId> {
        act_at(self.port, key, assembly, payload)
    }

    pub fn vote(
        &self,
        key: &Keypair,
        assembly: &AssemblyId,
        ballot: EventId,
        choice: Choice,
    ) -> Option<EventId> {
        self.act(key, assembly, &Payload::Vote(Vote { ballot, mark: Mark::Choice(choice) }))
    }

    pub fn comment(
        &self,
        key: &Keypair,
        assembly: &AssemblyId,
        motion: EventId,
        text: &str,
    ) -> Option<EventId> {
        let payload = Payload::Comment(Comment { motion, reply_to: None, text: text.into() });
        self.act(key, assembly, &payload)
    }

    /// Asks this node, as a convenor signing on their device, to do `action` with a peer.
    pub fn peer(&self, convenor: &Keypair, action: &str, peer: &str) -> (u16, Value) {
        let time = now();
        let message = record::keys::peers_message(action, peer, time);
        let signature = convenor.sign(record::keys::PEERS_TAG, &message);
        let body = serde_json::json!({
            "action": action, "url": peer, "key": convenor.public(), "time": time,
            "signature": signature,
        });
        let (status, body) = http(
            self.port,
            "POST",
            "/api/peers",
            &serde_json::to_vec(&body).unwrap(),
            "application/json",
        );
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    /// Has this node sync now with `other`; panics if the sync fails.
    pub fn sync_with(&self, convenor: &Keypair, other: &Node) {
        let (status, body) = self.peer(convenor, "sync", &other.url());
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["ok"], true, "sync {} → {}: {body}", self.url(), other.url());
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A plain HTTP/1.1 exchange over loopback.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    body: &[u8],
    content_type: &str,
) -> (u16, Vec<u8>) {
    try_http(port, method, path, body, content_type).expect("the node answers")
}

/// As [`http`], or `None` when the node cannot be reached or stops mid-answer.
pub fn try_http(
    port: u16,
    method: &str,
    path: &str,
    body: &[u8],
    content_type: &str,
) -> Option<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(120))).ok()?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let mut body = raw[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        let mut out = Vec::new();
        let mut rest = body.as_slice();
        loop {
            let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).ok()?.trim(), 16)
                    .ok()?;
            if size == 0 {
                break;
            }
            out.extend_from_slice(rest.get(line_end + 2..line_end + 2 + size)?);
            rest = rest.get(line_end + 2 + size + 2..)?;
        }
        body = out;
    }
    Some((status, body))
}

/// Runs the `plenum` CLI; returns its exit code and what it printed.
pub fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(PLENUM).args(args).env("PLENUM_LANG", "en").output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Copies a data directory (its node must be stopped).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}
