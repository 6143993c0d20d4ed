//! `plenum count BALLOTS --method METHOD [--seats N] [--option KEY=VALUE ...] [--json]`.
//!
//! Reads a BLT file or a JSON case (plain or gzipped), counts it with the `count` engine and
//! prints a round-by-round report, or the transcript as JSON. Bad input is reported with the
//! file, the line and what is wrong, and exits with code 2. A progress bar shows on a terminal
//! while a large file is read and counted, and never when the output is piped.

mod messages;
mod report;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use count::method::{self, METHODS, Method};
use count::{blt, case};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub use messages::Message;

use crate::say::Say;

/// Arguments of `plenum count`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = methods_help())]
pub struct CountArgs {
    /// The ballots: a BLT file, or a JSON case (.json or .json.gz).
    pub ballots: PathBuf,
    /// How to count (see the list below). A JSON case names its own method.
    #[arg(long, short)]
    pub method: Option<String>,
    /// Seats to fill (overrides the file).
    #[arg(long)]
    pub seats: Option<usize>,
    /// A method option, KEY=VALUE, in the source's own names (arithmetic=fixed, precision=9,
    /// omega=6, overvoteRule=alwaysSkipToNextRank, tie=lot, seed=42, ...). Repeatable.
    #[arg(long = "option", short = 'o', value_name = "KEY=VALUE")]
    pub options: Vec<String>,
    /// Print the transcript as JSON.
    #[arg(long)]
    pub json: bool,
}

fn methods_help() -> String {
    let mut s = String::from("Methods:\n");
    for (name, what) in METHODS {
        s.push_str(&format!("  {name:<20} {what}\n"));
    }
    s.push_str(
        "\nSTV options: arithmetic=fixed|guarded|rational, precision=N, guard=N, display=N, omega=N,\n\
         defeat_batch=none|zero|safe, integer_quota=true|false. IRV options: RCTab's rule keys\n\
         (overvoteRule, maxSkippedRanksAllowed, maxRankingsAllowed, batchElimination,\n\
         continueUntilTwoCandidatesRemain, winnerElectionMode, decimalPlacesForVoteArithmetic,\n\
         minimumVoteThreshold, tiebreakMode, randomSeed, ...). Every method: tie=lot|candidate-order,\n\
         seed=N (the lot's seed; by default a digest of the ballots), tie_order=3,1,2.\n\
         Exit codes: 0 counted, 2 bad input, 1 other failure.",
    );
    s
}

/// An error that is the input's fault: printed in the user's language, exit code 2.
#[derive(Debug)]
struct BadInput(Message);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Only reached if the error escapes `run`: the message id, never a sentence in code.
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for BadInput {}

/// Runs `plenum count`, speaking the user's language.
///
/// # Errors
/// Failures that are not the input's fault (an unreadable file is reported as bad input).
pub fn run(say: &Say, args: &CountArgs) -> anyhow::Result<ExitCode> {
    match run_inner(say, args) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => match e.downcast_ref::<BadInput>() {
            Some(BadInput(message)) => {
                eprintln!("{}", say.t1("cli-error", "detail", message.text(say)));
                Ok(ExitCode::from(2))
            }
            None => Err(e),
        },
    }
}

fn bad(m: Message) -> anyhow::Error {
    anyhow::Error::new(BadInput(m))
}

fn run_inner(say: &Say, args: &CountArgs) -> anyhow::Result<()> {
    let file = args.ballots.display().to_string();
    let progress = Progress::new(say);
    let bytes = read_ballots(&args.ballots, &progress)
        .map_err(|e| bad(Message::CannotRead { file: file.clone(), what: e.to_string() }))?;
    let mut options: Vec<(String, String)> = Vec::new();
    let (election, method) = if looks_like_json(&bytes) {
        let case = case::parse(&bytes).map_err(|e| {
            bad(Message::BadInput { file: file.clone(), line: e.line, what: e.message })
        })?;
        let method = match &args.method {
            Some(m) => parse_method(m)?,
            None => case_method(&case).ok_or_else(|| {
                bad(Message::CaseNeedsMethod { file: file.clone(), method: case.method.clone() })
            })?,
        };
        let mut election = case.election;
        if method == Method::Irv {
            election.withdrawn.extend(case.excluded.iter().copied());
            options.extend(case.rules.iter().cloned());
        }
        if matches!(method, Method::Stv(_)) {
            options.extend(case.options.iter().filter(|(k, _)| k != "rule").cloned());
        }
        (election, method)
    } else {
        let parsed = blt::parse(&bytes).map_err(|e| {
            bad(Message::BadInput { file: file.clone(), line: Some(e.line), what: e.message })
        })?;
        let method = match &args.method {
            Some(m) => parse_method(m)?,
            None => return Err(bad(Message::NoMethod { file })),
        };
        if let Some(order) = &parsed.tie_order {
            let list: Vec<String> = order.iter().map(|c| (c + 1).to_string()).collect();
            options.push(("tie_order".into(), list.join(",")));
        }
        (parsed.election, method)
    };
    let mut election = election;
    for o in &args.options {
        let (k, v) =
            o.split_once('=').ok_or_else(|| bad(Message::BadOption { option: o.clone() }))?;
        options.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    if let Some(seats) = args.seats {
        election.seats = seats;
        if method == Method::Irv {
            options.push(("numberOfWinners".into(), seats.to_string()));
        }
    }
    progress.counting();
    let transcript = method::count(&election, method, &options)
        .map_err(|e| bad(Message::CannotCount { file: file.clone(), what: e.to_string() }))?;
    progress.finish();
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &transcript.to_json())
            .context("writing the transcript")?;
        writeln!(out)?;
    } else {
        out.write_all(report::render(say, &election, &transcript).as_bytes())?;
    }
    Ok(())
}

fn parse_method(m: &str) -> anyhow::Result<Method> {
    Method::from_name(m).ok_or_else(|| {
        let known: Vec<&str> = METHODS.iter().map(|(n, _)| *n).collect();
        bad(Message::UnknownMethod { method: m.to_owned(), known: known.join(", ") })
    })
}

/// The method a JSON case names (`stv` with its rule, `irv-rctab`, or a method name).
fn case_method(c: &case::Case) -> Option<Method> {
    match c.method.as_str() {
        "stv" => Method::from_name(&format!("stv-{}", c.rule.as_deref()?)),
        "" | "multi" => None,
        other => Method::from_name(other),
    }
}

fn looks_like_json(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn read_ballots(path: &Path, progress: &Progress<'_>) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    progress.reading(len);
    let mut raw = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut reader = progress.bar.wrap_read(file);
    reader.read_to_end(&mut raw)?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::GzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
        return Ok(out);
    }
    Ok(raw)
}

/// A progress bar on stderr when it is a terminal; hidden otherwise.
struct Progress<'a> {
    bar: ProgressBar,
    say: &'a Say,
}

impl<'a> Progress<'a> {
    fn new(say: &'a Say) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                b.set_style(style);
            }
            b.enable_steady_tick(Duration::from_millis(120));
            b
        } else {
            ProgressBar::hidden()
        };
        Self { bar, say }
    }

    fn reading(&self, len: u64) {
        self.bar.set_length(len);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg} {bar:30} {bytes}/{total_bytes}")
        {
            self.bar.set_style(style);
        }
        self.bar.set_message(Message::ProgressReading.text(self.say));
    }

    fn counting(&self) {
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            self.bar.set_style(style);
        }
        self.bar.set_message(Message::ProgressCounting.text(self.say));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
