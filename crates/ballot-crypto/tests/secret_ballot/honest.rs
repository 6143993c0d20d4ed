//! Honest elections verify, and give the count of the choices made.

use ballot_crypto::ballot::audit;
use ballot_crypto::simulate::{random_choices, simulate};
use ballot_crypto::tally::combine;
use ballot_crypto::{Ballot, EncryptedTally, verify_ballots, verify_election};
use record::PublicKey;

use crate::support::{mixed, rng, small, spec, yes_no_abstain};

/// The weighted count computed in the clear from the simulation's choices.
fn clear_count(sim: &ballot_crypto::simulate::Simulated) -> Vec<Vec<u64>> {
    let questions = &sim.record.setup.questions;
    let mut out: Vec<Vec<u64>> = questions.iter().map(|q| vec![0; q.answers as usize]).collect();
    for (choices, elector) in sim.choices.iter().zip(&sim.record.electorate) {
        for (row, ticks) in out.iter_mut().zip(choices) {
            for (n, t) in row.iter_mut().zip(ticks) {
                *n += u64::from(*t) * elector.weight;
            }
        }
    }
    out
}

#[test]
fn an_honest_election_verifies_and_counts_the_weighted_choices() {
    for (questions, trustees, threshold) in
        [(mixed(), 3, 2), (yes_no_abstain(), 1, 1), (mixed(), 4, 4)]
    {
        let sim = simulate(&spec(questions, 20, trustees, threshold), &mut rng(7));
        let verified = verify_election(&sim.record).expect("honest election");
        assert_eq!(verified.tally.questions, clear_count(&sim));
        assert_eq!(verified.ballots, 20);
        assert!(verified.ignored_partials.is_empty());
        assert_eq!(verified.decrypted_by.len(), threshold as usize);
    }
}

#[test]
fn any_k_of_n_trustees_decrypt_the_same_result() {
    let sim = small(3);
    let ceremony = ballot_crypto::dkg::conclude(
        &sim.record.setup,
        &sim.record.commits,
        &sim.record.deals,
        &sim.record.complaints,
    )
    .unwrap();
    let tally = EncryptedTally::compute(
        &sim.election,
        sim.record.ballots.iter().zip(&sim.record.electorate).map(|(b, e)| (&b.ballot, e.weight)),
    )
    .unwrap();
    let total = sim.record.electorate.iter().map(|e| e.weight).sum();
    for pair in [[0usize, 1], [0, 2], [1, 2]] {
        let partials: Vec<_> = pair.iter().map(|&i| sim.record.partials[i].clone()).collect();
        let combined = combine(&sim.election, &ceremony, &tally, &partials, total).unwrap();
        assert_eq!(combined.tally, sim.record.result);
        assert_eq!(combined.used, pair.iter().map(|i| *i as u32 + 1).collect::<Vec<_>>());
    }
    // One alone is not enough.
    let one = [sim.record.partials[1].clone()];
    assert!(combine(&sim.election, &ceremony, &tally, &one, total).is_err());
}

#[test]
fn batch_verification_accepts_what_single_verification_accepts() {
    let sim = small(4);
    verify_ballots(&sim.election, &sim.record.ballots).unwrap();
    for cast in &sim.record.ballots {
        cast.ballot.verify(&sim.election, &cast.voter).unwrap();
    }
}

#[test]
fn blank_votes_and_the_bounds_of_each_question() {
    let sim = small(5);
    let voter = PublicKey([9; 32]);
    let mut r = rng(6);
    // A blank first question is allowed (min 0), a blank second is not (min 1), nor 3 of 4.
    let blank_first = vec![vec![false, false], vec![true, false, false, false]];
    let (ballot, _) = Ballot::encrypt(&sim.election, &voter, &blank_first, &mut r).unwrap();
    ballot.verify(&sim.election, &voter).unwrap();
    let blank_second = vec![vec![true, false], vec![false; 4]];
    assert!(Ballot::encrypt(&sim.election, &voter, &blank_second, &mut r).is_err());
    let three = vec![vec![true, false], vec![true, true, true, false]];
    assert!(Ballot::encrypt(&sim.election, &voter, &three, &mut r).is_err());
}

#[test]
fn the_benaloh_audit_reveals_the_encrypted_choices() {
    let sim = small(8);
    let voter = PublicKey([1; 32]);
    let mut r = rng(9);
    for _ in 0..5 {
        let choices = random_choices(&sim.record.setup.questions, &mut r);
        let (ballot, secrets) = Ballot::encrypt(&sim.election, &voter, &choices, &mut r).unwrap();
        let reveal = secrets.reveal();
        assert_eq!(audit(&sim.election, &voter, &ballot, &reveal).unwrap(), choices);
    }
}

#[test]
fn trackers_are_the_hash_of_the_ballot_bytes() {
    let sim = small(10);
    let cast = &sim.record.ballots[0];
    let bytes = cast.ballot.to_bytes();
    assert_eq!(Ballot::from_bytes(&bytes).unwrap(), cast.ballot);
    assert_eq!(cast.ballot.tracker(), ballot_crypto::ballot::tracker_of_bytes(&bytes));
    let other = &sim.record.ballots[1];
    assert_ne!(cast.ballot.tracker(), other.ballot.tracker());
    assert!(sim.record.seal.ballots.iter().any(|b| b.tracker == cast.ballot.tracker()));
}

