//! The rules: whether an event may take effect on a state, and what it changes.
//!
//! Each `apply_*` checks every rule before it changes anything, so a refused event leaves the
//! state exactly as it was. The order of checks is the order of the messages a person sees: the
//! first rule broken is the one reported.

use std::collections::{HashMap, HashSet};

use record::keys::{self, JOIN_TAG};
use record::payload::{
    CloseBallot, Comment, Found, Invite, Join, Kind, Mark, Method, Mode, Motion, MotionKind,
    Nominate, OpenBallot, Payload, Threshold, Vote,
};
use record::{AssemblyId, Event, EventId, PublicKey};

use crate::election::{self, MAX_CANDIDATES, Nominee};
use crate::rejection::{Power, Rejection};
use crate::state::{self, Assembly, Ballot, BallotMode, CastVote, Closure, Invitation, Member};

/// Longest name of an assembly or a person, in characters.
pub const MAX_NAME: usize = 80;
/// Longest motion title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest description, motion text or comment, in characters.
pub const MAX_TEXT: usize = 20_000;
/// Most members one invitation may admit.
pub const MAX_INVITE_USES: u32 = 100_000;

/// The events an event's effect rests on: those its payload names, and the event that made
/// its author a member (read from `state`). An honest device builds on all of them.
pub(crate) fn references(state: &Assembly, event: &Event) -> Vec<record::EventId> {
    let mut out = Vec::new();
    match payload(event) {
        Ok(Payload::Join(p)) => out.push(p.invite),
        Ok(Payload::Comment(p)) => out.extend([Some(p.motion), p.reply_to].into_iter().flatten()),
        Ok(Payload::OpenBallot(p)) => out.push(p.motion),
        Ok(Payload::Vote(Vote { ballot, .. }) | Payload::CloseBallot(CloseBallot { ballot })) => {
            out.push(ballot);
        }
        _ => {}
    }
    if let Some(member) = state.members.get(&event.author())
        && member.since != event.id()
        && member.invite.is_some()
    {
        out.push(member.since);
    }
    out
}

/// Reads the payload of an event, or says why it cannot be read.
///
/// # Errors
/// [`Rejection::UnknownKind`] or [`Rejection::BadPayload`].
pub fn payload(event: &Event) -> Result<Payload, Rejection> {
    Payload::decode(event.kind(), event.payload()).map_err(|e| match e {
        record::payload::PayloadError::UnknownKind(k) => Rejection::UnknownKind(k),
        e @ record::payload::PayloadError::Malformed { .. } => Rejection::BadPayload(e.to_string()),
    })
}

/// Invitation proofs checked ahead of the fold, on any thread, for the fold to trust.
///
/// A join's proof is its invitation key's signature over the assembly, the invitation and the
/// new member's key ([`keys::join_message`]). In a large record, checking them is most of the
/// fold's work, and it needs nothing the fold computes: the invitation's key is in the event
/// that issued it. [`Invitations::check`] checks a join's proof against that key; the fold,
/// meeting that join with that same key in its state, takes the proof as checked and checks
/// every other one itself. Every rule of a join (the invitation exists, has not expired, has
/// uses left…) is still judged by the fold.
#[derive(Debug, Default, Clone)]
pub struct CheckedJoins(HashSet<(EventId, PublicKey)>);

impl CheckedJoins {
    /// Whether the proof of the join `event` was checked against the invitation key `key`.
    #[must_use]
    pub fn holds(&self, event: &EventId, key: &PublicKey) -> bool {
        self.0.contains(&(*event, *key))
    }
}

impl FromIterator<(EventId, PublicKey)> for CheckedJoins {
    fn from_iter<I: IntoIterator<Item = (EventId, PublicKey)>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

/// The invitations among a set of events, each key decoded once, by the id of the event that
/// issued it: what [`CheckedJoins`] are checked against.
#[derive(Debug, Default)]
pub struct Invitations(HashMap<EventId, (PublicKey, keys::Verifier)>);

impl Invitations {
    /// The invitations `events` issue (whether or not the rules let them take effect).
    pub fn of<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let invitations = events
            .into_iter()
            .filter(|e| e.kind() == Kind::Invite as u16)
            .filter_map(|e| match payload(e) {
                Ok(Payload::Invite(p)) => {
                    Some((e.id(), (p.key, keys::Verifier::new(&p.key).ok()?)))
                }
                _ => None,
            })
            .collect();
        Self(invitations)
    }

