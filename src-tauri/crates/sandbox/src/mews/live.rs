//! Mews' WebSocket notifications (mews.md §9.1) at `/ws/connector` on the sandbox's own host:
//! the tokens come as cookies on the upgrade (`ClientToken=…;AccessToken=…`; query parameters of
//! the same names are accepted too), and every reservation created or changed by a request is
//! pushed to every open socket as `{"Events":[{"Type":"Reservation","Id",…}]}` — ids and state
//! only, as Mews sends them.
//!
//! Test knobs ([`LiveControl`], also `GET`/`POST /_sandbox/mews/websocket`): refuse upgrades (the
//! socket service is down; 503), and close every open socket (to make clients reconnect).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use innkeep_providers::mews::live::{Event, Message};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

use super::state::MewsState;
use super::{ACCESS_TOKEN, CLIENT_TOKEN};
use crate::faults::FaultControl;

pub use innkeep_providers::mews::live::PATH;

/// Messages a slow socket may fall behind by before it skips some (it is told nothing, like a
/// client of the real thing that missed events; the next sync still finds the changes).
const BACKLOG: usize = 256;

/// The switches and counters shared by the Mews simulator and the open sockets.
pub(crate) struct LiveHub {
    events: broadcast::Sender<Arc<str>>,
    /// Bumped to close every socket open at that moment.
    closes: watch::Sender<u64>,
    refuse: AtomicBool,
    open: AtomicUsize,
}

impl Default for LiveHub {
    fn default() -> Self {
        LiveHub {
            events: broadcast::channel(BACKLOG).0,
            closes: watch::channel(0).0,
            refuse: AtomicBool::new(false),
            open: AtomicUsize::new(0),
        }
    }
}

impl LiveHub {
    fn publish(&self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        let text = serde_json::to_string(&Message { events }).expect("events serialize");
        // No receiver is not an error: nobody is listening.
        let _ = self.events.send(text.into());
    }
}

/// What a reservation looked like before a request, to tell what the request changed.
pub(crate) struct Snapshot(Vec<(DateTime<Utc>, String, Option<String>)>);

impl Snapshot {
    pub fn take(state: &MewsState) -> Snapshot {
        Snapshot(
            state
                .reservations
                .all()
                .iter()
                .map(|r| (r.wire.updated_utc, r.wire.state.clone(), r.wire.assigned_resource_id.clone()))
                .collect(),
        )
    }

    /// Pushes an event for every reservation added or changed since the snapshot.
    pub fn publish_changes(self, state: &MewsState, hub: &LiveHub) {
        let events = state
            .reservations
            .all()
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                self.0.get(*i).is_none_or(|(updated, st, room)| {
                    *updated != r.wire.updated_utc || *st != r.wire.state || *room != r.wire.assigned_resource_id
                })
            })
            .map(|(_, r)| Event::Reservation {
                id: r.wire.id.clone(),
                state: r.wire.state.clone(),
                start_utc: r.wire.scheduled_start_utc,
                end_utc: r.wire.scheduled_end_utc,
                assigned_resource_id: r.wire.assigned_resource_id.clone(),
            })
            .collect();
        hub.publish(events);
    }
}

/// The WebSocket knobs of a running sandbox.
#[derive(Clone)]
pub struct LiveControl {
    pub(crate) hub: Arc<LiveHub>,
}

/// What `GET /_sandbox/mews/websocket` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveState {
    /// Upgrades are refused with 503.
    pub refusing: bool,
    /// Sockets open now.
    pub open: usize,
}

/// What `POST /_sandbox/mews/websocket` takes; absent fields change nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveUpdate {
    #[serde(default)]
    pub refuse: Option<bool>,
    /// Close every socket open now.
    #[serde(default)]
    pub close_all: bool,
}

impl LiveControl {
    /// While on, upgrade requests get 503 (the notification service is down); open sockets stay.
    pub fn refuse_upgrades(&self, refuse: bool) {
        self.hub.refuse.store(refuse, Ordering::SeqCst);
    }

