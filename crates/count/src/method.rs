//! One entry point for every method: a name, `KEY=VALUE` options, an election → a transcript.
//!
//! Option keys use the source's own names where there is one: Droop's for STV (`arithmetic`,
//! `precision`, `guard`, `display`, `omega`, `defeat_batch`, `integer_quota`), RCTab's for IRV
//! (`overvoteRule`, `maxSkippedRanksAllowed`, `batchElimination`, `tiebreakMode`, ...). Every
//! method also takes `tie=lot|candidate-order` and `seed=N` for the ties its rule leaves open.

use crate::ballot::Election;
use crate::error::CountError;
use crate::stv::{self, Arithmetic, DefeatBatch};
use crate::tie::{TieBreak, seed_from_election};
use crate::transcript::Transcript;
use crate::{consent, irv, mj, schulze, scored};

/// A counting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Plurality,
    Approval,
    Score,
    Borda,
    MajorityJudgment,
    Consent,
    Schulze,
    Irv,
    Stv(stv::Rule),
}

/// Every method name `plenum count` accepts, with a one-line description.
pub const METHODS: &[(&str, &str)] = &[
    ("plurality", "most first preferences wins"),
    ("approval", "most approvals wins (every ranked candidate is approved)"),
    ("score", "highest total score wins (option max=N)"),
    ("borda", "Borda count: n-1 points for a first preference, down to 0"),
    ("majority-judgment", "highest median grade wins, ties by Balinski-Laraki"),
    ("consent", "carried unless objections reach a stated number (option objections=N)"),
    ("schulze", "Condorcet winner by the Schulze method (winning votes), with the pairwise matrix"),
    ("irv", "instant-runoff, with RCTab's options; multi-winner bottoms-up and sequential"),
    ("stv-scottish", "Scottish STV (2007 local government rules)"),
    ("stv-wigm", "weighted inclusive Gregory STV"),
    ("stv-wigm-prf", "PR Foundation reference WIGM (also stv-wigm-prf-batch)"),
    ("stv-meek", "Meek STV"),
    ("stv-meek-prf", "PR Foundation reference Meek"),
    ("stv-warren", "Warren STV"),
];

impl Method {
    #[must_use]
    pub fn from_name(name: &str) -> Option<Method> {
        Some(match name {
            "plurality" => Method::Plurality,
            "approval" => Method::Approval,
            "score" => Method::Score,
            "borda" => Method::Borda,
            "majority-judgment" | "mj" => Method::MajorityJudgment,
            "consent" => Method::Consent,
            "schulze" | "condorcet" => Method::Schulze,
            "irv" | "irv-rctab" => Method::Irv,
            "stv-scottish" | "stv-scotland" => Method::Stv(stv::Rule::Scotland),
            other => Method::Stv(stv::Rule::from_name(other.strip_prefix("stv-")?)?),
        })
    }

    #[must_use]
    pub fn name(self) -> String {
        match self {
            Method::Plurality => "plurality".into(),
            Method::Approval => "approval".into(),
            Method::Score => "score".into(),
            Method::Borda => "borda".into(),
            Method::MajorityJudgment => "majority-judgment".into(),
            Method::Consent => "consent".into(),
            Method::Schulze => "schulze".into(),
            Method::Irv => "irv".into(),
            Method::Stv(stv::Rule::Scotland) => "stv-scottish".into(),
            Method::Stv(r) => format!("stv-{}", r.name()),
        }
    }
}

/// Options as `KEY=VALUE` pairs, read one at a time.
pub(crate) struct OptionReader<'a> {
    pairs: &'a [(String, String)],
}

impl<'a> OptionReader<'a> {
    pub(crate) fn new(pairs: &'a [(String, String)]) -> Self {
        Self { pairs }
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a str> {
        self.pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub(crate) fn u32(&self, key: &str) -> Result<Option<u32>, CountError> {
        self.parse(key, "a whole number")
    }

    pub(crate) fn parse<T: std::str::FromStr>(
        &self,
        key: &str,
        what: &str,
    ) -> Result<Option<T>, CountError> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some(v) => v.trim().parse().map(Some).map_err(|_| bad(key, v, what)),
        }
    }

    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, CountError> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some("true" | "True" | "1" | "yes") => Ok(Some(true)),
            Some("false" | "False" | "0" | "no") => Ok(Some(false)),
            Some(v) => Err(bad(key, v, "true or false")),
        }
    }

    /// Rejects keys outside `known`.
    pub(crate) fn only(&self, known: &[&str]) -> Result<(), CountError> {
        for (k, v) in self.pairs {
            if !known.contains(&k.as_str()) {
                return Err(CountError::BadOption {
                    key: k.clone(),
                    value: v.clone(),
                    expected: format!("one of the options {}", known.join(", ")),
                });
            }
        }
        Ok(())
    }
}

pub(crate) fn bad(key: &str, value: &str, expected: &str) -> CountError {
    CountError::BadOption {
        key: key.to_owned(),
        value: value.to_owned(),
        expected: expected.to_owned(),
    }
}

