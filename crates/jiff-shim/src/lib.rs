//! A minimal stand-in for `jiff`, patched in for k8s-openapi: a UTC [`Timestamp`] with
//! second and nanosecond precision, its RFC 3339 serde form (`2026-01-01T00:00:00Z`), and
//! [`fmt::strtime::format`] for the layouts the API uses (`%Y-%m-%dT%H:%M:%SZ` for `Time`,
//! `%Y-%m-%dT%H:%M:%S.%6fZ` for `MicroTime`). Nothing else of jiff is provided.

use std::fmt as stdfmt;

/// Seconds and nanoseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    second: i64,
    nanosecond: i32,
}

/// The range jiff accepts: years -9999 to 9999.
const MIN_SECOND: i64 = -377_705_116_800;
const MAX_SECOND: i64 = 253_402_207_199;

/// A timestamp out of range, or text that is not an RFC 3339 UTC timestamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(String);

impl stdfmt::Display for Error {
    fn fmt(&self, f: &mut stdfmt::Formatter<'_>) -> stdfmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl Timestamp {
    pub const UNIX_EPOCH: Timestamp = Timestamp {
        second: 0,
        nanosecond: 0,
    };

    /// A timestamp `second`s and `nanosecond`s after the epoch.
    pub fn new(second: i64, nanosecond: i32) -> Result<Timestamp, Error> {
        if !(MIN_SECOND..=MAX_SECOND).contains(&second) || !(0..1_000_000_000).contains(&nanosecond)
        {
            return Err(Error(format!(
                "timestamp {second}.{nanosecond:09} is out of range"
            )));
        }
        Ok(Timestamp { second, nanosecond })
    }

    pub fn from_second(second: i64) -> Result<Timestamp, Error> {
        Timestamp::new(second, 0)
    }

    pub fn as_second(self) -> i64 {
        self.second
    }

    pub fn subsec_nanosecond(self) -> i32 {
        self.nanosecond
    }

    /// (year, month, day, hour, minute, second).
    fn civil(self) -> (i64, i64, i64, i64, i64, i64) {
        let days = self.second.div_euclid(86_400);
        let secs = self.second.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }

    fn from_civil(y: i64, m: i64, d: i64, hh: i64, mm: i64, ss: i64) -> i64 {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400 + hh * 3600 + mm * 60 + ss
    }

    /// Parses RFC 3339 (`2026-01-01T00:00:00Z`, `…T00:00:00.5+01:00`).
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, Error> {
        let bad = || Error(format!("invalid RFC 3339 timestamp {text:?}"));
        let b = text.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, Error> {
            let s = text.get(r).ok_or_else(bad)?;
            if !s.bytes().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            s.parse().map_err(|_| bad())
        };
        let (y, mo, d, h, mi, s) = (
            num(0..4)?,
            num(5..7)?,
            num(8..10)?,
            num(11..13)?,
            num(14..16)?,
            num(17..19)?,
        );
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
            return Err(bad());
        }
        let mut i = 19;
        let mut nanos: i64 = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let frac = &text[start..i];
            if frac.is_empty() || frac.len() > 9 {
                return Err(bad());
            }
            nanos = frac.parse::<i64>().map_err(|_| bad())? * 10i64.pow(9 - frac.len() as u32);
        }
        let offset = match &text[i..] {
            "Z" | "z" => 0,
            rest if rest.len() == 6
                && (rest.starts_with('+') || rest.starts_with('-'))
                && &rest[3..4] == ":" =>
            {
                let oh: i64 = rest[1..3].parse().map_err(|_| bad())?;
                let om: i64 = rest[4..6].parse().map_err(|_| bad())?;
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (oh * 3600 + om * 60)
            }
            _ => return Err(bad()),
        };
        let second = Timestamp::from_civil(y, mo, d, h, mi, s.min(59)) - offset;
        Timestamp::new(second, nanos as i32)
    }
}

