//! Benchmark: how fast plenum verifies secret ballots, beside belenios-tool.
//!
//! `cargo bench -p ballot-crypto --bench verify` builds, in one run:
//! - plenum elections of N = 10,000 voters, one question of K = 2 and K = 5 answers (pick one),
//!   2 trustees (2 of 2); times single-ballot verification (median over 1,000 ballots, one
//!   thread), batched + threaded verification of all N (median of 5 runs, wall and CPU time),
//!   and `verify_election` on the whole record;
//! - a yes/no election of 1,000,000 voters (`PLENUM_BENCH_BIG=N` changes N; 0 skips it), timed
//!   through `verify_election`;
//! - belenios-tool elections of 1,000 voters with the same questions (`benches/belenios.sh`),
//!   timing `belenios-tool election verify`, and prints the ratio
//!   (`PLENUM_BENCH_BELENIOS_VOTERS=0` skips it). Without belenios-tool it says so and prints
//!   plenum's figures alone.
//!
//! Plain timing with `Instant` and medians; CPU time is read from `/proc/self/stat` (Linux,
//! 100 ticks per second), so it is shown only where that file exists.

use std::process::Command;
use std::time::{Duration, Instant};

use ballot_crypto::simulate::{Spec, simulate};
use ballot_crypto::{Question, verify_ballots, verify_election};
use chacha20::ChaCha20Rng;
use rand_core::SeedableRng;
use record::Digest;

/// belenios-tool 2.5, Ed25519 group, CPU per ballot, measured on this kind of machine (issue 4).
const BELENIOS_ED25519_MS: [(u32, f64); 2] = [(2, 4.5), (5, 9.3)];

fn main() {
    let voters = env_usize("PLENUM_BENCH_VOTERS", 10_000);
    let big = env_usize("PLENUM_BENCH_BIG", 1_000_000);
    let belenios_voters = env_usize("PLENUM_BENCH_BELENIOS_VOTERS", 1_000);
    println!("plenum secret-ballot verification benchmark");
    println!("threads available: {}", std::thread::available_parallelism().map_or(1, usize::from));
    let mut rows = Vec::new();
    for k in [2u32, 5] {
        rows.push(bench_plenum(k, voters));
    }
    if big > 0 {
        bench_big(big);
    }
    println!();
    println!(
        "belenios-tool, {belenios_voters} voters, 2 trustees, `belenios-tool election verify`:"
    );
    for (k, plenum_cpu_ms, plenum_single_ms) in rows {
        let reference = BELENIOS_ED25519_MS.iter().find(|r| r.0 == k).map_or(f64::NAN, |r| r.1);
        let peer = if belenios_voters == 0 { None } else { belenios(belenios_voters, k) };
        match peer {
            Some((cpu_s, version)) => {
                let per = cpu_s * 1000.0 / belenios_voters as f64;
                println!(
                    "  K={k}: belenios-tool {version} (2048-bit group) {per:.3} ms CPU/ballot | plenum batched {plenum_cpu_ms:.4} ms CPU/ballot → {:.0}× | plenum single {plenum_single_ms:.3} ms → {:.0}×",
                    per / plenum_cpu_ms,
                    per / plenum_single_ms
                );
            }
            None if belenios_voters == 0 => println!("  K={k}: belenios-tool skipped"),
            None => println!(
                "  K={k}: belenios-tool is ABSENT or failed (apt-get install belenios-tool): no peer measured here"
            ),
        }
        println!(
            "  K={k}: reference belenios-tool 2.5 Ed25519 group {reference} ms CPU/ballot (issue 4) → plenum batched {:.0}×, target ≥ 20× ({:.3} ms)",
            reference / plenum_cpu_ms,
            reference / 20.0
        );
    }
}

