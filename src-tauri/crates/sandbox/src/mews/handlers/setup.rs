//! The property's setup: configuration, services, rooms, room categories and their assignments,
//! age categories, rates. Read-only in the sandbox.

use innkeep_providers::mews::wire::*;
use serde_json::Value;

use super::{decode, Reply};
use crate::mews::errors::ApiError;
use crate::mews::state::MewsState;
use crate::mews::validate::{self, in_interval, in_list};

pub fn configuration(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    // `EnterpriseId` only matters for portfolio tokens; the sandbox's token is not one.
    let _req: ConfigurationGetRequest = decode(body)?;
    let now_utc = state.now();
    Ok(Reply::json(&ConfigurationGetResponse { now_utc, enterprise: state.enterprise.clone(), service: None }))
}

pub fn services(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ServicesGetAllRequest = decode(body)?;
    let lim = validate::limitation(Some(&req.limitation))?;
    validate::ids("ServiceIds", req.service_ids.as_ref())?;
    validate::interval("UpdatedUtc", req.updated_utc.as_ref())?;
    let (page, cursor) = state.services.page(lim, |s| {
        in_list(&s.id, req.service_ids.as_ref()) && in_interval(s.updated_utc, req.updated_utc.as_ref())
    })?;
    let empty = page.is_empty();
    Ok(Reply::page(&ServicesGetAllResponse { services: page.into_iter().cloned().collect(), cursor }, empty))
}

pub fn resources(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ResourcesGetAllRequest = decode(body)?;
    let lim = validate::limitation(Some(&req.limitation))?;
    validate::ids("ResourceIds", req.resource_ids.as_ref())?;
    validate::interval("UpdatedUtc", req.updated_utc.as_ref())?;
    let extent = &req.extent;
    let (page, cursor) = state.rooms.page(lim, |r| {
        let w = &r.wire;
        extent.resources
            && (w.is_active || extent.inactive)
            && in_list(&w.id, req.resource_ids.as_ref())
            && in_interval(w.updated_utc, req.updated_utc.as_ref())
    })?;
    let empty = page.is_empty();
    let resources = page.into_iter().map(|r| r.wire.clone()).collect();
    Ok(Reply::page(&ResourcesGetAllResponse { resources, cursor }, empty))
}

pub fn resource_categories(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ResourceCategoriesGetAllRequest = decode(body)?;
    let lim = validate::limitation(Some(&req.limitation))?;
    validate::required_ids("ServiceIds", &req.service_ids)?;
    validate::ids("ResourceCategoryIds", req.resource_category_ids.as_ref())?;
    validate::interval("UpdatedUtc", req.updated_utc.as_ref())?;
    let (active, deleted) = validate::activity_states(req.activity_states.as_ref())?;
    let (page, cursor) = state.categories.page(lim, |c| {
        let w = &c.wire;
        req.service_ids.contains(&w.service_id)
            && in_list(&w.id, req.resource_category_ids.as_ref())
            && (if w.is_active { active } else { deleted })
            && in_interval(c.updated_utc, req.updated_utc.as_ref())
    })?;
    let empty = page.is_empty();
    let resource_categories = page.into_iter().map(|c| c.wire.clone()).collect();
    Ok(Reply::page(&ResourceCategoriesGetAllResponse { resource_categories, cursor }, empty))
}

pub fn resource_category_assignments(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: ResourceCategoryAssignmentsGetAllRequest = decode(body)?;
    let lim = validate::limitation(Some(&req.limitation))?;
    validate::required_ids("ResourceCategoryIds", &req.resource_category_ids)?;
    validate::ids("ResourceIds", req.resource_ids.as_ref())?;
    let (active, deleted) = validate::activity_states(req.activity_states.as_ref())?;
    let (page, cursor) = state.assignments.page(lim, |a| {
        req.resource_category_ids.contains(&a.category_id)
            && in_list(&a.resource_id, req.resource_ids.as_ref())
            && (if a.is_active { active } else { deleted })
    })?;
    let empty = page.is_empty();
    let resource_category_assignments = page.into_iter().cloned().collect();
    Ok(Reply::page(&ResourceCategoryAssignmentsGetAllResponse { resource_category_assignments, cursor }, empty))
}

pub fn age_categories(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: AgeCategoriesGetAllRequest = decode(body)?;
    let lim = validate::limitation(Some(&req.limitation))?;
    validate::ids("ServiceIds", req.service_ids.as_ref())?;
    // Without ServiceIds: those of every bookable service, which here is all of them.
    let (page, cursor) = state.age_categories.page(lim, |a| in_list(&a.service_id, req.service_ids.as_ref()))?;
    let empty = page.is_empty();
    Ok(Reply::page(&AgeCategoriesGetAllResponse { age_categories: page.into_iter().cloned().collect(), cursor }, empty))
}

pub fn rates(state: &mut MewsState, body: Value) -> Result<Reply, ApiError> {
    let req: RatesGetAllRequest = decode(body)?;
    let lim = validate::limitation(Some(&req.limitation))?;
    validate::required_ids("ServiceIds", &req.service_ids)?;
    validate::ids("RateIds", req.rate_ids.as_ref())?;
    let (page, cursor) = state
        .rates
        .page(lim, |r| req.service_ids.contains(&r.wire.service_id) && in_list(&r.wire.id, req.rate_ids.as_ref()))?;
    let empty = page.is_empty();
    Ok(Reply::page(&RatesGetAllResponse { rates: page.into_iter().map(|r| r.wire.clone()).collect(), cursor }, empty))
}
