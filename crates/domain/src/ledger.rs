//! The ledger: an assembly's events in canonical order, with its state kept up to date as
//! events arrive in any order.
//!
//! A new event is placed where the canonical order puts it. Adding an event never reorders the
//! others: the order is the smallest topological order by `(time, id)`, and a new event has no
//! successors yet, so it slots in at the first place after its dependencies where its key is
//! smaller than the next event's. Usually that is the end, and the state advances by one step;
//! when concurrent events arrived first, the state is re-folded from the nearest snapshot
//! before that place. Snapshots are O(1) clones of the persistent state.
//!
//! Cost: every event of the assembly is held in memory (its bytes and header).

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use record::{Event, EventId};

use crate::apply::CheckedJoins;
use crate::order::{FoldError, canonical_order};
use crate::rejection::Rejection;
use crate::state::Assembly;

/// How far behind the latest event a local member's event may take its place. A device signs
/// with the node's clock, so its event lands a few places from the end at most; one that lands
/// further back was signed long ago (or with a forged time), and would make the node re-fold
/// far for it. Refusing it costs the device one more signature.
pub const MAX_LOCAL_DEPTH: usize = 1024;

/// How often snapshots of the state are kept, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshots {
    /// A snapshot is kept after every this many events.
    pub every: usize,
    /// How many are kept: inserting deeper than `every × keep` re-folds from the start.
    pub keep: usize,
}

impl Default for Snapshots {
    fn default() -> Self {
        Self { every: 64, keep: 64 }
    }
}

/// Where an event comes from, which decides how strictly it is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Made by a member on this node: it must take effect both on the current state and where
    /// the canonical order places it, or it is refused.
    Local,
    /// Received from another node or a bundle: it is part of the record once its links hold;
    /// where the rules do not let it take effect, the state lists it as ignored, with why.
    Peer,
}

/// An assembly's events in canonical order and the state they fold into.
#[derive(Debug, Clone)]
pub struct Ledger {
    events: Vec<Event>,
    position: HashMap<EventId, usize>,
    state: Assembly,
    /// `(n, state after the first n events)`, ascending in `n`.
    snapshots: Vec<(usize, Assembly)>,
    policy: Snapshots,
    /// The causal past last judged, to judge the next event built on it without refolding.
    memo: PastMemo,
}

/// A closed set of events — an event judged by [`Ledger::valid_in_past`] and everything it
/// builds on — with the state they fold into. Events from a partitioned node arrive as a
/// chain (each names the one before), so the next one's past is this one's plus a few events.
#[derive(Default)]
struct PastMemo(Mutex<Option<Past>>);

struct Past {
    top: EventId,
    ids: HashSet<EventId>,
    state: Assembly,
}

impl Clone for PastMemo {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl std::fmt::Debug for PastMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PastMemo")
    }
}

impl Ledger {
    /// A ledger holding only the founding event.
    ///
    /// # Errors
    /// When `founding` is not a valid founding event.
    pub fn new(founding: Event) -> Result<Self, Rejection> {
        let state = Assembly::found(&founding)?;
        Ok(Self {
            position: HashMap::from([(founding.id(), 0)]),
            events: vec![founding],
            state,
            snapshots: Vec::new(),
            policy: Snapshots::default(),
            memo: PastMemo::default(),
        })
    }

    /// Changes how snapshots are kept (the default suits every assembly; tests use small ones
    /// to exercise re-folding).
    #[must_use]
    pub fn with_snapshots(mut self, policy: Snapshots) -> Self {
        assert!(policy.every > 0 && policy.keep > 0, "snapshot policy must keep some");
        self.policy = policy;
        self.snapshots.clear();
        self
    }

    /// Builds the ledger of a whole set of events of one assembly, in any order.
    ///
    /// # Errors
    /// As [`crate::fold`].
    pub fn from_events(events: Vec<Event>) -> Result<Self, FoldError> {
        Self::from_events_with(events, Snapshots::default())
    }

    /// As [`Ledger::from_events`], with a snapshot policy.
    ///
    /// # Errors
    /// As [`crate::fold`].
    pub fn from_events_with(events: Vec<Event>, policy: Snapshots) -> Result<Self, FoldError> {
        Self::fold_all(events, policy, &CheckedJoins::default())
    }

