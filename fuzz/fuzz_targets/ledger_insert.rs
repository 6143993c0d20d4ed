//! Arbitrary events, signed by a handful of keys over arbitrary payloads and dependencies, fed
//! to a ledger as a peer's: never a panic, and the ledger's state always equals the fold of
//! the events it holds.
#![no_main]

use domain::{Author, Ledger, Origin};
use libfuzzer_sys::fuzz_target;
use record::payload::{Admission, Found, Payload, Rules};
use record::{Draft, Keypair};

fuzz_target!(|data: &[u8]| {
    let keys: Vec<Keypair> = (0u8..4).map(|i| Keypair::from_seed([i + 1; 32])).collect();
    let founding = Author::new(Keypair::from_seed([1; 32])).found(
        Found {
            name: "Fuzz".into(),
            description: String::new(),
            parent: None,
            founder_name: "F".into(),
            rules: Rules { admission: Admission::Members },
        },
        1000,
    );
    let assembly = founding.assembly_id();
    let Ok(mut ledger) = Ledger::new(founding) else { return };
    for chunk in data.chunks(24) {
        if chunk.len() < 8 {
            break;
        }
        let ids: Vec<_> = ledger.events().iter().map(|e| e.id()).collect();
        let dep = ids[usize::from(chunk[1]) % ids.len()];
        let draft = Draft {
            assembly: Some(assembly),
            seq: u64::from(chunk[2] % 8) + 1,
            time: 1000 + u64::from(chunk[3]) * 100,
            deps: vec![dep],
            kind: u16::from(chunk[4] % 16),
            payload: chunk[8..].to_vec(),
        };
        let key = &keys[usize::from(chunk[0]) % keys.len()];
        if let Ok(event) = draft.sign(key) {
            let _ = ledger.insert(event, if chunk[5] % 2 == 0 { Origin::Peer } else { Origin::Local });
        }
        let _ = Payload::decode(u16::from(chunk[4] % 16), &chunk[8..]);
    }
    let folded = domain::fold(ledger.events()).expect("a ledger's events fold");
    assert_eq!(folded.digest(), ledger.state().digest());
});
