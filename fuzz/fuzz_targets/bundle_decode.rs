//! `record::bundle` on arbitrary bytes: never a panic; a complete bundle re-encodes to the same
//! bytes; a prefix read never yields more than the whole.
#![no_main]

use libfuzzer_sys::fuzz_target;
use record::bundle;

fuzz_target!(|data: &[u8]| {
    if let Ok(whole) = bundle::decode(data) {
        assert_eq!(bundle::encode(&whole), data);
    }
    if let Ok((prefix, complete)) = bundle::decode_prefix(data) {
        if complete {
            assert!(bundle::decode(data).is_ok());
        }
        let _ = prefix.events.len();
    }
});
