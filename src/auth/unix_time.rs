//! Time as the caller supplies it: the crate never reads a clock (but `UnixTime::now` reads one
//! for the caller, under `std`).

use core::fmt;
use core::ops::{Add, Sub};
use core::time::Duration;

/// A point in time, in whole seconds since the Unix epoch (1970-01-01T00:00:00Z).
///
/// The crate reads no clock: every check that depends on time takes the current time as a
/// `UnixTime` argument, so it works the same on servers, in wasm sandboxes without a clock and on
/// microcontrollers, and tests can pin the time. Where there is a clock, `UnixTime::now` (with
/// the `std` feature) reads it.
///
/// Arithmetic with a [`Duration`] counts its whole seconds (a fraction is dropped):
/// [`checked_add`](Self::checked_add) and [`checked_sub`](Self::checked_sub) say when the result
/// would leave `0..=u64::MAX` seconds, while `+` and `-` saturate there and never panic (unlike
/// `SystemTime`'s).
///
/// The `X-Webhook-Timestamp` header carries **seconds**. The explicit constructor names make the
/// common mistake of passing milliseconds (JavaScript's `Date.now()`) visible at the call site.
///
/// # Examples
///
/// ```
/// use hmsovereign_webhooks::UnixTime;
///
/// let now = UnixTime::from_secs(1_700_000_000);
/// assert_eq!(now.as_secs(), 1_700_000_000);
/// assert_eq!(UnixTime::from_millis(1_700_000_000_999), now);
///
/// // Ten minutes earlier, e.g. to sign a request that must be refused as stale:
/// let earlier = now.checked_sub(Duration::from_secs(600));
/// assert_eq!(earlier, Some(UnixTime::from_secs(1_699_999_400)));
/// assert_eq!(now - Duration::from_secs(600), UnixTime::from_secs(1_699_999_400));
/// assert_eq!(UnixTime::EPOCH - Duration::from_secs(1), UnixTime::EPOCH); // saturates
/// # use core::time::Duration;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(u64);

impl UnixTime {
    /// The Unix epoch itself.
    pub const EPOCH: Self = Self(0);

    /// A time given in whole seconds since the Unix epoch.
    #[must_use]
    pub const fn from_secs(secs: u64) -> Self {
        Self(secs)
    }

    /// A time given in milliseconds since the Unix epoch, truncated to whole seconds.
    #[must_use]
    pub const fn from_millis(millis: u64) -> Self {
        Self(millis / 1000)
    }

    /// The time elapsed since the Unix epoch (as from `SystemTime::now().duration_since(UNIX_EPOCH)`),
    /// truncated to whole seconds.
    #[must_use]
    pub const fn since_epoch(elapsed: Duration) -> Self {
        Self(elapsed.as_secs())
    }

    /// Whole seconds since the Unix epoch.
    #[must_use]
    pub const fn as_secs(self) -> u64 {
        self.0
    }

    /// The current wall-clock time, `SystemTime::now()`, truncated to whole seconds.
    ///
    /// A system clock set before 1970 reads as [`EPOCH`](Self::EPOCH), so that this never fails:
    /// verification then refuses every request as
    /// [`TimestampInFuture`](crate::VerifyError::TimestampInFuture), whose message shows `now (0)`
    /// and names the clock — it fails closed, and says why.
    ///
    /// # Examples
    ///
    /// ```
    /// use hmsovereign_webhooks::UnixTime;
    ///
    /// assert!(UnixTime::now() > UnixTime::from_secs(1_700_000_000));
    /// ```
    #[cfg(feature = "std")]
    #[must_use]
    pub fn now() -> Self {
        Self::try_from(std::time::SystemTime::now()).unwrap_or(Self::EPOCH)
    }

    /// `self` plus the whole seconds of `duration`, or `None` past `u64::MAX` seconds.
    #[must_use]
    pub const fn checked_add(self, duration: Duration) -> Option<Self> {
        match self.0.checked_add(duration.as_secs()) {
            Some(secs) => Some(Self(secs)),
            None => None,
        }
    }

    /// `self` minus the whole seconds of `duration`, or `None` before the epoch.
    #[must_use]
    pub const fn checked_sub(self, duration: Duration) -> Option<Self> {
        match self.0.checked_sub(duration.as_secs()) {
            Some(secs) => Some(Self(secs)),
            None => None,
        }
    }

