//! Client-side rate limiting: every request through [`crate::http::HttpClient`] first takes a
//! permit from its provider's limiter, so Innkeep stays within each provider's documented limit
//! instead of running into 429s (or, at Timekit, 503s). Acquiring waits; it never fails.
//!
//! Limiters are shared per provider, base URL and credential (the providers count per token or
//! per user), so two connectors of one account draw from one budget.

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

/// How many requests may start per sliding window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub requests: u32,
    pub window: Duration,
}

impl Budget {
    /// Mews: 200 requests per access token per 30 seconds.
    pub const MEWS: Budget = Budget { requests: 200, window: Duration::from_secs(30) };
    /// Mobile Calendar: 60 requests a minute per user.
    pub const MOBILE_CALENDAR: Budget = Budget { requests: 60, window: Duration::from_secs(60) };
    /// Timekit: 600 requests a minute per app (over it, Timekit answers 503).
    pub const TIMEKIT: Budget = Budget { requests: 600, window: Duration::from_secs(60) };

    /// The documented limit of a provider (by the name its client gives [`HttpClient`]).
    /// Reservanto and Ectosy publish none: they get no client-side limit and their 429s are
    /// handled like any other (waited out when `Retry-After` is short).
    ///
    /// [`HttpClient`]: crate::http::HttpClient
    pub fn documented(provider: &str) -> Option<Budget> {
        match provider {
            "Mews" => Some(Self::MEWS),
            "Mobile Calendar" => Some(Self::MOBILE_CALENDAR),
            "Timekit" => Some(Self::TIMEKIT),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct State {
    /// When recent requests finished (the server counted each before that).
    done: VecDeque<Instant>,
    in_flight: u32,
}

/// Every shared limiter by the hash of (provider, address, credential), held weakly.
type Registry = HashMap<u64, (Budget, Weak<Mutex<State>>)>;

/// A sliding-window limiter: a request may start while fewer than `requests` requests finished
/// within the last `window` or are still running. Counting from the *end* of a request keeps the
/// server's count (taken on arrival) within the limit whatever the network delays; the budget is
/// otherwise used fully, without fixed gaps. Clones share one count.
#[derive(Debug, Clone)]
pub struct Limiter {
    /// `None`: no limit (the provider documents none).
    budget: Option<Budget>,
    state: Arc<Mutex<State>>,
}

static LIFTED: OnceLock<Mutex<Option<Budget>>> = OnceLock::new();

/// Replaces every limited provider's budget in limiters made from now on (`None` restores the
/// documented ones). For test suites that read far more than a desk does against a sandbox that
/// is told the same; never used by the app.
pub fn lift_budgets_for_tests(budget: Option<Budget>) {
    *LIFTED.get_or_init(|| Mutex::new(None)).lock().unwrap_or_else(|e| e.into_inner()) = budget;
}

/// A started request; dropping it records the end.
#[derive(Debug)]
pub struct Permit {
    state: Option<Arc<Mutex<State>>>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(state) = &self.state {
            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
            s.in_flight = s.in_flight.saturating_sub(1);
            s.done.push_back(Instant::now());
        }
    }
}

impl Limiter {
    pub fn new(budget: Option<Budget>) -> Self {
        let lifted = *LIFTED.get_or_init(|| Mutex::new(None)).lock().unwrap_or_else(|e| e.into_inner());
        let budget =
            budget.map(|b| lifted.unwrap_or(b)).map(|b| Budget { requests: b.requests.max(1), window: b.window });
        Limiter { budget, state: Arc::new(Mutex::new(State { done: VecDeque::new(), in_flight: 0 })) }
    }

    pub fn unlimited() -> Self {
        Self::new(None)
    }

    /// The limiter of `provider` at `base_url` for one credential (`key`: the token or user the
    /// provider counts by; hashed, never kept). Every caller with the same three shares it; a
    /// different `budget` for the same three replaces it (e.g. a changed account setting).
    pub fn shared(provider: &str, base_url: &str, key: &str, budget: Option<Budget>) -> Self {
        let Some(budget) = budget else { return Self::unlimited() };
        // A lifted budget (tests, benchmarks) counts here too, so a limiter shared from before
        // the lift is replaced rather than handed out with the documented budget.
        let lifted = *LIFTED.get_or_init(|| Mutex::new(None)).lock().unwrap_or_else(|e| e.into_inner());
        let budget = lifted.unwrap_or(budget);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (provider, base_url.trim_end_matches('/'), key).hash(&mut hasher);
        let id = hasher.finish();
        static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
        let mut registry = REGISTRY.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
        // Limiters nobody holds any more are forgotten, so the map stays as small as the accounts.
        registry.retain(|_, (_, state)| state.strong_count() > 0);
        if let Some((b, state)) = registry.get(&id) {
            if let (true, Some(state)) = (*b == budget, state.upgrade()) {
                return Limiter { budget: Some(budget), state };
            }
        }
        let limiter = Self::new(Some(budget));
        registry.insert(id, (budget, Arc::downgrade(&limiter.state)));
        limiter
    }

    pub fn budget(&self) -> Option<Budget> {
        self.budget
    }

    /// Waits until a request may start. Never fails: a full budget only means waiting until the
    /// oldest counted request leaves the window.
    pub async fn acquire(&self) -> Permit {
        let Some(budget) = self.budget else { return Permit { state: None } };
        loop {
            let wait = {
                let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                while s.done.front().is_some_and(|t| now.duration_since(*t) >= budget.window) {
                    s.done.pop_front();
                }
                if (s.done.len() as u32) + s.in_flight < budget.requests {
                    s.in_flight += 1;
                    return Permit { state: Some(self.state.clone()) };
                }
                match s.done.front() {
                    Some(oldest) => budget.window.saturating_sub(now.duration_since(*oldest)),
                    // Every slot is taken by requests still running: look again shortly.
                    None => Duration::from_millis(20),
                }
            };
            if wait >= Duration::from_secs(1) {
                tracing::debug!(wait_ms = wait.as_millis() as u64, "rate limit reached; waiting");
            }
            tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(requests: u32, ms: u64) -> Option<Budget> {
        Some(Budget { requests, window: Duration::from_millis(ms) })
    }

    #[tokio::test]
    async fn a_full_budget_waits_for_the_window_and_never_fails() {
        let l = Limiter::new(budget(3, 300));
        let started = Instant::now();
        for _ in 0..3 {
            drop(l.acquire().await);
        }
        assert!(started.elapsed() < Duration::from_millis(100), "the budget itself is not delayed");
        drop(l.acquire().await);
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(280), "the fourth waited for the window: {waited:?}");
        assert!(waited < Duration::from_millis(1000), "{waited:?}");
    }

    #[tokio::test]
    async fn requests_in_flight_count_until_they_end() {
        let l = Limiter::new(budget(2, 200));
        let a = l.acquire().await;
        let _b = l.acquire().await;
        let waiter = {
            let l = l.clone();
            tokio::spawn(async move {
                let t = Instant::now();
                drop(l.acquire().await);
                t.elapsed()
            })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiter.is_finished(), "two running requests fill a budget of two");
        drop(a);
        // `a` ended now, so its slot frees one window later.
        let waited = waiter.await.unwrap();
        assert!(waited >= Duration::from_millis(280), "{waited:?}");
    }

    #[tokio::test]
    async fn no_budget_means_no_waiting() {
        let l = Limiter::unlimited();
        let started = Instant::now();
        let mut held = Vec::new();
        for _ in 0..1000 {
            held.push(l.acquire().await);
        }
        assert!(started.elapsed() < Duration::from_millis(200));
    }

    #[test]
    fn the_documented_limits() {
        assert_eq!(Budget::documented("Mews"), Some(Budget { requests: 200, window: Duration::from_secs(30) }));
        assert_eq!(Budget::documented("Mobile Calendar").unwrap().requests, 60);
        assert_eq!(Budget::documented("Timekit").unwrap().window, Duration::from_secs(60));
        assert_eq!(Budget::documented("Reservanto"), None);
        assert_eq!(Budget::documented("Ectosy"), None);
    }

    /// The hook: every request through `HttpClient` waits for its provider's budget. A bare
    /// HTTP server on loopback answers each request at once.
    #[tokio::test]
    async fn every_request_through_the_http_client_takes_a_permit() {
        use crate::http::{HttpClient, HttpRequest, RetryPolicy, Safety};
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut seen = Vec::new();
                    let mut buf = [0u8; 1024];
                    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => seen.extend_from_slice(&buf[..n]),
                        }
                    }
                    let answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
                    let _ = socket.write_all(answer.as_bytes()).await;
                });
            }
        });

        let documented = HttpClient::new("Mews", &base, RetryPolicy::default());
        assert_eq!(documented.limiter().budget(), Some(Budget::MEWS), "the documented limit by default");
        assert_eq!(HttpClient::new("Reservanto", &base, RetryPolicy::default()).limiter().budget(), None);

        let client = documented.with_limiter(Limiter::new(budget(2, 400)));
        let started = Instant::now();
        for _ in 0..3 {
            client.send(&HttpRequest::new(reqwest::Method::GET, "/x"), Safety::Safe).await.unwrap();
        }
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(390), "the third request waited for the window: {took:?}");
    }

    #[tokio::test]
    async fn one_credential_shares_one_count() {
        let b = budget(1, 10_000);
        let a = Limiter::shared("Mews", "http://127.0.0.1:1/", "token-a", b);
        let same = Limiter::shared("Mews", "http://127.0.0.1:1", "token-a", b);
        let other = Limiter::shared("Mews", "http://127.0.0.1:1", "token-b", b);
        let _p = a.acquire().await;
        let blocked = tokio::time::timeout(Duration::from_millis(100), same.acquire()).await;
        assert!(blocked.is_err(), "the same token's budget is used up");
        let free = tokio::time::timeout(Duration::from_millis(100), other.acquire()).await;
        assert!(free.is_ok(), "another token counts on its own");
        // A changed budget for the same credential starts a new count.
        let changed = Limiter::shared("Mews", "http://127.0.0.1:1", "token-a", budget(5, 10_000));
        assert!(tokio::time::timeout(Duration::from_millis(100), changed.acquire()).await.is_ok());
    }
}
