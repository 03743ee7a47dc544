//! The three API resources, each validating strictly before it writes (so a refused request
//! changes nothing), plus the sandbox's own inspection endpoint.

use chrono::{Duration, NaiveDate};
use innkeep_providers::ectosy::wire;
use serde::Serialize;
use serde_json::{Map, Value};

use super::errors::ApiError;
use super::seed::FACILITY_ID;
use super::state::{cents_to_number, CustomerRec, EctosyState, Period, CURRENCY};

/// Longest period the sandbox saves.
pub const MAX_NIGHTS: i64 = 365;
/// Most guests in one period.
pub const MAX_CUSTOMERS: usize = 30;

pub type Reply = Result<Vec<u8>, ApiError>;

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("answers serialize")
}

fn object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_body("the request body must be a JSON object")),
        Err(e) => Err(ApiError::bad_body(format!("could not parse the request body as JSON: {e}"))),
    }
}

/// A required string field that is not blank.
fn text<'a>(map: &'a Map<String, Value>, field: &str) -> Result<&'a str, ApiError> {
    match map.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            Err(ApiError::invalid(field, format!("{field} is required")))
        }
        Some(_) => Err(ApiError::invalid(field, format!("{field} must be a string"))),
    }
}

fn date(map: &Map<String, Value>, field: &str) -> Result<NaiveDate, ApiError> {
    let value = text(map, field)?;
    // Exactly yyyy-mm-dd: chrono alone would also take "2026-7-1".
    let shaped = value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok().filter(|_| shaped).ok_or_else(|| {
        ApiError::invalid(field, format!("{field} must be a date in the form yyyy-mm-dd, not “{value}”"))
    })
}

/// `GET /resources`: every position, in the account's order.
pub fn resources(state: &EctosyState) -> Reply {
    let positions: Vec<wire::Position> = state
        .positions
        .iter()
        .map(|p| wire::Position { position_id: p.id.clone(), position_title: p.title.clone() })
        .collect();
    Ok(json(&positions))
}

/// The guests inside `POST /period`'s `customers` string.
fn customers(map: &Map<String, Value>) -> Result<Vec<wire::NewCustomer>, ApiError> {
    let encoded =
        match map.get("customers") {
            Some(Value::String(s)) => s,
            None | Some(Value::Null) => return Err(ApiError::invalid("customers", "customers is required")),
            Some(_) => return Err(ApiError::invalid(
                "customers",
                "customers must be a JSON-encoded string (JSON.stringify of [{name, surname}, ...]), not a JSON value",
            )),
        };
    let list = match serde_json::from_str::<Value>(encoded) {
        Ok(Value::Array(list)) => list,
        _ => return Err(ApiError::invalid("customers", "customers must hold a JSON array of {name, surname} objects")),
    };
    if list.is_empty() {
        return Err(ApiError::no_customers());
    }
    if list.len() > MAX_CUSTOMERS {
        return Err(ApiError::invalid("customers", format!("a period takes at most {MAX_CUSTOMERS} customers")));
    }
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |name: &str| format!("customers[{i}].{name}");
            let Value::Object(c) = item else {
                return Err(ApiError::invalid(&format!("customers[{i}]"), "each customer must be an object"));
            };
            let name = match c.get("name") {
                Some(Value::String(s)) => s.trim().to_owned(),
                None | Some(Value::Null) => String::new(),
                Some(_) => return Err(ApiError::invalid(&field("name"), "name must be a string")),
            };
            match c.get("surname") {
                Some(Value::String(s)) if !s.trim().is_empty() => {
                    Ok(wire::NewCustomer { name, surname: s.trim().to_owned() })
                }
                Some(Value::String(_)) | None | Some(Value::Null) => {
                    Err(ApiError::surname_required(&field("surname"), i + 1))
                }
                Some(_) => Err(ApiError::invalid(&field("surname"), "surname must be a string")),
            }
        })
        .collect()
}

/// `POST /period`: saves a period with its guests, priced from the position's price list.
pub fn create_period(state: &mut EctosyState, body: &[u8]) -> Reply {
    let map = object(body)?;
    let position_id = text(&map, "positionId")?;
    let api_user_title = text(&map, "apiUserTitle")?.trim().to_owned();
    let start = date(&map, "start")?;
    let end = date(&map, "end")?;
    if end <= start {
        return Err(ApiError::invalid("end", "end must be after start (end is the departure day)"));
    }
    if (end - start).num_days() > MAX_NIGHTS {
        return Err(ApiError::invalid("end", format!("a period can be at most {MAX_NIGHTS} nights long")));
    }
    let guests = customers(&map)?;
    let position = state.position(position_id).ok_or_else(|| ApiError::position_not_found(position_id))?;
    if let Some(p) = state.clash(position, start, end) {
        let conflict = wire::Conflict { period_id: p.id.clone(), start: p.start.to_string(), end: p.end.to_string() };
        return Err(ApiError::overlap(&state.positions[position].title, conflict));
    }
    let at = state.clock.tick();
    let customers: Vec<CustomerRec> = guests
        .into_iter()
        .map(|g| CustomerRec {
            wire: wire::WebhookCustomer {
                customer_id: state.ids.next("cus", 10),
                name: g.name,
                surname: g.surname,
                official_facility_id: Some(FACILITY_ID.to_owned()),
                ..Default::default()
            },
            checked_in: None,
            checked_out: None,
        })
        .collect();
    let period = Period {
        id: state.ids.next("per", 10),
        position,
        start,
        end,
        api_user_title: Some(api_user_title),
        customers,
        confirmed: true,
        price_cents: state.price_cents(position, start, end),
        currency: CURRENCY.to_owned(),
        created: at,
        updated: at,
        deleted: None,
    };
    let answer = wire::PeriodPostResponse {
        period_id: period.id.clone(),
        customers: period.customers.iter().map(|c| customer(&c.wire)).collect(),
        applied_price: cents_to_number(period.price_cents),
        applied_currency: period.currency.clone(),
    };
    state.insert(period);
    Ok(json(&answer))
}

