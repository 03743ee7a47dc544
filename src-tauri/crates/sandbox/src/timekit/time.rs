//! Time as Timekit speaks it: RFC 3339 timestamps with an offset, relative phrases (`now`,
//! `tomorrow`, `1 week`) and duration phrases (`2 hours`, `3 days 2 weeks`), all relative to
//! the sandbox clock. The guesthouse lives in `Atlantic/Reykjavik` (UTC all year).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use innkeep_providers::timekit::wire::{Moment, Stamp};

pub const ZONE: Tz = chrono_tz::Atlantic::Reykjavik;
pub const ZONE_NAME: &str = "Atlantic/Reykjavik";

/// Check-in and check-out (local): stays are bookings from 14:00 to 11:00.
pub const CHECK_IN_HOUR: u32 = 14;
pub const CHECK_OUT_HOUR: u32 = 11;

pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&ZONE).date_naive()
}

/// A wall-clock time in `tz` as UTC (a time in a DST gap moves forward by the gap).
pub fn at(tz: Tz, date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    // Hour 24 is midnight of the next day (constraints end at 24).
    let naive = date.and_hms_opt(0, minute, 0).expect("valid wall-clock time") + Duration::hours(i64::from(hour));
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(naive + Duration::hours(1))).earliest())
        .unwrap_or_else(|| tz.from_utc_datetime(&naive))
        .with_timezone(&Utc)
}

pub fn at_local(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    at(ZONE, date, hour, minute)
}

pub fn in_zone(t: DateTime<Utc>, tz: Tz) -> DateTime<FixedOffset> {
    t.with_timezone(&tz).fixed_offset()
}

pub fn stamp(t: DateTime<Utc>, tz: Tz) -> Stamp {
    Stamp(in_zone(t, tz))
}

pub fn moment(t: DateTime<Utc>, tz: Tz) -> Moment {
    Moment(in_zone(t, tz))
}

/// A timestamp with an offset (RFC 3339, or the offset without a colon).
pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z").ok())
        .map(|t| t.with_timezone(&Utc))
}

/// A duration phrase: one or more `<n> <unit>` pairs (`1 hour`, `3 days 2 weeks`, `90 minutes`).
/// Months count 30 days.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return None;
    }
    let mut total = Duration::zero();
    for pair in words.chunks(2) {
        let n: i64 = pair[0].trim_start_matches('+').parse().ok()?;
        if n < 0 {
            return None;
        }
        let unit = match pair[1].to_ascii_lowercase().trim_end_matches('s') {
            "second" | "sec" => Duration::seconds(1),
            "minute" | "min" => Duration::minutes(1),
            "hour" => Duration::hours(1),
            "day" => Duration::days(1),
            "week" => Duration::weeks(1),
            "month" => Duration::days(30),
            _ => return None,
        };
        total += unit * i32::try_from(n).ok()?;
    }
    Some(total)
}

/// A point in time: a timestamp, `now`, `today`, `tomorrow` (local midnight), or a duration
/// phrase counted from now.
pub fn parse_when(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match s.trim().to_ascii_lowercase().as_str() {
        "now" => Some(now),
        "today" => Some(at_local(local_date(now), 0, 0)),
        "tomorrow" => Some(at_local(local_date(now) + Duration::days(1), 0, 0)),
        _ => parse_timestamp(s).or_else(|| parse_duration(s).map(|d| now + d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_parse() {
        assert_eq!(parse_duration("1 hour"), Some(Duration::hours(1)));
        assert_eq!(parse_duration("3 days 2 weeks"), Some(Duration::days(17)));
        assert_eq!(parse_duration("45 Minutes"), Some(Duration::minutes(45)));
        assert_eq!(parse_duration("2"), None);
        assert_eq!(parse_duration("two hours"), None);
        let now: DateTime<Utc> = "2026-03-10T09:00:00Z".parse().unwrap();
        assert_eq!(parse_when("1 week", now), Some(now + Duration::weeks(1)));
        assert_eq!(parse_when("tomorrow", now).unwrap().to_rfc3339(), "2026-03-11T00:00:00+00:00");
        assert_eq!(parse_when("2026-03-12T14:00:00+01:00", now).unwrap().to_rfc3339(), "2026-03-12T13:00:00+00:00");
        assert_eq!(parse_when("soon", now), None);
    }
}
