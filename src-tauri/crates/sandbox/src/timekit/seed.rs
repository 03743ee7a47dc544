//! The seeded Timekit app: "Hraunborg Guesthouse" in Vík í Mýrdal on Iceland's south coast
//! (`Atlantic/Reykjavik`, prices in ISK are agreed outside Timekit). Its rooms are resources
//! (`meta`: `room_type`, `capacity`, `floor`), its stays bookings from 14:00 to 11:00.
//!
//! Size: a guesthouse has half the rooms of the scale's hotel (15 for `Scale::demo()`), a scale
//! of more than 30 rooms keeps its full count (300 for `Scale::medium()`); half as many guests.
//! Stays are laid out room by room along the calendar, so no room ever holds two bookings that
//! are confirmed, completed or tentative on the same night (cancelled and declined ones leave
//! the room to be sold again). States fit the dates: stays over by more than an hour are
//! completed, stays under way confirmed, future ones confirmed or (booking requests from the
//! website, `confirm_decline`) some still tentative; a few of every period cancelled,
//! cancelled by the customer or declined.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use innkeep_providers::timekit::wire::{self, graphs, states};
use serde_json::{json, Map};

use super::people::{self, Person};
use super::state::{BookingRec, TkState};
use super::time::{self, at_local, stamp, ZONE, ZONE_NAME};
use crate::clock::Clock;
use crate::rng::Rng;
use crate::Scale;

pub const APP_NAME: &str = "Hraunborg Guesthouse";
pub const ADDRESS: &str = "Hraunborg Guesthouse, Víkurbraut 24, 870 Vík";

/// Room types: name, capacity.
const TYPES: [(&str, u32); 4] = [("Single", 1), ("Double", 2), ("Twin", 2), ("Family", 4)];
/// The type of each room along a floor (indexes into `TYPES`).
const FLOOR_PATTERN: [usize; 8] = [1, 1, 2, 0, 1, 3, 2, 1];

/// Ring-road travellers mostly stay a night or two.
const STAY_LENGTHS: &[(i64, u32)] = &[(1, 42), (2, 30), (3, 13), (4, 7), (5, 4), (7, 4)];
const MEAN_STAY: f64 = 2.1;

const NOTES: &[&str] = &[
    "Arriving late, around 22:00 after the glacier hike.",
    "Northern lights wake-up call, please.",
    "Vegan breakfast for two.",
    "Travelling with a dog (small).",
    "Koma seint, eftir kl. 21.",
    "Needs a parking spot for a camper van.",
    "Honeymoon: a quiet room with a sea view if possible.",
    "Early departure at 06:00, breakfast box please.",
];

const MESSAGES: &[&str] =
    &["We are driving the ring road clockwise.", "Is breakfast included?", "Could we check in a bit earlier?", ""];

pub fn room_count(scale: &Scale) -> usize {
    let total = (scale.floors * scale.rooms_per_floor) as usize;
    if total <= 30 {
        (total / 2).max(1)
    } else {
        total
    }
}

fn floors(scale: &Scale) -> usize {
    if (scale.floors * scale.rooms_per_floor) as usize <= 30 {
        2
    } else {
        scale.floors.max(1) as usize
    }
}

