//! `plenum`: the one binary.
//!
//! Minimal for now: `plenum count`. The lead's main.rs adds the other commands; this file only
//! wires the `count` subcommand (see `count_cmd`).

mod count_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "plenum", version, about = "Workers' democracy: assemblies, motions, votes.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Count ballots (BLT or a JSON case) by any method, round by round.
    Count(count_cmd::CountArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Count(args) => count_cmd::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
