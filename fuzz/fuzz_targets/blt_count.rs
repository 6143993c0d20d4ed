//! Parse a small BLT file and count it by several methods: no input may panic the engine.
#![no_main]

use count::method::{self, Method};
use count::stv::Rule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = count::blt::parse(data) else { return };
    let e = parsed.election;
    if e.candidates.len() > 12 || e.ballots.len() > 64 || e.ballots.total_weight() > 1_000_000 {
        return;
    }
    let fixed = vec![("arithmetic".to_owned(), "fixed".to_owned())];
    let none: Vec<(String, String)> = Vec::new();
    for (m, o) in [
        (Method::Stv(Rule::Scotland), &none),
        (Method::Stv(Rule::WigmPrfBatch), &none),
        (Method::Stv(Rule::Meek), &fixed),
        (Method::Stv(Rule::Warren), &none),
        (Method::Irv, &none),
        (Method::Schulze, &none),
        (Method::Borda, &none),
        (Method::MajorityJudgment, &none),
    ] {
        if let Ok(t) = method::count(&e, m, o) {
            assert!(t.elected.len() <= e.candidates.len());
            let _ = t.to_json();
        }
    }
});
