//! Secret ballots in scenarios: trustees who run the key ceremony, voters who encrypt on their
//! "devices", a convenor who seals and trustees who decrypt — each step a real signed event,
//! made as the browser makes it (`ballot-crypto`, trustee secrets derived from the member key).

use ballot_crypto::{Ballot, Election};
use chacha20::ChaCha20Rng;
use domain::secret::{self, Due, Phase, StepError};
use domain::{Ballot as StateBallot, Rejection};
use rand_core::SeedableRng;
use record::payload::{
    Blob, Ceremony, CeremonyStep, Mark, Method, Mode, OpenBallot, Payload, Share, Threshold,
    Trustees, Vote,
};
use record::{Digest, EventId};

use crate::Scenario;

/// Encodes a protocol message as a blob.
#[must_use]
pub fn blob<T: serde::Serialize>(message: &T) -> Blob {
    Blob(record::wire::to_bytes(message).expect("protocol messages encode"))
}

impl Scenario {
    /// A generator seeded by the scenario's clock and `who`, so every run is the same.
    #[must_use]
    pub fn rng(&self, who: usize) -> ChaCha20Rng {
        let mut seed = [7u8; 32];
        seed[..8].copy_from_slice(&self.time.to_be_bytes());
        seed[8..16].copy_from_slice(&(who as u64).to_be_bytes());
        ChaCha20Rng::from_seed(seed)
    }

    /// The ballot `ballot` in the state.
    ///
    /// # Panics
    /// If there is no such ballot.
    #[must_use]
    pub fn ballot(&self, ballot: EventId) -> &StateBallot {
        self.state.ballots.get(&ballot).expect("the ballot exists")
    }

    /// Member `who` opens a secret ballot on `motion` (yes/no/abstain, or `method`), naming
    /// members `trustees` with threshold `k`.
    ///
    /// # Errors
    /// The rejection.
    pub fn open_secret(
        &mut self,
        who: usize,
        motion: EventId,
        method: Method,
        trustees: &[usize],
        k: u32,
    ) -> Result<EventId, Rejection> {
        let trustees = trustees.iter().map(|t| self.key(*t)).collect();
        self.submit(
            who,
            Payload::OpenBallot(OpenBallot {
                motion,
                mode: Mode::Secret(Trustees { trustees, threshold: k }),
                method,
                quorum: Share { num: 0, den: 1 },
                threshold: Threshold::SimpleMajority,
                closes_at: None,
            }),
        )
    }

    /// The member index of trustee number `t` of `ballot`.
    fn trustee_member(&self, ballot: EventId, t: u32) -> usize {
        let key = self.ballot(ballot).secret().expect("a secret ballot").trustees[(t - 1) as usize];
        (0..self.seeds.len()).find(|i| self.key(*i) == key).expect("trustees are scenario members")
    }

    /// Trustee `t` takes `step` as its device does ([`secret::trustee_payload`]), whether or
    /// not it is due: the rules judge it.
    ///
    /// # Errors
    /// The rejection; [`Rejection::NotSealed`] for a decryption before the seal, and
    /// [`Rejection::NotATrustee`] when the key cannot make the message.
    pub fn trustee_step(
        &mut self,
        ballot: EventId,
        t: u32,
        step: Due,
    ) -> Result<EventId, Rejection> {
        let who = self.trustee_member(ballot, t);
        let mut rng = self.rng(t as usize);
        let payload =
            secret::trustee_payload(self.ballot(ballot), t, step, &self.seeds[who], &mut rng)
                .map_err(|e| match e {
                    StepError::NotSealed => Rejection::NotSealed,
                    StepError::NotSecret => Rejection::NotSecret,
                    StepError::Crypto(_) => Rejection::NotATrustee,
                })?;
        self.submit(who, payload)
    }

    /// Trustee `t` commits.
    ///
    /// # Errors
    /// The rejection.
    pub fn dkg_commit(&mut self, ballot: EventId, t: u32) -> Result<EventId, Rejection> {
        self.trustee_step(ballot, t, Due::Commit)
    }

    /// Trustee `t` deals its shares to the trustees taking part.
    ///
    /// # Errors
    /// The rejection.
    pub fn dkg_deal(&mut self, ballot: EventId, t: u32) -> Result<EventId, Rejection> {
        self.trustee_step(ballot, t, Due::Deal)
    }

