//! Storage: one small trait, implemented by each backend in its own crate (`store-sqlite`, and
//! PostgreSQL for large deployments), and one test suite ([`suite`]) that every backend runs.
//!
//! Design decision: the trait is synchronous and speaks in events and bytes, never in domain
//! state. A node keeps each assembly's folded state in memory and asks the store only to keep
//! events durably and give them back; so a backend is a few hundred lines, and the rules live
//! in one place. The cost is that a node reads all its events at start.
//!
//! The contract, which [`suite`] checks:
//! - [`Store::append`] is atomic and durable: when it returns `Ok`, every event is on stable
//!   storage and survives a crash or power loss; when it returns `Err`, none was stored.
//! - Appending an event already held is not an error and stores nothing twice.
//! - Events come back in the order they were first appended.

#![forbid(unsafe_code)]

use core::fmt;

use record::{AssemblyId, Event, EventId, PublicKey};

#[cfg(feature = "suite")]
pub mod suite;

/// Why the store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The storage failed (disk full, file unreadable, connection lost).
    Io(String),
    /// What the storage holds is not what this version of plenum wrote.
    Corrupt(String),
    /// The request conflicts with what is stored (a key vault entry of another key).
    Conflict,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(detail) => write!(f, "storage failed: {detail}"),
            Self::Corrupt(detail) => write!(f, "stored data is corrupt: {detail}"),
            Self::Conflict => f.write_str("conflicts with what is stored"),
        }
    }
}

impl std::error::Error for StoreError {}

/// A member's signing key, encrypted on their device under a key derived from their
/// passphrase, kept so they can sign in on another device. The node cannot decrypt it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultEntry {
    /// The name the member signs in with, unique on this node (compared case-insensitively).
    pub handle: String,
    pub key: PublicKey,
    /// The encrypted key, in the format of the `vault` crate.
    pub sealed: Vec<u8>,
    /// Milliseconds since the Unix epoch.
    pub updated: u64,
}

/// A node this node syncs with, and what it knew of it at the last contact.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Peer {
    /// The peer's base address, such as `http://10.0.0.2:8080`: its identity in this table.
    pub url: String,
    /// How it became known: `flag` (`plenum serve --peer`), `ui` (a convenor), `lan` (mDNS).
    pub source: String,
    /// Milliseconds since the Unix epoch.
    pub added: u64,
    /// The peer's node id once it has answered.
    pub node: Option<[u8; 16]>,
    pub last_attempt: u64,
    pub last_contact: u64,
    /// Why the last attempt failed, if it did (in English, for the log and the operator).
    pub last_error: Option<String>,
    pub events_sent: u64,
    pub events_received: u64,
    /// Per assembly both serve: the peer's event count and heads at the last contact.
    pub assemblies: Vec<PeerAssembly>,
}

/// What a peer held of one assembly at the last contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerAssembly {
    pub assembly: AssemblyId,
    pub count: u64,
    pub heads: Vec<EventId>,
}

/// Where a node keeps its events, its members' encrypted keys and its settings.
pub trait Store: Send + Sync {
    /// Stores events atomically and durably (see the crate's contract).
    ///
    /// # Errors
    /// When the storage fails; nothing was stored.
    fn append(&self, events: &[Event]) -> Result<(), StoreError>;

    /// Every event, in the order first appended.
    ///
    /// # Errors
    /// When the storage fails or holds bytes that are not events.
    fn all_events(&self) -> Result<Vec<Event>, StoreError>;

    /// The events of one assembly, in the order first appended.
    ///
    /// # Errors
    /// As [`Store::all_events`].
    fn events(&self, assembly: &AssemblyId) -> Result<Vec<Event>, StoreError>;

    /// How many events are stored.
    ///
    /// # Errors
    /// When the storage fails.
    fn count(&self) -> Result<u64, StoreError>;

    /// Stores or replaces a vault entry. Replacing is allowed only for the same key.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the handle belongs to another key.
    fn put_vault(&self, entry: &VaultEntry) -> Result<(), StoreError>;

    /// The vault entry for a handle, compared case-insensitively.
    ///
    /// # Errors
    /// When the storage fails.
    fn vault(&self, handle: &str) -> Result<Option<VaultEntry>, StoreError>;

    /// A node setting.
    ///
    /// # Errors
    /// When the storage fails.
    fn setting(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Stores a node setting durably.
    ///
    /// # Errors
    /// When the storage fails.
    fn set_setting(&self, key: &str, value: &[u8]) -> Result<(), StoreError>;

    /// The events of one assembly whose ids are in `ids`, in the order first appended; ids
    /// not held are skipped.
    ///
    /// # Errors
    /// As [`Store::all_events`].
    fn events_by_id(
        &self,
        assembly: &AssemblyId,
        ids: &[EventId],
    ) -> Result<Vec<Event>, StoreError> {
        let wanted: std::collections::HashSet<&EventId> = ids.iter().collect();
        Ok(self.events(assembly)?.into_iter().filter(|e| wanted.contains(&e.id())).collect())
    }

    /// Every peer, by address.
    ///
    /// # Errors
    /// When the storage fails or holds what this version did not write.
    fn peers(&self) -> Result<Vec<Peer>, StoreError>;

    /// Adds a peer or replaces what is known of it (keyed by its address).
    ///
    /// # Errors
    /// When the storage fails.
    fn put_peer(&self, peer: &Peer) -> Result<(), StoreError>;

    /// Forgets a peer; returns whether it was known.
    ///
    /// # Errors
    /// When the storage fails.
    fn remove_peer(&self, url: &str) -> Result<bool, StoreError>;
}

/// The form handles are compared in: lowercase, surrounding spaces dropped.
#[must_use]
pub fn normalise_handle(handle: &str) -> String {
    handle.trim().to_lowercase()
}
