//! The Timekit API v2 simulator (timekit.md is the authority; `docs/timekit.md` lists the
//! decisions where it is silent). It lives under `/timekit`, so its paths are `/v2/...`.
//!
//! Every request goes through the same steps, in this order:
//! 1. a known path below `/v2` (else 404 `Not found`) and method (else 405);
//! 2. HTTP Basic auth with an empty user name and the app key as password (else 401);
//! 3. the rate limit per app key (else 429 `Too Many Attempts.` with `Retry-After`);
//! 4. bookings whose end is an hour past become `completed`;
//! 5. the operation, which validates its input (422) and answers in a `data` envelope.
//!
//! Every answer carries `Timekit-Request-Id` and, the demo key being a test key,
//! `Timekit-TestMode: true`.

mod auth;
mod errors;
mod graph;
mod handlers;
mod people;
mod seed;
mod state;
mod time;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use chrono::Duration;
use chrono_tz::Tz;
use innkeep_providers::timekit::wire::ErrorBody;

use crate::clock::Clock;
use crate::faults::FaultControl;
use crate::rng::Rng;
use crate::simulator::{SimRequest, Simulator};
use crate::{ProviderEndpoint, Scale};
use errors::TkError;
use handlers::{Reply, Req};
use state::TkState;

/// Where this provider is served, below the sandbox's root URL.
pub(crate) const PREFIX: &str = "/timekit";

/// The demo app key: shaped like a Timekit test key (`test_api_key_` + 32 characters),
/// invented, the same for every seed. Sent as the Basic auth password with an empty user name.
pub const APP_KEY: &str = "test_api_key_InnkeepSandboxHraunborgVik01";

/// The endpoint of this provider in a sandbox served at `root_url`.
pub(crate) fn endpoint(root_url: &str) -> ProviderEndpoint {
    ProviderEndpoint {
        provider: "timekit",
        base_url: format!("{root_url}{PREFIX}/v2"),
        credentials: [("app_key".to_owned(), APP_KEY.to_owned())].into_iter().collect(),
    }
}

/// One simulated Timekit app (the Hraunborg Guesthouse) and its API.
pub(crate) struct TimekitSandbox {
    seed: u64,
    state: Mutex<TkState>,
    requests: AtomicU64,
}

impl TimekitSandbox {
    pub fn new(seed: u64, scale: &Scale, clock: Clock) -> Self {
        TimekitSandbox { seed, state: Mutex::new(seed::generate(seed, scale, clock)), requests: AtomicU64::new(0) }
    }

    fn lock(&self) -> MutexGuard<'_, TkState> {
        // Handlers validate before they write, so a panic cannot leave a half-made record behind.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A fresh `Timekit-Request-Id`, derived from the seed and a counter.
    fn request_id(&self) -> String {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        Rng::derive(self.seed ^ n.rotate_left(17), "timekit-request").guid()
    }

    fn run(&self, request: &SimRequest<'_>, faults: &FaultControl) -> Result<Reply, TkError> {
        let rest = request.path.strip_prefix("/v2").filter(|r| r.is_empty() || r.starts_with('/'));
        let rest = rest.ok_or_else(TkError::no_route)?;
        let segments: Vec<&str> = rest.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
        let handler = handlers::route(request.method, &segments)?;
        let key = auth::check(request.headers, faults)?;
        faults.admit(key).map_err(TkError::too_many)?;
        let req = Req {
            query: parse_query(request.query),
            body: request.body,
            tz: output_zone(request.headers),
            base_url: format!("http://{}{PREFIX}/v2", host(request.headers)),
        };
        let mut st = self.lock();
        let now = st.now();
        st.settle(now);
        handler(&mut st, &req, &segments)
    }
}

fn host(headers: &HeaderMap) -> String {
    headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_owned()
}

fn output_zone(headers: &HeaderMap) -> Tz {
    headers
        .get("timekit-timezone")
        .and_then(|h| h.to_str().ok())
        .and_then(|z| z.trim().parse::<Tz>().ok())
        .unwrap_or(time::ZONE)
}

fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    let Some(q) = query.filter(|q| !q.is_empty()) else { return Vec::new() };
    let uri: axum::http::Uri = match format!("/?{q}").parse() {
        Ok(u) => u,
        Err(_) => return Vec::new(),
    };
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri).map(|q| q.0).unwrap_or_default()
}

fn respond(status: axum::http::StatusCode, body: Option<Vec<u8>>, request_id: &str) -> Response {
    let mut builder =
        Response::builder().status(status).header("Timekit-Request-Id", request_id).header("Timekit-TestMode", "true");
    let body = match body {
        Some(json) => {
            builder = builder.header(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            Body::from(json)
        }
        None => Body::empty(),
    };
    builder.body(body).expect("a valid response")
}

fn error_response(e: TkError, request_id: &str) -> Response {
    let body: &ErrorBody = &e.body;
    let mut response = respond(e.status, Some(serde_json::to_vec(body).expect("error bodies serialize")), request_id);
    if let Some(secs) = e.retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

impl Simulator for TimekitSandbox {
    fn handle(&self, request: &SimRequest<'_>, faults: &FaultControl) -> Response {
        let request_id = self.request_id();
        match self.run(request, faults) {
            Ok(reply) => respond(reply.status, reply.body, &request_id),
            Err(e) => error_response(e, &request_id),
        }
    }

    fn injected_error(&self, status: u16, retry_after_secs: Option<u64>) -> Response {
        error_response(TkError::injected(status, retry_after_secs), &self.request_id())
    }

    fn advance_clock(&self, by: Duration) {
        self.lock().clock.advance(by);
    }

    fn booking_count(&self) -> usize {
        self.lock().bookings.len()
    }
}
