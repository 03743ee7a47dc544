//! Reservanto records -> Innkeep records, and hotel-local dates <-> Reservanto's Unix seconds.
//!
//! * Rooms are the booking resources of the merchant's RentalLike segment(s) at the location
//!   with the most of them; their category is the first RentalLike booking service the resource
//!   offers (a room type such as "Dvoulůžkový pokoj"); a room offering none falls into one
//!   category per segment (`segment-<id>`). A category's capacity is the "max. N" its service's
//!   name or description states, else 2.
//! * A reservation is an event (one customer on one appointment), provider id
//!   `"<AppointmentId>:<CustomerId>"`; its dates are the local dates of its start and end.
//! * A customer's `Name` is split at the last space: last word = last name.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use innkeep_core::records::{CategoryRecord, GuestRecord, PropertyInfo, RawJson, ReservationRecord, RoomRecord};
use innkeep_core::{AppError, ErrorKind, Money, ReservationState};
use serde::{Deserialize, Serialize};

use super::wire::{self, no_show, object_state, segment_type, status, BookingKey};

/// Check-in and check-out times of new bookings, local (the API has no such setting).
pub const CHECK_IN: NaiveTime = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
pub const CHECK_OUT: NaiveTime = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
/// Capacity of a room type whose texts state none.
const DEFAULT_CAPACITY: u32 = 2;

/// What Innkeep learns about a Reservanto merchant from its setup and needs for every read and
/// booking; kept in the account's `provider_config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReservantoContext {
    pub merchant_id: i32,
    pub location_id: i32,
    pub property_name: String,
    pub time_zone: String,
    pub currency: String,
    /// The RentalLike segments the rooms come from.
    pub segment_ids: Vec<i32>,
    /// Room (resource) id -> category provider id.
    pub rooms: BTreeMap<String, Option<String>>,
    /// Category provider id -> most persons.
    pub capacities: BTreeMap<String, u32>,
}

fn malformed(what: &str) -> AppError {
    AppError::new(ErrorKind::Malformed, format!("The Reservanto account is not set up as Innkeep expects: {what}."))
}

fn live(state: &Option<String>) -> bool {
    state.as_deref() != Some(object_state::DELETED)
}

/// "Max. 4 osoby" / "max 2" → 4 / 2: the first number after "max".
pub fn stated_capacity(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let at = lower.find("max")?;
    let digits: String =
        lower[at + 3..].chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok().filter(|n| *n > 0 && *n < 100)
}

/// The floor of "Pokoj 205" (2), from a number of three or more digits in the name.
fn floor_of(name: &str) -> Option<String> {
    name.split(|c: char| !c.is_ascii_digit())
        .find(|d| d.len() >= 3)
        .and_then(|d| d.parse::<u32>().ok())
        .map(|n| (n / 100).to_string())
}

pub struct Setup<'a> {
    pub merchant: &'a wire::Merchant,
    pub locations: &'a [wire::Location],
    pub segments: &'a [wire::Segment],
    pub resources: &'a [wire::BookingResource],
    pub services: &'a [wire::BookingService],
}

