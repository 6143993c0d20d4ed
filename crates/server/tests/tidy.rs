//! Tidy checks of the translation contract: no sentence in a template, every message the code
//! names exists, every reason for refusing an event has a message.

#![allow(clippy::unwrap_used)] // In tests a panic is the failure report.

use std::path::{Path, PathBuf};

use domain::{Power, Rejection};
use i18n::{Catalog, Lang};
use record::{EventId, Kind};

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

fn crate_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join(name)
}

/// The template with every tag, expression, statement and comment removed: what is left is
/// text a reader would see.
fn visible_text(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find(['<', '{']) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let close = match &tail[..2.min(tail.len())] {
            "{{" => "}}",
            "{%" => "%}",
            "{#" => "#}",
            _ if tail.starts_with("<script") => "</script>",
            _ if tail.starts_with('<') => ">",
            _ => {
                out.push('{');
                rest = &tail[1..];
                continue;
            }
        };
        let end = tail.find(close).unwrap_or(tail.len() - close.len()) + close.len();
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn templates_hold_no_sentences() {
    let mut templates = Vec::new();
    files(&crate_dir("server").join("templates"), "html", &mut templates);
    assert!(templates.len() > 10);
    for path in templates {
        let text = visible_text(&std::fs::read_to_string(&path).unwrap());
        // The brand and punctuation are the only visible text a template may own.
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty() && *w != "plenum")
            .collect();
        assert!(words.is_empty(), "{} shows untranslated text: {words:?}", path.display());
    }
}

