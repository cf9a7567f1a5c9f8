//! A webhook secret set up once as a ready-to-use HMAC-SHA256 key.

use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

use crate::error::VerifyError;

/// Length in bytes of an HMAC-SHA256 tag.
pub(crate) const TAG_LEN: usize = 32;

/// One webhook secret, prepared for HMAC-SHA256 over `timestamp || "." || body`.
///
/// The secret is the configured `webhook_secret` string's bytes **as they are**: a `whsec_` prefix
/// is part of the key and nothing is base64-decoded (this platform differs from Svix and Standard
/// Webhooks there). Building the key runs the HMAC key schedule once (the inner and outer padded
/// key blocks are hashed up front), so each request costs only the hashing of its own bytes.
///
/// The type holds secret material: it is not `Clone` (copies of a secret should be deliberate),
/// and `Debug` prints no key bytes.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{SigningKey, UnixTime};
///
/// let key = SigningKey::new("whsec_test_secret_12345")?;
/// let signed = key.sign(UnixTime::from_secs(1_700_000_000), br#"{"test":true}"#);
/// assert_eq!(signed.timestamp(), "1700000000");
/// assert_eq!(
///     signed.signature(),
///     "sha256=b7875b4bd3cc6c5c1a4453189b5fa746880c17cb42258530a7355906dbc5ec1d"
/// );
/// # Ok::<(), hmsovereign_webhooks::VerifyError>(())
/// ```
pub struct SigningKey {
    mac: Hmac<Sha256>,
}

impl SigningKey {
    /// Prepares `secret` (its bytes, used verbatim) as a signing and verification key.
    ///
    /// # Errors
    ///
    /// [`VerifyError::EmptySecret`] if `secret` is empty.
    pub fn new<S: AsRef<[u8]> + ?Sized>(secret: &S) -> Result<Self, VerifyError> {
        let secret = secret.as_ref();
        if secret.is_empty() {
            return Err(VerifyError::EmptySecret);
        }
        // HMAC takes keys of every length (RFC 2104 hashes long ones), so this never fails;
        // only the empty key, refused above, is a configuration error.
        let mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| VerifyError::EmptySecret)?;
        Ok(Self { mac })
    }

    /// HMAC-SHA256 of `timestamp || "." || body`: the `timestamp` is the header text exactly as
    /// received (leading zeros included), the body the raw request bytes.
    pub(crate) fn tag(&self, timestamp: &[u8], body: &[u8]) -> [u8; TAG_LEN] {
        let mut mac = self.mac.clone();
        mac.update(timestamp);
        mac.update(b".");
        mac.update(body);
        mac.finalize().into_bytes().into()
    }

    /// Whether `expected` is the tag of `timestamp || "." || body`, compared in constant time.
    ///
    /// Returns a [`Choice`] rather than a `bool` so that the one branch on the outcome (the verdict,
    /// which is public) is taken by the caller: nothing in here branches on or indexes by the key,
    /// the computed tag or how much of it agrees with `expected`.
    pub(crate) fn matches(&self, timestamp: &[u8], body: &[u8], expected: &[u8; TAG_LEN]) -> Choice {
        self.tag(timestamp, body).ct_eq(expected)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([secret elided])")
    }
}
