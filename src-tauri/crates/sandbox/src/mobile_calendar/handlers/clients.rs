//! Clients (guests): `forename` is the first name, `name` the surname (required). Updated with
//! `PUT` (fields present replace, absent ones stay: the spec calls them all optional but still
//! requires `name`). A client with reservations cannot be deleted (409).

use innkeep_providers::mobile_calendar::wire::{self, List, One};

use super::{slice, Ctx, Reply};
use crate::mobile_calendar::body::Body;
use crate::mobile_calendar::errors::ApiError;
use crate::mobile_calendar::state::McState;

const TYPES: &[&str] = &["NONE", "REGULAR", "UNWANTED"];

fn not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("Client {id} not found"))
}

pub fn list(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let q = &ctx.query;
    let (page, limit) = q.paging()?;
    let (by, desc) = q.order(&["clientId", "name", "forename", "addDate", "editDate"], false)?;
    let search = q.get("search").map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
    let lang = q.get("lang");
    let country = q.int("countryId")?;
    // The filter's documented values (INDIVIDUAL/COMPANY) differ from the model's; both work.
    let kind = match q.get("clientType") {
        None => None,
        Some(k) if TYPES.contains(&k) || k == "INDIVIDUAL" || k == "COMPANY" => Some(k),
        Some(_) => {
            return Err(ApiError::field(
                "clientType",
                "clientType must be one of: NONE, REGULAR, UNWANTED, INDIVIDUAL, COMPANY",
            ))
        }
    };
    let matches = |c: &wire::Client, s: &str| {
        [Some(&c.name), c.forename.as_ref(), c.email.as_ref(), c.phone.as_ref()]
            .into_iter()
            .flatten()
            .any(|v| v.to_lowercase().contains(s))
    };
    let mut items: Vec<wire::Client> = state
        .clients
        .iter()
        .filter(|c| search.as_deref().is_none_or(|s| matches(c, s)))
        .filter(|c| lang.is_none_or(|l| c.lang.as_deref() == Some(l)))
        .filter(|c| country.is_none_or(|x| c.country_id == Some(x)))
        .filter(|c| match kind {
            None => true,
            Some("INDIVIDUAL") => c.company_name.is_none(),
            Some("COMPANY") => c.company_name.is_some(),
            Some(k) => c.client_type.as_deref() == Some(k),
        })
        .cloned()
        .collect();
    match by {
        "name" => items.sort_by(|a, b| a.name.cmp(&b.name).then(a.client_id.cmp(&b.client_id))),
        "forename" => items.sort_by(|a, b| a.forename.cmp(&b.forename).then(a.client_id.cmp(&b.client_id))),
        "addDate" => items.sort_by_key(|c| (c.add_date, c.client_id)),
        "editDate" => items.sort_by_key(|c| (c.edit_date, c.client_id)),
        _ => items.sort_by_key(|c| c.client_id),
    }
    if desc {
        items.reverse();
    }
    Ok(Reply::ok(&List { data: slice(&items, page, limit), meta: ctx.page_meta(items.len(), page, limit) }))
}

pub fn get(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    let c = state.client(id).cloned().ok_or_else(|| not_found(id))?;
    Ok(Reply::ok(&One { data: c, meta: ctx.meta() }))
}

/// Reads a client body onto `c`: fields present replace, absent ones stay.
fn read_into(b: &mut Body, c: &mut wire::Client) {
    b.required("name");
    if let Some(name) = b.text("name") {
        c.name = name;
    }
    let forename = b.str("forename");
    let email = b.email("email");
    let phone = b.phone("phone");
    let kind = b.one_of("clientType", TYPES);
    let country = b.int("countryId");
    let lang = b.str("lang");
    if lang.as_ref().is_some_and(|l| l.len() != 2 || !l.chars().all(|x| x.is_ascii_lowercase())) {
        b.error("lang", "lang must be an ISO 639-1 code, e.g. pl");
    }
    let blank = |s: Option<String>| s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if b.keys().any(|k| k == "forename") {
        c.forename = blank(forename);
    }
    if b.keys().any(|k| k == "email") {
        c.email = email;
    }
    if b.keys().any(|k| k == "phone") {
        c.phone = phone;
    }
    for (key, slot) in [
        ("companyName", &mut c.company_name),
        ("taxId", &mut c.tax_id),
        ("personalId", &mut c.personal_id),
        ("idCard", &mut c.id_card),
        ("address", &mut c.address),
        ("comments", &mut c.comments),
        ("vehicleRegistrationNumber", &mut c.vehicle_registration_number),
    ] {
        if b.keys().any(|k| k == key) {
            *slot = blank(b.str(key));
        }
    }
    if let Some(k) = kind {
        c.client_type = Some(k);
    }
    if b.keys().any(|k| k == "countryId") {
        c.country_id = country;
    }
    if lang.is_some() {
        c.lang = lang;
    }
}

pub fn create(state: &mut McState, ctx: &Ctx<'_>) -> Result<Reply, ApiError> {
    let mut b = Body::parse(ctx.body)?;
    let id = state.next_client_id;
    let mut c = wire::Client {
        client_id: id,
        forename: None,
        name: String::new(),
        phone: None,
        email: None,
        company_name: None,
        tax_id: None,
        personal_id: None,
        id_card: None,
        client_type: Some("NONE".into()),
        address: None,
        comments: None,
        vehicle_registration_number: None,
        country_id: None,
        lang: None,
        add_date: None,
        edit_date: None,
    };
    read_into(&mut b, &mut c);
    b.check()?;
    let now = state.clock.tick();
    c.add_date = Some(now);
    c.edit_date = Some(now);
    state.next_client_id += 1;
    state.insert_client(c.clone());
    Ok(Reply::created(&One { data: c, meta: ctx.meta() }, format!("/v1/public/clients/{id}")))
}

pub fn update(state: &mut McState, ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    let mut c = state.client(id).cloned().ok_or_else(|| not_found(id))?;
    let mut b = Body::parse(ctx.body)?;
    read_into(&mut b, &mut c);
    b.check()?;
    c.edit_date = Some(state.clock.tick());
    let i = state.client_index[&id];
    state.clients[i] = c.clone();
    Ok(Reply::ok(&One { data: c, meta: ctx.meta() }))
}

pub fn delete(state: &mut McState, _ctx: &Ctx<'_>, id: i64) -> Result<Reply, ApiError> {
    if state.client(id).is_none() {
        return Err(not_found(id));
    }
    if let Some(r) = state.reservations.iter().find(|r| r.client_id == Some(id)) {
        return Err(ApiError::conflict(format!(
            "Client {id} has reservations (e.g. {}); a client with reservations cannot be deleted",
            r.reservation_id
        )));
    }
    let i = state.client_index.remove(&id).expect("checked");
    state.clients.remove(i);
    for (k, c) in state.clients.iter().enumerate().skip(i) {
        state.client_index.insert(c.client_id, k);
    }
    state.clock.tick();
    Ok(Reply::NoContent)
}
