//! Time as the caller supplies it: the crate never reads a clock.

use core::fmt;
use core::time::Duration;

/// A point in time, in whole seconds since the Unix epoch (1970-01-01T00:00:00Z).
///
/// The crate reads no clock: every check that depends on time takes the current time as a
/// `UnixTime` argument, so it works the same on servers, in wasm sandboxes without a clock and on
/// microcontrollers, and tests can pin the time.
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
}
