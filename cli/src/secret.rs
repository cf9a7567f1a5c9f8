//! Webhook secrets from `--secret` or `HMS_WEBHOOK_SECRET`, never printed.

use std::fmt;

use hmsovereign_webhooks::{SigningKey, Verifier};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::failure::Failure;

/// The environment variable read when no `--secret` is given.
pub(crate) const SECRET_ENV: &str = "HMS_WEBHOOK_SECRET";

/// A webhook secret as given on the command line. `Debug` prints no byte of it, and its buffer
/// is overwritten with zeros when it is dropped (every clone too: each owns its own buffer).
///
/// Not wiped, because they are not ours: the process's `argv` and environment block, clap's
/// `String` the secret was parsed from, and copies the crate's `SigningKey`/`Verifier` make.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Drop for Secret {
    fn drop(&mut self) {
        // `into_bytes` keeps the same heap buffer (no copy); `wipe` zeroes it in place.
        wipe(&mut std::mem::take(&mut self.0).into_bytes());
    }
}

impl ZeroizeOnDrop for Secret {}

/// Overwrites every byte of `buffer`, its spare capacity included, with zeros (volatile writes
/// the compiler cannot drop), keeping its length: what was secret reads back as zeros.
fn wipe(buffer: &mut Vec<u8>) {
    buffer.as_mut_slice().zeroize();
    buffer.spare_capacity_mut().zeroize();
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Err("the secret is empty".to_owned());
        }
        Ok(Self(text.to_owned()))
    }
}

impl Secret {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// The secrets of a command: those given with `--secret`, else the one in `HMS_WEBHOOK_SECRET`.
pub(crate) fn secrets(given: &[Secret]) -> Result<Vec<Secret>, Failure> {
    if !given.is_empty() {
        return Ok(given.to_vec());
    }
    match std::env::var_os(SECRET_ENV) {
        Some(value) if !value.is_empty() => match value.into_string() {
            // `into_string` keeps the buffer; a refused value is wiped before it is freed.
            Ok(text) => Ok(vec![Secret(text)]),
            Err(value) => {
                wipe(&mut value.into_encoded_bytes());
                Err(Failure::usage(format!("{SECRET_ENV} is not valid UTF-8")))
            }
        },
        Some(_) => Err(Failure::usage(format!("{SECRET_ENV} is empty; give the webhook secret"))),
        None => Err(Failure::usage(format!("no webhook secret: give --secret SECRET or set {SECRET_ENV}"))),
    }
}

/// The one signing key of a sending command (`sign`, `trigger`, `call`).
pub(crate) fn signing_key(given: &[Secret]) -> Result<SigningKey, Failure> {
    let secrets = secrets(given)?;
    if secrets.len() > 1 {
        return Err(Failure::usage("give one --secret to sign with (several are for verifying)"));
    }
    let secret = secrets.first().ok_or_else(|| Failure::usage("no webhook secret"))?;
    SigningKey::new(secret.as_bytes()).map_err(|error| Failure::usage(error.to_string()))
}

/// A verifier holding every secret of a receiving command (`verify`, `listen`).
pub(crate) fn verifier(given: &[Secret]) -> Result<Verifier<8>, Failure> {
    let secrets = secrets(given)?;
    Verifier::<8>::from_secrets(secrets.iter().map(Secret::as_bytes))
        .map_err(|error| Failure::usage(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let secret: Secret = "whsec_do_not_print".parse().unwrap();
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{:?}", std::slice::from_ref(&secret)), "[Secret(<redacted>)]");
        assert_eq!(secret.as_bytes(), b"whsec_do_not_print");
        assert_eq!("".parse::<Secret>().err().as_deref(), Some("the secret is empty"));
    }

    /// Compile-time: `Secret` (and so each clone of it) is marked as wiped on drop.
    #[test]
    fn secret_is_zeroize_on_drop() {
        fn wiped_on_drop<T: ZeroizeOnDrop + Clone>() {}
        wiped_on_drop::<Secret>();
    }

    /// `Drop` hands the secret's own buffer (`String::into_bytes` moves it, no copy) to `wipe`;
    /// here the bytes `wipe` leaves in that very buffer are read back: all zeros. (The freed
    /// memory itself cannot be read without `unsafe`, which this crate forbids.)
    #[test]
    fn wipe_zeroes_the_secret_bytes_in_place() {
        let secret: Secret = "whsec_do_not_print".parse().unwrap();
        let mut text = secret.0.clone();
        text.reserve(64);
        let (pointer, capacity) = (text.as_ptr(), text.capacity());
        let mut bytes = text.into_bytes();
        assert_eq!((bytes.as_ptr(), bytes.capacity()), (pointer, capacity), "into_bytes copies nothing");
        assert_eq!(bytes, b"whsec_do_not_print");
        wipe(&mut bytes);
        assert_eq!((bytes.as_ptr(), bytes.capacity()), (pointer, capacity));
        assert_eq!(bytes, [0u8; 18]);
        drop(secret);
    }
}
