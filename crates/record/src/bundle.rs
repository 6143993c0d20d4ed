//! The bundle: a file of events carried between nodes (on a USB stick, or as an export for
//! anyone to verify). Specified in `docs/bundle.md`; version 2:
//!
//! ```text
//! magic     8 bytes   "PLNMBNDL"
//! version   u8        2 (1 is still read)
//! created   u64 BE    milliseconds since the Unix epoch, when the bundle was written
//! frames, each a tag byte and its body:
//!   0x01 event   u32 BE n, then the n bytes of one event
//!   0x02 heads   assembly [u8; 32], u16 BE k, then k event ids: the writer's frontier
//!   0x03 node    [u8; 16]: the writing node's id (version 2; at most one)
//!   0xff end     u64 BE number of events, then SHA-256 of every byte before this tag
//! ```
//!
//! Version 2 adds only the node frame: a version-1 file is read as it always was, and a
//! version-1 reader refuses a version-2 file by its version byte, clearly, rather than
//! misreading it.
//!
//! Events appear so that each follows its dependencies (for one node's export, in the order it
//! stored them), which lets a reader import a prefix. The end frame makes truncation and
//! alteration detectable: a reader knows whether it holds the whole bundle.

use core::fmt;

use sha2::{Digest as _, Sha256};

use crate::event::{DecodeError, Event};
use crate::ids::{AssemblyId, EventId};

const MAGIC: &[u8; 8] = b"PLNMBNDL";
/// The version this code writes.
pub const VERSION: u8 = 2;
const EVENT: u8 = 0x01;
const HEADS: u8 = 0x02;
const NODE: u8 = 0x03;
const END: u8 = 0xff;

/// A decoded bundle.
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    pub created: u64,
    pub events: Vec<Event>,
    /// Each assembly's frontier on the writer's node when it wrote the bundle.
    pub heads: Vec<(AssemblyId, Vec<EventId>)>,
    /// The id of the node that wrote it (absent in version 1).
    pub node: Option<[u8; 16]>,
}

/// Why bytes are not a (whole) bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// Not a plenum bundle at all.
    NotABundle,
    /// A bundle version this build does not read.
    UnknownVersion(u8),
    /// Event number `index` (from 0) is not a valid event.
    BadEvent { index: usize, error: DecodeError },
    /// An unknown frame tag at byte `offset`.
    BadFrame { offset: usize },
    /// The bundle ends before its end frame: it was cut short. `complete` events were whole.
    Truncated { complete: usize },
    /// The end frame's count or checksum does not match: the bundle was altered.
    Altered,
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotABundle => f.write_str("not a plenum bundle"),
            Self::UnknownVersion(v) => write!(f, "bundle version {v} is not supported"),
            Self::BadEvent { index, error } => {
                write!(f, "event {} of the bundle: {error}", index + 1)
            }
            Self::BadFrame { offset } => write!(f, "unknown frame at byte {offset}"),
            Self::Truncated { complete } => {
                write!(f, "the bundle is cut short after {complete} complete events")
            }
            Self::Altered => f.write_str("the bundle's checksum does not match: it was altered"),
        }
    }
}

impl std::error::Error for BundleError {}

impl BundleError {
    /// A stable code naming the message that explains it (`bundle-<code>` in the translation
    /// files), and the values of its placeholders.
    #[must_use]
    pub fn code(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Self::NotABundle => ("not-a-bundle", vec![]),
            Self::UnknownVersion(v) => ("unknown-version", vec![("version", v.to_string())]),
            Self::BadEvent { index, error } => (
                "bad-event",
                vec![("count", (index + 1).to_string()), ("detail", error.to_string())],
            ),
            Self::BadFrame { offset } => ("bad-frame", vec![("offset", offset.to_string())]),
            Self::Truncated { complete } => ("truncated", vec![("count", complete.to_string())]),
            Self::Altered => ("altered", vec![]),
        }
    }
}

