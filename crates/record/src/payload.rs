//! What each kind of event says: the payload types of format version 1.
//!
//! An event carries its kind as a number and its payload as the canonical encoding
//! ([`crate::wire`]) of the struct for that kind. The numbers and the field order are part of
//! the format (`docs/record.md`); new kinds and new enum variants are only ever appended.
//!
//! The same types have a JSON form (the API, and what the browser's signing module is given),
//! where the payload is tagged by its kind's name: `{"type": "vote", "ballot": "…", …}`.

use core::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{AssemblyId, EventId, PublicKey, SignatureBytes};
use crate::wire::{self, WireError};

/// A kind of event, as numbered in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u16)]
pub enum Kind {
    Found = 1,
    Invite = 2,
    Join = 3,
    Motion = 4,
    Comment = 5,
    OpenBallot = 6,
    Vote = 7,
    CloseBallot = 8,
    Nominate = 9,
    DkgCommit = 10,
    DkgDeal = 11,
    DkgCheck = 12,
    Ceremony = 13,
    Seal = 14,
    Decrypt = 15,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Found,
        Kind::Invite,
        Kind::Join,
        Kind::Motion,
        Kind::Comment,
        Kind::OpenBallot,
        Kind::Vote,
        Kind::CloseBallot,
        Kind::Nominate,
        Kind::DkgCommit,
        Kind::DkgDeal,
        Kind::DkgCheck,
        Kind::Ceremony,
        Kind::Seal,
        Kind::Decrypt,
    ];

    /// The kind numbered `n`, if this build knows it.
    #[must_use]
    pub fn from_u16(n: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|k| *k as u16 == n)
    }

    /// The kind's name in JSON and in messages.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Kind::Found => "found",
            Kind::Invite => "invite",
            Kind::Join => "join",
            Kind::Motion => "motion",
            Kind::Comment => "comment",
            Kind::OpenBallot => "open_ballot",
            Kind::Vote => "vote",
            Kind::CloseBallot => "close_ballot",
            Kind::Nominate => "nominate",
            Kind::DkgCommit => "dkg_commit",
            Kind::DkgDeal => "dkg_deal",
            Kind::DkgCheck => "dkg_check",
            Kind::Ceremony => "ceremony",
            Kind::Seal => "seal",
            Kind::Decrypt => "decrypt",
        }
    }
}

/// A decoded payload, one variant per [`Kind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    Found(Found),
    Invite(Invite),
    Join(Join),
    Motion(Motion),
    Comment(Comment),
    OpenBallot(OpenBallot),
    Vote(Vote),
    CloseBallot(CloseBallot),
    Nominate(Nominate),
    DkgCommit(DkgCommit),
    DkgDeal(DkgDeal),
    DkgCheck(DkgCheck),
    Ceremony(Ceremony),
    Seal(Seal),
    Decrypt(Decrypt),
}

/// Founds an assembly. Its author is the founder: the first member, holding the bootstrap
/// powers that `docs/record.md` lists, visibly, in the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub name: String,
    pub description: String,
    /// The assembly this one belongs to (a workplace within a city council, say).
    pub parent: Option<AssemblyId>,
    /// The name the founder is known by in this assembly.
    pub founder_name: String,
    pub rules: Rules,
}

/// The standing rules an assembly is founded with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub admission: Admission,
}

/// Who may issue invitations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Admission {
    /// Members holding the power to admit (the founder, at first).
    Convenors,
    /// Any member.
    Members,
}

/// Issues an invitation: whoever holds the code behind `key` may join, `uses` times, until
/// `expires`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// The public key derived from the invitation code (see [`crate::keys::invite_keypair`]).
    pub key: PublicKey,
    pub uses: u32,
    /// Milliseconds since the Unix epoch.
    pub expires: u64,
}

/// Joins an assembly with an invitation. The author is the new member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Join {
    /// The event that issued the invitation.
    pub invite: EventId,
    /// The name the member is known by in this assembly.
    pub name: String,
    /// The invitation key's signature over [`crate::keys::join_message`], proving the code.
    pub proof: SignatureBytes,
}

