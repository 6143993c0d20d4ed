//! Elections of delegates: candidates, nominations, ranked ballots and their count.
//!
//! An election is a motion of kind [`MotionKind::Election`]: seats to fill and a first list of
//! candidates. Members nominate more ([`record::payload::Nominate`]) until a convenor opens the
//! ballot with a ranked rule, naming how many candidates the ballot paper has. Members then
//! rank candidates by their index on that paper; the last ranking of each member counts. When
//! the ballot closes, the result is the counting engine's ([`count::method::count`]) over the
//! rankings, each weighted as the electorate says — nothing is stored but the events, so every
//! node and `plenum verify` recount the same transcript from the same record.
//!
//! Cost: the count is made whenever a result is read, not kept in the state (which must be a
//! function of the events alone, and a deadline closes a ballot without an event). A count of
//! a few thousand rankings takes milliseconds; callers that show it often may keep it.

use count::method::Method as CountMethod;
use count::{CountError, Election, Transcript, stv};
use record::payload::{Candidate, Mark, Method, RankedRule};
use record::{EventId, PublicKey};
use serde::Serialize;

use crate::apply::MAX_NAME;
use crate::rejection::Rejection;
use crate::state::{Assembly, Ballot, Motion, MotionKind};

/// The most candidates an election may have (a ballot paper a phone can show).
pub const MAX_CANDIDATES: usize = 100;

/// A candidate of an election, with who put them on the list and by which event (the motion
/// itself for the first candidates, or a nomination).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nominee {
    pub name: String,
    pub member: Option<PublicKey>,
    pub by: PublicKey,
    pub event: EventId,
}

/// The counting engine's method for a ranked rule. The rule's options are the engine's
/// defaults, as `docs/counting.md` states them.
#[must_use]
pub fn count_method(rule: RankedRule) -> CountMethod {
    match rule {
        RankedRule::StvScottish => CountMethod::Stv(stv::Rule::Scotland),
        RankedRule::StvMeek => CountMethod::Stv(stv::Rule::Meek),
        RankedRule::StvWigm => CountMethod::Stv(stv::Rule::Wigm),
        RankedRule::StvWarren => CountMethod::Stv(stv::Rule::Warren),
        RankedRule::Irv => CountMethod::Irv,
        RankedRule::Schulze => CountMethod::Schulze,
        RankedRule::Borda => CountMethod::Borda,
    }
}

/// Checks a candidate against the assembly and the candidates already on the list.
///
/// # Errors
/// A blank or overlong name, a name already on the list (ignoring case), or a key that is not
/// a member's or is already a candidate.
pub(crate) fn check_candidate(
    a: &Assembly,
    candidate: &Candidate,
    listed: &[Candidate],
) -> Result<(), Rejection> {
    crate::apply::line("candidate", &candidate.name, MAX_NAME)?;
    let name = candidate.name.trim().to_lowercase();
    if listed.iter().any(|c| c.name.trim().to_lowercase() == name) {
        return Err(Rejection::DuplicateCandidate);
    }
    if let Some(key) = candidate.member {
        if !a.members.contains_key(&key) {
            return Err(Rejection::CandidateNotAMember);
        }
        if listed.iter().any(|c| c.member == Some(key)) {
            return Err(Rejection::DuplicateCandidate);
        }
    }
    Ok(())
}

/// Checks a ranking against a ballot paper of `candidates` candidates: every index on the
/// paper, none twice.
///
/// # Errors
/// [`Rejection::BadRanking`].
pub(crate) fn check_ranking(ranking: &[u16], candidates: u16) -> Result<(), Rejection> {
    let mut seen = vec![false; usize::from(candidates)];
    for &c in ranking {
        match seen.get_mut(usize::from(c)) {
            Some(slot) if !*slot => *slot = true,
            _ => return Err(Rejection::BadRanking),
        }
    }
    Ok(())
}

impl Motion {
    /// The seats of an election; `None` for other motions.
    #[must_use]
    pub fn seats(&self) -> Option<u16> {
        match &self.kind {
            MotionKind::Election(e) => Some(e.seats),
            _ => None,
        }
    }

