//! Constant-time check of the secret-dependent part of verification, under valgrind memcheck.
//!
//! The method (as in `ctgrind` and rustls' constant-time tests): the secret key bytes are marked
//! *undefined* with a memcheck client request. Memcheck follows undefinedness through every
//! computation and reports a `Conditional jump or move depends on uninitialised value(s)` when a
//! branch depends on it, and a `Use of uninitialised value` when it is used as an address (a table
//! lookup by a secret). Running the key set-up, the MAC and the tag comparison on an undefined key
//! and finding **no** report shows that they neither branch on nor index by the key, the MAC
//! derived from it, or how much of the MAC agrees with the received one.
//!
//! What is checked: `SigningKey::new` (the HMAC key schedule, for keys shorter than, equal to and
//! longer than the SHA-256 block) and `__internals::tag_matches`, the exact function
//! `Verifier::verify` calls per key (MAC of `timestamp.body`, then `subtle`'s comparison). Its
//! result, the verdict, is public: it is marked defined here before it is looked at, as `verify`
//! declassifies it with its one `bool::from` before choosing the key or the error.
//!
//! ```text
//! cargo build --release --manifest-path tests/ct/Cargo.toml
//! valgrind --error-exitcode=1 tests/ct/target/release/hmsovereign-webhooks-ct            # no report
//! valgrind tests/ct/target/release/hmsovereign-webhooks-ct negative-control             # a report
//! ```
//!
//! `negative-control` compares the same tainted MAC with an early-exit loop instead, and succeeds
//! only if memcheck reported it: proof that the check can fail. (Not with `==` or a plain loop on
//! the arrays: for 32 bytes LLVM compiles both to a branch-free vector compare, which memcheck
//! rightly accepts; nothing guarantees that, which is why the crate uses `subtle`.)
//!
//! The client requests are the magic instruction sequence from valgrind's `valgrind.h`, written
//! here as inline assembly for x86-64 (no C toolchain, no bindgen). Natively the sequence leaves
//! every register as it was, so the requests are no-ops and the program refuses to run.

use std::hint::black_box;
use std::process::ExitCode;

use hmsovereign_webhooks::__internals::{tag, tag_matches};
use hmsovereign_webhooks::{SigningKey, UnixTime};

#[cfg(not(target_arch = "x86_64"))]
compile_error!("the valgrind client requests are written for x86-64 only");

/// Valgrind's core requests (`valgrind.h`).
const RUNNING_ON_VALGRIND: usize = 0x1001;
const COUNT_ERRORS: usize = 0x1201;
/// Memcheck's requests (`memcheck.h`): `VG_USERREQ_TOOL_BASE('M', 'C')` and the following ones.
const MAKE_MEM_UNDEFINED: usize = 0x4d43_0001;
const MAKE_MEM_DEFINED: usize = 0x4d43_0002;
const GET_VBITS: usize = 0x4d43_0008;

/// One valgrind client request: `VALGRIND_DO_CLIENT_REQUEST_EXPR` from `valgrind.h` for amd64.
/// Returns `default` when not running under valgrind.
fn client_request(default: usize, request: usize, arg1: usize, arg2: usize, arg3: usize) -> usize {
    let args: [usize; 6] = [request, arg1, arg2, arg3, 0, 0];
    let result;
    // SAFETY: the four rotations of rdi add up to 128 bits (rdi is unchanged) and `xchg rbx, rbx`
    // changes nothing, so natively this is a no-op; under valgrind it is a request that reads the
    // six words at rax, which stay alive and in place for the duration of the block.
    unsafe {
        core::arch::asm!(
            "rol rdi, 3",
            "rol rdi, 13",
            "rol rdi, 61",
            "rol rdi, 51",
            "xchg rbx, rbx",
            in("rax") args.as_ptr(),
            inout("rdx") default => result,
            out("rdi") _,
            options(nostack),
        );
    }
    result
}

fn running_on_valgrind() -> bool {
    client_request(0, RUNNING_ON_VALGRIND, 0, 0, 0) != 0
}

/// How many errors valgrind has reported so far.
fn error_count() -> usize {
    client_request(0, COUNT_ERRORS, 0, 0, 0)
}

fn make_undefined<T: ?Sized>(value: &T) {
    client_request(0, MAKE_MEM_UNDEFINED, (value as *const T).cast::<u8>() as usize, size_of_val(value), 0);
}

fn make_defined<T: ?Sized>(value: &T) {
    client_request(0, MAKE_MEM_DEFINED, (value as *const T).cast::<u8>() as usize, size_of_val(value), 0);
}

/// Whether any bit of `value` is undefined, asked without memcheck reporting anything.
fn is_tainted<T: ?Sized>(value: &T) -> bool {
    let len = size_of_val(value);
    let mut vbits = vec![0u8; len];
    let address = (value as *const T).cast::<u8>() as usize;
    let status = client_request(0, GET_VBITS, address, vbits.as_mut_ptr() as usize, len);
    assert_eq!(status, 1, "VALGRIND_GET_VBITS failed");
    vbits.iter().any(|&bits| bits != 0)
}

