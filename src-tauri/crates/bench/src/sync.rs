//! Full and incremental sync of the sandbox hotel, per provider, over real HTTP on loopback with
//! the sandbox's configured latency and each provider's documented rate limit: requests made
//! against the fewest the API allows, and wall time against the floor latency and rate limit impose.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use innkeep_core::{ProviderKind, ReservationAction, ReservationQuery, ReservationState, SyncProgress};
use innkeep_providers::limiter::{lift_budgets_for_tests, Budget};
use innkeep_sandbox::{RunningSandbox, SandboxConfig};
use innkeep_secrets::SecretStore;
use innkeep_services::{DemoEndpoint, Innkeep};
use innkeep_store::Store;

use crate::figures::{Figure, Part};
use crate::minimum::{minimum, Minimum, Volume};
use crate::{hotel, Mode};

/// The sandbox's day: fixed, so every run reads the same hotel.
pub const TODAY: &str = "2026-06-15";
/// What every provider request costs on the wire, set in the sandbox (a provider's API answering
/// a page of bookings from a data centre a country away). `BENCH_LATENCY_MS` overrides it, e.g.
/// 0 to see the client's own work alone.
pub fn latency() -> Duration {
    let ms = std::env::var("BENCH_LATENCY_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    Duration::from_millis(ms)
}
/// Share of the synced reservations another desk changes before the incremental sync.
const CHANGED_SHARE: f64 = 0.01;

/// The providers whose bookings a sync lists; Ectosy's API has no list (see its connector).
pub const PROVIDERS: [ProviderKind; 4] =
    [ProviderKind::Mews, ProviderKind::Reservanto, ProviderKind::MobileCalendar, ProviderKind::Timekit];

/// One provider's sync, measured.
#[derive(Debug, Clone)]
pub struct Measured {
    pub seconds: f64,
    pub requests: BTreeMap<String, u64>,
    pub reservations: u64,
    pub guests: u64,
    pub rooms: u64,
}

impl Measured {
    pub fn total_requests(&self) -> u64 {
        self.requests.values().sum()
    }
}

fn quiet(_: SyncProgress) {}

fn today() -> NaiveDate {
    TODAY.parse().expect("TODAY is a date")
}

/// The sandbox key of a provider (`mobile_calendar`, ...), as its requests are counted.
pub fn key(provider: ProviderKind) -> String {
    provider.as_str().replace('-', "_")
}

async fn open_cache(dir: &Path, sandbox: &RunningSandbox) -> Result<Innkeep, String> {
    let store = Store::open(dir).await.map_err(|e| format!("cache: {e}"))?;
    let app = Innkeep::new(store, SecretStore::new("innkeep-bench"));
    app.pin_today(today());
    let endpoints: Vec<_> = sandbox
        .providers()
        .into_iter()
        .filter_map(|p| DemoEndpoint::new(p.provider, p.base_url, p.credentials))
        .collect();
    app.ensure_demo_accounts(&endpoints).await.map_err(|e| format!("demo accounts: {e}"))?;
    Ok(app)
}

async fn account_of(app: &Innkeep, provider: ProviderKind) -> Result<i64, String> {
    let accounts = app.accounts().await.map_err(|e| e.to_string())?;
    accounts.into_iter().find(|a| a.provider == provider).map(|a| a.id).ok_or(format!("no {provider:?} account"))
}

/// The provider's documented request budget in the sandbox (Mews 200/30 s, Timekit 600/min,
/// Mobile Calendar 60/min; Reservanto and Ectosy publish none).
async fn documented_limits(sandbox: &RunningSandbox, provider: ProviderKind) -> Result<(), String> {
    match provider {
        ProviderKind::Timekit => sandbox.faults().set_rate_limit(600, Duration::from_secs(60)),
        _ => sandbox.faults().set_rate_limit(200, Duration::from_secs(30)),
    }
    set_mobile_calendar_limit(sandbox, 60, 60).await
}

/// No limits at all: for the other desk's changes, which are not measured.
async fn no_limits(sandbox: &RunningSandbox) -> Result<(), String> {
    sandbox.faults().set_rate_limit(1_000_000, Duration::from_secs(1));
    set_mobile_calendar_limit(sandbox, 1_000_000, 1).await
}

async fn set_mobile_calendar_limit(sandbox: &RunningSandbox, max: u32, window_secs: u64) -> Result<(), String> {
    let url = format!("{}/mobile-calendar/_sandbox/rate-limit", sandbox.base_url());
    let body = format!(r#"{{"max_requests": {max}, "window_secs": {window_secs}}}"#);
    let reply = http_post(&url, &body).await?;
    if !reply.contains(&max.to_string()) {
        return Err(format!("the Mobile Calendar limit was not set: {reply}"));
    }
    Ok(())
}

/// A tiny HTTP/1.1 POST over a plain socket, for the sandbox's own knobs.
async fn http_post(url: &str, body: &str) -> Result<String, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").ok_or("not an http URL")?;
    let (host, path) = rest.split_once('/').ok_or("no path")?;
    let mut s = tokio::net::TcpStream::connect(host).await.map_err(|e| e.to_string())?;
    let req = format!(
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.map_err(|e| e.to_string())?;
    let mut out = String::new();
    s.read_to_string(&mut out).await.map_err(|e| e.to_string())?;
    Ok(out)
}

/// Runs one sync and counts what reached the sandbox for this provider.
async fn measure(
    app: &Innkeep,
    sandbox: &RunningSandbox,
    provider: ProviderKind,
    account: i64,
    full: bool,
) -> Result<Measured, String> {
    sandbox.take_requests();
    let started = Instant::now();
    let report = app.sync_account_with(account, full, &quiet).await.map_err(|e| format!("{provider:?} sync: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let prefix = format!("{} ", key(provider));
    let requests = sandbox.take_requests().into_iter().filter(|(k, _)| k.starts_with(&prefix)).collect();
    Ok(Measured {
        seconds,
        requests,
        reservations: u64::from(report.reservations),
        guests: u64::from(report.guests),
        rooms: u64::from(report.rooms),
    })
}

/// Another desk changes `count` bookings at the provider (cancels stays arriving in the coming
/// weeks, inside every provider's incremental read), through its own copy of the cache.
/// Returns how many it changed, and how many of those were group bookings.
async fn change_at_the_provider(desk: &Innkeep, account: i64, count: usize) -> Result<(usize, usize), String> {
    let query = ReservationQuery {
        search: None,
        from: Some(today() + chrono::Duration::days(1)),
        to: Some(today() + chrono::Duration::days(55)),
        states: vec![ReservationState::Confirmed],
        account_id: Some(account),
        guest_id: None,
        sort: Default::default(),
        descending: false,
        limit: Some(100_000),
    };
    let candidates = desk.reservations(&query).await.map_err(|e| e.to_string())?;
    let candidates: Vec<_> = candidates.into_iter().filter(|r| r.arrival > today()).collect();
    let (mut changed, mut groups) = (0, 0);
    // Spread the changes over the candidates rather than taking the first days only.
    let step = (candidates.len() / count.max(1)).max(1);
    for r in candidates.iter().step_by(step) {
        if changed == count {
            break;
        }
        let cancel = ReservationAction::Cancel { reason: Some("Benchmark".into()), override_late: true };
        if desk.act(r.id, cancel).await.is_ok() {
            changed += 1;
            groups += usize::from(is_group(r));
        }
    }
    Ok((changed, groups))
}

/// A booking the provider keeps as a group: several rooms, or a Mobile Calendar group whatever
/// its rooms now (its API tells no group's size, so a changed group costs a read of its others).
fn is_group(r: &innkeep_core::Reservation) -> bool {
    !r.additional_room_names.is_empty()
        || r.provider_id.starts_with(innkeep_providers::mobile_calendar::map::GROUP_PREFIX)
}

/// Every provider's full, then incremental, sync; their figures go into `part`.
pub async fn run(mode: Mode, only: &[String], part: &mut Part) -> Result<(), String> {
    for provider in PROVIDERS.into_iter().filter(|p| only.is_empty() || only.contains(&key(*p))) {
        let (full, incremental, minimum_full, minimum_incremental, changed) = one_provider(mode, provider).await?;
        let name = key(provider);
        let title = provider.display_name();
        part.push(
            Figure::compare(
                &format!("sync.full.{name}.requests"),
                &format!("Full sync, {title}: requests"),
                "requests",
                full.total_requests() as f64,
                minimum_full.requests as f64,
            )
            .at_most(1.05, "the minimum")
            .with_note(format!(
                "{} reservations, {} guests; {}; made: {}",
                full.reservations,
                full.guests,
                minimum_full.why,
                breakdown(&full)
            )),
        );
        let floor = minimum_full.time_floor(latency());
        part.push(
            Figure::compare(
                &format!("sync.full.{name}.time"),
                &format!("Full sync, {title}: wall time"),
                "s",
                full.seconds,
                floor,
            )
            .at_most(1.2, "the latency and rate-limit floor")
            .with_note(format!(
                "floor {floor:.2} s = {} requests at {} ms{}",
                minimum_full.requests,
                latency().as_millis(),
                minimum_full.rate_note()
            )),
        );
        part.push(
            Figure::compare(
                &format!("sync.incremental.{name}.requests"),
                &format!("Incremental sync after 1% changed, {title}: requests"),
                "requests",
                incremental.total_requests() as f64,
                minimum_incremental.requests as f64,
            )
            .at_most(1.1, "the minimum for the changed records")
            .with_note(format!(
                "{changed} bookings changed; {}; made: {}",
                minimum_incremental.why,
                breakdown(&incremental)
            )),
        );
        let floor = minimum_incremental.time_floor(latency());
        part.push(
            Figure::compare(
                &format!("sync.incremental.{name}.time"),
                &format!("Incremental sync after 1% changed, {title}: wall time"),
                "s",
                incremental.seconds,
                floor,
            )
            .at_most(1.2, "the latency and rate-limit floor"),
        );
    }
    Ok(())
}

fn breakdown(m: &Measured) -> String {
    m.requests
        .iter()
        .map(|(k, n)| format!("{n}x {}", k.split_once(' ').map_or(k.as_str(), |(_, rest)| rest)))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn one_provider(
    mode: Mode,
    provider: ProviderKind,
) -> Result<(Measured, Measured, Minimum, Minimum, usize), String> {
    let config = SandboxConfig { seed: 1, port: 0, today: Some(today()) };
    let sandbox = innkeep_sandbox::start_with(config, hotel(mode)).await.map_err(|e| format!("sandbox: {e}"))?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let app = open_cache(dir.path(), &sandbox).await?;
    let account = account_of(&app, provider).await?;

    lift_budgets_for_tests(None);
    documented_limits(&sandbox, provider).await?;
    sandbox.faults().set_latency(latency());
    let full = measure(&app, &sandbox, provider, account, true).await?;
    let full_ended = Instant::now();
    let per_window =
        if provider == ProviderKind::Mews { arrivals_per_window(&app, account).await? } else { Vec::new() };
    let volume = Volume {
        reservations: full.reservations,
        guests: full.guests,
        groups: 0,
        rooms: full.rooms,
        full: true,
        per_window,
    };
    let minimum_full = minimum(provider, &full.requests, volume);

    // The other desk works on a copy of the synced cache, without latency or limits: its
    // changes are the setting, not the measurement.
    sandbox.faults().set_latency(Duration::ZERO);
    no_limits(&sandbox).await?;
    lift_budgets_for_tests(Some(Budget { requests: 1_000_000, window: Duration::from_secs(1) }));
    let desk_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    copy_cache(dir.path(), desk_dir.path())?;
    let desk = open_cache(desk_dir.path(), &sandbox).await?;
    let wanted = ((full.reservations as f64) * CHANGED_SHARE).ceil() as usize;
    let (changed, groups) = change_at_the_provider(&desk, account, wanted).await?;
    if changed < wanted {
        return Err(format!("{provider:?}: the other desk could change only {changed} of {wanted} bookings"));
    }

    lift_budgets_for_tests(None);
    documented_limits(&sandbox, provider).await?;
    sandbox.faults().set_latency(latency());
    budget_given_back(provider, &full, full_ended).await;
    let incremental = measure(&app, &sandbox, provider, account, false).await?;
    // The changed records. The other desk cancelled bookings and changed no guest: a sync
    // still needs a read to learn that (the minimum counts at least one).
    let volume = Volume {
        reservations: changed as u64,
        guests: 0,
        groups: groups as u64,
        rooms: 0,
        full: false,
        per_window: Vec::new(),
    };
    let minimum_incremental = minimum(provider, &incremental.requests, volume);
    sandbox.shutdown().await;
    Ok((full, incremental, minimum_full, minimum_incremental, changed))
}

/// Waits, when the full sync spent much of the provider's budget, until one budget window has
/// passed since it ended: the app syncs every few minutes, so in use an incremental sync meets
/// a budget given back, and the floor it is measured against assumes one. Without the wait, the
/// client's limiter (shared per account, as the provider counts) holds it back behind the full
/// sync's last minute of requests.
async fn budget_given_back(provider: ProviderKind, full: &Measured, full_ended: Instant) {
    let Some((per_window, window)) = crate::minimum::budget(provider) else { return };
    if full.total_requests() >= per_window / 2 {
        tokio::time::sleep((full_ended + window).saturating_duration_since(Instant::now())).await;
    }
}

/// The cached reservations arriving in each window of the account's last sync plan (Mews reads
/// by arrival: `start_utc`/`end_utc` per window). Window edges fall at the sync's time of day,
/// before any arrival hour, so a date on an edge belongs to the window starting there.
async fn arrivals_per_window(app: &Innkeep, account: i64) -> Result<Vec<u64>, String> {
    let plan: String = sqlx::query_scalar("SELECT plan FROM sync_runs WHERE account_id = ? ORDER BY id DESC LIMIT 1")
        .bind(account)
        .fetch_one(app.store().pool())
        .await
        .map_err(|e| format!("the sync's plan: {e}"))?;
    let plan: innkeep_providers::SyncPlan = serde_json::from_str(&plan).map_err(|e| format!("the sync's plan: {e}"))?;
    let mut counts = Vec::new();
    for window in &plan.windows {
        let edge = |key: &str| -> Result<String, String> {
            let at = window.query.get(key).and_then(|v| v.as_str()).ok_or(format!("window without {key}"))?;
            let at: chrono::DateTime<chrono::Utc> = at.parse().map_err(|e| format!("{key}: {e}"))?;
            Ok(at.date_naive().to_string())
        };
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reservations WHERE account_id = ? AND arrival >= ? AND arrival < ?",
        )
        .bind(account)
        .bind(edge("start_utc")?)
        .bind(edge("end_utc")?)
        .fetch_one(app.store().pool())
        .await
        .map_err(|e| e.to_string())?;
        counts.push(n as u64);
    }
    Ok(counts)
}

fn copy_cache(from: &Path, to: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.file_type().map_err(|e| e.to_string())?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
