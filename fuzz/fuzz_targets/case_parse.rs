//! The JSON case reader on arbitrary bytes: a result or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(case) = count::case::parse(data) {
        // Every ballot entry must name a candidate that exists.
        let n = case.election.candidates.len();
        for b in case.election.ballots.iter() {
            for pos in b.positions() {
                for c in pos.candidates() {
                    assert!(usize::from(c) < n);
                }
            }
        }
    }
});
