//! Builders of realistic records for tests: an assembly whose members invite, join, put
//! motions, debate and vote, each step a real signed event checked by the real rules.
//!
//! Keys are derived from small numbers, so every run makes the same bytes.

#![forbid(unsafe_code)]

pub mod http;
pub mod secret;
pub mod webdriver;

use record::keys;
use record::payload::{
    Admission, Candidate, Choice, CloseBallot, Comment, Election, Found, Invite, Join, Mark,
    Method, Mode, Motion, MotionKind, Nominate, OpenBallot, Payload, RankedRule, Rules, Share,
    Threshold, Vote,
};
use record::{Event, EventId, Keypair, PublicKey};

use domain::{Assembly, Author, Rejection};

/// The time the first event of every scenario claims: 2026-01-05 09:00 UTC.
pub const START: u64 = 1_767_603_600_000;

/// An assembly being built event by event, with the events in the order they were made.
#[derive(Clone)]
pub struct Scenario {
    pub state: Assembly,
    pub events: Vec<Event>,
    /// Seeds of the members' keys; index 0 is the founder.
    seeds: Vec<[u8; 32]>,
    pub time: u64,
}

/// The seed of test key number `n`.
#[must_use]
pub fn seed(n: u32) -> [u8; 32] {
    let mut seed = [0x5e; 32];
    seed[..4].copy_from_slice(&n.to_be_bytes());
    seed
}

/// Fixed 10 bytes for invitation code number `n`.
#[must_use]
pub fn code(n: u32) -> String {
    let mut random = [0xc0; 10];
    random[..4].copy_from_slice(&n.to_be_bytes());
    keys::invite_code(random)
}

impl Scenario {
    /// An assembly founded by key 0, named `name`, at the fixed time [`START`].
    #[must_use]
    pub fn found(name: &str) -> Self {
        Self::found_at(name, START)
    }

    /// An assembly founded by key 0 at `time` (milliseconds since the epoch): for tests against
    /// a real node, whose clock refuses events far from its own.
    #[must_use]
    pub fn found_at(name: &str, time: u64) -> Self {
        let mut founder = Author::new(Keypair::from_seed(seed(0)));
        let found = Found {
            name: name.into(),
            description: String::new(),
            parent: None,
            founder_name: "Founder".into(),
            rules: Rules { admission: Admission::Convenors },
        };
        let event = founder.found(found, time);
        let state = Assembly::found(&event).expect("a well-formed founding event");
        Self { state, events: vec![event], seeds: vec![seed(0)], time }
    }

    /// The public key of member `who`.
    #[must_use]
    pub fn key(&self, who: usize) -> PublicKey {
        Keypair::from_seed(self.seeds[who]).public()
    }

    /// The key pair of member `who`.
    #[must_use]
    pub fn keypair(&self, who: usize) -> Keypair {
        Keypair::from_seed(self.seeds[who])
    }

    /// Makes the next event of `who` a second after the last one, without applying it.
    #[must_use]
    pub fn make(&mut self, who: usize, payload: Payload) -> Event {
        self.time += 1000;
        let mut author = Author::resume(self.keypair(who), &self.state);
        author.make(payload, self.time, self.state.frontier.iter().copied())
    }

    /// Makes and applies the next event of `who`.
    ///
    /// # Errors
    /// The rejection, with the state unchanged.
    pub fn submit(&mut self, who: usize, payload: Payload) -> Result<EventId, Rejection> {
        let event = self.make(who, payload);
        self.state.apply(&event)?;
        let id = event.id();
        self.events.push(event);
        Ok(id)
    }

    /// Member `inviter` invites, and a new key joins under `name`. Returns the new member.
    ///
    /// # Panics
    /// If the rules refuse either step.
    pub fn join(&mut self, inviter: usize, name: &str) -> usize {
        let n = u32::try_from(self.seeds.len()).expect("test scenarios are small");
        let invite_key = keys::invite_keypair(&code(n)).expect("generated codes are valid");
        let invite = self
            .submit(
                inviter,
                Payload::Invite(Invite {
                    key: invite_key.public(),
                    uses: 1,
                    expires: self.time + 86_400_000,
                }),
            )
            .expect("the inviter may invite");
        self.seeds.push(seed(n));
        let who = self.seeds.len() - 1;
        let member = self.key(who);
        let proof =
            invite_key.sign(keys::JOIN_TAG, &keys::join_message(&self.state.id, &invite, &member));
        self.submit(who, Payload::Join(Join { invite, name: name.into(), proof }))
            .expect("a fresh invitation admits");
        who
    }

    /// Adds a key that is not (yet) a member, returning its index.
    pub fn outsider(&mut self) -> usize {
        let n = u32::try_from(self.seeds.len()).expect("test scenarios are small");
        self.seeds.push(seed(n));
        self.seeds.len() - 1
    }

    /// Member `who` puts a resolution.
    ///
    /// # Errors
    /// The rejection.
    pub fn motion(&mut self, who: usize, title: &str) -> Result<EventId, Rejection> {
        self.motion_of(who, MotionKind::Resolution, title)
    }

    /// Member `who` puts a motion of `kind`.
    ///
    /// # Errors
    /// The rejection.
    pub fn motion_of(
        &mut self,
        who: usize,
        kind: MotionKind,
        title: &str,
    ) -> Result<EventId, Rejection> {
        let text = format!("The assembly resolves: {title}.");
        self.submit(who, Payload::Motion(Motion { kind, title: title.into(), text }))
    }

