//! Secret ballots in the record: the key ceremony, encrypted ballots, the seal and the
//! decryption, with the order and authorship the rules enforce, and the attacks they refuse.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use ballot_crypto::Ballot as CryptoBallot;
use count::majority::Outcome;
use domain::secret::Phase;
use domain::{BallotStatus, Rejection};
use record::EventId;
use record::payload::{Blob, CeremonyStep, Decrypt, DkgDeal, Mark, Method, Payload, Seal, Vote};
use test_support::Scenario;
use test_support::secret::blob;

const YES: &[bool] = &[true, false];
const NO: &[bool] = &[false, true];
const ABSTAIN: &[bool] = &[false, false];

/// An assembly of five (the founder convenes), a motion, and a secret ballot on it whose
/// trustees are members 1, 2 and 3, any 2 of them decrypting.
fn opened() -> (Scenario, EventId) {
    let mut s = Scenario::found("Depot");
    for name in ["Aigerim", "Bolat", "Dana", "Erlan"] {
        s.join(0, name);
    }
    let motion = s.motion(1, "Strike from Monday").unwrap();
    let ballot = s.open_secret(0, motion, Method::YesNoAbstain, &[1, 2, 3], 2).unwrap();
    (s, ballot)
}

fn ready() -> (Scenario, EventId) {
    let (mut s, ballot) = opened();
    s.run_ceremony(ballot);
    (s, ballot)
}

#[test]
fn a_secret_ballot_from_ceremony_to_result() {
    let (mut s, ballot) = ready();
    let secret = s.ballot(ballot).secret().unwrap();
    assert_eq!(secret.taking_part, vec![1, 2, 3]);
    assert_eq!(secret.key.as_ref().unwrap().qualified, vec![1, 2, 3]);

    s.cast(1, ballot, &[NO.to_vec()]).unwrap();
    let tracker = s.cast(1, ballot, &[YES.to_vec()]).unwrap(); // the last ballot counts
    s.cast(2, ballot, &[YES.to_vec()]).unwrap();
    s.cast(3, ballot, &[NO.to_vec()]).unwrap();
    s.cast(4, ballot, &[ABSTAIN.to_vec()]).unwrap();
    let b = s.ballot(ballot);
    assert_eq!(b.turnout(), (4, 5));
    assert_eq!(b.status(s.time), BallotStatus::Open);
    // No running count of a secret ballot.
    assert_eq!((b.tally().yes, b.tally().no), (0, 0));
    assert_eq!(b.secret().unwrap().casts[&s.key(1)].tracker, tracker);

    s.seal(0, ballot).unwrap();
    assert_eq!(s.ballot(ballot).status(s.time), BallotStatus::AwaitingCount);
    s.decrypt(ballot, 3).unwrap();
    assert_eq!(s.ballot(ballot).status(s.time), BallotStatus::AwaitingCount);
    s.decrypt(ballot, 1).unwrap();
    let b = s.ballot(ballot);
    assert_eq!(b.secret().unwrap().result.as_ref().unwrap().questions, vec![vec![2, 1]]);
    let t = b.tally();
    assert_eq!((t.yes, t.no, t.abstain, t.electorate), (2, 1, 1, 5));
    assert_eq!(b.status(s.time), BallotStatus::Closed(Outcome::Carried));
    // A third trustee may still publish; the result stands.
    s.decrypt(ballot, 2).unwrap();
    assert_eq!(s.ballot(ballot).secret().unwrap().partials.len(), 3);

    // The record folds to the same state, in any order it arrives.
    let folded = domain::fold(&s.events).unwrap();
    assert!(folded.ignored.is_empty());
    assert_eq!(folded.digest(), s.state.digest());
    let mut reversed = s.events.clone();
    reversed.reverse();
    assert_eq!(domain::fold(&reversed).unwrap().digest(), s.state.digest());
}

