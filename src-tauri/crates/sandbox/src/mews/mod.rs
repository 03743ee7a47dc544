//! The Mews Connector API simulator (mews.md is the authority). It lives at the root of the
//! sandbox's base URL, so its paths are exactly `/api/connector/v1/...`.
//!
//! Every request goes through the same steps, in this order:
//! 1. POST on an exact, case-sensitive operation path, else 404;
//! 2. a strict JSON object body, else 400 `Invalid JSON`;
//! 3. `ClientToken`, `AccessToken` and `Client` in the body, known, else 401;
//! 4. the rate limit per `AccessToken`, else 429 with `Retry-After`;
//! 5. the operation, which validates its own fields (400), business rules (403), and answers;
//! 6. `Prefer: return=minimal` turns an empty page or `{}` into 204.
//!
//! Every answer carries a `Request-Id` header, and error bodies repeat it.

mod errors;
mod handlers;
pub mod live;
mod pricing;
mod rooms;
pub(crate) mod seed;
mod state;
mod table;
mod time;
mod validate;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::clock::Clock;
use crate::faults::FaultControl;
use crate::rng::Rng;
use errors::ApiError;
use seed::Scale;
use state::MewsState;

/// Demo credentials of the sandbox: shaped like Mews tokens, invented (hex of "SANDBOX CLIENT",
/// "SANDBOX ACCESS", "Innkeep"), the same for every seed.
pub const CLIENT_TOKEN: &str = "53414E44424F58434C49454E54000001-496E6E6B65657000000000000000001";
pub const ACCESS_TOKEN: &str = "53414E44424F58414343455353000001-496E6E6B65657000000000000000001";

/// The clock of a sandbox started with a fixed `today`: 10:00 in the hotel, when this morning's
/// departures are partly checked out and today's arrivals not yet in.
pub(crate) fn fixed_clock(today: chrono::NaiveDate) -> Clock {
    Clock::fixed(time::at_local(today, 10, 0))
}

/// One simulated Mews enterprise and its API.
pub(crate) struct MewsSandbox {
    seed: u64,
    state: Mutex<MewsState>,
    requests: AtomicU64,
    /// The WebSocket notifications: told of every reservation a request adds or changes.
    live: Arc<live::LiveHub>,
}