    /// If `event` is a join under one of these invitations and its proof holds, what
    /// [`CheckedJoins`] records of it: the event and the key that signed the proof.
    #[must_use]
    pub fn check(&self, event: &Event) -> Option<(EventId, PublicKey)> {
        if event.kind() != Kind::Join as u16 {
            return None;
        }
        let Ok(Payload::Join(p)) = payload(event) else { return None };
        let (key, verifier) = self.0.get(&p.invite)?;
        let message = keys::join_message(&event.assembly()?, &p.invite, &event.author());
        verifier.verify(JOIN_TAG, &message, &p.proof).ok()?;
        Some((event.id(), *key))
    }
}

impl Assembly {
    /// The state an assembly starts with: its founding event alone.
    ///
    /// # Errors
    /// When `event` is not a valid founding event.
    pub fn found(event: &Event) -> Result<Self, Rejection> {
        let Payload::Found(found) = payload(event)? else {
            return Err(Rejection::NotFounded);
        };
        if event.assembly().is_some() || event.seq() != 1 {
            return Err(Rejection::NotFounded);
        }
        if !event.deps().is_empty() {
            return Err(Rejection::Malformed("a founding event has no dependencies".into()));
        }
        let Found { name, description, parent, founder_name, rules } = found;
        line("name", &name, MAX_NAME)?;
        text("description", &description, MAX_TEXT, true)?;
        line("founder_name", &founder_name, MAX_NAME)?;
        let founder = Member {
            key: event.author(),
            name: founder_name,
            since: event.id(),
            joined_at: event.time(),
            invite: None,
            powers: [(Power::Convene, event.id()), (Power::Admit, event.id())].into(),
        };
        Ok(Self {
            id: AssemblyId::from(event.id()),
            name,
            description,
            parent,
            founder: event.author(),
            founded_at: event.time(),
            admission: rules.admission,
            members: imbl::OrdMap::unit(event.author(), founder),
            invites: Default::default(),
            motions: Default::default(),
            comments: Default::default(),
            ballots: Default::default(),
            heads: imbl::OrdMap::unit(event.author(), (1, event.id())),
            frontier: imbl::OrdSet::unit(event.id()),
            accepted: 1,
            ignored: Default::default(),
        })
    }

    /// Applies one event after those already folded in. On an error nothing has changed.
    ///
    /// # Errors
    /// The first rule the event breaks.
    pub fn apply(&mut self, event: &Event) -> Result<(), Rejection> {
        self.check_chain(event)?;
        let payload = payload(event)?;
        self.apply_payload(event, payload, &CheckedJoins::default())?;
        self.advance(event);
        self.extend_frontier(event);
        Ok(())
    }

    /// Folds an event in as the canonical order places it (an event from another node or a
    /// bundle, or any event when a record is re-read). An event whose links hold but that
    /// breaks a rule where the order puts it is listed as ignored, with the reason.
    ///
    /// An author's events need not form one chain here: a member acting from two devices on
    /// two partitioned nodes makes two events with the same sequence number, each naming the
    /// author's last event its node knew. Both are the member's own signed acts, so both take
    /// effect, in canonical order — their later vote is the one that counts, as with two votes
    /// from one phone. (A member's *local* events must still continue their chain on the node
    /// they are made on: [`Assembly::apply`].) The author's head becomes the event with the
    /// highest sequence number, the later in canonical order on a tie.
    pub fn fold_in(&mut self, event: &Event) {
        self.fold_in_checked(event, &CheckedJoins::default());
    }

    /// As [`Assembly::fold_in`], taking the invitation proofs in `joins` as checked.
    pub fn fold_in_checked(&mut self, event: &Event, joins: &CheckedJoins) {
        self.extend_frontier(event);
        if let Err(reason) = self.check_links(event) {
            self.ignore(event, &reason);
            return;
        }
        let result = payload(event).and_then(|p| self.apply_payload(event, p, joins));
        let newer = self.heads.get(&event.author()).is_none_or(|(seq, _)| event.seq() >= *seq);
        if newer {
            self.heads.insert(event.author(), (event.seq(), event.id()));
        }
        match result {
            Ok(()) => self.accepted += 1,
            Err(reason) => self.ignore(event, &reason),
        }
    }

    fn ignore(&mut self, event: &Event, reason: &Rejection) {
        self.ignored.push_back(state::Ignored { event: event.id(), reason: reason.clone() });
    }

    fn advance(&mut self, event: &Event) {
        self.heads.insert(event.author(), (event.seq(), event.id()));
        self.accepted += 1;
    }

    fn extend_frontier(&mut self, event: &Event) {
        for dep in event.deps() {
            self.frontier.remove(dep);
        }
        self.frontier.insert(event.id());
    }

