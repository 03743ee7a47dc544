//! Reservations: SINGLE, GROUP (one record per room sharing `groupId`) and LOCK (a blocked
//! room, no client), listed, read, created, changed (`PATCH`), deleted (soft: the cancellation)
//! and restored.
//!
//! Choices where the spec is silent (see docs/mobile_calendar.md):
//! * Lists leave out LOCKs unless `includeLocks=1` and deleted reservations unless
//!   `includeDeleted=1`; deleted ones carry `isDeleted: 1` and `deleteDate`. Deleting or
//!   restoring sets `editDate`, so a `lastEdit` read with `includeDeleted=1` sees it.
//! * `from` = arrival on or after, `to` = departure on or before: stays inside the window.
//! * `lastEdit` = `editDate` at or after the instant.
//! * A stay on nights the room already holds is a 409 problem (also for a restore).
//! * GROUP creation takes `roomId` as an array; `adults`/`children` are the group's totals,
//!   spread over the rooms one by one; the answer's `data` is the array of the new reservations.
//!   All rooms are checked before anything is written.
//! * Check-in (`registration: CHECKED_IN`) from the arrival day to the departure day; check-out
//!   from the arrival day on.
//! * Without `pricePerRoom`, a new reservation is priced from the rate (the default rate when
//!   none is given) for its guests; a later change of dates keeps the price.

use chrono::NaiveDate;
use innkeep_providers::mobile_calendar::wire::{self, AdditionalService, List, One, GROUP, LOCK, SINGLE};
use serde_json::Value;

use super::{slice, Ctx, Reply};
use crate::mobile_calendar::body::Body;
use crate::mobile_calendar::errors::ApiError;
use crate::mobile_calendar::seed::source_color;
use crate::mobile_calendar::state::{local_date, McState, CHECK_IN, CHECK_OUT, CURRENCY};

const MEALS: &[&str] = &["OV", "BB", "HB", "FB", "AI", "DINNER", "BREAKFAST_SUPPER", "DINNER_SUPPER", "SUPPER"];
const PAYMENT_STATUSES: &[&str] = &["NO_PAYMENT", "PREPAYMENT_PAID", "PAID_ALL"];
const PAYMENT_TYPES: &[&str] =
    &["NONE", "CASH_PAYMENT", "BANK_TRANSFER_PAYMENT", "CREDIT_CARD_PAYMENT", "VIRTUAL_CARD_PAYMENT", "ONLINE_PAYMENT"];
const REGISTRATIONS: &[&str] = &[wire::REG_NONE, wire::REG_CHECKED_IN, wire::REG_CHECKED_OUT];

/// Whether the request is about a LOCK (which needs the `locks.*` scopes instead).
pub fn is_lock_request(state: &McState, m: &axum::http::Method, segs: &[&str], body: &[u8]) -> bool {
    match (m, segs) {
        (&axum::http::Method::POST, ["reservations"]) => serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| v.get("type").and_then(Value::as_str).map(|t| t == LOCK))
            .unwrap_or(false),
        (_, ["reservations", id, ..]) => {
            id.parse().ok().and_then(|id| state.reservation(id)).is_some_and(|r| r.kind == LOCK)
        }
        _ => false,
    }
}

fn not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("Reservation {id} not found"))
}