    /// Closes every open socket (close code 1012, "service restart"), as a server restart would.
    pub fn close_all(&self) {
        self.hub.closes.send_modify(|n| *n += 1);
    }

    pub fn state(&self) -> LiveState {
        LiveState { refusing: self.hub.refuse.load(Ordering::SeqCst), open: self.hub.open.load(Ordering::SeqCst) }
    }

    pub fn apply(&self, update: LiveUpdate) -> LiveState {
        if let Some(refuse) = update.refuse {
            self.refuse_upgrades(refuse);
        }
        if update.close_all {
            self.close_all();
        }
        self.state()
    }
}

/// `GET /ws/connector`: checks the switch and the tokens, then upgrades.
pub(crate) fn upgrade(
    hub: Arc<LiveHub>,
    faults: &FaultControl,
    headers: &HeaderMap,
    query: Option<&str>,
    upgrade: Result<WebSocketUpgrade, impl IntoResponse>,
    request_id: &str,
) -> Response {
    if hub.refuse.load(Ordering::SeqCst) {
        return super::error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "The WebSocket service is temporarily unavailable.",
            None,
            request_id,
        );
    }
    if let Err(message) = authenticate(headers, query, faults) {
        return super::error_response(StatusCode::UNAUTHORIZED, message, None, request_id);
    }
    let upgrade = match upgrade {
        Ok(u) => u,
        Err(rejection) => return rejection.into_response(),
    };
    // Subscribe before answering, so nothing published after the client hears 101 is missed.
    let events = hub.events.subscribe();
    let mut closes = hub.closes.subscribe();
    closes.mark_unchanged();
    upgrade.on_upgrade(move |socket| serve(socket, hub, events, closes))
}

fn authenticate(headers: &HeaderMap, query: Option<&str>, faults: &FaultControl) -> Result<(), &'static str> {
    let mut client = None;
    let mut access = None;
    let cookies = headers.get_all(header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
    let pairs = cookies.flat_map(|c| c.split(';')).chain(query.into_iter().flat_map(|q| q.split('&')));
    for pair in pairs {
        match pair.trim().split_once('=') {
            Some(("ClientToken", v)) => client = Some(v.to_owned()),
            Some(("AccessToken", v)) => access = Some(v.to_owned()),
            _ => {}
        }
    }
    match (client.as_deref(), access.as_deref()) {
        (None, _) => Err("Invalid ClientToken: the cookie is required."),
        (_, None) => Err("Invalid AccessToken: the cookie is required."),
        (Some(c), _) if c != CLIENT_TOKEN => Err("Invalid ClientToken: the integration is unknown or disabled."),
        (_, Some(a)) if a != ACCESS_TOKEN => {
            Err("Invalid AccessToken: the enterprise connection is unknown or disabled.")
        }
        _ if faults.tokens_rejected() => Err("Invalid AccessToken: the token has expired or was revoked."),
        _ => Ok(()),
    }
}

/// Counts a socket as open for as long as it lives.
struct OpenGuard(Arc<LiveHub>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve(
    mut socket: WebSocket,
    hub: Arc<LiveHub>,
    mut events: broadcast::Receiver<Arc<str>>,
    mut closes: watch::Receiver<u64>,
) {
    hub.open.fetch_add(1, Ordering::SeqCst);
    let _guard = OpenGuard(hub);
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(text) => {
                    if socket.send(WsMessage::Text(text.as_ref().into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, "a slow WebSocket client missed notifications");
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            _ = closes.changed() => {
                let frame = CloseFrame { code: 1012, reason: "Service restart".into() };
                let _ = socket.send(WsMessage::Close(Some(frame))).await;
                return;
            }
            incoming = socket.recv() => match incoming {
                Some(Ok(WsMessage::Close(_))) | Some(Err(_)) | None => return,
                // Pings are answered by the library; Mews ignores anything a client sends.
                Some(Ok(_)) => {}
            },
        }
    }
}
