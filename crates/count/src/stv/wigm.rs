//! The weighted inclusive Gregory method: Scottish STV, generic WIGM and the PRF reference WIGM.
//!
//! Every ballot sits in the parcel of the candidate it currently counts for, with a weight
//! (1 at first). Transferring a surplus reweights that candidate's whole parcel (inclusive
//! Gregory) and moves each ballot to its next *hopeful* preference; excluding a candidate moves
//! its parcel at the weights the ballots carry. Only the parcel being moved is touched, so a
//! count costs the transfers it makes, not rounds × ballots.
//!
//! The four rules differ in quota, rounding and order of steps (see `docs/counting.md`):
//! - `scotland`: quota ⌊valid/(seats+1)⌋+1; transfer value `weight × surplus / total`
//!   truncated to 5 places per paper; the largest surplus first; ties by the most recent
//!   earlier stage at which the candidates differed, then by lot; elect at the end of a stage.
//! - `wigm`: quota valid/(seats+1) (+ one unit when inexact, or rounded to an integer); ties by
//!   the predetermined order; optional batch defeat of candidates with no votes.
//! - `wigm-prf`, `wigm-prf-batch`: the PR Foundation reference rule, 4 places, quota
//!   valid/(seats+1)+0.0001, optional batch defeat of sure losers.

use super::{Options, Profile, Recorder, Rule, Snapshot, State, extreme, sort_by_vote};
use crate::arith::{Arith, Rounding};
use crate::ballot::CandidateId;
use crate::stv::DefeatBatch;
use crate::tie::TieOrder;
use crate::transcript::{ElectReason, Event, ExcludeReason, TiePurpose, TieResolution, Transcript};

struct Count<'a, A: Arith> {
    a: &'a A,
    p: &'a Profile,
    rule: Rule,
    tie: &'a TieOrder,
    state: Vec<State>,
    pending: Vec<bool>,
    votes: Vec<A::V>,
    /// Each ballot's current weight and position in its ranking.
    weight: Vec<A::V>,
    pos: Vec<u32>,
    /// The ballots each candidate currently holds.
    parcels: Vec<Vec<u32>>,
    exhausted: A::V,
    quota: A::V,
    rec: Recorder<'a, A>,
}

/// Counts by one of the WIGM rules.
pub(crate) fn count<A: Arith>(a: &A, p: &Profile, opts: &Options, tie: &TieOrder) -> Transcript {
    let n = p.candidates;
    let state: Vec<State> =
        p.withdrawn.iter().map(|&w| if w { State::Withdrawn } else { State::Hopeful }).collect();
    let mut c = Count {
        a,
        p,
        rule: opts.rule,
        tie,
        state,
        pending: vec![false; n],
        votes: vec![a.zero(); n],
        weight: vec![a.one(); p.ballots()],
        pos: vec![0; p.ballots()],
        parcels: vec![Vec::new(); n],
        exhausted: a.zero(),
        quota: a.zero(),
        rec: Recorder::new(a),
    };
    let nb = u64::try_from(p.n_ballots).unwrap_or(u64::MAX);
    let seats = p.seats as u64;
    c.quota = match opts.rule {
        Rule::Scotland => a.int(nb / (seats + 1) + 1),
        _ if opts.integer_quota => a.int(1 + nb / (seats + 1)),
        _ if a.exact() => a.div(&a.int(nb), &a.int(seats + 1), Rounding::Down),
        _ => a.add(&a.div(&a.int(nb), &a.int(seats + 1), Rounding::Down), &a.epsilon()),
    };
    for b in 0..p.ballots() {
        let top = p.ranking(b)[0];
        let v = c.ballot_vote(b);
        c.votes[usize::from(top)] = a.add(&c.votes[usize::from(top)], &v);
        c.parcels[usize::from(top)].push(u32::try_from(b).expect("fewer than 4 billion ballots"));
    }
    match opts.rule {
        Rule::Scotland => c.scotland(),
        _ => c.generic(opts.defeat_batch),
    }
    let snap = Snapshot {
        votes: &c.votes,
        state: &c.state,
        quota: &c.quota,
        exhausted: Some(&c.exhausted),
        keep_factors: None,
    };
    c.rec.finish(&snap)
}

impl<'a, A: Arith> Count<'a, A> {
    fn ballot_vote(&self, b: usize) -> A::V {
        let w = self.p.weights[b];
        if w == 1 { self.weight[b].clone() } else { self.a.mul_int(&self.weight[b], w) }
    }

