//! `plenum count` as a user runs it: output and errors, pinned by snapshots.
//!
//! Each case runs the built binary in `tests/fixtures` (so paths in messages are stable) and
//! snapshots the exit code, stdout and stderr together. Snapshots live in `tests/snapshots`;
//! review a change with `cargo insta review` (or `INSTA_UPDATE=always` and `git diff`).

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

/// Runs `plenum` in `dir`, in English whatever the machine's locale.
fn run_in(dir: &Path, args: &[&str]) -> String {
    run_lang(dir, "en", args)
}

fn run_lang(dir: &Path, lang: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["--lang", lang])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("plenum runs");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().map_or_else(|| "signal".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn run(args: &[&str]) -> String {
    run_in(fixtures(), args)
}

#[test]
fn scottish_stv_report() {
    insta::assert_snapshot!(run(&["count", "castor.blt", "--method", "stv-scottish"]));
}

#[test]
fn meek_report_with_keep_factors_and_a_withdrawn_candidate() {
    insta::assert_snapshot!(run(&[
        "count",
        "ward.blt",
        "--method",
        "stv-meek",
        "--option",
        "arithmetic=fixed"
    ]));
}

#[test]
fn irv_json_transcript() {
    insta::assert_snapshot!(run(&[
        "count", "ward.blt", "--method", "irv", "--seats", "1", "--json"
    ]));
}

#[test]
fn json_case_names_its_own_method() {
    insta::assert_snapshot!(run(&["count", "motion.json"]));
}

#[test]
fn every_single_round_method() {
    let mut all = String::new();
    for m in ["plurality", "approval", "borda", "score", "majority-judgment"] {
        all.push_str(&format!("=== {m}\n"));
        all.push_str(&run(&[
            "count", "ward.blt", "--method", m, "--seats", "1", "--option", "seed=7",
        ]));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn consent_is_carried_unless_objections_reach_the_limit() {
    let mut all = run(&["count", "consent.blt", "--method", "consent"]);
    all.push_str(&run(&[
        "count",
        "consent.blt",
        "--method",
        "consent",
        "--option",
        "objections=3",
    ]));
    insta::assert_snapshot!(all);
}

#[test]
fn gzipped_json_case() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let json = std::fs::read(fixtures().join("motion.json")).expect("fixture");
    let file = std::fs::File::create(dir.path().join("motion.json.gz")).expect("create");
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    gz.write_all(&json).expect("compress");
    gz.finish().expect("compress");
    let plain = run(&["count", "motion.json", "--json"]);
    let zipped = run_in(dir.path(), &["count", "motion.json.gz", "--json"]);
    assert_eq!(plain, zipped);
    assert!(plain.starts_with("exit: 0"), "{plain}");
}

#[test]
fn bad_input_says_file_line_and_what_with_exit_code_2() {
    let mut all = String::new();
    for (file, method) in [
        ("unknown_candidate.blt", "stv-scottish"),
        ("malformed.blt", "irv"),
        ("too_many_seats.blt", "stv-meek"),
        ("bad_weight.blt", "plurality"),
        ("bad_case.json", "irv"),
        ("missing.blt", "irv"),
    ] {
        all.push_str(&format!("=== {file}\n"));
        all.push_str(&run(&["count", file, "--method", method]));
    }
    all.push_str("=== more seats than candidates, from the command line\n");
    all.push_str(&run(&["count", "castor.blt", "--method", "stv-wigm", "--seats", "5"]));
    all.push_str("=== unknown method\n");
    all.push_str(&run(&["count", "castor.blt", "--method", "sortition"]));
    all.push_str("=== bad option\n");
    all.push_str(&run(&["count", "castor.blt", "--method", "stv-meek", "--option", "omega"]));
    all.push_str(&run(&[
        "count",
        "castor.blt",
        "--method",
        "stv-meek",
        "--option",
        "arithmetic=floating",
    ]));
    all.push_str("=== a BLT file needs a method\n");
    all.push_str(&run(&["count", "castor.blt"]));
    insta::assert_snapshot!(all);
}

/// The same report and errors in Russian and Kazakh: every word from the translation files,
/// the numbers untouched.
#[test]
fn reports_and_errors_speak_the_users_language() {
    let mut all = String::new();
    for lang in ["ru", "kk"] {
        all.push_str(&format!("=== {lang}\n"));
        all.push_str(&run_lang(
            fixtures(),
            lang,
            &["count", "castor.blt", "--method", "stv-scottish"],
        ));
        all.push_str(&run_lang(
            fixtures(),
            lang,
            &["count", "unknown_candidate.blt", "--method", "irv"],
        ));
        all.push_str(&run_lang(fixtures(), lang, &["count", "castor.blt"]));
    }
    assert!(all.contains("Тур 1") && all.contains("1-кезең"), "{all}");
    assert!(!all.contains("Round") && !all.contains("Elected"), "{all}");
    insta::assert_snapshot!(all);
}

/// `PLENUM_LANG` chooses the language when `--lang` is not given.
#[test]
fn the_language_comes_from_plenum_lang() {
    let out = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["count", "castor.blt", "--method", "stv-scottish"])
        .current_dir(fixtures())
        .env("PLENUM_LANG", "pt")
        .output()
        .expect("plenum runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Rodada 1") && text.contains("Eleitos, em ordem"), "{text}");
}
