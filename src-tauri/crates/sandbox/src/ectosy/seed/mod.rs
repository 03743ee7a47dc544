//! The seeded demo property, "Kamp Lavanda" near Poreč in Istria (Croatia, Europe/Zagreb, EUR):
//! the kind of tourist accommodation Ectosy is made for. Its units are grouped the Ectosy way,
//! into resources (mobile homes, camping parcels, two kinds of apartment, rooms) each with its
//! positions and a seasonal price list, and half a year of periods around today whose states fit
//! their dates. Same seed + same clock → the same property, id for id.
//!
//! Periods are laid out position by position along the calendar, so no position is ever taken
//! twice on one night (deleted periods may overlap live ones: the unit was sold again). Each
//! free night starts a stay with a probability chosen to hit a target occupancy: ~72 % in the
//! past, ~78 % next week falling to ~35 % three months out, higher in July and August.

mod people;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

use super::state::{CustomerRec, EctosyState, Ids, Period, Position, Resource, CURRENCY, ZONE};
use crate::clock::Clock;
use crate::rng::Rng;
use crate::Scale;

pub const PROPERTY_NAME: &str = "Kamp Lavanda";
pub const CITY: &str = "Poreč";
/// The property's (invented) facility id in the Croatian guest registration (eVisitor), which
/// Ectosy sends as `officialFacilityId`.
pub const FACILITY_ID: &str = "HR-0041287";

struct ResourceSpec {
    title: &'static str,
    sleeps: u32,
    /// Night price in whole euros: low, shoulder, high season.
    eur: [i64; 3],
    share_percent: usize,
}

const RESOURCES: &[ResourceSpec] = &[
    ResourceSpec { title: "Mobile homes Lavanda", sleeps: 6, eur: [75, 120, 185], share_percent: 30 },
    ResourceSpec { title: "Camping parcels Comfort", sleeps: 6, eur: [28, 42, 65], share_percent: 33 },
    ResourceSpec { title: "Max apartments", sleeps: 5, eur: [90, 140, 210], share_percent: 14 },
    ResourceSpec { title: "Mini apartments", sleeps: 3, eur: [60, 95, 140], share_percent: 13 },
    ResourceSpec { title: "Double rooms", sleeps: 2, eur: [50, 75, 110], share_percent: 10 },
];

/// The title of the `n`-th (from 0) position of a resource.
fn position_title(resource: usize, n: usize) -> String {
    match resource {
        0 => format!("Mobile home {}", n + 1),
        1 => format!("Parcel {}{}", (b'A' + (n / 10 % 26) as u8) as char, n % 10 + 1),
        2 => format!("Max apartment {}", n + 1),
        3 => format!("Mini apartment {}", n + 1),
        _ => format!("Room {}", n + 1),
    }
}

const STAY_LENGTHS: &[(i64, u32)] =
    &[(1, 4), (2, 10), (3, 14), (4, 13), (5, 12), (6, 8), (7, 20), (8, 4), (10, 7), (14, 6), (21, 2)];
const MEAN_STAY: f64 = 6.4;

/// Periods saved by Ectosy API users (channels); the rest were entered in Ectosy itself.
const API_USERS: &[(Option<&str>, u32)] =
    &[(None, 45), (Some("Booking.com"), 25), (Some("Airbnb"), 12), (Some("Channel manager"), 18)];

