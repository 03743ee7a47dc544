//! Reservations laid out room by room along the calendar, their states and timestamps as of
//! now, the guest profiles' timestamps to match, and the rooms' housekeeping state.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use innkeep_providers::mews::wire::{self, PersonCount};

use super::people;
use super::Scale;
use crate::mews::state::{MewsState, ReservationRec};
use crate::mews::time::{self, at_local};
use crate::rng::Rng;

const STAY_LENGTHS: &[(i64, u32)] = &[(1, 18), (2, 27), (3, 23), (4, 13), (5, 8), (6, 4), (7, 5), (10, 1), (14, 1)];
const MEAN_STAY: f64 = 3.16;

const RESERVATION_NOTES: &[&str] = &[
    "Late arrival, around 23:00.",
    "Celebrating an anniversary: a bottle of Moravian wine in the room, please.",
    "Needs a cot for a baby.",
    "Quiet room on a high floor, please.",
    "Airport transfer booked for 15:30.",
    "Gluten-free breakfast.",
    "Host prosí o pokoj s výhledem na Vltavu.",
    "Early check-in requested if possible.",
    "Guest is attending the congress at the Prague Congress Centre.",
];

/// A uniformly random instant in `lo..=hi` (whole seconds); `lo` when the range is empty.
fn between(rng: &mut Rng, lo: DateTime<Utc>, hi: DateTime<Utc>) -> DateTime<Utc> {
    let span = (hi - lo).num_seconds();
    if span <= 0 {
        lo
    } else {
        lo + Duration::seconds(rng.range(0, span))
    }
}

/// A reservation before it gets its number and its place in creation order.
pub struct Stay {
    id: String,
    group_id: String,
    room: usize,
    category: usize,
    arrival: NaiveDate,
    departure: NaiveDate,
    customer: usize,
    rate: usize,
    state: &'static str,
    origin: &'static str,
    channel_number: Option<String>,
    purpose: &'static str,
    adults: u32,
    children: u32,
    notes: Option<&'static str>,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    cancelled: Option<(DateTime<Utc>, &'static str)>,
    actual_start: Option<DateTime<Utc>>,
    actual_end: Option<DateTime<Utc>>,
}

fn target_occupancy(night: NaiveDate, today: NaiveDate) -> f64 {
    let ahead = (night - today).num_days();
    let base = if ahead <= 0 { 0.76 } else { 0.82 - 0.47 * (ahead.min(100) as f64 / 100.0) };
    let weekend = if matches!(night.weekday(), Weekday::Fri | Weekday::Sat) { 0.06 } else { 0.0 };
    (base + weekend).min(0.95)
}

/// Stays for every room over the scale's window; `customers` is how many guests there are to
/// own them (referred to by index).
pub fn lay_out(seed: u64, scale: &Scale, state: &MewsState, now: DateTime<Utc>, customers: usize) -> Vec<Stay> {
    let mut rng = Rng::derive(seed, "stays");
    let today = time::local_date(now);
    let first = today - Duration::days(i64::from(scale.days_before));
    let last = today + Duration::days(i64::from(scale.days_after));
    let regulars = (customers * 8 / 100).max(1) as u64;
    let mut out = Vec::new();
    for room in 0..state.rooms.len() {
        let category = state.rooms.at(room).category;
        let cat = &state.categories.at(category).wire;
        let sleeps = cat.capacity + cat.extra_capacity;
        let mut night = first - Duration::days(rng.range(0, 6));
        while night <= last {
            let occ = target_occupancy(night, today);
            let start_prob = 1.0 / (1.0 + MEAN_STAY * (1.0 - occ) / occ);
            if rng.unit() >= start_prob {
                night += Duration::days(1);
                continue;
            }
            let nights = *rng.weighted(STAY_LENGTHS);
            let customer = if rng.percent(25) { rng.below(regulars) } else { rng.below(customers as u64) } as usize;
            let slot = Slot { room, category, sleeps, arrival: night, nights, customer };
            let stay = stay(&mut rng, slot, now);
            // A cancelled stay leaves the room free: it is sold again from the same night on.
            if stay.cancelled.is_none() {
                night = stay.departure;
            }
            out.push(stay);
        }
    }
    out
}

/// Where and when a stay falls; `stay` decides everything else.
struct Slot {
    room: usize,
    category: usize,
    /// Capacity plus extra capacity of the room's category.
    sleeps: u32,
    arrival: NaiveDate,
    nights: i64,
    customer: usize,
}

