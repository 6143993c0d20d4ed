//! Every language has exactly the reference's messages, with the same placeholders, and each
//! formats cleanly.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::collections::{BTreeMap, BTreeSet};

use i18n::{Arg, Catalog, Lang};

fn source(lang: Lang) -> String {
    let path = format!("{}/locales/{}.ftl", env!("CARGO_MANIFEST_DIR"), lang.code());
    std::fs::read_to_string(path).unwrap()
}

/// Each message's placeholders (`$name`), from the raw source.
fn placeholders(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    for line in source.lines() {
        if line.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && let Some((id, _)) = line.split_once(" =")
        {
            current = Some(id.trim().to_string());
            out.entry(id.trim().to_string()).or_default();
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some(id) = &current else { continue };
        let mut rest = line;
        while let Some(at) = rest.find('$') {
            let name: String = rest[at + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            out.get_mut(id).unwrap().insert(name);
            rest = &rest[at + 1..];
        }
    }
    out
}

#[test]
fn every_language_has_exactly_the_reference_messages_and_placeholders() {
    let reference = placeholders(&source(Lang::En));
    assert!(reference.len() > 200, "the reference file parses into messages");
    for lang in [Lang::Pt, Lang::Ru, Lang::Kk] {
        let other = placeholders(&source(lang));
        let missing: Vec<_> = reference.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !reference.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, extra {extra:?}",
            lang.code()
        );
        for (id, names) in &reference {
            assert_eq!(&other[id], names, "{}: placeholders of {id}", lang.code());
        }
    }
}

#[test]
fn every_message_formats_in_every_language() {
    let catalog = Catalog::new();
    let reference = placeholders(&source(Lang::En));
    for lang in Lang::ALL {
        for (id, names) in &reference {
            for n in [0u64, 1, 2, 5, 21] {
                let args: Vec<(&str, Arg)> = names
                    .iter()
                    .map(|name| {
                        let numeric = [
                            "count",
                            "voted",
                            "electorate",
                            "max",
                            "yes",
                            "no",
                            "abstain",
                            "expected",
                            "got",
                            "seq",
                            "seats",
                            "candidates",
                            "round",
                            "rounds",
                            "number",
                            "line",
                        ];
                        let value = if numeric.contains(&name.as_str()) {
                            Arg::from(n)
                        } else {
                            Arg::from("X")
                        };
                        (name.as_str(), value)
                    })
                    .collect();
                let text = catalog.message(lang, id, &args);
                assert_ne!(&text, id, "{}: {id} is missing", lang.code());
                assert!(
                    !text.contains('{') && !text.contains("$"),
                    "{}: {id} left a placeholder: {text}",
                    lang.code()
                );
                assert!(!text.trim().is_empty(), "{}: {id} is empty", lang.code());
            }
        }
    }
}

#[test]
fn russian_and_portuguese_plurals_agree_with_their_numbers() {
    let catalog = Catalog::new();
    let count = |lang, n: u64| catalog.message(lang, "members-title", &[("count", Arg::from(n))]);
    assert_eq!(count(Lang::Ru, 1), "1 участник");
    assert_eq!(count(Lang::Ru, 3), "3 участника");
    assert_eq!(count(Lang::Ru, 11), "11 участников");
    assert_eq!(count(Lang::Ru, 21), "21 участник");
    assert_eq!(count(Lang::Pt, 2), "2 membros");
    assert_eq!(count(Lang::Kk, 5), "5 мүше");
    assert_eq!(count(Lang::En, 1), "1 member");
}

#[test]
fn accept_language_picks_the_best_spoken_language() {
    assert_eq!(Lang::negotiate("kk-KZ,ru;q=0.8,en;q=0.5"), Lang::Kk);
    assert_eq!(Lang::negotiate("de-DE,ru;q=0.7,pt;q=0.9"), Lang::Pt);
    assert_eq!(Lang::negotiate("pt-BR;q=0, ru"), Lang::Ru);
    assert_eq!(Lang::negotiate("fr, de"), Lang::En);
    assert_eq!(Lang::negotiate(""), Lang::En);
    assert_eq!(Lang::from_code("ru_RU.UTF-8"), Some(Lang::Ru));
}
