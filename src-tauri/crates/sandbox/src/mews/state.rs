//! The simulated enterprise: every record the Mews sandbox serves, plus the questions the
//! handlers ask of it (who sleeps where on which night, what a night costs).
//!
//! Model: a reservation holds the nights `arrival..departure` (local dates). Every state but
//! `Canceled` holds inventory, including `Inquired`/`Requested`/`Optional` (a simplification that
//! can never double-book). A category's availability on a night is its room count minus the
//! reservations of that category holding the night; a room is never given to two reservations
//! holding the same night.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use innkeep_providers::mews::wire;

use super::pricing::{self, Money};
use super::table::{Keyed, Table};
use super::time;
use crate::clock::Clock;
use crate::rng::Rng;

pub const CANCELED: &str = "Canceled";

#[derive(Debug, Clone)]
pub struct CategoryRec {
    pub wire: wire::ResourceCategory,
    pub updated_utc: DateTime<Utc>,
    /// Weekday gross list price of a night, in cents.
    pub base_cents: i64,
    /// Positions of its rooms in `MewsState::rooms`.
    pub rooms: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct RoomRec {
    pub wire: wire::Resource,
    pub category: usize,
    /// Positions in `MewsState::reservations` of every reservation ever assigned here.
    pub bookings: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct RateRec {
    pub wire: wire::Rate,
    pub discount_percent: i64,
}

#[derive(Debug, Clone)]
pub struct ReservationRec {
    pub wire: wire::Reservation,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    pub category: usize,
    pub room: Option<usize>,
}

impl ReservationRec {
    pub fn holds_inventory(&self) -> bool {
        self.wire.state != CANCELED
    }

    /// Whether it holds any night of `arrival..departure`.
    pub fn holds_night_in(&self, arrival: NaiveDate, departure: NaiveDate) -> bool {
        self.holds_inventory() && self.arrival < departure && arrival < self.departure
    }

    /// The 2017 shape `reservations/add` answers with; same record, older names and spelling.
    pub fn to_2017(&self) -> wire::Reservation2017 {
        let r = &self.wire;
        wire::Reservation2017 {
            id: r.id.clone(),
            service_id: r.service_id.clone(),
            group_id: r.group_id.clone(),
            number: r.number.clone(),
            state: state_2017(&r.state).to_owned(),
            origin: r.origin.clone(),
            created_utc: r.created_utc,
            updated_utc: r.updated_utc,
            cancelled_utc: r.cancelled_utc,
            start_utc: r.scheduled_start_utc,
            end_utc: r.scheduled_end_utc,
            requested_category_id: r.requested_resource_category_id.clone(),
            assigned_resource_id: r.assigned_resource_id.clone(),
            assigned_resource_locked: r.assigned_resource_locked,
            rate_id: r.rate_id.clone(),
            customer_id: r.account_id.clone(),
            owner_id: Some(r.account_id.clone()),
            companion_ids: vec![r.account_id.clone()],
            person_counts: r.person_counts.clone(),
        }
    }
}

/// 2023 state names → 2017 ones (only `Inquired` differs).
pub fn state_2017(state: &str) -> &str {
    if state == "Inquired" {
        "Enquired"
    } else {
        state
    }
}

macro_rules! keyed {
    ($t:ty, $($field:ident).+) => {
        impl Keyed for $t {
            fn key(&self) -> &str {
                &self.$($field).+
            }
        }
    };
}

keyed!(wire::Service, id);
keyed!(wire::ResourceCategoryAssignment, id);
keyed!(wire::AgeCategory, id);
keyed!(wire::Customer, id);
keyed!(CategoryRec, wire.id);
keyed!(RoomRec, wire.id);
keyed!(RateRec, wire.id);
keyed!(ReservationRec, wire.id);

#[derive(Debug, Clone)]
pub struct MewsState {
    pub clock: Clock,
    /// Ids of records created while running; seeded, so runs replay identically.
    pub rng: Rng,
    pub enterprise: wire::Enterprise,
    pub services: Table<wire::Service>,
    /// Position of the one bookable service ("Accommodation").
    pub accommodation: usize,
    pub categories: Table<CategoryRec>,
    pub rooms: Table<RoomRec>,
    pub assignments: Table<wire::ResourceCategoryAssignment>,
    pub age_categories: Table<wire::AgeCategory>,
    pub rates: Table<RateRec>,
    pub customers: Table<wire::Customer>,
    pub reservations: Table<ReservationRec>,
    pub groups: HashSet<String>,
    pub next_reservation_number: u64,
    pub next_customer_number: u64,
}

impl MewsState {
    pub fn now(&mut self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn today(&mut self) -> NaiveDate {
        time::local_date(self.clock.now())
    }

    pub fn accommodation_id(&self) -> &str {
        &self.services.at(self.accommodation).id
    }

    pub fn adult_age_category(&self) -> &wire::AgeCategory {
        self.age_categories.all().iter().find(|a| a.classification == "Adult").expect("seeded")
    }

    /// Reservations of each category holding each night of `first..first+nights`.
    pub fn booked(&self, first: NaiveDate, nights: usize) -> Vec<Vec<i32>> {
        let mut counts = vec![vec![0; nights]; self.categories.len()];
        let last = first + Duration::days(nights as i64);
        for r in self.reservations.all() {
            if !r.holds_inventory() || r.departure <= first || r.arrival >= last {
                continue;
            }
            let from = r.arrival.max(first);
            let to = r.departure.min(last);
            for offset in (from - first).num_days()..(to - first).num_days() {
                counts[r.category][offset as usize] += 1;
            }
        }
        counts
    }

    /// Free rooms of each category on each night (negative when overbooked on purpose).
    pub fn availability(&self, first: NaiveDate, nights: usize) -> Vec<Vec<i32>> {
        let mut free = self.booked(first, nights);
        for (cat, row) in free.iter_mut().enumerate() {
            let total = self.categories.at(cat).rooms.len() as i32;
            row.iter_mut().for_each(|booked| *booked = total - *booked);
        }
        free
    }

    /// First night of `arrival..departure` on which `room` is already taken.
    pub fn room_clash(&self, room: usize, arrival: NaiveDate, departure: NaiveDate) -> Option<NaiveDate> {
        self.rooms
            .at(room)
            .bookings
            .iter()
            .map(|&i| self.reservations.at(i))
            .filter(|r| r.holds_night_in(arrival, departure))
            .map(|r| r.arrival.max(arrival))
            .min()
    }

    /// Whether a guest is checked in to `room` right now (other than `except`).
    pub fn room_has_guest(&self, room: usize, except: usize) -> bool {
        self.rooms.at(room).bookings.iter().any(|&i| i != except && self.reservations.at(i).wire.state == "Started")
    }

    /// Price of the nights `arrival..departure` in `category` at `rate`.
    pub fn stay_price(&self, category: usize, rate: usize, arrival: NaiveDate, departure: NaiveDate) -> Vec<Money> {
        let base = self.categories.at(category).base_cents;
        let discount = self.rates.at(rate).discount_percent;
        arrival.iter_days().take_while(|d| *d < departure).map(|d| pricing::night(base, discount, d)).collect()
    }

    /// Adds a reservation, keeping the room index in step.
    pub fn insert_reservation(&mut self, rec: ReservationRec) -> usize {
        self.groups.insert(rec.wire.group_id.clone());
        let room = rec.room;
        let i = self.reservations.push(rec);
        if let Some(room) = room {
            self.rooms.at_mut(room).bookings.push(i);
        }
        i
    }
}
