//! The real-browser test: headless Debian Chromium against a real `plenum serve`. A founder
//! and a member, each in their own browser with keys made in that browser, found an assembly,
//! invite, join with the code, put a motion, open the ballot, vote, watch the count update
//! live, close it and read the result; then the record is exported and verified offline.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

mod nodes;
mod phones;

use std::process::Command;

use phones::{Served, WAIT, found, invite, screenshots, submit};
use test_support::webdriver::{Driver, Session};

#[test]
fn members_found_join_debate_vote_and_verify_in_real_browsers() {
    let node = Served::start();
    let driver = Driver::start().unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let shots = screenshots();

    // The founder founds the assembly from a phone and invites one member.
    let (founder, assembly_url) = found(&driver, &node, profiles.path(), "Depot 4 assembly");
    let code = invite(&founder, &assembly_url, 1);
    assert_eq!(code.len(), 19, "an invitation code: {code}");
    founder.screenshot(&shots.join("invitation-360.png")).unwrap();

    // The member joins with the code, typed in lowercase without dashes, on another phone.
    let member = driver.session(&profiles.path().join("member"), 360, 800).unwrap();
    member.goto(&node.url("/join")).unwrap();
    member.fill("#code", &code.replace('-', "").to_lowercase()).unwrap();
    member.fill("#name", "Serik").unwrap();
    member.fill("#handle", "serik").unwrap();
    member.fill("#passphrase", "another long passphrase").unwrap();
    submit(&member, "form[data-action=join]");
    member.wait_text("h1", "Depot 4 assembly", WAIT).unwrap();
    member.wait_text(".who", "Serik", WAIT).unwrap();

    // The member puts a motion and debates it.
    member.goto(&format!("{assembly_url}/motions/new")).unwrap();
    member.fill("#title", "Heating in the depot by Monday").unwrap();
    member.fill("#text", "The depot has had no heating for a week.").unwrap();
    submit(&member, "form[data-action=motion]");
    member.wait_text("h1", "Heating in the depot", WAIT).unwrap();
    let motion_url = member.url().unwrap();
    member.fill("#comment", "Seconded, and the canteen too.").unwrap();
    submit(&member, "#debate form[data-action=comment]:not([data-reply-to])");
    member.wait_text("#debate", "Seconded, and the canteen too.", WAIT).unwrap();

    // The founder, a convenor, opens the ballot; both vote.
    founder.goto(&motion_url).unwrap();
    submit(&founder, "form[data-action=open_ballot]");
    founder.wait("form.vote", WAIT).unwrap();
    member.goto(&motion_url).unwrap();
    member.wait("form.vote", WAIT).unwrap();
    member.wait_text("[data-tally=turnout]", "0 of 2 voted", WAIT).unwrap();

    founder.click_on("form.vote button.yes").unwrap();
    founder.wait_text("form.vote legend", "You voted: Yes", WAIT).unwrap();
    // The member's open page hears the founder's vote without reloading.
    member.wait_text("[data-tally=turnout]", "1 of 2 voted", WAIT).unwrap();

    // The member first votes no, then changes to yes: the last vote counts.
    member.click_on("form.vote button.no").unwrap();
    member.wait_text("form.vote legend", "You voted: No", WAIT).unwrap();
    member.click_on("form.vote button.yes").unwrap();
    member.wait_text("form.vote legend", "You voted: Yes", WAIT).unwrap();
    member.screenshot(&shots.join("ballot-open-360.png")).unwrap();

    // The founder closes the ballot and reads the result.
    founder.execute("window.confirm = () => true;", &[]).unwrap();
    submit(&founder, "form[data-action=close_ballot]");
    founder.wait_text("#ballot .result", "Carried", WAIT).unwrap();
    let roll = founder.text_of("table.roll").unwrap();
    assert!(roll.contains("Gulnara") && roll.contains("Serik"), "roll call: {roll}");
    member.wait_text("#ballot", "Carried", WAIT).unwrap();
    founder.screenshot(&shots.join("ballot-closed-360.png")).unwrap();

    // Signing in again on a fresh device opens the sealed key with the passphrase.
    let again = driver.session(&profiles.path().join("again"), 1280, 900).unwrap();
    again.goto(&node.url("/signin")).unwrap();
    again.fill("#handle", "Serik").unwrap();
    again.fill("#passphrase", "another long passphrase").unwrap();
    submit(&again, "form[data-action=signin]");
    again.wait_text("h1", "Assemblies", WAIT).unwrap();
    again.goto(&motion_url).unwrap();
    again.wait_text(".who", "Serik", WAIT).unwrap();
    again.screenshot(&shots.join("motion-desktop.png")).unwrap();

    // The exported record verifies offline, with the ballot carried.
    let report = node.exported_report();
    let ballots = &report["assemblies"][0]["ballots"];
    assert_eq!(ballots[0]["result"], "carried");
    assert_eq!((ballots[0]["yes"].as_u64(), ballots[0]["no"].as_u64()), (Some(2), Some(0)));
}

