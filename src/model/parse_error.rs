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

impl ParseError {
    /// The HTTP status to answer with this error: **400** (Bad Request) for a request body that is
    /// not a valid webhook ([`EmptyBody`](Self::EmptyBody), [`InvalidJson`](Self::InvalidJson),
    /// [`InvalidPayload`](Self::InvalidPayload), [`EventMismatch`](Self::EventMismatch)); **502**
    /// (Bad Gateway) for [`InvalidResponse`](Self::InvalidResponse), which a proxy or test
    /// harness gets from the receiver it forwarded to, not from its own client.
    ///
    /// Behind [`Verifier::verify_event`](crate::Verifier::verify_event) a 400 means "authentic but
    /// unreadable": the platform sent it, so log it — a protocol change or a bug.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{ParseError, parse_event};
    ///
    /// assert_eq!(parse_event(b"{}", None).unwrap_err().status_code(), 400);
    /// assert_eq!(ParseError::InvalidResponse { reason: "no results".into() }.status_code(), 502);
    /// ```
    #[must_use]
    pub const fn status_code(&self) -> u16 {
        match self {
            Self::EmptyBody
            | Self::InvalidJson { .. }
            | Self::InvalidPayload { .. }
            | Self::EventMismatch { .. } => 400,
            Self::InvalidResponse { .. } => 502,
        }
    }
}

/// A webhook request rejected by [`Verifier::verify_event`](crate::Verifier::verify_event): either
/// it is not authentic and fresh, or it is authentic but its body does not parse.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookError {
    /// Verification failed; nothing was parsed. Answer 401 ([`status_code`](Self::status_code)).
    Verify(VerifyError),
    /// The request is authentic but its body is not a valid payload. Answer 400 and log it: the
    /// sender is the platform, so this points at a protocol change or a bug.
    Parse(ParseError),
}

impl WebhookError {
    /// The HTTP status to answer the request with: [`VerifyError::status_code`] (401) for
    /// [`Verify`](Self::Verify), [`ParseError::status_code`] (400 for a request body) for
    /// [`Parse`](Self::Parse). The framework adapters answer with it.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Headers, UnixTime, Verifier};
    ///
    /// let verifier = Verifier::new("whsec_demo")?;
    /// let error = verifier.verify_event(&Headers::new(), b"{}", UnixTime::from_secs(0)).unwrap_err();
    /// assert_eq!(error.status_code(), 401); // unsigned
    /// # Ok::<(), hmsovereign_webhooks::KeyError>(())
    /// ```
    #[must_use]
    pub const fn status_code(&self) -> u16 {
        match self {
            Self::Verify(error) => error.status_code(),
            Self::Parse(error) => error.status_code(),
        }
    }
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
