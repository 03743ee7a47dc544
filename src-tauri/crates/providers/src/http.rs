//! The one HTTP layer every provider client uses: timeouts, retries with exponential backoff and
//! jitter for safe requests, `Retry-After`, and logging that never includes a body (bodies carry
//! tokens and guests' personal data).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde::Serialize;

use crate::limiter::{Budget, Limiter};

/// Whether repeating a request can change anything at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Reads: retried after timeouts, dropped connections and 5xx.
    Safe,
    /// Writes: never retried blindly, since the first attempt may have been carried out.
    /// Only a 429 (which means "not processed") is retried.
    Unsafe,
}

#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    /// A `Retry-After` longer than this is not waited for; the caller gets the 429.
    pub max_wait: Duration,
    /// How long one attempt may take, answer body included, before it counts as timed out.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(300),
            max_wait: Duration::from_secs(20),
            timeout: default_timeout(),
        }
    }
}

/// The per-attempt timeout new policies get, in milliseconds (30 s unless changed).
static DEFAULT_TIMEOUT_MS: AtomicU64 = AtomicU64::new(30_000);

/// Changes the timeout of every policy made from now on in this process. For tests that inject
/// timeouts: a hung answer then costs them a second instead of half a minute.
pub fn set_default_timeout(timeout: Duration) {
    DEFAULT_TIMEOUT_MS.store(timeout.as_millis().max(1) as u64, Ordering::Relaxed);
}

/// The per-attempt timeout new policies get.
pub fn default_timeout() -> Duration {
    Duration::from_millis(DEFAULT_TIMEOUT_MS.load(Ordering::Relaxed))
}

/// How an exchange failed, before a provider module turns it into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The provider answered with a non-success status.
    Status {
        status: u16,
        retry_after: Option<u64>,
        body: Vec<u8>,
    },
    /// No connection could be made (refused, DNS, TLS).
    Connect(String),
    Timeout,
    /// The connection broke while the answer was being read.
    Interrupted(String),
}

#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: bytes::Bytes,
}

/// One request, as a provider client describes it. The path is relative to the base URL and
/// may carry a query string; headers are for auth and content negotiation.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub method: reqwest::Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(reqwest::header::HeaderName, String)>,
    /// A JSON body (sent with `Content-Type: application/json`).
    pub json: Option<Vec<u8>>,
}

impl HttpRequest {
    pub fn new(method: reqwest::Method, path: impl Into<String>) -> Self {
        Self { method, path: path.into(), query: Vec::new(), headers: Vec::new(), json: None }
    }
    pub fn query(mut self, name: &str, value: impl ToString) -> Self {
        self.query.push((name.to_string(), value.to_string()));
        self
    }
    pub fn header(mut self, name: reqwest::header::HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.json = Some(serde_json::to_vec(body).expect("request types always serialize"));
        self
    }
}

#[derive(Debug, Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
    base_url: String,
    policy: RetryPolicy,
    provider: &'static str,
    /// Taken before every attempt; see `limiter`.
    limiter: Limiter,
}

/// Makes ring the process's rustls crypto provider, before the first TLS client is made. reqwest
/// (`rustls-no-provider`) and tungstenite both take the process default; with none installed,
/// reqwest panics and rustls fails whenever a test build also compiles in aws-lc. Installing it
/// a second time is a no-op.
pub(crate) fn install_crypto_provider() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // Err means another provider was installed first (only a test could): that one is used.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// One reqwest client per connect timeout for the whole process: building one loads the TLS
/// roots (tens of milliseconds, at every sync when each made its own), and sharing it keeps
/// connections to a provider alive from one sync to the next.
fn shared_client(connect_timeout: Duration) -> reqwest::Client {
    install_crypto_provider();
    static CLIENTS: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<Duration, reqwest::Client>>> =
        std::sync::OnceLock::new();
    let mut clients = CLIENTS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    clients
        .entry(connect_timeout)
        .or_insert_with(|| {
            reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .user_agent(concat!("Innkeep/", env!("CARGO_PKG_VERSION")))
                .build()
                .expect("a TLS backend is compiled in")
        })
        .clone()
}

