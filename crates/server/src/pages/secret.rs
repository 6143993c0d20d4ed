//! A secret ballot on its motion's page: the trustees' key ceremony, the voter's encrypted
//! vote with its tracker and the device check, the convenor's seal, the trustees'
//! decryption, and the list of counted ballots with what anyone needs to verify the result.
//!
//! Everything a device needs to encrypt or to take a trustee's step (the election's setup and
//! key, the commits, deals and complaints, the sealed tally) is rendered into the form's data
//! attributes; the page's script hands it to the WebAssembly module, which signs the result.

use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use domain::secret::{self, Phase, Secret};
use domain::{Assembly, Ballot, Power};
use record::EventId;
use record::ids::hex_encode;
use record::payload::Seal;

use super::{assembly_of, error_page, render};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::view::{Chrome, member_name};

/// A trustee as the page lists them.
pub struct TrusteeView {
    pub name: String,
    /// The message id of where they stand in the ceremony.
    pub status: &'static str,
}

/// A secret ballot as the page shows it.
pub struct SecretView {
    pub phase: &'static str,
    /// Where the ceremony stands, and what a secret ballot is, in words.
    pub phase_label: String,
    pub explain: String,
    pub sealed_text: Option<String>,
    /// The file name the record downloads as, for the command that verifies it.
    pub bundle_name: String,
    pub trustees: Vec<TrusteeView>,
    /// The viewer's trustee number, and the step they may take now (`commit`, `deal`,
    /// `check`, `decrypt`).
    pub my_step: Option<(u32, &'static str)>,
    /// The step a convenor may end without the trustees who have not acted.
    pub skip: Option<&'static str>,
    pub setup: String,
    pub key: String,
    pub commits: String,
    pub deals: String,
    pub complaints: String,
    pub tally: String,
    /// Members may vote now.
    pub voting: bool,
    /// The seal a convenor may sign now.
    pub seal: Option<Seal>,
    /// Ballots sealed, trustees who decrypted.
    pub sealed: Option<(u64, usize)>,
    pub decrypted: bool,
}

fn phase_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Commit => "commit",
        Phase::Deal => "deal",
        Phase::Check => "check",
        Phase::Ready => "ready",
        Phase::Failed(_) => "failed",
    }
}

fn hex<T: serde::Serialize>(message: &T) -> String {
    hex_encode(&record::wire::to_bytes(message).expect("protocol messages encode"))
}

fn trustee_status(s: &Secret, t: u32) -> &'static str {
    let out = !s.taking_part.is_empty() && !s.taking_part.contains(&t);
    let absent = s.key.as_ref().is_some_and(|k| !k.qualified.contains(&t));
    if out || absent {
        "secret-trustee-out"
    } else if s.has_done(t) {
        "secret-trustee-done"
    } else {
        "secret-trustee-waiting"
    }
}

/// The secret panel of ballot `b`, for the reader of `ctx`.
pub(crate) fn secret_view(ctx: &Ctx, a: &Assembly, b: &Ballot, open: bool) -> Option<SecretView> {
    let s = b.secret()?;
    let setup = secret::setup_of(b)?;
    let viewer_trustee = ctx.viewer.and_then(|v| s.trustee_number(&v));
    let convenes = ctx.viewer.is_some_and(|v| a.holds(&v, Power::Convene));
    let my_step = viewer_trustee.and_then(|t| s.due(t).ok().map(|step| (t, step.code())));
    let skip = match s.phase {
        Phase::Commit if convenes && s.commits.len() >= s.threshold as usize => {
            Some("close_commits")
        }
        Phase::Deal if convenes && s.deals.len() >= s.threshold as usize => Some("close_deals"),
        Phase::Check if convenes => Some("conclude"),
        _ => None,
    };
    let seal = (convenes && s.phase == Phase::Ready && s.seal.is_none())
        .then(|| ctx.state.node.seal_payload(a, &b.id).ok())
        .flatten();
    let trustees = s
        .trustees
        .iter()
        .zip(1u32..)
        .map(|(k, t)| TrusteeView { name: member_name(a, k), status: trustee_status(s, t) })
        .collect();
    let tr = ctx.tr();
    let explain = tr.t2("secret-explain", "threshold", s.threshold, "trustees", s.trustees.len());
    let sealed_text = s.seal.as_ref().map(|seal| {
        tr.args(
            "secret-sealed",
            &[
                ("ballots", seal.ballots.into()),
                ("done", s.partials.len().into()),
                ("threshold", s.threshold.into()),
            ],
        )
    });
    Some(SecretView {
        phase: phase_name(&s.phase),
        phase_label: tr.t(&format!("secret-phase-{}", phase_name(&s.phase))),
        explain,
        sealed_text,
        bundle_name: format!("plenum-{}.bundle", a.id.short()),
        trustees,
        my_step,
        skip,
        setup: hex(&setup),
        key: s.key.as_ref().map(|k| hex_encode(&k.public_key.0)).unwrap_or_default(),
        commits: s.commit_messages().iter().map(hex).collect::<Vec<_>>().join(" "),
        deals: s.deal_messages().iter().map(hex).collect::<Vec<_>>().join(" "),
        complaints: hex(&s.complaints()),
        tally: s.seal.as_ref().map(|seal| hex(&seal.tally)).unwrap_or_default(),
        voting: open && s.phase == Phase::Ready,
        seal,
        sealed: s.seal.as_ref().map(|seal| (seal.ballots, s.partials.len())),
        decrypted: s.result.is_some(),
    })
}

#[derive(Template)]
#[template(path = "secret_ballots.html")]
struct BallotList<'a> {
    chrome: Chrome<'a>,
    title: String,
    base: String,
    /// Trackers in the seal's order, with their weights.
    trackers: Vec<(String, u64)>,
    sealed: bool,
}

/// `/a/{assembly}/m/{motion}/ballots`: the counted ballots of a sealed secret ballot, by
/// tracker, so every voter finds theirs.
pub async fn ballot_list(
    ctx: Ctx,
    Path((assembly, motion)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let a = assembly_of(&ctx, &assembly)?;
    let not_found = || error_page(&ctx, StatusCode::NOT_FOUND, "no-motion");
    let m =
        motion.parse::<EventId>().ok().and_then(|id| a.motions.get(&id)).ok_or_else(not_found)?;
    let b = m.ballot.and_then(|b| a.ballots.get(&b)).ok_or_else(not_found)?;
    let s = b.secret().ok_or_else(not_found)?;
    let sealed = s.seal.is_some();
    let trackers = if sealed {
        let counted = secret::crypto_seal(&s.fingerprint, &secret::counted(b));
        counted.ballots.iter().map(|c| (c.tracker.to_hex(), c.weight)).collect()
    } else {
        Vec::new()
    };
    let page = BallotList {
        chrome: Chrome::new(&ctx, ctx.tr().t("secret-ballots-title")).in_assembly(&ctx, &a),
        title: m.title.clone(),
        base: format!("/a/{}/m/{}", a.id, m.id),
        trackers,
        sealed,
    };
    Ok(render(&page))
}