/// Returns (K, batched CPU ms per ballot, single-ballot ms).
fn bench_plenum(k: u32, voters: usize) -> (u32, f64, f64) {
    println!();
    println!("plenum, K={k} answers (pick 1), 2 trustees (2 of 2), N={voters}");
    let spec = Spec {
        election_id: Digest([k as u8; 32]),
        questions: vec![Question { answers: k, min: 1, max: 1 }],
        voters,
        trustees: 2,
        threshold: 2,
        max_weight: 1,
    };
    let start = Instant::now();
    let sim = simulate(&spec, &mut ChaCha20Rng::from_seed([k as u8; 32]));
    let made = start.elapsed();
    println!(
        "  built the election (encrypt + prove, all cores): {:.2} s, {:.3} ms/ballot wall",
        made.as_secs_f64(),
        ms(made) / voters as f64
    );
    let bytes: usize = sim.record.ballots.iter().map(|b| b.ballot.to_bytes().len()).sum();
    println!("  ballot size: {} bytes", bytes / voters);

    let mut singles: Vec<Duration> = sim.record.ballots[..voters.min(1000)]
        .iter()
        .map(|cast| {
            let t = Instant::now();
            cast.ballot.verify(&sim.election, &cast.voter).expect("honest ballot");
            t.elapsed()
        })
        .collect();
    let single = median(&mut singles);
    println!("  single ballot, one thread: median {:.3} ms", ms(single));

    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    for _ in 0..5 {
        let cpu0 = cpu_seconds();
        let t = Instant::now();
        verify_ballots(&sim.election, &sim.record.ballots).expect("honest ballots");
        walls.push(t.elapsed());
        if let (Some(a), Some(b)) = (cpu0, cpu_seconds()) {
            cpus.push(Duration::from_secs_f64(b - a));
        }
    }
    let wall = median(&mut walls);
    let wall_per = ms(wall) / voters as f64;
    let cpu_per = if cpus.is_empty() { f64::NAN } else { ms(median(&mut cpus)) / voters as f64 };
    println!(
        "  batched + threaded, all {voters}: median {:.3} s wall → {wall_per:.4} ms wall/ballot, {cpu_per:.4} ms CPU/ballot",
        wall.as_secs_f64()
    );
    let t = Instant::now();
    let verified = verify_election(&sim.record).expect("honest election");
    println!(
        "  verify_election (ceremony, seal, ballots, tally, decryption, result): {:.3} s; result {:?}",
        t.elapsed().as_secs_f64(),
        verified.tally.questions
    );
    (k, if cpu_per.is_nan() { wall_per } else { cpu_per }, ms(single))
}

fn bench_big(voters: usize) {
    println!();
    println!("plenum, yes/no (2 answers, pick 1), 2 trustees, N={voters}");
    let spec = Spec {
        election_id: Digest([0xbb; 32]),
        questions: vec![Question { answers: 2, min: 1, max: 1 }],
        voters,
        trustees: 2,
        threshold: 2,
        max_weight: 1,
    };
    let t = Instant::now();
    let sim = simulate(&spec, &mut ChaCha20Rng::from_seed([0xbb; 32]));
    println!("  built the election: {:.1} s", t.elapsed().as_secs_f64());
    let cpu0 = cpu_seconds();
    let t = Instant::now();
    let verified = verify_election(&sim.record).expect("honest election");
    let wall = t.elapsed();
    let cpu = cpu0.zip(cpu_seconds()).map(|(a, b)| b - a);
    println!(
        "  verify_election of all {voters} ballots: {:.1} s wall, {} CPU (target: under 120 s on 2 cores); result {:?}",
        wall.as_secs_f64(),
        cpu.map_or("?".into(), |c| format!("{c:.1} s")),
        verified.tally.questions
    );
}

/// Runs `benches/belenios.sh`; returns (CPU seconds of the verification, version).
fn belenios(voters: usize, k: u32) -> Option<(f64, String)> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/belenios.sh");
    let out = Command::new("bash").arg(script).arg(voters.to_string()).arg(k.to_string()).output();
    let out = match out {
        Ok(out) if out.status.success() => out,
        Ok(out) => {
            println!("  belenios script failed: {}", String::from_utf8_lossy(&out.stderr));
            return None;
        }
        Err(e) => {
            println!("  cannot run bash: {e}");
            return None;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with("belenios "))?;
    let fields: Vec<&str> = line.split_whitespace().collect();
    if fields.get(1) == Some(&"absent") {
        return None;
    }
    println!("  {line}");
    Some((fields.get(3)?.parse().ok()?, fields.get(4)?.to_string()))
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// User + system CPU seconds of this process so far, from `/proc/self/stat`.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}
