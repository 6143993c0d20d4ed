//! Properties: honest ballots always verify, and no single changed byte of a ballot passes.

use ballot_crypto::ballot::audit;
use ballot_crypto::simulate::{Spec, random_choices, simulate};
use ballot_crypto::{Ballot, Question};
use proptest::prelude::*;
use record::{Digest, PublicKey};

use crate::support::{rng, small};

fn questions() -> impl Strategy<Value = Vec<Question>> {
    prop::collection::vec(
        (1u32..6).prop_flat_map(|answers| {
            (Just(answers), 0..=answers).prop_flat_map(|(answers, max)| {
                (0..=max).prop_map(move |min| Question { answers, min, max })
            })
        }),
        1..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn honest_ballots_always_verify(questions in questions(), seed: u8, voter: [u8; 32]) {
        let spec = Spec {
            election_id: Digest([seed; 32]),
            questions: questions.clone(),
            voters: 0,
            trustees: 2,
            threshold: 1,
            max_weight: 1,
        };
        let mut r = rng(seed);
        let election = simulate(&spec, &mut r).election;
        let voter = PublicKey(voter);
        let choices = random_choices(&questions, &mut r);
        let (ballot, secrets) = Ballot::encrypt(&election, &voter, &choices, &mut r).unwrap();
        prop_assert_eq!(ballot.verify(&election, &voter), Ok(()));
        let decoded = Ballot::from_bytes(&ballot.to_bytes()).unwrap();
        prop_assert_eq!(&decoded, &ballot);
        prop_assert_eq!(audit(&election, &voter, &ballot, &secrets.reveal()).unwrap(), choices);
    }

    #[test]
    fn a_changed_byte_never_passes(position: prop::sample::Index, mask in 1u8..=255) {
        let sim = small(40);
        let cast = &sim.record.ballots[0];
        let mut bytes = cast.ballot.to_bytes();
        let i = position.index(bytes.len());
        bytes[i] ^= mask;
        if let Ok(ballot) = Ballot::from_bytes(&bytes) {
            prop_assert!(ballot.verify(&sim.election, &cast.voter).is_err(), "byte {i} ^ {mask:#x}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whole elections of every small shape (questions, voters, weights, n and k) verify and
    /// give the weighted count of the choices made.
    #[test]
    fn honest_elections_count_what_was_chosen(
        questions in questions(),
        voters in 0usize..7,
        (trustees, threshold) in (1u32..5).prop_flat_map(|n| (Just(n), 1..=n)),
        max_weight in 1u64..5,
        seed: u8,
    ) {
        let spec = Spec {
            election_id: Digest([seed; 32]),
            questions: questions.clone(),
            voters,
            trustees,
            threshold,
            max_weight,
        };
        let sim = simulate(&spec, &mut rng(seed));
        let verified = ballot_crypto::verify_election(&sim.record).unwrap();
        let mut expected: Vec<Vec<u64>> =
            questions.iter().map(|q| vec![0; q.answers as usize]).collect();
        for (choices, elector) in sim.choices.iter().zip(&sim.record.electorate) {
            for (row, ticks) in expected.iter_mut().zip(choices) {
                for (n, t) in row.iter_mut().zip(ticks) {
                    *n += u64::from(*t) * elector.weight;
                }
            }
        }
        prop_assert_eq!(verified.tally.questions, expected);
        prop_assert_eq!(verified.decrypted_by.len(), threshold as usize);
    }
}

/// Every bit of every byte of one ballot, exhaustively.
#[test]
fn every_flipped_bit_of_a_ballot_is_refused() {
    let sim = small(41);
    let cast = &sim.record.ballots[3];
    let bytes = cast.ballot.to_bytes();
    let mut decoded = 0;
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut changed = bytes.clone();
            changed[i] ^= 1 << bit;
            if let Ok(ballot) = Ballot::from_bytes(&changed) {
                decoded += 1;
                assert!(ballot.verify(&sim.election, &cast.voter).is_err(), "byte {i} bit {bit}");
            }
        }
    }
    // Most changes decode (they hit points and scalars) and are caught by the proofs.
    assert!(decoded > bytes.len() * 6, "{decoded} of {} decoded", bytes.len() * 8);
}
