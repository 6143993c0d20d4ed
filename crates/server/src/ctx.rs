//! Who is reading, in which language: the context every handler starts from.
//!
//! The language is, in order: `?lang=` in the address (remembered in a cookie), the `lang`
//! cookie, the browser's `Accept-Language`, English. The viewer is the member key the page's
//! script put in the `plenum_member` cookie at sign-in. It is only a hint for rendering ("your
//! vote"): it proves nothing and grants nothing, since every action is a signed event.

use axum::extract::{FromRequestParts, Request};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use i18n::{Lang, Tr};
use record::PublicKey;

use crate::AppState;

/// The reader of a page or caller of the API.
#[derive(Clone)]
pub struct Ctx {
    pub state: AppState,
    pub lang: Lang,
    pub viewer: Option<PublicKey>,
    /// The path and query of the request, for the language switch.
    pub path: String,
}

impl Ctx {
    /// The reader's messages.
    #[must_use]
    pub fn tr(&self) -> Tr<'_> {
        Tr::new(&self.state.catalog, self.lang)
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?.split('&').find_map(|pair| Lang::from_code(pair.strip_prefix("lang=")?))
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = query_lang(parts.uri.query())
            .or_else(|| cookie(&parts.headers, "lang").and_then(Lang::from_code))
            .unwrap_or_else(|| {
                let accept = parts.headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
                Lang::negotiate(accept.unwrap_or(""))
            });
        let viewer = cookie(&parts.headers, "plenum_member").and_then(|v| v.parse().ok());
        let path = parts.uri.path().to_string();
        Ok(Self { state: state.clone(), lang, viewer, path })
    }
}

/// Remembers a language chosen with `?lang=` in a cookie, for the pages that follow.
pub async fn remember_language(request: Request, next: Next) -> Response {
    let chosen = query_lang(request.uri().query());
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}
