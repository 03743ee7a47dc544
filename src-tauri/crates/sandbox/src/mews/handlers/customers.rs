//! `customers/getAll` and `customers/add`.
//!
//! Where mews.md is silent: `Emails` match case-insensitively (as addresses do), `LastNames`
//! exactly; `add` with an email that exists and `OverwriteExisting: true` replaces the fields the
//! request carries and keeps the others (nothing is cleared by omission); with `false` it is a
//! 403 the hotel user can read. Empty optional strings count as absent.

use innkeep_providers::mews::wire::*;
use serde_json::Value;

use super::{decode, Reply};
use crate::mews::errors::ApiError;
use crate::mews::state::MewsState;
use crate::mews::validate::{self, id_set, in_interval, in_list, in_set};

pub fn get_all(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: CustomersGetAllRequest = decode(body)?;
    let lim = validate::limitation(Some(&req.limitation))?;
    validate::ids("CustomerIds", req.customer_ids.as_ref())?;
    validate::ids("Emails", req.emails.as_ref())?;
    validate::ids("LastNames", req.last_names.as_ref())?;
    validate::interval("CreatedUtc", req.created_utc.as_ref())?;
    validate::interval("UpdatedUtc", req.updated_utc.as_ref())?;
    let filtered = req.customer_ids.is_some()
        || req.emails.is_some()
        || req.last_names.is_some()
        || req.created_utc.is_some()
        || req.updated_utc.is_some();
    if !filtered {
        return Err(ApiError::invalid("CustomerIds", "required when no other filter is given"));
    }
    let emails: Option<Vec<String>> = req.emails.as_ref().map(|l| l.iter().map(|e| e.to_lowercase()).collect());
    let ids = id_set(req.customer_ids.as_ref());
    let (page, cursor) = state.customers.page(lim, |c| {
        req.extent.customers
            && in_set(&c.id, ids.as_ref())
            && in_list(&c.last_name, req.last_names.as_ref())
            && emails.as_ref().is_none_or(|l| c.email.as_ref().is_some_and(|e| l.contains(&e.to_lowercase())))
            && in_interval(c.created_utc, req.created_utc.as_ref())
            && in_interval(c.updated_utc, req.updated_utc.as_ref())
    })?;
    let empty = page.is_empty();
    Ok(Reply::page(&CustomersGetAllResponse { customers: page.into_iter().cloned().collect(), cursor }, empty))
}

fn present(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub fn add(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: CustomerAddRequest = decode(body)?;
    let last_name = req.last_name.trim().to_owned();
    if last_name.is_empty() {
        return Err(ApiError::invalid("LastName", "the field is required"));
    }
    let email = present(req.email);
    if let Some(e) = &email {
        let valid = e.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if !valid || e.contains(char::is_whitespace) {
            return Err(ApiError::invalid("Email", format!("{e:?} is not an e-mail address")));
        }
    }
    let nationality = present(req.nationality_code);
    if let Some(n) = &nationality {
        if n.len() != 2 || !n.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(ApiError::invalid("NationalityCode", "expected an ISO 3166-1 alpha-2 code such as \"CZ\""));
        }
    }
    let (first_name, phone, notes) = (present(req.first_name), present(req.phone), present(req.notes));

    let existing = email.as_ref().and_then(|e| {
        let e = e.to_lowercase();
        state.customers.all().iter().position(|c| c.email.as_ref().is_some_and(|x| x.to_lowercase() == e))
    });
    if let Some(i) = existing {
        if !req.overwrite_existing {
            let e = email.unwrap_or_default();
            return Err(ApiError::forbidden(format!("A guest profile with the e-mail address {e} already exists.")));
        }
        let updated_utc = state.clock.tick();
        let c = state.customers.at_mut(i);
        c.last_name = last_name;
        c.first_name = first_name.or(c.first_name.take());
        c.phone = phone.or(c.phone.take());
        c.nationality_code = nationality.or(c.nationality_code.take());
        c.notes = notes.or(c.notes.take());
        c.updated_utc = updated_utc;
        return Ok(Reply::json(&*c));
    }

    let now = state.clock.tick();
    let customer = Customer {
        id: state.rng.guid(),
        chain_id: state.enterprise.chain_id.clone(),
        number: Some(state.next_customer_number.to_string()),
        title: None,
        sex: None,
        first_name,
        last_name,
        nationality_code: nationality,
        preferred_language_code: None,
        email,
        phone,
        notes,
        created_utc: now,
        updated_utc: now,
        is_active: true,
    };
    state.next_customer_number += 1;
    let reply = Reply::json(&customer);
    state.customers.push(customer);
    Ok(reply)
}