    /// `self` plus the whole seconds of `duration`, at most `u64::MAX` seconds.
    #[must_use]
    pub const fn saturating_add(self, duration: Duration) -> Self {
        Self(self.0.saturating_add(duration.as_secs()))
    }

    /// `self` minus the whole seconds of `duration`, at least the epoch.
    #[must_use]
    pub const fn saturating_sub(self, duration: Duration) -> Self {
        Self(self.0.saturating_sub(duration.as_secs()))
    }
}

/// [`saturating_add`](UnixTime::saturating_add): whole seconds, never past `u64::MAX`, no panic.
impl Add<Duration> for UnixTime {
    type Output = Self;

    fn add(self, duration: Duration) -> Self {
        self.saturating_add(duration)
    }
}

/// [`saturating_sub`](UnixTime::saturating_sub): whole seconds, never before the epoch, no panic.
impl Sub<Duration> for UnixTime {
    type Output = Self;

    fn sub(self, duration: Duration) -> Self {
        self.saturating_sub(duration)
    }
}

impl fmt::Display for UnixTime {
    /// Writes the seconds as a decimal number, exactly as the `X-Webhook-Timestamp` header does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(feature = "std")]
impl TryFrom<std::time::SystemTime> for UnixTime {
    type Error = std::time::SystemTimeError;

    /// Converts a wall-clock time the caller read (e.g. `SystemTime::now()`), truncated to whole
    /// seconds.
    ///
    /// # Errors
    ///
    /// If the time lies before the Unix epoch.
    fn try_from(time: std::time::SystemTime) -> Result<Self, Self::Error> {
        time.duration_since(std::time::UNIX_EPOCH).map(Self::since_epoch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_agree() {
        assert_eq!(UnixTime::from_secs(5), UnixTime::from_millis(5_999));
        assert_eq!(UnixTime::since_epoch(Duration::from_millis(5_500)), UnixTime::from_secs(5));
        assert_eq!(UnixTime::EPOCH.as_secs(), 0);
        assert_eq!(UnixTime::from_millis(u64::MAX).as_secs(), u64::MAX / 1000);
    }

    #[cfg(feature = "std")]
    #[test]
    fn from_system_time() {
        use std::time::{SystemTime, UNIX_EPOCH};
        let t = UNIX_EPOCH + Duration::from_millis(1_700_000_000_500);
        assert_eq!(UnixTime::try_from(t).unwrap(), UnixTime::from_secs(1_700_000_000));
        assert!(UnixTime::try_from(UNIX_EPOCH - Duration::from_secs(1)).is_err());
        assert!(UnixTime::try_from(SystemTime::now()).unwrap() > UnixTime::from_secs(1_700_000_000));
    }

    #[cfg(feature = "std")]
    #[test]
    fn now_reads_the_system_clock() {
        use std::time::SystemTime;
        let before = UnixTime::try_from(SystemTime::now()).unwrap();
        let now = UnixTime::now();
        let after = UnixTime::try_from(SystemTime::now()).unwrap();
        assert!(before <= now && now <= after, "{before} <= {now} <= {after}");
    }

    #[test]
    fn arithmetic_counts_whole_seconds_and_saturates() {
        let t = UnixTime::from_secs(1_000);
        assert_eq!(t.checked_add(Duration::from_millis(2_999)), Some(UnixTime::from_secs(1_002)));
        assert_eq!(t.checked_sub(Duration::from_secs(1_000)), Some(UnixTime::EPOCH));
        assert_eq!(t.checked_sub(Duration::from_secs(1_001)), None);
        assert_eq!(UnixTime::from_secs(u64::MAX).checked_add(Duration::from_secs(1)), None);
        assert_eq!(
            UnixTime::from_secs(u64::MAX - 1).checked_add(Duration::from_secs(1)),
            Some(UnixTime::from_secs(u64::MAX))
        );
        assert_eq!(t + Duration::from_secs(5), UnixTime::from_secs(1_005));
        assert_eq!(t - Duration::from_millis(5_500), UnixTime::from_secs(995));
        assert_eq!(t - Duration::from_secs(1_001), UnixTime::EPOCH);
        assert_eq!(UnixTime::from_secs(u64::MAX) + Duration::MAX, UnixTime::from_secs(u64::MAX));
        assert_eq!(t.saturating_add(Duration::ZERO), t);
        assert_eq!(UnixTime::EPOCH.saturating_sub(Duration::MAX), UnixTime::EPOCH);
    }
}
