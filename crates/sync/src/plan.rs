//! The two roles of a sync: the client's [`Session`], which decides what to send next and
//! digests each answer, and the server's [`answer`], which needs nothing but its replicas and
//! the request in hand.

use std::collections::{BTreeMap, HashSet};

use negentropy::{Id, Negentropy, NegentropyStorageVector};
use record::{AssemblyId, EventId};
use sha2::{Digest as _, Sha256};

use crate::message::{
    Answer, Ask, MAX_FRAME, MAX_HEADS, MessageError, NodeId, Request, Response, Standing,
};
use crate::replica::{Replica, Replicas, lacking};

/// Most bytes of events one message carries; the rest follow in later rounds.
pub const EVENT_BUDGET: usize = 4 * 1024 * 1024;
/// Most ids one ask may want in one round.
pub const MAX_WANT: usize = 64 * 1024;
/// Most asks one request may carry (the rest are ignored).
pub const MAX_ASKS: usize = 4096;
/// A session that has not finished after this many round trips gives up.
pub const MAX_ROUNDS: u32 = 512;

/// How one assembly's sync ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The peer does not serve the assembly; nothing was exchanged.
    NotServed,
    /// Both sides held the same events (after whatever was exchanged).
    Done,
    /// The sync stopped: the peer's answer made no sense, or made no progress.
    Failed(String),
}

/// What a session moved, for the status page and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub round_trips: u32,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    /// Bytes of events inside those messages: what is not protocol overhead.
    pub event_bytes_sent: u64,
    pub event_bytes_received: u64,
    pub events_sent: u64,
    pub events_received: u64,
}

impl Stats {
    /// Protocol bytes beyond the events themselves, both ways.
    #[must_use]
    pub fn overhead(&self) -> u64 {
        (self.bytes_sent + self.bytes_received)
            .saturating_sub(self.event_bytes_sent + self.event_bytes_received)
    }
}

/// Why a session stopped as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// The peer's bytes are not a response.
    BadResponse(MessageError),
    /// The peer answered with an identity other than the one it had.
    PeerChanged,
    /// More than [`MAX_ROUNDS`] round trips.
    TooManyRounds,
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadResponse(e) => write!(f, "the peer's answer is not valid: {e}"),
            Self::PeerChanged => f.write_str("the peer's node id changed during the sync"),
            Self::TooManyRounds => write!(f, "no agreement after {MAX_ROUNDS} round trips"),
        }
    }
}

impl std::error::Error for SessionError {}

#[derive(Debug)]
enum Phase {
    /// The next ask compares heads.
    Hello,
    /// Reconciling, pushing and fetching.
    Exchange,
    Finished(Outcome),
}

/// One part of a reconciliation: the events whose id's first byte falls in it. A large
/// assembly is reconciled in several parts at once, each with its own frames of at most
/// 64 KiB, so that one round trip carries as many frames as there are parts.
#[derive(Debug)]
struct Shard {
    /// The client's items of this part as they were when the reconciliation began.
    storage: NegentropyStorageVector,
    /// The next frame to send, once the server's answer to the last one is digested.
    next: Option<Vec<u8>>,
    /// This part's reconciliation is complete.
    done: bool,
}

#[derive(Debug)]
struct Track {
    phase: Phase,
    /// The reconciliation's parts; empty when not reconciling.
    shards: Vec<Shard>,
    want: Vec<EventId>,
    asked: HashSet<EventId>,
    push: Vec<EventId>,
    /// The count and heads of the last hello, to notice a round that changed nothing.
    last_hello: Option<(usize, Vec<EventId>)>,
}

/// The client's side of one sync with one peer.
#[derive(Debug)]
pub struct Session {
    node: NodeId,
    peer: Option<NodeId>,
    /// Whether the first round compares heads (always, except to measure reconciliation alone).
    heads_first: bool,
    /// Events per part of a reconciliation ([`SHARD_SIZE`], except in tests).
    shard_size: usize,
    tracks: BTreeMap<AssemblyId, Track>,
    stats: Stats,
}