pub fn list(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let q = &ctx.query;
    let (page, limit) = q.paging()?;
    let (by, desc) = q.order(&["reservationId", "arrival", "departure", "addDate", "editDate"], false)?;
    let include_locks = q.flag("includeLocks", false)?;
    let include_deleted = q.flag("includeDeleted", false)?;
    let (from, to) = (q.date("from")?, q.date("to")?);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(ApiError::field("to", "to must not be before from"));
        }
    }
    let (arrival, departure) = (q.date("arrival")?, q.date("departure")?);
    let (add_date, edit_date) = (q.date("addDate")?, q.date("editDate")?);
    let last_edit = q.last_edit()?;
    let payment = match q.get("paymentStatus") {
        Some(p) if !PAYMENT_STATUSES.contains(&p) => {
            return Err(ApiError::field(
                "paymentStatus",
                format!("paymentStatus must be one of: {}", PAYMENT_STATUSES.join(", ")),
            ))
        }
        p => p,
    };
    let source = q.int("sourceId")?;
    let ids = q.ints("reservationId")?;
    let rooms = q.ints("roomId")?;
    let mut items: Vec<wire::Reservation> = state
        .reservations
        .iter()
        .filter(|r| include_locks || r.kind != LOCK)
        .filter(|r| include_deleted || !r.deleted())
        .filter(|r| from.is_none_or(|f| r.arrival >= f) && to.is_none_or(|t| r.departure <= t))
        .filter(|r| arrival.is_none_or(|a| r.arrival == a) && departure.is_none_or(|d| r.departure == d))
        .filter(|r| add_date.is_none_or(|d| r.add_date.map(local_date) == Some(d)))
        .filter(|r| edit_date.is_none_or(|d| r.edit_date.map(local_date) == Some(d)))
        .filter(|r| last_edit.is_none_or(|t| r.edit_date.is_some_and(|e| e >= t)))
        .filter(|r| payment.is_none_or(|p| r.payment_status.as_deref() == Some(p)))
        .filter(|r| source.is_none_or(|s| r.source_id == Some(s)))
        .filter(|r| ids.is_empty() || ids.contains(&r.reservation_id))
        .filter(|r| rooms.is_empty() || rooms.contains(&r.room_id))
        .cloned()
        .collect();
    match by {
        "arrival" => items.sort_by_key(|r| (r.arrival, r.reservation_id)),
        "departure" => items.sort_by_key(|r| (r.departure, r.reservation_id)),
        "addDate" => items.sort_by_key(|r| (r.add_date, r.reservation_id)),
        "editDate" => items.sort_by_key(|r| (r.edit_date, r.reservation_id)),
        _ => items.sort_by_key(|r| r.reservation_id),
    }
    if desc {
        items.reverse();
    }
    Ok(Reply::ok(&List { data: slice(&items, page, limit), meta: ctx.page_meta(items.len(), page, limit) }))
}

pub fn get(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    let r = state.reservation(id).cloned().ok_or_else(|| not_found(id))?;
    Ok(Reply::ok(&One { data: r, meta: ctx.meta() }))
}

/// Optional fields shared by create and update, read strictly.
struct Fields {
    adults: Option<u32>,
    children: Option<u32>,
    kids_age: Option<Vec<u32>>,
    check_in: Option<String>,
    check_out: Option<String>,
    currency: Option<String>,
    meal: Option<String>,
    door_code: Option<String>,
    prepayment: Option<f64>,
    prepayment_deadline: Option<NaiveDate>,
    payment_status: Option<String>,
    payment_type: Option<String>,
    registration: Option<String>,
    adults_portion: Option<u32>,
    children_portion: Option<u32>,
    additional_services: Option<Vec<AdditionalService>>,
    color: Option<String>,
    price_per_room: Option<f64>,
    price_per_meal: Option<f64>,
    discount: Option<f64>,
    discount_type: Option<u8>,
    rate_id: Option<i64>,
    additional_info: Option<String>,
}

