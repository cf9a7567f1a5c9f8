//! Verification of incoming requests: signature, then age, against one or several secrets.

use core::fmt;
use core::time::Duration;

use crate::auth::header_syntax::{parse_signature, parse_timestamp};
use crate::auth::headers::Headers;
use crate::auth::key_error::KeyError;
use crate::auth::signing_key::SigningKey;
use crate::auth::unix_time::UnixTime;
use crate::auth::verify_error::VerifyError;

/// The default age window: a request may be at most five minutes older or newer than `now`,
/// the window the platform's documentation recommends.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Checks that webhook requests were signed with a configured secret and are recent.
///
/// Holds up to `N` secrets (4 by default) in place, without allocating, so a secret can be rotated
/// without downtime: configure the new one beside the old, switch the platform over, then drop the
/// old. A request is authentic if its signature matches **any** of them.
///
/// Every request is checked in this order, and the first failing check names the error:
///
/// 1. the `X-Webhook-Signature` header is present ([`VerifyError::MissingSignature`]);
/// 2. the `X-Webhook-Timestamp` header is present ([`VerifyError::MissingTimestamp`]);
/// 3. the timestamp is one or more ASCII digits whose value fits a `u64`
///    ([`VerifyError::MalformedTimestamp`]);
/// 4. the signature is an optional `sha256=` followed by 64 hex digits of either case, surrounding
///    ASCII whitespace ignored ([`VerifyError::MalformedSignature`]);
/// 5. HMAC-SHA256, keyed with a secret, of the timestamp header text as received, a `.`, and the
///    raw body equals the signature for some secret, compared in constant time
///    ([`VerifyError::SignatureMismatch`]);
/// 6. the timestamp is at most the tolerance before `now` ([`VerifyError::TimestampTooOld`]) and
///    at most the tolerance after it ([`VerifyError::TimestampInFuture`]); the window is symmetric
///    and the arithmetic saturates.
///
/// The age is checked last on purpose: an age error then always means "authentic, but stale or
/// early" — a replay or a clock out of sync — never a forgery. A timestamp in milliseconds is not
/// special-cased: it simply lies far in the future.
///
/// Verification reads no clock, allocates nothing and cannot panic. Dropping the verifier
/// overwrites its keys' states with zeros ([`zeroize::ZeroizeOnDrop`]).
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{Headers, UnixTime, Verifier, VerifyError};
///
/// let verifier = Verifier::new("whsec_test_secret_12345")?;
/// let body = br#"{"test":true}"#;
/// let headers = Headers::new()
///     .with_timestamp("1700000000")
///     .with_signature("sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d");
///
/// let verified = verifier.verify(&headers, body, UnixTime::from_secs(1_700_000_100))?;
/// assert_eq!(verified.timestamp(), UnixTime::from_secs(1_700_000_000));
///
/// // Ten minutes later the same request is a replay.
/// assert!(matches!(
///     verifier.verify(&headers, body, UnixTime::from_secs(1_700_000_600)),
///     Err(VerifyError::TimestampTooOld { timestamp: 1_700_000_000, now: 1_700_000_600, tolerance: 300 })
/// ));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
pub struct Verifier<const N: usize = 4> {
    keys: heapless::Vec<SigningKey, N>,
    /// The age window in seconds; `None` when the caller explicitly turned the check off.
    tolerance: Option<u64>,
}

impl Verifier {
    /// A verifier for one secret, with the default tolerance of five minutes.
    ///
    /// Room for three more secrets stays free for rotation ([`Verifier::add_secret`]); for more,
    /// name the capacity: `Verifier::<8>::from_secrets(…)`.
    ///
    /// # Errors
    ///
    /// [`KeyError::EmptySecret`] if `secret` is empty.
    pub fn new<S: AsRef<[u8]> + ?Sized>(secret: &S) -> Result<Self, KeyError> {
        let mut verifier = Self::empty();
        verifier.add_secret(secret)?;
        Ok(verifier)
    }
}

impl<const N: usize> Verifier<N> {
    const fn empty() -> Self {
        Self { keys: heapless::Vec::new(), tolerance: Some(DEFAULT_TOLERANCE.as_secs()) }
    }

