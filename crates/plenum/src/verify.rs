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

use anyhow::Context as _;
use domain::{Assembly, BallotStatus, Ledger};
use record::bundle;
use record::{AssemblyId, Event};
use serde_json::{Value, json};

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
    let bytes = std::fs::read(&args.file)
        .with_context(|| say.t1("cli-cannot-read", "file", args.file.display().to_string()))?;
    // A spinner on a terminal while signatures are checked; nothing when piped.
    let progress = indicatif::ProgressBar::new_spinner();
    progress.set_message(say.t("cli-verifying"));
    progress.enable_steady_tick(std::time::Duration::from_millis(120));
    let (assemblies, conflicts, failure) = check(say, &bytes, &progress);
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
    Ok(if failure.is_none() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// What verification found in one assembly: its state and its secret ballots' checks.
type Checked = (Assembly, Vec<verify_secret::Checked>);

/// Checks the bundle; returns the assemblies that could be folded (with what checking their
/// secret ballots found), the conflicts resolved, and the first failure.
fn check(
    say: &Say,
    bytes: &[u8],
    bar: &indicatif::ProgressBar,
) -> (Vec<Checked>, Vec<Conflict>, Option<Failure>) {
    let bundle = match bundle::decode_signatures_unchecked(bytes).and_then(check_signatures) {
        Ok(bundle) => bundle,
        Err(e) => {
            let event = match &e {
                bundle::BundleError::BadEvent { index, .. } => Some(format!("#{}", index + 1)),
                _ => None,
            };
            let reason = crate::bundle::bundle_error(say, &e);
            return (Vec::new(), Vec::new(), Some(Failure { event, reason }));
        }
    };
    let mut conflicts = Vec::new();
    let mut by_assembly: BTreeMap<AssemblyId, Vec<Event>> = BTreeMap::new();
    for event in bundle.events {
        by_assembly.entry(event.assembly_id()).or_default().push(event);
    }
    let mut out = Vec::new();
    let mut failure = None;
    // A heads frame for an assembly the bundle does not hold is itself a discrepancy.
    if let Some((stray, _)) = bundle.heads.iter().find(|(a, _)| !by_assembly.contains_key(a)) {
        failure = Some(Failure {
            event: None,
            reason: say.t1("cli-verify-heads", "assembly", stray.to_hex()),
        });
    }
    for (id, events) in by_assembly {
        let ledger = match Ledger::from_events(events) {
            Ok(ledger) => ledger,
            Err(e) => {
                let (code, args) = e.code();
                let reason = format!("{}: {}", id.short(), say.reason("fold", code, &args));
                failure.get_or_insert(Failure { event: None, reason });
                continue;
            }
        };
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
        if let Some((_, heads)) = bundle.heads.iter().find(|(a, _)| *a == id) {
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

/// Checks every event's signature, on all cores (a record of a million ballots holds three
/// million signatures); names the first bad one as [`bundle::decode`] would.
fn check_signatures(bundle: bundle::Bundle) -> Result<bundle::Bundle, bundle::BundleError> {
    let events = &bundle.events;
    let threads = std::thread::available_parallelism().map_or(1, usize::from).max(1);
    let chunk = events.len().div_ceil(threads).max(1);
    let first_bad = std::thread::scope(|scope| {
        let handles: Vec<_> = events
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || {
                    part.iter().enumerate().find_map(|(i, e)| {
                        e.verify_signature().err().map(|error| (c * chunk + i, error))
                    })
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok().flatten()).min_by_key(|(i, _)| *i)
    });
    match first_bad {
        Some((index, error)) => Err(bundle::BundleError::BadEvent { index, error }),
        None => Ok(bundle),
    }
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
