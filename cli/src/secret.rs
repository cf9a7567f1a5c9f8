//! Webhook secrets from `--secret` or `HMS_WEBHOOK_SECRET`, never printed.

use std::fmt;

use hmsovereign_webhooks::{SigningKey, Verifier};

use crate::failure::Failure;

/// The environment variable read when no `--secret` is given.
pub(crate) const SECRET_ENV: &str = "HMS_WEBHOOK_SECRET";

/// A webhook secret as given on the command line. `Debug` prints no byte of it.
#[derive(Clone)]
pub(crate) struct Secret(String);

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
            Ok(text) => Ok(vec![Secret(text)]),
            Err(_) => Err(Failure::usage(format!("{SECRET_ENV} is not valid UTF-8"))),
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
}