    fn hopeful(&self) -> Vec<CandidateId> {
        (0..self.p.candidates)
            .filter(|&i| self.state[i] == State::Hopeful)
            .map(|i| CandidateId::try_from(i).expect("candidate count checked"))
            .collect()
    }

    fn pending_list(&self) -> Vec<CandidateId> {
        (0..self.p.candidates)
            .filter(|&i| self.state[i] == State::Elected && self.pending[i])
            .map(|i| CandidateId::try_from(i).expect("candidate count checked"))
            .collect()
    }

    fn elected_count(&self) -> usize {
        self.state.iter().filter(|s| **s == State::Elected).count()
    }

    fn seats_left(&self) -> isize {
        self.p.seats as isize - self.elected_count() as isize
    }

    fn has_quota(&self, c: CandidateId) -> bool {
        let v = &self.votes[usize::from(c)];
        let strict = self.rule == Rule::Wigm && self.a.exact();
        if strict { self.a.gt(v, &self.quota) } else { self.a.ge(v, &self.quota) }
    }

    fn snapshot_next_round(&mut self) {
        let snap = Snapshot {
            votes: &self.votes,
            state: &self.state,
            quota: &self.quota,
            exhausted: Some(&self.exhausted),
            keep_factors: None,
        };
        self.rec.next_round(&snap);
    }

    /// Elects every hopeful candidate with a quota, highest vote first, surplus pending.
    fn elect_with_quota(&mut self) {
        let mut order = self.hopeful();
        sort_by_vote(self.a, &self.votes, &mut order);
        for &c in order.iter().rev() {
            if self.has_quota(c) {
                self.state[usize::from(c)] = State::Elected;
                self.pending[usize::from(c)] = true;
                self.rec.elect(c, ElectReason::Quota);
            }
        }
    }

    /// Moves ballot `b` to its next hopeful preference, or exhausts it.
    fn transfer(&mut self, b: u32) {
        let bi = b as usize;
        let ranking = self.p.ranking(bi);
        let mut i = self.pos[bi] as usize;
        while i < ranking.len() && self.state[usize::from(ranking[i])] != State::Hopeful {
            i += 1;
        }
        self.pos[bi] = i as u32;
        let v = self.ballot_vote(bi);
        if i >= ranking.len() {
            self.exhausted = self.a.add(&self.exhausted, &v);
        } else {
            let to = usize::from(ranking[i]);
            self.votes[to] = self.a.add(&self.votes[to], &v);
            self.parcels[to].push(b);
        }
    }

    /// Records where the votes moved since `before` went.
    fn record_transfers(&mut self, from: &[CandidateId], before: &[A::V], exhausted_before: &A::V) {
        let a = self.a;
        let mut to = Vec::new();
        for (i, (now, was)) in self.votes.iter().zip(before).enumerate() {
            let c = CandidateId::try_from(i).expect("candidate count checked");
            if from.contains(&c) {
                continue;
            }
            let gain = a.sub(now, was);
            if !a.is_zero(&gain) {
                to.push((Some(c), a.display(&gain)));
            }
        }
        let gone = a.sub(&self.exhausted, exhausted_before);
        if !a.is_zero(&gone) {
            to.push((None, a.display(&gone)));
        }
        self.rec.event(Event::Transfers { from: from.to_vec(), to });
    }

    fn transfer_surplus(&mut self, c: CandidateId) {
        let a = self.a;
        let ci = usize::from(c);
        let before = self.votes.clone();
        let exhausted_before = self.exhausted.clone();
        self.pending[ci] = false;
        let total = self.votes[ci].clone();
        let surplus = a.sub(&total, &self.quota);
        let parcel = std::mem::take(&mut self.parcels[ci]);
        for &b in &parcel {
            let w = &self.weight[b as usize];
            self.weight[b as usize] = if self.rule == Rule::Scotland {
                a.muldiv(w, &surplus, &total, Rounding::Down)
            } else {
                a.div(&a.mul(w, &surplus, Rounding::Down), &total, Rounding::Down)
            };
            self.transfer(b);
        }
        self.votes[ci] = self.quota.clone();
        self.rec.event(Event::SurplusTransferred { candidate: c, surplus: a.display(&surplus) });
        self.record_transfers(&[c], &before, &exhausted_before);
    }

