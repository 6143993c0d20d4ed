//! `--help` in the reader's language. clap takes its texts from the `///` comments, in English;
//! here every command's about, every argument's help, clap's own headings and the helps of its
//! `-h`, `-V` and `help` are replaced by the catalog's messages, before the command line is
//! parsed. The doc comments stay as the developers' documentation.
//!
//! A message's id comes from where it is shown: `help-plenum` and `help-plenum--lang` for the
//! program and its global flags, `help-serve` for a command's about, `help-serve--listen` for
//! its flag (by long name, or by id for a positional: `help-verify--file`), `help-bundle-export`
//! for a subcommand; `-long` after the id when clap shows a longer text with `--help`.
//! A test walks the whole tree and finds every id in every language, so a new flag cannot ship
//! untranslated.
//!
//! clap's notes after a flag's help, `[env: …]` and `[default: …]`, are written here with
//! translated words. What stays English is clap's: its parse errors ("error: unexpected
//! argument …", the usage line they end with), and the `[possible values: …]` and
//! `[aliases: …]` notes, which no argument of plenum's has.

use clap::{Arg, ArgAction, Command};

/// The command line's definition, with every text in the language `t` speaks.
pub fn localize(command: Command, t: &dyn Fn(&str) -> String) -> Command {
    let mut command = command;
    // Materialise what clap adds on its own (`-h`, `-V`, the `help` command, global flags
    // copied into each command), so that those texts are replaced too.
    command.build();
    localize_command(command, &[], t)
}

/// The message id for the command at `path` (empty: the program itself).
fn command_id(path: &[String]) -> String {
    if path.is_empty() { "help-plenum".to_string() } else { format!("help-{}", path.join("-")) }
}

fn localize_command(command: Command, path: &[String], t: &dyn Fn(&str) -> String) -> Command {
    let id = command_id(path);
    let mut command = command.about(t(&id));
    if command.get_long_about().is_some() {
        command = command.long_about(t(&format!("{id}-long")));
    }
    if let Some(after) = after_help(path, t) {
        command = command.after_help(after);
    }
    command = command.mut_args(|arg| localize_arg(arg, &id, t));
    command = command.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        if name == "help" {
            help_command(sub, path, t)
        } else {
            localize_command(sub, &[path, &[name]].concat(), t)
        }
    });
    let template = template(&command, t);
    command.help_template(template)
}

fn localize_arg(arg: Arg, command_id: &str, t: &dyn Fn(&str) -> String) -> Arg {
    match arg.get_action() {
        ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong => {
            if arg.get_long_help().is_some() {
                arg.help(t("help-clap-help-short")).long_help(t("help-clap-help-long"))
            } else {
                arg.help(t("help-clap-help"))
            }
        }
        ArgAction::Version => arg.help(t("help-clap-version")),
        _ => {
            let name = arg.get_long().map_or_else(|| arg.get_id().to_string(), str::to_string);
            // A global flag is copied into every command; its text is the program's.
            let owner = if arg.is_global_set() { "help-plenum" } else { command_id };
            let id = format!("{owner}--{name}");
            // clap's own notes, "[env: …]" and "[default: …]", are written here instead, with
            // their words translated, laid out as clap does: on the help's line with `-h`,
            // under it with `--help`.
            let notes = notes(&arg, t);
            let arg = arg.hide_env(true).hide_default_value(true);
            let help = t(&id);
            let long =
                if arg.get_long_help().is_some() { t(&format!("{id}-long")) } else { help.clone() };
            if notes.is_empty() {
                if arg.get_long_help().is_some() {
                    arg.help(help).long_help(long)
                } else {
                    arg.help(help)
                }
            } else {
                arg.help(format!("{help} {}", notes.join(" ")))
                    .long_help(format!("{long}\n\n{}", notes.join("\n")))
            }
        }
    }
}

/// What clap adds after an argument's help, as clap writes it but in the reader's words: its
/// environment variable (with the value it has now, unless hidden) and its default.
fn notes(arg: &Arg, t: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(variable) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        let variable = variable.to_string_lossy();
        let value = if arg.is_hide_env_values_set() {
            String::new()
        } else {
            let value = std::env::var_os(&*variable).unwrap_or_default();
            format!("={}", value.to_string_lossy())
        };
        notes.push(format!("[{}: {variable}{value}]", t("help-clap-env")));
    }
    let defaults = arg.get_default_values();
    if arg.get_action().takes_values() && !arg.is_hide_default_value_set() && !defaults.is_empty() {
        let defaults: Vec<String> = defaults
            .iter()
            .map(|d| d.to_string_lossy().into_owned())
            .map(|d| if d.contains(char::is_whitespace) { format!("{d:?}") } else { d })
            .collect();
        notes.push(format!("[{}: {}]", t("help-clap-default"), defaults.join(" ")));
    }
    notes
}

