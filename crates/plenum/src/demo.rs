//! `plenum serve --demo`: a demo assembly to try, seeded once per data directory.
//!
//! The demo members' keys are made here, on the node, and sealed under passphrases printed on
//! the terminal, so that anyone can sign in as one of them. That is the one place plenum
//! signs for people, and only for invented ones: real members make their keys on their own
//! devices.

use std::collections::HashMap;

use anyhow::Context as _;
use ballot_crypto::dkg::TrusteeSecret;
use ballot_crypto::{Ballot, EncryptedTally};
use chacha20::ChaCha20Rng;
use domain::{Assembly, Author, Origin};
use i18n::Arg;
use rand_core::SeedableRng as _;
use record::keys::{self, JOIN_TAG};
use record::payload::{
    Admission, Blob, Candidate, Choice, CloseBallot, Comment, Decrypt, DkgCheck, DkgCommit,
    DkgDeal, Election, Found, Invite, Join, Mark, Method, Mode, Motion, MotionKind, Nominate,
    OpenBallot, Payload, RankedRule, Rules, Share, Threshold, Trustees, Vote,
};
use record::{Event, EventId, Keypair};
use store::VaultEntry;

use crate::say::Say;

/// The setting that marks a data directory as seeded.
const SEEDED: &str = "demo-seeded";
const HOUR: u64 = 3_600_000;

/// The demo's people: sign-in name, name in the assembly.
const PEOPLE: &[(&str, &str)] = &[
    ("aigerim", "Aigerim Bekova"),
    ("dana", "Dana Nurlanovna"),
    ("yerlan", "Yerlan Sadykov"),
    ("olga", "Olga Petrenko"),
    ("joao", "João Ferreira"),
    ("marat", "Marat Zhaksylykov"),
];

fn passphrase(handle: &str) -> String {
    format!("solidarity-{handle}")
}

fn random<const N: usize>() -> anyhow::Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("no randomness from the system: {e}"))?;
    Ok(bytes)
}

/// Events made in order against a local copy of the state, so every one is checked by the
/// rules before the node ever sees it.
struct Builder {
    state: Option<Assembly>,
    events: Vec<Event>,
    time: u64,
}

impl Builder {
    fn act(&mut self, key: &Keypair, payload: Payload) -> EventId {
        self.time += 7 * 60_000;
        let event = match &self.state {
            None => {
                let Payload::Found(found) = payload else {
                    unreachable!("the first demo event founds")
                };
                Author::new(Keypair::from_seed(*key.seed())).found(found, self.time)
            }
            Some(state) => {
                let mut author = Author::resume(Keypair::from_seed(*key.seed()), state);
                author.make(payload, self.time, state.frontier.iter().copied())
            }
        };
        match &mut self.state {
            None => {
                self.state = Some(Assembly::found(&event).expect("the demo's founding is valid"))
            }
            Some(state) => state.apply(&event).expect("the demo follows the rules"),
        }
        let id = event.id();
        self.events.push(event);
        id
    }

    fn join(&mut self, inviter: &Keypair, member: &Keypair, name: &str) -> anyhow::Result<()> {
        let code = keys::invite_code(random()?);
        let invite_key = keys::invite_keypair(&code).expect("a generated code is valid");
        let expires = self.time + 30 * 24 * HOUR;
        let invite = self
            .act(inviter, Payload::Invite(Invite { key: invite_key.public(), uses: 1, expires }));
        let assembly = self.state.as_ref().expect("founded first").id;
        let proof =
            invite_key.sign(JOIN_TAG, &keys::join_message(&assembly, &invite, &member.public()));
        self.act(member, Payload::Join(Join { invite, name: name.into(), proof }));
        Ok(())
    }
}

fn motion(kind: MotionKind, title: &str, text: &str) -> Payload {
    Payload::Motion(Motion { kind, title: title.into(), text: text.into() })
}

fn comment(motion: EventId, reply_to: Option<EventId>, text: &str) -> Payload {
    Payload::Comment(Comment { motion, reply_to, text: text.into() })
}

fn open(
    motion: EventId,
    quorum: (u32, u32),
    threshold: Threshold,
    closes_at: Option<u64>,
) -> Payload {
    Payload::OpenBallot(OpenBallot {
        motion,
        mode: Mode::Open,
        method: Method::YesNoAbstain,
        quorum: Share { num: quorum.0, den: quorum.1 },
        threshold,
        closes_at,
    })
}

