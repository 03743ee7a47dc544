//! The simulated merchant: one guesthouse (a location with a RentalLike segment whose resources
//! are the rooms) and a private sauna (a OneToOne segment), its customers, bookings, the activity
//! feed of bookings made through the API, and the short-time tokens handed out.
//!
//! Model: a booking is one customer on one appointment (RentalLike appointments hold one
//! booking), keyed by (AppointmentId, CustomerId). `Confirmed` and `ConfirmationRequested`
//! bookings hold their resource for `[start, end)`; cancelled, rejected and waiting-list
//! bookings do not. Resources have capacity 1, so two holding bookings never overlap.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use innkeep_providers::reservanto::wire::{self, status};

use super::time;
use crate::clock::Clock;
use crate::rng::Rng;

/// How long a short-time token lives.
pub const STT_LIFETIME: Duration = Duration::minutes(30);

#[derive(Debug, Clone)]
pub struct ResourceRec {
    pub wire: wire::BookingResource,
    /// Whether it belongs to the RentalLike segment (a room).
    pub rental: bool,
    /// Most persons a booking may bring (rooms); 1 for the sauna.
    pub max_persons: i32,
    /// Positions in `State::bookings` of every booking on it.
    pub bookings: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct CustomerRec {
    pub id: i32,
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub birth_date: Option<i64>,
    pub gender: Option<String>,
    pub created_at: i64,
    pub modified_at: i64,
    pub deleted: bool,
}

impl CustomerRec {
    /// What reads return as `Name`: the full name.
    pub fn name(&self) -> String {
        match self.first_name.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            Some(first) if !self.last_name.is_empty() => format!("{first} {}", self.last_name),
            Some(first) => first.to_owned(),
            None => self.last_name.clone(),
        }
    }