#[test]
fn the_ceremony_goes_step_by_step_by_the_trustees_only() {
    let (mut s, ballot) = opened();
    // Only a trustee commits, and only as itself.
    let commit = {
        let b = s.ballot(ballot);
        let setup = domain::secret::setup_of(b).unwrap();
        ballot_crypto::dkg::TrusteeSecret::derive(&setup, 1, &test_support::seed(2)).unwrap().1
    };
    let payload =
        |commit| Payload::DkgCommit(record::payload::DkgCommit { ballot, commit: blob(&commit) });
    assert_eq!(s.submit(4, payload(commit.clone())), Err(Rejection::NotATrustee));
    assert_eq!(s.submit(2, payload(commit)), Err(Rejection::NotATrustee)); // trustee 2 as 1
    assert_eq!(
        s.submit(
            1,
            Payload::DkgCommit(record::payload::DkgCommit { ballot, commit: Blob(vec![1]) })
        ),
        Err(Rejection::SecretMessageUnreadable)
    );
    s.dkg_commit(ballot, 1).unwrap();
    assert_eq!(s.dkg_commit(ballot, 1), Err(Rejection::AlreadyDone));
    // No deal before the commits are closed: no polynomial revealed before all are fixed.
    assert_eq!(
        s.submit(1, Payload::DkgDeal(DkgDeal { ballot, deal: Blob(vec![]) })),
        Err(Rejection::CeremonyStepNotYet)
    );
    // Closing the commits needs a convenor, and k commits.
    assert_eq!(
        s.ceremony_step(1, ballot, CeremonyStep::CloseCommits),
        Err(Rejection::NoPower(domain::Power::Convene))
    );
    assert_eq!(
        s.ceremony_step(0, ballot, CeremonyStep::CloseCommits),
        Err(Rejection::TooFewTrustees)
    );
    assert_eq!(
        s.ceremony_step(0, ballot, CeremonyStep::Conclude),
        Err(Rejection::CeremonyStepNotYet)
    );
    s.dkg_commit(ballot, 3).unwrap();
    // Trustee 2's phone is lost: the convenor goes on without it.
    s.ceremony_step(0, ballot, CeremonyStep::CloseCommits).unwrap();
    assert_eq!(s.dkg_commit(ballot, 2), Err(Rejection::CeremonyStepOver));
    assert_eq!(s.dkg_deal(ballot, 2), Err(Rejection::NotATrustee));
    s.dkg_deal(ballot, 1).unwrap();
    assert_eq!(s.dkg_check(ballot, 1), Err(Rejection::CeremonyStepNotYet));
    s.dkg_deal(ballot, 3).unwrap();
    // Voting waits for the key.
    assert_eq!(
        s.cast(1, ballot, &[YES.to_vec()]).map(|_| ()).unwrap_err(),
        Rejection::CeremonyNotReady
    );
    s.dkg_check(ballot, 1).unwrap();
    s.dkg_check(ballot, 3).unwrap();
    let secret = s.ballot(ballot).secret().unwrap();
    assert_eq!(secret.phase, Phase::Ready);
    assert_eq!(secret.key.as_ref().unwrap().qualified, vec![1, 3]);
    assert_eq!(
        s.ceremony_step(0, ballot, CeremonyStep::Conclude),
        Err(Rejection::CeremonyStepOver)
    );

    // The two who took part decrypt.
    s.cast(4, ballot, &[NO.to_vec()]).unwrap();
    s.seal(0, ballot).unwrap();
    assert_eq!(s.decrypt(ballot, 2).map(|_| ()).ok(), None); // it has no share: no valid proof
    s.decrypt(ballot, 1).unwrap();
    s.decrypt(ballot, 3).unwrap();
    assert_eq!(s.ballot(ballot).tally().no, 1);
}

