//! The simulated Mobile Calendar account: every record the sandbox serves (stored in the wire
//! shapes), the issued tokens, and the questions the handlers ask (is a room free on these
//! nights, what does a night cost).
//!
//! Model: a reservation holds the nights `arrival..departure` of its room (hotel-local dates,
//! Europe/Warsaw). Every reservation that is not deleted holds them, LOCKs included; a deleted
//! one (cancelled) holds nothing and may be restored only while its nights are still free. No
//! room is ever given to two live reservations on one night (409 instead).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use innkeep_providers::mobile_calendar::wire::{self, DayPrice, DerivedPrice, Restrictions};

use crate::clock::Clock;
use crate::rng::Rng;

pub const ZONE: Tz = chrono_tz::Europe::Warsaw;
pub const CURRENCY: &str = "PLN";
/// The property's standard times, written on every reservation.
pub const CHECK_IN: &str = "15:00";
pub const CHECK_OUT: &str = "11:00";
/// Lifetime of an access token.
pub const TOKEN_SECONDS: i64 = 3600;

pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&ZONE).date_naive()
}

/// A Warsaw wall-clock time as UTC (DST switches at 02:00/03:00, so every time used exists).
pub fn at_local(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(hour, minute, 0).expect("valid wall-clock time");
    ZONE.from_local_datetime(&naive).earliest().unwrap_or_else(|| ZONE.from_utc_datetime(&naive)).with_timezone(&Utc)
}

/// The property as its invoices name it (the API has no property endpoint).
#[derive(Debug, Clone)]
pub struct Property {
    pub company: &'static str,
    pub address: &'static str,
    pub town: &'static str,
    pub tax_id: &'static str,
    pub bank_no: &'static str,
    pub person: &'static str,
}

/// A rate plan and its price factor against the room type's list price.
#[derive(Debug, Clone)]
pub struct RateRec {
    pub wire: wire::Rate,
    pub factor: f64,
}

