//! Ops `verify` and `sign`.

use hmsovereign_webhooks::{Headers, KeyError, SigningKey, UnixTime, Verifier, VerifyError};
use serde_json::{Value, json};

use super::{body, failure, field, optional_str};

/// Secrets one `verify` case may list; more is a limit of this runner, not a protocol error.
const MAX_SECRETS: usize = 16;

pub(crate) fn verify(case: &Value) -> Result<Value, String> {
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
        Err(KeyError::EmptySecret | KeyError::NoSecret) => return Ok(failure("invalid_secret")),
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

pub(crate) fn sign(case: &Value) -> Result<Value, String> {
    let secret = field(case, "secret")?.as_str().ok_or("\"secret\" is not a string")?;
    let timestamp = field(case, "timestamp")?.as_u64().ok_or("\"timestamp\" is not a u64")?;
    let body = body(case)?;
    let key = SigningKey::new(secret).map_err(|e| format!("cannot sign: {e}"))?;
    let signed = key.sign(UnixTime::from_secs(timestamp), &body);
    Ok(json!({ "ok": true, "signature": signed.signature() }))
}