    /// As [`Ledger::from_events`], taking the invitation proofs in `joins` as checked (a
    /// verifier checks a million of them on all cores before the fold, which is sequential).
    ///
    /// # Errors
    /// As [`crate::fold`].
    pub fn from_checked_events(
        events: Vec<Event>,
        joins: &CheckedJoins,
    ) -> Result<Self, FoldError> {
        Self::fold_all(events, Snapshots::default(), joins)
    }

    fn fold_all(
        events: Vec<Event>,
        policy: Snapshots,
        joins: &CheckedJoins,
    ) -> Result<Self, FoldError> {
        let order = canonical_order(&events)?;
        let total = order.len();
        let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
        let mut ordered = order.into_iter().filter_map(|i| slots[i].take());
        let founding = ordered.next().ok_or(FoldError::NoFoundingEvent)?;
        if founding.assembly().is_some() {
            return Err(FoldError::NoFoundingEvent);
        }
        let mut ledger =
            Self::new(founding).map_err(FoldError::BadFounding)?.with_snapshots(policy);
        // Only the last `keep` snapshots survive the fold: taking none before those spares the
        // fold copying, path by path, every map a snapshot shares with the state (a million
        // members' map, say), and leaves exactly the same ledger.
        let unkept = total.saturating_sub(policy.every * policy.keep);
        for event in ordered {
            ledger.state.fold_in_checked(&event, joins);
            let n = ledger.events.len() + 1;
            if n > unkept { ledger.push(event) } else { ledger.hold(event) }
        }
        Ok(ledger)
    }

    /// The state after every event.
    #[must_use]
    pub fn state(&self) -> &Assembly {
        &self.state
    }

    /// The events in canonical order.
    #[must_use]
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    #[must_use]
    pub fn get(&self, id: &EventId) -> Option<&Event> {
        self.position.get(id).map(|&i| &self.events[i])
    }

    /// Where an event stands in the canonical order, if held.
    #[must_use]
    pub fn position(&self, id: &EventId) -> Option<usize> {
        self.position.get(id).copied()
    }

