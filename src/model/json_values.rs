//! The JSON value readers every part of the model shares: a string that borrows when it can
//! ([`CowStr`]) and the "whole non-negative number" rule ([`Whole`]).

use alloc::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer, Unexpected};
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
