//! The seeded demo property, "Willa Pod Giewontem" in Zakopane (Europe/Warsaw, PLN): a
//! guesthouse of 18 rooms at the demo scale (300 at `Scale::medium()`), five room types, two
//! rates, Polish and neighbouring guests, and half a year of reservations around today whose
//! states fit their dates. Same seed + same clock → the same property, id for id.

mod people;
mod property;
mod stays;

pub use stays::source_color;

use super::state::McState;
use crate::clock::Clock;
use crate::Scale;

/// Builds the property as of `clock.now()`.
pub fn generate(seed: u64, scale: &Scale, clock: Clock) -> McState {
    let mut state = property::build(seed, scale, clock);
    let total = scale.floors * scale.rooms_per_floor;
    let customers = (u64::from(scale.customers) * state.rooms.len() as u64 / u64::from(total.max(1))) as u32;
    let people = people::people(seed, customers.max(10));
    stays::populate(seed, scale, &mut state, people);
    state
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::{Duration, NaiveDate};
    use innkeep_providers::mobile_calendar::wire;

    use super::*;
    use crate::mobile_calendar::state::{at_local, holds, overlaps};

    fn property(seed: u64, scale: &Scale) -> McState {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        generate(seed, scale, Clock::fixed(at_local(today, 10, 0)))
    }

    fn check_invariants(s: &mut McState) {
        let now = s.now();
        let today = s.today();
        for room in &s.rooms {
            let live: Vec<&wire::Reservation> =
                s.reservations.iter().filter(|r| r.room_id == room.room_id && holds(r)).collect();
            for (i, a) in live.iter().enumerate() {
                for b in &live[i + 1..] {
                    assert!(!overlaps(a, b.arrival, b.departure), "{} double-booked: {a:?} {b:?}", room.name);
                }
            }
        }
        for r in &s.reservations {
            assert!(r.arrival < r.departure);
            assert!(r.add_date <= r.edit_date && r.edit_date.unwrap() < now, "{r:?}");
            match r.kind.as_str() {
                wire::LOCK => assert!(r.client_id.is_none()),
                _ => {
                    let c = s.client(r.client_id.unwrap()).expect("client exists");
                    assert!(c.add_date <= r.add_date);
                }
            }
            if r.deleted() {
                assert!(r.delete_date.unwrap() >= r.add_date.unwrap());
                continue;
            }
            match r.registration.as_deref().unwrap() {
                wire::REG_CHECKED_OUT => assert!(r.departure <= today),
                wire::REG_CHECKED_IN => assert!(r.arrival <= today && today <= r.departure),
                wire::REG_NONE => assert!(r.arrival >= today || r.kind == wire::LOCK, "{r:?}"),
                other => panic!("registration {other}"),
            }
        }
        for g in s.reservations.iter().filter_map(|r| r.group_id).collect::<HashSet<_>>() {
            let members: Vec<&wire::Reservation> = s.reservations.iter().filter(|r| r.group_id == Some(g)).collect();
            assert!(members.len() >= 2);
            assert!(members.iter().all(|m| m.arrival == members[0].arrival && m.departure == members[0].departure));
            assert!(members.iter().all(|m| m.deleted() == members[0].deleted()));
        }
    }

    #[test]
    fn the_demo_guesthouse_is_believable() {
        let mut s = property(42, &Scale::demo());
        assert_eq!(s.rooms.len(), 18);
        check_invariants(&mut s);
        let n = s.reservations.len();
        assert!((350..=900).contains(&n), "{n} reservations");
        let today = s.today();
        let nights = |from: NaiveDate, days: i64| -> f64 {
            let to = from + Duration::days(days);
            let taken: i64 = s
                .reservations
                .iter()
                .filter(|r| holds(r) && r.kind != wire::LOCK)
                .map(|r| (r.departure.min(to) - r.arrival.max(from)).num_days().max(0))
                .sum();
            taken as f64 / (18.0 * days as f64)
        };
        let past = nights(today - Duration::days(91), 91);
        assert!((0.6..=0.9).contains(&past), "past occupancy {past}");
        let kinds: HashSet<&str> = s.reservations.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds.len(), 3, "{kinds:?}");
        let regs: HashSet<&str> = s.reservations.iter().filter_map(|r| r.registration.as_deref()).collect();
        assert_eq!(regs.len(), 3);
        assert!(s.reservations.iter().any(|r| r.deleted()));
        assert!(!s.invoices.is_empty());
    }

    #[test]
    fn the_large_property_scales() {
        let mut s = property(7, &Scale::medium());
        assert!(s.rooms.len() >= 300);
        assert!(s.reservations.len() > 10_000, "{}", s.reservations.len());
        check_invariants(&mut s);
    }

    #[test]
    fn same_seed_same_property_other_seed_other_property() {
        let a = property(1, &Scale::demo());
        let b = property(1, &Scale::demo());
        let c = property(2, &Scale::demo());
        assert_eq!(a.reservations, b.reservations);
        assert_eq!(a.clients, b.clients);
        assert_ne!(a.reservations, c.reservations);
    }
}
