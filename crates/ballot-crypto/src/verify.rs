//! Verification at scale: batches of ballots on every core, and a whole election at once.
//!
//! [`verify_ballots`] checks many ballots: they are cut into chunks, each chunk's proof
//! equations are checked by one multiscalar multiplication (the private `batch` module), and the chunks
//! are shared among the machine's cores (`std::thread::scope`; one thread where there are no
//! threads, as in the browser). Only when a chunk fails are its ballots checked one by one, to
//! name the first bad one.
//!
//! [`verify_election`] checks everything a record holds about one secret ballot, in order, and
//! names the first thing wrong: the setup, the key ceremony, the seal (the exact set of counted
//! ballots, by tracker, and their weights), every ballot's proofs, every partial decryption, and
//! the result.

use core::fmt;
use core::ops::Range;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use record::{Digest, PublicKey};
use serde::{Deserialize, Serialize};

use crate::PROTOCOL_VERSION;
use crate::ballot::{Ballot, BallotError, CastBallot, batch_seed, tracker_of_bytes};
use crate::batch::Equations;
use crate::dkg::{Ceremony, DkgCommit, DkgComplaint, DkgDeal, DkgError, conclude};
use crate::setup::{Election, ElectionSetup, SetupError};
use crate::tally::{
    CombineError, PartialDecryption, PartialError, Sums, Tally, add_weighted_points, combine,
};

/// Ballots per multiscalar multiplication: large enough for Pippenger's method to pay, small
/// enough that a failed chunk is cheap to search and both cores stay busy to the end.
pub const CHUNK: usize = 256;

/// The convenor's seal: the exact set of ballots counted, by tracker, with their weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    pub version: u16,
    /// The election's fingerprint.
    pub election: Digest,
    /// In strictly increasing order of tracker.
    pub ballots: Vec<SealedBallot>,
}

/// One counted ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedBallot {
    pub tracker: Digest,
    pub weight: u64,
}

/// Tag of the digest of a seal, by which the record names the exact set of counted ballots.
pub const SEAL_TAG: &[u8] = b"plenum/ballot/seal/v1\0";

impl Seal {
    /// `SHA-256(SEAL_TAG ‖ canonical bytes of the seal)`: what the record's seal event carries
    /// instead of the whole list, which may hold millions of ballots.
    #[must_use]
    pub fn digest(&self) -> Digest {
        use sha2::{Digest as _, Sha256};
        let mut hash = Sha256::new();
        hash.update(SEAL_TAG);
        hash.update(record::wire::to_bytes(self).expect("a seal holds no float or char"));
        Digest(hash.finalize().into())
    }

    /// The seal of `ballots` (sorted here).
    #[must_use]
    pub fn new(election: &Election, mut ballots: Vec<SealedBallot>) -> Self {
        ballots.sort_by_key(|b| b.tracker);
        Self { version: PROTOCOL_VERSION, election: *election.fingerprint(), ballots }
    }
}

/// A member of the electorate and the weight of their vote (1, or the number of members a
/// delegate casts for).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elector {
    pub voter: PublicKey,
    pub weight: u64,
}

/// Everything the record holds about one secret ballot, as the record layer extracts it.
/// `ballots` are the counted ballots: each voter's last ballot before the seal (the record
/// layer checks the signatures and the order); decoded, or read from their bytes a chunk at a
/// time (see [`Ballots`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionRecord<B = Vec<CastBallot>> {
    pub setup: ElectionSetup,
    pub commits: Vec<DkgCommit>,
    pub deals: Vec<DkgDeal>,
    pub complaints: Vec<DkgComplaint>,
    pub electorate: Vec<Elector>,
    pub ballots: B,
    pub seal: Seal,
    pub partials: Vec<PartialDecryption>,
    pub result: Tally,
}

/// Cast ballots as the verifier reads them: decoded (a slice or `Vec` of [`CastBallot`]), or in
/// their canonical bytes, decoded a chunk at a time as their proofs are checked, so that a
/// million of them are never all decoded at once (decoded, a ballot takes half as much again
/// as its bytes, in five allocations).
pub trait Ballots: Sync {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The member who cast ballot `index`: the key that signed the event carrying it, which
    /// its proofs must bind.
    fn voter(&self, index: usize) -> PublicKey;
    /// Ballot `index`.
    fn ballot(&self, index: usize) -> BallotRef<'_>;
}