fn fields(b: &mut Body, state: &McState) -> Fields {
    let currency = b.str("currency");
    if currency.as_ref().is_some_and(|c| c.len() != 3 || !c.chars().all(|x| x.is_ascii_uppercase())) {
        b.error("currency", "currency must be an ISO 4217 code, e.g. PLN");
    }
    let color = b.str("color");
    if color
        .as_ref()
        .is_some_and(|c| c.len() != 7 || !c.starts_with('#') || !c[1..].chars().all(|x| x.is_ascii_hexdigit()))
    {
        b.error("color", "color must be #rrggbb");
    }
    let rate_id = b.int("rateId");
    if rate_id.is_some_and(|r| state.rate(r).is_none()) {
        b.error("rateId", format!("rate {} does not exist", rate_id.unwrap_or_default()));
    }
    let additional_services = match b.raw("additionalServices").cloned() {
        None => None,
        Some(v) => match serde_json::from_value::<Vec<AdditionalService>>(v) {
            Ok(s) => Some(s),
            Err(_) => {
                b.error(
                    "additionalServices",
                    "additionalServices must be a list of {additionalServiceId, status, price, quantity}",
                );
                None
            }
        },
    };
    Fields {
        adults: b.count("adults"),
        children: b.count("children"),
        kids_age: b.int_list("kidsAge"),
        check_in: b.time("checkIn"),
        check_out: b.time("checkOut"),
        currency,
        meal: b.one_of("meal", MEALS),
        door_code: b.str("doorCode"),
        prepayment: b.amount("prepayment"),
        prepayment_deadline: b.date("prepaymentDeadline"),
        payment_status: b.one_of("paymentStatus", PAYMENT_STATUSES),
        payment_type: b.one_of("paymentType", PAYMENT_TYPES),
        registration: b.one_of("registration", REGISTRATIONS),
        adults_portion: b.count("adultsPortion"),
        children_portion: b.count("childrenPortion"),
        additional_services,
        color,
        price_per_room: b.amount("pricePerRoom"),
        price_per_meal: b.amount("pricePerMeal"),
        discount: b.amount("discount"),
        discount_type: b.flag("discountType"),
        rate_id,
        additional_info: b.str("additionalInfo"),
    }
}

/// Spreads `total` over rooms of the given capacities one by one; `None` if it does not fit.
fn spread(total: u32, caps: &[u32]) -> Option<Vec<u32>> {
    if total > caps.iter().sum() {
        return None;
    }
    let mut out = vec![0; caps.len()];
    let mut left = total;
    while left > 0 {
        for (i, cap) in caps.iter().enumerate() {
            if left > 0 && out[i] < *cap {
                out[i] += 1;
                left -= 1;
            }
        }
    }
    Some(out)
}

/// The registration rule: check-in from the arrival day to the departure day, check-out from
/// the arrival day on.
fn check_registration(
    registration: &str,
    arrival: NaiveDate,
    departure: NaiveDate,
    today: NaiveDate,
) -> Result<(), ApiError> {
    match registration {
        wire::REG_CHECKED_IN if today < arrival => {
            Err(ApiError::field("registration", format!("check-in is possible from the arrival day ({arrival}) on")))
        }
        wire::REG_CHECKED_IN if today > departure => {
            Err(ApiError::field("registration", format!("the stay ended on {departure}; it cannot be checked in")))
        }
        wire::REG_CHECKED_OUT if today < arrival => {
            Err(ApiError::field("registration", format!("check-out is possible from the arrival day ({arrival}) on")))
        }
        _ => Ok(()),
    }
}

fn clash_error(state: &McState, room: i64, taken: &wire::Reservation) -> ApiError {
    let name = state.room(room).map(|r| r.name.clone()).unwrap_or_else(|| room.to_string());
    let what = if taken.kind == LOCK {
        "blocked".to_owned()
    } else {
        format!("booked (reservation {})", taken.reservation_id)
    };
    ApiError::conflict(format!(
        "Room {name} is already {what} from {} to {}; the period overlaps another reservation",
        taken.arrival, taken.departure
    ))
}

fn price(room_price: f64, meal_price: f64, discount: Option<f64>, discount_type: Option<u8>) -> f64 {
    let gross = room_price + meal_price;
    let net = match (discount, discount_type) {
        (Some(d), Some(1)) => gross - d,
        (Some(d), _) => gross * (1.0 - d / 100.0),
        _ => gross,
    };
    (net.max(0.0) * 100.0).round() / 100.0
}

