//! The documented limit of 60 requests a minute per user (API account), as a sliding window over
//! real time. Requests over the limit are answered 429 with `Retry-After` and not counted, so a
//! client that waits gets through. The limit is a knob of this simulator only (tests shrink it
//! through `/_sandbox/rate-limit` below the provider's prefix).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::faults::RateLimit;

/// 60 requests per 60 s.
pub const DOCUMENTED: RateLimit = RateLimit { max_requests: 60, window_secs: 60 };

#[derive(Debug)]
struct Inner {
    limit: RateLimit,
    seen: HashMap<String, VecDeque<Instant>>,
}

#[derive(Debug)]
pub struct Limiter {
    inner: Mutex<Inner>,
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter { inner: Mutex::new(Inner { limit: DOCUMENTED, seen: HashMap::new() }) }
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
        let now = Instant::now();
        let mut inner = self.lock();
        let RateLimit { max_requests, window_secs } = inner.limit;
        let window = Duration::from_secs(window_secs);
        let log = inner.seen.entry(user.to_owned()).or_default();
        while log.front().is_some_and(|t| now.duration_since(*t) >= window) {
            log.pop_front();
        }
        if log.len() >= max_requests as usize {
            let oldest = *log.front().expect("a full log is not empty");
            let wait = window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        log.push_back(now);
        Ok(())
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
