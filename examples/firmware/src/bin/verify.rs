//! Verifies and signs webhooks on a Cortex-M4 with no allocator and no operating system, checking
//! every result against the known answer; exits 0 only if all hold.
//!
//! `cargo run --release --bin verify` (from `examples/firmware`) runs it under QEMU.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use cortex_m_semihosting::hprintln;
use hmsovereign_webhooks::{Headers, SigningKey, UnixTime, Verifier, VerifyError};
use hmsovereign_webhooks_firmware::{check, exit, show};

/// The known answer: this secret, timestamp and body give this signature (HMAC-SHA256 of
/// `1700000000.{"test":true}`, computed independently).
const SECRET: &str = "whsec_test_secret_12345";
const TIMESTAMP: &str = "1700000000";
const BODY: &[u8] = br#"{"test":true}"#;
const SIGNATURE: &str = "sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d";

#[entry]
fn main() -> ! {
    hprintln!("hmsovereign-webhooks on a Cortex-M4, no allocator");
    // Inputs go through `black_box`, as if they arrived over the network and the clock came from
    // an RTC: the compiler cannot fold the checks away, so the binary holds the real code paths.
    let secret = black_box(SECRET);
    let body = black_box(BODY);
    let headers = Headers::new().with_timestamp(black_box(TIMESTAMP)).with_signature(black_box(SIGNATURE));
    let now = UnixTime::from_secs(black_box(1_700_000_042));

    let mut all = true;
    let Ok(verifier) = Verifier::new(secret) else {
        check("verifier set up", false);
        exit(false);
    };

    let verified = verifier.verify(&headers, body, now).map(|v| (v.timestamp(), v.key_index()));
    all &= check(
        "known-answer signature verifies (timestamp 1700000000, secret 0)",
        verified == Ok((UnixTime::from_secs(1_700_000_000), 0)),
    );

    let tampered = black_box(br#"{"test":false}"#);
    all &= check(
        "tampered body gives SignatureMismatch",
        verifier.verify(&headers, tampered, now) == Err(VerifyError::SignatureMismatch),
    );

    let later = UnixTime::from_secs(black_box(1_700_000_301));
    all &= check(
        "301 s later gives TimestampTooOld",
        verifier.verify(&headers, body, later)
            == Err(VerifyError::TimestampTooOld {
                timestamp: 1_700_000_000,
                now: 1_700_000_301,
                tolerance: 300,
            }),
    );

    let Ok(key) = SigningKey::new(secret) else {
        check("signing key set up", false);
        exit(false);
    };
    let signed = key.sign(UnixTime::from_secs(black_box(1_700_000_000)), body);
    show("X-Webhook-Timestamp: ", signed.timestamp());
    show("X-Webhook-Signature: ", signed.signature());
    all &= check(
        "signing gives the known answer",
        signed.timestamp() == TIMESTAMP && signed.signature() == SIGNATURE,
    );

    let message = black_box(br#"{"message":{"type":"status-update","status":"in-progress"}}"#);
    let signed = key.sign(now, message);
    let headers = Headers::new().with_timestamp(signed.timestamp()).with_signature(signed.signature());
    let verified = verifier.verify(&headers, message, now).map(|v| v.timestamp());
    all &= check("a freshly signed message verifies", verified == Ok(now));

    exit(all)
}
