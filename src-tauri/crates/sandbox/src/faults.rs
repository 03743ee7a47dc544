//! Fault injection: the knobs that make a healthy sandbox misbehave the way real providers and
//! networks do. One `FaultControl` is shared by the server (which consults it on every provider
//! request), the library API and the HTTP control endpoint `/_sandbox/faults`.
//!
//! It also holds the provider rate limiter, because its limits are a knob too (tests lower them).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::window::SlidingWindow;

/// What one injected fault does to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status (e.g. 408, 429, 500, 502, 503) and a provider error body, without
    /// doing the work. A 429 always carries `Retry-After` (1 s unless given).
    Status {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u64>,
    },
    /// Do the work, then send only the first half of the body (a cut-off JSON document) with the
    /// status the work produced and a matching `Content-Length`.
    Truncated,
    /// Do the work, then send a complete, well-framed body that is not JSON at all (an HTML
    /// error page, as a misbehaving proxy sends), with the status and headers the work produced.
    Malformed,
    /// Do the work, send the head and the first half of the body, then drop the connection.
    Drop,
    /// Do the work, then hold the answer for `hold_ms` (default 35 s, past the clients' 30 s
    /// timeout) before sending it: the client gives up first.
    Timeout {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hold_ms: Option<u64>,
    },
    /// The access tokens the provider has handed out stop working before this request is
    /// served, so the client must fetch a new one. Providers whose keys are static (Mews,
    /// Timekit, Ectosy) have nothing to expire: the request goes through unchanged and is
    /// counted as `expire_tokens_noop`.
    ExpireTokens,
    /// Do the work, then hold the answer back for `ms` milliseconds: a client that gives up
    /// sooner times out on a request that was carried out.
    Stall { ms: u64 },
}

/// How long a `timeout` fault holds the answer when no `hold_ms` is given.
pub const DEFAULT_TIMEOUT_HOLD_MS: u64 = 35_000;

impl FaultKind {
    /// The name its injections are counted under: `status_503`, `truncated`, `timeout`, ...
    pub fn counter_name(&self) -> String {
        match self {
            FaultKind::Status { status, .. } => format!("status_{status}"),
            FaultKind::Truncated => "truncated".into(),
            FaultKind::Malformed => "malformed".into(),
            FaultKind::Drop => "drop".into(),
            FaultKind::Timeout { .. } => "timeout".into(),
            FaultKind::ExpireTokens => "expire_tokens".into(),
            FaultKind::Stall { .. } => "stall".into(),
        }
    }
}

/// "The next `count` requests (to `path`, if given) suffer `kind`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRule {
    #[serde(flatten)]
    pub kind: FaultKind,
    #[serde(default = "one")]
    pub count: u32,
    /// Exact request path, e.g. `/api/connector/v1/reservations/getAll/2023-06-06`; any path if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Let this many matching requests through untouched first, so a fault can land at a chosen
    /// point of a sync (each rule counts its own matching requests).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub after: u32,
    /// Only requests with this method (`POST`, ...), where one path serves both reads and writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
}

fn one() -> u32 {
    1
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl FaultRule {
    pub fn new(kind: FaultKind) -> Self {
        FaultRule { kind, count: 1, path: None, method: None, after: 0 }
    }

    pub fn status(status: u16) -> Self {
        Self::new(FaultKind::Status { status, retry_after_secs: None })
    }

    pub fn truncated() -> Self {
        Self::new(FaultKind::Truncated)
    }

    pub fn malformed() -> Self {
        Self::new(FaultKind::Malformed)
    }

    pub fn drop_connection() -> Self {
        Self::new(FaultKind::Drop)
    }

    /// Holds the answer for `hold`; make it longer than the client's timeout.
    pub fn timeout(hold: Duration) -> Self {
        Self::new(FaultKind::Timeout { hold_ms: Some(hold.as_millis() as u64) })
    }

    pub fn expire_tokens() -> Self {
        Self::new(FaultKind::ExpireTokens)
    }

    /// Lets `requests` matching requests through before this rule strikes.
    pub fn after(mut self, requests: u32) -> Self {
        self.after = requests;
        self
    }

    pub fn stall(ms: u64) -> Self {
        Self::new(FaultKind::Stall { ms })
    }

    pub fn on_method(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    pub fn times(mut self, count: u32) -> Self {
        self.count = count;
        self
    }

    pub fn on_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Sets `Retry-After` on a status fault; ignored by the other kinds.
    pub fn retry_after(mut self, secs: u64) -> Self {
        if let FaultKind::Status { retry_after_secs, .. } = &mut self.kind {
            *retry_after_secs = Some(secs);
        }
        self
    }
}

/// Requests per access token per sliding window; Mews documents 200 per 30 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    pub max_requests: u32,
    pub window_secs: u64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit { max_requests: 200, window_secs: 30 }
    }
}