/// One ballot as [`Ballots`] hold it.
#[derive(Debug, Clone)]
pub enum BallotRef<'a> {
    Decoded(&'a Ballot),
    /// Bytes that must be the canonical encoding of a ballot (else it fails verification with
    /// [`BallotError::Encoding`]).
    Encoded(Cow<'a, [u8]>),
}

impl BallotRef<'_> {
    /// The tracker: SHA-256 of the canonical bytes (a decoded ballot is encoded again).
    fn tracker(&self) -> Digest {
        match self {
            Self::Decoded(ballot) => ballot.tracker(),
            Self::Encoded(bytes) => tracker_of_bytes(bytes),
        }
    }

    fn decode(&self) -> Result<Cow<'_, Ballot>, BallotError> {
        match self {
            Self::Decoded(ballot) => Ok(Cow::Borrowed(*ballot)),
            // Strict decoding: bytes that decode are the canonical encoding of what they
            // decode to, so their tracker is that ballot's.
            Self::Encoded(bytes) => {
                Ballot::from_bytes(bytes).map(Cow::Owned).map_err(|_| BallotError::Encoding)
            }
        }
    }
}

impl Ballots for [CastBallot] {
    fn len(&self) -> usize {
        <[CastBallot]>::len(self)
    }
    fn voter(&self, index: usize) -> PublicKey {
        self[index].voter
    }
    fn ballot(&self, index: usize) -> BallotRef<'_> {
        BallotRef::Decoded(&self[index].ballot)
    }
}

impl Ballots for Vec<CastBallot> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn voter(&self, index: usize) -> PublicKey {
        self[index].voter
    }
    fn ballot(&self, index: usize) -> BallotRef<'_> {
        BallotRef::Decoded(&self[index].ballot)
    }
}

/// A verified election.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub tally: Tally,
    /// The weighted sum of the counted ballots that was decrypted.
    pub encrypted_tally: crate::tally::EncryptedTally,
    pub ceremony: Ceremony,
    /// Trustees whose partial decryptions were used.
    pub decrypted_by: Vec<u32>,
    /// Partial decryptions that were invalid, and left out.
    pub ignored_partials: Vec<(u32, PartialError)>,
    pub ballots: usize,
    pub total_weight: u64,
}

/// A ballot of a batch that does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BallotFailure {
    /// Its position in the batch.
    pub index: usize,
    pub error: BallotError,
}

/// The first thing wrong with an election record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Setup(SetupError),
    Ceremony(DkgError),
    /// The seal names another election, or another protocol version.
    SealForOtherElection,
    /// The seal lists a tracker twice or out of order.
    SealNotCanonical,
    /// A member is listed twice in the electorate.
    DuplicateElector(PublicKey),
    /// A ballot was cast by someone outside the electorate.
    NotAnElector(PublicKey),
    /// Two ballots of one voter are counted.
    TwoBallots(PublicKey),
    /// The same ballot is counted twice (a copy cast by another voter).
    DuplicateBallot(Digest),
    /// A counted ballot is not in the seal (added after it).
    BallotNotSealed(Digest),
    /// A sealed ballot is missing from the record (removed after the seal).
    SealedBallotMissing(Digest),
    /// The seal gives a ballot another weight than its voter has.
    WrongWeight {
        tracker: Digest,
        sealed: u64,
        electorate: u64,
    },
    /// A ballot's proofs do not verify.
    Ballot {
        voter: PublicKey,
        tracker: Digest,
        error: BallotError,
    },
    /// The total weight overflows.
    TotalWeight,
    /// The tally cannot be decrypted from the published partial decryptions.
    Decryption(CombineError),
    /// The published result is not the decrypted tally.
    ResultMismatch {
        computed: Tally,
        published: Tally,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Setup(e) => write!(f, "election setup: {e}"),
            Self::Ceremony(e) => write!(f, "key ceremony: {e}"),
            Self::SealForOtherElection => f.write_str("the seal is for another election"),
            Self::SealNotCanonical => f.write_str("the seal lists a ballot twice or out of order"),
            Self::DuplicateElector(k) => {
                write!(f, "member {} is twice in the electorate", k.short())
            }
            Self::NotAnElector(k) => {
                write!(f, "member {} voted but is not in the electorate", k.short())
            }
            Self::TwoBallots(k) => write!(f, "two ballots of member {} are counted", k.short()),
            Self::DuplicateBallot(t) => write!(f, "ballot {} is counted twice", t.short()),
            Self::BallotNotSealed(t) => {
                write!(f, "ballot {} is counted but not in the seal", t.short())
            }
            Self::SealedBallotMissing(t) => write!(f, "sealed ballot {} is missing", t.short()),
            Self::WrongWeight { tracker, sealed, electorate } => write!(
                f,
                "ballot {} is sealed with weight {sealed}, its voter has weight {electorate}",
                tracker.short()
            ),
            Self::Ballot { voter, tracker, error } => write!(
                f,
                "ballot {} of member {} is invalid: {error}",
                tracker.short(),
                voter.short()
            ),
            Self::TotalWeight => f.write_str("the total weight overflows"),
            Self::Decryption(e) => write!(f, "decryption: {e}"),
            Self::ResultMismatch { .. } => {
                f.write_str("the published result is not the decryption of the tally")
            }
        }
    }
}