/// The context, categories and rooms of a merchant's setup.
pub fn discover(setup: &Setup<'_>) -> Result<(ReservantoContext, Vec<CategoryRecord>, Vec<RoomRecord>), AppError> {
    let rental: Vec<&wire::Segment> = setup
        .segments
        .iter()
        .filter(|s| s.segment_type.as_deref() == Some(segment_type::RENTAL_LIKE) && live(&s.state))
        .collect();
    if rental.is_empty() {
        return Err(malformed("it has no rental (RentalLike) segment, whose resources Innkeep shows as rooms"));
    }
    let segment_ids: Vec<i32> = rental.iter().map(|s| s.id).collect();
    let all_rooms: Vec<&wire::BookingResource> = setup
        .resources
        .iter()
        .filter(|r| live(&r.state) && r.segment_ids.iter().any(|s| segment_ids.contains(s)))
        .collect();
    // The location with the most rooms is the property (lowest id on a tie).
    let mut per_location: BTreeMap<i32, usize> = BTreeMap::new();
    for r in &all_rooms {
        *per_location.entry(r.location_id).or_default() += 1;
    }
    let location_id = per_location
        .iter()
        .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
        .map(|(id, _)| *id)
        .ok_or_else(|| malformed("its rental segment has no resources (rooms)"))?;
    let location = setup.locations.iter().find(|l| l.id == location_id);
    let rooms: Vec<&wire::BookingResource> = all_rooms.into_iter().filter(|r| r.location_id == location_id).collect();
    let services: Vec<&wire::BookingService> =
        setup.services.iter().filter(|s| segment_ids.contains(&s.segment_id) && live(&s.state)).collect();

    let mut categories: Vec<CategoryRecord> = Vec::new();
    let mut room_categories = BTreeMap::new();
    let mut room_records = Vec::new();
    for r in &rooms {
        let service = r.booking_service_ids.iter().find_map(|id| services.iter().find(|s| s.id == *id));
        let (category_id, name, capacity) = match service {
            Some(s) => {
                let stated =
                    [s.name.as_deref(), s.description.as_deref()].into_iter().flatten().find_map(stated_capacity);
                (s.id.to_string(), s.name.clone().unwrap_or_else(|| format!("Service {}", s.id)), stated)
            }
            None => {
                let seg =
                    r.segment_ids.iter().find_map(|id| rental.iter().find(|s| s.id == *id)).expect("a rental room");
                let name = seg.customized_name.clone().or(seg.localized_name.clone()).unwrap_or_else(|| "Rooms".into());
                (format!("segment-{}", seg.id), name, None)
            }
        };
        let capacity = capacity.or(r.description.as_deref().and_then(stated_capacity)).unwrap_or(DEFAULT_CAPACITY);
        match categories.iter_mut().find(|c| c.provider_id == category_id) {
            Some(c) => c.capacity = c.capacity.max(capacity),
            None => categories.push(CategoryRecord { provider_id: category_id.clone(), name, capacity, ordering: 0 }),
        }
        let name = r.name.clone().unwrap_or_else(|| format!("Resource {}", r.id));
        room_records.push(RoomRecord {
            provider_id: r.id.to_string(),
            floor: floor_of(&name),
            name,
            category_provider_id: Some(category_id.clone()),
            state: None,
            is_active: true,
        });
        room_categories.insert(r.id.to_string(), Some(category_id));
    }
    // Room types in the merchant's order of services, segment fallbacks last.
    let order = |id: &str| services.iter().position(|s| s.id.to_string() == id).unwrap_or(usize::MAX);
    categories.sort_by_key(|c| order(&c.provider_id));
    for (i, c) in categories.iter_mut().enumerate() {
        c.ordering = i as i32;
    }
    let address = location.and_then(|l| l.address.as_ref()).or(setup.merchant.invoice_address.as_ref());
    let country = address.and_then(|a| a.country.as_deref()).unwrap_or("CZ").to_lowercase();
    let slovak = ["sk", "svk", "slovensko", "slovakia", "slovenská republika"].contains(&country.as_str());
    let (time_zone, currency) = if slovak { ("Europe/Bratislava", "EUR") } else { ("Europe/Prague", "CZK") };
    let property_name = location
        .and_then(|l| l.name.clone())
        .or(setup.merchant.name.clone())
        .unwrap_or_else(|| format!("Reservanto {}", setup.merchant.id));
    let ctx = ReservantoContext {
        merchant_id: setup.merchant.id,
        location_id,
        property_name,
        time_zone: time_zone.into(),
        currency: currency.into(),
        segment_ids,
        rooms: room_categories,
        capacities: categories.iter().map(|c| (c.provider_id.clone(), c.capacity)).collect(),
    };
    Ok((ctx, categories, room_records))
}

