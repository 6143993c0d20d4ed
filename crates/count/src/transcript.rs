//! The transcript of a count: every round's tallies, quota, decisions and the reasons for them.
//!
//! A transcript is the product's evidence: the result page draws it as a table and a chart, the
//! verifier recomputes and compares it, a member downloads it as JSON. Numbers are decimal
//! strings at the rule's display precision, exactly as the rule rounds them, so the transcript
//! reads the same everywhere and never passes through a float. Candidates are indices into
//! [`Transcript::candidates`]; [`Transcript::to_json`] names them.
//!
//! Events are data, not sentences: the CLI and the web UI word them (and translate them).

use serde_json::{Map, Value, json};

use crate::ballot::CandidateId;

/// The whole record of one count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transcript {
    /// The method's name as the CLI spells it (`stv-scottish`, `irv`, `schulze`, ...).
    pub method: String,
    /// The effective options, source's names (`arithmetic`, `precision`, `omega`, ...).
    pub options: Vec<(String, String)>,
    pub seats: usize,
    pub candidates: Vec<String>,
    /// The winners in the order they were elected.
    pub elected: Vec<CandidateId>,
    pub rounds: Vec<Round>,
    /// How ties that the rule itself leaves open were decided.
    pub tie_break: TieBreakRecord,
    /// Method-specific results (the pairwise matrix, scores, medians...).
    pub details: Option<Details>,
}

/// One round (a stage of the count).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Round {
    pub number: u32,
    /// Each candidate's tally at the end of the round; `None` for a candidate not in the count
    /// (withdrawn, or no longer continuing where the method drops them from the table).
    pub tallies: Vec<Option<String>>,
    /// The quota or winning threshold in force.
    pub quota: Option<String>,
    pub elected: Vec<CandidateId>,
    pub excluded: Vec<CandidateId>,
    /// Votes that left the count in all rounds so far (exhausted or non-transferable).
    pub exhausted: Option<String>,
    /// Meek and Warren: the keep factor of each candidate.
    pub keep_factors: Option<Vec<Option<String>>>,
    pub events: Vec<Event>,
}

