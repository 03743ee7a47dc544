//! The seeded merchant: "Penzion U Tří lip", a family guesthouse in Český Krumlov (Europe/Prague,
//! CZK). `Scale::demo()` gives a guesthouse of 16 rooms on two floors; larger scales keep the
//! scale's floors and rooms (`Scale::medium()`: 300 rooms). Around ~3 months before and after
//! today the rooms are booked at a believable occupancy (~70 % in the past, a booking curve
//! ahead), states fit the dates, and the sauna is booked on about a third of the evenings.
//! Same seed + same clock → the same merchant, id for id.

pub mod people;
pub mod property;
pub mod stays;

use std::collections::HashMap;

use chrono::Duration;
use innkeep_providers::reservanto::wire::{self, status};

use super::state::{BookingRec, CustomerRec, State};
use super::time;
use crate::clock::Clock;
use crate::rng::Rng;
use crate::Scale;

pub const FIRST_CUSTOMER_ID: i32 = 965_001;
pub const FIRST_APPOINTMENT_ID: i32 = 5_500_001;
pub const LATE_CANCEL_HOURS: i64 = 48;

/// Floors and rooms per floor: a guesthouse of 2 × 8 for small scales, the scale's own layout
/// from 100 rooms on.
pub fn layout(scale: &Scale) -> (u32, u32) {
    if scale.floors * scale.rooms_per_floor >= 100 {
        (scale.floors, scale.rooms_per_floor)
    } else {
        (2, 8)
    }
}

pub fn generate(seed: u64, scale: &Scale, mut clock: Clock) -> State {
    let now = clock.now();
    let today = time::local_date(now);
    let (floors, per_floor) = layout(scale);
    let rooms = floors * per_floor;
    let scale_rooms = (scale.floors * scale.rooms_per_floor).max(1);
    let people_count = (u64::from(scale.customers) * u64::from(rooms) / u64::from(scale_rooms)).max(20) as u32;
    let (services, resources) = property::build(floors, per_floor);
    let people = people::guests(seed, people_count);
    let window = stays::Window {
        now: now.timestamp(),
        first: today - Duration::days(i64::from(scale.days_before)),
        last: today + Duration::days(i64::from(scale.days_after)),
    };
    let sauna = resources.iter().position(|r| !r.rental).expect("the sauna exists");
    let mut laid_out = stays::rooms(seed, &resources, &window, people.len());
    laid_out.extend(stays::sauna(seed, sauna, &window, people.len()));

    let mut state = State {
        clock,
        rng: Rng::derive(seed, "reservanto-runtime"),
        merchant: property::merchant(),
        location: property::location(today),
        segments: property::segments(),
        services,
        resources,
        customers: Vec::new(),
        customer_index: HashMap::new(),
        bookings: Vec::new(),
        booking_index: HashMap::new(),
        activities: Vec::new(),
        tokens: HashMap::new(),
        handed_out: Vec::new(),
        next_appointment_id: FIRST_APPOINTMENT_ID,
        next_customer_id: FIRST_CUSTOMER_ID,
        late_cancel_hours: LATE_CANCEL_HOURS,
    };
    let ids = add_customers(seed, &mut state, people, &laid_out, window.now);
    add_bookings(&mut state, laid_out, &ids);
    state
}

/// Customers in order of registration; returns each generated person's id.
fn add_customers(
    seed: u64,
    state: &mut State,
    people: Vec<people::Person>,
    stays: &[stays::Stay],
    now: i64,
) -> Vec<i32> {
    let mut rng = Rng::derive(seed, "reservanto-profiles");
    let cutoff = now - 60;
    let mut first_booking: HashMap<usize, i64> = HashMap::new();
    for s in stays {
        let e = first_booking.entry(s.person).or_insert(s.created);
        *e = (*e).min(s.created);
    }
    let mut records: Vec<(usize, CustomerRec)> = people
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let created = match first_booking.get(&i) {
                Some(t) => *t - rng.range(60, 1800),
                None => cutoff - rng.range(86_400, 730 * 86_400),
            };
            let modified = if rng.percent(20) { rng.range(created, cutoff.max(created)) } else { created };
            let rec = CustomerRec {
                id: 0,
                first_name: p.first_name,
                last_name: p.last_name,
                email: p.email,
                phone: p.phone,
                birth_date: None,
                gender: Some(if p.female { "Female" } else { "Male" }.into()),
                created_at: created,
                modified_at: modified,
                // A few old profiles were deleted; they never booked.
                deleted: !first_booking.contains_key(&i) && rng.percent(5),
            };
            (i, rec)
        })
        .collect();
    records.sort_by_key(|(i, c)| (c.created_at, *i));
    let mut ids = vec![0; records.len()];
    for (i, mut c) in records {
        c.id = state.next_customer_id;
        state.next_customer_id += 1;
        ids[i] = c.id;
        state.add_customer(c);
    }
    ids
}

