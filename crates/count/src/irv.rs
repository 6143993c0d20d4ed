//! Instant-runoff voting with the options US elections use, as RCTab tabulates them.
//!
//! RCTab (the Ranked Choice Voting Resource Center's tabulator) is the reference: its options
//! keep their names (`overvoteRule`, `maxSkippedRanksAllowed`, `batchElimination`, ...) and its
//! round structure is reproduced, so RCTab's published results are conformance vectors.
//!
//! Each round: every ballot counts for its highest-ranked continuing candidate, reading past
//! skipped ranks (up to `maxSkippedRanksAllowed`), applying the overvote rule to a rank with
//! several candidates, and optionally exhausting on a repeated candidate. Then either winners
//! are declared (a majority, or the threshold in multi-winner modes, whose surpluses transfer
//! fractionally at `decimalPlacesForVoteArithmetic` places, rounding down), or candidates are
//! eliminated: undeclared write-ins first, then those under a minimum, then a batch of
//! mathematically certain losers, else the lowest (ties per `tiebreakMode`).
//!
//! Winner modes: single winner (majority), multi-winner with several or one winner per round,
//! bottoms-up (eliminate until the seats are filled), bottoms-up with a percentage threshold,
//! and sequential multi-pass IRV (each pass elects one, previous winners excluded).
//!
//! Ties: RCTab's modes (`useCandidateOrder`, `random` with `randomSeed` drawn from the same
//! generator as RCTab, `generatePermutation`, `previousRoundCountsThenRandom`); plenum's
//! default is `previousRoundCountsThenLot`: earlier rounds, then the order drawn by lot.

use crate::arith::{Arith, Fixed, Rounding, parse_decimal};
use crate::ballot::{CandidateId, EQUAL, Election, OVERVOTE, SKIP};
use crate::case::UWI_LABEL;
use crate::error::CountError;
use crate::method::{OptionReader, bad, tie_break};
use crate::tie::{JavaRandom, TieOrder};
use crate::transcript::{
    ElectReason, Event, ExcludeReason, Round, TieBreakRecord, TiePurpose, TieResolution, Transcript,
};

/// How a rank with several candidates is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OvervoteRule {
    AlwaysSkipToNextRank,
    ExhaustImmediately,
    ExhaustIfMultipleContinuing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WinnerMode {
    SingleWinnerMajority,
    MultiWinnerOnePerRound,
    MultiWinnerMultiplePerRound,
    BottomsUp,
    BottomsUpPercentage,
    MultiPass,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TieMode {
    CandidateOrder,
    Random {
        seed: i64,
    },
    GeneratePermutation {
        seed: i64,
    },
    PreviousRoundsThenRandom {
        seed: i64,
    },
    /// plenum's default: earlier rounds, then the lot.
    PreviousRoundsThenLot,
}

/// The options of an IRV count (RCTab's keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub seats: usize,
    pub overvote: OvervoteRule,
    /// `None` = unlimited.
    pub max_skipped: Option<usize>,
    pub max_rankings: usize,
    pub batch_elimination: bool,
    pub continue_until_two: bool,
    pub mode: WinnerMode,
    pub places: u32,
    /// Scaled by 10^places.
    pub minimum: i128,
    pub non_integer_threshold: bool,
    pub hare: bool,
    pub first_round_threshold: bool,
    /// Bottoms-up percentage, scaled by 10^places (15% = 0.15).
    pub percentage: i128,
    pub exhaust_on_duplicate: bool,
    pub stop_after_round: Option<u32>,
    pub tie: TieMode,
}

const KNOWN: &[&str] = &[
    "tiebreakMode",
    "randomSeed",
    "overvoteRule",
    "winnerElectionMode",
    "numberOfWinners",
    "multiSeatBottomsUpPercentageThreshold",
    "decimalPlacesForVoteArithmetic",
    "minimumVoteThreshold",
    "maxSkippedRanksAllowed",
    "maxRankingsAllowed",
    "nonIntegerWinningThreshold",
    "doesFirstRoundDetermineThreshold",
    "hareQuota",
    "batchElimination",
    "continueUntilTwoCandidatesRemain",
    "stopTabulationEarlyAfterRound",
    "exhaustOnDuplicateCandidate",
    "rulesDescription",
    "treatBlankAsUndeclaredWriteIn",
    "tie",
    "tie_order",
    "seed",
];

