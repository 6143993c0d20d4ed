//! The fold is a function of the set of events: arrival order never changes the state.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::collections::{BTreeSet, HashSet};

use domain::ledger::Snapshots;
use domain::{Ledger, Origin};
use proptest::prelude::*;
use record::payload::{Choice, Method, RankedRule, Threshold};
use record::{Event, EventId};
use test_support::{Scenario, named};

/// One step a member might take; indices pick among what exists, modulo its count.
#[derive(Debug, Clone)]
enum Op {
    Join,
    Motion(usize),
    Comment(usize, usize),
    Open(usize),
    /// A vote: who, which ballot, a choice (yes/no ballots) or a ranking (possibly out of
    /// range or repeated) for ranked ones.
    Vote(usize, usize, u8, Vec<u16>),
    Close(usize),
    /// An election: who, seats, how many named candidates.
    Election(usize, u16, usize),
    /// A nomination: who, which election, which name.
    Nominate(usize, usize, u8),
    /// The next step of a secret ballot on a motion: open it, a trustee's step of the key
    /// ceremony, a ballot by `who` (choice `c`), the seal, a trustee's decryption.
    Secret(usize, usize, u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::Join),
        2 => any::<usize>().prop_map(Op::Motion),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Comment(a, b)),
        2 => any::<usize>().prop_map(Op::Open),
        8 => (any::<usize>(), any::<usize>(), 0u8..3, prop::collection::vec(0u16..5, 0..4))
            .prop_map(|(a, b, c, r)| Op::Vote(a, b, c, r)),
        1 => any::<usize>().prop_map(Op::Close),
        2 => (any::<usize>(), 1u16..3, 0usize..4).prop_map(|(a, b, c)| Op::Election(a, b, c)),
        2 => (any::<usize>(), any::<usize>(), 0u8..6).prop_map(|(a, b, c)| Op::Nominate(a, b, c)),
        4 => (any::<usize>(), any::<usize>(), 0u8..8).prop_map(|(a, b, c)| Op::Secret(a, b, c)),
    ]
}

/// Runs the steps that the rules allow; refused steps are simply skipped.
fn run(s: &mut Scenario, ops: &[Op]) {
    for op in ops {
        let members = s.state.members.len();
        let motions: Vec<EventId> = s.state.motions.keys().copied().collect();
        let ballots: Vec<EventId> = s.state.ballots.keys().copied().collect();
        let elections: Vec<EventId> =
            s.state.motions.values().filter(|m| m.seats().is_some()).map(|m| m.id).collect();
        let pick = |ids: &[EventId], i: usize| ids.get(i % ids.len().max(1)).copied();
        let _ = match *op {
            Op::Join => {
                s.join(0, "Member");
                Ok(EventId([0; 32]))
            }
            Op::Motion(who) => s.motion(who % members, "Motion"),
            Op::Comment(who, m) => match pick(&motions, m) {
                Some(m) => s.comment(who % members, m, None, "Comment"),
                None => continue,
            },
            Op::Open(m) => match pick(&motions, m) {
                Some(id) if elections.contains(&id) => {
                    let rule = RankedRule::ALL[m % RankedRule::ALL.len()];
                    s.open_election(0, id, rule, (1, 3))
                }
                Some(id) => s.open(0, id, (1, 3), Threshold::SimpleMajority),
                None => continue,
            },
            Op::Vote(who, b, c, ref ranking) => match pick(&ballots, b) {
                Some(b) if s.state.ballots[&b].ranked_rule().is_some() => {
                    s.rank(who % members, b, ranking)
                }
                Some(b) => {
                    let choice = [Choice::Yes, Choice::No, Choice::Abstain][usize::from(c)];
                    s.vote(who % members, b, choice)
                }
                None => continue,
            },
            Op::Close(b) => match pick(&ballots, b) {
                Some(b) => s.close(0, b),
                None => continue,
            },
            Op::Election(who, seats, n) => {
                let names: Vec<String> = (0..n).map(|i| format!("Candidate {i}")).collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                s.election(who % members, "Election", seats, &names)
            }
            Op::Nominate(who, m, name) => match pick(&elections, m) {
                Some(m) => s.nominate(who % members, m, named(&format!("Nominee {name}"))),
                None => continue,
            },
            Op::Secret(m, who, c) => match pick(&motions, m) {
                Some(m) if !elections.contains(&m) => secret_step(s, m, who % members, c),
                _ => continue,
            },
        };
    }
}