/// The current knobs, as `GET`/`POST`/`DELETE /_sandbox/faults` report them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultState {
    pub latency_ms: u64,
    /// Pending one-shot rules, first match wins.
    pub next: Vec<FaultRule>,
    /// Answer every provider request with 401, as if the access token had expired or been revoked.
    pub reject_tokens: bool,
    /// Drop every provider request's connection without an answer.
    pub offline: bool,
    pub rate_limit: RateLimit,
    /// Faults injected since the start (or the last clear), by [`FaultKind::counter_name`]; read-only.
    #[serde(default)]
    pub injected: BTreeMap<String, u64>,
}

/// The body of `POST /_sandbox/faults`: each field present changes that knob; `next` rules are
/// appended to the pending ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Vec<FaultRule>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject_tokens: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
}

/// What the server does with one request, decided up front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub offline: bool,
    pub latency: Duration,
    pub fault: Option<FaultKind>,
}

#[derive(Debug, Default)]
struct Inner {
    state: FaultState,
    /// Accepted request times per access token (a sliding log).
    seen: SlidingWindow,
}

/// Cloneable handle to the fault knobs of one running sandbox.
#[derive(Debug, Clone, Default)]
pub struct FaultControl {
    inner: Arc<Mutex<Inner>>,
}

impl FaultControl {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding this lock cannot leave the knobs half-written, so poison is harmless.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn state(&self) -> FaultState {
        self.lock().state.clone()
    }

    pub fn set_latency(&self, latency: Duration) {
        self.lock().state.latency_ms = latency.as_millis() as u64;
    }

    /// Queues a one-shot rule behind the pending ones.
    pub fn push(&self, rule: FaultRule) {
        if rule.count > 0 {
            self.lock().state.next.push(rule);
        }
    }

    /// Shorthand: the next `count` provider requests answer `status`.
    pub fn fail_next(&self, count: u32, status: u16) {
        self.push(FaultRule::status(status).times(count));
    }

    pub fn set_reject_tokens(&self, on: bool) {
        self.lock().state.reject_tokens = on;
    }

    pub fn set_offline(&self, on: bool) {
        self.lock().state.offline = on;
    }

    pub fn set_rate_limit(&self, max_requests: u32, window: Duration) {
        let mut inner = self.lock();
        inner.state.rate_limit = RateLimit { max_requests: max_requests.max(1), window_secs: window.as_secs().max(1) };
        inner.seen.clear();
    }

    /// Applies an HTTP update after checking it; on error nothing changes.
    pub fn apply(&self, update: FaultUpdate) -> Result<FaultState, String> {
        for rule in update.next.iter().flatten() {
            if let FaultKind::Status { status, .. } = rule.kind {
                if !(400..=599).contains(&status) {
                    return Err(format!("status {status} is not an error status (400-599)"));
                }
            }
        }
        if let Some(rl) = update.rate_limit {
            if rl.max_requests == 0 || rl.window_secs == 0 {
                return Err("rate_limit needs max_requests >= 1 and window_secs >= 1".into());
            }
        }
        let mut inner = self.lock();
        let s = &mut inner.state;
        if let Some(ms) = update.latency_ms {
            s.latency_ms = ms;
        }
        s.next.extend(update.next.into_iter().flatten().filter(|r| r.count > 0));
        if let Some(on) = update.reject_tokens {
            s.reject_tokens = on;
        }
        if let Some(on) = update.offline {
            s.offline = on;
        }
        if let Some(rl) = update.rate_limit {
            s.rate_limit = rl;
            inner.seen.clear();
        }
        Ok(inner.state.clone())
    }

