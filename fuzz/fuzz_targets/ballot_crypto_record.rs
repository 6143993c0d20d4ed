//! Untrusted whole election records (what `plenum verify` reads): decoded strictly and
//! verified. Never a panic.
#![no_main]

use ballot_crypto::{ElectionRecord, verify_election};
use libfuzzer_sys::fuzz_target;
use record::wire;

fuzz_target!(|data: &[u8]| {
    let Ok(record) = wire::from_bytes::<ElectionRecord>(data) else { return };
    assert_eq!(wire::to_bytes(&record).ok().as_deref(), Some(data));
    let _ = verify_election(&record);
});
