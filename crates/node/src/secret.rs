//! The checks of secret ballots that cost too much for the node's single writer: each
//! encrypted ballot's proofs, and a seal's encrypted tally against the sealed ballots. They run
//! on the submitter's thread, before the event is queued, like the signature check.

use domain::secret::{self, check_ballot};
use domain::{Origin, Rejection};
use record::payload::{Mark, Payload, Vote};
use record::{Event, Kind};

use crate::Node;

impl Node {
    /// Checks what the rules leave to the door: a ballot's proofs against its election, and a
    /// seal's tally against the ballots it seals (as the record holds them now).
    ///
    /// # Errors
    /// Why the event is refused.
    pub fn check_secret(&self, event: &Event, origin: Origin) -> Result<(), Rejection> {
        if !checked_at_door(event) {
            return Ok(());
        }
        let kind = event.kind();
        let Some(state) = self.state(&event.assembly_id()) else { return Ok(()) };
        if kind == Kind::Vote as u16 {
            return check_ballot(&state, event);
        }
        let Ok(Payload::Seal(seal)) = domain::apply::payload(event) else { return Ok(()) };
        let Some(ballot) = state.ballots.get(&seal.ballot) else { return Ok(()) };
        let Some(fingerprint) =
            ballot.secret().filter(|s| s.election.is_some()).map(|s| s.fingerprint)
        else {
            return Ok(());
        };
        let counted = secret::counted(ballot);
        let digest = secret::crypto_seal(&fingerprint, &counted).digest();
        if digest != seal.digest {
            // Not the ballots this node holds now: the rules refuse it here (a member's), or
            // judge it where the canonical order places it (a peer's).
            return if origin == Origin::Local { Err(Rejection::SealMismatch) } else { Ok(()) };
        }
        let expected = self.seal_payload(&state, &seal.ballot)?;
        if expected.tally != seal.tally {
            return Err(Rejection::SealTallyWrong);
        }
        Ok(())
    }

    /// The seal a convenor signs for a secret ballot of `state`: the counted ballots as the
    /// record holds them, and their encrypted tally, summed here from the ballots' events.
    ///
    /// # Errors
    /// When the ballot is not a secret ballot ready for sealing.
    pub fn seal_payload(
        &self,
        state: &domain::Assembly,
        ballot: &record::EventId,
    ) -> Result<record::payload::Seal, Rejection> {
        let b = state.ballots.get(ballot).ok_or(Rejection::UnknownBallot)?;
        let counted = secret::counted(b);
        let events: Vec<Event> = self
            .read(&state.id, |ledger| {
                counted.iter().filter_map(|c| ledger.get(&c.event).cloned()).collect()
            })
            .unwrap_or_default();
        if events.len() != counted.len() {
            return Err(Rejection::SealMismatch);
        }
        let blobs: Vec<Vec<u8>> = events
            .iter()
            .map(|e| match domain::apply::payload(e) {
                Ok(Payload::Vote(Vote { mark: Mark::Encrypted(blob), .. })) => blob.0,
                _ => Vec::new(),
            })
            .collect();
        secret::seal_payload(b, &counted, blobs.iter().map(Vec::as_slice))
    }
}

/// Whether an event is of a kind whose cryptography is checked at the node's door rather than
/// by the fold: votes (a secret ballot's proofs) and seals (their tally).
#[must_use]
pub fn checked_at_door(event: &Event) -> bool {
    event.kind() == Kind::Vote as u16 || event.kind() == Kind::Seal as u16
}
