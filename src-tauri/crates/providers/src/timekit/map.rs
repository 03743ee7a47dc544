//! Timekit records -> Innkeep records, and hotel-local dates <-> Timekit's timestamps.
//!
//! Timekit is a generic scheduling API, so a hotel is laid onto it by convention:
//! * a room is a resource; its category is the resource's `meta.room_type` (else its first tag,
//!   else one category "Room"), its capacity `meta.capacity` (else 2), its floor `meta.floor`;
//! * a stay is a booking from check-in (14:00 local) to check-out (11:00 local);
//! * the guest is the booking's first customer, known by e-mail address (lowercased), since
//!   Timekit makes a new customer record for every booking;
//! * adults, children and notes live in the booking's `meta` (`adults`, `children`, `notes`).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use innkeep_core::records::{CategoryRecord, GuestRecord, PropertyInfo, RawJson, ReservationRecord, RoomRecord};
use innkeep_core::{AppError, ErrorKind, ReservationState};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::wire::{self, states};

/// Check-in and check-out times Innkeep books Timekit stays with (hotel-local).
pub const CHECK_IN: NaiveTime = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
pub const CHECK_OUT: NaiveTime = NaiveTime::from_hms_opt(11, 0, 0).unwrap();

/// Meta keys Innkeep reads and writes on bookings.
pub mod meta {
    pub const ADULTS: &str = "adults";
    pub const CHILDREN: &str = "children";
    pub const NOTES: &str = "notes";
    /// The id Innkeep made for a booking, to find it again if the answer was lost.
    pub const REFERENCE: &str = "innkeep_reference";
}

/// Meta keys of resources that describe a room.
pub mod room_meta {
    pub const ROOM_TYPE: &str = "room_type";
    pub const CAPACITY: &str = "capacity";
    pub const FLOOR: &str = "floor";
}

/// The category of resources that say nothing about their type.
pub const DEFAULT_CATEGORY: &str = "Room";
const DEFAULT_CAPACITY: u32 = 2;

/// What Innkeep learns about a Timekit app; kept in the account's `provider_config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimekitContext {
    pub app_id: String,
    pub app_slug: String,
    pub name: String,
    /// IANA time zone of the rooms (the one most resources use).
    pub time_zone: String,
    /// Timekit has no prices; the currency of the country of the time zone, for display.
    pub currency: String,
}

impl TimekitContext {
    pub fn new(app: &wire::App, resources: &[wire::Resource]) -> Self {
        let mut zones: BTreeMap<&str, usize> = BTreeMap::new();
        for r in resources {
            *zones.entry(r.timezone.as_str()).or_default() += 1;
        }
        let time_zone = zones
            .iter()
            .max_by_key(|(zone, n)| (**n, std::cmp::Reverse(**zone)))
            .map(|(zone, _)| zone.to_string())
            .filter(|z| z.parse::<Tz>().is_ok())
            .unwrap_or_else(|| "UTC".to_owned());
        let name = app
            .settings
            .name
            .clone()
            .or_else(|| app.name.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| app.slug.clone());
        TimekitContext {
            app_id: app.id.clone(),
            app_slug: app.slug.clone(),
            name,
            currency: currency_for(&time_zone).to_owned(),
            time_zone,
        }
    }

    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(Tz::UTC)
    }

    pub fn property_info(&self) -> PropertyInfo {
        PropertyInfo { name: self.name.clone(), time_zone: self.time_zone.clone(), currency: self.currency.clone() }
    }

    /// The hotel-local date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz()).date_naive()
    }

    /// A local wall-clock time as an instant with the hotel's offset (a time in a DST gap
    /// moves forward by the gap, as a clock would).
    pub fn local(&self, date: NaiveDate, time: NaiveTime) -> DateTime<chrono::FixedOffset> {
        let tz = self.tz();
        let naive = date.and_time(time);
        let at = tz
            .from_local_datetime(&naive)
            .earliest()
            .or_else(|| tz.from_local_datetime(&(naive + Duration::hours(1))).earliest())
            .unwrap_or_else(|| tz.from_utc_datetime(&naive));
        at.fixed_offset()
    }

    /// Check-in and check-out instants of a stay.
    pub fn stay(&self, arrival: NaiveDate, departure: NaiveDate) -> (wire::Moment, wire::Moment) {
        (wire::Moment(self.local(arrival, CHECK_IN)), wire::Moment(self.local(departure, CHECK_OUT)))
    }
}

