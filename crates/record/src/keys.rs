//! Signing keys: members' keys and invitation keys, and the one signature check.
//!
//! A member's key is made from 32 random bytes on the member's own device (the browser passes
//! bytes from `crypto.getRandomValues`, the CLI from the operating system) and never leaves it
//! unencrypted. Every signature is made over a domain tag followed by the message, so a
//! signature made for one purpose can never be replayed for another.
//!
//! An invitation code is 16 characters of Crockford base32 (80 bits). The invitation key is
//! derived from the code alone, so the code's holder can prove possession by signing without
//! revealing it, and the record holds only the invitation's public key.

use core::fmt;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha512};
use zeroize::Zeroizing;

use crate::event::DecodeError;
use crate::ids::{AssemblyId, EventId, PublicKey, SignatureBytes};

/// Tag of the signature by which an invitation key admits a member's key.
pub const JOIN_TAG: &[u8] = b"plenum/join/v1\0";
/// Tag of the signature by which a member asks a node to keep their sealed key.
pub const VAULT_TAG: &[u8] = b"plenum/vault/v1\0";
/// Tag of the signature by which a convenor asks a node to add, remove or sync with a peer.
pub const PEERS_TAG: &[u8] = b"plenum/peers/v1\0";
/// Tag of the derivation of an invitation key from its code.
const INVITE_KDF_TAG: &[u8] = b"plenum/invite-key/v1\0";
/// Crockford's base32 alphabet: no I, L, O or U, so codes read aloud or typed survive.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in an invitation code, without its separators.
pub const INVITE_CODE_LEN: usize = 16;

/// An Ed25519 key pair. The secret half is wiped from memory when dropped and never printed.
pub struct Keypair {
    signing: SigningKey,
}

impl Keypair {
    /// The key pair whose secret is `seed`. The seed must come from a cryptographic random
    /// source (or from [`invite_keypair`]).
    #[must_use]
    pub fn from_seed(seed: [u8; 32]) -> Self {
        let seed = Zeroizing::new(seed);
        Self { signing: SigningKey::from_bytes(&seed) }
    }

    /// The 32 secret bytes, for encryption into a key vault. Handle with care.
    #[must_use]
    pub fn seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing.to_bytes())
    }

    #[must_use]
    pub fn public(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key().to_bytes())
    }

    /// Signs `tag ‖ message`.
    #[must_use]
    pub fn sign(&self, tag: &[u8], message: &[u8]) -> SignatureBytes {
        let mut tagged = Vec::with_capacity(tag.len() + message.len());
        tagged.extend_from_slice(tag);
        tagged.extend_from_slice(message);
        SignatureBytes(self.signing.sign(&tagged).to_bytes())
    }
}

impl fmt::Debug for Keypair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Keypair({})", self.public().short())
    }
}

/// Checks a signature over `tag ‖ message` with strict Ed25519 verification: it refuses
/// non-canonical signatures and small-order keys, so a signature cannot be mauled into another
/// valid one by a third party.
///
/// # Errors
/// [`DecodeError::InvalidAuthorKey`] for a key that is not a valid point,
/// [`DecodeError::BadSignature`] for anything else; which check failed is not said.
pub fn verify(
    key: &PublicKey,
    tag: &[u8],
    message: &[u8],
    signature: &SignatureBytes,
) -> Result<(), DecodeError> {
    Verifier::new(key)?.verify(tag, message, signature)
}

/// A public key decoded once, to check many signatures with it (an invitation key admits up
/// to 100,000 members), each exactly as [`verify`] checks it.
#[derive(Clone, Copy)]
pub struct Verifier(VerifyingKey);

impl Verifier {
    /// # Errors
    /// [`DecodeError::InvalidAuthorKey`] for a key that is not a valid point.
    pub fn new(key: &PublicKey) -> Result<Self, DecodeError> {
        VerifyingKey::from_bytes(key.as_bytes())
            .map(Self)
            .map_err(|_| DecodeError::InvalidAuthorKey)
    }

    /// Checks a signature over `tag ‖ message`, as [`verify`].
    ///
    /// # Errors
    /// [`DecodeError::BadSignature`].
    pub fn verify(
        &self,
        tag: &[u8],
        message: &[u8],
        signature: &SignatureBytes,
    ) -> Result<(), DecodeError> {
        let signature = ed25519_dalek::Signature::from_bytes(signature.as_bytes());
        let mut tagged = Vec::with_capacity(tag.len() + message.len());
        tagged.extend_from_slice(tag);
        tagged.extend_from_slice(message);
        self.0.verify_strict(&tagged, &signature).map_err(|_| DecodeError::BadSignature)
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verifier({})", PublicKey(self.0.to_bytes()).short())
    }
}

