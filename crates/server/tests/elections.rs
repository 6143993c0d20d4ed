//! Elections of delegates at the HTTP edge, in process: the election on its motion's page, the
//! ranking form, refusals through the one door, the result page with its chart and table, the
//! downloads, the API and live turnout.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::Origin;
use http_body_util::BodyExt;
use node::{Config, Node};
use record::payload::{Mark, Payload, RankedRule, Vote};
use record::{EventId, PublicKey};
use serde_json::Value;
use server::{AppState, Options};
use store_sqlite::SqliteStore;
use test_support::{Scenario, named};
use tower::ServiceExt;

struct App {
    router: Router,
    node: Node,
    s: Scenario,
    /// An election with its ballot still open, and one closed and counted.
    open: (EventId, EventId),
    counted: (EventId, EventId),
    /// An election still taking nominations.
    nominating: EventId,
}

/// A tram depot: founder (0) and six members; three elections in three states.
fn app() -> App {
    let mut s = Scenario::found("Tram depot assembly");
    for name in ["Aliya", "Timur", "Saule", "Bolat", "Ermek", "Zhanna"] {
        s.join(0, name);
    }
    let candidates = vec![s.member_candidate(1), s.member_candidate(2), named("Dana")];
    let motion = s.election_of(3, "Delegates to the city council", 2, candidates).unwrap();
    s.nominate(4, motion, named("Yerlan")).unwrap();
    let ballot = s.open_election(0, motion, RankedRule::StvScottish, (1, 2)).unwrap();
    for (who, ranking) in [
        (0, &[0u16, 2][..]),
        (1, &[0, 1]),
        (2, &[0, 2]),
        (3, &[0, 2]),
        (4, &[1]),
        (5, &[2, 1]),
        (6, &[3, 2]),
    ] {
        s.rank(who, ballot, ranking).unwrap();
    }
    s.close(0, ballot).unwrap();
    let counted = (motion, ballot);

    let motion = s.election(1, "Safety delegate", 1, &["Saule", "Bolat"]).unwrap();
    let ballot = s.open_election(0, motion, RankedRule::Irv, (0, 1)).unwrap();
    s.rank(2, ballot, &[1, 0]).unwrap();
    let open = (motion, ballot);

    let nominating = s.election(2, "Strike fund treasurer", 1, &[]).unwrap();

    let now = s.time + 1000;
    let config = Config { max_skew: 60 * 60 * 1000, clock: Arc::new(move || now) };
    let node = Node::open(Box::new(SqliteStore::in_memory().unwrap()), config).unwrap();
    for event in &s.events {
        node.submit_wait(event.bytes(), Origin::Local).unwrap();
    }
    let router = server::router(AppState::new(node.clone(), Options::default()));
    App { router, node, s, open, counted, nominating }
}

async fn get_as(
    router: &Router,
    path: &str,
    lang: &str,
    viewer: Option<PublicKey>,
) -> (StatusCode, header::HeaderMap, String) {
    let mut request = Request::get(path).header(header::ACCEPT_LANGUAGE, lang);
    if let Some(key) = viewer {
        request = request.header(header::COOKIE, format!("plenum_member={key}"));
    }
    let response = router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, String::from_utf8(body).unwrap())
}

async fn get(router: &Router, path: &str, lang: &str) -> (StatusCode, String) {
    let (status, _, body) = get_as(router, path, lang, None).await;
    (status, body)
}

