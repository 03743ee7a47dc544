//! Availability (free nights per room), daily prices per room type or room and rate, rates and
//! booking sources. Windows are `from..=to` (both inclusive) of at most 90 days.

use chrono::{Duration, NaiveDate};
use innkeep_providers::mobile_calendar::wire::{self, DayAvailability, Items, RoomAvailability, MAX_WINDOW_DAYS};

use super::{Ctx, Reply};
use crate::mobile_calendar::errors::ApiError;
use crate::mobile_calendar::state::McState;

/// `from` and `to`, required, strict, in order, at most 90 days.
fn window(ctx: &Ctx<'_>) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let from = ctx.query.date("from")?.ok_or_else(|| ApiError::field("from", "from is required"))?;
    let to = ctx.query.date("to")?.ok_or_else(|| ApiError::field("to", "to is required"))?;
    if to < from {
        return Err(ApiError::field("to", "to must not be before from"));
    }
    if (to - from).num_days() + 1 > MAX_WINDOW_DAYS {
        return Err(ApiError::field("to", format!("the period from - to may span at most {MAX_WINDOW_DAYS} days")));
    }
    Ok((from, to))
}

/// The rooms named by `roomId` (all when absent); unknown ids are a 422.
fn rooms(state: &McState, ctx: &Ctx<'_>) -> Result<Vec<wire::Room>, ApiError> {
    let ids = ctx.query.ints("roomId")?;
    if ids.is_empty() {
        return Ok(state.rooms.clone());
    }
    let mut out = Vec::new();
    for id in ids {
        let room = state.room(id).ok_or_else(|| ApiError::field("roomId", format!("room {id} does not exist")))?;
        if !out.iter().any(|r: &wire::Room| r.room_id == id) {
            out.push(room.clone());
        }
    }
    out.sort_by_key(|r| r.room_id);
    Ok(out)
}

pub fn availability(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let (from, to) = window(ctx)?;
    let rooms = rooms(state, ctx)?;
    let data = rooms
        .iter()
        .map(|room| RoomAvailability {
            room_id: room.room_id,
            availability: from
                .iter_days()
                .take_while(|d| *d <= to)
                .map(|date| DayAvailability { date, rooms_to_sell: u32::from(state.is_free(room.room_id, date)) })
                .collect(),
        })
        .collect();
    Ok(Reply::ok(&Items { data, meta: ctx.meta() }))
}

pub fn pricing(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let (from, to) = window(ctx)?;
    // Prices never change in the sandbox after the property is set up: one year ago.
    if let Some(since) = ctx.query.last_edit()? {
        let set_up = state.now() - Duration::days(365);
        if since >= set_up {
            return Ok(Reply::NotModified);
        }
    }
    let rate_ids = ctx.query.ints("rateId")?;
    let rates: Vec<_> = if rate_ids.is_empty() {
        state.rates.clone()
    } else {
        rate_ids
            .iter()
            .map(|id| {
                state.rate(*id).cloned().ok_or_else(|| ApiError::field("rateId", format!("rate {id} does not exist")))
            })
            .collect::<Result<_, _>>()?
    };
    let type_ids = ctx.query.ints("typeId")?;
    for t in &type_ids {
        if !state.room_types.iter().any(|x| x.room_type_id == *t) {
            return Err(ApiError::field("typeId", format!("room type {t} does not exist")));
        }
    }
    let by_room = !ctx.query.ints("roomId")?.is_empty();
    // (room, type) pairs: the asked rooms, else the asked (or all) room types.
    let targets: Vec<(Option<i64>, i64)> = if by_room {
        rooms(state, ctx)?.iter().map(|r| (Some(r.room_id), r.room_type_id.unwrap_or_default())).collect()
    } else if !type_ids.is_empty() {
        type_ids.iter().map(|t| (None, *t)).collect()
    } else {
        state.room_types.iter().map(|t| (None, t.room_type_id)).collect()
    };
    let mut data = Vec::new();
    for (room_id, type_id) in targets {
        for rate in &rates {
            data.push(wire::Pricing {
                room_id,
                type_id: Some(type_id),
                rate: rate.wire.clone(),
                prices: from.iter_days().take_while(|d| *d <= to).map(|d| state.day_price(type_id, rate, d)).collect(),
            });
        }
    }
    Ok(Reply::ok(&Items { data, meta: ctx.meta() }))
}

pub fn rates(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    Ok(Reply::ok(&Items { data: state.rates.iter().map(|r| r.wire.clone()).collect(), meta: ctx.meta() }))
}

pub fn sources(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    Ok(Reply::ok(&Items { data: state.sources.clone(), meta: ctx.meta() }))
}
