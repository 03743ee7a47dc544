//! The fewest requests each provider's API allows for a sync, and the time its latency and rate
//! limit impose on them. Per endpoint: every read the sync needs once (the property, its rooms,
//! categories, rates, the server's clock, a token) counts once, however often the sync made it;
//! the data endpoints count what their page size and windows force:
//!
//! * Mews: reservations in pages of 1,000, in at least one window per three months of the read
//!   (interval filters span at most three months): each window's own pages, and one request for
//!   a window with nothing in it; guests by id, 1,000 per request (at least one read, which an
//!   incremental sync needs to learn that no guest changed).
//! * Reservanto: no paging; a period read per window for bookings and one for their states
//!   (31-day windows: 18 for a full read, 3 for an incremental one), one activity feed read,
//!   and one `Event/Get` per feed entry the windows did not list (there is no batch read).
//! * Mobile Calendar: reservations, clients and rooms in pages of 200, plus one read for the clock
//!   and, in an incremental read, one date read per changed group booking for its other rooms.
//! * Timekit: bookings and resources (rooms) in pages of 200, plus one read for the newest change
//!   (the watermark).

use std::collections::BTreeMap;
use std::time::Duration;

use innkeep_core::ProviderKind;

/// Largest pages the APIs allow.
const MEWS_PAGE: u64 = 1000;
const PAGE_200: u64 = 200;
/// A Mews interval filter spans at most three months: at most 92 days.
const MEWS_MAX_WINDOW_DAYS: u64 = 92;
/// Days a full Mews read covers (the connector's 200 back and 460 ahead).
const MEWS_FULL_DAYS: u64 = 660;
/// Reservanto's 31-day windows: 6 back and 12 ahead for a full read, 1 back and 2 ahead else.
const RESERVANTO_FULL_WINDOWS: u64 = 18;
const RESERVANTO_INCREMENTAL_WINDOWS: u64 = 3;

/// What a sync read: reservations and guests (distinct), or for an incremental sync the
/// records changed at the provider.
#[derive(Debug, Clone)]
pub struct Volume {
    pub reservations: u64,
    pub guests: u64,
    /// Changed group bookings: Mobile Calendar lists a group's other rooms only by dates, one
    /// read per group, whatever its size (a group of one room left is still a group to its API).
    pub groups: u64,
    /// Rooms read from a catalog that pages its rooms (Mobile Calendar, Timekit: 200 a page);
    /// 0 when the sync read no catalog.
    pub rooms: u64,
    pub full: bool,
    /// Reservations in each window of the plan, where the API forces windows (Mews): each
    /// window costs its own pages, and at least one request even when empty.
    pub per_window: Vec<u64>,
}

#[derive(Debug, Clone)]
pub struct Minimum {
    pub requests: u64,
    /// How the minimum is made up, for the report.
    pub why: String,
    /// The provider's documented budget: requests per window.
    pub budget: Option<(u64, Duration)>,
}

impl Minimum {
    /// The floor in seconds: the minimum requests one after another at `latency`, or, when the
    /// budget is smaller, the windows the rate limit makes them wait.
    pub fn time_floor(&self, latency: Duration) -> f64 {
        let serial = self.requests as f64 * latency.as_secs_f64();
        let paced = match self.budget {
            Some((per, window)) if self.requests > per => {
                ((self.requests - 1) / per) as f64 * window.as_secs_f64() + latency.as_secs_f64()
            }
            _ => 0.0,
        };
        serial.max(paced)
    }

    pub fn rate_note(&self) -> String {
        match self.budget {
            Some((per, window)) => format!(", {per} requests per {} s allowed", window.as_secs()),
            None => String::new(),
        }
    }
}

