//! The seeded demo hotel, "Hotel Vltava" in Prague: rooms on a few floors in four categories,
//! guests from a dozen countries, and half a year of reservations around today whose states fit
//! their dates. Same seed + same clock → the same hotel, id for id.
//!
//! Reservations are laid out room by room along the calendar, so no room is ever double-booked
//! (cancelled stays may overlap live ones: the room was sold again). Each free night starts a
//! stay with a probability chosen to hit a target occupancy: ~76 % in the past, ~80 % next week
//! falling to ~35 % three months out (the booking curve), a little higher on weekends.

mod hotel;
mod people;
mod stays;

use super::state::MewsState;
use super::time;
use crate::clock::Clock;

/// How big a hotel to generate. `demo()` for the app and tests, `medium()` and `large()` for
/// benchmarks (quick and full mode).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub floors: u32,
    pub rooms_per_floor: u32,
    pub customers: u32,
    /// Reservations cover `today - days_before ..= today + days_after`.
    pub days_before: u32,
    pub days_after: u32,
}

impl Scale {
    /// 30 rooms, 360 guests, about 1,300 reservations.
    pub fn demo() -> Self {
        Scale { floors: 3, rooms_per_floor: 10, customers: 360, days_before: 91, days_after: 91 }
    }

    /// 300 rooms, 8,000 guests, about 21,000 reservations over a year (nine months back, three
    /// ahead): the benchmarks' quick mode.
    pub fn medium() -> Self {
        Scale { floors: 10, rooms_per_floor: 30, customers: 8000, days_before: 270, days_after: 91 }
    }

    /// The "large hotel" of the benchmarks' full mode: 300 rooms, 80,000 guests, about 100,000
    /// reservations over four years (three back, one ahead). Generating all five providers takes
    /// about 3 s in a release build and ~930 MiB (`examples/large_hotel.rs` measures it).
    pub fn large() -> Self {
        Scale { floors: 10, rooms_per_floor: 30, customers: 80_000, days_before: 1095, days_after: 365 }
    }
}

impl Default for Scale {
    fn default() -> Self {
        Scale::demo()
    }
}

/// Builds the hotel as of `clock.now()`.
pub fn generate(seed: u64, scale: &Scale, mut clock: Clock) -> MewsState {
    let now = clock.now();
    let today = time::local_date(now);
    let mut state = hotel::build(seed, scale, clock);
    let guests = people::guests(seed, scale.customers);
    let laid_out = stays::lay_out(seed, scale, &state, now, guests.len());
    let owners = stays::add_customers(seed, &mut state, guests, &laid_out, now);
    stays::add_reservations(&mut state, laid_out, &owners);
    stays::set_housekeeping(seed, &mut state, today);
    state
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::mews::state::CANCELED;
    use crate::mews::time::at_local;

    fn hotel(seed: u64, scale: &Scale) -> MewsState {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        generate(seed, scale, Clock::fixed(at_local(today, 10, 0)))
    }

    fn check_invariants(s: &mut MewsState) {
        let now = s.now();
        let today = s.today();
        // No room holds two reservations on one night.
        for room in s.rooms.all() {
            let mut nights = HashSet::new();
            for &i in &room.bookings {
                let r = s.reservations.at(i);
                if r.holds_inventory() {
                    for n in r.arrival.iter_days().take_while(|d| *d < r.departure) {
                        assert!(nights.insert(n), "room {} double-booked on {n}", room.wire.name);
                    }
                }
            }
        }
        for r in s.reservations.all() {
            let w = &r.wire;
            assert!(w.created_utc <= w.updated_utc && w.updated_utc < now, "{w:?}");
            assert!(r.arrival < r.departure);
            match w.state.as_str() {
                "Processed" => assert!(r.departure <= today && w.actual_end_utc.unwrap() < now),
                "Started" => assert!(r.arrival <= today && today <= r.departure && w.actual_end_utc.is_none()),
                "Confirmed" => assert!(r.arrival >= today),
                "Optional" | "Inquired" | "Requested" => assert!(r.arrival > today),
                CANCELED => assert!(w.cancelled_utc.unwrap() >= w.created_utc && w.cancellation_reason.is_some()),
                other => panic!("unexpected state {other}"),
            }
            if let (Some(a), Some(b)) = (w.actual_start_utc, w.actual_end_utc) {
                assert!(w.created_utc < a && a < b);
            }
            let persons: u32 = w.person_counts.iter().map(|p| p.count).sum();
            assert!((1..=4).contains(&persons));
        }
        // Customers exist before they book.
        for r in s.reservations.all() {
            let c = s.customers.get(&r.wire.account_id).expect("owner exists");
            assert!(c.created_utc <= r.wire.created_utc);
        }
    }

    #[test]
    fn the_demo_hotel_is_believable() {
        let mut s = hotel(42, &Scale::demo());
        assert_eq!(s.rooms.len(), 30);
        assert_eq!(s.categories.all().iter().map(|c| c.rooms.len()).collect::<Vec<_>>(), vec![6, 12, 8, 4]);
        assert!((250..=400).contains(&s.customers.len()));
        check_invariants(&mut s);
        let n = s.reservations.len();
        assert!((900..=1800).contains(&n), "{n} reservations");

        // Occupancy over the past three months and over the whole window is in the target band.
        let today = s.today();
        let past = s.booked(today - Duration::days(91), 91);
        let all = s.booked(today - Duration::days(91), 182);
        let rooms = 30.0;
        let occ = |m: &Vec<Vec<i32>>, nights: f64| m.iter().flatten().sum::<i32>() as f64 / (rooms * nights);
        assert!((0.65..=0.85).contains(&occ(&past, 91.0)), "past {}", occ(&past, 91.0));
        assert!((0.55..=0.80).contains(&occ(&all, 182.0)), "all {}", occ(&all, 182.0));

        let states: HashSet<&str> = s.reservations.all().iter().map(|r| r.wire.state.as_str()).collect();
        for st in ["Processed", "Started", "Confirmed", "Optional", "Inquired", "Requested", CANCELED] {
            assert!(states.contains(st), "no {st} reservation");
        }
        assert!(s.reservations.all().iter().any(|r| r.wire.notes.is_some()));
        assert_eq!(s.reservations.at(0).wire.number, "1001");
    }

    #[test]
    fn the_large_hotel_scales() {
        let mut s = hotel(7, &Scale::medium());
        assert_eq!(s.rooms.len(), 300);
        let n = s.reservations.len();
        assert!((16_000..=32_000).contains(&n), "{n} reservations");
        check_invariants(&mut s);
    }

    #[test]
    fn same_seed_same_hotel_other_seed_other_hotel() {
        let a = hotel(1, &Scale::demo());
        let b = hotel(1, &Scale::demo());
        let c = hotel(2, &Scale::demo());
        let ids = |s: &MewsState| s.reservations.all().iter().map(|r| r.wire.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&c));
        assert_eq!(a.customers.all(), b.customers.all());
    }
}
