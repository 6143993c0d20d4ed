//! `plenum`: the one binary. `serve` runs a node; `export` and `verify` carry and check
//! records; `count` counts ballots.
//!
//! Every message a person reads comes from the translation layer, in the language of
//! `--lang`, `PLENUM_LANG` or the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).

mod count_cmd;
mod demo;
mod export;
mod say;
mod serve;
mod simulate;
mod verify;
mod verify_secret;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

#[derive(Subcommand)]
enum Command {
    /// Run a node: the web interface and API for phones on this network.
    Serve(serve::Args),
    /// Write the record of one assembly, or of all, to a bundle file.
    Export(export::Args),
    /// Check a record offline: every signature, link, sequence and rule; print the results.
    Verify(verify::Args),
    /// Count ballots (BLT or a JSON case) by any method, round by round.
    Count(count_cmd::CountArgs),
    /// Secret ballots: simulate a whole one, for tests, demos and benchmarks.
    #[command(subcommand)]
    Election(ElectionCommand),
}

#[derive(Subcommand)]
enum ElectionCommand {
    /// Write the complete record of one secret ballot with N random valid ballots.
    Simulate(simulate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let say = say::Say::new(cli.lang.as_deref());
    let result = match cli.command {
        Command::Serve(args) => serve::run(&say, args),
        Command::Export(args) => export::run(&say, &args),
        Command::Verify(args) => verify::run(&say, &args),
        Command::Count(args) => count_cmd::run(&say, &args),
        Command::Election(ElectionCommand::Simulate(args)) => simulate::run(&say, &args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{}", say.t1("cli-error", "detail", format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}
