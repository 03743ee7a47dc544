//! The Mobile Calendar Public REST API v1 simulator (shared/providers/mobile-calendar.md is the
//! authority; choices where it is silent are in `docs/mobile_calendar.md`). It lives under
//! `/mobile-calendar`, so it sees paths like `/v1/public/reservations`.
//!
//! Every request goes through the same steps, in this order:
//! 1. a known route below `/v1/public`, else a 404 problem;
//! 2. `GET /health` and `POST /auth/token` need no token; everything else needs
//!    `Authorization: Bearer <access_token>` of a token that is known, not expired (sandbox
//!    clock, 3600 s) and not revoked (the `reject_tokens` fault), else a 401 problem;
//! 3. the limit of 60 requests a minute per user, else a 429 problem with `Retry-After`;
//! 4. the token's scope for the operation, else a 403 problem;
//! 5. the operation, which validates strictly (422 with `errors.<field>`), checks its rules
//!    (404, 409) and answers `{data, meta: {ruid}}` (lists with pagination meta), 201 with
//!    `Location`, or 204 with a `RUID` header.
//!
//! Every answer carries a `Date` header from the sandbox clock: the server time a client can
//! use as its `lastEdit` watermark.

mod body;
mod errors;
mod handlers;
mod jwt;
mod limiter;
mod query;
mod seed;
mod state;

use std::sync::{Mutex, MutexGuard};

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::faults::{FaultControl, RateLimit};
use crate::simulator::{SimRequest, Simulator};
use crate::{ProviderEndpoint, Scale};
use errors::ApiError;
use limiter::Limiter;
use state::McState;

/// Where this provider is served, below the sandbox's root URL.
pub(crate) const PREFIX: &str = "/mobile-calendar";

/// Demo API account (Integrations → REST API): invented, public, the same for every seed.
pub const CLIENT_ID: &str = "mc-sandbox-innkeep-000001";
pub const CLIENT_SECRET: &str = "mcs_5a4e44424f58-496e6e6b656570-0001";
/// A second API account whose token may only read (for 403 tests).
pub const READONLY_CLIENT_ID: &str = "mc-sandbox-readonly-000002";
pub const READONLY_CLIENT_SECRET: &str = "mcs_5a4e44424f58-726561646f6e6c79-0002";

/// Scopes of the full account: the documented ones and the sandbox's own for clients, rooms and
/// invoices (the vendor's full scope list is not public).
pub const FULL_SCOPES: &[&str] = &[
    "reservations.read",
    "reservations.create",
    "reservations.update",
    "locks.read",
    "locks.create",
    "locks.update",
    "clients.read",
    "clients.write",
    "rooms.read",
    "rooms.write",
    "invoices.read",
];
pub const READONLY_SCOPES: &[&str] =
    &["reservations.read", "locks.read", "clients.read", "rooms.read", "invoices.read"];

/// The endpoint of this provider in a sandbox served at `root_url`.
pub(crate) fn endpoint(root_url: &str) -> ProviderEndpoint {
    ProviderEndpoint {
        provider: "mobile-calendar",
        base_url: format!("{root_url}{PREFIX}/v1/public"),
        credentials: [
            ("client_id".to_owned(), CLIENT_ID.to_owned()),
            ("client_secret".to_owned(), CLIENT_SECRET.to_owned()),
        ]
        .into_iter()
        .collect(),
    }
}

pub(crate) struct MobileCalendarSandbox {
    state: Mutex<McState>,
    limiter: Limiter,
}

impl MobileCalendarSandbox {
    pub fn new(seed: u64, scale: &Scale, clock: Clock) -> Self {
        MobileCalendarSandbox { state: Mutex::new(seed::generate(seed, scale, clock)), limiter: Limiter::default() }
    }

    fn lock(&self) -> MutexGuard<'_, McState> {
        // Handlers validate before they write, so a panic cannot leave a half-made record behind.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `/_sandbox/rate-limit` below the prefix: GET reads the limit, POST
    /// `{"max_requests", "window_secs"}` sets it, DELETE restores 60 a minute.
    fn control(&self, request: &SimRequest<'_>) -> Response {
        let json = |limit: RateLimit| {
            Response::builder()
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(serde_json::to_vec(&limit).expect("plain data")))
                .expect("a valid response")
        };
        match (request.path, request.method) {
            ("/_sandbox/rate-limit", &Method::GET) => json(self.limiter.limit()),
            ("/_sandbox/rate-limit", &Method::DELETE) => {
                self.limiter.set(limiter::DOCUMENTED);
                json(self.limiter.limit())
            }
            ("/_sandbox/rate-limit", &Method::POST) => match serde_json::from_slice::<RateLimit>(request.body) {
                Ok(limit) if limit.max_requests > 0 && limit.window_secs > 0 => {
                    self.limiter.set(limit);
                    json(self.limiter.limit())
                }
                _ => Response::builder()
                    .status(StatusCode::BAD_REQUEST)
                    .body(Body::from("expected {\"max_requests\": >= 1, \"window_secs\": >= 1}"))
                    .expect("a valid response"),
            },
            _ => Response::builder().status(StatusCode::NOT_FOUND).body(Body::empty()).expect("a valid response"),
        }
    }
}

/// HTTP `Date` of a sandbox instant.
fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// A problem answer.
pub(crate) fn problem_response(e: &ApiError, instance: &str, ruid: &str, now: DateTime<Utc>) -> Response {
    let body = serde_json::to_vec(&e.to_problem(instance, ruid)).expect("a problem serializes");
    let mut builder = Response::builder()
        .status(e.status)
        .header(header::CONTENT_TYPE, "application/problem+json")
        .header(header::DATE, http_date(now));
    if let Some(secs) = e.retry_after {
        builder = builder.header(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    builder.body(Body::from(body)).expect("a valid response")
}

impl Simulator for MobileCalendarSandbox {
    fn handle(&self, request: &SimRequest<'_>, faults: &FaultControl) -> Response {
        if request.path.starts_with("/_sandbox/") {
            return self.control(request);
        }
        let mut state = self.lock();
        let ruid = state.ruid();
        let result = handlers::run(&mut state, &self.limiter, request, faults, &ruid);
        let now = state.now();
        drop(state);
        match result {
            Ok(reply) => reply.into_response(&ruid, &http_date(now)),
            Err(e) => problem_response(&e, request.path, &ruid, now),
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
        let mut state = self.lock();
        let ruid = state.ruid();
        let now = state.now();
        drop(state);
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut e = ApiError::new(code, errors::injected_detail(status));
        e.retry_after = retry_after_secs;
        problem_response(&e, "/v1/public", &ruid, now)
    }

    fn advance_clock(&self, by: Duration) {
        self.lock().clock.advance(by);
    }

    fn booking_count(&self) -> usize {
        self.lock().reservations.len()
    }
}
