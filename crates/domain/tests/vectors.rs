//! The record's test vectors: `docs/vectors/record-v1.json` pins the exact bytes and ids of one
//! event of every kind, made from fixed keys, and the digest of the state they fold into.
//! Any change to the encoding, the signing or the state breaks this test.
//!
//! The file is written by this test when `PLENUM_WRITE_VECTORS=1` is set (for a deliberate
//! change of format, with a new version); otherwise it is only read and compared.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use domain::{Assembly, Author};
use record::keys::{self, JOIN_TAG};
use record::payload::{
    Admission, Candidate, Choice, CloseBallot, Comment, Election, Found, Invite, Join, Mark,
    Method, Mode, Motion, MotionKind, Nominate, OpenBallot, Payload, RankedRule, Rules, Share,
    Threshold, Vote,
};
use record::{Event, EventId, Keypair};
use serde_json::{Value, json};

const T0: u64 = 1_767_603_600_000;

fn path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors/record-v1.json")
}

/// The events of the vectors, made exactly as documented: keys from seeds of one repeated
/// byte, the invitation code from ten bytes of 0x0c, one minute between events.
/// A vector's kind name, its author's seed, and the event.
type Vector = (&'static str, [u8; 32], Event);

fn events() -> (Vec<Vector>, String, Assembly) {
    let founder_seed = [0x01; 32];
    let member_seed = [0x02; 32];
    let mut founder = Author::new(Keypair::from_seed(founder_seed));
    let mut out = Vec::new();
    let found = founder.found(
        Found {
            name: "Депо №4 / Depot 4".into(),
            description: "Test vectors.".into(),
            parent: None,
            founder_name: "Gulnara".into(),
            rules: Rules { admission: Admission::Convenors },
        },
        T0,
    );
    let mut state = Assembly::found(&found).unwrap();
    out.push(("found", founder_seed, found));
    let mut time = T0;
    let mut next = |author: &mut Author, payload: Payload, state: &mut Assembly| {
        time += 60_000;
        let event = author.make(payload, time, state.frontier.iter().copied());
        state.apply(&event).unwrap();
        event
    };
    let code = keys::invite_code([0x0c; 10]);
    let invite_key = keys::invite_keypair(&code).unwrap();
    let invite = next(
        &mut founder,
        Payload::Invite(Invite { key: invite_key.public(), uses: 1, expires: T0 + 86_400_000 }),
        &mut state,
    );
    let mut member = Author::new(Keypair::from_seed(member_seed));
    member.enter(state.id);
    let proof =
        invite_key.sign(JOIN_TAG, &keys::join_message(&state.id, &invite.id(), &member.public()));
    let join = next(
        &mut member,
        Payload::Join(Join { invite: invite.id(), name: "Serik".into(), proof }),
        &mut state,
    );
    out.push(("invite", founder_seed, invite));
    out.push(("join", member_seed, join));
    let motion = next(
        &mut member,
        Payload::Motion(Motion {
            kind: MotionKind::Demand,
            title: "Heating".into(),
            text: "By Monday.".into(),
        }),
        &mut state,
    );
    let motion_id: EventId = motion.id();
    out.push(("motion", member_seed, motion));
    let comment = next(
        &mut founder,
        Payload::Comment(Comment { motion: motion_id, reply_to: None, text: "Seconded.".into() }),
        &mut state,
    );
    out.push(("comment", founder_seed, comment));
    let open = next(
        &mut founder,
        Payload::OpenBallot(OpenBallot {
            motion: motion_id,
            mode: Mode::Open,
            method: Method::YesNoAbstain,
            quorum: Share { num: 1, den: 2 },
            threshold: Threshold::SimpleMajority,
            closes_at: Some(T0 + 3_600_000),
        }),
        &mut state,
    );
    let ballot = open.id();
    out.push(("open_ballot", founder_seed, open));
    let vote = next(
        &mut member,
        Payload::Vote(Vote { ballot, mark: Mark::Choice(Choice::Yes) }),
        &mut state,
    );
    out.push(("vote", member_seed, vote));
    let close = next(&mut founder, Payload::CloseBallot(CloseBallot { ballot }), &mut state);
    out.push(("close_ballot", founder_seed, close));

    // An election of one delegate: a member and a named candidate on the motion, one more
    // nominated, a ranked ballot by Scottish STV and a ranking.
    let serik = member.public();
    let election = next(
        &mut member,
        Payload::Motion(Motion {
            kind: MotionKind::Election(Election {
                seats: 1,
                candidates: vec![
                    Candidate { name: "Serik".into(), member: Some(serik) },
                    Candidate { name: "Aliya".into(), member: None },
                ],
            }),
            title: "Delegate".into(),
            text: String::new(),
        }),
        &mut state,
    );
    let election_id = election.id();
    out.push(("motion", member_seed, election));
    let nominate = next(
        &mut founder,
        Payload::Nominate(Nominate {
            motion: election_id,
            candidate: Candidate { name: "Dana".into(), member: None },
        }),
        &mut state,
    );
    out.push(("nominate", founder_seed, nominate));
    let open = next(
        &mut founder,
        Payload::OpenBallot(OpenBallot {
            motion: election_id,
            mode: Mode::Open,
            method: Method::Ranked { rule: RankedRule::StvScottish, candidates: 3 },
            quorum: Share { num: 0, den: 1 },
            threshold: Threshold::SimpleMajority,
            closes_at: None,
        }),
        &mut state,
    );
    let ranked = open.id();
    out.push(("open_ballot", founder_seed, open));
    let rank = next(
        &mut member,
        Payload::Vote(Vote { ballot: ranked, mark: Mark::Ranking(vec![2, 0]) }),
        &mut state,
    );
    out.push(("vote", member_seed, rank));
    (out, code, state)
}

fn hex(bytes: &[u8]) -> String {
    record::ids::hex_encode(bytes)
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn vectors() -> Value {
    let (events, code, state) = events();
    let list: Vec<Value> = events
        .iter()
        .map(|(kind, seed, e)| {
            let payload = Payload::decode(e.kind(), e.payload()).unwrap();
            json!({
                "kind": kind,
                "author_seed": hex(seed),
                "author": e.author(),
                "seq": e.seq(),
                "time": e.time(),
                "deps": e.deps(),
                "payload_json": payload,
                "payload_hex": hex(e.payload()),
                "bytes_hex": hex(e.bytes()),
                "id": e.id(),
            })
        })
        .collect();
    json!({
        "format": "plenum record, event format version 1",
        "invite_code": code,
        "events": list,
        "state_digest": state.digest(),
    })
}

#[test]
fn the_committed_vectors_hold() {
    let computed = vectors();
    if std::env::var("PLENUM_WRITE_VECTORS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path().parent().unwrap()).unwrap();
        std::fs::write(path(), serde_json::to_string_pretty(&computed).unwrap() + "\n").unwrap();
    }
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(path()).unwrap()).unwrap();
    assert_eq!(computed, committed, "the record's bytes changed: that is a new format version");

    // Read back from the committed bytes alone: each event decodes, verifies and says what
    // the vector says.
    let mut events = Vec::new();
    for v in committed["events"].as_array().unwrap() {
        let bytes = unhex(v["bytes_hex"].as_str().unwrap());
        let event = Event::decode(&bytes).unwrap();
        assert_eq!(event.id().to_hex(), v["id"].as_str().unwrap());
        assert_eq!(hex(event.payload()), v["payload_hex"].as_str().unwrap());
        let payload: Payload = serde_json::from_value(v["payload_json"].clone()).unwrap();
        assert_eq!(payload.encode(), event.payload());
        assert_eq!(
            Keypair::from_seed(unhex(v["author_seed"].as_str().unwrap()).try_into().unwrap())
                .public(),
            event.author()
        );
        events.push(event);
    }
    assert_eq!(
        domain::fold(&events).unwrap().digest().to_hex(),
        committed["state_digest"].as_str().unwrap()
    );
}

/// Elections were added to format version 1 without changing the state of records that hold
/// none: the vectors' first eight events (no election) still fold to the digest they had
/// before (`docs/vectors/record-v1.json` as first committed).
#[test]
fn records_without_elections_keep_their_state_digest() {
    let (events, _, _) = events();
    let before: Vec<Event> = events.into_iter().take(8).map(|(_, _, e)| e).collect();
    assert!(before.iter().all(|e| e.kind() <= record::Kind::CloseBallot as u16));
    assert_eq!(
        domain::fold(&before).unwrap().digest().to_hex(),
        "d035e45510803a54d4183461cbfd491885f9c3b015c1964c300b8646712d7559"
    );
}
