//! Mews' WebSocket notifications (mews.md §9.1): the enterprise's changes pushed as they happen.
//!
//! The socket lives at `[WebSocketAddress]/ws/connector`, a different host from the REST API
//! (`api.mews.com` → `ws.mews.com`); the tokens go as cookies on the upgrade request. Each
//! message is `{"Events": [...]}`, and an event carries only ids and a state: the details come
//! from the REST API (the services run an incremental sync).
//!
//! The message types live here, not in `wire`, because only this module and the sandbox speak them.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::{SinkExt, StreamExt};
use innkeep_core::{AppError, Credentials, ErrorKind};
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::wire::Guid;

/// The socket's path on the WebSocket host.
pub const PATH: &str = "/ws/connector";

/// One message from Mews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Message {
    pub events: Vec<Event>,
}

/// One notification. Mews adds event types over time; an unknown one is kept as `Other`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "Type")]
pub enum Event {
    #[serde(rename_all = "PascalCase")]
    Reservation {
        id: Guid,
        state: String,
        start_utc: DateTime<Utc>,
        end_utc: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assigned_resource_id: Option<Guid>,
    },
    #[serde(rename_all = "PascalCase")]
    Resource { id: Guid, state: String },
    #[serde(rename_all = "PascalCase")]
    PriceUpdate {
        id: Guid,
        #[serde(default)]
        start_utc: Option<DateTime<Utc>>,
        #[serde(default)]
        end_utc: Option<DateTime<Utc>>,
        #[serde(default)]
        rate_id: Option<Guid>,
        #[serde(default)]
        resource_category_id: Option<Guid>,
    },
    #[serde(rename_all = "PascalCase")]
    DeviceCommand { id: Guid, state: String },
    #[serde(other)]
    Other,
}

impl Event {
    /// Whether the event changes what Innkeep keeps in its cache (reservations and rooms).
    pub fn touches_cache(&self) -> bool {
        matches!(self, Event::Reservation { .. } | Event::Resource { .. })
    }
}

/// The WebSocket address for a REST base URL: Mews' own hosts map to their WebSocket hosts
/// (§9.1: connecting through the PlatformAddress is not supported); any other host (the sandbox,
/// a proxy) serves the socket itself, `http` becoming `ws` and `https` `wss`.
pub fn websocket_url(base_url: &str) -> Result<String, AppError> {
    let bad = |why: &str| AppError::validation("base_url", format!("The Mews address {base_url} {why}."));
    let mut url = reqwest::Url::parse(base_url).map_err(|_| bad("is not a valid address"))?;
    let scheme = match url.scheme() {
        "http" => "ws",
        "https" => "wss",
        _ => return Err(bad("must start with http:// or https://")),
    };
    let host = match url.host_str() {
        Some("api.mews.com") => Some("ws.mews.com"),
        Some("api.mews-demo.com") => Some("ws.mews-demo.com"),
        Some(_) => None,
        None => return Err(bad("has no host")),
    };
    if let Some(host) = host {
        url.set_host(Some(host)).map_err(|_| bad("has an invalid host"))?;
    }
    url.set_scheme(scheme).map_err(|_| bad("cannot be turned into a WebSocket address"))?;
    url.set_path(PATH);
    url.set_query(None);
    url.set_fragment(None);
    Ok(url.to_string())
}

/// How the client keeps the socket honest.
#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// How long the upgrade may take.
    pub connect_timeout: Duration,
    /// A ping goes out after this much silence; twice this without hearing anything (a pong
    /// included) and the socket counts as dead, so a half-open connection cannot hang forever.
    pub ping_every: Duration,
}

impl Default for LiveConfig {
    fn default() -> Self {
        LiveConfig { connect_timeout: Duration::from_secs(15), ping_every: Duration::from_secs(30) }
    }
}

/// Where the client stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketState {
    Open,
    /// Closed, with the reason in words (no secrets: the tokens travel only in the cookie).
    Closed(String),
}

/// Why connecting failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectFailure {
    /// The server answered the upgrade with this HTTP status instead of switching protocols:
    /// WebSockets are not available there now (401/403: not for these tokens).
    Refused { status: u16, error: AppError },
    /// The host could not be reached, the handshake broke, or it timed out.
    Unreachable(AppError),
}

