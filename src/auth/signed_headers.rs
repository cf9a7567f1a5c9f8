//! Signing requests the way the platform does: for senders, proxies and tests.

use core::fmt;

use crate::auth::header_syntax::SIGNATURE_PREFIX;
use crate::auth::hex;
use crate::auth::signing_key::SigningKey;
use crate::auth::unix_time::UnixTime;

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
        let (decimal_digits, start) = decimal(timestamp.as_secs());
        let timestamp = decimal_digits.get(start..).unwrap_or_default();
        let tag = self.tag(timestamp, body);

        let mut signature = [0u8; SIGNATURE_CAPACITY];
        if let Some((prefix, digits)) = signature.split_first_chunk_mut() {
            *prefix = *SIGNATURE_PREFIX;
            if let Some(digits) = digits.first_chunk_mut() {
                *digits = hex::encode_32(&tag);
            }
        }
        let signature = heapless::String::from_utf8(heapless::Vec::from_array(signature));
        let timestamp = heapless::Vec::from_slice(timestamp).ok().map(heapless::String::from_utf8);
        // Neither fails: both hold ASCII only, and each was sized for its capacity.
        debug_assert!(signature.is_ok() && matches!(timestamp, Some(Ok(_))));
        SignedHeaders {
            timestamp: timestamp.and_then(Result::ok).unwrap_or_default(),
            signature: signature.unwrap_or_default(),
        }
    }
}

/// `value` in decimal, without formatting machinery: the digits are `digits[start..]`.
fn decimal(mut value: u64) -> ([u8; TIMESTAMP_CAPACITY], usize) {
    let mut digits = [b'0'; TIMESTAMP_CAPACITY];
    let mut start = TIMESTAMP_CAPACITY;
    for (index, digit) in digits.iter_mut().enumerate().rev() {
        // `value % 10` is below 10: the cast is exact.
        *digit = b'0' | (value % 10) as u8;
        value /= 10;
        start = index;
        if value == 0 {
            break;
        }
    }
    (digits, start)
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
        for value in [0, 7, 9, 10, 99, 100, 1_700_000_000, 9_999_999_999, u64::MAX / 10, u64::MAX] {
            let text = key.sign(UnixTime::from_secs(value), b"");
            assert_eq!(text.timestamp(), std::format!("{value}"));
            assert_eq!(text.timestamp().parse::<u64>(), Ok(value));
        }
    }

    #[test]
    fn decimal_matches_display() {
        let mut samples = std::vec![0, 1, 9, 10, 99, 100, 1_700_000_000, u64::MAX - 1, u64::MAX];
        samples.extend((0..64).map(|shift| 1u64 << shift));
        samples.extend((0..20).map(|exp| 10u64.pow(exp)));
        samples.extend((1..20).map(|exp| 10u64.pow(exp) - 1));
        for value in samples {
            let (digits, start) = decimal(value);
            assert_eq!(&digits[start..], std::format!("{value}").as_bytes(), "{value}");
        }
    }
}