/// The app and its rooms as of `now`.
fn app_and_rooms(seed: u64, scale: &Scale, now: DateTime<Utc>) -> (wire::App, Vec<wire::Resource>) {
    let mut rng = Rng::derive(seed, "timekit-app");
    let made = now - Duration::days(rng.range(700, 1100));
    let app = wire::App {
        id: rng.guid(),
        slug: "hraunborg-guesthouse".into(),
        name: Some(APP_NAME.into()),
        settings: wire::AppSettings {
            name: Some(APP_NAME.into()),
            callback: None,
            from_email: Some("gisting@hraunborg.example.is".into()),
            from_name: Some(APP_NAME.into()),
            contact_name: Some("Sigríður Einarsdóttir".into()),
            contact_email: Some("sigga@hraunborg.example.is".into()),
        },
        created_at: Some(stamp(made, ZONE)),
        updated_at: Some(stamp(made + Duration::days(rng.range(1, 300)), ZONE)),
    };
    let count = room_count(scale);
    let floors = floors(scale);
    let per_floor = count.div_ceil(floors);
    let rooms = (0..count)
        .map(|i| {
            let (floor, n) = (i / per_floor + 1, i % per_floor + 1);
            let (kind, capacity) = TYPES[FLOOR_PATTERN[n % FLOOR_PATTERN.len()]];
            let name = format!("{}", floor * 100 + n);
            let created = made + Duration::days(1) + Duration::minutes(i as i64);
            let mut meta = Map::new();
            meta.insert("room_type".into(), json!(kind));
            meta.insert("capacity".into(), json!(capacity.to_string()));
            meta.insert("floor".into(), json!(floor.to_string()));
            wire::Resource {
                id: rng.guid(),
                name: name.clone(),
                first_name: Some(name),
                last_name: Some(String::new()),
                email: None,
                timezone: ZONE_NAME.into(),
                image: None,
                tags: vec!["room".into(), kind.to_lowercase()],
                meta,
                calendars: Some(vec![wire::Calendar {
                    id: rng.guid(),
                    name: "Bookings".into(),
                    display_name: None,
                    description: Some("Created by Timekit on resource creation".into()),
                    provider_id: None,
                    provider_access: Some("owner".into()),
                    provider_primary: Some(false),
                    provider_sync: Some(false),
                    foregroundcolor: None,
                    backgroundcolor: None,
                    created_at: Some(stamp(created, ZONE)),
                    updated_at: Some(stamp(created, ZONE)),
                    provider: Some("timekit".into()),
                }]),
                availability_constraints: Some(Vec::new()),
                created_at: Some(stamp(created, ZONE)),
                updated_at: Some(stamp(created, ZONE)),
            }
        })
        .collect();
    (app, rooms)
}

fn target_occupancy(night: NaiveDate, today: NaiveDate) -> f64 {
    let ahead = (night - today).num_days();
    let base = if ahead <= 0 { 0.74 } else { 0.80 - 0.45 * (ahead.min(100) as f64 / 100.0) };
    let weekend = if matches!(night.weekday(), Weekday::Fri | Weekday::Sat) { 0.06 } else { 0.0 };
    (base + weekend).min(0.95)
}

/// A uniformly random instant in `lo..=hi` (whole seconds); `lo` when the range is empty.
fn between(rng: &mut Rng, lo: DateTime<Utc>, hi: DateTime<Utc>) -> DateTime<Utc> {
    let span = (hi - lo).num_seconds();
    if span <= 0 {
        lo
    } else {
        lo + Duration::seconds(rng.range(0, span))
    }
}

struct Room<'a> {
    resource: &'a wire::Resource,
    kind: &'static str,
    capacity: u32,
}

