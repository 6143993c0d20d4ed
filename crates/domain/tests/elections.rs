//! Elections of delegates, step by step through real signed events: candidates, nominations,
//! a ranked ballot, and its count by the engine.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use count::majority::Outcome;
use domain::{BallotStatus, Rejection};
use record::payload::{Candidate, Method, RankedRule, Threshold};
use test_support::{Scenario, named};

const LATER: u64 = u64::MAX;

/// A founder and six members: Aliya (1), Timur (2), and four others.
fn assembly() -> Scenario {
    let mut s = Scenario::found("Tram depot assembly");
    for name in ["Aliya", "Timur", "Saule", "Bolat", "Ermek", "Zhanna"] {
        s.join(0, name);
    }
    s
}

const ALIYA: u16 = 0;
const TIMUR: u16 = 1;
const DANA: u16 = 2;
const YERLAN: u16 = 3;

/// Two seats; Aliya and Timur (members) and Dana (named) on the motion, Yerlan nominated.
fn election(s: &mut Scenario) -> record::EventId {
    let candidates = vec![s.member_candidate(1), s.member_candidate(2), named("Dana")];
    let motion = s.election_of(3, "Delegates to the city council", 2, candidates).unwrap();
    s.nominate(4, motion, named("Yerlan")).unwrap();
    motion
}

#[test]
fn an_election_of_delegates_is_put_nominated_ranked_closed_and_counted() {
    let mut s = assembly();
    let motion = election(&mut s);
    let m = &s.state.motions[&motion];
    let names: Vec<&str> = m.candidates().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Aliya", "Timur", "Dana", "Yerlan"]);
    assert_eq!(m.candidates()[0].member, Some(s.key(1)));
    assert_eq!(m.candidates()[3].by, s.key(4));
    assert_eq!(m.seats(), Some(2));

    let ballot = s.open_election(0, motion, RankedRule::StvScottish, (1, 2)).unwrap();
    // Seven voters, two seats: the quota is 3. Aliya's surplus of 1 goes on at a quarter.
    s.rank(0, ballot, &[ALIYA, DANA]).unwrap();
    s.rank(1, ballot, &[ALIYA, TIMUR]).unwrap();
    s.rank(2, ballot, &[ALIYA, DANA]).unwrap();
    s.rank(3, ballot, &[ALIYA, DANA]).unwrap();
    s.rank(4, ballot, &[TIMUR]).unwrap();
    s.rank(5, ballot, &[DANA, TIMUR]).unwrap();
    s.rank(6, ballot, &[YERLAN, DANA]).unwrap();
    let b = &s.state.ballots[&ballot];
    assert_eq!(b.status(LATER), BallotStatus::Open);
    assert_eq!(b.turnout(), (7, 7));
    assert_eq!(b.ranking_of(&s.key(6)), Some(&[YERLAN, DANA][..]));
    s.close(0, ballot).unwrap();

    let b = &s.state.ballots[&ballot];
    assert_eq!(b.status(LATER), BallotStatus::Counted);
    let t = s.state.count_election(&ballot).unwrap().unwrap();
    assert_eq!(t.method, "stv-scottish");
    assert_eq!(t.seats, 2);
    assert_eq!(t.candidates, ["Aliya", "Timur", "Dana", "Yerlan"]);
    assert_eq!(t.elected, [ALIYA, DANA]);
    let first = &t.rounds[0];
    assert_eq!(first.quota.as_deref(), Some("3.00000"));
    assert_eq!(first.tallies[usize::from(ALIYA)].as_deref(), Some("4.00000"));
    assert_eq!(first.elected, [ALIYA]);
    let second = &t.rounds[1];
    assert_eq!(second.tallies[usize::from(DANA)].as_deref(), Some("1.75000"));
    assert!(t.rounds.iter().any(|r| r.excluded == [YERLAN]), "{:?}", t.rounds);

    // The ballots export as BLT and count to the same transcript anywhere.
    let e = s.state.election(&ballot).unwrap();
    let blt = count::blt::write(&e);
    assert!(blt.starts_with("4 2\n") && blt.contains("\"Dana\""), "{blt}");
    let reread = count::blt::parse(blt.as_bytes()).unwrap().election;
    let method = count::method::Method::Stv(count::stv::Rule::Scotland);
    assert_eq!(count::method::count(&reread, method, &[]).unwrap(), t);
}

#[test]
fn the_last_ranking_counts_and_a_blank_one_counts_for_the_quorum() {
    let mut s = assembly();
    let motion = election(&mut s);
    let ballot = s.open_election(0, motion, RankedRule::Irv, (1, 2)).unwrap();
    s.rank(1, ballot, &[TIMUR]).unwrap();
    s.rank(1, ballot, &[DANA, ALIYA]).unwrap();
    s.rank(2, ballot, &[]).unwrap();
    let b = &s.state.ballots[&ballot];
    assert_eq!(b.ranking_of(&s.key(1)), Some(&[DANA, ALIYA][..]));
    assert_eq!(b.votes[&s.key(1)].changes, 1);
    assert_eq!(b.turnout(), (2, 7));
    s.rank(3, ballot, &[DANA]).unwrap();
    s.close(0, ballot).unwrap();
    // Three of seven is under half: no one is elected.
    assert_eq!(s.state.ballots[&ballot].status(LATER), BallotStatus::Closed(Outcome::QuorumNotMet));
}

