//! The node's home page and an assembly's pages: motions, demands, members, record.

use askama::Template;
use axum::extract::Path;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use domain::state::MotionKind;
use domain::{Assembly, BallotStatus, Power};
use record::{AssemblyId, Kind};

use super::{assembly_of, render};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::{Chrome, iso_time, member_name, show_time};

/// An assembly in the home page's list.
pub struct Summary {
    pub id: AssemblyId,
    pub name: String,
    pub description: String,
    pub parent: Option<String>,
    pub members: usize,
    pub open_ballots: usize,
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home<'a> {
    chrome: Chrome<'a>,
    assemblies: Vec<Summary>,
    allow_founding: bool,
}

pub async fn home(ctx: Ctx) -> Response {
    let now = ctx.state.node.now();
    let all = ctx.state.node.assemblies();
    let name_of = |id: &AssemblyId| all.iter().find(|a| a.id == *id).map(|a| a.name.clone());
    let assemblies = all
        .iter()
        .map(|a| Summary {
            id: a.id,
            name: a.name.clone(),
            description: a.description.clone(),
            parent: a.parent.as_ref().map(|p| name_of(p).unwrap_or_else(|| p.short())),
            members: a.members.len(),
            open_ballots: a.ballots.values().filter(|b| b.is_open(now)).count(),
        })
        .collect();
    let page = Home {
        chrome: Chrome::new(&ctx, ctx.tr().t("home-title")),
        assemblies,
        allow_founding: ctx.state.options.allow_founding,
    };
    render(&page)
}

/// A motion in an assembly's list.
pub struct MotionItem {
    pub id: record::EventId,
    pub title: String,
    pub author: String,
    pub kind_label: &'static str,
    pub kind_class: &'static str,
    pub time: String,
    pub iso: String,
    pub comments: usize,
    /// The ballot's status message id and style, if it has one.
    pub status: Option<(&'static str, &'static str)>,
}

pub(crate) fn kind_label(kind: &MotionKind) -> (&'static str, &'static str) {
    match kind {
        MotionKind::Resolution => ("kind-resolution", "resolution"),
        MotionKind::Demand => ("kind-demand", "demand"),
        MotionKind::Election(_) => ("kind-election", "election"),
    }
}

pub(crate) fn outcome_label(outcome: count::majority::Outcome) -> (&'static str, &'static str) {
    match outcome {
        count::majority::Outcome::Carried => ("outcome-carried", "carried"),
        count::majority::Outcome::NotCarried => ("outcome-not-carried", "not-carried"),
        count::majority::Outcome::QuorumNotMet => ("outcome-quorum-not-met", "not-carried"),
    }
}

#[derive(Template)]
#[template(path = "assembly.html")]
struct Motions<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    tab: &'static str,
    parent: Option<Named>,
    children: Vec<Named>,
    viewer_is_member: bool,
    /// Groups of motions under a heading's message id.
    motions: Vec<(&'static str, Vec<MotionItem>)>,
}

/// An assembly's id and name, for links.
type Named = (AssemblyId, String);

fn parent_and_children(ctx: &Ctx, a: &Assembly) -> (Option<Named>, Vec<Named>) {
    let all = ctx.state.node.assemblies();
    let parent = a
        .parent
        .map(|p| (p, all.iter().find(|x| x.id == p).map_or_else(|| p.short(), |x| x.name.clone())));
    let children =
        all.iter().filter(|x| x.parent == Some(a.id)).map(|x| (x.id, x.name.clone())).collect();
    (parent, children)
}

pub async fn motions(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let a = assembly_of(&ctx, &id)?;
    let now = ctx.state.node.now();
    let (mut voting, mut debating, mut decided) = (Vec::new(), Vec::new(), Vec::new());
    for m in a.motions_newest_first() {
        let (kind_label, kind_class) = kind_label(&m.kind);
        let status = m.ballot.and_then(|b| a.ballots.get(&b)).map(|b| b.status(now));
        let item = MotionItem {
            id: m.id,
            title: m.title.clone(),
            author: member_name(&a, &m.author),
            kind_label,
            kind_class,
            time: show_time(m.time),
            iso: iso_time(m.time),
            comments: m.comments.len(),
            status: status.map(|s| match s {
                BallotStatus::Open => ("status-open", "open"),
                BallotStatus::Closed(outcome) => outcome_label(outcome),
                BallotStatus::Counted => ("outcome-counted", "carried"),
                BallotStatus::AwaitingCount => ("status-awaiting-count", "open"),
            }),
        };
        match status {
            Some(BallotStatus::Open | BallotStatus::AwaitingCount) => voting.push(item),
            Some(BallotStatus::Closed(_) | BallotStatus::Counted) => decided.push(item),
            None => debating.push(item),
        }
    }
    let motions =
        [("motions-voting", voting), ("motions-debating", debating), ("motions-decided", decided)]
            .into_iter()
            .filter(|(_, items)| !items.is_empty())
            .collect();
    let (parent, children) = parent_and_children(&ctx, &a);
    let page = Motions {
        chrome: Chrome::new(&ctx, a.name.clone()).in_assembly(&ctx, &a),
        viewer_is_member: ctx.viewer.is_some_and(|v| a.members.contains_key(&v)),
        a,
        tab: "motions",
        parent,
        children,
        motions,
    };
    Ok(render(&page))
}