/// Puts a motion to the assembly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Motion {
    pub kind: MotionKind,
    pub title: String,
    pub text: String,
}

/// What a motion is. Adopted demands enter the assembly's list of demands; an election fills
/// seats from a list of candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionKind {
    Resolution,
    Demand,
    /// An election of delegates: `seats` to fill from `candidates` (more may be nominated,
    /// with [`Nominate`], until the ballot opens).
    Election(Election),
}

/// The seats and the first candidates of an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Election {
    pub seats: u16,
    pub candidates: Vec<Candidate>,
}

/// A candidate as the ballot paper names them: a name, and the member's key when the
/// candidate is a member of the assembly (a delegate may also be someone named who has no key
/// here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub name: String,
    pub member: Option<PublicKey>,
}

/// Adds a candidate to an election before its ballot opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominate {
    /// The election motion.
    pub motion: EventId,
    pub candidate: Candidate,
}

/// A comment in a motion's debate, possibly a reply to another comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub motion: EventId,
    pub reply_to: Option<EventId>,
    pub text: String,
}

/// Opens the ballot on a motion. The electorate is fixed at this point: the members of the
/// assembly when the event takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenBallot {
    pub motion: EventId,
    pub mode: Mode,
    pub method: Method,
    /// The share of the electorate (by weight) that must take part for the ballot to count.
    pub quorum: Share,
    pub threshold: Threshold,
    /// When the ballot closes by itself, in milliseconds since the Unix epoch.
    pub closes_at: Option<u64>,
}

/// How votes are cast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A roll call: every vote is public, with its voter.
    Open,
    /// A secret ballot: each vote is encrypted on the voter's device under a key that the
    /// named trustees make together, and only the total is ever decrypted, by any `threshold`
    /// of them (`docs/record.md`, section 4.2).
    Secret(Trustees),
}

/// The trustees of a secret ballot, named by the convenor who opens it: members of the
/// assembly, trustee number `i` (from 1) being `trustees[i - 1]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trustees {
    pub trustees: Vec<PublicKey>,
    /// How many of them must take part to decrypt the result (k of n).
    pub threshold: u32,
}

/// How the ballot is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Yes, no or abstain, with the quorum and threshold of the ballot.
    YesNoAbstain,
    /// Ranked ballots for an election, counted by `rule`. `candidates` is the number of
    /// candidates on the ballot paper as the convenor opens it: the ballot opens only if the
    /// election has exactly that many, so no nomination the convenor did not see slips in.
    Ranked { rule: RankedRule, candidates: u16 },
    /// A secret election of delegates: each voter ticks at most `max` of the `candidates`
    /// on the ballot paper (1: plurality; `max = candidates`: approval). Counted
    /// homomorphically; the candidates with the most weight fill the seats.
    Choose { candidates: u16, max: u16 },
}

/// How ranked ballots are counted; each rule as `docs/counting.md` states it, with its
/// default options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankedRule {
    /// Scottish STV (the 2007 local government rules).
    StvScottish,
    /// Meek STV.
    StvMeek,
    /// Weighted inclusive Gregory STV.
    StvWigm,
    /// Warren STV.
    StvWarren,
    /// Instant-runoff voting (one seat; several seats with fractional surplus transfer).
    Irv,
    /// Condorcet by the Schulze method.
    Schulze,
    /// Borda count.
    Borda,
}

impl RankedRule {
    pub const ALL: [RankedRule; 7] = [
        RankedRule::StvScottish,
        RankedRule::StvMeek,
        RankedRule::StvWigm,
        RankedRule::StvWarren,
        RankedRule::Irv,
        RankedRule::Schulze,
        RankedRule::Borda,
    ];

    /// The rule's name in JSON, forms and messages (`stv_scottish`, ...).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RankedRule::StvScottish => "stv_scottish",
            RankedRule::StvMeek => "stv_meek",
            RankedRule::StvWigm => "stv_wigm",
            RankedRule::StvWarren => "stv_warren",
            RankedRule::Irv => "irv",
            RankedRule::Schulze => "schulze",
            RankedRule::Borda => "borda",
        }
    }
}