pub fn create(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let mut b = Body::parse(ctx.body)?;
    for f in ["type", "arrival", "departure", "roomId"] {
        b.required(f);
    }
    let kind = b.one_of("type", &[SINGLE, GROUP, LOCK]);
    let arrival = b.date("arrival");
    let departure = b.date("departure");
    if let (Some(a), Some(d)) = (arrival, departure) {
        if d <= a {
            b.error("departure", "departure must be after arrival");
        }
    }
    let room_ids = b.ids("roomId").unwrap_or_default();
    match kind.as_deref() {
        Some(SINGLE | LOCK) if room_ids.len() > 1 => {
            b.error("roomId", "a SINGLE reservation or a LOCK takes one roomId")
        }
        Some(GROUP) if room_ids.len() == 1 => b.error("roomId", "a GROUP reservation takes at least two rooms"),
        _ => {}
    }
    for (i, id) in room_ids.iter().enumerate() {
        if state.room(*id).is_none() {
            b.error("roomId", format!("room {id} does not exist"));
        } else if room_ids[..i].contains(id) {
            b.error("roomId", format!("room {id} is given twice"));
        }
    }
    let client_id = b.int("clientId");
    if kind.as_deref() == Some(LOCK) {
        if b.has("clientId") {
            b.error("clientId", "a LOCK has no client");
        }
    } else if kind.is_some() {
        b.required("clientId");
        if let Some(c) = client_id.filter(|c| state.client(*c).is_none()) {
            b.error("clientId", format!("client {c} does not exist"));
        }
    }
    let f = fields(&mut b, state);
    b.check()?;
    let (kind, arrival, departure) = (kind.unwrap_or_default(), arrival.expect("checked"), departure.expect("checked"));
    let lock = kind == LOCK;
    let rooms: Vec<wire::Room> = room_ids.iter().filter_map(|id| state.room(*id).cloned()).collect();

    let adults = f.adults.unwrap_or(if lock { 0 } else { 1 });
    let children = f.children.unwrap_or(0);
    if !lock && adults == 0 {
        return Err(ApiError::field("adults", "a reservation needs at least one adult"));
    }
    let names = rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ");
    let adult_caps: Vec<u32> = rooms.iter().map(|r| r.max_adults.unwrap_or(r.persons)).collect();
    let child_caps: Vec<u32> = rooms.iter().map(|r| r.max_children.unwrap_or(0)).collect();
    let adults_per_room = spread(adults, &adult_caps).ok_or_else(|| {
        ApiError::field("adults", format!("{names} take at most {} adults", adult_caps.iter().sum::<u32>()))
    })?;
    let children_per_room = spread(children, &child_caps).ok_or_else(|| {
        ApiError::field("children", format!("{names} take at most {} children", child_caps.iter().sum::<u32>()))
    })?;
    if let Some(k) = &f.kids_age {
        if k.len() != children as usize {
            return Err(ApiError::field("kidsAge", "kidsAge must give one age per child"));
        }
    }
    let today = state.today();
    let registration = f.registration.clone().unwrap_or_else(|| wire::REG_NONE.into());
    if lock && registration != wire::REG_NONE {
        return Err(ApiError::field("registration", "a LOCK has no check-in"));
    }
    check_registration(&registration, arrival, departure, today)?;
    for room in &rooms {
        if let Some(taken) = state.clash(room.room_id, arrival, departure, &[]) {
            return Err(clash_error(state, room.room_id, taken));
        }
    }

    let now = state.clock.tick();
    let rate = f.rate_id.and_then(|r| state.rate(r)).unwrap_or_else(|| state.default_rate()).clone();
    let group_id = (kind == GROUP).then(|| {
        state.next_group_id += 1;
        state.next_group_id - 1
    });
    let mut made = Vec::new();
    let mut kids = f.kids_age.clone().unwrap_or_default().into_iter();
    for (i, room) in rooms.iter().enumerate() {
        let (a, c) = (adults_per_room[i], children_per_room[i]);
        let room_price = if lock {
            None
        } else {
            Some(f.price_per_room.unwrap_or_else(|| state.stay_price(room, &rate, arrival, departure, a + c)))
        };
        let meal_price = if lock { None } else { Some(f.price_per_meal.unwrap_or(0.0)) };
        let id = state.next_reservation_id;
        state.next_reservation_id += 1;
        let number = (!lock).then(|| {
            state.next_reservation_no += 1;
            state.next_reservation_no - 1
        });
        let r = wire::Reservation {
            kind: kind.clone(),
            reservation_id: id,
            reservation_no: number,
            group_id,
            employee_id: None,
            source_id: Some(0),
            client_id: if lock { None } else { client_id },
            room_id: room.room_id,
            arrival,
            departure,
            check_in: Some(f.check_in.clone().unwrap_or_else(|| CHECK_IN.into())),
            check_out: Some(f.check_out.clone().unwrap_or_else(|| CHECK_OUT.into())),
            adults: Some(a),
            children: Some(c),
            kids_age: Some(kids.by_ref().take(c as usize).collect()),
            registration: Some(registration.clone()),
            door_code: f.door_code.clone(),
            prepayment: f.prepayment,
            prepayment_deadline: f.prepayment_deadline,
            payment_status: Some(f.payment_status.clone().unwrap_or_else(|| "NO_PAYMENT".into())),
            payment_type: Some(f.payment_type.clone().unwrap_or_else(|| "NONE".into())),
            currency: Some(f.currency.clone().unwrap_or_else(|| CURRENCY.into())),
            meal: Some(f.meal.clone().unwrap_or_else(|| "OV".into())),
            adults_portion: f.adults_portion,
            children_portion: f.children_portion,
            additional_services: Some(f.additional_services.clone().unwrap_or_default()),
            color: Some(f.color.clone().unwrap_or_else(|| source_color(0).into())),
            price: room_price.zip(meal_price).map(|(r, m)| price(r, m, f.discount, f.discount_type)),
            price_per_room: room_price,
            price_per_meal: meal_price,
            discount: f.discount,
            discount_type: f.discount_type,
            rate_id: (!lock).then_some(rate.wire.rate_id),
            additional_info: f.additional_info.clone().filter(|s| !s.is_empty()),
            add_date: Some(now),
            edit_date: Some(now),
            is_deleted: Some(0),
            delete_date: None,
        };
        state.insert_reservation(r.clone());
        made.push(r);
    }
    let location = format!("/v1/public/reservations/{}", made[0].reservation_id);
    if kind == GROUP {
        Ok(Reply::created(&One { data: made, meta: ctx.meta() }, location))
    } else {
        Ok(Reply::created(&One { data: made.remove(0), meta: ctx.meta() }, location))
    }
}