    /// Member `who` comments on `motion`.
    ///
    /// # Errors
    /// The rejection.
    pub fn comment(
        &mut self,
        who: usize,
        motion: EventId,
        reply_to: Option<EventId>,
        text: &str,
    ) -> Result<EventId, Rejection> {
        self.submit(who, Payload::Comment(Comment { motion, reply_to, text: text.into() }))
    }

    /// Member `who` opens a yes/no/abstain roll call on `motion`.
    ///
    /// # Errors
    /// The rejection.
    pub fn open(
        &mut self,
        who: usize,
        motion: EventId,
        quorum: (u32, u32),
        threshold: Threshold,
    ) -> Result<EventId, Rejection> {
        self.submit(
            who,
            Payload::OpenBallot(OpenBallot {
                motion,
                mode: Mode::Open,
                method: Method::YesNoAbstain,
                quorum: Share { num: quorum.0, den: quorum.1 },
                threshold,
                closes_at: None,
            }),
        )
    }

    /// Member `who` votes `choice` on `ballot`.
    ///
    /// # Errors
    /// The rejection.
    pub fn vote(
        &mut self,
        who: usize,
        ballot: EventId,
        choice: Choice,
    ) -> Result<EventId, Rejection> {
        self.submit(who, Payload::Vote(Vote { ballot, mark: Mark::Choice(choice) }))
    }

    /// Member `who` closes `ballot`.
    ///
    /// # Errors
    /// The rejection.
    pub fn close(&mut self, who: usize, ballot: EventId) -> Result<EventId, Rejection> {
        self.submit(who, Payload::CloseBallot(CloseBallot { ballot }))
    }

    /// A candidate who is member `who`, under their name in the assembly.
    ///
    /// # Panics
    /// If `who` is not a member.
    #[must_use]
    pub fn member_candidate(&self, who: usize) -> Candidate {
        let key = self.key(who);
        let name = self.state.members.get(&key).expect("a member").name.clone();
        Candidate { name, member: Some(key) }
    }

    /// Member `who` puts an election of `seats` delegates from candidates named (not members).
    ///
    /// # Errors
    /// The rejection.
    pub fn election(
        &mut self,
        who: usize,
        title: &str,
        seats: u16,
        names: &[&str],
    ) -> Result<EventId, Rejection> {
        let candidates = names.iter().map(|n| named(n)).collect();
        self.election_of(who, title, seats, candidates)
    }

    /// Member `who` puts an election of `seats` delegates from `candidates`.
    ///
    /// # Errors
    /// The rejection.
    pub fn election_of(
        &mut self,
        who: usize,
        title: &str,
        seats: u16,
        candidates: Vec<Candidate>,
    ) -> Result<EventId, Rejection> {
        let kind = MotionKind::Election(Election { seats, candidates });
        let text = format!("The assembly elects {seats} delegate(s): {title}.");
        self.submit(who, Payload::Motion(Motion { kind, title: title.into(), text }))
    }

    /// Member `who` nominates `candidate` in the election `motion`.
    ///
    /// # Errors
    /// The rejection.
    pub fn nominate(
        &mut self,
        who: usize,
        motion: EventId,
        candidate: Candidate,
    ) -> Result<EventId, Rejection> {
        self.submit(who, Payload::Nominate(Nominate { motion, candidate }))
    }

    /// Member `who` opens the ranked ballot of the election `motion`, counted by `rule`, with
    /// the candidates the state lists now.
    ///
    /// # Errors
    /// The rejection.
    pub fn open_election(
        &mut self,
        who: usize,
        motion: EventId,
        rule: RankedRule,
        quorum: (u32, u32),
    ) -> Result<EventId, Rejection> {
        let listed = self.state.motions.get(&motion).map_or(0, |m| m.candidates().len());
        let candidates = u16::try_from(listed).expect("test elections are small");
        self.open_with(who, motion, Method::Ranked { rule, candidates }, quorum)
    }

    /// Member `who` opens a ballot on `motion` with any method (for tests of refusals).
    ///
    /// # Errors
    /// The rejection.
    pub fn open_with(
        &mut self,
        who: usize,
        motion: EventId,
        method: Method,
        quorum: (u32, u32),
    ) -> Result<EventId, Rejection> {
        self.submit(
            who,
            Payload::OpenBallot(OpenBallot {
                motion,
                mode: Mode::Open,
                method,
                quorum: Share { num: quorum.0, den: quorum.1 },
                threshold: Threshold::SimpleMajority,
                closes_at: None,
            }),
        )
    }

    /// Member `who` ranks candidates (indices on the ballot paper, first choice first).
    ///
    /// # Errors
    /// The rejection.
    pub fn rank(
        &mut self,
        who: usize,
        ballot: EventId,
        ranking: &[u16],
    ) -> Result<EventId, Rejection> {
        self.submit(who, Payload::Vote(Vote { ballot, mark: Mark::Ranking(ranking.to_vec()) }))
    }
}

/// A candidate named on the ballot paper, without a key here.
#[must_use]
pub fn named(name: &str) -> Candidate {
    Candidate { name: name.into(), member: None }
}