impl Session {
    /// A sync of `assemblies` (those this node serves, or one it asks to join).
    #[must_use]
    pub fn new(node: NodeId, assemblies: impl IntoIterator<Item = AssemblyId>) -> Self {
        let tracks = assemblies
            .into_iter()
            .take(MAX_ASKS)
            .map(|a| {
                let track = Track {
                    phase: Phase::Hello,
                    shards: Vec::new(),
                    want: Vec::new(),
                    asked: HashSet::new(),
                    push: Vec::new(),
                    last_hello: None,
                };
                (a, track)
            })
            .collect();
        Self {
            node,
            peer: None,
            heads_first: true,
            shard_size: SHARD_SIZE,
            tracks,
            stats: Stats::default(),
        }
    }

    /// Splits reconciliations into parts of `events` events (at most [`MAX_SHARDS`] parts):
    /// for tests that exercise several parts on small records.
    #[must_use]
    pub fn shard_size(mut self, events: usize) -> Self {
        self.shard_size = events.max(1);
        self
    }

    /// A session that skips the heads comparison and reconciles from the first round: what
    /// the benchmark compares with, never what nodes do.
    #[must_use]
    pub fn reconcile_only(mut self) -> Self {
        self.heads_first = false;
        self
    }

    /// The peer's node id, once it has answered.
    #[must_use]
    pub fn peer(&self) -> Option<NodeId> {
        self.peer
    }

    #[must_use]
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// How each assembly's sync ended (those still running are absent).
    #[must_use]
    pub fn outcomes(&self) -> Vec<(AssemblyId, Outcome)> {
        self.tracks
            .iter()
            .filter_map(|(a, t)| match &t.phase {
                Phase::Finished(o) => Some((*a, o.clone())),
                _ => None,
            })
            .collect()
    }

    /// The next request's bytes, or `None` when every assembly is finished.
    ///
    /// # Errors
    /// [`SessionError::TooManyRounds`].
    pub fn next_request<R: Replicas>(
        &mut self,
        replicas: &R,
    ) -> Result<Option<Vec<u8>>, SessionError> {
        let mut asks = Vec::new();
        let mut event_bytes = 0u64;
        let mut events = 0u64;
        for (assembly, track) in &mut self.tracks {
            let ask = match track.phase {
                Phase::Finished(_) => continue,
                Phase::Hello => hello(replicas, assembly, track, self.heads_first, self.shard_size),
                Phase::Exchange => exchange(replicas, assembly, track),
            };
            if let Some(ask) = ask {
                event_bytes += ask.events.iter().map(|e| e.len() as u64).sum::<u64>();
                events += ask.events.len() as u64;
                asks.push(ask);
            }
        }
        if asks.is_empty() {
            return Ok(None);
        }
        if self.stats.round_trips >= MAX_ROUNDS {
            return Err(SessionError::TooManyRounds);
        }
        let bytes = Request { node: self.node, asks }.encode();
        self.stats.round_trips += 1;
        self.stats.bytes_sent += bytes.len() as u64;
        self.stats.event_bytes_sent += event_bytes;
        self.stats.events_sent += events;
        Ok(Some(bytes))
    }

