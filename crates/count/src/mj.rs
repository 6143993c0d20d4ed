//! Majority Judgment: every voter grades every candidate; the highest median grade wins.
//!
//! Grades are numbers `0..grades` (0 the worst, "reject"); a candidate a ballot does not grade
//! gets 0. A candidate's majority grade is the lower median of its weighted grades. Ties between
//! equal medians are broken by Balinski and Laraki's majority gauge: with `p` the share of grades
//! above the median and `q` the share below, a candidate with `p > q` ranks above the median by
//! `p`, one with `p <= q` below it by `q` (larger `p` is better, larger `q` worse); remaining ties
//! go by the lot.
//!
//! From ranked ballots (`plenum count --method majority-judgment`), a candidate with `k`
//! candidates ranked above it gets grade `n - k` of `n + 1` grades, an unranked one 0.

use crate::ballot::{CandidateId, Election};
use crate::error::CountError;
use crate::method::{OptionReader, tie_break};
use crate::tie::TieOrder;
use crate::transcript::{Details, ElectReason, Event, Round, Transcript};

/// A ballot of grades: `(candidate, grade)`; candidates left out get grade 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeBallot {
    pub weight: u64,
    pub grades: Vec<(CandidateId, u32)>,
}

/// Counts grade ballots with `grades` grades.
///
/// # Errors
/// More seats than candidates.
pub fn count(
    e: &Election,
    ballots: &[GradeBallot],
    grades: u32,
    lot: &TieOrder,
) -> Result<Transcript, CountError> {
    let n = e.candidates.len();
    let g = grades.max(1) as usize;
    // counts[c][grade] = weight
    let mut counts = vec![vec![0u128; g]; n];
    let mut total: u128 = 0;
    for b in ballots {
        let w = u128::from(b.weight);
        total += w;
        let mut graded = vec![false; n];
        for &(c, grade) in &b.grades {
            let c = usize::from(c);
            if c < n && !graded[c] {
                graded[c] = true;
                counts[c][(grade as usize).min(g - 1)] += w;
            }
        }
        for (c, done) in graded.iter().enumerate() {
            if !done {
                counts[c][0] += w;
            }
        }
    }
    let eligible: Vec<CandidateId> =
        (0..n).map(|c| c as CandidateId).filter(|c| !e.withdrawn.contains(c)).collect();
    let seats = e.seats.max(1);
    if seats > eligible.len() {
        return Err(CountError::Seats { seats, candidates: eligible.len() });
    }
    // (median, signed gauge as a fraction numerator over total) — compare as (median, gauge).
    let key = |c: usize| -> (usize, i128) {
        let cs = &counts[c];
        let half = total.div_ceil(2).max(1);
        let mut acc = 0u128;
        let mut median = 0;
        for (grade, &k) in cs.iter().enumerate() {
            acc += k;
            if acc >= half {
                median = grade;
                break;
            }
        }
        let below: u128 = cs[..median].iter().sum();
        let above: u128 = cs[median + 1..].iter().sum();
        let gauge = if above > below { above as i128 } else { -(below as i128) };
        (median, gauge)
    };
    let keys: Vec<(usize, i128)> = (0..n).map(key).collect();
    let mut ranking = eligible.clone();
    ranking.sort_by_key(|&c| (std::cmp::Reverse(keys[usize::from(c)]), lot.rank(c)));
    let mut round = Round { number: 1, ..Round::default() };
    for &c in &ranking[..seats] {
        round.elected.push(c);
        round.events.push(Event::Elected { candidate: c, reason: ElectReason::Highest });
    }
    round.tallies = (0..n)
        .map(|c| (!e.withdrawn.contains(&(c as CandidateId))).then(|| keys[c].0.to_string()))
        .collect();
    let medians = round.tallies.clone();
    Ok(Transcript {
        method: "majority-judgment".into(),
        seats,
        candidates: e.candidates.clone(),
        elected: round.elected.clone(),
        rounds: vec![round],
        tie_break: lot.record.clone(),
        details: Some(Details::MajorityJudgment { medians, ranking }),
        ..Transcript::default()
    })
}

/// Majority Judgment from ranked ballots (see the module docs for the grades).
///
/// # Errors
/// Bad options, or more seats than candidates.
pub fn count_ranked(e: &Election, options: &[(String, String)]) -> Result<Transcript, CountError> {
    let o = OptionReader::new(options);
    o.only(&["tie", "tie_order", "seed"])?;
    let n = e.candidates.len();
    // n + 1 grades for n candidates: the grade table is n × (n + 1).
    if n > 2000 {
        return Err(CountError::TooManyCandidates { max: 2000 });
    }
    let mut ballots = Vec::new();
    for b in e.ballots.collapsed().iter() {
        let mut above = 0usize;
        let mut grades = Vec::new();
        for pos in b.positions() {
            let cands: Vec<CandidateId> =
                pos.candidates().filter(|&c| usize::from(c) < n).collect();
            for &c in &cands {
                grades.push((c, (n - above.min(n)) as u32));
            }
            above += cands.len();
        }
        ballots.push(GradeBallot { weight: b.weight, grades });
    }
    let lot = tie_break(e, &o)?.order(n);
    let mut t = count(e, &ballots, u32::try_from(n + 1).unwrap_or(u32::MAX), &lot)?;
    t.options = options.to_vec();
    Ok(t)
}