/// The currency of the country a time zone belongs to (Timekit knows no money at all).
pub fn currency_for(time_zone: &str) -> &'static str {
    match time_zone {
        "Atlantic/Reykjavik" => "ISK",
        "Europe/Prague" => "CZK",
        "Europe/Warsaw" => "PLN",
        "Europe/London" => "GBP",
        "Europe/Oslo" => "NOK",
        "Europe/Stockholm" => "SEK",
        "Europe/Copenhagen" | "Atlantic/Faroe" => "DKK",
        "Europe/Zurich" => "CHF",
        "Europe/Budapest" => "HUF",
        z if z.starts_with("America/") && !z.contains("Argentina") => "USD",
        z if z.starts_with("Australia/") => "AUD",
        "Asia/Tokyo" => "JPY",
        z if z.starts_with("Europe/") => "EUR",
        _ => "EUR",
    }
}

fn meta_text(meta: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match meta.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn meta_count(value: Option<String>) -> Option<u32> {
    value?.trim().parse::<f64>().ok().filter(|n| *n >= 0.0 && n.fract() == 0.0).map(|n| n as u32)
}

/// The room type of a resource: `meta.room_type`, else its first tag, else "Room".
pub fn room_type(r: &wire::Resource) -> String {
    meta_text(&r.meta, room_meta::ROOM_TYPE)
        .or_else(|| r.tags.iter().find(|t| !t.trim().is_empty()).map(|t| t.trim().to_owned()))
        .unwrap_or_else(|| DEFAULT_CATEGORY.to_owned())
}

/// The provider id Innkeep gives the category of a room type, e.g. `type:double`.
pub fn category_id(room_type: &str) -> String {
    format!("type:{}", room_type.trim().to_lowercase())
}

pub fn capacity(r: &wire::Resource) -> u32 {
    meta_count(meta_text(&r.meta, room_meta::CAPACITY)).filter(|c| *c > 0).unwrap_or(DEFAULT_CAPACITY)
}

/// Categories (ordered by capacity, then name) and rooms of an app's resources.
pub fn catalog(resources: &[wire::Resource]) -> (Vec<CategoryRecord>, Vec<RoomRecord>) {
    let mut types: BTreeMap<String, (String, u32)> = BTreeMap::new();
    let mut rooms = Vec::with_capacity(resources.len());
    for r in resources {
        let kind = room_type(r);
        let id = category_id(&kind);
        let entry = types.entry(id.clone()).or_insert((kind, 0));
        entry.1 = entry.1.max(capacity(r));
        rooms.push(RoomRecord {
            provider_id: r.id.clone(),
            name: r.name.clone(),
            category_provider_id: Some(id),
            floor: meta_text(&r.meta, room_meta::FLOOR),
            state: None,
            is_active: true,
        });
    }
    let mut sorted: Vec<(String, String, u32)> = types.into_iter().map(|(id, (name, cap))| (id, name, cap)).collect();
    sorted.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.1.cmp(&b.1)));
    let categories = sorted
        .into_iter()
        .enumerate()
        .map(|(i, (provider_id, name, capacity))| CategoryRecord { provider_id, name, capacity, ordering: i as i32 })
        .collect();
    (categories, rooms)
}

/// Room id -> category id, for reservations (bookings name only their resource).
pub fn room_categories(resources: &[wire::Resource]) -> HashMap<String, String> {
    resources.iter().map(|r| (r.id.clone(), category_id(&room_type(r)))).collect()
}

