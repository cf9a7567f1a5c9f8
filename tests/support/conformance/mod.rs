//! The conformance runner's case handling, shared by `examples/conformance.rs` (the runner that
//! reads stdin) and `tests/conformance.rs` (which runs every public case in-process).
//!
//! A case line is read as an object of raw values ([`Case`]): the inputs an op needs are then
//! read as ordinary JSON, while `expect` — which may hold lone surrogates, `1e400` or deep
//! nesting, like the bodies — is only read by [`Json`] when checking. [`run_case`] returns the
//! result the runner prints, or why the line is not a valid case.

// Each includer uses a part of this module.
#![allow(dead_code)]

mod events;
pub(crate) mod json;
mod responses;
mod verify;

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json::value::RawValue;

pub(crate) use json::{Json, Out};

/// One case line: its top-level keys and their raw JSON values.
#[derive(Debug)]
pub(crate) struct Case {
    fields: BTreeMap<String, Box<RawValue>>,
}

impl Case {
    /// The case's `id`.
    pub(crate) fn id(&self) -> Result<String, String> {
        match self.value("id")? {
            Value::String(id) => Ok(id),
            _ => Err("\"id\" is not a string".into()),
        }
    }

    /// An input as an ordinary JSON value; a missing input is an invalid case.
    pub(crate) fn value(&self, name: &str) -> Result<Value, String> {
        let raw = self.fields.get(name).ok_or_else(|| format!("missing field {name:?}"))?;
        serde_json::from_str(raw.get()).map_err(|e| format!("field {name:?} cannot be read: {e}"))
    }

    fn has(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// A string input, or `None` for null.
    pub(crate) fn optional_str(&self, name: &str) -> Result<Option<String>, String> {
        match self.value(name)? {
            Value::Null => Ok(None),
            Value::String(text) => Ok(Some(text)),
            _ => Err(format!("{name:?} is neither a string nor null")),
        }
    }

    /// An array of strings.
    pub(crate) fn strings(&self, name: &str) -> Result<Vec<String>, String> {
        match self.value(name)? {
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(text) => Ok(text),
                    _ => Err(format!("an element of {name:?} is not a string")),
                })
                .collect(),
            _ => Err(format!("{name:?} is not an array")),
        }
    }

    /// A non-negative integer input.
    pub(crate) fn u64(&self, name: &str) -> Result<u64, String> {
        self.value(name)?.as_u64().ok_or_else(|| format!("{name:?} is not a u64"))
    }

    /// The case's body bytes: `body` (UTF-8 text) or `body_hex` (any bytes).
    pub(crate) fn body(&self) -> Result<Vec<u8>, String> {
        match (self.has("body"), self.has("body_hex")) {
            (true, false) => match self.value("body")? {
                Value::String(text) => Ok(text.into_bytes()),
                _ => Err("\"body\" is not a string".into()),
            },
            (false, true) => match self.value("body_hex")? {
                Value::String(hex) => decode_hex(&hex),
                _ => Err("\"body_hex\" is not a string".into()),
            },
            _ => Err("needs exactly one of \"body\" or \"body_hex\"".into()),
        }
    }

    /// The expected result with the case's `id`, as the runner must print it.
    pub(crate) fn expected(&self) -> Result<Json, String> {
        let raw = self.fields.get("expect").ok_or("case has no \"expect\"")?;
        let mut expect = Json::parse(raw.get()).map_err(|e| format!("\"expect\" is not JSON: {e}"))?;
        if !matches!(expect, Json::Object(_)) {
            return Err("\"expect\" is not an object".into());
        }
        expect.insert("id", Json::String(self.id()?.encode_utf16().collect()));
        Ok(expect)
    }
}

/// The deepest case line checked in process on WASI, which has no threads to give the recursive
/// checker a large stack: its 1 MiB main stack holds it this far (the public suite nests up to a
/// few thousand levels; those cases are checked natively and by the runner).
const WASI_MAX_DEPTH: usize = 200;

/// Whether this test build can check the case line in process: always, except on WASI for lines
/// whose brackets nest deeper than [`WASI_MAX_DEPTH`] (counted inside strings too, so an upper
/// bound of the bodies' depth).
#[allow(dead_code)] // not every test binary that includes this module uses it
pub(crate) fn checkable_here(line: &str) -> bool {
    if !cfg!(target_os = "wasi") {
        return true;
    }
    let (mut depth, mut max) = (0usize, 0usize);
    for byte in line.bytes() {
        match byte {
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max <= WASI_MAX_DEPTH
}

/// Parses one input line: `None` for the blank and `//` comment lines the format allows.
pub(crate) fn parse_line(line: &str) -> Result<Option<Case>, String> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with("//") {
        return Ok(None);
    }
    let fields: BTreeMap<String, Box<RawValue>> =
        serde_json::from_str(trimmed).map_err(|e| format!("not a JSON object: {e}"))?;
    Ok(Some(Case { fields }))
}

/// Runs one case and returns the result (with the case's `id`) as compact JSON text, or why the
/// case is invalid.
pub(crate) fn run_case(case: &Case) -> Result<String, String> {
    let id = case.id()?;
    let op = match case.value("op").map_err(|e| format!("{id}: {e}"))? {
        Value::String(op) => op,
        _ => return Err(format!("{id}: \"op\" is not a string")),
    };
    let result = match op.as_str() {
        "verify" => verify::verify(case),
        "sign" => verify::sign(case),
        "event" => events::event(case),
        "tool_response" => responses::tool_response(case),
        "assistant_response" => responses::assistant_response(case),
        other => Err(format!("unknown op {other:?}")),
    }
    .map_err(|message| format!("{id}: {message}"))?;
    let Out::Object(mut fields) = result else {
        return Err(format!("{id}: the op gave no object"));
    };
    fields.insert(0, ("id", Out::Str(id)));
    Ok(Out::Object(fields).to_json())
}

/// Whether a printed result agrees with the case's `expect`, compared as JSON values.
///
/// # Errors
/// When the case's `expect` or the printed result is not JSON.
pub(crate) fn agrees(case: &Case, printed: &str) -> Result<bool, String> {
    let got = Json::parse(printed).map_err(|e| format!("the result is not JSON: {e}"))?;
    Ok(got == case.expected()?)
}

pub(crate) fn failure(kind: &str) -> Out {
    Out::Object(vec![("ok", Out::Bool(false)), ("error", Out::str(kind))])
}

fn decode_hex(hex: &str) -> Result<Vec<u8>, String> {
    let bytes = hex.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return Err("\"body_hex\" has an odd length".into());
    }
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Ok(b - b'0'),
        b'a'..=b'f' => Ok(b - b'a' + 10),
        _ => Err(String::from("\"body_hex\" is not lowercase hex")),
    };
    bytes.chunks_exact(2).map(|pair| Ok(nibble(pair[0])? << 4 | nibble(pair[1])?)).collect()
}
