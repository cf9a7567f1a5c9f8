//! The conformance runner's case handling, shared by `examples/conformance.rs` (the runner that
//! reads stdin) and `tests/conformance.rs` (which runs every public case in-process).
//!
//! Each case is one JSON object; [`run_case`] returns the result object the runner prints, or an
//! error message when the line is not a valid case.

// Each includer uses a part of this module.
#![allow(dead_code)]

mod events;
mod responses;
mod verify;

use serde_json::{Map, Value, json};

/// Runs one case and returns the result object (with the case's `id`), or why the case is invalid.
pub(crate) fn run_case(case: &Value) -> Result<Value, String> {
    let id = case.get("id").and_then(Value::as_str).ok_or("case has no string \"id\"")?;
    let op = case.get("op").and_then(Value::as_str).ok_or_else(|| format!("{id}: no string \"op\""))?;
    let mut result = match op {
        "verify" => verify::verify(case),
        "sign" => verify::sign(case),
        "event" => events::event(case),
        "tool_response" => responses::tool_response(case),
        "assistant_response" => responses::assistant_response(case),
        other => Err(format!("unknown op {other:?}")),
    }
    .map_err(|message| format!("{id}: {message}"))?;
    if let Value::Object(fields) = &mut result {
        fields.insert("id".into(), Value::String(id.into()));
    }
    Ok(result)
}

/// Parses one input line: `None` for the blank and `//` comment lines the format allows.
pub(crate) fn parse_line(line: &str) -> Result<Option<Value>, String> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with("//") {
        return Ok(None);
    }
    serde_json::from_str(trimmed).map(Some).map_err(|e| format!("not a JSON case: {e}"))
}

pub(crate) fn failure(kind: &str) -> Value {
    json!({ "ok": false, "error": kind })
}

pub(crate) fn field<'a>(case: &'a Value, name: &str) -> Result<&'a Value, String> {
    case.get(name).ok_or_else(|| format!("missing field {name:?}"))
}

pub(crate) fn optional_str<'a>(case: &'a Value, name: &str) -> Result<Option<&'a str>, String> {
    match field(case, name)? {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        _ => Err(format!("{name:?} is neither a string nor null")),
    }
}

/// The case's body bytes: `body` (UTF-8 text) or `body_hex` (any bytes).
pub(crate) fn body(case: &Value) -> Result<Vec<u8>, String> {
    match (case.get("body"), case.get("body_hex")) {
        (Some(Value::String(text)), None) => Ok(text.as_bytes().to_vec()),
        (None, Some(Value::String(hex))) => decode_hex(hex),
        _ => Err("needs exactly one of a string \"body\" or \"body_hex\"".into()),
    }
}

fn decode_hex(hex: &str) -> Result<Vec<u8>, String> {
    if !hex.len().is_multiple_of(2) {
        return Err("\"body_hex\" has an odd length".into());
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| "\"body_hex\" is not hex".into()))
        .collect()
}

/// A case's expected result with its `id`, as the runner must print it.
pub(crate) fn expected(case: &Value) -> Result<Value, String> {
    let mut expect: Map<String, Value> =
        case.get("expect").and_then(Value::as_object).cloned().ok_or("case has no \"expect\" object")?;
    expect.insert("id".into(), case.get("id").cloned().unwrap_or(Value::Null));
    Ok(Value::Object(expect))
}
