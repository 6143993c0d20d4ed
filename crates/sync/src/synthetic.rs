//! Synthetic replicas for the benchmark and the property tests: a universe of stand-in events
//! (an id, a time, dependencies, a few bytes) and subsets of it, without keys or rules, so
//! that a million-event record is built in seconds rather than signed for minutes.
//!
//! A stand-in event's bytes are its number in the universe, padded; its id is their SHA-256,
//! as for a real event, so the planner cannot tell the difference.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use record::{AssemblyId, EventId};
use sha2::{Digest as _, Sha256};

use crate::replica::{Replica, Replicas};

/// Size of a stand-in event's bytes.
pub const EVENT_SIZE: usize = 64;

/// Every stand-in event, in a topological order.
#[derive(Debug, Default)]
pub struct Universe {
    ids: Vec<EventId>,
    times: Vec<u64>,
    deps: Vec<Vec<EventId>>,
    index: HashMap<EventId, u32>,
}

impl Universe {
    /// Adds an event depending on events `deps` (numbers of events already added); returns
    /// its number.
    ///
    /// # Panics
    /// If a dependency is not an earlier event.
    pub fn add(&mut self, time: u64, deps: &[u32]) -> u32 {
        let n = u32::try_from(self.ids.len()).expect("fewer than 2^32 stand-in events");
        let id = EventId(Sha256::digest(Self::bytes_of(n)).into());
        let deps = deps
            .iter()
            .map(|&d| {
                assert!(d < n, "a dependency precedes its event");
                self.ids[d as usize]
            })
            .collect();
        self.ids.push(id);
        self.times.push(time);
        self.deps.push(deps);
        self.index.insert(id, n);
        n
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    #[must_use]
    pub fn id(&self, n: u32) -> EventId {
        self.ids[n as usize]
    }

    /// The bytes of event number `n`.
    #[must_use]
    pub fn bytes_of(n: u32) -> [u8; EVENT_SIZE] {
        let mut bytes = [0u8; EVENT_SIZE];
        bytes[..4].copy_from_slice(b"SYNT");
        bytes[4..8].copy_from_slice(&n.to_be_bytes());
        bytes
    }

    /// The number of the event with these bytes, if they are one of the universe's.
    #[must_use]
    pub fn number(&self, bytes: &[u8]) -> Option<u32> {
        let id = EventId(Sha256::digest(bytes).into());
        self.index.get(&id).copied()
    }
}

/// A subset of a universe, closed under dependencies: one node's replica of an assembly.
#[derive(Debug, Clone)]
pub struct SyntheticReplica {
    universe: Arc<Universe>,
    members: Vec<u32>,
    bytes: Vec<[u8; EVENT_SIZE]>,
    position: HashMap<EventId, usize>,
    heads: BTreeSet<EventId>,
}

impl SyntheticReplica {
    /// An empty replica.
    #[must_use]
    pub fn new(universe: Arc<Universe>) -> Self {
        Self {
            universe,
            members: Vec::new(),
            bytes: Vec::new(),
            position: HashMap::new(),
            heads: BTreeSet::new(),
        }
    }

    /// Adds event `n` if its dependencies are held; returns whether it was added (or held).
    pub fn insert(&mut self, n: u32) -> bool {
        let id = self.universe.id(n);
        if self.position.contains_key(&id) {
            return true;
        }
        let deps = &self.universe.deps[n as usize];
        if !deps.iter().all(|d| self.position.contains_key(d)) {
            return false;
        }
        for d in deps {
            self.heads.remove(d);
        }
        self.heads.insert(id);
        self.position.insert(id, self.members.len());
        self.members.push(n);
        self.bytes.push(Universe::bytes_of(n));
        true
    }

    /// Adds received events' bytes, holding back in `waiting` those whose dependencies are
    /// not yet held until they are (a later call may bring them); returns how many were added.
    pub fn receive(&mut self, events: &[Vec<u8>], waiting: &mut Vec<u32>) -> usize {
        waiting.extend(events.iter().filter_map(|b| self.universe.number(b)));
        let mut added = 0;
        loop {
            let before = waiting.len();
            waiting.retain(|&n| {
                let held = self.position.contains_key(&self.universe.id(n));
                if !held && self.insert(n) {
                    added += 1;
                    return false;
                }
                !held
            });
            if waiting.is_empty() || waiting.len() == before {
                return added;
            }
        }
    }

    /// The ids held, sorted.
    #[must_use]
    pub fn ids(&self) -> BTreeSet<EventId> {
        self.position.keys().copied().collect()
    }
}

impl Replica for SyntheticReplica {
    fn len(&self) -> usize {
        self.members.len()
    }
    fn heads(&self) -> Vec<EventId> {
        self.heads.iter().copied().collect()
    }
    fn position(&self, id: &EventId) -> Option<usize> {
        self.position.get(id).copied()
    }
    fn id_at(&self, position: usize) -> EventId {
        self.universe.id(self.members[position])
    }
    fn time_at(&self, position: usize) -> u64 {
        self.universe.times[self.members[position] as usize]
    }
    fn deps_at(&self, position: usize) -> &[EventId] {
        &self.universe.deps[self.members[position] as usize]
    }
    fn bytes_at(&self, position: usize) -> &[u8] {
        &self.bytes[position]
    }
}

impl Replicas for BTreeMap<AssemblyId, SyntheticReplica> {
    fn assemblies(&self) -> Vec<AssemblyId> {
        self.keys().copied().collect()
    }
    fn visit<T>(&self, assembly: &AssemblyId, f: impl FnOnce(&dyn Replica) -> T) -> Option<T> {
        self.get(assembly).map(|r| f(r))
    }
}
