//! The event: the unit of the record, with its exact bytes (format version 1).
//!
//! ```text
//! version   u8        = 1
//! assembly  [u8; 32]  AssemblyId; all zero in the event that founds an assembly
//! author    [u8; 32]  the author's Ed25519 public key
//! seq       u64 BE    the author's sequence number in this assembly, from 1
//! time      u64 BE    milliseconds since the Unix epoch, as claimed by the author
//! deps      u16 BE n, then n × [u8; 32] event ids, strictly ascending
//! kind      u16 BE
//! payload   u32 BE m, then m bytes (the canonical encoding of the kind's payload)
//! signature [u8; 64]  Ed25519 over SIGNING_TAG ‖ every byte above
//! ```
//!
//! The id of an event is SHA-256 of all of its bytes, signature included. `docs/record.md` is the
//! specification; the test vectors in `tests/vectors.rs` pin it.

use core::fmt;
use std::sync::Arc;

use sha2::{Digest as _, Sha256};

use crate::ids::{AssemblyId, EventId, PublicKey, SignatureBytes};
use crate::keys::{self, Keypair};

/// The format version this code writes and reads.
pub const VERSION: u8 = 1;
/// Prepended to the event's bytes before signing: a signature made for anything else (a join
/// proof, a request) can never pass for an event.
pub const SIGNING_TAG: &[u8] = b"plenum/event/v1\0";
/// The most dependencies an event may name.
pub const MAX_DEPS: usize = 256;
/// The largest payload, in bytes.
pub const MAX_PAYLOAD: usize = 64 * 1024;
/// The size of an event with no dependencies and an empty payload.
pub const FIXED_SIZE: usize = 1 + 32 + 32 + 8 + 8 + 2 + 2 + 4 + 64;

/// An event before it is signed: what an author fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The assembly; `None` only for the founding event, which defines the assembly's id.
    pub assembly: Option<AssemblyId>,
    pub seq: u64,
    pub time: u64,
    /// Events this one builds on: the author's previous event and the heads the author saw.
    /// Sorted and deduplicated when signed.
    pub deps: Vec<EventId>,
    pub kind: u16,
    pub payload: Vec<u8>,
}

/// A signed event whose bytes are canonical. Its fields are read-only: changing any of them
/// would change its id and break its signature.
#[derive(Clone)]
pub struct Event {
    id: EventId,
    bytes: Arc<[u8]>,
    header: Header,
}

#[derive(Clone)]
struct Header {
    assembly: Option<AssemblyId>,
    author: PublicKey,
    seq: u64,
    time: u64,
    deps: Vec<EventId>,
    kind: u16,
    payload_at: usize,
    payload_len: usize,
}

/// Why bytes are not an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes end before the event does.
    Truncated,
    /// Bytes follow the signature.
    TrailingBytes,
    /// A format version this build does not read.
    UnknownVersion(u8),
    /// More dependencies than [`MAX_DEPS`].
    TooManyDeps(usize),
    /// Dependencies not strictly ascending (unsorted or repeated).
    UnsortedDeps,
    /// A payload larger than [`MAX_PAYLOAD`].
    PayloadTooLarge(usize),
    /// The sequence number 0, which no event has.
    ZeroSequence,
    /// The author's key is not a valid Ed25519 point.
    InvalidAuthorKey,
    /// The signature does not verify for the author and these bytes.
    BadSignature,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("the event is truncated"),
            Self::TrailingBytes => f.write_str("bytes follow the event's signature"),
            Self::UnknownVersion(v) => write!(f, "unknown event format version {v}"),
            Self::TooManyDeps(n) => write!(f, "{n} dependencies, more than {MAX_DEPS}"),
            Self::UnsortedDeps => f.write_str("dependencies are not strictly ascending"),
            Self::PayloadTooLarge(n) => write!(f, "payload of {n} bytes, more than {MAX_PAYLOAD}"),
            Self::ZeroSequence => f.write_str("sequence number 0"),
            Self::InvalidAuthorKey => f.write_str("the author's key is not a valid Ed25519 key"),
            Self::BadSignature => f.write_str("the signature does not verify"),
        }
    }
}

impl std::error::Error for DecodeError {}