impl Options {
    /// Reads RCTab's keys, over plenum's defaults.
    ///
    /// # Errors
    /// Unknown keys, bad values, interactive tie-break modes (a count cannot stop to ask).
    pub fn from_pairs(e: &Election, pairs: &[(String, String)]) -> Result<Options, CountError> {
        let o = OptionReader::new(pairs);
        o.only(KNOWN)?;
        let places = o.u32("decimalPlacesForVoteArithmetic")?.unwrap_or(4);
        if places > 12 {
            return Err(bad("decimalPlacesForVoteArithmetic", &places.to_string(), "at most 12"));
        }
        let seats = match o.parse::<usize>("numberOfWinners", "a whole number")? {
            Some(n) => n,
            None => e.seats.max(1),
        };
        let overvote = match o.get("overvoteRule") {
            None | Some("" | "exhaustImmediately") => OvervoteRule::ExhaustImmediately,
            Some("alwaysSkipToNextRank") => OvervoteRule::AlwaysSkipToNextRank,
            Some("exhaustIfMultipleContinuing") => OvervoteRule::ExhaustIfMultipleContinuing,
            Some(v) => {
                return Err(bad(
                    "overvoteRule",
                    v,
                    "alwaysSkipToNextRank, exhaustImmediately or exhaustIfMultipleContinuing",
                ));
            }
        };
        let max_skipped = match o.get("maxSkippedRanksAllowed") {
            None | Some("" | "unlimited") => None,
            Some(v) => Some(
                v.parse()
                    .map_err(|_| bad("maxSkippedRanksAllowed", v, "a whole number or unlimited"))?,
            ),
        };
        let max_rankings = match o.get("maxRankingsAllowed") {
            None | Some("" | "max") => e.candidates.len(),
            Some(v) => {
                v.parse().map_err(|_| bad("maxRankingsAllowed", v, "a whole number or max"))?
            }
        };
        let mode = match o.get("winnerElectionMode") {
            None | Some("") => {
                if seats > 1 {
                    WinnerMode::MultiWinnerMultiplePerRound
                } else {
                    WinnerMode::SingleWinnerMajority
                }
            }
            Some("singleWinnerMajority" | "standard") => WinnerMode::SingleWinnerMajority,
            Some("multiWinnerAllowOnlyOneWinnerPerRound") => WinnerMode::MultiWinnerOnePerRound,
            Some("multiWinnerAllowMultipleWinnersPerRound") => {
                WinnerMode::MultiWinnerMultiplePerRound
            }
            Some("bottomsUp") => WinnerMode::BottomsUp,
            Some("bottomsUpUsingPercentageThreshold") => WinnerMode::BottomsUpPercentage,
            Some("multiPassIrv") => WinnerMode::MultiPass,
            Some(v) => {
                return Err(bad("winnerElectionMode", v, "one of RCTab's winner election modes"));
            }
        };
        let decimal = |key: &str| -> Result<i128, CountError> {
            match o.get(key) {
                None | Some("") => Ok(0),
                Some(v) => {
                    parse_decimal(v, places).ok_or_else(|| bad(key, v, "a non-negative number"))
                }
            }
        };
        let minimum = decimal("minimumVoteThreshold")?;
        let percentage = decimal("multiSeatBottomsUpPercentageThreshold")? / 100;
        let seed: Option<i64> = match o.get("randomSeed") {
            None | Some("") => None,
            Some(v) => Some(v.parse().map_err(|_| bad("randomSeed", v, "a whole number"))?),
        };
        let need_seed = |mode: &str| {
            seed.ok_or_else(|| bad("randomSeed", "", &format!("a seed, for tiebreakMode {mode}")))
        };
        let tie = match o.get("tiebreakMode") {
            None | Some("") => TieMode::PreviousRoundsThenLot,
            Some("useCandidateOrder") => TieMode::CandidateOrder,
            Some("random") => TieMode::Random { seed: need_seed("random")? },
            Some("generatePermutation") => {
                TieMode::GeneratePermutation { seed: need_seed("generatePermutation")? }
            }
            Some("previousRoundCountsThenRandom") => TieMode::PreviousRoundsThenRandom {
                seed: need_seed("previousRoundCountsThenRandom")?,
            },
            Some("previousRoundCountsThenLot") => TieMode::PreviousRoundsThenLot,
            Some(v) => {
                return Err(bad(
                    "tiebreakMode",
                    v,
                    "useCandidateOrder, random, generatePermutation, previousRoundCountsThenRandom or previousRoundCountsThenLot (a count cannot stop to ask)",
                ));
            }
        };
        Ok(Options {
            seats,
            overvote,
            max_skipped,
            max_rankings,
            batch_elimination: o.bool("batchElimination")?.unwrap_or(false),
            continue_until_two: o.bool("continueUntilTwoCandidatesRemain")?.unwrap_or(false),
            mode,
            places,
            minimum,
            non_integer_threshold: o.bool("nonIntegerWinningThreshold")?.unwrap_or(false),
            hare: o.bool("hareQuota")?.unwrap_or(false),
            first_round_threshold: o.bool("doesFirstRoundDetermineThreshold")?.unwrap_or(false),
            percentage,
            exhaust_on_duplicate: o.bool("exhaustOnDuplicateCandidate")?.unwrap_or(false),
            stop_after_round: o.parse("stopTabulationEarlyAfterRound", "a whole number")?,
            tie,
        })
    }
}

