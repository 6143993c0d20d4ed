//! A motion's page: its text, its ballot (live while open), and its debate. The ballot and the
//! debate are also served alone, as fragments the page refreshes in place.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use domain::state::Motion;
use domain::{Assembly, Ballot, BallotStatus, Power};
use record::payload::{Choice, Threshold};
use record::{EventId, PublicKey};

use super::assembly::{kind_label, outcome_label};
use super::election::election_view;
use super::election::{ElectionView, RollMark};
use super::{assembly_of, error_page, paragraphs, render};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::{Chrome, iso_time, member_name, percent, show_time};

/// A ballot as the page shows it.
pub struct BallotView {
    pub id: EventId,
    pub open: bool,
    pub deadline: Option<(String, String)>,
    pub closed_at: Option<(String, String)>,
    pub outcome_label: &'static str,
    pub outcome_class: &'static str,
    pub threshold_label: &'static str,
    pub quorum: String,
    pub voted: u64,
    pub electorate: u64,
    pub turnout_percent: u64,
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    pub may_vote: bool,
    pub my_vote: Option<&'static str>,
    /// Each member of the electorate with the message id of their vote.
    pub roll: Vec<(String, &'static str)>,
    /// A secret ballot's own panel.
    pub secret: Option<super::secret::SecretView>,
}

/// When a closed ballot closed, as `<time>` needs it; `None` while it is open.
pub(crate) fn closed_at(b: &Ballot, status: BallotStatus) -> Option<(String, String)> {
    b.closing_time().filter(|_| status != BallotStatus::Open).map(|t| (iso_time(t), show_time(t)))
}

/// A ballot's quorum as a fraction of the electorate, or "no quorum".
pub(crate) fn quorum_label(ctx: &Ctx, b: &Ballot) -> String {
    if b.quorum.num == 0 {
        ctx.tr().t("quorum-none")
    } else {
        format!("{}/{}", b.quorum.num, b.quorum.den)
    }
}

fn choice_label(choice: Option<Choice>) -> &'static str {
    match choice {
        Some(Choice::Yes) => "choice-yes",
        Some(Choice::No) => "choice-no",
        Some(Choice::Abstain) => "choice-abstain",
        None => "roll-did-not-vote",
    }
}

fn ballot_view(ctx: &Ctx, a: &Assembly, b: &Ballot, now: u64) -> BallotView {
    let tally = b.tally();
    let status = b.status(now);
    let (outcome_label, outcome_class) = match status {
        BallotStatus::Open => ("status-open", "open"),
        BallotStatus::Closed(outcome) => outcome_label(outcome),
        BallotStatus::Counted => ("outcome-counted", "carried"),
        BallotStatus::AwaitingCount => ("status-awaiting-count", "open"),
    };
    let mut roll: Vec<(String, &'static str)> =
        b.electorate.keys().map(|k| (member_name(a, k), choice_label(b.choice_of(k)))).collect();
    roll.sort_by_key(|r| r.0.to_lowercase());
    let viewer: Option<&PublicKey> = ctx.viewer.as_ref();
    let voted = b.turnout().0;
    let open = status == BallotStatus::Open;
    BallotView {
        secret: super::secret::secret_view(ctx, a, b, open),
        id: b.id,
        open,
        deadline: b.closes_at.map(|t| (iso_time(t), show_time(t))),
        closed_at: closed_at(b, status),
        outcome_label,
        outcome_class,
        threshold_label: match b.threshold {
            Threshold::SimpleMajority => "threshold-simple_majority",
            Threshold::TwoThirds => "threshold-two_thirds",
            Threshold::AbsoluteMajority => "threshold-absolute_majority",
        },
        quorum: quorum_label(ctx, b),
        voted,
        electorate: tally.electorate,
        turnout_percent: percent(voted, tally.electorate),
        yes: tally.yes,
        no: tally.no,
        abstain: tally.abstain,
        may_vote: viewer.is_some_and(|v| b.electorate.contains_key(v)),
        my_vote: viewer.and_then(|v| b.choice_of(v)).map(|c| choice_label(Some(c))),
        roll,
    }
}

/// A comment placed in its thread.
pub struct CommentView {
    pub id: EventId,
    pub author: String,
    pub time: String,
    pub iso: String,
    pub paragraphs: Vec<String>,
    /// How deep in the thread (0 for a comment on the motion itself), capped for display.
    pub depth: usize,
}

/// The comments of a motion in thread order: each followed by its replies.
fn thread(a: &Assembly, m: &Motion) -> Vec<CommentView> {
    fn walk(
        a: &Assembly,
        ids: &[EventId],
        parent: Option<EventId>,
        depth: usize,
        out: &mut Vec<CommentView>,
    ) {
        for id in ids {
            let Some(c) = a.comments.get(id) else { continue };
            if c.reply_to != parent {
                continue;
            }
            out.push(CommentView {
                id: c.id,
                author: member_name(a, &c.author),
                time: show_time(c.time),
                iso: iso_time(c.time),
                paragraphs: paragraphs(&c.text),
                depth: depth.min(4),
            });
            walk(a, ids, Some(c.id), depth + 1, out);
        }
    }
    let mut out = Vec::with_capacity(m.comments.len());
    walk(a, &m.comments, None, 0, &mut out);
    out
}

/// The deadline choices of the form that opens a ballot: minutes, and their label.
fn deadlines(ctx: &Ctx) -> Vec<(u32, String)> {
    let tr = ctx.tr();
    vec![
        (15, tr.t1("deadline-minutes", "count", 15u32)),
        (60, tr.t1("deadline-minutes", "count", 60u32)),
        (24 * 60, tr.t1("deadline-hours", "count", 24u32)),
        (7 * 24 * 60, tr.t1("deadline-days", "count", 7u32)),
    ]
}

#[derive(Template)]
#[template(path = "motion.html")]
struct Page<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    m: Motion,
    tab: &'static str,
    author: String,
    kind_label: &'static str,
    kind_class: &'static str,
    time: String,
    iso: String,
    paragraphs: Vec<String>,
    ballot: Option<BallotView>,
    election: Option<ElectionView>,
    comments: Vec<CommentView>,
    viewer_is_member: bool,
    viewer_convenes: bool,
    deadlines: Vec<(u32, String)>,
    /// Members, key and name, whom a convenor may name trustees.
    members: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "ballot.html")]
