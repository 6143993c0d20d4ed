//! Secret ballots in the record: the trustees' key ceremony, encrypted ballots, the seal and
//! the decryption, as events whose order and authorship the rules enforce.
//!
//! The cryptography is `ballot-crypto`'s; this module decides who may publish which message
//! when (`docs/record.md`, section 4.2):
//!
//! 1. A convenor opens a ballot in [`Mode::Secret`], naming trustees among the members and a
//!    threshold k. The electorate is fixed then, as for every ballot.
//! 2. The key ceremony: each trustee commits, then deals, then checks the shares it received
//!    (complaining about wrong ones). Each step ends by itself once every trustee taking part
//!    has done it, or when a convenor ends it ([`CeremonyStep`]) without those who have not.
//!    Deals come only after the commits are closed, complaints only after the deals and until
//!    the ceremony concludes. At the end, [`ballot_crypto::dkg::conclude`] gives the election
//!    key — computed by every node and every verifier from the same messages.
//! 3. Members vote with [`Mark::Encrypted`] ballots; the last ballot of each voter counts.
//! 4. A convenor seals: the seal names the exact set of counted ballots by the digest of their
//!    trackers and weights, and carries their weighted sum, the encrypted tally. Nothing can
//!    be cast after it.
//! 5. Trustees publish partial decryptions of that tally with proofs; with k valid ones the
//!    result is computed, here, by `ballot_crypto::tally::combine`.
//!
//! Design decision: the fold checks everything that is cheap — order, authorship, shapes, the
//! election each message is for, the seal's digest, the trustees' proofs — but not the proofs
//! of each ballot, which cost a tenth of a millisecond each and would make every re-fold of a
//! large ballot slow. A ballot's proofs are checked like its signature: where it enters a node
//! ([`check_ballot`], on the submitter's thread, before the node's single writer), and in
//! batches by `plenum verify`, which checks a whole election with
//! [`ballot_crypto::verify_election`]. The cost: a record assembled by hand around a ballot
//! with a false proof folds, and `plenum verify` is what names it.
//!
//! Like every rule, these judge an event where the canonical order places it. A ballot cast
//! on a node cut off from the convenor's, and placed before the seal by its claimed time,
//! makes the seal disagree with the record: the seal is then ignored, and a convenor seals
//! again.

use ballot_crypto::dkg::{Ceremony, DkgCommit, DkgComplaint, DkgDeal, conclude};
use ballot_crypto::tally::{EncryptedTally, PartialDecryption, Tally, combine, verify_partial};
use ballot_crypto::verify::{Seal as CryptoSeal, SealedBallot};
use ballot_crypto::{
    Ballot as CryptoBallot, BallotError, DecodeError, Election, ElectionSetup, Point, Question,
};
use imbl::OrdMap;
use record::payload::{
    Blob, Ceremony as CeremonyPayload, CeremonyStep, Decrypt, DkgCheck, DkgCommit as CommitPayload,
    DkgDeal as DealPayload, Method, Seal, Trustees,
};
use record::{Digest, Event, EventId, PublicKey};
use serde::Serialize;

use crate::rejection::{Power, Rejection};
use crate::state::{Assembly, Ballot, BallotMode, Closure};

/// A secret ballot's own state: its trustees, its key ceremony, its ballots, its seal, its
/// decryption and its result.
#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    pub trustees: Vec<PublicKey>,
    pub threshold: u32,
    /// The fingerprint of the election's setup, which every ballot and proof names.
    pub fingerprint: Digest,
    pub phase: Phase,
    pub commits: Vec<Step<DkgCommit>>,
    /// The trustees taking part: those who committed when the commits closed.
    pub taking_part: Vec<u32>,
    pub deals: Vec<Step<DkgDeal>>,
    pub checks: Vec<Step<Vec<DkgComplaint>>>,
    pub key: Option<Key>,
    /// Each voter's last ballot.
    pub casts: OrdMap<PublicKey, Cast>,
    pub seal: Option<Sealed>,
    pub partials: Vec<Step<PartialDecryption>>,
    pub result: Option<Tally>,
    /// The election, ready for checking ballots (derived from the key: not part of the digest).
    #[serde(skip)]
    pub election: Option<Election>,
}

/// Where a secret ballot's key ceremony stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Phase {
    Commit,
    Deal,
    Check,
    /// The election key exists: members may vote.
    Ready,
    /// The ceremony could not give a key (too few trustees took part or dealt correctly);
    /// a convenor may open a new ballot on the motion.
    Failed(String),
}

