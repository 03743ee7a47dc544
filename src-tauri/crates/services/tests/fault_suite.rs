//! The fault suite: every provider's full and then incremental sync, each under every fault
//! kind the sandbox injects (429 bursts with Retry-After, 500/502/503, timeouts, connections
//! dropped mid-body, malformed and truncated JSON, tokens expiring mid-sync), at seeded random
//! request points. After recovery the cache is compared with the sandbox's truth: nothing lost,
//! duplicated, extra or different. The report goes to `<target dir>/fault-suite/report.{json,md}`.
//!
//! Size: `FAULT_SUITE_SEEDS` (default 1) sandboxes, `FAULT_SUITE_SCALE` (`demo`, the default, or
//! `large`), `FAULT_SUITE_FAULTS` faults per sync (default 2). `scripts/fault-soak.sh` runs big.

#[path = "fault_suite/compare.rs"]
mod compare;
#[path = "fault_suite/report.rs"]
mod report;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use compare::compare;
use innkeep_core::{BookingDraft, GuestChoice, NewGuest, ProviderKind, ReservationAction, SyncProgress};
use innkeep_sandbox::{FaultKind, FaultRule, RunningSandbox, SandboxConfig, Scale};
use innkeep_secrets::SecretStore;
use innkeep_services::{DemoEndpoint, Innkeep};
use innkeep_store::Store;
use report::{Report, RunRecord};

const TODAY: &str = "2026-06-15";
/// Per-attempt client timeout during the suite; the `timeout` fault holds answers longer.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(1000);
const TIMEOUT_HOLD: Duration = Duration::from_millis(1500);
/// Bookings for the incremental phase start this many days ahead: inside every provider's
/// incremental read (Reservanto's reaches 62 days ahead; what lies beyond is left to the
/// periodic full sync by design).
const BOOKING_OFFSET: i64 = 10;

const PROVIDERS: [ProviderKind; 5] = [
    ProviderKind::Mews,
    ProviderKind::Reservanto,
    ProviderKind::MobileCalendar,
    ProviderKind::Timekit,
    ProviderKind::Ectosy,
];

/// The kinds injected, by the name the report uses.
fn kinds() -> Vec<(&'static str, FaultKind)> {
    vec![
        ("status_429", FaultKind::Status { status: 429, retry_after_secs: Some(1) }),
        ("status_500", FaultKind::Status { status: 500, retry_after_secs: None }),
        ("status_502", FaultKind::Status { status: 502, retry_after_secs: None }),
        ("status_503", FaultKind::Status { status: 503, retry_after_secs: None }),
        ("timeout", FaultKind::Timeout { hold_ms: Some(TIMEOUT_HOLD.as_millis() as u64) }),
        ("drop", FaultKind::Drop),
        ("malformed", FaultKind::Malformed),
        ("truncated", FaultKind::Truncated),
        ("expire_tokens", FaultKind::ExpireTokens),
    ]
}

/// SplitMix64: a seeded, dependency-free source of fault positions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

fn scale() -> (String, Scale) {
    match std::env::var("FAULT_SUITE_SCALE").as_deref() {
        Err(_) | Ok("demo") => ("demo".into(), Scale::demo()),
        Ok("large") => ("large".into(), Scale::large()),
        Ok(other) => panic!("FAULT_SUITE_SCALE={other:?}: expected demo or large"),
    }
}

fn quiet(_: SyncProgress) {}

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

fn endpoints(sandbox: &RunningSandbox) -> Vec<DemoEndpoint> {
    sandbox.providers().into_iter().filter_map(|p| DemoEndpoint::new(p.provider, p.base_url, p.credentials)).collect()
}

/// A fresh cache in a real SQLite file with every demo account connected to `sandbox`.
async fn cache(sandbox: &RunningSandbox) -> (Innkeep, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let app = Innkeep::new(store, SecretStore::new("innkeep-test"));
    app.pin_today(today());
    app.ensure_demo_accounts(&endpoints(sandbox)).await.unwrap();
    (app, dir)
}

async fn account_of(app: &Innkeep, provider: ProviderKind) -> i64 {
    app.accounts().await.unwrap().into_iter().find(|a| a.provider == provider).expect("a demo account").id
}

/// Queues `n` faults of `kind` at random points among the next `span` requests.
fn inject(sandbox: &RunningSandbox, rng: &mut Rng, kind: &FaultKind, n: u64, span: u64) {
    for _ in 0..n {
        sandbox.faults().push(FaultRule::new(kind.clone()).after(rng.below(span) as u32));
    }
}

