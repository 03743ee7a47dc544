//! `Customer/Create`, `Get`, `GetList`, `Search` and `Edit`. Create and Edit take first and last
//! name; every read returns only `Name`, the full name.
//!
//! Where reservanto.md is silent:
//! * The merchant splits names, so `LastName` is required (a `FirstName` alone is refused).
//! * E-mail must look like an address; phones are normalised: spaces, dashes and brackets go,
//!   `00` becomes `+`, a national Czech number (9 digits, optionally with a leading 0) gets
//!   `+420`; anything else with letters or fewer than 9 digits is refused.
//! * Duplicates (same e-mail) are allowed, as the official sample's double-checking suggests.
//! * Edit: an absent or `null` field stays as it is; an empty `Email` or `Phone` clears it; an
//!   empty `LastName` is refused. Deleted customers cannot be edited or booked.
//! * Search: case- and accent-insensitive substrings of name, e-mail and phone (all given texts
//!   must match), deleted customers left out, lowest ids first, at most 15.
//! * `GetList` filters by `ModifiedAfter` / `RegisteredAfter` (strictly after) and includes
//!   deleted customers (with `Deleted: true`), so a sync can notice them.

use innkeep_providers::reservanto::wire;
use serde_json::Value;

use super::{decode, to_json, Data};
use crate::reservanto::errors::ApiError;
use crate::reservanto::state::{CustomerRec, State};

pub const SEARCH_LIMIT: usize = 15;
const GENDERS: [&str; 4] = ["NotKnown", "Male", "Female", "NotApplicable"];

fn present(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn email(value: &str) -> Result<String, ApiError> {
    let valid = value.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
    });
    if !valid || value.contains(char::is_whitespace) || value.matches('@').count() != 1 {
        return Err(ApiError::field("Email", format!("E-mail „{value}“ není platný.")));
    }
    Ok(value.to_owned())
}

fn phone(value: &str) -> Result<String, ApiError> {
    let compact: String = value.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '/' | '.')).collect();
    let international = compact.strip_prefix('+').or_else(|| compact.strip_prefix("00"));
    let digits = international.unwrap_or(&compact);
    let refused = || ApiError::field("Phone", format!("Telefonní číslo „{value}“ není platné."));
    if digits.len() < 9 || digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(refused());
    }
    match international {
        Some(d) => Ok(format!("+{d}")),
        None if digits.len() == 9 => Ok(format!("+420{digits}")),
        None if digits.len() == 10 && digits.starts_with('0') => Ok(format!("+420{}", &digits[1..])),
        None => Err(refused()),
    }
}

fn gender(value: Option<String>) -> Result<Option<String>, ApiError> {
    match present(value) {
        Some(g) if !GENDERS.contains(&g.as_str()) => {
            Err(ApiError::field("Gender", format!("Neznámé pohlaví „{g}“ (NotKnown, Male, Female, NotApplicable).")))
        }
        other => Ok(other),
    }
}

fn reply(c: &CustomerRec) -> Data {
    to_json(&wire::CustomerResponse { customer: Some(c.to_wire()) })
}

pub fn create(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::CustomerCreateRequest = decode(body)?;
    let last_name = present(req.last_name).ok_or_else(|| ApiError::field("LastName", "Příjmení je povinné."))?;
    let email = present(req.email).map(|e| email(&e)).transpose()?;
    let phone = present(req.phone).map(|p| phone(&p)).transpose()?;
    let gender = gender(req.gender)?;
    let now = state.clock.tick().timestamp();
    let c = CustomerRec {
        id: state.next_customer_id,
        first_name: present(req.first_name),
        last_name,
        email,
        phone,
        birth_date: req.birth_date,
        gender,
        created_at: now,
        modified_at: now,
        deleted: false,
    };
    state.next_customer_id += 1;
    let answer = reply(&c);
    state.add_customer(c);
    Ok(answer)
}

pub fn get(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::CustomerIdRequest = decode(body)?;
    let c = state.customer(req.customer_id).ok_or_else(|| ApiError::customer_not_found("CustomerId"))?;
    Ok(reply(c))
}