/// The stable guest id of a customer: the e-mail address in lower case; without one, the
/// customer record's id (`customer:<id>`), which is the same booking's only.
pub fn guest_id(c: &wire::Customer) -> String {
    match c.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => email.to_lowercase(),
        None => match &c.id {
            Some(id) => format!("customer:{id}"),
            None => format!("name:{}", c.name.trim().to_lowercase()),
        },
    }
}

/// "Anna Jónsdóttir" -> ("Anna", "Jónsdóttir"); explicit first/last names win.
pub fn split_name(c: &wire::Customer) -> (Option<String>, String) {
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    if let Some(last) = blank(&c.last_name) {
        return (blank(&c.first_name), last);
    }
    let name = c.name.trim();
    match name.rsplit_once(' ') {
        Some((first, last)) => (Some(first.trim().to_owned()), last.trim().to_owned()),
        None => (blank(&c.first_name), name.to_owned()),
    }
}

pub fn guest(c: &wire::Customer, updated_at: Option<DateTime<Utc>>) -> GuestRecord {
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let (first_name, last_name) = split_name(c);
    GuestRecord {
        provider_id: guest_id(c),
        first_name,
        last_name,
        email: blank(&c.email),
        phone: blank(&c.phone),
        nationality: None,
        updated_at,
        raw: RawJson::of(c),
    }
}

/// Timekit booking states (every graph's) onto Innkeep's one state machine.
pub fn state(timekit_state: &str) -> Option<ReservationState> {
    Some(match timekit_state {
        // Made without a first action: nobody has confirmed anything yet.
        states::INITIALIZED => ReservationState::Inquiry,
        // confirm_decline: the guest asked, the hotel has not answered; instant_payment: not paid yet.
        states::TENTATIVE | "unpaid" => ReservationState::Requested,
        // A held slot (reservation graph).
        "reserved" => ReservationState::Optional,
        states::CONFIRMED | "paid" => ReservationState::Confirmed,
        // Automatic one hour after the end: the stay is over.
        states::COMPLETED => ReservationState::CheckedOut,
        states::DECLINED => ReservationState::Declined,
        // A rescheduled booking is replaced by a new one; a failed or expired one holds nothing.
        states::CANCELLED
        | states::CANCELLED_BY_CUSTOMER
        | states::CANCELLED_BY_OWNER
        | states::RESCHEDULED_BY_CUSTOMER
        | states::ERROR
        | "expired" => ReservationState::Cancelled,
        _ => return None,
    })
}

pub fn malformed(message: String) -> AppError {
    AppError::new(ErrorKind::Malformed, message)
}