async fn post_event(router: &Router, bytes: &[u8], lang: &str) -> (StatusCode, Value) {
    let request = Request::post("/api/events")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::ACCEPT_LANGUAGE, lang)
        .body(Body::from(bytes.to_vec()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn an_election_taking_nominations_shows_its_candidates_and_forms() {
    let app = app();
    let id = app.s.state.id;
    let path = format!("/a/{id}/m/{}", app.counted.0);
    let (status, page) = get(&app.router, &path, "en").await;
    assert_eq!(status, StatusCode::OK);
    for text in ["Election of delegates", "2 seats to fill", "4 candidates", "nominated by Bolat"] {
        assert!(page.contains(text), "{text}: {page}");
    }

    // A member sees the nomination forms, a convenor also the form that opens the ballot.
    let path = format!("/a/{id}/m/{}", app.nominating);
    let (_, _, member) = get_as(&app.router, &path, "en", Some(app.s.key(3))).await;
    assert!(member.contains("data-action=\"nominate\"") && member.contains("no candidates"));
    assert!(member.contains("at least as many candidates as seats"), "{member}");
    assert!(!member.contains("data-action=\"open_ballot\""));
    let (_, _, ru) = get_as(&app.router, &path, "ru", Some(app.s.key(0))).await;
    assert!(ru.contains("Выдвинуть кандидата") && ru.contains("Выборы делегатов"), "{ru}");

    let path = format!("/a/{id}/m/{}", app.open.0);
    let (_, page) = get(&app.router, &path, "kk").await;
    assert!(
        page.contains("Жедел екінші тур (IRV)") && page.contains("7 адамнан 1 адам дауыс берді")
    );
}

#[tokio::test]
async fn a_voter_ranks_on_a_form_of_buttons_prefilled_with_their_last_ranking() {
    let app = app();
    let id = app.s.state.id;
    let path = format!("/a/{id}/m/{}/ballot", app.open.0);
    let (_, _, fresh) = get_as(&app.router, &path, "en", Some(app.s.key(1))).await;
    assert!(fresh.contains("data-action=\"rank\"") && fresh.contains("Rank the candidates"));
    assert!(fresh.contains("aria-label=\"Move Saule up\""), "{fresh}");
    assert!(fresh.contains("No one ranked yet."));
    // Timur ranked Bolat, then Saule: the form shows that order, and the roll call too.
    let (_, _, mine) = get_as(&app.router, &path, "en", Some(app.s.key(2))).await;
    assert!(mine.contains("You ranked: 1. Bolat, 2. Saule."), "{mine}");
    let ranked = mine.split("data-ranked").nth(1).unwrap().split("data-unranked").next().unwrap();
    assert!(ranked.find("Bolat").unwrap() < ranked.find("Saule").unwrap());
    assert!(mine.contains("<td>1. Bolat, 2. Saule</td>"));
}

#[tokio::test]
async fn bad_rankings_and_late_nominations_are_refused_and_explained() {
    let mut app = app();
    let before = app.node.store().count().unwrap();
    let out_of_range =
        app.s.make(1, Payload::Vote(Vote { ballot: app.open.1, mark: Mark::Ranking(vec![0, 2]) }));
    let (status, body) = post_event(&app.router, out_of_range.bytes(), "ru").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"], "bad-ranking");
    assert!(body["message"].as_str().unwrap().contains("нет в бюллетене"), "{body}");
    let yes = app.s.make(
        1,
        Payload::Vote(Vote {
            ballot: app.open.1,
            mark: Mark::Choice(record::payload::Choice::Yes),
        }),
    );
    let (_, body) = post_event(&app.router, yes.bytes(), "en").await;
    assert_eq!(body["error"], "wrong-mark");
    let late = app.s.make(
        1,
        Payload::Nominate(record::payload::Nominate {
            motion: app.open.0,
            candidate: named("Late"),
        }),
    );
    let (_, body) = post_event(&app.router, late.bytes(), "pt").await;
    assert_eq!(body["error"], "nominations-closed");
    assert!(body["message"].as_str().unwrap().contains("A votação está aberta"), "{body}");
    assert_eq!(app.node.store().count().unwrap(), before);
}

#[tokio::test]
async fn the_result_page_shows_the_elected_the_chart_and_every_round() {
    let app = app();
    let id = app.s.state.id;
    let (_, motion) = get(&app.router, &format!("/a/{id}/m/{}", app.counted.0), "en").await;
    let elected = motion.split("class=\"elected\"").nth(1).unwrap().split("</ol>").next().unwrap();
    assert!(elected.find("Aliya").unwrap() < elected.find("Dana").unwrap(), "{elected}");
    assert!(motion.contains(&format!("/a/{id}/m/{}/result", app.counted.0)));

    let (status, page) =
        get(&app.router, &format!("/a/{id}/m/{}/result", app.counted.0), "en").await;
    assert_eq!(status, StatusCode::OK);
    // The chart: server-rendered SVG with a title and a description, a bar per tally.
    let svg = page.split("<svg").nth(1).unwrap().split("</svg>").next().unwrap();
    assert!(svg.contains("role=\"img\"") && svg.contains("<title id=\"chart-svg-title\">"));
    assert!(svg.contains("Elected: Aliya, Dana."), "{svg}");
    // Scottish STV numbers its stages from 0, the first preferences, as the transcript does.
    assert!(svg.contains("Aliya, round 0: 4.00000"), "{svg}");
    assert!(svg.matches("class=\"quota\"").count() >= 4);
    // The table: a row per candidate, quota and exhausted rows, and what happened.
    let table =
        page.split("<table class=\"rounds\"").nth(1).unwrap().split("</table>").next().unwrap();
    assert!(table.contains("elected in round 0") && table.contains("3.00000"), "{table}");
    assert!(table.contains("Quota") && table.contains("Exhausted"));
    assert!(page.contains("Elected: Aliya (reached the quota)"), "{page}");
    assert!(page.contains("Surplus of Aliya transferred: 1.00000"));
    assert!(page.contains("Excluded: Yerlan (lowest vote)"));
    assert!(page.contains("plenum count FILE.blt --method stv-scottish"));

    let (_, ru) = get(&app.router, &format!("/a/{id}/m/{}/result", app.counted.0), "ru").await;
    assert!(
        ru.contains("Избран(а): Aliya (набрал(а) квоту)") && ru.contains("Голоса в каждом туре")
    );

    // Not counted yet, or not an election: a page that says so.
    let (status, page) = get(&app.router, &format!("/a/{id}/m/{}/result", app.open.0), "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("when the ballot closes"), "{page}");
    let path = format!("/a/{id}/m/{}/transcript.json", app.nominating);
    let (status, _) = get(&app.router, &path, "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_transcript_downloads_as_json_and_csv_and_the_ballots_as_blt() {
    let app = app();
    let id = app.s.state.id;
    let base = format!("/a/{id}/m/{}", app.counted.0);
    let expected = app.s.state.count_election(&app.counted.1).unwrap().unwrap();

    let (status, headers, json) =
        get_as(&app.router, &format!("{base}/transcript.json"), "en", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".json"));
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json, expected.to_json());
    assert_eq!(json["elected"], serde_json::json!(["Aliya", "Dana"]));

    let (_, headers, csv) =
        get_as(&app.router, &format!("{base}/transcript.csv"), "en", None).await;
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "round,quota,exhausted,Aliya,Timur,Dana,Yerlan,elected,excluded");
    assert_eq!(lines.len(), expected.rounds.len() + 1);
    assert!(lines[1].ends_with(",Aliya,"), "{}", lines[1]);

    let (_, _, blt) = get_as(&app.router, &format!("{base}/ballots.blt"), "en", None).await;
    let election = count::blt::parse(blt.as_bytes()).unwrap().election;
    assert_eq!(election.ballots.len(), 7);
    let method = domain::election::count_method(RankedRule::StvScottish);
    assert_eq!(count::method::count(&election, method, &[]).unwrap(), expected);
}

#[tokio::test]
async fn the_api_lists_an_election_with_its_method_and_the_elected() {
    let app = app();
    let id = app.s.state.id;
    let (_, body) = get(&app.router, &format!("/api/assemblies/{id}"), "en").await;
    let assembly: Value = serde_json::from_str(&body).unwrap();
    let motions = assembly["motions_list"].as_array().unwrap();
    let counted = motions.iter().find(|m| m["id"] == app.counted.0.to_hex()).unwrap();
    assert_eq!(counted["ballot"]["result"], "counted");
    assert_eq!(counted["ballot"]["elected"], serde_json::json!(["Aliya", "Dana"]));
    assert_eq!(counted["ballot"]["method"]["ranked"]["rule"], "stv_scottish");
    assert_eq!(counted["kind"]["election"]["seats"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_updates_carry_an_elections_turnout() {
    let mut app = app();
    let id = app.s.state.id;
    let request = Request::get(format!("/a/{id}/live"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::empty())
        .unwrap();
    let mut body = app.router.clone().oneshot(request).await.unwrap().into_body();
    let vote =
        app.s.make(4, Payload::Vote(Vote { ballot: app.open.1, mark: Mark::Ranking(vec![0]) }));
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
    assert_eq!(change["ballots"][0]["turnout"], "2 of 7 voted");
    assert_eq!(change["ballots"][0]["percent"], 28);
    assert!(change["motions"].as_array().unwrap().contains(&Value::String(app.open.0.to_hex())));
}
