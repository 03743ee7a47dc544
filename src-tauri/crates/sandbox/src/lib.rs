//! Innkeep's sandbox: faithful, stateful simulators of the reservation systems' APIs, served over
//! real HTTP on 127.0.0.1 from deterministic seeded data, with injectable faults. Tests,
//! benchmarks, the CLI (`innkeep-cli sandbox`) and the app's demo mode all use it.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = innkeep_sandbox::start(innkeep_sandbox::SandboxConfig::default()).await?;
//! let mews = &sandbox.providers()[0];
//! println!("{} at {} with {:?}", mews.provider, mews.base_url, mews.credentials);
//! sandbox.faults().fail_next(1, 503);
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Providers: Mews Connector API at the root of the base URL (`/api/connector/v1/...`); the
//! others each under a prefix: `/reservanto/v1/...`, `/mobile-calendar/v1/public/...`,
//! `/timekit/v2/...`, `/ectosy/...`. `providers()` gives each one's base URL and credentials.
//! Fault control over HTTP: `GET`/`POST`/`DELETE /_sandbox/faults` (see [`FaultUpdate`]).
//! Mews' WebSocket notifications at `/ws/connector`; their knobs at `GET`/`POST
//! /_sandbox/mews/websocket` (see [`LiveUpdate`]) or [`RunningSandbox::mews_live`].

mod broken_body;
mod clock;
pub mod ectosy;
mod faults;
pub mod mews;
pub mod mobile_calendar;
mod requests;
pub mod reservanto;
mod rng;
mod server;
mod simulator;
pub mod timekit;
mod window;

use std::collections::BTreeMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};

pub use faults::{FaultControl, FaultKind, FaultRule, FaultState, FaultUpdate, RateLimit, DEFAULT_TIMEOUT_HOLD_MS};
pub use mews::live::{LiveControl, LiveState, LiveUpdate};
pub use mews::seed::Scale;

use clock::Clock;
use mews::MewsSandbox;
use server::{App, Listener};
use simulator::Simulator;

/// Seed used when none is given.
pub const DEFAULT_SEED: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    pub seed: u64,
    /// 0 = any free port.
    pub port: u16,
    /// `None`: today in the hotel's time zone, and the clock follows the OS clock. `Some(day)`:
    /// the clock starts at 10:00 hotel time on that day and moves only by one second per write
    /// (or when advanced), so answers are byte-for-byte reproducible.
    pub today: Option<NaiveDate>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig { seed: DEFAULT_SEED, port: 0, today: None }
    }
}

/// Where one simulated provider answers, and the credentials it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderEndpoint {
    /// `"mews"`, `"reservanto"`, `"mobile-calendar"`, `"timekit"`, `"ectosy"`.
    pub provider: &'static str,
    pub base_url: String,
    /// By the names of `innkeep_core::validate::credential_fields` (Mews: `client_token`, `access_token`).
    pub credentials: BTreeMap<String, String>,
}

/// Every secret a sandbox's client holds: the credentials of its providers and every access token
/// handed out so far.
#[derive(Clone)]
pub struct Secrets {
    app: Arc<App>,
    base_url: String,
}

impl Secrets {
    pub fn all(&self) -> Vec<String> {
        let credentials = endpoints_at(&self.base_url).into_iter().flat_map(|p| p.credentials.into_values());
        credentials.chain(self.issued_tokens()).collect()
    }

    /// The access tokens handed out so far (a subset of [`Self::all`]).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.app.others.iter().flat_map(|(_, sim)| sim.issued_tokens()).collect()
    }
}

/// A running sandbox. Dropping it stops the server (in the background); `shutdown` waits.
pub struct RunningSandbox {
    app: Arc<App>,
    router: Router,
    addr: SocketAddr,
    listener: Option<Listener>,
}

/// Starts the demo hotel (~30 rooms).
/// The endpoints of a sandbox served at `base_url` by another process (e.g. `innkeep-cli
/// sandbox`): the credentials are the same for every sandbox.
pub fn endpoints_at(base_url: &str) -> Vec<ProviderEndpoint> {
    let root = base_url.trim_end_matches('/');
    let credentials = std::collections::BTreeMap::from([
        ("client_token".to_owned(), mews::CLIENT_TOKEN.to_owned()),
        ("access_token".to_owned(), mews::ACCESS_TOKEN.to_owned()),
    ]);
    vec![
        ProviderEndpoint { provider: "mews", base_url: root.to_string(), credentials },
        reservanto::endpoint(root),
        mobile_calendar::endpoint(root),
        timekit::endpoint(root),
        ectosy::endpoint(root),
    ]
}

