//! The error of key set-up: a secret that cannot become a [`SigningKey`] or join a [`Verifier`].
//!
//! [`SigningKey`]: crate::auth::signing_key::SigningKey
//! [`Verifier`]: crate::auth::verifier::Verifier

use core::fmt;

/// Why a secret could not be set up: returned by [`SigningKey::new`], [`Verifier::new`],
/// [`Verifier::from_secrets`] and [`Verifier::add_secret`], on the signing side and the verifying
/// side alike. A configuration problem, found once at start-up, never a property of a request.
///
/// [`SigningKey::new`]: crate::SigningKey::new
/// [`Verifier::new`]: crate::Verifier::new
/// [`Verifier::from_secrets`]: crate::Verifier::from_secrets
/// [`Verifier::add_secret`]: crate::Verifier::add_secret
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyError {
    /// The secret is empty. An empty key would make every signature forgeable by anyone.
    EmptySecret,
    /// [`Verifier::from_secrets`](crate::Verifier::from_secrets) was given no secret at all.
    NoSecret,
    /// More secrets than the verifier has room for.
    TooManySecrets {
        /// How many secrets the verifier holds (its `N`).
        capacity: usize,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::EmptySecret => f.write_str(
                "webhook secret is empty; configure the non-empty webhook_secret of the assistant",
            ),
            Self::NoSecret => f.write_str("no webhook secret configured; give at least one"),
            Self::TooManySecrets { capacity } => {
                write!(f, "too many webhook secrets; this verifier holds at most {capacity}")
            }
        }
    }
}

impl core::error::Error for KeyError {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;

    #[test]
    fn display_names_the_problem() {
        assert!(KeyError::EmptySecret.to_string().starts_with("webhook secret is empty"));
        assert_eq!(
            KeyError::TooManySecrets { capacity: 2 }.to_string(),
            "too many webhook secrets; this verifier holds at most 2"
        );
        assert!(KeyError::NoSecret.to_string().contains("at least one"));
    }
}
