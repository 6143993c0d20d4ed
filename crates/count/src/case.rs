//! The conformance case format: one JSON object with the ballots, the rule and the expected result.
//!
//! The shape is documented in `shared/conformance/counting/README.md`: `id`, `method`, `rule`,
//! `options` (Droop's), `rules` (RCTab's), `seats`, `candidates`, `withdrawn` (1-based indices)
//! or `excluded` (names), `ballots` (`{"weight": "4", "ranking": [["A"], ["B", "C"], []]}`) and
//! `expected`. `plenum count` accepts the same shape as input.
//!
//! Ballots are read as they stream (a serde visitor writes straight into [`Ballots`]), because
//! one real case holds 1,041,313 ballots: a JSON tree of them would take gigabytes. Names are
//! interned on first sight and mapped to the candidate list at the end, so the order of the keys
//! in the file does not matter.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::ballot::{Ballots, CandidateId, EQUAL, Election, MAX_CANDIDATES, OVERVOTE, SKIP};

/// The label RCTab gives undeclared write-ins; `#UWI` in a ranking stands for it.
pub const UWI_LABEL: &str = "Undeclared Write-ins";

/// A conformance case (or a JSON ballot file given to `plenum count`).
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: String,
    /// `stv`, `irv-rctab`, `schulze`, `multi`, or any method name `plenum count` knows.
    pub method: String,
    /// Droop's rule name (`scotland`, `meek`, ...).
    pub rule: Option<String>,
    /// Droop's options, as strings.
    pub options: Vec<(String, String)>,
    /// RCTab's configuration keys, as strings.
    pub rules: Vec<(String, String)>,
    /// RCTab: candidates excluded before tabulation.
    pub excluded: Vec<CandidateId>,
    pub election: Election,
    pub expected: Option<Value>,
    /// Where the ballots came from (`source.ballots_path`), when the case says.
    pub source_path: Option<String>,
}

/// A case that cannot be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseError {
    /// The line in the file (1-based), when the JSON parser knows it.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CaseError {}

fn err(message: impl Into<String>) -> CaseError {
    CaseError { line: None, message: message.into() }
}

/// Reads a case from JSON bytes.
///
/// # Errors
/// Malformed JSON (with its line), a missing field, an unknown candidate in a ballot (with the
/// ballot's number), a weight that is not a whole number.
pub fn parse(bytes: &[u8]) -> Result<Case, CaseError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let raw = RawCase::deserialize_from(&mut de).map_err(|e| CaseError {
        line: (e.line() > 0).then_some(e.line()),
        message: e.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
    })?;
    de.end().map_err(|e| CaseError {
        line: Some(e.line()),
        message: "trailing characters after the case".into(),
    })?;
    raw.into_case()
}

struct RawCase {
    fields: HashMap<String, Value>,
    ballots: Ballots,
    /// Interned names (entries reference these provisional ids), with the number of the first
    /// ballot that names each.
    names: Vec<String>,
    first_seen: Vec<usize>,
    problem: Option<String>,
}

impl RawCase {
    fn deserialize_from<'de, D: de::Deserializer<'de>>(d: D) -> Result<RawCase, D::Error> {
        d.deserialize_map(CaseVisitor)
    }

