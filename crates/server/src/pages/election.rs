//! Elections of delegates: the candidates, nominations and the ranked ballot on a motion's
//! page; the result page with the elected, the chart and the table of the rounds; and the
//! downloads — the transcript as JSON and CSV, the ballots as BLT.
//!
//! The result is counted here, from the state, by the same engine `plenum verify` and
//! `plenum count` use; nothing of it is stored.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use count::Transcript;
use count::transcript::{Details, Event as CountEvent};
use domain::state::Motion;
use domain::{Assembly, Ballot, BallotStatus, Power};
use record::payload::RankedRule;
use record::{EventId, PublicKey};

use super::chart::Chart;
use super::motion::{closed_at, quorum_label};
use super::{assembly_of, error_page, render};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::{Chrome, iso_time, member_name, percent, show_time};

/// A candidate on the ballot paper.
pub struct CandidateView {
    pub name: String,
    pub is_member: bool,
    /// Who nominated them, when it was not the motion itself.
    pub nominated_by: Option<String>,
}

/// An election on its motion's page.
pub struct ElectionView {
    pub seats: u16,
    pub candidates: Vec<CandidateView>,
    /// Members who are not candidates yet: key and name, for the nomination form.
    pub nominees: Vec<(String, String)>,
    pub may_nominate: bool,
    /// Whether the viewer may open the ballot now (a convenor, enough candidates).
    pub may_open: bool,
    pub too_few: bool,
    /// Every ranked rule: its name and its label's message id.
    pub rules: Vec<(&'static str, String)>,
    pub ballot: Option<RankedView>,
}

/// A voter in the roll call of a ranked ballot.
pub enum RollMark {
    NotVoted,
    Blank,
    Ranked(String),
}

/// A ranked ballot on its motion's page.
pub struct RankedView {
    pub id: EventId,
    pub open: bool,
    pub deadline: Option<(String, String)>,
    pub closed_at: Option<(String, String)>,
    pub rule_label: String,
    pub quorum: String,
    pub voted: u64,
    pub electorate: u64,
    pub turnout_percent: u64,
    pub outcome_label: &'static str,
    pub outcome_class: &'static str,
    /// Whether the count is there to read (closed, quorum met).
    pub counted: bool,
    /// The elected, in the order they were elected.
    pub elected: Vec<String>,
    pub may_vote: bool,
    /// The viewer's ranking as a sentence, if they voted.
    pub my_ranking: Option<String>,
    pub my_blank: bool,
    /// Candidates the viewer ranked, in their order, and the others: index and name.
    pub ranked: Vec<(u16, String)>,
    pub unranked: Vec<(u16, String)>,
    pub roll: Vec<(String, RollMark)>,
}

/// The message id of a rule's name.
pub(crate) fn rule_label(rule: RankedRule) -> String {
    format!("rule-{}", rule.name())
}

/// The counting engine's name of a rule, as `plenum count --method` takes it.
fn method_name(rule: RankedRule) -> String {
    domain::election::count_method(rule).name()
}

/// "1. Aliya, 2. Dana": a ranking as the roll call shows it.
fn ranking_text(m: &Motion, ranking: &[u16]) -> String {
    ranking
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let name = m.candidates().get(usize::from(c)).map_or("?", |n| n.name.as_str());
            format!("{}. {name}", i + 1)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn ranked_view(ctx: &Ctx, a: &Assembly, m: &Motion, b: &Ballot, now: u64) -> RankedView {
    let status = b.status(now);
    let (outcome_label, outcome_class) = match status {
        BallotStatus::Open => ("status-open", "open"),
        BallotStatus::Counted => ("outcome-counted", "carried"),
        BallotStatus::AwaitingCount => ("status-awaiting-count", "open"),
        BallotStatus::Closed(outcome) => super::assembly::outcome_label(outcome),
    };
    let counted = status == BallotStatus::Counted;
    let elected = if counted {
        match a.count_election(&b.id) {
            Some(Ok(t)) => {
                t.elected.iter().map(|&c| t.candidates[usize::from(c)].clone()).collect()
            }
            _ => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let viewer: Option<&PublicKey> = ctx.viewer.as_ref();
    let mine = viewer.and_then(|v| b.ranking_of(v));
    let paper: Vec<(u16, String)> = m
        .candidates()
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((u16::try_from(i).ok()?, c.name.clone())))
        .collect();
    let ranked: Vec<(u16, String)> = mine
        .unwrap_or_default()
        .iter()
        .filter_map(|&c| paper.get(usize::from(c)).cloned())
        .collect();
    let unranked =
        paper.iter().filter(|(i, _)| !ranked.iter().any(|(r, _)| r == i)).cloned().collect();
    let mut roll: Vec<(String, RollMark)> = b
        .electorate
        .keys()
        .map(|k| {
            let mark = match b.ranking_of(k) {
                None => RollMark::NotVoted,
                Some([]) => RollMark::Blank,
                Some(r) => RollMark::Ranked(ranking_text(m, r)),
            };
            (member_name(a, k), mark)
        })
        .collect();
    roll.sort_by_key(|r| r.0.to_lowercase());
    let (voted, electorate) = b.turnout();
    RankedView {
        id: b.id,
        open: status == BallotStatus::Open,
        deadline: b.closes_at.map(|t| (iso_time(t), show_time(t))),
        closed_at: closed_at(b, status),
        rule_label: b.ranked_rule().map(rule_label).unwrap_or_default(),
        quorum: quorum_label(ctx, b),
        voted,
        electorate,
        turnout_percent: percent(voted, electorate),
        outcome_label,
        outcome_class,
        counted,
        elected,
        may_vote: viewer.is_some_and(|v| b.electorate.contains_key(v)),
        my_ranking: mine.filter(|r| !r.is_empty()).map(|r| ranking_text(m, r)),
        my_blank: mine.is_some_and(<[u16]>::is_empty),
        ranked,
        unranked,
        roll,
    }
}

/// The election on a motion's page, or `None` when the motion is not an election.
pub(crate) fn election_view(ctx: &Ctx, a: &Assembly, m: &Motion, now: u64) -> Option<ElectionView> {
    let seats = m.seats()?;
    // A secret election is shown with the secret ballot's own panel.
    if m.ballot.and_then(|b| a.ballots.get(&b)).is_some_and(|b| b.secret().is_some()) {
        return None;
    }
    let candidates = m
        .candidates()
        .iter()
        .map(|c| CandidateView {
            name: c.name.clone(),
            is_member: c.member.is_some(),
            nominated_by: (c.event != m.id).then(|| member_name(a, &c.by)),
        })
        .collect();
    let mut nominees: Vec<(String, String)> = a
        .members
        .values()
        .filter(|member| !m.candidates().iter().any(|c| c.member == Some(member.key)))
        .map(|member| (member.key.to_hex(), member.name.clone()))
        .collect();
    nominees.sort_by_key(|n| n.1.to_lowercase());
    let viewer_is_member = ctx.viewer.is_some_and(|v| a.members.contains_key(&v));
    let viewer_convenes = ctx.viewer.is_some_and(|v| a.holds(&v, Power::Convene));
    let too_few = m.candidates().len() < usize::from(seats);
    let tr = ctx.tr();
    Some(ElectionView {
        seats,
        candidates,
        nominees,
        may_nominate: viewer_is_member && m.ballot.is_none(),
        may_open: viewer_convenes && m.ballot.is_none() && !too_few,
        too_few,
        rules: RankedRule::ALL.into_iter().map(|r| (r.name(), tr.t(&rule_label(r)))).collect(),
        ballot: m.ballot.and_then(|b| a.ballots.get(&b)).map(|b| ranked_view(ctx, a, m, b, now)),
    })
}

/// One row of the table of rounds: a candidate's tally in each round.
pub struct TableRow {
    pub name: String,
    /// Each round's tally and its style (`elected`, `excluded`, or none).
    pub cells: Vec<(String, &'static str)>,
    /// The message id of how the candidate ended, the round it happened in, and its style.
    pub fate: Option<(&'static str, u32, &'static str)>,
}

/// What happened in one round, in words.
pub struct RoundEvents {
    pub number: u32,
    pub lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "result.html")]
struct ResultPage<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    m: Motion,
    tab: &'static str,
    ballot: RankedView,
    method: String,
    rounds: Vec<u32>,
    rows: Vec<TableRow>,
    quotas: Option<Vec<String>>,
    exhausted: Option<Vec<String>>,
    events: Vec<RoundEvents>,
    tie_break: Option<String>,
    chart: Chart,
    base: String,
}

/// The motion, its ranked ballot and the ballot's transcript, or the page that says why not.
fn counted(
    ctx: &Ctx,
    assembly: &str,
    motion: &str,
) -> Result<(Assembly, Motion, Transcript), AppError> {
    let a = assembly_of(ctx, assembly)?;
    let m = motion
        .parse::<EventId>()
        .ok()
        .and_then(|id| a.motions.get(&id).cloned())
        .ok_or_else(|| error_page(ctx, StatusCode::NOT_FOUND, "no-motion"))?;
    let now = ctx.state.node.now();
    let ballot = m
        .ballot
        .filter(|b| a.ballots.get(b).is_some_and(|b| b.ranked_rule().is_some()))
        .ok_or_else(|| error_page(ctx, StatusCode::NOT_FOUND, "no-count"))?;
    if a.ballots.get(&ballot).map(|b| b.status(now)) != Some(BallotStatus::Counted) {
        return Err(error_page(ctx, StatusCode::NOT_FOUND, "not-counted"));
    }
    match a.count_election(&ballot) {
        Some(Ok(t)) => Ok((a, m, t)),
        Some(Err(e)) => {
            eprintln!("plenum: counting ballot {ballot} failed: {e}");
            Err(error_page(ctx, StatusCode::INTERNAL_SERVER_ERROR, "uncountable"))
        }
        None => Err(error_page(ctx, StatusCode::NOT_FOUND, "no-count")),
    }
}

/// Each round's events as sentences in the reader's language.
fn describe_events(tr: &i18n::Tr<'_>, t: &Transcript, events: &[CountEvent]) -> Vec<String> {
    events.iter().filter_map(|e| crate::count_words::event(tr, t, e)).collect()
}

pub async fn result(
    ctx: Ctx,
    Path((assembly, motion)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (a, m, t) = counted(&ctx, &assembly, &motion)?;
    let now = ctx.state.node.now();
    let b = m.ballot.and_then(|b| a.ballots.get(&b)).expect("counted() found the ballot");
    let ballot = ranked_view(&ctx, &a, &m, b, now);
    let tr = ctx.tr();
    let rounds: Vec<u32> = t.rounds.iter().map(|r| r.number).collect();
    let mut rows = Vec::new();
    for (i, name) in t.candidates.iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(u16::MAX);
        let elected_in = t.rounds.iter().find(|r| r.elected.contains(&c)).map(|r| r.number);
        let excluded_in = t.rounds.iter().find(|r| r.excluded.contains(&c)).map(|r| r.number);
        let cells = t
            .rounds
            .iter()
            .map(|r| {
                let value = r.tallies.get(i).cloned().flatten().unwrap_or_else(|| "—".into());
                let class = match (elected_in, excluded_in) {
                    (Some(e), _) if r.number >= e => "elected",
                    (_, Some(x)) if r.number >= x => "excluded",
                    _ => "",
                };
                (value, class)
            })
            .collect();
        let fate = match (elected_in, excluded_in) {
            (Some(n), _) => Some(("result-fate-elected", n, "elected")),
            (None, Some(n)) => Some(("result-fate-excluded", n, "excluded")),
            (None, None) => None,
        };
        rows.push(TableRow { name: name.clone(), cells, fate });
    }
    let column = |f: &dyn Fn(&count::transcript::Round) -> Option<String>| {
        let values: Vec<Option<String>> = t.rounds.iter().map(f).collect();
        values
            .iter()
            .any(Option::is_some)
            .then(|| values.into_iter().map(|v| v.unwrap_or_else(|| "—".into())).collect())
    };
    let quotas = column(&|r| r.quota.clone());
    let exhausted = column(&|r| r.exhausted.clone());
    let mut events: Vec<RoundEvents> = t
        .rounds
        .iter()
        .map(|r| RoundEvents { number: r.number, lines: describe_events(&tr, &t, &r.events) })
        .filter(|r| !r.lines.is_empty())
        .collect();
    if let Some(Details::Schulze { ranking, .. } | Details::MajorityJudgment { ranking, .. }) =
        &t.details
    {
        let names: Vec<String> =
            ranking.iter().map(|&c| t.candidates[usize::from(c)].clone()).collect();
        let line = tr.t1("count-ranking", "names", names.join(", "));
        match events.last_mut() {
            Some(last) => last.lines.push(line),
            None => events.push(RoundEvents { number: 1, lines: vec![line] }),
        }
    }
    let order: Vec<String> =
        t.tie_break.order.iter().map(|&c| t.candidates[usize::from(c)].clone()).collect();
    let tie_break = (!order.is_empty()).then(|| match t.tie_break.seed {
        Some(seed) if t.tie_break.mode == "lot" => {
            tr.t2("result-tie-lot", "seed", seed.to_string(), "order", order.join(", "))
        }
        _ => tr.t1("result-tie-order", "order", order.join(", ")),
    });
    let chart = Chart::new(&tr, &t);
    let method = b.ranked_rule().map(method_name).unwrap_or_default();
    let title = format!("{} — {}", m.title, tr.t("result-title"));
    let page = ResultPage {
        chrome: Chrome::new(&ctx, title).in_assembly(&ctx, &a),
        base: format!("/a/{}/m/{}", a.id, m.id),
        tab: "motions",
        ballot,
        method,
        rounds,
        rows,
        quotas,
        exhausted,
        events,
        tie_break,
        chart,
        a,
        m,
    };
    Ok(render(&page))
}

/// A file to download, named after the motion.
fn download(m: &Motion, ext: &str, content_type: &str, body: String) -> Response {
    let disposition = format!("attachment; filename=\"election-{}.{ext}\"", m.id.short());
    ([(CONTENT_TYPE, content_type.to_string()), (CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}

/// The transcript as the counting engine writes it: `plenum count --json` on the ballots gives
/// the same.
pub async fn transcript_json(
    ctx: Ctx,
    Path((assembly, motion)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (_, m, t) = counted(&ctx, &assembly, &motion)?;
    let body = serde_json::to_string_pretty(&t.to_json()).unwrap_or_default();
    Ok(download(&m, "json", "application/json", body))
}

/// A CSV field: quoted when it must be, and never read as a formula by a spreadsheet.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The table of rounds as CSV: one line per round — its number, quota, exhausted votes, each
/// candidate's tally, who was elected and who excluded.
pub(crate) fn transcript_csv_text(tr: &i18n::Tr<'_>, t: &Transcript) -> String {
    let mut header = vec![tr.t("csv-round"), tr.t("csv-quota"), tr.t("csv-exhausted")];
    header.extend(t.candidates.iter().cloned());
    header.push(tr.t("csv-elected"));
    header.push(tr.t("csv-excluded"));
    let mut out = String::new();
    let mut line = |fields: Vec<String>| {
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    line(header);
    let names = |cs: &[u16]| {
        cs.iter().map(|&c| t.candidates[usize::from(c)].clone()).collect::<Vec<_>>().join("; ")
    };
    for r in &t.rounds {
        let mut fields = vec![
            r.number.to_string(),
            r.quota.clone().unwrap_or_default(),
            r.exhausted.clone().unwrap_or_default(),
        ];
        fields.extend(r.tallies.iter().map(|v| v.clone().unwrap_or_default()));
        fields.push(names(&r.elected));
        fields.push(names(&r.excluded));
        line(fields);
    }
    out
}

pub async fn transcript_csv(
    ctx: Ctx,
    Path((assembly, motion)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (_, m, t) = counted(&ctx, &assembly, &motion)?;
    let body = transcript_csv_text(&ctx.tr(), &t);
    Ok(download(&m, "csv", "text/csv; charset=utf-8", body))
}

/// The ballots in BLT, for any counting program (`plenum count`, Droop, OpenSTV).
pub async fn ballots_blt(
    ctx: Ctx,
    Path((assembly, motion)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (a, m, _) = counted(&ctx, &assembly, &motion)?;
    let election = m.ballot.and_then(|b| a.election(&b)).unwrap_or_default();
    Ok(download(&m, "blt", "text/plain; charset=utf-8", count::blt::write(&election)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Aliya"), "Aliya");
        assert_eq!(csv_field("Smith, J."), "\"Smith, J.\"");
        assert_eq!(csv_field("Say \"hi\""), "\"Say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-1.5"), "-1.5");
    }
}
