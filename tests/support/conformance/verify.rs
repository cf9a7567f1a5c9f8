//! Ops `verify` and `sign`.

use hmsovereign_webhooks::{Headers, KeyError, SigningKey, UnixTime, Verifier, VerifyError};

use super::{Case, Out, failure};

/// The crate's `Verifier` has a fixed capacity; `secrets` has no size limit, so the runner builds
/// one verifier per `CHUNK` secrets. Checks 1–5 of the op do not depend on the secrets, and the
/// age checks (7, 8) follow a match, so the first verifier whose answer is not
/// `signature_mismatch` decides, exactly as one verifier holding every secret would.
const CHUNK: usize = 16;

pub(crate) fn verify(case: &Case) -> Result<Out, String> {
    let secrets = case.strings("secrets")?;
    let timestamp = case.optional_str("timestamp")?;
    let signature = case.optional_str("signature")?;
    let body = case.body()?;
    let now = case.u64("now")?;
    let tolerance = match case.value("tolerance")? {
        serde_json::Value::Null => None,
        value => Some(value.as_u64().ok_or("\"tolerance\" is not a u64 or null")?),
    };

    if secrets.is_empty() {
        return Ok(failure("invalid_secret"));
    }
    let mut verifiers = Vec::new();
    for chunk in secrets.chunks(CHUNK) {
        let verifier = match Verifier::<CHUNK>::from_secrets(chunk) {
            Ok(verifier) => verifier,
            Err(KeyError::EmptySecret | KeyError::NoSecret) => return Ok(failure("invalid_secret")),
            Err(other) => return Err(format!("cannot set up the secrets: {other}")),
        };
        verifiers.push(match tolerance {
            Some(secs) => verifier.with_tolerance(core::time::Duration::from_secs(secs)),
            None => verifier.without_age_check(),
        });
    }
    let mut headers = Headers::new();
    if let Some(value) = &timestamp {
        headers = headers.with_timestamp(value);
    }
    if let Some(value) = &signature {
        headers = headers.with_signature(value);
    }
    let mut outcome = Err(VerifyError::SignatureMismatch);
    for verifier in &verifiers {
        outcome = verifier.verify(&headers, &body, UnixTime::from_secs(now)).map(|_| ());
        if !matches!(outcome, Err(VerifyError::SignatureMismatch)) {
            break;
        }
    }
    Ok(match outcome {
        Ok(()) => Out::Object(vec![("ok", Out::Bool(true))]),
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

pub(crate) fn sign(case: &Case) -> Result<Out, String> {
    let secret = match case.value("secret")? {
        serde_json::Value::String(secret) => secret,
        _ => return Err("\"secret\" is not a string".into()),
    };
    let timestamp = case.u64("timestamp")?;
    let body = case.body()?;
    let key = SigningKey::new(&secret).map_err(|e| format!("cannot sign: {e}"))?;
    let signed = key.sign(UnixTime::from_secs(timestamp), &body);
    Ok(Out::Object(vec![("ok", Out::Bool(true)), ("signature", Out::str(signed.signature()))]))
}
