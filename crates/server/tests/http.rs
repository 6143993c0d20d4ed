//! The HTTP edge in process (`Router::oneshot`): pages in every language, the one door for
//! events with its refusals, the key vault, assets and live updates.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::Origin;
use http_body_util::BodyExt;
use node::{Config, Node};
use record::keys::{self, VAULT_TAG};
use record::payload::{Choice, MotionKind, Threshold};
use serde_json::{Value, json};
use server::{AppState, Options};
use store_sqlite::SqliteStore;
use test_support::Scenario;
use tower::ServiceExt;

struct App {
    router: Router,
    node: Node,
    s: Scenario,
    motion: record::EventId,
    ballot: record::EventId,
}

/// A node holding an assembly with a decided demand and an open ballot.
fn app() -> App {
    let mut s = Scenario::found("Bus depot assembly");
    let a = s.join(0, "Aliya");
    let b = s.join(0, "Timur");
    let decided = s.motion_of(a, MotionKind::Demand, "Free transport for shift workers").unwrap();
    s.comment(b, decided, None, "Also for the night shift.").unwrap();
    let ballot = s.open(0, decided, (1, 2), Threshold::SimpleMajority).unwrap();
    s.vote(a, ballot, Choice::Yes).unwrap();
    s.vote(b, ballot, Choice::Yes).unwrap();
    s.close(0, ballot).unwrap();
    let motion = s.motion(b, "Elect a safety delegate").unwrap();
    let ballot = s.open(0, motion, (0, 1), Threshold::SimpleMajority).unwrap();
    s.vote(a, ballot, Choice::No).unwrap();

    let now = s.time + 1000;
    let config = Config { max_skew: 60 * 60 * 1000, clock: Arc::new(move || now) };
    let node = Node::open(Box::new(SqliteStore::in_memory().unwrap()), config).unwrap();
    for event in &s.events {
        node.submit_wait(event.bytes(), Origin::Local).unwrap();
    }
    let router = server::router(AppState::new(node.clone(), Options::default()));
    App { router, node, s, motion, ballot }
}

async fn send(
    router: &Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

async fn get(router: &Router, path: &str, lang: &str) -> (StatusCode, String) {
    let request =
        Request::get(path).header(header::ACCEPT_LANGUAGE, lang).body(Body::empty()).unwrap();
    let (status, _, body) = send(router, request).await;
    (status, String::from_utf8(body).unwrap())
}

async fn post_event(router: &Router, bytes: &[u8], lang: &str) -> (StatusCode, Value) {
    let request = Request::post("/api/events")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::from(bytes.to_vec()))
        .unwrap();
    let (status, _, body) = send(router, request).await;
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn pages_read_in_the_readers_language() {
    let app = app();
    let (status, en) = get(&app.router, "/", "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(en.contains("Bus depot assembly") && en.contains("3 members"), "{en}");
    let (_, ru) = get(&app.router, "/", "ru-RU,ru;q=0.9").await;
    assert!(ru.contains("Собрания") && ru.contains("3 участника"), "{ru}");
    let (_, kk) = get(&app.router, "/?lang=pt", "ru").await;
    assert!(kk.contains("Assembleias"), "an explicit choice wins over the header");

    let id = app.s.state.id;
    let (status, page) = get(&app.router, &format!("/a/{id}/demands"), "pt").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Free transport for shift workers")
            && page.contains("Reivindicações aprovadas")
    );
}

#[tokio::test]
async fn a_chosen_language_is_remembered_in_a_cookie() {
    let app = app();
    let request = Request::get("/?lang=kk").body(Body::empty()).unwrap();
    let (_, headers, body) = send(&app.router, request).await;
    let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(cookie.starts_with("lang=kk"), "{cookie}");
    assert!(String::from_utf8(body).unwrap().contains("Жиналыстар"));
    let request = Request::get("/").header(header::COOKIE, "lang=kk").body(Body::empty()).unwrap();
    let (_, _, body) = send(&app.router, request).await;
    assert!(String::from_utf8(body).unwrap().contains("Жиналыстар"));
}

#[tokio::test]
async fn a_motion_shows_its_ballot_and_a_closed_one_its_roll_call() {
    let app = app();
    let id = app.s.state.id;
    let (status, page) = get(&app.router, &format!("/a/{id}/m/{}", app.motion), "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Elect a safety delegate") && page.contains("1 of 3 voted"), "{page}");
    // A reader who is not signed in sees no voting form.
    assert!(!page.contains("form class=\"vote\""));

    let aliya = app.s.key(1);
    let request = Request::get(format!("/a/{id}/m/{}/ballot", app.motion))
        .header(header::COOKIE, format!("plenum_member={aliya}"))
        .body(Body::empty())
        .unwrap();
    let (_, _, body) = send(&app.router, request).await;
    let fragment = String::from_utf8(body).unwrap();
    assert!(fragment.contains("You voted: No"), "{fragment}");
    assert!(!fragment.contains("<html"), "a fragment, not a page");

    let decided = app.s.state.motions.values().find(|m| m.kind == MotionKind::Demand).unwrap().id;
    let (_, page) = get(&app.router, &format!("/a/{id}/m/{decided}"), "ru").await;
    assert!(
        page.contains("Принято")
            && page.contains("Aliya")
            && page.contains("Поимённое голосование")
    );
}

