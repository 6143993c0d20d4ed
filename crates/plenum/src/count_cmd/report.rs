//! The terminal report: a table of every round, then the events that decided it.

use count::Election;
use count::transcript::{Details, Transcript};

use super::Message;
use crate::say::Say;

/// Renders a transcript for a terminal (plain text, no colour, fixed-width columns), in the
/// user's language.
#[must_use]
pub fn render(say: &Say, e: &Election, t: &Transcript) -> String {
    let tr = say.tr();
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let name = |c: u16| t.candidates[usize::from(c)].clone();
    let names = |cs: &[u16]| cs.iter().map(|&c| name(c)).collect::<Vec<_>>().join(", ");
    if !e.title.is_empty() {
        line(Message::Election { title: e.title.clone() }.text(say));
    }
    let options: Vec<String> = t.options.iter().map(|(k, v)| format!("{k}={v}")).collect();
    line(Message::MethodLine { method: t.method.clone(), options: options.join(", ") }.text(say));
    line(
        Message::Seats {
            seats: t.seats,
            candidates: e.candidates.len(),
            ballots: e.ballots.total_weight(),
        }
        .text(say),
    );
    let tb = &t.tie_break;
    if !tb.order.is_empty() {
        let order = names(&tb.order);
        line(match tb.seed {
            Some(seed) if tb.mode == "lot" => Message::TieBreakLot { seed, order }.text(say),
            _ => Message::TieBreakOrder { mode: tb.mode.clone(), order }.text(say),
        });
    }
    let width = t
        .candidates
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .max(Message::ColumnCandidate.text(say).chars().count());
    let votes_w = t
        .rounds
        .iter()
        .flat_map(|r| r.tallies.iter().flatten().map(String::len))
        .max()
        .unwrap_or(0)
        .max(Message::ColumnVotes.text(say).chars().count());
    let mut elected_so_far: Vec<u16> = Vec::new();
    let mut excluded_so_far: Vec<u16> = Vec::new();
    for r in &t.rounds {
        line(String::new());
        line(Message::RoundHeading { number: r.number }.text(say));
        let keep = r.keep_factors.is_some();
        let mut head = format!(
            "  {:<width$}  {:>votes_w$}",
            Message::ColumnCandidate.text(say),
            Message::ColumnVotes.text(say)
        );
        if keep {
            head.push_str(&format!("  {:>votes_w$}", Message::ColumnKeep.text(say)));
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
                // "-": not in the count this round.
                line(format!("  {cand:<width$}  {:>votes_w$}  {}", "-", state.text(say)));
                continue;
            };
            let mut row = format!("  {cand:<width$}  {v:>votes_w$}");
            if let Some(kf) = r.keep_factors.as_ref().and_then(|k| k[i].clone()) {
                row.push_str(&format!("  {kf:>votes_w$}"));
            }
            if elected_so_far.contains(&c) {
                row.push_str(&format!("  {}", Message::StateElected.text(say)));
            } else if excluded_so_far.contains(&c) {
                row.push_str(&format!("  {}", Message::StateExcluded.text(say)));
            }
            line(row.trim_end().to_owned());
        }
        let mut totals = Vec::new();
        if let Some(q) = &r.quota {
            totals.push(Message::Quota { quota: q.clone() }.text(say));
        }
        if let Some(x) = &r.exhausted {
            totals.push(Message::Exhausted { exhausted: x.clone() }.text(say));
        }
        if !totals.is_empty() {
            line(format!("  {}", totals.join("   ")));
        }
        for ev in &r.events {
            if let Some(words) = server::count_words::event(&tr, t, ev) {
                line(format!("  {words}"));
            }
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
                .text(say),
            );
        }
        Some(Details::Schulze { ranking, .. } | Details::MajorityJudgment { ranking, .. }) => {
            line(Message::Ranking { names: names(ranking) }.text(say));
        }
        None => {}
    }
    if t.details.as_ref().is_none_or(|d| !matches!(d, Details::Consent { .. })) {
        if t.elected.is_empty() {
            line(Message::NoneElected.text(say));
        } else {
            line(Message::ElectedSummary { names: names(&t.elected) }.text(say));
        }
    }
    out
}
