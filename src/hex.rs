//! Hexadecimal encoding and decoding of 32-byte MACs, without allocation.
//!
//! The received signature is not secret, so decoding may branch on its bytes; the comparison with
//! the computed MAC is what must run in constant time, and that happens on the decoded bytes.

/// Decodes exactly 64 hex digits (either case) into 32 bytes; `None` for any other input.
pub(crate) fn decode_32(digits: &[u8]) -> Option<[u8; 32]> {
    let digits: &[u8; 64] = digits.try_into().ok()?;
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        if let [high, low] = *pair {
            *byte = (nibble(high)? << 4) | nibble(low)?;
        }
    }
    Some(out)
}

/// The value of one hex digit.
const fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit & 0x0f),
        b'a'..=b'f' | b'A'..=b'F' => Some((digit & 0x0f).wrapping_add(9)),
        _ => None,
    }
}

/// The lowercase hex digits.
const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Encodes 32 bytes as 64 lowercase hex digits.
pub(crate) fn encode_32(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (pair, &byte) in out.chunks_exact_mut(2).zip(bytes) {
        if let [high, low] = pair {
            *high = hex_digit(byte >> 4);
            *low = hex_digit(byte);
        }
    }
    out
}

/// The lowercase hex digit of the low four bits of `value`.
fn hex_digit(value: u8) -> u8 {
    // `value & 0x0f` is below 16, so the lookup cannot miss.
    DIGITS.get(usize::from(value & 0x0f)).copied().unwrap_or(b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_byte() {
        let mut bytes = [0u8; 32];
        for start in (0u8..=255).step_by(32) {
            for (i, b) in bytes.iter_mut().enumerate() {
                *b = start.wrapping_add(i as u8);
            }
            let encoded = encode_32(&bytes);
            assert_eq!(decode_32(&encoded), Some(bytes));
            assert_eq!(decode_32(&encoded.to_ascii_uppercase()), Some(bytes));
        }
    }

    #[test]
    fn every_non_digit_is_refused() {
        for byte in 0u8..=255 {
            let mut digits = [b'0'; 64];
            digits[17] = byte;
            assert_eq!(decode_32(&digits).is_some(), byte.is_ascii_hexdigit(), "{byte:#04x}");
        }
        assert_eq!(decode_32(&[b'0'; 63]), None);
        assert_eq!(decode_32(&[b'0'; 65]), None);
    }
}
