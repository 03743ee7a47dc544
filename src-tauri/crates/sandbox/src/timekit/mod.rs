//! The Timekit simulator (scaffold: to be replaced by the full simulator).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Duration;

use crate::clock::Clock;
use crate::faults::FaultControl;
use crate::simulator::{SimRequest, Simulator};
use crate::{ProviderEndpoint, Scale};

/// Where this provider is served, below the sandbox's root URL.
pub(crate) const PREFIX: &str = "/timekit";

/// The endpoint of this provider in a sandbox served at `root_url`.
pub(crate) fn endpoint(root_url: &str) -> ProviderEndpoint {
    ProviderEndpoint {
        provider: "timekit",
        base_url: format!("{root_url}{PREFIX}/v2"),
        credentials: [("app_key".to_owned(), "sandbox".to_owned())].into_iter().collect(),
    }
}

pub(crate) struct TimekitSandbox;

impl TimekitSandbox {
    pub fn new(_seed: u64, _scale: &Scale, _clock: Clock) -> Self {
        TimekitSandbox
    }
}

impl Simulator for TimekitSandbox {
    fn handle(&self, _request: &SimRequest<'_>, _faults: &FaultControl) -> Response {
        StatusCode::NOT_FOUND.into_response()
    }

    fn injected_error(&self, status: u16, _retry_after_secs: Option<u64>) -> Response {
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response()
    }

    fn advance_clock(&self, _by: Duration) {}
}
