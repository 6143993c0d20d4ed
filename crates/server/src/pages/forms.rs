//! The pages whose forms make keys and events on the member's device: joining with an
//! invitation code, signing in on another device, founding an assembly, putting a motion.

use askama::Template;
use axum::extract::{Path, Query};
use axum::response::Response;
use domain::Assembly;
use record::AssemblyId;
use serde::Deserialize;

use super::{assembly_of, render};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::Chrome;

#[derive(Deserialize)]
pub struct JoinQuery {
    code: Option<String>,
}

#[derive(Template)]
#[template(path = "join.html")]
struct Join<'a> {
    chrome: Chrome<'a>,
    code: String,
}

/// `/join?code=…`: an invitation link fills the code in.
pub async fn join(ctx: Ctx, Query(query): Query<JoinQuery>) -> Response {
    let page = Join {
        chrome: Chrome::new(&ctx, ctx.tr().t("join-title")),
        code: query.code.unwrap_or_default().chars().take(40).collect(),
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "signin.html")]
struct Signin<'a> {
    chrome: Chrome<'a>,
}

pub async fn signin(ctx: Ctx) -> Response {
    render(&Signin { chrome: Chrome::new(&ctx, ctx.tr().t("signin-title")) })
}

#[derive(Template)]
#[template(path = "found.html")]
struct Found<'a> {
    chrome: Chrome<'a>,
    parents: Vec<(AssemblyId, String)>,
}

pub async fn found(ctx: Ctx) -> Result<Response, AppError> {
    if !ctx.state.options.allow_founding {
        return Err(super::error_page(&ctx, axum::http::StatusCode::FORBIDDEN, "founding-closed"));
    }
    let parents = ctx.state.node.assemblies().into_iter().map(|a| (a.id, a.name)).collect();
    Ok(render(&Found { chrome: Chrome::new(&ctx, ctx.tr().t("found-title")), parents }))
}

#[derive(Template)]
#[template(path = "new_motion.html")]
struct NewMotion<'a> {
    chrome: Chrome<'a>,
    a: Assembly,
    /// The members, key and name, who may stand in an election.
    members: Vec<(String, String)>,
}

pub async fn new_motion(ctx: Ctx, Path(id): Path<String>) -> Result<Response, AppError> {
    let a = assembly_of(&ctx, &id)?;
    let chrome = Chrome::new(&ctx, ctx.tr().t("motion-put")).in_assembly(&ctx, &a);
    let mut members: Vec<(String, String)> =
        a.members.values().map(|m| (m.key.to_hex(), m.name.clone())).collect();
    members.sort_by_key(|m| m.1.to_lowercase());
    Ok(render(&NewMotion { chrome, a, members }))
}
