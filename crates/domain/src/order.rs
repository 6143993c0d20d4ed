//! The canonical order of a set of events, and the fold over it.
//!
//! The order is a topological sort of the events by their dependencies, taking among the events
//! whose dependencies are all placed the one with the smallest `(time, id)`. It depends only on
//! the set, never on the order events arrived in, so every node holding the same events folds
//! them in the same order into the same state. On one node, where each new event names the
//! current frontier, the order is simply the order events were made; between partitioned nodes,
//! concurrent events interleave by their authors' clocks, ties broken by id.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use record::{Event, EventId};

use crate::rejection::Rejection;
use crate::state::Assembly;

/// Why a set of events cannot be folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FoldError {
    /// The set holds no founding event, or it is not the first in the order.
    NoFoundingEvent,
    /// The founding event itself is invalid.
    BadFounding(Rejection),
    /// An event names a dependency the set does not hold.
    MissingDependency { event: EventId, missing: EventId },
}

impl std::fmt::Display for FoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoFoundingEvent => f.write_str("the record has no founding event"),
            Self::BadFounding(r) => write!(f, "the founding event is invalid: {r}"),
            Self::MissingDependency { event, missing } => {
                write!(f, "event {event} builds on event {missing}, which the record lacks")
            }
        }
    }
}

impl std::error::Error for FoldError {}

impl FoldError {
    /// A stable code naming the message that explains it (`fold-<code>`), and its values.
    #[must_use]
    pub fn code(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Self::NoFoundingEvent => ("no-founding-event", vec![]),
            Self::BadFounding(r) => ("bad-founding", vec![("detail", r.to_string())]),
            Self::MissingDependency { event, missing } => {
                ("missing-dependency", vec![("event", event.short()), ("missing", missing.short())])
            }
        }
    }
}

/// The canonical order of `events`, as indices into the slice. Repeated events appear once.
///
/// # Errors
/// When an event names a dependency that is not in the slice.
pub fn canonical_order(events: &[Event]) -> Result<Vec<usize>, FoldError> {
    let mut index: HashMap<EventId, usize> = HashMap::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        index.entry(e.id()).or_insert(i);
    }
    let mut waiting = vec![0usize; events.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
    let mut ready = BinaryHeap::new();
    for (&id, &i) in &index {
        let event = &events[i];
        for dep in event.deps() {
            let &d =
                index.get(dep).ok_or(FoldError::MissingDependency { event: id, missing: *dep })?;
            children[d].push(i);
            waiting[i] += 1;
        }
        if waiting[i] == 0 {
            ready.push(Reverse((event.time(), id, i)));
        }
    }
    let mut order = Vec::with_capacity(index.len());
    while let Some(Reverse((_, _, i))) = ready.pop() {
        order.push(i);
        for &child in &children[i] {
            waiting[child] -= 1;
            if waiting[child] == 0 {
                let e = &events[child];
                ready.push(Reverse((e.time(), e.id(), child)));
            }
        }
    }
    debug_assert_eq!(order.len(), index.len(), "ids are hashes of their dependencies: no cycle");
    Ok(order)
}

/// Folds the events of one assembly, in any order given, into its state.
///
/// # Errors
/// When the set cannot be ordered or does not start with a valid founding event.
pub fn fold(events: &[Event]) -> Result<Assembly, FoldError> {
    let order = canonical_order(events)?;
    let mut order = order.into_iter().map(|i| &events[i]);
    let founding = order.next().ok_or(FoldError::NoFoundingEvent)?;
    if founding.assembly().is_some() {
        return Err(FoldError::NoFoundingEvent);
    }
    let mut state = Assembly::found(founding).map_err(FoldError::BadFounding)?;
    for event in order {
        state.fold_in(event);
    }
    Ok(state)
}
