//! The trustees' key ceremony: a k-of-n Pedersen distributed key generation with Feldman
//! commitments, commit-then-reveal against key biasing, and verifiable complaints.
//!
//! Each step is a message the trustee's device publishes in the record (the record signs it
//! with the trustee's member key); [`conclude`] turns the published messages into the
//! election key, deterministically, for every node and every verifier alike.
//!
//! 1. **Commit** ([`DkgCommit`]): trustee `i` publishes a fresh encryption key `Eᵢ = eᵢ·G`
//!    with a Schnorr proof, and a hash of the Feldman commitments `Cᵢₗ = aᵢₗ·G` of a random
//!    polynomial `fᵢ` of degree k − 1. Nothing about `fᵢ` is revealed yet.
//! 2. **Deal** ([`DkgDeal`]), once the commit phase is closed (the record fixes which commits
//!    count; a trustee without a valid one is absent, and the ceremony goes on while at least k
//!    have committed): trustee `i` reveals its commitments (which must match the hash), proves
//!    knowledge of `aᵢ₀` (bound to its identity and the election), and sends each other
//!    committed trustee `j` the share `fᵢ(j)`, masked by a one-time pad derived from the
//!    Diffie–Hellman key `eᵢ·Eⱼ`.
//! 3. **Complain** ([`DkgComplaint`]): a trustee whose share does not match the dealer's
//!    commitments publishes the Diffie–Hellman key with a Chaum–Pedersen proof that it is right;
//!    anyone can then unmask the share and judge. An upheld complaint disqualifies the dealer, a
//!    false one is dismissed (and reveals only the complainer's own share).
//!
//! The qualified dealers are those with a valid deal and no upheld complaint; at least k are
//! needed. The election key is `H = Σ Cᵢ₀` over them; trustee `j`'s key share is
//! `xⱼ = Σ fᵢ(j)`, and its public verification key `Xⱼ = Σᵢ Σₗ jˡ·Cᵢₗ` is computed by anyone.
//!
//! Key biasing (Gennaro, Jarecki, Krawczyk, Rabin 1999): in plain Pedersen DKG the last dealer
//! sees everyone's `Cᵢ₀` and can grind its own, or pick who gets disqualified, to steer the key.
//! Commit-then-reveal fixes every polynomial before any is seen, so grinding is impossible; what
//! remains is that a corrupt trustee may withhold its deal after seeing the others, choosing
//! between at most two keys — at most t bits of bias for t corrupt trustees, which costs an attack
//! on the key at most a factor 2^t (Gennaro et al., CT-RSA 2003, prove threshold Schnorr secure on
//! such keys). The full GJKR protocol, which removes the bias by reconstructing a withholding
//! dealer's secret in public, would add a second commitment generator and a second round of
//! complaints to every ceremony, which we judged not worth it (see `docs/secret-ballot.md`).

use core::fmt;

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use rand_core::CryptoRng;
use record::{Digest, PublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::PROTOCOL_VERSION;
use crate::encoding::{DecodeError, Point, ScalarBytes, random_scalar};
use crate::proof::{DleqProof, ProofError, SchnorrProof};
use crate::setup::{ElectionSetup, SetupError};
use crate::transcript::{Transcript, tags};

/// Tag of the derivation of a trustee's secrets from its member key ([`TrusteeSecret::derive`]).
pub const DERIVE_TAG: &[u8] = b"plenum/dkg/derived-trustee/v1\0";

/// Tag of the hash by which a trustee commits to its Feldman commitments.
pub const COEFFICIENTS_TAG: &[u8] = b"plenum/dkg/coefficients/v1\0";

/// Step 1: a trustee's encryption key and its commitment to its polynomial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkgCommit {
    pub version: u16,
    /// The trustee's number, from 1.
    pub trustee: u32,
    pub encryption_key: Point,
    pub encryption_key_proof: SchnorrProof,
    /// `SHA-256(COEFFICIENTS_TAG ‖ fingerprint ‖ trustee ‖ canonical bytes of the coefficients)`.
    pub coefficients_hash: Digest,
}

