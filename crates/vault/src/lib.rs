//! Sealing a member's signing key under their passphrase, on their own device.
//!
//! The node keeps the sealed key so the member can sign in on another phone, but cannot open
//! it: the key that seals it is derived from the passphrase with Argon2id on the device. The
//! node could try passphrases offline, which Argon2id makes slow; a member should choose a
//! long passphrase, and the UI says so.
//!
//! Format, version 1 (all integers big-endian):
//!
//! ```text
//! magic    4 bytes  "PLV1"
//! m_kib    u32      Argon2id memory in KiB
//! t        u32      Argon2id passes
//! p        u32      Argon2id lanes
//! salt     16 bytes
//! nonce    24 bytes
//! sealed   48 bytes XChaCha20-Poly1305 of the 32-byte seed, with every byte above as AAD
//! ```
//!
//! Design decision: RustCrypto's `argon2` and `chacha20poly1305`, pure Rust, the same code in
//! the browser (WebAssembly) and the CLI. XChaCha20's 24-byte nonce may be random.

#![forbid(unsafe_code)]

use core::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

const MAGIC: &[u8; 4] = b"PLV1";
const HEADER: usize = 4 + 12 + 16 + 24;
/// Length of a sealed key.
pub const SEALED_LEN: usize = HEADER + 32 + 16;
/// Fewest characters a passphrase may have.
pub const MIN_PASSPHRASE: usize = 10;

/// Argon2id's cost. The default follows OWASP's recommendation (19 MiB, 2 passes, 1 lane):
/// about a second on a cheap phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Default for Cost {
    fn default() -> Self {
        Self { m_kib: 19 * 1024, t: 2, p: 1 }
    }
}

impl Cost {
    /// The cheapest cost, for tests only.
    #[must_use]
    pub fn for_tests() -> Self {
        Self { m_kib: 64, t: 1, p: 1 }
    }

    /// Whether a device should agree to spend this much: a sealed key comes from the node, and
    /// a node must not be able to make a phone run out of memory.
    fn is_bounded(self) -> bool {
        self.m_kib <= 256 * 1024 && self.t <= 16 && (1..=4).contains(&self.p)
    }
}

/// Why a key cannot be sealed or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultError {
    /// Not a sealed key of this format.
    Malformed,
    /// The passphrase is wrong, or the sealed key was altered.
    WrongPassphrase,
    /// The passphrase is shorter than [`MIN_PASSPHRASE`] characters.
    WeakPassphrase,
    /// The cost is out of the bounds a device accepts.
    Cost,
}

impl fmt::Display for VaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Malformed => "not a sealed key",
            Self::WrongPassphrase => "wrong passphrase",
            Self::WeakPassphrase => "passphrase too short",
            Self::Cost => "key derivation cost out of bounds",
        })
    }
}

impl std::error::Error for VaultError {}

fn derive(
    passphrase: &str,
    salt: &[u8; 16],
    cost: Cost,
) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    if !cost.is_bounded() {
        return Err(VaultError::Cost);
    }
    let params = Params::new(cost.m_kib, cost.t, cost.p, Some(32)).map_err(|_| VaultError::Cost)?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|_| VaultError::Cost)?;
    Ok(key)
}

/// Seals `seed` under `passphrase`. `random` (40 bytes: salt, then nonce) must come from a
/// cryptographic random source.
///
/// # Errors
/// [`VaultError::WeakPassphrase`] or [`VaultError::Cost`].
pub fn seal(
    seed: &[u8; 32],
    passphrase: &str,
    random: &[u8; 40],
    cost: Cost,
) -> Result<Vec<u8>, VaultError> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(VaultError::WeakPassphrase);
    }
    let salt: [u8; 16] = random[..16].try_into().expect("16 of 40 bytes");
    let nonce: [u8; 24] = random[16..].try_into().expect("24 of 40 bytes");
    let key = derive(passphrase, &salt, cost)?;
    let mut out = Vec::with_capacity(SEALED_LEN);
    out.extend_from_slice(MAGIC);
    for n in [cost.m_kib, cost.t, cost.p] {
        out.extend_from_slice(&n.to_be_bytes());
    }
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    let cipher = XChaCha20Poly1305::new(&(*key).into());
    let sealed = cipher
        .encrypt(&XNonce::from(nonce), Payload { msg: seed, aad: &out })
        .map_err(|_| VaultError::Malformed)?;
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a sealed key with `passphrase`.
///
/// # Errors
/// [`VaultError::Malformed`], [`VaultError::Cost`] or [`VaultError::WrongPassphrase`].
pub fn open(sealed: &[u8], passphrase: &str) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    if sealed.len() != SEALED_LEN || &sealed[..4] != MAGIC {
        return Err(VaultError::Malformed);
    }
    let word = |at: usize| u32::from_be_bytes(sealed[at..at + 4].try_into().expect("4 bytes"));
    let cost = Cost { m_kib: word(4), t: word(8), p: word(12) };
    let salt: [u8; 16] = sealed[16..32].try_into().expect("16 bytes");
    let nonce: [u8; 24] = sealed[32..HEADER].try_into().expect("24 bytes");
    let nonce = XNonce::from(nonce);
    let key = derive(passphrase, &salt, cost)?;
    let cipher = XChaCha20Poly1305::new(&(*key).into());
    let seed = Zeroizing::new(
        cipher
            .decrypt(&nonce, Payload { msg: &sealed[HEADER..], aad: &sealed[..HEADER] })
            .map_err(|_| VaultError::WrongPassphrase)?,
    );
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&seed);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANDOM: [u8; 40] = [7; 40];

    #[test]
    fn opens_with_the_passphrase_only() {
        let sealed = seal(&[42; 32], "correct horse battery", &RANDOM, Cost::for_tests()).unwrap();
        assert_eq!(sealed.len(), SEALED_LEN);
        assert_eq!(*open(&sealed, "correct horse battery").unwrap(), [42; 32]);
        assert_eq!(open(&sealed, "correct horse batterY"), Err(VaultError::WrongPassphrase));
    }

    #[test]
    fn any_altered_byte_is_refused() {
        let sealed = seal(&[42; 32], "correct horse battery", &RANDOM, Cost::for_tests()).unwrap();
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x10;
            assert!(open(&bad, "correct horse battery").is_err(), "byte {i}");
        }
        assert_eq!(open(&sealed[1..], "x"), Err(VaultError::Malformed));
    }

    #[test]
    fn refuses_short_passphrases_and_unbounded_costs() {
        assert_eq!(
            seal(&[1; 32], "short", &RANDOM, Cost::for_tests()),
            Err(VaultError::WeakPassphrase)
        );
        let mut sealed = seal(&[1; 32], "long enough now", &RANDOM, Cost::for_tests()).unwrap();
        sealed[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(open(&sealed, "long enough now"), Err(VaultError::Cost));
    }
}
