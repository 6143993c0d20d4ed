//! Live updates by server-sent events: while a page is open, it hears what changed in its
//! assembly — turnout and the running count of open ballots, new comments — without polling.
//!
//! Changes are gathered for half a second before they are sent, so a thousand votes in a
//! second cost each watching phone two small messages, not a thousand.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use domain::BallotStatus;
use futures_util::Stream;
use record::{AssemblyId, Event, EventId, Payload};
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{self, AppError};

/// How long changes are gathered before they are sent.
const GATHER: Duration = Duration::from_millis(500);

pub fn routes() -> Router<AppState> {
    Router::new().route("/a/{assembly}/live", get(live))
}

async fn live(
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, AppError> {
    let assembly: AssemblyId = id
        .parse()
        .ok()
        .filter(|id| ctx.state.node.state(id).is_some())
        .ok_or_else(|| error::api_code(&ctx, StatusCode::NOT_FOUND, "no-assembly"))?;
    let rx = ctx.state.changes.subscribe();
    let stream = futures_util::stream::unfold((rx, ctx), move |(mut rx, ctx)| async move {
        let mut events: Vec<Event> = Vec::new();
        let mut lagged = false;
        // Wait for the first change in this assembly.
        loop {
            match rx.recv().await {
                Ok(change) if change.assembly == assembly => {
                    events.extend(change.events.iter().cloned());
                    break;
                }
                Ok(_) => {}
                Err(RecvError::Lagged(_)) => {
                    lagged = true;
                    break;
                }
                Err(RecvError::Closed) => return None,
            }
        }
        tokio::time::sleep(GATHER).await;
        loop {
            match rx.try_recv() {
                Ok(change) if change.assembly == assembly => {
                    events.extend(change.events.iter().cloned())
                }
                Ok(_) => {}
                Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) => lagged = true,
                Err(_) => break,
            }
        }
        let data = describe(&ctx, assembly, &events, lagged);
        Some((Ok(SseEvent::default().event("change").data(data.to_string())), (rx, ctx)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// What changed, for the page to update itself: the kinds of events, the motions they touch,
/// and the current figures of every ballot they touch.
fn describe(ctx: &Ctx, assembly: AssemblyId, events: &[Event], lagged: bool) -> Value {
    let Some(state) = ctx.state.node.state(&assembly) else { return json!({"reload": true}) };
    let now = ctx.state.node.now();
    let mut kinds: Vec<&'static str> = Vec::new();
    let mut motions: Vec<EventId> = Vec::new();
    let mut ballots: Vec<EventId> = Vec::new();
    for event in events {
        let Ok(payload) = Payload::decode(event.kind(), event.payload()) else { continue };
        let kind = payload.kind().name();
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        match payload {
            Payload::Comment(c) => motions.push(c.motion),
            Payload::OpenBallot(o) => motions.push(o.motion),
            Payload::Vote(v) => ballots.push(v.ballot),
            Payload::CloseBallot(c) => ballots.push(c.ballot),
            Payload::Motion(_) => motions.push(event.id()),
            Payload::Nominate(n) => motions.push(n.motion),
            Payload::DkgCommit(p) => ballots.push(p.ballot),
            Payload::DkgDeal(p) => ballots.push(p.ballot),
            Payload::DkgCheck(p) => ballots.push(p.ballot),
            Payload::Ceremony(p) => ballots.push(p.ballot),
            Payload::Seal(p) => ballots.push(p.ballot),
            Payload::Decrypt(p) => ballots.push(p.ballot),
            _ => {}
        }
    }
    ballots.sort_unstable();
    ballots.dedup();
    let tr = ctx.tr();
    let figures: Vec<Value> = ballots
        .iter()
        .filter_map(|id| state.ballots.get(id))
        .map(|b| {
            let t = b.tally();
            let (voted, electorate) = b.turnout();
            motions.push(b.motion);
            json!({
                "id": b.id,
                "motion": b.motion,
                "open": b.status(now) == BallotStatus::Open,
                "yes": t.yes, "no": t.no, "abstain": t.abstain,
                "turnout": tr.t2("ballot-turnout", "voted", voted, "electorate", electorate),
                "percent": crate::view::percent(voted, electorate),
            })
        })
        .collect();
    motions.sort_unstable();
    motions.dedup();
    json!({"kinds": kinds, "motions": motions, "ballots": figures, "reload": lagged})
}