pub async fn start(config: SandboxConfig) -> io::Result<RunningSandbox> {
    start_with(config, Scale::demo()).await
}

/// Starts a hotel of the given size, e.g. `Scale::medium()` (300 rooms, ~20k reservations at
/// Mews) or `Scale::large()` (300 rooms, ~100k reservations; see the README for each provider).
pub async fn start_with(config: SandboxConfig, scale: Scale) -> io::Result<RunningSandbox> {
    let clock = match config.today {
        Some(day) => mews::fixed_clock(day),
        None => Clock::real(),
    };
    let seed = config.seed;
    // The large hotel takes a moment to generate; keep it off the async workers.
    let (mews, others) = tokio::task::spawn_blocking(move || {
        let others: Vec<(&'static str, Box<dyn Simulator>)> = vec![
            (reservanto::PREFIX, Box::new(reservanto::ReservantoSandbox::new(seed, &scale, clock.clone()))),
            (
                mobile_calendar::PREFIX,
                Box::new(mobile_calendar::MobileCalendarSandbox::new(seed, &scale, clock.clone())),
            ),
            (timekit::PREFIX, Box::new(timekit::TimekitSandbox::new(seed, &scale, clock.clone()))),
            (ectosy::PREFIX, Box::new(ectosy::EctosySandbox::new(seed, &scale, clock.clone()))),
        ];
        (MewsSandbox::new(seed, &scale, clock), others)
    })
    .await
    .map_err(|e| io::Error::other(format!("generating the sandbox data failed: {e}")))?;
    let app = Arc::new(App { mews, others, faults: FaultControl::default(), requests: Default::default() });
    let router = server::router(app.clone());
    let listener = server::listen(SocketAddr::from((Ipv4Addr::LOCALHOST, config.port)), router.clone()).await?;
    Ok(RunningSandbox { app, router, addr: listener.addr, listener: Some(listener) })
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn providers(&self) -> Vec<ProviderEndpoint> {
        endpoints_at(&self.base_url())
    }

    pub fn faults(&self) -> FaultControl {
        self.app.faults.clone()
    }

    /// The knobs of the Mews WebSocket notifications (refuse upgrades, close every socket).
    pub fn mews_live(&self) -> LiveControl {
        self.app.mews.live()
    }

    /// The sandbox clock (what Mews reports as `NowUtc`).
    pub fn now(&self) -> DateTime<Utc> {
        self.app.mews.now()
    }

    /// Moves the sandbox clock forward, e.g. to reach a guest's departure day.
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.app.mews.advance_clock(by);
        for (_, sim) in &self.app.others {
            sim.advance_clock(by);
        }
    }

    /// How many bookings `provider` (`"mews"`, `"reservanto"`, ... as in [`ProviderEndpoint`])
    /// holds, in any state; `None` for an unknown provider. Tests count what a client made.
    pub fn booking_count(&self, provider: &str) -> Option<usize> {
        if provider == "mews" {
            return Some(self.app.mews.booking_count());
        }
        let (_, sim) = self.app.others.iter().find(|(prefix, _)| prefix.trim_start_matches('/') == provider)?;
        Some(sim.booking_count())
    }

    /// The secrets a client of this sandbox holds, read at any later time (after the sandbox's
    /// owner has moved on): what the end-to-end tests search the app's files for.
    pub fn secrets(&self) -> Secrets {
        Secrets { app: self.app.clone(), base_url: self.base_url() }
    }

    /// The provider requests served since the last call, by `"<provider> <METHOD> <endpoint>"`
    /// (ids folded to `{id}`); benchmarks count what a sync asked for.
    pub fn take_requests(&self) -> std::collections::BTreeMap<String, u64> {
        self.app.requests.take()
    }

    pub fn is_listening(&self) -> bool {
        self.listener.is_some()
    }

    /// Closes the listener and every connection (clients get "connection refused"); the data stays.
    pub async fn suspend(&mut self) {
        // Upgraded sockets outlive the listener's graceful shutdown; a server that goes away
        // takes them with it.
        self.app.mews.live().close_all();
        if let Some(listener) = self.listener.take() {
            listener.stop().await;
        }
    }

    /// Listens again on the same address, with the same data.
    pub async fn resume(&mut self) -> io::Result<()> {
        if self.listener.is_none() {
            self.listener = Some(server::listen(self.addr, self.router.clone()).await?);
        }
        Ok(())
    }

    /// Stops the server and waits until the port is closed.
    pub async fn shutdown(mut self) {
        self.suspend().await;
    }
}
