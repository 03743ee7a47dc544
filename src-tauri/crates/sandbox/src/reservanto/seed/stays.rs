//! Bookings laid out room by room along the calendar, so no room is ever held twice (a
//! cancelled or rejected stay frees its room, which is sold again from the same night on), with
//! states and timestamps that fit their dates as of now; and the sauna's hour slots.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use innkeep_providers::reservanto::wire::{no_show, status};

use super::property::{ROOM_TYPES, SAUNA_SERVICE};
use crate::reservanto::state::ResourceRec;
use crate::reservanto::time::{self, at_local, check_in, check_out};
use crate::rng::Rng;

const STAY_LENGTHS: &[(i64, u32)] = &[(1, 25), (2, 30), (3, 19), (4, 10), (5, 6), (6, 3), (7, 5), (10, 1), (14, 1)];
const MEAN_STAY: f64 = 2.9;

const CUSTOMER_NOTES: &[&str] = &[
    "Přijedeme pozdě večer, kolem 21:00.",
    "Prosíme o dětskou postýlku.",
    "Cestujeme se psem (malé plemeno).",
    "Wir kommen mit dem Fahrrad, gibt es einen Abstellraum?",
    "Late arrival around 22:00, please leave the key.",
    "Bezlepková snídaně, prosím.",
    "Výročí svatby – pokud možno pokoj s výhledem na zámek.",
    "Parkování pro dvě auta.",
];

const MERCHANT_NOTES: &[&str] = &["Stálý host.", "Platí firma – fakturovat.", "Záloha přijata převodem.", "VIP"];

/// One booking before it gets its ids.
pub struct Stay {
    pub resource: usize,
    pub service_id: Option<i32>,
    pub start: i64,
    pub end: i64,
    /// Index into the generated people.
    pub person: usize,
    pub status: &'static str,
    pub count: i32,
    pub customer_note: Option<String>,
    pub merchant_note: Option<String>,
    pub price: f64,
    pub paid: f64,
    pub payment_method: Option<&'static str>,
    pub no_show: u8,
    pub created: i64,
    pub modified: i64,
    pub via_api: bool,
    /// Changes for the activity feed (bookings made through the API only).
    pub activities: Vec<(&'static str, i64)>,
}

fn target_occupancy(night: NaiveDate, today: NaiveDate) -> f64 {
    let ahead = (night - today).num_days();
    let base = if ahead <= 0 { 0.70 } else { 0.78 - 0.45 * (ahead.min(100) as f64 / 100.0) };
    let weekend = if matches!(night.weekday(), Weekday::Fri | Weekday::Sat) { 0.10 } else { 0.0 };
    (base + weekend).min(0.95)
}

fn between(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        lo
    } else {
        rng.range(lo, hi)
    }
}

fn persons(rng: &mut Rng, max: i32) -> i32 {
    match max {
        1 => 1,
        2 => *rng.weighted(&[(1, 30), (2, 70)]),
        3 | 4 => *rng.weighted(&[(2, 40), (3, 30), (4, 30)]),
        _ => *rng.weighted(&[(2, 30), (3, 20), (4, 35), (5, 15)]),
    }
}

/// Price of the nights `arrival..departure` at `night_price`, Friday and Saturday nights 10 % more.
pub fn stay_price(night_price: f64, arrival: NaiveDate, departure: NaiveDate) -> f64 {
    arrival
        .iter_days()
        .take_while(|d| *d < departure)
        .map(
            |d| {
                if matches!(d.weekday(), Weekday::Fri | Weekday::Sat) {
                    (night_price * 1.1).round()
                } else {
                    night_price
                }
            },
        )
        .sum()
}