fn stay(rng: &mut Rng, slot: Slot, now: DateTime<Utc>) -> Stay {
    let Slot { room, category, sleeps, arrival, nights, customer } = slot;
    let today = time::local_date(now);
    let cutoff = now - Duration::minutes(1);
    let departure = arrival + Duration::days(nights);
    let origin = *rng.weighted(&[("Distributor", 34), ("ChannelManager", 40), ("Commander", 21), ("Connector", 5)]);
    let channel_number = (origin == "ChannelManager").then(|| format!("{}", rng.range(1_000_000_000, 4_999_999_999)));
    let purpose = *rng.weighted(&[("Leisure", 70), ("Business", 26), ("Student", 4)]);
    let (adults, children) = match sleeps {
        1 => (1, 0),
        2 => *rng.weighted(&[((1, 0), 30), ((2, 0), 70)]),
        3 => *rng.weighted(&[((2, 0), 65), ((1, 0), 15), ((2, 1), 15), ((3, 0), 5)]),
        _ => *rng.weighted(&[((2, 0), 40), ((2, 1), 20), ((2, 2), 25), ((3, 0), 5), ((4, 0), 10)]),
    };
    let rate = usize::from(rng.percent(22));
    let notes = rng.percent(12).then(|| *rng.pick(RESERVATION_NOTES));

    // Booked `lead` days ahead; walk-ins and phone bookings (Commander) often the same day.
    let lead =
        if origin == "Commander" && rng.percent(50) { rng.range(0, 2) } else { (rng.unit().powi(2) * 120.0) as i64 };
    let booked_on = arrival - Duration::days(lead);
    let mut created = if lead == 0 {
        at_local(booked_on, rng.range(7, 13) as u32, rng.range(0, 59) as u32)
    } else {
        at_local(booked_on, rng.range(7, 22) as u32, rng.range(0, 59) as u32)
    };
    if created > cutoff - Duration::hours(1) {
        created = cutoff - Duration::hours(1) - Duration::seconds(rng.range(0, 48 * 3600));
    }

    let check_in = at_local(arrival, rng.range(14, 21) as u32, rng.range(0, 59) as u32);
    let check_out = at_local(departure, rng.range(7, 11) as u32, rng.range(0, 59) as u32);
    let cancel_roll = rng.below(100);
    let mut cancelled = None;
    let (mut actual_start, mut actual_end) = (None, None);
    let state = if arrival < today && cancel_roll < 2 {
        let lo = at_local(arrival + Duration::days(1), 0, 30).max(created);
        let hi = at_local(arrival + Duration::days(1), 11, 0).min(cutoff);
        cancelled = Some((between(rng, lo, hi).min(cutoff), "NoShow"));
        "Canceled"
    } else if cancel_roll < if arrival < today { 8 } else { 9 } {
        let hi = cutoff.min(at_local(arrival, 12, 0));
        let reason = *rng.weighted(&[
            ("RequestedByGuest", 45),
            ("BookedElsewhere", 15),
            ("PriceTooHigh", 8),
            ("ConfirmationMissed", 12),
            ("ForceMajeure", 5),
            ("Other", 15),
        ]);
        cancelled = Some((between(rng, created + Duration::minutes(1), hi).min(cutoff), reason));
        "Canceled"
    } else if departure < today || (departure == today && check_out <= cutoff) {
        actual_start = Some(check_in);
        actual_end = Some(check_out);
        "Processed"
    } else if arrival < today || (arrival == today && check_in <= cutoff) {
        actual_start = Some(check_in);
        "Started"
    } else if arrival == today {
        "Confirmed"
    } else {
        *rng.weighted(&[("Confirmed", 82), ("Optional", 8), ("Inquired", 5), ("Requested", 5)])
    };

    let mut updated =
        [Some(created), actual_start, actual_end, cancelled.map(|c| c.0)].into_iter().flatten().max().unwrap();
    if matches!(state, "Confirmed" | "Optional" | "Inquired" | "Requested") && rng.percent(30) {
        updated = between(rng, created, cutoff);
    }
    Stay {
        id: rng.guid(),
        group_id: rng.guid(),
        room,
        category,
        arrival,
        departure,
        customer,
        rate,
        state,
        origin,
        channel_number,
        purpose,
        adults,
        children,
        notes,
        created,
        updated: updated.min(cutoff),
        cancelled,
        actual_start,
        actual_end,
    }
}

