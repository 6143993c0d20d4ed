//! The one error type of the HTTP edge. A handler's error is already a response in the reader's
//! language: a page for people, JSON for scripts. What went wrong inside (a store failure)
//! goes to the log, not to the reader.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Rejection;
use serde_json::json;

use crate::ctx::Ctx;

/// A response that reports a failure (boxed: handlers return it often, and it is large).
pub struct AppError(pub Box<Response>);

impl AppError {
    #[must_use]
    pub fn new(response: Response) -> Self {
        Self(Box::new(response))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// The HTTP status for a refused event.
fn status_of(rejection: &Rejection) -> StatusCode {
    match rejection {
        Rejection::NotStored => StatusCode::SERVICE_UNAVAILABLE,
        Rejection::MissingDependency(_)
        | Rejection::SequenceUsed(_)
        | Rejection::BadSequence { .. } => StatusCode::CONFLICT,
        Rejection::NotAMember | Rejection::NoPower(_) | Rejection::NotInElectorate => {
            StatusCode::FORBIDDEN
        }
        Rejection::UnknownAssembly => StatusCode::NOT_FOUND,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The reason an event was refused, in the reader's language.
#[must_use]
pub fn rejection_message(ctx: &Ctx, rejection: &Rejection) -> String {
    ctx.tr().reason("rejection", rejection.code(), &rejection.args())
}

/// A refused event, as the API reports it.
#[must_use]
pub fn rejected(ctx: &Ctx, rejection: &Rejection) -> AppError {
    api(ctx, status_of(rejection), rejection.code(), rejection_message(ctx, rejection))
}

/// An API failure with a stable code and a message in the reader's language.
#[must_use]
pub fn api(_ctx: &Ctx, status: StatusCode, code: &str, message: String) -> AppError {
    AppError::new((status, Json(json!({"error": code, "message": message}))).into_response())
}

/// An API failure whose message is the translation of `api-error-{code}`.
#[must_use]
pub fn api_code(ctx: &Ctx, status: StatusCode, code: &str) -> AppError {
    api(ctx, status, code, ctx.tr().t(&format!("api-error-{code}")))
}