#[test]
fn batches_over_many_chunks_and_threads_name_the_first_bad_ballot() {
    use ballot_crypto::verify::{CHUNK, trackers};
    let questions = vec![ballot_crypto::Question { answers: 2, min: 0, max: 1 }];
    let sim = simulate(&spec(questions, 2 * CHUNK + 90, 2, 2), &mut rng(12));
    // Progress is reported after each chunk, from whichever thread verified it.
    let reports = std::sync::Mutex::new(Vec::new());
    let verified = ballot_crypto::verify::verify_election_with_progress(&sim.record, &|n| {
        reports.lock().unwrap().push(n);
    })
    .unwrap();
    assert_eq!(verified.ballots, 2 * CHUNK + 90);
    let mut reports = reports.into_inner().unwrap();
    reports.sort_unstable();
    assert_eq!(reports.len(), 3);
    assert_eq!(reports.last(), Some(&(2 * CHUNK + 90)));
    let expected: Vec<_> = sim.record.ballots.iter().map(|b| b.ballot.tracker()).collect();
    assert_eq!(trackers(&sim.record.ballots), expected);
    // Two bad ballots in different chunks: the first by position is named.
    let mut ballots = sim.record.ballots.clone();
    for i in [2 * CHUNK + 7, CHUNK + 3] {
        let voter = ballots[i - 1].voter;
        ballots[i].voter = voter;
    }
    let failure = verify_ballots(&sim.election, &ballots).unwrap_err();
    assert_eq!(failure.index, CHUNK + 3);
}

#[test]
fn an_audit_catches_randomness_that_does_not_open_the_ballot() {
    use ballot_crypto::ballot::AuditError;
    let sim = small(13);
    let voter = PublicKey([2; 32]);
    let mut r = rng(14);
    let choices = random_choices(&sim.record.setup.questions, &mut r);
    let (ballot, secrets) = Ballot::encrypt(&sim.election, &voter, &choices, &mut r).unwrap();
    let mut reveal = secrets.reveal();
    reveal.randomness[1].swap(0, 1);
    assert!(matches!(
        audit(&sim.election, &voter, &ballot, &reveal),
        Err(AuditError::Mismatch { question: 1, answer: 0 })
    ));
    reveal.randomness[1].pop();
    assert_eq!(audit(&sim.election, &voter, &ballot, &reveal), Err(AuditError::Shape));
}

/// Ballots in their bytes, decoded a chunk at a time as `plenum verify` reads a million.
struct Encoded(Vec<(PublicKey, Vec<u8>)>);

impl ballot_crypto::Ballots for Encoded {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn voter(&self, index: usize) -> PublicKey {
        self.0[index].0
    }
    fn ballot(&self, index: usize) -> ballot_crypto::BallotRef<'_> {
        ballot_crypto::BallotRef::Encoded(std::borrow::Cow::Borrowed(&self.0[index].1))
    }
}

#[test]
fn ballots_read_from_their_bytes_verify_as_decoded_ones() {
    use ballot_crypto::verify::{CHUNK, ElectionRecord};
    use ballot_crypto::{BallotError, Failure};
    let questions = vec![ballot_crypto::Question { answers: 3, min: 0, max: 2 }];
    let sim = simulate(&spec(questions, CHUNK + 40, 3, 2), &mut rng(15));
    let encode = |record: &ElectionRecord| {
        let ballots = record.ballots.iter().map(|b| (b.voter, b.ballot.to_bytes())).collect();
        ElectionRecord {
            setup: record.setup.clone(),
            commits: record.commits.clone(),
            deals: record.deals.clone(),
            complaints: record.complaints.clone(),
            electorate: record.electorate.clone(),
            ballots: Encoded(ballots),
            seal: record.seal.clone(),
            partials: record.partials.clone(),
            result: record.result.clone(),
        }
    };
    let verified = verify_election(&encode(&sim.record));
    assert!(verified.is_ok());
    assert_eq!(verified, verify_election(&sim.record));

    // Two voters' ballots swapped (each ballot's proofs bind its own voter): the same failure
    // either way.
    let mut swapped = sim.record.clone();
    let ballot = swapped.ballots[3].ballot.clone();
    swapped.ballots[3].ballot = std::mem::replace(&mut swapped.ballots[CHUNK + 4].ballot, ballot);
    for elector in &mut swapped.electorate {
        elector.weight = 1;
    }
    for sealed in &mut swapped.seal.ballots {
        sealed.weight = 1;
    }
    let failure = verify_election(&swapped).unwrap_err();
    assert!(matches!(failure, Failure::Ballot { .. }), "{failure:?}");
    assert_eq!(verify_election(&encode(&swapped)), Err(failure));

    // Bytes that are not a ballot, sealed as they are: refused as such.
    let mut bad = encode(&sim.record);
    let (voter, bytes) = &mut bad.ballots.0[CHUNK + 5];
    bytes.push(0);
    let tracker = ballot_crypto::ballot::tracker_of_bytes(bytes);
    let voter = *voter;
    for sealed in &mut bad.seal.ballots {
        if sealed.tracker == sim.record.ballots[CHUNK + 5].ballot.tracker() {
            sealed.tracker = tracker;
        }
    }
    bad.seal.ballots.sort_by_key(|b| b.tracker);
    assert_eq!(
        verify_election(&bad),
        Err(Failure::Ballot { voter, tracker, error: BallotError::Encoding })
    );
}