fn vote(ballot: EventId, choice: Choice) -> Payload {
    Payload::Vote(Vote { ballot, mark: Mark::Choice(choice) })
}

fn blob<T: serde::Serialize>(message: &T) -> Blob {
    Blob(record::wire::to_bytes(message).expect("protocol messages encode"))
}

/// A secret yes/no ballot on `motion`, done as the members' phones would do it: the trustees
/// (the first `threshold` of whom later decrypt) run the key ceremony, then `votes` are
/// encrypted and cast (`None`: a blank ballot); when `count` is set the convenor seals the box
/// and the trustees decrypt the total.
fn secret_ballot(
    b: &mut Builder,
    convenor: &Keypair,
    motion: EventId,
    trustees: &[&Keypair],
    threshold: u32,
    votes: &[(&Keypair, Option<Choice>)],
    count: bool,
) -> anyhow::Result<EventId> {
    let mut rng = ChaCha20Rng::from_seed(random()?);
    let ballot = b.act(
        convenor,
        Payload::OpenBallot(OpenBallot {
            motion,
            mode: Mode::Secret(Trustees {
                trustees: trustees.iter().map(|k| k.public()).collect(),
                threshold,
            }),
            method: Method::YesNoAbstain,
            quorum: Share { num: 1, den: 2 },
            threshold: Threshold::SimpleMajority,
            closes_at: None,
        }),
    );
    let state = |b: &Builder| b.state.as_ref().expect("founded first").ballots[&ballot].clone();
    let setup = domain::secret::setup_of(&state(b)).expect("a secret ballot has a setup");

    // The key ceremony: each trustee's secret comes from its member key, as on its phone.
    let mut secrets = Vec::new();
    let mut commits = Vec::new();
    for (t, key) in (1..).zip(trustees) {
        let (secret, commit) = TrusteeSecret::derive(&setup, t, &key.seed())?;
        b.act(key, Payload::DkgCommit(DkgCommit { ballot, commit: blob(&commit) }));
        secrets.push(secret);
        commits.push(commit);
    }
    let mut deals = Vec::new();
    for (key, secret) in trustees.iter().zip(&secrets) {
        let deal = secret.deal(&setup, &commits, &mut rng)?;
        b.act(key, Payload::DkgDeal(DkgDeal { ballot, deal: blob(&deal) }));
        deals.push(deal);
    }
    let mut complaints = Vec::new();
    for (key, secret) in trustees.iter().zip(&secrets) {
        let mine = secret.complaints(&setup, &commits, &deals, &mut rng)?;
        b.act(key, Payload::DkgCheck(DkgCheck { ballot, complaints: blob(&mine) }));
        complaints.extend(mine);
    }
    let election = state(b)
        .secret()
        .and_then(|s| s.election.clone())
        .context("the demo's key ceremony gave no key")?;

    // The members vote from their phones: yes and no are one tick each, a blank ballot none.
    let mut cast = HashMap::new();
    for (key, choice) in votes {
        let ticks = vec![*choice == Some(Choice::Yes), *choice == Some(Choice::No)];
        let (encrypted, _) = Ballot::encrypt(&election, &key.public(), &[ticks], &mut rng)?;
        let bytes = encrypted.to_bytes();
        let event =
            b.act(key, Payload::Vote(Vote { ballot, mark: Mark::Encrypted(Blob(bytes.clone())) }));
        cast.insert(event, bytes);
    }
    if !count {
        return Ok(ballot);
    }

    // The seal, and the decryption by as many trustees as are needed.
    let counted = domain::secret::counted(&state(b));
    let blobs = counted.iter().map(|c| cast[&c.event].as_slice());
    let seal = domain::secret::seal_payload(&state(b), &counted, blobs)
        .map_err(|r| anyhow::anyhow!("the demo's seal: {r}"))?;
    let tally: EncryptedTally = record::wire::from_bytes(&seal.tally.0)?;
    b.act(convenor, Payload::Seal(seal));
    for (key, secret) in trustees.iter().zip(&secrets).take(threshold as usize) {
        let (share, _) = secret.key_share(&setup, &commits, &deals, &complaints)?;
        let partial = share.partial_decrypt(&election, &tally, &mut rng)?;
        b.act(key, Payload::Decrypt(Decrypt { ballot, partial: blob(&partial) }));
    }
    Ok(ballot)
}