/// Counts by IRV with RCTab's options (`KEY=VALUE` pairs).
///
/// # Errors
/// Bad options, or more seats than candidates.
pub fn count(e: &Election, pairs: &[(String, String)]) -> Result<Transcript, CountError> {
    let opts = Options::from_pairs(e, pairs)?;
    let lot = tie_break(e, &OptionReader::new(pairs))?.order(e.candidates.len());
    let eligible = (0..e.candidates.len()).filter(|&c| !e.withdrawn.contains(&(c as u16))).count();
    if opts.mode != WinnerMode::BottomsUpPercentage && (opts.seats == 0 || opts.seats > eligible) {
        return Err(CountError::Seats { seats: opts.seats, candidates: eligible });
    }
    let mut t = if opts.mode == WinnerMode::MultiPass {
        let mut all = Transcript::default();
        let mut excluded: Vec<CandidateId> = Vec::new();
        let mut random = None;
        for _ in 0..opts.seats {
            let mut pass = opts.clone();
            pass.seats = 1;
            pass.mode = WinnerMode::SingleWinnerMajority;
            let mut tab = Tabulation::new(e, &pass, &lot, &excluded, random.take());
            tab.run();
            random = tab.random.take();
            let first = u32::try_from(all.rounds.len()).expect("few rounds");
            for mut r in tab.rounds {
                r.number += first;
                all.rounds.push(r);
            }
            excluded.extend(tab.elected.iter().copied());
            all.elected.extend(tab.elected);
            all.tie_break = tab.record;
        }
        all
    } else {
        let mut tab = Tabulation::new(e, &opts, &lot, &[], None);
        tab.run();
        Transcript {
            elected: tab.elected,
            rounds: tab.rounds,
            tie_break: tab.record,
            ..Transcript::default()
        }
    };
    t.method = "irv".into();
    t.seats = opts.seats;
    t.candidates = e.candidates.clone();
    t.options = pairs.to_vec();
    Ok(t)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Continuing,
    Winner,
    Eliminated,
    Excluded,
}

const NONE: u16 = u16::MAX;

struct Tabulation<'a> {
    e: &'a Election,
    o: &'a Options,
    a: Fixed,
    lot: &'a TieOrder,
    status: Vec<Status>,
    uwi: Option<CandidateId>,
    /// Per ballot: current recipient, inactive (exhausted), remaining value.
    recipient: Vec<u16>,
    inactive: Vec<bool>,
    value: Vec<i128>,
    /// Value of all inactive ballots.
    inactive_total: i128,
    /// Per winner: the value their ballots left with them.
    allocated: Vec<i128>,
    win_round: Vec<u32>,
    elim_round: Vec<u32>,
    round: u32,
    tallies: Vec<Vec<Option<i128>>>,
    thresholds: Vec<i128>,
    rounds: Vec<Round>,
    elected: Vec<CandidateId>,
    random: Option<JavaRandom>,
    permutation: Vec<CandidateId>,
    record: TieBreakRecord,
    num_candidates: usize,
}