    #[must_use]
    pub fn contains(&self, id: &EventId) -> bool {
        self.position.contains_key(id)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.events.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Adds an event where the canonical order places it. On an error nothing has changed.
    ///
    /// # Errors
    /// When the event is already held, belongs elsewhere, names an event the ledger lacks, or
    /// (from a local member) breaks a rule.
    pub fn insert(&mut self, event: Event, origin: Origin) -> Result<usize, Rejection> {
        if self.position.contains_key(&event.id()) {
            return Err(Rejection::Duplicate);
        }
        match event.assembly() {
            None => return Err(Rejection::AlreadyFounded),
            Some(id) if id != self.state.id => return Err(Rejection::WrongAssembly),
            Some(_) => {}
        }
        let mut after = None;
        for dep in event.deps() {
            let &at = self.position.get(dep).ok_or(Rejection::MissingDependency(*dep))?;
            after = after.max(Some(at));
        }
        let after = after.ok_or(Rejection::NoDependencies)?;
        let key = (event.time(), event.id());
        let place = (after + 1..self.events.len())
            .find(|&t| key < (self.events[t].time(), self.events[t].id()))
            .unwrap_or(self.events.len());

        if place == self.events.len() {
            let mut state = self.state.clone();
            let before = state.ignored.len();
            match origin {
                Origin::Local => state.apply(&event)?,
                Origin::Peer => state.fold_in(&event),
            }
            self.judge_in_past(&event, state.ignored.len() > before, &state)?;
            self.state = state;
            self.push(event);
            return Ok(place);
        }

        if origin == Origin::Local {
            if self.events.len() - place > MAX_LOCAL_DEPTH {
                return Err(Rejection::Stale);
            }
            // A member acting here sees the current state; what it refuses is refused, even
            // where an earlier place in the order would have allowed it.
            self.state.clone().apply(&event)?;
        }
        let (start, mut state) = self.base_for(place);
        let mut snapshots: Vec<(usize, Assembly)> =
            self.snapshots.iter().filter(|(n, _)| *n <= start).cloned().collect();
        for (n, e) in self.events.iter().enumerate().take(place).skip(start) {
            state.fold_in(e);
            self.policy.maybe_snapshot(&mut snapshots, n + 1, &state);
        }
        let before = state.ignored.len();
        match origin {
            Origin::Local => state.apply(&event)?,
            Origin::Peer => state.fold_in(&event),
        }
        self.judge_in_past(&event, state.ignored.len() > before, &state)?;
        self.policy.maybe_snapshot(&mut snapshots, place + 1, &state);
        for (n, e) in self.events.iter().enumerate().skip(place) {
            state.fold_in(e);
            self.policy.maybe_snapshot(&mut snapshots, n + 2, &state);
        }
        self.events.insert(place, event);
        for (n, e) in self.events.iter().enumerate().skip(place) {
            self.position.insert(e.id(), n);
        }
        self.state = state;
        self.snapshots = snapshots;
        Ok(place)
    }

    /// Whether `event` would take effect on the state of its causal past — the events it
    /// builds on, directly or not — judged as a member's event made there (the author's chain
    /// included). This is what an honest node checked when the event was made: its device
    /// named the node's frontier, so the node's state then was exactly this past. An event
    /// that fails here was accepted by no honest node; an event that passes here but not at
    /// its canonical place is a conflict the rules resolved. The answer depends on the event
    /// and its ancestors only, so every node gives the same one.
    ///
    /// Cost: a fold of the event's ancestors.
    ///
    /// # Errors
    /// The rule the event breaks in its causal past.
    pub fn valid_in_past(&self, event: &Event) -> Result<(), Rejection> {
        let mut memo = self.memo.0.lock().unwrap_or_else(PoisonError::into_inner);
        let reused = memo
            .take()
            .filter(|m| event.deps().contains(&m.top))
            .and_then(|m| self.extend_past(m, event));
        let (mut ids, mut state) = match reused {
            Some(past) => past,
            None => self.fold_past(event),
        };
        let verdict = state.clone().apply(event);
        state.fold_in(event);
        ids.insert(event.id());
        *memo = Some(Past { top: event.id(), ids, state });
        verdict
    }

    /// The past of `event` from the memo of the past of one of its dependencies: the events
    /// it adds must all come after that dependency in canonical order, to be folded after it.
    fn extend_past(&self, memo: Past, event: &Event) -> Option<(HashSet<EventId>, Assembly)> {
        let &top = self.position.get(&memo.top)?;
        let mut added = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<usize> =
            event.deps().iter().filter_map(|d| self.position.get(d).copied()).collect();
        while let Some(p) = stack.pop() {
            let id = self.events[p].id();
            if memo.ids.contains(&id) || !seen.insert(p) {
                continue;
            }
            if p < top {
                return None;
            }
            added.push(p);
            stack.extend(self.events[p].deps().iter().filter_map(|d| self.position.get(d)));
        }
        added.sort_unstable();
        let Past { mut ids, mut state, .. } = memo;
        for p in added {
            state.fold_in(&self.events[p]);
            ids.insert(self.events[p].id());
        }
        Some((ids, state))
    }

    /// The events `event` builds on, and the state they fold into, computed afresh.
    fn fold_past(&self, event: &Event) -> (HashSet<EventId>, Assembly) {
        let mut stack: Vec<usize> =
            event.deps().iter().filter_map(|d| self.position.get(d).copied()).collect();
        let mut past: HashSet<usize> = HashSet::new();
        while let Some(p) = stack.pop() {
            if past.insert(p) {
                stack.extend(self.events[p].deps().iter().filter_map(|d| self.position.get(d)));
            }
        }
        // The canonical order restricted to a set closed under dependencies is that set's own
        // canonical order: ledger positions give it.
        let mut past: Vec<usize> = past.into_iter().collect();
        past.sort_unstable();
        // The past usually holds a whole prefix of the record (all that its node held before
        // the partition): start from the latest snapshot inside that prefix.
        let prefix = past.iter().enumerate().take_while(|&(i, &p)| i == p).count();
        let (start, mut state) = self.base_for(prefix.max(1));
        for e in &self.events[start..prefix.max(start)] {
            state.fold_in(e);
        }
        for &p in past[prefix..].iter().filter(|&&p| p > 0) {
            state.fold_in(&self.events[p]);
        }
        let ids = past.iter().map(|&p| self.events[p].id()).collect();
        (ids, state)
    }

    /// Whether `ancestor` is among the events `event` builds on, directly or not.
    #[must_use]
    pub fn builds_on(&self, event: &Event, ancestor: &EventId) -> bool {
        let Some(&target) = self.position.get(ancestor) else { return false };
        // An author's own earlier event (their join, say) is usually found down their chain,
        // each event naming the author's previous one: a few steps, not a search.
        let wanted = &self.events[target];
        if wanted.author() == event.author() {
            let mut current = event;
            while let Some(previous) = current
                .deps()
                .iter()
                .filter_map(|d| self.get(d))
                .find(|d| d.author() == event.author() && d.seq() < current.seq())
            {
                if previous.id() == *ancestor {
                    return true;
                }
                if previous.seq() <= wanted.seq() {
                    break;
                }
                current = previous;
            }
        }
        let mut stack: Vec<usize> =
            event.deps().iter().filter_map(|d| self.position.get(d).copied()).collect();
        let mut seen = HashSet::new();
        while let Some(p) = stack.pop() {
            if p == target {
                return true;
            }
            if p < target || !seen.insert(p) {
                continue;
            }
            stack
                .extend(self.events[p].deps().iter().filter_map(|d| self.position.get(d).copied()));
        }
        false
    }

    /// Refuses an event that no honest node would have made: one that breaks a rule even in
    /// its causal past. Where the event took effect and names only events it builds on, it
    /// would take effect in its past too (the rules only ever refuse more as a record grows),
    /// so the costly fold of the past is needed only for ignored events and for those naming
    /// an event they do not build on.
    fn judge_in_past(
        &self,
        event: &Event,
        ignored: bool,
        after: &Assembly,
    ) -> Result<(), Rejection> {
        let unseen =
            || crate::apply::references(after, event).iter().any(|r| !self.builds_on(event, r));
        if ignored || unseen() { self.valid_in_past(event) } else { Ok(()) }
    }

    /// The latest snapshot at or before `place`, or the founding state.
    fn base_for(&self, place: usize) -> (usize, Assembly) {
        match self.snapshots.iter().rev().find(|(n, _)| *n <= place) {
            Some((n, state)) => (*n, state.clone()),
            None => {
                let state =
                    Assembly::found(&self.events[0]).expect("the ledger's first event founded it");
                (1, state)
            }
        }
    }

    fn push(&mut self, event: Event) {
        self.hold(event);
        self.policy.maybe_snapshot(&mut self.snapshots, self.events.len(), &self.state);
    }

    /// Appends an event after the state has folded it in, taking no snapshot.
    fn hold(&mut self, event: Event) {
        self.position.insert(event.id(), self.events.len());
        self.events.push(event);
    }
}

impl Snapshots {
    fn maybe_snapshot(self, snapshots: &mut Vec<(usize, Assembly)>, n: usize, state: &Assembly) {
        if n.is_multiple_of(self.every) {
            snapshots.push((n, state.clone()));
            if snapshots.len() > self.keep {
                snapshots.remove(0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

    use super::*;

    #[test]
    fn a_fold_keeps_the_snapshots_that_adding_each_event_would_keep() {
        let mut s = test_support::Scenario::found("Assembly");
        for _ in 0..40 {
            s.join(0, "Member");
        }
        for every in 1..5 {
            for keep in 1..6 {
                let policy = Snapshots { every, keep };
                let folded = Ledger::from_events_with(s.events.clone(), policy).unwrap();
                let mut added = Ledger::new(s.events[0].clone()).unwrap().with_snapshots(policy);
                for event in &s.events[1..] {
                    added.insert(event.clone(), Origin::Peer).unwrap();
                }
                let kept = |l: &Ledger| -> Vec<(usize, _)> {
                    l.snapshots.iter().map(|(n, state)| (*n, state.digest())).collect()
                };
                assert_eq!(kept(&folded), kept(&added), "every {every}, keep {keep}");
                assert_eq!(folded.snapshots.len(), keep.min(s.events.len() / every));
            }
        }
    }
}
