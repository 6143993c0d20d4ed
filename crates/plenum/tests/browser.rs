//! The real-browser test: headless Debian Chromium against a real `plenum serve`. A founder
//! and a member, each in their own browser with keys made in that browser, found an assembly,
//! invite, join with the code, put a motion, open the ballot, vote, watch the count update
//! live, close it and read the result; then the record is exported and verified offline.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use test_support::webdriver::{Driver, Session, free_port, wait_for_port};

const WAIT: Duration = Duration::from_secs(60);

/// A `plenum serve` on a free port with its own data directory, stopped when dropped.
struct Node {
    child: Child,
    port: u16,
    data: tempfile::TempDir,
}

impl Node {
    fn start() -> Self {
        let data = tempfile::tempdir().unwrap();
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_plenum"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(data.path())
            .env("PLENUM_LANG", "en")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(port, Duration::from_secs(30)).unwrap();
        Self { child, port, data }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn submit(session: &Session, form: &str) {
    session.click_on(&format!("{form} button[type=submit]")).unwrap();
}

#[test]
fn members_found_join_debate_vote_and_verify_in_real_browsers() {
    let node = Node::start();
    let driver = Driver::start().unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let shots = screenshots();

    // The founder founds the assembly from a phone; the key is made and sealed in the browser.
    let founder = driver.session(&profiles.path().join("founder"), 360, 800).unwrap();
    founder.goto(&node.url("/found")).unwrap();
    founder.fill("#assembly-name", "Depot 4 assembly").unwrap();
    founder.fill("#name", "Gulnara").unwrap();
    founder.fill("#handle", "gulnara").unwrap();
    founder.fill("#passphrase", "correct horse battery staple").unwrap();
    submit(&founder, "form[data-action=found]");
    founder.wait_text("h1", "Depot 4 assembly", WAIT).unwrap();
    let assembly_url = founder.url().unwrap();

    // She invites one member.
    founder.goto(&format!("{assembly_url}/members")).unwrap();
    founder.fill("#uses", "1").unwrap();
    submit(&founder, "form[data-action=invite]");
    founder.wait("[data-invite-code]", WAIT).unwrap();
    let code = founder.text_of("[data-invite-code]").unwrap();
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
    let bundle = node.data.path().join("record.bundle");
    let export = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["export", "--data"])
        .arg(node.data.path())
        .arg("--out")
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let verify = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .arg("verify")
        .arg(&bundle)
        .arg("--json")
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["valid"], true);
    let ballots = &report["assemblies"][0]["ballots"];
    assert_eq!(ballots[0]["result"], "carried");
    assert_eq!((ballots[0]["yes"].as_u64(), ballots[0]["no"].as_u64()), (Some(2), Some(0)));
}