/// A trustee's message, with the event that published it.
#[derive(Debug, Clone, Serialize)]
pub struct Step<T> {
    pub trustee: u32,
    pub event: EventId,
    pub message: T,
}

/// The outcome of the key ceremony.
#[derive(Debug, Clone, Serialize)]
pub struct Key {
    pub public_key: Point,
    /// Trustee j's verification key at index j − 1.
    pub verification_keys: Vec<Point>,
    pub qualified: Vec<u32>,
    pub absent: Vec<u32>,
    pub disqualified: Vec<u32>,
}

/// A voter's last ballot: its event and tracker.
#[derive(Debug, Clone, Serialize)]
pub struct Cast {
    pub event: EventId,
    pub tracker: Digest,
    pub time: u64,
    /// How many times the voter cast a new ballot.
    pub changes: u32,
}

/// The seal, as the record holds it.
#[derive(Debug, Clone, Serialize)]
pub struct Sealed {
    pub event: EventId,
    pub by: PublicKey,
    pub at: u64,
    pub ballots: u64,
    pub weight: u64,
    pub digest: Digest,
    pub tally: EncryptedTally,
}

/// One counted ballot: who cast it, by which event, its tracker and its weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub voter: PublicKey,
    pub event: EventId,
    pub tracker: Digest,
    pub weight: u64,
}

/// A trustee's step that is due: what its device should publish next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Commit,
    Deal,
    Check,
    /// Its share of the decryption of the sealed tally.
    Decrypt,
}

impl Due {
    /// The step's stable name (`commit`, `deal`, `check`, `decrypt`), for pages and messages.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Commit => "commit",
            Self::Deal => "deal",
            Self::Check => "check",
            Self::Decrypt => "decrypt",
        }
    }
}

/// Why no step is due for a member now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    /// The member is not one of the ballot's trustees.
    NotATrustee,
    /// The trustee has done the ceremony's current step; the others have not all done it.
    Waiting(Due),
    /// The ceremony went on without this trustee (it had not committed when a convenor closed
    /// the commits): it holds no share of the key.
    Out,
    /// The ceremony failed: a convenor may open a new ballot.
    Failed,
    /// The key is made and members vote: decryption comes after a convenor seals.
    NotSealed,
    /// The trustee's partial decryption is recorded: nothing is left for it to do.
    Decrypted,
}

impl Idle {
    /// The reason's stable name, for messages.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::NotATrustee => "not-a-trustee",
            Self::Waiting(_) => "waiting",
            Self::Out => "out",
            Self::Failed => "failed",
            Self::NotSealed => "not-sealed",
            Self::Decrypted => "decrypted",
        }
    }
}

/// Why a trustee's message cannot be made from the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError {
    NotSecret,
    /// A decryption before the seal.
    NotSealed,
    /// The trustee's device cannot make the message from this key and these messages.
    Crypto(ballot_crypto::trustee::StepError),
}