impl ConnectFailure {
    pub fn error(&self) -> &AppError {
        match self {
            ConnectFailure::Refused { error, .. } | ConnectFailure::Unreachable(error) => error,
        }
    }
}

type Stream = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// One open notification socket.
pub struct LiveSocket {
    url: String,
    stream: Stream,
    config: LiveConfig,
    last_heard: Instant,
    /// When the unanswered ping went out, if one did.
    ping_sent: Option<Instant>,
    state: SocketState,
}

impl std::fmt::Debug for LiveSocket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSocket").field("url", &self.url).field("state", &self.state).finish()
    }
}

impl LiveSocket {
    /// Opens the socket for the account at `base_url` (its REST address).
    pub async fn connect(
        base_url: &str,
        credentials: &Credentials,
        config: LiveConfig,
    ) -> Result<LiveSocket, ConnectFailure> {
        let url = websocket_url(base_url).map_err(ConnectFailure::Unreachable)?;
        let token = |name: &str| {
            credentials.get(name).filter(|t| !t.is_empty()).ok_or_else(|| {
                ConnectFailure::Unreachable(AppError::new(
                    ErrorKind::Auth,
                    format!("The {} of this Mews account is missing.", name.replace('_', " ")),
                ))
            })
        };
        let cookie = format!("ClientToken={};AccessToken={}", token("client_token")?, token("access_token")?);
        let mut request = url.as_str().into_client_request().map_err(|e| {
            ConnectFailure::Unreachable(AppError::validation("base_url", format!("Bad Mews WebSocket address: {e}")))
        })?;
        let mut cookie = HeaderValue::from_str(&cookie).map_err(|_| {
            ConnectFailure::Unreachable(AppError::new(
                ErrorKind::Auth,
                "The Mews tokens of this account contain characters a cookie cannot carry.",
            ))
        })?;
        cookie.set_sensitive(true);
        request.headers_mut().insert("Cookie", cookie);

        crate::http::install_crypto_provider();
        let attempt = tokio_tungstenite::connect_async(request);
        let (stream, _) = match tokio::time::timeout(config.connect_timeout, attempt).await {
            Err(_) => {
                return Err(ConnectFailure::Unreachable(AppError::new(
                    ErrorKind::Offline,
                    format!("Mews notifications at {url} did not answer in time."),
                )))
            }
            Ok(Err(tungstenite::Error::Http(response))) => {
                let status = response.status();
                return Err(ConnectFailure::Refused { status: status.as_u16(), error: refused(&url, status) });
            }
            Ok(Err(e)) => {
                return Err(ConnectFailure::Unreachable(AppError::new(
                    ErrorKind::Offline,
                    format!("Cannot reach Mews notifications at {url} ({e})."),
                )))
            }
            Ok(Ok(pair)) => pair,
        };
        tracing::debug!(%url, "Mews notifications connected");
        Ok(LiveSocket { url, stream, config, last_heard: Instant::now(), ping_sent: None, state: SocketState::Open })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn state(&self) -> &SocketState {
        &self.state
    }

    /// Waits for the next message and gives its events. `Err` when the socket closed (by the
    /// server, the network, or silence); the socket is then `Closed` for good.
    pub async fn next(&mut self) -> Result<Vec<Event>, AppError> {
        if let SocketState::Closed(why) = &self.state {
            return Err(AppError::new(ErrorKind::Offline, why.clone()));
        }
        loop {
            // After silence, a ping; after as long again without an answer, the socket is dead.
            let deadline = self.ping_sent.unwrap_or(self.last_heard) + self.config.ping_every;
            let message = tokio::select! {
                m = self.stream.next() => m,
                _ = tokio::time::sleep_until(deadline.into()) => {
                    if self.ping_sent.is_some() {
                        return Err(self.close_with("Mews notifications went silent (no answer to a ping)."));
                    }
                    if self.stream.send(WsMessage::Ping(Vec::new().into())).await.is_err() {
                        return Err(self.close_with("The Mews notification socket broke while sending a ping."));
                    }
                    self.ping_sent = Some(Instant::now());
                    continue;
                }
            };
            self.last_heard = Instant::now();
            self.ping_sent = None;
            match message {
                Some(Ok(WsMessage::Text(text))) => match serde_json::from_str::<Message>(text.as_str()) {
                    Ok(message) => return Ok(message.events),
                    // One message Innkeep cannot read must not end the feed; the scheduled sync
                    // covers whatever it announced.
                    Err(e) => tracing::warn!(url = %self.url, error = %e, "unreadable Mews notification skipped"),
                },
                Some(Ok(WsMessage::Close(frame))) => {
                    let why = match frame {
                        Some(f) if !f.reason.is_empty() => {
                            format!("Mews closed the notification socket ({}: {}).", u16::from(f.code), f.reason)
                        }
                        Some(f) => format!("Mews closed the notification socket ({}).", u16::from(f.code)),
                        None => "Mews closed the notification socket.".to_string(),
                    };
                    return Err(self.close_with(&why));
                }
                // Pings are answered by tungstenite itself; pongs and binary frames only prove life.
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(self.close_with(&format!("The Mews notification socket broke ({e})."))),
                None => return Err(self.close_with("The Mews notification socket closed.")),
            }
        }
    }

    /// Closes the socket politely.
    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }

