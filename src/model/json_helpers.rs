//! Small zero-copy helpers over `serde_json`'s `RawValue`: strict body parsing, the JSON type of a
//! raw value, its text if it is a string, the fields of an object, and whole numbers.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde_json::value::RawValue;

use crate::model::json_values::{CowStr, Whole};
use crate::model::parse_error::ParseError;

/// Whether `body` is empty or made only of the four JSON whitespace bytes (space, tab, LF, CR).
///
/// Vertical tab, form feed and U+00A0 are not JSON whitespace: a body of them is not "empty", it
/// is invalid JSON.
pub(crate) fn is_blank(body: &[u8]) -> bool {
    body.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// Parses `body` as exactly one JSON text (RFC 8259, UTF-8, no byte order mark, nothing but
/// whitespace around the value) without copying it. The raw value excludes the surrounding
/// whitespace.
pub(crate) fn parse_body(body: &[u8]) -> Result<&RawValue, ParseError> {
    // `from_slice` checks the UTF-8 of the value's bytes; only JSON whitespace may surround it.
    serde_json::from_slice::<&RawValue>(body).map_err(|error| ParseError::json(&error))
}

/// The JSON type of a value, read from its first byte (the value is known to be valid JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonKind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl JsonKind {
    pub(crate) fn of(raw: &RawValue) -> Self {
        match raw.get().as_bytes().first() {
            Some(b'{') => Self::Object,
            Some(b'[') => Self::Array,
            Some(b'"') => Self::String,
            Some(b't' | b'f') => Self::Bool,
            Some(b'n') => Self::Null,
            _ => Self::Number,
        }
    }

    /// The name used in error reasons: "an object", "null", …
    pub(crate) const fn described(self) -> &'static str {
        match self {
            Self::Object => "an object",
            Self::Array => "an array",
            Self::String => "a string",
            Self::Number => "a number",
            Self::Bool => "a boolean",
            Self::Null => "null",
        }
    }
}

/// The text of `raw` if it is a JSON string (unescaped, borrowed when it has no escapes).
///
/// `None` for any other JSON type, and for a string with a lone surrogate escape (`"\ud800"`): the
/// JSON grammar allows one, but it is no Unicode text, so a Rust `str` cannot hold it.
pub(crate) fn as_str(raw: &RawValue) -> Option<Cow<'_, str>> {
    if JsonKind::of(raw) != JsonKind::String {
        return None;
    }
    // The only string that does not decode is one with a lone surrogate escape.
    serde_json::from_str::<CowStr<'_>>(raw.get()).ok().map(|s| s.0)
}

/// Why [`as_str`] gave no text for `raw`, as the end of a reason naming it `what`:
/// ``tool_call_id is a number, not a string``, or for a string with a lone surrogate escape
/// ``tool_call_id has a lone surrogate escape, not Unicode text``.
pub(crate) fn not_text(raw: &RawValue, what: &str) -> String {
    match JsonKind::of(raw) {
        JsonKind::String => format!("{what} has a lone surrogate escape, not Unicode text"),
        kind => format!("{what} is {}, not a string", kind.described()),
    }
}

/// The values of the keys `names` in the JSON object `raw` (the last one wins if a key repeats, as
/// in most JSON parsers), and whether the object has any other key. `None` if `raw` is not an
/// object. Keys are compared after unescaping; a key with a lone surrogate escape (allowed by the
/// JSON grammar, but no Unicode text) is compared as WTF-8, so it matches no name and counts as
/// another key. Neither keys nor values are copied.
pub(crate) fn object_fields<'a, const N: usize>(
    raw: &'a RawValue,
    names: &[&str; N],
) -> Option<Fields<'a, N>> {
    if JsonKind::of(raw) != JsonKind::Object {
        return None;
    }
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    // Cannot fail: `raw` is a valid JSON object, and the visitor accepts every key and value.
    FieldsSeed(names).deserialize(&mut deserializer).ok()
}

/// What [`object_fields`] found.
pub(crate) struct Fields<'a, const N: usize> {
    /// The value of each requested key, in the order of the names.
    pub(crate) values: [Option<&'a RawValue>; N],
    /// Whether the object has a key that is not among the names.
    pub(crate) other_keys: bool,
}

struct FieldsSeed<'n, const N: usize>(&'n [&'n str; N]);

impl<'de, const N: usize> de::DeserializeSeed<'de> for FieldsSeed<'_, N> {
    type Value = Fields<'de, N>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for FieldsSeed<'_, N> {
    type Value = Fields<'de, N>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields { values: [None; N], other_keys: false };
        while let Some(index) = map.next_key_seed(KeySeed(self.0))? {
            let value: &'de RawValue = map.next_value()?;
            match index.and_then(|index| fields.values.get_mut(index)) {
                Some(slot) => *slot = Some(value),
                None => fields.other_keys = true,
            }
        }
        Ok(fields)
    }
}