impl<'a> Tabulation<'a> {
    fn new(
        e: &'a Election,
        o: &'a Options,
        lot: &'a TieOrder,
        excluded: &[CandidateId],
        random: Option<JavaRandom>,
    ) -> Self {
        let n = e.candidates.len();
        let status: Vec<Status> = (0..n)
            .map(|c| {
                let c16 = c as u16;
                if e.withdrawn.contains(&c16) || excluded.contains(&c16) {
                    Status::Excluded
                } else {
                    Status::Continuing
                }
            })
            .collect();
        let uwi = e.candidate(UWI_LABEL);
        let a = Fixed::new(o.places, o.places);
        let one = a.one();
        let mut permutation: Vec<CandidateId> = (0..n as u16).collect();
        let (random, record) = match &o.tie {
            TieMode::Random { seed } | TieMode::PreviousRoundsThenRandom { seed } => (
                Some(random.unwrap_or_else(|| JavaRandom::new(*seed))),
                TieBreakRecord {
                    seed: Some(*seed as u64),
                    order: Vec::new(),
                    mode: "random".into(),
                },
            ),
            TieMode::GeneratePermutation { seed } => {
                let mut r = random.unwrap_or_else(|| JavaRandom::new(*seed));
                permutation.sort_by(|&x, &y| {
                    java_cmp(&e.candidates[usize::from(x)], &e.candidates[usize::from(y)])
                });
                for i in (1..permutation.len()).rev() {
                    let j = r.next_int(u32::try_from(i + 1).expect("few candidates")) as usize;
                    permutation.swap(i, j);
                }
                (
                    Some(r),
                    TieBreakRecord {
                        seed: Some(*seed as u64),
                        order: permutation.clone(),
                        mode: "permutation".into(),
                    },
                )
            }
            TieMode::CandidateOrder => (
                None,
                TieBreakRecord {
                    seed: None,
                    order: permutation.clone(),
                    mode: "candidate-order".into(),
                },
            ),
            TieMode::PreviousRoundsThenLot => (None, lot.record.clone()),
        };
        let num_candidates = status.iter().filter(|s| **s != Status::Excluded).count();
        Tabulation {
            e,
            o,
            a,
            lot,
            status,
            uwi,
            recipient: vec![NONE; e.ballots.len()],
            inactive: vec![false; e.ballots.len()],
            value: vec![one; e.ballots.len()],
            inactive_total: 0,
            allocated: vec![0; n],
            win_round: vec![0; n],
            elim_round: vec![0; n],
            round: 0,
            tallies: Vec::new(),
            thresholds: Vec::new(),
            rounds: Vec::new(),
            elected: Vec::new(),
            random,
            permutation,
            record,
            num_candidates,
        }
    }

    fn continuing(&self, c: u16) -> bool {
        if c == OVERVOTE || c == SKIP {
            return false;
        }
        match self.status[usize::from(c)] {
            Status::Continuing => true,
            Status::Winner => self.o.continue_until_two,
            _ => false,
        }
    }

    fn winners(&self) -> usize {
        self.status.iter().filter(|s| **s == Status::Winner).count()
    }

    fn eliminated(&self) -> usize {
        self.status.iter().filter(|s| **s == Status::Eliminated).count()
    }

    fn bottoms_up(&self) -> bool {
        matches!(self.o.mode, WinnerMode::BottomsUp | WinnerMode::BottomsUpPercentage)
    }

    fn should_continue(&self) -> bool {
        if self.o.stop_after_round.is_some_and(|r| self.round >= r) {
            return false;
        }
        let r = self.round;
        if self.o.continue_until_two {
            self.eliminated() + self.winners() + 1 < self.num_candidates
                || (r > 0
                    && self
                        .elim_round
                        .iter()
                        .zip(&self.status)
                        .any(|(&er, s)| *s == Status::Eliminated && er == r))
        } else if self.o.mode == WinnerMode::BottomsUpPercentage {
            self.winners() == 0
        } else {
            self.winners() < self.o.seats
                || (self.o.seats > 1
                    && r > 0
                    && self
                        .win_round
                        .iter()
                        .zip(&self.status)
                        .any(|(&wr, s)| *s == Status::Winner && wr == r)
                    && !self.bottoms_up())
        }
    }

