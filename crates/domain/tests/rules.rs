//! The rules of an assembly, step by step, through real signed events.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use count::majority::Outcome;
use domain::{BallotStatus, Power, Rejection};
use record::keys;
use record::payload::{Choice, Invite, Join, MotionKind, Payload, Threshold};
use test_support::{Scenario, code};

const LATER: u64 = u64::MAX;

/// A founder and `n` joined members.
fn assembly(n: usize) -> Scenario {
    let mut s = Scenario::found("Oil field strike committee");
    for i in 0..n {
        s.join(0, &format!("Member {i}"));
    }
    s
}

#[test]
fn a_motion_is_put_debated_voted_and_carried() {
    let mut s = assembly(3);
    let motion = s.motion_of(1, MotionKind::Demand, "Index wages to fuel prices").unwrap();
    let comment = s.comment(2, motion, None, "Agreed, and pensions too.").unwrap();
    s.comment(3, motion, Some(comment), "Pensions in a separate motion.").unwrap();
    let ballot = s.open(0, motion, (1, 2), Threshold::SimpleMajority).unwrap();
    s.vote(1, ballot, Choice::Yes).unwrap();
    s.vote(2, ballot, Choice::No).unwrap();
    s.vote(3, ballot, Choice::Yes).unwrap();
    assert_eq!(s.state.ballots[&ballot].status(LATER), BallotStatus::Open);
    s.close(0, ballot).unwrap();

    let b = &s.state.ballots[&ballot];
    assert_eq!(b.status(LATER), BallotStatus::Closed(Outcome::Carried));
    assert_eq!((b.tally().yes, b.tally().no, b.tally().electorate), (2, 1, 4));
    assert_eq!(s.state.motions[&motion].comments.len(), 2);
    let demands: Vec<_> = s.state.adopted_demands(LATER).iter().map(|m| m.id).collect();
    assert_eq!(demands, vec![motion]);
}

#[test]
fn the_last_vote_counts() {
    let mut s = assembly(2);
    let motion = s.motion(1, "Strike on Monday").unwrap();
    let ballot = s.open(0, motion, (0, 1), Threshold::SimpleMajority).unwrap();
    s.vote(1, ballot, Choice::Yes).unwrap();
    s.vote(1, ballot, Choice::No).unwrap();
    s.vote(2, ballot, Choice::No).unwrap();
    s.close(0, ballot).unwrap();
    let b = &s.state.ballots[&ballot];
    assert_eq!(b.choice_of(&s.key(1)), Some(Choice::No));
    assert_eq!(b.votes[&s.key(1)].changes, 1);
    assert_eq!(b.status(LATER), BallotStatus::Closed(Outcome::NotCarried));
}

#[test]
fn quorum_not_met_when_too_few_vote() {
    let mut s = assembly(5);
    let motion = s.motion(1, "Elect a strike fund treasurer").unwrap();
    let ballot = s.open(0, motion, (1, 2), Threshold::SimpleMajority).unwrap();
    s.vote(1, ballot, Choice::Yes).unwrap();
    s.vote(2, ballot, Choice::Abstain).unwrap();
    s.close(0, ballot).unwrap();
    assert_eq!(s.state.ballots[&ballot].status(LATER), BallotStatus::Closed(Outcome::QuorumNotMet));
}

#[test]
fn the_electorate_is_fixed_when_the_ballot_opens() {
    let mut s = assembly(1);
    let motion = s.motion(1, "Occupy the canteen").unwrap();
    let ballot = s.open(0, motion, (0, 1), Threshold::AbsoluteMajority).unwrap();
    let late = s.join(0, "Late joiner");
    assert_eq!(s.vote(late, ballot, Choice::Yes), Err(Rejection::NotInElectorate));
    s.vote(1, ballot, Choice::Yes).unwrap();
    s.close(0, ballot).unwrap();
    // One yes of an electorate of two is not an absolute majority.
    assert_eq!(s.state.ballots[&ballot].status(LATER), BallotStatus::Closed(Outcome::NotCarried));
}

#[test]
fn refusals_name_the_broken_rule_and_change_nothing() {
    let mut s = assembly(1);
    let outsider = s.outsider();
    let motion = s.motion(1, "Demand").unwrap();
    let before = s.state.digest();

    assert_eq!(s.motion(outsider, "Forged"), Err(Rejection::NotAMember));
    assert_eq!(
        s.open(1, motion, (1, 2), Threshold::TwoThirds),
        Err(Rejection::NoPower(Power::Convene))
    );
    assert_eq!(s.motion(1, ""), Err(Rejection::BadText { field: "title", max: 200 }));
    assert_eq!(s.motion(1, &"x".repeat(201)), Err(Rejection::BadText { field: "title", max: 200 }));
    assert_eq!(s.comment(1, motion, Some(motion), "x"), Err(Rejection::UnknownComment));
    assert_eq!(
        s.open(0, motion, (3, 2), Threshold::TwoThirds),
        Err(Rejection::OutOfRange { field: "quorum" })
    );
    assert_eq!(s.state.digest(), before);

    let ballot = s.open(0, motion, (0, 1), Threshold::TwoThirds).unwrap();
    assert_eq!(s.open(0, motion, (0, 1), Threshold::TwoThirds), Err(Rejection::BallotExists));
    s.close(0, ballot).unwrap();
    let before = s.state.digest();
    assert_eq!(s.vote(1, ballot, Choice::Yes), Err(Rejection::BallotClosed));
    assert_eq!(s.close(0, ballot), Err(Rejection::BallotClosed));
    assert_eq!(s.state.digest(), before);
}

