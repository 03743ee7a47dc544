//! Routing, authentication, the rate limit and scopes; one module per resource. Handlers take
//! the state and the request context and return a [`Reply`] or an [`ApiError`]. Records are
//! kept and answered in the wire types of `innkeep_providers::mobile_calendar::wire`, so a
//! change of shape on either side breaks a test at once.

mod auth;
mod clients;
mod invoices;
mod prices;
mod reservations;
mod rooms;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use innkeep_providers::mobile_calendar::wire::{Meta, PageMeta};
use serde::Serialize;

use super::errors::ApiError;
use super::limiter::Limiter;
use super::query::Query;
use super::state::{McState, TokenRec};
use crate::faults::FaultControl;
use crate::simulator::SimRequest;

/// Everything a handler needs to know about the request.
pub struct Ctx<'a> {
    pub query: Query,
    pub body: &'a [u8],
    pub ruid: &'a str,
    pub faults: &'a FaultControl,
    pub limiter: &'a Limiter,
}

impl Ctx<'_> {
    pub fn meta(&self) -> Meta {
        Meta { ruid: self.ruid.to_owned() }
    }

    pub fn page_meta(&self, total: usize, page: u32, limit: u32) -> PageMeta {
        PageMeta {
            total_items: total as u64,
            current_page: page,
            total_pages: total.div_ceil(limit as usize) as u32,
            items_per_page: limit,
            ruid: self.ruid.to_owned(),
        }
    }
}

pub enum Reply {
    Json { status: StatusCode, body: Vec<u8>, location: Option<String> },
    NoContent,
    NotModified,
    Text(&'static str),
}

impl Reply {
    pub fn ok<T: Serialize>(value: &T) -> Reply {
        Reply::Json {
            status: StatusCode::OK,
            body: serde_json::to_vec(value).expect("wire types serialize"),
            location: None,
        }
    }

    pub fn created<T: Serialize>(value: &T, location: String) -> Reply {
        Reply::Json {
            status: StatusCode::CREATED,
            body: serde_json::to_vec(value).expect("wire types serialize"),
            location: Some(location),
        }
    }

    pub fn into_response(self, ruid: &str, date: &str) -> Response {
        let builder = Response::builder().header(header::DATE, date);
        match self {
            Reply::Json { status, body, location } => {
                let mut b = builder.status(status).header(header::CONTENT_TYPE, "application/json");
                if let Some(l) = location {
                    b = b.header(header::LOCATION, l);
                }
                b.body(Body::from(body))
            }
            Reply::NoContent => builder.status(StatusCode::NO_CONTENT).header("RUID", ruid).body(Body::empty()),
            Reply::NotModified => builder.status(StatusCode::NOT_MODIFIED).header("RUID", ruid).body(Body::empty()),
            Reply::Text(t) => builder.header(header::CONTENT_TYPE, "text/plain; charset=utf-8").body(Body::from(t)),
        }
        .expect("a valid response")
    }
}

/// The part of a list that `page`/`limit` ask for.
pub fn slice<T: Clone>(items: &[T], page: u32, limit: u32) -> Vec<T> {
    let start = (page as usize - 1).saturating_mul(limit as usize);
    items.iter().skip(start).take(limit as usize).cloned().collect()
}

pub fn parse_id(segment: &str, what: &str) -> Result<i64, ApiError> {
    segment.parse().map_err(|_| ApiError::not_found(format!("{what} {segment} not found")))
}

/// Checks the bearer token; returns it.
fn authenticate(state: &mut McState, request: &SimRequest<'_>, faults: &FaultControl) -> Result<TokenRec, ApiError> {
    let value = request.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let token = value.strip_prefix("Bearer ").map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| {
        ApiError::unauthorized("Missing or malformed Authorization header; use: Authorization: Bearer {access_token}")
    })?;
    let rec = state.tokens.get(token).cloned().ok_or_else(|| ApiError::unauthorized("Invalid token"))?;
    if faults.tokens_rejected() {
        return Err(ApiError::unauthorized("Token revoked: the API account was disabled or its secret changed"));
    }
    if state.now() >= rec.expires {
        return Err(ApiError::unauthorized("Token expired"));
    }
    Ok(rec)
}

fn need(token: &TokenRec, scope: &str) -> Result<(), ApiError> {
    if token.scopes.iter().any(|s| s == scope) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!("The access token lacks the scope {scope} needed for this operation")))
    }
}