/// Runs a sync while faults strike; a sync the faults make fail is run again afterwards (with
/// the faults still pending, then without), as the app's next scheduled sync would.
/// What struck is added to `injected` (clearing the sandbox's faults resets its counters).
async fn sync_through(
    app: &Innkeep,
    sandbox: &RunningSandbox,
    account: i64,
    full: bool,
    errors: &mut Vec<String>,
    injected: &mut BTreeMap<String, u64>,
) {
    let mut result = Ok(());
    for attempt in 0..4 {
        match app.sync_account_with(account, full, &quiet).await {
            Ok(_) => {
                result = Ok(());
                break;
            }
            Err(e) => {
                errors.push(format!("{:?}: {}", e.kind, e.message));
                result = Err(());
                if attempt >= 1 {
                    take_injected(sandbox, injected);
                }
            }
        }
    }
    take_injected(sandbox, injected);
    assert!(result.is_ok(), "the sync did not recover once the faults were gone: {errors:?}");
}

/// Adds the sandbox's fault counters to `into` and clears every pending fault and counter.
fn take_injected(sandbox: &RunningSandbox, into: &mut BTreeMap<String, u64>) {
    for (k, n) in sandbox.faults().injected() {
        *into.entry(k).or_default() += n;
    }
    sandbox.faults().clear();
    relax_limits(sandbox);
}

/// The suite hammers one sandbox with many syncs in a row; the providers' own request limits
/// would then decide the run time, so they are raised (429 bursts are injected on purpose).
fn relax_limits(sandbox: &RunningSandbox) {
    sandbox.faults().set_rate_limit(100_000, Duration::from_secs(1));
}