/// Reads an object key as the index of the name it equals, if any. The key is read as bytes:
/// unescaped, with a lone surrogate escape written as WTF-8 rather than refused as it would be as
/// a `str` (no name has one, so such a key equals none), and not copied unless it has escapes.
struct KeySeed<'n, const N: usize>(&'n [&'n str; N]);

impl<'de, const N: usize> DeserializeSeed<'de> for KeySeed<'_, N> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_bytes(self)
    }
}

impl<const N: usize> Visitor<'_> for KeySeed<'_, N> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        self.visit_bytes(key.as_bytes())
    }
}

/// The value of `raw` if it is a whole non-negative number, by the one rule of [`Whole`]; `None`
/// for anything else (negative, fractional, too large, another JSON type).
pub(crate) fn whole_u64(raw: &RawValue) -> Option<u64> {
    if JsonKind::of(raw) != JsonKind::Number {
        return None;
    }
    serde_json::from_str::<Whole>(raw.get()).ok().map(|whole| whole.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> &RawValue {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn blank_is_exactly_the_four_whitespace_bytes() {
        assert!(is_blank(b""));
        assert!(is_blank(b" \t\r\n"));
        assert!(!is_blank(b"\x0b"));
        assert!(!is_blank(b"\x0c"));
        assert!(!is_blank("\u{a0}".as_bytes()));
    }

    #[test]
    fn parse_body_trims_whitespace_and_rejects_trailing_data() {
        assert_eq!(parse_body(b" \n{\"a\":1}\t").unwrap().get(), "{\"a\":1}");
        assert_eq!(parse_body(b"{} x").unwrap_err(), ParseError::InvalidJson { line: 1, column: 4 });
        assert_eq!(
            parse_body(b"\xef\xbb\xbf{}").unwrap_err(),
            ParseError::InvalidJson { line: 1, column: 1 }
        );
        assert_eq!(parse_body(b"\"\xff\"").unwrap_err(), ParseError::InvalidJson { line: 1, column: 2 });
        assert_eq!(parse_body(b"NaN").unwrap_err(), ParseError::InvalidJson { line: 1, column: 1 });
    }

    #[test]
    fn kinds() {
        assert_eq!(JsonKind::of(raw("{}")), JsonKind::Object);
        assert_eq!(JsonKind::of(raw("[1]")), JsonKind::Array);
        assert_eq!(JsonKind::of(raw("\"x\"")), JsonKind::String);
        assert_eq!(JsonKind::of(raw("-1")), JsonKind::Number);
        assert_eq!(JsonKind::of(raw("false")), JsonKind::Bool);
        assert_eq!(JsonKind::of(raw("null")), JsonKind::Null);
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        assert!(matches!(as_str(raw("\"abc\"")), Some(Cow::Borrowed("abc"))));
        assert!(matches!(as_str(raw("\"a\\u0062c\"")), Some(Cow::Owned(s)) if s == "abc"));
        assert_eq!(as_str(raw("1")), None);
    }

    #[test]
    fn fields_last_wins_and_other_keys() {
        let fields = object_fields(raw(r#"{"a":1,"b":[2],"a":3,"\u0063":null}"#), &["a", "c"]).unwrap();
        assert_eq!(fields.values.map(|v| v.map(RawValue::get)), [Some("3"), Some("null")]);
        assert!(fields.other_keys);
        let fields = object_fields(raw(r#"{ "a" : { "x" : 1 } }"#), &["a"]).unwrap();
        assert_eq!(fields.values[0].map(RawValue::get), Some(r#"{ "x" : 1 }"#));
        assert!(!fields.other_keys);
        assert!(object_fields(raw("[]"), &["a"]).is_none());
    }

    #[test]
    fn whole_numbers() {
        for (text, want) in [
            ("0", Some(0)),
            ("-0", Some(0)),
            ("-0.0", Some(0)),
            ("300", Some(300)),
            ("300.0", Some(300)),
            ("3e2", Some(300)),
            ("3000e-1", Some(300)),
            ("18446744073709551615", Some(u64::MAX)),
            ("9007199254740992.0", Some(9_007_199_254_740_992)),
            ("9007199254740994.0", None),
            ("18446744073709551616", None),
            ("-1", None),
            ("-1.0", None),
            ("0.5", None),
            ("\"300\"", None),
            ("null", None),
            ("true", None),
        ] {
            assert_eq!(whole_u64(raw(text)), want, "{text}");
        }
    }
}
