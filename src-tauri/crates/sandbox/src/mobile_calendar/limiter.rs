//! The documented limit of 60 requests a minute per user (API account), as a sliding window over
//! real time. Requests over the limit are answered 429 with `Retry-After` and not counted, so a
//! client that waits gets through. The limit is a knob of this simulator only (tests shrink it
//! through `/_sandbox/rate-limit` below the provider's prefix).

use std::sync::Mutex;

use crate::faults::RateLimit;
use crate::window::SlidingWindow;

/// 60 requests per 60 s.
pub const DOCUMENTED: RateLimit = RateLimit { max_requests: 60, window_secs: 60 };

#[derive(Debug)]
struct Inner {
    limit: RateLimit,
    seen: SlidingWindow,
}

#[derive(Debug)]
pub struct Limiter {
    inner: Mutex<Inner>,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter { inner: Mutex::new(Inner { limit: DOCUMENTED, seen: SlidingWindow::default() }) }
    }
}

impl Limiter {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn limit(&self) -> RateLimit {
        self.lock().limit
    }

    /// Sets the limit and forgets the history.
    pub fn set(&self, limit: RateLimit) {
        let mut inner = self.lock();
        inner.limit = RateLimit { max_requests: limit.max_requests.max(1), window_secs: limit.window_secs.max(1) };
        inner.seen.clear();
    }

    /// Counts one request of `user`; `Err(retry_after_secs)` when over the limit.
    pub fn admit(&self, user: &str) -> Result<(), u64> {
        let mut inner = self.lock();
        let limit = inner.limit;
        inner.seen.admit(user, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_a_minute_per_user_by_default() {
        let l = Limiter::default();
        for _ in 0..60 {
            assert!(l.admit("a").is_ok());
        }
        let wait = l.admit("a").unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(l.admit("b").is_ok(), "per user");
        l.set(RateLimit { max_requests: 1, window_secs: 5 });
        assert!(l.admit("a").is_ok());
        assert!(l.admit("a").is_err());
    }
}
