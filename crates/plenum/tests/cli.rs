//! The command-line contract: `serve --demo` seeds a record that `export` writes and `verify`
//! accepts; any alteration of an event's bytes — even with the bundle's checksum recomputed —
//! makes `verify` fail and name the event; bad files get a message and exit code 2.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use sha2_check::sha256;
use test_support::webdriver::{free_port, wait_for_port};

/// SHA-256 for recomputing a bundle's checksum after altering it, through the record crate's
/// own dependency (the same function the bundle uses).
mod sha2_check {
    pub fn sha256(bytes: &[u8]) -> [u8; 32] {
        record::bundle::checksum(bytes)
    }
}

fn plenum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plenum")).args(args).env("PLENUM_LANG", "en").output().unwrap()
}

/// A data directory seeded by `plenum serve --demo`, and the record exported from it.
fn demo_bundle(dir: &Path) -> Vec<u8> {
    let port = free_port();
    let data = dir.join("data");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_port(port, Duration::from_secs(60)).unwrap();
    serve.kill().unwrap();
    let output = serve.wait_with_output().unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    assert!(printed.contains("sign-in name aigerim"), "the demo says how to sign in: {printed}");
    let out = dir.join("demo.bundle");
    let export =
        plenum(&["export", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    std::fs::read(out).unwrap()
}

fn verify(dir: &Path, bytes: &[u8]) -> (i32, serde_json::Value) {
    let path = dir.join("check.bundle");
    std::fs::write(&path, bytes).unwrap();
    let output = plenum(&["verify", path.to_str().unwrap(), "--json"]);
    (output.status.code().unwrap(), serde_json::from_slice(&output.stdout).unwrap())
}

/// Replaces the bundle's end frame so its count and checksum match the altered content, as a
/// forger would.
fn reseal(bytes: &mut [u8]) {
    let end = bytes.len() - 41;
    let digest = sha256(&bytes[..end]);
    bytes[end + 9..].copy_from_slice(&digest);
}

#[test]
fn the_demo_exports_and_verifies_and_any_altered_event_byte_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = demo_bundle(dir.path());
    let (code, report) = verify(dir.path(), &bundle);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["valid"], true);
    let assembly = &report["assemblies"][0];
    assert_eq!(assembly["name"], "Demo: Oil field workers' assembly");
    let results: Vec<&str> = assembly["ballots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["result"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["carried", "not_carried", "counted", "carried", "open", "open"]);
    // The election of delegates is recounted offline from its rankings.
    let election = &assembly["ballots"][2];
    assert_eq!(election["method"], "stv-scottish");
    assert_eq!(election["elected"], serde_json::json!(["Dana Nurlanovna", "João Ferreira"]));
    // The strike, by secret ballot: every proof, the ceremony, the seal and the decryption
    // checked, and the total recomputed (a blank ballot is an abstention).
    let strike = &assembly["ballots"][3];
    assert_eq!(strike["secret"]["verified"], true, "{strike}");
    assert_eq!(strike["secret"]["ballots"], 6);
    assert_eq!((strike["yes"].as_u64(), strike["no"].as_u64()), (Some(4), Some(1)));
    assert_eq!(assembly["state_digest"].as_str().unwrap().len(), 64);

    // Alter one bit at a spread of places inside the event frames (after the 17-byte header,
    // before the end frame), recompute the checksum, and verify again.
    let body = 17..bundle.len() - 41;
    let step = (body.len() / 150).max(1);
    for at in body.step_by(step) {
        let mut forged = bundle.clone();
        forged[at] ^= 0x20;
        reseal(&mut forged);
        let (code, report) = verify(dir.path(), &forged);
        assert_eq!(code, 1, "a bit flipped at byte {at} went unnoticed: {report}");
        assert_eq!(report["valid"], false);
        assert!(report["error"]["reason"].as_str().is_some_and(|r| !r.is_empty()));
    }
}

#[test]
fn a_cut_bundle_is_refused_with_how_much_was_whole() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = demo_bundle(dir.path());
    let (code, report) = verify(dir.path(), &bundle[..bundle.len() / 2]);
    assert_eq!(code, 1);
    assert!(report["error"]["reason"].as_str().unwrap().contains("cut short after"), "{report}");
}