#[tokio::test]
async fn unknown_addresses_answer_in_the_readers_language() {
    let app = app();
    let (status, page) = get(&app.router, "/nowhere", "kk").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Табылмады"));
    let (status, page) = get(&app.router, &format!("/a/{}", "ab".repeat(32)), "pt").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Assembleia inexistente"));
    let (status, _) = get(&app.router, "/a/not-an-id", "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_one_door_records_refuses_and_explains() {
    let mut app = app();
    let timur = 2;
    let vote = app.s.make(
        timur,
        record::Payload::Vote(record::payload::Vote {
            ballot: app.ballot,
            mark: record::payload::Mark::Choice(Choice::Yes),
        }),
    );
    let before = app.node.store().count().unwrap();
    let (status, body) = post_event(&app.router, vote.bytes(), "en").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["id"], vote.id().to_hex());
    let (status, body) = post_event(&app.router, vote.bytes(), "en").await;
    assert_eq!((status, &body["duplicate"]), (StatusCode::OK, &json!(true)));
    assert_eq!(app.node.store().count().unwrap(), before + 1);

    // A stranger's motion: refused, explained in Russian, nothing stored.
    let stranger = app.s.outsider();
    let motion = app.s.make(
        stranger,
        record::Payload::Motion(record::payload::Motion {
            kind: MotionKind::Resolution,
            title: "Dissolve the union".into(),
            text: String::new(),
        }),
    );
    let (status, body) = post_event(&app.router, motion.bytes(), "ru").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "not-a-member");
    assert_eq!(body["message"], "Это могут делать только участники собрания.");

    // A member without the power to convene cannot close the ballot.
    let close = app
        .s
        .make(1, record::Payload::CloseBallot(record::payload::CloseBallot { ballot: app.ballot }));
    let (status, body) = post_event(&app.router, close.bytes(), "pt").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains("Coordenação"), "{body}");

    // Garbage and forgeries.
    let (status, body) = post_event(&app.router, b"not an event", "en").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("malformed"))
    );
    let mut forged = vote.bytes().to_vec();
    forged[80] ^= 1;
    let (status, body) = post_event(&app.router, &forged, "kk").await;
    assert_eq!(body["error"], "bad-signature", "{status} {body}");
    assert_eq!(app.node.store().count().unwrap(), before + 1);
}

#[tokio::test]
async fn the_head_tells_a_device_how_to_sign_next() {
    let app = app();
    let id = app.s.state.id;
    let aliya = app.s.key(1);
    let (status, body) =
        get(&app.router, &format!("/api/assemblies/{id}/head?author={aliya}"), "en").await;
    assert_eq!(status, StatusCode::OK);
    let head: Value = serde_json::from_str(&body).unwrap();
    let expected = app.s.state.heads[&aliya].0 + 1;
    assert_eq!(head["next_seq"], expected);
    assert!(head["frontier"].as_array().unwrap().contains(&json!(app.s.state.heads[&aliya].1)));
    let (status, _) = get(&app.router, &format!("/api/assemblies/{id}/head?author=zz"), "en").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, body) = get(&app.router, &format!("/api/assemblies/{id}"), "en").await;
    assert_eq!(status, StatusCode::OK);
    let assembly: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(assembly["members"], 3);
    assert_eq!(assembly["state_digest"], app.s.state.digest().to_hex());
}

