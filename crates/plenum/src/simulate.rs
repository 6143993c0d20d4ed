//! `plenum election simulate`: a complete record of one secret ballot, as a bundle of real
//! signed events — an assembly, its members, the key ceremony of its trustees, N random valid
//! encrypted ballots, the seal, the partial decryptions — for tests, demos and benchmarks.
//! `plenum verify` then checks it like any record.
//!
//! Members join, and later vote, in 64 chains of events made in parallel (each event names its
//! author's previous event and the one before it in its chain), so a million voters take minutes
//! on two cores, and the record's frontier stays small. Encrypting the ballots is most of the
//! work (about 0.6 ms each).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use ballot_crypto::dkg::{DkgComplaint, TrusteeSecret};
use ballot_crypto::{Ballot, Election, EncryptedTally};
use chacha20::ChaCha20Rng;
use rand_core::{Rng as _, SeedableRng};
use record::bundle::{self, Bundle};
use record::keys;
use record::payload::{
    Admission, Blob, Candidate, Decrypt, DkgCheck, DkgCommit, DkgDeal, Election as Seats, Found,
    Invite, Join, Mark, Method, Mode, Motion, MotionKind, OpenBallot, Payload, Rules, Seal, Share,
    Threshold, Trustees, Vote,
};
use record::{AssemblyId, Draft, Event, EventId, Keypair, PublicKey};

use crate::say::Say;

/// Chains of joins and ballots made in parallel.
const CHAINS: usize = 64;

#[derive(clap::Args)]
pub struct Args {
    /// How many members vote.
    #[arg(long)]
    voters: usize,
    /// How many answers the question has: 2 is a yes/no motion (a blank ballot abstains);
    /// more is a secret election of one delegate among that many candidates.
    #[arg(long, default_value_t = 2)]
    answers: u16,
    /// How many trustees hold the key.
    #[arg(long, default_value_t = 3)]
    trustees: u32,
    /// How many trustees are needed to decrypt.
    #[arg(long, default_value_t = 2)]
    threshold: u32,
    /// The share of voters who cast a blank ballot (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    abstain_share: f64,
    /// A seed for the random choices and keys, for the same record every time.
    #[arg(long)]
    seed: Option<u64>,
    /// The bundle file to write.
    #[arg(long)]
    out: PathBuf,
}

/// Signs events for one author, chaining its sequence.
struct Signer {
    key: Keypair,
    seq: u64,
    last: Option<EventId>,
}

impl Signer {
    fn new(key: Keypair) -> Self {
        Self { key, seq: 1, last: None }
    }

    fn sign(
        &mut self,
        assembly: Option<AssemblyId>,
        time: u64,
        deps: &[EventId],
        payload: &Payload,
    ) -> Event {
        let mut all: Vec<EventId> = deps.to_vec();
        all.extend(self.last);
        let draft = Draft {
            assembly,
            seq: self.seq,
            time,
            deps: all,
            kind: payload.kind() as u16,
            payload: payload.encode(),
        };
        let event = draft.sign(&self.key).expect("simulated events respect the format");
        self.seq += 1;
        self.last = Some(event.id());
        event
    }
}

fn blob<T: serde::Serialize>(message: &T) -> Blob {
    Blob(record::wire::to_bytes(message).expect("protocol messages encode"))
}

fn seed_of(rng: &mut ChaCha20Rng) -> [u8; 32] {
    let mut seed = [0u8; 32];
    rng.fill_bytes(&mut seed);
    seed
}

/// Runs `f` over `0..CHAINS` on every core; results in chain order.
fn per_chain<T: Send>(f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    crate::parallel::chunks(CHAINS, 1, |chain| f(chain.start))
}