async fn relax_mobile_calendar(sandbox: &RunningSandbox) {
    let url = format!("{}/mobile-calendar/_sandbox/rate-limit", sandbox.base_url());
    let reply = reqwest_post(&url, r#"{"max_requests": 100000, "window_secs": 1}"#).await;
    assert!(reply.contains("100000"), "the Mobile Calendar limit was not raised: {reply}");
}

/// A tiny HTTP/1.1 POST over a plain socket (the services crate has no HTTP client of its own).
async fn reqwest_post(url: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let mut s = tokio::net::TcpStream::connect(host).await.unwrap();
    let req = format!(
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

fn draft(account_id: i64, category_id: i64, offset: i64, tag: u64) -> BookingDraft {
    let arrival = today() + chrono::Duration::days(offset);
    BookingDraft {
        account_id,
        category_id,
        room_id: None,
        arrival: arrival.to_string(),
        departure: (arrival + chrono::Duration::days(1)).to_string(),
        adults: 1,
        children: 0,
        guest: GuestChoice::New(NewGuest {
            first_name: "Fault".into(),
            last_name: format!("Suite {tag}"),
            email: Some(format!("fault.suite.{tag}@example.com")),
            phone: None,
        }),
        additional_guests: Vec::new(),
        additional_room_ids: Vec::new(),
        notes: None,
    }
}

/// The sandbox changes between the full and the incremental sync: a new booking arrives and the
/// previous run's booking is cancelled (made through a separate, fault-free client).
async fn change_the_sandbox(truth: &Innkeep, account: i64, run: u64, previous: Option<i64>) -> Option<i64> {
    let categories = truth.rooms(account).await.unwrap().categories;
    // The seeded calendars are busy this close; look for a free night, a different one per run.
    let mut booked = None;
    let mut refusals = Vec::new();
    for i in 0..40u64 {
        let offset = BOOKING_OFFSET + ((run * 7 + i * 5) % 45) as i64;
        let category = categories[((run + i) as usize) % categories.len()].id;
        match truth.create_booking(&draft(account, category, offset, run * 100 + i)).await {
            Ok(r) => {
                booked = Some(r);
                break;
            }
            Err(e) => refusals.push(e.to_string()),
        }
    }
    let booked = booked.unwrap_or_else(|| panic!("the sandbox change (booking) failed: {refusals:?}"));
    if let Some(id) = previous {
        truth
            .act(id, ReservationAction::Cancel { reason: Some("Fault suite".into()), override_late: false })
            .await
            .unwrap_or_else(|e| panic!("the sandbox change (cancel) failed: {e}"));
    }
    Some(booked.id)
}

/// The sandbox's truth for the account: a full read into a fresh cache, with no faults.
async fn truth_now(sandbox: &RunningSandbox, provider: ProviderKind) -> (Innkeep, tempfile::TempDir) {
    assert!(sandbox.faults().state().next.is_empty(), "no fault may touch the truth read");
    let (app, dir) = cache(sandbox).await;
    let account = account_of(&app, provider).await;
    app.sync_account_with(account, true, &quiet).await.unwrap_or_else(|e| panic!("truth read of {provider:?}: {e}"));
    (app, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_provider_syncs_through_every_fault_without_losing_a_record() {
    innkeep_providers::http::set_default_timeout(CLIENT_TIMEOUT);
    // The sandbox's limits are relaxed below; the clients' own pacing at the documented limits
    // would make Mobile Calendar's 60 a minute most of the suite's time.
    innkeep_providers::limiter::lift_budgets_for_tests(Some(innkeep_providers::limiter::Budget {
        requests: 100_000,
        window: Duration::from_secs(1),
    }));
    let seeds = env_u64("FAULT_SUITE_SEEDS", 1);
    let per_sync = env_u64("FAULT_SUITE_FAULTS", 2);
    let (scale_name, scale) = scale();
    let started = Instant::now();
    let mut report = Report::new(seeds, &scale_name, per_sync);

    for seed in 1..=seeds {
        let config = SandboxConfig { seed: 100 + seed, port: 0, today: Some(today()) };
        let sandbox = innkeep_sandbox::start_with(config, scale.clone()).await.unwrap();
        relax_limits(&sandbox);
        relax_mobile_calendar(&sandbox).await;
        // The fault-free client that changes the sandbox between syncs.
        let (changer, _changer_dir) = cache(&sandbox).await;
        let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
        let mut run = 0u64;
        for provider in PROVIDERS {
            let changer_account = account_of(&changer, provider).await;
            // A clean full read tells how many requests one takes: faults land among them.
            let clean = changer.sync_account_with(changer_account, true, &quiet).await.unwrap();
            let span = u64::from(clean.pages) + 3;
            let mut previous = None;
            for (kind_name, kind) in kinds() {
                run += 1;
                let run_started = Instant::now();
                let (app, _dir) = cache(&sandbox).await;
                let account = account_of(&app, provider).await;
                let lists = app.account(account).await.unwrap().capabilities.list_reservations.supported;
                let mut errors = Vec::new();

                // Full sync: faults anywhere among about as many requests as a clean full read takes.
                sandbox.faults().clear();
                relax_limits(&sandbox);
                let mut injected = BTreeMap::new();
                inject(&sandbox, &mut rng, &kind, per_sync, span);
                sync_through(&app, &sandbox, account, true, &mut errors, &mut injected).await;

                // The sandbox changes; the incremental sync must bring exactly that.
                previous = change_the_sandbox(&changer, changer_account, run, previous).await;
                inject(&sandbox, &mut rng, &kind, per_sync, 6);
                sync_through(&app, &sandbox, account, false, &mut errors, &mut injected).await;

                let (truth, _truth_dir) = truth_now(&sandbox, provider).await;
                let diff = compare(app.store().pool(), truth.store().pool(), provider.as_str(), lists).await;
                report.add(RunRecord {
                    seed,
                    provider: provider.as_str().to_owned(),
                    kind: kind_name.to_owned(),
                    injected,
                    errors_surfaced: errors,
                    diff,
                    secs: run_started.elapsed().as_secs_f64(),
                });
            }
        }
        sandbox.shutdown().await;
    }
    report.secs = started.elapsed().as_secs_f64();
    let dir = report::write(&report);
    eprintln!("fault suite report: {}", dir.display());

    let total = report.total();
    assert!(total.compared > 0, "nothing was compared");
    let faults: u64 = report.injected.values().sum();
    assert!(faults > 0, "no fault was injected");
    for (name, _) in kinds() {
        let n = report.injected.get(name).copied().unwrap_or(0)
            + if name == "expire_tokens" { report.injected.get("expire_tokens_noop").copied().unwrap_or(0) } else { 0 };
        assert!(n > 0, "no {name} fault was injected: {:?}", report.injected);
    }
    let bad: Vec<&RunRecord> = report.runs.iter().filter(|r| !r.diff.is_clean()).collect();
    assert!(bad.is_empty(), "records lost, duplicated, extra or changed after recovery: {:#?}", bad);
}
