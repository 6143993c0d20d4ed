//! Every attack of issue 4, each refused with a clear reason or making `verify_election` fail
//! and name what is wrong. (The over-vote hidden in ciphertexts needs a lying device, built
//! inside the crate: `ballot::tests::over_votes_hidden_in_the_ciphertexts_are_refused`.)

use ballot_crypto::ballot::BallotError;
use ballot_crypto::encoding::DecodeError;
use ballot_crypto::proof::ProofError;
use ballot_crypto::simulate::{Simulated, simulate};
use ballot_crypto::tally::{CombineError, PartialError};
use ballot_crypto::verify::{Elector, SealedBallot};
use ballot_crypto::{Ballot, CastBallot, Failure, Point, ScalarBytes, verify_election};
use curve25519_dalek::scalar::Scalar;
use record::{Digest, PublicKey};

use crate::support::{mixed, rng, small, spec};

fn first_ballot(sim: &Simulated) -> (PublicKey, Ballot) {
    let cast = &sim.record.ballots[0];
    (cast.voter, cast.ballot.clone())
}

/// What `verify_election` says about the record after `change`.
fn failure_after(
    sim: &Simulated,
    change: impl FnOnce(&mut ballot_crypto::ElectionRecord),
) -> Failure {
    let mut record = sim.record.clone();
    change(&mut record);
    verify_election(&record).expect_err("the attack must be detected")
}

#[test]
fn a_ballot_with_a_false_proof() {
    let sim = small(20);
    let (voter, mut ballot) = first_ballot(&sim);
    // A response changed by one, still a canonical scalar: the proof is false.
    let response = &mut ballot.questions[1].choices[2].proof.branches[0].response;
    *response = ScalarBytes::from_scalar(&(response.decode().unwrap() + Scalar::ONE));
    let expected = BallotError::ChoiceProof { question: 1, answer: 2, error: ProofError::False };
    assert_eq!(ballot.verify(&sim.election, &voter), Err(expected));

    let tracker = ballot.tracker();
    let failure = failure_after(&sim, |r| {
        r.ballots[0].ballot = ballot.clone();
        let i =
            r.seal.ballots.iter().position(|b| b.tracker == sim.record.ballots[0].ballot.tracker());
        r.seal.ballots[i.unwrap()].tracker = tracker;
        r.seal.ballots.sort_by_key(|b| b.tracker);
    });
    assert_eq!(failure, Failure::Ballot { voter, tracker, error: expected });

    // The overall proof too.
    let (voter, mut ballot) = first_ballot(&sim);
    ballot.questions[0].overall.branches.swap(0, 1);
    assert_eq!(
        ballot.verify(&sim.election, &voter),
        Err(BallotError::OverallProof { question: 0, error: ProofError::False })
    );
}

#[test]
fn a_ballot_for_another_election() {
    let sim = small(21);
    let other = simulate(&spec(mixed(), 2, 3, 2), &mut rng(99));
    let (voter, ballot) = first_ballot(&other);
    assert_eq!(ballot.verify(&sim.election, &voter), Err(BallotError::OtherElection));
    // Relabelled with this election's fingerprint, its proofs still speak of the other one.
    let mut relabelled = ballot;
    relabelled.election = *sim.election.fingerprint();
    assert!(matches!(
        relabelled.verify(&sim.election, &voter),
        Err(BallotError::ChoiceProof { question: 0, answer: 0, error: ProofError::False })
    ));
}

#[test]
fn a_copy_of_another_voters_ballot() {
    let sim = small(22);
    // Mallory is in the electorate; she takes Alice's ballot and signs it as hers.
    let (alice, ballot) = first_ballot(&sim);
    let mallory = sim.record.ballots[1].voter;
    assert_ne!(alice, mallory);
    assert!(matches!(
        ballot.verify(&sim.election, &mallory),
        Err(BallotError::ChoiceProof { question: 0, answer: 0, error: ProofError::False })
    ));
    // In the record, the copy replaces Mallory's own ballot (and the seal lists it).
    let failure = failure_after(&sim, |r| {
        let own = r.ballots[1].ballot.tracker();
        r.ballots[1].ballot = ballot.clone();
        r.seal.ballots.retain(|b| b.tracker != own);
    });
    // The copy has the same tracker as Alice's ballot: it is counted twice.
    assert_eq!(failure, Failure::DuplicateBallot(ballot.tracker()));
    // Even when Alice's ballot is not counted (so the tracker is unique), the proof fails.
    let failure = failure_after(&sim, |r| {
        let own = r.ballots[1].ballot.tracker();
        r.ballots[1].ballot = ballot.clone();
        r.ballots.remove(0);
        r.seal.ballots.retain(|b| b.tracker != own);
        let alice_weight = r.electorate.iter().find(|e| e.voter == alice).unwrap().weight;
        let mallory_weight = r.electorate.iter().find(|e| e.voter == mallory).unwrap().weight;
        let entry = r.seal.ballots.iter_mut().find(|b| b.tracker == ballot.tracker()).unwrap();
        assert_eq!(entry.weight, alice_weight);
        entry.weight = mallory_weight;
    });
    assert_eq!(
        failure,
        Failure::Ballot {
            voter: mallory,
            tracker: ballot.tracker(),
            error: BallotError::ChoiceProof { question: 0, answer: 0, error: ProofError::False },
        }
    );
}