impl ReservantoContext {
    pub fn property_info(&self) -> PropertyInfo {
        PropertyInfo {
            name: self.property_name.clone(),
            time_zone: self.time_zone.clone(),
            currency: self.currency.clone(),
        }
    }

    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Europe::Prague)
    }

    pub fn local_date(&self, unix: i64) -> NaiveDate {
        DateTime::from_timestamp(unix, 0).unwrap_or_default().with_timezone(&self.tz()).date_naive()
    }

    /// A local date and time as Unix seconds (a time in a DST gap moves forward by the gap).
    pub fn unix(&self, date: NaiveDate, time: NaiveTime) -> i64 {
        let tz = self.tz();
        let local = date.and_time(time);
        tz.from_local_datetime(&local)
            .earliest()
            .or_else(|| tz.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
            .map(|t| t.timestamp())
            .unwrap_or_else(|| Utc.from_utc_datetime(&local).timestamp())
    }

    /// Local midnight starting `date`.
    pub fn midnight(&self, date: NaiveDate) -> i64 {
        self.unix(date, NaiveTime::MIN)
    }

    /// Start and end of a stay: check-in on arrival, check-out on departure.
    pub fn stay(&self, arrival: NaiveDate, departure: NaiveDate) -> (i64, i64) {
        (self.unix(arrival, CHECK_IN), self.unix(departure, CHECK_OUT))
    }

    /// The local time of day of a Unix time.
    pub fn local_time(&self, unix: i64) -> NaiveTime {
        DateTime::from_timestamp(unix, 0).unwrap_or_default().with_timezone(&self.tz()).time()
    }

    pub fn is_room(&self, resource_id: i32) -> bool {
        self.rooms.contains_key(&resource_id.to_string())
    }

    pub fn category_of(&self, room: &str) -> Option<&str> {
        self.rooms.get(room).and_then(|c| c.as_deref())
    }

    /// Rooms of a category, in id order.
    pub fn rooms_of(&self, category: &str) -> Vec<i32> {
        self.rooms.iter().filter(|(_, c)| c.as_deref() == Some(category)).filter_map(|(r, _)| r.parse().ok()).collect()
    }
}

pub fn provider_id(key: BookingKey) -> String {
    format!("{}:{}", key.appointment_id, key.customer_id)
}

pub fn parse_provider_id(id: &str) -> Result<BookingKey, AppError> {
    let parsed = id
        .split_once(':')
        .and_then(|(a, c)| Some(BookingKey { appointment_id: a.parse().ok()?, customer_id: c.parse().ok()? }));
    parsed.ok_or_else(|| {
        AppError::validation(
            "reservation",
            format!("“{id}” is not a Reservanto booking id (AppointmentId:CustomerId)."),
        )
    })
}

pub fn parse_int_id(field: &str, what: &str, id: &str) -> Result<i32, AppError> {
    id.trim().parse().map_err(|_| AppError::validation(field, format!("“{id}” is not a Reservanto {what} id.")))
}

/// "Anna Marie Nováková" → (Some("Anna Marie"), "Nováková"); "Müller" → (None, "Müller").
pub fn split_name(name: &str) -> (Option<String>, String) {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.rsplit_once(' ') {
        Some((first, last)) => (Some(first.to_owned()), last.to_owned()),
        None => (None, name),
    }
}

pub fn guest(c: &wire::Customer) -> GuestRecord {
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let (first_name, last_name) = split_name(c.name.as_deref().unwrap_or(""));
    GuestRecord {
        provider_id: c.id.to_string(),
        first_name,
        last_name: if last_name.is_empty() { format!("Guest {}", c.id) } else { last_name },
        email: blank(&c.email),
        phone: blank(&c.phone),
        nationality: None,
        updated_at: None,
        raw: RawJson::of(c),
    }
}

/// A guest known only from a booking (the customer record could not be read).
pub fn guest_from_booking(event: &wire::Event, info: Option<&wire::BookingInfo>) -> GuestRecord {
    let name = info.and_then(|i| i.customer_name.clone()).or(event.customer_full_name.clone()).unwrap_or_default();
    let customer = wire::Customer {
        id: event.customer_id,
        name: Some(name),
        email: info.and_then(|i| i.customer_email.clone()),
        phone: info.and_then(|i| i.customer_phone.clone()),
        ..Default::default()
    };
    guest(&customer)
}

/// Reservanto's status and arrival flag onto Innkeep's one state machine. A confirmed booking
/// whose guest arrived is checked in until its end, then checked out (Reservanto has no check-out).
pub fn state(status: &str, no_show_status: u8, end: i64, now: i64) -> Option<ReservationState> {
    Some(match status {
        status::CONFIRMATION_REQUESTED => ReservationState::Requested,
        status::CONFIRMED => match no_show_status {
            no_show::ARRIVED if end <= now => ReservationState::CheckedOut,
            no_show::ARRIVED => ReservationState::CheckedIn,
            no_show::NO_SHOW => ReservationState::NoShow,
            _ => ReservationState::Confirmed,
        },
        status::REJECTED => ReservationState::Declined,
        status::CANCELED => ReservationState::Cancelled,
        status::ALTERNATE_SUBSCRIBED | status::ALTERNATE_AUTO_PROMOTION => ReservationState::Inquiry,
        _ => return None,
    })
}

