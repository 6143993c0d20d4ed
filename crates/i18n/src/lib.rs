//! The translation layer: every message a person reads goes through here, in English,
//! Portuguese, Russian or Kazakh.
//!
//! Messages are Fluent files in `locales/`, compiled into the binary. The English file is the
//! reference: a test checks that every language has exactly its messages, with the same
//! placeholders, and that each formats without error. Code names messages by id and passes
//! their arguments; it never holds a sentence of its own.

#![forbid(unsafe_code)]

use std::borrow::Cow;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language plenum speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Pt,
    Ru,
    Kk,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Pt, Lang::Ru, Lang::Kk];

    /// The BCP 47 code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pt => "pt",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }

    /// The language's name in itself, for the language switch.
    #[must_use]
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Pt => "Português",
            Lang::Ru => "Русский",
            Lang::Kk => "Қазақша",
        }
    }

    /// The language of a code such as `pt-BR` or `kk`.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The best language for an `Accept-Language` header: the first, by preference weight,
    /// that plenum speaks; English otherwise.
    #[must_use]
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut offers: Vec<(u16, usize, Lang)> = accept_language
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let lang = Lang::from_code(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                // Weights are compared as thousandths; a weight of 0 means "not this one".
                let q = (q.clamp(0.0, 1.0) * 1000.0) as u16;
                (q > 0).then_some((q, i, lang))
            })
            .collect();
        offers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.first().map_or(Lang::En, |o| o.2)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::Pt => include_str!("../locales/pt.ftl"),
            Lang::Ru => include_str!("../locales/ru.ftl"),
            Lang::Kk => include_str!("../locales/kk.ftl"),
        }
    }
}

/// All the messages of all the languages, parsed once.
pub struct Catalog {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

/// A value for a message's placeholder.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<u16> for Arg {
    fn from(n: u16) -> Self {
        Arg::Num(i64::from(n))
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Num(i64::from(n))
    }
}

impl<T: Clone + Into<Arg>> From<&T> for Arg {
    fn from(value: &T) -> Self {
        value.clone().into()
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new()
    }
}

impl Catalog {
    /// Parses every language's messages.
    ///
    /// # Panics
    /// If a translation file does not parse: they are compiled in, and a test parses them.
    #[must_use]
    pub fn new() -> Self {
        let bundles = Lang::ALL
            .into_iter()
            .map(|lang| {
                let resource = FluentResource::try_new(lang.source().to_string())
                    .unwrap_or_else(|(_, errors)| panic!("{}.ftl: {errors:?}", lang.code()));
                let id: unic_langid::LanguageIdentifier =
                    lang.code().parse().expect("the four codes are valid language tags");
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Placeables are not wrapped in bidirectional isolation marks: no language of
                // plenum's is written right to left, and the marks would show in plain text.
                bundle.set_use_isolating(false);
                bundle.add_resource(resource).expect("message ids are unique within a file");
                (lang, bundle)
            })
            .collect();
        Self { bundles }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        &self.bundles.iter().find(|(l, _)| *l == lang).expect("every language is loaded").1
    }

    /// The message `id` in `lang`, with `args` in its placeholders. A missing message shows
    /// its id, so a gap is visible rather than silent (and a test finds it first).
    #[must_use]
    pub fn message(&self, lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
                Arg::Num(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let text: Cow<'_, str> = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        text.into_owned()
    }

    /// Whether `id` names a message.
    #[must_use]
    pub fn has(&self, id: &str) -> bool {
        self.bundle(Lang::En).has_message(id)
    }

    /// The ids of every message, from the English reference file.
    #[must_use]
    pub fn ids(&self) -> Vec<String> {
        message_ids(Lang::En.source())
    }
}

/// The message ids defined in a Fluent source, in order.
#[must_use]
pub fn message_ids(source: &str) -> Vec<String> {
    source
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
        .collect()
}

/// The messages of one language, for one reader: what templates and handlers hold.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    catalog: &'a Catalog,
    pub lang: Lang,
}

impl<'a> Tr<'a> {
    #[must_use]
    pub fn new(catalog: &'a Catalog, lang: Lang) -> Self {
        Self { catalog, lang }
    }

    /// A message without placeholders.
    #[must_use]
    pub fn t(&self, id: &str) -> String {
        self.catalog.message(self.lang, id, &[])
    }

    /// A message with one placeholder.
    #[must_use]
    pub fn t1(&self, id: &str, name: &str, value: impl Into<Arg>) -> String {
        self.catalog.message(self.lang, id, &[(name, value.into())])
    }

    /// A message with two placeholders.
    #[must_use]
    pub fn t2(
        &self,
        id: &str,
        a: &str,
        a_value: impl Into<Arg>,
        b: &str,
        b_value: impl Into<Arg>,
    ) -> String {
        self.catalog.message(self.lang, id, &[(a, a_value.into()), (b, b_value.into())])
    }

    /// The message `{prefix}-{code}` for a reason given as a stable code and text arguments (a
    /// refused event's, say). Arguments naming a power or a field are themselves translated
    /// (`power-…`, `field-…`); counts become numbers, for plurals.
    #[must_use]
    pub fn reason(&self, prefix: &str, code: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&str, Arg)> = args
            .iter()
            .map(|(name, value)| match *name {
                "power" | "field" => (*name, Arg::Str(self.t(&format!("{name}-{value}")))),
                "max" | "count" | "seats" | "candidates" => {
                    (*name, value.parse::<i64>().map_or_else(|_| Arg::Str(value.clone()), Arg::Num))
                }
                _ => (*name, Arg::Str(value.clone())),
            })
            .collect();
        self.catalog.message(self.lang, &format!("{prefix}-{code}"), &args)
    }

    /// A message with any placeholders.
    #[must_use]
    pub fn args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.catalog.message(self.lang, id, args)
    }
}
