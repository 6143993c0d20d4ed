//! `cargo bench -p plenum --bench count`: the counting benchmark of issue 3.
//!
//! Generates 1,000,000 ranked ballots over 20 candidates for 5 seats as a BLT file (a fixed
//! seed, so every run counts the same file), then times, as separate processes reading that
//! file, `plenum count` with `stv-scottish`, `stv-meek --option arithmetic=fixed` and single-seat
//! `irv`, and the peer `stv-rs` 0.5.1 (`meek`, fixed9, omega 10^-6: the same arithmetic class)
//! on the same file. Each is run several times; the median wall time and the peak resident
//! memory (from `/usr/bin/time`) are printed, with the ratio of stv-rs to plenum for Meek.
//!
//! stv-rs is found through `$STV_RS` or on `PATH` (`cargo install stv-rs --version 0.5.1
//! --root DIR`); when missing, the benchmark says so and times plenum alone.
//!
//! Environment: `BENCH_BALLOTS` (default 1000000), `BENCH_RUNS` (default 5).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CANDIDATES: usize = 20;
const SEATS: usize = 5;

/// SplitMix64: deterministic ballots.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Writes `n` ballots: lengths 1..=20 (mean about 6), preferences drawn without replacement
/// with Zipf-like popularity (candidate k has weight 1/(k+1)), each voter's weights jittered,
/// so the profile has clear leaders, a long tail and many distinct rankings.
fn generate(path: &Path, n: usize) -> std::io::Result<()> {
    let mut rng = Rng(0x00C0_FFEE);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "{CANDIDATES} {SEATS}")?;
    // Droop's nickname line: stv-rs requires it, and ballots then name candidates by nickname.
    let nicks: Vec<String> = (1..=CANDIDATES).map(|k| format!("c{k}")).collect();
    writeln!(out, "[nick {}]", nicks.join(" "))?;
    let mut line = String::with_capacity(96);
    for _ in 0..n {
        let mut weights: Vec<f64> =
            (0..CANDIDATES).map(|k| (1.0 / (k as f64 + 1.0)) * (0.5 + rng.unit())).collect();
        let mut len = 1;
        while len < CANDIDATES && rng.unit() < 0.83 {
            len += 1;
        }
        line.clear();
        line.push('1');
        for _ in 0..len {
            let total: f64 = weights.iter().sum();
            let mut x = rng.unit() * total;
            let mut pick = 0;
            for (k, w) in weights.iter().enumerate() {
                if *w <= 0.0 {
                    continue;
                }
                pick = k;
                if x < *w {
                    break;
                }
                x -= w;
            }
            weights[pick] = 0.0;
            line.push_str(" c");
            line.push_str(&(pick + 1).to_string());
        }
        line.push_str(" 0\n");
        out.write_all(line.as_bytes())?;
    }
    writeln!(out, "0")?;
    for k in 0..CANDIDATES {
        writeln!(out, "\"Candidate {}\"", k + 1)?;
    }
    writeln!(out, "\"Benchmark: {n} ballots, {CANDIDATES} candidates, {SEATS} seats\"")?;
    out.flush()
}

fn find_stv_rs() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("STV_RS") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|d| d.join("stv-rs")).find(|p| p.is_file())
    })
}

struct Measure {
    median: Duration,
    all: Vec<Duration>,
    peak_kb: Option<u64>,
}

/// Runs a command `runs` times, discarding its output; median wall time and peak memory.
fn measure(program: &Path, args: &[&str], runs: usize) -> Measure {
    let time = Path::new("/usr/bin/time");
    let mut all = Vec::new();
    let mut peak_kb = None;
    for _ in 0..runs {
        let mut cmd = if time.is_file() {
            let mut c = Command::new(time);
            c.arg("-f").arg("%M").arg(program);
            c
        } else {
            Command::new(program)
        };
        cmd.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
        let start = Instant::now();
        let out = cmd.output().expect("the benchmarked program runs");
        all.push(start.elapsed());
        assert!(
            out.status.success(),
            "{} {args:?} failed: {}",
            program.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        if let Some(kb) = err.lines().last().and_then(|l| l.trim().parse::<u64>().ok()) {
            peak_kb = Some(peak_kb.map_or(kb, |p: u64| p.max(kb)));
        }
    }
    let mut sorted = all.clone();
    sorted.sort();
    Measure { median: sorted[sorted.len() / 2], all, peak_kb }
}

fn report(name: &str, m: &Measure) {
    let runs: Vec<String> = m.all.iter().map(|d| format!("{:.3}", d.as_secs_f64())).collect();
    let mem =
        m.peak_kb.map_or_else(|| "n/a".to_owned(), |kb| format!("{:.0} MB", kb as f64 / 1024.0));
    println!(
        "{name:<44} median {:>7.3} s   peak RSS {mem:>7}   runs [{}]",
        m.median.as_secs_f64(),
        runs.join(", ")
    );
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is expected.
    let ballots: usize =
        std::env::var("BENCH_BALLOTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let runs: usize =
        std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5).max(1);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("bench.blt");
    let t = Instant::now();
    generate(&file, ballots).expect("writing the BLT file");
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "generated {ballots} ballots, {CANDIDATES} candidates, {SEATS} seats: {:.1} MB in {:.2} s; {runs} runs each, cores: {}",
        size as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let plenum = PathBuf::from(env!("CARGO_BIN_EXE_plenum"));
    let f = file.to_str().expect("a UTF-8 temporary path");
    let scottish = measure(&plenum, &["count", f, "--method", "stv-scottish"], runs);
    report("plenum count stv-scottish", &scottish);
    let meek = measure(
        &plenum,
        &["count", f, "--method", "stv-meek", "--option", "arithmetic=fixed"],
        runs,
    );
    report("plenum count stv-meek (fixed 9, omega 6)", &meek);
    // Like for like with stv-rs, which has no batch defeat of sure losers: iterate every
    // round until the surplus is below omega or stable.
    let meek_plain = measure(
        &plenum,
        &[
            "count",
            f,
            "--method",
            "stv-meek",
            "--option",
            "arithmetic=fixed",
            "--option",
            "defeat_batch=none",
        ],
        runs,
    );
    report("plenum count stv-meek (fixed 9, omega 6, no batch)", &meek_plain);
    let irv = measure(&plenum, &["count", f, "--method", "irv", "--seats", "1"], runs);
    report("plenum count irv (one seat)", &irv);
    match find_stv_rs() {
        Some(stv_rs) => {
            let s = stv_rs.to_string_lossy().to_string();
            let peer = measure(&stv_rs, &["--arithmetic", "fixed9", "--input", f, "meek"], runs);
            report(&format!("stv-rs 0.5.1 meek fixed9 ({s})"), &peer);
            println!(
                "\nratio stv-rs meek / plenum stv-meek, no batch (like for like): {:.2}x   (target: at least 3x)",
                peer.median.as_secs_f64() / meek_plain.median.as_secs_f64()
            );
            println!(
                "ratio stv-rs meek / plenum stv-meek, Droop's default batch defeats: {:.2}x",
                peer.median.as_secs_f64() / meek.median.as_secs_f64()
            );
        }
        None => println!(
            "\nstv-rs not found: set STV_RS or put stv-rs 0.5.1 on PATH (cargo install stv-rs --version 0.5.1 --root DIR)"
        ),
    }
    println!(
        "plenum stv-meek (no batch) / stv-scottish: {:.2}x   (target: within 3x)\nstv-scottish read and counted: {:.3} s   (target: under 1 s)",
        meek_plain.median.as_secs_f64() / scottish.median.as_secs_f64(),
        scottish.median.as_secs_f64()
    );
}
