//! Reading a tool response: one pass over the body for the bodies receivers send, and the careful
//! reading that decides every other body and words every error.
//!
//! [`parse`] first tries [`one_pass`], which reads the first key of an object by hand:
//! - `error` or `result` as the only key: the message (without escapes) is read by hand, the
//!   result scanned once by `serde_json` as raw JSON;
//! - `results` as the only key, its entries written plainly (ids and messages without escapes):
//!   read by hand the same way, each `result` and each other key's value scanned once by
//!   `serde_json`;
//! - another key first, and no key can be `results` (a structural scan of the top level, or no
//!   `"results"` and no escape in the body at all): the direct shape, the whole body scanned once by
//!   `serde_json` as raw JSON;
//! - otherwise `serde_json` reads the top-level object once, each key compared where it stands and
//!   each value read (`results`, its elements and their fields), captured (`result`) or skipped,
//!   all checked as it goes; only a body that then proves to be of the direct shape is scanned a
//!   second time, to take it whole as raw JSON.
//!
//! A body the one pass does not take as it is (not an object, not JSON, a repeated key, a lone
//! surrogate escape in a key or an id, an `error` that is not a string, a `results` that is not an
//! array of well-formed entries, a duplicate id) is read again by [`careful`], which is the
//! definition: whenever the one pass gives a response, it is the response `careful` gives (the
//! fuzz target `tool_response` checks exactly that), so the fast path decides nothing on its own.

use alloc::borrow::Cow;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::model::json_helpers::{self, JsonKind};
use crate::model::parse_error::ParseError;
use crate::response::tool_response::{EntryOutcome, ToolCallResult, ToolResponse};
use crate::response::tool_response_shape::ToolResponseShape;

/// Reads a tool-response body: [`one_pass`] when it takes the body, else [`careful`].
pub(crate) fn parse(body: &[u8]) -> Result<ToolResponse<'_>, ParseError> {
    match core::str::from_utf8(body).ok().and_then(one_pass) {
        Some(response) => Ok(response),
        None => careful(body),
    }
}

/// The one-pass reading of an object body, `None` for any body it does not take as it is (see the
/// [module documentation](self)).
fn one_pass(text: &str) -> Option<ToolResponse<'_>> {
    let mut cursor = Cursor { rest: text };
    cursor.skip_space();
    let object = cursor.rest;
    cursor.eat(b'{')?;
    cursor.skip_space();
    // The first key, read by hand, tells the common bodies apart.
    let only_direct = match cursor.plain_string() {
        Some(key @ ("error" | "result")) => match cursor.only_value(key) {
            Some(response) => return Some(response),
            None => false,
        },
        Some("results") => match cursor.only_results() {
            Some(entries) => return (!has_duplicate_id(&entries)).then_some(ToolResponse::Object(entries)),
            None => false,
        },
        // Another key first: the direct shape, unless a later key is `results`.
        Some(_) => cannot_name_results(text) || names_no_shape_key(object.as_bytes()),
        // `{}` is of the direct shape; a first key with escapes is left to the general pass.
        None => cursor.rest.starts_with('}'),
    };
    if only_direct {
        // One scan takes the whole body as raw JSON (and checks it).
        return serde_json::from_str::<&RawValue>(text).ok().map(ToolResponse::Direct);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let top = deserializer.deserialize_map(TopVisitor).ok()?;
    deserializer.end().ok()?;
    if let Some(entries) = top.results {
        return (!has_duplicate_id(&entries)).then_some(ToolResponse::Object(entries));
    }
    match (top.error, top.result, top.other_keys) {
        (Some(message), None, false) => Some(ToolResponse::Error(message)),
        (None, Some(value), false) => Some(ToolResponse::Simple(value)),
        // Neither shape: the whole body is the result (scanned again to take it as raw JSON).
        _ => serde_json::from_str::<&RawValue>(text).ok().map(ToolResponse::Direct),
    }
}

