//! What the real-browser tests share: a node served from a data directory of its own, people's
//! phones (headless Chromium sessions sized as phones, keys made in them) founding, inviting and
//! joining on its pages, screenshots, and the offline check of the node's exported record.

#![allow(clippy::unwrap_used, dead_code)] // In tests a panic is the failure report.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use test_support::webdriver::{Driver, Session};

use crate::nodes::{self, PLENUM};

/// How long a page may take to show what a step should show.
pub const WAIT: Duration = Duration::from_secs(60);

/// A `plenum serve` over a temporary data directory, both gone when dropped.
pub struct Served {
    node: nodes::Node,
    dir: tempfile::TempDir,
}

impl Served {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        Self { node: nodes::Node::start(dir.path()), dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.node.url())
    }

    pub fn data(&self) -> &Path {
        self.dir.path()
    }

    /// `plenum export` of the node's data, then `plenum verify --json` of it: the report, which
    /// must say the record is valid.
    pub fn exported_report(&self) -> Value {
        let bundle = self.data().join("record.bundle");
        let export = Command::new(PLENUM)
            .args(["export", "--data"])
            .arg(self.data())
            .arg("--out")
            .arg(&bundle)
            .output()
            .unwrap();
        assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
        let verify =
            Command::new(PLENUM).arg("verify").arg(&bundle).arg("--json").output().unwrap();
        assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
        let report: Value = serde_json::from_slice(&verify.stdout).unwrap();
        assert_eq!(report["valid"], true);
        report
    }
}

/// Where the tests leave their screenshots, to be looked at.
pub fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn submit(session: &Session, form: &str) {
    session.click_on(&format!("{form} button[type=submit]")).unwrap();
}

/// Gulnara founds `name` from her phone — her key made and sealed in the browser — and returns
/// her session and the assembly's address.
pub fn found(driver: &Driver, node: &Served, profiles: &Path, name: &str) -> (Session, String) {
    let founder = driver.session(&profiles.join("founder"), 360, 800).unwrap();
    founder.goto(&node.url("/found")).unwrap();
    founder.fill("#assembly-name", name).unwrap();
    founder.fill("#name", "Gulnara").unwrap();
    founder.fill("#handle", "gulnara").unwrap();
    founder.fill("#passphrase", "correct horse battery staple").unwrap();
    submit(&founder, "form[data-action=found]");
    founder.wait_text("h1", name, WAIT).unwrap();
    let url = founder.url().unwrap();
    (founder, url)
}

/// Creates an invitation for `uses` people on the members page and returns its code.
pub fn invite(session: &Session, assembly_url: &str, uses: u32) -> String {
    session.goto(&format!("{assembly_url}/members")).unwrap();
    session.fill("#uses", &uses.to_string()).unwrap();
    submit(session, "form[data-action=invite]");
    session.wait("[data-invite-code]", WAIT).unwrap();
    session.text_of("[data-invite-code]").unwrap()
}

/// `name` joins with `code` on their own phone, with the handle `name` in lower case.
pub fn join(driver: &Driver, node: &Served, profiles: &Path, code: &str, name: &str) -> Session {
    let s = driver.session(&profiles.join(name), 360, 800).unwrap();
    s.goto(&node.url("/join")).unwrap();
    s.fill("#code", code).unwrap();
    s.fill("#name", name).unwrap();
    s.fill("#handle", &name.to_lowercase()).unwrap();
    s.fill("#passphrase", "a long enough passphrase").unwrap();
    submit(&s, "form[data-action=join]");
    s.wait_text(".who", name, WAIT).unwrap();
    s
}
