//! Single Transferable Vote: Scottish STV, WIGM, Meek and Warren, as the rules are published.
//!
//! The rules follow the reference implementations that the conformance counts come from
//! (Droop, by Jonathan Lundell, for the PR Foundation's reference rules and the Scottish 2007
//! order): the same quota, the same order of steps, the same rounding, the same tie-breaking.
//! Each rule's text is in `docs/counting.md`.
//!
//! - [`wigm`]: the weighted inclusive Gregory family — `scotland` (Scottish STV), `wigm`
//!   (generic), `wigm-prf` and `wigm-prf-batch` (the PR Foundation's reference WIGM).
//! - [`meek`]: `meek`, `warren` and `meek-prf` (the PR Foundation's reference Meek), iterating
//!   keep factors over a prefix tree of the ballots, so a million ballots stay fast.
//!
//! Ballots are read once into a [`Profile`]: withdrawn candidates removed, empty ballots dropped
//! (they do not count towards the quota), identical rankings kept apart only by weight.

pub mod meek;
pub mod wigm;

use crate::arith::{Arith, Fixed, Guarded, Rational};
use crate::ballot::{CandidateId, Election, OVERVOTE, SKIP};
use crate::error::CountError;
use crate::tie::{TieBreak, TieOrder};
use crate::transcript::{Event, Round, Transcript};

/// The STV rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Scotland,
    Wigm,
    WigmPrf,
    WigmPrfBatch,
    Meek,
    MeekPrf,
    Warren,
}

/// The arithmetic a count uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arithmetic {
    Fixed { precision: u32, display: u32 },
    Guarded { precision: u32, guard: u32, display: u32 },
    Rational { display: u32 },
}

/// Which batch defeats a rule may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefeatBatch {
    None,
    /// WIGM: defeat every hopeful candidate with no votes at once.
    Zero,
    /// Meek/Warren: defeat sure losers.
    Safe,
}

/// The options of an STV count. [`Options::new`] gives the rule's defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub rule: Rule,
    pub arithmetic: Arithmetic,
    /// Meek/Warren: iterate until the surplus is at most 1/10^omega.
    pub omega: u32,
    pub defeat_batch: DefeatBatch,
    /// WIGM: round the quota up to a whole number.
    pub integer_quota: bool,
    pub tie_break: TieBreak,
}

impl Rule {
    /// The rule's name, as Droop and the conformance cases spell it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Rule::Scotland => "scotland",
            Rule::Wigm => "wigm",
            Rule::WigmPrf => "wigm-prf",
            Rule::WigmPrfBatch => "wigm-prf-batch",
            Rule::Meek => "meek",
            Rule::MeekPrf => "meek-prf",
            Rule::Warren => "warren",
        }
    }

    #[must_use]
    pub fn from_name(name: &str) -> Option<Rule> {
        Some(match name {
            "scotland" | "scottish" => Rule::Scotland,
            "wigm" => Rule::Wigm,
            "wigm-prf" => Rule::WigmPrf,
            "wigm-prf-batch" => Rule::WigmPrfBatch,
            "meek" => Rule::Meek,
            "meek-prf" => Rule::MeekPrf,
            "warren" => Rule::Warren,
            _ => return None,
        })
    }

    /// Whether the rule fixes its own arithmetic (and ignores the arithmetic options).
    #[must_use]
    pub fn fixes_arithmetic(self) -> bool {
        matches!(self, Rule::Scotland | Rule::WigmPrf | Rule::WigmPrfBatch | Rule::MeekPrf)
    }

    fn is_meek(self) -> bool {
        matches!(self, Rule::Meek | Rule::MeekPrf | Rule::Warren)
    }
}

