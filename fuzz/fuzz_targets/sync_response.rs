//! A sync response from a peer: decoding never panics, and what decodes re-encodes to the
//! same bytes (the encoding is canonical).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(response) = sync::Response::decode(bytes) {
        assert_eq!(response.encode(), bytes);
    }
});
