//! Shared by the fuzz targets: the input layout reader and a plain reference implementation of
//! the verification rules, written from the rules and independent of the crate's code.
//!
//! # Input layout
//!
//! Every target reads its input front to back with [`Reader`]: `u8` flags, `u16`/`u64` numbers in
//! little-endian, byte strings as a `u16` little-endian length and that many bytes, and the body
//! as whatever remains. A field past the end of the input reads as zero or empty, so every input
//! is valid. The layout is simple on purpose: `seed.py` writes it from the test data, and a crash
//! file can be decoded by hand.

pub mod grammar;

use hmac::{Hmac, KeyInit, Mac};
use hmsovereign_webhooks::{KeyError, VerifyError};
use sha2::Sha256;

/// Reads the fields of a fuzz input in order; exhausted input gives zeros and empty strings.
#[derive(Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads `data` from the front.
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// Up to `n` bytes (fewer if the input ends).
    pub fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, tail) = self.data.split_at(n.min(self.data.len()));
        self.data = tail;
        head
    }

    /// One byte.
    pub fn u8(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    /// A little-endian `u16`.
    pub fn u16(&mut self) -> u16 {
        let mut buf = [0u8; 2];
        let got = self.take(2);
        buf[..got.len()].copy_from_slice(got);
        u16::from_le_bytes(buf)
    }

    /// A little-endian `u64`.
    pub fn u64(&mut self) -> u64 {
        let mut buf = [0u8; 8];
        let got = self.take(8);
        buf[..got.len()].copy_from_slice(got);
        u64::from_le_bytes(buf)
    }

    /// A byte string: a `u16` length, then the bytes.
    pub fn bytes(&mut self) -> &'a [u8] {
        let len = self.u16();
        self.take(usize::from(len))
    }

    /// Everything not read yet.
    pub fn rest(&mut self) -> &'a [u8] {
        core::mem::take(&mut self.data)
    }
}

/// HMAC-SHA256 of `timestamp || "." || body`, straight from the `hmac` crate.
pub fn reference_mac(secret: &[u8], timestamp: &[u8], body: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(timestamp);
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// The timestamp rule: one or more ASCII digits `0`-`9` whose value is at most `u64::MAX`.
/// (Leading zeros are dropped before the length check, then the value is read in 128 bits.)
// Spelled out rather than `is_ascii_digit`: the reference stays clear of the helpers the crate uses.
#[allow(clippy::manual_is_ascii_check)]
pub fn reference_timestamp(text: &[u8]) -> Option<u64> {
    if text.is_empty() || !text.iter().all(|b| (b'0'..=b'9').contains(b)) {
        return None;
    }
    let significant = &text[text.iter().take_while(|&&b| b == b'0').count()..];
    if significant.len() > 20 {
        return None;
    }
    let value = significant.iter().fold(0u128, |acc, &b| acc * 10 + u128::from(b - b'0'));
    u64::try_from(value).ok()
}

/// The bytes the signature rule trims from both ends: space, tab, LF, form feed, CR (not VT).
pub const SIGNATURE_WHITESPACE: [u8; 5] = [b' ', b'\t', b'\n', 0x0c, b'\r'];

/// The signature rule: trim [`SIGNATURE_WHITESPACE`] on both sides, drop one `sha256=` if it
/// starts the rest, then exactly 64 hex digits of either case, decoded.
pub fn reference_signature(value: &[u8]) -> Option<[u8; 32]> {
    let is_ws = |b: &u8| SIGNATURE_WHITESPACE.contains(b);
    let start = value.iter().position(|b| !is_ws(b)).unwrap_or(value.len());
    let end = value.iter().rposition(|b| !is_ws(b)).map_or(start, |i| i + 1);
    let trimmed = &value[start..end];
    let digits = if trimmed.starts_with(b"sha256=") { &trimmed[7..] } else { trimmed };
    if digits.len() != 64 || !digits.iter().all(|b| b"0123456789abcdefABCDEF".contains(b)) {
        return None;
    }
    let text = core::str::from_utf8(digits).ok()?;
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Why a [`reference_verify`] gives no result: the secrets cannot be set up, or the request is
/// refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Building the verifier fails.
    Key(KeyError),
    /// Verifying the request fails.
    Verify(VerifyError),
}

impl From<VerifyError> for Rejected {
    fn from(error: VerifyError) -> Self {
        Self::Verify(error)
    }
}

/// What a verification should give, by the rules in their order, for a verifier built from
/// `secrets` (capacity `capacity`): `Ok((timestamp, index of the first matching secret))`.
#[allow(clippy::too_many_arguments)]
pub fn reference_verify(
    secrets: &[&[u8]],
    capacity: usize,
    timestamp: Option<&[u8]>,
    signature: Option<&[u8]>,
    body: &[u8],
    now: u64,
    tolerance: Option<u64>,
) -> Result<(u64, usize), Rejected> {
    // Building the verifier: the secrets are added in order, each refused if empty or if the
    // verifier is already full; then at least one is required.
    for (i, secret) in secrets.iter().enumerate() {
        if secret.is_empty() {
            return Err(Rejected::Key(KeyError::EmptySecret));
        }
        if i >= capacity {
            return Err(Rejected::Key(KeyError::TooManySecrets { capacity }));
        }
    }
    if secrets.is_empty() {
        return Err(Rejected::Key(KeyError::NoSecret));
    }

    let signature = signature.ok_or(VerifyError::MissingSignature)?;
    let timestamp_text = timestamp.ok_or(VerifyError::MissingTimestamp)?;
    let timestamp = reference_timestamp(timestamp_text).ok_or(VerifyError::MalformedTimestamp)?;
    let expected = reference_signature(signature).ok_or(VerifyError::MalformedSignature)?;
    let index = secrets
        .iter()
        .position(|secret| {
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("any key length");
            mac.update(timestamp_text);
            mac.update(b".");
            mac.update(body);
            mac.verify_slice(&expected).is_ok()
        })
        .ok_or(VerifyError::SignatureMismatch)?;
    if let Some(tolerance) = tolerance {
        let age = i128::from(now) - i128::from(timestamp);
        if age > i128::from(tolerance) {
            return Err(VerifyError::TimestampTooOld { timestamp, now, tolerance }.into());
        }
        if -age > i128::from(tolerance) {
            return Err(VerifyError::TimestampInFuture { timestamp, now, tolerance }.into());
        }
    }
    Ok((timestamp, index))
}

/// Lowercase hex of 32 bytes.
pub fn hex_lower(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = b"0123456789abcdef"[usize::from(b >> 4)];
        out[2 * i + 1] = b"0123456789abcdef"[usize::from(b & 15)];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_knows_the_known_answer() {
        let mac = reference_mac(b"whsec_test_secret_12345", b"1700000000", br#"{"test":true}"#);
        assert_eq!(&hex_lower(&mac), b"b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d");
        assert_eq!(reference_timestamp(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(reference_timestamp(b"000018446744073709551615"), Some(u64::MAX));
        assert_eq!(reference_timestamp(b"18446744073709551616"), None);
        assert_eq!(reference_timestamp(b"+1"), None);
        assert_eq!(reference_signature(b" sha256=+f"), None);
    }
}