pub struct Window {
    pub now: i64,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Stays of every room over the window; `people` is how many guests there are to own them.
pub fn rooms(seed: u64, resources: &[ResourceRec], window: &Window, people: usize) -> Vec<Stay> {
    let mut rng = Rng::derive(seed, "reservanto-stays");
    let today = time::local_date_of(window.now);
    let regulars = (people * 10 / 100).max(1) as u64;
    let mut out = Vec::new();
    for (resource, room) in resources.iter().enumerate().filter(|(_, r)| r.rental) {
        let kind = ROOM_TYPES.iter().find(|t| room.wire.booking_service_ids.contains(&t.service_id));
        let night_price = kind.map_or(1890.0, |t| t.night_price);
        let mut night = window.first - Duration::days(rng.range(0, 5));
        while night <= window.last {
            let occ = target_occupancy(night, today);
            let start_prob = 1.0 / (1.0 + MEAN_STAY * (1.0 - occ) / occ);
            if rng.unit() >= start_prob {
                night += Duration::days(1);
                continue;
            }
            let nights = *rng.weighted(STAY_LENGTHS);
            let person = if rng.percent(20) { rng.below(regulars) } else { rng.below(people as u64) } as usize;
            let departure = night + Duration::days(nights);
            let price = stay_price(night_price, night, departure);
            let count = persons(&mut rng, room.max_persons);
            let stay = stay(&mut rng, window.now, (resource, night, departure), person, count, price);
            if stay.status == status::CONFIRMED || stay.status == status::CONFIRMATION_REQUESTED {
                night = departure;
            }
            out.push(stay);
        }
    }
    out
}

fn stay(
    rng: &mut Rng,
    now: i64,
    (resource, arrival, departure): (usize, NaiveDate, NaiveDate),
    person: usize,
    count: i32,
    price: f64,
) -> Stay {
    let today = time::local_date_of(now);
    let start = check_in(arrival);
    let end = check_out(departure);
    let cutoff = now - 60;
    let via_api = rng.percent(22);
    let lead = (rng.unit().powi(2) * 110.0) as i64;
    let booked_on = arrival - Duration::days(lead);
    let mut created = at_local(booked_on, rng.range(7, 22) as u32, rng.range(0, 59) as u32).timestamp();
    if created > cutoff - 3600 {
        created = cutoff - 3600 - rng.range(0, 36 * 3600);
    }
    let mut activities = Vec::new();
    let roll = rng.below(100);
    let mut no_show_status = no_show::UNKNOWN;
    let status = if roll < 7 {
        let at = between(rng, created + 60, cutoff.min(start));
        activities.push((status::CANCELED, at));
        status::CANCELED
    } else if roll < 8 && created + 2 * 3600 < cutoff {
        let at = (created + rng.range(3600, 12 * 3600)).min(cutoff);
        activities.push((status::REJECTED, at));
        status::REJECTED
    } else if start > now && arrival <= today + Duration::days(60) && rng.percent(8) {
        status::CONFIRMATION_REQUESTED
    } else {
        if rng.percent(30) {
            let at = (created + rng.range(600, 6 * 3600)).min(cutoff);
            activities.push((status::CONFIRMED, at));
        }
        if start <= now {
            no_show_status = if end > now {
                *rng.weighted(&[(no_show::ARRIVED, 95), (no_show::UNKNOWN, 5)])
            } else {
                *rng.weighted(&[(no_show::ARRIVED, 90), (no_show::UNKNOWN, 7), (no_show::NO_SHOW, 3)])
            };
        }
        status::CONFIRMED
    };
    let (paid, payment_method) = if status == status::CONFIRMED && no_show_status == no_show::ARRIVED && end <= now {
        (price, Some(*rng.weighted(&[("Hotově", 35), ("Platební karta", 45), ("Bankovní převod", 20)])))
    } else if status == status::CONFIRMED || status == status::CANCELED {
        match rng.below(100) {
            0..=34 => (price, Some("Online platby")),
            35..=54 => ((price * 0.3).round(), Some("Bankovní převod")),
            _ => (0.0, None),
        }
    } else {
        (0.0, None)
    };
    let modified = activities.iter().map(|a| a.1).max().unwrap_or(created).max(created);
    Stay {
        resource,
        service_id: None,
        start,
        end,
        person,
        status,
        count,
        customer_note: rng.percent(12).then(|| rng.pick(CUSTOMER_NOTES).to_string()),
        merchant_note: rng.percent(5).then(|| rng.pick(MERCHANT_NOTES).to_string()),
        price,
        paid,
        payment_method,
        no_show: no_show_status,
        created,
        modified,
        via_api,
        activities: if via_api { activities } else { Vec::new() },
    }
}

/// The sauna: an hour in the evening on about a third of the days.
pub fn sauna(seed: u64, sauna: usize, window: &Window, people: usize) -> Vec<Stay> {
    let mut rng = Rng::derive(seed, "reservanto-sauna");
    let mut out = Vec::new();
    for day in window.first.iter_days().take_while(|d| *d <= window.last) {
        if !rng.percent(35) {
            continue;
        }
        let start = at_local(day, *rng.pick(&[17, 18, 19, 20]), 0).timestamp();
        let end = start + 3600;
        let created = (start - rng.range(3600, 10 * 86_400)).min(window.now - 3600);
        let cancelled = rng.percent(8);
        let status = if cancelled { status::CANCELED } else { status::CONFIRMED };
        let came = !cancelled && start <= window.now;
        out.push(Stay {
            resource: sauna,
            service_id: Some(SAUNA_SERVICE),
            start,
            end,
            person: rng.below(people as u64) as usize,
            status,
            count: rng.range(1, 4) as i32,
            customer_note: None,
            merchant_note: None,
            price: 450.0,
            paid: if came { 450.0 } else { 0.0 },
            payment_method: came.then_some("Hotově"),
            no_show: if came { no_show::ARRIVED } else { no_show::UNKNOWN },
            created,
            modified: created,
            via_api: false,
            activities: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekend_nights_cost_more() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Thursday, Friday and Saturday nights.
        assert_eq!(stay_price(1000.0, d("2026-03-12"), d("2026-03-15")), 3200.0);
        assert_eq!(stay_price(1000.0, d("2026-03-12"), d("2026-03-12")), 0.0);
    }
}
