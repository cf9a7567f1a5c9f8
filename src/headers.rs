//! The webhook's HTTP headers: their names, a framework-neutral view of their values, and the
//! strict syntax of the two that the signature depends on.

use crate::error::VerifyError;
use crate::hex;

/// Name of the header carrying the signature, `sha256=` + 64 lowercase hex digits.
///
/// HTTP header names are case-insensitive; the constants are lowercase, as HTTP/2 and the
/// `http` crate require.
pub const SIGNATURE_HEADER: &str = "x-webhook-signature";
/// Name of the header carrying the signing time in decimal Unix seconds.
pub const TIMESTAMP_HEADER: &str = "x-webhook-timestamp";
/// Name of the header naming the event type (`tool-calls`, …), equal to the body's `message.type`.
pub const EVENT_HEADER: &str = "x-webhook-event";
/// Name of the informational header `HMS-Sovereign/1.0` that the platform sends (spelt
/// `User-Assistant` by the platform, not `User-Agent`). Never required by this crate.
pub const USER_ASSISTANT_HEADER: &str = "user-assistant";

/// The values of the webhook headers of one request, borrowed from whatever header map the HTTP
/// framework uses, so the crate depends on none.
///
/// Values are raw bytes: HTTP header values need not be UTF-8, and the timestamp enters the
/// signature exactly as received. A header that is absent is `None`, which verification reports
/// as its own error rather than as an invalid signature.
///
/// Header values are not secret: the signature is a MAC that an eavesdropper sees anyway, so
/// `Debug` shows them.
///
/// # Examples
///
/// From any map with a lookup by name (here a slice of pairs standing in for the framework's map):
///
/// ```
/// use hmsovereign_webhooks::Headers;
///
/// let request: &[(&str, &str)] = &[
///     ("x-webhook-timestamp", "1700000000"),
///     ("x-webhook-signature", "sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d"),
/// ];
/// let headers = Headers::from_fn(|name| {
///     request.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_bytes())
/// });
/// assert_eq!(headers.timestamp(), Some(&b"1700000000"[..]));
/// assert_eq!(headers.event(), None);
/// ```
///
/// Or value by value:
///
/// ```
/// use hmsovereign_webhooks::Headers;
///
/// let headers = Headers::new().with_timestamp("1700000000").with_signature("sha256=00");
/// assert_eq!(headers.signature(), Some(&b"sha256=00"[..]));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Headers<'a> {
    timestamp: Option<&'a [u8]>,
    signature: Option<&'a [u8]>,
    event: Option<&'a [u8]>,
}

impl<'a> Headers<'a> {
    /// No headers at all.
    #[must_use]
    pub const fn new() -> Self {
        Self { timestamp: None, signature: None, event: None }
    }

    /// Looks each webhook header up by its lowercase name ([`TIMESTAMP_HEADER`],
    /// [`SIGNATURE_HEADER`], [`EVENT_HEADER`]) with `get`, which should match names
    /// case-insensitively as HTTP requires (most header maps do).
    #[must_use]
    pub fn from_fn<F>(mut get: F) -> Self
    where
        F: FnMut(&'static str) -> Option<&'a [u8]>,
    {
        Self { timestamp: get(TIMESTAMP_HEADER), signature: get(SIGNATURE_HEADER), event: get(EVENT_HEADER) }
    }

    /// Sets the `X-Webhook-Timestamp` value.
    #[must_use]
    pub fn with_timestamp<V: AsRef<[u8]> + ?Sized>(mut self, value: &'a V) -> Self {
        self.timestamp = Some(value.as_ref());
        self
    }

    /// Sets the `X-Webhook-Signature` value.
    #[must_use]
    pub fn with_signature<V: AsRef<[u8]> + ?Sized>(mut self, value: &'a V) -> Self {
        self.signature = Some(value.as_ref());
        self
    }

    /// Sets the `X-Webhook-Event` value.
    #[must_use]
    pub fn with_event<V: AsRef<[u8]> + ?Sized>(mut self, value: &'a V) -> Self {
        self.event = Some(value.as_ref());
        self
    }

    /// The `X-Webhook-Timestamp` value, if present.
    #[must_use]
    pub const fn timestamp(&self) -> Option<&'a [u8]> {
        self.timestamp
    }