#[test]
fn non_canonical_and_identity_points_and_scalars() {
    let sim = small(23);
    let (voter, ballot) = first_ballot(&sim);
    let at = |question, answer, error| BallotError::Ciphertext { question, answer, error };

    let mut identity = ballot.clone();
    identity.questions[0].choices[1].ciphertext.alpha = Point([0; 32]);
    assert_eq!(identity.verify(&sim.election, &voter), Err(at(0, 1, DecodeError::Identity)));

    let mut high_bit = ballot.clone();
    high_bit.questions[1].choices[0].ciphertext.beta.0[31] |= 0x80;
    assert_eq!(high_bit.verify(&sim.election, &voter), Err(at(1, 0, DecodeError::NotAPoint)));

    // An unreduced scalar: the response plus ℓ, same value mod ℓ, different bytes.
    let mut unreduced = ballot.clone();
    let response = &mut unreduced.questions[0].choices[0].proof.branches[1].response;
    response.0 = add_ell(&response.0);
    assert_eq!(
        unreduced.verify(&sim.election, &voter),
        Err(BallotError::ChoiceProof {
            question: 0,
            answer: 0,
            error: ProofError::Malformed(DecodeError::NotAScalar)
        })
    );

    // A non-canonical point in a proof commitment.
    let mut commitment = ballot;
    commitment.questions[0].overall.branches[0].commitment_h.0 = [0xff; 32];
    assert_eq!(
        commitment.verify(&sim.election, &voter),
        Err(BallotError::OverallProof {
            question: 0,
            error: ProofError::Malformed(DecodeError::NotAPoint)
        })
    );
}

/// `s + ℓ` as 32 little-endian bytes (when it fits, which it does for the top bits of s below
/// 2^252 + ... : ℓ < 2^253, so s + ℓ < 2^254).
fn add_ell(s: &[u8; 32]) -> [u8; 32] {
    const ELL: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(s[i]) + u16::from(ELL[i]) + carry;
        out[i] = sum as u8;
        carry = sum >> 8;
    }
    out
}

#[test]
fn a_wrong_weight() {
    let sim = small(24);
    let tracker = sim.record.seal.ballots[3].tracker;
    let true_weight = sim.record.seal.ballots[3].weight;
    // The convenor seals a ballot with more weight than its voter has.
    let failure = failure_after(&sim, |r| r.seal.ballots[3].weight += 1);
    assert_eq!(
        failure,
        Failure::WrongWeight { tracker, sealed: true_weight + 1, electorate: true_weight }
    );
    // The electorate and the seal both changed after the trustees decrypted: the tally the
    // verifier computes is not the one decrypted, so no partial decryption is valid.
    let failure = failure_after(&sim, |r| {
        let voter = r.ballots.iter().find(|b| b.ballot.tracker() == tracker).unwrap().voter;
        r.electorate.iter_mut().find(|e| e.voter == voter).unwrap().weight += 1;
        r.seal.ballots[3].weight += 1;
    });
    assert!(
        matches!(
            &failure,
            Failure::Decryption(CombineError::TooFewValid { valid: 0, invalid, .. })
                if invalid.iter().all(|(_, e)| *e == PartialError::OtherTally)
        ),
        "{failure:?}"
    );
}

#[test]
fn a_trustee_share_with_a_false_proof() {
    let sim = small(25);
    // Trustee 2's first factor is shifted by G: its proof no longer holds. With 2 of 3, the
    // share is shown and ignored, and the result stands.
    let mut record = sim.record.clone();
    let factor = &mut record.partials[1].factors[0][0].factor;
    let shifted = factor.decode().unwrap() + curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
    *factor = Point::from_point(&shifted);
    let verified = verify_election(&record).expect("2 valid shares of 3 suffice");
    assert_eq!(verified.tally, sim.record.result);
    assert_eq!(
        verified.ignored_partials,
        vec![(2, PartialError::Proof { question: 0, answer: 0, error: ProofError::False })]
    );
    assert_eq!(verified.decrypted_by, vec![1, 3]);
    // With a second one bad, only one valid share is left: decryption fails, naming both.
    record.partials[2].factors[1][3].proof.response =
        record.partials[0].factors[1][3].proof.response;
    let failure = verify_election(&record).unwrap_err();
    assert!(
        matches!(&failure, Failure::Decryption(CombineError::TooFewValid { valid: 1, invalid, .. }) if invalid.len() == 2),
        "{failure:?}"
    );
}

