//! Public-API tests of verification and signing: properties over random inputs (sign → verify round
//! trip; any single-bit change is rejected with the exact error), and the documented behaviours that
//! the conformance cases do not spell out (error context, rotation order, header lookup).

use core::time::Duration;

use hmsovereign_webhooks::{Headers, KeyError, SigningKey, UnixTime, Verifier, VerifyError};
use proptest::prelude::*;

fn headers<'a>(timestamp: &'a [u8], signature: &'a [u8]) -> Headers<'a> {
    Headers::new().with_timestamp(timestamp).with_signature(signature)
}

/// The timestamp header rule, written independently of the crate: 1+ ASCII digits, value fits u64.
fn timestamp_is_valid(text: &[u8]) -> bool {
    !text.is_empty()
        && text.iter().all(u8::is_ascii_digit)
        && text
            .iter()
            .try_fold(0u64, |acc, &d| acc.checked_mul(10)?.checked_add(u64::from(d - b'0')))
            .is_some()
}

/// The signature header rule, written independently of the crate: the 32 bytes, if well formed.
fn signature_bytes(text: &[u8]) -> Option<Vec<u8>> {
    let text = text.trim_ascii();
    let digits = text.strip_prefix(b"sha256=").unwrap_or(text);
    if digits.len() != 64 || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let digits = std::str::from_utf8(digits).ok()?;
    (0..32).map(|i| u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).ok()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn signed_requests_verify(
        secret in prop::collection::vec(any::<u8>(), 1..150),
        timestamp in any::<u64>(),
        body in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let key = SigningKey::new(&secret).unwrap();
        let signed = key.sign(UnixTime::from_secs(timestamp), &body);
        let verifier = Verifier::new(&secret).unwrap();
        let h = headers(signed.timestamp().as_bytes(), signed.signature().as_bytes());
        let verified = verifier.verify(&h, &body, UnixTime::from_secs(timestamp)).unwrap();
        prop_assert_eq!(verified.timestamp(), UnixTime::from_secs(timestamp));
        prop_assert_eq!(verified.key_index(), 0);
    }

    #[test]
    fn a_flipped_body_bit_is_a_mismatch(
        secret in prop::collection::vec(any::<u8>(), 1..100),
        body in prop::collection::vec(any::<u8>(), 1..300),
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let signed = SigningKey::new(&secret).unwrap().sign(UnixTime::from_secs(1_700_000_000), &body);
        let mut tampered = body.clone();
        tampered[position.index(body.len())] ^= 1 << bit;
        let verifier = Verifier::new(&secret).unwrap();
        let h = headers(signed.timestamp().as_bytes(), signed.signature().as_bytes());
        prop_assert_eq!(
            verifier.verify(&h, &tampered, UnixTime::from_secs(1_700_000_000)),
            Err(VerifyError::SignatureMismatch)
        );
    }

    #[test]
    fn a_flipped_timestamp_bit_is_malformed_or_a_mismatch(
        timestamp in any::<u64>(),
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let signed = SigningKey::new("whsec_k").unwrap().sign(UnixTime::from_secs(timestamp), b"{}");
        let mut text = signed.timestamp().as_bytes().to_vec();
        let index = position.index(text.len());
        text[index] ^= 1 << bit;
        let expected = if timestamp_is_valid(&text) {
            VerifyError::SignatureMismatch
        } else {
            VerifyError::MalformedTimestamp
        };
        let verifier = Verifier::new("whsec_k").unwrap().without_age_check();
        let h = headers(&text, signed.signature().as_bytes());
        prop_assert_eq!(verifier.verify(&h, b"{}", UnixTime::EPOCH), Err(expected));
    }

    #[test]
    fn a_flipped_signature_bit_is_rejected_unless_it_only_changes_letter_case(
        body in prop::collection::vec(any::<u8>(), 0..200),
        position in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let signed = SigningKey::new("whsec_k").unwrap().sign(UnixTime::from_secs(1_700_000_000), &body);
        let original = signature_bytes(signed.signature().as_bytes()).unwrap();
        let mut text = signed.signature().as_bytes().to_vec();
        let index = position.index(text.len());
        text[index] ^= 1 << bit;
        let verifier = Verifier::new("whsec_k").unwrap();
        let got = verifier.verify(&headers(b"1700000000", &text), &body, UnixTime::from_secs(1_700_000_000));
        match signature_bytes(&text) {
            // Flipping 0x20 turns a hex letter into its other case: the same signature.
            Some(bytes) if bytes == original => prop_assert!(got.is_ok()),
            Some(_) => prop_assert_eq!(got, Err(VerifyError::SignatureMismatch)),
            None => prop_assert_eq!(got, Err(VerifyError::MalformedSignature)),
        }
    }

    #[test]
    fn the_window_is_symmetric(offset in 0u64..1_000, tolerance in 0u64..600) {
        let ts = 1_700_000_000u64;
        let signed = SigningKey::new("k").unwrap().sign(UnixTime::from_secs(ts), b"x");
        let verifier = Verifier::new("k").unwrap().with_tolerance(Duration::from_secs(tolerance));
        let h = headers(signed.timestamp().as_bytes(), signed.signature().as_bytes());
        let late = verifier.verify(&h, b"x", UnixTime::from_secs(ts + offset));
        let early = verifier.verify(&h, b"x", UnixTime::from_secs(ts - offset));
        if offset <= tolerance {
            prop_assert!(late.is_ok() && early.is_ok());
        } else {
            prop_assert_eq!(late, Err(VerifyError::TimestampTooOld { timestamp: ts, now: ts + offset, tolerance }));
            prop_assert_eq!(early, Err(VerifyError::TimestampInFuture { timestamp: ts, now: ts - offset, tolerance }));
        }
    }
}

