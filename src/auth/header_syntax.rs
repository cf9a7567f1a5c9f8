//! The strict syntax of the two headers the signature depends on: `X-Webhook-Timestamp` (decimal
//! Unix seconds) and `X-Webhook-Signature` (`sha256=` and 64 hex digits).

use crate::auth::hex;
use crate::auth::verify_error::VerifyError;

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
}
