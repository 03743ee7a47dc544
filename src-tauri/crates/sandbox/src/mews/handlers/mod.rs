//! One function per operation, each taking the decoded-but-untyped body (auth already checked)
//! and returning the JSON answer. The wire types of `innkeep_providers::mews::wire` are used for
//! every request and response body, so a change of shape on either side breaks a test at once.

mod availability;
mod booking;
mod customers;
mod lifecycle;
mod reservations;
mod setup;

use innkeep_providers::mews::wire::paths;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::errors::ApiError;
use super::state::MewsState;

pub type Operation = fn(&mut MewsState, Value) -> Result<Reply, ApiError>;

/// A successful answer. `minimal` marks answers that `Prefer: return=minimal` turns into 204:
/// an empty page, or `{}`.
pub struct Reply {
    pub json: Vec<u8>,
    pub minimal: bool,
}

impl Reply {
    pub fn json<T: Serialize>(value: &T) -> Reply {
        Reply { json: serde_json::to_vec(value).expect("wire types serialize"), minimal: false }
    }

    pub fn page<T: Serialize>(value: &T, empty: bool) -> Reply {
        Reply { minimal: empty, ..Reply::json(value) }
    }

    pub fn empty_object() -> Reply {
        Reply { json: b"{}".to_vec(), minimal: true }
    }
}

/// The operation served at `path`, matched exactly.
pub fn operation(path: &str) -> Option<Operation> {
    let op: Operation = match path {
        paths::CONFIGURATION_GET => setup::configuration,
        paths::SERVICES_GET_ALL => setup::services,
        paths::RESOURCES_GET_ALL => setup::resources,
        paths::RESOURCE_CATEGORIES_GET_ALL => setup::resource_categories,
        paths::RESOURCE_CATEGORY_ASSIGNMENTS_GET_ALL => setup::resource_category_assignments,
        paths::AGE_CATEGORIES_GET_ALL => setup::age_categories,
        paths::RATES_GET_ALL => setup::rates,
        paths::RATES_GET_PRICING => availability::pricing,
        paths::SERVICES_GET_AVAILABILITY => availability::availability,
        paths::CUSTOMERS_GET_ALL => customers::get_all,
        paths::CUSTOMERS_ADD => customers::add,
        paths::RESERVATIONS_GET_ALL => reservations::get_all,
        paths::RESERVATIONS_ADD => booking::add,
        paths::RESERVATIONS_PRICE => booking::price,
        paths::RESERVATIONS_CONFIRM => lifecycle::confirm,
        paths::RESERVATIONS_START => lifecycle::start,
        paths::RESERVATIONS_PROCESS => lifecycle::process,
        paths::RESERVATIONS_CANCEL => lifecycle::cancel,
        _ => return None,
    };
    Some(op)
}

/// Typed body; a missing required field becomes `Invalid {Field}`.
pub fn decode<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_json::from_value(body).map_err(|e| {
        let msg = e.to_string();
        match msg.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            Some(field) => ApiError::invalid(field, "the field is required"),
            None => ApiError::invalid("request", msg),
        }
    })
}
