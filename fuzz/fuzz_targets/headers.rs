//! The `X-Webhook-Timestamp` and `X-Webhook-Signature` parsers against the reference rules (and
//! the timestamp against `u64::from_str` as well), values compared, and `Verifier::verify`
//! reporting the matching error kind for the same header values.
//!
//! Layout: `mode: u8`, then the rest. Mode bit 0 maps the rest to mostly digits for the
//! timestamp (else the rest is used raw); bit 1 builds the signature from the rest (else raw):
//! optional whitespace, one of a few prefixes and mostly hex digits — see [`signature_from`].
#![no_main]

use hmsovereign_webhooks::__internals::{parse_signature, parse_timestamp};
use hmsovereign_webhooks::{Headers, UnixTime, Verifier, VerifyError};
use hmsovereign_webhooks_fuzz::{reference_signature, reference_timestamp};
use libfuzzer_sys::fuzz_target;

const PREFIXES: [&[u8]; 8] =
    [b"", b"sha256=", b"SHA256=", b"sha256", b"sha256==", b"sha1=", b"sha256=sha256=", b" sha256="];
/// The five bytes the signature rule trims, vertical tab (not trimmed), and two near-misses.
const ODD: [u8; 8] = [b' ', b'\t', b'\n', 0x0c, b'\r', 0x0b, b'g', b'='];
const HEX: &[u8; 22] = b"0123456789abcdefABCDEF";

/// Digits, except that a byte from 250 up stays as it is.
fn timestamp_from(rest: &[u8]) -> Vec<u8> {
    rest.iter().map(|&b| if b < 250 { b'0' + b % 10 } else { b }).collect()
}

/// `rest[0]`: bits 0-2 pick a prefix, bits 3-5 an odd byte, bits 6-7 how many times it comes
/// first; each further byte is a hex digit, or from 0xe0 up an odd byte.
fn signature_from(rest: &[u8]) -> Vec<u8> {
    let Some((&style, rest)) = rest.split_first() else { return Vec::new() };
    let mut out = vec![ODD[usize::from(style >> 3 & 7)]; usize::from(style >> 6)];
    out.extend_from_slice(PREFIXES[usize::from(style & 7)]);
    out.extend(
        rest.iter()
            .map(|&b| if b < 0xe0 { HEX[usize::from(b) % HEX.len()] } else { ODD[usize::from(b & 7)] }),
    );
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let timestamp = if mode & 1 != 0 { timestamp_from(rest) } else { rest.to_vec() };
    let signature = if mode & 2 != 0 { signature_from(rest) } else { rest.to_vec() };

    let parsed_timestamp = parse_timestamp(&timestamp);
    assert_eq!(parsed_timestamp, reference_timestamp(&timestamp).ok_or(VerifyError::MalformedTimestamp));
    // `from_str` also reads a leading `+`, which the rule refuses.
    let by_std = core::str::from_utf8(&timestamp).ok().filter(|s| !s.starts_with('+')).map(str::parse::<u64>);
    assert_eq!(parsed_timestamp.ok(), by_std.and_then(Result::ok));

    let parsed_signature = parse_signature(&signature);
    assert_eq!(parsed_signature, reference_signature(&signature).ok_or(VerifyError::MalformedSignature));

    // The parsers are the ones verification uses: its error names the first that refused.
    let verifier = Verifier::new("whsec_fuzz").expect("not empty").without_age_check();
    let headers = Headers::new().with_timestamp(&timestamp).with_signature(&signature);
    let expected = match (parsed_timestamp, parsed_signature) {
        (Err(error), _) | (Ok(_), Err(error)) => error,
        (Ok(_), Ok(_)) => VerifyError::SignatureMismatch,
    };
    assert_eq!(verifier.verify(&headers, b"", UnixTime::EPOCH), Err(expected));
});
