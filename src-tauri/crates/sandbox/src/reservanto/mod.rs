//! The Reservanto API v1 simulator (reservanto.md is the authority; the decisions where it is
//! silent are in `docs/reservanto.md` and the module comments). It lives under `/reservanto`, so
//! its actions are `/reservanto/v1/<Controller>/<Action>`.
//!
//! Every request goes through the same steps, in this order:
//! 1. a known action path (case-insensitive, as ASP.NET routes), else 404; POST, else 405;
//! 2. the "tokens rejected" fault: 401 for everything, the token exchange included;
//! 3. except for `Authorize/GetShortTimeToken`: the bare short-time token in `Authorization`,
//!    known and not expired (30 minutes on the sandbox clock), else 401; the long-time token's
//!    rights must cover the action, else 403;
//! 4. `Content-Type: application/json`, else 415;
//! 5. a JSON object body with an integer `TimeStamp` (its value is not checked, as documented),
//!    else a business error;
//! 6. the action, which validates its own fields; business errors are HTTP 200 with the envelope
//!    (`IsError`, `ErrorMessage(s)`, `ErrorParameter(s)`) beside the action's fields at defaults.
//!
//! Answers carry a `Date` header from the sandbox clock (real servers send the time too; the
//! client reads "now" from it). There is no rate limit of its own: Reservanto publishes none.

mod errors;
mod handlers;
pub(crate) mod seed;
mod state;
mod time;

use std::sync::{Mutex, MutexGuard};

use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use chrono::Duration;
use innkeep_providers::reservanto::wire::rights::*;
use serde_json::Value;

use crate::clock::Clock;
use crate::faults::FaultControl;
use crate::simulator::{SimRequest, Simulator};
use crate::{ProviderEndpoint, Scale};
use errors::ApiError;
use handlers::Data;
use state::State;

/// Where this provider is served, below the sandbox's root URL.
pub(crate) const PREFIX: &str = "/reservanto";

/// The demo long-time token: every right the app needs. Invented, public, the same for every seed.
pub const LONG_TIME_TOKEN: &str = "5a4e4442-4f58-4c54-8000-496e6e6b6565";
/// A second demo long-time token without `Booking_w` and `Customer_w`: reads work, writes get 403.
pub const READ_ONLY_LONG_TIME_TOKEN: &str = "5a4e4442-4f58-4c54-8000-526561644f6e";

const ALL_RIGHTS: &[&str] = &[
    LOCATION_R,
    SEGMENT_R,
    BOOKING_RESOURCE_R,
    BOOKING_SERVICE_R,
    FREE_SPACE_R,
    EVENT_R,
    BOOKING_W,
    CUSTOMER_R,
    CUSTOMER_W,
    MERCHANT_R,
];
const READ_ONLY_RIGHTS: &[&str] =
    &[LOCATION_R, SEGMENT_R, BOOKING_RESOURCE_R, BOOKING_SERVICE_R, FREE_SPACE_R, EVENT_R, CUSTOMER_R, MERCHANT_R];

/// The rights a long-time token carries; `None` for an unknown token.
pub(crate) fn rights_of(long_time_token: &str) -> Option<&'static [&'static str]> {
    match long_time_token {
        LONG_TIME_TOKEN => Some(ALL_RIGHTS),
        READ_ONLY_LONG_TIME_TOKEN => Some(READ_ONLY_RIGHTS),
        _ => None,
    }
}

/// The endpoint of this provider in a sandbox served at `root_url`.
pub(crate) fn endpoint(root_url: &str) -> ProviderEndpoint {
    ProviderEndpoint {
        provider: "reservanto",
        base_url: format!("{root_url}{PREFIX}"),
        credentials: [("long_time_token".to_owned(), LONG_TIME_TOKEN.to_owned())].into_iter().collect(),
    }
}

/// One simulated Reservanto merchant and its API.
pub(crate) struct ReservantoSandbox {
    state: Mutex<State>,
}

impl ReservantoSandbox {
    pub fn new(seed: u64, scale: &Scale, clock: Clock) -> Self {
        ReservantoSandbox { state: Mutex::new(seed::generate(seed, scale, clock)) }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Actions check everything before they write, so a panic cannot leave half a booking.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What failed, with the data fields to send beside a business error.
struct Failed(ApiError, Data);

impl From<ApiError> for Failed {
    fn from(e: ApiError) -> Self {
        Failed(e, Data::empty_object())
    }
}

fn run(state: &mut State, request: &SimRequest<'_>, faults: &FaultControl) -> Result<Data, Failed> {
    let route = handlers::route(request.path).ok_or_else(|| ApiError::not_found(request.path))?;
    if request.method != Method::POST {
        return Err(ApiError::method_not_allowed(request.method.as_str()).into());
    }
    if faults.tokens_rejected() {
        return Err(ApiError::unauthorized().into());
    }
    if !std::ptr::eq(route, &handlers::TOKEN) {
        let token = request.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::trim);
        let now = state.now();
        let rights = token
            .and_then(|t| state.tokens.get(t))
            .filter(|t| t.expires_at > now)
            .map(|t| t.rights)
            .ok_or_else(ApiError::unauthorized)?;
        if let Some(right) = route.right.filter(|r| !rights.contains(r)) {
            return Err(ApiError::forbidden(right).into());
        }
    }
    let content_type = request.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("application/json") && !media.eq_ignore_ascii_case("text/json") {
        return Err(ApiError::unsupported_media(content_type).into());
    }
    let empty = (route.empty)();
    let fail = |e: ApiError| Failed(e, empty.clone());
    let body: Value = serde_json::from_slice(request.body)
        .map_err(|e| fail(ApiError::rule(format!("Požadavek nelze přečíst: {e}"))))?;
    if !body.is_object() {
        return Err(fail(ApiError::rule("Požadavek musí být objekt JSON.")));
    }
    if !body.get("TimeStamp").is_some_and(|t| t.is_i64() || t.is_u64()) {
        return Err(fail(ApiError::field("TimeStamp", "Parametr TimeStamp je povinný (Unix čas v sekundách).")));
    }
    (route.run)(state, body).map_err(fail)
}

impl Simulator for ReservantoSandbox {
    fn handle(&self, request: &SimRequest<'_>, faults: &FaultControl) -> Response {
        let mut state = self.lock();
        let date = time::http_date(state.now());
        match run(&mut state, request, faults) {
            Ok(data) => errors::success(data, &date),
            Err(Failed(error, empty)) => errors::failure(error, empty, &date),
        }
    }

    fn expire_tokens(&self) -> bool {
        // Short-lived tokens die early; the long-lived credentials still fetch new ones.
        self.lock().tokens.clear();
        true
    }

    fn issued_tokens(&self) -> Vec<String> {
        self.lock().handed_out.clone()
    }

    fn injected_error(&self, status: u16, retry_after_secs: Option<u64>) -> Response {
        let date = time::http_date(self.lock().now());
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        errors::transport(code, &errors::injected_message(status), retry_after_secs, &date)
    }

    fn advance_clock(&self, by: Duration) {
        self.lock().clock.advance(by);
    }

    fn booking_count(&self) -> usize {
        self.lock().bookings.len()
    }
}