pub fn run(
    state: &mut McState,
    limiter: &Limiter,
    request: &SimRequest<'_>,
    faults: &FaultControl,
    ruid: &str,
) -> Result<Reply, ApiError> {
    let not_found = || ApiError::not_found(format!("No route for {} {}", request.method, request.path));
    let rest = request.path.strip_prefix("/v1/public").filter(|r| r.starts_with('/')).ok_or_else(not_found)?;
    let segs: Vec<&str> = rest.trim_end_matches('/').split('/').skip(1).collect();
    let ctx = Ctx { query: Query::parse(request.query), body: request.body, ruid, faults, limiter };
    let m = request.method;
    match (m, segs.as_slice()) {
        (&Method::GET, ["health"]) => return Ok(Reply::Text("OK")),
        (&Method::POST, ["auth", "token"]) => return auth::token(state, &ctx),
        _ => {}
    }
    // The route must exist before the token is looked at, so a typo answers 404 not 401.
    let scope = scope_of(m, &segs).ok_or_else(not_found)?;
    let token = authenticate(state, request, faults)?;
    limiter.admit(&token.user).map_err(ApiError::rate_limited)?;
    let lock = segs.first() == Some(&"reservations") && reservations::is_lock_request(state, m, &segs, ctx.body);
    let scope = if lock { scope.replace("reservations", "locks") } else { scope.to_owned() };
    need(&token, &scope)?;
    match (m, segs.as_slice()) {
        (&Method::GET, ["rooms"]) => rooms::list(state, &ctx),
        (&Method::GET, ["rooms", id]) => rooms::get(state, &ctx, parse_id(id, "Room")?),
        (&Method::PATCH, ["rooms", id]) => rooms::update(state, &ctx, parse_id(id, "Room")?),
        (&Method::GET, ["room-types"]) => rooms::types(state, &ctx),
        (&Method::GET, ["availability"]) => prices::availability(state, &ctx),
        (&Method::GET, ["pricing"]) => prices::pricing(state, &ctx),
        (&Method::GET, ["rates"]) => prices::rates(state, &ctx),
        (&Method::GET, ["sources"]) => prices::sources(state, &ctx),
        (&Method::GET, ["reservations"]) => reservations::list(state, &ctx),
        (&Method::POST, ["reservations"]) => reservations::create(state, &ctx),
        (&Method::GET, ["reservations", id]) => reservations::get(state, &ctx, parse_id(id, "Reservation")?),
        (&Method::PATCH, ["reservations", id]) => reservations::update(state, &ctx, parse_id(id, "Reservation")?),
        (&Method::DELETE, ["reservations", id]) => reservations::delete(state, &ctx, parse_id(id, "Reservation")?),
        (&Method::POST, ["reservations", id, "restore"]) => {
            reservations::restore(state, &ctx, parse_id(id, "Reservation")?)
        }
        (&Method::GET, ["clients"]) => clients::list(state, &ctx),
        (&Method::POST, ["clients"]) => clients::create(state, &ctx),
        (&Method::GET, ["clients", id]) => clients::get(state, &ctx, parse_id(id, "Client")?),
        (&Method::PUT, ["clients", id]) => clients::update(state, &ctx, parse_id(id, "Client")?),
        (&Method::DELETE, ["clients", id]) => clients::delete(state, &ctx, parse_id(id, "Client")?),
        (&Method::GET, ["invoices"]) => invoices::list(state, &ctx),
        (&Method::GET, ["invoices", id]) => invoices::get(state, &ctx, parse_id(id, "Invoice")?),
        _ => Err(not_found()),
    }
}

/// The scope a route needs; `None` for an unknown route.
fn scope_of(m: &Method, segs: &[&str]) -> Option<&'static str> {
    Some(match (m, segs) {
        (
            &Method::GET,
            ["rooms"] | ["rooms", _] | ["room-types"] | ["availability"] | ["pricing"] | ["rates"] | ["sources"],
        ) => "rooms.read",
        (&Method::PATCH, ["rooms", _]) => "rooms.write",
        (&Method::GET, ["reservations"] | ["reservations", _]) => "reservations.read",
        (&Method::POST, ["reservations"]) => "reservations.create",
        (&Method::PATCH | &Method::DELETE, ["reservations", _]) | (&Method::POST, ["reservations", _, "restore"]) => {
            "reservations.update"
        }
        (&Method::GET, ["clients"] | ["clients", _]) => "clients.read",
        (&Method::POST, ["clients"]) | (&Method::PUT | &Method::DELETE, ["clients", _]) => "clients.write",
        (&Method::GET, ["invoices"] | ["invoices", _]) => "invoices.read",
        _ => return None,
    })
}