    fn run(&mut self) {
        let mut stalled = false;
        while !stalled && self.should_continue() {
            self.round += 1;
            let mut round = Round { number: self.round, ..Round::default() };
            let (tally, active) = self.compute_tallies();
            // Multi-winner thresholds are set in round 1; a single-winner threshold follows the
            // active votes (unless the first round sets it) until the seat is filled.
            let recompute = if self.round == 1 {
                true
            } else if self.o.seats > 1 {
                self.round == 1
            } else {
                let seat_filled = self.o.continue_until_two && self.winners() >= self.o.seats;
                !(self.o.first_round_threshold || seat_filled)
            };
            let threshold = if !recompute {
                *self.thresholds.last().expect("round 1 set a threshold")
            } else {
                self.threshold(active)
            };
            self.thresholds.push(threshold);
            self.tallies.push(tally.clone());
            let continuing = tally.iter().filter(|t| t.is_some()).count();
            let remaining_fill = continuing == self.o.seats.saturating_sub(self.winners());
            let mut winners = self.identify_winners(&tally, threshold, &mut round);
            // Winners of one round are listed by name, as RCTab reports them.
            winners.sort_by(|&x, &y| {
                java_cmp(&self.e.candidates[usize::from(x)], &self.e.candidates[usize::from(y)])
            });
            if !winners.is_empty() {
                for &w in &winners {
                    self.status[usize::from(w)] = Status::Winner;
                    self.win_round[usize::from(w)] = self.round;
                    self.elected.push(w);
                    round.elected.push(w);
                    let reason = if tally[usize::from(w)].is_some_and(|v| v >= threshold) {
                        ElectReason::Quota
                    } else if self.o.mode == WinnerMode::BottomsUp || remaining_fill {
                        ElectReason::RemainingSeats
                    } else {
                        ElectReason::Highest
                    };
                    round.events.push(Event::Elected { candidate: w, reason });
                }
                if self.o.seats > 1 && !self.bottoms_up() {
                    for &w in &winners {
                        self.transfer_surplus(w, tally[usize::from(w)].unwrap_or(0), threshold);
                    }
                }
            } else if self.winners() < self.o.seats
                || (self.o.continue_until_two
                    && self.eliminated() < self.num_candidates.saturating_sub(2))
                || self.o.mode == WinnerMode::BottomsUpPercentage
            {
                let (losers, reason) = self.eliminate(&tally, &mut round);
                // Nobody left to elect or eliminate: the count cannot go on (RCTab aborts).
                stalled = losers.is_empty();
                for c in losers {
                    self.status[usize::from(c)] = Status::Eliminated;
                    self.elim_round[usize::from(c)] = self.round;
                    round.excluded.push(c);
                    round.events.push(Event::Excluded { candidate: c, reason });
                }
            }
            let mut shown = tally;
            if self.o.seats > 1 {
                self.update_winner_tallies(&mut shown, threshold);
            }
            *self.tallies.last_mut().expect("pushed above") = shown.clone();
            self.record_transfers(&shown);
            round.tallies = shown.iter().map(|t| t.map(|v| self.a.display(&v))).collect();
            round.quota = Some(self.a.display(&threshold));
            round.exhausted = Some(self.a.display(&self.inactive_total));
            self.rounds.push(round);
        }
    }

    /// Adds to the previous round where the votes it moved went: each candidate's gain from
    /// that round's tallies to these, and the votes newly exhausted.
    fn record_transfers(&mut self, now: &[Option<i128>]) {
        let Some(prev) = self.rounds.last_mut() else { return };
        let from: Vec<CandidateId> =
            prev.excluded.iter().chain(prev.elected.iter()).copied().collect();
        if from.is_empty() {
            return;
        }
        let before = &self.tallies[self.tallies.len() - 2];
        let mut to = Vec::new();
        for (i, (n, b)) in now.iter().zip(before).enumerate() {
            if let (Some(n), Some(b)) = (n, b)
                && n > b
            {
                to.push((Some(i as CandidateId), self.a.display(&(n - b))));
            }
        }
        let exhausted_before =
            prev.exhausted.as_deref().and_then(|x| parse_decimal(x, self.o.places)).unwrap_or(0);
        if self.inactive_total > exhausted_before {
            to.push((None, self.a.display(&(self.inactive_total - exhausted_before))));
        }
        prev.events.push(Event::Transfers { from, to });
    }

