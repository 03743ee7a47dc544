//! The Ectosy simulator (seed 000 and `shared/providers/ectosy.md` are the authority; the
//! choices where they are silent are in `docs/ectosy.md`). It serves the API stage at
//! `<root>/ectosy/prod/api`, as the real one sits at `https://<gateway>/prod/api`.
//!
//! Every request goes through the same steps, in this order, like an API Gateway stage:
//! 1. an exact resource and method (`GET /resources`, `POST`/`DELETE /period`,
//!    `PUT /customers`), else 403 `Missing Authentication Token`;
//! 2. the `x-api-key` header, the sandbox key and not revoked, else 403 `Forbidden`;
//! 3. the throttle per key (the sandbox's rate-limit knob), else 429 `Too Many Requests`
//!    with `Retry-After`;
//! 4. the operation, which validates everything before it writes (400/404/409 with
//!    `{message, code, field}`) and answers.
//!
//! Besides the API, `GET <root>/ectosy/_sandbox/periods` (with the key) lists the periods for
//! tests and demos, since Ectosy's API cannot.

mod errors;
mod handlers;
mod seed;
mod state;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use chrono::Duration;
use innkeep_providers::ectosy::wire::{self, paths};

use crate::clock::Clock;
use crate::faults::FaultControl;
use crate::rng::Rng;
use crate::simulator::{SimRequest, Simulator};
use crate::{ProviderEndpoint, Scale};
use errors::ApiError;
use state::EctosyState;

pub use handlers::{MAX_CUSTOMERS, MAX_NIGHTS};
pub use seed::{CITY, FACILITY_ID, PROPERTY_NAME};

/// Where this provider is served, below the sandbox's root URL.
pub(crate) const PREFIX: &str = "/ectosy";
/// The API stage below the prefix, as in Ectosy's `.../prod/api`.
pub const STAGE: &str = "/prod/api";
/// The sandbox's inspection endpoint below the prefix (not part of Ectosy's API).
pub const INSPECT_PATH: &str = "/_sandbox/periods";

/// The demo API key: invented, public, the same for every seed (40 characters, like the keys
/// API Gateway generates).
pub const API_KEY: &str = "EctosySandboxDemoKeyInnkeep0000000000001";

pub const TIME_ZONE: &str = "Europe/Zagreb";
pub const CURRENCY: &str = state::CURRENCY;

/// The endpoint of this provider in a sandbox served at `root_url`.
pub(crate) fn endpoint(root_url: &str) -> ProviderEndpoint {
    ProviderEndpoint {
        provider: "ectosy",
        base_url: format!("{root_url}{PREFIX}{STAGE}"),
        credentials: [("api_key".to_owned(), API_KEY.to_owned())].into_iter().collect(),
    }
}

pub(crate) struct EctosySandbox {
    seed: u64,
    state: Mutex<EctosyState>,
    requests: AtomicU64,
}

enum Route {
    Resources,
    CreatePeriod,
    DeletePeriod,
    RenameCustomers,
    Inspect,
}

fn route(method: &Method, path: &str) -> Option<Route> {
    if path == INSPECT_PATH {
        return (method == Method::GET).then_some(Route::Inspect);
    }
    let resource = path.strip_prefix(STAGE)?;
    match (method.as_str(), resource) {
        ("GET", paths::RESOURCES) => Some(Route::Resources),
        ("POST", paths::PERIOD) => Some(Route::CreatePeriod),
        ("DELETE", paths::PERIOD) => Some(Route::DeletePeriod),
        ("PUT", paths::CUSTOMERS) => Some(Route::RenameCustomers),
        _ => None,
    }
}

impl EctosySandbox {
    pub fn new(seed: u64, scale: &Scale, clock: Clock) -> Self {
        EctosySandbox { seed, state: Mutex::new(seed::generate(seed, scale, clock)), requests: AtomicU64::new(0) }
    }

    fn lock(&self) -> MutexGuard<'_, EctosyState> {
        // Handlers validate before they write, so a panic cannot leave a half-made record behind.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An `x-amzn-RequestId`: GUID-shaped, from the seed and a counter, so replays match.
    fn request_id(&self) -> String {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        Rng::derive(self.seed ^ n.rotate_left(23), "ectosy-request").guid()
    }

    fn run(&self, request: &SimRequest<'_>, faults: &FaultControl) -> Result<Vec<u8>, ApiError> {
        let route = route(request.method, request.path).ok_or_else(ApiError::missing_token)?;
        let key = request.headers.get(wire::API_KEY_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
        if key != API_KEY {
            return Err(ApiError::forbidden());
        }
        if let Route::Inspect = route {
            return handlers::inspect(&self.lock(), request.query);
        }
        if faults.tokens_rejected() {
            return Err(ApiError::forbidden());
        }
        faults.admit(&format!("ectosy:{key}")).map_err(ApiError::throttled)?;
        let mut state = self.lock();
        match route {
            Route::Resources => handlers::resources(&state),
            Route::CreatePeriod => handlers::create_period(&mut state, request.body),
            Route::DeletePeriod => handlers::delete_period(&mut state, request.body),
            Route::RenameCustomers => handlers::rename_customers(&mut state, request.body),
            Route::Inspect => unreachable!("answered above"),
        }
    }

    fn respond(&self, status: StatusCode, body: Vec<u8>) -> Response {
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header("x-amzn-RequestId", self.request_id())
            .body(Body::from(body))
            .expect("a valid response")
    }

    fn error(&self, e: ApiError) -> Response {
        let mut response = self.respond(e.status, serde_json::to_vec(&e.body).expect("an error body serializes"));
        if let Some(t) = e.error_type {
            response.headers_mut().insert("x-amzn-ErrorType", HeaderValue::from_static(t));
        }
        if let Some(secs) = e.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl Simulator for EctosySandbox {
    fn handle(&self, request: &SimRequest<'_>, faults: &FaultControl) -> Response {
        match self.run(request, faults) {
            Ok(body) => self.respond(StatusCode::OK, body),
            Err(e) => self.error(e),
        }
    }

    fn injected_error(&self, status: u16, retry_after_secs: Option<u64>) -> Response {
        self.error(ApiError::injected(status, retry_after_secs))
    }

    fn advance_clock(&self, by: Duration) {
        self.lock().clock.advance(by);
    }

    fn booking_count(&self) -> usize {
        self.lock().periods.len()
    }
}
