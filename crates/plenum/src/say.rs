//! The CLI's voice: messages from the translation layer, in the user's language.

use i18n::{Arg, Catalog, Lang, Tr};

/// The language of `--lang` (or `PLENUM_LANG`, which clap reads into it), else of the system's
/// locale variables, else English.
pub fn lang(flag: Option<&str>) -> Lang {
    let from_env = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty());
    flag.and_then(Lang::from_code)
        .or_else(|| from_env.as_deref().and_then(Lang::from_code))
        .unwrap_or(Lang::En)
}

/// The value `--lang` will have once the command line is parsed — `--lang X` or `--lang=X`,
/// else `PLENUM_LANG` — read before parsing, so that `--help` is in that language too.
pub fn lang_flag(argv: &[std::ffi::OsString]) -> Option<String> {
    let mut args = argv.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            return args.next().map(str::to_string);
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_string());
        }
    }
    std::env::var("PLENUM_LANG").ok().filter(|v| !v.is_empty())
}

/// Translated messages for the terminal.
pub struct Say {
    catalog: Catalog,
    pub lang: Lang,
}

impl Say {
    /// The language of `--lang`, else of the system's locale variables, else English.
    pub fn new(flag: Option<&str>) -> Self {
        Self { catalog: Catalog::new(), lang: lang(flag) }
    }

    pub fn t(&self, id: &str) -> String {
        self.catalog.message(self.lang, id, &[])
    }

    pub fn t1(&self, id: &str, name: &str, value: impl Into<Arg>) -> String {
        self.catalog.message(self.lang, id, &[(name, value.into())])
    }

    /// The message for a reason given as a code and its values (see `i18n::Tr::reason`).
    pub fn reason(&self, prefix: &str, code: &str, args: &[(&'static str, String)]) -> String {
        i18n::Tr::new(&self.catalog, self.lang).reason(prefix, code, args)
    }

    pub fn args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.catalog.message(self.lang, id, args)
    }

    /// The same messages as the web pages' translator, for code the two share.
    pub fn tr(&self) -> Tr<'_> {
        Tr::new(&self.catalog, self.lang)
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::*;

    fn flag(args: &[&str]) -> Option<String> {
        lang_flag(&args.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn the_lang_flag_is_read_before_parsing_in_both_forms() {
        assert_eq!(flag(&["plenum", "--lang", "ru", "serve", "--help"]).as_deref(), Some("ru"));
        assert_eq!(flag(&["plenum", "verify", "--lang=kk", "-h"]).as_deref(), Some("kk"));
        // After `--`, it is a value, not the flag.
        assert_ne!(flag(&["plenum", "count", "--", "--lang=zz"]).as_deref(), Some("zz"));
        assert_eq!(lang(Some("pt-BR")), Lang::Pt);
    }
}