pub fn at_local(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(hour, minute, 0).expect("valid wall-clock time");
    ZONE.from_local_datetime(&naive).earliest().unwrap_or_else(|| ZONE.from_utc_datetime(&naive)).with_timezone(&Utc)
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

fn target_occupancy(night: NaiveDate, today: NaiveDate) -> f64 {
    let ahead = (night - today).num_days();
    let base = if ahead <= 0 { 0.72 } else { 0.78 - 0.43 * (ahead.min(100) as f64 / 100.0) };
    let summer = if matches!(night.month(), 7 | 8) { 0.12 } else { 0.0 };
    (base + summer).min(0.95)
}

/// How many positions each resource gets out of `total` (at least one each).
fn counts(total: usize) -> Vec<usize> {
    let total = total.max(RESOURCES.len());
    let mut out: Vec<usize> = RESOURCES.iter().map(|r| (total * r.share_percent / 100).max(1)).collect();
    let sum: usize = out.iter().sum();
    if sum < total {
        out[0] += total - sum;
    } else {
        out[0] -= sum - total;
    }
    out
}

/// Builds the property as of `clock.now()`.
pub fn generate(seed: u64, scale: &Scale, mut clock: Clock) -> EctosyState {
    let now = clock.now();
    let today = now.with_timezone(&ZONE).date_naive();
    let mut ids = Ids::new(Rng::derive(seed, "ectosy-ids"));
    let mut resources = Vec::new();
    let mut positions = Vec::new();
    for (r, n) in counts((scale.floors * scale.rooms_per_floor) as usize).into_iter().enumerate() {
        let spec = &RESOURCES[r];
        resources.push(Resource {
            id: ids.next("res", 4),
            title: spec.title.to_owned(),
            sleeps: spec.sleeps,
            night_cents: spec.eur.map(|e| e * 100),
        });
        for k in 0..n {
            positions.push(Position {
                id: ids.next("pos", 6),
                title: position_title(r, k),
                resource: r,
                periods: Vec::new(),
            });
        }
    }
    let mut state = EctosyState {
        clock,
        ids,
        resources,
        positions,
        periods: Vec::new(),
        period_index: Default::default(),
        customer_index: Default::default(),
    };
    let mut periods = lay_out(seed, scale, &mut state, now, today);
    periods.sort_by_key(|p| p.created);
    for p in periods {
        state.insert(p);
    }
    state
}

fn lay_out(seed: u64, scale: &Scale, state: &mut EctosyState, now: DateTime<Utc>, today: NaiveDate) -> Vec<Period> {
    let mut rng = Rng::derive(seed, "ectosy-periods");
    let first = today - Duration::days(i64::from(scale.days_before));
    let last = today + Duration::days(i64::from(scale.days_after));
    let mut out = Vec::new();
    for position in 0..state.positions.len() {
        let sleeps = state.resources[state.positions[position].resource].sleeps;
        let mut night = first - Duration::days(rng.range(0, 10));
        while night <= last {
            let occ = target_occupancy(night, today);
            let start_prob = 1.0 / (1.0 + MEAN_STAY * (1.0 - occ) / occ);
            if rng.unit() >= start_prob {
                night += Duration::days(1);
                continue;
            }
            let nights = *rng.weighted(STAY_LENGTHS);
            let period = period(&mut rng, state, position, sleeps, night, night + Duration::days(nights), now);
            // A deleted period leaves the unit free: it is sold again from the same night on.
            if period.is_live() {
                night = period.end;
            }
            out.push(period);
        }
    }
    out
}

fn party_size(rng: &mut Rng, sleeps: u32) -> u32 {
    let size = match sleeps {
        1 => 1,
        2 => *rng.weighted(&[(1, 25), (2, 75)]),
        3 => *rng.weighted(&[(1, 10), (2, 60), (3, 30)]),
        _ => *rng.weighted(&[(2, 35), (3, 20), (4, 30), (5, 10), (6, 5)]),
    };
    size.min(sleeps)
}

fn period(
    rng: &mut Rng,
    state: &mut EctosyState,
    position: usize,
    sleeps: u32,
    start: NaiveDate,
    end: NaiveDate,
    now: DateTime<Utc>,
) -> Period {
    let today = now.with_timezone(&ZONE).date_naive();
    let cutoff = now - Duration::minutes(1);
    let api_user_title = rng.weighted(API_USERS).map(str::to_owned);
    let lead = (rng.unit().powi(2) * 150.0) as i64;
    let mut created = at_local(start - Duration::days(lead), rng.range(8, 22) as u32, rng.range(0, 59) as u32);
    if created > cutoff - Duration::hours(1) {
        created = cutoff - Duration::hours(1) - Duration::seconds(rng.range(0, 48 * 3600));
    }
    let size = party_size(rng, sleeps);
    let ids = &mut state.ids;
    let mut customers: Vec<CustomerRec> = people::party(rng, size, start, || ids.next("cus", 10))
        .into_iter()
        .map(|wire| CustomerRec { wire, checked_in: None, checked_out: None })
        .collect();

    let check_in = at_local(start, rng.range(14, 20) as u32, rng.range(0, 59) as u32);
    let check_out = at_local(end, rng.range(8, 10) as u32, rng.range(0, 59) as u32);
    let mut deleted = None;
    let mut confirmed = true;
    if rng.percent(7) {
        let hi = cutoff.min(at_local(start, 12, 0));
        deleted = Some(between(rng, created + Duration::minutes(1), hi).min(cutoff).max(created));
        confirmed = rng.percent(70);
    } else if start > today {
        // Not yet confirmed by the renter, e.g. taken over from an inquiry.
        confirmed = !rng.percent(10);
    } else {
        for c in &mut customers {
            if check_in <= cutoff {
                c.checked_in = Some(check_in + Duration::minutes(rng.range(0, 10)));
            }
            if check_out <= cutoff {
                // The desk's few minutes late never reach past the clock (a check-out just
                // before now, as a larger property's many stays do meet).
                let out = check_out + Duration::minutes(rng.range(0, 10));
                c.checked_out = Some(out.min(cutoff - Duration::seconds(1)));
            }
        }
    }
    let updated = customers
        .iter()
        .flat_map(|c| [c.checked_in, c.checked_out])
        .chain([Some(created), deleted])
        .flatten()
        .max()
        .unwrap_or(created)
        .min(cutoff);
    Period {
        id: state.ids.next("per", 10),
        position,
        start,
        end,
        api_user_title,
        customers,
        confirmed,
        price_cents: state.price_cents(position, start, end),
        currency: CURRENCY.to_owned(),
        created,
        updated,
        deleted,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn property(seed: u64, scale: &Scale) -> EctosyState {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        generate(seed, scale, Clock::fixed(at_local(today, 10, 0)))
    }

    fn check_invariants(s: &mut EctosyState) {
        let now = s.now();
        let today = s.today();
        for pos in &s.positions {
            let mut nights = HashSet::new();
            for &i in &pos.periods {
                let p = &s.periods[i];
                if p.is_live() {
                    for n in p.start.iter_days().take_while(|d| *d < p.end) {
                        assert!(nights.insert(n), "{} taken twice on {n}", pos.title);
                    }
                }
            }
        }
        let mut customer_ids = HashSet::new();
        for p in &s.periods {
            assert!(p.start < p.end);
            assert!(p.created <= p.updated && p.updated < now, "{p:?}");
            assert!(!p.customers.is_empty());
            assert!(p.price_cents > 0);
            for c in &p.customers {
                assert!(customer_ids.insert(c.wire.customer_id.clone()));
                assert!(!c.wire.surname.trim().is_empty());
                if let Some(out) = c.checked_out {
                    assert!(c.checked_in.unwrap() < out && out < now && p.end <= today);
                }
                if c.checked_in.is_some() {
                    assert!(p.start <= today && p.is_live() && p.confirmed);
                }
            }
            if let Some(d) = p.deleted {
                assert!(p.created <= d && d < now);
            } else if p.end < today {
                assert!(p.customers.iter().all(|c| c.checked_out.is_some()), "past stays are checked out");
            } else if p.start > today {
                assert!(p.customers.iter().all(|c| c.checked_in.is_none()));
            }
        }
    }

    #[test]
    fn the_demo_property_is_believable() {
        let mut s = property(42, &Scale::demo());
        assert_eq!(s.positions.len(), 30);
        assert_eq!(s.resources.len(), 5);
        check_invariants(&mut s);
        let n = s.periods.len();
        assert!((300..=1200).contains(&n), "{n} periods");
        let today = s.today();
        let held = |from: NaiveDate, to: NaiveDate| -> i64 {
            s.periods
                .iter()
                .filter(|p| p.is_live())
                .map(|p| (p.end.min(to) - p.start.max(from)).num_days().max(0))
                .sum()
        };
        let past = held(today - Duration::days(91), today) as f64 / (30.0 * 91.0);
        assert!((0.6..=0.85).contains(&past), "past occupancy {past}");
        assert!(s.periods.iter().any(|p| p.deleted.is_some()));
        assert!(s.periods.iter().any(|p| !p.confirmed && p.is_live() && p.start > today));
        assert!(s.periods.iter().any(|p| p.is_live() && p.start <= today && today < p.end));
        assert!(s.periods.iter().any(|p| p.api_user_title.is_none()));
    }

    #[test]
    fn the_large_property_scales() {
        let mut s = property(7, &Scale::medium());
        assert!(s.positions.len() >= 300);
        check_invariants(&mut s);
    }

    #[test]
    fn same_seed_same_property_other_seed_other_property() {
        let ids =
            |s: &EctosyState| s.periods.iter().map(|p| (p.id.clone(), p.start, p.price_cents)).collect::<Vec<_>>();
        assert_eq!(ids(&property(1, &Scale::demo())), ids(&property(1, &Scale::demo())));
        assert_ne!(ids(&property(1, &Scale::demo())), ids(&property(2, &Scale::demo())));
    }
}