#[test]
fn unreadable_input_says_what_is_wrong_with_exit_code_2() {
    let missing = plenum(&["verify", "/nonexistent/record.bundle"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/record.bundle")
    );
    let ru = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["--lang", "ru", "verify", "/nonexistent/record.bundle"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&ru.stderr).contains("не удаётся прочитать"));

    let dir = tempfile::tempdir().unwrap();
    let empty =
        plenum(&["export", "--data", dir.path().to_str().unwrap(), "--out", "/tmp/never.bundle"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("holds no plenum data"));
    let (code, report) = verify(dir.path(), b"this is not a bundle");
    assert_eq!(code, 1);
    assert_eq!(report["error"]["reason"], "not a plenum bundle");
}

#[test]
fn a_configuration_file_sets_what_flags_and_environment_leave_unset() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let data = dir.path().join("configured-data");
    let config = dir.path().join("plenum.toml");
    std::fs::write(
        &config,
        format!(
            "lang = \"en\"\n\n[serve]\nlisten = \"127.0.0.1:{port}\"\ndata = \"{}\"\n",
            data.display()
        ),
    )
    .unwrap();
    let mut serve = Command::new(env!("CARGO_BIN_EXE_plenum"))
        .args(["--config", config.to_str().unwrap(), "serve"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_port(port, Duration::from_secs(60)).unwrap();
    serve.kill().unwrap();
    serve.wait().unwrap();
    assert!(data.join("plenum.sqlite").exists(), "the node used the data directory the file names");

    // A setting the command does not have is refused, naming it.
    std::fs::write(&config, "[serve]\nlisten-on = \"x\"\n").unwrap();
    let output = plenum(&["--config", config.to_str().unwrap(), "serve"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("listen-on") && err.contains("no such setting"), "{err}");
}

/// `--help` as plenum runs it: no configuration file, no language but the one given.
fn help(args: &[&str], lang: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plenum"));
    command.args(args).env_remove("PLENUM_CONFIG").env_remove("PLENUM_LANG");
    for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env(variable, "C");
    }
    if let Some(lang) = lang {
        command.env("PLENUM_LANG", lang);
    }
    let output = command.current_dir(std::env::temp_dir()).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn help_speaks_the_language_of_lang_or_plenum_lang() {
    let ru = help(&["--lang", "ru", "serve", "--help"], None);
    assert!(ru.contains("Запустить узел: веб-интерфейс и API для телефонов в этой сети"), "{ru}");
    assert!(ru.contains("Адрес для входящих подключений; 0.0.0.0:8080"), "{ru}");
    assert!(ru.contains("Использование: plenum serve") && ru.contains("Параметры:"), "{ru}");
    assert!(ru.contains("--listen <LISTEN>") && ru.contains("Показать справку"), "{ru}");
    assert!(ru.contains("[по умолчанию: 127.0.0.1:8080]"), "{ru}");
    assert!(!ru.contains("Usage") && !ru.contains("Print help") && !ru.contains("Run a node"));
    assert!(!ru.contains("[default:") && !ru.contains("[env:"), "{ru}");

    let kk = help(&["verify", "--help"], Some("kk"));
    assert!(kk.contains("Хаттаманы желісіз тексеру"), "{kk}");
    assert!(kk.contains("Есепті JSON түрінде шығару") && kk.contains("Аргументтер:"), "{kk}");
    assert!(!kk.contains("Check a record offline"), "{kk}");

    // `--lang=X` beats PLENUM_LANG, and `plenum help COMMAND` and a command's list are
    // translated too.
    let pt = help(&["--lang=pt", "help", "count"], Some("kk"));
    assert!(pt.contains("Apurar cédulas") && pt.contains("Métodos:"), "{pt}");
    assert!(pt.contains("vence quem tem mais primeiras preferências"), "{pt}");
    let top = help(&["--help"], Some("pt"));
    assert!(
        top.contains("Comandos:") && top.contains("Verificar um registro sem conexão"),
        "{top}"
    );

    // Without any, English: the same texts as before.
    let en = help(&["serve", "--help"], None);
    assert!(en.contains("Run a node: the web interface and API for phones on this network"));
    assert!(en.contains("Usage: plenum serve") && en.contains("Print help"), "{en}");
    assert!(en.contains("[env: PLENUM_LISTEN=] [default: 127.0.0.1:8080]"), "{en}");
}
