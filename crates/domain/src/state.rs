//! The state of an assembly: what its events add up to.
//!
//! Every collection is ordered (an ordered map, or a list in fold order), so the state has one
//! canonical encoding, and its digest is the same on every node that holds the same events.
//!
//! The collections are persistent (`imbl`): cloning a state is O(1) and shares its structure,
//! so the ledger keeps cheap snapshots to re-fold from, and readers render from a snapshot
//! without holding a lock.
//! Nothing here depends on the clock: where the present matters (has a deadline passed?), the
//! caller passes `now`.

use std::collections::BTreeMap;

use imbl::{OrdMap, OrdSet, Vector};

use count::majority;
use record::payload::{self, Admission, Choice, Mark, Method, Share, Threshold};
use record::{AssemblyId, Digest, EventId, PublicKey};
use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::election::Nominee;
use crate::rejection::Power;
use crate::secret::Secret;

/// Prepended to the state's canonical bytes before hashing.
const DIGEST_TAG: &[u8] = b"plenum/state/v1\0";

/// An assembly, as its record says it is.
#[derive(Debug, Clone, Serialize)]
pub struct Assembly {
    pub id: AssemblyId,
    pub name: String,
    pub description: String,
    pub parent: Option<AssemblyId>,
    pub founder: PublicKey,
    pub founded_at: u64,
    pub admission: Admission,
    pub members: OrdMap<PublicKey, Member>,
    pub invites: OrdMap<EventId, Invitation>,
    pub motions: OrdMap<EventId, Motion>,
    pub comments: OrdMap<EventId, Comment>,
    pub ballots: OrdMap<EventId, Ballot>,
    /// Each author's latest event: its sequence number and id.
    pub heads: OrdMap<PublicKey, (u64, EventId)>,
    /// The events no other event builds on yet: what a new event names as its dependencies.
    pub frontier: OrdSet<EventId>,
    /// How many events took effect.
    pub accepted: u64,
    /// Events of the record that the rules did not let take effect where the canonical order
    /// put them (concurrent events from partitioned nodes), with the reason, in fold order.
    pub ignored: Vector<Ignored>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    pub event: EventId,
    pub reason: crate::rejection::Rejection,
}

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub key: PublicKey,
    pub name: String,
    /// The event that made them a member (the founding event, or their join).
    pub since: EventId,
    pub joined_at: u64,
    /// The invitation they joined with; `None` for the founder.
    pub invite: Option<EventId>,
    /// Powers held, each with the event that granted it.
    pub powers: BTreeMap<Power, EventId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Invitation {
    pub id: EventId,
    pub issuer: PublicKey,
    pub key: PublicKey,
    pub uses: u32,
    pub expires: u64,
    pub used_by: Vec<PublicKey>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Motion {
    pub id: EventId,
    pub author: PublicKey,
    pub kind: MotionKind,
    pub title: String,
    pub text: String,
    pub time: u64,
    pub ballot: Option<EventId>,
    /// Comment ids in fold order.
    pub comments: Vec<EventId>,
}

/// What a motion is, as the state holds it: the payload's kind, with an election's
/// candidates as nominated so far.
///
/// The variants are the payload's, in the same order, so a record without elections encodes
/// (and digests) exactly as it did before elections existed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionKind {
    Resolution,
    Demand,
    Election(Election),
}

/// An election's seats and its candidates in the order of the ballot paper: the motion's
/// own, then the nominations in fold order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Election {
    pub seats: u16,
    pub candidates: Vec<Nominee>,
}

