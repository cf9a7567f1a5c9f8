//! `Verifier::verify` against the reference: the exact same `Ok` (timestamp, key index) or the
//! exact same `VerifyError`, fields included, for any secrets, headers, body, time and tolerance.
//!
//! Layout (see `src/lib.rs` for the encoding):
//! `flags: u8`, `secret count: u8` (taken mod 6: 0 to 5 secrets, so an empty list and one too many
//! are reached), each secret as bytes, `timestamp: bytes`, `signature: bytes`, `now: u64`,
//! `tolerance: u64`, `tolerance nanos: u64`, `body: rest`.
//!
//! Flags: 1 signature header present, 2 timestamp header present, 4 replace the signature by the
//! correct one for a chosen secret (the signature bytes then describe how to write it: see
//! [`forge`]), 8 check the age, 16 with the default tolerance instead of `tolerance`, 32 `now` is
//! the timestamp plus a small signed offset (the low 16 bits of `now`), 64 tolerance below 600 s.
#![no_main]

use core::time::Duration;

use hmsovereign_webhooks::{DEFAULT_TOLERANCE, Headers, UnixTime, Verifier};
use hmsovereign_webhooks_fuzz::{
    Reader, Rejected, hex_lower, reference_mac, reference_timestamp, reference_verify,
};
use libfuzzer_sys::fuzz_target;

const CAPACITY: usize = 4;

/// Bytes that may surround a signature: the five the rule trims and vertical tab, which it does not.
const SURROUNDINGS: [u8; 6] = [b' ', b'\t', b'\n', 0x0c, b'\r', 0x0b];

/// The correct signature for `secret` over `timestamp` and `body`, written as `spec` says:
/// `spec[0]` bit 0 adds the `sha256=` prefix, bit 1 flips one bit of the result at position
/// `spec[1]` (bit `spec[0] >> 5`), `spec[2..10]` is a mask of digits to write in uppercase, and
/// each following byte adds one of [`SURROUNDINGS`] before (even bytes) or after (odd bytes).
fn forge(secret: &[u8], timestamp: &[u8], body: &[u8], spec: &[u8]) -> Vec<u8> {
    let mut spec = Reader::new(spec);
    let style = spec.u8();
    let flip_at = spec.u8();
    let upper = spec.u64();
    let mut digits = hex_lower(&reference_mac(secret, timestamp, body));
    for (i, digit) in digits.iter_mut().enumerate() {
        if upper >> i & 1 == 1 {
            digit.make_ascii_uppercase();
        }
    }
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for &b in spec.rest() {
        let side = if b % 2 == 0 { &mut before } else { &mut after };
        side.push(SURROUNDINGS[usize::from(b >> 1) % SURROUNDINGS.len()]);
    }
    let mut out = before;
    if style & 1 == 1 {
        out.extend_from_slice(b"sha256=");
    }
    out.extend_from_slice(&digits);
    out.extend_from_slice(&after);
    if style & 2 == 2 {
        let at = usize::from(flip_at) % out.len();
        out[at] ^= 1 << (style >> 5);
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let mut input = Reader::new(data);
    let flags = input.u8();
    let count = usize::from(input.u8() % 6);
    let secrets: Vec<&[u8]> = (0..count).map(|_| input.bytes()).collect();
    let timestamp = input.bytes();
    let signature_field = input.bytes();
    let now_field = input.u64();
    let tolerance_field = input.u64();
    let nanos = input.u64();
    let body = input.rest();

    let timestamp = (flags & 2 != 0).then_some(timestamp);
    let forged;
    let signature = if flags & 1 == 0 {
        None
    } else if flags & 4 != 0 && !secrets.is_empty() {
        let chosen = secrets[usize::from(signature_field.first().copied().unwrap_or(0)) % secrets.len()];
        let spec = signature_field.get(1..).unwrap_or_default();
        forged = forge(chosen, timestamp.unwrap_or_default(), body, spec);
        Some(&forged[..])
    } else {
        Some(signature_field)
    };
    let now = match timestamp.and_then(reference_timestamp) {
        Some(ts) if flags & 32 != 0 => ts.saturating_add_signed(i64::from(now_field as i16)),
        _ => now_field,
    };
    let tolerance_secs = if flags & 64 != 0 { tolerance_field % 600 } else { tolerance_field };
    let tolerance = match (flags & 8 != 0, flags & 16 != 0) {
        (false, _) => None,
        (true, true) => Some(DEFAULT_TOLERANCE),
        // A fraction of a second is dropped by the verifier: give it one.
        (true, false) => Some(Duration::new(tolerance_secs, (nanos % 1_000_000_000) as u32)),
    };

    let expected =
        reference_verify(&secrets, CAPACITY, timestamp, signature, body, now, tolerance.map(|t| t.as_secs()));

    let verifier = match Verifier::<CAPACITY>::from_secrets(&secrets) {
        Ok(verifier) => verifier,
        Err(error) => {
            assert_eq!(Err(Rejected::Key(error)), expected, "building the verifier");
            return;
        }
    };
    let verifier = match tolerance {
        Some(tolerance) if flags & 16 != 0 => {
            assert_eq!(tolerance, DEFAULT_TOLERANCE);
            verifier
        }
        Some(tolerance) => verifier.with_tolerance(tolerance),
        None => verifier.without_age_check(),
    };
    let mut headers = Headers::new();
    if let Some(timestamp) = timestamp {
        headers = headers.with_timestamp(timestamp);
    }
    if let Some(signature) = signature {
        headers = headers.with_signature(signature);
    }
    let got = verifier.verify(&headers, body, UnixTime::from_secs(now));
    assert_eq!(got.map(|v| (v.timestamp().as_secs(), v.key_index())).map_err(Rejected::Verify), expected);
});