/// One step of the secret ballot on `motion`, whatever it needs next.
fn secret_step(
    s: &mut Scenario,
    motion: EventId,
    who: usize,
    c: u8,
) -> Result<EventId, domain::Rejection> {
    use domain::secret::Phase;
    let Some(ballot) = s.state.motions[&motion].ballot else {
        return s.open_secret(0, motion, Method::YesNoAbstain, &[0, 1], 1 + u32::from(c % 2));
    };
    let Some(secret) = s.state.ballots[&ballot].secret().cloned() else {
        return Err(domain::Rejection::NotSecret);
    };
    let next = (1..=2).find(|t| !secret.has_done(*t)).unwrap_or(1);
    match secret.phase {
        Phase::Commit => s.dkg_commit(ballot, next),
        Phase::Deal => s.dkg_deal(ballot, next),
        Phase::Check => s.dkg_check(ballot, next),
        Phase::Failed(_) => Err(domain::Rejection::CeremonyNotReady),
        Phase::Ready if secret.seal.is_none() && c < 6 => {
            let ticks = [vec![true, false], vec![false, true], vec![false, false]];
            s.cast(who, ballot, &[ticks[usize::from(c % 3)].clone()]).map(|_| ballot)
        }
        Phase::Ready if secret.seal.is_none() => s.seal(0, ballot),
        Phase::Ready => s.decrypt(ballot, 1 + u32::from(c % 2)),
    }
}

/// Delivers events one by one in the given order, holding back each until its dependencies
/// have arrived, as a node does; returns the events in the order they were accepted.
fn deliver(arrivals: Vec<Event>, mut held: HashSet<EventId>) -> Vec<Event> {
    let mut accepted = Vec::new();
    let mut pending = arrivals;
    loop {
        let before = pending.len();
        pending.retain(|e| {
            if held.contains(&e.id()) {
                return false;
            }
            if e.deps().iter().all(|d| held.contains(d)) {
                held.insert(e.id());
                accepted.push(e.clone());
                false
            } else {
                true
            }
        });
        if pending.is_empty() || pending.len() == before {
            return accepted;
        }
    }
}

