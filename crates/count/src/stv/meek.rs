//! Meek and Warren STV, and the PR Foundation's reference Meek, by iterated keep factors.
//!
//! Every elected candidate keeps a fraction (the keep factor) of each vote reaching them and
//! passes the rest on; keep factors are iterated until the elected candidates' surplus is at
//! most omega. Meek keeps `weight × kf` (rounded down, and passes `weight × (1 - kf)`);
//! Warren keeps `min(kf, weight)`; the PRF reference keeps `weight × kf` rounded up.
//!
//! Design decision: the ballots are a prefix tree (a trie), stored in preorder. A ballot's
//! path through the candidates depends only on its ranking, so every ballot sharing a prefix
//! receives exactly the same weights along it, and a node credits `keep × (ballots through it)`
//! once — bit-for-bit the sum of the per-ballot products, since multiplying by a count is
//! exact. The walk stops at the first hopeful candidate (keep factor 1 keeps everything), so
//! an iteration visits only the prefixes made of elected and defeated candidates. Cost: the
//! tree is built once (sort + scan); benefit: iterations cost a fraction of a pass over all
//! ballots.

use super::wigm::sure_loser_batch;
use super::{DefeatBatch, Options, Profile, Recorder, Rule, Snapshot, State, sort_by_vote};
use crate::arith::{Arith, Rounding};
use crate::ballot::CandidateId;
use crate::tie::TieOrder;
use crate::transcript::{
    ElectReason, Event, ExcludeReason, IterationEnd, TiePurpose, TieResolution, Transcript,
};

/// The ballots as a prefix tree in preorder.
pub(crate) struct Trie {
    cand: Vec<CandidateId>,
    depth: Vec<u32>,
    /// The total weight of the ballots whose ranking passes through the node.
    count: Vec<u64>,
    /// One past the node's subtree.
    end: Vec<u32>,
    max_depth: usize,
}

impl Trie {
    pub(crate) fn build(p: &Profile) -> Trie {
        let mut order: Vec<u32> = (0..p.ballots())
            .map(|i| u32::try_from(i).expect("fewer than 4 billion ballots"))
            .collect();
        order.sort_unstable_by(|&x, &y| p.ranking(x as usize).cmp(p.ranking(y as usize)));
        let mut t = Trie {
            cand: Vec::new(),
            depth: Vec::new(),
            count: Vec::new(),
            end: Vec::new(),
            max_depth: 0,
        };
        // The path of node indices from the root to the last ballot's deepest node.
        let mut path: Vec<u32> = Vec::new();
        let mut prev: &[CandidateId] = &[];
        for &b in &order {
            let r = p.ranking(b as usize);
            let common = r.iter().zip(prev).take_while(|(x, y)| x == y).count();
            let node_count = u32::try_from(t.cand.len()).expect("fewer than 4 billion nodes");
            while path.len() > common {
                let n = path.pop().expect("path is longer than the common prefix");
                t.end[n as usize] = node_count;
            }
            for (d, &c) in r.iter().enumerate().skip(common) {
                path.push(u32::try_from(t.cand.len()).expect("fewer than 4 billion nodes"));
                t.cand.push(c);
                t.depth.push(u32::try_from(d).expect("short rankings"));
                t.count.push(0);
                t.end.push(0);
            }
            let w = p.weights[b as usize];
            for &n in &path {
                t.count[n as usize] = t.count[n as usize].saturating_add(w);
            }
            t.max_depth = t.max_depth.max(r.len());
            prev = r;
        }
        let node_count = u32::try_from(t.cand.len()).expect("fewer than 4 billion nodes");
        for n in path {
            t.end[n as usize] = node_count;
        }
        t
    }

    #[must_use]
    pub(crate) fn nodes(&self) -> usize {
        self.cand.len()
    }
}

struct Count<'a, A: Arith> {
    a: &'a A,
    p: &'a Profile,
    rule: Rule,
    tie: &'a TieOrder,
    trie: Trie,
    state: Vec<State>,
    votes: Vec<A::V>,
    kf: Vec<A::V>,
    quota: A::V,
    surplus: A::V,
    total_votes: A::V,
    omega: A::V,
    defeat_batch: DefeatBatch,
    rec: Recorder<'a, A>,
    weights_by_depth: Vec<A::V>,
    /// The state at the last action taken: a round closes with the tallies its decisions were
    /// made on (a defeat is recorded before the defeated candidate's votes move on).
    logged: Option<Logged<A>>,
}

