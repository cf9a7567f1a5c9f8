//! Small zero-copy helpers over `serde_json`'s `RawValue`: strict body parsing, the JSON type of a
//! raw value, its text if it is a string (with lone surrogates read as U+FFFD), the fields of an
//! object, and the exact whole-number rule. These carry the crate's JSON reading rules (see
//! [`parse_event`](crate::parse_event#json-reading)).

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, Visitor};
use serde_json::value::RawValue;

use crate::model::parse_error::ParseError;

/// Whether `body` is empty or made only of the four JSON whitespace bytes (space, tab, LF, CR).
///
/// Vertical tab, form feed and U+00A0 are not JSON whitespace: a body of them is not "empty", it
/// is invalid JSON.
pub(crate) fn is_blank(body: &[u8]) -> bool {
    body.iter().all(|&byte| is_json_space(byte))
}

/// Whether `byte` is one of the four JSON whitespace bytes: space, tab, LF, CR.
pub(crate) const fn is_json_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
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

/// Visits a JSON string read as a `str` or with `deserialize_bytes` (an object key through
/// `LastWins`, a string unescaped as WTF-8) and gives its text, borrowed when it had no escapes.
pub(crate) struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.into()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        // No escapes: the body's own bytes, already checked to be UTF-8.
        core::str::from_utf8(v).map(Cow::Borrowed).map_err(|_| E::custom("a string is not UTF-8"))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        text_of_wtf8(v.into()).map(Cow::Owned).ok_or_else(|| E::custom("a string is not UTF-8"))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        text_of_wtf8(v).map(Cow::Owned).ok_or_else(|| E::custom("a string is not UTF-8"))
    }
}

/// The text of a JSON string that `serde_json` unescaped as bytes: each lone surrogate escape,
/// which it writes as the 3-byte WTF-8 form `ED A0..BF 80..BF`, becomes U+FFFD — also 3 bytes, so
/// in place — the way `String::from_utf16_lossy` decodes a lone surrogate (a valid pair was already
/// joined). `None` if the bytes are not text even then (never, for a body that is UTF-8).
pub(crate) fn text_of_wtf8(mut bytes: Vec<u8>) -> Option<String> {
    let mut i = 0usize;
    while let Some(&lead) = bytes.get(i) {
        let second = bytes.get(i.saturating_add(1)).copied();
        if lead == 0xED && second.is_some_and(|b| (0xA0..=0xBF).contains(&b)) {
            for (offset, replacement) in [0xEF, 0xBF, 0xBD].into_iter().enumerate() {
                if let Some(byte) = bytes.get_mut(i.saturating_add(offset)) {
                    *byte = replacement;
                }
            }
            i = i.saturating_add(3);
        } else {
            i = i.saturating_add(1);
        }
    }
    String::from_utf8(bytes).ok()
}

/// The text of `raw` if it is a JSON string (unescaped, borrowed when it has no escapes, each lone
/// surrogate escape read as U+FFFD). `None` for any other JSON type.
pub(crate) fn as_str(raw: &RawValue) -> Option<Cow<'_, str>> {
    if JsonKind::of(raw) != JsonKind::String {
        return None;
    }
    let text = raw.get();
    let inner = text.get(1..text.len().saturating_sub(1))?;
    // In a scanned string only an escape stops `first_to_escape`: a quote would have ended it, a
    // control character failed it.
    if first_to_escape(inner.as_bytes()).is_none() {
        // No escapes: the text between the quotes is the string.
        return Some(Cow::Borrowed(inner));
    }
    unescape(inner).map(Cow::Owned)
}

