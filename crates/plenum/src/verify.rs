//! `plenum verify`: checks a record offline, trusting no one — every signature, every link
//! between events, every author's sequence and every rule — and recomputes each assembly's
//! state, its digest and the results of its ballots.
//!
//! Events that did not take effect are of two sorts (`docs/conflicts.md`). A *resolved
//! conflict* would have taken effect in its causal past — where its author's node accepted it —
//! and only the canonical order, after the record of a partition was merged, put it after an
//! event that excludes it (a vote after a concurrent close). That is valid, and reported. An
//! event that breaks a rule even in its causal past was accepted by no honest node: it makes
//! the record invalid.
//!
//! Exit codes: 0 when everything holds; 1 when the record is invalid (the first bad event is
//! named); 2 when the file cannot be read at all.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context as _;
use domain::apply::{CheckedJoins, Invitations};
use domain::{Assembly, BallotStatus, Ledger};
use record::bundle::{self, BundleError};
use record::{AssemblyId, Event, EventId};
use serde_json::{Value, json};

use crate::parallel;
use crate::say::Say;
use crate::verify_secret;

#[derive(clap::Args)]
pub struct Args {
    /// The record: a bundle file, as written by `plenum export` or downloaded from a node.
    file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// What went wrong, naming the event where there is one.
struct Failure {
    event: Option<String>,
    reason: String,
}

/// An event that did not take effect: a conflict the rules resolved.
struct Conflict {
    assembly: AssemblyId,
    event: record::EventId,
    reason: domain::Rejection,
}

/// Why an event did not take effect, in the reader's language.
fn explain(say: &Say, rejection: &domain::Rejection) -> String {
    say.reason("rejection", rejection.code(), &rejection.args())
}

pub fn run(say: &Say, args: &Args) -> anyhow::Result<ExitCode> {
    let mut timing = Timing::from_env();
    let bytes = std::fs::read(&args.file)
        .with_context(|| say.t1("cli-cannot-read", "file", args.file.display().to_string()))?;
    timing.phase("read");
    // A spinner on a terminal while signatures are checked; nothing when piped.
    let progress = indicatif::ProgressBar::new_spinner();
    progress.set_message(say.t("cli-verifying"));
    progress.enable_steady_tick(std::time::Duration::from_millis(120));
    let (assemblies, conflicts, failure) = check(say, bytes, &progress, &mut timing);
    progress.finish_and_clear();
    let now = node::system_time();
    let reports: Vec<Value> = assemblies
        .iter()
        .map(|(a, secret)| {
            let mut r = report(a, now);
            // Each secret ballot's own checks, beside its line.
            for checked in secret {
                let id = json!(checked.ballot);
                for b in r["ballots"].as_array_mut().into_iter().flatten() {
                    if b["ballot"] == id {
                        b["secret"] = checked.report.clone();
                    }
                }
            }
            r
        })
        .collect();
    let assemblies: Vec<Assembly> = assemblies.into_iter().map(|(a, _)| a).collect();
    if args.json {
        let error = failure.as_ref().map(|f| json!({"event": f.event, "reason": f.reason}));
        let conflicts: Vec<Value> = conflicts
            .iter()
            .map(|c| {
                json!({"assembly": c.assembly, "event": c.event, "code": c.reason.code(),
                    "reason": explain(say, &c.reason)})
            })
            .collect();
        let out = json!({"valid": failure.is_none(), "assemblies": reports,
            "conflicts": conflicts, "error": error});
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for (a, r) in assemblies.iter().zip(&reports) {
            print_assembly(say, a, r);
        }
        if !conflicts.is_empty() {
            println!("{}", say.t1("cli-verify-conflicts", "count", conflicts.len()));
            for c in &conflicts {
                println!(
                    "  {}",
                    say.args(
                        "cli-verify-conflict",
                        &[
                            ("event", c.event.short().into()),
                            ("reason", explain(say, &c.reason).into())
                        ]
                    )
                );
            }
        }
        match &failure {
            None => println!("{}", say.t("cli-verify-valid")),
            Some(f) => {
                let message = match &f.event {
                    Some(at) => say.args(
                        "cli-verify-invalid",
                        &[("event", at.clone().into()), ("reason", f.reason.clone().into())],
                    ),
                    None => say.t1("cli-verify-invalid-record", "reason", f.reason.clone()),
                };
                eprintln!("{message}");
            }
        }
    }
    timing.phase("report");
    timing.total();
    Ok(if failure.is_none() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// With `PLENUM_VERIFY_TIMING` set, one JSON line per phase on standard error — its wall time
/// and the CPU time of the whole process meanwhile (user and system, from `/proc/self/stat`,
/// Linux) — to see where a large record's check spends its time.
struct Timing {
    on: bool,
    start: (Instant, Option<f64>),
    last: (Instant, Option<f64>),
}

impl Timing {
    fn from_env() -> Self {
        let now = (Instant::now(), cpu_seconds());
        Self { on: std::env::var_os("PLENUM_VERIFY_TIMING").is_some(), start: now, last: now }
    }

    fn phase(&mut self, phase: &str) {
        let now = (Instant::now(), cpu_seconds());
        if self.on {
            Self::print(phase, self.last, now);
        }
        self.last = now;
    }

    fn total(&self) {
        if self.on {
            Self::print("total", self.start, (Instant::now(), cpu_seconds()));
        }
    }

    fn print(phase: &str, from: (Instant, Option<f64>), to: (Instant, Option<f64>)) {
        let wall = (to.0 - from.0).as_secs_f64();
        let cpu = to.1.zip(from.1).map(|(b, a)| b - a);
        eprintln!("{}", json!({"phase": phase, "wall_s": wall, "cpu_s": cpu}));
    }
}

/// User and system CPU seconds of this process so far (Linux: 100 ticks a second).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.get(stat.rfind(')')? + 2..)?.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// What verification found in one assembly: its state and its secret ballots' checks.
type Checked = (Assembly, Vec<verify_secret::Checked>);

/// Checks the bundle; returns the assemblies that could be folded (with what checking their
/// secret ballots found), the conflicts resolved, and the first failure.
///
/// A million-ballot record holds two million events: they are decoded on all cores, then the
/// invitation proofs of its joins are checked on all cores, then the fold (which is
/// sequential) and the secret ballots' proofs run while the events' signatures are checked
/// beside them. A bad signature is reported as it was before anything else: the rest of the
/// check is then not reported.
fn check(
    say: &Say,
    bytes: Vec<u8>,
    bar: &indicatif::ProgressBar,
    timing: &mut Timing,
) -> (Vec<Checked>, Vec<Conflict>, Option<Failure>) {
    let bundle_failure = |e: &BundleError| {
        let event = match e {
            BundleError::BadEvent { index, .. } => Some(format!("#{}", index + 1)),
            _ => None,
        };
        Failure { event, reason: crate::bundle::bundle_error(say, e) }
    };
    let decoded = decode(&bytes);
    drop(bytes);
    timing.phase("decode");
    let (events, heads) = match decoded {
        Ok(decoded) => decoded,
        Err(e) => return (Vec::new(), Vec::new(), Some(bundle_failure(&e))),
    };
    let joins = check_joins(&events);
    timing.phase("join_proofs");

    let bad_signature = AtomicUsize::new(usize::MAX);
    let (out, conflicts, failure, first_bad) = std::thread::scope(|scope| {
        // The fold holds its own copies of the events (their bytes are shared); the signature
        // checks read the originals and drop them when done.
        let by_assembly = group(events.iter().cloned());
        let signatures = scope.spawn(|| {
            let first_bad = first_bad_signature(&events, &bad_signature);
            drop(events);
            first_bad
        });
        let (out, conflicts, failure) =
            check_assemblies(say, by_assembly, &heads, &joins, &bad_signature, bar, timing);
        let first_bad = signatures.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        timing.phase("signatures");
        (out, conflicts, failure, first_bad)
    });
    match first_bad {
        Some(e) => (Vec::new(), Vec::new(), Some(bundle_failure(&e))),
        None => (out, conflicts, failure),
    }
}

/// Each assembly's heads, as a bundle's heads frames give them.
type Heads = Vec<(AssemblyId, Vec<EventId>)>;

/// The bundle's events, decoded on all cores but their signatures not yet checked, and its
/// heads frames; or the first thing wrong with it, as [`bundle::decode`] names it.
fn decode(bytes: &[u8]) -> Result<(Vec<Event>, Heads), BundleError> {
    let (frames, fault) = bundle::split(bytes);
    let decoded = parallel::chunks(frames.events.len(), 4096, |range| {
        frames.events[range].iter().map(|&e| Event::decode_trusted(e)).collect::<Vec<_>>()
    });
    let mut events = Vec::with_capacity(frames.events.len());
    for (index, event) in decoded.into_iter().flatten().enumerate() {
        events.push(event.map_err(|error| BundleError::BadEvent { index, error })?);
    }
    fault?;
    Ok((events, frames.heads))
}

/// The invitation proofs of every join, checked on all cores, for the fold to take as checked.
fn check_joins(events: &[Event]) -> CheckedJoins {
    let invitations = Invitations::of(events);
    parallel::chunks(events.len(), 4096, |range| {
        events[range].iter().filter_map(|e| invitations.check(e)).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Checks every event's signature, on all cores but one (the fold's, which is sequential), and
/// names the first bad one as [`bundle::decode`] would. `found` holds the lowest index of a bad
/// signature found so far (`usize::MAX` while none is), for the other checks to stop early.
fn first_bad_signature(events: &[Event], found: &AtomicUsize) -> Option<BundleError> {
    let threads = parallel::threads().saturating_sub(1).max(1);
    let bad = parallel::chunks_on(threads, events.len(), 4096, |range| {
        if range.start > found.load(Ordering::Relaxed) {
            return None;
        }
        let start = range.start;
        let bad = events[range]
            .iter()
            .enumerate()
            .find_map(|(i, e)| e.verify_signature().err().map(|error| (start + i, error)));
        if let Some((index, _)) = bad {
            found.fetch_min(index, Ordering::Relaxed);
        }
        bad
    });
    bad.into_iter().flatten().next().map(|(index, error)| BundleError::BadEvent { index, error })
}

/// The events of each assembly.
fn group(events: impl IntoIterator<Item = Event>) -> BTreeMap<AssemblyId, Vec<Event>> {
    let mut by_assembly: BTreeMap<AssemblyId, Vec<Event>> = BTreeMap::new();
    for event in events {
        by_assembly.entry(event.assembly_id()).or_default().push(event);
    }
    by_assembly
}

/// Folds each assembly and checks its conflicts, its heads and its secret ballots; stops
/// before the costly checks of secret ballots once a bad signature is found.
fn check_assemblies(
    say: &Say,
    by_assembly: BTreeMap<AssemblyId, Vec<Event>>,
    heads: &[(AssemblyId, Vec<EventId>)],
    joins: &CheckedJoins,
    bad_signature: &AtomicUsize,
    bar: &indicatif::ProgressBar,
    timing: &mut Timing,
) -> (Vec<Checked>, Vec<Conflict>, Option<Failure>) {
    let mut conflicts = Vec::new();
    let mut out = Vec::new();
    let mut failure = None;
    // A heads frame for an assembly the bundle does not hold is itself a discrepancy.
    if let Some((stray, _)) = heads.iter().find(|(a, _)| !by_assembly.contains_key(a)) {
        failure = Some(Failure {
            event: None,
            reason: say.t1("cli-verify-heads", "assembly", stray.to_hex()),
        });
    }
    for (id, events) in by_assembly {
        let ledger = match Ledger::from_checked_events(events, joins) {
            Ok(ledger) => ledger,
            Err(e) => {
                let (code, args) = e.code();
                let reason = format!("{}: {}", id.short(), say.reason("fold", code, &args));
                failure.get_or_insert(Failure { event: None, reason });
                continue;
            }
        };
        timing.phase("fold");
        let state = ledger.state().clone();
        for ignored in &state.ignored {
            let Some(event) = ledger.get(&ignored.event) else { continue };
            match ledger.valid_in_past(event) {
                Ok(()) => conflicts.push(Conflict {
                    assembly: id,
                    event: ignored.event,
                    reason: ignored.reason.clone(),
                }),
                Err(broken) => {
                    failure.get_or_insert(Failure {
                        event: Some(ignored.event.to_hex()),
                        reason: say.t1("cli-verify-broke-rule", "reason", explain(say, &broken)),
                    });
                }
            }
        }
        if let Some((_, heads)) = heads.iter().find(|(a, _)| *a == id) {
            let computed: Vec<_> = state.frontier.iter().copied().collect();
            let mut claimed = heads.clone();
            claimed.sort_unstable();
            if claimed != computed {
                failure.get_or_insert(Failure {
                    event: None,
                    reason: say.t1("cli-verify-heads", "assembly", id.to_hex()),
                });
            }
        }
        timing.phase("conflicts");
        if bad_signature.load(Ordering::Relaxed) != usize::MAX {
            // The record is invalid whatever its ballots hold; a bad signature is reported.
            break;
        }
        // Secret ballots: every proof, batched on all cores, with a bar on a terminal.
        let progress = |done: usize, total: usize| {
            if bar.length() != Some(total as u64) {
                bar.set_style(
                    indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar.set_length(total as u64);
                bar.set_message(say.t("cli-verifying-ballots"));
            }
            bar.set_position(done as u64);
        };
        let secret = verify_secret::check(say, &ledger, &progress);
        timing.phase("secret_ballots");
        for checked in &secret {
            if let Some(reason) = &checked.failure {
                failure.get_or_insert(Failure {
                    event: Some(checked.ballot.to_hex()),
                    reason: reason.clone(),
                });
            }
        }
        out.push((state, secret));
    }
    (out, conflicts, failure)
}

fn report(a: &Assembly, now: u64) -> Value {
    let ballots: Vec<Value> = a
        .motions_newest_first()
        .iter()
        .rev()
        .filter_map(|m| {
            let b = a.ballots.get(&m.ballot?)?;
            let t = b.tally();
            let result = match b.status(now) {
                BallotStatus::Open => "open",
                BallotStatus::Closed(count::majority::Outcome::Carried) => "carried",
                BallotStatus::Closed(count::majority::Outcome::NotCarried) => "not_carried",
                BallotStatus::Closed(count::majority::Outcome::QuorumNotMet) => "quorum_not_met",
                BallotStatus::Counted => "counted",
                BallotStatus::AwaitingCount => "awaiting_count",
            };
            let (voted, electorate) = b.turnout();
            let mut out = json!({"motion": m.id, "title": m.title, "ballot": b.id, "result": result,
                "yes": t.yes, "no": t.no, "abstain": t.abstain, "voted": voted,
                "electorate": electorate});
            // An election is recounted from its rankings, by its rule, as every node counts it.
            if let Some(rows) = domain::secret::chosen(a, &b.id) {
                out["method"] = json!("choose");
                out["seats"] = json!(m.seats());
                out["elected"] =
                    json!(rows.iter().filter(|r| r.2).map(|r| r.0.clone()).collect::<Vec<_>>());
                out["rounds"] = json!(1);
                out["chosen"] = json!(
                    rows.iter().map(|r| json!({"name": r.0, "votes": r.1})).collect::<Vec<_>>()
                );
            }
            if let Some(rule) = b.ranked_rule() {
                out["method"] = json!(domain::election::count_method(rule).name());
                out["seats"] = json!(m.seats());
                if result == "counted" {
                    match a.count_election(&b.id) {
                        Some(Ok(transcript)) => {
                            let t = transcript.to_json();
                            out["elected"] = t["elected"].clone();
                            out["rounds"] = json!(transcript.rounds.len());
                        }
                        Some(Err(e)) => out["count_error"] = json!(e.to_string()),
                        None => {}
                    }
                }
            }
            Some(out)
        })
        .collect();
    json!({
        "id": a.id,
        "name": a.name,
        "events": a.accepted + a.ignored.len() as u64,
        "state_digest": a.digest(),
        "ballots": ballots,
    })
}

fn print_assembly(say: &Say, a: &Assembly, r: &Value) {
    println!("{}", a.name);
    println!("  {}", say.t1("cli-verify-id", "id", a.id.to_hex()));
    println!("  {}", say.t1("cli-verify-events", "count", r["events"].as_u64().unwrap_or(0)));
    println!("  {}", say.t1("cli-verify-digest", "digest", a.digest().to_hex()));
    for b in r["ballots"].as_array().into_iter().flatten() {
        let result = say.t(&format!("cli-result-{}", b["result"].as_str().unwrap_or("open")));
        let title = b["title"].as_str().unwrap_or_default().to_string();
        if let Some(method) = b["method"].as_str() {
            print_election(say, b, title, result, method);
            continue;
        }
        if b["secret"].is_object() {
            let s = &b["secret"];
            let args = [
                ("title", title.clone().into()),
                ("ballots", s["ballots"].as_u64().unwrap_or(0).into()),
                ("trustees", s["trustees"].as_u64().unwrap_or(0).into()),
                ("threshold", s["threshold"].as_u64().unwrap_or(0).into()),
                ("verified", if s["verified"] == json!(true) { "yes" } else { "no" }.into()),
            ];
            println!("  {}", say.args("cli-verify-secret", &args));
        }
        let args = [
            ("title", title.into()),
            ("result", result.into()),
            ("yes", b["yes"].as_u64().unwrap_or(0).into()),
            ("no", b["no"].as_u64().unwrap_or(0).into()),
            ("abstain", b["abstain"].as_u64().unwrap_or(0).into()),
        ];
        println!("  {}", say.args("cli-verify-ballot", &args));
    }
}

/// An election's line: who was elected, or where the ballot stands.
fn print_election(say: &Say, b: &Value, title: String, result: String, method: &str) {
    let number = |key: &str| b[key].as_u64().unwrap_or(0);
    let line = match b["elected"].as_array() {
        Some(elected) => {
            let names: Vec<&str> = elected.iter().filter_map(Value::as_str).collect();
            let args = [
                ("title", title.into()),
                ("elected", names.join(", ").into()),
                ("method", method.into()),
                ("rounds", number("rounds").into()),
            ];
            say.args("cli-verify-election", &args)
        }
        None => {
            let args = [
                ("title", title.into()),
                ("result", result.into()),
                ("voted", number("voted").into()),
                ("electorate", number("electorate").into()),
            ];
            say.args("cli-verify-ranked", &args)
        }
    };
    println!("  {line}");
}
