//! The key ceremony: honest runs, bad shares and the complaints that catch them, false
//! complaints, deals that break their commitment, and too few qualified dealers.

use ballot_crypto::dkg::{
    Absent, CommitError, DealError, Dismissed, Disqualified, DkgCommit, DkgDeal, DkgError,
    TrusteeSecret, conclude,
};
use ballot_crypto::encoding::DecodeError;
use ballot_crypto::proof::ProofError;
use ballot_crypto::simulate::simulate;
use ballot_crypto::{ElectionSetup, Point, ScalarBytes, verify_election};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use record::{Digest, PublicKey};

use crate::support::{mixed, rng, spec};

struct Run {
    setup: ElectionSetup,
    secrets: Vec<TrusteeSecret>,
    commits: Vec<DkgCommit>,
    deals: Vec<DkgDeal>,
}

fn run(n: u8, k: u32, seed: u8) -> Run {
    let setup = ElectionSetup {
        version: ballot_crypto::PROTOCOL_VERSION,
        election_id: Digest([seed; 32]),
        questions: mixed(),
        trustees: (1..=n).map(|i| PublicKey([i; 32])).collect(),
        threshold: k,
    };
    let mut r = rng(seed);
    let (secrets, commits): (Vec<_>, Vec<_>) =
        (1..=u32::from(n)).map(|t| TrusteeSecret::generate(&setup, t, &mut r).unwrap()).unzip();
    let deals = secrets.iter().map(|s| s.deal(&setup, &commits, &mut r).unwrap()).collect();
    Run { setup, secrets, commits, deals }
}

#[test]
fn an_honest_ceremony_gives_every_trustee_a_matching_share() {
    let run = run(5, 3, 1);
    let ceremony = conclude(&run.setup, &run.commits, &run.deals, &[]).unwrap();
    assert_eq!(ceremony.qualified, vec![1, 2, 3, 4, 5]);
    assert!(ceremony.disqualified.is_empty() && ceremony.dismissed.is_empty());
    assert!(ceremony.absent.is_empty());
    let expected: RistrettoPoint =
        run.deals.iter().map(|d| d.coefficients[0].decode().unwrap()).sum();
    assert_eq!(ceremony.public_key, Point::from_point(&expected));
    for s in &run.secrets {
        assert!(
            s.complaints(&run.setup, &run.commits, &run.deals, &mut rng(2)).unwrap().is_empty()
        );
        let (share, c) = s.key_share(&run.setup, &run.commits, &run.deals, &[]).unwrap();
        assert_eq!(share.trustee(), s.trustee());
        assert_eq!(c, ceremony);
    }
    // And a whole 3-of-5 election verifies.
    let sim = simulate(&spec(mixed(), 6, 5, 3), &mut rng(3));
    assert_eq!(verify_election(&sim.record).unwrap().decrypted_by, vec![1, 2, 3]);
}

#[test]
fn a_false_share_draws_a_complaint_that_disqualifies_its_dealer() {
    let mut run = run(4, 2, 4);
    // Dealer 1 sends trustee 2 a wrong share.
    let entry = run.deals[0].shares.iter_mut().find(|s| s.recipient == 2).unwrap();
    entry.masked = ScalarBytes::from_scalar(&(entry.masked.decode().unwrap() + Scalar::ONE));
    let complaints: Vec<_> = run
        .secrets
        .iter()
        .flat_map(|s| s.complaints(&run.setup, &run.commits, &run.deals, &mut rng(5)).unwrap())
        .collect();
    assert_eq!(complaints.len(), 1);
    assert_eq!((complaints[0].complainer, complaints[0].dealer), (2, 1));
    let ceremony = conclude(&run.setup, &run.commits, &run.deals, &complaints).unwrap();
    assert_eq!(ceremony.qualified, vec![2, 3, 4]);
    assert_eq!(ceremony.disqualified, vec![(1, Disqualified::Complaint { by: 2 })]);
    let expected: RistrettoPoint =
        run.deals[1..].iter().map(|d| d.coefficients[0].decode().unwrap()).sum();
    assert_eq!(ceremony.public_key, Point::from_point(&expected));
    // Every trustee, the wronged one included, still gets a share of the qualified dealers.
    for s in &run.secrets {
        s.key_share(&run.setup, &run.commits, &run.deals, &complaints).unwrap();
    }
    // Without the complaint, trustee 2 notices its share does not add up.
    assert_eq!(
        run.secrets[1].key_share(&run.setup, &run.commits, &run.deals, &[]).err(),
        Some(DkgError::ShareMismatch(2))
    );
}