#[test]
fn trustees_must_be_members_and_the_threshold_within_their_number() {
    let mut s = Scenario::found("Depot");
    s.join(0, "Aigerim");
    let motion = s.motion(1, "Motion").unwrap();
    let outsider = s.outsider();
    for (trustees, k) in [(vec![1, outsider], 1), (vec![1, 1], 1), (vec![0, 1], 3), (vec![0], 0)] {
        assert_eq!(
            s.open_secret(0, motion, Method::YesNoAbstain, &trustees, k),
            Err(Rejection::BadTrustees),
            "{trustees:?} {k}"
        );
    }
    assert_eq!(
        s.open_secret(1, motion, Method::YesNoAbstain, &[1], 1),
        Err(Rejection::NoPower(domain::Power::Convene))
    );
    let ranked = Method::Ranked { rule: record::payload::RankedRule::Irv, candidates: 2 };
    assert_eq!(s.open_secret(0, motion, ranked, &[1], 1), Err(Rejection::MethodDoesNotFit));
    // A choice of candidates is for a secret election only.
    let election = s.election(0, "Delegates", 1, &["A", "B"]).unwrap();
    let choose = Method::Choose { candidates: 2, max: 1 };
    assert_eq!(s.open_with(0, election, choose, (0, 1)), Err(Rejection::MethodDoesNotFit));
    assert_eq!(
        s.open_secret(0, election, Method::Choose { candidates: 2, max: 3 }, &[1], 1),
        Err(Rejection::OutOfRange { field: "max" })
    );
    s.open_secret(0, election, choose, &[0, 1], 2).unwrap();
}

#[test]
fn a_failed_ceremony_lets_the_convenor_open_the_ballot_again() {
    let (mut s, ballot) = opened();
    for t in 1..=3 {
        s.dkg_commit(ballot, t).unwrap();
    }
    s.dkg_deal(ballot, 1).unwrap();
    s.dkg_deal(ballot, 2).unwrap();
    s.ceremony_step(0, ballot, CeremonyStep::CloseDeals).unwrap();
    // Trustee 2 complains falsely; trustee 1 checks; the convenor concludes: two dealt,
    // that is the threshold, so the key exists.
    s.dkg_check(ballot, 1).unwrap();
    s.ceremony_step(0, ballot, CeremonyStep::Conclude).unwrap();
    assert_eq!(s.ballot(ballot).secret().unwrap().phase, Phase::Ready);
    assert_eq!(s.ballot(ballot).secret().unwrap().key.as_ref().unwrap().disqualified, vec![3]);

    let motion = s.motion(1, "Another").unwrap();
    let again = s.open_secret(0, motion, Method::YesNoAbstain, &[1, 2], 2).unwrap();
    s.dkg_commit(again, 1).unwrap();
    s.dkg_commit(again, 2).unwrap();
    s.dkg_deal(again, 1).unwrap();
    s.ceremony_step(0, again, CeremonyStep::CloseDeals).unwrap_err();
    s.dkg_deal(again, 2).unwrap();
    s.dkg_check(again, 1).unwrap();
    s.dkg_check(again, 2).unwrap();
    assert_eq!(s.ballot(again).secret().unwrap().phase, Phase::Ready);
    assert_eq!(
        s.open_secret(0, motion, Method::YesNoAbstain, &[1, 2], 2),
        Err(Rejection::BallotExists)
    );
}

#[test]
fn marks_must_fit_the_mode() {
    let (mut s, ballot) = ready();
    assert_eq!(s.vote(1, ballot, record::payload::Choice::Yes), Err(Rejection::WrongMark));
    let motion = s.motion(1, "Open").unwrap();
    let open = s.open(0, motion, (0, 1), record::payload::Threshold::SimpleMajority).unwrap();
    let (event, _) = s.make_secret_vote(1, ballot, &[YES.to_vec()]);
    let Payload::Vote(Vote { mark, .. }) = domain::apply::payload(&event).unwrap() else {
        panic!("a vote")
    };
    assert_eq!(s.submit(1, Payload::Vote(Vote { ballot: open, mark })), Err(Rejection::WrongMark));
}

