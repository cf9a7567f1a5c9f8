//! The memory of recent deliveries: a fixed-size set of [`Fingerprint`]s, oldest evicted first.

use core::fmt;

use crate::delivery::fingerprint::Fingerprint;

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
///   `Event::delivery_fingerprint`, with the `alloc` feature, for the key);
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

#[cfg(test)]
mod tests {
    use super::*;

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
