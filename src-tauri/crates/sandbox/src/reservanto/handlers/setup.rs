//! The token exchange, `Test/Echo`, and the merchant's setup: merchant info, locations, segments,
//! resources and services.
//!
//! Where reservanto.md is silent: an unknown long-time token is a business error naming
//! `LongTimeToken` (HTTP 200); `OnlyPublic` keeps `Public` objects; an unknown `LocationId` in
//! `BookingResource/GetList` gives an empty list; `ModifiedAfter` of `BookingService/GetList`
//! compares with the services' last change (they all changed when the sandbox's data was made).

use innkeep_providers::reservanto::wire::{self, object_state};
use serde_json::Value;

use super::{decode, to_json, Data};
use crate::reservanto::errors::ApiError;
use crate::reservanto::rights_of;
use crate::reservanto::state::{State, Token, STT_LIFETIME};

/// A short-time token for a known long-time token: 40 hex digits from the seeded stream.
pub fn short_time_token(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::ShortTimeTokenRequest = decode(body)?;
    let rights = rights_of(req.long_time_token.trim())
        .ok_or_else(|| ApiError::field("LongTimeToken", "Neplatný LongTimeToken: aplikace nemá přístup k účtu."))?;
    let now = state.now();
    state.tokens.retain(|_, t| t.expires_at > now);
    let token: String = (0..3).map(|_| format!("{:016X}", state.rng.next_u64())).collect::<String>()[..40].to_owned();
    state.tokens.insert(token.clone(), Token { rights, expires_at: now + STT_LIFETIME });
    crate::simulator::remember_token(&mut state.handed_out, &token);
    Ok(to_json(&wire::ShortTimeTokenResponse { short_time_token: Some(token) }))
}

pub fn echo(_state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::EchoRequest = decode(body)?;
    Ok(to_json(&wire::EchoResponse { ok: true, received_text: req.text }))
}

pub fn merchant(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let _: wire::EmptyRequest = decode(body)?;
    Ok(to_json(&wire::ItemResponse { result: Some(state.merchant.clone()) }))
}

fn public_filter(only_public: bool, object_state: &Option<String>) -> bool {
    !only_public || object_state.as_deref() == Some(object_state::PUBLIC)
}

pub fn locations(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::OnlyPublicRequest = decode(body)?;
    let items = [state.location.clone()].into_iter().filter(|l| public_filter(req.only_public, &l.state)).collect();
    Ok(to_json(&wire::ItemsResponse { items }))
}

pub fn location(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::LocationIdRequest = decode(body)?;
    if req.location_id != state.location.id {
        return Err(ApiError::field("LocationId", "Hledaná provozovna neexistuje!"));
    }
    Ok(to_json(&wire::ItemResponse { result: Some(state.location.clone()) }))
}

pub fn segments(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::OnlyPublicRequest = decode(body)?;
    let items: Vec<wire::Segment> =
        state.segments.iter().filter(|s| public_filter(req.only_public, &s.state)).cloned().collect();
    Ok(to_json(&wire::ItemsResponse { items }))
}

pub fn resources(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::ResourceListRequest = decode(body)?;
    let items: Vec<wire::BookingResource> = state
        .resources
        .iter()
        .map(|r| &r.wire)
        .filter(|r| req.location_id.is_none_or(|l| l == r.location_id))
        .filter(|r| public_filter(req.only_public, &r.state))
        .cloned()
        .collect();
    Ok(to_json(&wire::ItemsResponse { items }))
}

pub fn resource(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::ResourceIdRequest = decode(body)?;
    let r = state
        .resource(req.booking_resource_id)
        .ok_or_else(|| ApiError::field("BookingResourceId", "Hledaný zdroj neexistuje!"))?;
    Ok(to_json(&wire::ItemResponse { result: Some(state.resources[r].wire.clone()) }))
}

/// When the services last changed: when the location was last edited.
fn services_modified(state: &State) -> i64 {
    state.location.modified_at
}

pub fn services(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::ServiceListRequest = decode(body)?;
    let changed = req.modified_after.is_none_or(|t| services_modified(state) > t);
    let booking_services: Vec<wire::BookingService> =
        state.services.iter().filter(|s| changed && public_filter(req.only_public, &s.state)).cloned().collect();
    Ok(to_json(&wire::BookingServicesResponse { booking_services }))
}

pub fn services_for_resource(state: &mut State, body: Value) -> Result<Data, ApiError> {
    let req: wire::ResourceIdRequest = decode(body)?;
    let r = state
        .resource(req.booking_resource_id)
        .ok_or_else(|| ApiError::field("BookingResourceId", "Hledaný zdroj neexistuje!"))?;
    let ids = &state.resources[r].wire.booking_service_ids;
    let items: Vec<wire::BookingService> = state
        .services
        .iter()
        .filter(|s| ids.contains(&s.id) && s.state.as_deref() == Some(object_state::PUBLIC))
        .cloned()
        .collect();
    Ok(to_json(&wire::ItemsResponse { items }))
}
