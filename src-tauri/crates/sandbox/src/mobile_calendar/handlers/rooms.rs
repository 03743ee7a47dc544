//! Rooms and room types. Rooms may be read and their housekeeping, description, equipment and
//! offer flag changed (`PATCH`); creating and deleting rooms is not simulated.

use innkeep_providers::mobile_calendar::wire::{self, Items, List, One};

use super::{slice, Ctx, Reply};
use crate::mobile_calendar::body::Body;
use crate::mobile_calendar::errors::ApiError;
use crate::mobile_calendar::state::McState;

pub fn list(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let q = &ctx.query;
    let (page, limit) = q.paging()?;
    let (by, desc) = q.order(&["roomId", "name", "persons", "addDate", "editDate"], false)?;
    let name = q.get("name").map(str::to_lowercase);
    let type_id = q.int("roomTypeId")?;
    let persons = q.int("persons")?;
    let max_adults = q.int("maxAdults")?;
    let share = match q.get("shareInOffer") {
        None => None,
        Some(_) => Some(q.flag("shareInOffer", true)?),
    };
    let last_edit = q.last_edit()?;
    let mut rooms: Vec<wire::Room> = state
        .rooms
        .iter()
        .filter(|r| name.as_ref().is_none_or(|n| r.name.to_lowercase().contains(n)))
        .filter(|r| type_id.is_none_or(|t| r.room_type_id == Some(t)))
        .filter(|r| persons.is_none_or(|p| i64::from(r.persons) == p))
        .filter(|r| max_adults.is_none_or(|p| r.max_adults.map(i64::from) == Some(p)))
        .filter(|r| share.is_none_or(|s| r.share_in_offer == Some(u8::from(s))))
        .filter(|r| last_edit.is_none_or(|t| r.edit_date.is_some_and(|e| e >= t)))
        .cloned()
        .collect();
    match by {
        "name" => rooms.sort_by(|a, b| a.name.cmp(&b.name).then(a.room_id.cmp(&b.room_id))),
        "persons" => rooms.sort_by_key(|r| (r.persons, r.room_id)),
        "addDate" => rooms.sort_by_key(|r| (r.add_date, r.room_id)),
        "editDate" => rooms.sort_by_key(|r| (r.edit_date, r.room_id)),
        _ => rooms.sort_by_key(|r| r.room_id),
    }
    if desc {
        rooms.reverse();
    }
    Ok(Reply::ok(&List { data: slice(&rooms, page, limit), meta: ctx.page_meta(rooms.len(), page, limit) }))
}

pub fn get(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    let room = state.room(id).cloned().ok_or_else(|| ApiError::not_found(format!("Room {id} not found")))?;
    Ok(Reply::ok(&One { data: room, meta: ctx.meta() }))
}

pub fn update(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    if state.room(id).is_none() {
        return Err(ApiError::not_found(format!("Room {id} not found")));
    }
    let mut body = Body::parse(ctx.body)?;
    const CHANGEABLE: &[&str] = &["service", "serviceInfo", "description", "equipment", "shareInOffer", "locationId"];
    for k in body.keys().map(str::to_owned).collect::<Vec<_>>() {
        if !CHANGEABLE.contains(&k.as_str()) {
            body.error(&k, format!("{k} cannot be changed through the API"));
        }
    }
    let service = body.one_of("service", &["CLEAN", "DIRTY", "WHILE_CLEANING"]);
    let service_info = body.str("serviceInfo");
    let share = body.flag("shareInOffer");
    let location = body.int("locationId");
    let description = body.raw("description").cloned();
    let description: Option<std::collections::BTreeMap<String, String>> = match description {
        None => None,
        Some(v) => match serde_json::from_value::<std::collections::BTreeMap<String, String>>(v) {
            Ok(m) if m.contains_key("default") => Some(m),
            _ => {
                body.error("description", "description must map languages to texts and have a default");
                None
            }
        },
    };
    let equipment = match body.raw("equipment").cloned() {
        None => None,
        Some(v) => match serde_json::from_value::<Vec<String>>(v) {
            Ok(e) => Some(e),
            Err(_) => {
                body.error("equipment", "equipment must be an array of codes");
                None
            }
        },
    };
    body.check()?;
    let now = state.clock.tick();
    let room = state.rooms.iter_mut().find(|r| r.room_id == id).expect("checked above");
    if let Some(s) = service {
        room.service = Some(s);
    }
    if body.has("serviceInfo") {
        room.service_info = service_info;
    }
    if let Some(s) = share {
        room.share_in_offer = Some(s);
    }
    if body.has("locationId") {
        room.location_id = location;
    }
    if let Some(d) = description {
        room.description = d;
    }
    if let Some(e) = equipment {
        room.equipment = e;
    }
    room.edit_date = Some(now);
    Ok(Reply::ok(&One { data: room.clone(), meta: ctx.meta() }))
}

pub fn types(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    Ok(Reply::ok(&Items { data: state.room_types.clone(), meta: ctx.meta() }))
}