fn union(a: &[Event], b: &[Event]) -> Vec<Event> {
    let mut seen = BTreeSet::new();
    a.iter().chain(b).filter(|e| seen.insert(e.id())).cloned().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn folding_a_single_nodes_record_gives_the_live_state(ops in prop::collection::vec(op(), 1..60)) {
        let mut s = Scenario::found("Assembly");
        s.join(0, "First");
        run(&mut s, &ops);
        let folded = domain::fold(&s.events).unwrap();
        prop_assert!(folded.ignored.is_empty());
        prop_assert_eq!(folded.digest(), s.state.digest());
        // Every ranked ballot of the record counts, open or closed, without failing.
        for id in folded.ballots.keys() {
            if let Some(count) = folded.count_election(id) {
                prop_assert!(count.is_ok(), "{:?}", count);
            }
        }
    }

    #[test]
    fn partitioned_nodes_converge_whatever_the_arrival_order(
        prefix in prop::collection::vec(op(), 0..20),
        left in prop::collection::vec(op(), 0..30),
        right in prop::collection::vec(op(), 0..30),
        shuffle in any::<u64>(),
    ) {
        let mut base = Scenario::found("Assembly");
        base.join(0, "First");
        base.join(0, "Second");
        run(&mut base, &prefix);
        let (mut a, mut b) = (base.clone(), base);
        b.time += 500; // the two sides' clocks interleave
        run(&mut a, &left);
        run(&mut b, &right);
        let all = union(&a.events, &b.events);
        let expected = domain::fold(&all).unwrap().digest();

        let mut arrivals = all.clone();
        let mut rng = shuffle;
        for i in (1..arrivals.len()).rev() {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            arrivals.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let delivered = deliver(arrivals, HashSet::new());
        prop_assert_eq!(delivered.len(), all.len());
        prop_assert_eq!(domain::fold(&delivered).unwrap().digest(), expected);

        // Every event was made by an honest node, so each holds in its causal past — judged
        // afresh, or from the remembered past of the event before it (docs/conflicts.md).
        let ledger = Ledger::from_events(all.clone()).unwrap();
        for event in &ledger.events()[1..] {
            prop_assert_eq!(ledger.valid_in_past(event), Ok(()));
            prop_assert_eq!(ledger.clone().valid_in_past(event), Ok(()));
        }

        // Each side, syncing the other's events in afterwards, reaches the same state.
        let a_then_b = union(&a.events, &b.events);
        let b_then_a = union(&b.events, &a.events);
        prop_assert_eq!(domain::fold(&a_then_b).unwrap().digest(), expected);
        prop_assert_eq!(domain::fold(&b_then_a).unwrap().digest(), expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_ledger_fed_in_any_order_holds_the_folded_state(
        prefix in prop::collection::vec(op(), 40..120),
        left in prop::collection::vec(op(), 0..60),
        right in prop::collection::vec(op(), 0..60),
        shuffle in any::<u64>(),
        small_snapshots in any::<bool>(),
    ) {
        let mut base = Scenario::found("Assembly");
        base.join(0, "First");
        base.join(0, "Second");
        run(&mut base, &prefix);
        let (mut a, mut b) = (base.clone(), base);
        b.time += 500;
        let policy = if small_snapshots { Snapshots { every: 3, keep: 5 } } else { Snapshots::default() };
        run(&mut a, &left);
        run(&mut b, &right);
        let all = union(&a.events, &b.events);
        let expected = domain::fold(&all).unwrap().digest();

        // Node A holds its own events; B's arrive in a random order, each once its
        // dependencies are held, as a sync delivers them.
        let mut ledger = Ledger::from_events_with(a.events.clone(), policy).unwrap();
        prop_assert_eq!(ledger.state().digest(), a.state.digest());
        let mut arrivals: Vec<Event> = b.events.iter().filter(|e| !ledger.contains(&e.id())).cloned().collect();
        let mut rng = shuffle;
        for i in (1..arrivals.len()).rev() {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            arrivals.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let held = ledger.events().iter().map(Event::id).collect();
        for event in deliver(arrivals, held) {
            ledger.insert(event, Origin::Peer).unwrap();
        }
        prop_assert_eq!(ledger.len(), all.len());
        prop_assert_eq!(ledger.state().digest(), expected);
        let canonical: Vec<EventId> = ledger.events().iter().map(Event::id).collect();
        let order = domain::canonical_order(&all).unwrap();
        let refolded: Vec<EventId> = order.iter().map(|&i| all[i].id()).collect();
        prop_assert_eq!(canonical, refolded);
    }

    #[test]
    fn local_events_at_the_tip_take_effect_as_applied(ops in prop::collection::vec(op(), 1..100)) {
        let mut s = Scenario::found("Assembly");
        s.join(0, "First");
        run(&mut s, &ops);
        let mut events = s.events.clone().into_iter();
        let mut ledger = Ledger::new(events.next().unwrap()).unwrap();
        for event in events {
            let place = ledger.insert(event, Origin::Local).unwrap();
            prop_assert_eq!(place, ledger.len() - 1);
        }
        prop_assert_eq!(ledger.state().digest(), s.state.digest());
    }
}

#[test]
fn a_local_event_that_breaks_a_rule_changes_nothing() {
    let mut s = Scenario::found("Assembly");
    let member = s.join(0, "First");
    let outsider = s.outsider();
    let mut ledger = Ledger::from_events(s.events.clone()).unwrap();
    let before = ledger.state().digest();
    let forged = s.make(
        outsider,
        record::payload::Payload::Motion(record::payload::Motion {
            kind: record::payload::MotionKind::Resolution,
            title: "Forged".into(),
            text: String::new(),
        }),
    );
    assert_eq!(ledger.insert(forged.clone(), Origin::Local), Err(domain::Rejection::NotAMember));
    assert_eq!(ledger.state().digest(), before);
    assert_eq!(ledger.len(), s.events.len());
    // From a peer, the same event is refused too: it breaks the rule in its own causal
    // past, so no honest node made it (docs/conflicts.md).
    assert_eq!(ledger.insert(forged, Origin::Peer), Err(domain::Rejection::NotAMember));
    assert_eq!(ledger.state().digest(), before);
    assert!(ledger.state().motions.is_empty());
    let _ = member;
}

#[test]
fn a_missing_dependency_is_named() {
    let mut s = Scenario::found("Assembly");
    let member = s.join(0, "First");
    s.motion(member, "Motion").unwrap();
    let without_join: Vec<Event> =
        s.events.iter().filter(|e| e.kind() != record::Kind::Join as u16).cloned().collect();
    assert!(matches!(
        domain::fold(&without_join),
        Err(domain::FoldError::MissingDependency { .. })
    ));
}

#[test]
fn a_local_event_signed_long_ago_is_refused_as_stale_and_a_fresh_one_taken() {
    let mut s = Scenario::found("Assembly");
    let member = s.join(0, "First");
    let motion = s.motion(member, "Motion").unwrap();
    // The member's device reads the state now, then signs only after many other events.
    let signer_view = s.state.clone();
    let early_time = s.time + 1;
    s.time += 10;
    for i in 0..(domain::ledger::MAX_LOCAL_DEPTH as u32 / 2 + 10) {
        s.comment(0, motion, None, &format!("Comment {i}")).unwrap();
        s.comment(0, motion, None, "Another").unwrap();
    }
    let mut ledger = Ledger::from_events(s.events.clone()).unwrap();
    let comment = |text: &str| {
        record::payload::Payload::Comment(record::payload::Comment {
            motion,
            reply_to: None,
            text: text.into(),
        })
    };
    let mut author = domain::Author::resume(s.keypair(member), &signer_view);
    let stale = author.make(comment("Late"), early_time, signer_view.frontier.iter().copied());
    let before = ledger.state().digest();
    assert_eq!(ledger.insert(stale.clone(), Origin::Local), Err(domain::Rejection::Stale));
    assert_eq!(ledger.state().digest(), before);
    // A peer's event is history: it takes its place however far back.
    assert!(ledger.insert(stale, Origin::Peer).is_ok());
}