/// Step 2: a trustee's Feldman commitments, proof of its constant term, and shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkgDeal {
    pub version: u16,
    pub trustee: u32,
    /// `Cₗ = aₗ·G` for l = 0 … k − 1.
    pub coefficients: Vec<Point>,
    /// Knowledge of `a₀`, bound to the trustee and all its commitments.
    pub constant_proof: SchnorrProof,
    /// One per other trustee, in increasing order of recipient.
    pub shares: Vec<EncryptedShare>,
}

/// A share `f(j)` for trustee `j`, plus a mask only `j` and the dealer can compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptedShare {
    pub recipient: u32,
    pub masked: ScalarBytes,
}

/// Step 3: trustee `complainer` says its share from `dealer` is wrong, and reveals the
/// Diffie–Hellman key `K = e_complainer · E_dealer` with a proof, so anyone can judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DkgComplaint {
    pub version: u16,
    pub complainer: u32,
    pub dealer: u32,
    pub shared_key: Point,
    pub proof: DleqProof,
}

/// The outcome of a ceremony: the election key and each trustee's verification key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ceremony {
    pub public_key: Point,
    /// `Xⱼ` for trustee j = 1 … n, at index j − 1.
    pub verification_keys: Vec<Point>,
    /// The qualified dealers, in increasing order.
    pub qualified: Vec<u32>,
    /// The trustees without a valid commit: they neither deal nor receive shares, and cannot
    /// decrypt. The ceremony goes on without them while at least k have committed.
    pub absent: Vec<(u32, Absent)>,
    /// The dealers left out, and why.
    pub disqualified: Vec<(u32, Disqualified)>,
    /// Complaints that were false or unfounded: (complainer, dealer, why dismissed).
    pub dismissed: Vec<(u32, u32, Dismissed)>,
}

/// Why a trustee takes no part in the ceremony.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// It published no commit.
    NoCommit,
    /// Its commit is malformed or its proof is false.
    InvalidCommit(CommitError),
}

/// Why a dealer's contribution is not part of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disqualified {
    /// It never published a deal.
    NoDeal,
    /// Its deal does not match its commitment, or is malformed, or its proof is false.
    InvalidDeal(DealError),
    /// A complaint against it was upheld: the share it sent this trustee is wrong.
    Complaint { by: u32 },
}

/// Why a deal is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealError {
    Version(u16),
    /// Not k commitments, or not one share per other trustee in order.
    Shape,
    /// The commitments are not those committed to in step 1.
    CommitmentMismatch,
    Point(DecodeError),
    ConstantProof(ProofError),
}

/// Why a complaint is dismissed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dismissed {
    /// Its proof of the shared key is false or malformed: the complaint proves nothing.
    BadProof,
    /// The unmasked share is correct: the complaint is false.
    ShareIsValid,
    /// The dealer is already disqualified, or the complaint repeats an earlier one.
    Moot,
}

/// Why a ceremony cannot produce a key, or a trustee cannot take a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DkgError {
    Setup(SetupError),
    /// A number that is no trustee's.
    UnknownTrustee(u32),
    /// This trustee has no valid commit, so it cannot deal, complain or hold a share.
    MissingCommit(u32),
    /// A trustee published two messages for one step.
    DuplicateMessage(u32),
    /// Fewer than k trustees committed validly: the ceremony must restart.
    TooFewCommitted {
        committed: usize,
        threshold: u32,
    },
    /// Fewer than k dealers qualified: the ceremony must restart.
    TooFewQualified {
        qualified: usize,
        threshold: u32,
    },
    /// This trustee's shares do not add up to its verification key: it received a wrong share
    /// and did not complain in time.
    ShareMismatch(u32),
    /// A trustee secret that cannot be read.
    Secret,
}

/// Why a commit is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitError {
    Version(u16),
    Key(DecodeError),
    Proof(ProofError),
}

impl fmt::Display for DkgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Setup(e) => write!(f, "election setup: {e}"),
            Self::UnknownTrustee(t) => write!(f, "there is no trustee number {t}"),
            Self::MissingCommit(t) => write!(f, "trustee {t} has no valid commitment"),
            Self::DuplicateMessage(t) => write!(f, "trustee {t} sent two messages for one step"),
            Self::TooFewCommitted { committed, threshold } => write!(
                f,
                "only {committed} trustees committed, {threshold} are needed: restart the ceremony"
            ),
            Self::TooFewQualified { qualified, threshold } => write!(
                f,
                "only {qualified} trustees dealt correctly, {threshold} are needed: restart the ceremony"
            ),
            Self::ShareMismatch(t) => write!(f, "trustee {t}'s key share does not match"),
            Self::Secret => f.write_str("the trustee secret is unreadable"),
        }
    }
}

