//! The JSON value readers every part of the model shares: a string that borrows when it can
//! ([`CowStr`]), the "whole non-negative number" rule ([`Whole`]), and an object that is only read
//! from a JSON object ([`Obj`]).

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Unexpected, Visitor};

/// A JSON string, borrowed from the input when it has no escapes, decoded and owned otherwise.
///
/// (`Option<Cow<str>>` would always own: `serde` borrows only into a bare `Cow` field.)
pub(crate) struct CowStr<'a>(pub(crate) Cow<'a, str>);

impl<'a> CowStr<'a> {
    pub(crate) fn into_cow(self) -> Cow<'a, str> {
        self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for CowStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CowStrVisitor;
        impl<'de> Visitor<'de> for CowStrVisitor {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(text))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(text.into()))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(Cow::Owned(text))
            }
        }
        deserializer.deserialize_str(CowStrVisitor).map(CowStr)
    }
}

/// Largest whole number a float literal may denote and still be exact: 2^53.
const F64_EXACT_MAX: f64 = 9_007_199_254_740_992.0;

/// A whole non-negative number: an integer literal from 0 to `u64::MAX` (`-0` is 0), or a literal
/// with a fraction or exponent whose value is a whole number from 0 to 2^53 (`84.0`, `1e2`, `-0.0`),
/// the one range in which every whole number is exact, so the conversion loses nothing. Anything
/// else (negative, fractional, too large, another JSON type) is refused.
///
/// The one rule for `duration_seconds`, `max_duration_seconds` and `min_messages_threshold`.
pub(crate) struct Whole(pub(crate) u64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WholeVisitor;
        impl Visitor<'_> for WholeVisitor {
            type Value = u64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative whole number")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
                Ok(value)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
                u64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<u64, E> {
                if (0.0..=F64_EXACT_MAX).contains(&value) && is_whole(value) {
                    // Exact: a whole number in 0..=2^53 converts to u64 without loss.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    Ok(value as u64)
                } else {
                    Err(E::invalid_value(Unexpected::Float(value), &self))
                }
            }
        }
        deserializer.deserialize_any(WholeVisitor).map(Whole)
    }
}

/// Whether `float` (in 0..=2^53) has no fractional part: it survives the trip through `u64`.
fn is_whole(float: f64) -> bool {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
    let round_trip = (float as u64) as f64;
    round_trip == float
}

/// A `T` read only from a JSON object, never from an array of its field values (which `serde`'s
/// derived structs would also accept).
pub(crate) struct Obj<T>(pub(crate) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer.deserialize_map(ObjVisitor(PhantomData)).map(Obj)
    }
}
