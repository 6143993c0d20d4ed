//! The canonical encoding of everything plenum signs or hashes.
//!
//! A small serde data format, specified byte for byte in `docs/record.md` ("Canonical encoding").
//! It is not self-describing: the reader must know the type, exactly as the signer did. Every value
//! has exactly one encoding, and the decoder accepts only that one — fixed-width big-endian
//! integers, `0`/`1` for booleans and option tags, strict UTF-8, no trailing bytes — so decoding
//! and re-encoding always gives back the same bytes, and a signature or hash over the bytes is a
//! signature or hash over the value.
//!
//! Floating point numbers, `char` and decoding of maps are refused: none of them has a place in a
//! signed record (maps are encoded only for state digests, in key order).

use core::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, SeqAccess, VariantAccess, Visitor};
use serde::ser::{self, Serialize};

/// Upper bound on the number of elements a decoded sequence may announce, beside the bytes left.
const MAX_SEQ_LEN: usize = 1 << 20;

/// Encodes `value` canonically.
///
/// # Errors
/// When the value contains a type the format refuses (a float, a `char`).
pub fn to_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, WireError> {
    let mut out = Vec::new();
    value.serialize(&mut Writer { out: &mut out })?;
    Ok(out)
}

/// Appends the canonical encoding of `value` to `out`.
///
/// # Errors
/// As [`to_bytes`].
pub fn write_into<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<(), WireError> {
    value.serialize(&mut Writer { out })
}

/// Decodes one value of type `T` from exactly `bytes`.
///
/// # Errors
/// When the bytes end early, carry trailing bytes, or are not the canonical encoding of a `T`.
pub fn from_bytes<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, WireError> {
    let mut reader = Reader { input: bytes };
    let value = T::deserialize(&mut reader)?;
    if !reader.input.is_empty() {
        return Err(WireError::TrailingBytes(reader.input.len()));
    }
    Ok(value)
}

/// Why bytes are not a canonical encoding, or a value cannot be encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    /// The input ended while `needed` more bytes were expected.
    UnexpectedEnd { needed: usize },
    /// Bytes were left over after the value.
    TrailingBytes(usize),
    /// A boolean or option tag other than 0 or 1.
    InvalidTag(u8),
    /// A string that is not valid UTF-8.
    InvalidUtf8,
    /// A sequence announcing more elements than could possibly follow.
    LengthTooLarge(u64),
    /// A type the format does not carry (float, char, map decoding, self-description).
    Unsupported(&'static str),
    /// A message from a type's own deserializer (an unknown enum variant, a value out of range).
    Custom(String),
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedEnd { needed } => write!(f, "input ended {needed} byte(s) early"),
            Self::TrailingBytes(n) => write!(f, "{n} unexpected byte(s) after the value"),
            Self::InvalidTag(t) => write!(f, "tag byte {t} where 0 or 1 was expected"),
            Self::InvalidUtf8 => f.write_str("text is not valid UTF-8"),
            Self::LengthTooLarge(n) => write!(f, "length {n} is larger than the input"),
            Self::Unsupported(what) => write!(f, "{what} is not part of the canonical encoding"),
            Self::Custom(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for WireError {}

impl ser::Error for WireError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::Custom(msg.to_string())
    }
}

impl de::Error for WireError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::Custom(msg.to_string())
    }
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    fn len_prefix(&mut self, len: usize) -> Result<(), WireError> {
        let len = u32::try_from(len).map_err(|_| WireError::LengthTooLarge(len as u64))?;
        self.out.extend_from_slice(&len.to_be_bytes());
        Ok(())
    }
}

