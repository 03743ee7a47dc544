//! `reservations/add` and `reservations/price`, which share the "reservation parameters".
//!
//! Decisions where mews.md is silent:
//! * A stay is the local dates of `StartUtc`/`EndUtc`; the record is normalized to arrival 14:00
//!   and departure 12:00 local (the service offsets). At least one night, at most 365.
//! * `add` is all-or-nothing: every reservation is checked for shape (400) first, then each is
//!   checked against the business rules and booked in order, seeing the ones before it; if one
//!   fails nothing is kept. One call makes one reservation group (unless `GroupId` names an
//!   existing one) and one `UpdatedUtc`.
//! * Business rules (403): arrival before today; more guests than `Capacity + ExtraCapacity`;
//!   no free room of the category on some night (skipped with `CheckOverbooking: false`); the
//!   requested `AssignedResourceId` already taken on some night (always checked).
//! * Room choice: the requested room, else see `rooms::place` (a free room, or one made free by
//!   moving not-yet-arrived reservations). If that fails too (overbooked with `CheckOverbooking:
//!   false`), the reservation is made without a room, as Mews allows.
//! * `TimeUnitPrices` are validated (index within the stay, the enterprise currency EUR,
//!   `GrossValue` because pricing is gross, at most one tax code) and used by `price`.
//! * `price` ignores capacity and dates in the past (it only quotes).

use chrono::{Duration, NaiveDate};
use innkeep_providers::mews::wire::*;
use serde_json::Value;

use super::{decode, Reply};
use crate::mews::errors::ApiError;
use crate::mews::pricing::{self, Money};
use crate::mews::rooms::{self, Placement};
use crate::mews::state::{MewsState, ReservationRec};
use crate::mews::time::{self, human};
use crate::mews::validate::MAX_IDS;

const MAX_NIGHTS: i64 = 365;

/// One reservation's parameters, checked for shape (400) and resolved to positions.
struct Booking {
    identifier: Option<String>,
    state: &'static str,
    customer: Option<String>,
    booker: Option<String>,
    category: usize,
    rate: usize,
    arrival: NaiveDate,
    departure: NaiveDate,
    person_counts: Vec<PersonCount>,
    persons: u32,
    notes: Option<String>,
    channel_number: Option<String>,
    room: Option<usize>,
    prices: Vec<Money>,
}

fn check_service(state: &MewsState, service_id: &str) -> Result<(), ApiError> {
    if service_id != state.accommodation_id() {
        return Err(ApiError::invalid("ServiceId", "not a bookable service of this enterprise"));
    }
    Ok(())
}

fn check_list(list: &[ReservationParameters]) -> Result<(), ApiError> {
    if list.is_empty() || list.len() > MAX_IDS {
        return Err(ApiError::invalid("Reservations", format!("between 1 and {MAX_IDS} reservations are required")));
    }
    Ok(())
}