pub fn update(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    let current = state.reservation(id).cloned().ok_or_else(|| not_found(id))?;
    if current.deleted() {
        return Err(ApiError::conflict(format!("Reservation {id} is deleted; restore it before changing it")));
    }
    let mut b = Body::parse(ctx.body)?;
    if b.has("type") {
        b.error("type", "type cannot be changed");
    }
    let arrival = b.date("arrival");
    let departure = b.date("departure");
    let room_id = b.int("roomId");
    if let Some(r) = room_id.filter(|r| state.room(*r).is_none()) {
        b.error("roomId", format!("room {r} does not exist"));
    }
    let client_id = b.int("clientId");
    if current.kind == LOCK && client_id.is_some() {
        b.error("clientId", "a LOCK has no client");
    } else if let Some(c) = client_id.filter(|c| state.client(*c).is_none()) {
        b.error("clientId", format!("client {c} does not exist"));
    }
    let f = fields(&mut b, state);
    b.check()?;
    let arrival = arrival.unwrap_or(current.arrival);
    let departure = departure.unwrap_or(current.departure);
    if departure <= arrival {
        return Err(ApiError::field("departure", "departure must be after arrival"));
    }
    let room = state.room(room_id.unwrap_or(current.room_id)).cloned().expect("checked or current");
    let adults = f.adults.or(current.adults).unwrap_or(0);
    let children = f.children.or(current.children).unwrap_or(0);
    if current.kind != LOCK && adults == 0 {
        return Err(ApiError::field("adults", "a reservation needs at least one adult"));
    }
    if adults > room.max_adults.unwrap_or(room.persons) {
        return Err(ApiError::field(
            "adults",
            format!("{} takes at most {} adults", room.name, room.max_adults.unwrap_or(room.persons)),
        ));
    }
    if children > room.max_children.unwrap_or(0) {
        return Err(ApiError::field(
            "children",
            format!("{} takes at most {} children", room.name, room.max_children.unwrap_or(0)),
        ));
    }
    if let Some(reg) = &f.registration {
        if current.kind == LOCK && reg != wire::REG_NONE {
            return Err(ApiError::field("registration", "a LOCK has no check-in"));
        }
        let today = state.today();
        check_registration(reg, arrival, departure, today)?;
    }
    if let Some(taken) = state.clash(room.room_id, arrival, departure, &[id]) {
        return Err(clash_error(state, room.room_id, taken));
    }
    let now = state.clock.tick();
    let old_room = current.room_id;
    let r = state.reservation_mut(id).expect("exists");
    r.arrival = arrival;
    r.departure = departure;
    r.room_id = room.room_id;
    if client_id.is_some() {
        r.client_id = client_id;
    }
    r.adults = Some(adults);
    r.children = Some(children);
    macro_rules! set {
        ($($field:ident),*) => { $( if f.$field.is_some() { r.$field = f.$field.clone(); } )* };
    }
    set!(kids_age, check_in, check_out, currency, meal, door_code, prepayment, prepayment_deadline, payment_status);
    set!(payment_type, registration, adults_portion, children_portion, additional_services, color, rate_id);
    set!(price_per_room, price_per_meal, discount, discount_type);
    if b.has("additionalInfo") {
        r.additional_info = f.additional_info.clone().filter(|s| !s.is_empty());
    }
    if f.price_per_room.is_some() || f.price_per_meal.is_some() || f.discount.is_some() {
        r.price =
            Some(price(r.price_per_room.unwrap_or(0.0), r.price_per_meal.unwrap_or(0.0), r.discount, r.discount_type));
    }
    r.edit_date = Some(now);
    let data = r.clone();
    if old_room != room.room_id {
        state.reindex_room(id, old_room);
    }
    Ok(Reply::ok(&One { data, meta: ctx.meta() }))
}

