//! The messages of the sync protocol, version 1, and their exact bytes.
//!
//! ```text
//! magic    4 bytes  "PLSY"
//! version  u8       1
//! kind     u8       1 = request, 2 = response
//! body              the canonical encoding (record::wire) of a Request or a Response
//! ```
//!
//! Decoding is strict (the canonical encoding admits one byte string per value) and bounded:
//! a message larger than [`MAX_MESSAGE`] is refused before it is read. `docs/sync.md` is the
//! specification.

use core::fmt;

use record::wire::{self, WireError};
use record::{AssemblyId, EventId};
use serde::{Deserialize, Serialize};

/// The first bytes of every sync message.
pub const MAGIC: &[u8; 4] = b"PLSY";
/// The protocol version this code speaks.
pub const VERSION: u8 = 1;
/// The largest message either side sends or accepts: events are batched below it.
pub const MAX_MESSAGE: usize = 8 * 1024 * 1024;
/// The largest reconciliation frame, as the issue fixes it.
pub const MAX_FRAME: u64 = 64 * 1024;
/// The most heads a side sends; a larger frontier skips the heads comparison.
pub const MAX_HEADS: usize = 4096;

const REQUEST: u8 = 1;
const RESPONSE: u8 = 2;

/// A node's random identity, chosen once and kept in its settings: how peers tell nodes
/// apart (in the status page and in bundles), never a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NodeId(pub [u8; 16]);

impl NodeId {
    /// Lowercase hex.
    #[must_use]
    pub fn to_hex(&self) -> String {
        record::ids::hex_encode(&self.0)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// What the client sends: one ask per assembly it is syncing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub node: NodeId,
    pub asks: Vec<Ask>,
}

/// The client's part for one assembly in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ask {
    pub assembly: AssemblyId,
    /// How many events the client holds in the assembly.
    pub count: u64,
    /// The client's heads, sorted: present in the first round (the heads comparison), absent
    /// after, and absent when the client has more than [`MAX_HEADS`].
    pub heads: Option<Vec<EventId>>,
    /// The client's next reconciliation frames, one per part of the reconciliation (an empty
    /// frame for a part that is complete); no frames when it has none.
    pub reconcile: Vec<Vec<u8>>,
    /// Events the client lacks and asks for, by id.
    pub want: Vec<EventId>,
    /// Events the server lacks, pushed: each the canonical bytes of one event.
    pub events: Vec<Vec<u8>>,
}

/// What the server answers: one answer per ask, for the assemblies it serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub node: NodeId,
    pub answers: Vec<Answer>,
}

/// Where the two sides stand, as the server sees it after the heads comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// The server does not serve this assembly: nothing is exchanged.
    Unknown,
    /// Same heads: the same events.
    InSync,
    /// The server holds every head of the client: the client lacks only `events` (and more,
    /// when `more` is set).
    ClientBehind,
    /// Neither is known to hold the other's: the client checks the server's heads, and
    /// otherwise reconciles.
    Differ,
    /// A later round of a reconciliation.
    Reconciling,
}

/// The server's part for one assembly in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub assembly: AssemblyId,
    pub standing: Standing,
    /// How many events the server holds in the assembly.
    pub count: u64,
    /// The server's heads (in the first round), or empty.
    pub heads: Vec<EventId>,
    /// The server's reconciliation frames, one per frame of the ask (empty for an empty one).
    pub reconcile: Vec<Vec<u8>>,
    /// Events the client lacks, in an order where each follows its dependencies.
    pub events: Vec<Vec<u8>>,
    /// Some events the client lacks did not fit in this answer: ask again.
    pub more: bool,
}