    /// The links every event must have: the right assembly and at least one dependency.
    fn check_links(&self, event: &Event) -> Result<(), Rejection> {
        match event.assembly() {
            None => Err(Rejection::AlreadyFounded),
            Some(id) if id != self.id => Err(Rejection::WrongAssembly),
            Some(_) if event.deps().is_empty() => Err(Rejection::NoDependencies),
            Some(_) => Ok(()),
        }
    }

    /// The links of an event made on this node: those of [`Assembly::check_links`], and the
    /// author's next sequence number with the author's previous event among the dependencies.
    fn check_chain(&self, event: &Event) -> Result<(), Rejection> {
        self.check_links(event)?;
        let (expected, previous) = match self.heads.get(&event.author()) {
            Some((seq, id)) => (seq + 1, Some(*id)),
            None => (1, None),
        };
        if event.seq() < expected {
            return Err(Rejection::SequenceUsed(event.seq()));
        }
        if event.seq() != expected {
            return Err(Rejection::BadSequence { expected, got: event.seq() });
        }
        if let Some(previous) = previous
            && !event.deps().contains(&previous)
        {
            return Err(Rejection::MissingDependency(previous));
        }
        Ok(())
    }

    fn apply_payload(
        &mut self,
        event: &Event,
        payload: Payload,
        joins: &CheckedJoins,
    ) -> Result<(), Rejection> {
        match payload {
            Payload::Found(_) => Err(Rejection::AlreadyFounded),
            Payload::Invite(p) => self.apply_invite(event, p),
            Payload::Join(p) => self.apply_join(event, p, joins),
            Payload::Motion(p) => self.apply_motion(event, p),
            Payload::Comment(p) => self.apply_comment(event, p),
            Payload::OpenBallot(p) => self.apply_open(event, p),
            Payload::Vote(p) => self.apply_vote(event, p),
            Payload::CloseBallot(p) => self.apply_close(event, p),
            Payload::Nominate(p) => self.apply_nominate(event, p),
            Payload::DkgCommit(p) => self.apply_dkg_commit(event, p),
            Payload::DkgDeal(p) => self.apply_dkg_deal(event, p),
            Payload::DkgCheck(p) => self.apply_dkg_check(event, p),
            Payload::Ceremony(p) => self.apply_ceremony(event, p),
            Payload::Seal(p) => self.apply_seal(event, p),
            Payload::Decrypt(p) => self.apply_decrypt(event, p),
        }
    }

    fn require_member(&self, event: &Event) -> Result<(), Rejection> {
        if self.members.contains_key(&event.author()) { Ok(()) } else { Err(Rejection::NotAMember) }
    }

    fn apply_invite(&mut self, event: &Event, p: Invite) -> Result<(), Rejection> {
        self.require_member(event)?;
        if !self.may_invite(&event.author()) {
            return Err(Rejection::NoPower(Power::Admit));
        }
        if p.uses == 0 || p.uses > MAX_INVITE_USES {
            return Err(Rejection::OutOfRange { field: "uses" });
        }
        if p.expires <= event.time() {
            return Err(Rejection::OutOfRange { field: "expires" });
        }
        if self.invites.values().any(|i| i.key == p.key) {
            return Err(Rejection::DuplicateInvite);
        }
        self.invites.insert(
            event.id(),
            Invitation {
                id: event.id(),
                issuer: event.author(),
                key: p.key,
                uses: p.uses,
                expires: p.expires,
                used_by: Vec::new(),
            },
        );
        Ok(())
    }

    fn apply_join(
        &mut self,
        event: &Event,
        p: Join,
        joins: &CheckedJoins,
    ) -> Result<(), Rejection> {
        if self.members.contains_key(&event.author()) {
            return Err(Rejection::AlreadyAMember);
        }
        line("name", &p.name, MAX_NAME)?;
        let invite = self.invites.get(&p.invite).ok_or(Rejection::UnknownInvite)?;
        if event.time() > invite.expires {
            return Err(Rejection::InviteExpired);
        }
        if invite.used_by.len() >= invite.uses as usize {
            return Err(Rejection::InviteUsedUp);
        }
        // Checked ahead for exactly this event, assembly and key, or checked here.
        let checked = event.assembly() == Some(self.id) && joins.holds(&event.id(), &invite.key);
        if !checked {
            let message = keys::join_message(&self.id, &p.invite, &event.author());
            keys::verify(&invite.key, JOIN_TAG, &message, &p.proof)
                .map_err(|_| Rejection::BadInviteProof)?;
        }
        let invite = self.invites.get_mut(&p.invite).expect("looked up above");
        invite.used_by.push(event.author());
        self.members.insert(
            event.author(),
            Member {
                key: event.author(),
                name: p.name,
                since: event.id(),
                joined_at: event.time(),
                invite: Some(p.invite),
                powers: Default::default(),
            },
        );
        Ok(())
    }