pub fn delete(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    let r = state.reservation(id).cloned().ok_or_else(|| not_found(id))?;
    if r.deleted() {
        return Err(ApiError::not_found(format!("Reservation {id} is already deleted")));
    }
    let all = ctx.query.flag("deleteAllGroup", false)?;
    let targets = match r.group_id {
        Some(g) if all => state.group_members(g),
        _ => vec![id],
    };
    let now = state.clock.tick();
    for t in targets {
        let r = state.reservation_mut(t).expect("member exists");
        if !r.deleted() {
            r.is_deleted = Some(1);
            r.delete_date = Some(now);
            r.edit_date = Some(now);
        }
    }
    Ok(Reply::NoContent)
}

pub fn restore(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    let r = state.reservation(id).cloned().ok_or_else(|| not_found(id))?;
    if !r.deleted() {
        return Err(ApiError::not_found(format!("Reservation {id} is not deleted; there is nothing to restore")));
    }
    if let Some(taken) = state.clash(r.room_id, r.arrival, r.departure, &[id]) {
        let mut e = clash_error(state, r.room_id, taken);
        e.detail = format!("{}; reservation {id} cannot be restored", e.detail);
        return Err(e);
    }
    let now = state.clock.tick();
    let r = state.reservation_mut(id).expect("exists");
    r.is_deleted = Some(0);
    r.delete_date = None;
    r.edit_date = Some(now);
    let data = r.clone();
    Ok(Reply::ok(&One { data, meta: ctx.meta() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guests_spread_over_rooms_one_by_one() {
        assert_eq!(spread(4, &[2, 2]), Some(vec![2, 2]));
        assert_eq!(spread(3, &[2, 4]), Some(vec![2, 1]));
        assert_eq!(spread(5, &[2, 4]), Some(vec![2, 3]));
        assert_eq!(spread(7, &[2, 4]), None);
        assert_eq!(spread(0, &[2]), Some(vec![0]));
    }

    #[test]
    fn discounts_in_percent_or_amount() {
        assert_eq!(price(300.0, 100.0, None, None), 400.0);
        assert_eq!(price(300.0, 100.0, Some(10.0), Some(0)), 360.0);
        assert_eq!(price(300.0, 100.0, Some(50.0), Some(1)), 350.0);
    }
}
