//! The real-browser test of a secret ballot: a convenor and two members, each in their own
//! headless Chromium sized as a phone, with keys made in their browsers. The convenor opens a
//! secret ballot naming the two members trustees (2 of 2); they run the key ceremony from their
//! phones; each votes encrypted (one checks the device first) and keeps a tracker; the convenor
//! seals; the trustees decrypt; the result is published, each voter finds their tracker in the
//! list of counted ballots, and the exported record verifies offline.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

mod nodes;
mod phones;

use phones::{Served, WAIT, found, invite, join, screenshots, submit};
use test_support::webdriver::{Driver, Session};

/// The trustee on `session` takes the ceremony step `step` on the motion's page.
fn trustee_step(session: &Session, motion_url: &str, step: &str) {
    session.goto(motion_url).unwrap();
    let form = format!("form[data-action=trustee][data-step={step}]");
    session.wait(&form, WAIT).unwrap();
    submit(session, &form);
    // The node acknowledged the signed step once it is durably recorded.
    session.wait_text("#toast", "recorded", WAIT).unwrap();
}

/// Casts a secret vote for `choice` on the motion's page; returns the tracker shown.
fn vote(session: &Session, motion_url: &str, choice: &str) -> String {
    session.goto(motion_url).unwrap();
    session.wait("form[data-action=secret_vote]", WAIT).unwrap();
    session.click_on(&format!("form[data-action=secret_vote] input[value={choice}]")).unwrap();
    session.click_on("form[data-action=secret_vote] button[value=cast]").unwrap();
    session.wait_text("[data-tracker-box]", "tracker", WAIT).unwrap();
    session.text_of("[data-my-tracker]").unwrap()
}

#[test]
fn a_secret_ballot_is_held_end_to_end_in_real_browsers() {
    let node = Served::start();
    let driver = Driver::start().unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let shots = screenshots();

    // Gulnara founds the assembly and invites two members.
    let (founder, assembly_url) =
        found(&driver, &node, profiles.path(), "Oil field strike committee");
    let code = invite(&founder, &assembly_url, 2);
    let serik = join(&driver, &node, profiles.path(), &code, "Serik");
    let aliya = join(&driver, &node, profiles.path(), &code, "Aliya");

    // Serik puts the strike to the assembly.
    serik.goto(&format!("{assembly_url}/motions/new")).unwrap();
    serik.fill("#title", "Strike from Monday").unwrap();
    serik.fill("#text", "Until the fuel price is regulated.").unwrap();
    submit(&serik, "form[data-action=motion]");
    serik.wait_text("h1", "Strike from Monday", WAIT).unwrap();
    let motion_url = serik.url().unwrap();

    // Gulnara opens a secret ballot; Serik and Aliya are the trustees, both needed.
    founder.goto(&motion_url).unwrap();
    founder.wait("form[data-action=open_ballot]", WAIT).unwrap();
    founder
        .execute(
            "document.querySelector('input[name=secret]').checked = true;
             document.querySelectorAll('input[name=trustee]').forEach((box) => {
               const name = box.parentElement.textContent;
               box.checked = name.includes('Serik') || name.includes('Aliya');
             });
             document.querySelector('#trustees-needed').value = '2';",
            &[],
        )
        .unwrap();
    founder.screenshot(&shots.join("secret-open-form-360.png")).unwrap();
    submit(&founder, "form[data-action=open_ballot]");
    founder.wait_text("#ballot", "Key ceremony", WAIT).unwrap();

    // The key ceremony, from the trustees' phones.
    trustee_step(&serik, &motion_url, "commit");
    aliya.goto(&format!("{motion_url}?lang=ru")).unwrap();
    aliya.wait_text("#ballot", "Создание ключа", WAIT).unwrap();
    aliya.screenshot(&shots.join("secret-ceremony-ru-360.png")).unwrap();
    aliya.goto(&format!("{motion_url}?lang=en")).unwrap();
    trustee_step(&aliya, &motion_url, "commit");
    trustee_step(&serik, &motion_url, "deal");
    trustee_step(&aliya, &motion_url, "deal");
    trustee_step(&serik, &motion_url, "check");
    trustee_step(&aliya, &motion_url, "check");

    // Voting: Aliya checks her device first, then votes; Serik and Gulnara vote.
    aliya.goto(&motion_url).unwrap();
    aliya.wait("form[data-action=secret_vote]", WAIT).unwrap();
    aliya.click_on("form[data-action=secret_vote] input[value=no]").unwrap();
    aliya.click_on("form[data-action=secret_vote] button[value=audit]").unwrap();
    let audit = aliya.wait_text("[data-audit-result]", "Check passed", WAIT).unwrap();
    assert!(audit.contains("No"), "{audit}");
    aliya.screenshot(&shots.join("secret-audit-360.png")).unwrap();
    let aliya_tracker = vote(&aliya, &motion_url, "no");
    let serik_tracker = vote(&serik, &motion_url, "yes");
    vote(&founder, &motion_url, "yes");
    assert_eq!(serik_tracker.len(), 64);
    assert_ne!(aliya_tracker, serik_tracker);
    serik.wait_text("[data-tally=turnout]", "3 of 3 voted", WAIT).unwrap();
    serik.screenshot(&shots.join("secret-voted-360.png")).unwrap();

    // Gulnara seals the ballot box; the trustees decrypt the total.
    founder.goto(&motion_url).unwrap();
    founder.execute("window.confirm = () => true;", &[]).unwrap();
    founder.wait("form[data-action=seal]", WAIT).unwrap();
    submit(&founder, "form[data-action=seal]");
    founder.wait_text("#ballot", "sealed with 3 ballots", WAIT).unwrap();
    trustee_step(&serik, &motion_url, "decrypt");
    trustee_step(&aliya, &motion_url, "decrypt");
    founder.goto(&motion_url).unwrap();
    founder.wait_text("#ballot .result", "Carried", WAIT).unwrap();
    let tally = founder.text_of("#ballot dl.tally").unwrap();
    assert!(tally.contains('2') && tally.contains('1'), "{tally}");
    founder.screenshot(&shots.join("secret-result-360.png")).unwrap();
    serik.goto(&format!("{motion_url}?lang=kk")).unwrap();
    serik.wait_text("#ballot", "Өзіңіз тексеріңіз", WAIT).unwrap();
    serik.screenshot(&shots.join("secret-result-kk-360.png")).unwrap();

    // Each voter finds their tracker in the list of counted ballots.
    serik.goto(&format!("{motion_url}/ballots?lang=en")).unwrap();
    serik.wait("[data-tracker-found]:not([hidden])", WAIT).unwrap();
    let list = serik.text_of("ol.trackers").unwrap();
    assert!(list.contains(&serik_tracker) && list.contains(&aliya_tracker), "{list}");
    serik.screenshot(&shots.join("secret-ballots-360.png")).unwrap();

    // The exported record verifies offline: every proof, the ceremony, the seal, the result.
    let report = node.exported_report();
    let ballot = &report["assemblies"][0]["ballots"][0];
    assert_eq!(ballot["secret"]["verified"], true);
    assert_eq!((ballot["yes"].as_u64(), ballot["no"].as_u64()), (Some(2), Some(1)));
}