/// A fraction `num / den`, kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub num: u32,
    pub den: u32,
}

/// What a motion needs to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Threshold {
    /// More yes than no; abstentions count for the quorum only.
    SimpleMajority,
    /// At least two thirds of the yes and no votes.
    TwoThirds,
    /// Yes from more than half of the whole electorate.
    AbsoluteMajority,
}

/// A vote. The last vote of a member before the ballot closes is the one that counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// The event that opened the ballot.
    pub ballot: EventId,
    pub mark: Mark,
}

/// What a voter marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Choice(Choice),
    /// Candidates by their index on the ballot paper, most preferred first. It may rank only
    /// some candidates, or none (a blank ballot, which counts for the quorum only).
    Ranking(Vec<u16>),
    /// A secret ballot: the canonical bytes of a `ballot_crypto::Ballot`, encrypted and proved
    /// on the voter's device. Its proofs bind the event's author.
    Encrypted(Blob),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Yes,
    No,
    Abstain,
}

/// Closes a ballot before its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseBallot {
    pub ballot: EventId,
}

/// Bytes carried as they are: a message of the secret-ballot protocol in its own canonical
/// encoding (`docs/secret-ballot.md`). In the record, a `u32` length and the bytes; in JSON,
/// lowercase hex.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Blob(pub Vec<u8>);

impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl Serialize for Blob {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&crate::ids::hex_encode(&self.0))
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        if deserializer.is_human_readable() {
            let hex = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
            crate::ids::hex_decode_vec(&hex).map(Blob).map_err(D::Error::custom)
        } else {
            struct Bytes;
            impl serde::de::Visitor<'_> for Bytes {
                type Value = Vec<u8>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                    Ok(v.to_vec())
                }
            }
            deserializer.deserialize_byte_buf(Bytes).map(Blob)
        }
    }
}

/// A trustee's first step in the key ceremony of a secret ballot: its encryption key and its
/// commitment to its polynomial (`ballot_crypto::dkg::DkgCommit`, canonical bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkgCommit {
    /// The event that opened the secret ballot.
    pub ballot: EventId,
    pub commit: Blob,
}

/// A trustee's second step: its commitments revealed and its shares dealt
/// (`ballot_crypto::dkg::DkgDeal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkgDeal {
    pub ballot: EventId,
    pub deal: Blob,
}

/// A trustee's third step: it checked the shares dealt to it, and complains about each wrong
/// one (`Vec<ballot_crypto::dkg::DkgComplaint>`, empty when every share is right).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkgCheck {
    pub ballot: EventId,
    pub complaints: Blob,
}

/// A convenor moves a key ceremony on without the trustees who have not acted: each step
/// otherwise ends by itself once every trustee taking part has done it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ceremony {
    pub ballot: EventId,
    pub step: CeremonyStep,
}

/// Which step of the key ceremony a convenor ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CeremonyStep {
    /// The trustees who have committed take part; the others are absent.
    CloseCommits,
    /// The trustees who have not dealt are left out of the key.
    CloseDeals,
    /// No more complaints: the election key is computed from what was published.
    Conclude,
}

/// The convenor seals the ballot box of a secret ballot: no more ballots, and exactly these
/// are counted — each voter's last, as the record holds them at this point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    pub ballot: EventId,
    /// How many ballots are counted.
    pub ballots: u64,
    /// Their total weight.
    pub weight: u64,
    /// The digest of the list of counted ballots (`docs/record.md`, section 4.2).
    pub digest: crate::ids::Digest,
    /// The weighted sum of the counted ballots (`ballot_crypto::EncryptedTally`), which the
    /// trustees decrypt.
    pub tally: Blob,
}

/// A trustee's partial decryption of a sealed tally, with its proofs
/// (`ballot_crypto::PartialDecryption`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decrypt {
    pub ballot: EventId,
    pub partial: Blob,
}

