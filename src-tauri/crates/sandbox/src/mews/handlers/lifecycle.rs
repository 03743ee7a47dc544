//! `reservations/confirm`, `start` (check-in), `process` (check-out) and `cancel`.
//!
//! Every state guard answers 403 with a sentence for the hotel user (mews.md §10.6 infers 403;
//! unknown ids are 400 `Invalid ReservationId(s)`). Decisions where mews.md is silent:
//! * Batch calls (confirm, cancel) are all-or-nothing: nothing changes if any id fails.
//! * `start` is allowed from the arrival date on (early check-in on the day), needs a room and
//!   nobody else checked in to it. Housekeeping state is not checked: the sandbox has no
//!   operation that could make a room `Inspected`.
//! * `process` is allowed from the last night on; there are no bills to balance, but
//!   `AllowOpenBalance: true` still requires `Notes` (400).
//! * `cancel` accepts `Confirmed`, `Optional`, `Inquired` and `Requested`; it sets `State`
//!   "Canceled", `CancelledUtc` and `CancellationReason` "Other" (the API takes no reason), and
//!   keeps the room id on the record while freeing the room.

use chrono::Duration;
use innkeep_providers::mews::wire::*;
use serde_json::Value;

use super::{decode, Reply};
use crate::mews::errors::ApiError;
use crate::mews::state::{MewsState, ReservationRec, CANCELED};
use crate::mews::time::human;
use crate::mews::validate;

fn find(state: &MewsState, field: &str, id: &str) -> Result<usize, ApiError> {
    state.reservations.position(id).ok_or_else(|| ApiError::invalid(field, format!("unknown reservation {id}")))
}

/// Positions of the given ids, each once, in the order given.
fn find_all(state: &MewsState, ids: &[String]) -> Result<Vec<usize>, ApiError> {
    validate::required_ids("ReservationIds", ids)?;
    let mut out: Vec<usize> = Vec::with_capacity(ids.len());
    for id in ids {
        let i = find(state, "ReservationIds", id)?;
        if !out.contains(&i) {
            out.push(i);
        }
    }
    Ok(out)
}

fn describe(state: &str) -> &str {
    match state {
        "Inquired" => "an inquiry",
        "Requested" => "a request",
        "Optional" => "optional",
        "Confirmed" => "confirmed",
        "Started" => "checked in",
        "Processed" => "checked out",
        CANCELED => "canceled",
        other => other,
    }
}

fn ids_reply(state: &MewsState, positions: &[usize]) -> Reply {
    let reservation_ids = positions.iter().map(|&i| state.reservations.at(i).wire.id.clone()).collect();
    Reply::json(&ReservationIdsResponse { reservation_ids })
}

pub fn confirm(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ReservationsConfirmRequest = decode(body)?;
    let positions = find_all(state, &req.reservation_ids)?;
    for &i in &positions {
        let r = &state.reservations.at(i).wire;
        if r.state != "Optional" {
            return Err(ApiError::forbidden(format!(
                "Only optional reservations can be confirmed; reservation {} is {}.",
                r.number,
                describe(&r.state)
            )));
        }
    }
    let now = state.clock.tick();
    for &i in &positions {
        let r = &mut state.reservations.at_mut(i).wire;
        r.state = "Confirmed".into();
        r.updated_utc = now;
    }
    Ok(ids_reply(state, &positions))
}

pub fn start(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ReservationStartRequest = decode(body)?;
    let i = find(state, "ReservationId", &req.reservation_id)?;
    let today = state.today();
    let rec: &ReservationRec = state.reservations.at(i);
    let number = &rec.wire.number;
    if rec.wire.state != "Confirmed" {
        return Err(ApiError::forbidden(format!(
            "Only confirmed reservations can be checked in; reservation {number} is {}.",
            describe(&rec.wire.state)
        )));
    }
    if rec.arrival > today {
        return Err(ApiError::forbidden(format!(
            "Reservation {number} cannot be checked in before its arrival date, {}.",
            human(rec.arrival)
        )));
    }
    let Some(room) = rec.room else {
        return Err(ApiError::forbidden(format!(
            "Reservation {number} has no room assigned; assign one before check-in."
        )));
    };
    if state.room_has_guest(room, i) {
        return Err(ApiError::forbidden(format!(
            "Room {} is still occupied by a guest who has not checked out.",
            state.rooms.at(room).wire.name
        )));
    }
    let now = state.clock.tick();
    let r = &mut state.reservations.at_mut(i).wire;
    r.state = "Started".into();
    r.actual_start_utc = Some(now);
    r.updated_utc = now;
    Ok(Reply::empty_object())
}

pub fn process(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ReservationProcessRequest = decode(body)?;
    let i = find(state, "ReservationId", &req.reservation_id)?;
    if req.allow_open_balance == Some(true) && req.notes.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(ApiError::invalid("Notes", "required when AllowOpenBalance is true"));
    }
    let today = state.today();
    let rec = state.reservations.at(i);
    let number = &rec.wire.number;
    if rec.wire.state != "Started" {
        return Err(ApiError::forbidden(format!(
            "Only checked-in reservations can be checked out; reservation {number} is {}.",
            describe(&rec.wire.state)
        )));
    }
    let last_night = rec.departure - Duration::days(1);
    if today < last_night {
        return Err(ApiError::forbidden(format!(
            "Reservation {number} cannot be checked out before its last night, {}.",
            human(last_night)
        )));
    }
    let now = state.clock.tick();
    let r = &mut state.reservations.at_mut(i).wire;
    r.state = "Processed".into();
    r.actual_end_utc = Some(now);
    r.updated_utc = now;
    Ok(Reply::empty_object())
}

pub fn cancel(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ReservationsCancelRequest = decode(body)?;
    if req.notes.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return Err(ApiError::invalid("Notes", "the field is required"));
    }
    let positions = find_all(state, &req.reservation_ids)?;
    for &i in &positions {
        let r = &state.reservations.at(i).wire;
        let why = match r.state.as_str() {
            CANCELED => Some("is already canceled"),
            "Started" => Some("is checked in and cannot be canceled; check the guest out instead"),
            "Processed" => Some("is checked out and can no longer be canceled"),
            _ => None,
        };
        if let Some(why) = why {
            return Err(ApiError::forbidden(format!("Reservation {} {why}.", r.number)));
        }
    }
    let now = state.clock.tick();
    for &i in &positions {
        let r = &mut state.reservations.at_mut(i).wire;
        r.state = CANCELED.into();
        r.cancelled_utc = Some(now);
        r.cancellation_reason = Some("Other".into());
        r.updated_utc = now;
    }
    Ok(ids_reply(state, &positions))
}
