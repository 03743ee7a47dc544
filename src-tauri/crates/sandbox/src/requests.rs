//! Every provider request that reached the sandbox, counted by provider and endpoint: what a
//! benchmark compares with the fewest requests the API allows.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

#[derive(Debug, Default)]
pub struct RequestLog {
    counts: Mutex<BTreeMap<String, u64>>,
}

impl RequestLog {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, u64>> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one request of `provider` (`mews`, `reservanto`, ...) to `method path`.
    pub fn count(&self, provider: &str, method: &str, path: &str) {
        *self.lock().entry(format!("{provider} {method} {}", endpoint(path))).or_default() += 1;
    }

    /// The counts so far (`"<provider> <METHOD> <endpoint>"` → requests), clearing them.
    pub fn take(&self) -> BTreeMap<String, u64> {
        std::mem::take(&mut *self.lock())
    }
}

/// The path with its ids replaced by `{id}` (any segment holding a digit), so requests to one
/// endpoint count together.
fn endpoint(path: &str) -> String {
    path.split('/')
        .map(
            |segment| {
                if segment.chars().any(|c| c.is_ascii_digit()) && !is_version(segment) {
                    "{id}"
                } else {
                    segment
                }
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// `v1`, `v2`: part of the endpoint, not an id.
fn is_version(segment: &str) -> bool {
    segment.len() <= 3 && segment.starts_with('v') && segment[1..].chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_folded_and_versions_kept() {
        assert_eq!(endpoint("/timekit/v2/bookings/7f3c9a1e-22"), "/timekit/v2/bookings/{id}");
        assert_eq!(endpoint("/api/connector/v1/reservations/getAll"), "/api/connector/v1/reservations/getAll");
    }

    #[test]
    fn take_returns_the_counts_and_clears_them() {
        let log = RequestLog::default();
        log.count("mews", "POST", "/api/connector/v1/customers/getAll");
        log.count("mews", "POST", "/api/connector/v1/customers/getAll");
        log.count("timekit", "GET", "/timekit/v2/bookings/12");
        let counts = log.take();
        assert_eq!(counts["mews POST /api/connector/v1/customers/getAll"], 2);
        assert_eq!(counts["timekit GET /timekit/v2/bookings/{id}"], 1);
        assert!(log.take().is_empty());
    }
}