/// Why bytes are not a sync message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageError {
    /// Larger than [`MAX_MESSAGE`].
    TooLarge(usize),
    /// Not a plenum sync message.
    NotSync,
    /// A version this build does not speak.
    UnknownVersion(u8),
    /// A request where a response was expected, or the reverse.
    WrongKind(u8),
    /// The body is not the canonical encoding of the message.
    Malformed(WireError),
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(n) => write!(f, "a sync message of {n} bytes, more than {MAX_MESSAGE}"),
            Self::NotSync => f.write_str("not a plenum sync message"),
            Self::UnknownVersion(v) => write!(f, "sync protocol version {v} is not supported"),
            Self::WrongKind(k) => write!(f, "unexpected sync message kind {k}"),
            Self::Malformed(e) => write!(f, "malformed sync message: {e}"),
        }
    }
}

impl std::error::Error for MessageError {}

fn encode<T: Serialize>(kind: u8, body: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.push(kind);
    wire::write_into(body, &mut out).expect("sync messages hold no floats or chars");
    out
}

fn decode<'de, T: Deserialize<'de>>(kind: u8, bytes: &'de [u8]) -> Result<T, MessageError> {
    if bytes.len() > MAX_MESSAGE {
        return Err(MessageError::TooLarge(bytes.len()));
    }
    if bytes.len() < 6 || &bytes[..4] != MAGIC {
        return Err(MessageError::NotSync);
    }
    if bytes[4] != VERSION {
        return Err(MessageError::UnknownVersion(bytes[4]));
    }
    if bytes[5] != kind {
        return Err(MessageError::WrongKind(bytes[5]));
    }
    wire::from_bytes(&bytes[6..]).map_err(MessageError::Malformed)
}

impl Request {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        encode(REQUEST, self)
    }

    /// Reads a request from untrusted bytes.
    ///
    /// # Errors
    /// When the bytes are not exactly one request of this version.
    pub fn decode(bytes: &[u8]) -> Result<Self, MessageError> {
        decode(REQUEST, bytes)
    }
}

impl Response {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        encode(RESPONSE, self)
    }

    /// Reads a response from untrusted bytes.
    ///
    /// # Errors
    /// When the bytes are not exactly one response of this version.
    pub fn decode(bytes: &[u8]) -> Result<Self, MessageError> {
        decode(RESPONSE, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Request {
        Request {
            node: NodeId([1; 16]),
            asks: vec![Ask {
                assembly: AssemblyId([2; 32]),
                count: 3,
                heads: Some(vec![EventId([4; 32])]),
                reconcile: vec![vec![0x61]],
                want: vec![EventId([5; 32])],
                events: vec![vec![6, 7]],
            }],
        }
    }

    #[test]
    fn the_bytes_of_a_request_are_pinned() {
        let bytes = request().encode();
        let mut expected = b"PLSY\x01\x01".to_vec();
        expected.extend([1; 16]);
        expected.extend([0, 0, 0, 1]);
        expected.extend([2; 32]);
        expected.extend(3u64.to_be_bytes());
        expected.extend([1, 0, 0, 0, 1]);
        expected.extend([4; 32]);
        expected.extend([0, 0, 0, 1, 0, 0, 0, 1, 0x61]);
        expected.extend([0, 0, 0, 1]);
        expected.extend([5; 32]);
        expected.extend([0, 0, 0, 1, 0, 0, 0, 2, 6, 7]);
        assert_eq!(bytes, expected);
        assert_eq!(Request::decode(&bytes), Ok(request()));
    }

    #[test]
    fn garbage_is_refused_with_its_reason() {
        let bytes = request().encode();
        assert_eq!(Request::decode(b"GET / HTTP/1.1"), Err(MessageError::NotSync));
        assert_eq!(Response::decode(&bytes), Err(MessageError::WrongKind(1)));
        let mut v2 = bytes.clone();
        v2[4] = 2;
        assert_eq!(Request::decode(&v2), Err(MessageError::UnknownVersion(2)));
        for cut in 6..bytes.len() {
            assert!(matches!(Request::decode(&bytes[..cut]), Err(MessageError::Malformed(_))));
        }
        let mut long = bytes;
        long.push(0);
        assert!(matches!(Request::decode(&long), Err(MessageError::Malformed(_))));
    }
}
