//! The CLI reads the clock; the crate never does.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Time since the Unix epoch (zero if the clock is before it).
fn since_epoch() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default()
}

/// Now as the platform writes `message.timestamp`: ISO 8601, UTC, milliseconds
/// (`2025-12-13T12:00:00.000Z`).
pub(crate) fn now_iso() -> String {
    iso_millis(since_epoch())
}

/// `since_epoch` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (proleptic Gregorian calendar, UTC).
pub(crate) fn iso_millis(since_epoch: Duration) -> String {
    let secs = since_epoch.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since_epoch.subsec_millis()
    )
}

/// Year, month, day of the `days`-th day after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_millis(Duration::ZERO), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_millis(Duration::from_millis(1_765_627_200_000)), "2025-12-13T12:00:00.000Z");
        assert_eq!(iso_millis(Duration::from_millis(951_782_400_123)), "2000-02-29T00:00:00.123Z");
        assert_eq!(iso_millis(Duration::from_secs(1_700_000_000)), "2023-11-14T22:13:20.000Z");
    }
}
