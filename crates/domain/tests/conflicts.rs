//! The conflict rules of `docs/conflicts.md`, one test each: what happens when two nodes cut
//! off from each other accept events that cannot both take effect, whichever node hears of
//! the other's first.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use domain::{Ledger, Origin, Rejection};
use record::payload::{Choice, Payload, Threshold};
use record::{Event, EventId};
use test_support::Scenario;

/// A ballot open in an assembly of three members, then cut in two: node A and node B.
fn split() -> (Scenario, Scenario, EventId) {
    let mut s = Scenario::found("Depot assembly");
    s.join(0, "Aigerim");
    s.join(0, "Bauyrzhan");
    let motion = s.motion(1, "Refuse the night shift cut").unwrap();
    let ballot = s.open(0, motion, (1, 3), Threshold::SimpleMajority).unwrap();
    let (a, mut b) = (s.clone(), s);
    b.time += 500; // B's events fall between A's
    (a, b, ballot)
}

/// Both nodes' records merged, in each order of hearing: the same state either way.
fn merge(a: &Scenario, b: &Scenario) -> Ledger {
    let fold = |first: &Scenario, second: &Scenario| {
        let mut ledger = Ledger::from_events(first.events.clone()).unwrap();
        for e in &second.events {
            match ledger.insert(e.clone(), Origin::Peer) {
                Ok(_) | Err(Rejection::Duplicate) => {}
                Err(other) => panic!("refused {e:?}: {other}"),
            }
        }
        ledger
    };
    let ab = fold(a, b);
    let ba = fold(b, a);
    assert_eq!(ab.state().digest(), ba.state().digest(), "the order of hearing changes nothing");
    ab
}

fn ignored(ledger: &Ledger, id: EventId) -> Option<&'static str> {
    ledger.state().ignored.iter().find(|i| i.event == id).map(|i| i.reason.code())
}

#[test]
fn a_vote_cast_before_a_concurrent_close_counts_and_one_after_does_not() {
    let (mut a, mut b, ballot) = split();
    let early = b.vote(2, ballot, Choice::Yes).unwrap(); // B, at +1.5 s
    a.time += 2000;
    a.close(0, ballot).unwrap(); // A, at +3 s
    b.time += 2000;
    let late = b.vote(1, ballot, Choice::No).unwrap(); // B, at +4.5 s: after the close
    let merged = merge(&a, &b);
    let tally = merged.state().ballots[&ballot].tally();
    assert_eq!((tally.yes, tally.no), (1, 0));
    assert_eq!(ignored(&merged, early), None);
    assert_eq!(ignored(&merged, late), Some("ballot-closed"));
    // The late vote was valid where it was cast: a resolved conflict, not a forgery.
    let late = merged.get(&late).unwrap().clone();
    assert_eq!(merged.valid_in_past(&late), Ok(()));
}

#[test]
fn a_member_voting_from_two_phones_on_two_nodes_has_their_later_vote_counted() {
    let (mut a, mut b, ballot) = split();
    let first = a.vote(1, ballot, Choice::Yes).unwrap(); // phone 1 on A, at +1 s
    let second = b.vote(1, ballot, Choice::No).unwrap(); // phone 2 on B, at +1.5 s
    let (x, y) = (a.events.last().unwrap(), b.events.last().unwrap());
    assert_eq!(x.seq(), y.seq(), "the member's chain forked");
    let merged = merge(&a, &b);
    let vote = &merged.state().ballots[&ballot].votes[&a.key(1)];
    assert_eq!(
        (&vote.mark, vote.event, vote.changes),
        (&record::payload::Mark::Choice(Choice::No), second, 1)
    );
    assert_eq!(ignored(&merged, first), None);
    // The member acts on after the merge: their chain continues from the later branch.
    let state = merged.state();
    assert_eq!(state.heads[&a.key(1)].1, second);
}

