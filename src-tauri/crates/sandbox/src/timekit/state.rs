//! The simulated Timekit app: its resources (the guesthouse's rooms) and bookings, and how a
//! booking is shown with the related models a request asks for (`include`).
//!
//! Bookings stay in creation order (positions never change; a deleted booking is only marked),
//! so the default list order is creation order and paging is stable while bookings are added.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use innkeep_providers::timekit::wire::{self, states};
use serde_json::{Map, Value};

use super::graph;
use super::time::{moment, stamp};
use crate::clock::Clock;
use crate::rng::Rng;

#[derive(Debug, Clone)]
pub struct BookingRec {
    pub id: String,
    pub graph: String,
    pub state: String,
    pub resource: String,
    pub calendar_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub what: Option<String>,
    pub where_: Option<String>,
    pub description: Option<String>,
    pub customer: wire::Customer,
    pub meta: Map<String, Value>,
    pub allow_double_bookings: bool,
    pub event_id: String,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// Bookings made by one bulk call with `relate_bookings` (positions, this one included).
    pub related: Vec<usize>,
    pub deleted: bool,
}

impl BookingRec {
    pub fn overlaps(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        self.start < end && start < self.end
    }
}

/// Which related models to show (`?include=a,b`); unknown names are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Includes(BTreeSet<String>);

impl Includes {
    pub fn parse(list: Option<&str>) -> Self {
        Includes(list.unwrap_or_default().split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

#[derive(Debug)]
pub struct TkState {
    pub clock: Clock,
    /// Ids of records made while running; seeded, so runs replay identically.
    pub rng: Rng,
    pub app: wire::App,
    /// Resources with their calendars, in creation order.
    pub resources: Vec<wire::Resource>,
    pub bookings: Vec<BookingRec>,
    /// Booking id -> position, for bookings not deleted.
    pub index: HashMap<String, usize>,
    /// Resource id -> positions of its bookings.
    pub by_resource: HashMap<String, Vec<usize>>,
}

impl TkState {
    pub fn now(&mut self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn resource(&self, id: &str) -> Option<&wire::Resource> {
        self.resources.iter().find(|r| r.id == id)
    }

    pub fn booking(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn push_booking(&mut self, rec: BookingRec) -> usize {
        let i = self.bookings.len();
        self.index.insert(rec.id.clone(), i);
        self.by_resource.entry(rec.resource.clone()).or_default().push(i);
        self.bookings.push(rec);
        i
    }

    /// Takes back the bookings from position `len` on (a bulk call that failed as a whole).
    pub fn truncate_bookings(&mut self, len: usize) {
        for rec in self.bookings.drain(len..) {
            self.index.remove(&rec.id);
            if let Some(list) = self.by_resource.get_mut(&rec.resource) {
                list.retain(|&i| i < len);
            }
        }
    }

    /// A booking that blocks `start..end` on `resource` (other than `except`).
    pub fn clash(
        &self,
        resource: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        except: Option<usize>,
    ) -> Option<usize> {
        self.by_resource.get(resource)?.iter().copied().find(|&i| {
            let b = &self.bookings[i];
            Some(i) != except && !b.deleted && graph::blocks(&b.state) && b.overlaps(start, end)
        })
    }

    /// Confirmed bookings complete by themselves one hour after their end.
    pub fn settle(&mut self, now: DateTime<Utc>) {
        for b in &mut self.bookings {
            if b.state == states::CONFIRMED && !b.deleted && b.end + Duration::hours(1) <= now {
                b.state = states::COMPLETED.to_owned();
                b.updated = (b.end + Duration::hours(1)).max(b.updated);
            }
        }
    }

    pub fn calendar_of(&self, resource: &str) -> Option<&wire::Calendar> {
        self.resource(resource)?.calendars.as_ref()?.first()
    }

    /// The booking at `i` as the API shows it, times in `tz`.
    pub fn booking_wire(&self, i: usize, includes: &Includes, tz: Tz) -> wire::Booking {
        let b = &self.bookings[i];
        let related = || {
            b.related
                .iter()
                .filter(|&&j| j != i && !self.bookings[j].deleted)
                .map(|&j| self.booking_wire(j, &Includes::default(), tz))
                .collect()
        };
        wire::Booking {
            id: b.id.clone(),
            graph: b.graph.clone(),
            state: b.state.clone(),
            completed: graph::is_final(&b.state),
            available_actions: Some(graph::actions(&b.state)),
            created_at: stamp(b.created, tz),
            updated_at: stamp(b.updated, tz),
            attributes: includes.has("attributes").then(|| wire::Attributes {
                event_info: Some(wire::EventInfo {
                    start: moment(b.start, tz),
                    end: moment(b.end, tz),
                    what: b.what.clone(),
                    where_: b.where_.clone(),
                    description: b.description.clone(),
                }),
                extra: Map::new(),
            }),
            event: includes.has("event").then(|| wire::Event {
                id: b.event_id.clone(),
                start: moment(b.start, tz),
                end: moment(b.end, tz),
                what: b.what.clone(),
                where_: b.where_.clone(),
                description: b.description.clone(),
                all_day: Some(false),
                rsvp: Some("accepted".into()),
                created_at: Some(stamp(b.created, tz)),
                updated_at: Some(stamp(b.updated, tz)),
            }),
            calendar: if includes.has("calendar") { self.calendar_of(&b.resource).cloned() } else { None },
            customers: includes.has("customers").then(|| vec![b.customer.clone()]),
            resource: includes.has("resource").then(|| wire::ResourceRef {
                id: b.resource.clone(),
                name: self.resource(&b.resource).map(|r| r.name.clone()),
            }),
            meta: Some(b.meta.clone()),
            bulked_bookings: includes.has("bulked_bookings").then(related),
        }
    }
}