    fn apply_motion(&mut self, event: &Event, p: Motion) -> Result<(), Rejection> {
        self.require_member(event)?;
        line("title", &p.title, MAX_TITLE)?;
        text("text", &p.text, MAX_TEXT, true)?;
        let kind = match p.kind {
            MotionKind::Resolution => state::MotionKind::Resolution,
            MotionKind::Demand => state::MotionKind::Demand,
            MotionKind::Election(e) => state::MotionKind::Election(self.check_election(event, e)?),
        };
        self.motions.insert(
            event.id(),
            state::Motion {
                id: event.id(),
                author: event.author(),
                kind,
                title: p.title,
                text: p.text,
                time: event.time(),
                ballot: None,
                comments: Vec::new(),
            },
        );
        Ok(())
    }

    /// An election's seats and first candidates, checked, as the state holds them.
    fn check_election(
        &self,
        event: &Event,
        e: record::payload::Election,
    ) -> Result<state::Election, Rejection> {
        if e.seats == 0 || usize::from(e.seats) > MAX_CANDIDATES {
            return Err(Rejection::OutOfRange { field: "seats" });
        }
        if e.candidates.len() > MAX_CANDIDATES {
            return Err(Rejection::OutOfRange { field: "candidates" });
        }
        for (i, c) in e.candidates.iter().enumerate() {
            election::check_candidate(self, c, &e.candidates[..i])?;
        }
        let candidates = e
            .candidates
            .into_iter()
            .map(|c| Nominee {
                name: c.name,
                member: c.member,
                by: event.author(),
                event: event.id(),
            })
            .collect();
        Ok(state::Election { seats: e.seats, candidates })
    }

    fn apply_nominate(&mut self, event: &Event, p: Nominate) -> Result<(), Rejection> {
        self.require_member(event)?;
        let motion = self.motions.get(&p.motion).ok_or(Rejection::UnknownMotion)?;
        if motion.seats().is_none() {
            return Err(Rejection::NotAnElection);
        }
        if motion.ballot.is_some() {
            return Err(Rejection::NominationsClosed);
        }
        if motion.candidates().len() >= MAX_CANDIDATES {
            return Err(Rejection::OutOfRange { field: "candidates" });
        }
        election::check_candidate(self, &p.candidate, &motion.listed())?;
        let nominee = Nominee {
            name: p.candidate.name,
            member: p.candidate.member,
            by: event.author(),
            event: event.id(),
        };
        let motion = self.motions.get_mut(&p.motion).expect("checked above");
        if let state::MotionKind::Election(e) = &mut motion.kind {
            e.candidates.push(nominee);
        }
        Ok(())
    }

    fn apply_comment(&mut self, event: &Event, p: Comment) -> Result<(), Rejection> {
        self.require_member(event)?;
        if !self.motions.contains_key(&p.motion) {
            return Err(Rejection::UnknownMotion);
        }
        if let Some(parent) = p.reply_to
            && self.comments.get(&parent).is_none_or(|c| c.motion != p.motion)
        {
            return Err(Rejection::UnknownComment);
        }
        text("text", &p.text, MAX_TEXT, false)?;
        self.motions.get_mut(&p.motion).expect("checked above").comments.push(event.id());
        self.comments.insert(
            event.id(),
            state::Comment {
                id: event.id(),
                author: event.author(),
                motion: p.motion,
                reply_to: p.reply_to,
                text: p.text,
                time: event.time(),
            },
        );
        Ok(())
    }

