//! Bookings: list, get, create, bulk create.
//!
//! Decisions where timekit.md is silent or leaves room:
//! * List: `limit` 1–1000, default 50 (the docs name both 50 and 1000); in creation order unless
//!   `orderBy` (`created_at`, `updated_at`, `completed`, `graph`, `state`, `event.start`) and
//!   `sortedBy` (`asc`/`desc`) say otherwise; `search` keys as documented (`resource.id`,
//!   `graph`, `state`, `completed`, `customer.name`, `customer.email`, `customer.<field>`,
//!   `calendar.id`, `project.id`, `meta.<key>`; `*` as wildcard, case-insensitive for customer
//!   fields); an unknown key is a 422. Unknown `include` names are ignored.
//! * Create: `resource_id`, `start`, `end`, `what`, `customer.name` and `customer.email` are
//!   required; `graph` defaults to `confirm_decline` (only it and `instant` run here: the
//!   others are a 422); `action` may be the graph's first action only (`create` /
//!   `confirm`), else "Cannot apply action 'x' to current state 'initialized'". A
//!   `calendar_id` that is not a UUID gets the documented
//!   `{"errors": {"event": ["calendar id must be a valid UUID"]}, "action": "save_booking_data"}`.
//! * Unless `settings.allow_double_bookings`, a booking whose timeslot overlaps a confirmed
//!   booking of the resource is refused (422 `The resource is not available …`), tentative or
//!   not; a tentative booking does not block others until it is confirmed.
//! * Bulk create makes the bookings in order, each seeing the ones before it. All succeed: 201
//!   `{"data": [...]}`. Otherwise 422 `{"data": [kept], "errors": {"bookings.<n>[.<field>]": [...]}}`
//!   where `delete_all_on_error` keeps none and `stop_on_first_error` stops at the first
//!   failure. `relate_bookings` ties them together (`include=bulked_bookings`, actions replicate).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use innkeep_providers::timekit::wire::{self, graphs};
use serde_json::Value;

use super::resources::is_email;
use super::{decode, paginate, Reply, Req};
use crate::timekit::errors::TkError;
use crate::timekit::graph;
use crate::timekit::state::{BookingRec, TkState};
use crate::timekit::time::parse_timestamp;

