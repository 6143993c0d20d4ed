//! The BLT parser on arbitrary bytes: it must return a result or an error, never panic, and
//! whatever it accepts must write back as BLT that parses to the same election.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = count::blt::parse(data) {
        let text = count::blt::write(&parsed.election);
        let again = count::blt::parse(text.as_bytes()).expect("written BLT parses");
        assert_eq!(again.election.candidates.len(), parsed.election.candidates.len());
        assert_eq!(again.election.ballots, parsed.election.ballots);
    }
});
