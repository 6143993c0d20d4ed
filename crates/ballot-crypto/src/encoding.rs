//! The bytes of group elements and scalars, and their strict decoding.
//!
//! Every point and scalar a message carries is a [`Point`] or a [`ScalarBytes`]: 32 raw bytes in
//! the canonical encoding ([`record::wire`]), lowercase hex in JSON. They are decoded only here:
//! a point must be the canonical Ristretto255 encoding ([`CompressedRistretto::decompress`]
//! refuses every other one), a scalar the canonical little-endian encoding of a number below the
//! group order ℓ ([`Scalar::from_canonical_bytes`]). Where the identity would make a statement
//! meaningless (a public key, a ciphertext's first half), [`Point::decode_non_identity`] refuses it.

use core::fmt;

use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::IsIdentity;
use rand_core::CryptoRng;
use record::ids::{hex_decode, hex_encode};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

/// Why 32 bytes are not an acceptable group element or scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Not the canonical encoding of a Ristretto255 element.
    NotAPoint,
    /// The identity element where it is refused.
    Identity,
    /// Not the canonical encoding of a scalar (a number at least ℓ).
    NotAScalar,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAPoint => "not the canonical encoding of a Ristretto255 point",
            Self::Identity => "the identity point, which is refused here",
            Self::NotAScalar => "not the canonical encoding of a scalar",
        })
    }
}

impl std::error::Error for DecodeError {}

macro_rules! bytes32 {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub [u8; 32]);

        impl $name {
            /// The raw bytes.
            #[must_use]
            pub fn as_bytes(&self) -> &[u8; 32] {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), hex_encode(&self.0[..4]))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if serializer.is_human_readable() {
                    serializer.serialize_str(&hex_encode(&self.0))
                } else {
                    use serde::ser::SerializeTuple;
                    let mut tuple = serializer.serialize_tuple(32)?;
                    for byte in &self.0 {
                        tuple.serialize_element(byte)?;
                    }
                    tuple.end()
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if deserializer.is_human_readable() {
                    let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                    hex_decode::<32>(&s).map(Self).map_err(de::Error::custom)
                } else {
                    deserializer.deserialize_tuple(32, Array32).map(Self)
                }
            }
        }
    };
}

bytes32!(
    /// A Ristretto255 element as it travels: 32 bytes, decoded only on use.
    Point
);
bytes32!(
    /// A scalar modulo ℓ as it travels: 32 little-endian bytes, decoded only on use.
    ScalarBytes
);

impl Point {
    /// The encoding of `point`.
    #[must_use]
    pub fn from_point(point: &RistrettoPoint) -> Self {
        Self(point.compress().to_bytes())
    }

    /// The element these bytes encode.
    ///
    /// # Errors
    /// [`DecodeError::NotAPoint`] unless the bytes are a canonical encoding.
    pub fn decode(&self) -> Result<RistrettoPoint, DecodeError> {
        CompressedRistretto(self.0).decompress().ok_or(DecodeError::NotAPoint)
    }

    /// As [`Point::decode`], and refuses the identity.
    ///
    /// # Errors
    /// As [`Point::decode`], or [`DecodeError::Identity`].
    pub fn decode_non_identity(&self) -> Result<RistrettoPoint, DecodeError> {
        let point = self.decode()?;
        if point.is_identity() {
            return Err(DecodeError::Identity);
        }
        Ok(point)
    }
}

impl ScalarBytes {
    /// The encoding of `scalar`.
    #[must_use]
    pub fn from_scalar(scalar: &Scalar) -> Self {
        Self(scalar.to_bytes())
    }

    /// The scalar these bytes encode.
    ///
    /// # Errors
    /// [`DecodeError::NotAScalar`] unless the bytes are below ℓ.
    pub fn decode(&self) -> Result<Scalar, DecodeError> {
        Option::from(Scalar::from_canonical_bytes(self.0)).ok_or(DecodeError::NotAScalar)
    }
}

struct Array32;

impl<'de> Visitor<'de> for Array32 {
    type Value = [u8; 32];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("32 bytes")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<[u8; 32], A::Error> {
        let mut out = [0u8; 32];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(i, &self))?;
        }
        Ok(out)
    }
}

/// A uniformly random scalar from 64 bytes of `rng`, reduced wide so the bias is below 2^-250.
pub(crate) fn random_scalar<R: CryptoRng + ?Sized>(rng: &mut R) -> Scalar {
    let mut wide = [0u8; 64];
    rng.fill_bytes(&mut wide);
    let scalar = Scalar::from_bytes_mod_order_wide(&wide);
    wide.zeroize();
    scalar
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;

    #[test]
    fn refuses_non_canonical_points_and_scalars() {
        let g = Point::from_point(&RISTRETTO_BASEPOINT_POINT);
        assert_eq!(g.decode(), Ok(RISTRETTO_BASEPOINT_POINT));
        // The identity encodes as 32 zero bytes: a valid point, refused where it must be.
        assert!(Point([0; 32]).decode().is_ok());
        assert_eq!(Point([0; 32]).decode_non_identity(), Err(DecodeError::Identity));
        // A field element with its top bit set, and p itself, are not canonical encodings.
        let mut high = g;
        high.0[31] |= 0x80;
        assert_eq!(high.decode(), Err(DecodeError::NotAPoint));
        let mut p = [0xff; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        assert_eq!(Point(p).decode(), Err(DecodeError::NotAPoint));
        // Ristretto encodings must be "non-negative" (even): the negation of G's bytes is refused.
        let mut odd = g;
        odd.0[0] |= 1;
        assert_eq!(odd.decode(), Err(DecodeError::NotAPoint));

        // ℓ itself and anything above it are refused; ℓ − 1 is accepted.
        let ell = (Scalar::ZERO - Scalar::ONE).to_bytes();
        assert!(ScalarBytes(ell).decode().is_ok());
        let mut ell_plus = ell;
        ell_plus[0] += 1;
        assert_eq!(ScalarBytes(ell_plus).decode(), Err(DecodeError::NotAScalar));
        assert_eq!(ScalarBytes([0xff; 32]).decode(), Err(DecodeError::NotAScalar));
    }

    #[test]
    fn wire_is_raw_and_json_is_hex() {
        let p = Point([7; 32]);
        assert_eq!(record::wire::to_bytes(&p).unwrap(), vec![7; 32]);
        assert_eq!(record::wire::from_bytes::<Point>(&[7; 32]).unwrap(), p);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, format!("\"{}\"", "07".repeat(32)));
        assert_eq!(serde_json::from_str::<Point>(&json).unwrap(), p);
    }
}
