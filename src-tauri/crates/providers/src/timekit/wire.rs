//! Timekit API v2 bodies, exactly as the API sends and takes them (snake_case JSON, `data`
//! envelopes, Laravel pagination keys beside `data`). The sandbox serves the same types, so a
//! change of shape on either side breaks a test at once.
//!
//! Timestamps come in two spellings: `created_at`/`updated_at` without a colon in the offset
//! (`2016-02-11T11:58:45+0100`, [`Stamp`]) and event times with one
//! (`2015-03-01T08:00:00+00:00`, [`Moment`]). Both types read either spelling.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Paths below the base URL (`https://api.timekit.io/v2`).
pub mod paths {
    pub const APP: &str = "/app";
    pub const APP_INVITE: &str = "/app/invite";
    pub const RESOURCES: &str = "/resources";
    pub const AVAILABILITY: &str = "/availability";
    pub const BOOKINGS: &str = "/bookings";
    pub const BOOKINGS_BULK: &str = "/bookings/bulk";

    pub fn resource(id: &str) -> String {
        format!("{RESOURCES}/{id}")
    }
    pub fn booking(id: &str) -> String {
        format!("{BOOKINGS}/{id}")
    }
    /// `PUT /bookings/:id/:action` (`confirm`, `decline`, `cancel`, ...).
    pub fn booking_action(id: &str, action: &str) -> String {
        format!("{BOOKINGS}/{id}/{action}")
    }
    /// `PUT /bookings/:id/meta`: the booking's metadata.
    pub fn booking_meta(id: &str) -> String {
        format!("{BOOKINGS}/{id}/meta")
    }
}

/// Booking graphs (state machines) named in the docs.
pub mod graphs {
    pub const INSTANT: &str = "instant";
    pub const CONFIRM_DECLINE: &str = "confirm_decline";
}

/// Booking states named in the docs.
pub mod states {
    pub const INITIALIZED: &str = "initialized";
    pub const TENTATIVE: &str = "tentative";
    pub const CONFIRMED: &str = "confirmed";
    pub const DECLINED: &str = "declined";
    pub const CANCELLED: &str = "cancelled";
    pub const CANCELLED_BY_CUSTOMER: &str = "cancelled_by_customer";
    pub const CANCELLED_BY_OWNER: &str = "cancelled_by_owner";
    pub const COMPLETED: &str = "completed";
    pub const RESCHEDULED_BY_CUSTOMER: &str = "rescheduled_by_customer";
    pub const ERROR: &str = "error";
}

fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok().or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z").ok())
}

/// `created_at` / `updated_at`: offset without a colon on output, either spelling on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub DateTime<FixedOffset>);

/// Event and slot times: RFC 3339 with the offset given or requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment(pub DateTime<FixedOffset>);

macro_rules! time_type {
    ($t:ident, $fmt:expr) => {
        impl $t {
            pub fn utc(&self) -> DateTime<Utc> {
                self.0.with_timezone(&Utc)
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let fmt_fn: fn(&DateTime<FixedOffset>) -> String = $fmt;
                f.write_str(&fmt_fn(&self.0))
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_string())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                parse_time(&s)
                    .map($t)
                    .ok_or_else(|| serde::de::Error::custom(format!("“{s}” is not a timestamp with an offset")))
            }
        }
    };
}

time_type!(Stamp, |t| t.format("%Y-%m-%dT%H:%M:%S%z").to_string());
time_type!(Moment, |t| t.to_rfc3339_opts(SecondsFormat::Secs, false));

/// `{"data": ...}`, the envelope of every single answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Data<T> {
    pub data: T,
}

/// A page of a list: Laravel's pagination keys at the top level beside `data`. `per_page` is a
/// string in Timekit's own example; either a string or a number is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paginated<T> {
    pub total: u64,
    #[serde(serialize_with = "as_string", deserialize_with = "string_or_number")]
    pub per_page: u64,
    pub current_page: u64,
    pub last_page: u64,
    pub next_page_url: Option<String>,
    pub prev_page_url: Option<String>,
    pub from: Option<u64>,
    pub to: Option<u64>,
    pub data: Vec<T>,
}

