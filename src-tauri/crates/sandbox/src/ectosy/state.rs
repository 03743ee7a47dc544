//! The simulated Ectosy account: resources (groups of similar units) with their price lists,
//! positions (the bookable units), and periods with their customers.
//!
//! Model: a period holds the nights `start..end` (`end` is the departure day, see
//! docs/ectosy.md). A period that is not deleted holds its position; deleted periods are kept
//! (for the sandbox's inspection endpoint) but hold nothing. No position is ever given to two
//! live periods on one night.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use innkeep_providers::ectosy::wire;

use crate::clock::Clock;
use crate::rng::Rng;

pub const ZONE: Tz = chrono_tz::Europe::Zagreb;
pub const CURRENCY: &str = "EUR";

/// A group of similar units ("Max apartments") and its price list.
#[derive(Debug, Clone)]
pub struct Resource {
    pub id: String,
    pub title: String,
    /// How many people one of its units sleeps.
    pub sleeps: u32,
    /// Price of a night in cents, by season: low, shoulder, high.
    pub night_cents: [i64; 3],
}

#[derive(Debug, Clone)]
pub struct Position {
    pub id: String,
    pub title: String,
    pub resource: usize,
    /// Indexes into `EctosyState::periods` of every period ever saved here.
    pub periods: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct CustomerRec {
    /// Everything Ectosy keeps of a guest (the web-hook shape).
    pub wire: wire::WebhookCustomer,
    pub checked_in: Option<DateTime<Utc>>,
    pub checked_out: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub position: usize,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The API user it was saved through; `None` when made in Ectosy's own app.
    pub api_user_title: Option<String>,
    pub customers: Vec<CustomerRec>,
    pub confirmed: bool,
    pub price_cents: i64,
    pub currency: String,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub deleted: Option<DateTime<Utc>>,
}

impl Period {
    pub fn is_live(&self) -> bool {
        self.deleted.is_none()
    }

    /// Whether it holds any night of `start..end`.
    pub fn holds_night_in(&self, start: NaiveDate, end: NaiveDate) -> bool {
        self.is_live() && self.start < end && start < self.end
    }
}

/// Opaque ids in Ectosy's placeholder style (`pos-…`, `per-…`, `cus-…`), never repeated.
#[derive(Debug, Clone)]
pub struct Ids {
    rng: Rng,
    used: HashSet<String>,
}

impl Ids {
    pub fn new(rng: Rng) -> Self {
        Ids { rng, used: HashSet::new() }
    }

    pub fn next(&mut self, prefix: &str, hex_digits: usize) -> String {
        loop {
            let n = self.rng.next_u64();
            let id = format!("{prefix}-{:0width$x}", n >> (64 - 4 * hex_digits), width = hex_digits);
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct EctosyState {
    pub clock: Clock,
    /// Ids of what the API creates while running; seeded, so runs replay identically.
    pub ids: Ids,
    pub resources: Vec<Resource>,
    pub positions: Vec<Position>,
    pub periods: Vec<Period>,
    pub period_index: HashMap<String, usize>,
    /// `customerId` → (period, position in its `customers`).
    pub customer_index: HashMap<String, (usize, usize)>,
}

impl EctosyState {
    #[cfg(test)]
    pub fn now(&mut self) -> DateTime<Utc> {
        self.clock.now()
    }

    #[cfg(test)]
    pub fn today(&mut self) -> NaiveDate {
        self.clock.now().with_timezone(&ZONE).date_naive()
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.iter().position(|p| p.id == id)
    }

    /// The first live period on `position` holding a night of `start..end`.
    pub fn clash(&self, position: usize, start: NaiveDate, end: NaiveDate) -> Option<&Period> {
        self.positions[position]
            .periods
            .iter()
            .map(|&i| &self.periods[i])
            .filter(|p| p.holds_night_in(start, end))
            .min_by_key(|p| p.start)
    }

    /// The position's price for the nights `start..end`, in cents.
    pub fn price_cents(&self, position: usize, start: NaiveDate, end: NaiveDate) -> i64 {
        let prices = self.resources[self.positions[position].resource].night_cents;
        start.iter_days().take_while(|d| *d < end).map(|d| prices[season(d)]).sum()
    }

    /// Adds a period, keeping the indexes in step.
    pub fn insert(&mut self, period: Period) -> usize {
        let i = self.periods.len();
        self.period_index.insert(period.id.clone(), i);
        for (k, c) in period.customers.iter().enumerate() {
            self.customer_index.insert(c.wire.customer_id.clone(), (i, k));
        }
        self.positions[period.position].periods.push(i);
        self.periods.push(period);
        i
    }

    /// The live period a customer belongs to, and the customer's place in it.
    pub fn live_customer(&self, customer_id: &str) -> Option<(usize, usize)> {
        self.customer_index.get(customer_id).copied().filter(|&(p, _)| self.periods[p].is_live())
    }

    /// The period as Ectosy's "Reservation saved" web hook describes it.
    pub fn saved_hook(&self, i: usize) -> wire::ReservationSaved {
        let p = &self.periods[i];
        let position = &self.positions[p.position];
        let resource = &self.resources[position.resource];
        wire::ReservationSaved {
            secret: None,
            reservation: wire::WebhookReservation {
                resource_id: resource.id.clone(),
                position_id: position.id.clone(),
                reservation_id: p.id.clone(),
                start: p.start.to_string(),
                end: p.end.to_string(),
                reservation_confirmed: p.confirmed,
                resource_title_visible: resource.title.clone(),
                position_title_visible: position.title.clone(),
                currency: p.currency.clone(),
                total_amount: cents_to_number(p.price_cents),
            },
            customers: p.customers.iter().map(|c| c.wire.clone()).collect(),
        }
    }
}

/// 0 = low season, 1 = shoulder (June, September), 2 = high (July, August): the Adriatic year.
pub fn season(day: NaiveDate) -> usize {
    match day.month() {
        7 | 8 => 2,
        6 | 9 => 1,
        _ => 0,
    }
}

pub fn cents_to_number(cents: i64) -> f64 {
    cents as f64 / 100.0
}