/// The attacks of issue 4 on ballots, each refused with its reason where the ballot enters.
#[test]
fn attacks_on_ballots_are_refused() {
    let (mut s, ballot) = ready();
    let election = s.secret_election(ballot);
    let cast_bytes = |s: &mut Scenario, who: usize, bytes: Vec<u8>| {
        let event = s.make(who, Payload::Vote(Vote { ballot, mark: Mark::Encrypted(Blob(bytes)) }));
        domain::secret::check_ballot(&s.state, &event)?;
        s.state.apply(&event)
    };
    let honest = |who: usize, s: &Scenario| {
        CryptoBallot::encrypt(&election, &s.key(who), &[YES.to_vec()], &mut s.rng(who)).unwrap().0
    };

    // A copy of another voter's ballot: its proofs name the other voter.
    let theirs = honest(1, &s);
    assert_eq!(cast_bytes(&mut s, 2, theirs.to_bytes()), Err(Rejection::BallotBadProof));

    // A false proof: one response changed.
    let mut forged = honest(2, &s);
    forged.questions[0].choices[0].proof.branches[0].response.0[0] ^= 1;
    assert_eq!(cast_bytes(&mut s, 2, forged.to_bytes()), Err(Rejection::BallotBadProof));

    // A non-canonical point, and the identity, in a ciphertext.
    let mut bad_point = honest(2, &s);
    bad_point.questions[0].choices[0].ciphertext.alpha.0 = [0xff; 32];
    assert_eq!(cast_bytes(&mut s, 2, bad_point.to_bytes()), Err(Rejection::BallotBadPoint));
    let mut identity = honest(2, &s);
    identity.questions[0].choices[1].ciphertext.alpha.0 = [0; 32];
    assert_eq!(cast_bytes(&mut s, 2, identity.to_bytes()), Err(Rejection::BallotBadPoint));

    // A ballot made for another election (another ballot with the same trustees).
    let motion = s.motion(1, "Other").unwrap();
    let other = s.open_secret(0, motion, Method::YesNoAbstain, &[1, 2, 3], 2).unwrap();
    s.run_ceremony(other);
    let foreign =
        CryptoBallot::encrypt(&s.secret_election(other), &s.key(2), &[YES.to_vec()], &mut s.rng(2))
            .unwrap()
            .0;
    assert_eq!(cast_bytes(&mut s, 2, foreign.to_bytes()), Err(Rejection::BallotOtherElection));

    // Bytes that are no ballot, or trail garbage.
    assert_eq!(cast_bytes(&mut s, 2, vec![0, 1, 2]), Err(Rejection::BallotUnreadable));
    let mut trailing = honest(2, &s).to_bytes();
    trailing.push(0);
    assert_eq!(cast_bytes(&mut s, 2, trailing), Err(Rejection::BallotUnreadable));

    // A ballot cast by someone outside the electorate.
    let late = s.join(0, "Late");
    let late_ballot = honest(late, &s);
    assert_eq!(cast_bytes(&mut s, late, late_ballot.to_bytes()), Err(Rejection::NotInElectorate));

    // The honest ballot goes in.
    let mine = honest(2, &s);
    cast_bytes(&mut s, 2, mine.to_bytes()).unwrap();
}

#[test]
fn the_seal_fixes_the_ballots_and_nothing_is_added_after_it() {
    let (mut s, ballot) = ready();
    s.cast(1, ballot, &[YES.to_vec()]).unwrap();
    let stale = s.seal_payload(ballot);
    s.cast(2, ballot, &[NO.to_vec()]).unwrap();
    // A seal made before the last ballot does not list it.
    assert_eq!(s.submit(0, Payload::Seal(stale.clone())), Err(Rejection::SealMismatch));
    let wrong_weight = Seal { weight: 3, ..s.seal_payload(ballot) };
    assert_eq!(s.submit(0, Payload::Seal(wrong_weight)), Err(Rejection::SealMismatch));
    assert_eq!(s.decrypt(ballot, 1).map(|_| ()).unwrap_err(), Rejection::NotSealed);
    assert_eq!(s.seal(1, ballot), Err(Rejection::NoPower(domain::Power::Convene)));
    s.seal(0, ballot).unwrap();
    assert_eq!(s.seal(0, ballot), Err(Rejection::AlreadySealed));
    // A ballot added after the seal is refused.
    assert_eq!(s.cast(3, ballot, &[YES.to_vec()]), Err(Rejection::BallotClosed));
}

