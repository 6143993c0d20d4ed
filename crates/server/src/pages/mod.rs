//! The pages people read: server-rendered HTML that works without JavaScript. Forms that act
//! carry `data-action` attributes; the page's script signs what they say and posts the event.

mod assembly;
mod chart;
mod election;
mod forms;
mod motion;
mod secret;
mod sync;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use domain::Assembly;
use record::AssemblyId;

use crate::AppState;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::Chrome;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(assembly::home))
        .route("/a/{assembly}", get(assembly::motions))
        .route("/a/{assembly}/members", get(assembly::members))
        .route("/a/{assembly}/demands", get(assembly::demands))
        .route("/a/{assembly}/record", get(assembly::record))
        .route("/a/{assembly}/export", get(assembly::export))
        .route("/a/{assembly}/motions/new", get(forms::new_motion))
        .route("/a/{assembly}/m/{motion}", get(motion::page))
        .route("/a/{assembly}/m/{motion}/ballot", get(motion::ballot_fragment))
        .route("/a/{assembly}/m/{motion}/debate", get(motion::debate_fragment))
        .route("/a/{assembly}/m/{motion}/result", get(election::result))
        .route("/a/{assembly}/m/{motion}/transcript.json", get(election::transcript_json))
        .route("/a/{assembly}/m/{motion}/transcript.csv", get(election::transcript_csv))
        .route("/a/{assembly}/m/{motion}/ballots.blt", get(election::ballots_blt))
        .route("/a/{assembly}/m/{motion}/ballots", get(secret::ballot_list))
        .route("/join", get(forms::join))
        .route("/signin", get(forms::signin))
        .route("/found", get(forms::found))
        .route("/sync", get(sync::page))
}

/// Renders a template into a response.
pub(crate) fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            eprintln!("plenum: a template failed to render: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Chrome<'a>,
    heading: String,
    message: String,
}

/// A page that reports a failure, in the reader's language.
pub(crate) fn error_page(ctx: &Ctx, status: StatusCode, code: &str) -> AppError {
    let tr = ctx.tr();
    let heading = tr.t(&format!("error-{code}-title"));
    let page = ErrorPage {
        chrome: Chrome::new(ctx, heading.clone()),
        heading,
        message: tr.t(&format!("error-{code}")),
    };
    AppError::new((status, render(&page)).into_response())
}

/// The answer to an address that names nothing.
pub async fn not_found(ctx: Ctx) -> AppError {
    error_page(&ctx, StatusCode::NOT_FOUND, "not-found")
}

/// The state of the assembly named in the address, or a "not found" page.
pub(crate) fn assembly_of(ctx: &Ctx, id: &str) -> Result<Assembly, AppError> {
    id.parse::<AssemblyId>()
        .ok()
        .and_then(|id| ctx.state.node.state(&id))
        .ok_or_else(|| error_page(ctx, StatusCode::NOT_FOUND, "no-assembly"))
}

/// Splits a text into paragraphs at blank lines.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}