impl std::error::Error for DkgError {}

impl fmt::Display for Disqualified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoDeal => f.write_str("published no deal"),
            Self::InvalidDeal(e) => write!(f, "published an invalid deal ({e:?})"),
            Self::Complaint { by } => write!(f, "sent trustee {by} a false share"),
        }
    }
}

/// A trustee's secrets for one ceremony: its polynomial and its encryption key. The device
/// keeps them (encrypted, in its key vault) from step 1 to the end. Wiped when dropped.
pub struct TrusteeSecret {
    trustee: u32,
    encryption: Scalar,
    coefficients: Vec<Scalar>,
}

impl Drop for TrusteeSecret {
    fn drop(&mut self) {
        self.encryption.zeroize();
        self.coefficients.zeroize();
    }
}

/// A trustee's share of the election's decryption key, and its number. Wiped when dropped.
pub struct KeyShare {
    pub(crate) trustee: u32,
    pub(crate) secret: Scalar,
}

impl Drop for KeyShare {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl KeyShare {
    #[must_use]
    pub fn trustee(&self) -> u32 {
        self.trustee
    }
}

impl TrusteeSecret {
    /// Step 1 for trustee `trustee` (from 1): draws the secrets and makes the commit.
    ///
    /// # Errors
    /// When the setup is invalid or names no such trustee.
    pub fn generate<R: CryptoRng + ?Sized>(
        setup: &ElectionSetup,
        trustee: u32,
        rng: &mut R,
    ) -> Result<(Self, DkgCommit), DkgError> {
        setup.validate().map_err(DkgError::Setup)?;
        let member = *setup.trustee_key(trustee).ok_or(DkgError::UnknownTrustee(trustee))?;
        let fingerprint = setup.fingerprint();
        let secret = Self {
            trustee,
            encryption: random_scalar(rng),
            coefficients: (0..setup.threshold).map(|_| random_scalar(rng)).collect(),
        };
        let encryption_key = Point::from_point(&RistrettoPoint::mul_base(&secret.encryption));
        let transcript = encryption_key_transcript(&fingerprint, trustee, &member, &encryption_key);
        let encryption_key_proof = SchnorrProof::prove(&secret.encryption, transcript, rng);
        let coefficients = secret.public_coefficients();
        let commit = DkgCommit {
            version: PROTOCOL_VERSION,
            trustee,
            encryption_key,
            encryption_key_proof,
            coefficients_hash: coefficients_hash(&fingerprint, trustee, &coefficients),
        };
        Ok((secret, commit))
    }

    /// Step 1 with secrets derived from the trustee's member key `seed` rather than drawn: the
    /// device keeps nothing between the ceremony and the tally, since the same key (kept
    /// sealed under the member's passphrase) gives the same secrets on any device. The
    /// generator is ChaCha20 keyed by the first 32 bytes of
    /// `SHA-512(DERIVE_TAG ‖ seed ‖ election fingerprint ‖ trustee u32)`; the commit it makes
    /// is the same every time, proof included.
    ///
    /// # Errors
    /// As [`TrusteeSecret::generate`].
    pub fn derive(
        setup: &ElectionSetup,
        trustee: u32,
        seed: &[u8; 32],
    ) -> Result<(Self, DkgCommit), DkgError> {
        use rand_core::SeedableRng as _;
        use sha2::Sha512;
        let mut hash = Sha512::new();
        hash.update(DERIVE_TAG);
        hash.update(seed);
        hash.update(setup.fingerprint().as_bytes());
        hash.update(trustee.to_be_bytes());
        let mut wide: [u8; 64] = hash.finalize().into();
        let mut key = [0u8; 32];
        key.copy_from_slice(&wide[..32]);
        let mut rng = chacha20::ChaCha20Rng::from_seed(key);
        key.zeroize();
        wide.zeroize();
        Self::generate(setup, trustee, &mut rng)
    }