/// Whether no key of `text` can be `results`: it has no escape at all (so every key is written as
/// it reads) and no `"results"`. A shortcut for [`names_no_shape_key`], which it spares most
/// direct-shape bodies: two library searches cost less than the structural scan (1,475 against
/// 1,842 instructions for the vendor's direct example, parse and resolve, under cachegrind).
fn cannot_name_results(text: &str) -> bool {
    !text.as_bytes().contains(&b'\\') && !text.contains("\"results\"")
}

/// Whether `object` (text starting with `{`, not yet checked to be JSON) has, at its top level,
/// only keys other than `results`, `error` and `result`, each without escapes, so that only the
/// direct shape is possible. A structural scan (strings and nesting, no grammar), stopped at the
/// first key that may name a shape; `false` when in doubt. Its answer matters only for a body that
/// then proves to be JSON, and for JSON it is exact.
fn names_no_shape_key(object: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut key_next = false;
    let mut rest = object;
    while let Some((&byte, after)) = rest.split_first() {
        rest = after;
        match byte {
            b'"' if key_next => {
                // A key: it must end before any escape and name no shape.
                let Some(end) = json_helpers::first_to_escape(rest) else { return false };
                let (key, tail) = rest.split_at(end);
                if tail.first() != Some(&b'"') || matches!(key, b"results" | b"error" | b"result") {
                    return false;
                }
                rest = tail.get(1..).unwrap_or_default();
                key_next = false;
            }
            b'"' => match after_string(rest) {
                Some(tail) => rest = tail,
                None => return false,
            },
            b'{' | b'[' => {
                depth = depth.saturating_add(1);
                key_next = depth == 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return true;
                }
            }
            b',' => key_next = depth == 1,
            _ => {}
        }
    }
    false
}

/// What follows the string whose text `rest` starts with (its opening quote already read), an
/// escaped character skipped whatever it is; `None` if the string does not end.
fn after_string(mut rest: &[u8]) -> Option<&[u8]> {
    loop {
        let stop = json_helpers::first_to_escape(rest)?;
        let (_, tail) = rest.split_at(stop);
        match tail.split_first() {
            Some((b'"', after)) => return Some(after),
            Some((_, after)) => rest = after.get(1..)?,
            None => return None,
        }
    }
}

