//! Complete simulated elections: a key ceremony, N random valid ballots, the seal, the partial
//! decryptions and the result — for tests, demos, benchmarks and `plenum election simulate`.
//!
//! Pure like the rest of the crate: the caller gives the random generator. Ballots are made on
//! all cores, each chunk with its own generator seeded in order from the caller's, so a seeded
//! simulation gives the same bytes on any machine.

use rand_core::{CryptoRng, SeedableRng};
use record::{Digest, PublicKey};

use crate::PROTOCOL_VERSION;
use crate::ballot::{Ballot, CastBallot};
use crate::dkg::{DkgComplaint, KeyShare, TrusteeSecret, conclude};
use crate::setup::{Election, ElectionSetup, Question};
use crate::tally::{EncryptedTally, combine};
use crate::verify::{CHUNK, ElectionRecord, Elector, Seal, SealedBallot, parallel_chunks};

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub election_id: Digest,
    pub questions: Vec<Question>,
    pub voters: usize,
    pub trustees: u32,
    pub threshold: u32,
    /// Each voter's weight is drawn in `1..=max_weight` (1: one member, one vote).
    pub max_weight: u64,
}

/// A simulated election, and the secrets behind it.
pub struct Simulated {
    pub record: ElectionRecord,
    pub election: Election,
    pub key_shares: Vec<KeyShare>,
    /// Every voter's choices, in the order of `record.ballots`.
    pub choices: Vec<Vec<Vec<bool>>>,
}

/// Runs a whole election on random choices.
///
/// # Panics
/// When the spec is not a valid election (no question, a threshold above the trustees).
pub fn simulate<R: CryptoRng + SeedableRng + Send>(spec: &Spec, rng: &mut R) -> Simulated {
    let mut bytes32 = || {
        let mut b = [0u8; 32];
        rng.fill_bytes(&mut b);
        b
    };
    let setup = ElectionSetup {
        version: PROTOCOL_VERSION,
        election_id: spec.election_id,
        questions: spec.questions.clone(),
        trustees: (0..spec.trustees).map(|_| PublicKey(bytes32())).collect(),
        threshold: spec.threshold,
    };
    let voters: Vec<PublicKey> = (0..spec.voters).map(|_| PublicKey(bytes32())).collect();

    let mut secrets = Vec::new();
    let mut commits = Vec::new();
    for t in 1..=spec.trustees {
        let (secret, commit) = TrusteeSecret::generate(&setup, t, rng).expect("a valid spec");
        secrets.push(secret);
        commits.push(commit);
    }
    let deals: Vec<_> =
        secrets.iter().map(|s| s.deal(&setup, &commits, rng).expect("all committed")).collect();
    let complaints: Vec<DkgComplaint> = secrets
        .iter()
        .flat_map(|s| s.complaints(&setup, &commits, &deals, rng).expect("all committed"))
        .collect();
    let key_shares: Vec<KeyShare> = secrets
        .iter()
        .map(|s| s.key_share(&setup, &commits, &deals, &complaints).expect("honest trustees").0)
        .collect();
    let ceremony = conclude(&setup, &commits, &deals, &complaints).expect("honest trustees");
    let election = Election::new(setup.clone(), ceremony.public_key).expect("a valid key");

    let chunks = spec.voters.div_ceil(CHUNK);
    let chunk_rngs: Vec<std::sync::Mutex<R>> =
        (0..chunks).map(|_| std::sync::Mutex::new(R::from_rng(rng))).collect();
    let made = parallel_chunks(spec.voters, CHUNK, |range| {
        let mut chunk_rng = chunk_rngs[range.start / CHUNK].lock().expect("one user per chunk");
        range
            .map(|i| {
                let choices = random_choices(&spec.questions, &mut *chunk_rng);
                let weight = 1 + chunk_rng.next_u64() % spec.max_weight.max(1);
                let (ballot, _secrets) =
                    Ballot::encrypt(&election, &voters[i], &choices, &mut *chunk_rng)
                        .expect("random choices fit the questions");
                (CastBallot { voter: voters[i], ballot }, choices, weight)
            })
            .collect::<Vec<_>>()
    });
    let mut ballots = Vec::with_capacity(spec.voters);
    let mut choices = Vec::with_capacity(spec.voters);
    let mut electorate = Vec::with_capacity(spec.voters);
    for (cast, choice, weight) in made.into_iter().flatten() {
        electorate.push(Elector { voter: cast.voter, weight });
        choices.push(choice);
        ballots.push(cast);
    }
    let trackers = crate::verify::trackers(&ballots);
    let seal = Seal::new(
        &election,
        trackers
            .iter()
            .zip(&electorate)
            .map(|(t, e)| SealedBallot { tracker: *t, weight: e.weight })
            .collect(),
    );
    let tally = EncryptedTally::compute(
        &election,
        ballots.iter().zip(&electorate).map(|(b, e)| (&b.ballot, e.weight)),
    )
    .expect("fresh ballots decode");
    let partials: Vec<_> = key_shares
        .iter()
        .map(|k| k.partial_decrypt(&election, &tally, rng).expect("fresh tally decodes"))
        .collect();
    let total: u64 = electorate.iter().map(|e| e.weight).sum();
    let result = combine(&election, &ceremony, &tally, &partials, total)
        .expect("honest partial decryptions")
        .tally;
    let record = ElectionRecord {
        setup,
        commits,
        deals,
        complaints,
        electorate,
        ballots,
        seal,
        partials,
        result,
    };
    Simulated { record, election, key_shares, choices }
}

/// Random choices within every question's bounds.
pub fn random_choices<R: CryptoRng + ?Sized>(
    questions: &[Question],
    rng: &mut R,
) -> Vec<Vec<bool>> {
    questions
        .iter()
        .map(|q| {
            let span = u64::from(q.max - q.min) + 1;
            let count = q.min + u32::try_from(rng.next_u64() % span).expect("below max");
            let mut ticks = vec![false; q.answers as usize];
            let mut left = count;
            while left > 0 {
                let i = (rng.next_u64() % u64::from(q.answers)) as usize;
                if !ticks[i] {
                    ticks[i] = true;
                    left -= 1;
                }
            }
            ticks
        })
        .collect()
}