struct Logged<A: Arith> {
    votes: Vec<A::V>,
    state: Vec<State>,
    quota: A::V,
    exhausted: A::V,
    kf: Vec<A::V>,
}

/// Counts by Meek, Warren or the PRF reference Meek.
pub(crate) fn count<A: Arith>(a: &A, p: &Profile, opts: &Options, tie: &TieOrder) -> Transcript {
    let n = p.candidates;
    let state: Vec<State> =
        p.withdrawn.iter().map(|&w| if w { State::Withdrawn } else { State::Hopeful }).collect();
    let kf = state.iter().map(|s| if *s == State::Hopeful { a.one() } else { a.zero() }).collect();
    let trie = Trie::build(p);
    let depth = trie.max_depth + 2;
    let omega = a.div(&a.one(), &pow10(a, opts.omega), Rounding::Down);
    let mut c = Count {
        a,
        p,
        rule: opts.rule,
        tie,
        trie,
        state,
        votes: vec![a.zero(); n],
        kf,
        quota: a.zero(),
        surplus: a.zero(),
        total_votes: a.zero(),
        omega,
        defeat_batch: if opts.rule == Rule::MeekPrf {
            DefeatBatch::None
        } else {
            opts.defeat_batch
        },
        rec: Recorder::new(a),
        weights_by_depth: vec![a.one(); depth],
        logged: None,
    };
    c.run();
    let snap = Snapshot {
        votes: &c.votes,
        state: &c.state,
        quota: &c.quota,
        exhausted: Some(&a.sub(&a.int(nb(p)), &c.total_votes)),
        keep_factors: Some(&c.kf),
    };
    c.rec.finish(&snap)
}

fn nb(p: &Profile) -> u64 {
    u64::try_from(p.n_ballots).unwrap_or(u64::MAX)
}

fn pow10<A: Arith>(a: &A, e: u32) -> A::V {
    let mut v = a.one();
    for _ in 0..e {
        v = a.mul_int(&v, 10);
    }
    v
}

impl<'a, A: Arith> Count<'a, A> {
    fn ids(&self, want: impl Fn(State) -> bool) -> Vec<CandidateId> {
        (0..self.p.candidates)
            .filter(|&i| want(self.state[i]))
            .map(|i| CandidateId::try_from(i).expect("candidate count checked"))
            .collect()
    }

    fn hopeful(&self) -> Vec<CandidateId> {
        self.ids(|s| s == State::Hopeful)
    }

    fn elected(&self) -> Vec<CandidateId> {
        self.ids(|s| s == State::Elected)
    }

    fn seats_left(&self) -> isize {
        self.p.seats as isize - self.elected().len() as isize
    }

    fn complete(&self) -> bool {
        self.hopeful().len() as isize <= self.seats_left() || self.seats_left() <= 0
    }

    fn calc_quota(&self) -> A::V {
        let a = self.a;
        let seats = a.int(self.p.seats as u64 + 1);
        let q = a.div(&self.total_votes, &seats, Rounding::Down);
        if a.exact() { q } else { a.add(&q, &a.epsilon()) }
    }

    fn has_quota(&self, c: CandidateId) -> bool {
        let v = &self.votes[usize::from(c)];
        if self.rule != Rule::MeekPrf && self.a.exact() {
            self.a.gt(v, &self.quota)
        } else {
            self.a.ge(v, &self.quota)
        }
    }

    /// Keep and pass-on for one candidate: `(keep, new weight)`.
    #[inline]
    fn keep(&self, kf: &A::V, w: &A::V) -> (A::V, A::V) {
        let a = self.a;
        match self.rule {
            Rule::Warren => {
                let keep = if a.lt(kf, w) { kf.clone() } else { w.clone() };
                let rest = a.sub(w, &keep);
                (keep, rest)
            }
            Rule::MeekPrf => {
                let keep = a.mul(w, kf, Rounding::Up);
                let rest = a.sub(w, &keep);
                (keep, rest)
            }
            _ => (a.mul(w, kf, Rounding::Down), a.mul(w, &a.sub(&a.one(), kf), Rounding::Down)),
        }
    }