struct BallotFragment<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    m: Motion,
    ballot: Option<BallotView>,
    election: Option<ElectionView>,
    viewer_is_member: bool,
    viewer_convenes: bool,
    deadlines: Vec<(u32, String)>,
    /// Members, key and name, whom a convenor may name trustees.
    members: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "debate.html")]
struct DebateFragment<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    m: Motion,
    comments: Vec<CommentView>,
    viewer_is_member: bool,
}

struct Loaded {
    members: Vec<(String, String)>,
    a: Assembly,
    m: Motion,
    ballot: Option<BallotView>,
    election: Option<ElectionView>,
    viewer_is_member: bool,
    viewer_convenes: bool,
}

fn load(ctx: &Ctx, assembly: &str, motion: &str) -> Result<Loaded, AppError> {
    let a = assembly_of(ctx, assembly)?;
    let m = motion
        .parse::<EventId>()
        .ok()
        .and_then(|id| a.motions.get(&id).cloned())
        .ok_or_else(|| error_page(ctx, StatusCode::NOT_FOUND, "no-motion"))?;
    let now = ctx.state.node.now();
    let election = election_view(ctx, &a, &m, now);
    let ballot = m
        .ballot
        .and_then(|b| a.ballots.get(&b))
        .filter(|_| election.is_none())
        .map(|b| ballot_view(ctx, &a, b, now));
    let viewer_is_member = ctx.viewer.is_some_and(|v| a.members.contains_key(&v));
    let viewer_convenes = ctx.viewer.is_some_and(|v| a.holds(&v, Power::Convene));
    let mut members: Vec<(String, String)> =
        a.members.values().map(|m| (m.key.to_hex(), m.name.clone())).collect();
    members.sort_by_key(|m| m.1.to_lowercase());
    Ok(Loaded { members, a, m, ballot, election, viewer_is_member, viewer_convenes })
}

pub async fn page(
    ctx: Ctx,
    Path((assembly, motion)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let Loaded { members, a, m, ballot, election, viewer_is_member, viewer_convenes } =
        load(&ctx, &assembly, &motion)?;
    let (kind_label, kind_class) = kind_label(&m.kind);
    let chrome = Chrome::new(&ctx, m.title.clone()).in_assembly(&ctx, &a);
    let page = Page {
        chrome,
        author: member_name(&a, &m.author),
        kind_label,
        kind_class,
        time: show_time(m.time),
        iso: iso_time(m.time),
        paragraphs: paragraphs(&m.text),
        comments: thread(&a, &m),
        deadlines: deadlines(&ctx),
        tab: "motions",
        ballot,
        election,
        viewer_is_member,
        viewer_convenes,
        members,
        a,
        m,
    };
    Ok(render(&page))
}

pub async fn ballot_fragment(
    ctx: Ctx,
    Path((assembly, motion)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let Loaded { members, a, m, ballot, election, viewer_is_member, viewer_convenes } =
        load(&ctx, &assembly, &motion)?;
    let fragment = BallotFragment {
        members,
        chrome: Chrome::new(&ctx, m.title.clone()),
        deadlines: deadlines(&ctx),
        a,
        m,
        ballot,
        election,
        viewer_is_member,
        viewer_convenes,
    };
    Ok(render(&fragment))
}

pub async fn debate_fragment(
    ctx: Ctx,
    Path((assembly, motion)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let Loaded { a, m, viewer_is_member, .. } = load(&ctx, &assembly, &motion)?;
    let fragment = DebateFragment {
        chrome: Chrome::new(&ctx, m.title.clone()),
        comments: thread(&a, &m),
        a,
        m,
        viewer_is_member,
    };
    Ok(render(&fragment))
}