/// Secrets around the SHA-256 block size of 64 bytes: HMAC pads short keys and hashes long ones.
const SECRET_LENGTHS: [usize; 5] = [1, 23, 64, 65, 200];
/// Bodies that end in the first, at the edge of and past one block.
const BODIES: [&[u8]; 4] = [b"", br#"{"test":true}"#, &[b'x'; 52], &[0xa5; 1000]];
const TIMESTAMP: &[u8] = b"1700000000";

/// The correct tag for `secret`, computed before any marking (through `sign`, not under test).
fn correct_tag(secret: &[u8], body: &[u8]) -> [u8; 32] {
    let key = SigningKey::new(secret).expect("non-empty secret");
    let signed = key.sign(UnixTime::from_secs(1_700_000_000), body);
    assert_eq!(signed.timestamp().as_bytes(), TIMESTAMP);
    let hex = signed.signature().strip_prefix("sha256=").expect("prefix");
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex");
    }
    out
}

fn secret_of_len(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(151).wrapping_add(7)).collect()
}

/// The library's path: no report while it runs on an undefined key, and the right verdicts.
fn check() -> Result<(), String> {
    for len in SECRET_LENGTHS {
        for body in BODIES {
            let secret = secret_of_len(len);
            let good = correct_tag(&secret, body);
            // Wrong in the first byte, in the last byte, and in every byte.
            let mut wrong = [good; 3];
            wrong[0][0] ^= 1;
            wrong[1][31] ^= 0x80;
            wrong[2].iter_mut().for_each(|b| *b = !*b);

            make_undefined(&secret[..]);
            let before = error_count();
            let key = SigningKey::new(&secret).map_err(|e| e.to_string())?;
            let mut verdicts = [0u8; 4];
            verdicts[0] = tag_matches(&key, TIMESTAMP, black_box(body), &good);
            for (verdict, wrong) in verdicts[1..].iter_mut().zip(&wrong) {
                *verdict = tag_matches(&key, TIMESTAMP, black_box(body), wrong);
            }
            let reported = error_count() - before;
            if reported != 0 {
                return Err(format!(
                    "memcheck reported {reported} error(s): secret of {len} bytes, body of {}",
                    body.len()
                ));
            }
            // Not vacuous: the verdicts were computed from the undefined key.
            if !is_tainted(&verdicts[..]) {
                return Err(format!("the verdicts are defined: the key was not tainted ({len} bytes)"));
            }
            // The verdict is public: declassify it, then look at it.
            make_defined(&verdicts[..]);
            if verdicts != [1, 0, 0, 0] {
                return Err(format!("wrong verdicts {verdicts:?} for a secret of {len} bytes"));
            }
        }
    }
    println!(
        "ct-check: no secret-dependent branch or index in key set-up, MAC and comparison \
         ({} secret lengths x {} bodies)",
        SECRET_LENGTHS.len(),
        BODIES.len()
    );
    Ok(())
}

/// The textbook leaky comparison: stops at the first differing byte, so its time tells how many
/// leading bytes of a guess were right. (`black_box` on each byte keeps LLVM from turning the loop
/// into a branch-free vector compare, which it does for the plain loop and for `==`.)
#[inline(never)]
fn early_exit_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if black_box(*x) != black_box(*y) {
            return false;
        }
    }
    true
}

/// The same MAC compared with an early-exit loop: memcheck must report it.
fn negative_control() -> Result<(), String> {
    let secret = secret_of_len(23);
    let body = BODIES[1];
    let mut received = correct_tag(&secret, body);
    received[31] ^= 1;

    make_undefined(&secret[..]);
    let key = SigningKey::new(&secret).map_err(|e| e.to_string())?;
    let computed = tag(&key, TIMESTAMP, black_box(body));
    if !is_tainted(&computed[..]) {
        return Err("the computed tag is defined: the key was not tainted".into());
    }
    let before = error_count();
    let mut equal = early_exit_eq(&black_box(computed), &black_box(received));
    let reported = error_count() - before;
    make_defined(&equal);
    equal = black_box(equal);
    if equal {
        return Err("the tags compared equal".into());
    }
    if reported == 0 {
        return Err("memcheck did not report the non-constant-time comparison: the check is blind".into());
    }
    println!(
        "ct-check negative control: memcheck reported the early-exit comparison ({reported} error(s)), as it should"
    );
    Ok(())
}

fn main() -> ExitCode {
    if !running_on_valgrind() {
        eprintln!("ct-check: run this under valgrind (memcheck); natively it checks nothing");
        return ExitCode::FAILURE;
    }
    let result = match std::env::args().nth(1).as_deref() {
        None => check(),
        Some("negative-control") => negative_control(),
        Some(other) => Err(format!("unknown mode {other:?}; expected none or negative-control")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ct-check: FAILED: {message}");
            ExitCode::FAILURE
        }
    }
}