pub struct MemberRow {
    pub name: String,
    pub key: String,
    pub short: String,
    pub time: String,
    pub iso: String,
    pub powers: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "members.html")]
struct Members<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    tab: &'static str,
    viewer_may_invite: bool,
    members: Vec<MemberRow>,
}

pub async fn members(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let a = assembly_of(&ctx, &id)?;
    let mut members: Vec<MemberRow> = a
        .members
        .values()
        .map(|m| MemberRow {
            name: m.name.clone(),
            key: m.key.to_hex(),
            short: m.key.short(),
            time: show_time(m.joined_at),
            iso: iso_time(m.joined_at),
            powers: m
                .powers
                .keys()
                .map(|p| match p {
                    Power::Convene => "power-convene",
                    Power::Admit => "power-admit",
                })
                .collect(),
        })
        .collect();
    members.sort_by_key(|m| m.name.to_lowercase());
    let tr = ctx.tr();
    let page = Members {
        chrome: Chrome::new(&ctx, format!("{} — {}", a.name, tr.t("tab-members")))
            .in_assembly(&ctx, &a),
        viewer_may_invite: ctx.viewer.is_some_and(|v| a.may_invite(&v)),
        a,
        tab: "members",
        members,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "demands.html")]
struct Demands<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    tab: &'static str,
    /// Motion id, title, and when the ballot closed (ISO, shown).
    demands: Vec<(record::EventId, String, String, String)>,
}

pub async fn demands(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let a = assembly_of(&ctx, &id)?;
    let now = ctx.state.node.now();
    let demands = a
        .adopted_demands(now)
        .into_iter()
        .map(|m| {
            let closed = m
                .ballot
                .and_then(|b| a.ballots.get(&b))
                .and_then(|b| b.closing_time())
                .unwrap_or(m.time);
            (m.id, m.title.clone(), iso_time(closed), show_time(closed))
        })
        .collect();
    let tr = ctx.tr();
    let page = Demands {
        chrome: Chrome::new(&ctx, format!("{} — {}", a.name, tr.t("tab-demands")))
            .in_assembly(&ctx, &a),
        a,
        tab: "demands",
        demands,
    };
    Ok(render(&page))
}

pub struct RecordRow {
    pub kind: String,
    pub author: String,
    pub time: String,
    pub iso: String,
    pub short: String,
    pub ignored: bool,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    tab: &'static str,
    digest: String,
    events: Vec<RecordRow>,
}

pub async fn record(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let a = assembly_of(&ctx, &id)?;
    let events = ctx.state.node.events(&a.id).unwrap_or_default();
    let ignored: std::collections::HashSet<_> = a.ignored.iter().map(|i| i.event).collect();
    let rows = events
        .iter()
        .map(|e| RecordRow {
            kind: format!("event-{}", Kind::from_u16(e.kind()).map_or("unknown", Kind::name)),
            author: member_name(&a, &e.author()),
            time: show_time(e.time()),
            iso: iso_time(e.time()),
            short: e.id().short(),
            ignored: ignored.contains(&e.id()),
        })
        .collect();
    let tr = ctx.tr();
    let page = RecordPage {
        chrome: Chrome::new(&ctx, format!("{} — {}", a.name, tr.t("tab-record")))
            .in_assembly(&ctx, &a),
        digest: a.digest().to_hex(),
        a,
        tab: "record",
        events: rows,
    };
    Ok(render(&page))
}

/// The assembly's whole record as a bundle file, for anyone to take home and verify.
pub async fn export(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let a = assembly_of(&ctx, &id)?;
    let events = ctx.state.node.events(&a.id).unwrap_or_default();
    let bundle = record::bundle::Bundle {
        created: ctx.state.node.now(),
        events,
        heads: vec![(a.id, a.frontier.iter().copied().collect())],
        node: Some(ctx.state.sync.node_id.0),
    };
    let bytes = record::bundle::encode(&bundle);
    let disposition = format!("attachment; filename=\"plenum-{}.bundle\"", a.id.short());
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream".to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