    /// RCTab's `computeTalliesForRound`: each ballot to its continuing candidate.
    fn compute_tallies(&mut self) -> (Vec<Option<i128>>, i128) {
        let n = self.e.candidates.len();
        let mut tally: Vec<Option<i128>> =
            (0..n).map(|c| self.continuing(c as u16).then_some(0)).collect();
        let mut active: i128 = 0;
        let mut seen: Vec<u32> = vec![0; n];
        // Once every seat is filled, the last winners' surpluses stay where they are: the
        // closing round only shows them (RCTab's "final round surplus").
        let seats_filled = self.o.seats > 1 && !self.bottoms_up() && self.winners() >= self.o.seats;
        for b in 0..self.e.ballots.len() {
            if self.inactive[b] {
                continue;
            }
            let ballot = self.e.ballots.get(b);
            let w = i128::from(ballot.weight);
            let r = self.recipient[b];
            if r != NONE && self.continuing(r) {
                let v = self.value[b] * w;
                *tally[usize::from(r)].get_or_insert(0) += v;
                active += v;
                continue;
            }
            if seats_filled && r != NONE {
                continue;
            }
            let stamp = u32::try_from(b + 1).unwrap_or(u32::MAX);
            // Rank numbers: the position index + 1; skipped ranks have no entries.
            let mut ranks: Vec<(usize, &[u16])> = Vec::new();
            for (i, pos) in ballot.positions().enumerate() {
                if !pos.is_skip() {
                    ranks.push((i + 1, pos.0));
                }
            }
            let max_rank = ranks.last().map_or(0, |r| r.0);
            let mut last_rank = 0usize;
            let mut selected = None;
            let mut exhaust = ranks.is_empty();
            for &(rank, entries) in &ranks {
                if self.o.max_skipped.is_some_and(|m| rank - last_rank > m + 1) {
                    exhaust = true;
                    break;
                }
                last_rank = rank;
                let cands = entries.iter().map(|e| e & !EQUAL);
                if self.o.exhaust_on_duplicate {
                    let mut dup = false;
                    for c in cands.clone() {
                        if c == OVERVOTE {
                            continue;
                        }
                        if seen[usize::from(c)] == stamp {
                            dup = true;
                            break;
                        }
                        seen[usize::from(c)] = stamp;
                    }
                    if dup {
                        exhaust = true;
                        break;
                    }
                }
                let explicit = cands.clone().any(|c| c == OVERVOTE);
                let count = entries.len();
                let decision = if explicit {
                    if self.o.overvote == OvervoteRule::AlwaysSkipToNextRank {
                        Decision::Skip
                    } else {
                        Decision::Exhaust
                    }
                } else if count <= 1 {
                    Decision::None
                } else {
                    match self.o.overvote {
                        OvervoteRule::ExhaustImmediately => Decision::Exhaust,
                        OvervoteRule::AlwaysSkipToNextRank => Decision::Skip,
                        OvervoteRule::ExhaustIfMultipleContinuing => {
                            if cands.clone().filter(|&c| self.continuing(c)).count() >= 2 {
                                Decision::Exhaust
                            } else {
                                Decision::None
                            }
                        }
                    }
                };
                match decision {
                    Decision::Exhaust => {
                        exhaust = true;
                        break;
                    }
                    Decision::Skip => {
                        if rank == max_rank {
                            exhaust = true;
                        }
                        continue;
                    }
                    Decision::None => {}
                }
                if let Some(c) = cands.clone().find(|&c| self.continuing(c)) {
                    selected = Some(c);
                    break;
                }
                if rank == max_rank {
                    exhaust = true;
                }
            }
            if let Some(c) = selected {
                self.recipient[b] = c;
                let v = self.value[b] * w;
                *tally[usize::from(c)].get_or_insert(0) += v;
                active += v;
            } else if exhaust {
                self.recipient[b] = NONE;
                self.inactive[b] = true;
                self.inactive_total += self.value[b] * w;
            }
        }
        (tally, active)
    }

    fn threshold(&self, active: i128) -> i128 {
        let a = &self.a;
        let scale = a.one();
        let mut t = if self.o.mode == WinnerMode::BottomsUpPercentage {
            active * self.o.percentage / scale
        } else {
            let divisor = if self.o.hare { self.o.seats } else { self.o.seats + 1 } as i128;
            // Without non-integer thresholds the division keeps no decimals.
            let unit = if self.o.non_integer_threshold { 1 } else { scale };
            let q_units = active / (divisor * unit);
            let exact = q_units * divisor * unit == active;
            if self.o.hare { (q_units + i128::from(!exact)) * unit } else { q_units * unit + unit }
        };
        if self.o.minimum > 0 && self.o.minimum > t {
            t = self.o.minimum;
        }
        t
    }

