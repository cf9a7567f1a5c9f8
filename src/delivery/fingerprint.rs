//! Recognising repeated deliveries of the same webhook, in fixed memory.
//!
//! The platform may deliver a webhook more than once. It sends no delivery id, and the signed
//! message carries none either, so a receiver can only recognise a repeat by its content: a
//! [`Fingerprint`] of the fields that identify a delivery, remembered by a [`Deduplicator`].

use core::fmt;

use sha2::{Digest, Sha256};

/// A 128-bit fingerprint of a webhook delivery: the first 16 bytes of a SHA-256 over the parts
/// that identify it.
///
/// Each part enters the hash with a presence byte and its length (as a little-endian `u64`) before
/// its bytes, so two different sequences of parts never hash the same input: `("ab", "c")` and
/// `("a", "bc")`, or an absent part and an empty one, give different fingerprints. Truncated to
/// 128 bits, an accidental collision between distinct keys is negligible (about 2^-64 after
/// 2^32 deliveries).
///
/// `Event::delivery_fingerprint` (the model's, with the `alloc` feature) derives it from a parsed
/// event; [`Fingerprint::builder`] builds one from any parts, without an allocator.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::Fingerprint;
///
/// let a = Fingerprint::builder().part("ab").part("c").finish();
/// let b = Fingerprint::builder().part("a").part("bc").finish();
/// assert_ne!(a, b);
/// assert_eq!(a, Fingerprint::builder().part("ab").part("c").finish());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; Fingerprint::LEN]);

impl Fingerprint {
    /// The length of a fingerprint in bytes.
    pub const LEN: usize = 16;

    /// A builder that hashes the parts of a delivery key in order.
    #[must_use]
    pub fn builder() -> FingerprintBuilder {
        FingerprintBuilder::new()
    }

    /// A fingerprint from its bytes (e.g. read back from a shared store).
    #[must_use]
    pub const fn from_bytes(bytes: [u8; Self::LEN]) -> Self {
        Self(bytes)
    }

    /// The fingerprint's bytes.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }
}

/// Lowercase hex, 32 digits.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

/// Hashes the parts of a delivery key into a [`Fingerprint`]; see there for the framing.
#[derive(Clone)]
pub struct FingerprintBuilder {
    hasher: Sha256,
}

/// Separates these fingerprints from any other use of SHA-256 over similar bytes.
const DOMAIN: &[u8] = b"hmsovereign-webhooks delivery fingerprint v1";

impl FingerprintBuilder {
    /// A builder with no parts yet.
    #[must_use]
    pub fn new() -> Self {
        let mut hasher = Sha256::new();
        hasher.update(DOMAIN);
        Self { hasher }
    }

    /// Adds a part that is present (possibly empty).
    #[must_use]
    pub fn part<P: AsRef<[u8]> + ?Sized>(mut self, part: &P) -> Self {
        let part = part.as_ref();
        self.hasher.update([1]);
        self.hasher.update((part.len() as u64).to_le_bytes());
        self.hasher.update(part);
        self
    }

    /// Adds a part that may be absent; an absent part differs from an empty one.
    #[must_use]
    pub fn optional_part<P: AsRef<[u8]> + ?Sized>(mut self, part: Option<&P>) -> Self {
        match part {
            Some(part) => self.part(part),
            None => {
                self.hasher.update([0]);
                self
            }
        }
    }

    /// The fingerprint of the parts added so far.
    #[must_use]
    pub fn finish(self) -> Fingerprint {
        let digest = self.hasher.finalize();
        let mut bytes = [0; Fingerprint::LEN];
        bytes.iter_mut().zip(digest.iter()).for_each(|(out, byte)| *out = *byte);
        Fingerprint(bytes)
    }
}

impl Default for FingerprintBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for FingerprintBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FingerprintBuilder").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_keeps_parts_apart() {
        let f = |parts: &[Option<&str>]| {
            parts.iter().fold(Fingerprint::builder(), |builder, part| builder.optional_part(*part)).finish()
        };
        assert_ne!(f(&[Some("ab"), Some("c")]), f(&[Some("a"), Some("bc")]));
        assert_ne!(f(&[None]), f(&[Some("")]));
        assert_ne!(f(&[]), f(&[None]));
        assert_ne!(f(&[Some("")]), f(&[Some(""), Some("")]));
        assert_eq!(f(&[Some("x"), None]), f(&[Some("x"), None]));
    }

    #[test]
    fn known_fingerprint() {
        // SHA-256 of DOMAIN || 01 || 03 00 00 00 00 00 00 00 || "abc", first 16 bytes. Computed with
        // Python: hashlib.sha256(b"hmsovereign-webhooks delivery fingerprint v1"
        //     + b"\x01" + (3).to_bytes(8, "little") + b"abc").hexdigest()[:32]
        let fingerprint = Fingerprint::builder().part("abc").finish();
        assert_eq!(std::format!("{fingerprint}"), KNOWN_ABC);
    }

    const KNOWN_ABC: &str = "4eb7fdadbe80fccdd43666579bd3d9c8";
}
