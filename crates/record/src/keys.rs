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

use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
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

impl Verifier {
    /// The R that a valid signature over `tag ‖ message` must encode, `[s]B − [k]A` with
    /// `k = SHA-512(R ‖ A ‖ tag ‖ message)`; `None` where `verify_strict` refuses it whatever
    /// R's bytes: `s` not below ℓ, A or this R of small order.
    fn expected_r(
        &self,
        tag: &[u8],
        message: &[u8],
        signature: &SignatureBytes,
    ) -> Option<EdwardsPoint> {
        if self.0.is_weak() {
            return None;
        }
        let (r, s) = signature.0.split_at(32);
        let s: Option<Scalar> =
            Scalar::from_canonical_bytes(s.try_into().expect("64 = 32 + 32")).into();
        let mut hash = Sha512::new();
        hash.update(r);
        hash.update(self.0.as_bytes());
        hash.update(tag);
        hash.update(message);
        let k = Scalar::from_bytes_mod_order_wide(&hash.finalize().into());
        let expected =
            EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &-self.0.to_edwards(), &s?);
        (!expected.is_small_order()).then_some(expected)
    }
}

/// A signature to check with [`verify_each`]: `signature` by `key` over `tag ‖ message`.
#[derive(Debug, Clone, Copy)]
pub struct Signed<'a> {
    pub key: &'a Verifier,
    pub tag: &'a [u8],
    pub message: &'a [u8],
    pub signature: &'a SignatureBytes,
}

