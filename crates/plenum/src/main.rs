//! `plenum`: the one binary. `serve` runs a node; `sync` and `bundle` carry events between
//! nodes; `status` shows what a node holds and what is pending with its peers; `export` and
//! `verify` carry and check records; `trustee` takes a trustee's part in a secret ballot;
//! `bench` measures.
//!
//! Every message a person reads comes from the translation layer, in the language of
//! `--lang`, `PLENUM_LANG` or the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).

mod bench;
mod bundle;
mod config;
mod count_cmd;
mod database;
mod demo;
mod export;
mod help;
mod parallel;
mod say;
mod serve;
mod serving;
mod simulate;
mod status;
mod sync_cmd;
mod trustee;
mod verify;
mod verify_secret;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use i18n::Arg;
use node::{Config, Node};

use crate::say::Say;

/// Workers' democracy that keeps working when the internet is cut.
#[derive(Parser)]
#[command(name = "plenum", version, about, long_about = None)]
struct Cli {
    /// Language of messages: en, pt, ru or kk (default: the system's).
    #[arg(long, global = true, env = "PLENUM_LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// Where a node keeps its data.
#[derive(clap::Args, Clone)]
struct DataDir {
    /// The node's data directory (created if missing).
    #[arg(long = "data", env = "PLENUM_DATA", default_value = "plenum-data")]
    dir: PathBuf,
    /// Keep the node's data in this PostgreSQL database instead of the data directory: a URL
    /// (postgres://USER:PASSWORD@HOST/DATABASE) or host=HOST dbname=DATABASE user=USER.
    #[arg(
        long = "database",
        env = "PLENUM_DATABASE",
        value_name = "CONNECTION",
        hide_env_values = true
    )]
    database: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a node: the web interface and API for phones on this network.
    Serve(serve::Args),
    /// Sync now with another node: the assemblies both serve, or those named.
    Sync(sync_cmd::Args),
    /// Carry events between nodes by hand: export, import, heads.
    #[command(subcommand)]
    Bundle(bundle::Command),
    /// Show each assembly's digest and events, and each peer's last contact and what is pending.
    Status(status::Args),
    /// Write the record of one assembly, or of all, to a bundle file.
    Export(export::Args),
    /// Check a record offline: every signature, link, sequence and rule; print the results.
    Verify(verify::Args),
    /// Count ballots (BLT or a JSON case) by any method, round by round.
    Count(count_cmd::CountArgs),
    /// Measure: `plenum bench sync`.
    #[command(subcommand)]
    Bench(bench::Command),
    /// Secret ballots: simulate a whole one, for tests, demos and benchmarks.
    #[command(subcommand)]
    Election(ElectionCommand),
    /// A trustee's part in a secret ballot, from this terminal: the key ceremony and the
    /// decryption.
    #[command(subcommand)]
    Trustee(trustee::Command),
}

#[derive(Subcommand)]
enum ElectionCommand {
    /// Write the complete record of one secret ballot with N random valid ballots.
    Simulate(simulate::Args),
}