pub fn list(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::CustomerListRequest = decode(body)?;
    let customers = state
        .customers
        .iter()
        .filter(|c| req.modified_after.is_none_or(|t| c.modified_at > t))
        .filter(|c| req.registered_after.is_none_or(|t| c.created_at > t))
        .map(CustomerRec::to_wire)
        .collect();
    Ok(to_json(&wire::CustomersResponse { customers }))
}

/// Lower case without Czech (and neighbours') accents.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'ä' => 'a',
            'č' | 'ć' => 'c',
            'ď' => 'd',
            'é' | 'ě' | 'ę' => 'e',
            'í' => 'i',
            'ł' => 'l',
            'ň' | 'ń' => 'n',
            'ó' | 'ö' => 'o',
            'ř' => 'r',
            'š' | 'ś' => 's',
            'ť' => 't',
            'ú' | 'ů' | 'ü' => 'u',
            'ý' => 'y',
            'ž' | 'ź' | 'ż' => 'z',
            c => c,
        })
        .collect()
}

pub fn search(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::CustomerSearchRequest = decode(body)?;
    let name = present(req.name_search).map(|s| fold(&s));
    let mail = present(req.email_search).map(|s| fold(&s));
    let tel = present(req.phone_search).map(|s| s.chars().filter(char::is_ascii_digit).collect::<String>());
    if name.is_none() && mail.is_none() && tel.as_deref().is_none_or(str::is_empty) {
        return Err(ApiError::field("NameSearch", "Zadejte alespoň jedno kritérium hledání."));
    }
    let matches = |text: Option<&str>, needle: &Option<String>| {
        needle.as_ref().is_none_or(|n| text.is_some_and(|t| fold(t).contains(n.as_str())))
    };
    let customers = state
        .customers
        .iter()
        .filter(|c| !c.deleted)
        .filter(|c| matches(Some(&c.name()), &name) && matches(c.email.as_deref(), &mail))
        .filter(|c| {
            tel.as_ref()
                .filter(|t| !t.is_empty())
                .is_none_or(|t| c.phone.as_deref().is_some_and(|p| p.contains(t.as_str())))
        })
        .take(SEARCH_LIMIT)
        .map(CustomerRec::to_wire)
        .collect();
    Ok(to_json(&wire::CustomersResponse { customers }))
}

pub fn edit(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::CustomerEditRequest = decode(body)?;
    let current = state
        .customer(req.customer_id)
        .filter(|c| !c.deleted)
        .ok_or_else(|| ApiError::customer_not_found("CustomerId"))?
        .clone();
    let mut next = current;
    if let Some(first) = req.first_name {
        next.first_name = present(Some(first));
    }
    if let Some(last) = req.last_name {
        next.last_name = present(Some(last)).ok_or_else(|| ApiError::field("LastName", "Příjmení je povinné."))?;
    }
    if let Some(e) = req.email {
        next.email = present(Some(e)).map(|e| email(&e)).transpose()?;
    }
    if let Some(p) = req.phone {
        next.phone = present(Some(p)).map(|p| phone(&p)).transpose()?;
    }
    if req.gender.is_some() {
        next.gender = gender(req.gender)?;
    }
    if req.birth_date.is_some() {
        next.birth_date = req.birth_date;
    }
    next.modified_at = state.clock.tick().timestamp();
    let answer = reply(&next);
    *state.customer_mut(req.customer_id).expect("found above") = next;
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_leniently() {
        assert_eq!(phone("777 123 456").unwrap(), "+420777123456");
        assert_eq!(phone("0777123456").unwrap(), "+420777123456");
        assert_eq!(phone("00421 905 123 456").unwrap(), "+421905123456");
        assert_eq!(phone("+49 (30) 1234-5678").unwrap(), "+493012345678");
        assert!(phone("12345").is_err());
        assert!(phone("777 12a 456").is_err());
    }

    #[test]
    fn emails_need_a_user_and_a_host() {
        assert!(email("jan.novak@seznam.cz").is_ok());
        for bad in ["jan.novak", "@seznam.cz", "jan@novak", "jan@@seznam.cz", "jan novak@seznam.cz"] {
            assert!(email(bad).is_err(), "{bad}");
        }
        assert_eq!(fold("Růžičková"), "ruzickova");
    }
}