/// A position in a body being read by hand.
struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    /// The rest of a body whose first key, `key` (`error` or `result`), has just been read, if that
    /// key is the only one: the error shape (a message without escapes) or the simple shape (any
    /// value, scanned by `serde_json`). `None` for anything else, left to the general pass.
    fn only_value(&mut self, key: &str) -> Option<ToolResponse<'a>> {
        self.skip_space();
        self.eat(b':')?;
        self.skip_space();
        let response = match key {
            "error" => ToolResponse::Error(Cow::Borrowed(self.plain_string()?)),
            _ => ToolResponse::Simple(self.raw_value()?),
        };
        self.skip_space();
        self.eat(b'}')?;
        self.skip_space();
        self.rest.is_empty().then_some(response)
    }

    fn skip_space(&mut self) {
        let spaces = self.rest.bytes().take_while(|&byte| json_helpers::is_json_space(byte)).count();
        self.rest = self.rest.get(spaces..).unwrap_or_default();
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        let (&first, _) = self.rest.as_bytes().split_first()?;
        (first == byte).then_some(())?;
        self.rest = self.rest.get(1..)?;
        Some(())
    }

    /// The rest of a body whose first key, `results`, has just been read, if that key is the only
    /// one and its entries are written plainly: an array of objects, each with a `tool_call_id`
    /// and an `error` without escapes or a `result` (scanned by `serde_json`), other keys' values
    /// scanned and skipped, each key once. `None` for anything else, left to the general pass.
    fn only_results(&mut self) -> Option<Vec<ToolCallResult<'a>>> {
        self.skip_space();
        self.eat(b':')?;
        self.skip_space();
        self.eat(b'[')?;
        self.skip_space();
        let mut entries = Vec::new();
        if self.eat(b']').is_none() {
            loop {
                entries.push(self.entry()?);
                self.skip_space();
                if self.eat(b',').is_none() {
                    self.eat(b']')?;
                    break;
                }
                self.skip_space();
            }
        }
        self.skip_space();
        self.eat(b'}')?;
        self.skip_space();
        self.rest.is_empty().then_some(entries)
    }

    /// One entry of `results`, written plainly (see [`only_results`](Self::only_results)).
    fn entry(&mut self) -> Option<ToolCallResult<'a>> {
        self.eat(b'{')?;
        self.skip_space();
        let (mut id, mut outcome) = (None, None);
        if self.eat(b'}').is_none() {
            loop {
                let key = self.plain_string()?;
                self.skip_space();
                self.eat(b':')?;
                self.skip_space();
                match key {
                    "tool_call_id" if id.is_none() => id = Some(Cow::Borrowed(self.plain_string()?)),
                    "result" if outcome.is_none() => outcome = Some(EntryOutcome::Result(self.raw_value()?)),
                    "error" if outcome.is_none() => {
                        outcome = Some(EntryOutcome::Error(Cow::Borrowed(self.plain_string()?)));
                    }
                    "tool_call_id" | "result" | "error" => return None,
                    _ => drop(self.raw_value()?),
                }
                self.skip_space();
                if self.eat(b',').is_none() {
                    self.eat(b'}')?;
                    break;
                }
                self.skip_space();
            }
        }
        Some(ToolCallResult { tool_call_id: id?, outcome: outcome? })
    }

    /// A JSON string without escapes (so no control character, no backslash), its text.
    fn plain_string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let end = json_helpers::first_to_escape(self.rest.as_bytes())?;
        let (text, tail) = self.rest.split_at_checked(end)?;
        self.rest = tail;
        self.eat(b'"')?;
        Some(text)
    }

    /// A JSON value of any type, scanned by `serde_json` and taken as raw JSON.
    fn raw_value(&mut self) -> Option<&'a RawValue> {
        let mut deserializer = serde_json::Deserializer::from_str(self.rest);
        let raw = <&'a RawValue as serde::Deserialize>::deserialize(&mut deserializer).ok()?;
        // The raw value is a slice of `rest`: what follows it is read on.
        let start = (raw.get().as_ptr() as usize).checked_sub(self.rest.as_ptr() as usize)?;
        self.rest = self.rest.get(start.checked_add(raw.get().len())?..)?;
        Some(raw)
    }
}

/// Whether two entries have the same id: pairwise for a few entries (no allocation), sorted
/// through a map beyond that, so the check stays O(m log m).
fn has_duplicate_id(entries: &[ToolCallResult<'_>]) -> bool {
    const PAIRWISE: usize = 16;
    if entries.len() <= PAIRWISE {
        return entries.iter().enumerate().any(|(index, entry)| {
            entries.iter().skip(index.saturating_add(1)).any(|later| later.tool_call_id == entry.tool_call_id)
        });
    }
    let mut seen = alloc::collections::BTreeSet::new();
    !entries.iter().all(|entry| seen.insert(&*entry.tool_call_id))
}

/// Why the one pass gives up on a body; never shown (the careful reading words the error).
fn give_up<E: de::Error>() -> E {
    E::custom("read carefully")
}

/// The top-level keys the shapes are told apart by, as the one pass found them.
#[derive(Default)]
struct Top<'a> {
    results: Option<Vec<ToolCallResult<'a>>>,
    error: Option<Cow<'a, str>>,
    result: Option<&'a RawValue>,
    other_keys: bool,
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut top = Top::default();
        while let Some(key) = map.next_key_seed(NameSeed(&["results", "error", "result"]))? {
            match key {
                Some(0) if top.results.is_none() => top.results = Some(map.next_value_seed(ResultsSeed)?),
                Some(1) if top.error.is_none() => top.error = Some(map.next_value_seed(TextSeed)?),
                Some(2) if top.result.is_none() => top.result = Some(map.next_value()?),
                Some(_) => return Err(give_up()),
                None => {
                    map.next_value::<IgnoredAny>()?;
                    top.other_keys = true;
                }
            }
        }
        Ok(top)
    }
}