fn as_string<S: Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&n.to_string())
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64().ok_or_else(|| serde::de::Error::custom("per_page is not a count")),
        Value::String(s) => s.trim().parse().map_err(|_| serde::de::Error::custom(format!("per_page “{s}”"))),
        other => Err(serde::de::Error::custom(format!("per_page is {other}"))),
    }
}

// ----- app ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AppSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
}

/// `GET /app`: the app the key belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct App {
    pub id: String,
    pub slug: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub settings: AppSettings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Stamp>,
}

/// `POST /app/invite`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteRequest {
    pub email: String,
}

// ----- resources ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_access: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_primary: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_sync: Option<bool>,
    #[serde(default)]
    pub foregroundcolor: Option<String>,
    #[serde(default)]
    pub backgroundcolor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
}

/// A bookable thing; Innkeep's rooms. `meta` holds the app's own keys (the sandbox uses
/// `room_type`, `capacity` and `floor`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub timezone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub meta: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendars: Option<Vec<Calendar>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_constraints: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Stamp>,
}

/// `POST /resources` (`name` and `timezone` required) and, with every field optional,
/// `PUT /resources/:id`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResourceInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_constraints: Option<Vec<Value>>,
}

// ----- availability ------------------------------------------------------------------------

/// `POST /availability`. `from`/`to` are timestamps or relative phrases (`now`, `1 week`);
/// `length`, `buffer`, `timeslot_increments` are duration phrases (`2 hours`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AvailabilityRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buffer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeslot_increments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_timezone: Option<String>,
    /// Each constraint is an object with one key, e.g. `{"allow_hours": {"start": 9, "end": 17}}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Vec<BTreeMap<String, Value>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_all_day_events: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

/// A resource in an availability slot: an object in current answers, a bare id in older ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SlotResource {
    Object {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    Id(String),
}

impl SlotResource {
    pub fn id(&self) -> &str {
        match self {
            SlotResource::Object { id, .. } | SlotResource::Id(id) => id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub start: Moment,
    pub end: Moment,
    pub resources: Vec<SlotResource>,
}

// ----- bookings ----------------------------------------------------------------------------

/// The booker, as given on create.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerInput {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Custom customer fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A customer of a booking as read back (`customers[]`): the input plus an id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Customer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BookingSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_double_bookings: Option<bool>,
}

/// `POST /bookings` and each item of `POST /bookings/bulk`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BookingCreate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<String>,
    /// First action: `create` (confirm_decline → tentative) or `confirm` (instant → confirmed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub where_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<BookingSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

/// `POST /bookings/bulk`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BulkCreate {
    pub bookings: Vec<BookingCreate>,
    /// Nothing is kept if any booking fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_all_on_error: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_on_first_error: Option<bool>,
    /// The bookings know each other (`include=bulked_bookings`); actions replicate to all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relate_bookings: Option<bool>,
}

/// One item of `PUT /bookings/bulk`: a booking id, the action, and the action's inputs keyed
/// by its name (e.g. `"cancel": {"message": "…"}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BulkUpdateItem {
    pub id: String,
    pub action: String,
    #[serde(flatten)]
    pub inputs: Map<String, Value>,
}

/// `PUT /bookings/bulk`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BulkUpdate {
    pub bookings: Vec<BulkUpdateItem>,
    /// Every booking goes back to its previous state if any fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_all_on_error: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_on_first_error: Option<bool>,
}

/// What an action can carry: `{"cancel": {"message": "…"}}` and whether bulked bookings follow.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ActionBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply_to_bulked_bookings: Option<bool>,
    #[serde(flatten)]
    pub inputs: Map<String, Value>,
}

/// `{"message": "…"}` under an action's name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ActionMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `PUT /bookings/:id/meta`: the keys to set; a `null` value removes the key.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MetaUpdate {
    pub meta: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventInfo {
    pub start: Moment,
    pub end: Moment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub where_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Attributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_info: Option<EventInfo>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The calendar event a booking made (`include=event`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub start: Moment,
    pub end: Moment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub where_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, rename = "allDay", skip_serializing_if = "Option::is_none")]
    pub all_day: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rsvp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Stamp>,
}