/// The text of the inside of a JSON string that has escapes (scanned already: every escape is
/// well formed), decoded in one pass into a buffer of the right size: a surrogate pair joined,
/// each lone surrogate escape U+FFFD, as `serde_json` and [`text_of_wtf8`] read it.
/// `None` for a malformed escape (never, for a scanned string).
fn unescape(inner: &str) -> Option<String> {
    let mut text = String::with_capacity(inner.len());
    let mut rest = inner;
    // Eight bytes at a time to the next escape: with dense escapes (arguments sent as a JSON
    // string escape every quote) a library search per escape cost more than the decoding.
    while let Some(at) = first_to_escape(rest.as_bytes()) {
        let (plain, escape) = rest.split_at_checked(at)?;
        text.push_str(plain);
        let (&stop, after) = escape.as_bytes().split_first()?;
        if stop != b'\\' {
            // A quote or a control character, never in a scanned string: kept as it is (ASCII).
            text.push(char::from(stop));
            rest = escape.get(1..)?;
            continue;
        }
        let &kind = after.first()?;
        rest = escape.get(2..)?;
        let decoded = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (unit, after) = hex_unit(rest)?;
                rest = after;
                match unit {
                    0xD800..=0xDBFF => {
                        // A high surrogate: joined with a low one escaped right after it, else lone.
                        match rest.strip_prefix("\\u").and_then(hex_unit) {
                            Some((low @ 0xDC00..=0xDFFF, after)) => {
                                rest = after;
                                char::decode_utf16([unit, low])
                                    .next()
                                    .and_then(Result::ok)
                                    .unwrap_or(char::REPLACEMENT_CHARACTER)
                            }
                            _ => char::REPLACEMENT_CHARACTER,
                        }
                    }
                    unit => char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER),
                }
            }
            _ => return None,
        };
        text.push(decoded);
    }
    text.push_str(rest);
    Some(text)
}

/// The code unit of the four hex digits `rest` starts with, and what follows them.
fn hex_unit(rest: &str) -> Option<(u16, &str)> {
    let digits = rest.get(..4)?;
    if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    Some((u16::from_str_radix(digits, 16).ok()?, rest.get(4..)?))
}

/// A JSON string read as text: captured as a `RawValue` first (which checks the grammar, raw
/// control characters included, with no depth limit and no number range), then read by
/// [`as_str`]. Any other JSON type is an "invalid type" error.
pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    let raw = <&'de RawValue>::deserialize(deserializer)?;
    as_str(raw).ok_or_else(|| de::Error::invalid_type(de::Unexpected::Other(&unexpected(raw)), &"a string"))
}

/// How an error names a value of the wrong type: a scalar with its text (``number `3` ``,
/// ``boolean `true` ``, `null`), a container by its type (`an object`, `an array`).
pub(crate) fn unexpected(raw: &RawValue) -> String {
    match JsonKind::of(raw) {
        JsonKind::Number => format!("number `{}`", raw.get()),
        JsonKind::Bool => format!("boolean `{}`", raw.get()),
        kind => kind.described().into(),
    }
}