/// The checksum of the end frame: SHA-256 of every byte before it.
#[must_use]
pub fn checksum(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Writes a bundle.
#[must_use]
pub fn encode(bundle: &Bundle) -> Vec<u8> {
    let size: usize = bundle.events.iter().map(|e| e.bytes().len() + 5).sum();
    let mut out = Vec::with_capacity(size + 64);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    out.extend_from_slice(&bundle.created.to_be_bytes());
    for event in &bundle.events {
        out.push(EVENT);
        let len = u32::try_from(event.bytes().len()).expect("events are far smaller than 4 GiB");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(event.bytes());
    }
    for (assembly, heads) in &bundle.heads {
        out.push(HEADS);
        out.extend_from_slice(assembly.as_bytes());
        let n = u16::try_from(heads.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&n.to_be_bytes());
        for id in heads.iter().take(usize::from(n)) {
            out.extend_from_slice(id.as_bytes());
        }
    }
    if let Some(node) = &bundle.node {
        out.push(NODE);
        out.extend_from_slice(node);
    }
    let digest = checksum(&out);
    out.push(END);
    out.extend_from_slice(&(bundle.events.len() as u64).to_be_bytes());
    out.extend_from_slice(&digest);
    out
}

/// Reads a whole bundle, verifying every event's signature.
///
/// # Errors
/// When the bytes are not a complete, unaltered bundle of valid events. A
/// [`BundleError::Truncated`] still lets [`decode_prefix`] recover the complete events.
pub fn decode(bytes: &[u8]) -> Result<Bundle, BundleError> {
    let (bundle, whole) = read(bytes)?;
    if whole { Ok(bundle) } else { Err(BundleError::Truncated { complete: bundle.events.len() }) }
}

/// Reads as much of a bundle as is whole: every complete, valid event before a cut. Returns
/// the events and whether the bundle was complete.
///
/// # Errors
/// When the bytes are not a bundle, or a complete frame is invalid (which a cut cannot cause:
/// that is alteration, and nothing of the bundle is trusted).
pub fn decode_prefix(bytes: &[u8]) -> Result<(Bundle, bool), BundleError> {
    read(bytes)
}

/// A bundle's frames, with each event's bytes still undecoded.
#[derive(Debug, Clone, Default)]
pub struct Frames<'a> {
    pub created: u64,
    /// The bytes of each event frame, in order.
    pub events: Vec<&'a [u8]>,
    pub heads: Vec<(AssemblyId, Vec<EventId>)>,
    pub node: Option<[u8; 16]>,
}

/// Splits a bundle into its frames without decoding any event, for a caller that decodes and
/// checks many events itself, on all cores (`plenum verify` reads two million that way). Returns the
/// frames read, and what is wrong with the bundle besides its events: `Ok` when it is whole
/// and unaltered (its end frame's count and checksum match), else the fault met after the
/// last frame returned.
///
/// Each event must then be decoded with [`Event::decode`] (or [`Event::decode_trusted`] and
/// [`Event::verify_signature`]) before anything trusts it. [`decode`] reports the first event
/// that does not decode, by its index, before the fault: read in order, it meets that event
/// first.
pub fn split(bytes: &[u8]) -> (Frames<'_>, Result<(), BundleError>) {
    let mut frames = Frames::default();
    let fault = split_into(bytes, &mut frames);
    (frames, fault)
}

fn split_into<'a>(bytes: &'a [u8], frames: &mut Frames<'a>) -> Result<(), BundleError> {
    if bytes.len() < 17 || &bytes[..8] != MAGIC {
        return Err(BundleError::NotABundle);
    }
    let version = bytes[8];
    if !(1..=VERSION).contains(&version) {
        return Err(BundleError::UnknownVersion(version));
    }
    frames.created = u64::from_be_bytes(bytes[9..17].try_into().expect("8 bytes"));
    let mut at = 17;
    while at < bytes.len() {
        let tag = bytes[at];
        let body = &bytes[at + 1..];
        match tag {
            EVENT => {
                let Some(len) = body.get(..4) else { break };
                let len = u32::from_be_bytes(len.try_into().expect("4 bytes")) as usize;
                let Some(event) = body.get(4..4 + len) else { break };
                frames.events.push(event);
                at += 1 + 4 + len;
            }
            HEADS => {
                let Some(head) = body.get(..34) else { break };
                let assembly = AssemblyId(head[..32].try_into().expect("32 bytes"));
                let n = usize::from(u16::from_be_bytes(head[32..34].try_into().expect("2 bytes")));
                let Some(ids) = body.get(34..34 + 32 * n) else { break };
                let ids = ids
                    .chunks_exact(32)
                    .map(|c| EventId(c.try_into().expect("32-byte chunks")))
                    .collect();
                frames.heads.push((assembly, ids));
                at += 1 + 34 + 32 * n;
            }
            NODE if version >= 2 && frames.node.is_none() => {
                let Some(node) = body.get(..16) else { break };
                frames.node = Some(node.try_into().expect("16 bytes"));
                at += 1 + 16;
            }
            END => {
                let Some(end) = body.get(..40) else { break };
                let count = u64::from_be_bytes(end[..8].try_into().expect("8 bytes"));
                let digest = checksum(&bytes[..at]);
                if count != frames.events.len() as u64 || end[8..] != digest || body.len() != 40 {
                    return Err(BundleError::Altered);
                }
                return Ok(());
            }
            _ => return Err(BundleError::BadFrame { offset: at }),
        }
    }
    Err(BundleError::Truncated { complete: frames.events.len() })
}