/// Reads a key as the index of the name it equals, if any (`serde_json` unescapes it; a lone
/// surrogate escape fails the pass).
struct NameSeed<'n, const N: usize>(&'n [&'n str; N]);

impl<'de, const N: usize> DeserializeSeed<'de> for NameSeed<'_, N> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<const N: usize> Visitor<'_> for NameSeed<'_, N> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }
}

/// A string's text, borrowed unless it had escapes; any other type fails the pass.
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(json_helpers::TextVisitor)
    }
}

/// `results`: an array of entries; anything else fails the pass.
struct ResultsSeed;

impl<'de> DeserializeSeed<'de> for ResultsSeed {
    type Value = Vec<ToolCallResult<'de>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ResultsSeed {
    type Value = Vec<ToolCallResult<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of results")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = seq.next_element_seed(EntrySeed)? {
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// One element of `results`: an object with a string `tool_call_id` and exactly one of `result`
/// and `error` (a string), each key once; anything else fails the pass.
struct EntrySeed;

impl<'de> DeserializeSeed<'de> for EntrySeed {
    type Value = ToolCallResult<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EntrySeed {
    type Value = ToolCallResult<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a result entry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut outcome) = (None, None);
        while let Some(key) = map.next_key_seed(NameSeed(&["tool_call_id", "result", "error"]))? {
            match key {
                Some(0) if id.is_none() => id = Some(map.next_value_seed(TextSeed)?),
                Some(1) if outcome.is_none() => outcome = Some(EntryOutcome::Result(map.next_value()?)),
                Some(2) if outcome.is_none() => {
                    outcome = Some(EntryOutcome::Error(map.next_value_seed(TextSeed)?))
                }
                Some(_) => return Err(give_up()),
                None => drop(map.next_value::<IgnoredAny>()?),
            }
        }
        match (id, outcome) {
            (Some(tool_call_id), Some(outcome)) => Ok(ToolCallResult { tool_call_id, outcome }),
            _ => Err(give_up()),
        }
    }
}

/// The careful reading, which decides every body (see the [module documentation](self)).
pub(crate) fn careful(body: &[u8]) -> Result<ToolResponse<'_>, ParseError> {
    if json_helpers::is_blank(body) {
        return Err(ParseError::EmptyBody);
    }
    let raw = json_helpers::parse_body(body)?;
    match classify(raw) {
        Classified::Object(results) => parse_results(results).map(ToolResponse::Object),
        Classified::Error(message) => json_helpers::as_str(message)
            .map(ToolResponse::Error)
            .ok_or_else(|| ParseError::response_reason(json_helpers::not_text(message, "error"))),
        Classified::Simple(value) => Ok(ToolResponse::Simple(value)),
        Classified::Direct => Ok(ToolResponse::Direct(raw)),
    }
}

/// A body's shape, told apart as [`ToolResponseShape`] describes, with the value that shape reads
/// (`results`, `error` or `result`), not checked further.
pub(crate) enum Classified<'a> {
    Object(&'a RawValue),
    Error(&'a RawValue),
    Simple(&'a RawValue),
    Direct,
}

impl Classified<'_> {
    pub(crate) const fn shape(&self) -> ToolResponseShape {
        match self {
            Self::Object(_) => ToolResponseShape::Object,
            Self::Error(_) => ToolResponseShape::Error,
            Self::Simple(_) => ToolResponseShape::Simple,
            Self::Direct => ToolResponseShape::Direct,
        }
    }
}

pub(crate) fn classify(raw: &RawValue) -> Classified<'_> {
    let Some(fields) = json_helpers::object_fields(raw, &["results", "error", "result"]) else {
        return Classified::Direct;
    };
    let [results, error, result] = fields.values;
    if let Some(results) = results.filter(|r| JsonKind::of(r) == JsonKind::Array) {
        return Classified::Object(results);
    }
    let only = |key: Option<&RawValue>, others: [Option<&RawValue>; 2]| {
        key.is_some() && others.iter().all(Option::is_none) && !fields.other_keys
    };
    if only(error, [results, result])
        && let Some(message) = error.filter(|e| JsonKind::of(e) == JsonKind::String)
    {
        return Classified::Error(message);
    }
    if let (Some(value), true) = (result, only(result, [results, error])) {
        return Classified::Simple(value);
    }
    Classified::Direct
}

