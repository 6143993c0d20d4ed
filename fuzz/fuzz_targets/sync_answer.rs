//! The server's side: any request, including garbage reconciliation frames, heads and wanted
//! ids, is answered without a panic, from a small synthetic replica.
#![no_main]

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use record::AssemblyId;
use sync::synthetic::{SyntheticReplica, Universe};

fn replicas() -> &'static BTreeMap<AssemblyId, SyntheticReplica> {
    static REPLICAS: OnceLock<BTreeMap<AssemblyId, SyntheticReplica>> = OnceLock::new();
    REPLICAS.get_or_init(|| {
        let mut universe = Universe::default();
        for i in 0..300u32 {
            let deps: Vec<u32> = if i == 0 { vec![] } else { vec![i - 1] };
            universe.add(1_000 + u64::from(i), &deps);
        }
        let mut replica = SyntheticReplica::new(Arc::new(universe));
        for i in 0..300 {
            replica.insert(i);
        }
        BTreeMap::from([(AssemblyId([0; 32]), replica)])
    })
}

fuzz_target!(|bytes: &[u8]| {
    // Raw bytes as a request, and the same bytes as the frame of a well-formed one.
    if let Ok(request) = sync::Request::decode(bytes) {
        let _ = sync::answer(replicas(), sync::NodeId([0; 16]), &request).encode();
    }
    let request = sync::Request {
        node: sync::NodeId([1; 16]),
        asks: vec![sync::Ask {
            assembly: AssemblyId([0; 32]),
            count: u64::from(bytes.first().copied().unwrap_or(0)),
            heads: None,
            reconcile: vec![bytes.to_vec()],
            want: Vec::new(),
            events: Vec::new(),
        }],
    };
    let _ = sync::answer(replicas(), sync::NodeId([0; 16]), &request);
});
