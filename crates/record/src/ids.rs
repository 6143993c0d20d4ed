//! Identifiers: fixed-size byte strings with a meaning.
//!
//! Each is a newtype over its bytes so that an event id is never passed where a member's key is
//! expected. In the canonical encoding they are raw bytes; in JSON and URLs, lowercase hex.

use core::fmt;
use core::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! byte_id {
    ($(#[$doc:meta])* $name:ident, $len:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub [u8; $len]);

        impl $name {
            /// The length in bytes.
            pub const LEN: usize = $len;

            /// The raw bytes.
            #[must_use]
            pub fn as_bytes(&self) -> &[u8; $len] {
                &self.0
            }

            /// Lowercase hex, as shown in URLs and JSON.
            #[must_use]
            pub fn to_hex(&self) -> String {
                hex_encode(&self.0)
            }

            /// The first 8 hex digits, for display where the full id is too long.
            #[must_use]
            pub fn short(&self) -> String {
                hex_encode(&self.0[..4])
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.short())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_hex())
            }
        }

        impl FromStr for $name {
            type Err = HexError;
            fn from_str(s: &str) -> Result<Self, HexError> {
                hex_decode::<$len>(s).map(Self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                if serializer.is_human_readable() {
                    serializer.serialize_str(&self.to_hex())
                } else {
                    serde::Serialize::serialize(&FixedBytes(&self.0), serializer)
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                if deserializer.is_human_readable() {
                    let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                    s.parse().map_err(de::Error::custom)
                } else {
                    deserializer.deserialize_tuple($len, ArrayVisitor::<$len>).map(Self)
                }
            }
        }
    };
}

byte_id!(
    /// The id of an event: SHA-256 of its complete encoded bytes.
    EventId, 32
);
byte_id!(
    /// An assembly is named by the id of the event that founded it.
    AssemblyId, 32
);
byte_id!(
    /// A member's Ed25519 public key, which is also how the record names the member. Invitation
    /// keys use the same type.
    PublicKey, 32
);
byte_id!(
    /// An Ed25519 signature.
    SignatureBytes, 64
);
byte_id!(
    /// A SHA-256 digest of something other than an event (a state, a set of heads).
    Digest, 32
);

impl From<EventId> for AssemblyId {
    fn from(id: EventId) -> Self {
        Self(id.0)
    }
}

impl From<AssemblyId> for EventId {
    fn from(id: AssemblyId) -> Self {
        Self(id.0)
    }
}

/// A fixed-size array, encoded as that many raw bytes (a tuple of `u8`).
struct FixedBytes<'a, const N: usize>(&'a [u8; N]);

impl<const N: usize> Serialize for FixedBytes<'_, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut tuple = serializer.serialize_tuple(N)?;
        for byte in self.0 {
            tuple.serialize_element(byte)?;
        }
        tuple.end()
    }
}

struct ArrayVisitor<const N: usize>;

impl<'de, const N: usize> Visitor<'de> for ArrayVisitor<N> {
    type Value = [u8; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{N} bytes")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<[u8; N], A::Error> {
        let mut out = [0u8; N];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = seq.next_element()?.ok_or_else(|| de::Error::invalid_length(i, &self))?;
        }
        Ok(out)
    }
}

/// Why a text is not the hex of an identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HexError {
    /// The text has the wrong number of digits.
    Length { expected: usize, found: usize },
    /// A character that is not a lowercase or uppercase hex digit.
    Digit,
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Length { expected, found } => {
                write!(f, "expected {expected} hex digits, found {found}")
            }
            Self::Digit => f.write_str("not a hex digit"),
        }
    }
}

impl std::error::Error for HexError {}

/// Lowercase hex of `bytes`.
#[must_use]
pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

/// Decodes exactly `N` bytes of hex (either case).
///
/// # Errors
/// When the text is not `2 * N` hex digits.
pub fn hex_decode<const N: usize>(s: &str) -> Result<[u8; N], HexError> {
    let s = s.as_bytes();
    if s.len() != 2 * N {
        return Err(HexError::Length { expected: 2 * N, found: s.len() });
    }
    let mut out = [0u8; N];
    for (i, pair) in s.chunks_exact(2).enumerate() {
        out[i] = (hex_digit(pair[0])? << 4) | hex_digit(pair[1])?;
    }
    Ok(out)
}

/// Decodes hex of any even length (either case).
///
/// # Errors
/// When the text has an odd number of digits or a character that is not one.
pub fn hex_decode_vec(s: &str) -> Result<Vec<u8>, HexError> {
    let s = s.as_bytes();
    if !s.len().is_multiple_of(2) {
        return Err(HexError::Length { expected: s.len() + 1, found: s.len() });
    }
    s.chunks_exact(2).map(|pair| Ok((hex_digit(pair[0])? << 4) | hex_digit(pair[1])?)).collect()
}

fn hex_digit(c: u8) -> Result<u8, HexError> {
    match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        b'A'..=b'F' => Ok(c - b'A' + 10),
        _ => Err(HexError::Digit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_refuses_garbage() {
        let id = EventId([0xab; 32]);
        assert_eq!(id.to_hex().parse::<EventId>().unwrap(), id);
        assert_eq!(id.short(), "abababab");
        assert_eq!("zz".parse::<EventId>(), Err(HexError::Length { expected: 64, found: 2 }));
        assert_eq!("g".repeat(64).parse::<EventId>(), Err(HexError::Digit));
    }

    #[test]
    fn json_is_hex_and_wire_is_raw() {
        let key = PublicKey([1; 32]);
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(json, format!("\"{}\"", "01".repeat(32)));
        assert_eq!(serde_json::from_str::<PublicKey>(&json).unwrap(), key);
        let wire = crate::wire::to_bytes(&key).unwrap();
        assert_eq!(wire, vec![1; 32]);
        assert_eq!(crate::wire::from_bytes::<PublicKey>(&wire).unwrap(), key);
    }
}
