//! The client's side: after its first request, any response from a peer — garbage, or a
//! well-formed one with garbage frames and events — is absorbed without a panic.
#![no_main]

use std::collections::BTreeMap;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use record::AssemblyId;
use sync::synthetic::{SyntheticReplica, Universe};

fuzz_target!(|bytes: &[u8]| {
    let mut universe = Universe::default();
    for i in 0..80u32 {
        let deps: Vec<u32> = if i == 0 { vec![] } else { vec![i - 1] };
        universe.add(1_000 + u64::from(i), &deps);
    }
    let mut replica = SyntheticReplica::new(Arc::new(universe));
    for i in 0..80 {
        replica.insert(i);
    }
    let assembly = AssemblyId([0; 32]);
    let replicas = BTreeMap::from([(assembly, replica)]);
    let mut session = sync::Session::new(sync::NodeId([1; 16]), [assembly]);
    let Ok(Some(_)) = session.next_request(&replicas) else { return };
    let _ = session.absorb(&replicas, bytes);
    let standing = [
        sync::Standing::Unknown,
        sync::Standing::InSync,
        sync::Standing::ClientBehind,
        sync::Standing::Differ,
        sync::Standing::Reconciling,
    ][usize::from(bytes.first().copied().unwrap_or(0)) % 5];
    let response = sync::Response {
        node: sync::NodeId([2; 16]),
        answers: vec![sync::Answer {
            assembly,
            standing,
            count: 0,
            heads: Vec::new(),
            reconcile: vec![bytes.to_vec()],
            events: vec![bytes.to_vec()],
            more: bytes.len() % 2 == 0,
        }],
    };
    let mut session = sync::Session::new(sync::NodeId([1; 16]), [assembly]);
    let Ok(Some(_)) = session.next_request(&replicas) else { return };
    if session.absorb(&replicas, &response.encode()).is_ok() {
        let _ = session.next_request(&replicas);
    }
});
