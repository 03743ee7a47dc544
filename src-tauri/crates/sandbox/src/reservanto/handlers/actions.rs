//! Bookings: `RentalLike/CreateBooking`, `Booking/Cancel`, `Confirm`, `Reject`,
//! `OneToOne/MoveBooking` and `Booking/SetNoShowState`. Every check runs before anything
//! changes, so a refused action leaves no trace.
//!
//! Where reservanto.md is silent:
//! * New bookings through the API are `Confirmed` (RentalLike has no `ForceConfirmed`; the
//!   merchant approves only the bookings its public booking form takes); `Count` is persons and
//!   may not exceed the room's maximum (its description says "Max. N osob"); the price is the
//!   room type's nightly price per local night, Friday and Saturday nights 10 % more.
//! * A booking may not start before today's local midnight nor last more than 60 days.
//! * A RentalLike booking that overlaps a held booking on the resource (capacity 1) is a business
//!   error naming `BookingResourceId` ("…je v termínu … obsazen"); a move into one names `StartsAt`.
//! * Cancel: Confirmed, ConfirmationRequested and waiting-list bookings that have not ended; the
//!   merchant's rule forbids it within 48 hours of the start unless `OverrideCancellationLate`
//!   (error naming `OverrideCancellationLate`).
//! * Confirm / Reject: only `ConfirmationRequested`.
//! * Move (the only move operation; it keeps the resource): Confirmed or ConfirmationRequested
//!   bookings that have not ended; once the guest has arrived only the end may change.
//! * SetNoShowState: Confirmed bookings; 1 (arrived) and 9 (did not come) from the start's local
//!   day on; 0 resets.
//! * Changes of bookings made through the API go to the activity feed (Canceled, Rejected,
//!   Confirmed only, as documented).

use innkeep_providers::reservanto::wire::{self, no_show, status};
use serde_json::Value;

use super::reads::find;
use super::{decode, to_json, Data};
use crate::reservanto::errors::ApiError;
use crate::reservanto::seed::{property::ROOM_TYPES, stays::stay_price};
use crate::reservanto::state::{BookingRec, State};
use crate::reservanto::time::{self, human};

const MAX_STAY_SECS: i64 = 60 * 86_400;

fn status_word(status: &str) -> &'static str {
    match status {
        status::CONFIRMATION_REQUESTED => "čeká na potvrzení",
        status::CONFIRMED => "potvrzena",
        status::CANCELED => "stornována",
        status::REJECTED => "zamítnuta",
        status::ALTERNATE_SUBSCRIBED | status::ALTERNATE_AUTO_PROMOTION => "náhradník",
        _ => "neznámý stav",
    }
}

/// The price of a rental booking `[start, end)` on `resource` (by local nights).
fn rental_price(state: &State, resource: usize, start: i64, end: i64) -> f64 {
    let ids = &state.resources[resource].wire.booking_service_ids;
    let night = ROOM_TYPES.iter().find(|t| ids.contains(&t.service_id)).map_or(1890.0, |t| t.night_price);
    stay_price(night, time::local_date_of(start), time::local_date_of(end))
}

fn status_reply(b: &BookingRec) -> Data {
    to_json(&wire::BookingStatusResponse {
        appointment_id: b.appointment_id,
        customer_id: b.customer_id,
        status: Some(b.status.to_owned()),
    })
}

fn times(state: &mut State, start_field: &str, start: i64, end_field: &str, end: i64) -> Result<(), ApiError> {
    if end <= start {
        return Err(ApiError::field(end_field, "Konec rezervace musí být po jejím začátku."));
    }
    if end - start > MAX_STAY_SECS {
        return Err(ApiError::field(end_field, "Rezervace může trvat nejvýše 60 dní."));
    }
    let now = state.now();
    if start < time::midnight(time::local_date(now)) {
        return Err(ApiError::field(start_field, "Rezervaci nelze umístit do minulosti."));
    }
    Ok(())
}

