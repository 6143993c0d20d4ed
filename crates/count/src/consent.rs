//! Consent: a proposal is carried unless the objections reach a stated number.
//!
//! The rule: with `limit` = the number of objections that blocks (1 = any objection blocks, as
//! in sociocratic consent), the proposal is carried when the weight of objections is below
//! `limit`. Stand-asides and consents count the same (neither blocks). From ranked ballots
//! (`plenum count --method consent`), a ballot objects when its first preference is a candidate
//! named `object`, `objection` or `block` (any case); option `objections=N` sets the limit.

use crate::ballot::Election;
use crate::error::CountError;
use crate::method::{OptionReader, bad};
use crate::transcript::{Details, Round, Transcript};

/// Decides consent: carried when `objections < limit`.
#[must_use]
pub fn carried(objections: u128, limit: u128) -> bool {
    objections < limit.max(1)
}

/// Counts consent from ranked ballots.
///
/// # Errors
/// Bad options, or no candidate naming the objection.
pub fn count(e: &Election, options: &[(String, String)]) -> Result<Transcript, CountError> {
    let o = OptionReader::new(options);
    o.only(&["objections"])?;
    let limit: u128 = o.parse("objections", "a whole number of at least 1")?.unwrap_or(1);
    if limit == 0 {
        return Err(bad("objections", "0", "a whole number of at least 1"));
    }
    let objection = e
        .candidates
        .iter()
        .position(|c| matches!(c.to_lowercase().as_str(), "object" | "objection" | "block"))
        .ok_or_else(|| CountError::WrongBallots {
            method: "consent".into(),
            needs: "a choice named \"object\" (or \"objection\", \"block\") among the candidates"
                .into(),
        })?;
    let mut objections: u128 = 0;
    let mut others: u128 = 0;
    for b in e.ballots.iter() {
        let first = b.positions().find_map(|p| p.candidates().next());
        match first {
            Some(c) if usize::from(c) == objection => objections += u128::from(b.weight),
            Some(_) => others += u128::from(b.weight),
            None => {}
        }
    }
    let ok = carried(objections, limit);
    let mut round = Round { number: 1, ..Round::default() };
    round.tallies = e
        .candidates
        .iter()
        .enumerate()
        .map(|(i, _)| Some(if i == objection { objections } else { others }.to_string()))
        .collect();
    round.quota = Some(limit.to_string());
    Ok(Transcript {
        method: "consent".into(),
        options: options.to_vec(),
        seats: 0,
        candidates: e.candidates.clone(),
        rounds: vec![round],
        details: Some(Details::Consent {
            carried: ok,
            objections: objections.to_string(),
            limit: limit.to_string(),
        }),
        ..Transcript::default()
    })
}