pub fn run(say: &Say, args: &Args) -> anyhow::Result<ExitCode> {
    if args.voters == 0 || args.answers < 2 || !(0.0..=1.0).contains(&args.abstain_share) {
        anyhow::bail!(say.t("cli-simulate-bad-args"));
    }
    if args.threshold == 0 || args.threshold > args.trustees || args.trustees as usize > args.voters
    {
        anyhow::bail!(say.t("cli-simulate-bad-args"));
    }
    let mut rng = match args.seed {
        Some(seed) => ChaCha20Rng::seed_from_u64(seed),
        None => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("{e}"))?;
            ChaCha20Rng::from_seed(seed)
        }
    };
    let bar = indicatif::ProgressBar::new(args.voters as u64 * 2);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(say.t("cli-simulating"));
    let clock = std::cell::Cell::new(node::system_time() - 86_400_000);
    let tick = || {
        clock.set(clock.get() + 1);
        clock.get()
    };
    let mut events: Vec<Event> = Vec::with_capacity(args.voters * 2 + 64);

    // The assembly and its convenor.
    let mut convenor = Signer::new(Keypair::from_seed(seed_of(&mut rng)));
    let found = Found {
        name: "Simulated assembly".into(),
        description: String::new(),
        parent: None,
        founder_name: "Convenor".into(),
        rules: Rules { admission: Admission::Convenors },
    };
    let founding = convenor.sign(None, tick(), &[], &Payload::Found(found));
    let assembly = Some(founding.assembly_id());
    let a = founding.assembly_id();
    events.push(founding);

    // Invitations (at most 100,000 uses each), then the members join in chains.
    let voter_seeds: Vec<[u8; 32]> = (0..args.voters).map(|_| seed_of(&mut rng)).collect();
    let mut invites = Vec::new();
    for i in 0..args.voters.div_ceil(100_000) {
        let mut random = [0u8; 10];
        rng.fill_bytes(&mut random);
        let code = keys::invite_code(random);
        let key = keys::invite_keypair(&code).map_err(|e| anyhow::anyhow!("{e}"))?;
        let uses =
            u32::try_from((args.voters - i * 100_000).min(100_000)).expect("at most 100,000");
        let invite = Invite { key: key.public(), uses, expires: clock.get() + 10 * 86_400_000 };
        let event = convenor.sign(assembly, tick(), &[], &Payload::Invite(invite));
        invites.push((event.id(), key));
        events.push(event);
    }
    let base = clock.get();
    let last_invite = events.last().map(Event::id).expect("an invitation");
    let joins: Vec<Vec<(usize, Event)>> = per_chain(|c| {
        let mut out = Vec::new();
        let mut prev = last_invite;
        for v in (c..args.voters).step_by(CHAINS) {
            let (invite, invite_key) = &invites[v / 100_000];
            let key = Keypair::from_seed(voter_seeds[v]);
            let proof =
                invite_key.sign(keys::JOIN_TAG, &keys::join_message(&a, invite, &key.public()));
            let join = Join { invite: *invite, name: format!("Member {}", v + 1), proof };
            let mut signer = Signer::new(key);
            let event = signer.sign(assembly, base + 1 + v as u64, &[prev], &Payload::Join(join));
            prev = event.id();
            out.push((v, event));
            bar.inc(1);
        }
        out
    });
    clock.set(base + args.voters as u64 + 1);
    let tips: Vec<EventId> = joins.iter().filter_map(|c| c.last().map(|e| e.1.id())).collect();
    let mut join_of = vec![EventId([0; 32]); args.voters];
    for (v, event) in joins.into_iter().flatten() {
        join_of[v] = event.id();
        events.push(event);
    }

    // The motion and its secret ballot.
    let (kind, method) = if args.answers == 2 {
        (MotionKind::Resolution, Method::YesNoAbstain)
    } else {
        let candidates = (1..=args.answers)
            .map(|i| Candidate { name: format!("Candidate {i}"), member: None })
            .collect();
        (
            MotionKind::Election(Seats { seats: 1, candidates }),
            Method::Choose { candidates: args.answers, max: 1 },
        )
    };
    let motion = Motion { kind, title: "Simulated secret ballot".into(), text: String::new() };
    let motion = convenor.sign(assembly, tick(), &tips, &Payload::Motion(motion));
    let trustee_keys: Vec<PublicKey> =
        (0..args.trustees as usize).map(|v| Keypair::from_seed(voter_seeds[v]).public()).collect();
    let open = OpenBallot {
        motion: motion.id(),
        mode: Mode::Secret(Trustees { trustees: trustee_keys, threshold: args.threshold }),
        method,
        quorum: Share { num: 0, den: 1 },
        threshold: Threshold::SimpleMajority,
        closes_at: None,
    };
    events.push(motion);
    let open = convenor.sign(assembly, tick(), &[], &Payload::OpenBallot(open));
    let ballot = open.id();
    events.push(open);

    // The key ceremony: each trustee commits, deals, checks.
    let setup = ballot_crypto::ElectionSetup {
        version: ballot_crypto::PROTOCOL_VERSION,
        election_id: record::Digest(ballot.0),
        questions: domain::secret::questions(method).expect("a homomorphic method"),
        trustees: (0..args.trustees as usize)
            .map(|v| Keypair::from_seed(voter_seeds[v]).public())
            .collect(),
        threshold: args.threshold,
    };
    let mut trustees: Vec<(Signer, TrusteeSecret)> = Vec::new();
    let mut commits = Vec::new();
    for t in 1..=args.trustees {
        let v = (t - 1) as usize;
        let (secret, commit) = TrusteeSecret::derive(&setup, t, &voter_seeds[v])?;
        let mut signer =
            Signer { key: Keypair::from_seed(voter_seeds[v]), seq: 2, last: Some(join_of[v]) };
        let deps = [events.last().map(Event::id).expect("events")];
        events.push(signer.sign(
            assembly,
            tick(),
            &deps,
            &Payload::DkgCommit(DkgCommit { ballot, commit: blob(&commit) }),
        ));
        commits.push(commit);
        trustees.push((signer, secret));
    }
    let mut deals = Vec::new();
    for (signer, secret) in &mut trustees {
        let deal = secret.deal(&setup, &commits, &mut rng)?;
        let deps = [events.last().map(Event::id).expect("events")];
        events.push(signer.sign(
            assembly,
            tick(),
            &deps,
            &Payload::DkgDeal(DkgDeal { ballot, deal: blob(&deal) }),
        ));
        deals.push(deal);
    }
    let mut complaints: Vec<DkgComplaint> = Vec::new();
    for (signer, secret) in &mut trustees {
        let mine = secret.complaints(&setup, &commits, &deals, &mut rng)?;
        let deps = [events.last().map(Event::id).expect("events")];
        events.push(signer.sign(
            assembly,
            tick(),
            &deps,
            &Payload::DkgCheck(DkgCheck { ballot, complaints: blob(&mine) }),
        ));
        complaints.extend(mine);
    }
    let ceremony = ballot_crypto::dkg::conclude(&setup, &commits, &deals, &complaints)?;
    let election = Election::new(setup.clone(), ceremony.public_key)?;

    // The ballots, in chains: each voter's second (or later) event.
    let start = tick();
    let ceremony_end = events.last().map(Event::id).expect("events");
    let chain_seeds: Vec<[u8; 32]> = (0..CHAINS).map(|_| seed_of(&mut rng)).collect();
    let trustee_seq: Vec<(u64, EventId)> =
        trustees.iter().map(|(s, _)| (s.seq, s.last.expect("signed"))).collect();
    let casts: Vec<Vec<(usize, Event, Ballot, record::Digest)>> = per_chain(|c| {
        let mut chain_rng = ChaCha20Rng::from_seed(chain_seeds[c]);
        let mut out = Vec::new();
        let mut prev = ceremony_end;
        for v in (c..args.voters).step_by(CHAINS) {
            let key = Keypair::from_seed(voter_seeds[v]);
            let blank = (chain_rng.next_u64() as f64 / u64::MAX as f64) < args.abstain_share;
            let pick = (chain_rng.next_u64() % u64::from(args.answers)) as usize;
            let ticks: Vec<bool> =
                (0..usize::from(args.answers)).map(|i| !blank && i == pick).collect();
            let (encrypted, _) =
                Ballot::encrypt(&election, &key.public(), &[ticks], &mut chain_rng)
                    .expect("a valid choice");
            let tracker = encrypted.tracker();
            let (seq, last) = if v < trustee_seq.len() {
                (trustee_seq[v].0, trustee_seq[v].1)
            } else {
                (2, join_of[v])
            };
            let mut signer = Signer { key, seq, last: Some(last) };
            let vote = Vote { ballot, mark: Mark::Encrypted(Blob(encrypted.to_bytes())) };
            let event = signer.sign(assembly, start + 1 + v as u64, &[prev], &Payload::Vote(vote));
            prev = event.id();
            out.push((v, event, encrypted, tracker));
            bar.inc(1);
        }
        out
    });
    clock.set(start + args.voters as u64 + 1);
    let tips: Vec<EventId> = casts.iter().filter_map(|c| c.last().map(|e| e.1.id())).collect();
    let mut counted = Vec::with_capacity(args.voters);
    let mut ballots = Vec::with_capacity(args.voters);
    for (v, event, encrypted, tracker) in casts.into_iter().flatten() {
        counted.push(domain::secret::Counted {
            voter: Keypair::from_seed(voter_seeds[v]).public(),
            event: event.id(),
            tracker,
            weight: 1,
        });
        ballots.push(encrypted);
        events.push(event);
    }
    for (i, (signer, _)) in trustees.iter_mut().enumerate() {
        // The trustees' own ballots moved their chains on.
        if let Some(e) = events.iter().rev().find(|e| e.author() == signer.key.public()) {
            signer.seq = e.seq() + 1;
            signer.last = Some(e.id());
        }
        let _ = i;
    }

    // The seal, and k partial decryptions.
    bar.set_message(say.t("cli-simulate-sealing"));
    let tally = EncryptedTally::compute(&election, ballots.iter().map(|b| (b, 1u64)))?;
    let seal = Seal {
        ballot,
        ballots: counted.len() as u64,
        weight: counted.len() as u64,
        digest: domain::secret::crypto_seal(election.fingerprint(), &counted).digest(),
        tally: blob(&tally),
    };
    events.push(convenor.sign(assembly, tick(), &tips, &Payload::Seal(seal)));
    for (signer, secret) in trustees.iter_mut().take(args.threshold as usize) {
        let (share, _) = secret.key_share(&setup, &commits, &deals, &complaints)?;
        let partial = share.partial_decrypt(&election, &tally, &mut rng)?;
        let deps = [events.last().map(Event::id).expect("events")];
        events.push(signer.sign(
            assembly,
            tick(),
            &deps,
            &Payload::Decrypt(Decrypt { ballot, partial: blob(&partial) }),
        ));
    }
    bar.finish_and_clear();

    let heads = vec![(a, vec![events.last().map(Event::id).expect("events")])];
    let count = events.len();
    let bytes = bundle::encode(&Bundle { created: node::system_time(), events, heads, node: None });
    std::fs::write(&args.out, bytes)
        .with_context(|| say.t1("cli-cannot-write", "file", args.out.display().to_string()))?;
    println!(
        "{}",
        say.args(
            "cli-simulated",
            &[
                ("count", count.into()),
                ("voters", args.voters.into()),
                ("file", args.out.display().to_string().into())
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}
