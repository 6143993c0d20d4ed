//! `plenum trustee` against a real node: three trustees run a secret ballot's key ceremony and
//! its decryption from their terminals — one signing in with a sign-in name and a passphrase
//! from the environment, one with a passphrase file, one with a key file and `--watch` — while
//! members vote with ballots encrypted as their phones encrypt them and a convenor seals. The
//! result is published, equals the choices cast, and the exported record verifies. Then what
//! the command refuses, and why: a wrong passphrase, a key that is no trustee's, nothing due,
//! bad addresses, and a step the node refuses, in the reader's language.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

mod nodes;

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ballot_crypto::Ballot as EncryptedBallot;
use chacha20::ChaCha20Rng;
use domain::secret::{self, Phase};
use domain::{Assembly, Ledger};
use nodes::{Node, PLENUM, act_at, http};
use rand_core::SeedableRng;
use record::payload::{Blob, Mark, Method, Payload, Threshold, Vote};
use record::{AssemblyId, EventId, Keypair};
use test_support::Scenario;

const WAIT: Duration = Duration::from_secs(90);

/// The member indices of the scenario.
const FOUNDER: usize = 0;
const AIGERIM: usize = 1;
const BOLAT: usize = 2;
const DANA: usize = 3;
const YERLAN: usize = 4;