/// The documented budget of a provider (what the sandbox enforces in the benchmark).
pub fn budget(provider: ProviderKind) -> Option<(u64, Duration)> {
    match provider {
        ProviderKind::Mews => Some((200, Duration::from_secs(30))),
        ProviderKind::MobileCalendar => Some((60, Duration::from_secs(60))),
        ProviderKind::Timekit => Some((600, Duration::from_secs(60))),
        ProviderKind::Reservanto | ProviderKind::Ectosy => None,
    }
}

fn pages(n: u64, size: u64) -> u64 {
    n.div_ceil(size)
}

/// The minimum for what a sync made (`made`: requests by `"<provider> <METHOD> <endpoint>"`).
pub fn minimum(provider: ProviderKind, made: &BTreeMap<String, u64>, volume: Volume) -> Minimum {
    let mut parts: Vec<(String, u64)> = Vec::new();
    for endpoint in made.keys() {
        let path = endpoint.split(' ').nth(2).unwrap_or(endpoint.as_str());
        let short = path.rsplit('/').take(2).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("/");
        let needed = data_requests(provider, path, &volume, made[endpoint]).unwrap_or(1);
        parts.push((short, needed));
    }
    let requests = parts.iter().map(|(_, n)| n).sum();
    let why = parts.iter().map(|(what, n)| format!("{n}x {what}")).collect::<Vec<_>>().join(", ");
    Minimum { requests, why: format!("minimum {requests}: {why}"), budget: budget(provider) }
}

