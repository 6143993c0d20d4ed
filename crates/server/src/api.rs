//! The JSON API, described by `GET /api/openapi.json`. One door for every change:
//! `POST /api/events` takes a signed event's bytes, from the page's script or any other tool.
//! The rest reads, or serves what a device needs to sign (the frontier, the next sequence
//! number, the node's clock) and the members' sealed keys.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::Origin;
use record::keys::{self, VAULT_TAG};
use record::{AssemblyId, PublicKey, SignatureBytes};
use serde::Deserialize;
use serde_json::{Value, json};
use store::{StoreError, VaultEntry};

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::{self, AppError};

/// The largest request body: an event is at most 64 KiB of payload and its header.
const MAX_BODY: usize = 128 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/events", post(submit))
        .route("/api/assemblies", get(assemblies))
        .route("/api/assemblies/{assembly}", get(assembly))
        .route("/api/assemblies/{assembly}/head", get(head))
        .route("/api/assemblies/{assembly}/bundle", get(bundle))
        .route("/api/invites/{key}", get(invite))
        .route("/api/vault", post(put_vault))
        .route("/api/vault/{handle}", get(get_vault))
        .route("/api/openapi.json", get(openapi))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// Records a signed event, answering once it is durably stored.
async fn submit(ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let node = ctx.state.node.clone();
    // Decoding checks the signature: CPU work, kept off the async threads.
    let queued = tokio::task::spawn_blocking(move || {
        node.submit(&body, Origin::Local, move |result| {
            let _ = tx.send(result);
        });
    })
    .await;
    if queued.is_err() {
        return Err(error::rejected(&ctx, &domain::Rejection::NotStored));
    }
    match rx.await {
        Ok(Ok(receipt)) => {
            let status = if receipt.duplicate { StatusCode::OK } else { StatusCode::CREATED };
            let body = json!({"id": receipt.id, "assembly": receipt.assembly, "duplicate": receipt.duplicate});
            Ok((status, Json(body)).into_response())
        }
        Ok(Err(rejection)) => Err(error::rejected(&ctx, &rejection)),
        Err(_) => Err(error::rejected(&ctx, &domain::Rejection::NotStored)),
    }
}

fn summary(a: &domain::Assembly, now: u64) -> Value {
    json!({
        "id": a.id,
        "name": a.name,
        "description": a.description,
        "parent": a.parent,
        "members": a.members.len(),
        "motions": a.motions.len(),
        "open_ballots": a.ballots.values().filter(|b| b.is_open(now)).count(),
        "events": a.accepted + a.ignored.len() as u64,
        "state_digest": a.digest(),
    })
}

async fn assemblies(ctx: Ctx) -> Json<Value> {
    let now = ctx.state.node.now();
    Json(Value::Array(ctx.state.node.assemblies().iter().map(|a| summary(a, now)).collect()))
}

fn find(ctx: &Ctx, id: &str) -> Result<domain::Assembly, AppError> {
    id.parse::<AssemblyId>()
        .ok()
        .and_then(|id| ctx.state.node.state(&id))
        .ok_or_else(|| error::api_code(ctx, StatusCode::NOT_FOUND, "no-assembly"))
}

/// An assembly with its members, motions and ballots.
async fn assembly(ctx: Ctx, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    let a = find(&ctx, &id)?;
    let now = ctx.state.node.now();
    let mut out = summary(&a, now);
    out["members_list"] = a
        .members
        .values()
        .map(|m| {
            json!({"key": m.key, "name": m.name, "since": m.joined_at,
            "powers": m.powers.keys().map(|p| p.code()).collect::<Vec<_>>()})
        })
        .collect();
    out["motions_list"] = a
        .motions_newest_first()
        .iter()
        .map(|m| {
            let ballot = m.ballot.and_then(|b| a.ballots.get(&b)).map(|b| {
                let t = b.tally();
                let result = match b.status(now) {
                    domain::BallotStatus::Open => "open",
                    domain::BallotStatus::Closed(count::majority::Outcome::Carried) => "carried",
                    domain::BallotStatus::Closed(count::majority::Outcome::NotCarried) => {
                        "not_carried"
                    }
                    domain::BallotStatus::Closed(count::majority::Outcome::QuorumNotMet) => {
                        "quorum_not_met"
                    }
                    domain::BallotStatus::Counted => "counted",
                    domain::BallotStatus::AwaitingCount => "awaiting_count",
                };
                let (voted, electorate) = b.turnout();
                let mut out = json!({"id": b.id, "result": result, "yes": t.yes, "no": t.no,
                    "abstain": t.abstain, "voted": voted, "electorate": electorate,
                    "closes_at": b.closes_at, "quorum": {"num": b.quorum.num, "den": b.quorum.den},
                    "threshold": b.threshold, "method": b.method});
                if result == "counted"
                    && let Some(Ok(transcript)) = a.count_election(&b.id)
                {
                    out["elected"] = transcript.to_json()["elected"].clone();
                }
                out
            });
            json!({"id": m.id, "kind": m.kind, "title": m.title, "text": m.text, "author": m.author,
                "time": m.time, "comments": m.comments.len(), "ballot": ballot})
        })
        .collect();
    Ok(Json(out))
}

#[derive(Deserialize)]
struct HeadQuery {
    author: Option<String>,
}