    fn into_case(self) -> Result<Case, CaseError> {
        if let Some(p) = self.problem {
            return Err(err(p));
        }
        let f = &self.fields;
        let str_of = |k: &str| f.get(k).and_then(Value::as_str).map(str::to_owned);
        let mut candidates: Vec<String> = match f.get("candidates") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| err("candidates: every candidate must be a string"))
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(err("missing field \"candidates\" (a list of names)")),
        };
        if candidates.len() > MAX_CANDIDATES {
            return Err(err(format!("more than {MAX_CANDIDATES} candidates")));
        }
        // Map interned names to candidate indices; #UWI becomes a candidate when it is used.
        let mut map: Vec<u16> = Vec::with_capacity(self.names.len());
        for (k, name) in self.names.iter().enumerate() {
            if name == "#OVERVOTE" {
                map.push(OVERVOTE);
                continue;
            }
            let label = if name == "#UWI" { UWI_LABEL } else { name.as_str() };
            let idx = match candidates.iter().position(|c| c == label) {
                Some(i) => i,
                None if name == "#UWI" => {
                    candidates.push(UWI_LABEL.to_owned());
                    candidates.len() - 1
                }
                None => {
                    let ballot = self.first_seen[k];
                    return Err(err(format!(
                        "ballot {ballot} ranks \"{name}\", who is not a candidate"
                    )));
                }
            };
            map.push(u16::try_from(idx).expect("candidate count checked"));
        }
        let mut ballots = Ballots::with_capacity(self.ballots.len(), 0);
        let mut buf: Vec<u16> = Vec::new();
        for b in self.ballots.iter() {
            buf.clear();
            for &e in b.entries {
                let base = e & !EQUAL;
                if base == SKIP {
                    buf.push(SKIP);
                } else {
                    buf.push(map[usize::from(base)] | (e & EQUAL));
                }
            }
            ballots.push_entries(b.weight, &buf);
        }
        let seats = match f.get("seats") {
            Some(v) => v
                .as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                .and_then(|s| usize::try_from(s).ok())
                .ok_or_else(|| err("seats: expected a whole number"))?,
            None => 1,
        };
        let mut withdrawn = Vec::new();
        if let Some(Value::Array(w)) = f.get("withdrawn") {
            for v in w {
                let i = v
                    .as_u64()
                    .ok_or_else(|| err("withdrawn: expected candidate numbers (1-based)"))?;
                if i == 0 || i as usize > candidates.len() {
                    return Err(err(format!("withdrawn: no candidate number {i}")));
                }
                withdrawn.push(u16::try_from(i - 1).expect("candidate count checked"));
            }
        }
        let mut excluded = Vec::new();
        if let Some(Value::Array(x)) = f.get("excluded") {
            for v in x {
                let name = v.as_str().ok_or_else(|| err("excluded: expected candidate names"))?;
                // An excluded candidate may be missing from the list: it is still a candidate
                // (RCTab counts it), just not in the count.
                let i = match candidates.iter().position(|c| c == name) {
                    Some(i) => i,
                    None => {
                        candidates.push(name.to_owned());
                        candidates.len() - 1
                    }
                };
                excluded.push(u16::try_from(i).expect("candidate count checked"));
            }
        }
        let options = string_pairs(f.get("options"));
        let rules = string_pairs(f.get("rules"));
        Ok(Case {
            id: str_of("id").unwrap_or_default(),
            method: str_of("method").unwrap_or_default(),
            rule: str_of("rule"),
            options,
            rules,
            excluded,
            election: Election {
                title: str_of("title").or_else(|| str_of("id")).unwrap_or_default(),
                candidates,
                seats,
                withdrawn,
                ballots,
            },
            expected: f.get("expected").cloned(),
            source_path: f
                .get("source")
                .and_then(|s| s.get("ballots_path"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }
}

fn string_pairs(v: Option<&Value>) -> Vec<(String, String)> {
    match v {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                let s = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.clone(), s)
            })
            .collect(),
        _ => Vec::new(),
    }
}

struct CaseVisitor;

impl<'de> Visitor<'de> for CaseVisitor {
    type Value = RawCase;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a case object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<RawCase, M::Error> {
        let mut raw = RawCase {
            fields: HashMap::new(),
            ballots: Ballots::new(),
            names: Vec::new(),
            first_seen: Vec::new(),
            problem: None,
        };
        let mut index: HashMap<String, u16> = HashMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "ballots" {
                let mut state = BallotState {
                    out: &mut raw.ballots,
                    names: &mut raw.names,
                    first_seen: &mut raw.first_seen,
                    index: &mut index,
                };
                map.next_value_seed(BallotsSeed(&mut state))?;
            } else {
                let v: Value = map.next_value()?;
                raw.fields.insert(key, v);
            }
        }
        if raw.names.len() > MAX_CANDIDATES {
            raw.problem = Some(format!("the ballots name more than {MAX_CANDIDATES} candidates"));
        }
        Ok(raw)
    }
}

struct BallotState<'s> {
    out: &'s mut Ballots,
    names: &'s mut Vec<String>,
    first_seen: &'s mut Vec<usize>,
    index: &'s mut HashMap<String, u16>,
}