/// Reads the bundle's events, in order, up to its end frame or a cut; returns whether it was
/// whole.
fn read(bytes: &[u8]) -> Result<(Bundle, bool), BundleError> {
    let (frames, fault) = split(bytes);
    let Frames { created, events, heads, node } = frames;
    let events = events
        .into_iter()
        .enumerate()
        .map(|(index, bytes)| {
            Event::decode(bytes).map_err(|error| BundleError::BadEvent { index, error })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let whole = match fault {
        Ok(()) => true,
        Err(BundleError::Truncated { .. }) => false,
        Err(e) => return Err(e),
    };
    Ok((Bundle { created, events, heads, node }, whole))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Draft, Keypair};

    fn sample() -> Bundle {
        let key = Keypair::from_seed([3; 32]);
        let founding =
            Draft { assembly: None, seq: 1, time: 5, deps: vec![], kind: 1, payload: vec![1] }
                .sign(&key)
                .unwrap();
        let next = Draft {
            assembly: Some(founding.assembly_id()),
            seq: 2,
            time: 6,
            deps: vec![founding.id()],
            kind: 4,
            payload: vec![2, 3],
        }
        .sign(&key)
        .unwrap();
        let heads = vec![(founding.assembly_id(), vec![next.id()])];
        Bundle { created: 7, events: vec![founding, next], heads, node: Some([9; 16]) }
    }

    #[test]
    fn round_trips() {
        let bundle = sample();
        let bytes = encode(&bundle);
        let back = decode(&bytes).unwrap();
        assert_eq!(back.events, bundle.events);
        assert_eq!(back.heads, bundle.heads);
        assert_eq!(back.created, 7);
        assert_eq!(back.node, Some([9; 16]));
    }

    #[test]
    fn version_1_files_are_still_read_and_newer_ones_refused() {
        let mut v1 = sample();
        v1.node = None;
        let mut bytes = encode(&v1);
        bytes[8] = 1;
        // The end frame's checksum covers the version byte: recompute it as a v1 writer did.
        let end = bytes.len() - 41;
        let digest: [u8; 32] = Sha256::digest(&bytes[..end]).into();
        bytes[end + 9..].copy_from_slice(&digest);
        let back = decode(&bytes).unwrap();
        assert_eq!(back.events, v1.events);
        assert_eq!(back.node, None);
        // A node frame has no place in a version-1 file.
        let mut with_node = encode(&sample());
        with_node[8] = 1;
        assert!(decode(&with_node).is_err());
        let mut v3 = encode(&sample());
        v3[8] = 3;
        assert_eq!(decode(&v3).unwrap_err(), BundleError::UnknownVersion(3));
    }

    #[test]
    fn a_cut_keeps_only_whole_events_and_says_so() {
        let bundle = sample();
        let bytes = encode(&bundle);
        let first_end = 17 + 5 + bundle.events[0].bytes().len();
        for cut in 17..bytes.len() {
            let result = decode(&bytes[..cut]);
            let complete = usize::from(cut >= first_end)
                + usize::from(cut >= first_end + 5 + bundle.events[1].bytes().len());
            assert_eq!(result.unwrap_err(), BundleError::Truncated { complete }, "cut at {cut}");
            let (prefix, whole) = decode_prefix(&bytes[..cut]).unwrap();
            assert!(!whole);
            assert_eq!(prefix.events.len(), complete);
        }
    }

    #[test]
    fn split_gives_each_frame_and_the_fault_after_them() {
        let bundle = sample();
        let bytes = encode(&bundle);
        let (frames, fault) = split(&bytes);
        assert_eq!(fault, Ok(()));
        let events: Vec<&[u8]> = bundle.events.iter().map(Event::bytes).collect();
        assert_eq!(frames.events, events);
        assert_eq!(frames.heads, bundle.heads);
        assert_eq!((frames.created, frames.node), (7, Some([9; 16])));
        let (frames, fault) = split(&bytes[..bytes.len() - 1]);
        assert_eq!(fault, Err(BundleError::Truncated { complete: 2 }));
        assert_eq!(frames.events.len(), 2);
        let mut altered = bytes.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(split(&altered).1, Err(BundleError::Altered));
        // An event that does not decode is not split's to judge: decode names it.
        let mut bad = bytes;
        bad[17 + 5] = 9; // The first event's format version.
        let end = bad.len() - 41;
        let digest: [u8; 32] = Sha256::digest(&bad[..end]).into();
        bad[end + 9..].copy_from_slice(&digest);
        assert_eq!(split(&bad).1, Ok(()));
        assert!(matches!(decode(&bad), Err(BundleError::BadEvent { index: 0, .. })));
    }

    #[test]
    fn any_altered_byte_is_detected() {
        let bytes = encode(&sample());
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x01;
            assert!(decode(&bad).is_err(), "byte {i} altered unnoticed");
        }
    }
}