#[test]
fn duplicate_and_misdirected_partial_decryptions_are_left_out() {
    let sim = small(32);
    // Trustee 1 publishes twice, and trustee 3 decrypts another tally: 2 of 3 still decrypt.
    let mut record = sim.record.clone();
    record.partials.insert(1, record.partials[0].clone());
    record.partials[3].tally = Digest([1; 32]);
    let verified = verify_election(&record).unwrap();
    assert_eq!(verified.tally, sim.record.result);
    assert_eq!(
        verified.ignored_partials,
        vec![(1, PartialError::Duplicate), (3, PartialError::OtherTally)]
    );
    // A partial decryption claiming to be from a trustee who does not exist.
    record.partials[2].trustee = 9;
    let failure = verify_election(&record).unwrap_err();
    assert!(
        matches!(&failure, Failure::Decryption(CombineError::TooFewValid { valid: 1, invalid, .. })
            if invalid.contains(&(9, PartialError::Trustee(9)))),
        "{failure:?}"
    );
}

#[test]
fn a_false_result() {
    let sim = small(26);
    let failure = failure_after(&sim, |r| r.result.questions[1][0] += 1);
    assert!(matches!(failure, Failure::ResultMismatch { .. }));
}

#[test]
fn a_ballot_added_after_the_seal() {
    let sim = small(27);
    // A new elector votes after the seal: the ballot is valid, but not sealed.
    let latecomer = PublicKey([0x77; 32]);
    let choices = vec![vec![true, false], vec![false, true, false, false]];
    let (ballot, _) = Ballot::encrypt(&sim.election, &latecomer, &choices, &mut rng(28)).unwrap();
    let tracker = ballot.tracker();
    let failure = failure_after(&sim, |r| {
        r.electorate.push(Elector { voter: latecomer, weight: 1 });
        r.ballots.push(CastBallot { voter: latecomer, ballot: ballot.clone() });
    });
    assert_eq!(failure, Failure::BallotNotSealed(tracker));
    // A voter's second ballot after the seal, counted in place of the sealed one, is not
    // sealed either.
    let voter = sim.record.ballots[2].voter;
    let (second, _) = Ballot::encrypt(&sim.election, &voter, &choices, &mut rng(29)).unwrap();
    let failure = failure_after(&sim, |r| r.ballots[2].ballot = second.clone());
    assert_eq!(failure, Failure::BallotNotSealed(second.tracker()));
    // And counting both is refused outright.
    let failure =
        failure_after(&sim, |r| r.ballots.push(CastBallot { voter, ballot: second.clone() }));
    assert_eq!(failure, Failure::TwoBallots(voter));
}

#[test]
fn a_ballot_removed_from_the_sealed_set() {
    let sim = small(30);
    let removed = sim.record.ballots[5].ballot.tracker();
    let failure = failure_after(&sim, |r| {
        r.ballots.remove(5);
    });
    assert_eq!(failure, Failure::SealedBallotMissing(removed));
}

#[test]
fn seals_and_electorates_that_do_not_fit() {
    let sim = small(31);
    let failure = failure_after(&sim, |r| r.seal.election = Digest([0; 32]));
    assert_eq!(failure, Failure::SealForOtherElection);
    let failure = failure_after(&sim, |r| r.seal.ballots.swap(0, 1));
    assert_eq!(failure, Failure::SealNotCanonical);
    let failure = failure_after(&sim, |r| {
        let dup: SealedBallot = r.seal.ballots[0];
        r.seal.ballots.insert(0, dup);
    });
    assert_eq!(failure, Failure::SealNotCanonical);
    let outsider = sim.record.ballots[0].voter;
    let failure = failure_after(&sim, |r| r.electorate.retain(|e| e.voter != outsider));
    assert_eq!(failure, Failure::NotAnElector(outsider));
    let failure = failure_after(&sim, |r| {
        let twice = r.electorate[0];
        r.electorate.push(twice);
    });
    assert_eq!(failure, Failure::DuplicateElector(sim.record.electorate[0].voter));
}
