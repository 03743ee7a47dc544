//! Availability, bookings and events of a period or a customer, one event, and the activity feed.
//!
//! Where reservanto.md is silent:
//! * Period reads select bookings by their start: `From <= start < To` (the one description found,
//!   a third party's, says so); cancelled and rejected bookings are listed too, with their status
//!   on the event. Both lists of a period hold the same bookings, sorted by start.
//! * A period may span at most 93 days (about three months; the API has no paging, so the
//!   sandbox keeps answers bounded); longer is a business error on `To` / `EndDate`.
//! * Availability answers leave out ids that are not the merchant's resources (as the official
//!   sample says `Values` may); `RentalLike/GetAvailability` also leaves out non-RentalLike ones.
//!   Intervals may span at most 366 days.
//! * `Booking/GetActivities` lists changes strictly after `ModifiedAfter` (all without it), oldest
//!   first.

use innkeep_providers::reservanto::wire;
use serde_json::Value;

use super::{decode, to_json, Data};
use crate::reservanto::errors::ApiError;
use crate::reservanto::state::State;

const MAX_PERIOD_SECS: i64 = 93 * 86_400;
const MAX_AVAILABILITY_SECS: i64 = 366 * 86_400;

fn period(from_field: &str, from: i64, to_field: &str, to: i64, max: i64) -> Result<(), ApiError> {
    if from <= 0 {
        return Err(ApiError::field(from_field, format!("Parametr {from_field} je povinný.")));
    }
    if to <= from {
        return Err(ApiError::field(to_field, format!("{to_field} musí být později než {from_field}.")));
    }
    if to - from > max {
        return Err(ApiError::field(to_field, format!("Období může být dlouhé nejvýše {} dní.", max / 86_400)));
    }
    Ok(())
}

pub fn rental_availability(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::RentalAvailabilityRequest = decode(body)?;
    if req.booking_resource_ids.is_empty() {
        return Err(ApiError::field("BookingResourceIds", "Zadejte alespoň jeden zdroj."));
    }
    period("IntervalStart", req.interval_start, "IntervalEnd", req.interval_end, MAX_AVAILABILITY_SECS)?;
    let mut availability = std::collections::BTreeMap::new();
    for id in &req.booking_resource_ids {
        let Some(r) = state.resource(*id).filter(|&r| state.resources[r].rental) else { continue };
        let free = state
            .free_intervals(r, req.interval_start, req.interval_end)
            .into_iter()
            .map(|(available_from, available_to)| wire::FreeInterval { available_from, available_to })
            .collect();
        availability.insert(id.to_string(), free);
    }
    Ok(to_json(&wire::RentalAvailabilityResponse { availability }))
}

pub fn resource_availability(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::ResourceAvailabilityRequest = decode(body)?;
    if req.booking_resource_ids.is_empty() {
        return Err(ApiError::field("BookingResourceIds", "Zadejte alespoň jeden zdroj."));
    }
    period("From", req.from, "To", req.to, MAX_AVAILABILITY_SECS)?;
    let mut values = std::collections::BTreeMap::new();
    for id in &req.booking_resource_ids {
        let Some(r) = state.resource(*id) else { continue };
        let free = state.free_intervals(r, req.from, req.to);
        values.insert(id.to_string(), free == [(req.from, req.to)]);
    }
    Ok(to_json(&wire::ResourceAvailabilityResponse { values }))
}

pub fn bookings_for_period(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::PeriodRequest = decode(body)?;
    period("From", req.from, "To", req.to, MAX_PERIOD_SECS)?;
    let booking_info_models = state.starting_in(req.from, req.to).into_iter().map(|i| state.booking_info(i)).collect();
    Ok(to_json(&wire::BookingInfosResponse { booking_info_models }))
}

pub fn bookings_for_customer(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::BookingsForCustomerRequest = decode(body)?;
    if state.customer(req.customer_id).is_none() {
        return Err(ApiError::customer_not_found("CustomerId"));
    }
    period("Date", req.date, "DateTo", req.date_to, MAX_AVAILABILITY_SECS)?;
    let booking_info_models = state
        .starting_in(req.date, req.date_to)
        .into_iter()
        .filter(|&i| state.bookings[i].customer_id == req.customer_id)
        .map(|i| state.booking_info(i))
        .collect();
    Ok(to_json(&wire::BookingInfosResponse { booking_info_models }))
}

pub fn events(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::EventListRequest = decode(body)?;
    period("StartDate", req.start_date, "EndDate", req.end_date, MAX_PERIOD_SECS)?;
    let events = state.starting_in(req.start_date, req.end_date).into_iter().map(|i| state.event(i)).collect();
    Ok(to_json(&wire::EventsResponse { events }))
}

/// The booking of a key: unknown appointment → `AppointmentId`; known appointment without this
/// customer → `CustomerId`.
pub fn find(state: &State, key: wire::BookingKey) -> Result<usize, ApiError> {
    state.booking(key).ok_or_else(|| {
        if state.bookings.iter().any(|b| b.appointment_id == key.appointment_id) {
            ApiError::field("CustomerId", "Zákazník na této události nemá rezervaci.")
        } else {
            ApiError::booking_not_found()
        }
    })
}

pub fn event(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let key: wire::BookingKey = decode(body)?;
    let i = find(state, key)?;
    Ok(to_json(&wire::ItemResponse { result: Some(state.event(i)) }))
}

pub fn activities(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::ActivitiesRequest = decode(body)?;
    let activities: Vec<wire::Activity> =
        state.activities.iter().filter(|a| req.modified_after.is_none_or(|t| a.occured_at > t)).cloned().collect();
    Ok(to_json(&wire::ActivitiesResponse { activities }))
}