impl Options {
    /// The rule's own defaults (Droop's), with ties broken by `tie_break`.
    #[must_use]
    pub fn new(rule: Rule, tie_break: TieBreak) -> Self {
        let arithmetic = match rule {
            Rule::Scotland => Arithmetic::Fixed { precision: 5, display: 5 },
            Rule::WigmPrf | Rule::WigmPrfBatch => Arithmetic::Fixed { precision: 4, display: 4 },
            Rule::MeekPrf => Arithmetic::Fixed { precision: 9, display: 9 },
            Rule::Wigm | Rule::Meek | Rule::Warren => {
                Arithmetic::Guarded { precision: 18, guard: 9, display: 18 }
            }
        };
        let defeat_batch = match rule {
            Rule::Meek | Rule::Warren => DefeatBatch::Safe,
            _ => DefeatBatch::None,
        };
        Self { rule, arithmetic, omega: 9, defeat_batch, integer_quota: false, tie_break }
            .with_arithmetic_defaults()
    }

    /// Recomputes omega's default after the arithmetic changed (Droop's defaults: 6 for
    /// fixed, precision/2 for guarded, 10 for rational).
    #[must_use]
    pub fn with_arithmetic_defaults(mut self) -> Self {
        self.omega = match (self.rule, self.arithmetic) {
            (Rule::MeekPrf, _) => 6,
            (_, Arithmetic::Fixed { precision, .. }) => precision * 2 / 3,
            (_, Arithmetic::Guarded { precision, .. }) => precision / 2,
            (_, Arithmetic::Rational { .. }) => 10,
        };
        self
    }

    /// The effective options, by their source's names, for the transcript.
    #[must_use]
    pub fn describe(&self) -> Vec<(String, String)> {
        let mut o = vec![("rule".to_owned(), self.rule.name().to_owned())];
        match self.arithmetic {
            Arithmetic::Fixed { precision, display } => {
                o.push(("arithmetic".into(), "fixed".into()));
                o.push(("precision".into(), precision.to_string()));
                o.push(("display".into(), display.to_string()));
            }
            Arithmetic::Guarded { precision, guard, display } => {
                o.push(("arithmetic".into(), "guarded".into()));
                o.push(("precision".into(), precision.to_string()));
                o.push(("guard".into(), guard.to_string()));
                o.push(("display".into(), display.to_string()));
            }
            Arithmetic::Rational { display } => {
                o.push(("arithmetic".into(), "rational".into()));
                o.push(("display".into(), display.to_string()));
            }
        }
        if self.rule.is_meek() {
            o.push(("omega".into(), self.omega.to_string()));
        }
        if matches!(self.rule, Rule::Meek | Rule::Warren | Rule::Wigm) {
            let b = match self.defeat_batch {
                DefeatBatch::None => "none",
                DefeatBatch::Zero => "zero",
                DefeatBatch::Safe => "safe",
            };
            o.push(("defeat_batch".into(), b.into()));
        }
        if self.rule == Rule::Wigm {
            o.push(("integer_quota".into(), self.integer_quota.to_string()));
        }
        o
    }
}

/// Counts an election by STV.
///
/// # Errors
/// More seats than candidates, too few ballots, or weights too large for fixed arithmetic.
pub fn count(e: &Election, opts: &Options) -> Result<Transcript, CountError> {
    let profile = Profile::new(e, opts.rule)?;
    let tie = opts.tie_break.order(e.candidates.len());
    let method = if opts.rule == Rule::Scotland {
        "stv-scottish".to_owned()
    } else {
        format!("stv-{}", opts.rule.name())
    };
    let mut t = match opts.arithmetic {
        Arithmetic::Fixed { precision, display } => {
            let a = Fixed::new(precision, display);
            if profile.n_ballots > u128::from(a.max_total_weight()) {
                return Err(CountError::TooManyVotesForFixed { max: a.max_total_weight() });
            }
            run(&a, &profile, opts, &tie)
        }
        Arithmetic::Guarded { precision, guard, display } => {
            run(&Guarded::new(precision, guard, display), &profile, opts, &tie)
        }
        Arithmetic::Rational { display } => run(&Rational::new(display), &profile, opts, &tie),
    };
    t.method = method;
    t.options = opts.describe();
    t.seats = e.seats;
    t.candidates = e.candidates.clone();
    t.tie_break = tie.record;
    Ok(t)
}

fn run<A: Arith>(a: &A, p: &Profile, opts: &Options, tie: &TieOrder) -> Transcript {
    if opts.rule.is_meek() { meek::count(a, p, opts, tie) } else { wigm::count(a, p, opts, tie) }
}