/// Why [`as_str`] gave no text for `raw`, as the end of a reason naming it `what`:
/// ``tool_call_id is a number, not a string``.
pub(crate) fn not_text(raw: &RawValue, what: &str) -> String {
    format!("{what} is {}, not a string", JsonKind::of(raw).described())
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
pub(crate) struct KeySeed<'n, const N: usize>(pub(crate) &'n [&'n str; N]);

impl<'de, const N: usize> DeserializeSeed<'de> for KeySeed<'_, N> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        // Captured raw first, so that the key's grammar is checked (the bytes path does not check
        // raw control characters); a key without escapes is then compared where it stands.
        let raw = <&'de RawValue>::deserialize(deserializer)?;
        let text = raw.get();
        match text.get(1..text.len().saturating_sub(1)) {
            Some(inner) if !inner.contains('\\') => self.visit_bytes(inner.as_bytes()),
            _ => {
                // Unescaped as bytes: a lone surrogate escape is WTF-8, which equals no name.
                let mut deserializer = serde_json::Deserializer::from_str(text);
                deserializer.deserialize_bytes(self).map_err(de::Error::custom)
            }
        }
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

/// Whether a JSON string must escape `byte`: `"`, `\\` or a control character.
const fn to_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Eight bytes at a time: the high bit of each byte that is `"`, `\\` or a control character,
/// and possibly of bytes above the lowest such one, none below it. Each term is the classic "has
/// a byte less than n" test, with n ≤ 128: a borrow only starts at a byte that matches, so the
/// mask is zero exactly when no byte matches, and its lowest set bit is the first match.
const fn to_escape_mask(word: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_le_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_le_bytes([b'\\'; 8]);
    let control = word.wrapping_sub(ONES.wrapping_mul(0x20)) & !word;
    let quote = (word ^ QUOTES).wrapping_sub(ONES) & !(word ^ QUOTES);
    let backslash = (word ^ BACKSLASHES).wrapping_sub(ONES) & !(word ^ BACKSLASHES);
    (control | quote | backslash) & HIGH
}

/// Where the first byte of `bytes` that a JSON string must escape is, if any: where its plain
/// text ends, for a reader; where an escape is due, for a writer. Eight bytes at a time.
pub(crate) fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    let (words, tail) = bytes.as_chunks::<8>();
    let mut at = 0_usize;
    for &word in words {
        // Read little-endian, the first byte is the lowest: the lowest high bit of the mask is
        // the first byte to escape (a borrow only carries upwards, so a bit without a byte to
        // escape can only be set above one).
        let mask = to_escape_mask(u64::from_le_bytes(word));
        if mask != 0 {
            return Some(at.saturating_add((mask.trailing_zeros() / 8) as usize));
        }
        at = at.saturating_add(8);
    }
    tail.iter().position(|&byte| to_escape(byte)).map(|inside| at.saturating_add(inside))
}

/// Largest whole number a literal with a fraction or an exponent may denote: 2^53.
const EXACT_MAX: u64 = 1 << 53;

/// The value of `raw` if it is a whole non-negative number under the exact whole-number rule: an
/// integer literal from 0 to `u64::MAX` (`-0` is 0), or a literal with a fraction or an exponent
/// whose *exact decimal value* (not the nearest `f64`) is a whole number from 0 to 2^53 (`300.0`,
/// `3e2`, `-0.0`). `84.0000000000000001`, `1e-400`, `-1e-400`, `9007199254740993.0`, `1e400` and
/// every other JSON type are `None`. Decided on the literal's digits, so any magnitude is fine.
pub(crate) fn whole_u64(raw: &RawValue) -> Option<u64> {
    whole_literal(raw.get())
}

/// [`whole_u64`] on the text of a JSON number literal (anything else is `None`).
pub(crate) fn whole_literal(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let (int, rest) = split_digits(rest);
    if int.is_empty() {
        return None;
    }
    let (frac, rest) = match rest.split_first() {
        Some((b'.', after)) => split_digits(after),
        _ => (&[][..], rest),
    };
    let exponent = match rest.split_first() {
        None => None,
        Some((b'e' | b'E', after)) => Some(exponent_value(after)?),
        Some(_) => return None,
    };
    if frac.is_empty() && exponent.is_none() {
        // An integer literal: its digits must fit u64; `-0` is 0.
        let value = decimal(int)?;
        return if negative && value != 0 { None } else { Some(value) };
    }
    let exponent = exponent.unwrap_or(0);
    // digits × 10^(exponent − frac.len()), with leading and trailing zeros removed.
    let all = int.iter().chain(frac).copied();
    let leading = all.clone().take_while(|&d| d == b'0').count();
    let (mut length, mut trailing) = (0usize, 0usize);
    for d in all.clone().skip(leading) {
        length = length.saturating_add(1);
        trailing = if d == b'0' { trailing.saturating_add(1) } else { 0 };
    }
    if length == 0 {
        return Some(0); // zero, whatever its sign and exponent
    }
    let significant = length.saturating_sub(trailing);
    if negative {
        return None;
    }
    let frac_len = i64::try_from(frac.len()).ok()?;
    let trailing = i64::try_from(trailing).ok()?;
    let scale = exponent.saturating_sub(frac_len).saturating_add(trailing);
    if scale < 0 {
        return None; // a fractional part remains
    }
    // At most 16 digits in all (2^53 has 16): the value then fits u64 and is compared exactly.
    let digits = i64::try_from(significant).ok()?.saturating_add(scale);
    if digits > 16 {
        return None;
    }
    let mut value = all
        .skip(leading)
        .take(significant)
        .try_fold(0u64, |acc, d| acc.checked_mul(10)?.checked_add(u64::from(d.checked_sub(b'0')?)))?;
    for _ in 0..scale {
        value = value.checked_mul(10)?;
    }
    (value <= EXACT_MAX).then_some(value)
}

/// The value of ASCII digits, `None` past `u64::MAX`.
fn decimal(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |acc, &d| acc.checked_mul(10)?.checked_add(u64::from(d.checked_sub(b'0')?)))
}

fn split_digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    let end = bytes.iter().position(|b| !b.is_ascii_digit()).unwrap_or(bytes.len());
    bytes.split_at(end)
}