/// An access token handed out by `/auth/token`.
#[derive(Debug, Clone)]
pub struct TokenRec {
    pub user: String,
    pub scopes: Vec<String>,
    pub expires: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct McState {
    pub clock: Clock,
    /// Runtime ids, ruids and tokens; seeded, so runs replay identically.
    pub rng: Rng,
    pub property: Property,
    pub room_types: Vec<wire::RoomType>,
    /// List price of a night per room type (PLN, at its base occupancy).
    pub type_prices: HashMap<i64, f64>,
    pub rooms: Vec<wire::Room>,
    pub rates: Vec<RateRec>,
    pub sources: Vec<wire::Source>,
    pub clients: Vec<wire::Client>,
    pub client_index: HashMap<i64, usize>,
    pub reservations: Vec<wire::Reservation>,
    pub reservation_index: HashMap<i64, usize>,
    /// Room id -> positions in `reservations` of everything ever booked there.
    pub room_bookings: HashMap<i64, Vec<usize>>,
    pub invoices: Vec<wire::Invoice>,
    pub tokens: HashMap<String, TokenRec>,
    /// The tokens handed out (the last thousand), expired or not: the secret search looks for them in the app's files.
    pub handed_out: Vec<String>,
    pub next_reservation_id: i64,
    pub next_reservation_no: i64,
    pub next_group_id: i64,
    pub next_client_id: i64,
    pub issued_tokens: u64,
}

/// Whether a reservation holds its room's nights.
pub fn holds(r: &wire::Reservation) -> bool {
    !r.deleted()
}

pub fn overlaps(r: &wire::Reservation, arrival: NaiveDate, departure: NaiveDate) -> bool {
    r.arrival < departure && arrival < r.departure
}

/// How much dearer a night is in Zakopane's seasons: New Year, the winter holidays (skiing),
/// summer, the shoulders of the winter season.
pub fn season_factor(date: NaiveDate) -> f64 {
    let (m, d) = (date.month(), date.day());
    match (m, d) {
        (12, 27..) | (1, ..=6) => 1.5,
        (1, _) | (2, _) => 1.25,
        (7, _) | (8, _) => 1.2,
        (3, ..=15) | (12, 15..) => 1.1,
        _ => 1.0,
    }
}

fn high_season(date: NaiveDate) -> bool {
    season_factor(date) >= 1.2
}

impl McState {
    pub fn now(&mut self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn today(&mut self) -> NaiveDate {
        local_date(self.clock.now())
    }

    /// A fresh request id (UUID-shaped, from the seeded stream).
    pub fn ruid(&mut self) -> String {
        self.rng.guid()
    }

    pub fn room(&self, id: i64) -> Option<&wire::Room> {
        self.rooms.iter().find(|r| r.room_id == id)
    }

    pub fn client(&self, id: i64) -> Option<&wire::Client> {
        self.client_index.get(&id).map(|&i| &self.clients[i])
    }

    pub fn reservation(&self, id: i64) -> Option<&wire::Reservation> {
        self.reservation_index.get(&id).map(|&i| &self.reservations[i])
    }

    pub fn reservation_mut(&mut self, id: i64) -> Option<&mut wire::Reservation> {
        self.reservation_index.get(&id).map(|&i| &mut self.reservations[i])
    }

    pub fn rate(&self, id: i64) -> Option<&RateRec> {
        self.rates.iter().find(|r| r.wire.rate_id == id)
    }

    pub fn default_rate(&self) -> &RateRec {
        &self.rates[0]
    }

    /// The first live reservation of `room` holding a night of `arrival..departure`, other than
    /// those in `except`.
    pub fn clash(
        &self,
        room: i64,
        arrival: NaiveDate,
        departure: NaiveDate,
        except: &[i64],
    ) -> Option<&wire::Reservation> {
        self.room_bookings
            .get(&room)?
            .iter()
            .map(|&i| &self.reservations[i])
            .filter(|r| holds(r) && overlaps(r, arrival, departure) && !except.contains(&r.reservation_id))
            .min_by_key(|r| r.arrival)
    }

    pub fn is_free(&self, room: i64, night: NaiveDate) -> bool {
        self.clash(room, night, night + Duration::days(1), &[]).is_none()
    }

    /// One day of a room type's prices under a rate.
    pub fn day_price(&self, type_id: i64, rate: &RateRec, date: NaiveDate) -> DayPrice {
        let room_type = self.room_types.iter().find(|t| t.room_type_id == type_id).expect("known room type");
        let list = self.type_prices.get(&type_id).copied().unwrap_or(250.0);
        let weekend = if matches!(date.weekday(), Weekday::Fri | Weekday::Sat) { 1.15 } else { 1.0 };
        let base = (list * season_factor(date) * weekend * rate.factor).round();
        let base_persons = room_type.max_adults.unwrap_or(2);
        let max = room_type.max_people.unwrap_or(base_persons);
        let derived_prices = (1..=max)
            .filter(|p| *p != base_persons)
            .map(|persons| {
                let price = if persons < base_persons {
                    (base - 40.0 * f64::from(base_persons - persons)).max((base * 0.5).round())
                } else {
                    base + 60.0 * f64::from(persons - base_persons)
                };
                DerivedPrice { persons, price }
            })
            .collect();
        let min_stay = if high_season(date) && matches!(date.weekday(), Weekday::Fri | Weekday::Sat) { 2 } else { 1 };
        DayPrice {
            date,
            base_price: base,
            restrictions: Restrictions { min_stay, max_stay: 30, closed: 0, avail_arrival: 1, avail_departure: 1 },
            derived_prices,
        }
    }

    /// What the nights `arrival..departure` in `room` cost for `persons` guests under `rate`.
    pub fn stay_price(
        &self,
        room: &wire::Room,
        rate: &RateRec,
        arrival: NaiveDate,
        departure: NaiveDate,
        persons: u32,
    ) -> f64 {
        let type_id = room.room_type_id.expect("seeded rooms have a type");
        arrival
            .iter_days()
            .take_while(|d| *d < departure)
            .map(|d| self.day_price(type_id, rate, d).for_persons(persons.max(1)))
            .sum()
    }

    /// Adds a reservation, keeping the indexes in step.
    pub fn insert_reservation(&mut self, r: wire::Reservation) -> usize {
        let i = self.reservations.len();
        self.reservation_index.insert(r.reservation_id, i);
        self.room_bookings.entry(r.room_id).or_default().push(i);
        self.reservations.push(r);
        i
    }

    /// Moves a reservation to another room in the index (after its `room_id` changed).
    pub fn reindex_room(&mut self, id: i64, from_room: i64) {
        let Some(&i) = self.reservation_index.get(&id) else { return };
        if let Some(list) = self.room_bookings.get_mut(&from_room) {
            list.retain(|&x| x != i);
        }
        let to = self.reservations[i].room_id;
        self.room_bookings.entry(to).or_default().push(i);
    }

    pub fn insert_client(&mut self, c: wire::Client) {
        self.client_index.insert(c.client_id, self.clients.len());
        self.clients.push(c);
    }

    /// Members of a group, in id order.
    pub fn group_members(&self, group_id: i64) -> Vec<i64> {
        let mut ids: Vec<i64> =
            self.reservations.iter().filter(|r| r.group_id == Some(group_id)).map(|r| r.reservation_id).collect();
        ids.sort_unstable();
        ids
    }
}