/// Requests a data endpoint needs for `volume`; `None` for the reads needed once.
fn data_requests(provider: ProviderKind, path: &str, v: &Volume, made: u64) -> Option<u64> {
    let ends = |suffix: &str| path.ends_with(suffix);
    match provider {
        ProviderKind::Mews if path.contains("/reservations/getAll") => {
            if !v.per_window.is_empty() {
                return Some(v.per_window.iter().map(|n| pages(*n, MEWS_PAGE).max(1)).sum());
            }
            let windows = if v.full { MEWS_FULL_DAYS.div_ceil(MEWS_MAX_WINDOW_DAYS) } else { 1 };
            Some(pages(v.reservations, MEWS_PAGE).max(windows))
        }
        ProviderKind::Mews if ends("/customers/getAll") => Some(pages(v.guests, MEWS_PAGE).max(1)),
        ProviderKind::Reservanto if ends("/Booking/GetBookingsForPeriod") || ends("/Event/GetList") => {
            Some(if v.full { RESERVANTO_FULL_WINDOWS } else { RESERVANTO_INCREMENTAL_WINDOWS })
        }
        // One booking at a time, for feed entries outside the windows: the API has no batch read.
        ProviderKind::Reservanto if ends("/Event/Get") => Some(made),
        // One customer at a time: a full read lists them all instead; an incremental one reads
        // the few it lacks (fewer requests than the list's megabytes).
        ProviderKind::Reservanto if ends("/Customer/Get") => Some(if v.full { 0 } else { made }),
        // The clock read, the pages, and one date read per changed group for its other rooms.
        ProviderKind::MobileCalendar if ends("/reservations") => {
            Some(1 + pages(v.reservations, PAGE_200).max(1) + v.groups)
        }
        ProviderKind::MobileCalendar if ends("/clients") => Some(pages(v.guests, PAGE_200).max(1)),
        ProviderKind::MobileCalendar | ProviderKind::Timekit
            if (ends("/rooms") || ends("/resources")) && v.rooms > 0 =>
        {
            Some(pages(v.rooms, PAGE_200))
        }
        ProviderKind::Timekit if ends("/bookings") => Some(1 + pages(v.reservations, PAGE_200).max(1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(entries: &[(&str, u64)]) -> BTreeMap<String, u64> {
        entries.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    #[test]
    fn mews_full_needs_its_windows_pages_and_guest_batches_and_each_setting_once() {
        let m = made(&[
            ("mews POST /api/connector/v1/configuration/get", 2),
            ("mews POST /api/connector/v1/reservations/getAll/{id}", 60),
            ("mews POST /api/connector/v1/customers/getAll", 50),
        ]);
        let v =
            Volume { reservations: 45_500, guests: 30_001, groups: 0, rooms: 0, full: true, per_window: Vec::new() };
        // 1 configuration + 46 pages (more than the 8 windows) + 31 guest batches.
        assert_eq!(minimum(ProviderKind::Mews, &m, v).requests, 1 + 46 + 31);
        let small =
            Volume { reservations: 1_300, guests: 900, groups: 0, rooms: 0, full: true, per_window: Vec::new() };
        assert_eq!(minimum(ProviderKind::Mews, &m, small.clone()).requests, 1 + 8 + 1);
        // With the plan's windows known: two empty windows still cost a request each.
        let windows = Volume { per_window: vec![2_500, 1_000, 0, 0], ..small.clone() };
        assert_eq!(minimum(ProviderKind::Mews, &m, windows).requests, 1 + (3 + 1 + 1 + 1) + 1);
    }

    #[test]
    fn reservanto_needs_its_windows_and_single_reads_only_where_no_list_serves() {
        let m = made(&[
            ("reservanto POST /reservanto/v1/Booking/GetBookingsForPeriod", 3),
            ("reservanto POST /reservanto/v1/Event/GetList", 3),
            ("reservanto POST /reservanto/v1/Event/Get", 2),
            ("reservanto POST /reservanto/v1/Customer/Get", 4),
            ("reservanto POST /reservanto/v1/Customer/GetList", 1),
            ("reservanto POST /reservanto/v1/Booking/GetActivities", 1),
        ]);
        let v = Volume { reservations: 10, guests: 10, groups: 0, rooms: 0, full: false, per_window: Vec::new() };
        assert_eq!(minimum(ProviderKind::Reservanto, &m, v).requests, 3 + 3 + 2 + 4 + 1 + 1);
        let full = Volume { reservations: 700, guests: 600, groups: 0, rooms: 0, full: true, per_window: Vec::new() };
        // No single customer reads: the list serves a full read.
        assert_eq!(minimum(ProviderKind::Reservanto, &m, full).requests, 18 + 18 + 2 + 1 + 1);
    }

    #[test]
    fn paged_catalogs_need_their_pages_and_group_reads_only_when_incremental() {
        let m = made(&[
            ("mobile_calendar GET /mobile-calendar/v1/public/reservations", 90),
            ("mobile_calendar GET /mobile-calendar/v1/public/rooms", 2),
            ("mobile_calendar GET /mobile-calendar/v1/public/clients", 40),
            ("mobile_calendar POST /mobile-calendar/v1/public/auth/token", 1),
        ]);
        let full =
            Volume { reservations: 16_424, guests: 8_000, groups: 0, rooms: 300, full: true, per_window: Vec::new() };
        // The clock read and 83 pages, 2 room pages, 40 client pages, the token.
        assert_eq!(minimum(ProviderKind::MobileCalendar, &m, full).requests, 1 + 83 + 2 + 40 + 1);
        let incremental =
            Volume { reservations: 165, guests: 165, groups: 4, rooms: 0, full: false, per_window: Vec::new() };
        // No catalog read: rooms count once if made; four changed groups read their other rooms.
        assert_eq!(minimum(ProviderKind::MobileCalendar, &m, incremental).requests, (1 + 1 + 4) + 1 + 1 + 1);
    }

    #[test]
    fn the_floor_is_the_rate_limit_when_it_binds() {
        let latency = Duration::from_millis(50);
        let few = Minimum { requests: 10, why: String::new(), budget: Some((60, Duration::from_secs(60))) };
        assert!((few.time_floor(latency) - 0.5).abs() < 1e-9);
        let many = Minimum { requests: 130, why: String::new(), budget: Some((60, Duration::from_secs(60))) };
        // Requests 61..120 wait a minute, 121..130 two.
        assert!((many.time_floor(latency) - 120.05).abs() < 1e-9);
    }
}
