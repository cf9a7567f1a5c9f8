//! Dropping a key or a verifier overwrites its key states with zeros, observed in the memory the
//! value occupied: the value is dropped in place inside a `MaybeUninit` and its bytes are read
//! afterwards. That needs `unsafe` (the library has none); the bytes read are the value's own,
//! still-initialized storage.
#![allow(unsafe_code)]

use core::mem::{MaybeUninit, size_of};
use core::ptr;

use hmsovereign_webhooks::{SigningKey, Verifier};
use zeroize::ZeroizeOnDrop;

const SECRETS: [&[u8]; 3] = [b"whsec_test_secret_12345", &[0xaa; 131], b"k"];

/// The bytes of `slot`'s value before and after dropping it in place.
fn bytes_around_drop<T>(mut slot: MaybeUninit<T>) -> (Vec<u8>, Vec<u8>) {
    let view = |slot: &MaybeUninit<T>| {
        // SAFETY: `slot` is `size_of::<T>()` readable bytes. `SigningKey` has no padding; a
        // `Verifier` has some (beside its tolerance), read as whatever the memory holds, which is
        // why that test is not run under Miri.
        unsafe { core::slice::from_raw_parts(slot.as_ptr().cast::<u8>(), size_of::<T>()) }.to_vec()
    };
    let before = view(&slot);
    // SAFETY: `slot` holds an initialized value, dropped exactly once and never used as a `T` again.
    unsafe { ptr::drop_in_place(slot.as_mut_ptr()) };
    (before, view(&slot))
}

fn assert_zeroize_on_drop<T: ZeroizeOnDrop>() {}

#[test]
fn a_dropped_key_leaves_only_zeros() {
    assert_zeroize_on_drop::<SigningKey>();
    // Two HMAC states of eight words, nothing else.
    assert_eq!(size_of::<SigningKey>(), 64);
    for secret in SECRETS {
        let (before, after) = bytes_around_drop(MaybeUninit::new(SigningKey::new(secret).unwrap()));
        assert!(before.iter().filter(|&&byte| byte != 0).count() > 32, "{before:?}");
        assert_eq!(after, vec![0; 64]);
    }
}

#[test]
#[cfg_attr(miri, ignore = "reads the verifier's padding bytes, which Miri rightly calls uninitialized")]
fn a_dropped_verifier_leaves_no_key_state() {
    assert_zeroize_on_drop::<Verifier<3>>();
    let states: Vec<Vec<u8>> = SECRETS
        .iter()
        .map(|secret| bytes_around_drop(MaybeUninit::new(SigningKey::new(secret).unwrap())).0)
        .collect();
    let (before, after) = bytes_around_drop(MaybeUninit::new(Verifier::<3>::from_secrets(SECRETS).unwrap()));
    for state in &states {
        let at = before.windows(64).position(|window| window == state.as_slice());
        let at = at.expect("each key's states are inside the verifier before the drop");
        assert_eq!(after[at..at + 64], [0; 64], "key states at offset {at} after the drop");
        assert!(!after.windows(64).any(|window| window == state.as_slice()));
    }
}