impl std::fmt::Display for StepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotSecret => f.write_str("not a secret ballot"),
            Self::NotSealed => f.write_str("the ballot box is not sealed"),
            Self::Crypto(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StepError {}

/// The questions of a secret ballot with this method: yes/no with a blank ballot as an
/// abstention (2 boxes, at most one ticked), or at most `max` of the candidates.
#[must_use]
pub fn questions(method: Method) -> Option<Vec<Question>> {
    match method {
        Method::YesNoAbstain => Some(vec![Question { answers: 2, min: 0, max: 1 }]),
        Method::Choose { candidates, max } => {
            Some(vec![Question { answers: u32::from(candidates), min: 0, max: u32::from(max) }])
        }
        Method::Ranked { .. } => None,
    }
}

impl Secret {
    fn new(setup: &ElectionSetup, trustees: Trustees) -> Self {
        Self {
            trustees: trustees.trustees,
            threshold: trustees.threshold,
            fingerprint: setup.fingerprint(),
            phase: Phase::Commit,
            commits: Vec::new(),
            taking_part: Vec::new(),
            deals: Vec::new(),
            checks: Vec::new(),
            key: None,
            casts: OrdMap::new(),
            seal: None,
            partials: Vec::new(),
            result: None,
            election: None,
        }
    }

    /// The trustee number (from 1) of `key`, if it is a trustee.
    #[must_use]
    pub fn trustee_number(&self, key: &PublicKey) -> Option<u32> {
        let i = self.trustees.iter().position(|t| t == key)?;
        u32::try_from(i + 1).ok()
    }

    /// The ceremony's outcome in the form `ballot-crypto` takes.
    #[must_use]
    pub fn ceremony(&self) -> Option<Ceremony> {
        let key = self.key.as_ref()?;
        Some(Ceremony {
            public_key: key.public_key,
            verification_keys: key.verification_keys.clone(),
            qualified: key.qualified.clone(),
            absent: Vec::new(),
            disqualified: Vec::new(),
            dismissed: Vec::new(),
        })
    }

    /// Every complaint published, in order.
    #[must_use]
    pub fn complaints(&self) -> Vec<DkgComplaint> {
        self.checks.iter().flat_map(|c| c.message.iter().cloned()).collect()
    }

    /// The commits, deals of those taking part, in the order `ballot-crypto` takes them.
    #[must_use]
    pub fn commit_messages(&self) -> Vec<DkgCommit> {
        self.commits.iter().map(|c| c.message.clone()).collect()
    }

    #[must_use]
    pub fn deal_messages(&self) -> Vec<DkgDeal> {
        self.deals.iter().map(|d| d.message.clone()).collect()
    }

    /// Whether `trustee` has published its message of the current ceremony step.
    #[must_use]
    pub fn has_done(&self, trustee: u32) -> bool {
        let done = |steps: &[u32]| steps.contains(&trustee);
        match self.phase {
            Phase::Commit => done(&self.commits.iter().map(|s| s.trustee).collect::<Vec<_>>()),
            Phase::Deal => done(&self.deals.iter().map(|s| s.trustee).collect::<Vec<_>>()),
            Phase::Check => done(&self.checks.iter().map(|s| s.trustee).collect::<Vec<_>>()),
            Phase::Ready | Phase::Failed(_) => true,
        }
    }

    /// Valid partial decryptions so far.
    #[must_use]
    pub fn decrypted_by(&self) -> Vec<u32> {
        self.partials.iter().map(|p| p.trustee).collect()
    }

    /// The step due now for trustee number `trustee`, or why there is none. The same answer
    /// drives the trustee's button on the motion's page and `plenum trustee step`.
    ///
    /// # Errors
    /// Why nothing is due.
    pub fn due(&self, trustee: u32) -> Result<Due, Idle> {
        if trustee == 0 || trustee as usize > self.trustees.len() {
            return Err(Idle::NotATrustee);
        }
        let taking_part = self.taking_part.is_empty() || self.taking_part.contains(&trustee);
        let step = match self.phase {
            Phase::Commit => Due::Commit,
            Phase::Deal | Phase::Check | Phase::Ready if !taking_part => return Err(Idle::Out),
            Phase::Deal => Due::Deal,
            Phase::Check => Due::Check,
            Phase::Failed(_) => return Err(Idle::Failed),
            Phase::Ready if self.seal.is_none() => return Err(Idle::NotSealed),
            Phase::Ready if self.decrypted_by().contains(&trustee) => {
                return Err(Idle::Decrypted);
            }
            Phase::Ready => return Ok(Due::Decrypt),
        };
        if self.has_done(trustee) { Err(Idle::Waiting(step)) } else { Ok(step) }
    }

    /// As [`Secret::due`], for a member key: its trustee number with the step due.
    ///
    /// # Errors
    /// Why nothing is due, [`Idle::NotATrustee`] for a key that is not a trustee's.
    pub fn due_for(&self, key: &PublicKey) -> Result<(u32, Due), Idle> {
        let trustee = self.trustee_number(key).ok_or(Idle::NotATrustee)?;
        self.due(trustee).map(|step| (trustee, step))
    }
}

/// A secret election's decrypted result: each candidate on the ballot paper with the weight
/// that chose them, most first (ties in the order of the paper), and whether they fill one of
/// the seats. `None` until the result is decrypted, or if the ballot is not a secret election.
#[must_use]
pub fn chosen(a: &Assembly, ballot: &EventId) -> Option<Vec<(String, u64, bool)>> {
    let b = a.ballots.get(ballot)?;
    let Method::Choose { candidates, .. } = b.method else { return None };
    let result = b.secret()?.result.as_ref()?;
    let m = a.motions.get(&b.motion)?;
    let counts = result.questions.first()?;
    let mut rows: Vec<(String, u64, bool)> = m
        .candidates()
        .iter()
        .take(usize::from(candidates))
        .zip(counts)
        .map(|(c, n)| (c.name.clone(), *n, false))
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    let seats = usize::from(m.seats().unwrap_or(1));
    for row in rows.iter_mut().take(seats) {
        row.2 = true;
    }
    Some(rows)
}

/// The setup of a secret ballot: what its fingerprint covers.
#[must_use]
pub fn setup_of(ballot: &Ballot) -> Option<ElectionSetup> {
    let BallotMode::Secret(secret) = &ballot.mode else { return None };
    Some(ElectionSetup {
        version: ballot_crypto::PROTOCOL_VERSION,
        election_id: Digest(ballot.id.0),
        questions: questions(ballot.method)?,
        trustees: secret.trustees.clone(),
        threshold: secret.threshold,
    })
}

/// Trustee number `trustee` of the secret ballot `ballot`, holding the member key `seed`,
/// makes its message of `step` from what the record holds, as an event's payload to sign.
/// The step is not checked against [`Secret::due`]: the rules judge the event. Proofs draw on
/// `rng` (the caller's: this crate has no randomness of its own).
///
/// # Errors
/// When the ballot is not secret, a decryption comes before the seal, or the key cannot make
/// the message.
pub fn trustee_payload<R: rand_core::CryptoRng + ?Sized>(
    ballot: &Ballot,
    trustee: u32,
    step: Due,
    seed: &[u8; 32],
    rng: &mut R,
) -> Result<record::Payload, StepError> {
    use ballot_crypto::trustee::{Message, Task, take_step};
    let secret = ballot.secret().ok_or(StepError::NotSecret)?;
    let setup = setup_of(ballot).ok_or(StepError::NotSecret)?;
    let (commits, deals, complaints) =
        (secret.commit_messages(), secret.deal_messages(), secret.complaints());
    let task = match step {
        Due::Commit => Task::Commit,
        Due::Deal => Task::Deal { commits: &commits },
        Due::Check => Task::Check { commits: &commits, deals: &deals },
        Due::Decrypt => {
            let (Some(seal), Some(election)) = (&secret.seal, &secret.election) else {
                return Err(StepError::NotSealed);
            };
            Task::Decrypt {
                commits: &commits,
                deals: &deals,
                complaints: &complaints,
                election,
                tally: &seal.tally,
            }
        }
    };
    let message = take_step(&setup, trustee, seed, task, rng).map_err(StepError::Crypto)?;
    let (id, blob) = (ballot.id, Blob(message.to_bytes()));
    Ok(match message {
        Message::Commit(_) => {
            record::Payload::DkgCommit(CommitPayload { ballot: id, commit: blob })
        }
        Message::Deal(_) => record::Payload::DkgDeal(DealPayload { ballot: id, deal: blob }),
        Message::Check(_) => record::Payload::DkgCheck(DkgCheck { ballot: id, complaints: blob }),
        Message::Decrypt(_) => record::Payload::Decrypt(Decrypt { ballot: id, partial: blob }),
    })
}

/// The counted ballots of a secret ballot as the record holds them now: each voter's last,
/// with the electorate's weight, in the order of the voters' keys.
#[must_use]
pub fn counted(ballot: &Ballot) -> Vec<Counted> {
    let BallotMode::Secret(secret) = &ballot.mode else { return Vec::new() };
    secret
        .casts
        .iter()
        .map(|(voter, cast)| Counted {
            voter: *voter,
            event: cast.event,
            tracker: cast.tracker,
            weight: ballot.electorate.get(voter).copied().unwrap_or(0),
        })
        .collect()
}

/// The `ballot-crypto` seal of `counted` ballots of the election with `fingerprint`.
#[must_use]
pub fn crypto_seal(fingerprint: &Digest, counted: &[Counted]) -> CryptoSeal {
    let mut ballots: Vec<SealedBallot> =
        counted.iter().map(|c| SealedBallot { tracker: c.tracker, weight: c.weight }).collect();
    ballots.sort_by_key(|b| b.tracker);
    CryptoSeal { version: ballot_crypto::PROTOCOL_VERSION, election: *fingerprint, ballots }
}

/// What a convenor's seal must say of a ballot whose counted ballots are `counted`, given the
/// encrypted bytes of each (in the same order): the payload to sign.
///
/// # Errors
/// When a ballot cannot be read or its ciphertexts do not decode (it was never checked).
pub fn seal_payload<'a>(
    ballot: &Ballot,
    counted: &[Counted],
    ballots: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Seal, Rejection> {
    let BallotMode::Secret(secret) = &ballot.mode else { return Err(Rejection::NotSecret) };
    let election = secret.election.as_ref().ok_or(Rejection::CeremonyNotReady)?;
    let decoded: Vec<CryptoBallot> = ballots
        .into_iter()
        .map(|bytes| CryptoBallot::from_bytes(bytes).map_err(|_| Rejection::BallotUnreadable))
        .collect::<Result<_, _>>()?;
    let tally =
        EncryptedTally::compute(election, decoded.iter().zip(counted).map(|(b, c)| (b, c.weight)))
            .map_err(|_| Rejection::BallotUnreadable)?;
    let weight = counted.iter().map(|c| c.weight).sum();
    Ok(Seal {
        ballot: ballot.id,
        ballots: counted.len() as u64,
        weight,
        digest: crypto_seal(&secret.fingerprint, counted).digest(),
        tally: Blob(record::wire::to_bytes(&tally).expect("a tally holds no float or char")),
    })
}

/// Checks the proofs of an encrypted ballot against the election of `state`, as cast by the
/// event's author: what a node does where a ballot enters it, before its writer.
///
/// Events that are not encrypted ballots, and ballots whose election is not ready in `state`
/// (the rules refuse them anyway), pass.
///
/// # Errors
/// The first thing wrong with the ballot.
pub fn check_ballot(state: &Assembly, event: &Event) -> Result<(), Rejection> {
    if event.kind() != record::Kind::Vote as u16 {
        return Ok(());
    }
    let Ok(record::Payload::Vote(vote)) = crate::apply::payload(event) else { return Ok(()) };
    let record::payload::Mark::Encrypted(blob) = vote.mark else { return Ok(()) };
    let Some(ballot) = state.ballots.get(&vote.ballot) else { return Ok(()) };
    let BallotMode::Secret(secret) = &ballot.mode else { return Ok(()) };
    let Some(election) = &secret.election else { return Ok(()) };
    let decoded = CryptoBallot::from_bytes(&blob.0).map_err(|_| Rejection::BallotUnreadable)?;
    decoded.verify(election, &event.author()).map_err(ballot_rejection)
}

/// The rejection for a ballot that does not verify.
#[must_use]
pub fn ballot_rejection(error: BallotError) -> Rejection {
    match error {
        BallotError::OtherElection => Rejection::BallotOtherElection,
        BallotError::Version(_) | BallotError::Shape | BallotError::Encoding => {
            Rejection::BallotUnreadable
        }
        BallotError::Ciphertext { error: DecodeError::Identity, .. } => Rejection::BallotBadPoint,
        BallotError::Ciphertext { .. } => Rejection::BallotBadPoint,
        BallotError::ChoiceProof { .. } | BallotError::OverallProof { .. } => {
            Rejection::BallotBadProof
        }
    }
}

/// Decodes a message of the protocol carried in a blob, strictly.
fn decode<T: serde::de::DeserializeOwned>(blob: &Blob) -> Result<T, Rejection> {
    record::wire::from_bytes(&blob.0).map_err(|_| Rejection::SecretMessageUnreadable)
}

impl Assembly {
    /// The secret ballot `id`, mutably, for a trustee or convenor's step.
    fn secret_mut(&mut self, id: &EventId) -> Result<(&mut Ballot, ElectionSetup), Rejection> {
        let ballot = self.ballots.get_mut(id).ok_or(Rejection::UnknownBallot)?;
        let setup = setup_of(ballot).ok_or(Rejection::NotSecret)?;
        Ok((ballot, setup))
    }

    /// The trustee number of the event's author in a secret ballot.
    fn trustee_of(&self, id: &EventId, event: &Event) -> Result<u32, Rejection> {
        let ballot = self.ballots.get(id).ok_or(Rejection::UnknownBallot)?;
        let BallotMode::Secret(secret) = &ballot.mode else { return Err(Rejection::NotSecret) };
        secret.trustee_number(&event.author()).ok_or(Rejection::NotATrustee)
    }

    /// The mode of a ballot a convenor opens: checks the trustees.
    pub(crate) fn secret_mode(
        &self,
        id: EventId,
        method: Method,
        trustees: Trustees,
    ) -> Result<BallotMode, Rejection> {
        let questions = questions(method).ok_or(Rejection::MethodDoesNotFit)?;
        if trustees.trustees.iter().any(|t| !self.members.contains_key(t)) {
            return Err(Rejection::BadTrustees);
        }
        let setup = ElectionSetup {
            version: ballot_crypto::PROTOCOL_VERSION,
            election_id: Digest(id.0),
            questions,
            trustees: trustees.trustees.clone(),
            threshold: trustees.threshold,
        };
        setup.validate().map_err(|_| Rejection::BadTrustees)?;
        Ok(BallotMode::Secret(Box::new(Secret::new(&setup, trustees))))
    }

    pub(crate) fn apply_dkg_commit(
        &mut self,
        event: &Event,
        p: CommitPayload,
    ) -> Result<(), Rejection> {
        let trustee = self.trustee_of(&p.ballot, event)?;
        let (ballot, setup) = self.secret_mut(&p.ballot)?;
        let BallotMode::Secret(secret) = &mut ballot.mode else { return Err(Rejection::NotSecret) };
        if secret.phase != Phase::Commit {
            return Err(Rejection::CeremonyStepOver);
        }
        let commit: DkgCommit = decode(&p.commit)?;
        if commit.trustee != trustee {
            return Err(Rejection::NotATrustee);
        }
        if secret.commits.iter().any(|c| c.trustee == trustee) {
            return Err(Rejection::AlreadyDone);
        }
        secret.commits.push(Step { trustee, event: event.id(), message: commit });
        if secret.commits.len() == setup.trustees.len() {
            secret.taking_part = secret.commits.iter().map(|c| c.trustee).collect();
            secret.taking_part.sort_unstable();
            secret.phase = Phase::Deal;
        }
        Ok(())
    }

    pub(crate) fn apply_dkg_deal(
        &mut self,
        event: &Event,
        p: DealPayload,
    ) -> Result<(), Rejection> {
        let trustee = self.trustee_of(&p.ballot, event)?;
        let (ballot, _) = self.secret_mut(&p.ballot)?;
        let BallotMode::Secret(secret) = &mut ballot.mode else { return Err(Rejection::NotSecret) };
        if secret.phase == Phase::Commit {
            return Err(Rejection::CeremonyStepNotYet);
        }
        if secret.phase != Phase::Deal {
            return Err(Rejection::CeremonyStepOver);
        }
        if !secret.taking_part.contains(&trustee) {
            return Err(Rejection::NotATrustee);
        }
        let deal: DkgDeal = decode(&p.deal)?;
        if deal.trustee != trustee {
            return Err(Rejection::NotATrustee);
        }
        if secret.deals.iter().any(|d| d.trustee == trustee) {
            return Err(Rejection::AlreadyDone);
        }
        secret.deals.push(Step { trustee, event: event.id(), message: deal });
        if secret.deals.len() == secret.taking_part.len() {
            secret.phase = Phase::Check;
        }
        Ok(())
    }

    pub(crate) fn apply_dkg_check(&mut self, event: &Event, p: DkgCheck) -> Result<(), Rejection> {
        let trustee = self.trustee_of(&p.ballot, event)?;
        let (ballot, setup) = self.secret_mut(&p.ballot)?;
        let BallotMode::Secret(secret) = &mut ballot.mode else { return Err(Rejection::NotSecret) };
        if matches!(secret.phase, Phase::Commit | Phase::Deal) {
            return Err(Rejection::CeremonyStepNotYet);
        }
        if secret.phase != Phase::Check {
            return Err(Rejection::CeremonyStepOver);
        }
        if !secret.taking_part.contains(&trustee) {
            return Err(Rejection::NotATrustee);
        }
        let complaints: Vec<DkgComplaint> = decode(&p.complaints)?;
        if complaints.iter().any(|c| c.complainer != trustee) {
            return Err(Rejection::NotATrustee);
        }
        if secret.checks.iter().any(|c| c.trustee == trustee) {
            return Err(Rejection::AlreadyDone);
        }
        secret.checks.push(Step { trustee, event: event.id(), message: complaints });
        if secret.checks.len() == secret.taking_part.len() {
            conclude_ceremony(secret, &setup);
        }
        Ok(())
    }

    pub(crate) fn apply_ceremony(
        &mut self,
        event: &Event,
        p: CeremonyPayload,
    ) -> Result<(), Rejection> {
        self.require_convenor(event)?;
        let (ballot, setup) = self.secret_mut(&p.ballot)?;
        let BallotMode::Secret(secret) = &mut ballot.mode else { return Err(Rejection::NotSecret) };
        match (p.step, &secret.phase) {
            (CeremonyStep::CloseCommits, Phase::Commit) => {
                if secret.commits.len() < setup.threshold as usize {
                    return Err(Rejection::TooFewTrustees);
                }
                secret.taking_part = secret.commits.iter().map(|c| c.trustee).collect();
                secret.taking_part.sort_unstable();
                secret.phase = Phase::Deal;
            }
            (CeremonyStep::CloseDeals, Phase::Deal) => {
                if secret.deals.len() < setup.threshold as usize {
                    return Err(Rejection::TooFewTrustees);
                }
                secret.phase = Phase::Check;
            }
            (CeremonyStep::Conclude, Phase::Check) => conclude_ceremony(secret, &setup),
            (_, Phase::Ready | Phase::Failed(_)) => return Err(Rejection::CeremonyStepOver),
            (step, phase) => {
                let ordinal = |s: CeremonyStep| s as u8;
                let current = match phase {
                    Phase::Commit => 0,
                    Phase::Deal => 1,
                    _ => 2,
                };
                return Err(if ordinal(step) > current {
                    Rejection::CeremonyStepNotYet
                } else {
                    Rejection::CeremonyStepOver
                });
            }
        }
        Ok(())
    }

    /// A voter's encrypted ballot, after the common checks of a vote (electorate, open).
    pub(crate) fn cast_secret(
        ballot: &mut Ballot,
        event: &Event,
        blob: &Blob,
    ) -> Result<(), Rejection> {
        let BallotMode::Secret(secret) = &mut ballot.mode else { return Err(Rejection::WrongMark) };
        if secret.phase != Phase::Ready {
            return Err(Rejection::CeremonyNotReady);
        }
        let decoded = CryptoBallot::from_bytes(&blob.0).map_err(|_| Rejection::BallotUnreadable)?;
        if decoded.version != ballot_crypto::PROTOCOL_VERSION
            || decoded.election != secret.fingerprint
        {
            return Err(Rejection::BallotOtherElection);
        }
        let questions = questions(ballot.method).ok_or(Rejection::WrongMark)?;
        let fits = decoded.questions.len() == questions.len()
            && decoded.questions.iter().zip(&questions).all(|(b, q)| {
                b.choices.len() == q.answers as usize
                    && b.choices.iter().all(|c| c.proof.branches.len() == 2)
                    && b.overall.branches.len() == (q.max - q.min + 1) as usize
            });
        if !fits {
            return Err(Rejection::BallotUnreadable);
        }
        let tracker = ballot_crypto::ballot::tracker_of_bytes(&blob.0);
        let changes = secret.casts.get(&event.author()).map_or(0, |c| c.changes + 1);
        secret.casts.insert(
            event.author(),
            Cast { event: event.id(), tracker, time: event.time(), changes },
        );
        Ok(())
    }

    pub(crate) fn apply_seal(&mut self, event: &Event, p: Seal) -> Result<(), Rejection> {
        self.require_convenor(event)?;
        let (ballot, _) = self.secret_mut(&p.ballot)?;
        let counted = counted(ballot);
        let BallotMode::Secret(secret) = &mut ballot.mode else { return Err(Rejection::NotSecret) };
        if secret.phase != Phase::Ready {
            return Err(Rejection::CeremonyNotReady);
        }
        if secret.seal.is_some() {
            return Err(Rejection::AlreadySealed);
        }
        let election = secret.election.as_ref().ok_or(Rejection::CeremonyNotReady)?;
        let tally: EncryptedTally = decode(&p.tally)?;
        let shape = &election.setup().questions;
        let fits = tally.questions.len() == shape.len()
            && tally.questions.iter().zip(shape).all(|(t, q)| t.len() == q.answers as usize);
        let weight: u64 = counted.iter().map(|c| c.weight).sum();
        if !fits
            || p.ballots != counted.len() as u64
            || p.weight != weight
            || p.digest != crypto_seal(&secret.fingerprint, &counted).digest()
        {
            return Err(Rejection::SealMismatch);
        }
        secret.seal = Some(Sealed {
            event: event.id(),
            by: event.author(),
            at: event.time(),
            ballots: p.ballots,
            weight: p.weight,
            digest: p.digest,
            tally,
        });
        if ballot.closed.is_none() {
            ballot.closed =
                Some(Closure { by: event.author(), at: event.time(), event: event.id() });
        }
        Ok(())
    }

    pub(crate) fn apply_decrypt(&mut self, event: &Event, p: Decrypt) -> Result<(), Rejection> {
        let trustee = self.trustee_of(&p.ballot, event)?;
        let (ballot, _) = self.secret_mut(&p.ballot)?;
        let BallotMode::Secret(secret) = &mut ballot.mode else { return Err(Rejection::NotSecret) };
        let (Some(seal), Some(election), Some(ceremony)) =
            (&secret.seal, &secret.election, secret.ceremony())
        else {
            return Err(Rejection::NotSealed);
        };
        let partial: PartialDecryption = decode(&p.partial)?;
        if partial.trustee != trustee {
            return Err(Rejection::NotATrustee);
        }
        if secret.partials.iter().any(|d| d.trustee == trustee) {
            return Err(Rejection::AlreadyDone);
        }
        verify_partial(election, &ceremony, &seal.tally, &seal.tally.digest(), &partial)
            .map_err(|_| Rejection::BadPartialDecryption)?;
        let (weight, tally) = (seal.weight, seal.tally.clone());
        secret.partials.push(Step { trustee, event: event.id(), message: partial });
        if secret.result.is_none() && secret.partials.len() >= secret.threshold as usize {
            let partials: Vec<PartialDecryption> =
                secret.partials.iter().map(|p| p.message.clone()).collect();
            // Every partial decryption here verified: only a count out of bounds (impossible
            // for a tally of checked ballots) leaves the result undecided.
            if let Ok(combined) = combine(election, &ceremony, &tally, &partials, weight) {
                secret.result = Some(combined.tally);
            }
        }
        Ok(())
    }

    fn require_convenor(&self, event: &Event) -> Result<(), Rejection> {
        if !self.members.contains_key(&event.author()) {
            return Err(Rejection::NotAMember);
        }
        if !self.holds(&event.author(), Power::Convene) {
            return Err(Rejection::NoPower(Power::Convene));
        }
        Ok(())
    }
}

/// Ends the ceremony: the election key from the published messages, or why there is none.
fn conclude_ceremony(secret: &mut Secret, setup: &ElectionSetup) {
    let commits = secret.commit_messages();
    let deals = secret.deal_messages();
    let complaints = secret.complaints();
    match conclude(setup, &commits, &deals, &complaints) {
        Ok(ceremony) => match Election::new(setup.clone(), ceremony.public_key) {
            Ok(election) => {
                secret.key = Some(Key {
                    public_key: ceremony.public_key,
                    verification_keys: ceremony.verification_keys,
                    qualified: ceremony.qualified,
                    absent: ceremony.absent.iter().map(|a| a.0).collect(),
                    disqualified: ceremony.disqualified.iter().map(|d| d.0).collect(),
                });
                secret.election = Some(election);
                secret.phase = Phase::Ready;
            }
            Err(_) => secret.phase = Phase::Failed("bad-key".into()),
        },
        Err(e) => {
            let code = match e {
                ballot_crypto::dkg::DkgError::TooFewCommitted { .. } => "too-few-committed",
                ballot_crypto::dkg::DkgError::TooFewQualified { .. } => "too-few-qualified",
                _ => "invalid",
            };
            secret.phase = Phase::Failed(code.into());
        }
    }
}

/// What a trustee's device checks before it decrypts the total of `ballot` in `ledger`: that
/// the seal names exactly the record's counted ballots, that each of them proves its choices
/// for its own voter, and that the sealed encrypted tally is their weighted sum. A trustee who
/// decrypted any other ciphertext — one voter's ballot presented as the total, or a ballot
/// scaled up inside it — could reveal how people voted; the node checks the same at its door,
/// but a trustee trusts no node.
///
/// # Errors
/// What is wrong with the sealed ballot box.
pub fn check_sealed_box(ledger: &crate::Ledger, ballot: &EventId) -> Result<(), Rejection> {
    let b = ledger.state().ballots.get(ballot).ok_or(Rejection::UnknownBallot)?;
    let BallotMode::Secret(secret) = &b.mode else { return Err(Rejection::NotSecret) };
    let election = secret.election.as_ref().ok_or(Rejection::CeremonyNotReady)?;
    let seal = secret.seal.as_ref().ok_or(Rejection::NotSealed)?;
    let counted = counted(b);
    if crypto_seal(&secret.fingerprint, &counted).digest() != seal.digest {
        return Err(Rejection::SealMismatch);
    }
    let blobs: Vec<Vec<u8>> = counted
        .iter()
        .map(|c| match ledger.get(&c.event).map(crate::apply::payload) {
            Some(Ok(record::Payload::Vote(record::payload::Vote {
                mark: record::payload::Mark::Encrypted(blob),
                ..
            }))) => Ok(blob.0),
            _ => Err(Rejection::BallotUnreadable),
        })
        .collect::<Result<_, _>>()?;
    let cast: Vec<ballot_crypto::CastBallot> = counted
        .iter()
        .zip(&blobs)
        .map(|(c, bytes)| {
            CryptoBallot::from_bytes(bytes)
                .map(|ballot| ballot_crypto::CastBallot { voter: c.voter, ballot })
                .map_err(|_| Rejection::BallotUnreadable)
        })
        .collect::<Result<_, _>>()?;
    ballot_crypto::verify::verify_ballots(election, &cast)
        .map_err(|_| Rejection::BallotBadProof)?;
    let expected = seal_payload(b, &counted, blobs.iter().map(Vec::as_slice))?;
    let sealed = record::wire::to_bytes(&seal.tally).expect("a tally holds no float or char");
    if expected.tally.0 != sealed {
        return Err(Rejection::SealTallyWrong);
    }
    Ok(())
}