    fn close_with(&mut self, why: &str) -> AppError {
        tracing::debug!(url = %self.url, "{why}");
        self.state = SocketState::Closed(why.to_string());
        AppError::new(ErrorKind::Offline, why)
    }
}

fn refused(url: &str, status: StatusCode) -> AppError {
    match status.as_u16() {
        401 | 403 => AppError::new(
            ErrorKind::Auth,
            format!("Mews refused the notification socket at {url} for these tokens ({status})."),
        ),
        _ => AppError::new(
            ErrorKind::Unavailable,
            format!("Mews notifications at {url} are not available now ({status}); Innkeep syncs on its schedule."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_websocket_host_of_mews_and_of_anything_else() {
        assert_eq!(websocket_url("https://api.mews.com").unwrap(), "wss://ws.mews.com/ws/connector");
        assert_eq!(websocket_url("https://api.mews-demo.com/").unwrap(), "wss://ws.mews-demo.com/ws/connector");
        assert_eq!(websocket_url("http://127.0.0.1:8700").unwrap(), "ws://127.0.0.1:8700/ws/connector");
        assert_eq!(websocket_url("https://proxy.example/mews?x=1").unwrap(), "wss://proxy.example/ws/connector");
        assert_eq!(websocket_url("ftp://x").unwrap_err().field.as_deref(), Some("base_url"));
        assert!(websocket_url("not a url").is_err());
    }

    /// A WebSocket server on loopback that completes the upgrade and then runs `then` on it.
    async fn server<F, Fut>(then: F) -> String
    where
        F: FnOnce(WebSocketStream<TcpStream>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            then(ws).await;
        });
        format!("http://{addr}")
    }

    fn tokens() -> Credentials {
        Credentials::from_iter([
            ("client_token".to_owned(), "c".to_owned()),
            ("access_token".to_owned(), "a".to_owned()),
        ])
    }

    #[tokio::test]
    async fn a_server_that_stops_answering_pings_is_given_up_on() {
        // Upgrades, then never reads again, so the client's pings go unanswered.
        let base = server(|ws| async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(ws);
        })
        .await;
        let config = LiveConfig { connect_timeout: Duration::from_secs(2), ping_every: Duration::from_millis(100) };
        let mut socket = LiveSocket::connect(&base, &tokens(), config).await.unwrap();
        let started = Instant::now();
        let e =
            tokio::time::timeout(Duration::from_secs(5), socket.next()).await.expect("gives up in time").unwrap_err();
        assert!(e.message.contains("went silent"), "{}", e.message);
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(200) && waited < Duration::from_secs(2), "{waited:?}");
        assert!(matches!(socket.state(), SocketState::Closed(_)));
    }

    #[tokio::test]
    async fn a_server_that_answers_pings_keeps_the_socket() {
        // Reads (and so answers pings) and sends one message after a while.
        let base = server(|mut ws| async move {
            let quiet = tokio::time::sleep(Duration::from_millis(600));
            tokio::pin!(quiet);
            loop {
                tokio::select! {
                    _ = &mut quiet => break,
                    m = ws.next() => if m.is_none() { return },
                }
            }
            let text = r#"{"Events":[{"Type":"Resource","Id":"r1","State":"Dirty"}]}"#;
            ws.send(WsMessage::Text(text.into())).await.unwrap();
            while ws.next().await.is_some() {}
        })
        .await;
        let config = LiveConfig { connect_timeout: Duration::from_secs(2), ping_every: Duration::from_millis(100) };
        let mut socket = LiveSocket::connect(&base, &tokens(), config).await.unwrap();
        let events = tokio::time::timeout(Duration::from_secs(5), socket.next()).await.unwrap().unwrap();
        assert_eq!(events, [Event::Resource { id: "r1".into(), state: "Dirty".into() }]);
        assert_eq!(socket.state(), &SocketState::Open);
    }

    /// Every `log` record of the test binary, at every level the build allows.
    struct Capture;
    static CAPTURED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

    impl log::Log for Capture {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }
        fn log(&self, record: &log::Record<'_>) {
            CAPTURED.lock().unwrap().push(format!("{} {}", record.target(), record.args()));
        }
        fn flush(&self) {}
    }

    #[tokio::test]
    async fn the_tokens_reach_no_log_record() {
        let _ = log::set_logger(&Capture);
        log::set_max_level(log::LevelFilter::Trace);
        let base = server(|mut ws| async move { while ws.next().await.is_some() {} }).await;
        let secret = Credentials::from_iter([
            ("client_token".to_owned(), "SECRET-CLIENT-TOKEN".to_owned()),
            ("access_token".to_owned(), "SECRET-ACCESS-TOKEN".to_owned()),
        ]);
        let socket = LiveSocket::connect(&base, &secret, LiveConfig::default()).await.unwrap();
        assert!(!format!("{socket:?}").contains("SECRET"));
        socket.close().await;
        let captured = CAPTURED.lock().unwrap();
        assert!(captured.iter().any(|r| r.starts_with("tungstenite")), "the handshake logs something: {captured:?}");
        for record in captured.iter() {
            assert!(!record.contains("SECRET"), "a token in a log record: {record}");
        }
    }

    #[test]
    fn reads_the_documented_message_and_keeps_unknown_events() {
        let text = r#"{"Events":[
            {"Type":"DeviceCommand","Id":"2391a3df-1c61-4131-b6f8-c85b4234adcb","State":"Pending"},
            {"Type":"Reservation","Id":"bfee2c44-1f84-4326-a862-5289598f6e2d","State":"Processed",
             "StartUtc":"2016-02-20T13:00:00Z","EndUtc":"2016-02-22T11:00:00Z"},
            {"Type":"Resource","Id":"5ee074b1-6c86-48e8-915f-c7aa4702086f","State":"Dirty"},
            {"Type":"PriceUpdate","Id":"bd75f159-f22a-4685-abdb-aac0008e2af3","StartUtc":"2019-09-07T22:00:00Z",
             "EndUtc":"2019-09-07T22:00:00Z","RateId":"9c6c0556-42bb-409a-86ca-6ca430773b99","ResourceCategoryId":null},
            {"Type":"SomethingNew","Id":"x"}]}"#;
        let message: Message = serde_json::from_str(text).unwrap();
        assert_eq!(message.events.len(), 5);
        match &message.events[1] {
            Event::Reservation { id, state, assigned_resource_id, .. } => {
                assert_eq!(id, "bfee2c44-1f84-4326-a862-5289598f6e2d");
                assert_eq!(state, "Processed");
                assert_eq!(assigned_resource_id, &None);
            }
            other => panic!("not a reservation: {other:?}"),
        }
        assert_eq!(message.events[4], Event::Other);
        let touching: Vec<bool> = message.events.iter().map(Event::touches_cache).collect();
        assert_eq!(touching, [false, true, true, false, false]);
    }
}