/// The resource a booking is on (`include=resource`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceRef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A booking. Which keys appear besides the first seven depends on `include`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    pub id: String,
    pub graph: String,
    pub state: String,
    pub completed: bool,
    /// Current payloads call it `available_actions`; Timekit's 2016 mock `possible_actions`.
    #[serde(default, alias = "possible_actions", skip_serializing_if = "Option::is_none")]
    pub available_actions: Option<Vec<String>>,
    pub created_at: Stamp,
    pub updated_at: Stamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<Event>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<Vec<Customer>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulked_bookings: Option<Vec<Booking>>,
}

impl Booking {
    /// Start and end of the booked slot, from the event or the event info.
    pub fn period(&self) -> Option<(Moment, Moment)> {
        self.event
            .as_ref()
            .map(|e| (e.start, e.end))
            .or_else(|| self.attributes.as_ref()?.event_info.as_ref().map(|e| (e.start, e.end)))
    }

    pub fn meta_str(&self, key: &str) -> Option<String> {
        match self.meta.as_ref()?.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Answer of the bulk calls: the bookings made or updated, and (on a 422) what failed, keyed
/// like Laravel's validation errors (`bookings.1.start`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkAnswer {
    #[serde(default)]
    pub data: Vec<Booking>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
}

// ----- errors ------------------------------------------------------------------------------

/// Both error shapes Timekit sends: `{"errors": {"field": ["…"]}, "action": "…"}` for
/// validation and `{"error": "…", "model": "…"}` for everything else.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

impl ErrorBody {
    pub fn message(error: impl Into<String>) -> Self {
        ErrorBody { error: Some(error.into()), ..Default::default() }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ErrorBody { errors: Some(BTreeMap::from([(field.to_owned(), vec![message.into()])])), ..Default::default() }
    }

    /// The first field named in a validation error and its first message.
    pub fn first_field(&self) -> Option<(&str, &str)> {
        self.errors.as_ref()?.iter().find_map(|(k, v)| v.first().map(|m| (k.as_str(), m.as_str())))
    }

    /// One sentence for logs and messages.
    pub fn text(&self) -> Option<String> {
        if let Some(e) = &self.error {
            return Some(e.clone());
        }
        self.first_field().map(|(f, m)| if m.contains(f) { m.to_owned() } else { format!("{f}: {m}") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_timestamp_spellings_read_and_each_writes_its_own() {
        let s: Stamp = serde_json::from_str("\"2016-02-11T11:58:45+0100\"").unwrap();
        assert_eq!(s.to_string(), "2016-02-11T11:58:45+0100");
        let s2: Stamp = serde_json::from_str("\"2016-02-11T11:58:45+01:00\"").unwrap();
        assert_eq!(s, s2);
        let m: Moment = serde_json::from_str("\"2015-03-01T08:00:00+0000\"").unwrap();
        assert_eq!(m.to_string(), "2015-03-01T08:00:00+00:00");
        assert!(serde_json::from_str::<Moment>("\"2015-03-01T08:00:00\"").is_err());
    }

    #[test]
    fn per_page_is_read_as_string_or_number_and_written_as_string() {
        let p: Paginated<Value> = serde_json::from_value(serde_json::json!({
            "total": 0, "per_page": 50, "current_page": 1, "last_page": 1,
            "next_page_url": null, "prev_page_url": null, "from": null, "to": null, "data": []
        }))
        .unwrap();
        assert_eq!(p.per_page, 50);
        assert_eq!(serde_json::to_value(&p).unwrap()["per_page"], "50");
    }

    #[test]
    fn error_text_names_the_field() {
        let e = ErrorBody::field("customer.email", "The customer.email field is required.");
        assert_eq!(e.text().unwrap(), "The customer.email field is required.");
        let e = ErrorBody::field("event", "calendar id must be a valid UUID");
        assert_eq!(e.text().unwrap(), "event: calendar id must be a valid UUID");
    }
}