/// Checks many signatures, each exactly as [`Verifier::verify`] does, at two thirds of the
/// cost: for a verifier of millions.
///
/// `verify_strict` decodes a signature's R only to refuse one of small order, then recomputes
/// R from the key, the message and `s`, compresses it and compares it with R's bytes. Those
/// bytes equal the compression of a point exactly when they decode to that point, so testing
/// the recomputed R for small order gives the same answer without decoding R (a square root).
/// And the compressions of all the signatures share one field inversion (Montgomery's trick)
/// instead of one each. Each result is what [`Verifier::verify`] returns; the tests compare
/// the two on valid, altered and crafted signatures (small-order and mixed-order keys and R,
/// non-canonical encodings).
#[must_use]
pub fn verify_each(signed: &[Signed<'_>]) -> Vec<Result<(), DecodeError>> {
    let mut results = vec![Err(DecodeError::BadSignature); signed.len()];
    let (at, expected): (Vec<usize>, Vec<EdwardsPoint>) = signed
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c.key.expected_r(c.tag, c.message, c.signature)?)))
        .unzip();
    for (i, r) in at.into_iter().zip(EdwardsPoint::compress_batch_alloc(&expected)) {
        if r.as_bytes()[..] == signed[i].signature.0[..32] {
            results[i] = Ok(());
        }
    }
    results
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

    const SIGNING_TAG_FOR_TESTS: &[u8] = crate::event::SIGNING_TAG;

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

    /// `verify_each` gives exactly `verify_strict`'s answer on valid signatures, altered ones,
    /// and the crafted edge cases of Ed25519 (small-order and mixed-order keys and R,
    /// non-canonical `s` and R, all checked together in one batch.
    #[test]
    fn verify_each_answers_as_verify_strict() {
        use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT as B, EIGHT_TORSION};
        use curve25519_dalek::edwards::CompressedEdwardsY;

        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let tag = SIGNING_TAG_FOR_TESTS;
        // Signs with any scalar `a` for the key `public` (which may differ from a·B by a
        // torsion point) and any R = r·B + `r_torsion`: what an attacker can make.
        let forge = |a: Scalar, public: [u8; 32], r: Scalar, r_torsion: EdwardsPoint, m: &[u8]| {
            let big_r = (r * B + r_torsion).compress();
            let mut h = Sha512::new();
            h.update(big_r.as_bytes());
            h.update(public);
            h.update(tag);
            h.update(m);
            let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
            let s = r + k * a;
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(big_r.as_bytes());
            sig[32..].copy_from_slice(s.as_bytes());
            (SignatureBytes(sig), k)
        };
        let mut cases: Vec<([u8; 32], Vec<u8>, SignatureBytes)> = Vec::new();
        for i in 0u8..24 {
            let key = Keypair::from_seed([i; 32]);
            let message = vec![i; usize::from(i) * 7];
            let sig = key.sign(tag, &message);
            let public = *key.public().as_bytes();
            cases.push((public, message.clone(), sig));
            // Altered: another message, each half of the signature, s + ℓ.
            cases.push((public, vec![i ^ 1; 3], sig));
            let mut bad = sig;
            bad.0[usize::from(i) % 32] ^= 1 << (i % 8);
            cases.push((public, message.clone(), bad));
            let mut bad = sig;
            bad.0[32 + usize::from(i) % 32] ^= 1 << (i % 8);
            cases.push((public, message.clone(), bad));
            let mut plus_l = sig;
            let mut carry = 0u16;
            for (b, l) in plus_l.0[32..].iter_mut().zip(L) {
                let sum = u16::from(*b) + u16::from(l) + carry;
                *b = sum as u8;
                carry = sum >> 8;
            }
            cases.push((public, message.clone(), plus_l));
            // R of small order: the identity, with the equation holding (s = k·a).
            let a = Scalar::from(u64::from(i) + 2);
            let public = (a * B).compress().to_bytes();
            let (mut sig, k) = forge(a, public, Scalar::ZERO, EdwardsPoint::default(), &message);
            sig.0[32..].copy_from_slice((k * a).as_bytes());
            cases.push((public, message.clone(), sig));
            // A small-order key with a signature whose equation holds: R = s·B − k·A, found
            // by trying the eight possible k·A.
            let small_key = EIGHT_TORSION[usize::from(i) % 8];
            let small = small_key.compress().to_bytes();
            for guess in EIGHT_TORSION {
                let s = Scalar::from(u64::from(i) + 100);
                let (mut sig, k) = forge(Scalar::ZERO, small, s, -guess, &message);
                if k * small_key == guess {
                    sig.0[32..].copy_from_slice(s.as_bytes());
                    cases.push((small, message.clone(), sig));
                }
            }
            // A mixed-order key, a mixed-order R.
            let mixed = (a * B + EIGHT_TORSION[1]).compress().to_bytes();
            for j in 0..8 {
                let r = Scalar::from(u64::from(i) * 8 + j + 1);
                let (sig, _) = forge(a, mixed, r, EIGHT_TORSION[j as usize], &message);
                cases.push((mixed, message.clone(), sig));
                let (sig, _) = forge(a, public, r, EIGHT_TORSION[j as usize], &message);
                cases.push((public, message.clone(), sig));
            }
            // A non-canonical R: the identity's y = 1 written as 1 + p (with the equation of
            // the identity R above holding).
            let mut one_plus_p = [0xffu8; 32];
            one_plus_p[0] = 0xee;
            one_plus_p[31] = 0x7f;
            sig.0[..32].copy_from_slice(&one_plus_p);
            cases.push((public, message, sig));
        }
        let verifiers: Vec<Verifier> =
            cases.iter().map(|(public, ..)| Verifier::new(&PublicKey(*public)).unwrap()).collect();
        let signed: Vec<Signed<'_>> = cases
            .iter()
            .zip(&verifiers)
            .map(|((_, message, signature), key)| Signed { key, tag, message, signature })
            .collect();
        let batch = verify_each(&signed);
        let mut accepted = 0;
        for (((public, message, signature), key), got) in cases.iter().zip(&verifiers).zip(&batch) {
            let strict = key.verify(tag, message, signature);
            assert_eq!(*got, strict, "key {public:?}, signature {signature:?}");
            let point = CompressedEdwardsY(*public).decompress().unwrap();
            accepted += usize::from(strict.is_ok() && point.is_torsion_free());
        }
        // The honest signatures, and a few crafted ones: the cases are not all refusals.
        assert!(accepted >= 24, "{accepted}");
        assert!(batch.iter().filter(|r| r.is_ok()).count() > accepted, "a mixed-order key passed");
    }

    proptest::proptest! {
        #[test]
        fn verify_each_answers_as_verify_strict_on_any_bytes(
            seed in proptest::prelude::any::<[u8; 32]>(),
            message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            noise in proptest::prelude::any::<[[u8; 32]; 2]>(),
            at in 0usize..64,
            mode in 0u8..3,
        ) {
            let key = Keypair::from_seed(seed);
            let mut sig = key.sign(JOIN_TAG, &message);
            match mode {
                0 => sig.0[at] ^= noise[0][0] | 1,
                1 => {
                    sig.0[..32].copy_from_slice(&noise[0]);
                    sig.0[32..].copy_from_slice(&noise[1]);
                }
                _ => {}
            }
            let verifier = Verifier::new(&key.public()).unwrap();
            let signed = Signed { key: &verifier, tag: JOIN_TAG, message: &message, signature: &sig };
            let valid = Signed { signature: &key.sign(JOIN_TAG, &message), ..signed };
            let strict = verifier.verify(JOIN_TAG, &message, &sig);
            proptest::prop_assert_eq!(verify_each(&[valid, signed, valid]), vec![Ok(()), strict, Ok(())]);
        }
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