/// clap's `help` command under the command at `path`, and the copies it holds of the commands
/// beside it (for `plenum help COMMAND`), which carry only their abouts.
fn help_command(command: Command, path: &[String], t: &dyn Fn(&str) -> String) -> Command {
    command
        .about(t("help-clap-help-command"))
        .mut_args(|arg| {
            if arg.get_id() == "subcommand" {
                arg.help(t("help-clap-help-subcommand"))
            } else {
                arg
            }
        })
        .mut_subcommands(|sub| {
            let name = sub.get_name().to_string();
            if name == "help" {
                sub.about(t("help-clap-help-command"))
            } else {
                help_copy(sub, &[path, &[name]].concat(), t)
            }
        })
}

fn help_copy(command: Command, path: &[String], t: &dyn Fn(&str) -> String) -> Command {
    let id = command_id(path);
    let mut command = command.about(t(&id));
    if command.get_long_about().is_some() {
        command = command.long_about(t(&format!("{id}-long")));
    }
    command.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        help_copy(sub, &[path, &[name]].concat(), t)
    })
}

/// The text after a command's options: `plenum count` lists its methods.
fn after_help(path: &[String], t: &dyn Fn(&str) -> String) -> Option<String> {
    if path != ["count"] {
        return None;
    }
    let mut text = format!("{}:\n", t("help-count-methods"));
    for (name, _) in count::method::METHODS {
        text.push_str(&format!("  {name:<20} {}\n", t(&format!("help-count-method-{name}"))));
    }
    text.push('\n');
    text.push_str(&t("help-count-options"));
    Some(text)
}

/// clap's default help layout, with the headings translated: "Usage", then "Commands",
/// "Arguments" and "Options" where the command has some.
fn template(command: &Command, t: &dyn Fn(&str) -> String) -> String {
    let mut sections = Vec::new();
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        sections.push(format!("{}:\n{{subcommands}}", t("help-clap-commands")));
    }
    if command.get_positionals().any(|a| !a.is_hide_set()) {
        sections.push(format!("{}:\n{{positionals}}", t("help-clap-arguments")));
    }
    if command.get_arguments().any(|a| !a.is_positional() && !a.is_hide_set()) {
        sections.push(format!("{}:\n{{options}}", t("help-clap-options")));
    }
    format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{}{{after-help}}",
        t("help-clap-usage"),
        sections.join("\n\n")
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

    use std::cell::RefCell;
    use std::collections::BTreeSet;

    use clap::CommandFactory as _;
    use i18n::{Catalog, Lang};

    use super::*;

    /// Every id the help of the whole command tree asks for.
    fn ids() -> BTreeSet<String> {
        let asked = RefCell::new(BTreeSet::new());
        let t = |id: &str| {
            asked.borrow_mut().insert(id.to_string());
            id.to_string()
        };
        let mut command = localize(crate::Cli::command(), &t);
        // Rendering asks for nothing more, and every command renders.
        render_all(&mut command);
        asked.into_inner()
    }

    fn render_all(command: &mut Command) {
        let _ = command.render_help();
        let _ = command.render_long_help();
        for sub in command.get_subcommands_mut() {
            render_all(sub);
        }
    }

    #[test]
    fn every_command_and_argument_has_its_help_in_every_language() {
        let catalog = Catalog::new();
        let ids = ids();
        assert!(ids.contains("help-serve--listen") && ids.contains("help-plenum--lang"));
        for lang in Lang::ALL {
            let missing: Vec<_> =
                ids.iter().filter(|id| catalog.message(lang, id, &[]) == **id).collect();
            assert!(missing.is_empty(), "{}: no message for {missing:?}", lang.code());
            for id in &ids {
                assert!(!catalog.message(lang, id, &[]).trim().is_empty(), "{}: {id}", lang.code());
            }
        }
        // And the catalog holds no help the command line no longer has (clap's own texts are
        // kept: which of them show depends on the commands, such as -h's when a long help exists).
        let unused: Vec<_> = catalog
            .ids()
            .into_iter()
            .filter(|id| id.starts_with("help-") && !id.starts_with("help-clap-"))
            .filter(|id| !ids.contains(id))
            .collect();
        assert!(unused.is_empty(), "messages for no command or argument: {unused:?}");
    }

    #[test]
    fn no_english_of_the_doc_comments_is_left_in_another_language() {
        let catalog = Catalog::new();
        let mut command = localize(crate::Cli::command(), &|id| catalog.message(Lang::Ru, id, &[]));
        let help = command.render_help().to_string();
        for english in
            ["Usage:", "Commands:", "Options:", "Print help", "Print version", "Run a node"]
        {
            assert!(!help.contains(english), "{english:?} in:\n{help}");
        }
        let serve = command.find_subcommand_mut("serve").unwrap().render_long_help().to_string();
        assert!(!serve.contains("Options:") && serve.contains("Параметры:"), "{serve}");
        assert!(serve.contains("[по умолчанию: 127.0.0.1:8080]") && !serve.contains("[default:"));
    }
}