impl HttpClient {
    pub fn new(provider: &'static str, base_url: &str, policy: RetryPolicy) -> Self {
        let inner = shared_client(Duration::from_secs(5).min(policy.timeout));
        let limiter = Limiter::shared(provider, base_url, "", Budget::documented(provider));
        Self { inner, base_url: base_url.trim_end_matches('/').to_string(), policy, provider, limiter }
    }

    /// Counts this client's requests against the credential `key` (the token or user the
    /// provider counts by) at the provider's documented limit.
    pub fn limited_per(self, key: &str) -> Self {
        let limiter = Limiter::shared(self.provider, &self.base_url, key, Budget::documented(self.provider));
        self.with_limiter(limiter)
    }

    /// Uses `limiter` instead of the documented one (an account setting, or a test).
    pub fn with_limiter(mut self, limiter: Limiter) -> Self {
        self.limiter = limiter;
        self
    }

    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// POSTs a JSON body, retrying as `safety` allows. Success is any 2xx.
    pub async fn post_json<B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
        safety: Safety,
    ) -> Result<Answer, Failure> {
        self.send(&HttpRequest::new(reqwest::Method::POST, path).json(body), safety).await
    }

    /// Sends a request, retrying as `safety` allows. Success is any 2xx. Only the method and path
    /// are logged: query strings may hold guests' names, headers and bodies hold secrets.
    pub async fn send(&self, request: &HttpRequest, safety: Safety) -> Result<Answer, Failure> {
        let path = request.path.as_str();
        let mut attempt = 0;
        loop {
            attempt += 1;
            // Every attempt counts at the provider, so every attempt waits for the budget.
            let permit = self.limiter.acquire().await;
            let started = Instant::now();
            let result = self.once(request).await;
            drop(permit);
            let elapsed = started.elapsed().as_millis();
            match &result {
                Ok(a) => {
                    tracing::debug!(provider = self.provider, method = %request.method, path, status = a.status, elapsed, "ok")
                }
                Err(f) => tracing::info!(
                    provider = self.provider,
                    method = %request.method,
                    path,
                    attempt,
                    elapsed,
                    failure = %describe(f),
                    "failed"
                ),
            }
            let failure = match result {
                Ok(answer) => return Ok(answer),
                Err(f) => f,
            };
            if attempt >= self.policy.max_attempts {
                return Err(failure);
            }
            match self.retry_delay(&failure, safety, attempt) {
                Some(delay) => tokio::time::sleep(delay).await,
                None => return Err(failure),
            }
        }
    }

    async fn once(&self, request: &HttpRequest) -> Result<Answer, Failure> {
        let url = format!("{}{}", self.base_url, request.path);
        let mut builder = self.inner.request(request.method.clone(), url).timeout(self.policy.timeout);
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(json) = &request.json {
            builder = builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(json.clone());
        }
        let response = builder.send().await.map_err(classify)?;
        let status = response.status();
        let headers = response.headers().clone();
        let retry_after = retry_after(&headers);
        let body = response.bytes().await.map_err(|e| {
            if e.is_timeout() {
                Failure::Timeout
            } else {
                Failure::Interrupted(root_cause(&e))
            }
        })?;
        if status.is_success() {
            Ok(Answer { status: status.as_u16(), headers, body })
        } else {
            Err(Failure::Status { status: status.as_u16(), retry_after, body: body.to_vec() })
        }
    }

    /// `None` when the failure must reach the caller now.
    fn retry_delay(&self, failure: &Failure, safety: Safety, attempt: u32) -> Option<Duration> {
        let backoff = || jittered(self.policy.base_delay * 2u32.saturating_pow(attempt - 1));
        match failure {
            Failure::Status { status: 429, retry_after, .. } => {
                let wait = retry_after.map(Duration::from_secs).unwrap_or_else(backoff);
                (wait <= self.policy.max_wait).then_some(wait)
            }
            Failure::Status { status, .. } if safety == Safety::Safe && (*status >= 500 || *status == 408) => {
                Some(backoff())
            }
            Failure::Timeout | Failure::Interrupted(_) if safety == Safety::Safe => Some(backoff()),
            // A refused connection is worth one quick retry for reads; an offline provider then
            // fails fast instead of making the manager wait through the whole backoff.
            Failure::Connect(_) if safety == Safety::Safe && attempt == 1 => Some(self.policy.base_delay),
            _ => None,
        }
    }
}