impl stdfmt::Display for Timestamp {
    /// RFC 3339 in UTC, with the fraction only when there is one.
    fn fmt(&self, f: &mut stdfmt::Formatter<'_>) -> stdfmt::Result {
        let (y, mo, d, h, mi, s) = self.civil();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")?;
        if self.nanosecond != 0 {
            let frac = format!("{:09}", self.nanosecond);
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

pub mod fmt {
    pub mod strtime {
        use crate::{Error, Timestamp};

        /// Formats `ts` with the layouts the Kubernetes API types use: `%Y`, `%m`, `%d`,
        /// `%H`, `%M`, `%S`, `%6f` (microseconds), `%9f`/`%f` (nanoseconds), `%%`, and
        /// literal text.
        pub fn format(layout: impl AsRef<[u8]>, ts: Timestamp) -> Result<String, Error> {
            let layout = layout.as_ref();
            let (y, mo, d, h, mi, s) = ts.civil();
            let mut out = String::new();
            let mut i = 0;
            while i < layout.len() {
                let c = layout[i];
                if c != b'%' {
                    out.push(c as char);
                    i += 1;
                    continue;
                }
                let spec = layout.get(i + 1).copied();
                let (text, used) = match spec {
                    Some(b'Y') => (format!("{y:04}"), 2),
                    Some(b'm') => (format!("{mo:02}"), 2),
                    Some(b'd') => (format!("{d:02}"), 2),
                    Some(b'H') => (format!("{h:02}"), 2),
                    Some(b'M') => (format!("{mi:02}"), 2),
                    Some(b'S') => (format!("{s:02}"), 2),
                    Some(b'%') => ("%".to_string(), 2),
                    Some(b'f') => (format!("{:09}", ts.subsec_nanosecond()), 2),
                    Some(b'6') if layout.get(i + 2) == Some(&b'f') => {
                        (format!("{:06}", ts.subsec_nanosecond() / 1000), 3)
                    }
                    Some(b'9') if layout.get(i + 2) == Some(&b'f') => {
                        (format!("{:09}", ts.subsec_nanosecond()), 3)
                    }
                    _ => {
                        return Err(Error(format!(
                            "unsupported strtime directive in {:?}",
                            String::from_utf8_lossy(layout)
                        )))
                    }
                };
                out.push_str(&text);
                i += used;
            }
            Ok(out)
        }
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    use super::Timestamp;

    impl serde::Serialize for Timestamp {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }

    impl<'de> serde::Deserialize<'de> for Timestamp {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Timestamp;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an RFC 3339 timestamp")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                    Timestamp::parse_rfc3339(v).map_err(E::custom)
                }
            }
            d.deserialize_str(V)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_the_api_does() {
        let t = Timestamp::from_second(1_767_225_600).unwrap();
        assert_eq!(t.to_string(), "2026-01-01T00:00:00Z");
        assert_eq!(
            fmt::strtime::format("%Y-%m-%dT%H:%M:%SZ", t).unwrap(),
            "2026-01-01T00:00:00Z"
        );
        let t = Timestamp::new(1_767_225_600 + 86_400 * 59 + 3723, 5_000_000).unwrap();
        assert_eq!(
            fmt::strtime::format("%Y-%m-%dT%H:%M:%S.%6fZ", t).unwrap(),
            "2026-03-01T01:02:03.005000Z"
        );
        assert_eq!(
            Timestamp::from_second(-1).unwrap().to_string(),
            "1969-12-31T23:59:59Z"
        );
    }

    #[test]
    fn parses_rfc3339() {
        for (text, second, nanos) in [
            ("2026-01-01T00:00:00Z", 1_767_225_600, 0),
            ("2026-01-01T01:00:00+01:00", 1_767_225_600, 0),
            ("2026-01-01T00:00:00.25Z", 1_767_225_600, 250_000_000),
            ("2000-02-29T12:00:00Z", 951_825_600, 0),
        ] {
            let t = Timestamp::parse_rfc3339(text).unwrap();
            assert_eq!(
                (t.as_second(), t.subsec_nanosecond()),
                (second, nanos),
                "{text}"
            );
        }
        for bad in [
            "",
            "2026-01-01",
            "2026-13-01T00:00:00Z",
            "2026-01-01T00:00:00",
            "yesterday at noon",
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn out_of_range_is_an_error() {
        assert!(Timestamp::from_second(MAX_SECOND + 1).is_err());
        assert!(Timestamp::from_second(MIN_SECOND).is_ok());
    }
}