/// A node holding an assembly of five with a secret ballot open on a strike, trustees Aigerim,
/// Bolat and Dana (any 2 of 3), and an open roll call on a second motion.
struct Setup {
    node: Node,
    scenario: Scenario,
    assembly: AssemblyId,
    motion: EventId,
    ballot: EventId,
    open_motion: EventId,
    bare_motion: EventId,
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let now = nodes::now();
        let mut s = Scenario::found_at("Oil field strike committee", now - 3_600_000);
        for name in ["Aigerim", "Bolat", "Dana", "Yerlan"] {
            s.join(FOUNDER, name);
        }
        let motion = s.motion(AIGERIM, "Strike from Monday").unwrap();
        let ballot = s
            .open_secret(FOUNDER, motion, Method::YesNoAbstain, &[AIGERIM, BOLAT, DANA], 2)
            .unwrap();
        let open_motion = s.motion(BOLAT, "Elect a strike fund committee").unwrap();
        s.open(FOUNDER, open_motion, (0, 1), Threshold::SimpleMajority).unwrap();
        let bare_motion = s.motion(DANA, "A canteen on night shifts").unwrap();

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("base.bundle");
        let bundle = record::bundle::Bundle {
            created: now,
            events: s.events.clone(),
            heads: vec![(s.state.id, s.state.frontier.iter().copied().collect())],
            node: None,
        };
        std::fs::write(&file, record::bundle::encode(&bundle)).unwrap();
        let data = dir.path().join("node");
        let (code, out, err) = nodes::cli(&[
            "bundle",
            "import",
            file.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{out}{err}");
        let node = Node::start(&data);
        let assembly = s.state.id;
        Self { node, scenario: s, assembly, motion, ballot, open_motion, bare_motion, dir }
    }

    fn page(&self, motion: EventId) -> String {
        format!("{}/a/{}/m/{motion}", self.node.url(), self.assembly)
    }

    fn key(&self, who: usize) -> Keypair {
        self.scenario.keypair(who)
    }

    /// Keeps member `who`'s key on the node under `handle`, sealed under `passphrase`, as the
    /// browser does when they sign up (at the test cost of Argon2id).
    fn keep_key(&self, who: usize, handle: &str, passphrase: &str) {
        let key = self.key(who);
        let sealed =
            vault::seal(&key.seed(), passphrase, &[who as u8; 40], vault::Cost::for_tests())
                .unwrap();
        let signature =
            key.sign(record::keys::VAULT_TAG, &record::keys::vault_message(handle, &sealed));
        let body = serde_json::json!({"handle": handle, "key": key.public(),
            "sealed": record::ids::hex_encode(&sealed), "signature": signature});
        let (status, answer) = http(
            self.node.port,
            "POST",
            "/api/vault",
            &serde_json::to_vec(&body).unwrap(),
            "application/json",
        );
        assert_eq!(status, 204, "{}", String::from_utf8_lossy(&answer));
    }

    /// Writes member `who`'s key file: the hex of its seed.
    fn key_file(&self, who: usize) -> PathBuf {
        let path = self.dir.path().join(format!("member-{who}.key"));
        std::fs::write(&path, format!("{}\n", record::ids::hex_encode(&*self.key(who).seed())))
            .unwrap();
        path
    }

    /// The node's record of the assembly, checked and folded here.
    fn record(&self) -> (Vec<record::Event>, Assembly) {
        let (status, bytes) = self.node.get(&format!("/api/assemblies/{}/bundle", self.assembly));
        assert_eq!(status, 200);
        let events = record::bundle::decode(&bytes).unwrap().events;
        let state = Ledger::from_events(events.clone()).unwrap().state().clone();
        (events, state)
    }

    fn phase(&self) -> Phase {
        let (_, a) = self.record();
        a.ballots.get(&self.ballot).unwrap().secret().unwrap().phase.clone()
    }

    fn events(&self) -> u64 {
        self.node.digest(&self.assembly).1
    }

    /// Waits until `n` trustees have committed.
    fn wait_for_commits(&self, n: usize) {
        let start = Instant::now();
        loop {
            let (_, a) = self.record();
            if a.ballots[&self.ballot].secret().unwrap().commits.len() >= n {
                return;
            }
            assert!(start.elapsed() < WAIT, "{n} trustees did not commit");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Waits until the ceremony reaches `phase`.
    fn wait_for(&self, phase: &Phase) {
        let start = Instant::now();
        while self.phase() != *phase {
            assert!(start.elapsed() < WAIT, "the ceremony did not reach {phase:?}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Member `who` votes with `ticks` ([yes, no]; both false is a blank vote), encrypted as
    /// the voter's phone encrypts it, signed and posted as the phone posts it.
    fn vote(&self, who: usize, ticks: [bool; 2]) {
        let (_, a) = self.record();
        let election =
            a.ballots.get(&self.ballot).unwrap().secret().unwrap().election.clone().unwrap();
        let key = self.key(who);
        let mut rng = ChaCha20Rng::from_seed([who as u8 + 40; 32]);
        let (ballot, _) =
            EncryptedBallot::encrypt(&election, &key.public(), &[ticks.to_vec()], &mut rng)
                .unwrap();
        let payload = Payload::Vote(Vote {
            ballot: self.ballot,
            mark: Mark::Encrypted(Blob(ballot.to_bytes())),
        });
        assert!(act_at(self.node.port, &key, &self.assembly, &payload).is_some(), "vote of {who}");
    }

    /// The founder, a convenor, seals the ballot box with the seal the record calls for.
    fn seal(&self) {
        let (events, a) = self.record();
        let b = a.ballots.get(&self.ballot).unwrap();
        let counted = secret::counted(b);
        let bytes: Vec<Vec<u8>> = counted
            .iter()
            .map(|c| {
                let event = events.iter().find(|e| e.id() == c.event).unwrap();
                match domain::apply::payload(event) {
                    Ok(Payload::Vote(Vote { mark: Mark::Encrypted(blob), .. })) => blob.0,
                    _ => panic!("an encrypted ballot"),
                }
            })
            .collect();
        let seal = secret::seal_payload(b, &counted, bytes.iter().map(Vec::as_slice)).unwrap();
        let posted =
            act_at(self.node.port, &self.key(FOUNDER), &self.assembly, &Payload::Seal(seal));
        assert!(posted.is_some(), "the seal");
    }
}

/// How a trustee says who they are on the command line.
enum As<'a> {
    /// A sign-in name, with the passphrase in `PLENUM_PASSPHRASE`.
    Handle(&'a str, &'a str),
    /// A sign-in name, with the passphrase in a file.
    HandleFile(&'a str, &'a Path),
    Key(&'a Path),
    Nobody,
}

fn command(args: &[&str], who: &As<'_>) -> Command {
    let mut c = Command::new(PLENUM);
    c.args(args).env("PLENUM_LANG", "en").env_remove("PLENUM_PASSPHRASE").stdin(Stdio::null());
    match who {
        As::Handle(handle, passphrase) => {
            c.args(["--handle", handle]).env("PLENUM_PASSPHRASE", passphrase);
        }
        As::HandleFile(handle, file) => {
            c.args(["--handle", handle, "--passphrase-file"]).arg(file);
        }
        As::Key(file) => {
            c.arg("--key").arg(file);
        }
        As::Nobody => {}
    }
    c
}

/// Runs `plenum trustee ARGS` as `who`: exit code, standard output, standard error.
fn trustee(args: &[&str], who: &As<'_>) -> (i32, String, String) {
    let mut all = vec!["trustee"];
    all.extend_from_slice(args);
    let mut c = command(&all, who);
    let out = c.output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    // The session's transcript, for `cargo test -- --nocapture`.
    let env = if matches!(who, As::Handle(..)) { "PLENUM_PASSPHRASE=… " } else { "" };
    let shown: Vec<String> = c.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    let code = out.status.code().unwrap_or(-1);
    println!("$ {env}plenum {}\n{stdout}{stderr}[exit {code}]", shown.join(" "));
    (code, stdout, stderr)
}

/// A child process killed if the test fails before it ends.
struct Watch(Child);

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn three_trustees_hold_a_secret_ballot_from_their_terminals() {
    let setup = Setup::new();
    let page = setup.page(setup.motion);
    setup.keep_key(AIGERIM, "aigerim", "aigerim's long passphrase");
    setup.keep_key(BOLAT, "bolat", "bolat's long passphrase");
    let bolat_passphrase = setup.dir.path().join("bolat.pass");
    std::fs::write(&bolat_passphrase, "bolat's long passphrase\n").unwrap();
    let dana_key = setup.key_file(DANA);
    let aigerim = As::Handle("aigerim", "aigerim's long passphrase");
    let bolat = As::HandleFile("bolat", &bolat_passphrase);

    // Where things stand, read by anyone; with a sign-in name, what is next for that trustee
    // (no passphrase needed to read).
    let (code, out, _) = trustee(&["status", &page], &As::Nobody);
    assert_eq!(code, 0);
    assert!(out.contains("Strike from Monday: secret ballot; 2 of the 3 trustees"), "{out}");
    assert!(out.contains("step 1 of 3"), "{out}");
    for name in ["Aigerim", "Bolat", "Dana"] {
        assert!(out.contains(name), "{out}");
    }
    let (code, out, _) = trustee(&["status", &page, "--handle", "aigerim"], &As::Nobody);
    assert_eq!(code, 0);
    assert!(out.contains("You are trustee 1 of 3."), "{out}");
    assert!(
        out.contains(&format!("Next for you: commit to your key. Run: plenum trustee step {page}")),
        "{out}"
    );

    // Dana leaves her terminal watching: it takes each of her steps as it becomes due.
    let mut watch = Watch(
        command(&["trustee", "step", &page, "--watch", "--interval", "1"], &As::Key(&dana_key))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );

    // Step 1: commit. Aigerim twice: the second time nothing is due, and nothing is sent.
    let (code, out, _) = trustee(&["step", &page], &aigerim);
    assert_eq!(code, 0);
    assert!(out.contains("Committed to your key"), "{out}");
    // Dana's watching terminal commits in the meantime: wait for it, so that the count
    // below sees only what Aigerim's second run sends.
    setup.wait_for_commits(2);
    let before = setup.events();
    let (code, out, _) = trustee(&["step", &page], &aigerim);
    assert_eq!(code, 0, "nothing due is not an error");
    assert!(
        out.contains("Nothing to do now: you have committed; waiting for the other trustees"),
        "{out}"
    );
    assert_eq!(setup.events(), before, "nothing was sent");
    let (code, out, _) = trustee(&["step", &page], &bolat);
    assert_eq!(code, 0);
    assert!(out.contains("Committed to your key"), "{out}");
    setup.wait_for(&Phase::Deal);

    // Step 2: deal; step 3: check.
    for who in [&aigerim, &bolat] {
        let (code, out, _) = trustee(&["step", &page], who);
        assert_eq!(code, 0);
        assert!(out.contains("Dealt your shares"), "{out}");
    }
    setup.wait_for(&Phase::Check);
    for who in [&aigerim, &bolat] {
        let (code, out, _) = trustee(&["step", &page], who);
        assert_eq!(code, 0);
        assert!(out.contains("Checked the shares you received: all are correct"), "{out}");
    }
    setup.wait_for(&Phase::Ready);
    let (code, out, _) = trustee(&["step", &page], &aigerim);
    assert_eq!(code, 0);
    assert!(out.contains("Nothing to do yet: members are voting"), "{out}");
    let (_, out, _) = trustee(&["status", &page, "--key", dana_key.to_str().unwrap()], &As::Nobody);
    assert!(out.contains("Key ceremony done"), "{out}");
    assert!(out.contains("0 ballots cast so far"), "{out}");

    // Members vote, each encrypting on their own device: 3 yes, 1 no, 1 blank.
    setup.vote(FOUNDER, [true, false]);
    setup.vote(AIGERIM, [true, false]);
    setup.vote(BOLAT, [false, true]);
    setup.vote(DANA, [false, false]);
    setup.vote(YERLAN, [true, false]);
    let (code, out, _) = trustee(&["step", &page], &bolat);
    assert_eq!(code, 0);
    assert!(out.contains("Nothing to do yet"), "{out}");

    // The convenor seals; the trustees decrypt: Aigerim by hand, Dana's terminal by itself.
    setup.seal();
    let (code, out, _) = trustee(&["status", &page], &As::Nobody);
    assert_eq!(code, 0);
    assert!(out.contains("sealed with 5 ballots"), "{out}");
    let (code, out, _) = trustee(&["step", &page], &aigerim);
    assert_eq!(code, 0);
    assert!(out.contains("Decrypted your share of the total"), "{out}");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = watch.0.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < WAIT, "Dana's watching terminal did not finish");
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut watched = String::new();
    watch.0.stdout.take().unwrap().read_to_string(&mut watched).unwrap();
    let mut errors = String::new();
    watch.0.stderr.take().unwrap().read_to_string(&mut errors).unwrap();
    println!(
        "$ plenum trustee step {page} --watch --interval 1 --key dana.key\n{watched}{errors}[exit {:?}]",
        status.code()
    );
    assert!(status.success(), "{watched}{errors}");
    for step in
        ["Committed to your key", "Dealt your shares", "Checked the shares", "Decrypted your share"]
    {
        assert_eq!(watched.matches(step).count(), 1, "{step}: {watched}");
    }

    // The result is published and equals the choices cast.
    let (_, a) = setup.record();
    let b = a.ballots.get(&setup.ballot).unwrap();
    let s = b.secret().unwrap();
    assert_eq!(s.result.as_ref().unwrap().questions, vec![vec![3, 1]]);
    let tally = b.tally();
    assert_eq!((tally.yes, tally.no, tally.abstain), (3, 1, 1));
    let mut decrypted = s.decrypted_by();
    decrypted.sort_unstable();
    assert_eq!(decrypted, vec![1, 3]);
    let (code, out, _) = trustee(&["status", &page, "--handle", "bolat"], &As::Nobody);
    assert_eq!(code, 0);
    assert!(out.contains("Strike from Monday: carried (yes 3, no 1, abstain 1)"), "{out}");
    assert!(out.contains("Next for you: decrypt your share of the total"), "{out}");
    // Bolat adds his share all the same; then he is done.
    let (code, out, _) = trustee(&["step", &page], &bolat);
    assert_eq!(code, 0);
    assert!(out.contains("Decrypted your share"), "{out}");
    let (code, out, _) = trustee(&["step", &page], &bolat);
    assert_eq!(code, 0);
    assert!(
        out.contains("Nothing left to do: your share of the decryption is in the record"),
        "{out}"
    );

    // The exported record verifies offline: every proof, the ceremony, the seal, the result.
    let file = setup.dir.path().join("record.bundle");
    let (_, bytes) = setup.node.get(&format!("/api/assemblies/{}/bundle", setup.assembly));
    std::fs::write(&file, bytes).unwrap();
    let verify =
        Command::new(PLENUM).args(["verify", file.to_str().unwrap(), "--json"]).output().unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    let report: serde_json::Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(report["valid"], true);
    let ballot = report["assemblies"][0]["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["ballot"] == serde_json::json!(setup.ballot))
        .unwrap()
        .clone();
    assert_eq!(ballot["secret"]["verified"], true);
    assert_eq!(ballot["secret"]["ballots"], 5);
    assert_eq!((ballot["yes"].as_u64(), ballot["no"].as_u64()), (Some(3), Some(1)));
}

/// A stand-in for a node whose copy of the record is behind: it serves the record as it was
/// when it was made and passes every other request to the real node. A trustee's terminal
/// reading it sees a step as due that the trustee already took from another device.
struct Behind {
    port: u16,
}

impl Behind {
    fn start(node: u16, assembly: AssemblyId) -> Self {
        let (status, stale) = nodes::http(
            node,
            "GET",
            &format!("/api/assemblies/{assembly}/bundle"),
            b"",
            "text/plain",
        );
        assert_eq!(status, 200);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let stale = stale.clone();
                std::thread::spawn(move || relay(stream, node, &stale));
            }
        });
        Self { port }
    }
}

/// Answers one request: the stale record, or the real node's answer.
fn relay(mut client: TcpStream, node: u16, stale: &[u8]) {
    let mut request = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string())
        })
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
        }
    }
    let path = head.split_whitespace().nth(1).unwrap_or_default();
    if path.ends_with("/bundle") {
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            stale.len()
        );
        let _ = client.write_all(answer.as_bytes());
        let _ = client.write_all(stale);
        return;
    }
    // Everything else goes to the node, on a connection closed after its answer.
    let head = head.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
    let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", node)) else { return };
    let _ = upstream.write_all(head.as_bytes());
    let _ = upstream.write_all(&request[head_end..]);
    let mut answer = Vec::new();
    let _ = upstream.read_to_end(&mut answer);
    let _ = client.write_all(&answer);
}