impl MewsSandbox {
    pub fn new(seed: u64, scale: &Scale, clock: Clock) -> Self {
        MewsSandbox {
            seed,
            state: Mutex::new(seed::generate(seed, scale, clock)),
            requests: AtomicU64::new(0),
            live: Arc::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, MewsState> {
        // Handlers validate before they write, so a panic cannot leave a half-made record behind.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.lock().now()
    }

    pub fn live(&self) -> live::LiveControl {
        live::LiveControl { hub: self.live.clone() }
    }

    pub(crate) fn live_hub(&self) -> Arc<live::LiveHub> {
        self.live.clone()
    }

    pub fn advance_clock(&self, by: Duration) {
        self.lock().clock.advance(by);
    }

    /// How many reservations the enterprise holds, in any state.
    pub fn booking_count(&self) -> usize {
        self.lock().reservations.len()
    }

    /// A fresh `Request-Id`: GUID-shaped, derived from the seed and a counter so that replaying
    /// the same requests gives the same ids.
    pub fn next_request_id(&self) -> String {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        Rng::derive(self.seed ^ n.rotate_left(17), "request").guid()
    }

    /// Handles one request end to end (steps 1-6 above).
    pub fn handle(
        &self,
        method: &Method,
        path: &str,
        headers: &HeaderMap,
        body: &[u8],
        faults: &FaultControl,
        request_id: &str,
    ) -> Response {
        match self.run(method, path, body, faults) {
            Ok(reply) if reply.minimal && prefers_minimal(headers) => respond(StatusCode::NO_CONTENT, None, request_id),
            Ok(reply) => respond(StatusCode::OK, Some(reply.json), request_id),
            Err(Failure::Api(e)) => error_response(e.status, &e.message, None, request_id),
            Err(Failure::RateLimited(secs)) => error_response(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests for this access token. Retry after the time given in the Retry-After header.",
                Some(secs),
                request_id,
            ),
        }
    }

    fn run(&self, method: &Method, path: &str, body: &[u8], faults: &FaultControl) -> Result<handlers::Reply, Failure> {
        let operation = match (method, handlers::operation(path)) {
            (&Method::POST, Some(op)) => op,
            _ => return Err(ApiError::not_found().into()),
        };
        let json: Value = serde_json::from_slice(body).map_err(|e| ApiError::invalid("JSON", e.to_string()))?;
        if !json.is_object() {
            return Err(ApiError::invalid("JSON", "the body must be a JSON object").into());
        }
        let access_token = authenticate(&json, faults)?;
        faults.admit(&access_token).map_err(Failure::RateLimited)?;
        let mut state = self.lock();
        if !writes_reservations(path) {
            return Ok(operation(&mut state, json)?);
        }
        // Diffed under the same lock, so events go out in the order the changes were made.
        let before = live::Snapshot::take(&state);
        let reply = operation(&mut state, json)?;
        before.publish_changes(&state, &self.live);
        Ok(reply)
    }
}

/// Operations that can add or change reservations (and so notify the WebSocket clients).
fn writes_reservations(path: &str) -> bool {
    use innkeep_providers::mews::wire::paths;
    [
        paths::RESERVATIONS_ADD,
        paths::RESERVATIONS_CONFIRM,
        paths::RESERVATIONS_START,
        paths::RESERVATIONS_PROCESS,
        paths::RESERVATIONS_CANCEL,
    ]
    .contains(&path)
}

enum Failure {
    Api(ApiError),
    RateLimited(u64),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure::Api(e)
    }
}

/// Checks the three auth fields; returns the access token the rate limit counts against.
fn authenticate(body: &Value, faults: &FaultControl) -> Result<String, ApiError> {
    let field = |name: &str| body.get(name).and_then(Value::as_str).filter(|s| !s.trim().is_empty());
    let client_token =
        field("ClientToken").ok_or_else(|| ApiError::unauthorized("Invalid ClientToken: the field is required."))?;
    let access_token =
        field("AccessToken").ok_or_else(|| ApiError::unauthorized("Invalid AccessToken: the field is required."))?;
    field("Client").ok_or_else(|| ApiError::unauthorized("Invalid Client: the field is required."))?;
    if client_token != CLIENT_TOKEN {
        return Err(ApiError::unauthorized("Invalid ClientToken: the integration is unknown or disabled."));
    }
    if access_token != ACCESS_TOKEN {
        return Err(ApiError::unauthorized("Invalid AccessToken: the enterprise connection is unknown or disabled."));
    }
    if faults.tokens_rejected() {
        return Err(ApiError::unauthorized("Invalid AccessToken: the token has expired or was revoked."));
    }
    Ok(access_token.to_owned())
}

fn prefers_minimal(headers: &HeaderMap) -> bool {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split([',', ';']))
        .any(|p| p.trim().eq_ignore_ascii_case("return=minimal"))
}

fn respond(status: StatusCode, json: Option<Vec<u8>>, request_id: &str) -> Response {
    let mut builder = Response::builder().status(status).header("Request-Id", request_id);
    let body = match json {
        Some(json) => {
            builder = builder.header(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
            Body::from(json)
        }
        None => Body::empty(),
    };
    builder.body(body).expect("a valid response")
}

/// A Mews error answer; `retry_after` adds the `Retry-After` header (seconds).
pub(crate) fn error_response(
    status: StatusCode,
    message: &str,
    retry_after: Option<u64>,
    request_id: &str,
) -> Response {
    let mut response = respond(status, Some(errors::error_body(message, request_id)), request_id);
    if let Some(secs) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// The error answer of an injected status fault.
pub(crate) fn injected_error(status: u16, retry_after: Option<u64>, request_id: &str) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    error_response(code, &errors::injected_message(status), retry_after, request_id)
}
