//! The terminal report: a table of every round, then the events that decided it.

use count::Election;
use count::transcript::{Details, Event, TieResolution, Transcript};

use super::Message;

/// Renders a transcript for a terminal (plain text, no colour, fixed-width columns).
#[must_use]
pub fn render(e: &Election, t: &Transcript) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let name = |c: u16| t.candidates[usize::from(c)].clone();
    let names = |cs: &[u16]| cs.iter().map(|&c| name(c)).collect::<Vec<_>>().join(", ");
    if !e.title.is_empty() {
        line(Message::Election { title: e.title.clone() }.to_string());
    }
    let options: Vec<String> = t.options.iter().map(|(k, v)| format!("{k}={v}")).collect();
    line(Message::MethodLine { method: t.method.clone(), options: options.join(", ") }.to_string());
    line(
        Message::Seats {
            seats: t.seats,
            candidates: e.candidates.len(),
            ballots: e.ballots.total_weight(),
        }
        .to_string(),
    );
    let tb = &t.tie_break;
    if !tb.order.is_empty() {
        let order = names(&tb.order);
        line(match tb.seed {
            Some(seed) if tb.mode == "lot" => Message::TieBreakLot { seed, order }.to_string(),
            _ => Message::TieBreakOrder { mode: tb.mode.clone(), order }.to_string(),
        });
    }
    let width = t
        .candidates
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .max(Message::ColumnCandidate.to_string().len());
    let votes_w = t
        .rounds
        .iter()
        .flat_map(|r| r.tallies.iter().flatten().map(String::len))
        .max()
        .unwrap_or(0)
        .max(Message::ColumnVotes.to_string().len());
    let mut elected_so_far: Vec<u16> = Vec::new();
    let mut excluded_so_far: Vec<u16> = Vec::new();
    for r in &t.rounds {
        line(String::new());
        line(Message::RoundHeading { number: r.number }.to_string());
        let keep = r.keep_factors.is_some();
        let mut head = format!(
            "  {:<width$}  {:>votes_w$}",
            Message::ColumnCandidate.to_string(),
            Message::ColumnVotes.to_string()
        );
        if keep {
            head.push_str(&format!("  {:>votes_w$}", Message::ColumnKeep.to_string()));
        }
        line(head);
        elected_so_far.extend(r.elected.iter().copied());
        excluded_so_far.extend(r.excluded.iter().copied());
        for (i, cand) in t.candidates.iter().enumerate() {
            let c = i as u16;
            let Some(v) = &r.tallies[i] else {
                if !e.withdrawn.contains(&c)
                    && !excluded_so_far.contains(&c)
                    && !elected_so_far.contains(&c)
                {
                    continue;
                }
                if e.withdrawn.contains(&c) {
                    continue;
                }
                let state = if elected_so_far.contains(&c) {
                    Message::StateElected
                } else {
                    Message::StateExcluded
                };
                line(format!(
                    "  {cand:<width$}  {:>votes_w$}  {state}",
                    Message::StateOut.to_string()
                ));
                continue;
            };
            let mut row = format!("  {cand:<width$}  {v:>votes_w$}");
            if let Some(kf) = r.keep_factors.as_ref().and_then(|k| k[i].clone()) {
                row.push_str(&format!("  {kf:>votes_w$}"));
            }
            if elected_so_far.contains(&c) {
                row.push_str(&format!("  {}", Message::StateElected));
            } else if excluded_so_far.contains(&c) {
                row.push_str(&format!("  {}", Message::StateExcluded));
            }
            line(row.trim_end().to_owned());
        }
        let mut totals = Vec::new();
        if let Some(q) = &r.quota {
            totals.push(Message::Quota { quota: q.clone() }.to_string());
        }
        if let Some(x) = &r.exhausted {
            totals.push(Message::Exhausted { exhausted: x.clone() }.to_string());
        }
        if !totals.is_empty() {
            line(format!("  {}", totals.join("   ")));
        }
        for ev in &r.events {
            let m = match ev {
                Event::Elected { candidate, reason } => {
                    Message::EventElected { candidate: name(*candidate), reason: *reason }
                }
                Event::Excluded { candidate, reason } => {
                    Message::EventExcluded { candidate: name(*candidate), reason: *reason }
                }
                Event::SurplusTransferred { candidate, surplus } => {
                    Message::EventSurplus { candidate: name(*candidate), surplus: surplus.clone() }
                }
                Event::VotesTransferred { from } => Message::EventTransfer { from: names(from) },
                Event::Transfers { to, .. } => {
                    if to.is_empty() {
                        continue;
                    }
                    let list: Vec<String> = to
                        .iter()
                        .map(|(c, v)| {
                            let who = c.map_or_else(|| Message::ExhaustedLabel.to_string(), name);
                            format!("{who} +{v}")
                        })
                        .collect();
                    Message::EventTransfers { to: list.join(", ") }
                }
                Event::Tie { purpose, among, chosen, by } => {
                    let by = match by {
                        TieResolution::EarlierRound(n) => Message::TieByEarlierRound { round: *n },
                        TieResolution::Lot => Message::TieByLot,
                        TieResolution::CandidateOrder => Message::TieByOrder,
                        TieResolution::Random { seed } => Message::TieByRandom { seed: *seed },
                    };
                    Message::EventTie {
                        purpose: *purpose,
                        among: names(among),
                        chosen: name(*chosen),
                        by: by.to_string(),
                    }
                }
                Event::Iterated { why, surplus } => {
                    Message::EventIterated { why: *why, surplus: surplus.clone() }
                }
            };
            line(format!("  {m}"));
        }
    }
    line(String::new());
    match &t.details {
        Some(Details::Consent { carried, objections, limit }) => {
            line(
                Message::ConsentResult {
                    carried: *carried,
                    objections: objections.clone(),
                    limit: limit.clone(),
                }
                .to_string(),
            );
        }
        Some(Details::Schulze { ranking, .. } | Details::MajorityJudgment { ranking, .. }) => {
            line(Message::Ranking { names: names(ranking) }.to_string());
        }
        None => {}
    }
    if t.details.as_ref().is_none_or(|d| !matches!(d, Details::Consent { .. })) {
        if t.elected.is_empty() {
            line(Message::NoneElected.to_string());
        } else {
            line(Message::ElectedSummary { names: names(&t.elected) }.to_string());
        }
    }
    out
}