/// Something that happened in a round, with its reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Elected: reached the quota, or filled a last vacancy, or won outright.
    Elected { candidate: CandidateId, reason: ElectReason },
    /// Excluded (defeated, eliminated).
    Excluded { candidate: CandidateId, reason: ExcludeReason },
    /// A surplus was transferred.
    SurplusTransferred { candidate: CandidateId, surplus: String },
    /// The votes of an excluded candidate were transferred.
    VotesTransferred { from: Vec<CandidateId> },
    /// Where the votes moved this round went, from the candidates they left: each receiving
    /// candidate's gain (`None` = exhausted, non-transferable).
    Transfers { from: Vec<CandidateId>, to: Vec<(Option<CandidateId>, String)> },
    /// A tie, and how it was broken.
    Tie { purpose: TiePurpose, among: Vec<CandidateId>, chosen: CandidateId, by: TieResolution },
    /// Meek/Warren: the iteration stopped, and why.
    Iterated { why: IterationEnd, surplus: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElectReason {
    Quota,
    /// The remaining candidates were no more than the remaining seats.
    RemainingSeats,
    /// The most votes (single round methods) or a majority.
    Highest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcludeReason {
    /// The lowest tally.
    Lowest,
    /// A batch of candidates who could not catch the next one even with all the surplus.
    SureLoser,
    /// Every seat was filled.
    SeatsFilled,
    /// Undeclared write-ins are always dropped first (RCTab).
    WriteIn,
    /// Below a minimum vote threshold.
    BelowMinimum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TiePurpose {
    Elect,
    Exclude,
    Surplus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TieResolution {
    /// The candidates differed at the end of this earlier round.
    EarlierRound(u32),
    /// The order drawn by lot before the count (see [`TieBreakRecord`]).
    Lot,
    /// The candidates' order on the ballot paper / in the configuration.
    CandidateOrder,
    /// RCTab's seeded Java random number generator.
    Random { seed: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IterationEnd {
    Elected,
    Omega,
    Stable,
    SureLosers,
}

/// How final ties are broken, recorded so anyone can repeat the count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TieBreakRecord {
    /// The lot's seed, when a lot decides (a candidate order drawn from it before counting).
    pub seed: Option<u64>,
    /// The tie-break order in force: candidate indices, first chosen first.
    pub order: Vec<CandidateId>,
    /// `lot`, `candidate-order` or `random` (RCTab's generator).
    pub mode: String,
}

/// Method-specific results.
#[derive(Debug, Clone, PartialEq)]
pub enum Details {
    /// Schulze: `d[i][j]` voters preferring i to j; `p[i][j]` strongest path strengths.
    Schulze { pairwise: Vec<Vec<String>>, strongest: Vec<Vec<String>>, ranking: Vec<CandidateId> },
    /// Majority Judgment: each candidate's median grade and the ordering.
    MajorityJudgment { medians: Vec<Option<String>>, ranking: Vec<CandidateId> },
    /// Consent: carried or not, the objections and the limit.
    Consent { carried: bool, objections: String, limit: String },
}

impl Transcript {
    /// The transcript as JSON: `{"method", "seats", "elected": [names], "rounds": [...]}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let name = |c: &CandidateId| Value::String(self.candidates[usize::from(*c)].clone());
        let names = |cs: &[CandidateId]| Value::Array(cs.iter().map(name).collect());
        let rounds: Vec<Value> = self
            .rounds
            .iter()
            .map(|r| {
                let mut o = Map::new();
                o.insert("round".into(), json!(r.number));
                let mut tallies = Map::new();
                for (i, t) in r.tallies.iter().enumerate() {
                    if let Some(t) = t {
                        tallies.insert(self.candidates[i].clone(), Value::String(t.clone()));
                    }
                }
                o.insert("tallies".into(), Value::Object(tallies));
                o.insert("quota".into(), r.quota.clone().map_or(Value::Null, Value::String));
                o.insert("elected".into(), names(&r.elected));
                o.insert("excluded".into(), names(&r.excluded));
                if let Some(e) = &r.exhausted {
                    o.insert("exhausted".into(), Value::String(e.clone()));
                }
                if let Some(kf) = &r.keep_factors {
                    let mut m = Map::new();
                    for (i, k) in kf.iter().enumerate() {
                        if let Some(k) = k {
                            m.insert(self.candidates[i].clone(), Value::String(k.clone()));
                        }
                    }
                    o.insert("keep_factors".into(), Value::Object(m));
                }
                o.insert(
                    "events".into(),
                    Value::Array(r.events.iter().map(|e| self.event_json(e)).collect()),
                );
                Value::Object(o)
            })
            .collect();
        let mut o = Map::new();
        o.insert("method".into(), Value::String(self.method.clone()));
        o.insert("seats".into(), json!(self.seats));
        o.insert(
            "candidates".into(),
            Value::Array(self.candidates.iter().cloned().map(Value::String).collect()),
        );
        o.insert("elected".into(), names(&self.elected));
        let mut opts = Map::new();
        for (k, v) in &self.options {
            opts.insert(k.clone(), Value::String(v.clone()));
        }
        o.insert("options".into(), Value::Object(opts));
        let mut tb = Map::new();
        tb.insert("mode".into(), Value::String(self.tie_break.mode.clone()));
        if let Some(seed) = self.tie_break.seed {
            tb.insert("seed".into(), Value::String(seed.to_string()));
        }
        tb.insert("order".into(), names(&self.tie_break.order));
        o.insert("tie_break".into(), Value::Object(tb));
        if let Some(d) = &self.details {
            o.insert("details".into(), self.details_json(d));
        }
        o.insert("rounds".into(), Value::Array(rounds));
        Value::Object(o)
    }

    fn matrix_json(&self, m: &[Vec<String>]) -> Value {
        let mut rows = Map::new();
        for (i, row) in m.iter().enumerate() {
            let mut cols = Map::new();
            for (j, v) in row.iter().enumerate() {
                if i != j {
                    cols.insert(self.candidates[j].clone(), Value::String(v.clone()));
                }
            }
            rows.insert(self.candidates[i].clone(), Value::Object(cols));
        }
        Value::Object(rows)
    }

    fn details_json(&self, d: &Details) -> Value {
        let names = |cs: &[CandidateId]| {
            Value::Array(
                cs.iter()
                    .map(|c| Value::String(self.candidates[usize::from(*c)].clone()))
                    .collect(),
            )
        };
        match d {
            Details::Schulze { pairwise, strongest, ranking } => json!({
                "pairwise": self.matrix_json(pairwise),
                "strongest_paths": self.matrix_json(strongest),
                "ranking": names(ranking),
            }),
            Details::MajorityJudgment { medians, ranking } => {
                let mut m = Map::new();
                for (i, g) in medians.iter().enumerate() {
                    if let Some(g) = g {
                        m.insert(self.candidates[i].clone(), Value::String(g.clone()));
                    }
                }
                json!({ "medians": Value::Object(m), "ranking": names(ranking) })
            }
            Details::Consent { carried, objections, limit } => {
                json!({ "carried": carried, "objections": objections, "limit": limit })
            }
        }
    }

    fn event_json(&self, e: &Event) -> Value {
        let n = |c: &CandidateId| self.candidates[usize::from(*c)].clone();
        match e {
            Event::Elected { candidate, reason } => {
                json!({ "event": "elected", "candidate": n(candidate), "reason": format!("{reason:?}").to_lowercase() })
            }
            Event::Excluded { candidate, reason } => {
                json!({ "event": "excluded", "candidate": n(candidate), "reason": format!("{reason:?}").to_lowercase() })
            }
            Event::SurplusTransferred { candidate, surplus } => {
                json!({ "event": "surplus", "candidate": n(candidate), "surplus": surplus })
            }
            Event::VotesTransferred { from } => {
                json!({ "event": "transfer", "from": from.iter().map(n).collect::<Vec<_>>() })
            }
            Event::Transfers { from, to } => {
                let mut m = Map::new();
                for (c, v) in to {
                    let key = c.as_ref().map_or_else(|| "exhausted".to_owned(), n);
                    m.insert(key, Value::String(v.clone()));
                }
                json!({ "event": "transfers", "from": from.iter().map(n).collect::<Vec<_>>(), "to": Value::Object(m) })
            }
            Event::Tie { purpose, among, chosen, by } => {
                let by = match by {
                    TieResolution::EarlierRound(r) => json!({ "earlier_round": r }),
                    TieResolution::Lot => json!("lot"),
                    TieResolution::CandidateOrder => json!("candidate-order"),
                    TieResolution::Random { seed } => json!({ "random_seed": seed.to_string() }),
                };
                json!({
                    "event": "tie",
                    "purpose": format!("{purpose:?}").to_lowercase(),
                    "among": among.iter().map(n).collect::<Vec<_>>(),
                    "chosen": n(chosen),
                    "by": by,
                })
            }
            Event::Iterated { why, surplus } => {
                json!({ "event": "iterated", "why": format!("{why:?}").to_lowercase(), "surplus": surplus })
            }
        }
    }
}