#[test]
fn every_ranked_rule_fills_the_seats() {
    for rule in RankedRule::ALL {
        let mut s = assembly();
        let motion = election(&mut s);
        let ballot = s.open_election(0, motion, rule, (0, 1)).unwrap();
        let rankings: [&[u16]; 7] = [
            &[ALIYA, DANA],
            &[ALIYA, TIMUR, YERLAN],
            &[DANA, ALIYA],
            &[TIMUR, ALIYA],
            &[TIMUR],
            &[DANA, TIMUR, ALIYA, YERLAN],
            &[],
        ];
        for (who, ranking) in rankings.iter().enumerate() {
            s.rank(who, ballot, ranking).unwrap();
        }
        s.close(0, ballot).unwrap();
        assert_eq!(s.state.ballots[&ballot].status(LATER), BallotStatus::Counted);
        let t = s.state.count_election(&ballot).unwrap().unwrap();
        assert_eq!(t.elected.len(), 2, "{rule:?}: {t:?}");
        assert!(!t.rounds.is_empty(), "{rule:?}");
    }
}

#[test]
fn a_ranked_ballot_with_no_rankings_still_counts() {
    let mut s = assembly();
    let motion = election(&mut s);
    let ballot = s.open_election(0, motion, RankedRule::StvMeek, (0, 1)).unwrap();
    s.rank(1, ballot, &[]).unwrap();
    s.close(0, ballot).unwrap();
    assert!(s.state.count_election(&ballot).unwrap().is_ok());
}

#[test]
fn bad_elections_are_refused_and_change_nothing() {
    let mut s = assembly();
    let before = s.state.digest();
    assert_eq!(s.election(1, "None", 0, &["A"]), Err(Rejection::OutOfRange { field: "seats" }));
    assert_eq!(s.election(1, "Many", 101, &["A"]), Err(Rejection::OutOfRange { field: "seats" }));
    let crowd: Vec<String> = (0..101).map(|i| format!("Candidate {i}")).collect();
    let crowd: Vec<&str> = crowd.iter().map(String::as_str).collect();
    assert_eq!(
        s.election(1, "Crowd", 1, &crowd),
        Err(Rejection::OutOfRange { field: "candidates" })
    );
    assert_eq!(s.election(1, "Twice", 1, &["Dana", "dana "]), Err(Rejection::DuplicateCandidate));
    assert_eq!(
        s.election(1, "Blank", 1, &["Dana", " "]),
        Err(Rejection::BadText { field: "candidate", max: 80 })
    );
    let twice =
        vec![s.member_candidate(2), Candidate { name: "T.".into(), member: Some(s.key(2)) }];
    assert_eq!(s.election_of(1, "Twice", 1, twice), Err(Rejection::DuplicateCandidate));
    let outsider = s.outsider();
    let stranger = Candidate { name: "Stranger".into(), member: Some(s.key(outsider)) };
    assert_eq!(s.election_of(1, "Key", 1, vec![stranger]), Err(Rejection::CandidateNotAMember));
    assert_eq!(s.state.digest(), before);

    let motion = election(&mut s);
    let resolution = s.motion(1, "Not an election").unwrap();
    let before = s.state.digest();
    assert_eq!(s.nominate(1, resolution, named("Dana")), Err(Rejection::NotAnElection));
    assert_eq!(s.nominate(1, motion, named("DANA")), Err(Rejection::DuplicateCandidate));
    assert_eq!(s.nominate(outsider, motion, named("Eve")), Err(Rejection::NotAMember));
    let ranked = Method::Ranked { rule: RankedRule::StvScottish, candidates: 4 };
    assert_eq!(s.open_with(0, resolution, ranked, (0, 1)), Err(Rejection::MethodDoesNotFit));
    assert_eq!(
        s.open(0, motion, (0, 1), Threshold::SimpleMajority),
        Err(Rejection::MethodDoesNotFit)
    );
    let stale = Method::Ranked { rule: RankedRule::StvScottish, candidates: 3 };
    assert_eq!(
        s.open_with(0, motion, stale, (0, 1)),
        Err(Rejection::CandidatesChanged { expected: 4, got: 3 })
    );
    assert_eq!(s.state.digest(), before);

    let ballot = s.open_election(0, motion, RankedRule::StvScottish, (0, 1)).unwrap();
    let yes_no = s.open(0, resolution, (0, 1), Threshold::SimpleMajority).unwrap();
    let before = s.state.digest();
    assert_eq!(s.nominate(1, motion, named("Late")), Err(Rejection::NominationsClosed));
    assert_eq!(s.rank(1, ballot, &[4]), Err(Rejection::BadRanking));
    assert_eq!(s.rank(1, ballot, &[1, 2, 1]), Err(Rejection::BadRanking));
    assert_eq!(s.vote(1, ballot, record::payload::Choice::Yes), Err(Rejection::WrongMark));
    assert_eq!(s.rank(1, yes_no, &[0]), Err(Rejection::WrongMark));
    assert_eq!(s.state.digest(), before);
}

#[test]
fn an_election_needs_as_many_candidates_as_seats_and_no_threshold() {
    let mut s = assembly();
    let motion = s.election(1, "Three delegates", 3, &["Dana", "Yerlan"]).unwrap();
    assert_eq!(
        s.open_election(0, motion, RankedRule::StvMeek, (0, 1)),
        Err(Rejection::TooFewCandidates { seats: 3, candidates: 2 })
    );
    s.nominate(2, motion, s.member_candidate(2)).unwrap();
    let open = record::payload::Payload::OpenBallot(record::payload::OpenBallot {
        motion,
        mode: record::payload::Mode::Open,
        method: Method::Ranked { rule: RankedRule::StvMeek, candidates: 3 },
        quorum: record::payload::Share { num: 0, den: 1 },
        threshold: Threshold::TwoThirds,
        closes_at: None,
    });
    assert_eq!(s.submit(0, open), Err(Rejection::OutOfRange { field: "threshold" }));
    assert!(s.open_election(0, motion, RankedRule::StvMeek, (0, 1)).is_ok());
}
