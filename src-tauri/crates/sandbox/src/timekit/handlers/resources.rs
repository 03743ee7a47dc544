//! Resources (the rooms): list, get, create, update, delete.
//!
//! Decisions where timekit.md is silent:
//! * Lists are paginated like bookings (`limit` 1–1000, default 50), in creation order;
//!   `include=calendars,availability_constraints` adds those models (create always shows them).
//! * Create: `name` and `timezone` (a valid IANA zone) are required; `email` must be unique
//!   ("Email already exists"); `first_name` mirrors `name` when not given; a "Bookings" calendar
//!   is made with the resource. 201 with the resource.
//! * Update is partial; the e-mail cannot be changed once set. 204 without a body and delete
//!   204, as the MuleSoft reference says ("No response").
//! * A resource with bookings still open (tentative or confirmed) cannot be deleted (422): the
//!   guests would arrive at a room that no longer exists. Its closed bookings stay readable.

use axum::http::StatusCode;
use chrono_tz::Tz;
use innkeep_providers::timekit::wire::{self, states};

use super::{paginate, Reply, Req};
use crate::timekit::errors::TkError;
use crate::timekit::state::TkState;
use crate::timekit::time::stamp;

pub fn is_email(s: &str) -> bool {
    s.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !s.contains(' '))
}

fn shown(r: &wire::Resource, calendars: bool, constraints: bool) -> wire::Resource {
    let mut r = r.clone();
    if !calendars {
        r.calendars = None;
    }
    if !constraints {
        r.availability_constraints = None;
    }
    r
}

fn position(st: &TkState, id: &str) -> Result<usize, TkError> {
    st.resources.iter().position(|r| r.id == id).ok_or_else(|| TkError::missing("Resource"))
}

pub fn list(st: &mut TkState, req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    let limit = req.number("limit", 50, 1000)?;
    let page = req.number("page", 1, u64::MAX)?;
    let inc = req.includes();
    let all: Vec<wire::Resource> =
        st.resources.iter().map(|r| shown(r, inc.has("calendars"), inc.has("availability_constraints"))).collect();
    Ok(Reply::json(StatusCode::OK, &paginate(req, "/resources", &all, limit, page)))
}

pub fn get(st: &mut TkState, req: &Req<'_>, path: &[&str]) -> Result<Reply, TkError> {
    let i = position(st, path[1])?;
    let inc = req.includes();
    Ok(Reply::data(StatusCode::OK, shown(&st.resources[i], inc.has("calendars"), inc.has("availability_constraints"))))
}

fn check_timezone(tz: &str) -> Result<(), TkError> {
    tz.parse::<Tz>().map(|_| ()).map_err(|_| TkError::field("timezone", "The timezone must be a valid zone."))
}

/// Makes a resource (and its calendar) from a checked input.
pub fn new_resource(st: &mut TkState, input: wire::ResourceInput) -> Result<usize, TkError> {
    let name =
        input.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).ok_or_else(|| TkError::required("name"))?;
    let timezone = input.timezone.clone().ok_or_else(|| TkError::required("timezone"))?;
    check_timezone(&timezone)?;
    if let Some(email) = &input.email {
        if !is_email(email) {
            return Err(TkError::field("email", "The email must be a valid email address."));
        }
        let taken = st.resources.iter().any(|r| r.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(email)));
        if taken {
            return Err(TkError::field("email", "Email already exists"));
        }
    }
    let now = st.clock.tick();
    let tz = crate::timekit::time::ZONE;
    let resource = wire::Resource {
        id: st.rng.guid(),
        name: name.to_owned(),
        first_name: input.first_name.or_else(|| Some(name.to_owned())),
        last_name: input.last_name.or_else(|| Some(String::new())),
        email: input.email,
        timezone,
        image: input.image,
        tags: input.tags.unwrap_or_default(),
        meta: input.meta.unwrap_or_default(),
        calendars: Some(vec![wire::Calendar {
            id: st.rng.guid(),
            name: "Bookings".into(),
            display_name: None,
            description: Some("Created by Timekit on resource creation".into()),
            provider_id: None,
            provider_access: Some("owner".into()),
            provider_primary: Some(false),
            provider_sync: Some(false),
            foregroundcolor: None,
            backgroundcolor: None,
            created_at: Some(stamp(now, tz)),
            updated_at: Some(stamp(now, tz)),
            provider: Some("timekit".into()),
        }]),
        availability_constraints: Some(input.availability_constraints.unwrap_or_default()),
        created_at: Some(stamp(now, tz)),
        updated_at: Some(stamp(now, tz)),
    };
    st.resources.push(resource);
    Ok(st.resources.len() - 1)
}

pub fn create(st: &mut TkState, req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    let input: wire::ResourceInput = req.decode()?;
    let i = new_resource(st, input)?;
    Ok(Reply::data(StatusCode::CREATED, st.resources[i].clone()))
}

pub fn update(st: &mut TkState, req: &Req<'_>, path: &[&str]) -> Result<Reply, TkError> {
    let i = position(st, path[1])?;
    let input: wire::ResourceInput = req.decode()?;
    if let Some(name) = &input.name {
        if name.trim().is_empty() {
            return Err(TkError::required("name"));
        }
    }
    if let Some(tz) = &input.timezone {
        check_timezone(tz)?;
    }
    if let Some(email) = &input.email {
        if st.resources[i].email.as_deref() != Some(email.as_str()) {
            return Err(TkError::field("email", "The email of a resource cannot be changed."));
        }
    }
    let now = st.clock.tick();
    let r = &mut st.resources[i];
    if let Some(v) = input.name {
        r.name = v.trim().to_owned();
    }
    if let Some(v) = input.timezone {
        r.timezone = v;
    }
    if let Some(v) = input.first_name {
        r.first_name = Some(v);
    }
    if let Some(v) = input.last_name {
        r.last_name = Some(v);
    }
    if let Some(v) = input.image {
        r.image = Some(v);
    }
    if let Some(v) = input.tags {
        r.tags = v;
    }
    if let Some(meta) = input.meta {
        for (k, v) in meta {
            if v.is_null() {
                r.meta.remove(&k);
            } else {
                r.meta.insert(k, v);
            }
        }
    }
    if let Some(v) = input.availability_constraints {
        r.availability_constraints = Some(v);
    }
    r.updated_at = Some(stamp(now, crate::timekit::time::ZONE));
    Ok(Reply::no_content())
}

pub fn delete(st: &mut TkState, _req: &Req<'_>, path: &[&str]) -> Result<Reply, TkError> {
    let i = position(st, path[1])?;
    let id = st.resources[i].id.clone();
    let open = st.by_resource.get(&id).into_iter().flatten().any(|&b| {
        let b = &st.bookings[b];
        !b.deleted && matches!(b.state.as_str(), states::TENTATIVE | states::CONFIRMED)
    });
    if open {
        return Err(TkError::rule(
            "The resource has open bookings (tentative or confirmed); cancel or decline them before deleting it.",
        ));
    }
    st.clock.tick();
    st.resources.remove(i);
    Ok(Reply::no_content())
}
