//! `plenum trustee`: a trustee takes part in a secret ballot's key ceremony and decryption
//! from a terminal, as it would from its phone.
//!
//! The terminal is the member's device: the assembly's record is fetched from the node and
//! checked and folded here (`domain`), the step due is decided from it
//! ([`domain::secret::Secret::due`], the same answer as the button on the motion's page), the
//! message is made from the member key ([`domain::secret::trustee_payload`], the same code as
//! the browser's module), and the event is signed here and posted to the node's one door for
//! events. Nothing is kept between steps: the trustee's secrets are derived from its key.
//!
//! Exit codes: 0 when a step was taken or nothing is due yet (waiting for the other trustees,
//! for the seal, or done); 1 when this key can take no step on this ballot (not a trustee, left
//! out of the ceremony, the ceremony failed) or the node refused the step; 2 for bad input or
//! a node that cannot be reached.

mod identity;
mod node;

use std::process::ExitCode;
use std::time::Duration;

use chacha20::ChaCha20Rng;
use domain::secret::{self, Due, Idle, Phase, Secret};
use domain::{Assembly, Ballot};
use rand_core::SeedableRng;
use record::payload::Method;
use record::{Keypair, Payload, PublicKey};

use self::identity::Who;
use self::node::{Node, Refused, Target};
use crate::say::Say;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Show where a secret ballot's key ceremony and decryption stand, and what is next for you.
    Status(StatusArgs),
    /// Take the step that is due for you: commit, deal, check, or decrypt once sealed.
    Step(StepArgs),
}

/// Which secret ballot.
#[derive(clap::Args)]
pub struct On {
    /// The motion's page, as the browser shows it (http://HOST:PORT/a/ASSEMBLY/m/MOTION), or
    /// the node's address with --assembly and --motion.
    url: String,
    /// The assembly's ID, when URL is only the node's address.
    #[arg(long)]
    assembly: Option<String>,
    /// The motion's ID, when URL does not name it.
    #[arg(long)]
    motion: Option<String>,
}

#[derive(clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    on: On,
    #[command(flatten)]
    who: Who,
}

#[derive(clap::Args)]
pub struct StepArgs {
    #[command(flatten)]
    on: On,
    #[command(flatten)]
    who: Who,
    /// Keep watching, and take each step as it becomes due, until your share of the
    /// decryption is recorded.
    #[arg(long)]
    watch: bool,
    /// With --watch: the longest wait, in seconds, between two looks at the record (the node's
    /// live updates usually wake it sooner).
    #[arg(long, default_value_t = 5, value_name = "SECONDS")]
    interval: u64,
}

pub fn run(say: &Say, command: &Command) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    match command {
        Command::Status(args) => runtime.block_on(status(say, args)),
        Command::Step(args) => runtime.block_on(step(say, args)),
    }
}

/// The secret ballot on the target's motion, in an assembly's state.
fn secret_ballot<'a>(say: &Say, a: &'a Assembly, target: &Target) -> anyhow::Result<&'a Ballot> {
    let motion = a.motions.get(&target.motion).ok_or_else(|| {
        anyhow::anyhow!(say.t1("cli-trustee-no-motion", "motion", target.motion.to_hex()))
    })?;
    let ballot = motion
        .ballot
        .and_then(|b| a.ballots.get(&b))
        .ok_or_else(|| anyhow::anyhow!(say.t("cli-trustee-no-ballot")))?;
    if ballot.secret().is_none() {
        anyhow::bail!(say.t("cli-trustee-not-secret"));
    }
    Ok(ballot)
}

fn target(say: &Say, on: &On) -> anyhow::Result<Target> {
    Target::parse(say, &on.url, on.assembly.as_deref(), on.motion.as_deref())
}