#[test]
fn a_wrong_code_or_a_used_invitation_does_not_admit() {
    let mut s = assembly(0);
    let right = keys::invite_keypair(&code(100)).unwrap();
    let invite = s
        .submit(
            0,
            Payload::Invite(Invite { key: right.public(), uses: 1, expires: s.time + 60_000 }),
        )
        .unwrap();
    let newcomer = s.outsider();
    let member = s.key(newcomer);
    let message = keys::join_message(&s.state.id, &invite, &member);

    let wrong = keys::invite_keypair(&code(101)).unwrap();
    let forged = wrong.sign(keys::JOIN_TAG, &message);
    let join = |proof| Payload::Join(Join { invite, name: "Newcomer".into(), proof });
    assert_eq!(s.submit(newcomer, join(forged)), Err(Rejection::BadInviteProof));

    // A proof made for one key cannot admit another.
    let proof = right.sign(keys::JOIN_TAG, &message);
    let thief = s.outsider();
    assert_eq!(s.submit(thief, join(proof)), Err(Rejection::BadInviteProof));

    s.submit(newcomer, join(proof)).unwrap();
    assert!(s.state.members.contains_key(&member));

    let second = s.outsider();
    let proof =
        right.sign(keys::JOIN_TAG, &keys::join_message(&s.state.id, &invite, &s.key(second)));
    assert_eq!(s.submit(second, join(proof)), Err(Rejection::InviteUsedUp));
}

#[test]
fn joins_checked_ahead_fold_alike_and_only_for_their_own_key() {
    let mut s = assembly(3);
    let right = keys::invite_keypair(&code(100)).unwrap();
    let invite = s
        .submit(
            0,
            Payload::Invite(Invite { key: right.public(), uses: 5, expires: s.time + 60_000 }),
        )
        .unwrap();
    let newcomer = s.outsider();
    let message = keys::join_message(&s.state.id, &invite, &s.key(newcomer));
    let wrong = keys::invite_keypair(&code(101)).unwrap();
    let join = |proof| Payload::Join(Join { invite, name: "Newcomer".into(), proof });
    // A join with a forged proof, in the record as a peer sent it: the fold ignores it.
    let forged = s.make(newcomer, join(wrong.sign(keys::JOIN_TAG, &message)));
    let mut events = s.events.clone();
    events.push(forged.clone());

    let invitations = domain::apply::Invitations::of(&events);
    assert_eq!(invitations.check(&forged), None);
    let joins: domain::apply::CheckedJoins =
        events.iter().filter_map(|e| invitations.check(e)).collect();
    let joined: Vec<_> = events.iter().filter(|e| e.kind() == 3).collect();
    assert_eq!(joined.len(), 4);
    for e in &joined[..3] {
        assert!(invitations.check(e).is_some_and(|(id, _)| id == e.id()));
    }
    let plain = domain::Ledger::from_events(events.clone()).unwrap();
    let checked = domain::Ledger::from_checked_events(events.clone(), &joins).unwrap();
    assert_eq!(checked.state().digest(), plain.state().digest());
    assert_eq!(checked.state().ignored.len(), 1);
    assert_eq!(checked.state().ignored[0].reason, Rejection::BadInviteProof);

    // Taken as checked for another key than the invitation's, the forged proof is still
    // checked, and refused.
    let lie: domain::apply::CheckedJoins = [(forged.id(), wrong.public())].into_iter().collect();
    let ledger = domain::Ledger::from_checked_events(events.clone(), &lie).unwrap();
    assert_eq!(ledger.state().digest(), plain.state().digest());
    assert_eq!(ledger.state().ignored[0].reason, Rejection::BadInviteProof);
    // Taken as checked for the invitation's own key, it is not checked again (which is why
    // only what `Invitations::check` returns may be taken as checked).
    let lie: domain::apply::CheckedJoins = [(forged.id(), right.public())].into_iter().collect();
    let ledger = domain::Ledger::from_checked_events(events, &lie).unwrap();
    assert!(ledger.state().ignored.is_empty());
}

#[test]
fn only_those_with_the_power_may_invite() {
    let mut s = assembly(1);
    let key = keys::invite_keypair(&code(7)).unwrap().public();
    let invite = Payload::Invite(Invite { key, uses: 1, expires: s.time + 60_000 });
    assert_eq!(s.submit(1, invite.clone()), Err(Rejection::NoPower(Power::Admit)));
    assert!(s.submit(0, invite.clone()).is_ok());
    assert_eq!(s.submit(0, invite), Err(Rejection::DuplicateInvite));
}

#[test]
fn events_out_of_sequence_or_for_another_assembly_are_refused() {
    let mut s = assembly(1);
    let motion = |title: &str| {
        Payload::Motion(record::payload::Motion {
            kind: MotionKind::Resolution,
            title: title.into(),
            text: String::new(),
        })
    };
    // The author makes two events but only the second is delivered: its number skips one.
    let mut author = domain::Author::resume(s.keypair(1), &s.state);
    let _first = author.make(motion("One"), s.time + 1, s.state.frontier.iter().copied());
    let second = author.make(motion("Two"), s.time + 2, s.state.frontier.iter().copied());
    assert!(matches!(s.state.apply(&second), Err(Rejection::BadSequence { expected: 2, got: 3 })));

    let other = Scenario::found("Another assembly");
    assert_eq!(s.state.clone().apply(&other.events[0]), Err(Rejection::AlreadyFounded));
}