/// Seeds the demo unless this node already holds it, and says how to sign in.
pub fn seed(say: &Say, node: &node::Node) -> anyhow::Result<()> {
    let store = node.store();
    if store.setting(SEEDED)?.is_none() {
        let keys: Vec<Keypair> = PEOPLE
            .iter()
            .map(|_| random().map(Keypair::from_seed))
            .collect::<anyhow::Result<_>>()?;
        let events = build(&keys, node.now())?;
        for event in events {
            // Seeded history: its times lie in the past, so it enters as a peer's would.
            node.submit_event_wait(event, Origin::Peer)
                .map_err(|r| anyhow::anyhow!("the demo was refused: {r}"))?;
        }
        for ((handle, _), key) in PEOPLE.iter().zip(&keys) {
            let sealed =
                vault::seal(&key.seed(), &passphrase(handle), &random()?, vault::Cost::default())
                    .context("sealing a demo key")?;
            let entry = VaultEntry {
                handle: (*handle).into(),
                key: key.public(),
                sealed,
                updated: node.now(),
            };
            store.put_vault(&entry)?;
        }
        store.set_setting(SEEDED, b"1")?;
    }
    println!("{}", say.t("cli-demo-ready"));
    for (handle, name) in PEOPLE {
        let args = [
            ("name", Arg::from(*name)),
            ("handle", Arg::from(*handle)),
            ("passphrase", Arg::from(passphrase(handle))),
        ];
        println!("  {}", say.args("cli-demo-person", &args));
    }
    Ok(())
}