    /// A verifier accepting a signature by any of `secrets` (tried in the given order), with the
    /// default tolerance of five minutes.
    ///
    /// # Errors
    ///
    /// [`KeyError::EmptySecret`] if a secret is empty, [`KeyError::TooManySecrets`] if there
    /// are more than `N`, [`KeyError::NoSecret`] if there are none.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::Verifier;
    ///
    /// let verifier = Verifier::<2>::from_secrets(["whsec_new", "whsec_old"])?;
    /// assert_eq!(verifier.secret_count(), 2);
    /// # Ok::<(), hmsovereign_webhooks::KeyError>(())
    /// ```
    pub fn from_secrets<I>(secrets: I) -> Result<Self, KeyError>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        let mut verifier = Self::empty();
        for secret in secrets {
            verifier.add_secret(&secret)?;
        }
        if verifier.keys.is_empty() {
            return Err(KeyError::NoSecret);
        }
        Ok(verifier)
    }

    /// Adds a secret, tried after those already configured.
    ///
    /// # Errors
    ///
    /// [`KeyError::EmptySecret`] if `secret` is empty, [`KeyError::TooManySecrets`] if the
    /// verifier already holds `N` secrets.
    pub fn add_secret<S: AsRef<[u8]> + ?Sized>(&mut self, secret: &S) -> Result<(), KeyError> {
        let key = SigningKey::new(secret)?;
        self.keys.push(key).map_err(|_| KeyError::TooManySecrets { capacity: N })
    }

    /// Sets the age window: a request is accepted while its timestamp is at most `tolerance` before
    /// or after `now`. Whole seconds count; a fraction is dropped.
    #[must_use]
    pub const fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = Some(tolerance.as_secs());
        self
    }

    /// Turns the age check off: any timestamp with a valid signature is accepted, so a captured
    /// request can be replayed for ever. Meant for replaying stored deliveries and for tests.
    #[must_use]
    pub const fn without_age_check(mut self) -> Self {
        self.tolerance = None;
        self
    }

    /// The age window, or `None` if [`without_age_check`](Self::without_age_check) turned it off.
    #[must_use]
    pub const fn tolerance(&self) -> Option<Duration> {
        match self.tolerance {
            Some(secs) => Some(Duration::from_secs(secs)),
            None => None,
        }
    }

    /// How many secrets are configured.
    #[must_use]
    pub fn secret_count(&self) -> usize {
        self.keys.len()
    }

    /// Verifies one request: its webhook headers, its raw body bytes as received (never
    /// re-serialized JSON; they need not be UTF-8), and the current time.
    ///
    /// See the [type documentation](Verifier) for the checks and their order.
    ///
    /// # Errors
    ///
    /// The [`VerifyError`] of the first check that fails.
    pub fn verify(&self, headers: &Headers<'_>, body: &[u8], now: UnixTime) -> Result<Verified, VerifyError> {
        let signature = headers.signature().ok_or(VerifyError::MissingSignature)?;
        let timestamp_text = headers.timestamp().ok_or(VerifyError::MissingTimestamp)?;
        let timestamp = parse_timestamp(timestamp_text)?;
        let expected = parse_signature(signature)?;

        // Stops at the first key that matches: the timing can tell which configured secret signed
        // an authentic request, never anything about a secret or a forged signature.
        let key_index = self
            .keys
            .iter()
            .position(|key| bool::from(key.matches(timestamp_text, body, &expected)))
            .ok_or(VerifyError::SignatureMismatch)?;

        self.check_age(timestamp, now.as_secs())?;
        Ok(Verified { timestamp: UnixTime::from_secs(timestamp), key_index })
    }

    fn check_age(&self, timestamp: u64, now: u64) -> Result<(), VerifyError> {
        let Some(tolerance) = self.tolerance else {
            return Ok(());
        };
        if now.saturating_sub(timestamp) > tolerance {
            Err(VerifyError::TimestampTooOld { timestamp, now, tolerance })
        } else if timestamp.saturating_sub(now) > tolerance {
            Err(VerifyError::TimestampInFuture { timestamp, now, tolerance })
        } else {
            Ok(())
        }
    }
}

impl<const N: usize> fmt::Debug for Verifier<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secrets", &format_args!("[{} elided]", self.keys.len()))
            .field("tolerance", &self.tolerance())
            .finish()
    }
}