    /// Digests the peer's answer to the last request. Returns the events received, each the
    /// bytes of one event, in an order where each follows its dependencies: the caller hands
    /// them to the node (which judges them) before asking for the next request.
    ///
    /// # Errors
    /// When the bytes are not a response; nothing of them is used then.
    pub fn absorb<R: Replicas>(
        &mut self,
        replicas: &R,
        bytes: &[u8],
    ) -> Result<Vec<Vec<u8>>, SessionError> {
        self.stats.bytes_received += bytes.len() as u64;
        let response = Response::decode(bytes).map_err(SessionError::BadResponse)?;
        match self.peer {
            None => self.peer = Some(response.node),
            Some(peer) if peer != response.node => return Err(SessionError::PeerChanged),
            Some(_) => {}
        }
        let mut received = Vec::new();
        let mut answered = HashSet::new();
        for answer in response.answers {
            let Some(track) = self.tracks.get_mut(&answer.assembly) else { continue };
            if matches!(track.phase, Phase::Finished(_)) || !answered.insert(answer.assembly) {
                continue;
            }
            for event in &answer.events {
                let id = EventId(Sha256::digest(event).into());
                track.asked.remove(&id);
            }
            self.stats.events_received += answer.events.len() as u64;
            self.stats.event_bytes_received +=
                answer.events.iter().map(|e| e.len() as u64).sum::<u64>();
            digest(replicas, &answer, track);
            received.extend(answer.events);
        }
        // An ask the peer left unanswered will not be answered by asking the same again.
        for (assembly, track) in &mut self.tracks {
            if !answered.contains(assembly) && !matches!(track.phase, Phase::Finished(_)) {
                track.phase = Phase::Finished(Outcome::Failed("no answer".into()));
            }
        }
        Ok(received)
    }
}

fn hello<R: Replicas>(
    replicas: &R,
    assembly: &AssemblyId,
    track: &mut Track,
    heads_first: bool,
    shard_size: usize,
) -> Option<Ask> {
    // Only the copy of the index is made under the node's lock; the sort is made outside it.
    let seen = replicas.visit(assembly, |r| (r.len(), r.heads(), items_of(r)));
    let (count, heads, items) = seen.unwrap_or((0, Vec::new(), Vec::new()));
    let this_hello = (count, heads.clone());
    if track.last_hello.as_ref() == Some(&this_hello) {
        track.phase = Phase::Finished(Outcome::Failed("no progress".into()));
        return None;
    }
    track.last_hello = Some(this_hello);
    track.shards = Vec::new();
    let mut reconcile = Vec::new();
    // A node that holds nothing needs no frame when heads are compared: it lacks everything.
    if count > 0 || !heads_first {
        for storage in storages(items, count.div_ceil(shard_size).clamp(1, MAX_SHARDS)) {
            let frame = Negentropy::borrowed(&storage, MAX_FRAME).and_then(|mut n| n.initiate());
            let Ok(frame) = frame else {
                track.shards.clear();
                reconcile.clear();
                break;
            };
            reconcile.push(frame);
            track.shards.push(Shard { storage, next: None, done: false });
        }
    }
    if !heads_first {
        track.phase = Phase::Exchange;
    }
    Some(Ask {
        assembly: *assembly,
        count: count as u64,
        heads: (heads_first && heads.len() <= MAX_HEADS).then_some(heads),
        reconcile,
        want: Vec::new(),
        events: Vec::new(),
    })
}

fn exchange<R: Replicas>(replicas: &R, assembly: &AssemblyId, track: &mut Track) -> Option<Ask> {
    let mut reconcile: Vec<Vec<u8>> =
        track.shards.iter_mut().map(|s| s.next.take().unwrap_or_default()).collect();
    if reconcile.iter().all(Vec::is_empty) {
        reconcile.clear();
    }
    let cut = track.want.len().min(MAX_WANT);
    let want: Vec<EventId> = track.want.drain(..cut).collect();
    track.asked.extend(want.iter().copied());
    let mut events = Vec::new();
    if !track.push.is_empty() {
        replicas.visit(assembly, |r| {
            let mut positions: Vec<usize> =
                track.push.iter().filter_map(|id| r.position(id)).collect();
            positions.sort_unstable();
            let mut budget = EVENT_BUDGET;
            let mut sent = HashSet::new();
            for p in positions {
                let bytes = r.bytes_at(p);
                if bytes.len() > budget && !events.is_empty() {
                    break;
                }
                budget = budget.saturating_sub(bytes.len());
                sent.insert(r.id_at(p));
                events.push(bytes.to_vec());
            }
            track.push.retain(|id| !sent.contains(id));
        });
    }
    if reconcile.is_empty() && want.is_empty() && events.is_empty() {
        finish_if_settled(track);
        return None;
    }
    Some(Ask { assembly: *assembly, count: 0, heads: None, reconcile, want, events })
}

