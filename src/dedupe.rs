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
/// [`Event::delivery_fingerprint`](crate::Event::delivery_fingerprint) derives it from a parsed
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

/// Remembers the fingerprints of the last `N` deliveries, to recognise a delivery seen before.
///
/// Fixed memory, no allocation: `N` fingerprints of 16 bytes, in place (`N` must be at least 1,
/// checked at compile time). When full, the oldest
/// fingerprint is forgotten to make room (first in, first out; seeing a delivery again does not
/// make it younger). A lookup compares against every remembered fingerprint, so it costs O(N).
///
/// Limits, which follow from the protocol sending no delivery id:
/// - only the last `N` deliveries are remembered: a repeat that arrives after `N` other
///   deliveries is taken for a new one. Size `N` for the deliveries a receiver gets within the
///   platform's retry period, or keep fingerprints in a shared store (they are plain bytes);
/// - two distinct deliveries with equal keys are taken for one (see
///   [`Event::delivery_fingerprint`](crate::Event::delivery_fingerprint) for the key);
/// - the memory is per process: several instances of a receiver each remember their own.
///
/// If handling a delivery fails and the receiver answers with an error so that the platform
/// retries, [`remove`](Self::remove) its fingerprint, or the retry would be dropped.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::{Deduplicator, Fingerprint};
///
/// let mut seen = Deduplicator::<2>::new();
/// let a = Fingerprint::builder().part("a").finish();
/// let b = Fingerprint::builder().part("b").finish();
/// let c = Fingerprint::builder().part("c").finish();
/// assert!(seen.insert(a)); // first delivery: handle it
/// assert!(!seen.insert(a)); // a repeat: acknowledge, do nothing
/// assert!(seen.insert(b));
/// assert!(seen.insert(c)); // full: `a` is forgotten
/// assert!(!seen.contains(&a));
/// ```
#[derive(Clone, Default)]
pub struct Deduplicator<const N: usize> {
    recent: heapless::Deque<Fingerprint, N>,
}

impl<const N: usize> Deduplicator<N> {
    /// An empty deduplicator with room for `N` fingerprints.
    #[must_use]
    pub const fn new() -> Self {
        Self { recent: heapless::Deque::new() }
    }

    /// Remembers `fingerprint`: `true` if it is new (handle the delivery), `false` if it is among
    /// the last `N` remembered (a repeat).
    pub fn insert(&mut self, fingerprint: Fingerprint) -> bool {
        if self.contains(&fingerprint) {
            return false;
        }
        if self.recent.is_full() {
            self.recent.pop_front();
        }
        // Cannot fail: a slot was freed above if there was none.
        let _ = self.recent.push_back(fingerprint);
        true
    }

    /// Whether `fingerprint` is among those remembered.
    #[must_use]
    pub fn contains(&self, fingerprint: &Fingerprint) -> bool {
        self.recent.iter().any(|seen| seen == fingerprint)
    }

    /// Forgets `fingerprint`, so that its next delivery counts as new; `true` if it was remembered.
    pub fn remove(&mut self, fingerprint: &Fingerprint) -> bool {
        let before = self.recent.len();
        self.recent.retain(|seen| seen != fingerprint);
        self.recent.len() != before
    }

    /// How many fingerprints are remembered.
    #[must_use]
    pub fn len(&self) -> usize {
        self.recent.len()
    }

    /// Whether none is remembered.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.recent.is_empty()
    }

    /// How many fingerprints can be remembered: `N`.
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Forgets every fingerprint.
    pub fn clear(&mut self) {
        self.recent.clear();
    }
}

impl<const N: usize> fmt::Debug for Deduplicator<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Deduplicator").field("len", &self.len()).field("capacity", &N).finish()
    }
}

#[cfg(feature = "alloc")]
impl crate::event::Event<'_> {
    /// The fingerprint of this delivery, to recognise the platform delivering it again.
    ///
    /// The key, hashed part by part as [`Fingerprint`] describes:
    /// - for the four known types: the event type, `call.id`, `call.status`, `message.timestamp`
    ///   (absent parts count as absent), and for `tool-calls` also the number of tool calls and
    ///   each tool call's id, in order;
    /// - for an unknown type: the event type and the whole message text as received.
    ///
    /// The platform stamps each message when it creates it, so a retry repeats the timestamp while
    /// a new message of the same call gets a new one. Two messages that agree on every part of the
    /// key are taken for one delivery.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::{Deduplicator, parse_event};
    ///
    /// let body = br#"{"message":{"type":"status-update","timestamp":"2025-12-13T12:05:00.000Z",
    ///     "call":{"id":"c1","status":"ended"}}}"#;
    /// let mut seen = Deduplicator::<1024>::new();
    /// assert!(seen.insert(parse_event(body, None)?.delivery_fingerprint()));
    /// // The same delivery again, e.g. after a timeout on the platform's side:
    /// assert!(!seen.insert(parse_event(body, None)?.delivery_fingerprint()));
    /// # Ok::<(), hmsovereign_webhooks::ParseError>(())
    /// ```
    #[must_use]
    pub fn delivery_fingerprint(&self) -> Fingerprint {
        use crate::event::Event;

        let builder = Fingerprint::builder().part(self.event_type().as_str());
        let Some(common) = self.common() else {
            let message = match self {
                Event::Unknown(unknown) => unknown.message.as_str(),
                _ => "",
            };
            return builder.part(message).finish();
        };
        let mut builder = builder
            .part(&*common.call.id)
            .optional_part(common.call.status.as_ref().map(|status| status.as_str()))
            .optional_part(common.timestamp.as_deref());
        if let Event::ToolCalls(event) = self {
            builder = builder.part(&(event.tool_calls.len() as u64).to_le_bytes());
            for call in &event.tool_calls {
                builder = builder.part(&*call.id);
            }
        }
        builder.finish()
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

    #[test]
    fn fifo_eviction_and_remove() {
        let fp = |n: u8| Fingerprint::from_bytes([n; 16]);
        let mut seen = Deduplicator::<3>::new();
        assert_eq!(seen.capacity(), 3);
        assert!(seen.is_empty());
        for n in 0..3 {
            assert!(seen.insert(fp(n)));
        }
        assert!(!seen.insert(fp(0)), "a repeat does not move to the back");
        assert!(seen.insert(fp(3)));
        assert!(!seen.contains(&fp(0)));
        assert!(seen.contains(&fp(1)) && seen.contains(&fp(3)));
        assert_eq!(seen.len(), 3);
        assert!(seen.remove(&fp(2)));
        assert!(!seen.remove(&fp(2)));
        assert!(seen.insert(fp(2)));
        seen.clear();
        assert!(seen.is_empty());
        assert_eq!(std::format!("{seen:?}"), "Deduplicator { len: 0, capacity: 3 }");
    }
}
