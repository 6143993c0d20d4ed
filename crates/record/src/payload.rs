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
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Found,
        Kind::Invite,
        Kind::Join,
        Kind::Motion,
        Kind::Comment,
        Kind::OpenBallot,
        Kind::Vote,
        Kind::CloseBallot,
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

/// What a motion is. Adopted demands enter the assembly's list of demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionKind {
    Resolution,
    Demand,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// A roll call: every vote is public, with its voter.
    Open,
}

/// How the ballot is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Yes, no or abstain, with the quorum and threshold of the ballot.
    YesNoAbstain,
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
}
