//! The JSON value readers every part of the model shares: a string that borrows when it can
//! ([`CowStr`]), the "whole non-negative number" rule ([`Whole`]), and how a wire slot reads an
//! optional value ([`Slot`], [`Optional`]).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use serde_json::value::RawValue;

use crate::model::json_helpers;

/// A JSON string of the event model, borrowed from the input when it has no escapes, decoded and
/// owned otherwise, read the way `serde_json` reads a `str`: one scan, no capture.
///
/// `serde_json` refuses a lone surrogate escape in a `str` (grammatical JSON, but no Unicode
/// text). Such a body fails the event reader's one pass and is read again field by field through
/// [`LastWins`](crate::model::last_wins::LastWins), whose strings read each lone surrogate escape
/// as U+FFFD, so the reading rules hold on every path. Readers without that second pass use
/// [`LossyStr`].
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
        deserializer.deserialize_str(json_helpers::TextVisitor).map(CowStr)
    }
}

impl<'de: 'a, 'a> Slot<'de> for CowStr<'a> {
    /// One call where `Option` makes two (`deserialize_option`, then `deserialize_str`): `null`
    /// is `None`, a string its text, anything else the same wrong-type error as a `str` gives.
    fn deserialize_slot<D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        deserializer.deserialize_any(OptionalText).map(|text| text.map(CowStr))
    }
}

/// `null` or a string, for [`CowStr`]'s slot.
struct OptionalText;

impl<'de> Visitor<'de> for OptionalText {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        json_helpers::TextVisitor.expecting(f)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(json_helpers::TextVisitor).map(Some)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        json_helpers::TextVisitor.visit_borrowed_str(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        json_helpers::TextVisitor.visit_str(v).map(Some)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        json_helpers::TextVisitor.visit_string(v).map(Some)
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        json_helpers::TextVisitor.visit_borrowed_bytes(v).map(Some)
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        json_helpers::TextVisitor.visit_bytes(v).map(Some)
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        json_helpers::TextVisitor.visit_byte_buf(v).map(Some)
    }
}

/// How a wire slot reads its value: `null` is `None`. [`Optional`] reads through it.
///
/// The default is `Option<T>`'s own reading; [`CowStr`] reads its `null` or string in one call.
pub(crate) trait Slot<'de>: Deserialize<'de> {
    /// The slot's value: `None` for `null`.
    fn deserialize_slot<D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        Option::deserialize(deserializer)
    }
}

impl<'de: 'a, 'a> Slot<'de> for &'a RawValue {}
impl<'de> Slot<'de> for Whole {}
impl<'de, T: Deserialize<'de>> Slot<'de> for Vec<T> {}

/// A wire slot's optional value, read by [`Slot::deserialize_slot`].
pub(crate) struct Optional<T>(pub(crate) Option<T>);

impl<'de, T: Slot<'de>> Deserialize<'de> for Optional<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_slot(deserializer).map(Optional)
    }
}

/// A JSON string read with each lone surrogate escape as U+FFFD by any deserializer: captured raw
/// first (the grammar checked, control characters included), then unescaped. Borrowed when it has
/// no escapes.
pub(crate) struct LossyStr<'a>(pub(crate) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for LossyStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        json_helpers::text(deserializer).map(LossyStr)
    }
}

/// A whole non-negative number under the exact whole-number rule
/// ([`whole_u64`](json_helpers::whole_u64)): an integer literal from 0 to `u64::MAX` (`-0` is 0),
/// or a literal with a fraction or exponent whose *exact decimal value* is a whole number from 0 to
/// 2^53 (`84.0`, `1e2`, `-0.0`). Read as its literal text, so neither `1e400` (out of `f64` range)
/// nor `9007199254740993.0` (rounded by a float) is decided on an approximation; anything else
/// (negative, fractional, too large, another JSON type) is refused.
///
/// The one rule for `duration_seconds`, `max_duration_seconds` and `min_messages_threshold`.
pub(crate) struct Whole(pub(crate) u64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&'de RawValue>::deserialize(deserializer)?;
        json_helpers::whole_u64(raw).map(Whole).ok_or_else(|| {
            de::Error::invalid_value(Unexpected::Other(raw.get()), &"a non-negative whole number")
        })
    }
}
