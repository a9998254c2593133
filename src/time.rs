//! Times as modelgate reads and writes them: any RFC 3339 time in; RFC 3339 with whole
//! seconds and `Z` out (the one time format of reports, records and webhook answers); days as
//! `YYYY-MM-DD` (waiver expiries, regime dates).

use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// RFC 3339 with whole seconds and `Z`.
pub fn format(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An RFC 3339 time, in UTC; `None` when `s` is not one.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `--now`: an RFC 3339 time, or a usage error that shows the expected form.
pub fn parse_now(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            Error::Usage(format!(
                "--now {s:?} is not an RFC 3339 time (e.g. 2026-01-31T12:00:00Z): {e}"
            ))
        })
}

/// Nanoseconds since the Unix epoch of an RFC 3339 time: `unparsed` when `s` is not one, and
/// `i64::MAX` past the year 2262 (as good as never).
pub fn unix_nanos_or(s: &str, unparsed: i64) -> i64 {
    parse(s).map_or(unparsed, |t| t.timestamp_nanos_opt().unwrap_or(i64::MAX))
}

/// A `YYYY-MM-DD` day.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_in_the_report_format() {
        let t = parse("2026-12-06T22:05:09.75+01:00").unwrap();
        assert_eq!(format(&t), "2026-12-06T21:05:09Z");
        assert!(parse("2026-12-06").is_none());
        assert!(parse_now("yesterday")
            .unwrap_err()
            .to_string()
            .contains("RFC 3339"));
        assert_eq!(unix_nanos_or("nope", -1), -1);
        assert_eq!(unix_nanos_or("2300-01-01T00:00:00Z", 0), i64::MAX);
        assert_eq!(unix_nanos_or("1970-01-01T00:00:01Z", 0), 1_000_000_000);
        assert_eq!(
            parse_day("2027-12-02"),
            NaiveDate::from_ymd_opt(2027, 12, 2)
        );
        assert!(parse_day("2027-13-02").is_none());
    }
}