/// The ballots as the STV rules read them.
#[derive(Debug, Clone)]
pub struct Profile {
    pub candidates: usize,
    pub seats: usize,
    pub withdrawn: Vec<bool>,
    /// Ballots without equal rankings: weight and a slice of `ranks`.
    pub weights: Vec<u64>,
    pub starts: Vec<u32>,
    pub ranks: Vec<CandidateId>,
    /// Ballots with an equal ranking (Meek shares them; WIGM rules read up to the tie).
    pub equal: Vec<(u64, Vec<Vec<CandidateId>>)>,
    /// The number of valid (non-empty) ballots, weights included.
    pub n_ballots: u128,
}

impl Profile {
    /// Reads the election: withdrawn candidates leave every ranking, skipped ranks close up,
    /// empty ballots are dropped.
    ///
    /// # Errors
    /// No seats, more seats than eligible candidates.
    pub fn new(e: &Election, rule: Rule) -> Result<Self, CountError> {
        let n = e.candidates.len();
        let mut withdrawn = vec![false; n];
        for &w in &e.withdrawn {
            if let Some(slot) = withdrawn.get_mut(usize::from(w)) {
                *slot = true;
            }
        }
        let eligible = withdrawn.iter().filter(|w| !**w).count();
        if e.seats == 0 || e.seats > eligible {
            return Err(CountError::Seats { seats: e.seats, candidates: eligible });
        }
        let mut p = Profile {
            candidates: n,
            seats: e.seats,
            withdrawn,
            weights: Vec::with_capacity(e.ballots.len()),
            starts: Vec::with_capacity(e.ballots.len() + 1),
            ranks: Vec::new(),
            equal: Vec::new(),
            n_ballots: 0,
        };
        p.starts.push(0);
        let mut groups: Vec<Vec<CandidateId>> = Vec::new();
        for b in e.ballots.iter() {
            if b.weight == 0 {
                continue;
            }
            if !b.has_equal_ranking() {
                let before = p.ranks.len();
                for &x in b.entries {
                    if x != SKIP && x != OVERVOTE && !p.withdrawn[usize::from(x)] {
                        p.ranks.push(x);
                    }
                }
                if p.ranks.len() > before {
                    p.weights.push(b.weight);
                    p.starts
                        .push(u32::try_from(p.ranks.len()).expect("fewer than 4 billion ranks"));
                    p.n_ballots += u128::from(b.weight);
                }
                continue;
            }
            groups.clear();
            for pos in b.positions() {
                let g: Vec<CandidateId> =
                    pos.candidates().filter(|&c| !p.withdrawn[usize::from(c)]).collect();
                if !g.is_empty() {
                    groups.push(g);
                }
            }
            if groups.is_empty() {
                continue;
            }
            p.n_ballots += u128::from(b.weight);
            if groups.iter().all(|g| g.len() == 1) {
                p.ranks.extend(groups.iter().map(|g| g[0]));
                p.weights.push(b.weight);
                p.starts.push(u32::try_from(p.ranks.len()).expect("fewer than 4 billion ranks"));
            } else if rule.is_meek() {
                p.equal.push((b.weight, groups.clone()));
            } else {
                // WIGM rules transfer a paper only to a single next preference: the paper is
                // read up to its first equal ranking, and is non-transferable from there.
                let single = groups.iter().take_while(|g| g.len() == 1).count();
                if single > 0 {
                    p.ranks.extend(groups[..single].iter().map(|g| g[0]));
                    p.weights.push(b.weight);
                    p.starts
                        .push(u32::try_from(p.ranks.len()).expect("fewer than 4 billion ranks"));
                }
            }
        }
        Ok(p)
    }

    #[must_use]
    pub fn ballots(&self) -> usize {
        self.weights.len()
    }