    #[must_use]
    pub fn trustee(&self) -> u32 {
        self.trustee
    }

    /// Step 2: once every trustee has committed, reveals the commitments and deals the shares.
    ///
    /// # Errors
    /// When the commits are incomplete or invalid.
    pub fn deal<R: CryptoRng + ?Sized>(
        &self,
        setup: &ElectionSetup,
        commits: &[DkgCommit],
        rng: &mut R,
    ) -> Result<DkgDeal, DkgError> {
        let committed = check_commits(setup, commits)?;
        let fingerprint = setup.fingerprint();
        let member =
            setup.trustee_key(self.trustee).ok_or(DkgError::UnknownTrustee(self.trustee))?;
        let mine = committed.key(self.trustee)?;
        let coefficients = self.public_coefficients();
        let transcript =
            constant_transcript(&fingerprint, self.trustee, member, &mine.0, &coefficients);
        let constant_proof = SchnorrProof::prove(&self.coefficients[0], transcript, rng);
        let mut shares = Vec::with_capacity(committed.keys.len());
        for (j, (their_key, their_point)) in committed.others(self.trustee) {
            let shared = self.encryption * their_point;
            let mask = share_mask(&fingerprint, self.trustee, j, &mine.0, their_key, &shared);
            let share = Zeroizing::new(self.evaluate(j));
            shares.push(EncryptedShare {
                recipient: j,
                masked: ScalarBytes::from_scalar(&(*share + mask)),
            });
        }
        Ok(DkgDeal {
            version: PROTOCOL_VERSION,
            trustee: self.trustee,
            coefficients,
            constant_proof,
            shares,
        })
    }

    /// Step 3: checks the shares dealt to this trustee, and makes a complaint against every
    /// dealer whose share is wrong (or missing from an otherwise valid deal).
    ///
    /// # Errors
    /// When the commits are incomplete or invalid.
    pub fn complaints<R: CryptoRng + ?Sized>(
        &self,
        setup: &ElectionSetup,
        commits: &[DkgCommit],
        deals: &[DkgDeal],
        rng: &mut R,
    ) -> Result<Vec<DkgComplaint>, DkgError> {
        let committed = check_commits(setup, commits)?;
        let fingerprint = setup.fingerprint();
        let member =
            setup.trustee_key(self.trustee).ok_or(DkgError::UnknownTrustee(self.trustee))?;
        let mine = committed.key(self.trustee)?;
        let mut out = Vec::new();
        for deal in deals {
            if deal.trustee == self.trustee {
                continue;
            }
            let Ok(dealer) = committed.key(deal.trustee) else { continue };
            // A deal anyone can see is invalid disqualifies its dealer without a complaint.
            if check_deal(setup, &fingerprint, commits, &committed, deal).is_err() {
                continue;
            }
            let shared = self.encryption * dealer.1;
            if self.unmask(&fingerprint, deal, &dealer.0, &mine.0, &shared).is_some() {
                continue;
            }
            let shared_key = Point::from_point(&shared);
            let transcript = complaint_transcript(
                &fingerprint,
                self.trustee,
                deal.trustee,
                member,
                &mine.0,
                &dealer.0,
                &shared_key,
            );
            let proof = DleqProof::prove(
                &self.encryption,
                &curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT,
                &dealer.1,
                transcript,
                rng,
            );
            out.push(DkgComplaint {
                version: PROTOCOL_VERSION,
                complainer: self.trustee,
                dealer: deal.trustee,
                shared_key,
                proof,
            });
        }
        Ok(out)
    }