/// An exponent's value (`+`/`-` and digits, nothing after), saturating far beyond any use.
fn exponent_value(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = digits
        .iter()
        .fold(0i64, |acc, &d| acc.saturating_mul(10).saturating_add(i64::from(d.saturating_sub(b'0'))));
    Some(if negative { magnitude.saturating_neg() } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference for [`unescape`]: `serde_json`'s own unescaping as bytes (a lone surrogate
    /// escape as WTF-8), then [`text_of_wtf8`].
    struct Unescaped<'a>(Cow<'a, str>);

    impl<'de> Deserialize<'de> for Unescaped<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_bytes(TextVisitor).map(Unescaped)
        }
    }

    #[test]
    fn first_to_escape_finds_every_stop_at_every_position() {
        // Two whole words and a remainder are enough under Miri.
        for length in 0..if cfg!(miri) { 20 } else { 40 } {
            for stop in [b'"', b'\\', 0x00, 0x1F] {
                for at in 0..=length {
                    let mut bytes = alloc::vec![b'a'; length];
                    bytes.extend_from_slice("é\u{7f}~ÿ".as_bytes());
                    bytes.insert(at, stop);
                    assert_eq!(first_to_escape(&bytes), Some(at), "{bytes:?}");
                }
            }
            let plain: Vec<u8> = core::iter::repeat_n("a é~\u{7f}\u{80}".bytes(), length).flatten().collect();
            assert_eq!(first_to_escape(&plain), None);
        }
    }

    #[test]
    fn unescape_keeps_a_quote_or_control_character_that_no_scan_let_through() {
        assert_eq!(unescape("a\"b\\n\u{1}").as_deref(), Some("a\"b\n\u{1}"));
        assert_eq!(unescape("\\q"), None);
        assert_eq!(unescape("end\\"), None);
    }

    #[test]
    fn unescape_reads_as_serde_json_does_with_lone_surrogates_as_replacement() {
        const PIECES: [&str; 12] = [
            "a",
            "é",
            "\\ud800",
            "\\udbff",
            "\\udc00",
            "\\ud83d\\ude00",
            "\\n",
            "\\u0041",
            "\\\\",
            "\\\"",
            "\\/\\b\\f\\r\\t",
            "\\u00e9\\uFFFF",
        ];
        // Every sequence of up to four pieces (two under Miri, which interprets every step).
        let rounds = if cfg!(miri) { 2 } else { 4 };
        let mut strings = alloc::vec![String::new()];
        for _ in 0..rounds {
            let longer: Vec<String> =
                strings.iter().flat_map(|s| PIECES.iter().map(move |p| alloc::format!("{s}{p}"))).collect();
            strings.extend(longer);
        }
        let mut checked = 0;
        for inner in strings.iter().filter(|s| s.contains('\\')) {
            let quoted = alloc::format!("\"{inner}\"");
            let reference = serde_json::from_str::<Unescaped<'_>>(&quoted).unwrap().0;
            assert_eq!(unescape(inner).as_deref(), Some(&*reference), "{quoted}");
            let raw: &RawValue = serde_json::from_str(&quoted).unwrap();
            assert_eq!(as_str(raw).as_deref(), Some(&*reference), "{quoted}");
            checked += 1;
        }
        assert!(checked > if cfg!(miri) { 100 } else { 20_000 }, "{checked}");
        assert_eq!(unescape("\\ud83d\\ude00 \\ud800\\u0041").unwrap(), "\u{1f600} \u{fffd}A");
        assert_eq!(unescape("\\x"), None);
        assert_eq!(unescape("\\u12"), None);
    }

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
    fn lone_surrogates_read_as_replacement_characters() {
        for (json, want) in [
            (r#""\ud800""#, "\u{fffd}"),
            (r#""a\udc00b""#, "a\u{fffd}b"),
            (r#""\ud83d\ude00""#, "\u{1f600}"),
            (r#""\ude00\ud83d""#, "\u{fffd}\u{fffd}"),
            (r#""\ud83d\ud83d\ude00!""#, "\u{fffd}\u{1f600}!"),
            (r#""\ud800\n\u00e9\ud7ff""#, "\u{fffd}\n\u{e9}\u{d7ff}"),
        ] {
            assert_eq!(as_str(raw(json)).as_deref(), Some(want), "{json}");
        }
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
            ("9007199254740993.0", None),
            ("9.007199254740993e15", None),
            ("84.0000000000000001", None),
            ("1e-400", None),
            ("-1e-400", None),
            ("1e400", None),
            ("0e999999999999999999999", Some(0)),
            ("-0e-5", Some(0)),
            ("1e2", Some(100)),
            ("15000e-3", Some(15)),
            ("7.000000000000000000000000000000", Some(7)),
            ("9007199254740992", Some(9_007_199_254_740_992)),
            ("90071992547409920e-1", Some(9_007_199_254_740_992)),
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
