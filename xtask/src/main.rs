//! `cargo xtask …`: the repository's automation, in Rust rather than shell.
//!
//! - `cargo xtask serve [ARGS…]` — installs the WebAssembly target if needed, then runs
//!   `plenum serve --demo ARGS…` (release build) on `./plenum-data`.
//! - `cargo xtask test` — installs what the tests need (the WebAssembly target; Debian's
//!   chromium and chromium-driver for the browser tests, iproute2 for the LAN test, Debian's
//!   PostgreSQL), then checks formatting, runs clippy with warnings denied, runs every test of
//!   the workspace, the PostgreSQL store's suite against a temporary server (`initdb` in a
//!   temporary directory, reached only by its Unix socket) or the one `PLENUM_TEST_POSTGRES`
//!   names, and the LAN test in network namespaces (as root). This is what CI runs.
//! - `cargo xtask postgres [CMD…]` — runs CMD (default: the PostgreSQL store's tests) with
//!   `PLENUM_TEST_POSTGRES` naming a temporary server, stopped and removed afterwards.
//! - `cargo xtask fuzz [SECONDS]` — runs every fuzz target for SECONDS (default 60) each.
//! - `cargo xtask bench` — runs the benchmarks and prints their figures beside the peers'.

mod postgres;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(),
        Some("postgres") => with_postgres(&args[1..]),
        Some("fuzz") => fuzz(args.get(1).map_or("60", String::as_str)),
        Some("bench") => bench(),
        _ => {
            eprintln!(
                "usage: cargo xtask <serve [ARGS…] | test | postgres [CMD…] | fuzz [SECONDS] | bench>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs a command in the workspace root, failing with its description.
fn run(program: &str, args: &[&str]) -> Result<(), String> {
    run_env(program, args, &[])
}

/// Runs a command in the workspace root with more environment variables.
fn run_env(program: &str, args: &[&str], env: &[(&str, String)]) -> Result<(), String> {
    eprintln!("xtask: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} {} failed ({status})", args.join(" ")))
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn has(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// The WebAssembly target, which the server's build needs for the browser's module.
fn wasm_target() -> Result<(), String> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .current_dir(root())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == WASM_TARGET))
        .unwrap_or(false);
    if installed { Ok(()) } else { run("rustup", &["target", "add", WASM_TARGET]) }
}

/// Debian's chromium and chromium-driver for the real-browser tests, and iproute2 for the LAN
/// test's network namespaces.
fn system_packages() -> Result<(), String> {
    let mut names = vec![];
    if !(has("chromium") && has("chromedriver")) {
        names.extend(["chromium", "chromium-driver"]);
    }
    let has_ip = Command::new("ip").arg("-V").output().is_ok_and(|o| o.status.success());
    if !has_ip {
        names.push("iproute2");
    }
    if names.is_empty() { Ok(()) } else { apt_install(&names) }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Installs Debian packages, updating the package lists first if the install fails.
fn apt_install(names: &[&str]) -> Result<(), String> {
    let packages = [&["install", "-y", "--no-install-recommends"], names].concat();
    let apt = |args: &[&str]| {
        if is_root() { run("apt-get", args) } else { run("sudo", &[&["apt-get"], args].concat()) }
    };
    if apt(&packages).is_err() {
        apt(&["update"])?;
        apt(&packages)?;
    }
    Ok(())
}

/// The shared conformance data the counting tests read; CI has it beside the clone.
fn conformance() -> Result<(), String> {
    if let Ok(dir) = std::env::var("PLENUM_CONFORMANCE") {
        return if Path::new(&dir).is_dir() {
            Ok(())
        } else {
            Err(format!("PLENUM_CONFORMANCE={dir} is not a directory"))
        };
    }
    let beside = root().join("../shared/conformance");
    if beside.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "the conformance data is missing: expected {} or PLENUM_CONFORMANCE",
            beside.display()
        ))
    }
}

fn serve(args: &[String]) -> Result<(), String> {
    wasm_target()?;
    let mut all = vec!["run", "--release", "--package", "plenum", "--", "serve", "--demo"];
    all.extend(args.iter().map(String::as_str));
    run(&cargo(), &all)
}

fn test() -> Result<(), String> {
    wasm_target()?;
    system_packages()?;
    conformance()?;
    run(&cargo(), &["fmt", "--all", "--", "--check"])?;
    run(&cargo(), &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"])?;
    // The PostgreSQL tests fail without a server rather than pass silently, so the server is
    // started first; the store's suite runs apart, under its own heading in the log.
    let server = postgres::start()?;
    let env = [server.env()];
    run_env(&cargo(), &["test", "--workspace", "--locked", "--exclude", "store-postgres"], &env)?;
    run_env(&cargo(), &["test", "--package", "store-postgres", "--locked"], &env)?;
    drop(server);
    // Two nodes on a LAN of their own, built from network namespaces: needs root.
    let lan =
        ["test", "--package", "plenum", "--features", "netns-tests", "--test", "lan", "--locked"];
    if is_root() {
        run(&cargo(), &lan)
    } else {
        let cargo = cargo();
        run("sudo", &[&["-E", cargo.as_str()], &lan[..]].concat())
    }
}

/// Runs a command with a temporary PostgreSQL server for the tests; by default the store's
/// tests and the end-to-end test of `plenum serve --database`.
fn with_postgres(args: &[String]) -> Result<(), String> {
    let server = postgres::start()?;
    let env = [server.env()];
    match args.split_first() {
        Some((program, rest)) => {
            run_env(program, &rest.iter().map(String::as_str).collect::<Vec<_>>(), &env)
        }
        None => {
            run_env(&cargo(), &["test", "--package", "store-postgres"], &env)?;
            run_env(&cargo(), &["test", "--package", "plenum", "--test", "postgres"], &env)
        }
    }
}

fn fuzz(seconds: &str) -> Result<(), String> {
    let fuzz_dir = root().join("fuzz");
    let manifest =
        std::fs::read_to_string(fuzz_dir.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let targets: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .filter(|name| *name != "plenum-fuzz")
        .collect();
    for target in targets {
        eprintln!("xtask: fuzzing {target} for {seconds} s");
        let status = Command::new(cargo())
            .args(["+nightly", "fuzz", "run", target, "--", &format!("-max_total_time={seconds}")])
            .current_dir(&fuzz_dir)
            .status()
            .map_err(|e| format!("cannot run cargo fuzz (cargo install cargo-fuzz): {e}"))?;
        if !status.success() {
            return Err(format!("fuzz target {target} found a failure"));
        }
    }
    Ok(())
}

fn bench() -> Result<(), String> {
    wasm_target()?;
    run(&cargo(), &["bench", "--workspace"])
}