fn parse_results(results: &RawValue) -> Result<Vec<ToolCallResult<'_>>, ParseError> {
    // Cannot fail: `results` is a valid JSON array.
    let elements: Vec<&RawValue> = serde_json::from_str(results.get())
        .map_err(|e| ParseError::response_reason(format!("results: {e}")))?;
    let mut entries: Vec<ToolCallResult<'_>> = Vec::with_capacity(elements.len());
    let mut seen: BTreeMap<Cow<'_, str>, usize> = BTreeMap::new();
    for (index, element) in elements.into_iter().enumerate() {
        let entry = parse_element(index, element)?;
        if let Some(first) = seen.insert(entry.tool_call_id.clone(), index) {
            return Err(ParseError::response_reason(format!(
                "results[{index}]: duplicate tool_call_id `{}` (first in results[{first}])",
                entry.tool_call_id
            )));
        }
        entries.push(entry);
    }
    Ok(entries)
}

fn parse_element(index: usize, element: &RawValue) -> Result<ToolCallResult<'_>, ParseError> {
    let Some(fields) = json_helpers::object_fields(element, &["tool_call_id", "result", "error"]) else {
        let kind = JsonKind::of(element).described();
        return Err(ParseError::response_reason(format!("results[{index}] is {kind}, not an object")));
    };
    let [id, result, error] = fields.values;
    let tool_call_id = match id {
        None => return Err(ParseError::response_reason(format!("results[{index}] has no tool_call_id"))),
        Some(id) => json_helpers::as_str(id).ok_or_else(|| {
            ParseError::response_reason(json_helpers::not_text(id, &format!("results[{index}].tool_call_id")))
        })?,
    };
    let outcome = match (result, error) {
        (Some(result), None) => EntryOutcome::Result(result),
        (None, Some(error)) => EntryOutcome::Error(json_helpers::as_str(error).ok_or_else(|| {
            ParseError::response_reason(json_helpers::not_text(error, &format!("results[{index}].error")))
        })?),
        (Some(_), Some(_)) => {
            return Err(ParseError::response_reason(format!("results[{index}] has both result and error")));
        }
        (None, None) => {
            return Err(ParseError::response_reason(format!(
                "results[{index}] has neither result nor error"
            )));
        }
    };
    Ok(ToolCallResult { tool_call_id, outcome })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn debug(result: &Result<ToolResponse<'_>, ParseError>) -> String {
        format!("{result:?}")
    }

    /// Bodies the one pass takes: it must give exactly what the careful reading gives.
    #[test]
    fn the_one_pass_agrees_with_the_careful_reading() {
        for body in [
            r#"{"error": "Contact not found"}"#,
            " {\"error\":\"x\"}\r\n",
            r#"{"result": {"name": "Jan", "n": 1e400}}"#,
            r#"{"result": null}"#,
            r#"{"name": "Jan"}"#,
            "{}",
            r#"{"name": "a \"quoted\" result", "list": [1, {"results": 2}]}"#,
            r#"{"name": "results", "x": "\"results\""}"#,
            r#"{"results": [{"tool_call_id": "t1", "result": {"a": [1]}, "note": 1}, {"tool_call_id": "t\u0032", "error": "e\n"}]}"#,
            r#"{"results": []}"#,
            r#"{ "results" : [ { "tool_call_id" : "a" , "error" : "e" } , {"x": {"deep": [[[]]]},
                "result": [1, {"x": null}], "tool_call_id": "b"}, {"tool_call_id": "c", "result": 1e400} ] }"#,
            r#"{"results": [], "x": 1}"#,
            r#"{"results": [], "error": "x", "other": 1}"#,
            r#"{"error": "a \"quoted\" message"}"#,
            r#"{"error": "x", "result": 1}"#,
            r#"{"error": "x", "other": 1}"#,
            r#"{"result": 1, "other": 1}"#,
            r#"{"\u0065rror": "x"}"#,
            r#"{"r\u0065sults": [{"tool_call_id": "a", "result": 1}]}"#,
        ] {
            let text = body.as_bytes();
            assert!(one_pass(body).is_some(), "the one pass should take {body}");
            assert_eq!(debug(&parse(text)), debug(&careful(text)), "{body}");
        }
    }

    /// Bodies it leaves to the careful reading, which then decides alone.
    #[test]
    fn the_one_pass_leaves_the_unusual_bodies() {
        for body in [
            "[1]",
            "7",
            r#"{"\ud800": 1, "error": "x"}"#,
            r#"{"error": "\ud800"}"#,
            r#"{"error": 5}"#,
            r#"{"error": "x", "error": "y"}"#,
            r#"{"results": "x"}"#,
            r#"{"results": [1]}"#,
            r#"{"results": [{"tool_call_id": "a", "result": 1}, {"tool_call_id": "a", "result": 2}]}"#,
            r#"{"results": [{"tool_call_id": "a", "result": 1, "error": "e"}]}"#,
            r#"{"results": [{"tool_call_id": "\ud800", "result": 1}]}"#,
            r#"{"results": [], "results": []}"#,
            r#"{"results": [{}]}"#,
            r#"{"results": [{"tool_call_id": "a", "result": 1, "result": 2}]}"#,
            r#"{"results": [{"tool_call_id": "a", "result": 1}"#,
            r#"{"results": [{"tool_call_id": "a", "result": 1},]}"#,
            r#"{"results": [{"tool_call_id": "a", "result": 01}]}"#,
            r#"{"error": "x"} x"#,
            r#"{"name": "Jan",}"#,
            "{\"name\": \"a\u{1}\"}",
            r#"{"name": "Jan""#,
        ] {
            assert!(one_pass(body).is_none(), "the one pass should leave {body}");
        }
    }

    #[test]
    fn the_structural_scan_finds_top_level_keys_only() {
        assert!(names_no_shape_key(br#"{"a": {"results": 1}, "b": ["error"], "c": "result"}"#));
        assert!(names_no_shape_key(br#"{"a": "\"results\"", "b": "\\"}"#));
        assert!(!names_no_shape_key(br#"{"a": 1, "results": []}"#));
        assert!(!names_no_shape_key(br#"{"a": 1, "r\u0065sults": []}"#));
        assert!(!names_no_shape_key(br#"{"a": "unterminated"#));
        assert!(!names_no_shape_key(b"{\"a\": [1, 2"));
    }

    #[test]
    fn many_entries_are_checked_for_duplicates_too() {
        let entries = |ids: &[&str]| -> String {
            let list: Vec<String> =
                ids.iter().map(|id| format!(r#"{{"tool_call_id":"{id}","result":1}}"#)).collect();
            format!(r#"{{"results":[{}]}}"#, list.join(","))
        };
        let distinct: Vec<String> = (0..40).map(|i| format!("t{i}")).collect();
        let mut ids: Vec<&str> = distinct.iter().map(String::as_str).collect();
        let body = entries(&ids);
        assert!(one_pass(&body).is_some());
        ids.push("t7");
        let body = entries(&ids);
        assert!(one_pass(&body).is_none());
        assert_eq!(
            parse(body.as_bytes()).unwrap_err(),
            ParseError::response_reason(
                "results[40]: duplicate tool_call_id `t7` (first in results[7])".into()
            )
        );
    }
}
