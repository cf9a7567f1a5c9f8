//! Crate-private functions exposed for the fuzz targets and the constant-time check, which live
//! in their own packages and so can only reach the public surface.
//!
//! Compiled only with the `__internals` feature, hidden from the docs and **not** part of the
//! public API: anything in here may change or disappear in any release, semver notwithstanding.
//! It is the httparse habit (a hidden module for benches and fuzzers) rather than making the
//! parsers public: the parsers are tested directly, with their values compared, while users keep
//! seeing only `Verifier`.

use crate::auth::header_syntax;
use crate::auth::signing_key::{SigningKey, TAG_LEN};
use crate::auth::verify_error::VerifyError;

/// The `X-Webhook-Timestamp` parser that `Verifier::verify` uses.
///
/// # Errors
///
/// [`VerifyError::MalformedTimestamp`] when `value` is not a plain decimal `u64`.
pub fn parse_timestamp(value: &[u8]) -> Result<u64, VerifyError> {
    header_syntax::parse_timestamp(value)
}

/// The `X-Webhook-Signature` parser that `Verifier::verify` uses: the 32 MAC bytes it carries.
///
/// # Errors
///
/// [`VerifyError::MalformedSignature`] when `value` is not an optional `sha256=` and 64 hex
/// digits, surrounding ASCII whitespace aside.
pub fn parse_signature(value: &[u8]) -> Result<[u8; TAG_LEN], VerifyError> {
    header_syntax::parse_signature(value)
}

/// The secret-dependent part of `Verifier::verify` for one key: the MAC of `timestamp || "." ||
/// body` compared with `expected` in constant time. 1 for a match, 0 otherwise, returned as a
/// byte so that the caller decides where the (public) verdict is first branched on.
#[must_use]
pub fn tag_matches(key: &SigningKey, timestamp: &[u8], body: &[u8], expected: &[u8; TAG_LEN]) -> u8 {
    key.matches(timestamp, body, expected).unwrap_u8()
}

/// The MAC that `Verifier::verify` compares, HMAC-SHA256 of `timestamp || "." || body`.
#[must_use]
pub fn tag(key: &SigningKey, timestamp: &[u8], body: &[u8]) -> [u8; TAG_LEN] {
    key.tag(timestamp, body)
}

/// The careful reading of a tool-response body, which decides every body: `parse_tool_response`
/// first tries a one-pass reading and must give exactly this whenever that pass takes the body.
///
/// # Errors
///
/// As [`parse_tool_response`](crate::response::tool_response::parse_tool_response).
#[cfg(feature = "alloc")]
pub fn parse_tool_response_careful(
    body: &[u8],
) -> Result<crate::response::tool_response::ToolResponse<'_>, crate::model::parse_error::ParseError> {
    crate::response::tool_response_reader::careful(body)
}
