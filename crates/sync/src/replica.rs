//! What the planner needs to know of one side's events: a read-only view of an assembly's
//! record in canonical order, and the scan that finds what the other side lacks.

use std::collections::{BTreeMap, HashSet};

use domain::Ledger;
use record::{AssemblyId, EventId};

/// One assembly's events on one node, in canonical (topological) order.
pub trait Replica {
    /// How many events the replica holds.
    fn len(&self) -> usize;
    /// Whether it holds none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The events nothing else names yet, sorted.
    fn heads(&self) -> Vec<EventId>;
    /// Where an event stands in the canonical order, if held.
    fn position(&self, id: &EventId) -> Option<usize>;
    /// The id of the event at `position`.
    fn id_at(&self, position: usize) -> EventId;
    /// The claimed time of the event at `position`.
    fn time_at(&self, position: usize) -> u64;
    /// The dependencies of the event at `position`.
    fn deps_at(&self, position: usize) -> &[EventId];
    /// The canonical bytes of the event at `position`.
    fn bytes_at(&self, position: usize) -> &[u8];
}

/// The assemblies a node serves, each visited under whatever lock the node needs.
pub trait Replicas {
    /// The assemblies served, sorted.
    fn assemblies(&self) -> Vec<AssemblyId>;
    /// Runs `f` on the replica of `assembly`, if served.
    fn visit<T>(&self, assembly: &AssemblyId, f: impl FnOnce(&dyn Replica) -> T) -> Option<T>;
}

impl Replica for Ledger {
    fn len(&self) -> usize {
        Ledger::len(self)
    }
    fn heads(&self) -> Vec<EventId> {
        self.state().frontier.iter().copied().collect()
    }
    fn position(&self, id: &EventId) -> Option<usize> {
        Ledger::position(self, id)
    }
    fn id_at(&self, position: usize) -> EventId {
        self.events()[position].id()
    }
    fn time_at(&self, position: usize) -> u64 {
        self.events()[position].time()
    }
    fn deps_at(&self, position: usize) -> &[EventId] {
        self.events()[position].deps()
    }
    fn bytes_at(&self, position: usize) -> &[u8] {
        self.events()[position].bytes()
    }
}

/// Ledgers held in a map: the replicas of a simulation or a test.
impl Replicas for BTreeMap<AssemblyId, Ledger> {
    fn assemblies(&self) -> Vec<AssemblyId> {
        self.keys().copied().collect()
    }
    fn visit<T>(&self, assembly: &AssemblyId, f: impl FnOnce(&dyn Replica) -> T) -> Option<T> {
        self.get(assembly).map(|l| f(l))
    }
}

/// The events of `replica` that a side holding `their_heads` (and `their_count` events) lacks,
/// as positions in ascending canonical order — so each follows its dependencies — or `None`
/// when `replica` does not hold every one of their heads (then it cannot know).
///
/// The other side holds exactly the ancestors of its heads. The scan walks down from the
/// newest event, marking the ancestors of their heads as it meets them; an unmarked event is
/// one they lack. It stops once it has found `len - their_count` of them, so a node that was
/// offline for a while costs a scan of what it missed, not of the whole record. A lying count
/// only makes the scan longer or the answer shorter; the next round corrects it.
#[must_use]
pub fn lacking(
    replica: &dyn Replica,
    their_heads: &[EventId],
    their_count: u64,
) -> Option<Vec<usize>> {
    let mut theirs: HashSet<EventId> = HashSet::with_capacity(their_heads.len() * 4);
    for head in their_heads {
        replica.position(head)?;
        theirs.insert(*head);
    }
    let len = replica.len();
    let expected = u64::try_from(len).map_or(usize::MAX, |n| {
        usize::try_from(n.saturating_sub(their_count)).unwrap_or(usize::MAX)
    });
    let mut out = Vec::new();
    for position in (0..len).rev() {
        if out.len() >= expected {
            break;
        }
        let id = replica.id_at(position);
        if theirs.remove(&id) {
            theirs.extend(replica.deps_at(position).iter().copied());
        } else {
            out.push(position);
        }
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use test_support::Scenario;

    #[test]
    fn a_side_behind_lacks_exactly_the_newer_events() {
        let mut s = Scenario::found("Assembly");
        let member = s.join(0, "First");
        let behind = Ledger::from_events(s.events.clone()).unwrap();
        s.motion(member, "One").unwrap();
        s.motion(0, "Two").unwrap();
        let ahead = Ledger::from_events(s.events.clone()).unwrap();
        let missing = lacking(&ahead, &Replica::heads(&behind), behind.len() as u64).unwrap();
        let ids: Vec<EventId> = missing.iter().map(|&p| ahead.id_at(p)).collect();
        let expected: Vec<EventId> = s.events[behind.len()..].iter().map(|e| e.id()).collect();
        assert_eq!(ids, expected);
        assert_eq!(lacking(&behind, &Replica::heads(&ahead), ahead.len() as u64), None);
        assert_eq!(lacking(&ahead, &Replica::heads(&ahead), ahead.len() as u64), Some(vec![]));
        // A newcomer holds nothing: it lacks all, the founding event first.
        let all = lacking(&ahead, &[], 0).unwrap();
        assert_eq!(all, (0..ahead.len()).collect::<Vec<_>>());
    }
}