/// Updates a track with the server's answer.
fn digest<R: Replicas>(replicas: &R, answer: &Answer, track: &mut Track) {
    match answer.standing {
        Standing::Unknown => {
            track.phase = Phase::Finished(Outcome::NotServed);
            return;
        }
        Standing::InSync => {
            track.phase = Phase::Finished(Outcome::Done);
            return;
        }
        Standing::ClientBehind => {
            track.phase = if answer.more { Phase::Hello } else { Phase::Finished(Outcome::Done) };
            return;
        }
        Standing::Differ => {
            // The server may hold a subset of ours: then push what it lacks, and no more.
            let pushing = replicas
                .visit(&answer.assembly, |r| {
                    if answer.heads.is_empty() {
                        return None;
                    }
                    let positions = lacking(r, &answer.heads, answer.count)?;
                    Some(positions.into_iter().map(|p| r.id_at(p)).collect::<Vec<_>>())
                })
                .flatten();
            if let Some(push) = pushing {
                track.push = push;
                track.shards.clear();
                track.phase = Phase::Exchange;
                finish_if_settled(track);
                return;
            }
            track.phase = Phase::Exchange;
        }
        Standing::Reconciling => {}
    }
    if answer.more {
        track.want.extend(track.asked.drain());
    } else {
        track.asked.clear();
    }
    // Each part that sent a frame awaits the server's answer to it.
    let awaiting = track.shards.iter().filter(|s| !s.done && s.next.is_none()).count();
    if awaiting > 0 && answer.reconcile.len() != track.shards.len() {
        // A server that answered no frame cannot be reconciled with.
        track.phase = Phase::Finished(Outcome::Failed("no reconciliation frame".into()));
        return;
    }
    let mut have = Vec::new();
    let mut need = Vec::new();
    for (shard, frame) in track.shards.iter_mut().zip(&answer.reconcile) {
        if shard.done || shard.next.is_some() {
            continue;
        }
        let step = Negentropy::borrowed(&shard.storage, MAX_FRAME).and_then(|mut n| {
            n.set_initiator();
            n.reconcile_with_ids(frame, &mut have, &mut need)
        });
        match step {
            Ok(Some(next)) => shard.next = Some(next),
            Ok(None) => shard.done = true,
            Err(e) => {
                track.phase = Phase::Finished(Outcome::Failed(format!("reconciliation: {e}")));
                return;
            }
        }
    }
    track.push.extend(have.into_iter().map(|id| EventId(id.to_bytes())));
    track.want.extend(need.into_iter().map(|id| EventId(id.to_bytes())));
    if track.shards.iter().all(|s| s.done) {
        track.shards.clear();
    }
    finish_if_settled(track);
}

fn finish_if_settled(track: &mut Track) {
    let reconciling = track.shards.iter().any(|s| !s.done);
    if !reconciling && track.want.is_empty() && track.asked.is_empty() && track.push.is_empty() {
        track.shards.clear();
        track.phase = Phase::Finished(Outcome::Done);
    }
}

/// Events per part of a reconciliation; a larger assembly is reconciled in several parts.
pub const SHARD_SIZE: usize = 64_000;
/// The most parts a reconciliation has.
pub const MAX_SHARDS: usize = 16;

/// The reconciliation indexes of `items` split in `shards` parts by the first byte of the id.
fn storages(items: Vec<(u64, EventId)>, shards: usize) -> Vec<NegentropyStorageVector> {
    let mut parts: Vec<Vec<(u64, EventId)>> = vec![Vec::new(); shards.max(1)];
    for (time, id) in items {
        parts[usize::from(id.0[0]) % shards.max(1)].push((time, id));
    }
    parts.into_iter().filter_map(storage_from).collect()
}

/// The reconciliation index's items of a replica: its `(time, id)` pairs.
fn items_of(replica: &dyn Replica) -> Vec<(u64, EventId)> {
    (0..replica.len()).map(|p| (replica.time_at(p), replica.id_at(p))).collect()
}

