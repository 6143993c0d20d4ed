//! Why an event is refused: one enum for every reason, with stable codes.
//!
//! The code (`not-a-member`) names the message in the translation files (`rejection-not-a-member`),
//! so the person who sent the event reads the reason in their own language; the arguments fill
//! the message's placeholders. The domain knows nothing of languages.

use core::fmt;

use record::{EventId, Kind};

/// Why an event cannot take effect.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Rejection {
    // The bytes and the links of the record.
    /// The bytes are not an event (see the detail).
    Malformed(String),
    /// The signature does not verify.
    BadSignature,
    /// The payload cannot be read as its kind (see the detail).
    BadPayload(String),
    /// The event names an event this node does not hold.
    MissingDependency(EventId),
    /// The event belongs to another assembly than the one it was sent to, or names events of
    /// another assembly.
    WrongAssembly,
    /// The author's sequence does not continue: expected `expected`, got `got`.
    BadSequence {
        expected: u64,
        got: u64,
    },
    /// The author already made a different event with this sequence number.
    SequenceUsed(u64),
    /// An event other than the founding one has no dependencies.
    NoDependencies,
    /// The event's time is too far from this node's clock.
    ClockSkew,
    /// This node already holds the event.
    Duplicate,
    /// The event belongs to an assembly this node does not hold.
    UnknownAssembly,
    /// The node could not store the event; nothing was recorded.
    NotStored,

    // The rules of the assembly.
    /// A founding event where the assembly already exists, or another kind before it.
    NotFounded,
    AlreadyFounded,
    /// The author is not a member of the assembly.
    NotAMember,
    /// The author is already a member.
    AlreadyAMember,
    /// The author does not hold the power this needs.
    NoPower(Power),
    /// A text is empty, too long or has control characters.
    BadText {
        field: &'static str,
        max: usize,
    },
    /// The invitation does not exist.
    UnknownInvite,
    InviteExpired,
    InviteUsedUp,
    /// The invitation key's proof does not verify: the code was wrong.
    BadInviteProof,
    /// An invitation with the same key exists.
    DuplicateInvite,
    /// A number out of its allowed range.
    OutOfRange {
        field: &'static str,
    },
    UnknownMotion,
    UnknownComment,
    UnknownBallot,
    /// The motion already has a ballot.
    BallotExists,
    BallotClosed,
    /// The voter is not in the ballot's electorate (fixed when it opened).
    NotInElectorate,
    /// The vote's mark does not fit the ballot's method.
    WrongMark,
    /// A kind of event this version of plenum does not understand.
    UnknownKind(u16),
    /// A kind this rule does not expect here.
    UnexpectedKind(Kind),

    // Elections of delegates.
    /// A nomination names a motion that is not an election.
    NotAnElection,
    /// The election's ballot is open: the list of candidates is closed.
    NominationsClosed,
    /// The candidate is already on the list (the same name, ignoring case, or the same member).
    DuplicateCandidate,
    /// A candidate named by key is not a member of the assembly.
    CandidateNotAMember,
    /// The method does not fit the motion: ranked ballots are for elections, yes/no for others.
    MethodDoesNotFit,
    /// The ballot paper the convenor opens does not have the election's candidates: someone
    /// was nominated meanwhile.
    CandidatesChanged {
        expected: usize,
        got: usize,
    },
    /// Fewer candidates than seats.
    TooFewCandidates {
        seats: usize,
        candidates: usize,
    },
    /// A ranking names a candidate who is not on the ballot paper, or one twice.
    BadRanking,
    /// A member's event would take its place so far behind the latest events that the node
    /// refuses to re-fold for it: the device signed long ago. Signing again fixes it.
    Stale,

    // Secret ballots.
    /// The ballot is not a secret ballot.
    NotSecret,
    /// The trustees named are not members, are named twice, or the threshold is not between
    /// 1 and their number.
    BadTrustees,
    /// The author is not one of the ballot's trustees (or not the trustee the message names,
    /// or one who takes no part in the ceremony).
    NotATrustee,
    /// A message of the secret-ballot protocol cannot be read.
    SecretMessageUnreadable,
    /// The key ceremony has not reached this step yet.
    CeremonyStepNotYet,
    /// The key ceremony is past this step.
    CeremonyStepOver,
    /// The trustee already published this step.
    AlreadyDone,
    /// Fewer trustees than the threshold have done this step: the ceremony cannot go on.
    TooFewTrustees,
    /// The key ceremony has not given the election key yet.
    CeremonyNotReady,
    /// The encrypted ballot cannot be read, or does not have the ballot's questions.
    BallotUnreadable,
    /// The encrypted ballot was made for another election.
    BallotOtherElection,
    /// A point of the encrypted ballot is not a valid, canonical group element.
    BallotBadPoint,
    /// A proof of the encrypted ballot does not hold for this voter (a copy of another
    /// voter's ballot, or an over-vote).
    BallotBadProof,
    /// The ballot box is already sealed.
    AlreadySealed,
    /// The seal does not list exactly the ballots the record holds (one was cast meanwhile).
    SealMismatch,
    /// The seal's encrypted tally is not the sum of the sealed ballots.
    SealTallyWrong,
    /// The ballot is not sealed yet.
    NotSealed,
    /// The partial decryption's proof does not hold (or it decrypts another tally).
    BadPartialDecryption,
}