#[test]
fn false_and_unproved_complaints_are_dismissed() {
    let run = run(3, 2, 6);
    // Trustee 3 is shown a tampered copy of dealer 2's deal, and complains in good faith; the
    // published deal is fine, so anyone unmasking the share sees the complaint is false.
    let mut tampered = run.deals.clone();
    let entry = tampered[1].shares.iter_mut().find(|s| s.recipient == 3).unwrap();
    entry.masked = ScalarBytes::from_scalar(&(entry.masked.decode().unwrap() + Scalar::ONE));
    let complaints =
        run.secrets[2].complaints(&run.setup, &run.commits, &tampered, &mut rng(7)).unwrap();
    assert_eq!(complaints.len(), 1);
    let ceremony = conclude(&run.setup, &run.commits, &run.deals, &complaints).unwrap();
    assert_eq!(ceremony.qualified, vec![1, 2, 3]);
    assert_eq!(ceremony.dismissed, vec![(3, 2, Dismissed::ShareIsValid)]);

    // A complaint whose Diffie–Hellman key is not proved proves nothing.
    let mut unproved = complaints[0].clone();
    unproved.shared_key = Point::from_point(&RistrettoPoint::mul_base(&Scalar::from(5u64)));
    let ceremony = conclude(&run.setup, &run.commits, &tampered, &[unproved]).unwrap();
    assert_eq!(ceremony.qualified, vec![1, 2, 3]);
    assert_eq!(ceremony.dismissed, vec![(3, 2, Dismissed::BadProof)]);

    // The same complaint twice is judged once.
    let twice = [complaints[0].clone(), complaints[0].clone()];
    let ceremony = conclude(&run.setup, &run.commits, &run.deals, &twice).unwrap();
    assert_eq!(ceremony.dismissed[1], (3, 2, Dismissed::Moot));
}

#[test]
fn a_deal_must_reveal_what_was_committed_and_prove_it() {
    let run = run(3, 2, 8);
    // Commit-then-reveal: a dealer who changes its polynomial after seeing the others' is out.
    let mut changed = run.deals.clone();
    changed[0].coefficients[0] = Point::from_point(&RistrettoPoint::mul_base(&Scalar::from(9u64)));
    let ceremony = conclude(&run.setup, &run.commits, &changed, &[]).unwrap();
    assert_eq!(
        ceremony.disqualified,
        vec![(1, Disqualified::InvalidDeal(DealError::CommitmentMismatch))]
    );
    // A proof of the constant term taken from another dealer does not hold for this one.
    let mut borrowed = run.deals.clone();
    borrowed[2].constant_proof = borrowed[1].constant_proof.clone();
    let ceremony = conclude(&run.setup, &run.commits, &borrowed, &[]).unwrap();
    assert_eq!(
        ceremony.disqualified,
        vec![(3, Disqualified::InvalidDeal(DealError::ConstantProof(ProofError::False)))]
    );
    // A share left out of a deal.
    let mut short = run.deals.clone();
    short[1].shares.pop();
    let ceremony = conclude(&run.setup, &run.commits, &short, &[]).unwrap();
    assert_eq!(ceremony.disqualified, vec![(2, Disqualified::InvalidDeal(DealError::Shape))]);
}

#[test]
fn too_few_dealers_stop_the_ceremony() {
    let run = run(3, 2, 9);
    let ceremony = conclude(&run.setup, &run.commits, &run.deals[..2], &[]).unwrap();
    assert_eq!(ceremony.disqualified, vec![(3, Disqualified::NoDeal)]);
    assert_eq!(
        conclude(&run.setup, &run.commits, &run.deals[..1], &[]),
        Err(DkgError::TooFewQualified { qualified: 1, threshold: 2 })
    );
    let mut twice = run.deals.clone();
    twice.push(run.deals[0].clone());
    assert_eq!(conclude(&run.setup, &run.commits, &twice, &[]), Err(DkgError::DuplicateMessage(1)));
}

