//! The record's test vectors: `docs/vectors/record-v1.json` pins the exact bytes and ids of one
//! event of every kind, made from fixed keys, and the digest of the state they fold into.
//! Any change to the encoding, the signing or the state breaks this test.
//!
//! The file is written by this test when `PLENUM_WRITE_VECTORS=1` is set (for a deliberate
//! change of format, with a new version); otherwise it is only read and compared.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use ballot_crypto::dkg::TrusteeSecret;
use chacha20::ChaCha20Rng;
use domain::{Assembly, Author};
use rand_core::SeedableRng;
use record::keys::{self, JOIN_TAG};
use record::payload::{
    Admission, Candidate, Choice, CloseBallot, Comment, Election, Found, Invite, Join, Mark,
    Method, Mode, Motion, MotionKind, Nominate, OpenBallot, Payload, RankedRule, Rules, Share,
    Threshold, Vote,
};
use record::payload::{Blob, Decrypt, DkgCheck, DkgCommit, DkgDeal, Trustees};
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

    // A secret yes/no ballot: both members are trustees (2 of 2); each commits, deals and
    // checks; the member casts an encrypted yes; the founder seals; both decrypt. Randomness
    // comes from ChaCha20 seeded with 0x5b bytes (docs/secret-ballot.md), so the bytes are
    // fixed.
    let mut rng = ChaCha20Rng::from_seed([0x5b; 32]);
    let blob = |m: &dyn erased::Encode| Blob(m.bytes());
    let strike = next(
        &mut member,
        Payload::Motion(Motion {
            kind: MotionKind::Resolution,
            title: "Strike".into(),
            text: String::new(),
        }),
        &mut state,
    );
    let strike_id = strike.id();
    out.push(("motion", member_seed, strike));
    let trustee_keys = vec![founder.public(), member.public()];
    let open = next(
        &mut founder,
        Payload::OpenBallot(OpenBallot {
            motion: strike_id,
            mode: Mode::Secret(Trustees { trustees: trustee_keys, threshold: 2 }),
            method: Method::YesNoAbstain,
            quorum: Share { num: 0, den: 1 },
            threshold: Threshold::SimpleMajority,
            closes_at: None,
        }),
        &mut state,
    );
    let secret_ballot = open.id();
    out.push(("open_ballot", founder_seed, open));
    let setup = domain::secret::setup_of(&state.ballots[&secret_ballot]).unwrap();
    let seeds = [founder_seed, member_seed];
    let trustees: Vec<TrusteeSecret> = (0..2)
        .map(|i| TrusteeSecret::derive(&setup, i + 1, &seeds[i as usize]).unwrap().0)
        .collect();
    let commits: Vec<_> = (0..2)
        .map(|i| TrusteeSecret::derive(&setup, i + 1, &seeds[i as usize]).unwrap().1)
        .collect();
    let authors = [&mut founder, &mut member];
    for (i, commit) in commits.iter().enumerate() {
        let e = next(
            authors[i],
            Payload::DkgCommit(DkgCommit { ballot: secret_ballot, commit: blob(commit) }),
            &mut state,
        );
        out.push(("dkg_commit", seeds[i], e));
    }
    let deals: Vec<_> =
        trustees.iter().map(|t| t.deal(&setup, &commits, &mut rng).unwrap()).collect();
    for (i, deal) in deals.iter().enumerate() {
        let e = next(
            authors[i],
            Payload::DkgDeal(DkgDeal { ballot: secret_ballot, deal: blob(deal) }),
            &mut state,
        );
        out.push(("dkg_deal", seeds[i], e));
    }
    for (i, t) in trustees.iter().enumerate() {
        let complaints = t.complaints(&setup, &commits, &deals, &mut rng).unwrap();
        let e = next(
            authors[i],
            Payload::DkgCheck(DkgCheck { ballot: secret_ballot, complaints: blob(&complaints) }),
            &mut state,
        );
        out.push(("dkg_check", seeds[i], e));
    }
    let election = state.ballots[&secret_ballot].secret().unwrap().election.clone().unwrap();
    let (yes, _) = ballot_crypto::Ballot::encrypt(
        &election,
        &authors[1].public(),
        &[vec![true, false]],
        &mut rng,
    )
    .unwrap();
    let bytes = yes.to_bytes();
    let cast = next(
        authors[1],
        Payload::Vote(Vote { ballot: secret_ballot, mark: Mark::Encrypted(Blob(bytes.clone())) }),
        &mut state,
    );
    out.push(("vote", member_seed, cast));
    let b = &state.ballots[&secret_ballot];
    let seal =
        domain::secret::seal_payload(b, &domain::secret::counted(b), [bytes.as_slice()]).unwrap();
    let tally: ballot_crypto::EncryptedTally = record::wire::from_bytes(&seal.tally.0).unwrap();
    let sealed = next(authors[0], Payload::Seal(seal), &mut state);
    out.push(("seal", founder_seed, sealed));
    for (i, t) in trustees.iter().enumerate() {
        let (share, _) = t.key_share(&setup, &commits, &deals, &[]).unwrap();
        let partial = share.partial_decrypt(&election, &tally, &mut rng).unwrap();
        let e = next(
            authors[i],
            Payload::Decrypt(Decrypt { ballot: secret_ballot, partial: blob(&partial) }),
            &mut state,
        );
        out.push(("decrypt", seeds[i], e));
    }
    assert_eq!(state.ballots[&secret_ballot].tally().yes, 1);
    (out, code, state)
}

/// Encoding any protocol message, for the vectors' blobs.
mod erased {
    pub trait Encode {
        fn bytes(&self) -> Vec<u8>;
    }
    impl<T: serde::Serialize> Encode for T {
        fn bytes(&self) -> Vec<u8> {
            record::wire::to_bytes(self).unwrap()
        }
    }
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

/// Secret ballots were added to format version 1 without changing the state of records that
/// hold none: the vectors' first twelve events (no secret ballot) fold to the digest the whole
/// vectors had before secret ballots.
#[test]
fn records_without_secret_ballots_keep_their_state_digest() {
    let (events, _, _) = events();
    let before: Vec<Event> = events.into_iter().take(12).map(|(_, _, e)| e).collect();
    assert!(before.iter().all(|e| e.kind() <= record::Kind::Nominate as u16));
    assert_eq!(
        domain::fold(&before).unwrap().digest().to_hex(),
        "75bc026e6e89218de00d0ad8a1c05a53f4077afaa1f0e115d0103163d03684e5"
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
