//! `reservations/getAll/2023-06-06`: every filter of the wire request, with Mews' limits.
//!
//! Filter semantics: intervals are inclusive at both ends; `CollidingUtc` selects reservations
//! whose `[ScheduledStartUtc, ScheduledEndUtc]` overlaps it; `ActualStartUtc`/`ActualEndUtc`
//! match only reservations that have those times; without `States` every state is returned.

use innkeep_providers::mews::wire::*;
use serde_json::Value;

use super::{decode, Reply};
use crate::mews::errors::ApiError;
use crate::mews::state::MewsState;
use crate::mews::validate::{self, id_set, in_interval, in_list, in_set};

pub const STATES: &[&str] = &["Inquired", "Confirmed", "Started", "Processed", "Canceled", "Optional", "Requested"];

fn opt_in_interval(t: Option<chrono::DateTime<chrono::Utc>>, interval: Option<&TimeInterval>) -> bool {
    match interval {
        None => true,
        Some(_) => t.is_some_and(|t| in_interval(t, interval)),
    }
}

pub fn get_all(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ReservationsGetAllRequest = decode(body)?;
    let lim = validate::limitation(req.limitation.as_ref())?;
    validate::ids("ReservationIds", req.reservation_ids.as_ref())?;
    validate::ids("ServiceIds", req.service_ids.as_ref())?;
    validate::ids("AccountIds", req.account_ids.as_ref())?;
    validate::ids("Numbers", req.numbers.as_ref())?;
    validate::ids("ChannelNumbers", req.channel_numbers.as_ref())?;
    for (name, interval) in [
        ("CreatedUtc", &req.created_utc),
        ("UpdatedUtc", &req.updated_utc),
        ("CollidingUtc", &req.colliding_utc),
        ("ScheduledStartUtc", &req.scheduled_start_utc),
        ("ScheduledEndUtc", &req.scheduled_end_utc),
        ("ActualStartUtc", &req.actual_start_utc),
        ("ActualEndUtc", &req.actual_end_utc),
    ] {
        validate::interval(name, interval.as_ref())?;
    }
    if req.scheduled_start_utc.is_some() && req.actual_start_utc.is_some() {
        return Err(ApiError::invalid("ActualStartUtc", "it cannot be combined with ScheduledStartUtc"));
    }
    if req.scheduled_end_utc.is_some() && req.actual_end_utc.is_some() {
        return Err(ApiError::invalid("ActualEndUtc", "it cannot be combined with ScheduledEndUtc"));
    }
    if let Some(bad) = req.states.iter().flatten().find(|s| !STATES.contains(&s.as_str())) {
        return Err(ApiError::invalid("States", format!("unknown state {bad:?}")));
    }

    let ids = id_set(req.reservation_ids.as_ref());
    let (page, cursor) = state.reservations.page(lim, |rec| {
        let r = &rec.wire;
        in_set(&r.id, ids.as_ref())
            && in_list(&r.service_id, req.service_ids.as_ref())
            && in_list(&r.account_id, req.account_ids.as_ref())
            && in_list(&r.number, req.numbers.as_ref())
            && in_list(&r.state, req.states.as_ref())
            && req.channel_numbers.as_ref().is_none_or(|l| r.channel_number.as_ref().is_some_and(|n| l.contains(n)))
            && in_interval(r.created_utc, req.created_utc.as_ref())
            && in_interval(r.updated_utc, req.updated_utc.as_ref())
            && in_interval(r.scheduled_start_utc, req.scheduled_start_utc.as_ref())
            && in_interval(r.scheduled_end_utc, req.scheduled_end_utc.as_ref())
            && opt_in_interval(r.actual_start_utc, req.actual_start_utc.as_ref())
            && opt_in_interval(r.actual_end_utc, req.actual_end_utc.as_ref())
            && req
                .colliding_utc
                .is_none_or(|c| r.scheduled_start_utc <= c.end_utc && c.start_utc <= r.scheduled_end_utc)
    })?;
    let empty = page.is_empty();
    let reservations = page.into_iter().map(|r| r.wire.clone()).collect();
    Ok(Reply::page(&ReservationsGetAllResponse { reservations, cursor }, empty))
}