/// Why an event's payload cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadError {
    /// A kind number this build does not know (perhaps from a newer version of plenum).
    UnknownKind(u16),
    /// The bytes are not the canonical encoding of the kind's payload.
    Malformed { kind: Kind, error: WireError },
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownKind(n) => write!(f, "unknown event kind {n}"),
            Self::Malformed { kind, error } => {
                write!(f, "malformed {} payload: {error}", kind.name())
            }
        }
    }
}

impl std::error::Error for PayloadError {}

impl Payload {
    #[must_use]
    pub fn kind(&self) -> Kind {
        match self {
            Payload::Found(_) => Kind::Found,
            Payload::Invite(_) => Kind::Invite,
            Payload::Join(_) => Kind::Join,
            Payload::Motion(_) => Kind::Motion,
            Payload::Comment(_) => Kind::Comment,
            Payload::OpenBallot(_) => Kind::OpenBallot,
            Payload::Vote(_) => Kind::Vote,
            Payload::CloseBallot(_) => Kind::CloseBallot,
            Payload::Nominate(_) => Kind::Nominate,
            Payload::DkgCommit(_) => Kind::DkgCommit,
            Payload::DkgDeal(_) => Kind::DkgDeal,
            Payload::DkgCheck(_) => Kind::DkgCheck,
            Payload::Ceremony(_) => Kind::Ceremony,
            Payload::Seal(_) => Kind::Seal,
            Payload::Decrypt(_) => Kind::Decrypt,
        }
    }