/// The demo's events: an assembly of oil workers with a crew assembly inside it, decided
/// demands, an election of delegates by STV, a ballot open for a week, and a debate under way.
fn build(keys: &[Keypair], now: u64) -> anyhow::Result<Vec<Event>> {
    let [aigerim, dana, yerlan, olga, joao, marat] = keys else {
        anyhow::bail!("the demo has six people");
    };
    let mut b = Builder { state: None, events: Vec::new(), time: now - 3 * 24 * HOUR };
    b.act(
        aigerim,
        Payload::Found(Found {
            name: "Demo: Oil field workers' assembly".into(),
            description: "A demonstration assembly. Sign in as one of its members to vote and debate.".into(),
            parent: None,
            founder_name: PEOPLE[0].1.into(),
            rules: Rules { admission: Admission::Convenors },
        }),
    );
    for (key, (_, name)) in keys.iter().zip(PEOPLE).skip(1) {
        b.join(aigerim, key, name)?;
    }

    let wages = b.act(
        dana,
        motion(
            MotionKind::Demand,
            "Index wages to the price of fuel",
            "Since January, fuel has doubled in price.\n\nWe demand that wages rise with it, every quarter, by the same share.",
        ),
    );
    let first =
        b.act(yerlan, comment(wages, None, "Agreed. Pensions must be indexed the same way."));
    b.act(
        olga,
        comment(wages, Some(first), "Pensions deserve their own demand, so this one stays simple."),
    );
    let ballot = b.act(aigerim, open(wages, (1, 2), Threshold::SimpleMajority, None));
    for (key, choice) in [
        (dana, Choice::Yes),
        (yerlan, Choice::Yes),
        (olga, Choice::Yes),
        (joao, Choice::No),
        (aigerim, Choice::Yes),
    ] {
        b.act(key, vote(ballot, choice));
    }
    b.act(aigerim, Payload::CloseBallot(CloseBallot { ballot }));

    let overtime = b.act(
        marat,
        motion(
            MotionKind::Resolution,
            "Suspend the overtime ban for the pipeline repair",
            "One week only, paid double.",
        ),
    );
    let ballot = b.act(aigerim, open(overtime, (1, 2), Threshold::TwoThirds, None));
    for (key, choice) in [
        (marat, Choice::Yes),
        (joao, Choice::Yes),
        (dana, Choice::No),
        (olga, Choice::No),
        (yerlan, Choice::Abstain),
    ] {
        b.act(key, vote(ballot, choice));
    }
    b.act(aigerim, Payload::CloseBallot(CloseBallot { ballot }));

    // Two delegates to the city strike council, elected by Scottish STV.
    let candidate =
        |key: &Keypair, name: &str| Candidate { name: name.into(), member: Some(key.public()) };
    let council = b.act(
        yerlan,
        Payload::Motion(Motion {
            kind: MotionKind::Election(Election {
                seats: 2,
                candidates: vec![
                    candidate(dana, PEOPLE[1].1),
                    candidate(yerlan, PEOPLE[2].1),
                    candidate(olga, PEOPLE[3].1),
                ],
            }),
            title: "Delegates to the city strike council".into(),
            text: "Two delegates carry this assembly's demands to the city council, and report back after every session. The assembly may recall them at any time.".into(),
        }),
    );
    b.act(
        marat,
        Payload::Nominate(Nominate { motion: council, candidate: candidate(joao, PEOPLE[4].1) }),
    );
    let ballot = b.act(
        aigerim,
        Payload::OpenBallot(OpenBallot {
            motion: council,
            mode: Mode::Open,
            method: Method::Ranked { rule: RankedRule::StvScottish, candidates: 4 },
            quorum: Share { num: 1, den: 2 },
            threshold: Threshold::SimpleMajority,
            closes_at: None,
        }),
    );
    // Candidates on the paper: 0 Dana, 1 Yerlan, 2 Olga, 3 João.
    for (key, ranking) in [
        (aigerim, vec![0, 2, 3]),
        (dana, vec![0, 1]),
        (yerlan, vec![1, 0]),
        (olga, vec![0, 2, 3]),
        (joao, vec![3, 1]),
        (marat, vec![0, 3, 2]),
    ] {
        b.act(key, Payload::Vote(Vote { ballot, mark: Mark::Ranking(ranking) }));
    }
    b.act(aigerim, Payload::CloseBallot(CloseBallot { ballot }));

    // A strike decided by secret ballot: three trustees, any two of whom decrypt the total.
    let strike = b.act(
        olga,
        motion(
            MotionKind::Resolution,
            "Strike from Monday until wages are indexed",
            "Every shift stops work from Monday at 06:00 until management signs the indexation. This vote is secret.",
        ),
    );
    b.act(
        marat,
        comment(
            strike,
            None,
            "A secret ballot, so that nobody can be singled out for how they voted.",
        ),
    );
    secret_ballot(
        &mut b,
        aigerim,
        strike,
        &[dana, yerlan, marat],
        2,
        &[
            (aigerim, Some(Choice::Yes)),
            (dana, Some(Choice::Yes)),
            (yerlan, Some(Choice::Yes)),
            (olga, Some(Choice::Yes)),
            (joao, Some(Choice::No)),
            (marat, None),
        ],
        true,
    )?;
    // Management's offer, by secret ballot still open: two of the six have voted. Sign in as
    // another member to vote; as Aigerim to seal the box; as Dana and Yerlan to decrypt.
    let offer = b.act(
        aigerim,
        motion(
            MotionKind::Resolution,
            "Accept management's offer of 8% and no indexation",
            "Management offers a one-time rise of 8% if the strike is called off. Vote by secret ballot.",
        ),
    );
    secret_ballot(
        &mut b,
        aigerim,
        offer,
        &[dana, yerlan],
        2,
        &[(joao, Some(Choice::No)), (marat, Some(Choice::No))],
        false,
    )?;

    let drivers = b.act(
        joao,
        motion(
            MotionKind::Demand,
            "Reinstate the dismissed drivers",
            "Eleven drivers were dismissed for joining the strike. We demand they return with back pay.",
        ),
    );
    b.act(dana, comment(drivers, None, "This is the first condition of any agreement."));
    b.time = now - HOUR;
    let ballot = b.act(
        aigerim,
        open(drivers, (1, 2), Threshold::AbsoluteMajority, Some(now + 7 * 24 * HOUR)),
    );
    b.act(joao, vote(ballot, Choice::Yes));
    b.act(marat, vote(ballot, Choice::Yes));

    let treasurer = b.act(
        olga,
        motion(
            MotionKind::Resolution,
            "Elect a treasurer for the strike fund",
            "The fund now holds the collections of three shifts. It needs a treasurer who reports to this assembly every week.",
        ),
    );
    let q = b.act(
        marat,
        comment(treasurer, None, "Should the treasurer be someone not on the committee?"),
    );
    b.act(
        aigerim,
        comment(treasurer, Some(q), "Yes: the committee should not keep its own accounts."),
    );
    b.act(dana, comment(treasurer, None, "I propose Olga."));
    Ok(b.events)
}
