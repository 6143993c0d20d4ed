//! A bundle from a USB stick: decoding, whole or as a prefix, never panics, and a bundle that
//! decodes whole survives a round trip through the writer unchanged in content.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(bundle) = record::bundle::decode(bytes) {
        let again = record::bundle::decode(&record::bundle::encode(&bundle))
            .expect("what the writer writes, the reader reads");
        assert_eq!(again.events, bundle.events);
        assert_eq!(again.heads, bundle.heads);
        assert_eq!(again.node, bundle.node);
        assert_eq!(again.created, bundle.created);
    }
    let _ = record::bundle::decode_prefix(bytes);
});