/// What a device needs to sign its next event in an assembly.
async fn head(
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<HeadQuery>,
) -> Result<Json<Value>, AppError> {
    let a = find(&ctx, &id)?;
    let author: Option<PublicKey> = match q.author {
        Some(hex) => Some(
            hex.parse().map_err(|_| error::api_code(&ctx, StatusCode::BAD_REQUEST, "bad-key"))?,
        ),
        None => None,
    };
    let next_seq = author.and_then(|k| a.heads.get(&k)).map_or(1, |(seq, _)| seq + 1);
    let mut frontier: Vec<_> = a.frontier.iter().copied().collect();
    if let Some((_, last)) = author.and_then(|k| a.heads.get(&k)) {
        frontier.push(*last);
    }
    frontier.sort_unstable();
    frontier.dedup();
    frontier.truncate(record::event::MAX_DEPS);
    Ok(Json(json!({"frontier": frontier, "next_seq": next_seq, "now": ctx.state.node.now()})))
}

/// The assembly's record as a bundle file.
async fn bundle(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let a = find(&ctx, &id)?;
    let events = ctx.state.node.events(&a.id).unwrap_or_default();
    let bundle = record::bundle::Bundle {
        created: ctx.state.node.now(),
        events,
        heads: vec![(a.id, a.frontier.iter().copied().collect())],
        node: Some(ctx.state.sync.node_id.0),
    };
    Ok(([(CONTENT_TYPE, "application/octet-stream")], record::bundle::encode(&bundle))
        .into_response())
}

/// The invitation issued under an invitation key, wherever it is on this node.
async fn invite(ctx: Ctx, Path(key): Path<String>) -> Result<Json<Value>, AppError> {
    let key: PublicKey =
        key.parse().map_err(|_| error::api_code(&ctx, StatusCode::BAD_REQUEST, "bad-key"))?;
    let now = ctx.state.node.now();
    for a in ctx.state.node.assemblies() {
        if let Some(invite) = a.invites.values().find(|i| i.key == key) {
            if invite.expires < now {
                return Err(error::rejected(&ctx, &domain::Rejection::InviteExpired));
            }
            let left = (invite.uses as usize).saturating_sub(invite.used_by.len());
            if left == 0 {
                return Err(error::rejected(&ctx, &domain::Rejection::InviteUsedUp));
            }
            return Ok(Json(
                json!({"assembly": a.id, "assembly_name": a.name, "invite": invite.id,
                "expires": invite.expires, "uses_left": left}),
            ));
        }
    }
    Err(error::api_code(&ctx, StatusCode::NOT_FOUND, "no-invite"))
}

#[derive(Deserialize)]
struct VaultPut {
    handle: String,
    key: PublicKey,
    sealed: String,
    signature: SignatureBytes,
}

/// Keeps a member's sealed key under a handle. The request is signed by that key, which must
/// belong to a member of an assembly on this node.
async fn put_vault(ctx: Ctx, Json(put): Json<VaultPut>) -> Result<StatusCode, AppError> {
    let bad = |code| error::api_code(&ctx, StatusCode::BAD_REQUEST, code);
    let handle = put.handle.trim();
    if handle.is_empty() || handle.chars().count() > 80 || handle.chars().any(char::is_control) {
        return Err(bad("bad-handle"));
    }
    let sealed = hex(&put.sealed)
        .filter(|s| s.len() == vault::SEALED_LEN)
        .ok_or_else(|| bad("bad-sealed-key"))?;
    keys::verify(&put.key, VAULT_TAG, &keys::vault_message(handle, &sealed), &put.signature)
        .map_err(|_| error::rejected(&ctx, &domain::Rejection::BadSignature))?;
    let is_member = ctx.state.node.assemblies().iter().any(|a| a.members.contains_key(&put.key));
    if !is_member {
        return Err(error::rejected(&ctx, &domain::Rejection::NotAMember));
    }
    let entry = VaultEntry {
        handle: handle.to_string(),
        key: put.key,
        sealed,
        updated: ctx.state.node.now(),
    };
    let store = ctx.state.node.clone();
    let stored = tokio::task::spawn_blocking(move || store.store().put_vault(&entry)).await;
    match stored {
        Ok(Ok(())) => Ok(StatusCode::NO_CONTENT),
        Ok(Err(StoreError::Conflict)) => {
            Err(error::api_code(&ctx, StatusCode::CONFLICT, "handle-taken"))
        }
        Ok(Err(e)) => {
            eprintln!("plenum: storing a sealed key failed: {e}");
            Err(error::api_code(&ctx, StatusCode::SERVICE_UNAVAILABLE, "not-stored"))
        }
        Err(_) => Err(error::api_code(&ctx, StatusCode::SERVICE_UNAVAILABLE, "not-stored")),
    }
}

/// A sealed key, for signing in on a new device. Only the passphrase opens it.
async fn get_vault(ctx: Ctx, Path(handle): Path<String>) -> Result<Json<Value>, AppError> {
    let node = ctx.state.node.clone();
    let found = tokio::task::spawn_blocking(move || node.store().vault(&handle)).await;
    match found {
        Ok(Ok(Some(entry))) => Ok(Json(json!({
            "key": entry.key,
            "sealed": record::ids::hex_encode(&entry.sealed),
        }))),
        Ok(Ok(None)) => Err(error::api_code(&ctx, StatusCode::NOT_FOUND, "no-handle")),
        _ => Err(error::api_code(&ctx, StatusCode::SERVICE_UNAVAILABLE, "not-stored")),
    }
}

fn hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

async fn openapi() -> Response {
    ([(CONTENT_TYPE, "application/json")], include_str!("../assets/openapi.json")).into_response()
}
