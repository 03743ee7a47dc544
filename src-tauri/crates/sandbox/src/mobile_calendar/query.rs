//! Query strings the way the API reads them: repeated keys for arrays (`roomId=1&roomId=2`,
//! `roomId[]=1` accepted too), booleans as `0`/`1`, dates strictly `YYYY-MM-DD`, and the common
//! `page`/`limit`/`orderBy`/`orderType` of lists. A known parameter with a bad value is a 422
//! naming it; unknown parameters are ignored.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use innkeep_providers::mobile_calendar::wire::{DEFAULT_LIMIT, MAX_LIMIT};

use super::errors::ApiError;

pub struct Query {
    pairs: Vec<(String, String)>,
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `YYYY-MM-DD` and nothing else.
pub fn strict_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A `lastEdit` value: a Unix timestamp. Read as seconds; values of 14 or more digits as
/// microseconds and of 11-13 digits as milliseconds (the spec's "Unix timestamp(6)" is
/// ambiguous, and no seconds value that large is a plausible date).
pub fn unix_instant(value: i64) -> Option<DateTime<Utc>> {
    let secs = if value >= 10_i64.pow(13) {
        value / 1_000_000
    } else if value >= 10_i64.pow(10) {
        value / 1_000
    } else {
        value
    };
    Utc.timestamp_opt(secs, 0).single()
}

impl Query {
    pub fn parse(raw: Option<&str>) -> Query {
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                let k = decode(k);
                let k = k.strip_suffix("[]").map(str::to_owned).unwrap_or(k);
                (k, decode(v))
            })
            .collect();
        Query { pairs }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => strict_date(v).map(Some).ok_or_else(|| ApiError::date_format(name)),
        }
    }

    pub fn int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| ApiError::field(name, format!("{name} must be an integer"))),
        }
    }

    pub fn ints(&self, name: &str) -> Result<Vec<i64>, ApiError> {
        self.all(name)
            .into_iter()
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().parse().map_err(|_| ApiError::field(name, format!("{name} must be a list of integers"))))
            .collect()
    }

    /// `0`/`1`, `default` when absent.
    pub fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some("0") => Ok(false),
            Some("1") => Ok(true),
            Some(_) => Err(ApiError::field(name, format!("{name} must be 0 or 1"))),
        }
    }

    pub fn last_edit(&self) -> Result<Option<DateTime<Utc>>, ApiError> {
        match self.int("lastEdit")? {
            None => Ok(None),
            Some(v) => unix_instant(v)
                .map(Some)
                .ok_or_else(|| ApiError::field("lastEdit", "lastEdit must be a Unix timestamp")),
        }
    }

    /// `page` (>= 1, default 1) and `limit` (1..=200, default 25).
    pub fn paging(&self) -> Result<(u32, u32), ApiError> {
        let page = match self.int("page")? {
            None => 1,
            Some(p) if p >= 1 && p <= i64::from(u32::MAX) => p as u32,
            Some(_) => return Err(ApiError::field("page", "page must be 1 or more")),
        };
        let limit = match self.int("limit")? {
            None => DEFAULT_LIMIT,
            Some(l) if (1..=i64::from(MAX_LIMIT)).contains(&l) => l as u32,
            Some(_) => return Err(ApiError::field("limit", format!("limit must be between 1 and {MAX_LIMIT}"))),
        };
        Ok((page, limit))
    }

    /// `orderBy` among `allowed` (first = default) and `orderType` `ASC`/`DESC`; true = descending.
    pub fn order<'a>(&self, allowed: &[&'a str], default_desc: bool) -> Result<(&'a str, bool), ApiError> {
        let by = match self.get("orderBy") {
            None => allowed[0],
            Some(v) => *allowed
                .iter()
                .find(|a| **a == v)
                .ok_or_else(|| ApiError::field("orderBy", format!("orderBy must be one of: {}", allowed.join(", "))))?,
        };
        let desc = match self.get("orderType") {
            None => default_desc,
            Some(v) if v.eq_ignore_ascii_case("ASC") => false,
            Some(v) if v.eq_ignore_ascii_case("DESC") => true,
            Some(_) => return Err(ApiError::field("orderType", "orderType must be ASC or DESC")),
        };
        Ok((by, desc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_dates_and_escapes() {
        let q = Query::parse(Some("roomId=1&roomId%5B%5D=2&roomId[]=3&from=2026-03-01&name=Pok%C3%B3j+1"));
        assert_eq!(q.ints("roomId").unwrap(), vec![1, 2, 3]);
        assert_eq!(q.date("from").unwrap(), Some(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()));
        assert_eq!(q.get("name"), Some("Pokój 1"));
        for bad in ["2026-3-01", "01.03.2026", "2026-02-30", "2026-03-01T00:00", "+2026-03-01"] {
            assert!(strict_date(bad).is_none(), "{bad}");
        }
        let e = Query::parse(Some("to=1.3.2026")).date("to").unwrap_err();
        assert_eq!(e.errors["to"], "to wrong format, correct: Y-m-d");
    }

    #[test]
    fn paging_and_order_are_checked() {
        assert_eq!(Query::parse(None).paging().unwrap(), (1, 25));
        assert!(Query::parse(Some("limit=201")).paging().is_err());
        assert!(Query::parse(Some("page=0")).paging().is_err());
        assert_eq!(Query::parse(Some("orderType=desc")).order(&["a", "b"], false).unwrap(), ("a", true));
        assert!(Query::parse(Some("orderBy=c")).order(&["a", "b"], false).is_err());
    }

    #[test]
    fn last_edit_reads_seconds_millis_and_micros() {
        let s = 1_773_136_800; // 2026-03-10T10:00:00Z
        let t = unix_instant(s).unwrap();
        assert_eq!(unix_instant(s * 1000), Some(t));
        assert_eq!(unix_instant(s * 1_000_000), Some(t));
    }
}