    /// The `X-Webhook-Signature` value, if present.
    #[must_use]
    pub const fn signature(&self) -> Option<&'a [u8]> {
        self.signature
    }

    /// The `X-Webhook-Event` value, if present.
    #[must_use]
    pub const fn event(&self) -> Option<&'a [u8]> {
        self.event
    }
}

/// Parses an `X-Webhook-Timestamp` value: one or more ASCII digits whose value fits in a `u64`.
///
/// Deliberately stricter than the vendor's Node SDK, whose `parseInt` reads `123abc` as 123: a
/// value that is not a plain decimal number is refused, with no trimming, sign, fraction or
/// exponent. Leading zeros are allowed; the signature covers the text as received either way.
pub(crate) fn parse_timestamp(value: &[u8]) -> Result<u64, VerifyError> {
    if value.is_empty() {
        return Err(VerifyError::MalformedTimestamp);
    }
    // Eight digits at a time (a 10-digit timestamp takes one word and two digits), then the rest.
    let (words, rest) = value.as_chunks::<8>();
    let seconds = words.iter().try_fold(0u64, |seconds, word| {
        let eight = eight_digits(u64::from_le_bytes(*word)).ok_or(VerifyError::MalformedTimestamp)?;
        seconds
            .checked_mul(100_000_000)
            .and_then(|seconds| seconds.checked_add(eight))
            .ok_or(VerifyError::MalformedTimestamp)
    })?;
    rest.iter().try_fold(seconds, |seconds, &byte| {
        if !byte.is_ascii_digit() {
            return Err(VerifyError::MalformedTimestamp);
        }
        seconds
            .checked_mul(10)
            .and_then(|seconds| seconds.checked_add(u64::from(byte & 0x0f)))
            .ok_or(VerifyError::MalformedTimestamp)
    })
}

/// The value of eight ASCII decimal digits loaded little-endian into a word (the first digit in
/// the low byte), or `None` if any byte is not a digit. Branch-free SWAR, as in simdjson.
fn eight_digits(word: u64) -> Option<u64> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // For bytes below 0x80, `byte + 0x50` has its high bit set iff `byte >= b'0'` and
    // `byte + 0x46` iff `byte > b'9'`, with no carry into the next byte.
    let digits = word.wrapping_add(0x5050_5050_5050_5050) & !word.wrapping_add(0x4646_4646_4646_4646);
    if (word | !digits) & HIGH_BITS != 0 {
        return None;
    }
    // Pairs, then quadruples, then all eight: each step multiplies the higher-order half by a power
    // of ten; the products wrap on purpose, only the masked lanes are kept.
    let value = word & 0x0f0f_0f0f_0f0f_0f0f;
    let value = (value.wrapping_mul((10 << 8) | 1) >> 8) & 0x00ff_00ff_00ff_00ff;
    let value = (value.wrapping_mul((100 << 16) | 1) >> 16) & 0x0000_ffff_0000_ffff;
    Some(value.wrapping_mul((10_000 << 32) | 1) >> 32)
}

/// The prefix naming the MAC algorithm in `X-Webhook-Signature`.
pub(crate) const SIGNATURE_PREFIX: &[u8; 7] = b"sha256=";