pub fn create(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::CreateRentalBookingRequest = decode(body)?;
    let resource = state
        .resource(req.booking_resource_id)
        .ok_or_else(|| ApiError::field("BookingResourceId", "Hledaný zdroj neexistuje!"))?;
    let res = &state.resources[resource];
    if !res.rental {
        return Err(ApiError::field("BookingResourceId", "Zdroj nepatří do zaměření typu půjčovna (RentalLike)."));
    }
    let name = res.wire.name.clone().unwrap_or_default();
    let max_persons = res.max_persons;
    if state.customer(req.customer_id).is_none_or(|c| c.deleted) {
        return Err(ApiError::customer_not_found("CustomerId"));
    }
    times(state, "BookingStart", req.booking_start, "BookingEnd", req.booking_end)?;
    let count = req.count.unwrap_or(1);
    if count < 1 || count > max_persons {
        return Err(ApiError::field(
            "Count",
            format!("Počet osob ({count}) neodpovídá kapacitě zdroje {name} (1 až {max_persons})."),
        ));
    }
    if let Some(other) = state.clash(resource, req.booking_start, req.booking_end, None) {
        return Err(ApiError::field(
            "BookingResourceId",
            format!("Zdroj {name} je v termínu {} – {} již obsazen.", human(other.start), human(other.end)),
        ));
    }
    let now = state.clock.tick().timestamp();
    let appointment_id = state.next_appointment_id;
    state.next_appointment_id += 1;
    let price = rental_price(state, resource, req.booking_start, req.booking_end);
    let note = req.customer_note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    state.add_booking(BookingRec {
        appointment_id,
        customer_id: req.customer_id,
        resource,
        service_id: None,
        start: req.booking_start,
        end: req.booking_end,
        status: status::CONFIRMED,
        count,
        customer_note: note,
        merchant_note: None,
        price,
        paid: 0.0,
        payment_method: None,
        no_show: no_show::UNKNOWN,
        created_at: now,
        modified_at: now,
        via_api: true,
    });
    Ok(to_json(&wire::BookingCreatedResponse {
        appointment_id,
        customer_id: req.customer_id,
        status: Some(status::CONFIRMED.to_owned()),
        is_payment_required: false,
        is_payment_required_processing: false,
    }))
}

pub fn cancel(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::CancelBookingRequest = decode(body)?;
    let key = wire::BookingKey { appointment_id: req.appointment_id, customer_id: req.customer_id };
    let i = find(state, key)?;
    let now = state.now_unix();
    let b = &state.bookings[i];
    match b.status {
        status::CANCELED => return Err(ApiError::rule("Rezervace již byla stornována.")),
        status::REJECTED => return Err(ApiError::rule("Zamítnutou rezervaci nelze stornovat.")),
        _ => {}
    }
    if b.end <= now {
        return Err(ApiError::rule(format!("Rezervace ({}) již proběhla, nelze ji stornovat.", state.describe(b))));
    }
    let hours = state.late_cancel_hours;
    if b.start - now < hours * 3600 && req.override_cancellation_late != Some(true) {
        return Err(ApiError::field(
            "OverrideCancellationLate",
            format!("Rezervaci lze stornovat nejpozději {hours} hodin před jejím začátkem ({}).", human(b.start)),
        ));
    }
    let at = state.clock.tick().timestamp();
    let b = &mut state.bookings[i];
    b.status = status::CANCELED;
    b.modified_at = at;
    state.record_activity(i, status::CANCELED, at);
    Ok(status_reply(&state.bookings[i]))
}

fn decide(state: &mut State, body: Value, to: &'static str) -> Result<Data, ApiError> {
    let key: wire::BookingKey = decode(body)?;
    let i = find(state, key)?;
    let b = &state.bookings[i];
    if b.status != status::CONFIRMATION_REQUESTED {
        return Err(ApiError::rule(format!("Rezervace nečeká na potvrzení (je {}).", status_word(b.status))));
    }
    let at = state.clock.tick().timestamp();
    let b = &mut state.bookings[i];
    b.status = to;
    b.modified_at = at;
    state.record_activity(i, to, at);
    Ok(status_reply(&state.bookings[i]))
}