fn customer(c: &wire::WebhookCustomer) -> wire::Customer {
    wire::Customer { customer_id: c.customer_id.clone(), name: c.name.clone(), surname: c.surname.clone() }
}

/// `DELETE /period`: removes a period; answers with its guests.
pub fn delete_period(state: &mut EctosyState, body: &[u8]) -> Reply {
    let map = object(body)?;
    let id = text(&map, "periodId")?;
    let i = state
        .period_index
        .get(id)
        .copied()
        .filter(|&i| state.periods[i].is_live())
        .ok_or_else(|| ApiError::period_not_found(id))?;
    let at = state.clock.tick();
    let period = &mut state.periods[i];
    period.deleted = Some(at);
    period.updated = at;
    let removed: Vec<wire::Customer> = period.customers.iter().map(|c| customer(&c.wire)).collect();
    Ok(json(&removed))
}

/// `PUT /customers`: new names for guests of existing periods, all or nothing.
pub fn rename_customers(state: &mut EctosyState, body: &[u8]) -> Reply {
    let list = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Array(list)) => list,
        Ok(_) => {
            return Err(ApiError::bad_body("the request body must be a JSON array of {customerId, name, surname}"))
        }
        Err(e) => return Err(ApiError::bad_body(format!("could not parse the request body as JSON: {e}"))),
    };
    if list.is_empty() {
        return Err(ApiError::bad_body("the request body must name at least one customer"));
    }
    let mut changes = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(ApiError::invalid(&format!("[{i}]"), "each entry must be an object"));
        };
        let field = |name: &str| format!("[{i}].{name}");
        let id =
            text(map, "customerId").map_err(|_| ApiError::invalid(&field("customerId"), "customerId is required"))?;
        let name = match map.get("name") {
            Some(Value::String(s)) => s.trim().to_owned(),
            _ => return Err(ApiError::invalid(&field("name"), "name is required (the new name)")),
        };
        let surname = match map.get("surname") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                return Err(ApiError::surname_required(&field("surname"), i + 1))
            }
            Some(_) => return Err(ApiError::invalid(&field("surname"), "surname must be a string")),
        };
        let at = state.live_customer(id).ok_or_else(|| ApiError::customer_not_found(&field("customerId"), id))?;
        changes.push((at, name, surname));
    }
    let now = state.clock.tick();
    for ((p, k), name, surname) in changes {
        let period = &mut state.periods[p];
        period.customers[k].wire.name = name;
        period.customers[k].wire.surname = surname;
        period.updated = now;
    }
    Ok(json(&wire::ResOk { res: "ok".into() }))
}

/// One period as the inspection endpoint shows it: the "Reservation saved" web hook's body plus
/// what only the sandbox knows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Inspected {
    #[serde(flatten)]
    saved: wire::ReservationSaved,
    api_user_title: Option<String>,
    created_at: String,
    updated_at: String,
    deleted_at: Option<String>,
    /// Check-in and check-out instants per customer, in `customers` order.
    stays: Vec<[Option<String>; 2]>,
}

/// `GET /_sandbox/periods[?periodId=..][&positionId=..][&from=yyyy-mm-dd&to=yyyy-mm-dd]`
/// (a sandbox extension, outside Ectosy's API): the periods, deleted ones included.
pub fn inspect(state: &EctosyState, query: Option<&str>) -> Reply {
    let mut period_id = None;
    let mut position_id = None;
    let (mut from, mut to) = (None, None);
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let day = || NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| ApiError::invalid(k, "use yyyy-mm-dd"));
        match k {
            "periodId" => period_id = Some(v.to_owned()),
            "positionId" => position_id = Some(v.to_owned()),
            "from" => from = Some(day()?),
            "to" => to = Some(day()?),
            _ => return Err(ApiError::invalid(k, "unknown filter; use periodId, positionId, from, to")),
        }
    }
    let ts = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let out: Vec<Inspected> = (0..state.periods.len())
        .filter(|&i| {
            let p = &state.periods[i];
            period_id.as_ref().is_none_or(|id| &p.id == id)
                && position_id.as_ref().is_none_or(|id| state.positions[p.position].id == *id)
                && from.is_none_or(|f| p.end > f)
                && to.is_none_or(|t| p.start < t + Duration::days(1))
        })
        .map(|i| {
            let p = &state.periods[i];
            Inspected {
                saved: state.saved_hook(i),
                api_user_title: p.api_user_title.clone(),
                created_at: ts(p.created),
                updated_at: ts(p.updated),
                deleted_at: p.deleted.map(ts),
                stays: p.customers.iter().map(|c| [c.checked_in.map(ts), c.checked_out.map(ts)]).collect(),
            }
        })
        .collect();
    Ok(json(&out))
}
