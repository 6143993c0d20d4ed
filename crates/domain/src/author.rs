//! Making events: a member's key with its place in an assembly's record.
//!
//! Used wherever plenum itself signs for a member who is present — the CLI, the demo seeding
//! and the tests — never by the server for a member of the public: their keys live on their
//! devices, and the browser builds the same bytes with this crate compiled to WebAssembly.

use record::payload::{Found, Payload};
use record::{AssemblyId, Draft, Event, EventId, Keypair, PublicKey};

use crate::state::Assembly;

/// A key and the next sequence number it signs in one assembly.
#[derive(Debug)]
pub struct Author {
    key: Keypair,
    assembly: Option<AssemblyId>,
    next_seq: u64,
    last: Option<EventId>,
}

impl Author {
    /// An author who has not yet made an event in any assembly.
    #[must_use]
    pub fn new(key: Keypair) -> Self {
        Self { key, assembly: None, next_seq: 1, last: None }
    }

    /// An author continuing in `assembly` after the events `state` holds.
    #[must_use]
    pub fn resume(key: Keypair, state: &Assembly) -> Self {
        let (next_seq, last) = match state.heads.get(&key.public()) {
            Some((seq, id)) => (seq + 1, Some(*id)),
            None => (1, None),
        };
        Self { key, assembly: Some(state.id), next_seq, last }
    }

    #[must_use]
    pub fn public(&self) -> PublicKey {
        self.key.public()
    }

    #[must_use]
    pub fn key(&self) -> &Keypair {
        &self.key
    }

    /// Founds an assembly; the author then makes events in it.
    #[must_use]
    pub fn found(&mut self, found: Found, time: u64) -> Event {
        let event = self.sign(None, Payload::Found(found), time, []);
        self.assembly = Some(event.assembly_id());
        event
    }

    /// Makes the next event in the author's assembly, building on `frontier` (the assembly's
    /// current frontier) and on the author's own previous event.
    ///
    /// # Panics
    /// If the author has no assembly yet: call [`Author::found`] or [`Author::resume`] first.
    #[must_use]
    pub fn make(
        &mut self,
        payload: Payload,
        time: u64,
        frontier: impl IntoIterator<Item = EventId>,
    ) -> Event {
        let assembly = self.assembly.expect("an author makes events in an assembly it has");
        self.sign(Some(assembly), payload, time, frontier)
    }

    /// Joins `assembly` with a new event (the author's first in it).
    pub fn enter(&mut self, assembly: AssemblyId) {
        self.assembly = Some(assembly);
        self.next_seq = 1;
        self.last = None;
    }

    fn sign(
        &mut self,
        assembly: Option<AssemblyId>,
        payload: Payload,
        time: u64,
        frontier: impl IntoIterator<Item = EventId>,
    ) -> Event {
        // The author's previous event always comes first: without it the chain breaks.
        let mut deps: Vec<EventId> = frontier
            .into_iter()
            .filter(|d| Some(*d) != self.last)
            .take(record::event::MAX_DEPS - 1)
            .collect();
        deps.extend(self.last);
        let draft = Draft {
            assembly,
            seq: self.next_seq,
            time,
            deps,
            kind: payload.kind() as u16,
            payload: payload.encode(),
        };
        let event = draft.sign(&self.key).expect("drafts made here respect the format's limits");
        self.next_seq += 1;
        self.last = Some(event.id());
        event
    }
}
