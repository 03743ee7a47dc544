//! `services/getAvailability` (legacy) and `rates/getPricing`: per day time unit, where a unit
//! starts at local midnight (in UTC). Misaligned timestamps and windows over 367 units are 400.
//! `BaseAmountPrices` are the prices of the first (cheapest) category, which the others are
//! sold up from.

use chrono::{DateTime, NaiveDate, Utc};
use innkeep_providers::mews::wire::*;
use serde_json::Value;

use super::{decode, Reply};
use crate::mews::errors::ApiError;
use crate::mews::pricing::{self, CURRENCY};
use crate::mews::state::MewsState;
use crate::mews::time::{self, unit_start};

const MAX_UNITS: i64 = 367;

/// The local dates of the units `first..=last`, after checking alignment and length.
fn units(first: DateTime<Utc>, last: DateTime<Utc>) -> Result<Vec<NaiveDate>, ApiError> {
    for (name, t) in [("FirstTimeUnitStartUtc", first), ("LastTimeUnitStartUtc", last)] {
        if !time::is_unit_start(t) {
            return Err(ApiError::invalid(
                name,
                format!(
                    "{t:?} is not the start of a time unit (local midnight in {}, expressed in UTC)",
                    time::ZONE_NAME
                ),
            ));
        }
    }
    if last < first {
        return Err(ApiError::invalid("LastTimeUnitStartUtc", "it is before FirstTimeUnitStartUtc"));
    }
    let (a, b) = (time::local_date(first), time::local_date(last));
    let count = (b - a).num_days() + 1;
    if count > MAX_UNITS {
        return Err(ApiError::invalid("LastTimeUnitStartUtc", format!("at most {MAX_UNITS} time units, not {count}")));
    }
    Ok(a.iter_days().take(count as usize).collect())
}

pub fn availability(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ServicesGetAvailabilityRequest = decode(body)?;
    if req.service_id != state.accommodation_id() {
        return Err(ApiError::invalid("ServiceId", "not a bookable service of this enterprise"));
    }
    let days = units(req.first_time_unit_start_utc, req.last_time_unit_start_utc)?;
    let free = state.availability(days[0], days.len());
    let category_availabilities = state
        .categories
        .all()
        .iter()
        .zip(free)
        .map(|(c, availabilities)| CategoryAvailability {
            category_id: c.wire.id.clone(),
            adjustments: vec![0; availabilities.len()],
            availabilities,
        })
        .collect();
    let time_unit_starts_utc = days.iter().map(|d| unit_start(*d)).collect();
    Ok(Reply::json(&ServicesGetAvailabilityResponse { time_unit_starts_utc, category_availabilities }))
}

pub fn pricing(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: RatesGetPricingRequest = decode(body)?;
    let rate = state.rates.position(&req.rate_id).ok_or_else(|| ApiError::invalid("RateId", "unknown rate"))?;
    let days = units(req.first_time_unit_start_utc, req.last_time_unit_start_utc)?;
    let discount = state.rates.at(rate).discount_percent;
    let prices = |base: i64| days.iter().map(|d| pricing::night(base, discount, *d).amount()).collect::<Vec<_>>();
    let category_prices = state
        .categories
        .all()
        .iter()
        .map(|c| CategoryPrices { category_id: c.wire.id.clone(), amount_prices: prices(c.base_cents) })
        .collect();
    Ok(Reply::json(&RatesGetPricingResponse {
        currency: CURRENCY.into(),
        time_unit_starts_utc: days.iter().map(|d| unit_start(*d)).collect(),
        base_amount_prices: prices(state.categories.at(0).base_cents),
        category_prices,
    }))
}
