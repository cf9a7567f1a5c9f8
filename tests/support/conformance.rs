//! The conformance runner's case handling, shared by `examples/conformance.rs` (the runner that
//! reads stdin) and `tests/conformance.rs` (which runs every public case in-process).
//!
//! Each case is one JSON object; [`run_case`] returns the result object the runner prints, or an
//! error message when the line is not a valid case.

// Each includer uses a part of this module.
#![allow(dead_code)]

use hmsovereign_webhooks::{Headers, SigningKey, UnixTime, Verifier, VerifyError};
use serde_json::{Map, Value, json};

/// Secrets one `verify` case may list; more is a limit of this runner, not a protocol error.
const MAX_SECRETS: usize = 16;

/// Runs one case and returns the result object (with the case's `id`), or why the case is invalid.
pub(crate) fn run_case(case: &Value) -> Result<Value, String> {
    let id = case.get("id").and_then(Value::as_str).ok_or("case has no string \"id\"")?;
    let op = case.get("op").and_then(Value::as_str).ok_or_else(|| format!("{id}: no string \"op\""))?;
    let mut result = match op {
        "verify" => verify(case),
        "sign" => sign(case),
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

fn failure(kind: &str) -> Value {
    json!({ "ok": false, "error": kind })
}

fn verify(case: &Value) -> Result<Value, String> {
    let secrets: Vec<&str> = field(case, "secrets")?
        .as_array()
        .ok_or("\"secrets\" is not an array")?
        .iter()
        .map(|s| s.as_str().ok_or("a secret is not a string"))
        .collect::<Result<_, _>>()?;
    let timestamp = optional_str(case, "timestamp")?;
    let signature = optional_str(case, "signature")?;
    let body = body(case)?;
    let now = field(case, "now")?.as_u64().ok_or("\"now\" is not a u64")?;
    let tolerance = match field(case, "tolerance")? {
        Value::Null => None,
        value => Some(value.as_u64().ok_or("\"tolerance\" is not a u64 or null")?),
    };

    let verifier = match Verifier::<MAX_SECRETS>::from_secrets(&secrets) {
        Ok(verifier) => verifier,
        Err(VerifyError::EmptySecret | VerifyError::NoSecret) => return Ok(failure("invalid_secret")),
        Err(other) => return Err(format!("cannot set up the secrets: {other}")),
    };
    let verifier = match tolerance {
        Some(secs) => verifier.with_tolerance(core::time::Duration::from_secs(secs)),
        None => verifier.without_age_check(),
    };
    let mut headers = Headers::new();
    if let Some(value) = timestamp {
        headers = headers.with_timestamp(value);
    }
    if let Some(value) = signature {
        headers = headers.with_signature(value);
    }
    Ok(match verifier.verify(&headers, &body, UnixTime::from_secs(now)) {
        Ok(_) => json!({ "ok": true }),
        Err(error) => failure(verify_error_kind(error)?),
    })
}

fn verify_error_kind(error: VerifyError) -> Result<&'static str, String> {
    Ok(match error {
        VerifyError::EmptySecret | VerifyError::NoSecret => "invalid_secret",
        VerifyError::MissingSignature => "missing_signature",
        VerifyError::MissingTimestamp => "missing_timestamp",
        VerifyError::MalformedTimestamp => "malformed_timestamp",
        VerifyError::MalformedSignature => "malformed_signature",
        VerifyError::SignatureMismatch => "signature_mismatch",
        VerifyError::TimestampTooOld { .. } => "timestamp_too_old",
        VerifyError::TimestampInFuture { .. } => "timestamp_in_future",
        other => return Err(format!("no conformance kind for {other:?}")),
    })
}

fn sign(case: &Value) -> Result<Value, String> {
    let secret = field(case, "secret")?.as_str().ok_or("\"secret\" is not a string")?;
    let timestamp = field(case, "timestamp")?.as_u64().ok_or("\"timestamp\" is not a u64")?;
    let body = body(case)?;
    let key = SigningKey::new(secret).map_err(|e| format!("cannot sign: {e}"))?;
    let signed = key.sign(UnixTime::from_secs(timestamp), &body);
    Ok(json!({ "ok": true, "signature": signed.signature() }))
}

fn field<'a>(case: &'a Value, name: &str) -> Result<&'a Value, String> {
    case.get(name).ok_or_else(|| format!("missing field {name:?}"))
}

fn optional_str<'a>(case: &'a Value, name: &str) -> Result<Option<&'a str>, String> {
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