/// A state's kind is the payload's kind it came from (an election: whatever its candidates).
impl PartialEq<payload::MotionKind> for MotionKind {
    fn eq(&self, other: &payload::MotionKind) -> bool {
        matches!(
            (self, other),
            (MotionKind::Resolution, payload::MotionKind::Resolution)
                | (MotionKind::Demand, payload::MotionKind::Demand)
                | (MotionKind::Election(_), payload::MotionKind::Election(_))
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    pub id: EventId,
    pub author: PublicKey,
    pub motion: EventId,
    pub reply_to: Option<EventId>,
    pub text: String,
    pub time: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ballot {
    pub id: EventId,
    pub motion: EventId,
    pub opened_by: PublicKey,
    pub opened_at: u64,
    pub mode: BallotMode,
    pub method: Method,
    pub quorum: Share,
    pub threshold: Threshold,
    pub closes_at: Option<u64>,
    /// Who may vote, with the weight of their vote, fixed when the ballot opened.
    pub electorate: OrdMap<PublicKey, u64>,
    /// Each voter's last vote.
    pub votes: OrdMap<PublicKey, CastVote>,
    pub closed: Option<Closure>,
}

/// How a ballot's votes are cast, as the state holds it: an open ballot's votes are in
/// [`Ballot::votes`]; a secret ballot keeps its ceremony, ballots, seal and result apart.
///
/// `Open` encodes as the payload's `Mode::Open` did (tag 0), so records without secret ballots
/// keep their digest.
#[derive(Debug, Clone, Serialize)]
pub enum BallotMode {
    Open,
    Secret(Box<Secret>),
}

#[derive(Debug, Clone, Serialize)]
pub struct CastVote {
    /// Encoded as before rankings existed for a choice (see [`mark_in_state`]).
    #[serde(serialize_with = "mark_in_state")]
    pub mark: Mark,
    pub event: EventId,
    pub time: u64,
    /// How many times the voter changed their vote.
    pub changes: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Closure {
    pub by: PublicKey,
    pub at: u64,
    pub event: EventId,
}

/// A vote's mark in the state's encoding: a choice as its own tag (0 yes, 1 no, 2 abstain), as
/// the state encoded votes before rankings existed, so records without elections keep their
/// digest; a ranking as tag 3 followed by the list. Every mark has one encoding, and no two
/// marks share one. (The state is only ever encoded, for its digest.)
fn mark_in_state<S: serde::Serializer>(mark: &Mark, s: S) -> Result<S::Ok, S::Error> {
    match mark {
        Mark::Choice(choice) => choice.serialize(s),
        Mark::Ranking(ranking) => (3u8, ranking).serialize(s),
        // Secret ballots keep their ballots apart; an encrypted mark is never a vote here.
        Mark::Encrypted(blob) => (4u8, &blob.0).serialize(s),
    }
}

/// Where a ballot stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotStatus {
    Open,
    /// Closed by a convenor or by its deadline, with its result (for a ranked ballot, only
    /// [`majority::Outcome::QuorumNotMet`]).
    Closed(majority::Outcome),
    /// A ranked ballot closed with its quorum met: the result is its count
    /// ([`Assembly::count_election`]); or a secret election whose result is decrypted.
    Counted,
    /// A secret ballot no longer taking ballots, whose result is not decrypted yet: it waits
    /// for the convenor's seal and for the trustees.
    AwaitingCount,
}

impl Assembly {
    /// SHA-256 over a tag and the canonical encoding of the whole state.
    #[must_use]
    pub fn digest(&self) -> Digest {
        let bytes = record::wire::to_bytes(self).expect("the state holds no floats or chars");
        let mut hash = Sha256::new();
        hash.update(DIGEST_TAG);
        hash.update(&bytes);
        Digest(hash.finalize().into())
    }

    #[must_use]
    pub fn member(&self, key: &PublicKey) -> Option<&Member> {
        self.members.get(key)
    }

    /// Whether `key` may do what `power` allows.
    #[must_use]
    pub fn holds(&self, key: &PublicKey, power: Power) -> bool {
        self.members.get(key).is_some_and(|m| m.powers.contains_key(&power))
    }

    /// Whether `key` may issue invitations under the assembly's rules.
    #[must_use]
    pub fn may_invite(&self, key: &PublicKey) -> bool {
        match self.admission {
            Admission::Members => self.members.contains_key(key),
            Admission::Convenors => self.holds(key, Power::Admit),
        }
    }

    /// Adopted demands: demand motions whose ballot closed carried, newest first.
    #[must_use]
    pub fn adopted_demands(&self, now: u64) -> Vec<&Motion> {
        let mut out: Vec<&Motion> = self
            .motions
            .values()
            .filter(|m| m.kind == MotionKind::Demand)
            .filter(|m| {
                m.ballot.and_then(|b| self.ballots.get(&b)).is_some_and(|b| {
                    b.status(now) == BallotStatus::Closed(majority::Outcome::Carried)
                })
            })
            .collect();
        out.sort_by_key(|m| std::cmp::Reverse(m.time));
        out
    }

    /// Motions, newest first.
    #[must_use]
    pub fn motions_newest_first(&self) -> Vec<&Motion> {
        let mut out: Vec<&Motion> = self.motions.values().collect();
        out.sort_by_key(|m| (std::cmp::Reverse(m.time), m.id));
        out
    }
}

impl Ballot {
    /// Whether the ballot still takes votes at `now`.
    #[must_use]
    pub fn is_open(&self, now: u64) -> bool {
        self.closed.is_none() && self.closes_at.is_none_or(|deadline| now < deadline)
    }

    /// The secret ballot's own state, if it is one.
    #[must_use]
    pub fn secret(&self) -> Option<&Secret> {
        match &self.mode {
            BallotMode::Secret(secret) => Some(secret),
            BallotMode::Open => None,
        }
    }

    /// The weights cast for each choice, and the electorate's weight. A secret ballot has no
    /// running count: its figures exist once the trustees have decrypted the result.
    #[must_use]
    pub fn tally(&self) -> majority::Tally {
        let mut tally = majority::Tally {
            electorate: self.electorate.values().sum(),
            ..majority::Tally::default()
        };
        if let Some(secret) = self.secret() {
            if let (Some(result), Some(seal), Method::YesNoAbstain) =
                (&secret.result, &secret.seal, self.method)
            {
                let boxes = result.questions.first().map(Vec::as_slice).unwrap_or_default();
                tally.yes = boxes.first().copied().unwrap_or(0);
                tally.no = boxes.get(1).copied().unwrap_or(0);
                tally.abstain = seal.weight.saturating_sub(tally.yes + tally.no);
            }
            return tally;
        }
        for (voter, vote) in &self.votes {
            let weight = self.electorate.get(voter).copied().unwrap_or(0);
            match vote.mark {
                Mark::Choice(Choice::Yes) => tally.yes += weight,
                Mark::Choice(Choice::No) => tally.no += weight,
                Mark::Choice(Choice::Abstain) => tally.abstain += weight,
                Mark::Ranking(_) | Mark::Encrypted(_) => {}
            }
        }
        tally
    }

    #[must_use]
    pub fn rule(&self) -> majority::Rule {
        majority::Rule {
            quorum: (self.quorum.num, self.quorum.den),
            threshold: match self.threshold {
                Threshold::SimpleMajority => majority::Threshold::SimpleMajority,
                Threshold::TwoThirds => majority::Threshold::TwoThirds,
                Threshold::AbsoluteMajority => majority::Threshold::AbsoluteMajority,
            },
        }
    }

    /// Open, or closed with its result.
    #[must_use]
    pub fn status(&self, now: u64) -> BallotStatus {
        if let Some(secret) = self.secret() {
            return match (&secret.result, self.method) {
                (Some(_), Method::YesNoAbstain) => {
                    BallotStatus::Closed(self.rule().decide(&self.tally()))
                }
                (Some(_), _) => {
                    let (voted, electorate) = self.turnout();
                    let tally =
                        majority::Tally { abstain: voted, electorate, ..Default::default() };
                    if self.rule().quorum_met(&tally) {
                        BallotStatus::Counted
                    } else {
                        BallotStatus::Closed(majority::Outcome::QuorumNotMet)
                    }
                }
                (None, _) if self.is_open(now) => BallotStatus::Open,
                (None, _) => BallotStatus::AwaitingCount,
            };
        }
        if self.is_open(now) {
            return BallotStatus::Open;
        }
        match self.method {
            Method::YesNoAbstain => BallotStatus::Closed(self.rule().decide(&self.tally())),
            Method::Ranked { .. } | Method::Choose { .. } => {
                let (voted, electorate) = self.turnout();
                let tally = majority::Tally { abstain: voted, electorate, ..Default::default() };
                if self.rule().quorum_met(&tally) {
                    BallotStatus::Counted
                } else {
                    BallotStatus::Closed(majority::Outcome::QuorumNotMet)
                }
            }
        }
    }

    /// When the ballot closed or closes: the convenor's close, else the deadline.
    #[must_use]
    pub fn closing_time(&self) -> Option<u64> {
        self.closed.as_ref().map(|c| c.at).or(self.closes_at)
    }

    /// The turnout: weight that voted (whatever they marked), and the electorate's weight.
    #[must_use]
    pub fn turnout(&self) -> (u64, u64) {
        let weight = |voter| self.electorate.get(voter).copied().unwrap_or(0);
        let voted = match self.secret() {
            Some(secret) => secret.casts.keys().map(weight).sum(),
            None => self.votes.keys().map(weight).sum(),
        };
        (voted, self.electorate.values().sum())
    }

    /// A voter's choice, if their last vote is a yes, a no or an abstention.
    #[must_use]
    pub fn choice_of(&self, voter: &PublicKey) -> Option<Choice> {
        match self.votes.get(voter)?.mark {
            Mark::Choice(c) => Some(c),
            Mark::Ranking(_) | Mark::Encrypted(_) => None,
        }
    }
}