#[tokio::test]
async fn the_vault_keeps_sealed_keys_for_their_owners_only() {
    let app = app();
    let aliya = app.s.keypair(1);
    let sealed =
        vault::seal(&aliya.seed(), "a long passphrase", &[9; 40], vault::Cost::for_tests())
            .unwrap();
    let put = |key: &record::Keypair, handle: &str| {
        let signature = key.sign(VAULT_TAG, &keys::vault_message(handle, &sealed));
        let body = json!({"handle": handle, "key": key.public(), "sealed": record::ids::hex_encode(&sealed),
            "signature": signature});
        Request::post("/api/vault")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let (status, _, _) = send(&app.router, put(&aliya, "aliya")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = get(&app.router, "/api/vault/Aliya", "en").await;
    assert_eq!(status, StatusCode::OK);
    let kept: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(kept["key"], aliya.public().to_hex());

    // Another member cannot take the name; a stranger cannot store at all.
    let (status, _, _) = send(&app.router, put(&app.s.keypair(2), "aliya")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let stranger = record::Keypair::from_seed([77; 32]);
    let (status, _, _) = send(&app.router, put(&stranger, "stranger")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get(&app.router, "/api/vault/nobody", "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn assets_are_compressed_once_and_revalidated() {
    let app = app();
    let (_, _, raw) =
        send(&app.router, Request::get("/assets/plenum.wasm").body(Body::empty()).unwrap()).await;
    assert_eq!(&raw[..4], b"\0asm", "the module itself");
    let request = Request::get("/assets/plenum.wasm")
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&app.router, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert!(body.len() < raw.len() / 2, "gzip shrinks the module");
    let etag = headers[header::ETAG].clone();
    let request = Request::get("/assets/plenum.wasm")
        .header(header::IF_NONE_MATCH, etag)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(&app.router, request).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    let (status, _) = get(&app.router, "/assets/nothing.js", "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_updates_carry_the_running_count() {
    let mut app = app();
    let id = app.s.state.id;
    let request = Request::get(format!("/a/{id}/live"))
        .header(header::ACCEPT_LANGUAGE, "ru")
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = response.into_body();
    let vote = app.s.make(
        2,
        record::Payload::Vote(record::payload::Vote {
            ballot: app.ballot,
            mark: record::payload::Mark::Choice(Choice::Yes),
        }),
    );
    app.node.submit_wait(vote.bytes(), Origin::Local).unwrap();
    let frame = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let frame = body.frame().await.unwrap().unwrap();
            if let Some(data) = frame.data_ref()
                && data.starts_with(b"event: change")
            {
                return String::from_utf8(data.to_vec()).unwrap();
            }
        }
    })
    .await
    .unwrap();
    let json = frame.lines().find_map(|l| l.strip_prefix("data: ")).unwrap();
    let change: Value = serde_json::from_str(json).unwrap();
    assert_eq!(change["kinds"], json!(["vote"]));
    assert_eq!(change["ballots"][0]["yes"], 1);
    assert_eq!(change["ballots"][0]["turnout"], "Проголосовали 2 из 3");
}

#[tokio::test]
async fn the_openapi_description_names_every_api_route() {
    let app = app();
    let (status, body) = get(&app.router, "/api/openapi.json", "en").await;
    assert_eq!(status, StatusCode::OK);
    let spec: Value = serde_json::from_str(&body).unwrap();
    let source = include_str!("../src/api.rs");
    let routes: Vec<&str> = source
        .lines()
        .filter_map(|l| l.trim().strip_prefix(".route(\""))
        .map(|l| &l[..l.find('"').unwrap()])
        .collect();
    assert!(routes.len() >= 8);
    for route in routes {
        assert!(spec["paths"].get(route).is_some(), "{route} is not described in openapi.json");
    }
}

/// The voting page and everything it loads, gzip-compressed as served: under 60 KB without the
/// WebAssembly module, the module under 400 KB (PRODUCT.md's targets for cheap phones).
#[tokio::test]
async fn the_voting_page_is_light_enough_for_cheap_phones() {
    let app = app();
    let id = app.s.state.id;
    let gzip = |body: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, body).unwrap();
        encoder.finish().unwrap().len()
    };
    let (_, page) = get(&app.router, &format!("/a/{id}/m/{}", app.motion), "ru").await;
    let mut total = gzip(page.as_bytes());
    for asset in ["app.css", "app.js", "htmx.min.js"] {
        let request = Request::get(format!("/assets/{asset}"))
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send(&app.router, request).await;
        assert_eq!(
            (status, &headers[header::CONTENT_ENCODING]),
            (StatusCode::OK, &"gzip".parse::<header::HeaderValue>().unwrap())
        );
        total += body.len();
    }
    assert!(total < 60 * 1024, "the voting page weighs {total} bytes compressed");
    let request = Request::get("/assets/plenum.wasm")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let (_, _, wasm) = send(&app.router, request).await;
    assert!(wasm.len() < 400 * 1024, "the module weighs {} bytes compressed", wasm.len());
    eprintln!("voting page: {total} bytes gzip; module: {} bytes gzip", wasm.len());
}
