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
        Ok(LiveSocket { url, stream, config, last_heard: Instant::now(), state: SocketState::Open })
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
            let quiet_until = self.last_heard + self.config.ping_every;
            let message = tokio::select! {
                m = self.stream.next() => m,
                _ = tokio::time::sleep_until(quiet_until.into()) => {
                    if self.last_heard.elapsed() >= self.config.ping_every * 2 {
                        return Err(self.close_with("Mews notifications went silent (no answer to a ping)."));
                    }
                    if self.stream.send(WsMessage::Ping(Vec::new().into())).await.is_err() {
                        return Err(self.close_with("The Mews notification socket broke while sending a ping."));
                    }
                    // Wait for the pong (or anything) for another period before giving up.
                    self.last_heard = Instant::now() - self.config.ping_every;
                    continue;
                }
            };
            self.last_heard = Instant::now();
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