    /// The end: this trustee's key share, the sum of the shares of the qualified dealers,
    /// checked against its public verification key.
    ///
    /// # Errors
    /// When the ceremony failed, or a share from a qualified dealer is wrong.
    pub fn key_share(
        &self,
        setup: &ElectionSetup,
        commits: &[DkgCommit],
        deals: &[DkgDeal],
        complaints: &[DkgComplaint],
    ) -> Result<(KeyShare, Ceremony), DkgError> {
        let ceremony = conclude(setup, commits, deals, complaints)?;
        let committed = check_commits(setup, commits)?;
        let fingerprint = setup.fingerprint();
        let mine = committed.key(self.trustee)?;
        let mut secret = Scalar::ZERO;
        for dealer in &ceremony.qualified {
            if *dealer == self.trustee {
                secret += self.evaluate(self.trustee);
                continue;
            }
            let deal =
                deals.iter().find(|d| d.trustee == *dealer).expect("a qualified dealer has a deal");
            let their = committed.key(*dealer)?;
            let shared = self.encryption * their.1;
            let share = self
                .unmask(&fingerprint, deal, &their.0, &mine.0, &shared)
                .ok_or(DkgError::ShareMismatch(self.trustee))?;
            secret += share;
        }
        let share = KeyShare { trustee: self.trustee, secret };
        let expected = ceremony.verification_keys[(self.trustee - 1) as usize];
        let actual = Point::from_point(&RistrettoPoint::mul_base(&share.secret));
        if !bool::from(actual.0.ct_eq(&expected.0)) {
            return Err(DkgError::ShareMismatch(self.trustee));
        }
        Ok((share, ceremony))
    }

    /// The secret's bytes, for the device's key vault: trustee (u32), encryption secret, then
    /// the k coefficients (32 bytes each).
    #[must_use]
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(36 + 32 * self.coefficients.len()));
        out.extend_from_slice(&self.trustee.to_be_bytes());
        out.extend_from_slice(self.encryption.as_bytes());
        for a in &self.coefficients {
            out.extend_from_slice(a.as_bytes());
        }
        out
    }

    /// Reads back [`TrusteeSecret::to_bytes`].
    ///
    /// # Errors
    /// When the bytes are not such a secret.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DkgError> {
        if bytes.len() < 68 || !(bytes.len() - 36).is_multiple_of(32) {
            return Err(DkgError::Secret);
        }
        let scalar = |chunk: &[u8]| {
            let mut arr = ScalarBytes(chunk.try_into().map_err(|_| DkgError::Secret)?);
            let scalar = arr.decode().map_err(|_| DkgError::Secret);
            arr.0.zeroize();
            scalar
        };
        let trustee = u32::from_be_bytes(bytes[..4].try_into().map_err(|_| DkgError::Secret)?);
        let encryption = scalar(&bytes[4..36])?;
        let coefficients = bytes[36..].chunks_exact(32).map(scalar).collect::<Result<_, _>>()?;
        Ok(Self { trustee, encryption, coefficients })
    }

    fn public_coefficients(&self) -> Vec<Point> {
        self.coefficients.iter().map(|a| Point::from_point(&RistrettoPoint::mul_base(a))).collect()
    }

    /// `f(j)` by Horner's rule.
    fn evaluate(&self, j: u32) -> Scalar {
        let x = Scalar::from(j);
        self.coefficients.iter().rev().fold(Scalar::ZERO, |acc, a| acc * x + a)
    }

    /// The share `deal` carries for this trustee, if it is there and matches the commitments.
    fn unmask(
        &self,
        fingerprint: &Digest,
        deal: &DkgDeal,
        dealer_key: &Point,
        my_key: &Point,
        shared: &RistrettoPoint,
    ) -> Option<Scalar> {
        let entry = deal.shares.iter().find(|s| s.recipient == self.trustee)?;
        let masked = entry.masked.decode().ok()?;
        let mask = share_mask(fingerprint, deal.trustee, self.trustee, dealer_key, my_key, shared);
        let share = masked - mask;
        let expected = vartime_feldman(&decode_all(&deal.coefficients).ok()?, self.trustee);
        bool::from(RistrettoPoint::mul_base(&share).ct_eq(&expected)).then_some(share)
    }
}

