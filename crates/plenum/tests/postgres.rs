//! `plenum serve --database` on a real PostgreSQL server: members' events posted over HTTP are
//! kept across a kill and a restart with the same state digest; commands beside the serving
//! node see its mark in the database; a database that cannot be reached, or is not plenum's,
//! is refused with a clear message in the reader's language.
//!
//! The server is named by `PLENUM_TEST_POSTGRES`, which `cargo xtask test` and
//! `cargo xtask postgres` set after starting a temporary one. Without it these tests fail,
//! saying how to run them. Each test works in a schema of its own, dropped at the end.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use record::payload::{Choice, Threshold};
use test_support::Scenario;
use test_support::http::request;
use test_support::webdriver::{free_port, wait_for_port};

const PLENUM: &str = env!("CARGO_BIN_EXE_plenum");

fn server() -> String {
    std::env::var("PLENUM_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "PLENUM_TEST_POSTGRES is not set: these tests need a PostgreSQL server. Run them with \
             `cargo xtask postgres` (it starts a temporary server), or set \
             PLENUM_TEST_POSTGRES to a connection string such as \
             'host=/run/postgresql user=plenum dbname=plenum_test'."
        )
    })
}

/// Runs SQL on the test server as its administrator would.
fn admin(sql: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (client, connection) =
            tokio_postgres::connect(&server(), tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        client.batch_execute(sql).await.unwrap();
    });
}

/// A schema of its own for one test, dropped with everything in it at the end.
struct Schema(String);

impl Schema {
    fn new() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name =
            format!("plenum_e2e_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        admin(&format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"));
        Self(name)
    }

    /// The test server's connection string with this schema first in the search path.
    fn connection(&self) -> String {
        let server = server();
        if server.starts_with("postgres://") || server.starts_with("postgresql://") {
            let separator = if server.contains('?') { '&' } else { '?' };
            format!("{server}{separator}options=-csearch_path%3D{}", self.0)
        } else {
            format!("{server} options=-csearch_path={}", self.0)
        }
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        admin(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.0));
    }
}

/// `plenum ARGS` with the database in `PLENUM_DATABASE`: exit code, stdout, stderr.
fn cli(database: &str, lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(PLENUM)
        .args(args)
        .env("PLENUM_DATABASE", database)
        .env("PLENUM_LANG", lang)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `plenum serve --database DATABASE` on a free port, once it listens.
fn serve(database: &str, port: u16) -> Child {
    let child = Command::new(PLENUM)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--database", database])
        .args(["--data", "/nonexistent/plenum-data-unused"])
        .env("PLENUM_LANG", "en")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(port, Duration::from_secs(30)).unwrap();
    child
}

fn post(port: u16, bytes: &[u8]) -> u16 {
    request(port, "POST", "/api/events", "application/octet-stream", bytes).unwrap().0
}

/// The state digest `plenum status` prints for the node's one assembly.
fn digest(database: &str) -> String {
    let (code, out, err) = cli(database, "en", &["status"]);
    assert_eq!(code, 0, "{out}{err}");
    out.lines()
        .find_map(|l| l.trim().strip_prefix("state digest "))
        .map(|d| d.trim_matches(|c: char| !c.is_ascii_hexdigit()).to_string())
        .unwrap()
}

fn now() -> u64 {
    u64::try_from(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis(),
    )
    .unwrap()
}

#[test]
fn a_node_served_on_postgresql_keeps_its_record_across_a_kill_and_a_restart() {
    let schema = Schema::new();
    let database = schema.connection();
    let port = free_port();
    let mut node = serve(&database, port);

    let mut s = Scenario::found_at("Depot assembly", now());
    let voters: Vec<usize> = (0..8).map(|i| s.join(0, &format!("Driver {i}"))).collect();
    let motion = s.motion(1, "Heating in the depot").unwrap();
    let ballot = s.open(0, motion, (1, 2), Threshold::SimpleMajority).unwrap();
    for &v in &voters {
        s.vote(v, ballot, Choice::Yes).unwrap();
    }
    for event in &s.events {
        assert_eq!(post(port, event.bytes()), 201, "every event is recorded");
    }

    // Beside the serving node, a command that would write is refused: the mark is in the
    // database, not in a data directory.
    let (code, _, err) = cli(&database, "en", &["sync", "http://127.0.0.1:9"]);
    assert_eq!(code, 2);
    assert!(err.contains("is serving") && err.contains(&format!("127.0.0.1:{port}")), "{err}");
    let mut second = Command::new(PLENUM)
        .args(["serve", "--listen", "127.0.0.1:0", "--database", &database])
        .env("PLENUM_LANG", "en")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let waited = std::time::Instant::now();
    while second.try_wait().unwrap().is_none() {
        if waited.elapsed() > Duration::from_secs(30) {
            second.kill().unwrap();
            panic!("a second node on the same database was not refused");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = second.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "a second node on the same database is refused");
    assert!(err.contains("is serving"), "{err}");

    let before = digest(&database);
    node.kill().unwrap();
    node.wait().unwrap();

    let mut node = serve(&database, port);
    assert_eq!(digest(&database), before, "the same state after the restart");
    let (status, body) =
        request(port, "GET", &format!("/api/assemblies/{}", s.state.id), "text/plain", b"")
            .unwrap();
    assert_eq!(status, 200);
    let assembly: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(assembly["motions_list"][0]["ballot"]["yes"].as_u64(), Some(8));
    // Every event is held: posting one again is a duplicate.
    assert_eq!(post(port, s.events.last().unwrap().bytes()), 200);
    node.kill().unwrap();
    node.wait().unwrap();

    // Stopped, the record exports and verifies like any other.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("record.bundle");
    let (code, out, err) = cli(&database, "en", &["export", "--out", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = cli(&database, "en", &["verify", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&before), "the exported record has the same digest: {out}");
}

#[test]
fn an_unreachable_or_foreign_database_is_refused_in_the_readers_language() {
    let nowhere = std::env::temp_dir().join("plenum-no-server-here");
    let unreachable = format!("host={} port=1 user=plenum dbname=plenum", nowhere.display());
    let (code, _, err) = cli(&unreachable, "en", &["status"]);
    assert_eq!(code, 2);
    assert!(err.contains("Cannot connect to the PostgreSQL database"), "{err}");
    let (code, _, err) = cli(&unreachable, "ru", &["status"]);
    assert_eq!(code, 2);
    assert!(err.contains("Не удаётся подключиться к базе данных PostgreSQL"), "{err}");

    let secret = "postgres://ana:hunter2@[not a host/plenum";
    let (code, _, err) = cli(secret, "pt", &["status"]);
    assert_eq!(code, 2);
    assert!(err.contains("não é uma string de conexão do PostgreSQL"), "{err}");
    assert!(!err.contains("hunter2"), "a password is never shown: {err}");

    let schema = Schema::new();
    admin(&format!("CREATE TABLE {}.orders (id integer PRIMARY KEY)", schema.0));
    let (code, _, err) = cli(&schema.connection(), "kk", &["serve"]);
    assert_eq!(code, 2);
    assert!(err.contains("plenum дерекқоры емес"), "{err}");
    let (code, _, err) = cli(&schema.connection(), "en", &["status"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a plenum database"), "{err}");
}