    fn identify_winners(
        &mut self,
        tally: &[Option<i128>],
        threshold: i128,
        round: &mut Round,
    ) -> Vec<CandidateId> {
        let mut selected: Vec<CandidateId> = Vec::new();
        if let Some(u) = self.uwi
            && tally[usize::from(u)].is_some_and(|v| v != 0)
        {
            return selected;
        }
        let active: Vec<CandidateId> =
            (0..tally.len()).filter(|&c| tally[c].is_some()).map(|c| c as CandidateId).collect();
        let by_tally = |cs: &mut Vec<CandidateId>| {
            cs.sort_by_key(|&c| (std::cmp::Reverse(tally[usize::from(c)]), c))
        };
        if self.o.mode == WinnerMode::BottomsUpPercentage {
            if active.iter().all(|&c| tally[usize::from(c)].unwrap_or(0) > threshold) {
                selected = active;
                by_tally(&mut selected);
            }
            return selected;
        }
        let unfilled = self.o.seats.saturating_sub(self.winners());
        if unfilled > 0 {
            if active.len() == unfilled {
                selected = active.clone();
                by_tally(&mut selected);
            } else if self.o.first_round_threshold && active.len().saturating_sub(1) == self.o.seats
            {
                selected = self.top(tally, &active);
            } else if self.o.mode != WinnerMode::BottomsUp {
                selected = active
                    .iter()
                    .copied()
                    .filter(|&c| {
                        Some(c) != self.uwi && tally[usize::from(c)].unwrap_or(0) >= threshold
                    })
                    .collect();
                by_tally(&mut selected);
            }
        }
        let one_per_round =
            self.o.mode == WinnerMode::MultiWinnerOnePerRound || self.o.first_round_threshold;
        let no_winner_two_left = self.o.seats == 1
            && selected.is_empty()
            && active.len() == 2
            && unfilled == 1
            && active.iter().all(|&c| tally[usize::from(c)].unwrap_or(0) >= self.o.minimum);
        if (selected.len() > 1 && one_per_round) || no_winner_two_left {
            let top = self.top(tally, &active);
            selected = if top.len() > 1 { vec![self.break_tie(&top, true, round)] } else { top };
        }
        selected
    }

    /// The candidates with the highest tally.
    fn top(&self, tally: &[Option<i128>], active: &[CandidateId]) -> Vec<CandidateId> {
        let max = active.iter().filter_map(|&c| tally[usize::from(c)]).max().unwrap_or(0);
        active.iter().copied().filter(|&c| tally[usize::from(c)] == Some(max)).collect()
    }

    fn transfer_surplus(&mut self, w: CandidateId, votes: i128, threshold: i128) {
        let a = self.a;
        let extra = votes - threshold;
        let fraction = if extra > 0 { a.div(&extra, &votes, Rounding::Down) } else { 0 };
        for b in 0..self.e.ballots.len() {
            if !self.inactive[b] && self.recipient[b] == w {
                let v = self.value[b];
                let transfer = a.mul(&v, &fraction, Rounding::Down);
                let kept = v - transfer;
                self.allocated[usize::from(w)] += kept * i128::from(self.e.ballots.get(b).weight);
                self.value[b] = transfer;
            }
        }
    }

    /// RCTab's `updateWinnerTallies`: past winners show what their ballots left with them,
    /// and any residual over the threshold is set aside.
    fn update_winner_tallies(&mut self, shown: &mut [Option<i128>], threshold: i128) {
        let prev = self.tallies.len().checked_sub(2).map(|i| self.tallies[i].clone());
        for c in 0..shown.len() {
            if self.status[c] != Status::Winner || self.win_round[c] == self.round {
                continue;
            }
            if self.win_round[c] + 1 == self.round {
                let mut v = self.allocated[c];
                if v > threshold {
                    v = threshold;
                }
                shown[c] = Some(v);
            } else {
                shown[c] = prev.as_ref().and_then(|p| p[c]);
            }
        }
    }

    fn eliminate(
        &mut self,
        tally: &[Option<i128>],
        round: &mut Round,
    ) -> (Vec<CandidateId>, ExcludeReason) {
        if let Some(u) = self.uwi
            && tally[usize::from(u)].is_some_and(|v| v > 0)
        {
            return (vec![u], ExcludeReason::WriteIn);
        }
        // Ascending tally groups, candidates in candidate order within a group.
        let mut groups: Vec<(i128, Vec<CandidateId>)> = Vec::new();
        let mut active: Vec<CandidateId> =
            (0..tally.len()).filter(|&c| tally[c].is_some()).map(|c| c as CandidateId).collect();
        active.sort_by_key(|&c| (tally[usize::from(c)], c));
        for c in active {
            let v = tally[usize::from(c)].unwrap_or(0);
            match groups.last_mut() {
                Some((gv, g)) if *gv == v => g.push(c),
                _ => groups.push((v, vec![c])),
            }
        }
        if groups.is_empty() {
            return (Vec::new(), ExcludeReason::Lowest);
        }
        if self.o.minimum > 0 && groups[0].0 < self.o.minimum {
            let below: Vec<CandidateId> = groups
                .iter()
                .filter(|(v, _)| *v < self.o.minimum)
                .flat_map(|(_, g)| g.clone())
                .collect();
            return (below, ExcludeReason::BelowMinimum);
        }
        if self.o.batch_elimination {
            let batch = self.batch(&groups);
            // Never batch away so many that the open seats cannot be filled.
            let continuing: usize = groups.iter().map(|(_, g)| g.len()).sum();
            let unfilled = self.o.seats.saturating_sub(self.winners());
            if batch.len() > 1 && continuing - batch.len() >= unfilled.max(1) {
                return (batch, ExcludeReason::SureLoser);
            }
        }
        let lowest = groups[0].1.clone();
        let loser =
            if lowest.len() > 1 { self.break_tie(&lowest, false, round) } else { lowest[0] };
        (vec![loser], ExcludeReason::Lowest)
    }