    /// Distributes every ballot by the current keep factors.
    fn distribute(&mut self) {
        let a = self.a;
        for (i, s) in self.state.iter().enumerate() {
            if matches!(s, State::Hopeful | State::Elected) {
                self.votes[i] = a.zero();
            }
        }
        let zero = a.zero();
        let t = &self.trie;
        let mut i = 0usize;
        let n = t.nodes();
        while i < n {
            let c = usize::from(t.cand[i]);
            let d = t.depth[i] as usize;
            let kf = &self.kf[c];
            if a.is_zero(kf) {
                let w = self.weights_by_depth[d].clone();
                self.weights_by_depth[d + 1] = w;
                i += 1;
                continue;
            }
            let (keep, rest) = self.keep(kf, &self.weights_by_depth[d]);
            let credit = a.mul_int(&keep, t.count[i]);
            self.votes[c] = a.add(&self.votes[c], &credit);
            if a.le(&rest, &zero) {
                i = t.end[i] as usize;
            } else {
                self.weights_by_depth[d + 1] = rest;
                i += 1;
            }
        }
        for bi in 0..self.p.equal.len() {
            let (weight, _) = &self.p.equal[bi];
            let weight = *weight;
            self.distribute_equal(bi, 0, a.one(), weight);
        }
    }

    /// Equal rankings: the weight is shared equally among the continuing candidates of a
    /// position, and each share continues down the ballot separately.
    fn distribute_equal(&mut self, bi: usize, pos: usize, w: A::V, m: u64) {
        let a = self.a;
        let groups = &self.p.equal[bi].1;
        if a.is_zero(&w) || pos >= groups.len() {
            return;
        }
        let cids: Vec<CandidateId> = groups[pos]
            .iter()
            .copied()
            .filter(|&c| matches!(self.state[usize::from(c)], State::Hopeful | State::Elected))
            .collect();
        if cids.is_empty() {
            self.distribute_equal(bi, pos + 1, w, m);
            return;
        }
        let share = a.div(&w, &a.int(cids.len() as u64), Rounding::Down);
        for c in cids {
            let (keep, rest) = self.keep(&self.kf[usize::from(c)], &share);
            let credit = a.mul_int(&keep, m);
            self.votes[usize::from(c)] = a.add(&self.votes[usize::from(c)], &credit);
            self.distribute_equal(bi, pos + 1, rest, m);
        }
    }

    fn first_preferences(&mut self) {
        let a = self.a;
        let t = &self.trie;
        for i in 0..t.nodes() {
            if t.depth[i] == 0 {
                let c = usize::from(t.cand[i]);
                self.votes[c] = a.add(&self.votes[c], &a.int(t.count[i]));
            }
        }
        for (m, groups) in &self.p.equal {
            let share =
                a.mul_int(&a.div(&a.one(), &a.int(groups[0].len() as u64), Rounding::Down), *m);
            for &c in &groups[0] {
                self.votes[usize::from(c)] = a.add(&self.votes[usize::from(c)], &share);
            }
        }
    }

    /// Records the state as of now, as the state the current round will close with.
    fn log_state(&mut self) {
        let exhausted = self.a.sub(&self.a.int(nb(self.p)), &self.total_votes);
        self.logged = Some(Logged {
            votes: self.votes.clone(),
            state: self.state.clone(),
            quota: self.quota.clone(),
            exhausted,
            kf: self.kf.clone(),
        });
    }

    fn snapshot_next_round(&mut self) {
        if self.logged.is_none() {
            self.log_state();
        }
        let l = self.logged.take().expect("logged above");
        let snap = Snapshot {
            votes: &l.votes,
            state: &l.state,
            quota: &l.quota,
            exhausted: Some(&l.exhausted),
            keep_factors: Some(&l.kf),
        };
        self.rec.next_round(&snap);
    }