    #[must_use]
    pub fn ranking(&self, i: usize) -> &[CandidateId] {
        &self.ranks[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// A candidate's state during an STV count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Withdrawn,
    Hopeful,
    Elected,
    Defeated,
}

/// Builds the transcript round by round while a rule counts.
pub(crate) struct Recorder<'a, A: Arith> {
    a: &'a A,
    pub number: u32,
    pub rounds: Vec<Round>,
    pub current: Round,
    pub elected: Vec<CandidateId>,
    /// Each candidate's votes at the start of every round (for "earlier stages" tie-breaks).
    pub history: Vec<Vec<A::V>>,
}

impl<'a, A: Arith> Recorder<'a, A> {
    pub fn new(a: &'a A) -> Self {
        Self {
            a,
            number: 0,
            rounds: Vec::new(),
            current: Round::default(),
            elected: Vec::new(),
            history: Vec::new(),
        }
    }

    pub fn elect(&mut self, c: CandidateId, reason: crate::transcript::ElectReason) {
        self.elected.push(c);
        self.current.elected.push(c);
        self.current.events.push(Event::Elected { candidate: c, reason });
    }

    pub fn exclude(&mut self, c: CandidateId, reason: crate::transcript::ExcludeReason) {
        self.current.excluded.push(c);
        self.current.events.push(Event::Excluded { candidate: c, reason });
    }

    pub fn event(&mut self, e: Event) {
        self.current.events.push(e);
    }

    /// Closes the current round with the state at its end, and opens the next.
    pub fn next_round(&mut self, snap: &Snapshot<'_, A>) {
        self.close(snap);
        self.history.push(snap.votes.to_vec());
        self.number += 1;
        self.current = Round { number: self.number, ..Round::default() };
    }

    /// Closes the last round.
    pub fn finish(mut self, snap: &Snapshot<'_, A>) -> Transcript {
        self.close(snap);
        Transcript { elected: self.elected, rounds: self.rounds, ..Transcript::default() }
    }

    fn close(&mut self, s: &Snapshot<'_, A>) {
        let a = self.a;
        let mut r = std::mem::take(&mut self.current);
        r.number = self.number;
        r.tallies = s
            .votes
            .iter()
            .zip(s.state)
            .map(|(v, st)| (*st != State::Withdrawn).then(|| a.display(v)))
            .collect();
        r.quota = Some(a.display(s.quota));
        r.exhausted = s.exhausted.map(|x| a.display(x));
        r.keep_factors = s.keep_factors.map(|kf| {
            kf.iter()
                .zip(s.state)
                .map(|(k, st)| (*st != State::Withdrawn).then(|| a.display(k)))
                .collect()
        });
        self.rounds.push(r);
    }
}

/// The state a round closes with.
pub(crate) struct Snapshot<'s, A: Arith> {
    pub votes: &'s [A::V],
    pub state: &'s [State],
    pub quota: &'s A::V,
    pub exhausted: Option<&'s A::V>,
    pub keep_factors: Option<&'s [A::V]>,
}

/// Sorts candidates by (vote, ballot order) ascending under the rule's comparison. Insertion
/// sort: stable, and safe with guarded arithmetic's approximate equality (not a total order).
pub(crate) fn sort_by_vote<A: Arith>(a: &A, votes: &[A::V], cands: &mut [CandidateId]) {
    for i in 1..cands.len() {
        let mut j = i;
        while j > 0 {
            let (x, y) = (cands[j - 1], cands[j]);
            let ord = a.cmp(&votes[usize::from(x)], &votes[usize::from(y)]).then(x.cmp(&y));
            if ord == std::cmp::Ordering::Greater {
                cands.swap(j - 1, j);
                j -= 1;
            } else {
                break;
            }
        }
    }
}

/// The first maximum (or minimum) in candidate order, as Python's `max`/`min` find it.
pub(crate) fn extreme<A: Arith>(
    a: &A,
    votes: &[A::V],
    cands: &[CandidateId],
    highest: bool,
) -> A::V {
    let mut best = votes[usize::from(cands[0])].clone();
    for &c in &cands[1..] {
        let v = &votes[usize::from(c)];
        let better = if highest { a.gt(v, &best) } else { a.lt(v, &best) };
        if better {
            best = v.clone();
        }
    }
    best
}
