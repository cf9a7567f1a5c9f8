//! Verification and signing make no heap allocation: a counting global allocator (installed in this
//! test binary only) sees none while they run, for bodies of several sizes and on every error path.
//!
//! The count is per thread, so the test harness and tests running in parallel do not disturb it.

#![allow(
    unsafe_code,
    reason = "a global allocator is an unsafe trait; this one only counts and forwards to System"
)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use std::alloc::System;

use hmsovereign_webhooks::{Headers, KeyError, SigningKey, UnixTime, Verifier, VerifyError};

/// Counts the allocations of the current thread, then lets [`System`] do them.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: an allocation during thread teardown is not counted rather than a panic.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the contract.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: forwarded as received.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: forwarded as received.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result with the number of allocations it made on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    (result, ALLOCATIONS.with(Cell::get) - before)
}

const SECRET: &str = "whsec_test_secret_12345";
const SIGNED_AT: u64 = 1_700_000_000;

/// Body lengths around SHA-256's block and padding edges, and a few larger ones.
const SIZES: [usize; 11] = [0, 1, 44, 45, 52, 53, 117, 256, 1024, 4096, 65536];

fn body(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(31) ^ (i >> 8)) as u8).collect()
}

#[test]
fn the_counter_sees_allocations() {
    let (vec, n) = allocations(|| Vec::<u8>::with_capacity(16));
    assert_eq!(n, 1);
    let (string, n) = allocations(|| format!("{}", SIGNED_AT));
    assert_eq!((string.as_str(), n), ("1700000000", 1));
    drop(vec);
}

#[test]
fn setting_up_keys_allocates_nothing() {
    let long_secret = [b'k'; 200];
    let (key, n) = allocations(|| SigningKey::new(&long_secret[..]));
    assert!(key.is_ok());
    assert_eq!(n, 0);
    let (verifier, n) =
        allocations(|| Verifier::<3>::from_secrets([&b"whsec_new"[..], &long_secret, SECRET.as_bytes()]));
    assert_eq!(verifier.map(|v| v.secret_count()), Ok(3));
    assert_eq!(n, 0);
    let (error, n) = allocations(|| Verifier::new("").err());
    assert_eq!((error, n), (Some(KeyError::EmptySecret), 0));
}

#[test]
fn signing_and_verifying_allocate_nothing() {
    let key = SigningKey::new(SECRET).unwrap();
    let verifier = Verifier::<2>::from_secrets(["whsec_old", SECRET]).unwrap();
    let now = UnixTime::from_secs(SIGNED_AT + 10);
    for size in SIZES {
        let body = body(size);
        let (signed, n) = allocations(|| key.sign(UnixTime::from_secs(SIGNED_AT), &body));
        assert_eq!(n, 0, "sign, {size} B");
        let headers = Headers::new().with_timestamp(signed.timestamp()).with_signature(signed.signature());
        // The second secret matches: the first was tried and failed without allocating either.
        let (verified, n) = allocations(|| verifier.verify(&headers, &body, now));
        assert_eq!(
            verified.map(|v| (v.timestamp().as_secs(), v.key_index())),
            Ok((SIGNED_AT, 1)),
            "{size} B"
        );
        assert_eq!(n, 0, "verify, {size} B");
    }
}

#[test]
fn every_error_path_allocates_nothing() {
    let key = SigningKey::new(SECRET).unwrap();
    let verifier = Verifier::new(SECRET).unwrap();
    let body = body(300);
    let signed = key.sign(UnixTime::from_secs(SIGNED_AT), &body);
    let (ts, sig) = (signed.timestamp(), signed.signature());
    let good = Headers::new().with_timestamp(ts).with_signature(sig);
    let at = UnixTime::from_secs;
    let cases: [(Headers<'_>, &[u8], UnixTime, VerifyError); 7] = [
        (Headers::new().with_timestamp(ts), &body, at(SIGNED_AT), VerifyError::MissingSignature),
        (Headers::new().with_signature(sig), &body, at(SIGNED_AT), VerifyError::MissingTimestamp),
        (
            Headers::new().with_timestamp("17e8").with_signature(sig),
            &body,
            at(SIGNED_AT),
            VerifyError::MalformedTimestamp,
        ),
        (
            Headers::new().with_timestamp(ts).with_signature("sha256=xyz"),
            &body,
            at(SIGNED_AT),
            VerifyError::MalformedSignature,
        ),
        (good, &body[1..], at(SIGNED_AT), VerifyError::SignatureMismatch),
        (
            good,
            &body,
            at(SIGNED_AT + 301),
            VerifyError::TimestampTooOld { timestamp: SIGNED_AT, now: SIGNED_AT + 301, tolerance: 300 },
        ),
        (
            good,
            &body,
            at(SIGNED_AT - 301),
            VerifyError::TimestampInFuture { timestamp: SIGNED_AT, now: SIGNED_AT - 301, tolerance: 300 },
        ),
    ];
    for (headers, body, now, expected) in cases {
        let (result, n) = allocations(|| verifier.verify(&headers, body, now));
        assert_eq!(result, Err(expected));
        assert_eq!(n, 0, "{expected:?}");
    }
}
