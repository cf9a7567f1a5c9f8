//! The errors of the verification layer.

use core::fmt;

/// Why a webhook request was not accepted as authentic and fresh, checked in that order.
///
/// Setting up a key has its own error, [`KeyError`](crate::KeyError).
///
/// The variants follow the order in which [`Verifier::verify`](crate::Verifier::verify) checks a
/// request: header presence, header syntax, the signature itself, then the age window. An age error
/// therefore always describes a request whose signature **was** valid: a replay or a clock that is
/// off, not a forgery.
///
/// None of the variants carries secret material. [`SignatureMismatch`](Self::SignatureMismatch) is
/// deliberately opaque: it never says which key was tried or which byte differed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerifyError {
    /// The request has no `X-Webhook-Signature` header: the sender signed nothing. The platform
    /// only signs when a `webhook_secret` is configured for the assistant.
    MissingSignature,
    /// The request has no `X-Webhook-Timestamp` header.
    MissingTimestamp,
    /// The `X-Webhook-Timestamp` value is not a decimal number of seconds: it must be one or more
    /// ASCII digits (no sign, no spaces, no fraction, no exponent) whose value fits in a `u64`.
    MalformedTimestamp,
    /// The `X-Webhook-Signature` value is not `sha256=` followed by 64 hexadecimal digits
    /// (the prefix is optional, the digits may be of either case, surrounding whitespace is ignored).
    MalformedSignature,
    /// The signature is well formed but matches none of the configured secrets for this timestamp
    /// and body: the request was forged or altered, or it was signed with another secret.
    SignatureMismatch,
    /// The signature is valid but the timestamp lies further in the past than the tolerance allows:
    /// a replayed request, or a receiver clock that runs ahead.
    TimestampTooOld {
        /// The request's timestamp, in seconds since the Unix epoch.
        timestamp: u64,
        /// The current time the caller passed in, in seconds since the Unix epoch.
        now: u64,
        /// The allowed age, in seconds.
        tolerance: u64,
    },
    /// The signature is valid but the timestamp lies further in the future than the tolerance
    /// allows: a receiver clock that runs behind, or a sender clock that runs ahead.
    TimestampInFuture {
        /// The request's timestamp, in seconds since the Unix epoch.
        timestamp: u64,
        /// The current time the caller passed in, in seconds since the Unix epoch.
        now: u64,
        /// The allowed skew, in seconds.
        tolerance: u64,
    },
}

impl VerifyError {
    /// The HTTP status to answer a request that failed this way: **401** (Unauthorized), for every
    /// variant, malformed headers included.
    ///
    /// The two headers are the request's credentials, and one that cannot be read is as invalid as
    /// one that does not match (RFC 9110, section 15.5.2: the request "lacks valid authentication
    /// credentials"). The platform never sends malformed headers, so whoever does is not the
    /// platform or a proxy mangles them — for the operator the same problem as a wrong secret —
    /// and an unauthenticated sender is told nothing more by the status than by any other failure.
    /// `ParseError::status_code` and `WebhookError::status_code` (with `alloc`) complete the
    /// mapping.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::VerifyError;
    ///
    /// assert_eq!(VerifyError::MalformedSignature.status_code(), 401);
    /// assert_eq!(VerifyError::SignatureMismatch.status_code(), 401);
    /// ```
    #[must_use]
    pub const fn status_code(&self) -> u16 {
        match self {
            Self::MissingSignature
            | Self::MissingTimestamp
            | Self::MalformedTimestamp
            | Self::MalformedSignature
            | Self::SignatureMismatch
            | Self::TimestampTooOld { .. }
            | Self::TimestampInFuture { .. } => 401,
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::MissingSignature => f.write_str(
                "missing X-Webhook-Signature header; the request is unsigned (is a webhook_secret configured?)",
            ),
            Self::MissingTimestamp => f.write_str("missing X-Webhook-Timestamp header"),
            Self::MalformedTimestamp => {
                f.write_str("malformed X-Webhook-Timestamp header; expected decimal Unix seconds")
            }
            Self::MalformedSignature => f.write_str(
                "malformed X-Webhook-Signature header; expected sha256= followed by 64 hex digits",
            ),
            Self::SignatureMismatch => f.write_str(
                "signature mismatch; the body or timestamp was altered, or it was signed with another secret",
            ),
            Self::TimestampTooOld { timestamp, now, tolerance } => write!(
                f,
                "timestamp {timestamp} is {} s older than now ({now}), more than the {tolerance} s tolerance; a replay or a clock out of sync",
                now.saturating_sub(timestamp)
            ),
            Self::TimestampInFuture { timestamp, now, tolerance } => write!(
                f,
                "timestamp {timestamp} is {} s ahead of now ({now}), more than the {tolerance} s tolerance; a clock out of sync",
                timestamp.saturating_sub(now)
            ),
        }
    }
}

impl core::error::Error for VerifyError {}

#[cfg(test)]
mod tests {
    extern crate alloc;
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn display_names_the_problem() {
        let age = VerifyError::TimestampTooOld { timestamp: 100, now: 500, tolerance: 300 };
        assert_eq!(
            age.to_string(),
            "timestamp 100 is 400 s older than now (500), more than the 300 s tolerance; a replay or a clock out of sync"
        );
        let ahead = VerifyError::TimestampInFuture { timestamp: 900, now: 500, tolerance: 300 };
        assert!(ahead.to_string().starts_with("timestamp 900 is 400 s ahead of now (500)"));
        assert!(VerifyError::MissingSignature.to_string().contains("X-Webhook-Signature"));
        assert!(VerifyError::MalformedTimestamp.to_string().contains("X-Webhook-Timestamp"));
    }
}