/// Dropping a verifier drops its keys, each of which zeroizes its HMAC states.
impl<const N: usize> zeroize::ZeroizeOnDrop for Verifier<N> {}

/// What a successful verification established.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Verified {
    timestamp: UnixTime,
    key_index: usize,
}

impl Verified {
    /// The request's signed timestamp.
    #[must_use]
    pub const fn timestamp(&self) -> UnixTime {
        self.timestamp
    }

    /// The position of the secret that matched, in the order the secrets were configured: during a
    /// rotation, tells whether the platform still signs with the old secret.
    #[must_use]
    pub const fn key_index(&self) -> usize {
        self.key_index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"test":true}"#;
    const SIG: &str = "sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d";
    const TS: &str = "1700000000";

    fn at(now: u64) -> UnixTime {
        UnixTime::from_secs(now)
    }

    #[test]
    fn window_is_symmetric_and_inclusive() {
        let v = Verifier::new("whsec_test_secret_12345").unwrap();
        let h = Headers::new().with_timestamp(TS).with_signature(SIG);
        assert!(v.verify(&h, BODY, at(1_700_000_300)).is_ok());
        assert!(v.verify(&h, BODY, at(1_699_999_700)).is_ok());
        assert_eq!(
            v.verify(&h, BODY, at(1_700_000_301)),
            Err(VerifyError::TimestampTooOld {
                timestamp: 1_700_000_000,
                now: 1_700_000_301,
                tolerance: 300
            })
        );
        assert_eq!(
            v.verify(&h, BODY, at(1_699_999_699)),
            Err(VerifyError::TimestampInFuture {
                timestamp: 1_700_000_000,
                now: 1_699_999_699,
                tolerance: 300
            })
        );
        let v = v.without_age_check();
        assert_eq!(v.tolerance(), None);
        assert!(v.verify(&h, BODY, at(0)).is_ok());
        assert!(v.verify(&h, BODY, at(u64::MAX)).is_ok());
    }

    #[test]
    fn check_order() {
        let v = Verifier::new("whsec_test_secret_12345").unwrap();
        let none = Headers::new();
        assert_eq!(v.verify(&none, BODY, at(0)), Err(VerifyError::MissingSignature));
        let sig_only = Headers::new().with_signature("junk");
        assert_eq!(v.verify(&sig_only, BODY, at(0)), Err(VerifyError::MissingTimestamp));
        let both_bad = Headers::new().with_signature("junk").with_timestamp("12x");
        assert_eq!(v.verify(&both_bad, BODY, at(0)), Err(VerifyError::MalformedTimestamp));
        let bad_sig = Headers::new().with_signature("junk").with_timestamp(TS);
        assert_eq!(v.verify(&bad_sig, BODY, at(0)), Err(VerifyError::MalformedSignature));
        let good = Headers::new().with_signature(SIG).with_timestamp(TS);
        assert_eq!(v.verify(&good, b"{}", at(0)), Err(VerifyError::SignatureMismatch));
    }

    #[test]
    fn rotation_reports_the_matching_key() {
        let v = Verifier::<3>::from_secrets(["new", "whsec_test_secret_12345", "older"]).unwrap();
        let h = Headers::new().with_timestamp(TS).with_signature(SIG);
        assert_eq!(v.verify(&h, BODY, at(1_700_000_000)).unwrap().key_index(), 1);
        assert_eq!(
            Verifier::<1>::from_secrets(["a", "b"]).err(),
            Some(KeyError::TooManySecrets { capacity: 1 })
        );
        assert_eq!(Verifier::<4>::from_secrets(["a", ""]).err(), Some(KeyError::EmptySecret));
        assert_eq!(Verifier::<4>::from_secrets::<[&str; 0]>([]).err(), Some(KeyError::NoSecret));
        assert_eq!(Verifier::new("").err(), Some(KeyError::EmptySecret));
    }

    #[test]
    fn debug_elides_secrets() {
        let v = Verifier::new("whsec_test_secret_12345").unwrap();
        let text = std::format!("{v:?}");
        assert_eq!(text, "Verifier { secrets: [1 elided], tolerance: Some(300s) }");
        let key = SigningKey::new("whsec_test_secret_12345").unwrap();
        assert_eq!(std::format!("{key:?}"), "SigningKey([secret elided])");
    }
}