impl BallotState<'_> {
    fn intern<E: de::Error>(&mut self, name: &str, ballot: usize) -> Result<u16, E> {
        if let Some(&i) = self.index.get(name) {
            return Ok(i);
        }
        if self.names.len() >= MAX_CANDIDATES {
            return Err(E::custom(format!(
                "the ballots name more than {MAX_CANDIDATES} candidates"
            )));
        }
        let i = u16::try_from(self.names.len()).expect("bounded above");
        self.names.push(name.to_owned());
        self.first_seen.push(ballot);
        self.index.insert(name.to_owned(), i);
        Ok(i)
    }
}

struct BallotsSeed<'a, 's>(&'a mut BallotState<'s>);

impl<'de> DeserializeSeed<'de> for BallotsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for BallotsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of ballots")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut n = 0usize;
        while seq.next_element_seed(BallotSeed { state: &mut *self.0, number: n + 1 })?.is_some() {
            n += 1;
        }
        Ok(())
    }
}

struct BallotSeed<'a, 's> {
    state: &'a mut BallotState<'s>,
    number: usize,
}

impl<'de> DeserializeSeed<'de> for BallotSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BallotSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ballot {} as {{\"weight\", \"ranking\"}}", self.number)
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        let mut weight: u64 = 1;
        let mut ranked = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "weight" => {
                    let v: Value = map.next_value()?;
                    weight = parse_weight(&v).ok_or_else(|| {
                        de::Error::custom(format!(
                            "ballot {}: weight {v} is not a whole number",
                            self.number
                        ))
                    })?;
                }
                "ranking" => {
                    let positions: Vec<Vec<String>> = map.next_value().map_err(|e: M::Error| {
                        de::Error::custom(format!(
                            "ballot {}: ranking must be a list of lists of names ({e})",
                            self.number
                        ))
                    })?;
                    for pos in &positions {
                        if pos.is_empty() {
                            self.state.out.push_entry(SKIP);
                        }
                        for (i, name) in pos.iter().enumerate() {
                            let id = self.state.intern::<M::Error>(name, self.number)?;
                            self.state.out.push_entry(if i == 0 { id } else { id | EQUAL });
                        }
                    }
                    ranked = true;
                }
                _ => {
                    let _: de::IgnoredAny = map.next_value()?;
                }
            }
        }
        if !ranked {
            return Err(de::Error::custom(format!("ballot {}: no \"ranking\"", self.number)));
        }
        self.state.out.finish(weight);
        Ok(())
    }
}

/// A weight: a whole number, as a JSON number or a decimal string (`"4"`, `"4.0"`).
fn parse_weight(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1.8e19).map(|f| f as u64)
        }),
        Value::String(s) => {
            let (int, frac) = s.split_once('.').unwrap_or((s, ""));
            if !frac.bytes().all(|b| b == b'0')
                || int.is_empty()
                || !int.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            int.parse().ok()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_small_case_in_any_key_order() {
        let json = br##"{"ballots":[{"ranking":[["B"],["A","C"],[]],"weight":"3"},{"weight":2,"ranking":[["#UWI"]]}],
            "id":"t","method":"stv","rule":"meek","seats":2,"candidates":["A","B","C"],"withdrawn":[3],
            "options":{"omega":9,"arithmetic":"guarded"}}"##;
        let c = parse(json).expect("valid case");
        assert_eq!(c.election.candidates, ["A", "B", "C", UWI_LABEL]);
        assert_eq!(c.election.ballots.get(0).ranking(), vec![vec![1], vec![0, 2], vec![]]);
        assert_eq!(c.election.ballots.get(0).weight, 3);
        assert_eq!(c.election.ballots.get(1).ranking(), vec![vec![3]]);
        assert_eq!(c.election.withdrawn, [2]);
        assert!(c.options.contains(&("omega".to_owned(), "9".to_owned())));
    }

    #[test]
    fn errors_name_the_ballot_or_the_line() {
        let e = parse(br#"{"candidates":["A"],"ballots":[{"weight":"x","ranking":[["A"]]}]}"#)
            .unwrap_err();
        assert!(e.message.contains("ballot 1: weight"), "{e}");
        let e = parse(br#"{"candidates":["A"],"ballots":[{"ranking":[["Z"]]}]}"#).unwrap_err();
        assert!(e.message.contains("ballot 1 ranks \"Z\", who is not a candidate"), "{e}");
        let e = parse(b"{\n\"candidates\": [\"A\",]\n}").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }
}
