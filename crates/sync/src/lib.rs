//! The sync planner: what two nodes say to each other so that both end up holding the same
//! events of the assemblies they both serve — as data, with no IO.
//!
//! A sync is driven by one side, the *client*; the other, the *server*, answers each request
//! on its own, keeping no state between requests ([`answer`]). The client's [`Session`] says
//! what to send next and digests each answer; the edges (`server`, `plenum`) only move the
//! bytes and hand received events to the node, which judges them like any other.
//!
//! The protocol (`docs/sync.md`), per assembly:
//! 1. **Heads first** (one round trip). The client sends its heads — the events nothing else
//!    names yet — and its event count. Equal heads mean equal sets: every event is an ancestor
//!    of a head, and a node holds every ancestor of what it holds. If the server holds all the
//!    client's heads, the client holds a subset of the server's events, and the server sends the
//!    missing ones at once, found by a scan down from its newest events ([`lacking`]); the same
//!    holds the other way round, and the client pushes.
//! 2. **Reconciliation** otherwise — both sides made events while apart, a member's two devices
//!    forked their chain, or the nodes meet for the first time: range-based set reconciliation
//!    (negentropy) over `(time, id)`, frames capped at 64 KiB. Its first message rides along
//!    with the heads, so this costs no extra round trip. Events found missing travel in the
//!    same requests and answers as the reconciliation's next messages.
//!
//! Design decision: the server is stateless and the client owns the session. Its cost is
//! that a server rebuilds its reconciliation index on every request of a reconciliation; its
//! benefit is that a peer that disappears, lies or sends garbage leaves nothing behind.

#![forbid(unsafe_code)]

pub mod live;
pub mod message;
pub mod plan;
pub mod replica;
pub mod synthetic;

pub use message::{Answer, Ask, MessageError, NodeId, Request, Response, Standing};
pub use plan::{Outcome, Session, SessionError, Stats, answer};
pub use replica::{Replica, Replicas, lacking};