    pub fn to_wire(&self) -> wire::Customer {
        wire::Customer {
            id: self.id,
            name: Some(self.name()),
            email: self.email.clone(),
            phone: self.phone.clone(),
            created_at: self.created_at,
            deleted: self.deleted,
            price_level_id: None,
            tag_ids: Vec::new(),
            tags: Vec::new(),
            visible_by_resource_ids: Vec::new(),
            custom_values: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct BookingRec {
    pub appointment_id: i32,
    pub customer_id: i32,
    /// Position in `State::resources`.
    pub resource: usize,
    pub service_id: Option<i32>,
    pub start: i64,
    pub end: i64,
    pub status: &'static str,
    pub count: i32,
    pub customer_note: Option<String>,
    pub merchant_note: Option<String>,
    pub price: f64,
    pub paid: f64,
    pub payment_method: Option<&'static str>,
    pub no_show: u8,
    /// When it was made (no read shows it; the seed orders ids by it).
    #[cfg_attr(not(test), allow(dead_code))]
    pub created_at: i64,
    pub modified_at: i64,
    /// Made through the API: its confirm/reject/cancel changes go to the activity feed.
    pub via_api: bool,
}

impl BookingRec {
    pub fn key(&self) -> wire::BookingKey {
        wire::BookingKey { appointment_id: self.appointment_id, customer_id: self.customer_id }
    }

    /// Whether it holds its resource.
    pub fn holds(&self) -> bool {
        matches!(self.status, status::CONFIRMED | status::CONFIRMATION_REQUESTED)
    }

    pub fn overlaps(&self, start: i64, end: i64) -> bool {
        self.holds() && self.start < end && start < self.end
    }
}

/// A short-time token: which long-time token it came from (its rights) and until when it lives.
#[derive(Debug, Clone)]
pub struct Token {
    pub rights: &'static [&'static str],
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct State {
    pub clock: Clock,
    /// Tokens and ids made while running; seeded, so runs replay identically.
    pub rng: Rng,
    pub merchant: wire::Merchant,
    pub location: wire::Location,
    pub segments: Vec<wire::Segment>,
    pub services: Vec<wire::BookingService>,
    pub resources: Vec<ResourceRec>,
    pub customers: Vec<CustomerRec>,
    pub customer_index: HashMap<i32, usize>,
    pub bookings: Vec<BookingRec>,
    pub booking_index: HashMap<wire::BookingKey, usize>,
    pub activities: Vec<wire::Activity>,
    pub tokens: HashMap<String, Token>,
    /// The tokens handed out (the last thousand), expired or not: the secret search looks for them in the app's files.
    pub handed_out: Vec<String>,
    pub next_appointment_id: i32,
    pub next_customer_id: i32,
    /// The merchant's rule: no cancellation later than this before the start.
    pub late_cancel_hours: i64,
}

impl State {
    pub fn now(&mut self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn now_unix(&mut self) -> i64 {
        self.clock.now().timestamp()
    }

    pub fn customer(&self, id: i32) -> Option<&CustomerRec> {
        self.customer_index.get(&id).map(|&i| &self.customers[i])
    }

    pub fn customer_mut(&mut self, id: i32) -> Option<&mut CustomerRec> {
        self.customer_index.get(&id).map(|&i| &mut self.customers[i])
    }

    pub fn add_customer(&mut self, c: CustomerRec) {
        self.customer_index.insert(c.id, self.customers.len());
        self.customers.push(c);
    }

    pub fn resource(&self, id: i32) -> Option<usize> {
        self.resources.iter().position(|r| r.wire.id == id)
    }

    pub fn booking(&self, key: wire::BookingKey) -> Option<usize> {
        self.booking_index.get(&key).copied()
    }

    pub fn add_booking(&mut self, b: BookingRec) -> usize {
        let i = self.bookings.len();
        self.booking_index.insert(b.key(), i);
        self.resources[b.resource].bookings.push(i);
        self.bookings.push(b);
        i
    }

    /// A holding booking on `resource` that overlaps `[start, end)`, other than `except`.
    pub fn clash(&self, resource: usize, start: i64, end: i64, except: Option<usize>) -> Option<&BookingRec> {
        self.resources[resource]
            .bookings
            .iter()
            .filter(|&&i| Some(i) != except)
            .map(|&i| &self.bookings[i])
            .filter(|b| b.overlaps(start, end))
            .min_by_key(|b| b.start)
    }

    /// Free intervals of `resource` inside `[from, to)`, in order.
    pub fn free_intervals(&self, resource: usize, from: i64, to: i64) -> Vec<(i64, i64)> {
        let r = &self.resources[resource].wire;
        let from = from.max(r.available_from.unwrap_or(i64::MIN));
        let to = to.min(r.available_to.unwrap_or(i64::MAX));
        let mut busy: Vec<(i64, i64)> = self.resources[resource]
            .bookings
            .iter()
            .map(|&i| &self.bookings[i])
            .filter(|b| b.overlaps(from, to))
            .map(|b| (b.start, b.end))
            .collect();
        busy.sort_unstable();
        let mut out = Vec::new();
        let mut cursor = from;
        for (s, e) in busy {
            if s > cursor {
                out.push((cursor, s));
            }
            cursor = cursor.max(e);
        }
        if cursor < to {
            out.push((cursor, to));
        }
        out
    }

    /// Records a change of a booking made through the API in the activity feed.
    pub fn record_activity(&mut self, booking: usize, change: &str, at: i64) {
        let b = &self.bookings[booking];
        if b.via_api {
            let activity = wire::Activity {
                appointment_id: b.appointment_id,
                customer_id: b.customer_id,
                change: change.to_owned(),
                occured_at: at,
            };
            self.activities.push(activity);
        }
    }

    fn segment_name(&self, resource: usize) -> Option<String> {
        let seg = self.resources[resource].wire.segment_ids.first()?;
        self.segments.iter().find(|s| s.id == *seg).and_then(|s| s.customized_name.clone().or(s.localized_name.clone()))
    }

    fn service_name(&self, id: Option<i32>) -> Option<String> {
        id.and_then(|id| self.services.iter().find(|s| s.id == id)).and_then(|s| s.name.clone())
    }

    fn calendar(&self, resource: usize) -> (i32, String) {
        let r = &self.resources[resource].wire;
        (26_500 + resource as i32, format!("Kalendář – {}", r.name.clone().unwrap_or_default()))
    }

    /// The booking as `Event/Get(List)` shows it.
    pub fn event(&self, i: usize) -> wire::Event {
        let b = &self.bookings[i];
        let r = &self.resources[b.resource].wire;
        let customer = self.customer(b.customer_id);
        let (calendar_id, calendar_name) = self.calendar(b.resource);
        wire::Event {
            appointment_id: b.appointment_id,
            customer_id: b.customer_id,
            status: b.status.to_owned(),
            start_date: b.start,
            end_date: b.end,
            source_id: r.id,
            source_name: r.name.clone(),
            location_id: self.location.id,
            location_name: self.location.name.clone(),
            calendar_id: Some(calendar_id),
            calendar_name: Some(calendar_name),
            booking_service_id: b.service_id,
            service_name: self.service_name(b.service_id),
            segment_name: self.segment_name(b.resource),
            course_id: None,
            count: b.count,
            customer_full_name: customer.map(CustomerRec::name),
            customer_note: b.customer_note.clone(),
            merchant_note: b.merchant_note.clone(),
            custom_values: Vec::new(),
            price: b.price,
            paid_part_of_price: b.paid,
            is_paid: b.price > 0.0 && b.paid >= b.price,
            payment_method_formatted: b.payment_method.map(str::to_owned),
            no_show_status: b.no_show,
        }
    }

    /// The booking as `Booking/GetBookingsFor…` shows it (no status).
    pub fn booking_info(&self, i: usize) -> wire::BookingInfo {
        let b = &self.bookings[i];
        let r = &self.resources[b.resource].wire;
        let customer = self.customer(b.customer_id);
        let (calendar_id, calendar_name) = self.calendar(b.resource);
        let occupied = i32::from(b.holds());
        let is_paid = b.price > 0.0 && b.paid >= b.price;
        wire::BookingInfo {
            starts_at_unix_stamp: b.start,
            appointment_id: b.appointment_id,
            customer_id: b.customer_id,
            accounting_data_id: if b.paid > 0.0 { 7_000_000 + b.appointment_id % 1_000_000 } else { 0 },
            booking_resource_id: r.id,
            booking_resource_name: r.name.clone(),
            booking_service_id: b.service_id,
            booking_service_name: self.service_name(b.service_id),
            course_id: None,
            course_name: None,
            customer_name: customer.map(CustomerRec::name),
            customer_email: customer.and_then(|c| c.email.clone()),
            customer_phone: customer.and_then(|c| c.phone.clone()),
            person_count: b.count,
            price: b.price,
            vat_rate: 12.0,
            is_paid,
            payment_info: Some(wire::PaymentInfo {
                payment_method_formatted: b.payment_method.map(str::to_owned),
                remaining_price_with_vat: (b.price - b.paid).max(0.0),
                is_only_partially_paid: b.paid > 0.0 && !is_paid,
                is_paid_or_waiting: b.paid > 0.0,
                is_waiting: false,
            }),
            no_show_status: b.no_show,
            public_note: b.customer_note.clone(),
            appointment: Some(wire::Appointment {
                id: b.appointment_id,
                start_date: b.start,
                end_date: b.end,
                course_id: None,
                course_name: None,
                booking_resource_id: r.id,
                booking_resource_name: r.name.clone(),
                booking_service_id: b.service_id,
                booking_service_name: self.service_name(b.service_id),
                calendar_id: Some(calendar_id),
                calendar_name: Some(calendar_name),
                capacity: r.capacity,
                occupied_capacity: occupied,
                is_available: occupied < r.capacity,
                formatted_availability: Some(format!("{occupied}/{}", r.capacity)),
            }),
        }
    }

    /// Positions of the bookings starting in `[from, to)`, by start then appointment id.
    pub fn starting_in(&self, from: i64, to: i64) -> Vec<usize> {
        let mut out: Vec<usize> =
            (0..self.bookings.len()).filter(|&i| (from..to).contains(&self.bookings[i].start)).collect();
        out.sort_by_key(|&i| (self.bookings[i].start, self.bookings[i].appointment_id));
        out
    }

    /// Describes a booking for a message: "Pokoj 101, 14. 3. 2026 14:00 – 16. 3. 2026 10:00".
    pub fn describe(&self, b: &BookingRec) -> String {
        let name = self.resources[b.resource].wire.name.clone().unwrap_or_default();
        format!("{name}, {} – {}", time::human(b.start), time::human(b.end))
    }
}