fn parse(state: &MewsState, p: &ReservationParameters, for_add: bool) -> Result<Booking, ApiError> {
    let st = match p.state.as_deref() {
        None | Some("Confirmed") => "Confirmed",
        Some("Optional") => "Optional",
        // 2017 spelling on the way in, 2023 spelling in the stored record.
        Some("Enquired") => "Inquired",
        Some(other) => {
            return Err(ApiError::invalid("State", format!("{other:?} is not Optional, Enquired or Confirmed")))
        }
    };
    let customer = match (&p.customer_id, for_add) {
        (Some(id), _) if state.customers.get(id).is_some() => Some(id.clone()),
        (Some(_), true) | (None, true) => return Err(ApiError::invalid("CustomerId", "unknown or missing customer")),
        (_, false) => None,
    };
    if let Some(b) = &p.booker_id {
        if for_add && state.customers.get(b).is_none() {
            return Err(ApiError::invalid("BookerId", "unknown customer"));
        }
    }
    let category = state
        .categories
        .position(&p.requested_category_id)
        .ok_or_else(|| ApiError::invalid("RequestedCategoryId", "unknown resource category"))?;
    let rate = state.rates.position(&p.rate_id).ok_or_else(|| ApiError::invalid("RateId", "unknown rate"))?;

    let mut person_counts: Vec<PersonCount> = Vec::new();
    for pc in &p.person_counts {
        if state.age_categories.get(&pc.age_category_id).is_none() {
            return Err(ApiError::invalid("PersonCounts", "unknown AgeCategoryId"));
        }
        if pc.count > 0 {
            person_counts.push(pc.clone());
        }
    }
    let persons: u32 = person_counts.iter().map(|pc| pc.count).sum();
    if persons == 0 {
        return Err(ApiError::invalid("PersonCounts", "at least one person is required"));
    }

    let arrival = time::local_date(p.start_utc);
    let departure = time::local_date(p.end_utc);
    if departure <= arrival {
        return Err(ApiError::invalid("EndUtc", "the departure date must be after the arrival date"));
    }
    let nights = (departure - arrival).num_days();
    if nights > MAX_NIGHTS {
        return Err(ApiError::invalid("EndUtc", format!("a stay can be at most {MAX_NIGHTS} nights long")));
    }

    let mut prices = state.stay_price(category, rate, arrival, departure);
    for tup in p.time_unit_prices.iter().flatten() {
        let a = &tup.amount;
        let problem = if i64::from(tup.index) >= nights {
            Some(format!("Index {} is outside the stay of {nights} nights", tup.index))
        } else if a.currency != pricing::CURRENCY {
            Some(format!("currency {:?} is not accepted; use {}", a.currency, pricing::CURRENCY))
        } else if a.gross_value.is_none() {
            Some("the enterprise prices gross: send GrossValue".to_owned())
        } else if a.tax_codes.len() > 1 {
            Some("only one tax code is allowed with GrossValue".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(ApiError::invalid("TimeUnitPrices", problem));
        }
        let gross = (a.gross_value.unwrap_or_default() * 100.0).round() as i64;
        if gross < 0 {
            return Err(ApiError::invalid("TimeUnitPrices", "prices cannot be negative"));
        }
        prices[tup.index as usize] = Money::from_gross(gross);
    }

    let room = match &p.assigned_resource_id {
        None => None,
        Some(id) => {
            let room =
                state.rooms.position(id).ok_or_else(|| ApiError::invalid("AssignedResourceId", "unknown resource"))?;
            if state.rooms.at(room).category != category {
                let name = &state.rooms.at(room).wire.name;
                return Err(ApiError::invalid(
                    "AssignedResourceId",
                    format!("room {name} is not of the requested category"),
                ));
            }
            Some(room)
        }
    };
    Ok(Booking {
        identifier: p.identifier.clone(),
        state: st,
        customer,
        booker: p.booker_id.clone(),
        category,
        rate,
        arrival,
        departure,
        person_counts,
        persons,
        notes: p.notes.clone().filter(|n| !n.trim().is_empty()),
        channel_number: p.channel_number.clone().filter(|n| !n.trim().is_empty()),
        room,
        prices,
    })
}

fn category_name(state: &MewsState, category: usize) -> String {
    state.categories.at(category).wire.names.get("en-US").cloned().unwrap_or_default()
}

/// The business rules of one reservation, checked against the state including the reservations
/// added before it in the same call; returns where it sleeps.
fn admit(state: &mut MewsState, r: &Booking, check_overbooking: bool) -> Result<Option<Placement>, ApiError> {
    let today = state.today();
    if r.arrival < today {
        return Err(ApiError::forbidden(format!("The arrival date {} is in the past.", human(r.arrival))));
    }
    let cat = &state.categories.at(r.category).wire;
    let max = cat.capacity + cat.extra_capacity;
    if r.persons > max {
        let name = category_name(state, r.category);
        return Err(ApiError::forbidden(format!(
            "A {name} sleeps at most {max} guests; this booking is for {}.",
            r.persons
        )));
    }
    let nights = (r.departure - r.arrival).num_days() as usize;
    if check_overbooking {
        let free = &state.availability(r.arrival, nights)[r.category];
        if let Some(offset) = free.iter().position(|f| *f <= 0) {
            let name = category_name(state, r.category);
            let night = r.arrival + Duration::days(offset as i64);
            return Err(ApiError::forbidden(format!(
                "There is no free {name} on the night of {}. The hotel is fully booked in this category.",
                human(night)
            )));
        }
    }
    if let Some(room) = r.room {
        return match state.room_clash(room, r.arrival, r.departure) {
            Some(night) => Err(ApiError::forbidden(format!(
                "Room {} is already booked on the night of {}.",
                state.rooms.at(room).wire.name,
                human(night)
            ))),
            None => Ok(Some(Placement { room, moves: Vec::new() })),
        };
    }
    Ok(rooms::place(state, r.category, r.arrival, r.departure, today))
}

/// Admits and stores the reservations one by one. Fails on the first that breaks a rule, after
/// the ones before it were stored: callers run it on a copy when there is more than one.
fn book_all(
    state: &mut MewsState,
    parsed: Vec<Booking>,
    group_id: Option<String>,
    check_overbooking: bool,
) -> Result<Vec<AddedReservation>, ApiError> {
    let service_id = state.accommodation_id().to_owned();
    let mut stamp: Option<(chrono::DateTime<chrono::Utc>, String)> = None;
    let mut added = Vec::with_capacity(parsed.len());
    for r in parsed {
        let placement = admit(state, &r, check_overbooking)?;
        // One timestamp and one group for the whole call, taken once the first one is admitted.
        let (now, group_id) = match &stamp {
            Some(s) => s.clone(),
            None => {
                let s = (state.clock.tick(), group_id.clone().unwrap_or_else(|| state.rng.guid()));
                stamp = Some(s.clone());
                s
            }
        };
        let room = placement.map(|p| {
            for (reservation, to) in p.moves {
                rooms::apply_move(state, reservation, to, now);
            }
            p.room
        });
        let number = state.next_reservation_number.to_string();
        state.next_reservation_number += 1;
        let rec = ReservationRec {
            wire: Reservation {
                id: state.rng.guid(),
                service_id: service_id.clone(),
                account_id: r.customer.expect("add requires a customer"),
                account_type: Some("Customer".into()),
                booker_id: r.booker,
                number,
                state: r.state.into(),
                origin: Some("Connector".into()),
                created_utc: now,
                updated_utc: now,
                cancelled_utc: None,
                cancellation_reason: None,
                rate_id: state.rates.at(r.rate).wire.id.clone(),
                group_id,
                requested_resource_category_id: state.categories.at(r.category).wire.id.clone(),
                assigned_resource_id: room.map(|room| state.rooms.at(room).wire.id.clone()),
                assigned_resource_locked: false,
                channel_number: r.channel_number,
                scheduled_start_utc: time::arrival_utc(r.arrival),
                actual_start_utc: None,
                scheduled_end_utc: time::departure_utc(r.departure),
                actual_end_utc: None,
                purpose: None,
                person_counts: r.person_counts,
                notes: r.notes,
            },
            arrival: r.arrival,
            departure: r.departure,
            category: r.category,
            room,
        };
        let reservation = rec.to_2017();
        state.insert_reservation(rec);
        added.push(AddedReservation { identifier: r.identifier, reservation });
    }
    Ok(added)
}

pub fn add(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ReservationsAddRequest = decode(body)?;
    check_service(state, &req.service_id)?;
    check_list(&req.reservations)?;
    if let Some(g) = &req.group_id {
        if !state.groups.contains(g) {
            return Err(ApiError::invalid("GroupId", "unknown reservation group"));
        }
    }
    let parsed = req.reservations.iter().map(|p| parse(state, p, true)).collect::<Result<Vec<_>, _>>()?;
    let check_overbooking = req.check_overbooking.unwrap_or(true);
    let added = if parsed.len() == 1 {
        // A single reservation is checked before anything is written.
        book_all(state, parsed, req.group_id, check_overbooking)?
    } else {
        // All or nothing: book on a copy and keep it only if every reservation got in.
        let mut draft = state.clone();
        let added = book_all(&mut draft, parsed, req.group_id, check_overbooking)?;
        *state = draft;
        added
    };
    Ok(Reply::json(&ReservationsAddResponse { reservations: added }))
}

pub fn price(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ReservationsPriceRequest = decode(body)?;
    check_service(state, &req.service_id)?;
    check_list(&req.reservations)?;
    let reservation_prices = req
        .reservations
        .iter()
        .map(|p| {
            let r = parse(state, p, false)?;
            let total = r.prices.iter().fold(Money::default(), |sum, m| sum.add(*m));
            Ok(ReservationPrice { identifier: r.identifier, total_amount: total.amount() })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Reply::json(&ReservationsPriceResponse { reservation_prices }))
}