/// Parses an `X-Webhook-Signature` value into the 32 bytes of the MAC it carries.
///
/// Accepted: surrounding ASCII whitespace, then an optional `sha256=` prefix (exactly so, in
/// lowercase, as the platform sends it), then exactly 64 hex digits of either case. Anything else
/// is malformed, which is reported apart from a well-formed signature that does not match.
pub(crate) fn parse_signature(value: &[u8]) -> Result<[u8; 32], VerifyError> {
    let value = value.trim_ascii();
    let digits = value.strip_prefix(SIGNATURE_PREFIX).unwrap_or(value);
    hex::decode_32(digits).ok_or(VerifyError::MalformedSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(
        miri,
        ignore = "exhaustive loop, too slow interpreted; runs natively, and the fuzz targets cover it"
    )]
    fn timestamps() {
        assert_eq!(parse_timestamp(b"1700000000"), Ok(1_700_000_000));
        assert_eq!(parse_timestamp(b"0"), Ok(0));
        assert_eq!(parse_timestamp(b"0001700000000"), Ok(1_700_000_000));
        assert_eq!(parse_timestamp(b"18446744073709551615"), Ok(u64::MAX));
        assert_eq!(parse_timestamp(b"12345678"), Ok(12_345_678));
        assert_eq!(parse_timestamp(b"9876543210123456"), Ok(9_876_543_210_123_456));
        assert_eq!(parse_timestamp(b"00000000000000000000000000000001"), Ok(1));
        // Every value the plain way would give, at every length and every position of a bad byte.
        for len in 1..=20usize {
            let text: std::string::String = "18446744073709551615".chars().take(len).collect();
            assert_eq!(parse_timestamp(text.as_bytes()), Ok(text.parse::<u64>().unwrap()), "{text}");
            for at in 0..len {
                for bad in [b'/', b':', b' ', 0x80 | b'5', 0xb0, 0xff, b'a'] {
                    let mut bytes = text.clone().into_bytes();
                    bytes[at] = bad;
                    assert_eq!(parse_timestamp(&bytes), Err(VerifyError::MalformedTimestamp), "{bytes:?}");
                }
            }
        }
        for bad in [
            &b""[..],
            b"18446744073709551616",
            b"99999999999999999999",
            b"000000018446744073709551616",
            b"123abc",
            b"+1",
            b"-1",
            b" 1",
            b"1 ",
            b"1.5",
            b"1e9",
            b"0x10",
            "\u{0661}".as_bytes(),
        ] {
            assert_eq!(parse_timestamp(bad), Err(VerifyError::MalformedTimestamp), "{bad:?}");
        }
    }

    #[test]
    fn signatures() {
        let hex = "b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d";
        let expected = parse_signature(hex.as_bytes()).unwrap();
        assert_eq!(expected[0], 0xb7);
        assert_eq!(expected[31], 0x1d);
        let upper = hex.to_ascii_uppercase();
        for good in [
            std::format!("sha256={hex}"),
            std::format!(" \t sha256={hex}\r\n"),
            upper.clone(),
            std::format!("sha256={upper}"),
        ] {
            assert_eq!(parse_signature(good.as_bytes()), Ok(expected), "{good:?}");
        }
        for bad in [
            std::format!("SHA256={hex}"),
            std::format!("sha256= {hex}"),
            std::format!("sha256=sha256={hex}"),
            std::format!("sha1={hex}"),
            std::format!("{hex}0"),
            hex[1..].into(),
            std::format!("{}g", &hex[1..]),
            std::format!("\x0b{hex}"),
            "sha256=".into(),
            "".into(),
        ] {
            assert_eq!(parse_signature(bad.as_bytes()), Err(VerifyError::MalformedSignature), "{bad:?}");
        }
    }

    #[test]
    fn from_fn_asks_for_lowercase_names() {
        let mut asked = std::vec::Vec::new();
        let headers = Headers::from_fn(|name| {
            asked.push(name);
            (name == TIMESTAMP_HEADER).then_some(&b"1"[..])
        });
        assert_eq!(asked, [TIMESTAMP_HEADER, SIGNATURE_HEADER, EVENT_HEADER]);
        assert_eq!(headers, Headers::new().with_timestamp("1"));
    }
}
