//! A node's live-update stream, read by a terminal following it: any bytes, cut anywhere,
//! give the same event names as read whole, with the memory held bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sync::live::{EventNames, MAX_MESSAGE};

fuzz_target!(|input: (u16, &[u8])| {
    let (cut, bytes) = input;
    let cut = usize::from(cut) % (bytes.len() + 1);
    let mut whole = Vec::new();
    let mut reader = EventNames::default();
    reader.push(bytes, |n| whole.push(n.to_string()));
    let mut parts = Vec::new();
    let mut reader = EventNames::default();
    reader.push(&bytes[..cut], |n| parts.push(n.to_string()));
    assert!(reader.held() <= MAX_MESSAGE.max(cut) + 1);
    reader.push(&bytes[cut..], |n| parts.push(n.to_string()));
    if bytes.len() <= MAX_MESSAGE {
        assert_eq!(whole, parts);
    }
});
