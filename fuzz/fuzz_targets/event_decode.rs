//! `record::Event::decode` and the payload decoder on arbitrary bytes: never a panic, and
//! whatever is accepted re-encodes to exactly the bytes it came from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use record::{Event, Payload};

fuzz_target!(|data: &[u8]| {
    if let Ok(event) = Event::decode(data) {
        assert_eq!(event.bytes(), data);
    }
    // The signature check stops almost every input above; the structure and the payload are
    // fuzzed behind it through the trusted path and the payload decoder directly.
    if let Ok(event) = Event::decode_trusted(data.to_vec()) {
        assert_eq!(event.bytes(), data);
        if let Ok(payload) = Payload::decode(event.kind(), event.payload()) {
            assert_eq!(payload.encode(), event.payload());
        }
    }
    if let Some((&kind, rest)) = data.split_first()
        && let Ok(payload) = Payload::decode(u16::from(kind % 16), rest)
    {
        assert_eq!(payload.encode(), rest, "canonical: one encoding per value");
    }
});