/// Bookings in order of creation (appointment ids grow with it), and their activity feed.
fn add_bookings(state: &mut State, mut stays: Vec<stays::Stay>, ids: &[i32]) {
    stays.sort_by_key(|s| (s.created, s.start, s.resource));
    for s in stays {
        let appointment_id = state.next_appointment_id;
        state.next_appointment_id += 1;
        let i = state.add_booking(BookingRec {
            appointment_id,
            customer_id: ids[s.person],
            resource: s.resource,
            service_id: s.service_id,
            start: s.start,
            end: s.end,
            status: s.status,
            count: s.count,
            customer_note: s.customer_note,
            merchant_note: s.merchant_note,
            price: s.price,
            paid: s.paid,
            payment_method: s.payment_method,
            no_show: s.no_show,
            created_at: s.created,
            modified_at: s.modified,
            via_api: s.via_api,
        });
        for (change, at) in s.activities {
            state.record_activity(i, change, at);
        }
    }
    state.activities.sort_by_key(|a: &wire::Activity| (a.occured_at, a.appointment_id));
    debug_assert!(state.bookings.iter().all(|b| b.status != status::ALTERNATE_SUBSCRIBED));
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::NaiveDate;
    use innkeep_providers::reservanto::wire::no_show;

    use super::*;

    fn merchant(seed: u64, scale: &Scale) -> State {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        generate(seed, scale, Clock::fixed(time::at_local(today, 10, 0)))
    }

    fn check_invariants(s: &mut State) {
        let now = s.now_unix();
        for (r, res) in s.resources.iter().enumerate() {
            let mut held: Vec<(i64, i64)> =
                res.bookings.iter().map(|&i| &s.bookings[i]).filter(|b| b.holds()).map(|b| (b.start, b.end)).collect();
            held.sort_unstable();
            for pair in held.windows(2) {
                assert!(pair[0].1 <= pair[1].0, "resource {r} held twice: {pair:?}");
            }
        }
        for b in &s.bookings {
            assert!(b.start < b.end);
            assert!(b.created_at <= b.modified_at && b.modified_at < now, "{b:?}");
            assert!(s.customer(b.customer_id).is_some_and(|c| c.created_at <= b.created_at && !c.deleted));
            match b.status {
                status::CONFIRMATION_REQUESTED => assert!(b.start > now),
                status::CONFIRMED if b.start > now => assert_eq!(b.no_show, no_show::UNKNOWN),
                status::CONFIRMED | status::CANCELED | status::REJECTED => {}
                other => panic!("unexpected status {other}"),
            }
            assert!(b.paid <= b.price);
            let res = &s.resources[b.resource];
            assert!((1..=res.max_persons).contains(&b.count));
        }
        for a in &s.activities {
            let b = &s.bookings
                [s.booking(wire::BookingKey { appointment_id: a.appointment_id, customer_id: a.customer_id }).unwrap()];
            assert!(b.via_api && a.occured_at < now);
        }
    }

    #[test]
    fn the_demo_guesthouse_is_believable() {
        let mut s = merchant(42, &Scale::demo());
        assert_eq!(s.resources.iter().filter(|r| r.rental).count(), 16);
        check_invariants(&mut s);
        let now = s.now_unix();
        let rooms = s.resources.iter().filter(|r| r.rental).count() as f64;
        let today = time::local_date_of(now);
        let from = time::midnight(today - Duration::days(91));
        let held_nights: i64 = s
            .bookings
            .iter()
            .filter(|b| b.holds() && s.resources[b.resource].rental && b.start >= from && b.start < now)
            .map(|b| (time::local_date_of(b.end) - time::local_date_of(b.start)).num_days())
            .sum();
        let occupancy = held_nights as f64 / (rooms * 91.0);
        assert!((0.55..=0.90).contains(&occupancy), "past occupancy {occupancy}");
        let statuses: HashSet<&str> = s.bookings.iter().map(|b| b.status).collect();
        for st in [status::CONFIRMED, status::CONFIRMATION_REQUESTED, status::CANCELED, status::REJECTED] {
            assert!(statuses.contains(st), "no {st} booking");
        }
        assert!(s.bookings.iter().any(|b| b.no_show == no_show::NO_SHOW));
        assert!(s.bookings.iter().any(|b| b.service_id.is_some()), "sauna bookings");
        assert!(!s.activities.is_empty());
        assert!((300..=1200).contains(&s.bookings.len()), "{} bookings", s.bookings.len());
    }

    #[test]
    fn the_large_scale_has_300_rooms() {
        let mut s = merchant(7, &Scale::medium());
        assert_eq!(s.resources.iter().filter(|r| r.rental).count(), 300);
        check_invariants(&mut s);
        assert!(s.bookings.len() > 15_000, "{}", s.bookings.len());
    }

    #[test]
    fn same_seed_same_merchant() {
        let a = merchant(1, &Scale::demo());
        let b = merchant(1, &Scale::demo());
        let c = merchant(2, &Scale::demo());
        let key = |s: &State| s.bookings.iter().map(|b| (b.key(), b.start, b.end, b.status)).collect::<Vec<_>>();
        assert_eq!(key(&a), key(&b));
        assert_ne!(key(&a), key(&c));
        let names = |s: &State| s.customers.iter().map(|c| (c.id, c.name())).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
    }
}