#[test]
fn age_errors_saturate_at_the_extremes() {
    let key = SigningKey::new("k").unwrap();
    let verifier = Verifier::new("k").unwrap();
    let max = key.sign(UnixTime::from_secs(u64::MAX), b"");
    let h = headers(max.timestamp().as_bytes(), max.signature().as_bytes());
    assert_eq!(
        verifier.verify(&h, b"", UnixTime::EPOCH),
        Err(VerifyError::TimestampInFuture { timestamp: u64::MAX, now: 0, tolerance: 300 })
    );
    let zero = key.sign(UnixTime::EPOCH, b"");
    let h = headers(zero.timestamp().as_bytes(), zero.signature().as_bytes());
    assert_eq!(
        verifier.verify(&h, b"", UnixTime::from_secs(u64::MAX)),
        Err(VerifyError::TimestampTooOld { timestamp: 0, now: u64::MAX, tolerance: 300 })
    );
    let lenient = Verifier::new("k").unwrap().with_tolerance(Duration::from_secs(u64::MAX));
    assert!(lenient.verify(&h, b"", UnixTime::from_secs(u64::MAX)).is_ok());
}

#[test]
fn milliseconds_are_not_special_cased() {
    // A sender that put milliseconds in the header signs a timestamp ~55,000 years ahead.
    let millis = 1_700_000_000_000u64;
    let signed = SigningKey::new("k").unwrap().sign(UnixTime::from_secs(millis), b"{}");
    let h = headers(signed.timestamp().as_bytes(), signed.signature().as_bytes());
    assert_eq!(
        Verifier::new("k").unwrap().verify(&h, b"{}", UnixTime::from_secs(1_700_000_000)),
        Err(VerifyError::TimestampInFuture { timestamp: millis, now: 1_700_000_000, tolerance: 300 })
    );
}

#[test]
fn rotation_tries_secrets_in_order_and_reports_which_matched() {
    let mut verifier = Verifier::new("old-secret").unwrap();
    let new_key = SigningKey::new("new-secret").unwrap();
    let signed = new_key.sign(UnixTime::from_secs(10), b"body");
    let h = headers(signed.timestamp().as_bytes(), signed.signature().as_bytes());
    assert_eq!(verifier.verify(&h, b"body", UnixTime::from_secs(10)), Err(VerifyError::SignatureMismatch));
    verifier.add_secret("new-secret").unwrap();
    assert_eq!(verifier.verify(&h, b"body", UnixTime::from_secs(10)).unwrap().key_index(), 1);
    verifier.add_secret("third").unwrap();
    verifier.add_secret("fourth").unwrap();
    assert_eq!(verifier.secret_count(), 4);
    assert_eq!(verifier.add_secret("fifth"), Err(KeyError::TooManySecrets { capacity: 4 }));
    assert_eq!(verifier.add_secret(""), Err(KeyError::EmptySecret));
}

#[test]
fn secrets_are_used_verbatim_not_base64_decoded() {
    // "dGVzdA==" is base64 for "test": the key is the eight characters, not the four bytes.
    let signed = SigningKey::new("whsec_dGVzdA==").unwrap().sign(UnixTime::from_secs(1), b"x");
    let h = headers(signed.timestamp().as_bytes(), signed.signature().as_bytes());
    assert!(Verifier::new("whsec_dGVzdA==").unwrap().verify(&h, b"x", UnixTime::from_secs(1)).is_ok());
    assert_eq!(
        Verifier::new("test").unwrap().verify(&h, b"x", UnixTime::from_secs(1)),
        Err(VerifyError::SignatureMismatch)
    );
}

#[test]
fn headers_from_a_case_insensitive_map() {
    let map =
        [("X-Webhook-Timestamp", "1"), ("X-WEBHOOK-SIGNATURE", "sig"), ("x-webhook-event", "tool-calls")];
    let headers = Headers::from_fn(|name| {
        map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_bytes())
    });
    assert_eq!(headers.timestamp(), Some(&b"1"[..]));
    assert_eq!(headers.signature(), Some(&b"sig"[..]));
    assert_eq!(headers.event(), Some(&b"tool-calls"[..]));
}

#[test]
fn the_signed_headers_display_as_http_header_lines() {
    let signed = SigningKey::new("whsec_test_secret_12345")
        .unwrap()
        .sign(UnixTime::from_secs(1_700_000_000), br#"{"test":true}"#);
    assert_eq!(
        signed.to_string(),
        "X-Webhook-Timestamp: 1700000000\r\n\
         X-Webhook-Signature: sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d"
    );
}
