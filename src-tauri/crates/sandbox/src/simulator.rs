//! What the server needs from each provider simulator other than Mews (which sits at the root).
//! Each lives under its own path prefix, e.g. `/reservanto`, and sees paths without it.

use axum::http::{HeaderMap, Method};
use axum::response::Response;
use chrono::Duration;

use crate::faults::FaultControl;

/// One request as a simulator sees it.
pub(crate) struct SimRequest<'a> {
    pub method: &'a Method,
    /// The path after the provider's prefix, e.g. `/v1/Booking/Cancel`.
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

pub(crate) trait Simulator: Send + Sync {
    /// Handles one request: auth, rate limit, the operation, and the provider's error shapes.
    /// `faults` carries the revoked-token switch and the like.
    fn handle(&self, request: &SimRequest<'_>, faults: &FaultControl) -> Response;

    /// The provider's own error answer for an injected status fault (e.g. 503, or 429 with
    /// `Retry-After`), shaped as the provider shapes its errors.
    fn injected_error(&self, status: u16, retry_after_secs: Option<u64>) -> Response;

    /// Makes every access token handed out so far stop working (the `expire_tokens` fault);
    /// `false` when the provider's keys are static and there is nothing to expire.
    fn expire_tokens(&self) -> bool {
        false
    }

    /// The access tokens handed out so far (the last thousand), expired or not; empty where the keys are static.
    fn issued_tokens(&self) -> Vec<String> {
        Vec::new()
    }

    /// Moves the simulator's clock forward (tests reach departure days, token expiry, ...).
    fn advance_clock(&self, by: Duration);

    /// How many bookings the simulator holds, in any state: tests count what a client made.
    fn booking_count(&self) -> usize;
}

/// Remembers a token a simulator handed out, for [`Simulator::issued_tokens`]: the most recent
/// thousand, so a demo sandbox running for months does not grow without end.
pub(crate) fn remember_token(handed_out: &mut Vec<String>, token: &str) {
    const KEPT: usize = 1000;
    if handed_out.len() >= KEPT {
        handed_out.drain(..handed_out.len() + 1 - KEPT);
    }
    handed_out.push(token.to_owned());
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_last_thousand_tokens_are_remembered() {
        let mut kept = Vec::new();
        for i in 0..1005 {
            super::remember_token(&mut kept, &format!("t{i}"));
        }
        assert_eq!((kept.len(), kept[0].as_str(), kept[999].as_str()), (1000, "t5", "t1004"));
    }
}
