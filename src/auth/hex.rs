//! Hexadecimal encoding and decoding of 32-byte MACs, without allocation.
//!
//! The received signature is not secret, so decoding may branch on its bytes; the comparison with
//! the computed MAC is what must run in constant time, and that happens on the decoded bytes.

/// `0x80` in every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// `0x0f` in every byte of a word.
const LOW_NIBBLES: u64 = 0x0f0f_0f0f_0f0f_0f0f;
/// The low byte of every 16-bit lane of a word.
const LOW_BYTES: u64 = 0x00ff_00ff_00ff_00ff;

/// Decodes exactly 64 hex digits (either case) into 32 bytes; `None` for any other input.
///
/// Eight digits at a time in one 64-bit word (SWAR), with no branch on the digits: each byte is
/// range-checked with additions whose carries land in its own high bit, the invalid bytes are
/// collected in one accumulator, and a single check follows.
pub(crate) fn decode_32(digits: &[u8]) -> Option<[u8; 32]> {
    let digits: &[u8; 64] = digits.try_into().ok()?;
    let mut out = [0u8; 32];
    let mut invalid = 0u64;
    for (bytes, eight) in out.as_chunks_mut::<4>().0.iter_mut().zip(digits.as_chunks::<8>().0) {
        let word = u64::from_le_bytes(*eight);
        // For bytes below 0x80 (checked below: any other byte makes the input invalid, whatever
        // its carries did), `byte + (0x80 - lo)` has its high bit set iff `byte >= lo`, and
        // `byte + (0x7f - hi)` iff `byte > hi`; neither carries into the next byte.
        let decimal = word.wrapping_add(0x5050_5050_5050_5050) & !word.wrapping_add(0x4646_4646_4646_4646);
        // Setting bit 5 lowercases ASCII letters; no other byte lands on `a`..=`f` that way.
        let lower = word | 0x2020_2020_2020_2020;
        let letter = lower.wrapping_add(0x1f1f_1f1f_1f1f_1f1f) & !lower.wrapping_add(0x1919_1919_1919_1919);
        invalid |= (word | !(decimal | letter)) & HIGH_BITS;

        // A digit's value is its low nibble, plus 9 for a letter (`a` is 0x61): at most 15.
        let values = (word & LOW_NIBBLES).wrapping_add(((letter & HIGH_BITS) >> 7).wrapping_mul(9));
        // Each 16-bit lane `high | low << 8` becomes `high << 4 | low` in its low byte ...
        let pairs = ((values & LOW_BYTES) << 4) | ((values >> 8) & LOW_BYTES);
        // ... and the four low bytes are packed together.
        let packed = (pairs | (pairs >> 8)) & 0x0000_ffff_0000_ffff;
        let packed = packed | (packed >> 16);
        // Keeps the low four bytes, on purpose.
        *bytes = (packed as u32).to_le_bytes();
    }
    (invalid == 0).then_some(out)
}

/// The value of one hex digit, the plain way: what the tests check [`decode_32`] against.
#[cfg(test)]
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
    #[cfg_attr(
        miri,
        ignore = "exhaustive loop, too slow interpreted; runs natively, and the fuzz targets cover it"
    )]
    fn every_pair_of_bytes_decodes_as_the_plain_way_does() {
        // Each (high, low) pair at the first and the last byte's place, the rest valid digits.
        for high in 0u8..=255 {
            for low in 0u8..=255 {
                for at in [0, 4, 30, 62] {
                    let mut digits = [b'7'; 64];
                    digits[at] = high;
                    digits[at + 1] = low;
                    let plain = nibble(high).zip(nibble(low)).map(|(h, l)| (h << 4) | l);
                    let decoded = decode_32(&digits);
                    assert_eq!(decoded.map(|bytes| bytes[at / 2]), plain, "{high:#04x} {low:#04x} at {at}");
                    if plain.is_some() {
                        assert!(decoded.is_some_and(|bytes| {
                            bytes.iter().enumerate().all(|(i, &b)| i == at / 2 || b == 0x77)
                        }));
                    }
                }
            }
        }
    }

    #[test]
    fn every_non_digit_is_refused() {
        for byte in 0u8..=255 {
            // In a high and a low nibble's place, first and last.
            for at in [0, 17, 62, 63] {
                let mut digits = [b'0'; 64];
                digits[at] = byte;
                assert_eq!(decode_32(&digits).is_some(), byte.is_ascii_hexdigit(), "{byte:#04x} at {at}");
            }
        }
        assert_eq!(decode_32(&[b'0'; 63]), None);
        assert_eq!(decode_32(&[b'0'; 65]), None);
    }
}
