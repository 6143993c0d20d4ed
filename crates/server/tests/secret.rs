//! Secret ballots over HTTP: the panel of each step for the trustee, the voter and the
//! convenor who reads it, a forged ballot refused in the reader's language, and the list of
//! counted ballots with the links to verify the result.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::Origin;
use http_body_util::BodyExt;
use node::{Config, Node};
use record::payload::{Blob, Mark, Method, Payload, Vote};
use serde_json::Value;
use server::{AppState, Options};
use store_sqlite::SqliteStore;
use test_support::Scenario;
use tower::ServiceExt;

async fn get(router: &Router, path: &str, viewer: Option<record::PublicKey>, lang: &str) -> String {
    let mut request = Request::get(path).header(header::ACCEPT_LANGUAGE, lang);
    if let Some(v) = viewer {
        request = request.header(header::COOKIE, format!("plenum_member={v}"));
    }
    let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

async fn post(router: &Router, event: &record::Event, lang: &str) -> (StatusCode, Value) {
    let request = Request::post("/api/events")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::from(event.bytes().to_vec()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_secret_ballot_step_by_step_over_http() {
    let mut s = Scenario::found_at("Oil field strike committee", node::system_time() - 60_000);
    s.join(0, "Aigerim");
    s.join(0, "Bolat");
    let motion = s.motion(1, "Strike from Monday").unwrap();
    let config = Config { max_skew: 60 * 60 * 1000, clock: Arc::new(node::system_time) };
    let node = Node::open(Box::new(SqliteStore::in_memory().unwrap()), config).unwrap();
    let router = server::router(AppState::new(node.clone(), Options::default()));
    let sync = |s: &Scenario, from: usize| {
        for event in &s.events[from..] {
            node.submit_event_wait(event.clone(), Origin::Local).unwrap();
        }
        s.events.len()
    };
    let mut held = sync(&s, 0);
    let page = format!("/a/{}/m/{motion}", s.state.id);

    // The convenor may open a secret ballot, naming trustees.
    let html = get(&router, &page, Some(s.key(0)), "en").await;
    assert!(html.contains("name=\"secret\"") && html.contains("name=\"trustee\""));

    let ballot = s.open_secret(0, motion, Method::YesNoAbstain, &[1, 2], 2).unwrap();
    held = sync(&s, held);
    let html = get(&router, &page, Some(s.key(1)), "ru").await;
    assert!(html.contains("Создание ключа"), "the ceremony in Russian");
    assert!(html.contains("data-step=\"commit\""), "trustee 1 is asked to commit");
    let html = get(&router, &page, Some(s.key(0)), "en").await;
    assert!(!html.contains("data-action=\"trustee\""), "the convenor is no trustee");
    assert!(!html.contains("data-action=\"secret_vote\""), "no voting before the key");

    s.run_ceremony(ballot);
    held = sync(&s, held);
    let html = get(&router, &page, Some(s.key(2)), "kk").await;
    assert!(html.contains("data-action=\"secret_vote\""), "members vote once the key exists");
    assert!(html.contains("Құрылғымды тексеру"), "check my device, in Kazakh");

    // A copy of Aigerim's ballot cast by Bolat is refused, with the reason in Portuguese.
    s.cast(1, ballot, &[vec![true, false]]).unwrap();
    held = sync(&s, held);
    let Ok(Payload::Vote(Vote { mark: Mark::Encrypted(blob), .. })) =
        domain::apply::payload(s.events.last().unwrap())
    else {
        panic!("a ballot")
    };
    let copy = s.clone().make(2, Payload::Vote(Vote { ballot, mark: Mark::Encrypted(blob) }));
    let (status, body) = post(&router, &copy, "pt").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "ballot-bad-proof");
    assert!(body["message"].as_str().unwrap().contains("cópia"), "{body}");
    let forged =
        s.clone().make(2, Payload::Vote(Vote { ballot, mark: Mark::Encrypted(Blob(vec![1])) }));
    assert_eq!(post(&router, &forged, "en").await.1["error"], "ballot-unreadable");

    s.cast(2, ballot, &[vec![false, false]]).unwrap();
    held = sync(&s, held);
    let html = get(&router, &page, Some(s.key(0)), "en").await;
    assert!(html.contains("data-action=\"seal\""), "the convenor may seal");
    assert!(html.contains("2 of 3 voted"));

    let tracker = s.ballot(ballot).secret().unwrap().casts[&s.key(1)].tracker;
    s.seal(0, ballot).unwrap();
    held = sync(&s, held);
    let html = get(&router, &page, Some(s.key(2)), "en").await;
    assert!(html.contains("data-step=\"decrypt\""), "a trustee decrypts after the seal");
    assert!(html.contains("sealed with 2 ballots"));
    let list = get(&router, &format!("{page}/ballots"), None, "en").await;
    assert!(list.contains(&tracker.to_hex()), "the voter finds the tracker");

    s.decrypt(ballot, 1).unwrap();
    s.decrypt(ballot, 2).unwrap();
    sync(&s, held);
    let html = get(&router, &page, None, "en").await;
    assert!(html.contains("Carried"), "{}", &html[html.find("ballot-title").unwrap_or(0)..][..600]);
    assert!(html.contains(&format!("/a/{}/export", s.state.id)));
    assert!(html.contains(&format!("{page}/ballots")));
}
