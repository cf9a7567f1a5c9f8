//! The errors of the parsing layer: request payloads and the receiver's responses.

use alloc::string::{String, ToString};
use core::fmt;

use crate::auth::verify_error::VerifyError;

/// Why a webhook body or a receiver's response could not be parsed into the protocol model.
///
/// Kept apart from [`VerifyError`]: a body that fails to parse was (when it
/// went through [`Verifier::verify_event`](crate::Verifier::verify_event)) authentic, and the
/// operator must not mistake a model problem for an attack, nor the other way round.
///
/// The variants carry what helps an operator locate the problem (a position, a short reason); they
/// never echo the body.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseError {
    /// The body is empty or only JSON whitespace, where a value was required.
    EmptyBody,
    /// The body is not JSON (RFC 8259): a syntax error, truncated input, or bytes that are not UTF-8.
    InvalidJson {
        /// 1-based line of the first offending byte.
        line: usize,
        /// 1-based column of the first offending byte; 0 when the body ended before the line had
        /// any byte (an empty body, for instance).
        column: usize,
    },
    /// The body is JSON, but not a webhook payload: no `message` object, no string `message.type`,
    /// or a field the model requires missing or of the wrong JSON type.
    InvalidPayload {
        /// What is wrong, e.g. ``missing field `summary` ``.
        reason: String,
    },
    /// The `X-Webhook-Event` header names another event than the body's `message.type`.
    EventMismatch {
        /// The header's value (lossily decoded if it was not UTF-8).
        header: String,
        /// The body's `message.type`.
        message_type: String,
    },
    /// The body is JSON, but not a valid response of its kind (tool-call or assistant-request).
    InvalidResponse {
        /// What is wrong, e.g. ``duplicate tool_call_id `call_1` ``.
        reason: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyBody => f.write_str("empty body; a JSON value is required"),
            Self::InvalidJson { line, column } => {
                write!(f, "body is not valid JSON (line {line}, column {column})")
            }
            Self::InvalidPayload { reason } => write!(f, "not a valid webhook payload: {reason}"),
            Self::EventMismatch { header, message_type } => write!(
                f,
                "X-Webhook-Event header `{header}` does not match the body's message.type `{message_type}`"
            ),
            Self::InvalidResponse { reason } => write!(f, "not a valid response: {reason}"),
        }
    }
}

impl core::error::Error for ParseError {}

impl ParseError {
    /// [`ParseError::InvalidPayload`] for a `serde_json` error on JSON known to be well formed.
    pub(crate) fn payload(error: &serde_json::Error) -> Self {
        Self::InvalidPayload { reason: error.to_string() }
    }

    /// [`ParseError::InvalidPayload`] with a reason of this crate's own.
    pub(crate) fn payload_reason(reason: &str) -> Self {
        Self::InvalidPayload { reason: String::from(reason) }
    }

    /// [`ParseError::InvalidResponse`] with this reason.
    pub(crate) const fn response_reason(reason: String) -> Self {
        Self::InvalidResponse { reason }
    }

    /// [`ParseError::InvalidJson`] at the position `serde_json` reported.
    pub(crate) fn json(error: &serde_json::Error) -> Self {
        Self::InvalidJson { line: error.line(), column: error.column() }
    }
}

/// A webhook request rejected by [`Verifier::verify_event`](crate::Verifier::verify_event): either
/// it is not authentic and fresh, or it is authentic but its body does not parse.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookError {
    /// Verification failed; nothing was parsed. Answer 401 (or 400 for malformed headers).
    Verify(VerifyError),
    /// The request is authentic but its body is not a valid payload. Answer 400 and log it: the
    /// sender is the platform, so this points at a protocol change or a bug.
    Parse(ParseError),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Verify(error) => write!(f, "webhook rejected: {error}"),
            Self::Parse(error) => write!(f, "authentic webhook with an unusable body: {error}"),
        }
    }
}

impl core::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Verify(error) => Some(error),
            Self::Parse(error) => Some(error),
        }
    }
}

impl From<VerifyError> for WebhookError {
    fn from(error: VerifyError) -> Self {
        Self::Verify(error)
    }
}

impl From<ParseError> for WebhookError {
    fn from(error: ParseError) -> Self {
        Self::Parse(error)
    }
}
