//! Two nodes on their own local network find each other by mDNS and sync by themselves.
//!
//! Each node runs in its own network namespace, joined by a virtual Ethernet pair: two hosts on
//! one LAN, with no other route — as on a plant's Wi-Fi with the internet cut. Creating
//! namespaces needs root and `ip` (iproute2), so this test is built only with the feature
//! `netns-tests`, which `cargo xtask test` enables; a plain `cargo test` does not compile it.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use record::bundle::{self, Bundle};
use record::payload::{Choice, Threshold};
use test_support::Scenario;

/// The two namespaces and their veth pair, removed when dropped.
struct Lan {
    names: [String; 2],
}

fn ip(args: &[&str]) {
    let status = Command::new("ip").args(args).status().unwrap();
    assert!(status.success(), "ip {} failed: this test needs root and iproute2", args.join(" "));
}

impl Lan {
    fn new() -> Self {
        let tag = std::process::id();
        let names = [format!("plenum-a-{tag}"), format!("plenum-b-{tag}")];
        let (va, vb) = (format!("pa{tag}"), format!("pb{tag}"));
        for name in &names {
            ip(&["netns", "add", name]);
        }
        let lan = Self { names };
        ip(&["link", "add", &va, "type", "veth", "peer", "name", &vb]);
        for (name, dev, addr) in
            [(&lan.names[0], &va, "10.77.0.1/24"), (&lan.names[1], &vb, "10.77.0.2/24")]
        {
            ip(&["link", "set", dev, "netns", name]);
            ip(&["-n", name, "addr", "add", addr, "dev", dev]);
            ip(&["-n", name, "link", "set", dev, "up"]);
            ip(&["-n", name, "link", "set", "lo", "up"]);
        }
        lan
    }

    /// Runs `plenum ARGS` inside namespace `host` (0 or 1).
    fn plenum(&self, host: usize, args: &[&str]) -> Command {
        let mut command = Command::new("ip");
        command.args(["netns", "exec", &self.names[host], env!("CARGO_BIN_EXE_plenum")]).args(args);
        command.env("PLENUM_LANG", "en");
        command
    }
}

impl Drop for Lan {
    fn drop(&mut self) {
        for name in &self.names {
            let _ = Command::new("ip").args(["netns", "del", name]).status();
        }
    }
}

struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(mut command: Command) -> Output {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

fn write_bundle(path: &Path, events: &[record::Event]) {
    let bundle = Bundle { created: 0, events: events.to_vec(), heads: Vec::new(), node: None };
    std::fs::write(path, bundle::encode(&bundle)).unwrap();
}

#[test]
fn nodes_on_one_lan_find_each_other_and_converge_by_themselves() {
    let lan = Lan::new();
    let dir = tempfile::tempdir().unwrap();
    let now = node::system_time();
    let mut s = Scenario::found_at("Shift assembly", now - 600_000);
    let a = s.join(0, "Asel");
    let b = s.join(0, "Bolat");
    let motion = s.motion(a, "Stop work at the third furnace").unwrap();
    let ballot = s.open(0, motion, (1, 2), Threshold::SimpleMajority).unwrap();
    let shared = s.events.len();
    s.vote(a, ballot, Choice::Yes).unwrap();
    s.vote(b, ballot, Choice::Yes).unwrap();

    // Both nodes start from the same history; only A then receives the two votes.
    let (history, votes) = (dir.path().join("history.bundle"), dir.path().join("votes.bundle"));
    write_bundle(&history, &s.events[..shared]);
    write_bundle(&votes, &s.events[shared..]);
    let data = [dir.path().join("a"), dir.path().join("b")];
    for (host, data) in data.iter().enumerate() {
        run(lan.plenum(
            host,
            &["bundle", "import", history.to_str().unwrap(), "--data", data.to_str().unwrap()],
        ));
    }
    let _nodes: Vec<Serving> = data
        .iter()
        .enumerate()
        .map(|(host, data)| {
            let mut command =
                lan.plenum(host, &["serve", "--lan-sync", "--listen", "0.0.0.0:8080", "--data"]);
            command.arg(data).stdout(Stdio::null()).stderr(Stdio::null());
            Serving(command.spawn().unwrap())
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    // The votes reach A, by hand; the import hands them to the serving node.
    run(lan.plenum(
        0,
        &["bundle", "import", votes.to_str().unwrap(), "--data", data[0].to_str().unwrap()],
    ));

    // B hears of A on the network and takes the votes from it, with no address configured.
    let expected = s.state.digest().to_hex();
    let start = Instant::now();
    loop {
        let status =
            lan.plenum(1, &["status", "--data", data[1].to_str().unwrap()]).output().unwrap();
        let text = String::from_utf8_lossy(&status.stdout).to_string();
        if text.contains(&expected) {
            assert!(
                text.contains("http://10.77.0.1:8080"),
                "B names A as found on the network: {text}"
            );
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(90), "B never converged with A:\n{text}");
        std::thread::sleep(Duration::from_millis(500));
    }
}