impl Draft {
    /// Signs the draft with `key`, producing the event's canonical bytes.
    ///
    /// # Errors
    /// When the draft breaks a limit of the format (too many dependencies, payload too large,
    /// sequence 0); such a draft is a caller's bug, never a valid event.
    pub fn sign(mut self, key: &Keypair) -> Result<Event, DecodeError> {
        self.deps.sort_unstable();
        self.deps.dedup();
        if self.deps.len() > MAX_DEPS {
            return Err(DecodeError::TooManyDeps(self.deps.len()));
        }
        if self.payload.len() > MAX_PAYLOAD {
            return Err(DecodeError::PayloadTooLarge(self.payload.len()));
        }
        if self.seq == 0 {
            return Err(DecodeError::ZeroSequence);
        }
        let mut bytes = Vec::with_capacity(FIXED_SIZE + 32 * self.deps.len() + self.payload.len());
        bytes.push(VERSION);
        bytes.extend_from_slice(&self.assembly.map_or([0; 32], |a| a.0));
        bytes.extend_from_slice(key.public().as_bytes());
        bytes.extend_from_slice(&self.seq.to_be_bytes());
        bytes.extend_from_slice(&self.time.to_be_bytes());
        let n_deps = u16::try_from(self.deps.len()).expect("MAX_DEPS fits in u16");
        bytes.extend_from_slice(&n_deps.to_be_bytes());
        for dep in &self.deps {
            bytes.extend_from_slice(dep.as_bytes());
        }
        bytes.extend_from_slice(&self.kind.to_be_bytes());
        let n_payload = u32::try_from(self.payload.len()).expect("MAX_PAYLOAD fits in u32");
        bytes.extend_from_slice(&n_payload.to_be_bytes());
        bytes.extend_from_slice(&self.payload);
        let signature = key.sign(SIGNING_TAG, &bytes);
        bytes.extend_from_slice(signature.as_bytes());
        Event::decode_unverified(bytes.into())
    }
}