#[test]
fn one_use_invitation_used_on_two_nodes_admits_whoever_joined_first() {
    let mut s = Scenario::found("Strike committee");
    s.join(0, "Dana");
    let (mut a, mut b) = (s.clone(), s);
    b.time += 500;
    // The same invitation cannot be made twice; so the founder issues one on A, which B
    // learns of before the cut, and each node then admits a different newcomer with it.
    let invite = a.make(
        0,
        Payload::Invite(record::payload::Invite {
            key: record::keys::invite_keypair(&test_support::code(77)).unwrap().public(),
            uses: 1,
            expires: a.time + 86_400_000,
        }),
    );
    a.state.apply(&invite).unwrap();
    a.events.push(invite.clone());
    b.state.apply(&invite).unwrap();
    b.events.push(invite.clone());
    let join = |s: &mut Scenario, who: usize, name: &str| -> Event {
        let key = s.keypair(who).public();
        let proof = record::keys::invite_keypair(&test_support::code(77)).unwrap().sign(
            record::keys::JOIN_TAG,
            &record::keys::join_message(&s.state.id, &invite.id(), &key),
        );
        let payload =
            Payload::Join(record::payload::Join { invite: invite.id(), name: name.into(), proof });
        let mut author = domain::Author::new(s.keypair(who));
        author.enter(s.state.id);
        s.time += 1000;
        let e = author.make(payload, s.time, s.state.frontier.iter().copied());
        s.state.apply(&e).unwrap();
        s.events.push(e.clone());
        e
    };
    let (ea, eb) = (a.outsider(), b.outsider() + 1);
    b.outsider();
    b.time += 2000; // B's newcomer joins later than A's
    let on_a = join(&mut a, ea, "Erlan");
    let on_b = join(&mut b, eb, "Saule");
    let merged = merge(&a, &b);
    assert_eq!(ignored(&merged, on_a.id()), None, "A's join came first in time");
    assert_eq!(ignored(&merged, on_b.id()), Some("invite-used-up"));
    assert!(merged.state().members.contains_key(&on_a.author()));
    assert!(!merged.state().members.contains_key(&on_b.author()));
}

#[test]
fn two_ballots_opened_on_one_motion_keep_the_first() {
    let mut s = Scenario::found("Council");
    s.join(0, "Arman");
    let motion = s.motion(1, "Call a general assembly").unwrap();
    let (mut a, mut b) = (s.clone(), s);
    b.time += 500;
    let first = a.open(0, motion, (1, 2), Threshold::SimpleMajority).unwrap();
    let second = b.open(0, motion, (1, 3), Threshold::TwoThirds).unwrap();
    let merged = merge(&a, &b);
    assert_eq!(merged.state().motions[&motion].ballot, Some(first));
    assert_eq!(ignored(&merged, second), Some("ballot-exists"));
}

#[test]
fn an_event_no_honest_node_would_make_is_refused_from_peers_too() {
    let (a, _, ballot) = split();
    let mut forger = a.clone();
    let outsider = forger.outsider();
    let vote = forger.make(
        outsider,
        Payload::Vote(record::payload::Vote {
            ballot,
            mark: record::payload::Mark::Choice(Choice::Yes),
        }),
    );
    let mut ledger = Ledger::from_events(a.events.clone()).unwrap();
    let before = ledger.state().digest();
    assert_eq!(ledger.insert(vote, Origin::Peer), Err(Rejection::NotInElectorate));
    assert_eq!(ledger.state().digest(), before);
}

#[test]
fn a_run_of_late_votes_is_judged_in_its_past_one_after_another() {
    let mut s = Scenario::found("Plant assembly");
    for i in 0..6 {
        s.join(0, &format!("Worker {i}"));
    }
    let motion = s.motion(1, "Stop the line at noon").unwrap();
    let ballot = s.open(0, motion, (1, 3), Threshold::SimpleMajority).unwrap();
    let (mut a, mut b) = (s.clone(), s);
    a.close(0, ballot).unwrap();
    b.time = a.time + 5000;
    let late: Vec<EventId> = (1..=6).map(|who| b.vote(who, ballot, Choice::Yes).unwrap()).collect();
    let mut ledger = Ledger::from_events(a.events.clone()).unwrap();
    // Each late vote builds on the one before: its past is the last one's and one more event.
    let theirs: Vec<Event> =
        b.events.iter().filter(|e| !ledger.contains(&e.id())).cloned().collect();
    for e in theirs {
        ledger.insert(e, Origin::Peer).unwrap();
    }
    for id in &late {
        assert_eq!(ignored(&ledger, *id), Some("ballot-closed"));
    }
    // A forged vote built on the last of them is judged from that remembered past: refused.
    let mut forger = b.clone();
    let outsider = forger.outsider();
    let forged = forger.make(
        outsider,
        Payload::Vote(record::payload::Vote {
            ballot,
            mark: record::payload::Mark::Choice(Choice::No),
        }),
    );
    assert!(forged.deps().contains(late.last().unwrap()));
    assert_eq!(ledger.insert(forged, Origin::Peer), Err(Rejection::NotInElectorate));
}