/// The tie-break the options ask for (`tie=lot|candidate-order`, `seed=N`); by default a lot
/// drawn from a digest of the ballots.
pub(crate) fn tie_break(e: &Election, o: &OptionReader<'_>) -> Result<TieBreak, CountError> {
    let seed: Option<u64> = o.parse("seed", "a whole number")?;
    if let Some(list) = o.get("tie_order").filter(|s| !s.is_empty()) {
        let mut order = Vec::new();
        for item in list.split([',', ' ']).filter(|s| !s.is_empty()) {
            let n: usize = item
                .parse()
                .map_err(|_| bad("tie_order", list, "candidate numbers from 1, comma-separated"))?;
            if n == 0 || n > e.candidates.len() {
                return Err(bad(
                    "tie_order",
                    list,
                    "candidate numbers from 1 to the number of candidates",
                ));
            }
            order.push(
                crate::ballot::CandidateId::try_from(n - 1).expect("candidate count checked"),
            );
        }
        return Ok(TieBreak::Given(order));
    }
    match o.get("tie") {
        None | Some("" | "lot") => {
            Ok(TieBreak::Lot { seed: seed.unwrap_or_else(|| seed_from_election(e)) })
        }
        Some("candidate-order" | "order") => Ok(TieBreak::CandidateOrder),
        Some(v) => Err(bad("tie", v, "lot or candidate-order")),
    }
}

/// The STV options from `KEY=VALUE` pairs, over the rule's defaults.
///
/// # Errors
/// An unknown key or a value out of range.
pub fn stv_options(
    e: &Election,
    rule: stv::Rule,
    pairs: &[(String, String)],
) -> Result<stv::Options, CountError> {
    let o = OptionReader::new(pairs);
    o.only(&[
        "arithmetic",
        "precision",
        "guard",
        "display",
        "omega",
        "defeat_batch",
        "integer_quota",
        "tie",
        "tie_order",
        "seed",
        "rule",
    ])?;
    let mut opts = stv::Options::new(rule, tie_break(e, &o)?);
    if !rule.fixes_arithmetic() {
        let precision = o.u32("precision")?;
        let display = o.u32("display")?;
        let guard = o.u32("guard")?;
        let arithmetic = match o.get("arithmetic") {
            None | Some("") => opts.arithmetic,
            Some("fixed") => {
                let p = precision.unwrap_or(9);
                Arithmetic::Fixed { precision: p, display: display.unwrap_or(p) }
            }
            Some("guarded") => {
                let p = precision.unwrap_or(18);
                Arithmetic::Guarded {
                    precision: p,
                    guard: guard.unwrap_or(p / 2),
                    display: display.unwrap_or(p),
                }
            }
            Some("rational") => Arithmetic::Rational { display: display.unwrap_or(12) },
            Some(v) => return Err(bad("arithmetic", v, "fixed, guarded or rational")),
        };
        if let Arithmetic::Fixed { precision, .. } = arithmetic
            && precision > crate::arith::FIXED_MAX_PRECISION
        {
            return Err(bad(
                "precision",
                &precision.to_string(),
                "at most 12 for fixed arithmetic",
            ));
        }
        if let Arithmetic::Guarded { precision, guard, .. } = arithmetic
            && precision + guard > 60
        {
            return Err(bad("precision", &precision.to_string(), "precision + guard at most 60"));
        }
        opts.arithmetic = arithmetic;
        opts = opts.with_arithmetic_defaults();
        if let Some(omega) = o.u32("omega")? {
            if omega > 30 {
                return Err(bad("omega", &omega.to_string(), "at most 30"));
            }
            opts.omega = omega;
        }
    }
    match o.get("defeat_batch") {
        None | Some("") => {}
        Some("none") => opts.defeat_batch = DefeatBatch::None,
        Some("zero") if rule == stv::Rule::Wigm => opts.defeat_batch = DefeatBatch::Zero,
        Some("safe") if matches!(rule, stv::Rule::Meek | stv::Rule::Warren) => {
            opts.defeat_batch = DefeatBatch::Safe;
        }
        Some(v) => return Err(bad("defeat_batch", v, "none, zero (wigm) or safe (meek, warren)")),
    }
    if let Some(b) = o.bool("integer_quota")? {
        opts.integer_quota = b;
    }
    Ok(opts)
}

/// Counts `e` by `method` with `KEY=VALUE` options.
///
/// # Errors
/// Bad options, or a count that cannot be made (more seats than candidates, ...).
pub fn count(
    e: &Election,
    method: Method,
    options: &[(String, String)],
) -> Result<Transcript, CountError> {
    match method {
        Method::Stv(rule) => {
            let opts = stv_options(e, rule, options)?;
            stv::count(e, &opts)
        }
        Method::Irv => irv::count(e, options),
        Method::Schulze => schulze::count(e, options),
        Method::MajorityJudgment => mj::count_ranked(e, options),
        Method::Consent => consent::count(e, options),
        Method::Plurality | Method::Approval | Method::Score | Method::Borda => {
            scored::count(e, method, options)
        }
    }
}