/// Runs the public part of the ceremony on the published messages: which dealers qualify,
/// the election key, and every trustee's verification key. Deterministic: every node and every
/// verifier gets the same answer from the same messages.
///
/// # Errors
/// When the ceremony cannot give a key (see [`DkgError`]).
pub fn conclude(
    setup: &ElectionSetup,
    commits: &[DkgCommit],
    deals: &[DkgDeal],
    complaints: &[DkgComplaint],
) -> Result<Ceremony, DkgError> {
    let committed = check_commits(setup, commits)?;
    let fingerprint = setup.fingerprint();
    let n = setup.trustee_count();
    let mut seen = vec![false; n as usize];
    for deal in deals {
        let slot = (deal.trustee as usize)
            .checked_sub(1)
            .and_then(|i| seen.get_mut(i))
            .ok_or(DkgError::UnknownTrustee(deal.trustee))?;
        if *slot {
            return Err(DkgError::DuplicateMessage(deal.trustee));
        }
        *slot = true;
    }
    let mut disqualified = Vec::new();
    let mut coefficients: Vec<Option<Vec<RistrettoPoint>>> = vec![None; n as usize];
    // Only trustees who committed deal; a deal from any other is not part of the ceremony.
    for dealer in (1..=n).filter(|t| committed.key(*t).is_ok()) {
        match deals.iter().find(|d| d.trustee == dealer) {
            None => disqualified.push((dealer, Disqualified::NoDeal)),
            Some(deal) => match check_deal(setup, &fingerprint, commits, &committed, deal) {
                Ok(points) => coefficients[(dealer - 1) as usize] = Some(points),
                Err(e) => disqualified.push((dealer, Disqualified::InvalidDeal(e))),
            },
        }
    }
    let mut dismissed = Vec::new();
    let mut judged: Vec<(u32, u32)> = Vec::new();
    for complaint in complaints {
        let (j, i) = (complaint.complainer, complaint.dealer);
        // A complaint by or against a trustee outside the ceremony has nothing to judge.
        let (Some(member), Ok(mine), Ok(theirs)) =
            (setup.trustee_key(j), committed.key(j), committed.key(i))
        else {
            dismissed.push((j, i, Dismissed::Moot));
            continue;
        };
        let live = coefficients.get((i - 1) as usize).and_then(Option::as_ref);
        let Some(dealer_points) = live.filter(|_| i != j && !judged.contains(&(j, i))) else {
            dismissed.push((j, i, Dismissed::Moot));
            continue;
        };
        judged.push((j, i));
        let verdict = judge(&fingerprint, complaint, member, mine, theirs, dealer_points, deals);
        match verdict {
            Ok(true) => {
                coefficients[(i - 1) as usize] = None;
                disqualified.push((i, Disqualified::Complaint { by: j }));
            }
            Ok(false) => dismissed.push((j, i, Dismissed::ShareIsValid)),
            Err(()) => dismissed.push((j, i, Dismissed::BadProof)),
        }
    }
    disqualified.sort_by_key(|d| d.0);
    let qualified: Vec<u32> =
        (1..=n).filter(|i| coefficients[(*i - 1) as usize].is_some()).collect();
    if qualified.len() < setup.threshold as usize {
        return Err(DkgError::TooFewQualified {
            qualified: qualified.len(),
            threshold: setup.threshold,
        });
    }
    let live: Vec<&Vec<RistrettoPoint>> = coefficients.iter().flatten().collect();
    let public_key: RistrettoPoint = live.iter().map(|c| c[0]).sum();
    let verification_keys = (1..=n)
        .map(|j| Point::from_point(&live.iter().map(|c| vartime_feldman(c, j)).sum()))
        .collect();
    Ok(Ceremony {
        public_key: Point::from_point(&public_key),
        verification_keys,
        qualified,
        absent: committed.absent,
        disqualified,
        dismissed,
    })
}

/// Whether a complaint is upheld (`Ok(true)`), false (`Ok(false)`), or proves nothing.
#[allow(clippy::too_many_arguments)]
fn judge(
    fingerprint: &Digest,
    complaint: &DkgComplaint,
    member: &PublicKey,
    complainer: &(Point, RistrettoPoint),
    dealer: &(Point, RistrettoPoint),
    dealer_points: &[RistrettoPoint],
    deals: &[DkgDeal],
) -> Result<bool, ()> {
    if complaint.version != PROTOCOL_VERSION {
        return Err(());
    }
    let (j, i) = (complaint.complainer, complaint.dealer);
    let shared = complaint.shared_key.decode().map_err(|_| ())?;
    let transcript = complaint_transcript(
        fingerprint,
        j,
        i,
        member,
        &complainer.0,
        &dealer.0,
        &complaint.shared_key,
    );
    complaint
        .proof
        .vartime_verify(
            &curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT,
            &complainer.1,
            &dealer.1,
            &shared,
            transcript,
        )
        .map_err(|_| ())?;
    let deal = deals.iter().find(|d| d.trustee == i).ok_or(())?;
    let entry = deal.shares.iter().find(|s| s.recipient == j).ok_or(())?;
    let masked = entry.masked.decode().map_err(|_| ())?;
    let share = masked - share_mask(fingerprint, i, j, &dealer.0, &complainer.0, &shared);
    Ok(RistrettoPoint::mul_base(&share) != vartime_feldman(dealer_points, j))
}