async fn status(say: &Say, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let target = target(say, &args.on)?;
    let node = Node::new(say, target.url.clone());
    let me = if args.who.given() { Some(args.who.public(say, &node).await?) } else { None };
    let a = node.assembly(&target.assembly).await?;
    let ballot = secret_ballot(say, &a, &target)?;
    print_status(say, &a, ballot);
    if let Some(me) = me {
        let s = ballot.secret().expect("a secret ballot");
        match s.trustee_number(&me) {
            Some(t) => {
                let args = [("number", t.into()), ("trustees", s.trustees.len().into())];
                println!("{}", say.args("cli-trustee-you", &args));
            }
            None => println!("{}", say.t1("cli-trustee-not-yours", "key", me.to_hex())),
        }
        match s.due_for(&me) {
            Ok((_, step)) => println!(
                "{}",
                say.t1(&format!("cli-trustee-next-{}", step.code()), "url", target.page())
            ),
            Err(idle) if s.trustee_number(&me).is_some() => println!("{}", idle_text(say, s, idle)),
            Err(_) => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the ballot stands: its ceremony, each trustee's steps, the ballot box, the result.
fn print_status(say: &Say, a: &Assembly, ballot: &Ballot) {
    let s = ballot.secret().expect("a secret ballot");
    let title = a.motions.get(&ballot.motion).map(|m| m.title.clone()).unwrap_or_default();
    let args = [
        ("title", title.clone().into()),
        ("threshold", s.threshold.into()),
        ("trustees", s.trustees.len().into()),
    ];
    println!("{}", say.args("cli-trustee-title", &args));
    let phase = match s.phase {
        Phase::Commit => "commit",
        Phase::Deal => "deal",
        Phase::Check => "check",
        Phase::Ready => "ready",
        Phase::Failed(_) => "failed",
    };
    println!("  {}", say.t(&format!("cli-trustee-phase-{phase}")));
    print_trustees(say, a, s);
    if s.phase == Phase::Ready {
        let line = match &s.seal {
            None => say.t1("cli-trustee-box-open", "count", s.casts.len()),
            Some(seal) => say.args(
                "cli-trustee-box-sealed",
                &[
                    ("ballots", seal.ballots.into()),
                    ("done", s.partials.len().into()),
                    ("threshold", s.threshold.into()),
                ],
            ),
        };
        println!("  {line}");
    }
    print_result(say, a, ballot, title);
}

/// A table of the trustees and the steps each has taken.
fn print_trustees(say: &Say, a: &Assembly, s: &Secret) {
    let steps = ["commit", "deal", "check", "decrypt"];
    let headers: Vec<String> =
        steps.iter().map(|c| say.t(&format!("cli-trustee-col-{c}"))).collect();
    let widths: Vec<usize> = headers.iter().map(|h| h.chars().count().max(1)).collect();
    println!("  {}", say.t("cli-trustee-heading"));
    let mut line = String::from("      ");
    for (h, w) in headers.iter().zip(&widths) {
        line.push_str(&format!("{h:<w$}  "));
    }
    println!("{}", line.trim_end());
    let done = |list: Vec<u32>, t: u32| list.contains(&t);
    for (key, t) in s.trustees.iter().zip(1u32..) {
        let out = !s.taking_part.is_empty() && !s.taking_part.contains(&t);
        let marks = [
            done(s.commits.iter().map(|c| c.trustee).collect(), t),
            done(s.deals.iter().map(|d| d.trustee).collect(), t),
            done(s.checks.iter().map(|c| c.trustee).collect(), t),
            done(s.decrypted_by(), t),
        ];
        let mut line = format!("  {t:>2}  ");
        for (i, (mark, w)) in marks.iter().zip(&widths).enumerate() {
            let sign = if *mark {
                "✓"
            } else if out && i > 0 {
                "–"
            } else {
                "·"
            };
            line.push_str(&format!("{sign:<w$}  "));
        }
        line.push_str(&name_of(a, key));
        println!("{line}");
    }
    println!("      {}", say.t("cli-trustee-legend"));
}

fn name_of(a: &Assembly, key: &PublicKey) -> String {
    a.members.get(key).map_or_else(|| key.short(), |m| m.name.clone())
}

/// The decrypted result, once there is one.
fn print_result(say: &Say, a: &Assembly, ballot: &Ballot, title: String) {
    let Some(s) = ballot.secret() else { return };
    if s.result.is_none() {
        return;
    }
    if ballot.method == Method::YesNoAbstain {
        let t = ballot.tally();
        let result = match ballot.status(::node::system_time()) {
            domain::BallotStatus::Closed(count::majority::Outcome::Carried) => "carried",
            domain::BallotStatus::Closed(count::majority::Outcome::NotCarried) => "not_carried",
            domain::BallotStatus::Closed(count::majority::Outcome::QuorumNotMet) => {
                "quorum_not_met"
            }
            _ => "counted",
        };
        let args = [
            ("title", title.into()),
            ("result", say.t(&format!("cli-result-{result}")).into()),
            ("yes", t.yes.into()),
            ("no", t.no.into()),
            ("abstain", t.abstain.into()),
        ];
        println!("  {}", say.args("cli-verify-ballot", &args));
        return;
    }
    println!("  {}", say.t1("cli-trustee-result", "title", title));
    for (name, votes, seat) in secret::chosen(a, &ballot.id).unwrap_or_default() {
        let id = if seat { "cli-trustee-chosen-seat" } else { "cli-trustee-chosen" };
        println!("    {}", say.args(id, &[("name", name.into()), ("votes", votes.into())]));
    }
}

/// Why nothing is due, in words.
fn idle_text(say: &Say, s: &Secret, idle: Idle) -> String {
    match idle {
        Idle::Waiting(step) => {
            let (done, expected) = match step {
                Due::Commit => (s.commits.len(), s.trustees.len()),
                Due::Deal => (s.deals.len(), s.taking_part.len()),
                Due::Check | Due::Decrypt => (s.checks.len(), s.taking_part.len()),
            };
            say.args(
                &format!("cli-trustee-waiting-{}", step.code()),
                &[("done", done.into()), ("expected", expected.into())],
            )
        }
        idle => say.t(&format!("cli-trustee-idle-{}", idle.code())),
    }
}

/// Whether an idle reason lasts for ever: no step will ever be due for this key.
fn is_final(idle: Idle) -> bool {
    matches!(idle, Idle::NotATrustee | Idle::Out | Idle::Failed | Idle::Decrypted)
}

async fn step(say: &Say, args: &StepArgs) -> anyhow::Result<ExitCode> {
    let target = target(say, &args.on)?;
    let node = Node::new(say, target.url.clone());
    // The record is checked before the passphrase is asked: a bad address or motion fails
    // first, without typing it.
    let a = node.assembly(&target.assembly).await?;
    secret_ballot(say, &a, &target)?;
    let key = args.who.keypair(say, &node).await?;
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    if args.watch {
        println!("{}", say.t1("cli-trustee-watching", "url", target.page()));
        follow_live(&target, &wake, Duration::from_secs(args.interval.max(1)));
    }
    let mut state = Some(a);
    let mut said: Option<Idle> = None;
    loop {
        let a = match state.take() {
            Some(a) => a,
            None => node.assembly(&target.assembly).await?,
        };
        let ballot = secret_ballot(say, &a, &target)?;
        let s = ballot.secret().expect("a secret ballot");
        match s.due_for(&key.public()) {
            Ok((t, due)) => {
                said = None;
                if due == Due::Decrypt {
                    // Decrypt nothing but the sum of the sealed ballots, checked here.
                    let record = node.record(&target.assembly).await?;
                    if let Err(r) = secret::check_sealed_box(&record, &ballot.id) {
                        let reason = say.reason("rejection", r.code(), &r.args());
                        eprintln!("{}", say.t1("cli-trustee-box-wrong", "reason", reason));
                        return Ok(ExitCode::from(1));
                    }
                }
                match take(say, &node, &target, ballot, &key, t, due).await? {
                    Ok(()) if due == Due::Decrypt => {
                        let a = node.assembly(&target.assembly).await?;
                        if let Ok(b) = secret_ballot(say, &a, &target) {
                            print_result(say, &a, b, title_of(&a, b));
                        }
                        return Ok(ExitCode::SUCCESS);
                    }
                    Ok(()) if !args.watch => return Ok(ExitCode::SUCCESS),
                    Ok(()) => continue,
                    Err(Refused(reason)) => {
                        eprintln!("{}", say.t1("cli-trustee-refused", "reason", reason));
                        return Ok(ExitCode::from(1));
                    }
                }
            }
            Err(idle) => {
                if said != Some(idle) {
                    println!("{}", idle_text(say, s, idle));
                    said = Some(idle);
                }
                if is_final(idle) || !args.watch {
                    let failed = matches!(idle, Idle::NotATrustee | Idle::Out | Idle::Failed);
                    return Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS });
                }
            }
        }
        // Wait for a change in the assembly, or the interval at the longest.
        let interval = Duration::from_secs(args.interval.max(1));
        let _ = tokio::time::timeout(interval, wake.notified()).await;
    }
}

fn title_of(a: &Assembly, ballot: &Ballot) -> String {
    a.motions.get(&ballot.motion).map(|m| m.title.clone()).unwrap_or_default()
}

/// Trustee `t` takes step `due`: makes the message from the key, signs it, posts it, and says
/// what was done.
async fn take(
    say: &Say,
    node: &Node<'_>,
    target: &Target,
    ballot: &Ballot,
    key: &Keypair,
    t: u32,
    due: Due,
) -> anyhow::Result<Result<(), Refused>> {
    let mut random = zeroize::Zeroizing::new([0u8; 32]);
    getrandom::fill(random.as_mut()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut rng = ChaCha20Rng::from_seed(*random);
    let payload = secret::trustee_payload(ballot, t, due, &key.seed(), &mut rng)
        .map_err(|e| anyhow::anyhow!(say.t1("cli-trustee-step-failed", "detail", e.to_string())))?;
    let event = match node.act(&target.assembly, key, &payload).await? {
        Ok(event) => event,
        Err(refused) => return Ok(Err(refused)),
    };
    let complaints = match &payload {
        Payload::DkgCheck(check) => {
            record::wire::from_bytes::<Vec<ballot_crypto::dkg::DkgComplaint>>(&check.complaints.0)
                .map_or(0, |c| c.len())
        }
        _ => 0,
    };
    let id = if complaints > 0 {
        "cli-trustee-did-check-complaints".to_string()
    } else {
        format!("cli-trustee-did-{}", due.code())
    };
    let args = [("event", event.short().into()), ("count", complaints.into())];
    println!("{}", say.args(&id, &args));
    Ok(Ok(()))
}

/// Follows the assembly's live updates on a task of its own, waking `wake` at each change;
/// reconnects after `interval` when the stream ends or fails.
fn follow_live(target: &Target, wake: &std::sync::Arc<tokio::sync::Notify>, interval: Duration) {
    let (url, path, wake) =
        (target.url.clone(), format!("/a/{}/live", target.assembly), std::sync::Arc::clone(wake));
    tokio::spawn(async move {
        loop {
            let _ = server::client::follow(&url, &path, |_| wake.notify_one()).await;
            tokio::time::sleep(interval).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages named by a step's or a reason's code all exist.
    #[test]
    fn every_step_and_reason_has_its_messages() {
        let catalog = i18n::Catalog::new();
        let steps = [Due::Commit, Due::Deal, Due::Check, Due::Decrypt];
        for step in steps {
            for family in ["cli-trustee-next-", "cli-trustee-did-", "cli-trustee-col-"] {
                let id = format!("{family}{}", step.code());
                assert!(catalog.has(&id), "{id}");
            }
        }
        for step in &steps[..3] {
            let id = format!("cli-trustee-waiting-{}", step.code());
            assert!(catalog.has(&id), "{id}");
        }
        for idle in [Idle::NotATrustee, Idle::Out, Idle::Failed, Idle::NotSealed, Idle::Decrypted] {
            let id = format!("cli-trustee-idle-{}", idle.code());
            assert!(catalog.has(&id), "{id}");
        }
        for phase in ["commit", "deal", "check", "ready", "failed"] {
            assert!(catalog.has(&format!("cli-trustee-phase-{phase}")), "{phase}");
        }
    }
}