#[test]
fn a_trustee_share_with_a_false_proof_is_refused() {
    let (mut s, ballot) = ready();
    s.cast(1, ballot, &[YES.to_vec()]).unwrap();
    s.seal(0, ballot).unwrap();
    // Trustee 1 publishes trustee 2's partial decryption as its own, and a tampered one.
    let id = s.decrypt(ballot, 2).unwrap();
    let event = s.events.iter().find(|e| e.id() == id).unwrap().clone();
    let Payload::Decrypt(Decrypt { partial, .. }) = domain::apply::payload(&event).unwrap() else {
        panic!("a decryption")
    };
    let mut theirs: ballot_crypto::PartialDecryption =
        record::wire::from_bytes(&partial.0).unwrap();
    theirs.trustee = 1;
    assert_eq!(
        s.submit(1, Payload::Decrypt(Decrypt { ballot, partial: blob(&theirs) })),
        Err(Rejection::BadPartialDecryption)
    );
    theirs.trustee = 2;
    theirs.factors[0][0].proof.response.0[3] ^= 1;
    assert_eq!(
        s.submit(2, Payload::Decrypt(Decrypt { ballot, partial: blob(&theirs) })),
        Err(Rejection::AlreadyDone)
    );
    assert_eq!(
        s.submit(3, Payload::Decrypt(Decrypt { ballot, partial: blob(&theirs) })),
        Err(Rejection::NotATrustee)
    );
    theirs.trustee = 3;
    assert_eq!(
        s.submit(3, Payload::Decrypt(Decrypt { ballot, partial: blob(&theirs) })),
        Err(Rejection::BadPartialDecryption)
    );
    assert_eq!(s.ballot(ballot).secret().unwrap().result, None);
    s.decrypt(ballot, 3).unwrap();
    assert_eq!(s.ballot(ballot).tally().yes, 1);
}

#[test]
fn a_secret_election_fills_its_seats_with_the_most_chosen() {
    let mut s = Scenario::found("Council");
    for name in ["A", "B", "C", "D"] {
        s.join(0, name);
    }
    let motion = s.election(0, "Delegates", 2, &["Aliya", "Bauyrzhan", "Saule"]).unwrap();
    let ballot =
        s.open_secret(0, motion, Method::Choose { candidates: 3, max: 2 }, &[0, 1], 2).unwrap();
    s.run_ceremony(ballot);
    s.cast(1, ballot, &[vec![true, false, true]]).unwrap();
    s.cast(2, ballot, &[vec![false, false, true]]).unwrap();
    s.cast(3, ballot, &[vec![true, true, false]]).unwrap();
    s.cast(4, ballot, &[vec![false, false, false]]).unwrap();
    s.seal(0, ballot).unwrap();
    s.decrypt(ballot, 1).unwrap();
    s.decrypt(ballot, 2).unwrap();
    let rows = domain::secret::chosen(&s.state, &ballot).unwrap();
    assert_eq!(
        rows,
        vec![
            ("Aliya".to_string(), 2, true),
            ("Saule".to_string(), 2, true),
            ("Bauyrzhan".to_string(), 1, false)
        ]
    );
    assert_eq!(s.ballot(ballot).status(s.time), BallotStatus::Counted);
}