/// The message an invitation key signs to admit `member` to `assembly` under `invite`.
#[must_use]
pub fn join_message(assembly: &AssemblyId, invite: &EventId, member: &PublicKey) -> Vec<u8> {
    [assembly.as_bytes().as_slice(), invite.as_bytes(), member.as_bytes()].concat()
}

/// The message a member signs to have a node keep `sealed` under `handle`.
#[must_use]
pub fn vault_message(handle: &str, sealed: &[u8]) -> Vec<u8> {
    let handle = handle.as_bytes();
    let len = u32::try_from(handle.len()).unwrap_or(u32::MAX);
    [len.to_be_bytes().as_slice(), handle, sealed].concat()
}

/// The message a convenor signs to have a node `action` (`add`, `remove`, `sync`) the peer at
/// `url`, at `time` (milliseconds since the Unix epoch; the node refuses stale requests).
#[must_use]
pub fn peers_message(action: &str, url: &str, time: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + action.len() + url.len());
    for part in [action.as_bytes(), url.as_bytes()] {
        out.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(part);
    }
    out.extend_from_slice(&time.to_be_bytes());
    out
}

/// Why a text is not an invitation code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    /// The code has the wrong number of characters (separators not counted).
    Length(usize),
    /// A character outside Crockford's base32 alphabet.
    Character(char),
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Length(n) => write!(f, "{n} characters where {INVITE_CODE_LEN} were expected"),
            Self::Character(c) => write!(f, "'{c}' cannot appear in an invitation code"),
        }
    }
}

impl std::error::Error for CodeError {}

/// Formats 10 random bytes as an invitation code, `XXXX-XXXX-XXXX-XXXX`.
#[must_use]
pub fn invite_code(random: [u8; 10]) -> String {
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(b);
    }
    let mut out = String::with_capacity(INVITE_CODE_LEN + 3);
    for i in 0..INVITE_CODE_LEN {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let shift = 5 * (INVITE_CODE_LEN - 1 - i);
        out.push(CROCKFORD[((bits >> shift) & 31) as usize] as char);
    }
    out
}

/// Normalises a typed code: drops spaces and dashes, upper-cases, and reads the look-alikes
/// O as 0 and I, L as 1, as Crockford's base32 prescribes.
///
/// # Errors
/// When what remains is not 16 characters of the alphabet.
pub fn normalise_code(code: &str) -> Result<String, CodeError> {
    let mut out = String::with_capacity(INVITE_CODE_LEN);
    for c in code.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
            _ => return Err(CodeError::Character(c)),
        };
        out.push(c);
    }
    if out.len() != INVITE_CODE_LEN {
        return Err(CodeError::Length(out.chars().count()));
    }
    Ok(out)
}

/// The invitation key pair a code stands for.
///
/// # Errors
/// When `code` is not an invitation code.
pub fn invite_keypair(code: &str) -> Result<Keypair, CodeError> {
    let code = normalise_code(code)?;
    let mut hash = Sha512::new();
    hash.update(INVITE_KDF_TAG);
    hash.update(code.as_bytes());
    let mut wide: [u8; 64] = hash.finalize().into();
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&wide[..32]);
    zeroize::Zeroize::zeroize(&mut wide);
    Ok(Keypair::from_seed(seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_sloppy_typing() {
        let code = invite_code([0xff, 0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]);
        assert_eq!(code.len(), 19);
        let sloppy = code.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(normalise_code(&sloppy).unwrap(), code.replace('-', ""));
        assert_eq!(
            invite_keypair(&sloppy).unwrap().public(),
            invite_keypair(&code).unwrap().public()
        );
    }

    #[test]
    fn bad_codes_say_what_is_wrong() {
        assert_eq!(normalise_code("ABC"), Err(CodeError::Length(3)));
        assert_eq!(normalise_code("ABCD-EFGH-JKMN-PQRU"), Err(CodeError::Character('U')));
        assert_eq!(normalise_code("ЖABC-EFGH-JKMN-PQRS"), Err(CodeError::Character('Ж')));
    }

    #[test]
    fn signatures_are_bound_to_their_tag() {
        let key = Keypair::from_seed([5; 32]);
        let sig = key.sign(JOIN_TAG, b"message");
        assert_eq!(verify(&key.public(), JOIN_TAG, b"message", &sig), Ok(()));
        assert_eq!(
            verify(&key.public(), crate::event::SIGNING_TAG, b"message", &sig),
            Err(DecodeError::BadSignature)
        );
    }
}
