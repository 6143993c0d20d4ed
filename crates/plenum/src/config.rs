//! The optional configuration file. Every setting is a command's flag; the file only gives a
//! value to flags that the command line and the environment leave unset, so the order of
//! precedence is: flag, then environment variable (`PLENUM_*`), then file, then default.
//!
//! The file is `--config FILE`, else `$PLENUM_CONFIG`, else `plenum.toml` in the current
//! directory if there is one. Top-level keys are the global flags (`lang`); a table per command
//! holds that command's flags, by their long names, and a nested table a subcommand's:
//!
//! ```toml
//! lang = "kk"
//!
//! [serve]
//! data = "/var/lib/plenum"
//! listen = "0.0.0.0:8080"
//! peer = ["http://10.0.0.2:8080"]
//! lan-sync = true
//!
//! [bundle.export]
//! data = "/var/lib/plenum"
//! ```
//!
//! Design decision: the file is turned into flags before the command line is parsed, so the one
//! declarative table of settings — clap's, with its environment variables and defaults — stays
//! the single source of truth, and the file cannot name a setting that does not exist.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The file read when no other is named.
pub const DEFAULT_FILE: &str = "plenum.toml";

/// Why the configuration file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The named file cannot be read.
    Unreadable { file: PathBuf, detail: String },
    /// The file is not TOML, or not tables of settings.
    Malformed { file: PathBuf, detail: String },
    /// The file names a setting the command does not have.
    Unknown { file: PathBuf, command: String, key: String },
}

