//! Single-round methods that add up points: plurality, approval, score and Borda.
//!
//! Each candidate's total is a sum of ballot weights times points; the `seats` highest totals
//! win, ties at the cut broken by the lot. Points, from a ranked ballot:
//! - plurality: 1 to the single candidate of the first non-empty position (a first position
//!   with several candidates is an overvote and counts for nobody);
//! - approval: 1 to every ranked candidate;
//! - Borda: `n - 1 - k` to a candidate with `k` candidates ranked above it (`n` eligible
//!   candidates; unranked candidates get 0; equally ranked candidates get the same points);
//! - score: ballots of scores ([`ScoreBallot`]); from a ranked ballot, `max - k` (at least 0)
//!   for a candidate with `k` ranked above it, `max` set by the option `max` (default 10).

use crate::ballot::{CandidateId, Election};
use crate::error::CountError;
use crate::method::{Method, OptionReader, tie_break};
use crate::tie::TieOrder;
use crate::transcript::{ElectReason, Event, Round, TiePurpose, TieResolution, Transcript};

/// A ballot of scores, as the web UI collects them: `(candidate, score)` pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreBallot {
    pub weight: u64,
    pub scores: Vec<(CandidateId, u32)>,
}

/// Counts plurality, approval, score or Borda from ranked ballots.
///
/// # Errors
/// Bad options, or more seats than candidates.
pub fn count(
    e: &Election,
    method: Method,
    options: &[(String, String)],
) -> Result<Transcript, CountError> {
    let o = OptionReader::new(options);
    o.only(&["max", "tie", "tie_order", "seed"])?;
    let max: u32 = o.parse("max", "a whole number")?.unwrap_or(10);
    let n = e.candidates.len();
    let eligible = (0..n).filter(|&c| !e.withdrawn.contains(&(c as CandidateId))).count();
    let mut totals = vec![0u128; n];
    for b in e.ballots.collapsed().iter() {
        let w = u128::from(b.weight);
        let mut above = 0usize;
        let mut first = true;
        for pos in b.positions() {
            let cands: Vec<CandidateId> = pos
                .candidates()
                .filter(|&c| usize::from(c) < n && !e.withdrawn.contains(&c))
                .collect();
            if cands.is_empty() {
                continue;
            }
            match method {
                Method::Plurality => {
                    if first && cands.len() == 1 {
                        totals[usize::from(cands[0])] += w;
                    }
                }
                Method::Approval => cands.iter().for_each(|&c| totals[usize::from(c)] += w),
                Method::Borda => {
                    let points = eligible.saturating_sub(1).saturating_sub(above) as u128;
                    cands.iter().for_each(|&c| totals[usize::from(c)] += w * points);
                }
                _ => {
                    let points = u128::from(max).saturating_sub(above as u128);
                    cands.iter().for_each(|&c| totals[usize::from(c)] += w * points);
                }
            }
            first = false;
            above += cands.len();
        }
    }
    let lot = tie_break(e, &o)?.order(n);
    let mut t = top(e, &totals, &lot)?;
    t.method = method.name();
    t.options = options.to_vec();
    Ok(t)
}

/// Counts score ballots directly.
///
/// # Errors
/// More seats than candidates.
pub fn count_scores(
    e: &Election,
    ballots: &[ScoreBallot],
    tie: &TieOrder,
) -> Result<Transcript, CountError> {
    let mut totals = vec![0u128; e.candidates.len()];
    for b in ballots {
        for &(c, s) in &b.scores {
            if let Some(t) = totals.get_mut(usize::from(c)) {
                *t += u128::from(b.weight) * u128::from(s);
            }
        }
    }
    let mut t = top(e, &totals, tie)?;
    t.method = "score".into();
    Ok(t)
}

/// Elects the `seats` highest totals; ties at the cut go by the lot.
pub(crate) fn top(e: &Election, totals: &[u128], lot: &TieOrder) -> Result<Transcript, CountError> {
    let n = e.candidates.len();
    let eligible: Vec<CandidateId> =
        (0..n).map(|c| c as CandidateId).filter(|c| !e.withdrawn.contains(c)).collect();
    let seats = e.seats.max(1);
    if seats > eligible.len() {
        return Err(CountError::Seats { seats, candidates: eligible.len() });
    }
    let mut order = eligible.clone();
    order.sort_by_key(|&c| (std::cmp::Reverse(totals[usize::from(c)]), lot.rank(c)));
    let mut round = Round { number: 1, ..Round::default() };
    let cut = totals[usize::from(order[seats - 1])];
    let tied_at_cut = order.get(seats).is_some_and(|&c| totals[usize::from(c)] == cut);
    let level: Vec<CandidateId> =
        order.iter().copied().filter(|&c| totals[usize::from(c)] == cut).collect();
    for &c in &order[..seats] {
        if tied_at_cut && level.contains(&c) {
            round.events.push(Event::Tie {
                purpose: TiePurpose::Elect,
                among: level.clone(),
                chosen: c,
                by: TieResolution::Lot,
            });
        }
        round.elected.push(c);
        round.events.push(Event::Elected { candidate: c, reason: ElectReason::Highest });
    }
    round.tallies = (0..n)
        .map(|c| (!e.withdrawn.contains(&(c as CandidateId))).then(|| totals[c].to_string()))
        .collect();
    Ok(Transcript {
        seats,
        candidates: e.candidates.clone(),
        elected: round.elected.clone(),
        rounds: vec![round],
        tie_break: lot.record.clone(),
        ..Transcript::default()
    })
}
