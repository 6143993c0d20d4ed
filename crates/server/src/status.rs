//! What a node knows of itself and its peers, for `plenum status` and the status page: per
//! assembly the state digest, events and authors; per peer the last contact and what is
//! pending in each direction, judged from the heads the peer had at that contact.

use node::Node;
use record::{AssemblyId, Digest};
use store::Peer;
use sync::{NodeId, Replicas, lacking};

use crate::sync::NodeReplicas;

/// One assembly on this node.
#[derive(Debug, Clone)]
pub struct AssemblyStatus {
    pub id: AssemblyId,
    pub name: String,
    pub digest: Digest,
    pub events: u64,
    /// Members who made at least one event.
    pub authors: usize,
    /// Events of the record that did not take effect (conflicts resolved by the rules).
    pub ignored: usize,
}

/// What is pending between this node and a peer in one assembly.
#[derive(Debug, Clone)]
pub struct Pending {
    pub assembly: AssemblyId,
    pub name: String,
    /// The peer's event count and heads at the last contact.
    pub their_events: u64,
    pub their_heads: usize,
    /// Events this node holds that the peer lacked at the last contact: exact when this node
    /// holds all the peer's heads, else `None`.
    pub they_lack: Option<usize>,
    /// How many of the peer's heads this node lacks: 0 means it lacks nothing the peer had.
    pub we_lack_heads: usize,
}

/// A peer and what is pending with it.
#[derive(Debug, Clone)]
pub struct PeerStatus {
    pub peer: Peer,
    pub pending: Vec<Pending>,
}

/// The whole picture.
#[derive(Debug, Clone)]
pub struct NodeStatus {
    pub node: NodeId,
    pub assemblies: Vec<AssemblyStatus>,
    pub peers: Vec<PeerStatus>,
}

/// Gathers the node's status.
///
/// # Errors
/// When the peers table cannot be read.
pub fn node_status(node: &Node, me: NodeId) -> Result<NodeStatus, store::StoreError> {
    let assemblies: Vec<AssemblyStatus> = node
        .assemblies()
        .iter()
        .map(|a| AssemblyStatus {
            id: a.id,
            name: a.name.clone(),
            digest: a.digest(),
            events: a.accepted + a.ignored.len() as u64,
            authors: a.heads.len(),
            ignored: a.ignored.len(),
        })
        .collect();
    let replicas = NodeReplicas(node);
    let peers = node
        .store()
        .peers()?
        .into_iter()
        .map(|peer| {
            let pending = peer
                .assemblies
                .iter()
                .filter_map(|theirs| {
                    let name = assemblies.iter().find(|a| a.id == theirs.assembly)?.name.clone();
                    replicas.visit(&theirs.assembly, |r| {
                        let we_lack_heads =
                            theirs.heads.iter().filter(|h| r.position(h).is_none()).count();
                        let they_lack =
                            lacking(r, &theirs.heads, theirs.count).map(|missing| missing.len());
                        Pending {
                            assembly: theirs.assembly,
                            name,
                            their_events: theirs.count,
                            their_heads: theirs.heads.len(),
                            they_lack,
                            we_lack_heads,
                        }
                    })
                })
                .collect();
            PeerStatus { peer, pending }
        })
        .collect();
    Ok(NodeStatus { node: me, assemblies, peers })
}