/// One stay on `room` from `arrival` for `nights`, its state and times fitting `now`.
fn stay(
    rng: &mut Rng,
    room: &Room<'_>,
    guest: &Person,
    arrival: NaiveDate,
    nights: i64,
    now: DateTime<Utc>,
) -> BookingRec {
    let today = time::local_date(now);
    let cutoff = now - Duration::minutes(1);
    let departure = arrival + Duration::days(nights);
    let start = at_local(arrival, time::CHECK_IN_HOUR, 0);
    let end = at_local(departure, time::CHECK_OUT_HOUR, 0);
    let mut channel = *rng.weighted(&[("website", 55), ("email", 15), ("phone", 20), ("walk-in", 10)]);
    if channel == "walk-in" && arrival > today {
        channel = "phone";
    }
    let graph = if channel == "website" && rng.percent(70) { graphs::CONFIRM_DECLINE } else { graphs::INSTANT };
    let lead = if channel == "walk-in" { 0 } else { (rng.unit().powi(2) * 150.0) as i64 + 1 };
    let mut created = at_local(arrival - Duration::days(lead), rng.range(7, 22) as u32, rng.range(0, 59) as u32);
    if channel == "walk-in" {
        created = at_local(arrival, rng.range(12, 13) as u32, rng.range(0, 59) as u32);
    }
    if created > cutoff - Duration::hours(1) {
        created = cutoff - Duration::hours(1) - Duration::seconds(rng.range(0, 36 * 3600));
    }
    let (adults, children) = match room.capacity {
        1 => (1, 0),
        2 => *rng.weighted(&[((1, 0), 25), ((2, 0), 75)]),
        _ => *rng.weighted(&[((2, 0), 30), ((2, 1), 25), ((2, 2), 35), ((3, 0), 10)]),
    };

    let roll = rng.below(100);
    let decided_by = cutoff.min(start);
    let (state, updated) = if graph == graphs::CONFIRM_DECLINE && roll < 4 {
        (states::DECLINED, between(rng, created + Duration::minutes(10), decided_by))
    } else if roll < 11 {
        (states::CANCELLED, between(rng, created + Duration::minutes(30), decided_by))
    } else if roll < 14 {
        (states::CANCELLED_BY_CUSTOMER, between(rng, created + Duration::minutes(30), decided_by))
    } else if end + Duration::hours(1) <= cutoff {
        (states::COMPLETED, end + Duration::hours(1))
    } else if graph == graphs::CONFIRM_DECLINE && arrival > today + Duration::days(1) && rng.percent(30) {
        (states::TENTATIVE, created)
    } else if graph == graphs::CONFIRM_DECLINE {
        // Confirmed by the guesthouse some hours after the request.
        (states::CONFIRMED, between(rng, created + Duration::minutes(20), (created + Duration::hours(20)).min(cutoff)))
    } else {
        (states::CONFIRMED, created)
    };
    let updated = updated.max(created).min(cutoff);

    let mut meta = Map::new();
    meta.insert("adults".into(), json!(adults.to_string()));
    meta.insert("children".into(), json!(children.to_string()));
    meta.insert("channel".into(), json!(channel));
    if rng.percent(12) {
        meta.insert("notes".into(), json!(*rng.pick(NOTES)));
    }
    let message = *rng.pick(MESSAGES);
    BookingRec {
        id: rng.guid(),
        graph: graph.into(),
        state: state.into(),
        resource: room.resource.id.clone(),
        calendar_id: room.resource.calendars.as_ref().and_then(|c| c.first()).map(|c| c.id.clone()).unwrap_or_default(),
        start,
        end,
        what: Some(format!("{} room, {nights} night{}", room.kind, if nights == 1 { "" } else { "s" })),
        where_: Some(ADDRESS.into()),
        description: Some(message.to_owned()).filter(|m| !m.is_empty()),
        customer: wire::Customer {
            id: Some(rng.guid()),
            name: guest.name.clone(),
            email: Some(guest.email.clone()),
            phone: guest.phone.clone(),
            voip: None,
            timezone: Some(guest.timezone.into()),
            first_name: Some(guest.first_name.clone()),
            last_name: Some(guest.last_name.clone()),
            extra: Map::new(),
        },
        meta,
        allow_double_bookings: false,
        event_id: rng.guid(),
        created,
        updated,
        related: Vec::new(),
        deleted: false,
    }
}

