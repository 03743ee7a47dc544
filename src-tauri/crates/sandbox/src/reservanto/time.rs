//! The guesthouse's local time. Reservanto speaks UTC Unix seconds and says nothing of time
//! zones; the business runs on Europe/Prague days. Stays start at 14:00 and end at 10:00 local.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

pub const ZONE: Tz = chrono_tz::Europe::Prague;
pub const CHECK_IN_HOUR: u32 = 14;
pub const CHECK_OUT_HOUR: u32 = 10;

/// A local wall-clock time as UTC (Prague's DST switches at 02:00/03:00 never hit the hours used).
pub fn at_local(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(hour, minute, 0).expect("valid wall-clock time");
    ZONE.from_local_datetime(&naive).earliest().unwrap_or_else(|| ZONE.from_utc_datetime(&naive)).with_timezone(&Utc)
}

pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&ZONE).date_naive()
}

pub fn local_date_of(unix: i64) -> NaiveDate {
    local_date(from_unix(unix))
}

pub fn from_unix(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

/// Check-in instant of a stay arriving on `date`, as Unix seconds.
pub fn check_in(date: NaiveDate) -> i64 {
    at_local(date, CHECK_IN_HOUR, 0).timestamp()
}

/// Check-out instant of a stay leaving on `date`, as Unix seconds.
pub fn check_out(date: NaiveDate) -> i64 {
    at_local(date, CHECK_OUT_HOUR, 0).timestamp()
}

/// Local midnight starting `date`, as Unix seconds.
pub fn midnight(date: NaiveDate) -> i64 {
    at_local(date, 0, 0).timestamp()
}

/// "14. 3. 2026 14:00", the Czech way, for messages.
pub fn human(unix: i64) -> String {
    from_unix(unix).with_timezone(&ZONE).format("%-d. %-m. %Y %H:%M").to_string()
}

/// The `Date` header of an answer (RFC 7231 IMF-fixdate).
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_follow_daylight_saving() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(check_in(d("2026-02-07")), 1770469200);
        assert_eq!(from_unix(check_in(d("2026-07-10"))).to_rfc3339(), "2026-07-10T12:00:00+00:00");
        assert_eq!(from_unix(check_out(d("2026-01-10"))).to_rfc3339(), "2026-01-10T09:00:00+00:00");
        assert_eq!(midnight(d("2026-01-18")), 1768690800, "the help page's example boundary");
        assert_eq!(local_date_of(midnight(d("2026-10-25"))), d("2026-10-25"));
        assert_eq!(human(check_in(d("2026-03-14"))), "14. 3. 2026 14:00");
        assert_eq!(http_date(from_unix(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