    fn run(&mut self) {
        let a = self.a;
        self.total_votes = a.int(nb(self.p));
        self.quota = self.calc_quota();
        self.first_preferences();
        while !self.complete() {
            self.snapshot_next_round();
            let (why, batch) = self.iterate();
            self.log_state();
            self.rec.event(Event::Iterated { why, surplus: a.display(&self.surplus) });
            match why {
                IterationEnd::Elected => continue,
                IterationEnd::SureLosers => {
                    for c in batch {
                        self.defeat(c, ExcludeReason::SureLoser);
                        if self.rule != Rule::MeekPrf {
                            self.distribute();
                            self.sum_votes();
                        }
                    }
                    continue;
                }
                IterationEnd::Omega | IterationEnd::Stable => {}
            }
            let hopeful = self.hopeful();
            if hopeful.is_empty() {
                continue;
            }
            // The lowest vote, exactly (Droop's V.min), and everyone within the surplus of it.
            let mut low = self.votes[usize::from(hopeful[0])].clone();
            for &c in &hopeful[1..] {
                if a.cmp_exact(&self.votes[usize::from(c)], &low) == std::cmp::Ordering::Less {
                    low = self.votes[usize::from(c)].clone();
                }
            }
            let reach = a.add(&low, &self.surplus);
            let tied: Vec<CandidateId> = hopeful
                .into_iter()
                .filter(|&c| a.ge(&reach, &self.votes[usize::from(c)]))
                .collect();
            let loser = if tied.len() == 1 {
                tied[0]
            } else {
                let chosen = self.tie.first(&tied);
                self.rec.event(Event::Tie {
                    purpose: TiePurpose::Exclude,
                    among: tied.clone(),
                    chosen,
                    by: TieResolution::Lot,
                });
                chosen
            };
            self.defeat(loser, ExcludeReason::Lowest);
            if self.rule != Rule::MeekPrf {
                self.distribute();
                self.sum_votes();
            }
        }
        for c in self.hopeful() {
            if (self.elected().len()) < self.p.seats {
                self.state[usize::from(c)] = State::Elected;
                self.rec.elect(c, ElectReason::RemainingSeats);
            } else {
                self.defeat(c, ExcludeReason::SeatsFilled);
            }
            if self.rule != Rule::MeekPrf {
                self.distribute();
                self.sum_votes();
            }
        }
    }

    fn sum_votes(&mut self) {
        let a = self.a;
        let mut total = a.zero();
        for (i, s) in self.state.iter().enumerate() {
            if matches!(s, State::Hopeful | State::Elected) {
                total = a.add(&total, &self.votes[i]);
            }
        }
        self.total_votes = total;
    }

    fn defeat(&mut self, c: CandidateId, reason: ExcludeReason) {
        let a = self.a;
        self.state[usize::from(c)] = State::Defeated;
        self.log_state();
        self.kf[usize::from(c)] = a.zero();
        self.votes[usize::from(c)] = a.zero();
        self.rec.exclude(c, reason);
    }

    /// One round's iteration of keep factors (Droop's `iterate`).
    fn iterate(&mut self) -> (IterationEnd, Vec<CandidateId>) {
        let a = self.a;
        let mut last_surplus = a.int(nb(self.p));
        let mut elected_any = false;
        loop {
            self.distribute();
            self.sum_votes();
            self.quota = if self.rule == Rule::MeekPrf {
                let q = a.div(&self.total_votes, &a.int(self.p.seats as u64 + 1), Rounding::Down);
                a.add(&q, &a.epsilon())
            } else {
                self.calc_quota()
            };
            for c in self.hopeful() {
                if self.has_quota(c) {
                    self.state[usize::from(c)] = State::Elected;
                    self.rec.elect(c, ElectReason::Quota);
                    elected_any = true;
                }
            }
            let mut surplus = a.zero();
            for c in self.elected() {
                surplus = a.add(&surplus, &a.sub(&self.votes[usize::from(c)], &self.quota));
            }
            if self.rule == Rule::MeekPrf
                && a.cmp_exact(&surplus, &a.zero()) == std::cmp::Ordering::Less
            {
                surplus = a.zero();
            }
            self.surplus = surplus;
            if elected_any {
                return (IterationEnd::Elected, Vec::new());
            }
            let done_by_omega = if self.rule == Rule::MeekPrf {
                a.lt(&self.surplus, &self.omega)
            } else {
                a.le(&self.surplus, &self.omega)
            };
            if done_by_omega {
                return (IterationEnd::Omega, Vec::new());
            }
            if a.ge(&self.surplus, &last_surplus) {
                return (IterationEnd::Stable, Vec::new());
            }
            if self.defeat_batch == DefeatBatch::Safe {
                let mut sorted = self.hopeful();
                sort_by_vote(a, &self.votes, &mut sorted);
                let batch =
                    sure_loser_batch(a, &self.votes, &sorted, &self.surplus, self.seats_left());
                if !batch.is_empty() {
                    return (IterationEnd::SureLosers, batch);
                }
            }
            last_surplus = self.surplus.clone();
            for c in self.elected() {
                let ci = usize::from(c);
                let scaled = a.mul(&self.kf[ci], &self.quota, Rounding::Up);
                self.kf[ci] = a.div(&scaled, &self.votes[ci], Rounding::Up);
            }
        }
    }
}
