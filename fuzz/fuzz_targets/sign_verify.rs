//! Round trip: what `SigningKey::sign` writes, `Verifier::verify` accepts; one flipped bit in the
//! body, the timestamp header or the signature header gives exactly the error the rules predict.
//!
//! Layout (see `src/lib.rs` for the encoding): `flags: u8`, `timestamp: u64`, `now: u64`,
//! `flip position: u16`, `flip bit: u8`, `secret: bytes`, `body: rest`.
//!
//! Flags: bit 0 verifies with the default tolerance at `now` = the timestamp (else with no age
//! check, at `now`); bits 1-2 choose what to flip: 0 nothing, 1 the body, 2 the timestamp header,
//! 3 the signature header.
#![no_main]

use hmsovereign_webhooks::{Headers, KeyError, SigningKey, UnixTime, Verifier, VerifyError};
use hmsovereign_webhooks_fuzz::{Reader, hex_lower, reference_mac, reference_signature, reference_timestamp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = Reader::new(data);
    let flags = input.u8();
    let timestamp = input.u64();
    let now = input.u64();
    let flip_at = usize::from(input.u16());
    let flip_bit = input.u8() % 8;
    let secret = input.bytes();
    let body = input.rest();

    let key = match SigningKey::new(secret) {
        Ok(key) => key,
        Err(error) => {
            assert!(secret.is_empty());
            assert_eq!(error, KeyError::EmptySecret);
            assert_eq!(Verifier::new(secret).err(), Some(KeyError::EmptySecret));
            return;
        }
    };
    let signed = key.sign(UnixTime::from_secs(timestamp), body);

    // What is signed is the decimal text of the timestamp, and the MAC is the reference's.
    let text = timestamp.to_string();
    assert_eq!(signed.timestamp(), text);
    let mac = reference_mac(secret, text.as_bytes(), body);
    let mut expected_signature = b"sha256=".to_vec();
    expected_signature.extend_from_slice(&hex_lower(&mac));
    assert_eq!(signed.signature().as_bytes(), expected_signature);

    let verifier = Verifier::new(secret).expect("the secret is not empty");
    let (verifier, now) =
        if flags & 1 != 0 { (verifier, timestamp) } else { (verifier.without_age_check(), now) };
    let at = UnixTime::from_secs(now);

    let headers = Headers::new().with_timestamp(signed.timestamp()).with_signature(signed.signature());
    let verified = verifier.verify(&headers, body, at).expect("what was signed verifies");
    assert_eq!((verified.timestamp().as_secs(), verified.key_index()), (timestamp, 0));

    let flip = |bytes: &[u8]| -> Option<Vec<u8>> {
        let mut bytes = bytes.to_vec();
        let len = bytes.len();
        *bytes.get_mut(flip_at.checked_rem(len)?)? ^= 1 << flip_bit;
        Some(bytes)
    };
    match flags >> 1 & 3 {
        1 => {
            let Some(body) = flip(body) else { return };
            assert_eq!(verifier.verify(&headers, &body, at), Err(VerifyError::SignatureMismatch));
        }
        2 => {
            let Some(text) = flip(signed.timestamp().as_bytes()) else { return };
            // Still a number: it is another text, so another MAC. Otherwise: malformed.
            let expected = match reference_timestamp(&text) {
                Some(_) => VerifyError::SignatureMismatch,
                None => VerifyError::MalformedTimestamp,
            };
            let headers = headers.with_timestamp(&text);
            assert_eq!(verifier.verify(&headers, body, at), Err(expected));
        }
        3 => {
            let Some(signature) = flip(signed.signature().as_bytes()) else { return };
            let headers = headers.with_signature(&signature);
            let got = verifier.verify(&headers, body, at);
            match reference_signature(&signature) {
                // A hex letter whose case flipped still carries the same MAC.
                Some(decoded) if decoded == mac => {
                    assert_eq!(got.map(|v| v.timestamp().as_secs()), Ok(timestamp));
                }
                Some(_) => assert_eq!(got, Err(VerifyError::SignatureMismatch)),
                None => assert_eq!(got, Err(VerifyError::MalformedSignature)),
            }
        }
        _ => {}
    }
});