/// The reconciliation index over `items`, sorted.
fn storage_from(items: Vec<(u64, EventId)>) -> Option<NegentropyStorageVector> {
    let mut storage = NegentropyStorageVector::with_capacity(items.len());
    for (time, id) in items {
        storage.insert(time, Id::from_byte_array(id.0)).ok()?;
    }
    storage.seal().ok()?;
    Some(storage)
}

/// The server's answer to a request: stateless, from its replicas alone. Events the client
/// pushed are the caller's to judge and store *before* calling this, so that the answer
/// reflects them.
#[must_use]
pub fn answer<R: Replicas>(replicas: &R, me: NodeId, request: &Request) -> Response {
    let mut seen = HashSet::new();
    let answers = request
        .asks
        .iter()
        .take(MAX_ASKS)
        .filter(|ask| seen.insert(ask.assembly))
        .map(|ask| match replicas.visit(&ask.assembly, |r| answer_one(r, ask)) {
            // The reconciliation frame is answered outside the node's lock.
            Some((mut answer, Some(items))) => {
                let frames = &ask.reconcile;
                let parts = storages(items, frames.len());
                answer.reconcile = if parts.len() == frames.len() {
                    parts.into_iter().zip(frames).map(|(p, f)| respond(p, f)).collect()
                } else {
                    Vec::new()
                };
                answer
            }
            Some((answer, None)) => answer,
            None => Answer {
                assembly: ask.assembly,
                standing: Standing::Unknown,
                count: 0,
                heads: Vec::new(),
                reconcile: Vec::new(),
                events: Vec::new(),
                more: false,
            },
        })
        .collect();
    Response { node: me, answers }
}

/// The answer for one assembly, and the reconciliation items when a frame is to be answered.
fn answer_one(r: &dyn Replica, ask: &Ask) -> (Answer, Option<Vec<(u64, EventId)>>) {
    let mut out = Answer {
        assembly: ask.assembly,
        standing: Standing::Reconciling,
        count: r.len() as u64,
        heads: Vec::new(),
        reconcile: Vec::new(),
        events: Vec::new(),
        more: false,
    };
    let mut budget = EVENT_BUDGET;
    let mut wanted: Vec<usize> =
        ask.want.iter().take(MAX_WANT).filter_map(|id| r.position(id)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    add_events(r, &wanted, &mut out, &mut budget);
    if let Some(heads) = &ask.heads {
        let ours = r.heads();
        if *heads == ours {
            out.standing = Standing::InSync;
        } else if let Some(missing) = lacking(r, heads, ask.count) {
            out.standing = Standing::ClientBehind;
            add_events(r, &missing, &mut out, &mut budget);
        } else {
            out.standing = Standing::Differ;
            if ours.len() <= MAX_HEADS {
                out.heads = ours;
            }
            if (1..=MAX_SHARDS).contains(&ask.reconcile.len()) {
                return (out, Some(items_of(r)));
            }
        }
    } else if (1..=MAX_SHARDS).contains(&ask.reconcile.len()) {
        return (out, Some(items_of(r)));
    }
    (out, None)
}

fn add_events(r: &dyn Replica, positions: &[usize], out: &mut Answer, budget: &mut usize) {
    for &p in positions {
        let bytes = r.bytes_at(p);
        if bytes.len() > *budget && !out.events.is_empty() {
            out.more = true;
            return;
        }
        *budget = budget.saturating_sub(bytes.len());
        out.events.push(bytes.to_vec());
    }
}

/// The server's next frame for one part; empty when the client sent none for it, or when the
/// client's frame is not one.
fn respond(storage: NegentropyStorageVector, frame: &[u8]) -> Vec<u8> {
    if frame.is_empty() {
        return Vec::new();
    }
    Negentropy::owned(storage, MAX_FRAME).and_then(|mut n| n.reconcile(frame)).unwrap_or_default()
}
