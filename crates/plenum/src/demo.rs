//! `plenum serve --demo`: a demo assembly to try, seeded once per data directory.
//!
//! The demo members' keys are made here, on the node, and sealed under passphrases printed on
//! the terminal, so that anyone can sign in as one of them. That is the one place plenum
//! signs for people, and only for invented ones: real members make their keys on their own
//! devices.

use anyhow::Context as _;
use domain::{Assembly, Author, Origin};
use i18n::Arg;
use record::keys::{self, JOIN_TAG};
use record::payload::{
    Admission, Candidate, Choice, CloseBallot, Comment, Election, Found, Invite, Join, Mark,
    Method, Mode, Motion, MotionKind, Nominate, OpenBallot, Payload, RankedRule, Rules, Share,
    Threshold, Vote,
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