#[test]
fn trustees_without_a_valid_commit_are_left_out_and_the_others_go_on() {
    let run = run(4, 2, 12);
    // Trustee 1 never commits; trustee 2's key is the identity; trustee 3 stole trustee 4's
    // proof. Only trustee 4 is left: fewer than k.
    let mut broken = run.commits[1..].to_vec();
    broken[0].encryption_key = Point([0; 32]);
    broken[1].encryption_key_proof = broken[2].encryption_key_proof.clone();
    assert_eq!(
        conclude(&run.setup, &broken, &[], &[]),
        Err(DkgError::TooFewCommitted { committed: 1, threshold: 2 })
    );

    // Trustee 1 never commits, trustee 2's commit is invalid: 3 and 4 hold the ceremony alone.
    let mut commits = run.commits[1..].to_vec();
    commits[0].encryption_key = Point([0; 32]);
    let mut r = rng(14);
    assert_eq!(
        run.secrets[0].deal(&run.setup, &commits, &mut r).err(),
        Some(DkgError::MissingCommit(1))
    );
    let deals: Vec<_> =
        run.secrets[2..].iter().map(|s| s.deal(&run.setup, &commits, &mut r).unwrap()).collect();
    // Shares go only to trustees who committed.
    assert_eq!(deals[0].shares.iter().map(|s| s.recipient).collect::<Vec<_>>(), vec![4]);
    let ceremony = conclude(&run.setup, &commits, &deals, &[]).unwrap();
    assert_eq!(ceremony.qualified, vec![3, 4]);
    assert_eq!(
        ceremony.absent,
        vec![
            (1, Absent::NoCommit),
            (2, Absent::InvalidCommit(CommitError::Key(DecodeError::Identity)))
        ]
    );
    // The old deals (shares for all four) no longer fit the committed set.
    let stale = conclude(&run.setup, &commits, &run.deals[2..], &[]);
    assert_eq!(stale, Err(DkgError::TooFewQualified { qualified: 0, threshold: 2 }));

    // Trustees 3 and 4 get their shares and decrypt an election together.
    let election = ballot_crypto::Election::new(run.setup.clone(), ceremony.public_key).unwrap();
    let voter = PublicKey([5; 32]);
    let (ballot, _) = ballot_crypto::Ballot::encrypt(
        &election,
        &voter,
        &[vec![true, false], vec![false, true, true, false]],
        &mut r,
    )
    .unwrap();
    let tally = ballot_crypto::EncryptedTally::compute(&election, [(&ballot, 2)]).unwrap();
    let partials: Vec<_> = run.secrets[2..]
        .iter()
        .map(|s| {
            let (share, _) = s.key_share(&run.setup, &commits, &deals, &[]).unwrap();
            share.partial_decrypt(&election, &tally, &mut r).unwrap()
        })
        .collect();
    let result = ballot_crypto::tally::combine(&election, &ceremony, &tally, &partials, 2).unwrap();
    assert_eq!(result.tally.questions, vec![vec![2, 0], vec![0, 2, 2, 0]]);
    // Absent trustees hold no share.
    assert_eq!(
        run.secrets[0].key_share(&run.setup, &commits, &deals, &[]).err(),
        Some(DkgError::MissingCommit(1))
    );
}

#[test]
fn a_trustee_secret_survives_the_key_vault() {
    let run = run(3, 2, 10);
    let bytes = run.secrets[1].to_bytes();
    let restored = TrusteeSecret::from_bytes(&bytes).unwrap();
    assert_eq!(restored.trustee(), 2);
    assert_eq!(*restored.to_bytes(), *bytes);
    let mut deals = run.deals.clone();
    deals[1] = restored.deal(&run.setup, &run.commits, &mut rng(11)).unwrap();
    assert_eq!(conclude(&run.setup, &run.commits, &deals, &[]).unwrap().qualified, vec![1, 2, 3]);
    assert!(TrusteeSecret::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    assert!(TrusteeSecret::from_bytes(&[0xff; 100]).is_err());
}
