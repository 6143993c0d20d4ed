//! The static files of the interface and the browser's signing module, compiled into the
//! binary. Each is served with an ETag (revalidated, so a new node version is picked up at
//! once) and, where the browser accepts it, gzip-compressed once and kept.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::Path;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::AppState;

/// The browser's signing module, built from `crates/browser` by the build script.
pub const WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/plenum.wasm"));

struct Asset {
    name: &'static str,
    mime: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.css",
        mime: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/app.css"),
    },
    Asset {
        name: "app.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/app.js"),
    },
    Asset {
        name: "htmx.min.js",
        mime: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/vendor/htmx-2.0.11.min.js"),
    },
    Asset { name: "plenum.wasm", mime: "application/wasm", bytes: WASM },
];

/// Each asset's ETag and gzip form, made on first use.
struct Prepared {
    etag: String,
    gzip: Vec<u8>,
}

fn prepared(index: usize) -> &'static Prepared {
    static CACHE: OnceLock<Vec<Prepared>> = OnceLock::new();
    &CACHE.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| {
                let hash = Sha256::digest(a.bytes);
                let etag = format!("\"{}\"", record::ids::hex_encode(&hash[..12]));
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                std::io::Write::write_all(&mut encoder, a.bytes).expect("writing to memory");
                let gzip = encoder.finish().expect("writing to memory");
                Prepared { etag, gzip }
            })
            .collect()
    })[index]
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/assets/{name}", get(asset))
}

async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some(index) = ASSETS.iter().position(|a| a.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let asset = &ASSETS[index];
    let prepared = prepared(index);
    let common = [
        (CACHE_CONTROL, "no-cache".to_string()),
        (ETAG, prepared.etag.clone()),
        (VARY, "Accept-Encoding".to_string()),
    ];
    if headers.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(prepared.etag.as_str()) {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    let gzip = headers
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    if gzip {
        (common, [(CONTENT_TYPE, asset.mime), (CONTENT_ENCODING, "gzip")], prepared.gzip.clone())
            .into_response()
    } else {
        (common, [(CONTENT_TYPE, asset.mime)], asset.bytes).into_response()
    }
}