/// The trustees' encryption keys from their commits (`None` for a trustee without a valid
/// one, at index `trustee − 1`), and why each absent trustee is absent.
struct Committed {
    keys: Vec<Option<(Point, RistrettoPoint)>>,
    absent: Vec<(u32, Absent)>,
}

impl Committed {
    fn key(&self, trustee: u32) -> Result<&(Point, RistrettoPoint), DkgError> {
        (trustee as usize)
            .checked_sub(1)
            .and_then(|i| self.keys.get(i))
            .ok_or(DkgError::UnknownTrustee(trustee))?
            .as_ref()
            .ok_or(DkgError::MissingCommit(trustee))
    }

    /// The committed trustees other than `trustee`, in increasing order, with their keys.
    fn others(&self, trustee: u32) -> impl Iterator<Item = (u32, &(Point, RistrettoPoint))> {
        (1u32..)
            .zip(&self.keys)
            .filter_map(move |(j, key)| key.as_ref().filter(|_| j != trustee).map(|k| (j, k)))
    }
}

/// Sorts the commits: at most one per trustee, and at least k valid ones.
fn check_commits(setup: &ElectionSetup, commits: &[DkgCommit]) -> Result<Committed, DkgError> {
    setup.validate().map_err(DkgError::Setup)?;
    let fingerprint = setup.fingerprint();
    let n = setup.trustee_count();
    for c in commits {
        if setup.trustee_key(c.trustee).is_none() {
            return Err(DkgError::UnknownTrustee(c.trustee));
        }
        if commits.iter().filter(|d| d.trustee == c.trustee).count() > 1 {
            return Err(DkgError::DuplicateMessage(c.trustee));
        }
    }
    let mut committed = Committed { keys: Vec::with_capacity(n as usize), absent: Vec::new() };
    for t in 1..=n {
        let member = setup.trustee_key(t).ok_or(DkgError::UnknownTrustee(t))?;
        let key = match commits.iter().find(|c| c.trustee == t) {
            None => Err(Absent::NoCommit),
            Some(c) => check_commit(&fingerprint, member, c).map_err(Absent::InvalidCommit),
        };
        match key {
            Ok(point) => {
                let c = commits.iter().find(|c| c.trustee == t).expect("found just above");
                committed.keys.push(Some((c.encryption_key, point)));
            }
            Err(why) => {
                committed.keys.push(None);
                committed.absent.push((t, why));
            }
        }
    }
    let count = committed.keys.iter().flatten().count();
    if count < setup.threshold as usize {
        return Err(DkgError::TooFewCommitted { committed: count, threshold: setup.threshold });
    }
    Ok(committed)
}

fn check_commit(
    fingerprint: &Digest,
    member: &PublicKey,
    c: &DkgCommit,
) -> Result<RistrettoPoint, CommitError> {
    if c.version != PROTOCOL_VERSION {
        return Err(CommitError::Version(c.version));
    }
    let point = c.encryption_key.decode_non_identity().map_err(CommitError::Key)?;
    let transcript = encryption_key_transcript(fingerprint, c.trustee, member, &c.encryption_key);
    c.encryption_key_proof.vartime_verify(&point, transcript).map_err(CommitError::Proof)?;
    Ok(point)
}