    fn transfer_defeated(&mut self, cs: &[CandidateId]) {
        let before = self.votes.clone();
        let exhausted_before = self.exhausted.clone();
        for &c in cs {
            let parcel = std::mem::take(&mut self.parcels[usize::from(c)]);
            for &b in &parcel {
                self.transfer(b);
            }
        }
        for &c in cs {
            self.votes[usize::from(c)] = self.a.zero();
        }
        self.rec.event(Event::VotesTransferred { from: cs.to_vec() });
        self.record_transfers(cs, &before, &exhausted_before);
    }

    fn defeat(&mut self, c: CandidateId, reason: ExcludeReason) {
        self.state[usize::from(c)] = State::Defeated;
        self.rec.exclude(c, reason);
    }

    /// Breaks a tie by the predetermined order (WIGM, PRF).
    fn break_by_order(&mut self, tied: &[CandidateId], purpose: TiePurpose) -> CandidateId {
        if tied.len() == 1 {
            return tied[0];
        }
        let chosen = self.tie.first(tied);
        self.rec.event(Event::Tie {
            purpose,
            among: tied.to_vec(),
            chosen,
            by: TieResolution::Lot,
        });
        chosen
    }

    /// Scottish rules 49(2)-(3) and 51(2): the most recent earlier stage at which the tied
    /// candidates had unequal votes decides; if they were equal at every stage, the lot.
    fn break_by_stages(&mut self, tied: &[CandidateId], purpose: TiePurpose) -> CandidateId {
        if tied.len() == 1 {
            return tied[0];
        }
        let lowest = purpose == TiePurpose::Exclude;
        let mut contenders = tied.to_vec();
        for n in (0..self.rec.history.len()).rev() {
            let votes = &self.rec.history[n];
            let mut sorted = contenders.clone();
            sort_by_vote(self.a, votes, &mut sorted);
            let pick = if lowest { sorted[0] } else { sorted[sorted.len() - 1] };
            let target = votes[usize::from(pick)].clone();
            contenders = sorted
                .into_iter()
                .filter(|&c| self.a.eq(&votes[usize::from(c)], &target))
                .collect();
            if contenders.len() == 1 {
                let chosen = contenders[0];
                // history[n] holds the votes at the end of stage n.
                let stage = u32::try_from(n).expect("few rounds");
                self.rec.event(Event::Tie {
                    purpose,
                    among: tied.to_vec(),
                    chosen,
                    by: TieResolution::EarlierRound(stage),
                });
                return chosen;
            }
        }
        let chosen = self.tie.first(&contenders);
        self.rec.event(Event::Tie {
            purpose,
            among: tied.to_vec(),
            chosen,
            by: TieResolution::Lot,
        });
        chosen
    }

    fn count_complete(&self) -> bool {
        self.seats_left() <= 0 || self.hopeful().len() as isize <= self.seats_left()
    }

    /// Scottish STV (SSI 2007/42, rules 45-52).
    fn scotland(&mut self) {
        loop {
            self.elect_with_quota();
            if self.count_complete() {
                break;
            }
            self.snapshot_next_round();
            let pending = self.pending_list();
            if !pending.is_empty() {
                let high = extreme(self.a, &self.votes, &pending, true);
                let tied: Vec<_> = pending
                    .into_iter()
                    .filter(|&c| self.a.eq(&self.votes[usize::from(c)], &high))
                    .collect();
                let c = self.break_by_stages(&tied, TiePurpose::Surplus);
                self.transfer_surplus(c);
                continue;
            }
            let hopeful = self.hopeful();
            if !hopeful.is_empty() {
                let low = extreme(self.a, &self.votes, &hopeful, false);
                let tied: Vec<_> = hopeful
                    .into_iter()
                    .filter(|&c| self.a.eq(&self.votes[usize::from(c)], &low))
                    .collect();
                let c = self.break_by_stages(&tied, TiePurpose::Exclude);
                self.defeat(c, ExcludeReason::Lowest);
                self.transfer_defeated(&[c]);
            }
            if self.count_complete() {
                break;
            }
        }
        for c in self.pending_list() {
            self.pending[usize::from(c)] = false;
        }
        let hopeful = self.hopeful();
        if hopeful.len() as isize <= self.seats_left() {
            for c in hopeful {
                self.state[usize::from(c)] = State::Elected;
                self.rec.elect(c, ElectReason::RemainingSeats);
            }
        }
        for c in self.hopeful() {
            self.defeat(c, ExcludeReason::SeatsFilled);
        }
    }

