//! Nothing acknowledged is lost: votes posted to a real `plenum serve` while it is killed with
//! SIGKILL are all there after a restart — every vote the node acknowledged, without exception.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use record::payload::{Choice, Mark, Threshold, Vote};
use record::{EventId, Payload};
use test_support::Scenario;
use test_support::http::request;
use test_support::webdriver::{free_port, wait_for_port};

fn start(data: &std::path::Path, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(port, Duration::from_secs(30)).unwrap();
    child
}

fn post(port: u16, bytes: &[u8]) -> std::io::Result<u16> {
    request(port, "POST", "/api/events", "application/octet-stream", bytes)
        .map(|(status, _)| status)
}

fn now() -> u64 {
    u64::try_from(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis(),
    )
    .unwrap()
}

#[test]
fn every_acknowledged_vote_survives_kill_9() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut node = start(data.path(), port);

    let mut s = Scenario::found_at("Refinery assembly", now());
    let voters: Vec<usize> = (0..60).map(|i| s.join(0, &format!("Worker {i}"))).collect();
    let motion = s.motion(0, "Strike from Monday").unwrap();
    let ballot = s.open(0, motion, (1, 2), Threshold::TwoThirds).unwrap();
    for event in &s.events {
        assert_eq!(post(port, event.bytes()).unwrap(), 201);
    }
    // Every voter signs against the same state, as phones do in the same second.
    let votes: Vec<record::Event> = voters
        .iter()
        .map(|&v| {
            let mut author = domain::Author::resume(s.keypair(v), &s.state);
            let vote = Payload::Vote(Vote { ballot, mark: Mark::Choice(Choice::Yes) });
            author.make(vote, s.time + 1, s.state.frontier.iter().copied())
        })
        .collect();

    let acknowledged: Arc<Mutex<Vec<EventId>>> = Arc::default();
    std::thread::scope(|scope| {
        for chunk in votes.chunks(15) {
            let acknowledged = Arc::clone(&acknowledged);
            scope.spawn(move || {
                for vote in chunk {
                    if post(port, vote.bytes()).is_ok_and(|status| status == 201) {
                        acknowledged.lock().unwrap().push(vote.id());
                    }
                }
            });
        }
        // Kill the node while votes are still arriving.
        while acknowledged.lock().unwrap().len() < 20 {
            std::thread::sleep(Duration::from_millis(1));
        }
        node.kill().unwrap();
        node.wait().unwrap();
    });

    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 20, "the node acknowledged votes before it was killed");
    let mut node = start(data.path(), port);
    let (status, body) =
        request(port, "GET", &format!("/api/assemblies/{}", s.state.id), "text/plain", b"")
            .unwrap();
    assert_eq!(status, 200);
    let assembly: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let yes = assembly["motions_list"][0]["ballot"]["yes"].as_u64().unwrap();
    assert!(
        yes >= acknowledged.len() as u64,
        "{yes} yes votes after the restart, {} acknowledged",
        acknowledged.len()
    );
    // And each acknowledged vote is there by id: posting it again is a duplicate.
    for id in &acknowledged {
        let vote = votes.iter().find(|v| v.id() == *id).unwrap();
        assert_eq!(post(port, vote.bytes()).unwrap(), 200, "vote {id} was lost");
    }
    node.kill().unwrap();
    node.wait().unwrap();
}
