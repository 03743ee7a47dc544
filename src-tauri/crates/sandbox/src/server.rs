//! The HTTP side: one axum router on 127.0.0.1 that serves the fault-control endpoints under
//! `/_sandbox/` and hands everything else to the provider simulators (Mews at the root, every
//! other provider under its own prefix), with the injected faults applied around them.
//! Also the listener's lifecycle, so a sandbox can go away and come back on the same port.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::net::TcpSocket;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::broken_body::BrokenBody;
use crate::faults::{FaultControl, FaultKind, FaultUpdate, DEFAULT_TIMEOUT_HOLD_MS};
use crate::mews::{self, MewsSandbox};
use crate::requests::RequestLog;
use crate::simulator::{SimRequest, Simulator};

/// Largest request body read; Mews answers bigger ones with 413.
const MAX_BODY: usize = 16 * 1024 * 1024;

pub struct App {
    pub mews: MewsSandbox,
    /// The other providers by path prefix (`/reservanto`, ...).
    pub others: Vec<(&'static str, Box<dyn Simulator>)>,
    pub faults: FaultControl,
    pub requests: RequestLog,
}

impl App {
    /// The provider a path belongs to, named as in `ProviderEndpoint` (`mews`, `mobile_calendar`, ...).
    fn provider_of(&self, path: &str) -> String {
        let prefix = self
            .others
            .iter()
            .map(|(prefix, _)| *prefix)
            .find(|prefix| path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')));
        prefix.map_or("mews".to_owned(), |p| p.trim_start_matches('/').replace('-', "_"))
    }

    /// The simulator a path belongs to (other than Mews) and the path below its prefix.
    fn other<'a>(&self, path: &'a str) -> Option<(&dyn Simulator, &'a str)> {
        self.others.iter().find_map(|(prefix, sim)| {
            let rest = path.strip_prefix(prefix)?;
            (rest.is_empty() || rest.starts_with('/')).then_some((sim.as_ref(), rest))
        })
    }
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/_sandbox/faults", get(faults_get).post(faults_set).delete(faults_clear))
        .route("/_sandbox/mews/websocket", get(live_get).post(live_set))
        .route(mews::live::PATH, get(mews_socket))
        .fallback(provider)
        .with_state(app)
}

/// Every provider request: offline, latency and status faults first; then the simulator; then
/// the faults that damage its answer.
async fn provider(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let plan = app.faults.plan(parts.method.as_str(), &path);
    app.requests.count(&app.provider_of(&path), parts.method.as_str(), &path);
    if plan.offline {
        return Response::new(BrokenBody::at_once());
    }
    // The configured latency is the time to an answer, the simulator's own work included, as a
    // real server's is: a large page costs its latency, not its latency plus its making.
    let answer_at = tokio::time::Instant::now() + plan.latency;
    let response = simulate(&app, &path, parts, body, &plan).await;
    tokio::time::sleep_until(answer_at).await;
    match plan.fault {
        Some(FaultKind::Truncated) => damage(response, false).await,
        Some(FaultKind::Drop) => damage(response, true).await,
        Some(FaultKind::Malformed) => not_json(response),
        Some(FaultKind::Timeout { hold_ms }) => {
            // The work is done; only the answer is late, as when a slow provider finally
            // replies to a client that has stopped listening.
            tokio::time::sleep(Duration::from_millis(hold_ms.unwrap_or(DEFAULT_TIMEOUT_HOLD_MS))).await;
            response
        }
        Some(FaultKind::Stall { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            response
        }
        _ => response,
    }
}

/// The simulator's answer to a request, or the status fault planned for it.
async fn simulate(
    app: &App,
    path: &str,
    parts: axum::http::request::Parts,
    body: Body,
    plan: &crate::faults::Plan,
) -> Response {
    let other = app.other(path);
    if plan.fault == Some(FaultKind::ExpireTokens) {
        let expired = other.is_some_and(|(sim, _)| sim.expire_tokens());
        if !expired {
            app.faults.count("expire_tokens_noop");
        }
    }
    let request_id = app.mews.next_request_id();
    if let Some(FaultKind::Status { status, retry_after_secs }) = plan.fault {
        // A 429 without Retry-After would be unlike the providers; default to one second.
        let retry_after = retry_after_secs.or((status == 429).then_some(1));
        return match other {
            Some((sim, _)) => sim.injected_error(status, retry_after),
            None => mews::injected_error(status, retry_after, &request_id),
        };
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        if other.is_some() {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        }
        return mews::error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request body is too large.",
            None,
            &request_id,
        );
    };
    match other {
        Some((sim, rest)) => {
            let request = SimRequest {
                method: &parts.method,
                path: rest,
                query: parts.uri.query(),
                headers: &parts.headers,
                body: &bytes,
            };
            sim.handle(&request, &app.faults)
        }
        None => app.mews.handle(&parts.method, path, &parts.headers, &bytes, &app.faults, &request_id),
    }
}

/// Replaces the body with a complete HTML page (what a misconfigured proxy sends), keeping the
/// status and the headers, so the client gets a well-framed answer that does not parse.
fn not_json(response: Response) -> Response {
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let page = "<!DOCTYPE html><html><head><title>Gateway</title></head>\
                <body><h1>Please wait</h1><p>The service is being updated.</p></body></html>";
    Response::from_parts(parts, Body::from(page))
}

/// Keeps the first half of the body: as a complete (broken JSON) message, or followed by a
/// dropped connection.
async fn damage(response: Response, drop_connection: bool) -> Response {
    let (mut parts, body) = response.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let half: Bytes = full.slice(..full.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = if drop_connection { BrokenBody::after(half, full.len() as u64) } else { Body::from(half) };
    Response::from_parts(parts, body)
}

/// The Mews WebSocket notifications (`mews::live`).
async fn mews_socket(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    uri: Uri,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let request_id = app.mews.next_request_id();
    mews::live::upgrade(app.mews.live_hub(), &app.faults, &headers, uri.query(), upgrade, &request_id)
}

async fn live_get(State(app): State<Arc<App>>) -> Response {
    Json(app.mews.live().state()).into_response()
}

async fn live_set(State(app): State<Arc<App>>, body: Bytes) -> Response {
    match serde_json::from_slice::<mews::live::LiveUpdate>(&body) {
        Ok(update) => Json(app.mews.live().apply(update)).into_response(),
        Err(e) => bad_request(e.to_string()),
    }
}

async fn faults_get(State(app): State<Arc<App>>) -> Response {
    Json(app.faults.state()).into_response()
}

async fn faults_set(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let update = match serde_json::from_slice::<FaultUpdate>(&body) {
        Ok(u) => u,
        Err(e) => return bad_request(e.to_string()),
    };
    match app.faults.apply(update) {
        Ok(state) => Json(state).into_response(),
        Err(e) => bad_request(e),
    }
}

async fn faults_clear(State(app): State<Arc<App>>) -> Response {
    app.faults.clear();
    Json(app.faults.state()).into_response()
}

fn bad_request(error: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": error }))).into_response()
}

/// A bound listener serving the router until stopped (or dropped).
pub struct Listener {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

/// Binds `addr` (port 0 = any) and serves `router` on it. `SO_REUSEADDR` lets a resumed sandbox
/// take its old port back while closed connections linger in TIME_WAIT.
pub async fn listen(addr: SocketAddr, router: Router) -> io::Result<Listener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    let listener = socket.listen(1024)?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        // The signal fires on send or when the sender is dropped, so dropping a Listener stops it.
        let shutdown = async {
            let _ = stopped.await;
        };
        if let Err(e) = axum::serve(listener, router).with_graceful_shutdown(shutdown).await {
            tracing::warn!("sandbox server stopped with an error: {e}");
        }
    });
    tracing::debug!("sandbox listening on http://{addr}");
    Ok(Listener { addr, stop: Some(stop), task })
}

impl Listener {
    /// Stops accepting, lets requests in flight finish, closes idle connections, and returns once
    /// the port is free.
    pub async fn stop(mut self) {
        drop(self.stop.take());
        let _ = (&mut self.task).await;
    }
}
