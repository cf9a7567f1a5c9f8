//! Signing requests the way the platform does: for senders, proxies and tests.

use core::fmt::{self, Write as _};

use crate::headers::SIGNATURE_PREFIX;
use crate::hex;
use crate::key::SigningKey;
use crate::time::UnixTime;

/// Longest `X-Webhook-Timestamp` value this crate writes: `u64::MAX` has 20 digits.
const TIMESTAMP_CAPACITY: usize = 20;
/// Length of an `X-Webhook-Signature` value: `sha256=` and 64 hex digits.
const SIGNATURE_CAPACITY: usize = SIGNATURE_PREFIX.len() + 64;

/// The two header values that authenticate one request, held in fixed-capacity strings (no
/// allocation): `X-Webhook-Timestamp` and `X-Webhook-Signature`.
///
/// Made by [`SigningKey::sign`]. The signature is not secret (it travels in the clear), so `Debug`
/// and the accessors show it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SignedHeaders {
    timestamp: heapless::String<TIMESTAMP_CAPACITY>,
    signature: heapless::String<SIGNATURE_CAPACITY>,
}

impl SignedHeaders {
    /// The `X-Webhook-Timestamp` value: the signing time in decimal seconds, e.g. `1700000000`.
    #[must_use]
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// The `X-Webhook-Signature` value: `sha256=` and 64 lowercase hex digits.
    #[must_use]
    pub fn signature(&self) -> &str {
        &self.signature
    }
}

impl SigningKey {
    /// Signs `body` as sent at `timestamp`, giving the `X-Webhook-Timestamp` and
    /// `X-Webhook-Signature` values to send with it.
    ///
    /// The body must be sent exactly as the bytes signed here: the receiver authenticates raw bytes.
    #[must_use]
    pub fn sign(&self, timestamp: UnixTime, body: &[u8]) -> SignedHeaders {
        let mut text = heapless::String::<TIMESTAMP_CAPACITY>::new();
        // Cannot fail: every u64 fits in 20 digits.
        let written = write!(text, "{}", timestamp.as_secs());
        debug_assert!(written.is_ok());

        let digits = hex::encode_32(&self.tag(text.as_bytes(), body));
        let mut signature = heapless::String::<SIGNATURE_CAPACITY>::new();
        let written = signature
            .push_str("sha256=")
            .and_then(|()| digits.iter().try_for_each(|&d| signature.push(char::from(d))));
        // Cannot fail: `sha256=` and the 64 digits fill the capacity exactly. (Both assertions are
        // exercised with every timestamp by the `sign_verify` fuzz target, built with them on.)
        debug_assert!(written.is_ok());

        SignedHeaders { timestamp: text, signature }
    }
}

impl fmt::Display for SignedHeaders {
    /// Writes both headers as they appear in an HTTP request, one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "X-Webhook-Timestamp: {}\r\nX-Webhook-Signature: {}", self.timestamp, self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        let key = SigningKey::new("whsec_test_secret_12345").unwrap();
        let signed = key.sign(UnixTime::from_secs(1_700_000_000), br#"{"message":{"type":"status-update"}}"#);
        assert_eq!(
            signed.signature(),
            "sha256=09a6634fdc9688fdc77b1b2997e7d4abbeef50439bee0292c555d21be39b1675"
        );
        let key = SigningKey::new("It's a Secret to Everybody").unwrap();
        let signed = key.sign(UnixTime::from_secs(1_700_000_000), b"Hello, World!");
        assert_eq!(
            signed.signature(),
            "sha256=76c83fd0acdf22faed320674fe8e04d528cfe8a17905e720a9611e40677c03b7"
        );
    }

    #[test]
    fn extreme_timestamps_fit() {
        let key = SigningKey::new("k").unwrap();
        assert_eq!(key.sign(UnixTime::from_secs(u64::MAX), b"").timestamp(), "18446744073709551615");
        assert_eq!(key.sign(UnixTime::EPOCH, b"").timestamp(), "0");
        assert_eq!(key.sign(UnixTime::EPOCH, b"").signature().len(), SIGNATURE_CAPACITY);
    }
}