/// A booking's raw JSON: the event and, when read, its `GetBookingsForPeriod` entry.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RawBooking<'a> {
    event: &'a wire::Event,
    booking_info: Option<&'a wire::BookingInfo>,
}

/// One booking as a record; `info` (from `GetBookingsForPeriod`) adds what the event lacks.
pub fn reservation(
    event: &wire::Event,
    info: Option<&wire::BookingInfo>,
    ctx: &ReservantoContext,
    now: i64,
) -> Result<ReservationRecord, AppError> {
    let state = state(&event.status, event.no_show_status, event.end_date, now).ok_or_else(|| {
        AppError::new(
            ErrorKind::Malformed,
            format!("Reservanto sent booking {} in an unknown state “{}”.", event.appointment_id, event.status),
        )
    })?;
    let room = event.source_id.to_string();
    let persons = info.map(|i| i.person_count).filter(|n| *n > 0).unwrap_or(event.count).max(1) as u32;
    let notes: Vec<&str> = [event.customer_note.as_deref(), event.merchant_note.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let price = info.map_or(event.price, |i| i.price);
    Ok(ReservationRecord {
        provider_id: provider_id(event.key()),
        number: Some(event.appointment_id.to_string()),
        state,
        provider_state: event.status.clone(),
        arrival: ctx.local_date(event.start_date),
        departure: ctx.local_date(event.end_date),
        guest_provider_id: Some(event.customer_id.to_string()),
        category_provider_id: ctx.category_of(&room).map(str::to_owned),
        room_provider_id: Some(room),
        additional_room_provider_ids: Vec::new(),
        adults: persons,
        children: 0,
        total: (price > 0.0).then(|| Money::from_decimal(price, &ctx.currency)),
        notes: (!notes.is_empty()).then(|| notes.join("\n")),
        created_at: None,
        updated_at: None,
        raw: RawJson::of(&RawBooking { event, booking_info: info }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_last_word() {
        assert_eq!(split_name("Jan Novák"), (Some("Jan".into()), "Novák".into()));
        assert_eq!(split_name(" Anna  Marie Nováková "), (Some("Anna Marie".into()), "Nováková".into()));
        assert_eq!(split_name("Müller"), (None, "Müller".into()));
        assert_eq!(split_name(""), (None, "".into()));
    }

    #[test]
    fn capacities_and_floors_come_from_the_texts() {
        assert_eq!(stated_capacity("Cena za noc. Max. 4 osoby."), Some(4));
        assert_eq!(stated_capacity("max 2"), Some(2));
        assert_eq!(stated_capacity("Dvoulůžkový pokoj"), None);
        assert_eq!(floor_of("Pokoj 205"), Some("2".into()));
        assert_eq!(floor_of("Apartmán Lípa"), None);
    }

    #[test]
    fn states_follow_status_and_arrival() {
        let (end, before, after) = (1000, 500, 2000);
        assert_eq!(state("Confirmed", 0, end, before), Some(ReservationState::Confirmed));
        assert_eq!(state("Confirmed", 1, end, before), Some(ReservationState::CheckedIn));
        assert_eq!(state("Confirmed", 1, end, after), Some(ReservationState::CheckedOut));
        assert_eq!(state("Confirmed", 9, end, after), Some(ReservationState::NoShow));
        assert_eq!(state("ConfirmationRequested", 0, end, before), Some(ReservationState::Requested));
        assert_eq!(state("Rejected", 0, end, before), Some(ReservationState::Declined));
        assert_eq!(state("Canceled", 0, end, before), Some(ReservationState::Cancelled));
        assert_eq!(state("AlternateSubscribed", 0, end, before), Some(ReservationState::Inquiry));
        assert_eq!(state("Cancelled", 0, end, before), None, "Reservanto spells it with one L");
    }

    #[test]
    fn provider_ids_round_trip() {
        let key = BookingKey { appointment_id: 5501234, customer_id: 965123 };
        assert_eq!(provider_id(key), "5501234:965123");
        assert_eq!(parse_provider_id("5501234:965123").unwrap(), key);
        assert!(parse_provider_id("5501234").is_err());
        assert!(parse_provider_id("a:b").is_err());
    }
}