fn classify(e: reqwest::Error) -> Failure {
    if e.is_timeout() {
        Failure::Timeout
    } else if e.is_connect() {
        Failure::Connect(root_cause(&e))
    } else {
        Failure::Interrupted(root_cause(&e))
    }
}

/// The innermost error message, which names the real cause ("Connection refused").
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur: &dyn std::error::Error = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn retry_after(headers: &HeaderMap) -> Option<u64> {
    headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()
}

/// ±50 % jitter, so that many clients do not retry in lockstep.
fn jittered(d: Duration) -> Duration {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|t| t.subsec_nanos()).unwrap_or(0);
    let factor = 0.5 + (nanos % 1000) as f64 / 1000.0;
    d.mul_f64(factor)
}

pub fn describe(f: &Failure) -> String {
    match f {
        Failure::Status { status, .. } => format!("HTTP {status}"),
        Failure::Connect(c) => format!("cannot connect: {c}"),
        Failure::Timeout => "timed out".into(),
        Failure::Interrupted(c) => format!("connection broke: {c}"),
    }
}

/// Status code text for messages ("503 Service Unavailable").
pub fn status_text(status: u16) -> String {
    StatusCode::from_u16(status).map(|s| s.to_string()).unwrap_or_else(|_| status.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> HttpClient {
        HttpClient::new("Test", "http://127.0.0.1:9", RetryPolicy::default())
    }

    #[test]
    fn writes_are_retried_only_when_not_processed() {
        let c = client();
        let s503 = Failure::Status { status: 503, retry_after: None, body: vec![] };
        let s429 = Failure::Status { status: 429, retry_after: Some(2), body: vec![] };
        assert!(c.retry_delay(&s503, Safety::Unsafe, 1).is_none());
        assert!(c.retry_delay(&Failure::Timeout, Safety::Unsafe, 1).is_none());
        assert_eq!(c.retry_delay(&s429, Safety::Unsafe, 1), Some(Duration::from_secs(2)));
        assert!(c.retry_delay(&s503, Safety::Safe, 1).is_some());
        assert!(c.retry_delay(&Failure::Interrupted("x".into()), Safety::Safe, 2).is_some());
    }

    #[test]
    fn long_retry_after_is_handed_to_the_caller() {
        let s429 = Failure::Status { status: 429, retry_after: Some(600), body: vec![] };
        assert!(client().retry_delay(&s429, Safety::Safe, 1).is_none());
    }

    #[test]
    fn backoff_grows_and_stays_within_jitter_bounds() {
        let c = client();
        for attempt in 1..=3 {
            let d = c.retry_delay(&Failure::Timeout, Safety::Safe, attempt).unwrap();
            let nominal = c.policy.base_delay * 2u32.pow(attempt - 1);
            assert!(d >= nominal / 2 && d <= nominal * 3 / 2, "{d:?} vs {nominal:?}");
        }
    }

    #[tokio::test]
    async fn an_answer_slower_than_the_timeout_is_a_timeout() {
        // A listener that accepts and never answers.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hold = tokio::spawn(async move {
            let (_socket, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(10)).await;
        });
        let policy = RetryPolicy { max_attempts: 1, timeout: Duration::from_millis(300), ..RetryPolicy::default() };
        let c = HttpClient::new("Test", &format!("http://{addr}"), policy);
        let started = Instant::now();
        let f = c.send(&HttpRequest::new(reqwest::Method::GET, "/"), Safety::Safe).await.unwrap_err();
        assert_eq!(f, Failure::Timeout);
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        hold.abort();
    }

    #[test]
    fn the_process_default_timeout_reaches_new_policies() {
        assert_eq!(RetryPolicy { timeout: Duration::from_secs(7), ..RetryPolicy::default() }.timeout.as_secs(), 7);
        // Other tests in this binary rely on the 30 s default; put it back.
        let before = default_timeout();
        set_default_timeout(Duration::from_millis(1200));
        assert_eq!(RetryPolicy::default().timeout, Duration::from_millis(1200));
        set_default_timeout(before);
    }

    #[test]
    fn refused_connections_fail_fast() {
        let c = client();
        let f = Failure::Connect("Connection refused".into());
        assert!(c.retry_delay(&f, Safety::Safe, 1).is_some());
        assert!(c.retry_delay(&f, Safety::Safe, 2).is_none());
    }
}