/// Every string literal in the code and templates that looks like a message id of a known
/// family must name a message.
#[test]
fn every_message_the_code_names_exists() {
    let catalog = Catalog::new();
    let prefixes: Vec<String> = catalog
        .ids()
        .iter()
        .map(|id| format!("{}-", id.split('-').next().unwrap()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut sources = Vec::new();
    for krate in ["server", "plenum"] {
        files(&crate_dir(krate).join("src"), "rs", &mut sources);
    }
    files(&crate_dir("server").join("templates"), "html", &mut sources);
    let mut checked = 0;
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        // In templates only the arguments of the translation calls are ids; elsewhere HTML
        // attributes look like ids too.
        let literals: Vec<&str> = if path.extension().is_some_and(|e| e == "html") {
            ["t(\"", "t1(\"", "t2(\""]
                .iter()
                .flat_map(|call| text.split(call).skip(1))
                .filter_map(|rest| rest.split('"').next())
                .collect()
        } else {
            text.split('"').skip(1).step_by(2).collect()
        };
        for literal in literals {
            let is_id = literal.len() > 3
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                && literal.contains('-')
                && !literal.ends_with('-')
                && prefixes.iter().any(|p| literal.starts_with(p.as_str()));
            if is_id {
                checked += 1;
                assert!(
                    catalog.has(literal),
                    "{} names a missing message: {literal}",
                    path.display()
                );
            }
        }
    }
    assert!(checked > 100, "found only {checked} message ids: the scan is broken");
}

/// One of each reason; the match has no wildcard, so a new reason fails to compile here until
/// it is added (and its message written).
fn every_rejection() -> Vec<Rejection> {
    let id = EventId([1; 32]);
    let all = vec![
        Rejection::Malformed("x".into()),
        Rejection::BadSignature,
        Rejection::BadPayload("x".into()),
        Rejection::MissingDependency(id),
        Rejection::WrongAssembly,
        Rejection::BadSequence { expected: 2, got: 3 },
        Rejection::SequenceUsed(2),
        Rejection::NoDependencies,
        Rejection::ClockSkew,
        Rejection::Duplicate,
        Rejection::UnknownAssembly,
        Rejection::NotStored,
        Rejection::NotFounded,
        Rejection::AlreadyFounded,
        Rejection::NotAMember,
        Rejection::AlreadyAMember,
        Rejection::NoPower(Power::Convene),
        Rejection::NoPower(Power::Admit),
        Rejection::BadText { field: "title", max: 200 },
        Rejection::UnknownInvite,
        Rejection::InviteExpired,
        Rejection::InviteUsedUp,
        Rejection::BadInviteProof,
        Rejection::DuplicateInvite,
        Rejection::OutOfRange { field: "quorum" },
        Rejection::UnknownMotion,
        Rejection::UnknownComment,
        Rejection::UnknownBallot,
        Rejection::BallotExists,
        Rejection::BallotClosed,
        Rejection::NotInElectorate,
        Rejection::WrongMark,
        Rejection::UnknownKind(99),
        Rejection::UnexpectedKind(Kind::Vote),
        Rejection::NotAnElection,
        Rejection::NominationsClosed,
        Rejection::DuplicateCandidate,
        Rejection::CandidateNotAMember,
        Rejection::MethodDoesNotFit,
        Rejection::CandidatesChanged { expected: 4, got: 3 },
        Rejection::TooFewCandidates { seats: 3, candidates: 2 },
        Rejection::BadRanking,
        Rejection::OutOfRange { field: "seats" },
        Rejection::OutOfRange { field: "candidates" },
        Rejection::OutOfRange { field: "threshold" },
        Rejection::BadText { field: "candidate", max: 80 },
        Rejection::Stale,
        Rejection::NotSecret,
        Rejection::BadTrustees,
        Rejection::NotATrustee,
        Rejection::SecretMessageUnreadable,
        Rejection::CeremonyStepNotYet,
        Rejection::CeremonyStepOver,
        Rejection::AlreadyDone,
        Rejection::TooFewTrustees,
        Rejection::CeremonyNotReady,
        Rejection::BallotUnreadable,
        Rejection::BallotOtherElection,
        Rejection::BallotBadPoint,
        Rejection::BallotBadProof,
        Rejection::AlreadySealed,
        Rejection::SealMismatch,
        Rejection::SealTallyWrong,
        Rejection::NotSealed,
        Rejection::BadPartialDecryption,
        Rejection::OutOfRange { field: "max" },
    ];
    for r in &all {
        match r {
            Rejection::Malformed(_)
            | Rejection::BadSignature
            | Rejection::BadPayload(_)
            | Rejection::MissingDependency(_)
            | Rejection::WrongAssembly
            | Rejection::BadSequence { .. }
            | Rejection::SequenceUsed(_)
            | Rejection::NoDependencies
            | Rejection::ClockSkew
            | Rejection::Duplicate
            | Rejection::UnknownAssembly
            | Rejection::NotStored
            | Rejection::NotFounded
            | Rejection::AlreadyFounded
            | Rejection::NotAMember
            | Rejection::AlreadyAMember
            | Rejection::NoPower(_)
            | Rejection::BadText { .. }
            | Rejection::UnknownInvite
            | Rejection::InviteExpired
            | Rejection::InviteUsedUp
            | Rejection::BadInviteProof
            | Rejection::DuplicateInvite
            | Rejection::OutOfRange { .. }
            | Rejection::NotSecret
            | Rejection::BadTrustees
            | Rejection::NotATrustee
            | Rejection::SecretMessageUnreadable
            | Rejection::CeremonyStepNotYet
            | Rejection::CeremonyStepOver
            | Rejection::AlreadyDone
            | Rejection::TooFewTrustees
            | Rejection::CeremonyNotReady
            | Rejection::BallotUnreadable
            | Rejection::BallotOtherElection
            | Rejection::BallotBadPoint
            | Rejection::BallotBadProof
            | Rejection::AlreadySealed
            | Rejection::SealMismatch
            | Rejection::SealTallyWrong
            | Rejection::NotSealed
            | Rejection::BadPartialDecryption
            | Rejection::UnknownMotion
            | Rejection::UnknownComment
            | Rejection::UnknownBallot
            | Rejection::BallotExists
            | Rejection::BallotClosed
            | Rejection::NotInElectorate
            | Rejection::WrongMark
            | Rejection::UnknownKind(_)
            | Rejection::UnexpectedKind(_)
            | Rejection::NotAnElection
            | Rejection::NominationsClosed
            | Rejection::DuplicateCandidate
            | Rejection::CandidateNotAMember
            | Rejection::MethodDoesNotFit
            | Rejection::CandidatesChanged { .. }
            | Rejection::TooFewCandidates { .. }
            | Rejection::BadRanking
            | Rejection::Stale => {}
        }
    }
    all
}

#[test]
fn every_reason_for_refusal_reads_well_in_every_language() {
    let catalog = Catalog::new();
    for rejection in every_rejection() {
        let id = format!("rejection-{}", rejection.code());
        assert!(catalog.has(&id), "no message {id}");
        for (name, value) in rejection.args() {
            if matches!(name, "power" | "field") {
                assert!(catalog.has(&format!("{name}-{value}")), "no message {name}-{value}");
            }
        }
    }
    for kind in Kind::ALL {
        assert!(
            catalog.has(&format!("event-{}", kind.name())),
            "no message for event kind {kind:?}"
        );
    }
    for field in [
        "name",
        "description",
        "founder_name",
        "title",
        "text",
        "uses",
        "expires",
        "quorum",
        "closes_at",
        "seats",
        "candidates",
        "candidate",
        "threshold",
    ] {
        for lang in Lang::ALL {
            assert_ne!(
                catalog.message(lang, &format!("field-{field}"), &[]),
                format!("field-{field}")
            );
        }
    }
}

/// Every ranked rule has a name people read, in every language (the code builds its id).
#[test]
fn every_ranked_rule_has_a_name() {
    let catalog = Catalog::new();
    for rule in record::payload::RankedRule::ALL {
        let id = format!("rule-{}", rule.name());
        for lang in Lang::ALL {
            assert_ne!(catalog.message(lang, &id, &[]), id, "{}: no {id}", lang.code());
        }
    }
}
