//! Strong Fiat–Shamir: the one way every challenge of every proof is computed.
//!
//! A challenge is `SHA-512(input)` reduced modulo ℓ from all 64 bytes
//! ([`Scalar::from_bytes_mod_order_wide`], bias below 2^-250). The input always starts with the
//! proof's domain tag (u32 length, then its bytes), the protocol version (u16) and the election
//! fingerprint (32 bytes); then, in the order fixed for each proof in `docs/secret-ballot.md`, the
//! election public key, the voter's or trustee's identity, the indices, the whole statement and
//! every commitment. Each field is fixed-width (32-byte points and keys, big-endian integers) or a
//! list preceded by its u32 length, so two different inputs never give the same bytes.
//!
//! The "weak Fiat–Shamir" of early Helios hashed only the commitments, so a proof could be
//! replayed on a statement chosen after the fact; here nothing a proof speaks about is left out.

use curve25519_dalek::scalar::Scalar;
use sha2::{Digest as _, Sha512};

use crate::PROTOCOL_VERSION;
use crate::encoding::Point;

/// Domain tags, one per kind of challenge or derived value. Never reuse one for another purpose.
pub mod tags {
    pub const CHOICE: &[u8] = b"plenum/ballot/choice-proof";
    pub const OVERALL: &[u8] = b"plenum/ballot/overall-proof";
    pub const ENCRYPTION_KEY: &[u8] = b"plenum/dkg/encryption-key-proof";
    pub const CONSTANT_TERM: &[u8] = b"plenum/dkg/constant-term-proof";
    pub const SHARE_MASK: &[u8] = b"plenum/dkg/share-mask";
    pub const COMPLAINT: &[u8] = b"plenum/dkg/complaint-proof";
    pub const PARTIAL: &[u8] = b"plenum/tally/partial-decryption-proof";
    pub const BATCH: &[u8] = b"plenum/verify/batch-weights";
}

/// The hash input of one challenge, fed field by field.
pub(crate) struct Transcript {
    hash: Sha512,
}

impl Transcript {
    /// Starts a challenge: tag, protocol version, election fingerprint.
    pub(crate) fn new(tag: &[u8], fingerprint: &[u8; 32]) -> Self {
        let mut hash = Sha512::new();
        let len = u32::try_from(tag.len()).expect("tags are short constants");
        hash.update(len.to_be_bytes());
        hash.update(tag);
        hash.update(PROTOCOL_VERSION.to_be_bytes());
        hash.update(fingerprint);
        Self { hash }
    }

    pub(crate) fn bytes32(&mut self, bytes: &[u8; 32]) -> &mut Self {
        self.hash.update(bytes);
        self
    }

    pub(crate) fn point(&mut self, point: &Point) -> &mut Self {
        self.bytes32(&point.0)
    }

    pub(crate) fn u32(&mut self, n: u32) -> &mut Self {
        self.hash.update(n.to_be_bytes());
        self
    }

    pub(crate) fn u64(&mut self, n: u64) -> &mut Self {
        self.hash.update(n.to_be_bytes());
        self
    }

    /// A list's length, before its elements.
    pub(crate) fn len(&mut self, n: usize) -> &mut Self {
        self.u32(u32::try_from(n).expect("lists in an election are far below 2^32 elements"))
    }

    /// The challenge scalar.
    pub(crate) fn challenge(&self) -> Scalar {
        let wide: [u8; 64] = self.hash.clone().finalize().into();
        Scalar::from_bytes_mod_order_wide(&wide)
    }

    /// All 64 bytes of the hash, for values that are not challenges (batch weights, share masks).
    pub(crate) fn finish(&self) -> [u8; 64] {
        self.hash.clone().finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_changes_the_challenge() {
        let base = || {
            let mut t = Transcript::new(tags::CHOICE, &[1; 32]);
            t.point(&Point([2; 32])).u32(3).u64(4);
            t
        };
        let reference = base().challenge();
        assert_eq!(base().challenge(), reference);
        let variants = [
            {
                let mut t = Transcript::new(tags::OVERALL, &[1; 32]);
                t.point(&Point([2; 32])).u32(3).u64(4);
                t.challenge()
            },
            {
                let mut t = Transcript::new(tags::CHOICE, &[9; 32]);
                t.point(&Point([2; 32])).u32(3).u64(4);
                t.challenge()
            },
            {
                let mut t = Transcript::new(tags::CHOICE, &[1; 32]);
                t.point(&Point([2; 32])).u32(4).u64(4);
                t.challenge()
            },
            {
                let mut t = base();
                t.len(0);
                t.challenge()
            },
        ];
        for v in variants {
            assert_ne!(v, reference);
        }
    }
}