    /// Trustee `t` checks its shares and complains about the wrong ones.
    ///
    /// # Errors
    /// The rejection.
    pub fn dkg_check(&mut self, ballot: EventId, t: u32) -> Result<EventId, Rejection> {
        self.trustee_step(ballot, t, Due::Check)
    }

    /// Member `who` (a convenor) ends a step of the ceremony.
    ///
    /// # Errors
    /// The rejection.
    pub fn ceremony_step(
        &mut self,
        who: usize,
        ballot: EventId,
        step: CeremonyStep,
    ) -> Result<EventId, Rejection> {
        self.submit(who, Payload::Ceremony(Ceremony { ballot, step }))
    }

    /// Every trustee commits, deals and checks: the whole key ceremony.
    ///
    /// # Panics
    /// If a step is refused or the ceremony does not give a key.
    pub fn run_ceremony(&mut self, ballot: EventId) {
        let n = u32::try_from(self.ballot(ballot).secret().expect("secret").trustees.len())
            .expect("few trustees");
        for t in 1..=n {
            self.dkg_commit(ballot, t).expect("commit");
        }
        for t in 1..=n {
            self.dkg_deal(ballot, t).expect("deal");
        }
        for t in 1..=n {
            self.dkg_check(ballot, t).expect("check");
        }
        assert_eq!(self.ballot(ballot).secret().expect("secret").phase, Phase::Ready);
    }

    /// The election of a ballot whose ceremony is over, as a voter's device holds it.
    ///
    /// # Panics
    /// If the ceremony has not given a key.
    #[must_use]
    pub fn secret_election(&self, ballot: EventId) -> Election {
        self.ballot(ballot).secret().and_then(|s| s.election.clone()).expect("a ready election")
    }

    /// Member `who` encrypts `choices` (one list of ticks per question) and makes the vote
    /// event, without applying it. Returns the event and the ballot's tracker.
    #[must_use]
    pub fn make_secret_vote(
        &mut self,
        who: usize,
        ballot: EventId,
        choices: &[Vec<bool>],
    ) -> (record::Event, Digest) {
        let election = self.secret_election(ballot);
        let (encrypted, _) =
            Ballot::encrypt(&election, &self.key(who), choices, &mut self.rng(who))
                .expect("choices fit the questions");
        let tracker = encrypted.tracker();
        let mark = Mark::Encrypted(Blob(encrypted.to_bytes()));
        (self.make(who, Payload::Vote(Vote { ballot, mark })), tracker)
    }

    /// Member `who` casts an encrypted ballot of `choices`. Returns its tracker.
    ///
    /// # Errors
    /// The rejection.
    pub fn cast(
        &mut self,
        who: usize,
        ballot: EventId,
        choices: &[Vec<bool>],
    ) -> Result<Digest, Rejection> {
        if self.ballot(ballot).secret().and_then(|s| s.election.as_ref()).is_none() {
            return Err(Rejection::CeremonyNotReady);
        }
        let (event, tracker) = self.make_secret_vote(who, ballot, choices);
        domain::secret::check_ballot(&self.state, &event)?;
        self.state.apply(&event)?;
        self.events.push(event);
        Ok(tracker)
    }

    /// The seal of `ballot` as the record stands: what a convenor's node prepares.
    ///
    /// # Panics
    /// If a counted ballot's event is not in the scenario.
    #[must_use]
    pub fn seal_payload(&self, ballot: EventId) -> record::payload::Seal {
        let b = self.ballot(ballot);
        let counted = secret::counted(b);
        let bytes: Vec<Vec<u8>> = counted
            .iter()
            .map(|c| {
                let event = self.events.iter().find(|e| e.id() == c.event).expect("cast event");
                match domain::apply::payload(event) {
                    Ok(Payload::Vote(Vote { mark: Mark::Encrypted(blob), .. })) => blob.0,
                    _ => Vec::new(),
                }
            })
            .collect();
        secret::seal_payload(b, &counted, bytes.iter().map(Vec::as_slice)).expect("ballots read")
    }

    /// Member `who` seals `ballot`.
    ///
    /// # Errors
    /// The rejection.
    pub fn seal(&mut self, who: usize, ballot: EventId) -> Result<EventId, Rejection> {
        let payload = self.seal_payload(ballot);
        self.submit(who, Payload::Seal(payload))
    }

    /// Trustee `t` publishes its partial decryption of the sealed tally.
    ///
    /// # Errors
    /// The rejection.
    pub fn decrypt(&mut self, ballot: EventId, t: u32) -> Result<EventId, Rejection> {
        self.trustee_step(ballot, t, Due::Decrypt)
    }
}
