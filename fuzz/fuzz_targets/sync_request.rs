//! A sync request from anyone on the network: decoding never panics, and what decodes
//! re-encodes to the same bytes (the encoding is canonical).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(request) = sync::Request::decode(bytes) {
        assert_eq!(request.encode(), bytes);
    }
});