/// A booking as a reservation. `categories` maps room ids to category ids (from the catalog).
pub fn reservation(
    b: &wire::Booking,
    ctx: &TimekitContext,
    categories: &HashMap<String, String>,
) -> Result<ReservationRecord, AppError> {
    let state = state(&b.state).ok_or_else(|| {
        malformed(format!("Timekit sent booking {} in a state Innkeep does not know (“{}”).", b.id, b.state))
    })?;
    let (start, end) = b.period().ok_or_else(|| {
        malformed(format!("Timekit sent booking {} without its dates (no event in the answer).", b.id))
    })?;
    let arrival = ctx.local_date(start.utc());
    // A booking that ends on the day it starts (an appointment) still takes that day.
    let departure = ctx.local_date(end.utc()).max(arrival + Duration::days(1));
    let room = b.resource.as_ref().map(|r| r.id.clone());
    let guest = b.customers.as_ref().and_then(|c| c.first()).map(guest_id);
    let meta = b.meta.clone().unwrap_or_default();
    let adults = meta_count(meta_text(&meta, meta::ADULTS)).filter(|n| *n > 0).unwrap_or(1);
    let children = meta_count(meta_text(&meta, meta::CHILDREN)).unwrap_or(0);
    Ok(ReservationRecord {
        provider_id: b.id.clone(),
        // Timekit has no booking number; the first block of its id is what its admin shows first.
        number: b.id.split('-').next().filter(|n| !n.is_empty()).map(str::to_uppercase),
        state,
        provider_state: b.state.clone(),
        arrival,
        departure,
        guest_provider_id: guest,
        category_provider_id: room.as_ref().and_then(|r| categories.get(r).cloned()),
        room_provider_id: room,
        additional_room_provider_ids: Vec::new(),
        adults,
        children,
        total: None,
        notes: meta_text(&meta, meta::NOTES),
        created_at: Some(b.created_at.utc()),
        updated_at: Some(b.updated_at.utc()),
        raw: RawJson::of(b),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> TimekitContext {
        TimekitContext {
            app_id: "a".into(),
            app_slug: "s".into(),
            name: "Guesthouse".into(),
            time_zone: "Atlantic/Reykjavik".into(),
            currency: "ISK".into(),
        }
    }

    fn resource(meta: Value, tags: &[&str]) -> wire::Resource {
        serde_json::from_value(json!({
            "id": "r1", "name": "101", "timezone": "Atlantic/Reykjavik", "meta": meta, "tags": tags
        }))
        .unwrap()
    }

    #[test]
    fn rooms_take_their_category_from_meta_then_tags_then_a_default() {
        let a = resource(json!({"room_type": "Family", "capacity": "4", "floor": "1"}), &[]);
        assert_eq!((room_type(&a), capacity(&a)), ("Family".to_owned(), 4));
        let b = resource(json!({}), &["Double"]);
        assert_eq!((room_type(&b), capacity(&b)), ("Double".to_owned(), 2));
        let c = resource(json!({"capacity": 3}), &[]);
        assert_eq!((room_type(&c), capacity(&c)), ("Room".to_owned(), 3));
        let (cats, rooms) = catalog(&[a, b]);
        assert_eq!(cats.iter().map(|c| c.provider_id.as_str()).collect::<Vec<_>>(), ["type:double", "type:family"]);
        assert_eq!(rooms[0].floor.as_deref(), Some("1"));
        assert_eq!(rooms[0].category_provider_id.as_deref(), Some("type:family"));
    }

    #[test]
    fn guests_are_known_by_email_and_names_split_at_the_last_space() {
        let c: wire::Customer = serde_json::from_value(json!({
            "id": "c1", "name": "Anna María Jónsdóttir", "email": " Anna@Example.IS "
        }))
        .unwrap();
        let g = guest(&c, None);
        assert_eq!(g.provider_id, "anna@example.is");
        assert_eq!((g.first_name.as_deref(), g.last_name.as_str()), (Some("Anna María"), "Jónsdóttir"));
        let no_mail: wire::Customer = serde_json::from_value(json!({"id": "c2", "name": "Ragnar"})).unwrap();
        assert_eq!(guest_id(&no_mail), "customer:c2");
        assert_eq!(split_name(&no_mail), (None, "Ragnar".to_owned()));
    }

    #[test]
    fn every_documented_state_maps() {
        for (s, want) in [
            ("tentative", ReservationState::Requested),
            ("confirmed", ReservationState::Confirmed),
            ("completed", ReservationState::CheckedOut),
            ("declined", ReservationState::Declined),
            ("cancelled", ReservationState::Cancelled),
            ("cancelled_by_customer", ReservationState::Cancelled),
            ("initialized", ReservationState::Inquiry),
        ] {
            assert_eq!(state(s), Some(want), "{s}");
        }
        assert_eq!(state("Confirmed"), None);
    }

    #[test]
    fn stays_are_local_check_in_and_check_out() {
        let c = TimekitContext { time_zone: "Europe/Prague".into(), ..ctx() };
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (a, b) = c.stay(d("2026-03-28"), d("2026-03-30"));
        assert_eq!(a.to_string(), "2026-03-28T14:00:00+01:00");
        assert_eq!(b.to_string(), "2026-03-30T11:00:00+02:00");
        assert_eq!(c.local_date(b.utc()), d("2026-03-30"));
        assert_eq!(currency_for("Atlantic/Reykjavik"), "ISK");
    }
}