    /// Back to a healthy sandbox: no faults, the documented rate limit, empty rate-limit history.
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.state = FaultState::default();
        inner.seen.clear();
    }

    /// Decides the fate of one provider request, consuming one count of the first matching rule.
    pub(crate) fn plan(&self, method: &str, path: &str) -> Plan {
        let mut inner = self.lock();
        let s = &mut inner.state;
        if s.offline {
            return Plan { offline: true, latency: Duration::ZERO, fault: None };
        }
        let latency = Duration::from_millis(s.latency_ms);
        // Every matching rule still waiting counts this request; the first ready one strikes.
        let mut pos = None;
        for (i, rule) in s.next.iter_mut().enumerate() {
            if rule.path.as_deref().is_some_and(|p| p != path)
                || rule.method.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case(method))
            {
                continue;
            }
            if rule.after > 0 {
                rule.after -= 1;
            } else if pos.is_none() {
                pos = Some(i);
            }
        }
        let fault = pos.map(|i| {
            let rule = &mut s.next[i];
            rule.count -= 1;
            let kind = rule.kind.clone();
            if rule.count == 0 {
                s.next.remove(i);
            }
            kind
        });
        if let Some(kind) = &fault {
            *s.injected.entry(kind.counter_name()).or_default() += 1;
        }
        Plan { offline: false, latency, fault }
    }

    /// Counts an injection the server decides on itself (e.g. `expire_tokens_noop`).
    pub(crate) fn count(&self, name: &str) {
        *self.lock().state.injected.entry(name.to_owned()).or_default() += 1;
    }

    /// Faults injected since the start (or the last clear), by kind.
    pub fn injected(&self) -> BTreeMap<String, u64> {
        self.lock().state.injected.clone()
    }

    pub(crate) fn tokens_rejected(&self) -> bool {
        self.lock().state.reject_tokens
    }

    /// Counts one request for `token`; `Err(retry_after_secs)` when over the limit. Rejected
    /// requests are not counted, so a client that waits `Retry-After` gets through.
    pub(crate) fn admit(&self, token: &str) -> Result<(), u64> {
        let mut inner = self.lock();
        let limit = inner.state.rate_limit;
        inner.seen.admit(token, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_apply_in_order_and_by_path() {
        let f = FaultControl::default();
        f.push(FaultRule::status(503).times(2).on_path("/a"));
        f.push(FaultRule::truncated());
        assert_eq!(f.plan("GET", "/b").fault, Some(FaultKind::Truncated));
        assert_eq!(f.plan("GET", "/b").fault, None);
        let s503 = Some(FaultKind::Status { status: 503, retry_after_secs: None });
        assert_eq!(f.plan("GET", "/a").fault, s503);
        assert_eq!(f.plan("GET", "/a").fault, s503);
        assert_eq!(f.plan("GET", "/a").fault, None);
        assert!(f.state().next.is_empty());
        assert_eq!(f.injected().get("status_503"), Some(&2));
        assert_eq!(f.injected().get("truncated"), Some(&1));
    }

    #[test]
    fn after_lets_requests_through_first_and_counts_per_rule() {
        let f = FaultControl::default();
        f.push(FaultRule::drop_connection().after(2));
        f.push(FaultRule::timeout(Duration::from_millis(1500)).after(1).on_path("/t"));
        assert_eq!(f.plan("GET", "/t").fault, None);
        assert_eq!(f.plan("GET", "/t").fault, Some(FaultKind::Timeout { hold_ms: Some(1500) }));
        // The drop rule counted both requests above; the third one is its.
        assert_eq!(f.plan("GET", "/x").fault, Some(FaultKind::Drop));
        assert_eq!(f.plan("GET", "/x").fault, None);
        f.count("expire_tokens_noop");
        let counts = f.injected();
        assert_eq!((counts["drop"], counts["timeout"], counts["expire_tokens_noop"]), (1, 1, 1));
        f.clear();
        assert!(f.injected().is_empty());
    }

    #[test]
    fn a_method_rule_spares_other_methods() {
        let f = FaultControl::default();
        f.push(FaultRule::stall(50).on_method("post").on_path("/a"));
        assert_eq!(f.plan("GET", "/a").fault, None, "reads of the same path pass");
        assert_eq!(f.plan("POST", "/a").fault, Some(FaultKind::Stall { ms: 50 }));
    }

    #[test]
    fn offline_wins_and_consumes_nothing() {
        let f = FaultControl::default();
        f.fail_next(1, 500);
        f.set_offline(true);
        assert!(f.plan("GET", "/x").offline);
        f.set_offline(false);
        assert!(f.plan("GET", "/x").fault.is_some());
    }

    #[test]
    fn the_rate_limit_counts_per_token_and_says_when_to_retry() {
        let f = FaultControl::default();
        f.set_rate_limit(2, Duration::from_secs(30));
        assert!(f.admit("A").is_ok());
        assert!(f.admit("A").is_ok());
        let wait = f.admit("A").unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(f.admit("B").is_ok());
        f.clear();
        assert!(f.admit("A").is_ok());
    }

    #[test]
    fn the_http_format_round_trips() {
        let json = serde_json::json!({
            "latency_ms": 20,
            "next": [
                {"kind": "status", "status": 429, "retry_after_secs": 7, "count": 2, "path": "/p"},
                {"kind": "malformed"},
                {"kind": "truncated", "after": 4},
                {"kind": "timeout", "hold_ms": 1500},
                {"kind": "expire_tokens"},
                {"kind": "drop", "count": 3}
            ],
            "reject_tokens": false,
            "rate_limit": {"max_requests": 5, "window_secs": 10}
        });
        let u: FaultUpdate = serde_json::from_value(json).unwrap();
        let f = FaultControl::default();
        let s = f.apply(u).unwrap();
        assert_eq!(s.latency_ms, 20);
        assert_eq!(s.next[0], FaultRule::status(429).retry_after(7).times(2).on_path("/p"));
        assert_eq!(s.next[1], FaultRule::malformed());
        assert_eq!(s.next[2], FaultRule::truncated().after(4));
        assert_eq!(s.next[3], FaultRule::timeout(Duration::from_millis(1500)));
        assert_eq!(s.next[4], FaultRule::expire_tokens());
        assert_eq!(s.next[5], FaultRule::drop_connection().times(3));
        assert_eq!(s.rate_limit, RateLimit { max_requests: 5, window_secs: 10 });
        let bad: FaultUpdate =
            serde_json::from_value(serde_json::json!({"next": [{"kind": "status", "status": 200}]})).unwrap();
        assert!(f.apply(bad).is_err());
        assert!(serde_json::from_value::<FaultUpdate>(serde_json::json!({"latncy_ms": 1})).is_err());
    }
}