    /// The canonical bytes of the payload (without its kind).
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let bytes = match self {
            Payload::Found(p) => wire::to_bytes(p),
            Payload::Invite(p) => wire::to_bytes(p),
            Payload::Join(p) => wire::to_bytes(p),
            Payload::Motion(p) => wire::to_bytes(p),
            Payload::Comment(p) => wire::to_bytes(p),
            Payload::OpenBallot(p) => wire::to_bytes(p),
            Payload::Vote(p) => wire::to_bytes(p),
            Payload::CloseBallot(p) => wire::to_bytes(p),
            Payload::Nominate(p) => wire::to_bytes(p),
            Payload::DkgCommit(p) => wire::to_bytes(p),
            Payload::DkgDeal(p) => wire::to_bytes(p),
            Payload::DkgCheck(p) => wire::to_bytes(p),
            Payload::Ceremony(p) => wire::to_bytes(p),
            Payload::Seal(p) => wire::to_bytes(p),
            Payload::Decrypt(p) => wire::to_bytes(p),
        };
        bytes.expect("payload types hold no floats or chars")
    }

    /// Reads the payload of kind `kind` from its canonical bytes.
    ///
    /// # Errors
    /// When the kind is unknown or the bytes are not canonical.
    pub fn decode(kind: u16, bytes: &[u8]) -> Result<Self, PayloadError> {
        let kind = Kind::from_u16(kind).ok_or(PayloadError::UnknownKind(kind))?;
        let malformed = |error| PayloadError::Malformed { kind, error };
        Ok(match kind {
            Kind::Found => Payload::Found(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Invite => Payload::Invite(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Join => Payload::Join(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Motion => Payload::Motion(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Comment => Payload::Comment(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::OpenBallot => Payload::OpenBallot(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Vote => Payload::Vote(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::CloseBallot => Payload::CloseBallot(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Nominate => Payload::Nominate(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::DkgCommit => Payload::DkgCommit(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::DkgDeal => Payload::DkgDeal(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::DkgCheck => Payload::DkgCheck(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Ceremony => Payload::Ceremony(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Seal => Payload::Seal(wire::from_bytes(bytes).map_err(malformed)?),
            Kind::Decrypt => Payload::Decrypt(wire::from_bytes(bytes).map_err(malformed)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_numbers() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_u16(kind as u16), Some(kind));
        }
        assert_eq!(Kind::from_u16(0), None);
    }

    #[test]
    fn json_form_is_tagged_by_kind_name() {
        let vote =
            Payload::Vote(Vote { ballot: EventId([1; 32]), mark: Mark::Choice(Choice::Yes) });
        let json = serde_json::to_value(&vote).unwrap();
        assert_eq!(json["type"], "vote");
        assert_eq!(json["mark"]["choice"], "yes");
        assert_eq!(serde_json::from_value::<Payload>(json).unwrap(), vote);
    }

    #[test]
    fn payload_bytes_round_trip() {
        let motion = Payload::Motion(Motion {
            kind: MotionKind::Demand,
            title: "Индексация зарплаты".into(),
            text: "Raise wages with prices.".into(),
        });
        let bytes = motion.encode();
        assert_eq!(Payload::decode(Kind::Motion as u16, &bytes).unwrap(), motion);
        assert!(matches!(
            Payload::decode(Kind::Vote as u16, &bytes),
            Err(PayloadError::Malformed { kind: Kind::Vote, .. })
        ));
    }

    fn hex(bytes: &[u8]) -> String {
        crate::ids::hex_encode(bytes)
    }

    #[test]
    fn election_payloads_have_the_documented_bytes() {
        // docs/record.md, "Elections of delegates": these bytes are the format.
        let motion = Payload::Motion(Motion {
            kind: MotionKind::Election(Election {
                seats: 2,
                candidates: vec![Candidate { name: "Aliya".into(), member: None }],
            }),
            title: "T".into(),
            text: String::new(),
        });
        assert_eq!(
            hex(&motion.encode()),
            "02\
             0002\
             00000001\
             00000005416c697961\
             00\
             0000000154\
             00000000"
        );
        let nominate = Payload::Nominate(Nominate {
            motion: EventId([0xab; 32]),
            candidate: Candidate { name: "Timur".into(), member: Some(PublicKey([0x11; 32])) },
        });
        assert_eq!(
            hex(&nominate.encode()),
            "ab".repeat(32) + "0000000554696d7572" + "01" + &"11".repeat(32)
        );
        let open = Payload::OpenBallot(OpenBallot {
            motion: EventId([0xab; 32]),
            mode: Mode::Open,
            method: Method::Ranked { rule: RankedRule::StvMeek, candidates: 3 },
            quorum: Share { num: 1, den: 2 },
            threshold: Threshold::SimpleMajority,
            closes_at: None,
        });
        // Motion id; mode open; method 1 (ranked), rule 1 (Meek), 3 candidates; quorum 1/2;
        // simple majority; no deadline.
        let tail = "00".to_owned() + "01" + "01" + "0003" + "00000001" + "00000002" + "00" + "00";
        assert_eq!(hex(&open.encode()), "ab".repeat(32) + &tail);
        let vote =
            Payload::Vote(Vote { ballot: EventId([0xcd; 32]), mark: Mark::Ranking(vec![2, 0]) });
        // Ballot id; mark 1 (ranking) of 2 entries: candidates 2 then 0.
        assert_eq!(hex(&vote.encode()), "cd".repeat(32) + "01" + "00000002" + "0002" + "0000");
        for p in [motion, nominate, open, vote] {
            assert_eq!(Payload::decode(p.kind() as u16, &p.encode()).unwrap(), p);
        }
    }

    #[test]
    fn secret_ballot_payloads_have_the_documented_bytes() {
        // docs/record.md, "Secret ballots": these bytes are the format.
        let open = Payload::OpenBallot(OpenBallot {
            motion: EventId([0xab; 32]),
            mode: Mode::Secret(Trustees { trustees: vec![PublicKey([0x11; 32])], threshold: 1 }),
            method: Method::Choose { candidates: 3, max: 1 },
            quorum: Share { num: 0, den: 1 },
            threshold: Threshold::SimpleMajority,
            closes_at: None,
        });
        // Mode 1 (secret): 1 trustee, threshold 1; method 2 (choose) of 3, at most 1.
        let tail = "01".to_owned()
            + "00000001"
            + &"11".repeat(32)
            + "00000001"
            + "02"
            + "0003"
            + "0001"
            + "00000000"
            + "00000001"
            + "00"
            + "00";
        assert_eq!(hex(&open.encode()), "ab".repeat(32) + &tail);
        let vote = Payload::Vote(Vote {
            ballot: EventId([0xcd; 32]),
            mark: Mark::Encrypted(Blob(vec![1, 2, 3])),
        });
        assert_eq!(hex(&vote.encode()), "cd".repeat(32) + "02" + "00000003" + "010203");
        let seal = Payload::Seal(Seal {
            ballot: EventId([0xcd; 32]),
            ballots: 2,
            weight: 3,
            digest: crate::ids::Digest([0xee; 32]),
            tally: Blob(vec![9]),
        });
        assert_eq!(
            hex(&seal.encode()),
            "cd".repeat(32)
                + "0000000000000002"
                + "0000000000000003"
                + &"ee".repeat(32)
                + "0000000109"
        );
        let step = Payload::Ceremony(Ceremony {
            ballot: EventId([0xcd; 32]),
            step: CeremonyStep::Conclude,
        });
        assert_eq!(hex(&step.encode()), "cd".repeat(32) + "02");
        let blobs = [
            Payload::DkgCommit(DkgCommit { ballot: EventId([1; 32]), commit: Blob(vec![7]) }),
            Payload::DkgDeal(DkgDeal { ballot: EventId([1; 32]), deal: Blob(vec![7]) }),
            Payload::DkgCheck(DkgCheck { ballot: EventId([1; 32]), complaints: Blob(vec![7]) }),
            Payload::Decrypt(Decrypt { ballot: EventId([1; 32]), partial: Blob(vec![7]) }),
        ];
        for p in blobs {
            assert_eq!(hex(&p.encode()), "01".repeat(32) + "0000000107");
            assert_eq!(Payload::decode(p.kind() as u16, &p.encode()).unwrap(), p);
        }
        for p in [open, vote, seal, step] {
            assert_eq!(Payload::decode(p.kind() as u16, &p.encode()).unwrap(), p);
            let json = serde_json::to_value(&p).unwrap();
            assert_eq!(serde_json::from_value::<Payload>(json).unwrap(), p);
        }
        // In JSON a blob is hex.
        let json =
            serde_json::json!({"type": "decrypt", "ballot": "01".repeat(32), "partial": "0aFf"});
        let decrypt: Payload = serde_json::from_value(json).unwrap();
        assert!(
            matches!(decrypt, Payload::Decrypt(Decrypt { ref partial, .. }) if partial.0 == [10, 255])
        );
        let odd =
            serde_json::json!({"type": "decrypt", "ballot": "01".repeat(32), "partial": "abc"});
        assert!(serde_json::from_value::<Payload>(odd).is_err());
    }

    #[test]
    fn election_payloads_in_json() {
        let json = serde_json::json!({
            "type": "open_ballot", "motion": "ab".repeat(32), "mode": "open",
            "method": {"ranked": {"rule": "stv_scottish", "candidates": 4}},
            "quorum": {"num": 0, "den": 1}, "threshold": "simple_majority", "closes_at": null,
        });
        let open: Payload = serde_json::from_value(json).unwrap();
        assert!(matches!(
            open,
            Payload::OpenBallot(OpenBallot {
                method: Method::Ranked { rule: RankedRule::StvScottish, candidates: 4 },
                ..
            })
        ));
        let vote: Payload = serde_json::from_value(serde_json::json!({
            "type": "vote", "ballot": "cd".repeat(32), "mark": {"ranking": [3, 1]}
        }))
        .unwrap();
        assert!(
            matches!(vote, Payload::Vote(Vote { mark: Mark::Ranking(ref r), .. }) if r == &[3, 1])
        );
        let motion: Payload = serde_json::from_value(serde_json::json!({
            "type": "motion", "title": "Delegates", "text": "",
            "kind": {"election": {"seats": 1, "candidates": [{"name": "Aliya", "member": null}]}}
        }))
        .unwrap();
        assert!(matches!(motion, Payload::Motion(Motion { kind: MotionKind::Election(_), .. })));
        for rule in RankedRule::ALL {
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.name());
        }
    }
}