pub fn confirm(state: &mut State, body: Value) -> Result<Data, ApiError> {
    decide(state, body, status::CONFIRMED)
}

pub fn reject(state: &mut State, body: Value) -> Result<Data, ApiError> {
    decide(state, body, status::REJECTED)
}

pub fn move_booking(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::MoveBookingRequest = decode(body)?;
    let key = wire::BookingKey { appointment_id: req.appointment_id, customer_id: req.customer_id };
    let i = find(state, key)?;
    let now = state.now_unix();
    let b = &state.bookings[i];
    if !b.holds() {
        return Err(ApiError::rule(format!("Rezervaci nelze přesunout: je {}.", status_word(b.status))));
    }
    if b.end <= now {
        return Err(ApiError::rule(format!("Rezervace ({}) již proběhla, nelze ji přesunout.", state.describe(b))));
    }
    let (old_start, arrived, resource) = (b.start, b.no_show == no_show::ARRIVED, b.resource);
    if arrived && req.starts_at != old_start {
        return Err(ApiError::field("StartsAt", "Host již dorazil: začátek rezervace nelze změnit, jen její konec."));
    }
    if req.starts_at != old_start || req.ends_at <= now {
        times(state, "StartsAt", req.starts_at, "EndsAt", req.ends_at)?;
    } else if req.ends_at <= req.starts_at {
        return Err(ApiError::field("EndsAt", "Konec rezervace musí být po jejím začátku."));
    }
    if let Some(other) = state.clash(resource, req.starts_at, req.ends_at, Some(i)) {
        let name = state.resources[resource].wire.name.clone().unwrap_or_default();
        return Err(ApiError::field(
            "StartsAt",
            format!("Zdroj {name} je v termínu {} – {} již obsazen.", human(other.start), human(other.end)),
        ));
    }
    let at = state.clock.tick().timestamp();
    let price = if state.resources[resource].rental {
        rental_price(state, resource, req.starts_at, req.ends_at)
    } else {
        state.bookings[i].price
    };
    let b = &mut state.bookings[i];
    b.start = req.starts_at;
    b.end = req.ends_at;
    b.price = price;
    b.paid = b.paid.min(price);
    b.modified_at = at;
    Ok(status_reply(&state.bookings[i]))
}

pub fn no_show(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::NoShowRequest = decode(body)?;
    if ![no_show::UNKNOWN, no_show::ARRIVED, no_show::NO_SHOW].contains(&req.no_show_status) {
        return Err(ApiError::field("NoShowStatus", "NoShowStatus musí být 0, 1 nebo 9."));
    }
    let key = wire::BookingKey { appointment_id: req.appointment_id, customer_id: req.customer_id };
    let i = find(state, key)?;
    let now = state.now();
    let b = &state.bookings[i];
    if b.status != status::CONFIRMED {
        return Err(ApiError::rule(format!(
            "Příchod lze zaznamenat jen u potvrzené rezervace (tato je {}).",
            status_word(b.status)
        )));
    }
    let first_day = time::local_date_of(b.start);
    if req.no_show_status != no_show::UNKNOWN && first_day > time::local_date(now) {
        return Err(ApiError::field(
            "NoShowStatus",
            format!("Příchod lze zaznamenat nejdříve v den začátku rezervace ({}).", first_day.format("%-d. %-m. %Y")),
        ));
    }
    let at = state.clock.tick().timestamp();
    let b = &mut state.bookings[i];
    b.no_show = req.no_show_status;
    b.modified_at = at;
    Ok(to_json(&wire::NoShowResponse { booking_info_model: Some(state.booking_info(i)) }))
}