    fn batch(&self, groups: &[(i128, Vec<CandidateId>)]) -> Vec<CandidateId> {
        let mut running: i128 = 0;
        let mut seen: Vec<CandidateId> = Vec::new();
        let mut eliminations: Vec<CandidateId> = Vec::new();
        let mut previous: Vec<CandidateId> = Vec::new();
        for (v, g) in groups {
            let mut new = eliminations.clone();
            if running < *v {
                for &c in &seen {
                    if !new.contains(&c) {
                        new.push(c);
                    }
                }
            }
            running += v * g.len() as i128;
            seen.extend(g.iter().copied());
            if new.len() > eliminations.len() {
                previous = std::mem::replace(&mut eliminations, new);
            }
        }
        if self.o.continue_until_two
            && eliminations.len() + self.eliminated() == self.num_candidates.saturating_sub(1)
        {
            eliminations = previous;
        }
        eliminations
    }

    fn break_tie(&mut self, tied: &[CandidateId], winner: bool, round: &mut Round) -> CandidateId {
        let purpose = if winner { TiePurpose::Elect } else { TiePurpose::Exclude };
        let mut sorted = tied.to_vec();
        sorted.sort_by(|&x, &y| {
            java_cmp(&self.e.candidates[usize::from(x)], &self.e.candidates[usize::from(y)])
        });
        let (chosen, by) = match self.o.tie.clone() {
            TieMode::CandidateOrder | TieMode::GeneratePermutation { .. } => {
                let pick = |it: &mut dyn Iterator<Item = &CandidateId>| {
                    it.copied().find(|c| tied.contains(c))
                };
                let c = if winner {
                    pick(&mut self.permutation.iter())
                } else {
                    pick(&mut self.permutation.iter().rev())
                };
                (c.expect("tied candidates are in the permutation"), TieResolution::CandidateOrder)
            }
            TieMode::Random { seed } => (self.random_pick(&sorted), TieResolution::Random { seed }),
            TieMode::PreviousRoundsThenRandom { seed } => {
                match self.previous_rounds(&sorted, winner) {
                    Ok(found) => found,
                    Err(left) => (self.random_pick(&left), TieResolution::Random { seed }),
                }
            }
            TieMode::PreviousRoundsThenLot => match self.previous_rounds(&sorted, winner) {
                Ok(found) => found,
                Err(left) => (self.lot.first(&left), TieResolution::Lot),
            },
        };
        round.events.push(Event::Tie { purpose, among: tied.to_vec(), chosen, by });
        chosen
    }

    fn random_pick(&mut self, sorted: &[CandidateId]) -> CandidateId {
        let r = self.random.as_mut().expect("random modes have a generator").next_double();
        let i = ((r * sorted.len() as f64).floor() as usize).min(sorted.len() - 1);
        sorted[i]
    }

    /// The most recent earlier round in which the tied candidates differed decides.
    fn previous_rounds(
        &self,
        tied: &[CandidateId],
        winner: bool,
    ) -> Result<(CandidateId, TieResolution), Vec<CandidateId>> {
        let mut contention = tied.to_vec();
        // `tallies` holds this round too; earlier rounds are before it.
        let earlier = self.tallies.len().saturating_sub(1);
        for r in (0..earlier).rev() {
            let t = &self.tallies[r];
            let vals = contention.iter().map(|&c| t[usize::from(c)].unwrap_or(0));
            let target = if winner { vals.max() } else { vals.min() }.unwrap_or(0);
            contention.retain(|&c| t[usize::from(c)].unwrap_or(0) == target);
            if contention.len() == 1 {
                return Ok((
                    contention[0],
                    TieResolution::EarlierRound(u32::try_from(r + 1).expect("few rounds")),
                ));
            }
        }
        Err(contention)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    None,
    Exhaust,
    Skip,
}

/// Java's `String.compareTo`: UTF-16 code units in order.
fn java_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}
