//! Simulated time: integer milliseconds since the scenario's start, 2026-01-01T00:00:00Z.
//!
//! Nothing in the core reads a real clock; time moves only when the session advances it.

use std::fmt;

/// Unix seconds of the simulated clock's zero, 2026-01-01T00:00:00Z.
pub const EPOCH_UNIX_SECONDS: i64 = 1_767_225_600;

/// RFC 3339 of a Unix time in whole seconds, as the API prints a timestamp.
pub fn rfc3339_of(unix_seconds: i64) -> String {
    let (y, mo, d, h, mi, s, _) = civil(unix_seconds);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// A point on the simulated clock, in milliseconds since the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(pub u64);

impl Instant {
    pub const START: Instant = Instant(0);

    pub fn plus_millis(self, ms: u64) -> Instant {
        Instant(self.0 + ms)
    }

    /// Whole seconds since the start (API timestamps have one-second precision).
    pub fn seconds(self) -> u64 {
        self.0 / 1000
    }

    pub fn unix_seconds(self) -> i64 {
        EPOCH_UNIX_SECONDS + self.seconds() as i64
    }

    /// The API timestamp of this instant (truncated to the second, as the API stores it).
    pub fn to_k8s_time(self) -> k8s_openapi::apimachinery::pkg::apis::meta::v1::Time {
        let ts = k8s_openapi::jiff::Timestamp::from_second(self.unix_seconds())
            .unwrap_or(k8s_openapi::jiff::Timestamp::UNIX_EPOCH);
        k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(ts)
    }

    /// Back from an API timestamp.
    pub fn from_k8s_time(t: &k8s_openapi::apimachinery::pkg::apis::meta::v1::Time) -> Instant {
        let s = t.0.as_second() - EPOCH_UNIX_SECONDS;
        Instant(s.max(0) as u64 * 1000)
    }

    /// RFC 3339, e.g. `2026-01-01T00:00:30Z`.
    pub fn rfc3339(self) -> String {
        rfc3339_of(self.unix_seconds())
    }

    /// Go's RFC1123Z in UTC, as `kubectl describe` prints CreationTimestamp:
    /// `Thu, 01 Jan 2026 00:00:00 +0000`.
    pub fn rfc1123z(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (y, mo, d, h, mi, s, days) = civil(self.unix_seconds());
        let wd = DAYS[days.rem_euclid(7) as usize];
        format!(
            "{wd}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} +0000",
            MONTHS[mo as usize - 1]
        )
    }
}

/// (year, month, day, hour, minute, second, days since 1970-01-01) of a Unix time.
fn civil(unix: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Howard Hinnant's days_from_civil inverse.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60, days)
}

/// A span of simulated time, parsed from `30s`, `5m`, `1h`, `1m30s`, `500ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Duration(pub u64);

impl Duration {
    pub fn from_secs(s: u64) -> Duration {
        Duration(s * 1000)
    }

    /// Parses a Go-style duration (`30s`, `2m`, `1h30m`, `500ms`); a bare number is seconds.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let bad = || format!("invalid duration \"{text}\" (use for example 30s, 5m, 1h)");
        if text.is_empty() {
            return Err(bad());
        }
        if let Ok(n) = text.parse::<u64>() {
            return n.checked_mul(1000).map(Duration).ok_or_else(bad);
        }
        let mut total: u64 = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let digits = rest.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
            if digits == 0 {
                return Err(bad());
            }
            let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
            rest = &rest[digits..];
            let unit_len = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            let ms = match &rest[..unit_len] {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => return Err(bad()),
            };
            total = n
                .checked_mul(ms)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(bad)?;
            rest = &rest[unit_len..];
        }
        Ok(Duration(total))
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_is_new_year_2026() {
        assert_eq!(Instant::START.rfc3339(), "2026-01-01T00:00:00Z");
        // 2026-01-01 is a Thursday.
        assert_eq!(Instant::START.rfc1123z(), "Thu, 01 Jan 2026 00:00:00 +0000");
        assert_eq!(
            Instant(86_400_000 * 59 + 3_723_000).rfc3339(),
            "2026-03-01T01:02:03Z"
        );
        assert_eq!(
            Instant(86_400_000 * 3).rfc1123z(),
            "Sun, 04 Jan 2026 00:00:00 +0000"
        );
    }

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(Duration::parse("30s"), Ok(Duration(30_000)));
        assert_eq!(Duration::parse("1m30s"), Ok(Duration(90_000)));
        assert_eq!(Duration::parse("2h"), Ok(Duration(7_200_000)));
        assert_eq!(Duration::parse("500ms"), Ok(Duration(500)));
        assert_eq!(Duration::parse("10"), Ok(Duration(10_000)));
        assert!(Duration::parse("soon").is_err());
        assert!(Duration::parse("5x").is_err());
        assert!(Duration::parse("").is_err());
    }

    #[test]
    fn k8s_time_round_trips() {
        let t = Instant(42_000);
        assert_eq!(Instant::from_k8s_time(&t.to_k8s_time()), t);
    }
}