    fn apply_open(&mut self, event: &Event, p: OpenBallot) -> Result<(), Rejection> {
        self.require_member(event)?;
        if !self.holds(&event.author(), Power::Convene) {
            return Err(Rejection::NoPower(Power::Convene));
        }
        let motion = self.motions.get(&p.motion).ok_or(Rejection::UnknownMotion)?;
        // A secret ballot whose key ceremony failed may be opened again, with other trustees.
        let failed = |b: &EventId| {
            self.ballots
                .get(b)
                .and_then(Ballot::secret)
                .is_some_and(|s| matches!(s.phase, crate::secret::Phase::Failed(_)))
        };
        if motion.ballot.is_some_and(|b| !failed(&b)) {
            return Err(Rejection::BallotExists);
        }
        if p.quorum.den == 0 || p.quorum.num > p.quorum.den {
            return Err(Rejection::OutOfRange { field: "quorum" });
        }
        if p.closes_at.is_some_and(|t| t <= event.time()) {
            return Err(Rejection::OutOfRange { field: "closes_at" });
        }
        let secret = matches!(p.mode, Mode::Secret(_));
        match (motion.seats(), p.method) {
            (None, Method::YesNoAbstain) => {}
            (
                Some(seats),
                Method::Ranked { candidates, .. } | Method::Choose { candidates, .. },
            ) if secret == matches!(p.method, Method::Choose { .. }) => {
                let listed = motion.candidates().len();
                if usize::from(candidates) != listed {
                    return Err(Rejection::CandidatesChanged {
                        expected: listed,
                        got: usize::from(candidates),
                    });
                }
                if listed < usize::from(seats) {
                    return Err(Rejection::TooFewCandidates {
                        seats: usize::from(seats),
                        candidates: listed,
                    });
                }
                // An election has no threshold: the rule decides who is elected. One value is
                // allowed, so the same ballot has one encoding.
                if p.threshold != Threshold::SimpleMajority {
                    return Err(Rejection::OutOfRange { field: "threshold" });
                }
                if let Method::Choose { max, .. } = p.method
                    && (max == 0 || max > candidates)
                {
                    return Err(Rejection::OutOfRange { field: "max" });
                }
            }
            _ => return Err(Rejection::MethodDoesNotFit),
        }
        let mode = match p.mode {
            Mode::Open => BallotMode::Open,
            Mode::Secret(trustees) => self.secret_mode(event.id(), p.method, trustees)?,
        };
        let electorate = self.members.keys().map(|k| (*k, 1u64)).collect();
        self.motions.get_mut(&p.motion).expect("checked above").ballot = Some(event.id());
        self.ballots.insert(
            event.id(),
            Ballot {
                id: event.id(),
                motion: p.motion,
                opened_by: event.author(),
                opened_at: event.time(),
                mode,
                method: p.method,
                quorum: p.quorum,
                threshold: p.threshold,
                closes_at: p.closes_at,
                electorate,
                votes: Default::default(),
                closed: None,
            },
        );
        Ok(())
    }

    fn apply_vote(&mut self, event: &Event, p: Vote) -> Result<(), Rejection> {
        let ballot = self.ballots.get_mut(&p.ballot).ok_or(Rejection::UnknownBallot)?;
        if !ballot.electorate.contains_key(&event.author()) {
            return Err(Rejection::NotInElectorate);
        }
        if !ballot.is_open(event.time()) {
            return Err(Rejection::BallotClosed);
        }
        if let Mark::Encrypted(blob) = &p.mark {
            return Assembly::cast_secret(ballot, event, blob);
        }
        match (&ballot.mode, ballot.method, &p.mark) {
            (BallotMode::Open, Method::YesNoAbstain, Mark::Choice(_)) => {}
            (BallotMode::Open, Method::Ranked { candidates, .. }, Mark::Ranking(ranking)) => {
                election::check_ranking(ranking, candidates)?;
            }
            _ => return Err(Rejection::WrongMark),
        }
        let changes = ballot.votes.get(&event.author()).map_or(0, |v| v.changes + 1);
        ballot.votes.insert(
            event.author(),
            CastVote { mark: p.mark, event: event.id(), time: event.time(), changes },
        );
        Ok(())
    }

    fn apply_close(&mut self, event: &Event, p: CloseBallot) -> Result<(), Rejection> {
        self.require_member(event)?;
        if !self.holds(&event.author(), Power::Convene) {
            return Err(Rejection::NoPower(Power::Convene));
        }
        let ballot = self.ballots.get_mut(&p.ballot).ok_or(Rejection::UnknownBallot)?;
        if !ballot.is_open(event.time()) {
            return Err(Rejection::BallotClosed);
        }
        ballot.closed = Some(Closure { by: event.author(), at: event.time(), event: event.id() });
        Ok(())
    }
}

/// A one-line text: not blank, at most `max` characters, no control characters.
pub(crate) fn line(field: &'static str, value: &str, max: usize) -> Result<(), Rejection> {
    text(field, value, max, false)?;
    if value.contains(['\n', '\r', '\t']) {
        return Err(Rejection::BadText { field, max });
    }
    Ok(())
}

/// A text of at most `max` characters without control characters other than line breaks and
/// tabs; blank only where `may_be_empty`.
fn text(field: &'static str, value: &str, max: usize, may_be_empty: bool) -> Result<(), Rejection> {
    let bad = (!may_be_empty && value.trim().is_empty())
        || value.chars().count() > max
        || value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    if bad { Err(Rejection::BadText { field, max }) } else { Ok(()) }
}