/// Builds the app as of `clock.now()`.
pub fn generate(seed: u64, scale: &Scale, mut clock: Clock) -> TkState {
    let now = clock.now();
    let today = time::local_date(now);
    let (app, resources) = app_and_rooms(seed, scale, now);
    let guests = people::guests(seed, (scale.customers / 2).max(1));
    let regulars = (guests.len() * 15 / 100).max(1) as u64;
    let mut rng = Rng::derive(seed, "timekit-stays");
    let first = today - Duration::days(i64::from(scale.days_before));
    let last = today + Duration::days(i64::from(scale.days_after));
    let mut stays = Vec::new();
    for resource in &resources {
        let kind = resource.meta["room_type"].as_str().unwrap_or("Double");
        let (kind, capacity) = *TYPES.iter().find(|(k, _)| *k == kind).unwrap_or(&TYPES[1]);
        let room = Room { resource, kind, capacity };
        let mut night = first - Duration::days(rng.range(0, 4));
        while night <= last {
            let occ = target_occupancy(night, today);
            let start_prob = 1.0 / (1.0 + MEAN_STAY * (1.0 - occ) / occ);
            if rng.unit() >= start_prob {
                night += Duration::days(1);
                continue;
            }
            let nights = *rng.weighted(STAY_LENGTHS);
            let who = if rng.percent(10) { rng.below(regulars) } else { rng.below(guests.len() as u64) } as usize;
            let rec = stay(&mut rng, &room, &guests[who], night, nights, now);
            // A cancelled or declined stay leaves the room free: it is sold again from the same night.
            if !matches!(rec.state.as_str(), states::CANCELLED | states::CANCELLED_BY_CUSTOMER | states::DECLINED) {
                night += Duration::days(nights);
            }
            stays.push(rec);
        }
    }
    stays.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    let mut state = TkState {
        clock,
        rng: Rng::derive(seed, "timekit-live"),
        app,
        resources,
        bookings: Vec::with_capacity(stays.len()),
        index: Default::default(),
        by_resource: Default::default(),
    };
    for s in stays {
        state.push_booking(s);
    }
    state
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::timekit::graph;

    fn app(seed: u64, scale: &Scale) -> TkState {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        generate(seed, scale, Clock::fixed(at_local(today, 9, 0)))
    }

    fn check(s: &mut TkState) {
        let now = s.now();
        let today = time::local_date(now);
        for r in &s.resources {
            let mut nights = HashSet::new();
            for &i in &s.by_resource[&r.id] {
                let b = &s.bookings[i];
                if graph::blocks(&b.state) || b.state == states::TENTATIVE {
                    let (a, d) = (time::local_date(b.start), time::local_date(b.end));
                    for n in a.iter_days().take_while(|n| *n < d) {
                        assert!(nights.insert(n), "room {} double-booked on {n}", r.name);
                    }
                }
            }
        }
        for b in &s.bookings {
            assert!(b.created <= b.updated && b.updated < now, "{b:?}");
            assert!(b.start < b.end);
            match b.state.as_str() {
                states::COMPLETED => assert!(b.end + Duration::hours(1) <= now),
                states::CONFIRMED => assert!(b.end + Duration::hours(1) > now),
                states::TENTATIVE => {
                    assert!(time::local_date(b.start) > today + Duration::days(1));
                    assert_eq!(b.graph, graphs::CONFIRM_DECLINE);
                }
                states::DECLINED => assert_eq!(b.graph, graphs::CONFIRM_DECLINE),
                states::CANCELLED | states::CANCELLED_BY_CUSTOMER => {}
                other => panic!("unexpected state {other}"),
            }
        }
    }

    #[test]
    fn the_demo_guesthouse_is_believable() {
        let mut s = app(42, &Scale::demo());
        assert_eq!(s.resources.len(), 15);
        check(&mut s);
        let n = s.bookings.len();
        assert!((500..=1200).contains(&n), "{n} bookings");
        let found: HashSet<&str> = s.bookings.iter().map(|b| b.state.as_str()).collect();
        for st in ["completed", "confirmed", "tentative", "declined", "cancelled", "cancelled_by_customer"] {
            assert!(found.contains(st), "no {st} booking");
        }
        // Occupancy of the past three months.
        let now = s.now();
        let nights: i64 = s
            .bookings
            .iter()
            .filter(|b| b.state == states::COMPLETED && b.start > now - Duration::days(91))
            .map(|b| (time::local_date(b.end) - time::local_date(b.start)).num_days())
            .sum();
        let occ = nights as f64 / (15.0 * 91.0);
        assert!((0.6..=0.85).contains(&occ), "past occupancy {occ}");
    }

    #[test]
    fn the_large_scale_has_three_hundred_rooms() {
        let mut s = app(7, &Scale::medium());
        assert_eq!(s.resources.len(), 300);
        assert!(s.bookings.len() > 20_000, "{}", s.bookings.len());
        check(&mut s);
    }

    #[test]
    fn same_seed_same_app() {
        let ids = |s: &TkState| s.bookings.iter().map(|b| (b.id.clone(), b.state.clone(), b.start)).collect::<Vec<_>>();
        let (a, b, c) = (app(1, &Scale::demo()), app(1, &Scale::demo()), app(2, &Scale::demo()));
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&c));
        assert_eq!(a.resources, b.resources);
    }
}