impl std::error::Error for Failure {}

/// Verifies many ballots of one election, batched and on all cores.
///
/// # Errors
/// The first ballot (by position) that does not verify.
pub fn verify_ballots<B: Ballots + ?Sized>(
    election: &Election,
    ballots: &B,
) -> Result<(), BallotFailure> {
    let trackers = trackers(ballots);
    verify_and_sum(election, ballots, &trackers, None, &|_| {}).map(|_| ())
}

/// The trackers of `ballots`, computed on all cores.
#[must_use]
pub fn trackers<B: Ballots + ?Sized>(ballots: &B) -> Vec<Digest> {
    parallel_chunks(ballots.len(), 4 * CHUNK, |range| {
        range.map(|i| ballots.ballot(i).tracker()).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Verifies the ballots and, given their weights, adds them up.
fn verify_and_sum<B: Ballots + ?Sized>(
    election: &Election,
    ballots: &B,
    trackers: &[Digest],
    weights: Option<&[u64]>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Sums, BallotFailure> {
    let done = AtomicUsize::new(0);
    let results = parallel_chunks(ballots.len(), CHUNK, |range| {
        let len = range.len();
        let result = verify_chunk(election, ballots, trackers, weights, range);
        progress(done.fetch_add(len, Ordering::Relaxed) + len);
        result
    });
    let mut sums = Sums::zero(election);
    for result in results {
        sums.add(&result?);
    }
    Ok(sums)
}

fn verify_chunk<B: Ballots + ?Sized>(
    election: &Election,
    ballots: &B,
    trackers: &[Digest],
    weights: Option<&[u64]>,
    range: Range<usize>,
) -> Result<Sums, BallotFailure> {
    let voters: Vec<PublicKey> = range.clone().map(|i| ballots.voter(i)).collect();
    let seed_input: Vec<(&PublicKey, Digest)> =
        voters.iter().zip(&trackers[range.clone()]).map(|(v, t)| (v, *t)).collect();
    let mut eq = Equations::new(batch_seed(election, &seed_input), 24 * range.len());
    let mut sums = Sums::zero(election);
    let held: Vec<BallotRef<'_>> = range.clone().map(|i| ballots.ballot(i)).collect();
    let mut decoded = Vec::with_capacity(range.len());
    for ((i, voter), ballot) in range.clone().zip(&voters).zip(&held) {
        let ballot = ballot.decode().map_err(|error| BallotFailure { index: i, error })?;
        let ciphertexts = ballot
            .equations(election, voter, &mut eq)
            .map_err(|error| BallotFailure { index: i, error })?;
        if let Some(weights) = weights {
            add_weighted_points(&mut sums, &ciphertexts, weights[i])
                .expect("the ballot has the election's shape: its equations were made");
        }
        decoded.push(ballot);
    }
    if eq.vartime_holds(Some(election.key())) {
        return Ok(sums);
    }
    for ((i, voter), ballot) in range.zip(&voters).zip(&decoded) {
        if let Err(error) = ballot.verify(election, voter) {
            return Err(BallotFailure { index: i, error });
        }
    }
    // Every ballot verifies alone: the batch failed only by a 2^-128 accident of its weights.
    Ok(sums)
}

/// Runs `f` on consecutive ranges of at most `chunk` of `0..len`, on all cores, and returns the
/// results in order.
pub(crate) fn parallel_chunks<T: Send>(
    len: usize,
    chunk: usize,
    f: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    let chunks = len.div_ceil(chunk);
    let range = |c: usize| c * chunk..((c + 1) * chunk).min(len);
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(chunks);
    if threads <= 1 {
        return (0..chunks).map(|c| f(range(c))).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let c = next.fetch_add(1, Ordering::Relaxed);
                        if c >= chunks {
                            break mine;
                        }
                        mine.push((c, f(range(c))));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    results.sort_by_key(|r| r.0);
    results.into_iter().map(|r| r.1).collect()
}

/// Verifies a whole election and returns its result, or names the first thing wrong.
///
/// # Errors
/// See [`Failure`].
pub fn verify_election<B: Ballots>(record: &ElectionRecord<B>) -> Result<Verified, Failure> {
    verify_election_with_progress(record, &|_| {})
}

/// As [`verify_election`], calling `progress(ballots verified so far)` after each chunk of
/// ballots, from any thread (for the CLI's progress bar; a million ballots take a minute).
///
/// # Errors
/// See [`Failure`].
pub fn verify_election_with_progress<B: Ballots>(
    record: &ElectionRecord<B>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Verified, Failure> {
    record.setup.validate().map_err(Failure::Setup)?;
    let ceremony = conclude(&record.setup, &record.commits, &record.deals, &record.complaints)
        .map_err(Failure::Ceremony)?;
    let election =
        Election::new(record.setup.clone(), ceremony.public_key).map_err(Failure::Setup)?;

    let seal = &record.seal;
    if seal.version != PROTOCOL_VERSION || seal.election != *election.fingerprint() {
        return Err(Failure::SealForOtherElection);
    }
    if seal.ballots.windows(2).any(|w| w[0].tracker >= w[1].tracker) {
        return Err(Failure::SealNotCanonical);
    }
    let mut electorate = HashMap::with_capacity(record.electorate.len());
    for e in &record.electorate {
        if electorate.insert(e.voter, e.weight).is_some() {
            return Err(Failure::DuplicateElector(e.voter));
        }
    }

    let ballots = &record.ballots;
    let trackers = trackers(ballots);
    let mut voters = HashSet::with_capacity(ballots.len());
    let mut counted = HashSet::with_capacity(ballots.len());
    let mut weights = Vec::with_capacity(ballots.len());
    for (i, tracker) in trackers.iter().enumerate() {
        let voter = ballots.voter(i);
        let weight = *electorate.get(&voter).ok_or(Failure::NotAnElector(voter))?;
        if !voters.insert(voter) {
            return Err(Failure::TwoBallots(voter));
        }
        if !counted.insert(*tracker) {
            return Err(Failure::DuplicateBallot(*tracker));
        }
        let sealed = seal
            .ballots
            .binary_search_by_key(tracker, |b| b.tracker)
            .map(|i| seal.ballots[i])
            .map_err(|_| Failure::BallotNotSealed(*tracker))?;
        if sealed.weight != weight {
            return Err(Failure::WrongWeight {
                tracker: *tracker,
                sealed: sealed.weight,
                electorate: weight,
            });
        }
        weights.push(weight);
    }
    if seal.ballots.len() != ballots.len() {
        let present: HashSet<&Digest> = trackers.iter().collect();
        let missing = seal
            .ballots
            .iter()
            .find(|b| !present.contains(&b.tracker))
            .expect("the counted ballots are distinct and all sealed, so the seal has more");
        return Err(Failure::SealedBallotMissing(missing.tracker));
    }
    let total_weight =
        weights.iter().try_fold(0u64, |acc, w| acc.checked_add(*w)).ok_or(Failure::TotalWeight)?;

    let sums =
        verify_and_sum(&election, ballots, &trackers, Some(&weights), progress).map_err(|f| {
            Failure::Ballot {
                voter: ballots.voter(f.index),
                tracker: trackers[f.index],
                error: f.error,
            }
        })?;
    let tally = sums.to_tally();
    let combined = combine(&election, &ceremony, &tally, &record.partials, total_weight)
        .map_err(Failure::Decryption)?;
    if combined.tally != record.result {
        return Err(Failure::ResultMismatch {
            computed: combined.tally,
            published: record.result.clone(),
        });
    }
    Ok(Verified {
        encrypted_tally: tally,
        tally: combined.tally,
        ceremony,
        decrypted_by: combined.used,
        ignored_partials: combined.invalid,
        ballots: ballots.len(),
        total_weight,
    })
}