/// The step due for each trustee at each point, or why none is: what the motion's page shows
/// a trustee and what `plenum trustee step` takes.
#[test]
fn what_is_due_for_each_trustee() {
    use domain::secret::{Due, Idle};
    let (mut s, ballot) = opened();
    let due = |s: &Scenario, t: u32| s.ballot(ballot).secret().unwrap().due(t);
    let due_for =
        |s: &Scenario, who: usize| s.ballot(ballot).secret().unwrap().due_for(&s.key(who));
    assert_eq!(due_for(&s, 1), Ok((1, Due::Commit)));
    assert_eq!(due_for(&s, 4), Err(Idle::NotATrustee));
    assert_eq!(due(&s, 0), Err(Idle::NotATrustee));
    assert_eq!(due(&s, 4), Err(Idle::NotATrustee));
    s.dkg_commit(ballot, 1).unwrap();
    assert_eq!(due(&s, 1), Err(Idle::Waiting(Due::Commit)));
    assert_eq!(due(&s, 2), Ok(Due::Commit));
    s.dkg_commit(ballot, 3).unwrap();
    // The convenor goes on without trustee 2: nothing is ever due for it again.
    s.ceremony_step(0, ballot, CeremonyStep::CloseCommits).unwrap();
    assert_eq!(due(&s, 2), Err(Idle::Out));
    assert_eq!(due(&s, 1), Ok(Due::Deal));
    s.dkg_deal(ballot, 1).unwrap();
    assert_eq!(due(&s, 1), Err(Idle::Waiting(Due::Deal)));
    s.dkg_deal(ballot, 3).unwrap();
    assert_eq!((due(&s, 1), due(&s, 3)), (Ok(Due::Check), Ok(Due::Check)));
    s.dkg_check(ballot, 3).unwrap();
    assert_eq!(due(&s, 3), Err(Idle::Waiting(Due::Check)));
    s.dkg_check(ballot, 1).unwrap();
    assert_eq!(due(&s, 1), Err(Idle::NotSealed));
    assert_eq!(due(&s, 2), Err(Idle::Out));
    s.cast(4, ballot, &[YES.to_vec()]).unwrap();
    s.seal(0, ballot).unwrap();
    assert_eq!(
        (due(&s, 1), due(&s, 2), due(&s, 3)),
        (Ok(Due::Decrypt), Err(Idle::Out), Ok(Due::Decrypt))
    );
    s.decrypt(ballot, 3).unwrap();
    assert_eq!((due(&s, 1), due(&s, 3)), (Ok(Due::Decrypt), Err(Idle::Decrypted)));
    s.decrypt(ballot, 1).unwrap();
    assert_eq!(s.ballot(ballot).tally().yes, 1);

    // A failed ceremony: nothing is due for anyone.
    let mut failed = s.ballot(ballot).secret().unwrap().clone();
    failed.phase = Phase::Failed("too-few-qualified".into());
    assert_eq!((failed.due(1), failed.due(2)), (Err(Idle::Failed), Err(Idle::Failed)));
}

/// A sealed box whose total is the sum of its proven ballots, and one whose seal presents a
/// single voter's ballot as the total: a trustee's device decrypts the first and refuses the
/// second, which would reveal that voter's choice.
#[test]
fn a_trustee_decrypts_only_the_sum_of_the_sealed_ballots() {
    let ledger_of = |s: &Scenario| domain::Ledger::from_events(s.events.clone()).unwrap();
    let (mut s, ballot) = ready();
    s.cast(1, ballot, &[YES.to_vec()]).unwrap();
    s.cast(2, ballot, &[NO.to_vec()]).unwrap();
    let mut forged = s.clone();

    s.seal(0, ballot).unwrap();
    assert_eq!(domain::secret::check_sealed_box(&ledger_of(&s), &ballot), Ok(()));

    // The convenor's seal names the right ballots but carries Bolat's ciphertexts as the total.
    let bolat = forged.ballot(ballot).secret().unwrap().casts[&forged.key(2)].event;
    let Ok(Payload::Vote(Vote { mark: Mark::Encrypted(bytes), .. })) =
        domain::apply::payload(forged.events.iter().find(|e| e.id() == bolat).unwrap())
    else {
        panic!("Bolat's ballot is encrypted")
    };
    let one = CryptoBallot::from_bytes(&bytes.0).unwrap();
    let election = forged.secret_election(ballot);
    let lone = ballot_crypto::EncryptedTally::compute(&election, [(&one, 1u64)]).unwrap();
    let seal = Seal { tally: blob(&lone), ..forged.seal_payload(ballot) };
    // The rules of the fold leave the tally to the door; a node that skipped it would store it.
    forged.submit(0, Payload::Seal(seal)).unwrap();
    assert_eq!(
        domain::secret::check_sealed_box(&ledger_of(&forged), &ballot),
        Err(Rejection::SealTallyWrong)
    );
    // Before the seal there is nothing to decrypt.
    let (unsealed, ballot) = ready();
    assert_eq!(
        domain::secret::check_sealed_box(&ledger_of(&unsealed), &ballot),
        Err(Rejection::NotSealed)
    );
}
