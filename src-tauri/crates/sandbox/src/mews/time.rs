//! The hotel's local time. Mews speaks UTC on the wire but thinks in the enterprise's time zone:
//! a "date" is local midnight expressed in UTC, check-in is a local 14:00, check-out a local 12:00.

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

pub const ZONE: Tz = chrono_tz::Europe::Prague;
pub const ZONE_NAME: &str = "Europe/Prague";

/// Service offsets: arrival at local 14:00, departure at local 12:00 (PT14H / PT12H).
pub const CHECK_IN_HOUR: u32 = 14;
pub const CHECK_OUT_HOUR: u32 = 12;

pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&ZONE).date_naive()
}

/// A local wall-clock time as UTC. Prague's DST switches happen at 02:00/03:00, so every time
/// used here exists; `earliest` only matters for the repeated hour in October.
pub fn at_local(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(hour, minute, 0).expect("valid wall-clock time");
    ZONE.from_local_datetime(&naive).earliest().unwrap_or_else(|| ZONE.from_utc_datetime(&naive)).with_timezone(&Utc)
}

/// Start of the day time unit: local midnight in UTC.
pub fn unit_start(date: NaiveDate) -> DateTime<Utc> {
    at_local(date, 0, 0)
}

pub fn is_unit_start(t: DateTime<Utc>) -> bool {
    let local = t.with_timezone(&ZONE);
    local.hour() == 0 && local.minute() == 0 && local.second() == 0 && t.timestamp_subsec_nanos() == 0
}

pub fn arrival_utc(date: NaiveDate) -> DateTime<Utc> {
    at_local(date, CHECK_IN_HOUR, 0)
}

pub fn departure_utc(date: NaiveDate) -> DateTime<Utc> {
    at_local(date, CHECK_OUT_HOUR, 0)
}

/// Whether `end` is at most `months` calendar months after `start`, counted on the hotel's
/// calendar, so that a client's "three months of local dates" window always fits.
pub fn within_months(start: DateTime<Utc>, end: DateTime<Utc>, months: u32) -> bool {
    let s = start.with_timezone(&ZONE).naive_local();
    let e = end.with_timezone(&ZONE).naive_local();
    s.checked_add_months(Months::new(months)).is_none_or(|limit| e <= limit)
}

/// "14 March 2026", for messages a hotel user reads.
pub fn human(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), date.format("%B"), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn local_times_follow_daylight_saving() {
        assert_eq!(unit_start(d("2017-01-02")).to_rfc3339(), "2017-01-01T23:00:00+00:00");
        assert_eq!(arrival_utc(d("2026-01-10")).to_rfc3339(), "2026-01-10T13:00:00+00:00");
        assert_eq!(arrival_utc(d("2026-07-10")).to_rfc3339(), "2026-07-10T12:00:00+00:00");
        assert_eq!(departure_utc(d("2026-07-12")).to_rfc3339(), "2026-07-12T10:00:00+00:00");
        assert!(is_unit_start(unit_start(d("2026-03-29"))));
        assert!(is_unit_start(unit_start(d("2026-10-25"))));
        assert!(!is_unit_start(arrival_utc(d("2026-03-29"))));
        assert_eq!(local_date(unit_start(d("2026-10-25"))), d("2026-10-25"));
    }

    #[test]
    fn three_months_are_counted_on_the_hotel_calendar() {
        // 1 Oct to 1 Jan local is three months even though the UTC offsets differ.
        assert!(within_months(unit_start(d("2026-10-01")), unit_start(d("2027-01-01")), 3));
        assert!(!within_months(unit_start(d("2026-10-01")), unit_start(d("2027-01-02")), 3));
        assert_eq!(human(d("2026-03-14")), "14 March 2026");
    }
}
