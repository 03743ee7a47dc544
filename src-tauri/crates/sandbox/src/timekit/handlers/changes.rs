//! Changes to bookings: graph actions (`PUT /bookings/:id/:action`), bulk update, metadata,
//! delete.
//!
//! Decisions where timekit.md is silent or leaves room:
//! * An action the graph does not allow in the current state (or an unknown action) is a 422
//!   `Cannot apply action 'x' to current state 'y'`; actions are not idempotent.
//! * Confirming a tentative booking whose timeslot a confirmed booking took meanwhile is a 422
//!   `The resource is not available …` (unless it allowed double bookings).
//! * Action inputs (`{"cancel": {"message": …}}`) are accepted and checked for shape; the
//!   sandbox sends no e-mails, so the message goes nowhere.
//! * `apply_to_bulked_bookings` (default true) replicates the action to the related bookings
//!   of a bulk create where their state allows it; the others are left as they are.
//! * Bulk update items are `{"id", "action", <action>: {inputs}}`, applied in order without
//!   replication. 200 `{"data": [...]}` when all succeed, else 422 with the kept changes and
//!   `errors` keyed `bookings.<n>`; `reset_all_on_error` undoes every change of the call,
//!   `stop_on_first_error` stops at the first failure.
//! * `PUT /bookings/:id/meta` takes `{"meta": {…}}`: keys are set, a `null` value removes one;
//!   200 with the booking. Any state, also final ones.
//! * Delete: only in a final state (completed, declined, cancelled, cancelled_by_customer),
//!   else 422 naming the state; 204 with no body. A deleted booking is gone (404) and no longer
//!   listed.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use innkeep_providers::timekit::wire::{self, states};
use serde_json::Value;

use super::bookings::{find, item_errors, taken};
use super::{decode, Reply, Req};
use crate::timekit::errors::TkError;
use crate::timekit::graph;
use crate::timekit::state::TkState;

/// Applies `action` to the booking at `i`; returns the previous (state, updated) to undo it.
fn apply(st: &mut TkState, i: usize, action: &str) -> Result<(String, DateTime<Utc>), TkError> {
    let b = &st.bookings[i];
    let next =
        graph::next(&b.graph, &b.state, action).ok_or_else(|| TkError::rule(graph::refused(action, &b.state)))?;
    if next == states::CONFIRMED && !b.allow_double_bookings && st.clash(&b.resource, b.start, b.end, Some(i)).is_some()
    {
        return Err(taken());
    }
    let now = st.clock.tick();
    let b = &mut st.bookings[i];
    let before = (std::mem::replace(&mut b.state, next.to_owned()), b.updated);
    b.updated = now;
    Ok(before)
}

fn check_inputs(inputs: &serde_json::Map<String, Value>, action: &str) -> Result<(), TkError> {
    if let Some(v) = inputs.get(action) {
        decode::<wire::ActionMessage>(v.clone()).map_err(|_| {
            TkError::field(action, format!("The {action} inputs must be an object like {{\"message\": \"…\"}}."))
        })?;
    }
    Ok(())
}

pub fn action(st: &mut TkState, req: &Req<'_>, path: &[&str]) -> Result<Reply, TkError> {
    let i = find(st, path[1])?;
    let action = path[2];
    let body: wire::ActionBody = req.decode()?;
    check_inputs(&body.inputs, action)?;
    apply(st, i, action)?;
    if body.apply_to_bulked_bookings.unwrap_or(true) {
        let related: Vec<usize> = st.bookings[i].related.iter().copied().filter(|&j| j != i).collect();
        for j in related {
            if !st.bookings[j].deleted {
                // Where the related booking's state does not allow it, it stays as it is.
                let _ = apply(st, j, action);
            }
        }
    }
    Ok(Reply::data(StatusCode::OK, st.booking_wire(i, &req.includes(), req.tz)))
}

pub fn meta(st: &mut TkState, req: &Req<'_>, path: &[&str]) -> Result<Reply, TkError> {
    let i = find(st, path[1])?;
    let raw = req.json()?;
    if !raw.get("meta").is_some_and(Value::is_object) {
        return Err(TkError::field("meta", "The meta field is required and must be an object."));
    }
    let update: wire::MetaUpdate = decode(raw)?;
    let now = st.clock.tick();
    let b = &mut st.bookings[i];
    for (k, v) in update.meta {
        if v.is_null() {
            b.meta.remove(&k);
        } else {
            b.meta.insert(k, v);
        }
    }
    b.updated = now;
    Ok(Reply::data(StatusCode::OK, st.booking_wire(i, &req.includes(), req.tz)))
}

pub fn delete(st: &mut TkState, _req: &Req<'_>, path: &[&str]) -> Result<Reply, TkError> {
    let i = find(st, path[1])?;
    let state = st.bookings[i].state.clone();
    if !graph::is_final(&state) {
        return Err(TkError::rule(format!(
            "Only bookings in a final state can be deleted (completed, declined or cancelled); this booking is \
             '{state}'. Cancel or decline it first, so that everyone is notified."
        )));
    }
    st.clock.tick();
    let id = st.bookings[i].id.clone();
    st.bookings[i].deleted = true;
    st.index.remove(&id);
    Ok(Reply::no_content())
}

pub fn bulk_update(st: &mut TkState, req: &Req<'_>, _: &[&str]) -> Result<Reply, TkError> {
    let raw = req.json()?;
    let items = match raw.get("bookings") {
        Some(Value::Array(items)) if !items.is_empty() => items.clone(),
        Some(Value::Array(_)) | None => return Err(TkError::required("bookings")),
        Some(_) => return Err(TkError::field("bookings", "The bookings must be an array.")),
    };
    let flag = |name: &str| raw.get(name).and_then(Value::as_bool).unwrap_or(false);
    let (reset_all, stop_first) = (flag("reset_all_on_error"), flag("stop_on_first_error"));
    let mut done: Vec<(usize, String, DateTime<Utc>)> = Vec::new();
    let mut errors = BTreeMap::new();
    for (n, item) in items.into_iter().enumerate() {
        let result = decode::<wire::BulkUpdateItem>(item).and_then(|item| {
            let i = st
                .booking(&item.id)
                .ok_or_else(|| TkError::field("id", format!("The selected bookings.{n}.id is invalid.")))?;
            check_inputs(&item.inputs, &item.action)?;
            apply(st, i, &item.action).map(|(state, updated)| (i, state, updated))
        });
        match result {
            Ok(change) => done.push(change),
            Err(e) => {
                item_errors(&mut errors, n, e);
                if stop_first {
                    break;
                }
            }
        }
    }
    if !errors.is_empty() && reset_all {
        for (i, state, updated) in done.drain(..).rev() {
            st.bookings[i].state = state;
            st.bookings[i].updated = updated;
        }
    }
    let includes = req.includes();
    let data = done.iter().map(|(i, ..)| st.booking_wire(*i, &includes, req.tz)).collect();
    let (status, errors) =
        if errors.is_empty() { (StatusCode::OK, None) } else { (StatusCode::UNPROCESSABLE_ENTITY, Some(errors)) };
    Ok(Reply::json(status, &wire::BulkAnswer { data, errors }))
}