    /// An election's candidates in the order of the ballot paper; none for other motions.
    #[must_use]
    pub fn candidates(&self) -> &[Nominee] {
        match &self.kind {
            MotionKind::Election(e) => &e.candidates,
            _ => &[],
        }
    }

    /// The candidates as listed, as the payload types name them.
    pub(crate) fn listed(&self) -> Vec<Candidate> {
        self.candidates()
            .iter()
            .map(|n| Candidate { name: n.name.clone(), member: n.member })
            .collect()
    }
}

impl Ballot {
    /// The rule of a ranked ballot.
    #[must_use]
    pub fn ranked_rule(&self) -> Option<RankedRule> {
        match self.method {
            Method::Ranked { rule, .. } => Some(rule),
            Method::YesNoAbstain | Method::Choose { .. } => None,
        }
    }

    /// A voter's ranking, if their last vote is one.
    #[must_use]
    pub fn ranking_of(&self, voter: &PublicKey) -> Option<&[u16]> {
        match &self.votes.get(voter)?.mark {
            Mark::Ranking(r) => Some(r),
            Mark::Choice(_) | Mark::Encrypted(_) => None,
        }
    }
}

impl Assembly {
    /// The ballots of a ranked ballot as the counting engine takes them: the candidates named
    /// as on the ballot paper, the motion's seats, and each voter's last ranking with their
    /// weight, in the order of the voters' keys. `None` if `ballot` is not a ranked ballot.
    #[must_use]
    pub fn election(&self, ballot: &EventId) -> Option<Election> {
        let b = self.ballots.get(ballot)?;
        let Method::Ranked { candidates, .. } = b.method else { return None };
        let m = self.motions.get(&b.motion)?;
        let names: Vec<String> =
            m.candidates().iter().take(usize::from(candidates)).map(|c| c.name.clone()).collect();
        let mut ballots = count::Ballots::new();
        for (voter, vote) in &b.votes {
            let Mark::Ranking(ranking) = &vote.mark else { continue };
            let weight = b.electorate.get(voter).copied().unwrap_or(0);
            let positions: Vec<[u16; 1]> = ranking.iter().map(|&c| [c]).collect();
            ballots.push(weight, &positions);
        }
        Some(Election {
            title: m.title.clone(),
            candidates: names,
            seats: usize::from(m.seats().unwrap_or(1)),
            withdrawn: Vec::new(),
            ballots,
        })
    }

    /// Counts a ranked ballot by its rule. `None` if `ballot` is not a ranked ballot.
    ///
    /// The count is made whether or not the ballot is closed (a running count, for whoever
    /// asks); [`Ballot::status`] says whether it is the result.
    #[must_use]
    pub fn count_election(&self, ballot: &EventId) -> Option<Result<Transcript, CountError>> {
        let rule = self.ballots.get(ballot)?.ranked_rule()?;
        let election = self.election(ballot)?;
        Some(count::method::count(&election, count_method(rule), &[]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rankings_name_each_candidate_on_the_paper_at_most_once() {
        assert_eq!(check_ranking(&[], 3), Ok(()));
        assert_eq!(check_ranking(&[2, 0, 1], 3), Ok(()));
        assert_eq!(check_ranking(&[1], 3), Ok(()));
        assert_eq!(check_ranking(&[3], 3), Err(Rejection::BadRanking));
        assert_eq!(check_ranking(&[0, 1, 0], 3), Err(Rejection::BadRanking));
        assert_eq!(check_ranking(&[u16::MAX], 3), Err(Rejection::BadRanking));
        assert_eq!(check_ranking(&[0], 0), Err(Rejection::BadRanking));
    }

    #[test]
    fn every_rule_maps_to_a_method_of_the_engine() {
        for rule in RankedRule::ALL {
            let method = count_method(rule);
            assert_eq!(CountMethod::from_name(&method.name()), Some(method), "{rule:?}");
        }
    }
}