pub fn add_customers(
    seed: u64,
    state: &mut MewsState,
    people: Vec<people::Person>,
    stays: &[Stay],
    now: DateTime<Utc>,
) -> Vec<String> {
    let chain_id = state.enterprise.chain_id.clone();
    let mut rng = Rng::derive(seed, "profiles");
    let cutoff = now - Duration::minutes(1);
    let mut first_booking: HashMap<usize, DateTime<Utc>> = HashMap::new();
    for s in stays {
        let e = first_booking.entry(s.customer).or_insert(s.created);
        *e = (*e).min(s.created);
    }
    let mut customers: Vec<wire::Customer> = people
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            // The profile is made just before its first booking, or some time in the last two years.
            let created = match first_booking.get(&i) {
                Some(t) => *t - Duration::seconds(rng.range(60, 1800)),
                None => cutoff - Duration::seconds(rng.range(86_400, 730 * 86_400)),
            };
            let updated = if rng.percent(25) { between(&mut rng, created, cutoff) } else { created };
            wire::Customer {
                id: rng.guid(),
                chain_id: chain_id.clone(),
                number: None,
                title: Some(
                    if !p.female {
                        "Mister"
                    } else if rng.percent(60) {
                        "Misses"
                    } else {
                        "Miss"
                    }
                    .into(),
                ),
                sex: Some(if p.female { "Female" } else { "Male" }.into()),
                first_name: Some(p.first_name),
                last_name: p.last_name,
                nationality_code: Some(p.country.into()),
                preferred_language_code: Some(p.language.into()),
                email: p.email,
                phone: p.phone,
                notes: p.notes,
                created_utc: created,
                updated_utc: updated,
                is_active: true,
            }
        })
        .collect();
    // Stays refer to people by generation index; remember their ids before sorting by creation.
    let ids: Vec<String> = customers.iter().map(|c| c.id.clone()).collect();
    customers.sort_by_key(|c| c.created_utc);
    for mut c in customers {
        c.number = Some(state.next_customer_number.to_string());
        state.next_customer_number += 1;
        state.customers.push(c);
    }
    ids
}

/// `owners[i]` is the customer id of the i-th generated person, whom stays refer to.
pub fn add_reservations(state: &mut MewsState, mut stays: Vec<Stay>, owners: &[String]) {
    let service_id = state.accommodation_id().to_owned();
    let adult = state.adult_age_category().id.clone();
    let child = state.age_categories.all().iter().find(|a| a.classification == "Child").expect("seeded").id.clone();
    stays.sort_by_key(|s| s.created);
    for s in stays {
        let mut person_counts = vec![PersonCount { age_category_id: adult.clone(), count: s.adults }];
        if s.children > 0 {
            person_counts.push(PersonCount { age_category_id: child.clone(), count: s.children });
        }
        let account = owners[s.customer].clone();
        let number = state.next_reservation_number.to_string();
        state.next_reservation_number += 1;
        let rec = ReservationRec {
            wire: wire::Reservation {
                id: s.id,
                service_id: service_id.clone(),
                account_id: account.clone(),
                account_type: Some("Customer".into()),
                booker_id: Some(account),
                number,
                state: s.state.into(),
                origin: Some(s.origin.into()),
                created_utc: s.created,
                updated_utc: s.updated,
                cancelled_utc: s.cancelled.map(|c| c.0),
                cancellation_reason: s.cancelled.map(|c| c.1.into()),
                rate_id: state.rates.at(s.rate).wire.id.clone(),
                group_id: s.group_id,
                requested_resource_category_id: state.categories.at(s.category).wire.id.clone(),
                assigned_resource_id: Some(state.rooms.at(s.room).wire.id.clone()),
                assigned_resource_locked: false,
                channel_number: s.channel_number,
                scheduled_start_utc: time::arrival_utc(s.arrival),
                actual_start_utc: s.actual_start,
                scheduled_end_utc: time::departure_utc(s.departure),
                actual_end_utc: s.actual_end,
                purpose: Some(s.purpose.into()),
                person_counts,
                notes: s.notes.map(Into::into),
            },
            arrival: s.arrival,
            departure: s.departure,
            category: s.category,
            room: Some(s.room),
        };
        state.insert_reservation(rec);
    }
}

/// Rooms with a guest in them are mostly dirty, rooms left this morning are dirty, the rest are
/// ready (mostly inspected, some only cleaned).
pub fn set_housekeeping(seed: u64, state: &mut MewsState, today: NaiveDate) {
    let mut rng = Rng::derive(seed, "housekeeping");
    for room in 0..state.rooms.len() {
        let (mut occupied, mut left_today) = (false, false);
        for &i in &state.rooms.at(room).bookings {
            let r = state.reservations.at(i);
            occupied |= r.wire.state == "Started";
            left_today |= r.wire.state == "Processed" && r.departure == today;
        }
        let housekeeping = if occupied {
            if rng.percent(60) {
                "Dirty"
            } else {
                "Clean"
            }
        } else if left_today {
            "Dirty"
        } else if rng.percent(85) {
            "Inspected"
        } else {
            "Clean"
        };
        state.rooms.at_mut(room).wire.state = housekeeping.into();
    }
}