fn main() -> ExitCode {
    let given: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let argv = match config::apply(
        given.clone(),
        &|name| std::env::var(name).ok(),
        &read_config,
        &flags_of,
    ) {
        Ok(argv) => argv,
        Err(error) => {
            let say = Say::new(say::lang_flag(&given).as_deref());
            eprintln!("{}", config_error(&say, &error));
            return ExitCode::from(2);
        }
    };
    // The language is known before parsing, so that `--help` speaks it too.
    let help_say = Say::new(say::lang_flag(&argv).as_deref());
    let command = help::localize(Cli::command(), &|id| help_say.t(id));
    let cli = match command.try_get_matches_from(argv).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(error) => {
            // The help, the version, or clap's own error message (in English: clap has no
            // translations of its own).
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let say = Say::new(cli.lang.as_deref());
    let result = match cli.command {
        Command::Serve(args) => serve::run(&say, args),
        Command::Sync(args) => sync_cmd::run(&say, &args),
        Command::Bundle(command) => bundle::run(&say, &command),
        Command::Status(args) => status::run(&say, &args),
        Command::Export(args) => export::run(&say, &args),
        Command::Verify(args) => verify::run(&say, &args),
        Command::Count(args) => count_cmd::run(&say, &args),
        Command::Bench(command) => bench::run(&say, &command),
        Command::Election(ElectionCommand::Simulate(args)) => simulate::run(&say, &args),
        Command::Trustee(command) => trustee::run(&say, &command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{}", say.t1("cli-error", "detail", format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}

/// Opens the node's store to write to it, unless a node is serving it.
fn open_node_to_write(say: &Say, data: &DataDir) -> anyhow::Result<Node> {
    if let Some(url) = database::serving(say, data)? {
        anyhow::bail!(database::in_use(say, data, url));
    }
    open_node(say, data)
}

/// Opens the node's store (creating it if needed) with its writer running.
fn open_node(say: &Say, data: &DataDir) -> anyhow::Result<Node> {
    Ok(Node::open(database::open(say, data)?, Config::default())?)
}

/// A sync failure, in the reader's language.
fn sync_error(say: &Say, e: &server::peers::SyncError) -> String {
    say.t1(&format!("sync-error-{}", e.code()), "detail", e.detail())
}

/// Why an event was refused, in the reader's language.
fn rejection(say: &Say, rejection: &domain::Rejection) -> String {
    let args: Vec<(&str, Arg)> = rejection
        .args()
        .into_iter()
        .map(|(k, v)| match k {
            "power" | "field" => (k, Arg::Str(say.t(&format!("{k}-{v}")))),
            "max" => (k, Arg::Num(v.parse().unwrap_or(0))),
            _ => (k, Arg::Str(v)),
        })
        .collect();
    say.args(&format!("rejection-{}", rejection.code()), &args)
}

/// A spinner on a terminal, nothing when piped.
fn progress(message: String) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(message);
    bar
}

/// "3 minutes ago" and the like.
fn ago(say: &Say, ms: u64) -> String {
    let seconds = ms / 1000;
    match seconds {
        0..60 => say.t1("ago-seconds", "count", seconds),
        60..3600 => say.t1("ago-minutes", "count", seconds / 60),
        3600..86_400 => say.t1("ago-hours", "count", seconds / 3600),
        _ => say.t1("ago-days", "count", seconds / 86_400),
    }
}

/// Reads the configuration file; `None` when it does not exist.
fn read_config(path: &std::path::Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// The long flags a command path accepts, from clap's own table of settings.
fn flags_of(path: &[String]) -> Option<Vec<String>> {
    use clap::CommandFactory as _;
    let mut command = Cli::command();
    command.build();
    let mut at = &command;
    for word in path {
        at = at.find_subcommand(word)?;
    }
    // At the top level only the global flags; a command has its own and the global ones.
    let names = at
        .get_arguments()
        .filter(|a| !path.is_empty() || a.is_global_set())
        .filter_map(|a| a.get_long())
        .filter(|l| !matches!(*l, "help" | "version"))
        .map(str::to_string)
        .collect();
    Some(names)
}

fn config_error(say: &Say, error: &config::ConfigError) -> String {
    match error {
        config::ConfigError::Unreadable { file, detail } => say.args(
            "cli-config-unreadable",
            &[("file", file.display().to_string().into()), ("detail", detail.clone().into())],
        ),
        config::ConfigError::Malformed { file, detail } => say.args(
            "cli-config-malformed",
            &[("file", file.display().to_string().into()), ("detail", detail.clone().into())],
        ),
        config::ConfigError::Unknown { file, command, key } => say.args(
            "cli-config-unknown",
            &[
                ("file", file.display().to_string().into()),
                ("command", command.clone().into()),
                ("key", key.clone().into()),
            ],
        ),
    }
}
