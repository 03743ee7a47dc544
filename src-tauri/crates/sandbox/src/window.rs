//! A sliding-window request counter per key (access token, user, API key), over real time: the
//! one mechanism behind every simulated rate limit. Refused requests are not counted, so a client
//! that waits `Retry-After` gets through.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::faults::RateLimit;

#[derive(Debug, Default)]
pub(crate) struct SlidingWindow {
    seen: HashMap<String, VecDeque<Instant>>,
}

impl SlidingWindow {
    /// Counts one request of `key` under `limit`; `Err(retry_after_secs)` when over it.
    pub fn admit(&mut self, key: &str, limit: RateLimit) -> Result<(), u64> {
        let now = Instant::now();
        let window = Duration::from_secs(limit.window_secs);
        let log = self.seen.entry(key.to_owned()).or_default();
        while log.front().is_some_and(|t| now.duration_since(*t) >= window) {
            log.pop_front();
        }
        if log.len() >= limit.max_requests as usize {
            let oldest = *log.front().expect("a full log is not empty");
            let wait = window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        log.push_back(now);
        Ok(())
    }

    /// Forgets every request counted so far.
    pub fn clear(&mut self) {
        self.seen.clear();
    }
}