/// `*` wildcards; case-insensitive when `fold`.
fn glob(pattern: &str, text: &str, fold: bool) -> bool {
    let (p, t) =
        if fold { (pattern.to_lowercase(), text.to_lowercase()) } else { (pattern.to_owned(), text.to_owned()) };
    let parts: Vec<&str> = p.split('*').collect();
    if parts.len() == 1 {
        return p == t;
    }
    let mut rest = t.as_str();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn customer_field(c: &wire::Customer, field: &str) -> Option<String> {
    match field {
        "name" => Some(c.name.clone()),
        "email" => c.email.clone(),
        "phone" => c.phone.clone(),
        "voip" => c.voip.clone(),
        "timezone" => c.timezone.clone(),
        "first_name" => c.first_name.clone(),
        "last_name" => c.last_name.clone(),
        "id" => c.id.clone(),
        other => c.extra.get(other).and_then(text),
    }
}

type Filter = Box<dyn Fn(&BookingRec) -> bool>;

fn filter(key: &str, value: &str) -> Result<Filter, TkError> {
    let v = value.trim().to_owned();
    Ok(match key {
        "resource.id" => Box::new(move |b| b.resource == v),
        "graph" => Box::new(move |b| b.graph == v),
        "state" => Box::new(move |b| b.state == v),
        "calendar.id" => Box::new(move |b| b.calendar_id == v),
        "project.id" => Box::new(|_| false),
        "completed" => {
            let want = match v.as_str() {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => return Err(TkError::field("search", "completed must be true or false")),
            };
            Box::new(move |b| graph::is_final(&b.state) == want)
        }
        k if k.starts_with("customer.") => {
            let field = k["customer.".len()..].to_owned();
            Box::new(move |b| customer_field(&b.customer, &field).is_some_and(|t| glob(&v, &t, true)))
        }
        k if k.starts_with("meta.") => {
            let field = k["meta.".len()..].to_owned();
            Box::new(move |b| b.meta.get(&field).and_then(text).is_some_and(|t| glob(&v, &t, false)))
        }
        other => return Err(TkError::field("search", format!("The search key '{other}' is not supported."))),
    })
}

pub fn list(st: &mut TkState, req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    let limit = req.number("limit", 50, 1000)?;
    let page = req.number("page", 1, u64::MAX)?;
    let mut filters = Vec::new();
    for term in req.param("search").unwrap_or_default().split(';').filter(|t| !t.trim().is_empty()) {
        let (key, value) = term
            .split_once(':')
            .ok_or_else(|| TkError::field("search", format!("'{term}' is not a key:value search term.")))?;
        filters.push(filter(key.trim(), value)?);
    }
    let mut hits: Vec<usize> = (0..st.bookings.len())
        .filter(|&i| !st.bookings[i].deleted && filters.iter().all(|f| f(&st.bookings[i])))
        .collect();
    let descending = match req.param("sortedBy") {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(TkError::field("sortedBy", "sortedBy must be asc or desc.")),
    };
    if let Some(order) = req.param("orderBy") {
        let b = &st.bookings;
        match order {
            "created_at" => hits.sort_by_key(|&i| b[i].created),
            "updated_at" => hits.sort_by_key(|&i| b[i].updated),
            "completed" => hits.sort_by_key(|&i| graph::is_final(&b[i].state)),
            "graph" => hits.sort_by(|&x, &y| b[x].graph.cmp(&b[y].graph)),
            "state" => hits.sort_by(|&x, &y| b[x].state.cmp(&b[y].state)),
            "event.start" => hits.sort_by_key(|&i| b[i].start),
            _ => return Err(TkError::field("orderBy", format!("Bookings cannot be ordered by '{order}'."))),
        }
    }
    if descending {
        hits.reverse();
    }
    let includes = req.includes();
    let page_of = paginate(req, "/bookings", &hits, limit, page);
    let data: Vec<wire::Booking> = page_of.data.iter().map(|&i| st.booking_wire(i, &includes, req.tz)).collect();
    let answer = wire::Paginated {
        total: page_of.total,
        per_page: page_of.per_page,
        current_page: page_of.current_page,
        last_page: page_of.last_page,
        next_page_url: page_of.next_page_url,
        prev_page_url: page_of.prev_page_url,
        from: page_of.from,
        to: page_of.to,
        data,
    };
    Ok(Reply::json(StatusCode::OK, &answer))
}

pub fn find(st: &TkState, id: &str) -> Result<usize, TkError> {
    st.booking(id).ok_or_else(|| TkError::missing("Booking"))
}

pub fn get(st: &mut TkState, req: &Req<'_>, path: &[&str]) -> Result<Reply, TkError> {
    let i = find(st, path[1])?;
    Ok(Reply::data(StatusCode::OK, st.booking_wire(i, &req.includes(), req.tz)))
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

pub fn taken() -> TkError {
    TkError::rule("The resource is not available in the requested timeslot (double bookings are not allowed).")
}

/// Checks one create body and makes the booking; returns its position.
fn make(st: &mut TkState, input: wire::BookingCreate) -> Result<usize, TkError> {
    if input.project_id.is_some() {
        return Err(TkError::field("project_id", "The selected project id is invalid."));
    }
    let resource_id = input.resource_id.clone().ok_or_else(|| TkError::required("resource_id"))?;
    let resource = st
        .resource(&resource_id)
        .cloned()
        .ok_or_else(|| TkError::field("resource_id", "The selected resource id is invalid."))?;
    let graph_name = input.graph.clone().unwrap_or_else(|| graphs::CONFIRM_DECLINE.to_owned());
    if !graph::GRAPHS.contains(&graph_name.as_str()) {
        let message = if graph::OTHER_GRAPHS.contains(&graph_name.as_str()) {
            format!("The graph '{graph_name}' is not enabled for this app.")
        } else {
            "The selected graph is invalid.".to_owned()
        };
        return Err(TkError::field("graph", message));
    }
    let state = graph::first(&graph_name, input.action.as_deref()).ok_or_else(|| {
        TkError::rule(graph::refused(input.action.as_deref().unwrap_or_default(), wire::states::INITIALIZED))
    })?;
    let time = |field: &str, v: &Option<String>| {
        let v = v.as_deref().ok_or_else(|| TkError::required(field))?;
        parse_timestamp(v).ok_or_else(|| TkError::field(field, format!("The {field} is not a valid timestamp.")))
    };
    let start = time("start", &input.start)?;
    let end = time("end", &input.end)?;
    if end <= start {
        return Err(TkError::field("end", "The end must be a date after start."));
    }
    let what = input.what.clone().filter(|w| !w.trim().is_empty()).ok_or_else(|| TkError::required("what"))?;
    let customer = input.customer.clone().ok_or_else(|| TkError::required("customer"))?;
    if customer.name.trim().is_empty() {
        return Err(TkError::required("customer.name"));
    }
    let email =
        customer.email.clone().filter(|e| !e.trim().is_empty()).ok_or_else(|| TkError::required("customer.email"))?;
    if !is_email(email.trim()) {
        return Err(TkError::field("customer.email", "The customer.email must be a valid email address."));
    }
    let calendar = resource.calendars.as_ref().and_then(|c| c.first()).map(|c| c.id.clone()).unwrap_or_default();
    if let Some(cal) = &input.calendar_id {
        if !is_uuid(cal) {
            return Err(TkError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                wire::ErrorBody {
                    action: Some("save_booking_data".into()),
                    ..wire::ErrorBody::field("event", "calendar id must be a valid UUID")
                },
            ));
        }
        if *cal != calendar {
            return Err(TkError::field("calendar_id", "The calendar does not belong to the resource."));
        }
    }
    let allow_double = input.settings.as_ref().and_then(|s| s.allow_double_bookings).unwrap_or(false);
    if !allow_double && st.clash(&resource_id, start, end, None).is_some() {
        return Err(taken());
    }
    let now = st.clock.tick();
    let rec = BookingRec {
        id: st.rng.guid(),
        graph: graph_name,
        state: state.to_owned(),
        resource: resource_id,
        calendar_id: calendar,
        start,
        end,
        what: Some(what),
        where_: input.where_,
        description: input.description,
        customer: wire::Customer {
            id: Some(st.rng.guid()),
            name: customer.name.trim().to_owned(),
            email: Some(email.trim().to_owned()),
            phone: customer.phone,
            voip: customer.voip,
            timezone: customer.timezone,
            first_name: customer.first_name,
            last_name: customer.last_name,
            extra: customer.extra,
        },
        meta: input.meta.unwrap_or_default(),
        allow_double_bookings: allow_double,
        event_id: st.rng.guid(),
        created: now,
        updated: now,
        related: Vec::new(),
        deleted: false,
    };
    Ok(st.push_booking(rec))
}

pub fn create(st: &mut TkState, req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    let input: wire::BookingCreate = req.decode()?;
    let i = make(st, input)?;
    Ok(Reply::data(StatusCode::CREATED, st.booking_wire(i, &req.includes(), req.tz)))
}

/// Puts an item's error under `bookings.<n>` (or `bookings.<n>.<field>`).
pub fn item_errors(errors: &mut BTreeMap<String, Vec<String>>, n: usize, e: TkError) {
    let body = *e.body;
    if let Some(fields) = body.errors {
        for (field, messages) in fields {
            errors.insert(format!("bookings.{n}.{field}"), messages);
        }
    }
    if let Some(message) = body.error {
        errors.insert(format!("bookings.{n}"), vec![message]);
    }
}

pub fn bulk_create(st: &mut TkState, req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    let raw = req.json()?;
    let items = match raw.get("bookings") {
        Some(Value::Array(items)) if !items.is_empty() => items.clone(),
        Some(Value::Array(_)) | None => return Err(TkError::required("bookings")),
        Some(_) => return Err(TkError::field("bookings", "The bookings must be an array.")),
    };
    let flag = |name: &str| raw.get(name).and_then(Value::as_bool).unwrap_or(false);
    let (delete_all, stop_first, relate) =
        (flag("delete_all_on_error"), flag("stop_on_first_error"), flag("relate_bookings"));
    let before = st.bookings.len();
    let mut made = Vec::new();
    let mut errors = BTreeMap::new();
    for (n, item) in items.into_iter().enumerate() {
        match decode::<wire::BookingCreate>(item).and_then(|input| make(st, input)) {
            Ok(i) => made.push(i),
            Err(e) => {
                item_errors(&mut errors, n, e);
                if stop_first {
                    break;
                }
            }
        }
    }
    if !errors.is_empty() && delete_all {
        st.truncate_bookings(before);
        made.clear();
    }
    if relate && made.len() > 1 {
        for &i in &made {
            st.bookings[i].related = made.clone();
        }
    }
    let includes = req.includes();
    let data = made.iter().map(|&i| st.booking_wire(i, &includes, req.tz)).collect();
    if errors.is_empty() {
        Ok(Reply::json(StatusCode::CREATED, &wire::BulkAnswer { data, errors: None }))
    } else {
        Ok(Reply::json(StatusCode::UNPROCESSABLE_ENTITY, &wire::BulkAnswer { data, errors: Some(errors) }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_the_docs_say() {
        assert!(glob("*son", "Anna Jónsson", true));
        assert!(glob("anna*", "Anna Jónsson", true));
        assert!(glob("*NA JÓ*", "Anna Jónsson", true));
        assert!(!glob("anna", "Anna Jónsson", true));
        assert!(glob("Anna Jónsson", "anna jónsson", true));
        assert!(!glob("Anna", "anna", false));
        assert!(is_uuid("58190fc6-1ec0-4ebb-b627-7ce6aa9fc703"));
        assert!(!is_uuid("not-a-uuid"));
    }
}