macro_rules! ser_int {
    ($($name:ident: $ty:ty),*) => {$(
        fn $name(self, v: $ty) -> Result<(), WireError> {
            self.out.extend_from_slice(&v.to_be_bytes());
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Writer<'_> {
    type Ok = ();
    type Error = WireError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Result<(), WireError> {
        self.out.push(u8::from(v));
        Ok(())
    }

    ser_int!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
             serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);

    fn serialize_f32(self, _: f32) -> Result<(), WireError> {
        Err(WireError::Unsupported("a floating point number"))
    }
    fn serialize_f64(self, _: f64) -> Result<(), WireError> {
        Err(WireError::Unsupported("a floating point number"))
    }
    fn serialize_char(self, _: char) -> Result<(), WireError> {
        Err(WireError::Unsupported("a char"))
    }
    fn serialize_str(self, v: &str) -> Result<(), WireError> {
        self.serialize_bytes(v.as_bytes())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WireError> {
        self.len_prefix(v.len())?;
        self.out.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), WireError> {
        self.out.push(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WireError> {
        self.out.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WireError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), WireError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
    ) -> Result<(), WireError> {
        self.variant(index)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), WireError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), WireError> {
        self.variant(index)?;
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, WireError> {
        let len = len.ok_or(WireError::Unsupported("a sequence of unknown length"))?;
        self.len_prefix(len)?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, WireError> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, WireError> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, WireError> {
        self.variant(index)?;
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, WireError> {
        let len = len.ok_or(WireError::Unsupported("a map of unknown length"))?;
        self.len_prefix(len)?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, WireError> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, WireError> {
        self.variant(index)?;
        Ok(self)
    }
}

impl Writer<'_> {
    fn variant(&mut self, index: u32) -> Result<(), WireError> {
        let tag =
            u8::try_from(index).map_err(|_| WireError::Unsupported("more than 256 variants"))?;
        self.out.push(tag);
        Ok(())
    }
}

macro_rules! ser_compound {
    ($trait:ident, $method:ident $(, $key:ident)?) => {
        impl ser::$trait for &mut Writer<'_> {
            type Ok = ();
            type Error = WireError;
            fn $method<T: Serialize + ?Sized>(&mut self, $($key: &'static str,)? value: &T) -> Result<(), WireError> {
                $(let _ = $key;)?
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), WireError> {
                Ok(())
            }
        }
    };
}

ser_compound!(SerializeSeq, serialize_element);
ser_compound!(SerializeTuple, serialize_element);
ser_compound!(SerializeTupleStruct, serialize_field);
ser_compound!(SerializeTupleVariant, serialize_field);
ser_compound!(SerializeStruct, serialize_field, key);
ser_compound!(SerializeStructVariant, serialize_field, key);

impl ser::SerializeMap for &mut Writer<'_> {
    type Ok = ();
    type Error = WireError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WireError> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WireError> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), WireError> {
        Ok(())
    }
}

struct Reader<'de> {
    input: &'de [u8],
}

impl<'de> Reader<'de> {
    fn take(&mut self, n: usize) -> Result<&'de [u8], WireError> {
        if self.input.len() < n {
            return Err(WireError::UnexpectedEnd { needed: n - self.input.len() });
        }
        let (head, tail) = self.input.split_at(n);
        self.input = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn tag(&mut self) -> Result<bool, WireError> {
        match self.array::<1>()?[0] {
            0 => Ok(false),
            1 => Ok(true),
            t => Err(WireError::InvalidTag(t)),
        }
    }

    fn len(&mut self) -> Result<usize, WireError> {
        // Every element the format carries takes at least one byte, so a count larger than the
        // bytes left is a lie, refused before anything is reserved.
        let len = u32::from_be_bytes(self.array()?) as usize;
        if len > self.input.len() || len > MAX_SEQ_LEN {
            return Err(WireError::LengthTooLarge(len as u64));
        }
        Ok(len)
    }

    fn byte_len(&mut self) -> Result<usize, WireError> {
        let len = u32::from_be_bytes(self.array()?) as usize;
        if len > self.input.len() {
            return Err(WireError::UnexpectedEnd { needed: len - self.input.len() });
        }
        Ok(len)
    }
}

macro_rules! de_int {
    ($($name:ident: $ty:ty => $visit:ident),*) => {$(
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
            visitor.$visit(<$ty>::from_be_bytes(self.array()?))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = WireError;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        Err(WireError::Unsupported("a self-describing value"))
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
        visitor.visit_bool(self.tag()?)
    }

    de_int!(deserialize_i8: i8 => visit_i8, deserialize_i16: i16 => visit_i16,
            deserialize_i32: i32 => visit_i32, deserialize_i64: i64 => visit_i64,
            deserialize_u8: u8 => visit_u8, deserialize_u16: u16 => visit_u16,
            deserialize_u32: u32 => visit_u32, deserialize_u64: u64 => visit_u64);

    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        Err(WireError::Unsupported("a floating point number"))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        Err(WireError::Unsupported("a floating point number"))
    }
    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        Err(WireError::Unsupported("a char"))
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
        let len = self.byte_len()?;
        let bytes = self.take(len)?;
        visitor.visit_borrowed_str(core::str::from_utf8(bytes).map_err(|_| WireError::InvalidUtf8)?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
        self.deserialize_str(visitor)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
        let len = self.byte_len()?;
        visitor.visit_borrowed_bytes(self.take(len)?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
        if self.tag()? { visitor.visit_some(self) } else { visitor.visit_none() }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, WireError> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, WireError> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, WireError> {
        let len = self.len()?;
        visitor.visit_seq(Elements { reader: self, left: len })
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, WireError> {
        visitor.visit_seq(Elements { reader: self, left: len })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, WireError> {
        visitor.visit_seq(Elements { reader: self, left: len })
    }
    fn deserialize_map<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        Err(WireError::Unsupported("a map"))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, WireError> {
        visitor.visit_seq(Elements { reader: self, left: fields.len() })
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, WireError> {
        visitor.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        Err(WireError::Unsupported("an identifier"))
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, WireError> {
        Err(WireError::Unsupported("an ignored value"))
    }
}

struct Elements<'a, 'de> {
    reader: &'a mut Reader<'de>,
    left: usize,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = WireError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, WireError> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        // A hint only: never more than the bytes left, so a lying length cannot reserve memory.
        Some(self.left.min(self.reader.input.len()))
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = WireError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), WireError> {
        let index = u32::from(self.array::<1>()?[0]);
        let value = seed.deserialize(index.into_deserializer())?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for &mut Reader<'de> {
    type Error = WireError;

    fn unit_variant(self) -> Result<(), WireError> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, WireError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, WireError> {
        visitor.visit_seq(Elements { reader: self, left: len })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, WireError> {
        visitor.visit_seq(Elements { reader: self, left: fields.len() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Shape {
        Empty,
        Text(String),
        Pair { a: u16, b: Option<bool> },
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Sample {
        n: u64,
        flag: bool,
        name: String,
        list: Vec<u32>,
        shape: Shape,
        maybe: Option<i32>,
    }

    fn sample() -> Sample {
        Sample {
            n: 0x0102_0304_0506_0708,
            flag: true,
            name: "Zhanaozen".into(),
            list: vec![1, 2],
            shape: Shape::Pair { a: 7, b: Some(false) },
            maybe: None,
        }
    }

    #[test]
    fn encodes_the_documented_bytes() {
        let bytes = to_bytes(&sample()).unwrap();
        let expected: Vec<u8> = [
            &[1, 2, 3, 4, 5, 6, 7, 8][..],
            &[1],
            &[0, 0, 0, 9],
            b"Zhanaozen",
            &[0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2],
            &[2, 0, 7, 1, 0],
            &[0],
        ]
        .concat();
        assert_eq!(bytes, expected);
        assert_eq!(from_bytes::<Sample>(&bytes).unwrap(), sample());
    }

    #[test]
    fn refuses_every_non_canonical_variation() {
        let good = to_bytes(&sample()).unwrap();
        let mut trailing = good.clone();
        trailing.push(0);
        assert_eq!(from_bytes::<Sample>(&trailing), Err(WireError::TrailingBytes(1)));

        let mut bad_bool = good.clone();
        bad_bool[8] = 2;
        assert_eq!(from_bytes::<Sample>(&bad_bool), Err(WireError::InvalidTag(2)));

        let mut bad_utf8 = good.clone();
        bad_utf8[13] = 0xff;
        assert_eq!(from_bytes::<Sample>(&bad_utf8), Err(WireError::InvalidUtf8));

        let mut bad_variant = good.clone();
        bad_variant[34] = 9;
        assert!(matches!(from_bytes::<Sample>(&bad_variant), Err(WireError::Custom(_))));

        for cut in 0..good.len() {
            assert!(from_bytes::<Sample>(&good[..cut]).is_err(), "prefix of {cut} bytes accepted");
        }
    }

    #[test]
    fn a_lying_length_does_not_allocate() {
        let bytes = [0xff, 0xff, 0xff, 0xff, 0];
        assert!(from_bytes::<Vec<u64>>(&bytes).is_err());
        assert!(from_bytes::<String>(&bytes).is_err());
    }

    #[test]
    fn refuses_floats() {
        assert_eq!(to_bytes(&1.5f64), Err(WireError::Unsupported("a floating point number")));
    }
}