#[test]
fn refusals_say_why() {
    let setup = Setup::new();
    let page = setup.page(setup.motion);
    setup.keep_key(AIGERIM, "aigerim", "aigerim's long passphrase");
    let yerlan_key = setup.key_file(YERLAN);
    let aigerim_key = setup.key_file(AIGERIM);
    let before = setup.events();

    // A wrong passphrase: nothing signed.
    let (code, _, err) = trustee(&["step", &page], &As::Handle("aigerim", "not her passphrase"));
    assert_eq!(code, 2);
    assert!(err.contains("Wrong passphrase for “aigerim”. Nothing was signed."), "{err}");
    // No passphrase, and no terminal to ask it on.
    let (code, _, err) = trustee(&["step", &page, "--handle", "aigerim"], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains("No passphrase for “aigerim”"), "{err}");
    let (code, _, err) = trustee(&["step", &page], &As::Handle("nobody", "whatever passphrase"));
    assert_eq!(code, 2);
    assert!(err.contains("The node keeps no key under the sign-in name “nobody”"), "{err}");
    let (code, _, err) = trustee(&["step", &page], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains("Say who you are"), "{err}");
    let (code, _, err) = trustee(&["step", &page, "--key", page.as_str()], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");

    // A member who is not a trustee: nothing will ever be due.
    let (code, out, _) = trustee(&["step", &page], &As::Key(&yerlan_key));
    assert_eq!(code, 1);
    assert!(out.contains("Nothing to do: your key is not one of this ballot's trustees."), "{out}");
    let (code, out, _) = trustee(&["status", &page], &As::Key(&yerlan_key));
    assert_eq!(code, 0);
    assert!(out.contains("is not one of this ballot's trustees"), "{out}");
    assert_eq!(setup.events(), before, "nothing was sent");

    // Bad addresses and motions.
    let (code, _, err) = trustee(&["status", "http://127.0.0.1:1/a/xyz"], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains("is not the address of a motion"), "{err}");
    let other = EventId([7; 32]);
    let (code, _, err) = trustee(&["status", &setup.page(other)], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("The assembly has no motion {other}")), "{err}");
    let (code, _, err) = trustee(&["status", &setup.page(setup.open_motion)], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains("is not secret"), "{err}");
    let (code, _, err) = trustee(&["status", &setup.page(setup.bare_motion)], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains("No ballot has been opened on this motion yet."), "{err}");
    let unknown = format!("{}/a/{}/m/{}", setup.node.url(), AssemblyId([9; 32]), setup.motion);
    let (code, _, err) = trustee(&["status", &unknown], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains("The node holds no assembly"), "{err}");
    let by_flags = trustee(
        &[
            "status",
            &setup.node.url(),
            "--assembly",
            &setup.assembly.to_hex(),
            "--motion",
            &setup.motion.to_hex(),
        ],
        &As::Nobody,
    );
    assert_eq!(by_flags.0, 0, "{}", by_flags.2);
    let closed = format!(
        "http://127.0.0.1:{}/a/{}/m/{}",
        test_support::webdriver::free_port(),
        setup.assembly,
        setup.motion
    );
    let (code, _, err) = trustee(&["status", &closed], &As::Nobody);
    assert_eq!(code, 2);
    assert!(err.contains("The node cannot be reached"), "{err}");

    // A step the node refuses, with its reason in the reader's language: the terminal reads a
    // copy of the record from before Aigerim committed from another device.
    let behind = Behind::start(setup.node.port, setup.assembly);
    let (code, out, _) = trustee(&["step", &page], &As::Key(&aigerim_key));
    assert_eq!(code, 0);
    assert!(out.contains("Committed to your key"), "{out}");
    let stale_page =
        format!("http://127.0.0.1:{}/a/{}/m/{}", behind.port, setup.assembly, setup.motion);
    let (code, _, err) = trustee(&["step", &stale_page, "--lang", "ru"], &As::Key(&aigerim_key));
    assert_eq!(code, 1);
    assert!(
        err.contains("Узел отклонил ваш шаг: Этот хранитель ключа уже выполнил этот шаг."),
        "{err}"
    );
    assert_eq!(setup.events(), before + 1, "only the first commit is in the record");
}
