//! Condorcet by the Schulze method, with the pairwise matrix and the strongest paths.
//!
//! `d[i][j]` is the weight of the ballots that rank `i` above `j` (a ranked candidate is above
//! every unranked one; equally ranked and both-unranked candidates are not compared). A link
//! `i → j` has strength `d[i][j]` when `d[i][j] > d[j][i]` (winning votes), else 0; `p[i][j]` is
//! the strength of the strongest path (its weakest link), by Floyd–Warshall. `i` beats `j` when
//! `p[i][j] > p[j][i]`; the winners are those nobody beats. For several seats the candidates are
//! ordered by how many they beat; ties in that order (and between several winners for one
//! seat) are broken by the lot, as recorded in the transcript.

use crate::ballot::{CandidateId, Election, MAX_CANDIDATES};
use crate::error::CountError;
use crate::method::{OptionReader, tie_break};
use crate::transcript::{
    Details, ElectReason, Event, Round, TiePurpose, TieResolution, Transcript,
};

/// The pairwise matrix: `d[i][j]` = weight of ballots preferring `i` to `j`.
#[must_use]
pub fn pairwise(e: &Election) -> Vec<Vec<u128>> {
    let n = e.candidates.len();
    let mut d = vec![vec![0u128; n]; n];
    // Rank of each candidate on the ballot (usize::MAX = unranked), reused across ballots.
    let mut rank = vec![usize::MAX; n];
    let ballots = e.ballots.collapsed();
    for b in ballots.iter() {
        let mut listed: Vec<CandidateId> = Vec::new();
        for (p, pos) in b.positions().enumerate() {
            for c in pos.candidates() {
                let c = usize::from(c);
                if c < n && rank[c] == usize::MAX && !e.withdrawn.contains(&(c as CandidateId)) {
                    rank[c] = p;
                    listed.push(c as CandidateId);
                }
            }
        }
        let w = u128::from(b.weight);
        for &i in &listed {
            let ri = rank[usize::from(i)];
            for j in 0..n {
                if rank[j] > ri && !e.withdrawn.contains(&(j as CandidateId)) {
                    d[usize::from(i)][j] += w;
                }
            }
        }
        for &i in &listed {
            rank[usize::from(i)] = usize::MAX;
        }
    }
    d
}

/// Strongest path strengths (winning votes) from a pairwise matrix.
#[must_use]
pub fn strongest_paths(d: &[Vec<u128>]) -> Vec<Vec<u128>> {
    let n = d.len();
    let mut p = vec![vec![0u128; n]; n];
    for i in 0..n {
        for j in 0..n {
            if i != j && d[i][j] > d[j][i] {
                p[i][j] = d[i][j];
            }
        }
    }
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            for k in 0..n {
                if k != i && k != j {
                    let via = p[j][i].min(p[i][k]);
                    if via > p[j][k] {
                        p[j][k] = via;
                    }
                }
            }
        }
    }
    p
}

/// Counts by Schulze.
///
/// # Errors
/// Bad options, more seats than candidates, or more candidates than the matrix allows.
pub fn count(e: &Election, options: &[(String, String)]) -> Result<Transcript, CountError> {
    let o = OptionReader::new(options);
    o.only(&["tie", "tie_order", "seed"])?;
    let n = e.candidates.len();
    if n > MAX_CANDIDATES.min(2000) {
        return Err(CountError::TooManyCandidates { max: 2000 });
    }
    let eligible: Vec<CandidateId> =
        (0..n).map(|c| c as CandidateId).filter(|c| !e.withdrawn.contains(c)).collect();
    let seats = e.seats.max(1);
    if seats > eligible.len() {
        return Err(CountError::Seats { seats, candidates: eligible.len() });
    }
    let lot = tie_break(e, &o)?.order(n);
    let d = pairwise(e);
    let p = strongest_paths(&d);
    let beats = |i: usize, j: usize| p[i][j] > p[j][i];
    let wins: Vec<usize> = (0..n)
        .map(|i| {
            eligible.iter().filter(|&&j| usize::from(j) != i && beats(i, usize::from(j))).count()
        })
        .collect();
    let mut ranking = eligible.clone();
    ranking.sort_by_key(|&c| (std::cmp::Reverse(wins[usize::from(c)]), lot.rank(c)));
    let mut round = Round { number: 1, ..Round::default() };
    let mut elected = Vec::new();
    // Candidates level at the cut (as many beaten) are separated by the lot.
    let cut = wins[usize::from(ranking[seats - 1])];
    let level: Vec<CandidateId> =
        ranking.iter().copied().filter(|&x| wins[usize::from(x)] == cut).collect();
    let tied_at_cut = ranking.get(seats).is_some_and(|x| wins[usize::from(*x)] == cut);
    for &c in ranking.iter().take(seats) {
        if tied_at_cut && level.contains(&c) {
            round.events.push(Event::Tie {
                purpose: TiePurpose::Elect,
                among: level.clone(),
                chosen: c,
                by: TieResolution::Lot,
            });
        }
        elected.push(c);
        round.elected.push(c);
        round.events.push(Event::Elected { candidate: c, reason: ElectReason::Highest });
    }
    round.tallies = (0..n)
        .map(|i| (!e.withdrawn.contains(&(i as CandidateId))).then(|| wins[i].to_string()))
        .collect();
    let strings =
        |m: &[Vec<u128>]| m.iter().map(|r| r.iter().map(u128::to_string).collect()).collect();
    Ok(Transcript {
        method: "schulze".into(),
        options: options.to_vec(),
        seats,
        candidates: e.candidates.clone(),
        elected,
        rounds: vec![round],
        tie_break: lot.record,
        details: Some(Details::Schulze { pairwise: strings(&d), strongest: strings(&p), ranking }),
    })
}