/// The command line, with `--config` removed and the file's settings added where nothing else
/// set them. `env` reads an environment variable; `read` reads a file (`None` when absent);
/// `flags` lists the long flags a command path (`["serve"]`, `["bundle", "import"]`, or `[]`
/// for the global ones) accepts.
///
/// # Errors
/// When a file named by `--config` or `$PLENUM_CONFIG` is missing, or a file is not valid.
pub fn apply(
    argv: Vec<OsString>,
    env: &dyn Fn(&str) -> Option<String>,
    read: &dyn Fn(&Path) -> Result<Option<String>, String>,
    flags: &dyn Fn(&[String]) -> Option<Vec<String>>,
) -> Result<Vec<OsString>, ConfigError> {
    let (mut argv, named) = take_config_flag(argv);
    let (file, required) = match named.or_else(|| env("PLENUM_CONFIG").map(PathBuf::from)) {
        Some(file) => (file, true),
        None => (PathBuf::from(DEFAULT_FILE), false),
    };
    let text = match read(&file) {
        Ok(Some(text)) => text,
        Ok(None) if !required => return Ok(argv),
        Ok(None) => {
            return Err(ConfigError::Unreadable { file, detail: "no such file".into() });
        }
        Err(detail) => return Err(ConfigError::Unreadable { file, detail }),
    };
    let settings: BTreeMap<String, Value> = basic_toml::from_str(&text)
        .map_err(|e| ConfigError::Malformed { file: file.clone(), detail: e.to_string() })?;

    // The command path given on the command line: its leading words.
    let words: Vec<String> = argv
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .scan(false, |after_value, a| {
            let skip = *after_value;
            *after_value = a == "--lang";
            Some((skip, a))
        })
        .filter(|(skip, a)| !skip && !a.starts_with('-'))
        .map(|(_, a)| a.to_string())
        .take(2)
        .collect();
    let mut tables: Vec<(Vec<String>, &BTreeMap<String, Value>)> = Vec::new();
    let globals: BTreeMap<String, Value> = settings
        .iter()
        .filter(|(_, v)| !v.is_object())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    tables.push((Vec::new(), &globals));
    let mut owned: Vec<(Vec<String>, BTreeMap<String, Value>)> = Vec::new();
    if let Some(Value::Object(command)) = words.first().and_then(|c| settings.get(c)) {
        let own: BTreeMap<String, Value> = command
            .iter()
            .filter(|(_, v)| !v.is_object())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        owned.push((words[..1].to_vec(), own));
        if let Some(Value::Object(sub)) = words.get(1).and_then(|s| command.get(s)) {
            owned.push((
                words[..2].to_vec(),
                sub.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            ));
        }
    }
    tables.extend(owned.iter().map(|(path, table)| (path.clone(), table)));

    for (path, table) in tables {
        let known = flags(&path).unwrap_or_default();
        for (key, value) in table {
            if !known.iter().any(|k| k == key) {
                return Err(ConfigError::Unknown {
                    file,
                    command: path.join(" "),
                    key: key.clone(),
                });
            }
            let flag = format!("--{key}");
            let given = argv.iter().filter_map(|a| a.to_str()).any(|a| {
                a == flag || a.strip_prefix(&flag).is_some_and(|rest| rest.starts_with('='))
            });
            let variable = format!("PLENUM_{}", key.to_uppercase().replace('-', "_"));
            if given || env(&variable).is_some() {
                continue;
            }
            let values = match value {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            for value in values {
                match value {
                    Value::Bool(true) => argv.push(flag.clone().into()),
                    Value::Bool(false) => {}
                    Value::String(s) => argv.push(format!("{flag}={s}").into()),
                    Value::Number(n) => argv.push(format!("{flag}={n}").into()),
                    _ => {
                        return Err(ConfigError::Malformed {
                            file,
                            detail: format!(
                                "{key}: a text, a number, true/false or a list of them"
                            ),
                        });
                    }
                }
            }
        }
    }
    Ok(argv)
}

/// Removes `--config FILE` or `--config=FILE` from the command line, returning the file.
fn take_config_flag(argv: Vec<OsString>) -> (Vec<OsString>, Option<PathBuf>) {
    let mut out = Vec::with_capacity(argv.len());
    let mut file = None;
    let mut args = argv.into_iter();
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--config") => file = args.next().map(PathBuf::from),
            Some(a) if a.starts_with("--config=") => {
                file = Some(PathBuf::from(&a["--config=".len()..]))
            }
            _ => out.push(arg),
        }
    }
    (out, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
lang = "kk"

[serve]
data = "/var/lib/plenum"
listen = "0.0.0.0:8080"
peer = ["http://10.0.0.2:8080", "http://10.0.0.3:8080"]
lan-sync = true
demo = false

[bundle.export]
out = "x.bundle"
"#;

    fn flags(path: &[String]) -> Option<Vec<String>> {
        let names: &[&str] = match path.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            [] => &["lang"],
            ["serve"] => &["data", "listen", "peer", "lan-sync", "demo"],
            ["bundle"] => &[],
            ["bundle", "export"] => &["data", "out"],
            _ => return None,
        };
        Some(names.iter().map(|s| (*s).to_string()).collect())
    }

    fn run(
        args: &[&str],
        env: &[(&str, &str)],
        file: Option<&str>,
    ) -> Result<Vec<String>, ConfigError> {
        let argv = args.iter().map(OsString::from).collect();
        let env = |name: &str| env.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string());
        let read = |_: &Path| Ok(file.map(str::to_string));
        apply(argv, &env, &read, &flags)
            .map(|argv| argv.into_iter().map(|a| a.into_string().expect("text")).collect())
    }

    #[test]
    fn the_file_fills_only_what_flags_and_environment_leave_unset() {
        let argv = run(
            &["plenum", "serve", "--listen", "127.0.0.1:9000"],
            &[("PLENUM_DATA", "/srv")],
            Some(FILE),
        )
        .unwrap();
        assert_eq!(
            argv,
            [
                "plenum",
                "serve",
                "--listen",
                "127.0.0.1:9000",
                "--lang=kk",
                "--lan-sync",
                "--peer=http://10.0.0.2:8080",
                "--peer=http://10.0.0.3:8080",
            ]
        );
    }

    #[test]
    fn subcommands_read_their_own_table_and_config_is_taken_out() {
        let argv = run(
            &["plenum", "--config=p.toml", "bundle", "export", "--lang", "ru"],
            &[],
            Some(FILE),
        )
        .unwrap();
        assert_eq!(argv, ["plenum", "bundle", "export", "--lang", "ru", "--out=x.bundle"]);
    }

    #[test]
    fn a_missing_default_file_is_no_error_but_a_named_one_is() {
        assert_eq!(run(&["plenum", "serve"], &[], None).unwrap(), ["plenum", "serve"]);
        assert!(matches!(
            run(&["plenum", "--config", "gone.toml", "serve"], &[], None),
            Err(ConfigError::Unreadable { .. })
        ));
    }

    #[test]
    fn unknown_settings_and_bad_toml_say_where() {
        let unknown = run(&["plenum", "serve"], &[], Some("[serve]\nlisten-on = \"x\"\n"));
        assert_eq!(
            unknown,
            Err(ConfigError::Unknown {
                file: DEFAULT_FILE.into(),
                command: "serve".into(),
                key: "listen-on".into()
            })
        );
        assert!(matches!(
            run(&["plenum", "serve"], &[], Some("[serve\n")),
            Err(ConfigError::Malformed { .. })
        ));
    }
}