impl Event {
    /// Decodes untrusted bytes and verifies the signature: the only way bytes from outside
    /// become an `Event`.
    ///
    /// # Errors
    /// When the bytes are not exactly one canonical, correctly signed event.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let event = Self::decode_unverified(bytes.into())?;
        event.verify_signature()?;
        Ok(event)
    }

    /// Decodes bytes already verified once, such as those read back from this node's own store,
    /// without checking the signature again. Everything else is checked. (`plenum verify`
    /// decodes a bundle's events this way too, then checks every signature on all cores before
    /// anything trusts them.)
    ///
    /// # Errors
    /// As [`Event::decode`], except a bad signature.
    pub fn decode_trusted(bytes: impl Into<Arc<[u8]>>) -> Result<Self, DecodeError> {
        Self::decode_unverified(bytes.into())
    }

    fn decode_unverified(bytes: Arc<[u8]>) -> Result<Self, DecodeError> {
        let mut r = Cursor { bytes: &bytes, at: 0 };
        let version = r.u8()?;
        if version != VERSION {
            return Err(DecodeError::UnknownVersion(version));
        }
        let assembly = r.array::<32>()?;
        let assembly = (assembly != [0; 32]).then_some(AssemblyId(assembly));
        let author = PublicKey(r.array()?);
        let seq = u64::from_be_bytes(r.array()?);
        if seq == 0 {
            return Err(DecodeError::ZeroSequence);
        }
        let time = u64::from_be_bytes(r.array()?);
        let n_deps = usize::from(u16::from_be_bytes(r.array()?));
        if n_deps > MAX_DEPS {
            return Err(DecodeError::TooManyDeps(n_deps));
        }
        let mut deps = Vec::with_capacity(n_deps);
        for _ in 0..n_deps {
            let dep = EventId(r.array()?);
            if deps.last().is_some_and(|last| *last >= dep) {
                return Err(DecodeError::UnsortedDeps);
            }
            deps.push(dep);
        }
        let kind = u16::from_be_bytes(r.array()?);
        let payload_len = u32::from_be_bytes(r.array()?) as usize;
        if payload_len > MAX_PAYLOAD {
            return Err(DecodeError::PayloadTooLarge(payload_len));
        }
        let payload_at = r.at;
        r.skip(payload_len)?;
        r.skip(64)?;
        if r.at != bytes.len() {
            return Err(DecodeError::TrailingBytes);
        }
        let id = EventId(Sha256::digest(&bytes).into());
        Ok(Self {
            id,
            bytes,
            header: Header { assembly, author, seq, time, deps, kind, payload_at, payload_len },
        })
    }

    /// Checks the signature against the author's key (strict Ed25519: no malleable signatures,
    /// no small-order keys).
    ///
    /// # Errors
    /// [`DecodeError::BadSignature`] or [`DecodeError::InvalidAuthorKey`].
    pub fn verify_signature(&self) -> Result<(), DecodeError> {
        let (body, signature) = self.bytes.split_at(self.bytes.len() - 64);
        let signature = SignatureBytes(signature.try_into().expect("split at 64 from the end"));
        keys::verify(&self.header.author, SIGNING_TAG, body, &signature)
    }

    /// SHA-256 of the event's bytes.
    #[must_use]
    pub fn id(&self) -> EventId {
        self.id
    }
    /// The assembly, or `None` for a founding event (whose own id is the assembly's id).
    #[must_use]
    pub fn assembly(&self) -> Option<AssemblyId> {
        self.header.assembly
    }
    /// The assembly the event belongs to, a founding event included.
    #[must_use]
    pub fn assembly_id(&self) -> AssemblyId {
        self.header.assembly.unwrap_or_else(|| self.id.into())
    }
    #[must_use]
    pub fn author(&self) -> PublicKey {
        self.header.author
    }
    #[must_use]
    pub fn seq(&self) -> u64 {
        self.header.seq
    }
    #[must_use]
    pub fn time(&self) -> u64 {
        self.header.time
    }
    #[must_use]
    pub fn deps(&self) -> &[EventId] {
        &self.header.deps
    }
    #[must_use]
    pub fn kind(&self) -> u16 {
        self.header.kind
    }
    #[must_use]
    pub fn payload(&self) -> &[u8] {
        &self.bytes[self.header.payload_at..self.header.payload_at + self.header.payload_len]
    }
    /// The complete canonical bytes.
    #[must_use]
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
    #[must_use]
    pub fn signature(&self) -> SignatureBytes {
        let at = self.bytes.len() - 64;
        SignatureBytes(self.bytes[at..].try_into().expect("64 bytes at the end"))
    }
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Event {}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("id", &self.id)
            .field("author", &self.header.author)
            .field("seq", &self.header.seq)
            .field("kind", &self.header.kind)
            .finish_non_exhaustive()
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn skip(&mut self, n: usize) -> Result<(), DecodeError> {
        if self.bytes.len() - self.at < n {
            return Err(DecodeError::Truncated);
        }
        self.at += n;
        Ok(())
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let start = self.at;
        self.skip(N)?;
        Ok(self.bytes[start..self.at].try_into().expect("skip checked the length"))
    }
    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            assembly: Some(AssemblyId([7; 32])),
            seq: 3,
            time: 1_700_000_000_000,
            deps: vec![EventId([9; 32]), EventId([2; 32]), EventId([9; 32])],
            kind: 4,
            payload: b"payload".to_vec(),
        }
    }

    #[test]
    fn signs_decodes_and_normalises_deps() {
        let key = Keypair::from_seed([1; 32]);
        let event = draft().sign(&key).unwrap();
        assert_eq!(event.deps(), &[EventId([2; 32]), EventId([9; 32])]);
        let again = Event::decode(event.bytes()).unwrap();
        assert_eq!(again.id(), event.id());
        assert_eq!(again.payload(), b"payload");
        assert_eq!(again.author(), key.public());
        assert_eq!(again.assembly_id(), AssemblyId([7; 32]));
    }

    #[test]
    fn every_flipped_bit_is_refused() {
        let event = draft().sign(&Keypair::from_seed([1; 32])).unwrap();
        for i in 0..event.bytes().len() {
            for bit in 0..8 {
                let mut bytes = event.bytes().to_vec();
                bytes[i] ^= 1 << bit;
                assert!(Event::decode(&bytes).is_err(), "byte {i} bit {bit} accepted");
            }
        }
    }

    #[test]
    fn truncation_and_trailing_bytes_are_refused() {
        let event = draft().sign(&Keypair::from_seed([1; 32])).unwrap();
        for cut in 0..event.bytes().len() {
            assert!(Event::decode(&event.bytes()[..cut]).is_err());
        }
        let mut long = event.bytes().to_vec();
        long.push(0);
        assert_eq!(Event::decode(&long), Err(DecodeError::TrailingBytes));
    }

    #[test]
    fn founding_event_names_its_own_assembly() {
        let founding = Draft { assembly: None, seq: 1, deps: vec![], ..draft() }
            .sign(&Keypair::from_seed([1; 32]))
            .unwrap();
        assert_eq!(founding.assembly(), None);
        assert_eq!(founding.assembly_id(), AssemblyId(founding.id().0));
    }
}