/// The text a script in the page reads from `url` on the page's own node (a download link's
/// target, fetched the way the browser would).
fn fetch_in_page(session: &Session, url: &str) -> String {
    let script = "const x = new XMLHttpRequest(); x.open('GET', arguments[0], false); x.send(); \
                  return [x.status, x.responseText];";
    let answer = session.execute(script, &[serde_json::Value::String(url.into())]).unwrap();
    assert_eq!(answer[0], 200, "GET {url}");
    answer[1].as_str().unwrap().to_owned()
}

/// Scrolls the first element matching `css` to the top of the window, for a screenshot.
fn scroll_to(session: &Session, css: &str) {
    session
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'start'}); \
             window.scrollBy(0, -8);",
            &[serde_json::Value::String(css.into())],
        )
        .unwrap();
}

#[test]
fn an_election_of_delegates_by_stv_is_held_in_real_browsers() {
    let node = Served::start();
    let driver = Driver::start().unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let shots = screenshots();

    // A founder and two members, each on their own phone; Aigerim reads Russian.
    let (founder, assembly_url) = found(&driver, &node, profiles.path(), "Tram depot assembly");
    let code = invite(&founder, &assembly_url, 2);

    let join = |profile: &str, url: &str, name: &str, handle: &str| {
        let phone = driver.session(&profiles.path().join(profile), 360, 800).unwrap();
        phone.goto(&node.url(url)).unwrap();
        phone.fill("#code", &code).unwrap();
        phone.fill("#name", name).unwrap();
        phone.fill("#handle", handle).unwrap();
        phone.fill("#passphrase", "a long enough passphrase").unwrap();
        submit(&phone, "form[data-action=join]");
        phone.wait_text("h1", "Tram depot assembly", WAIT).unwrap();
        phone.wait_text(".who", name, WAIT).unwrap();
        phone
    };
    let serik = join("serik", "/join", "Serik", "serik");
    let aigerim = join("aigerim", "/join?lang=ru", "Айгерим", "aigerim");

    // Serik puts an election of two delegates, with himself and Aigerim as candidates.
    serik.goto(&format!("{assembly_url}/motions/new")).unwrap();
    serik.click_on("input[name=kind][value=election]").unwrap();
    serik.fill("#seats", "2").unwrap();
    serik.click_on("input[name=candidate][data-name=Serik]").unwrap();
    serik.click_on("input[name=candidate][data-name=\"Айгерим\"]").unwrap();
    serik.fill("#title", "Delegates to the city council").unwrap();
    serik.fill("#text", "Two delegates carry our mandate to the city council.").unwrap();
    scroll_to(&serik, ".election-fields");
    serik.screenshot(&shots.join("election-new-360.png")).unwrap();
    submit(&serik, "form[data-action=motion]");
    serik.wait_text("h1", "Delegates to the city council", WAIT).unwrap();
    let motion_url = serik.url().unwrap();
    serik.wait_text("#ballot", "2 seats to fill", WAIT).unwrap();

    // The founder nominates Dana from the floor, then opens the ballot by Scottish STV.
    founder.goto(&motion_url).unwrap();
    founder.click_on("details.nominate summary").unwrap();
    founder.fill("#nominee-name", "Dana").unwrap();
    submit(&founder, "form[data-action=nominate]:has(#nominee-name)");
    founder.wait_text("ol.candidates", "Dana", WAIT).unwrap();
    // Serik's open page hears of the nomination.
    serik.wait_text("ol.candidates", "Dana", WAIT).unwrap();
    scroll_to(&founder, "#ballot");
    founder.screenshot(&shots.join("election-nominations-360.png")).unwrap();
    assert_eq!(
        founder.text_of("#rule option:checked").unwrap(),
        "Scottish STV (single transferable vote)"
    );
    submit(&founder, "form[data-action=open_ballot]");
    founder.wait("form.rank", WAIT).unwrap();

    // Everyone ranks on their phone by buttons. The founder: Dana, then Serik.
    founder.click_on("form.rank li[data-name=Dana] [data-move=add]").unwrap();
    founder.click_on("form.rank li[data-name=Serik] [data-move=add]").unwrap();
    submit(&founder, "form.rank");
    founder.wait_text("form.rank legend", "You ranked: 1. Dana, 2. Serik.", WAIT).unwrap();

    // Serik adds himself, then Dana, and moves Dana up with the keyboard-reachable button.
    serik.goto(&motion_url).unwrap();
    serik.wait("form.rank", WAIT).unwrap();
    serik.wait_text("[data-tally=turnout]", "1 of 3 voted", WAIT).unwrap();
    serik.click_on("form.rank li[data-name=Serik] [data-move=add]").unwrap();
    serik.click_on("form.rank li[data-name=Dana] [data-move=add]").unwrap();
    serik.click_on("ol.ranking li[data-name=Dana] [data-move=up]").unwrap();
    let order = serik.text_of("ol.ranking").unwrap();
    assert!(order.find("Dana").unwrap() < order.find("Serik").unwrap(), "{order}");
    let up_disabled = serik
        .execute("return document.querySelector('ol.ranking li [data-move=up]').disabled", &[])
        .unwrap();
    assert_eq!(up_disabled, true, "the first ranked cannot move up");
    scroll_to(&serik, "form.rank");
    serik.screenshot(&shots.join("election-ranking-360.png")).unwrap();
    submit(&serik, "form.rank");
    serik.wait_text("form.rank legend", "You ranked: 1. Dana, 2. Serik.", WAIT).unwrap();

    // Aigerim ranks in Russian, with the keyboard only (Enter and Space on the buttons);
    // Serik's page hears the turnout without reloading.
    aigerim.goto(&motion_url).unwrap();
    aigerim.wait_text("form.rank legend", "Расставьте кандидатов", WAIT).unwrap();
    aigerim.press("form.rank li[data-name=\"Айгерим\"] [data-move=add]", "\u{E007}").unwrap();
    aigerim.press("form.rank li[data-name=Dana] [data-move=add]", " ").unwrap();
    aigerim.press("ol.ranking li[data-name=Dana] [data-move=up]", "\u{E007}").unwrap();
    let focused = aigerim.execute("return document.activeElement.closest('li').dataset.name", &[]);
    assert_eq!(focused.unwrap(), "Dana", "focus stays on the row that moved");
    aigerim.press("form.rank button.cast", "\u{E007}").unwrap();
    aigerim.wait_text("form.rank legend", "Ваш порядок: 1. Dana, 2. Айгерим.", WAIT).unwrap();
    scroll_to(&aigerim, "#ballot");
    aigerim.screenshot(&shots.join("election-ranked-ru-360.png")).unwrap();
    serik.wait_text("[data-tally=turnout]", "3 of 3 voted", WAIT).unwrap();

    // The founder closes the ballot: the elected are on the motion page at once.
    founder.execute("window.confirm = () => true;", &[]).unwrap();
    submit(&founder, "form[data-action=close_ballot]");
    founder.wait_text("#ballot .result", "Counted", WAIT).unwrap();
    let elected = founder.text_of("ol.elected").unwrap();
    assert!(elected.find("Dana").unwrap() < elected.find("Serik").unwrap(), "{elected}");
    assert!(!elected.contains("Айгерим"), "{elected}");
    serik.wait_text("#ballot", "Counted", WAIT).unwrap();

    // The count, round by round: the chart and the table, read on a phone.
    founder.click_on("a[href$='/result']").unwrap();
    founder.wait_text("h1", "The count", WAIT).unwrap();
    founder.wait("figure.chart svg", WAIT).unwrap();
    let table = founder.text_of("table.rounds").unwrap();
    for text in ["Quota", "Exhausted", "Dana", "elected in round 0", "0.66666", "2.00000"] {
        assert!(table.contains(text), "{text} in {table}");
    }
    let events = founder.text_of(".round-events").unwrap();
    assert!(events.contains("Elected: Dana (reached the quota)"), "{events}");
    assert!(events.contains("Surplus of Dana transferred: 1.00000"), "{events}");
    founder.screenshot(&shots.join("election-result-360.png")).unwrap();
    scroll_to(&founder, "#chart-heading");
    founder.screenshot(&shots.join("election-chart-360.png")).unwrap();
    scroll_to(&founder, "#rounds-title");
    founder.screenshot(&shots.join("election-rounds-360.png")).unwrap();

    // The transcript downloads as JSON: the engine's own.
    let href = founder
        .execute("return document.querySelector('a[href$=\"transcript.json\"]').href", &[])
        .unwrap();
    let transcript: serde_json::Value =
        serde_json::from_str(&fetch_in_page(&founder, href.as_str().unwrap())).unwrap();
    assert_eq!(transcript["method"], "stv-scottish");
    assert_eq!(transcript["elected"], serde_json::json!(["Dana", "Serik"]));
    assert!(transcript["rounds"].as_array().unwrap().len() >= 2);
    let csv = fetch_in_page(&founder, &href.as_str().unwrap().replace(".json", ".csv"));
    assert!(csv.starts_with("round,quota,exhausted,Serik,Айгерим,Dana,elected,excluded"), "{csv}");

    // The same page in Russian on Aigerim's phone.
    aigerim.goto(&format!("{motion_url}/result")).unwrap();
    aigerim.wait_text("h1", "Подсчёт", WAIT).unwrap();
    assert!(aigerim.text_of("table.rounds").unwrap().contains("Квота"));
    scroll_to(&aigerim, "#chart-heading");
    aigerim.screenshot(&shots.join("election-chart-ru-360.png")).unwrap();

    // And the motion's page in Kazakh on Serik's phone.
    serik.goto(&format!("{motion_url}?lang=kk")).unwrap();
    serik.wait_text("#ballot .result", "Есептелді", WAIT).unwrap();
    assert!(serik.text_of("#ballot").unwrap().contains("Сайланғандар"));
    scroll_to(&serik, "#ballot");
    serik.screenshot(&shots.join("election-counted-kk-360.png")).unwrap();

    // The exported record verifies offline and recounts the same delegates.
    let report = node.exported_report();
    let ballot = &report["assemblies"][0]["ballots"][0];
    assert_eq!(ballot["result"], "counted");
    assert_eq!(ballot["elected"], serde_json::json!(["Dana", "Serik"]));
    assert_eq!(ballot["method"], "stv-scottish");
    let text = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["--lang", "en", "verify"])
        .arg(node.data().join("record.bundle"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Delegates to the city council: elected Dana, Serik (stv-scottish,"),
        "{text}"
    );
}
