//! `plenum verify`, secret ballots: every counted ballot's proofs (batched, on all cores), the
//! key ceremony, the seal (the exact set of counted ballots, their weights, and their
//! encrypted tally), every partial decryption and the result — recomputed from the record with
//! `ballot_crypto::verify_election`, trusting no one.

use std::borrow::Cow;

use ballot_crypto::verify::{
    ElectionRecord, Elector, verify_ballots, verify_election_with_progress,
};
use ballot_crypto::{BallotError, BallotRef, Ballots, Failure as CryptoFailure};
use domain::secret::{self, Counted, Phase};
use domain::{Assembly, Ledger};
use record::payload::{Mark, Payload, Vote};
use record::{EventId, PublicKey};
use serde_json::{Value, json};

use crate::say::Say;

/// The family of the messages that explain a failure (`secret-failure-<code>`).
const FAILURE: &str = concat!("secret", "-failure");

/// What checking one secret ballot found.
pub struct Checked {
    pub ballot: EventId,
    pub report: Value,
    /// Why the secret ballot is not valid, in the reader's language.
    pub failure: Option<String>,
}

/// Checks every secret ballot of the assembly in `ledger`; `progress(done, total)` is called as
/// ballots are verified.
pub fn check(say: &Say, ledger: &Ledger, progress: &(dyn Fn(usize, usize) + Sync)) -> Vec<Checked> {
    let state = ledger.state();
    state
        .ballots
        .values()
        .filter(|b| b.secret().is_some())
        .map(|b| {
            let (report, failure) = match check_one(ledger, state, &b.id, progress) {
                Ok(report) => (report, None),
                Err((report, code, args)) => (report, Some(say.reason(FAILURE, code, &args))),
            };
            Checked { ballot: b.id, report, failure }
        })
        .collect()
}

type Fault = (Value, &'static str, Vec<(&'static str, String)>);

fn check_one(
    ledger: &Ledger,
    state: &Assembly,
    id: &EventId,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Value, Fault> {
    let b = &state.ballots[id];
    let s = b.secret().expect("filtered on secret ballots");
    let setup = secret::setup_of(b).expect("a secret ballot has a setup");
    let counted = secret::counted(b);
    let mut report = json!({
        "trustees": s.trustees.len(), "threshold": s.threshold,
        "phase": match &s.phase { Phase::Commit => "commit", Phase::Deal => "deal",
            Phase::Check => "check", Phase::Ready => "ready", Phase::Failed(_) => "failed" },
        "ballots": counted.len(), "sealed": s.seal.is_some(),
        "public_key": s.key.as_ref().map(|k| record::ids::hex_encode(&k.public_key.0)),
    });
    let Some(election) = s.election.clone() else { return Ok(report) };
    let ballots = Cast { ledger, counted: &counted };
    let total = ballots.len();
    let Some(seal) = &s.seal else {
        // Still open: the ballots cast so far.
        verify_ballots(&election, &ballots).map_err(|f| {
            let c = &counted[f.index];
            let fault =
                CryptoFailure::Ballot { voter: c.voter, tracker: c.tracker, error: f.error };
            failure(report.clone(), &fault)
        })?;
        progress(total, total);
        return Ok(report);
    };
    let crypto_seal = secret::crypto_seal(&s.fingerprint, &counted);
    if crypto_seal.digest() != seal.digest {
        return Err((report, "seal-digest", vec![]));
    }
    let Some(result) = s.result.clone() else {
        report["decrypted_by"] = json!(s.decrypted_by());
        return Ok(report);
    };
    let record = ElectionRecord {
        setup,
        commits: s.commit_messages(),
        deals: s.deal_messages(),
        complaints: s.complaints(),
        electorate: b
            .electorate
            .iter()
            .map(|(voter, weight)| Elector { voter: *voter, weight: *weight })
            .collect(),
        ballots,
        seal: crypto_seal,
        partials: s.partials.iter().map(|p| p.message.clone()).collect(),
        result,
    };
    let verified = verify_election_with_progress(&record, &|done| progress(done, total))
        .map_err(|f| failure(report.clone(), &f))?;
    if verified.encrypted_tally != seal.tally {
        return Err((report, "seal-tally", vec![]));
    }
    report["verified"] = json!(true);
    report["result"] = json!(verified.tally.questions);
    report["decrypted_by"] = json!(verified.decrypted_by);
    report["weight"] = json!(verified.total_weight);
    Ok(report)
}

/// The counted ballots, read from their events as `verify_election` checks them, a chunk at a
/// time: a million ballots decoded at once would take more than a gigabyte.
struct Cast<'a> {
    ledger: &'a Ledger,
    counted: &'a [Counted],
}

impl Ballots for Cast<'_> {
    fn len(&self) -> usize {
        self.counted.len()
    }

    fn voter(&self, index: usize) -> PublicKey {
        self.counted[index].voter
    }

    fn ballot(&self, index: usize) -> BallotRef<'_> {
        // A counted ballot's event is a vote holding it (the fold counted it so); anything
        // else reads as no ballot, and fails as unreadable.
        let bytes =
            self.ledger.get(&self.counted[index].event).and_then(
                |e| match domain::apply::payload(e) {
                    Ok(Payload::Vote(Vote { mark: Mark::Encrypted(blob), .. })) => Some(blob.0),
                    _ => None,
                },
            );
        BallotRef::Encoded(Cow::Owned(bytes.unwrap_or_default()))
    }
}

/// The code and values of a failure of `verify_election`, for its translated message.
fn failure(report: Value, f: &CryptoFailure) -> Fault {
    use CryptoFailure as F;
    let (code, args) = match f {
        F::Setup(_) => ("setup", vec![]),
        F::Ceremony(e) => ("ceremony", vec![("detail", e.to_string())]),
        F::SealForOtherElection | F::SealNotCanonical => ("seal-digest", vec![]),
        F::DuplicateElector(k) | F::NotAnElector(k) | F::TwoBallots(k) => {
            ("electorate", vec![("member", k.short())])
        }
        F::DuplicateBallot(t) => ("duplicate", vec![("tracker", t.short())]),
        F::BallotNotSealed(t) => ("not-sealed", vec![("tracker", t.short())]),
        F::SealedBallotMissing(t) => ("missing", vec![("tracker", t.short())]),
        F::WrongWeight { tracker, .. } => ("weight", vec![("tracker", tracker.short())]),
        F::Ballot { tracker, error: BallotError::Encoding, .. } => {
            ("unreadable", vec![("tracker", tracker.short())])
        }
        F::Ballot { voter, tracker, error } => (
            "ballot",
            vec![
                ("tracker", tracker.short()),
                ("member", voter.short()),
                ("detail", error.to_string()),
            ],
        ),
        F::TotalWeight => ("weight", vec![("tracker", String::new())]),
        F::Decryption(e) => ("decryption", vec![("detail", e.to_string())]),
        F::ResultMismatch { .. } => ("result", vec![]),
    };
    (report, code, args)
}