/// A power a member may hold; the record shows who holds which and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Power {
    /// Open and close ballots.
    Convene,
    /// Issue invitations (when the rules reserve it to those holding it).
    Admit,
}

impl Power {
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Power::Convene => "convene",
            Power::Admit => "admit",
        }
    }
}

impl Rejection {
    /// The stable code of the reason, naming its message in the translation files.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::BadSignature => "bad-signature",
            Self::BadPayload(_) => "bad-payload",
            Self::MissingDependency(_) => "missing-dependency",
            Self::WrongAssembly => "wrong-assembly",
            Self::BadSequence { .. } => "bad-sequence",
            Self::SequenceUsed(_) => "sequence-used",
            Self::NoDependencies => "no-dependencies",
            Self::ClockSkew => "clock-skew",
            Self::Duplicate => "duplicate",
            Self::UnknownAssembly => "unknown-assembly",
            Self::NotStored => "not-stored",
            Self::NotFounded => "not-founded",
            Self::AlreadyFounded => "already-founded",
            Self::NotAMember => "not-a-member",
            Self::AlreadyAMember => "already-a-member",
            Self::NoPower(_) => "no-power",
            Self::BadText { .. } => "bad-text",
            Self::UnknownInvite => "unknown-invite",
            Self::InviteExpired => "invite-expired",
            Self::InviteUsedUp => "invite-used-up",
            Self::BadInviteProof => "bad-invite-proof",
            Self::DuplicateInvite => "duplicate-invite",
            Self::OutOfRange { .. } => "out-of-range",
            Self::UnknownMotion => "unknown-motion",
            Self::UnknownComment => "unknown-comment",
            Self::UnknownBallot => "unknown-ballot",
            Self::BallotExists => "ballot-exists",
            Self::BallotClosed => "ballot-closed",
            Self::NotInElectorate => "not-in-electorate",
            Self::WrongMark => "wrong-mark",
            Self::UnknownKind(_) => "unknown-kind",
            Self::UnexpectedKind(_) => "unexpected-kind",
            Self::NotAnElection => "not-an-election",
            Self::NominationsClosed => "nominations-closed",
            Self::DuplicateCandidate => "duplicate-candidate",
            Self::CandidateNotAMember => "candidate-not-a-member",
            Self::MethodDoesNotFit => "method-does-not-fit",
            Self::CandidatesChanged { .. } => "candidates-changed",
            Self::Stale => "stale",
            Self::TooFewCandidates { .. } => "too-few-candidates",
            Self::BadRanking => "bad-ranking",
            Self::NotSecret => "not-secret",
            Self::BadTrustees => "bad-trustees",
            Self::NotATrustee => "not-a-trustee",
            Self::SecretMessageUnreadable => "secret-message-unreadable",
            Self::CeremonyStepNotYet => "ceremony-step-not-yet",
            Self::CeremonyStepOver => "ceremony-step-over",
            Self::AlreadyDone => "already-done",
            Self::TooFewTrustees => "too-few-trustees",
            Self::CeremonyNotReady => "ceremony-not-ready",
            Self::BallotUnreadable => "ballot-unreadable",
            Self::BallotOtherElection => "ballot-other-election",
            Self::BallotBadPoint => "ballot-bad-point",
            Self::BallotBadProof => "ballot-bad-proof",
            Self::AlreadySealed => "already-sealed",
            Self::SealMismatch => "seal-mismatch",
            Self::SealTallyWrong => "seal-tally-wrong",
            Self::NotSealed => "not-sealed",
            Self::BadPartialDecryption => "bad-partial-decryption",
        }
    }

    /// The values the message shows, by placeholder name.
    #[must_use]
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Malformed(detail) | Self::BadPayload(detail) => vec![("detail", detail.clone())],
            Self::MissingDependency(id) => vec![("event", id.short())],
            Self::BadSequence { expected, got } => {
                vec![("expected", expected.to_string()), ("got", got.to_string())]
            }
            Self::SequenceUsed(seq) => vec![("seq", seq.to_string())],
            Self::NoPower(power) => vec![("power", power.code().to_string())],
            Self::BadText { field, max } => {
                vec![("field", (*field).into()), ("max", max.to_string())]
            }
            Self::OutOfRange { field } => vec![("field", (*field).into())],
            Self::UnknownKind(kind) => vec![("kind", kind.to_string())],
            Self::UnexpectedKind(kind) => vec![("kind", kind.name().into())],
            Self::CandidatesChanged { expected, got } => {
                vec![("expected", expected.to_string()), ("got", got.to_string())]
            }
            Self::TooFewCandidates { seats, candidates } => {
                vec![("seats", seats.to_string()), ("candidates", candidates.to_string())]
            }
            _ => Vec::new(),
        }
    }
}

/// English, for logs and tests; people read the translated message.
impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())?;
        for (name, value) in self.args() {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejection {}
