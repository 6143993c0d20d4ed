//! Committed test vectors: the exact bytes of a fixed-seed election (setup, key ceremony,
//! ballots and trackers, seal, partial decryptions, result), as documented in
//! `docs/secret-ballot.md`. Any change to the protocol's bytes fails here first; regenerate
//! with `PLENUM_UPDATE_VECTORS=1 cargo test -p ballot-crypto --test secret_ballot vectors`
//! only when the protocol version changes.

use ballot_crypto::simulate::{Spec, simulate};
use ballot_crypto::{ElectionRecord, Question, verify_election};
use record::Digest;
use record::ids::hex_encode;
use record::wire;
use serde::Serialize;

use crate::support::rng;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/secret-ballot-v1.json");

fn hex<T: Serialize + ?Sized>(value: &T) -> String {
    hex_encode(&wire::to_bytes(value).unwrap())
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// The vector file's text for the fixed-seed election.
fn vectors() -> String {
    let spec = Spec {
        election_id: Digest([0x5e; 32]),
        questions: vec![
            Question { answers: 2, min: 0, max: 1 },
            Question { answers: 3, min: 1, max: 2 },
        ],
        voters: 3,
        trustees: 3,
        threshold: 2,
        max_weight: 2,
    };
    let sim = simulate(&spec, &mut rng(0xa5));
    let r = &sim.record;
    let list = |items: Vec<String>| {
        items.iter().map(|s| format!("    \"{s}\"")).collect::<Vec<_>>().join(",\n")
    };
    let ballots = r
        .ballots
        .iter()
        .map(|b| {
            format!(
                "    {{\n      \"voter\": \"{}\",\n      \"ballot\": \"{}\",\n      \"tracker\": \"{}\"\n    }}",
                b.voter.to_hex(),
                hex(&b.ballot),
                b.ballot.tracker().to_hex()
            )
        })
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        "{{\n  \"comment\": \"ballot-crypto protocol v1, ChaCha20Rng seed [0xa5; 32], see docs/secret-ballot.md\",\n  \"setup\": \"{}\",\n  \"fingerprint\": \"{}\",\n  \"election_key\": \"{}\",\n  \"commits\": [\n{}\n  ],\n  \"deals\": [\n{}\n  ],\n  \"ballots\": [\n{}\n  ],\n  \"seal\": \"{}\",\n  \"partial_decryptions\": [\n{}\n  ],\n  \"result\": {:?},\n  \"record\": \"{}\"\n}}\n",
        hex(&r.setup),
        r.setup.fingerprint().to_hex(),
        hex_encode(sim.election.public_key().as_bytes()),
        list(r.commits.iter().map(hex).collect()),
        list(r.deals.iter().map(hex).collect()),
        ballots,
        hex(&r.seal),
        list(r.partials.iter().map(hex).collect()),
        r.result.questions,
        hex(r),
    )
}

#[test]
fn the_committed_vectors_are_the_bytes_this_build_makes() {
    let made = vectors();
    if std::env::var_os("PLENUM_UPDATE_VECTORS").is_some() {
        std::fs::write(PATH, &made).unwrap();
    }
    let committed = std::fs::read_to_string(PATH).expect("the committed vector file");
    assert_eq!(made, committed, "the protocol's bytes changed");
}

#[test]
fn the_committed_record_decodes_and_verifies() {
    let committed = std::fs::read_to_string(PATH).expect("the committed vector file");
    let json: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let bytes = unhex(json["record"].as_str().unwrap());
    let record: ElectionRecord = wire::from_bytes(&bytes).unwrap();
    assert_eq!(wire::to_bytes(&record).unwrap(), bytes);
    let verified = verify_election(&record).unwrap();
    let result: Vec<Vec<u64>> = serde_json::from_value(json["result"].clone()).unwrap();
    assert_eq!(verified.tally.questions, result);
    for (b, v) in record.ballots.iter().zip(json["ballots"].as_array().unwrap()) {
        assert_eq!(b.ballot.tracker().to_hex(), v["tracker"].as_str().unwrap());
    }
}