/// Checks everything about a deal that anyone can check; returns its decoded commitments.
fn check_deal(
    setup: &ElectionSetup,
    fingerprint: &Digest,
    commits: &[DkgCommit],
    committed: &Committed,
    deal: &DkgDeal,
) -> Result<Vec<RistrettoPoint>, DealError> {
    if deal.version != PROTOCOL_VERSION {
        return Err(DealError::Version(deal.version));
    }
    let recipients_in_order =
        deal.shares.iter().map(|s| s.recipient).eq(committed.others(deal.trustee).map(|o| o.0));
    if deal.coefficients.len() != setup.threshold as usize || !recipients_in_order {
        return Err(DealError::Shape);
    }
    let commit = commits.iter().find(|c| c.trustee == deal.trustee).ok_or(DealError::Shape)?;
    if coefficients_hash(fingerprint, deal.trustee, &deal.coefficients) != commit.coefficients_hash
    {
        return Err(DealError::CommitmentMismatch);
    }
    deal.coefficients[0].decode_non_identity().map_err(DealError::Point)?;
    let points = decode_all(&deal.coefficients).map_err(DealError::Point)?;
    for share in &deal.shares {
        share.masked.decode().map_err(DealError::Point)?;
    }
    let member = setup.trustee_key(deal.trustee).ok_or(DealError::Shape)?;
    let own_key = &committed.key(deal.trustee).map_err(|_| DealError::Shape)?.0;
    let transcript =
        constant_transcript(fingerprint, deal.trustee, member, own_key, &deal.coefficients);
    deal.constant_proof.vartime_verify(&points[0], transcript).map_err(DealError::ConstantProof)?;
    Ok(points)
}

fn decode_all(points: &[Point]) -> Result<Vec<RistrettoPoint>, DecodeError> {
    points.iter().map(Point::decode).collect()
}

/// `Σₗ jˡ·Cₗ`: the public image of the share `f(j)`.
fn vartime_feldman(coefficients: &[RistrettoPoint], j: u32) -> RistrettoPoint {
    let x = Scalar::from(j);
    let mut power = Scalar::ONE;
    let powers: Vec<Scalar> = coefficients
        .iter()
        .map(|_| {
            let p = power;
            power *= x;
            p
        })
        .collect();
    RistrettoPoint::vartime_multiscalar_mul(&powers, coefficients)
}

fn coefficients_hash(fingerprint: &Digest, trustee: u32, coefficients: &[Point]) -> Digest {
    let mut hash = Sha256::new();
    hash.update(COEFFICIENTS_TAG);
    hash.update(fingerprint.as_bytes());
    hash.update(trustee.to_be_bytes());
    hash.update(record::wire::to_bytes(coefficients).expect("points encode"));
    Digest(hash.finalize().into())
}

fn encryption_key_transcript(
    fingerprint: &Digest,
    trustee: u32,
    member: &PublicKey,
    key: &Point,
) -> Transcript {
    let mut t = Transcript::new(tags::ENCRYPTION_KEY, fingerprint.as_bytes());
    t.u32(trustee).bytes32(member.as_bytes()).point(key);
    t
}

fn constant_transcript(
    fingerprint: &Digest,
    trustee: u32,
    member: &PublicKey,
    encryption_key: &Point,
    coefficients: &[Point],
) -> Transcript {
    let mut t = Transcript::new(tags::CONSTANT_TERM, fingerprint.as_bytes());
    t.u32(trustee).bytes32(member.as_bytes()).point(encryption_key).len(coefficients.len());
    for c in coefficients {
        t.point(c);
    }
    t
}

fn complaint_transcript(
    fingerprint: &Digest,
    complainer: u32,
    dealer: u32,
    member: &PublicKey,
    complainer_key: &Point,
    dealer_key: &Point,
    shared: &Point,
) -> Transcript {
    let mut t = Transcript::new(tags::COMPLAINT, fingerprint.as_bytes());
    t.u32(complainer)
        .u32(dealer)
        .bytes32(member.as_bytes())
        .point(complainer_key)
        .point(dealer_key)
        .point(shared);
    t
}

/// The one-time pad on the share from `dealer` to `recipient`: SHA-512 of the context and the
/// Diffie–Hellman key, reduced wide.
fn share_mask(
    fingerprint: &Digest,
    dealer: u32,
    recipient: u32,
    dealer_key: &Point,
    recipient_key: &Point,
    shared: &RistrettoPoint,
) -> Scalar {
    let mut t = Transcript::new(tags::SHARE_MASK, fingerprint.as_bytes());
    t.u32(dealer)
        .u32(recipient)
        .point(dealer_key)
        .point(recipient_key)
        .point(&Point::from_point(shared));
    let mut wide = t.finish();
    let mask = Scalar::from_bytes_mod_order_wide(&wide);
    wide.zeroize();
    mask
}