    /// Generic WIGM and the PRF reference WIGM.
    fn generic(&mut self, defeat_batch: DefeatBatch) {
        let batch = self.rule == Rule::WigmPrfBatch;
        while self.hopeful().len() as isize > self.seats_left() && self.seats_left() > 0 {
            self.snapshot_next_round();
            self.elect_with_quota();
            if batch {
                let losers = self.sure_losers();
                if !losers.is_empty() {
                    for &c in &losers {
                        self.defeat(c, ExcludeReason::SureLoser);
                    }
                    if self.hopeful().len() as isize <= self.seats_left() {
                        break;
                    }
                    self.transfer_defeated(&losers);
                    continue;
                }
            }
            let pending = self.pending_list();
            if !pending.is_empty() {
                let high = extreme(self.a, &self.votes, &pending, true);
                let tied: Vec<_> = pending
                    .into_iter()
                    .filter(|&c| self.a.eq(&self.votes[usize::from(c)], &high))
                    .collect();
                let c = self.break_by_order(&tied, TiePurpose::Surplus);
                self.transfer_surplus(c);
            } else {
                let hopeful = self.hopeful();
                if hopeful.is_empty() {
                    continue;
                }
                let low = extreme(self.a, &self.votes, &hopeful, false);
                let tied: Vec<_> = hopeful
                    .into_iter()
                    .filter(|&c| self.a.eq(&self.votes[usize::from(c)], &low))
                    .collect();
                let defeated = if defeat_batch == DefeatBatch::Zero && self.a.is_zero(&low) {
                    for &c in &tied {
                        self.defeat(c, ExcludeReason::SureLoser);
                    }
                    tied
                } else {
                    let c = self.break_by_order(&tied, TiePurpose::Exclude);
                    self.defeat(c, ExcludeReason::Lowest);
                    vec![c]
                };
                self.transfer_defeated(&defeated);
            }
        }
        for c in self.pending_list() {
            self.pending[usize::from(c)] = false;
        }
        for c in self.hopeful() {
            if self.elected_count() < self.p.seats {
                self.state[usize::from(c)] = State::Elected;
                self.rec.elect(c, ElectReason::RemainingSeats);
            } else {
                self.defeat(c, ExcludeReason::SeatsFilled);
            }
        }
    }

    /// PRF B.2: the largest set of lowest hopeful candidates, tied groups kept whole, whose
    /// votes plus all pending surpluses are below the next candidate, leaving enough hopefuls.
    fn sure_losers(&self) -> Vec<CandidateId> {
        let a = self.a;
        let surplus = a.sum(
            self.pending_list()
                .iter()
                .map(|&c| a.sub(&self.votes[usize::from(c)], &self.quota))
                .collect::<Vec<_>>()
                .iter(),
        );
        let mut hopeful = self.hopeful();
        sort_by_vote(a, &self.votes, &mut hopeful);
        sure_loser_batch(a, &self.votes, &hopeful, &surplus, self.seats_left())
    }
}

/// Groups candidates sorted by vote into ties (within `surplus`) and finds the largest batch of
/// lowest groups whose total plus `surplus` stays below the next group; Droop's `batchDefeat`.
pub(crate) fn sure_loser_batch<A: Arith>(
    a: &A,
    votes: &[A::V],
    sorted: &[CandidateId],
    surplus: &A::V,
    seats_left: isize,
) -> Vec<CandidateId> {
    let mut groups: Vec<Vec<CandidateId>> = Vec::new();
    let mut group: Vec<CandidateId> = Vec::new();
    let mut vote = a.zero();
    for &c in sorted {
        let cv = &votes[usize::from(c)];
        if a.ge(&a.add(&vote, surplus), cv) {
            group.push(c);
        } else {
            if !group.is_empty() {
                groups.push(std::mem::take(&mut group));
            }
            group = vec![c];
            vote = cv.clone();
        }
    }
    if !group.is_empty() {
        groups.push(group);
    }
    let max_defeat = sorted.len() as isize - seats_left;
    let mut total = a.zero();
    let mut ncand = 0isize;
    let mut maxg = None;
    for g in 0..groups.len().saturating_sub(1) {
        ncand += groups[g].len() as isize;
        if ncand > max_defeat {
            break;
        }
        for &c in &groups[g] {
            total = a.add(&total, &votes[usize::from(c)]);
        }
        let next = &votes[usize::from(groups[g + 1][0])];
        if a.lt(&a.add(&total, surplus), next) {
            maxg = Some(g);
        }
    }
    let mut batch: Vec<CandidateId> = match maxg {
        Some(m) => groups[..=m].iter().flatten().copied().collect(),
        None => Vec::new(),
    };
    batch.sort_unstable();
    batch
}
