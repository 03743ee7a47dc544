//! The cache: how fast a full sync's rows are written (against a raw SQLite bulk insert of the
//! same rows, in the same run), and how fast the screens' reads are on the large cache.
//!
//! The rows are read once from the sandbox hotel through the real Mews connector (latency 0,
//! limits lifted) and kept in memory; then the cache's write path (`apply_run_page`, as a sync
//! calls it) and the raw insert take turns on fresh files. The last cache written is the one the
//! reads are timed on, through the same service calls the Tauri commands make.

use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use innkeep_core::{ProviderKind, ReservationQuery, ReservationSort, ReservationState};
use innkeep_providers::{Catalog, Endpoint, Page, SyncPlan};
use innkeep_sandbox::{RunningSandbox, SandboxConfig};
use innkeep_secrets::SecretStore;
use innkeep_services::Innkeep;
use innkeep_store::{NewAccountRow, RunEnd, RunPage, Store};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, FromRow, SqliteConnection};

use crate::figures::{Figure, Part};
use crate::stats::{median, percentile};
use crate::Mode;

/// The sandbox's day: fixed, so every run reads the same hotel.
const TODAY: &str = "2026-06-15";
const SEED: u64 = 7;

/// How many times each side writes, and how many times each read runs (after a warm-up).
fn rounds(mode: Mode) -> (usize, usize) {
    match mode {
        Mode::Quick => (3, 100),
        Mode::Full => (5, 200),
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_str(TODAY).expect("a valid date")
}

/// One page as the connector returned it, with where the run stands after it.
struct ReadPage {
    page: Page,
    window_index: i64,
    page_token: Option<String>,
}

/// What a full sync of the hotel read: the catalog, the plan and every page.
struct FullRead {
    catalog: Catalog,
    plan: SyncPlan,
    pages: Vec<ReadPage>,
}

pub async fn run(mode: Mode, out: &Path) -> Result<(), String> {
    let (write_rounds, iterations) = rounds(mode);
    let started = Instant::now();
    let sandbox = sandbox(mode).await?;
    let read = read_hotel(&sandbox).await?;
    println!(
        "read {} pages ({} reservations, {} guests) in {:.1} s",
        read.pages.len(),
        read.pages.iter().map(|p| p.page.reservations.len()).sum::<usize>(),
        read.pages.iter().map(|p| p.page.guests.len()).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    let mut part = Part::new("store");

    // Writes: cache and raw insert alternating, each on a fresh file.
    let mut cache_secs = Vec::new();
    let mut raw_secs = Vec::new();
    let mut kept: Option<(tempfile::TempDir, Store, i64)> = None;
    let mut rows: Option<StoredRows> = None;
    for round in 0..write_rounds {
        let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let (store, account, secs) = write_through_cache(dir.path(), &read).await?;
        cache_secs.push(secs);
        let stored = match rows.take() {
            Some(r) => r,
            None => StoredRows::read(&store).await?,
        };
        let raw_dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        raw_secs.push(raw_insert(raw_dir.path(), &store, &stored).await?);
        println!(
            "round {}: cache {:.3} s, raw {:.3} s ({} rows)",
            round + 1,
            cache_secs[round],
            raw_secs[round],
            stored.len()
        );
        rows = Some(stored);
        if let Some((_, old, _)) = kept.replace((dir, store, account)) {
            old.close().await;
        }
    }
    let (dir, store, account) = kept.ok_or("no write round ran")?;
    let n = rows.as_ref().map(StoredRows::len).unwrap_or(0) as f64;
    let (cache, raw) = (n / median(&cache_secs), n / median(&raw_secs));
    part.push(
        Figure::compare(
            "store.write_throughput",
            "Cache write of a full sync's rows, against a raw SQLite bulk insert",
            "rows/s",
            cache,
            raw,
        )
        .at_least(0.5, "a raw SQLite bulk insert")
        .with_note(format!(
            "{n} rows (guests + reservations) of the {} hotel; median of {write_rounds} alternating rounds each on a \
             fresh file: cache {:.2} s through apply_run_page as a sync writes its pages, raw {:.2} s as plain \
             INSERTs in one transaction with the same schema, indexes, FTS5 triggers and PRAGMAs",
            mode.name(),
            median(&cache_secs),
            median(&raw_secs)
        )),
    );

    if let Ok(copy) = std::env::var("INNKEEP_BENCH_KEEP_CACHE") {
        // For EXPLAIN QUERY PLAN and the like on the very cache measured.
        let _ = std::fs::remove_file(&copy);
        sqlx::query("VACUUM INTO ?").bind(&copy).execute(store.pool()).await.map_err(|e| format!("{copy}: {e}"))?;
    }
    // Reads on the cache just written, through the services the Tauri commands call.
    let app = Innkeep::new(store.clone(), SecretStore::new("innkeep-bench"));
    let terms = search_terms(&guest_names(&store).await?);
    let (timeline, search, list, board) = time_reads(&app, &terms, iterations).await?;
    let reservations = store.count_reservations(account).await.map_err(|e| e.message)?;
    let rooms = store.rooms(account).await.map_err(|e| e.message)?.len();
    let size = format!("{reservations} reservations, {rooms} rooms");
    part.push(
        Figure::below("store.timeline_p95", "Timeline of every room x 31 nights (p95)", "ms", timeline.p95, 10.0)
            .with_note(format!(
                "{}; {size}; get_timeline's service call, 31 nights starting on each of 31 days around today; \
                 absolute target: ratio = p95 / 10 ms",
                timeline.describe()
            )),
    );
    part.push(Figure::below("store.search_p95", "Guest search, FTS5 (p95)", "ms", search.p95, 5.0).with_note(format!(
        "{}; list_guests' service call (the screen's page: 200 guests and one more when more match) for {} terms taken from the cached guests: name \
             prefixes, full names, e-mail and phone fragments; absolute target: ratio = p95 / 5 ms",
        search.describe(),
        terms.len()
    )));
    part.push(
        Figure::below("store.list_page_p95", "Reservations list with a filter (p95)", "ms", list.p95, 10.0).with_note(
            format!(
                "{}; list_reservations' service call as the list screen asks for its first page (201 rows: \
                 200 shown, one to know more exist), filters rotating: from today, a state, a 30-day range, a guest name; the issue names \
                 no target, 10 ms is ours",
                list.describe()
            ),
        ),
    );
    part.push(Figure::below("store.today_p95", "Today dashboard (p95)", "ms", board.p95, 10.0).with_note(format!(
        "{}; get_today's service call for each of 7 days from today; the issue names no target, 10 ms is ours",
        board.describe()
    )));

    store.close().await;
    drop(dir);
    sandbox.shutdown().await;
    part.write(out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("store part written in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

async fn sandbox(mode: Mode) -> Result<RunningSandbox, String> {
    // A bench reads far more than a desk; the clients' pacing at the documented limits would be
    // what is measured, not the cache.
    innkeep_providers::limiter::lift_budgets_for_tests(Some(innkeep_providers::limiter::Budget {
        requests: 100_000,
        window: Duration::from_secs(1),
    }));
    let config = SandboxConfig { seed: SEED, port: 0, today: Some(today()) };
    let sandbox = innkeep_sandbox::start_with(config, crate::hotel(mode))
        .await
        .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    sandbox.faults().set_rate_limit(100_000, Duration::from_secs(1));
    sandbox.faults().set_latency(Duration::ZERO);
    Ok(sandbox)
}

/// Reads the whole hotel through the Mews connector, page by page, as a full sync does.
async fn read_hotel(sandbox: &RunningSandbox) -> Result<FullRead, String> {
    let endpoint =
        sandbox.providers().into_iter().find(|p| p.provider == "mews").ok_or("the sandbox serves no Mews")?;
    let credentials = innkeep_core::Credentials(endpoint.credentials.clone());
    let config = serde_json::json!({});
    let connector = innkeep_providers::open(
        ProviderKind::Mews,
        &Endpoint { base_url: &endpoint.base_url, credentials: &credentials, config: &config },
    )
    .map_err(|e| e.message)?;
    let catalog = connector.catalog().await.map_err(|e| e.message)?;
    let mut plan = connector.plan(None, true).await.map_err(|e| e.message)?;
    whole_history(&mut plan, sandbox.now())?;
    let mut pages = Vec::new();
    for (index, window) in plan.windows.iter().enumerate() {
        let mut token: Option<String> = None;
        loop {
            let page = connector.read(window, token.as_deref()).await.map_err(|e| e.message)?;
            let next = page.next.clone().filter(|n| Some(n) != token.as_ref());
            let (window_index, page_token) = match &next {
                Some(n) => (index as i64, Some(n.clone())),
                None => (index as i64 + 1, None),
            };
            pages.push(ReadPage { page, window_index, page_token });
            token = next;
            if token.is_none() {
                break;
            }
        }
    }
    if connector.reads_guests_after_pages() {
        // Mews: the guests follow the pages, a thousand per request, as in a sync.
        let ids: std::collections::BTreeSet<String> =
            pages.iter().flat_map(|p| p.page.reservations.iter().filter_map(|r| r.guest_provider_id.clone())).collect();
        let ids: Vec<String> = ids.into_iter().collect();
        for batch in ids.chunks(1000) {
            let guests = connector.guests(batch).await.map_err(|e| e.message)?;
            let page = innkeep_providers::Page { guests, reservations: Vec::new(), next: None };
            pages.push(ReadPage { page, window_index: plan.windows.len() as i64, page_token: None });
        }
    }
    Ok(FullRead { catalog, plan, pages })
}

/// Days of arrivals before and after the sandbox's today that the cache is filled with: more than
/// any seed holds (the large hotel: 1,095 back, 365 ahead).
const HISTORY_DAYS_BACK: i64 = 1_200;
const HISTORY_DAYS_AHEAD: i64 = 400;
/// Mews caps an interval filter at three months; the connector's own windows are 85 days.
const HISTORY_WINDOW_DAYS: i64 = 85;

/// A full sync reads the arrivals of 660 days around today; a desk's cache holds every stay the
/// syncs of earlier years brought. The plan's arrival windows are replaced by windows over the
/// seed's whole history, so the cache holds every reservation of the hotel.
fn whole_history(plan: &mut SyncPlan, now: chrono::DateTime<chrono::Utc>) -> Result<(), String> {
    let first = plan.windows.first().ok_or("the Mews plan has no window")?.clone();
    let mut from = now - chrono::Duration::days(HISTORY_DAYS_BACK);
    let end = now + chrono::Duration::days(HISTORY_DAYS_AHEAD);
    plan.windows.clear();
    while from < end {
        let to = (from + chrono::Duration::days(HISTORY_WINDOW_DAYS)).min(end);
        let mut window = first.clone();
        window.query["start_utc"] = serde_json::json!(from);
        window.query["end_utc"] = serde_json::json!(to);
        window.label = format!("starting {} – {}", from.format("%Y-%m-%d"), to.format("%Y-%m-%d"));
        plan.windows.push(window);
        from = to;
    }
    plan.covers = None;
    Ok(())
}

/// A fresh cache with the account and its catalog, then the pages written as a full sync writes
/// them (the run, every page with its position, the run's end); only the latter is timed.
async fn write_through_cache(dir: &Path, read: &FullRead) -> Result<(Store, i64, f64), String> {
    let store = Store::open(dir).await.map_err(|e| e.message)?;
    let account = store
        .insert_account(&NewAccountRow {
            provider: ProviderKind::Mews,
            label: "Bench hotel".into(),
            base_url: "http://127.0.0.1:9".into(),
            secret_ref: "bench".into(),
            is_demo: false,
        })
        .await
        .map_err(|e| e.message)?;
    store.set_property(account, &read.catalog.property, &read.catalog.config).await.map_err(|e| e.message)?;
    store.replace_catalog(account, &read.catalog.categories, &read.catalog.rooms).await.map_err(|e| e.message)?;
    let plan = serde_json::to_string(&read.plan).map_err(|e| e.to_string())?;

    let started = Instant::now();
    let run = store.begin_sync_run(account, true, &plan).await.map_err(|e| e.message)?;
    for p in &read.pages {
        let page = RunPage {
            guests: &p.page.guests,
            reservations: &p.page.reservations,
            window_index: p.window_index,
            page_token: p.page_token.as_deref(),
            record_changes: false,
        };
        store.apply_run_page(&run, page).await.map_err(|e| e.message)?;
    }
    let end =
        RunEnd { removed: &[], watermark: read.plan.watermark.as_deref().map(|w| ("bench", w)), record_changes: false };
    store.finish_sync_run(&run, end).await.map_err(|e| e.message)?;
    Ok((store, account, started.elapsed().as_secs_f64()))
}

#[derive(FromRow)]
struct GuestRow {
    account_id: i64,
    provider_id: String,
    first_name: Option<String>,
    last_name: String,
    email: Option<String>,
    phone: Option<String>,
    nationality: Option<String>,
    updated_at: Option<String>,
    raw: String,
    search_text: String,
}

#[derive(FromRow)]
struct ReservationRow {
    account_id: i64,
    provider_id: String,
    number: Option<String>,
    state: String,
    provider_state: String,
    arrival: String,
    departure: String,
    guest_provider_id: Option<String>,
    room_provider_id: Option<String>,
    category_provider_id: Option<String>,
    adults: i64,
    children: i64,
    total_minor: Option<i64>,
    currency: Option<String>,
    notes: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    raw: String,
    synced_at: String,
    extra_room_provider_ids: String,
    fingerprint: Option<String>,
    seen_run: Option<i64>,
}

/// The rows exactly as the cache stored them: what the raw insert writes.
struct StoredRows {
    guests: Vec<GuestRow>,
    reservations: Vec<ReservationRow>,
}

macro_rules! guest_columns {
    () => {
        "account_id, provider_id, first_name, last_name, email, phone, nationality, updated_at, raw, search_text"
    };
}
macro_rules! reservation_columns {
    () => {
        "account_id, provider_id, number, state, provider_state, arrival, departure, guest_provider_id, \
         room_provider_id, category_provider_id, adults, children, total_minor, currency, notes, created_at, \
         updated_at, raw, synced_at, extra_room_provider_ids, fingerprint, seen_run"
    };
}

impl StoredRows {
    async fn read(store: &Store) -> Result<Self, String> {
        let guests = sqlx::query_as(concat!("SELECT ", guest_columns!(), " FROM guests ORDER BY id"))
            .fetch_all(store.pool())
            .await
            .map_err(|e| format!("reading the cached guests: {e}"))?;
        let reservations = sqlx::query_as(concat!("SELECT ", reservation_columns!(), " FROM reservations ORDER BY id"))
            .fetch_all(store.pool())
            .await
            .map_err(|e| format!("reading the cached reservations: {e}"))?;
        Ok(StoredRows { guests, reservations })
    }

    fn len(&self) -> usize {
        self.guests.len() + self.reservations.len()
    }
}

/// The statements that make `schema`'s tables, indexes and triggers, in the order they were made,
/// without the tables SQLite makes itself (its own, and those behind each virtual table).
fn schema_statements(schema: &[(String, String, String)]) -> Vec<String> {
    let virtual_tables: Vec<&str> = schema
        .iter()
        .filter(|(kind, _, sql)| kind == "table" && sql.starts_with("CREATE VIRTUAL TABLE"))
        .map(|(_, name, _)| name.as_str())
        .collect();
    schema
        .iter()
        .filter(|(kind, name, _)| {
            let shadow = kind == "table" && virtual_tables.iter().any(|v| name.starts_with(&format!("{v}_")));
            !shadow && !name.starts_with("sqlite_")
        })
        .map(|(_, _, sql)| sql.clone())
        .collect()
}

/// The baseline: a fresh file with the cache's PRAGMAs and schema (copied from the cache just
/// written), and the same rows as plain INSERTs through prepared statements in one transaction.
async fn raw_insert(dir: &Path, cache: &Store, rows: &StoredRows) -> Result<f64, String> {
    let schema: Vec<(String, String, String)> =
        sqlx::query_as("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
            .fetch_all(cache.pool())
            .await
            .map_err(|e| format!("reading the cache's schema: {e}"))?;
    let sql_err = |e: sqlx::Error| format!("raw insert: {e}");
    let mut conn: SqliteConnection = SqliteConnectOptions::new()
        .filename(dir.join("raw.db"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .connect()
        .await
        .map_err(sql_err)?;
    for statement in schema_statements(&schema) {
        sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut conn).await.map_err(sql_err)?;
    }
    let accounts: Vec<i64> =
        rows.guests.iter().map(|g| g.account_id).chain(rows.reservations.iter().map(|r| r.account_id)).collect();
    for id in accounts.iter().min().into_iter().chain(accounts.iter().max()) {
        sqlx::query(
            "INSERT OR IGNORE INTO accounts (id, provider, label, base_url, secret_ref, created_at) \
             VALUES (?1, 'mews', 'Raw', '', 'raw-' || ?1, '')",
        )
        .bind(id)
        .execute(&mut conn)
        .await
        .map_err(sql_err)?;
    }

    const GUEST_INSERT: &str =
        concat!("INSERT INTO guests (", guest_columns!(), ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const RESERVATION_INSERT: &str = concat!(
        "INSERT INTO reservations (",
        reservation_columns!(),
        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    );
    let started = Instant::now();
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(sql_err)?;
    for g in &rows.guests {
        sqlx::query(GUEST_INSERT)
            .bind(g.account_id)
            .bind(&g.provider_id)
            .bind(&g.first_name)
            .bind(&g.last_name)
            .bind(&g.email)
            .bind(&g.phone)
            .bind(&g.nationality)
            .bind(&g.updated_at)
            .bind(&g.raw)
            .bind(&g.search_text)
            .execute(&mut *tx)
            .await
            .map_err(sql_err)?;
    }
    for r in &rows.reservations {
        sqlx::query(RESERVATION_INSERT)
            .bind(r.account_id)
            .bind(&r.provider_id)
            .bind(&r.number)
            .bind(&r.state)
            .bind(&r.provider_state)
            .bind(&r.arrival)
            .bind(&r.departure)
            .bind(&r.guest_provider_id)
            .bind(&r.room_provider_id)
            .bind(&r.category_provider_id)
            .bind(r.adults)
            .bind(r.children)
            .bind(r.total_minor)
            .bind(&r.currency)
            .bind(&r.notes)
            .bind(&r.created_at)
            .bind(&r.updated_at)
            .bind(&r.raw)
            .bind(&r.synced_at)
            .bind(&r.extra_room_provider_ids)
            .bind(&r.fingerprint)
            .bind(r.seen_run)
            .execute(&mut *tx)
            .await
            .map_err(sql_err)?;
    }
    tx.commit().await.map_err(sql_err)?;
    let secs = started.elapsed().as_secs_f64();
    conn.close().await.map_err(sql_err)?;
    Ok(secs)
}

/// Every cached guest's first name, last name, e-mail and phone, by id.
async fn guest_names(store: &Store) -> Result<Vec<GuestName>, String> {
    sqlx::query_as("SELECT first_name, last_name, email, phone FROM guests ORDER BY id")
        .fetch_all(store.pool())
        .await
        .map_err(|e| format!("reading the cached guests' names: {e}"))
}

type GuestName = (Option<String>, String, Option<String>, Option<String>);

/// What a desk types into the guest search, taken from real guests spread over the cache: the
/// start of a last name, a whole last name, first name and the start of the last, the start of
/// an e-mail, the last digits of a phone.
fn search_terms(guests: &[GuestName]) -> Vec<String> {
    let prefix = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let step = (guests.len() / 20).max(1);
    let mut terms = Vec::new();
    for (i, (first, last, email, phone)) in guests.iter().step_by(step).enumerate() {
        let term = match i % 5 {
            0 => prefix(last, 3),
            1 => last.clone(),
            2 => match first {
                Some(f) if !f.trim().is_empty() => format!("{f} {}", prefix(last, 2)),
                _ => prefix(last, 4),
            },
            3 => email.as_deref().map(|e| prefix(e, 5)).unwrap_or_else(|| prefix(last, 4)),
            _ => {
                let digits: String = phone.as_deref().unwrap_or("").chars().filter(char::is_ascii_digit).collect();
                if digits.len() >= 4 {
                    digits[digits.len() - 4..].to_string()
                } else {
                    prefix(last, 2)
                }
            }
        };
        if !term.trim().is_empty() {
            terms.push(term);
        }
    }
    terms
}

/// Milliseconds of repeated runs of one read.
struct Timings {
    p50: f64,
    p95: f64,
    max: f64,
    n: usize,
    /// The process's CPU time per run, on average (wall time on a busy machine is mostly waiting).
    cpu: f64,
}

impl Timings {
    fn of(samples: &[f64], cpu_ms: f64) -> Self {
        Timings {
            p50: percentile(samples, 50.0),
            p95: percentile(samples, 95.0),
            max: samples.iter().copied().fold(f64::NAN, f64::max),
            n: samples.len(),
            cpu: if samples.is_empty() { f64::NAN } else { cpu_ms / samples.len() as f64 },
        }
    }

    fn describe(&self) -> String {
        format!(
            "p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {} runs; CPU {:.2} ms a run on average",
            self.p50, self.p95, self.max, self.n, self.cpu
        )
    }
}

/// The process's user + system CPU time so far in milliseconds, from `/proc/self/stat` (clock
/// ticks, 100 a second: a single read is coarse, the sum over hundreds is not). `NaN` elsewhere.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| process_cpu_ticks(&stat))
        .map_or(f64::NAN, |t| t as f64 * 10.0)
}

/// utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line; the command name in
/// parentheses may itself hold spaces, so fields are counted after its closing parenthesis.
fn process_cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name come state (field 3) onwards: utime is field 14, i.e. index 11 here.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// The list screen's queries as a desk would filter it.
fn list_queries(today: NaiveDate, terms: &[String]) -> Vec<ReservationQuery> {
    let base = ReservationQuery {
        search: None,
        from: Some(today),
        to: None,
        states: Vec::new(),
        account_id: None,
        guest_id: None,
        sort: ReservationSort::Arrival,
        descending: false,
        // The screen's first page: 200 rows shown, the 201st says more exist.
        limit: Some(201),
    };
    let mut out = vec![
        base.clone(),
        ReservationQuery { states: vec![ReservationState::Confirmed], ..base.clone() },
        ReservationQuery { states: vec![ReservationState::CheckedIn], from: None, ..base.clone() },
        ReservationQuery { to: Some(today + chrono::Duration::days(30)), ..base.clone() },
        ReservationQuery {
            from: Some(today - chrono::Duration::days(60)),
            to: Some(today - chrono::Duration::days(30)),
            ..base.clone()
        },
    ];
    out.extend(terms.iter().take(5).map(|t| ReservationQuery { search: Some(t.clone()), from: None, ..base.clone() }));
    out
}

async fn time_reads(
    app: &Innkeep,
    terms: &[String],
    iterations: usize,
) -> Result<(Timings, Timings, Timings, Timings), String> {
    let today = today();
    let day = |i: usize, span: i64| today + chrono::Duration::days(i as i64 % span);
    let lists = list_queries(today, terms);
    let warmup = 5;
    let mut timeline = Vec::new();
    let mut search = Vec::new();
    let mut list = Vec::new();
    let mut board = Vec::new();
    let mut cpu = [0.0f64; 4];
    // One of each in turn, so each sees the others' effect on the page cache as a desk would.
    for i in 0..iterations + warmup {
        let from = day(i, 31) - chrono::Duration::days(15);
        let (t, c) = (Instant::now(), cpu_ms());
        let tl = app.timeline(from, from + chrono::Duration::days(31)).await.map_err(|e| e.message)?;
        let timeline_ms = ms(t);
        let timeline_cpu = cpu_ms() - c;
        if i == 0 {
            println!("timeline: {} rooms, {} bars", tl.rooms.len(), tl.bars.len());
        }

        let (t, c) = (Instant::now(), cpu_ms());
        let found = app.guests(Some(&terms[i % terms.len()])).await.map_err(|e| e.message)?;
        let search_ms = ms(t);
        let search_cpu = cpu_ms() - c;
        if i < terms.len() && found.is_empty() {
            return Err(format!("the guest search for {:?} found nobody", terms[i]));
        }

        let (t, c) = (Instant::now(), cpu_ms());
        let rows = app.reservations(&lists[i % lists.len()]).await.map_err(|e| e.message)?;
        let list_ms = ms(t);
        let list_cpu = cpu_ms() - c;
        if i < lists.len() {
            println!("list query {}: {} rows in {:.2} ms", i, rows.len(), list_ms);
        }

        let (t, c) = (Instant::now(), cpu_ms());
        app.today_board(day(i, 7)).await.map_err(|e| e.message)?;
        let board_ms = ms(t);
        let board_cpu = cpu_ms() - c;
        if i >= warmup {
            for (sum, add) in cpu.iter_mut().zip([timeline_cpu, search_cpu, list_cpu, board_cpu]) {
                *sum += add;
            }
            timeline.push(timeline_ms);
            search.push(search_ms);
            list.push(list_ms);
            board.push(board_ms);
        }
    }
    Ok((
        Timings::of(&timeline, cpu[0]),
        Timings::of(&search, cpu[1]),
        Timings::of(&list, cpu[2]),
        Timings::of(&board, cpu[3]),
    ))
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(kind: &str, name: &str, sql: &str) -> (String, String, String) {
        (kind.into(), name.into(), sql.into())
    }

    #[test]
    fn the_schema_copy_leaves_out_what_sqlite_makes_itself() {
        let schema = vec![
            s("table", "guests", "CREATE TABLE guests (id INTEGER PRIMARY KEY)"),
            s("index", "guests_by_name", "CREATE INDEX guests_by_name ON guests (id)"),
            s("table", "guests_fts", "CREATE VIRTUAL TABLE guests_fts USING fts5(x)"),
            s("table", "guests_fts_data", "CREATE TABLE 'guests_fts_data'(id INTEGER PRIMARY KEY, block BLOB)"),
            s("table", "guests_fts_config", "CREATE TABLE 'guests_fts_config'(k PRIMARY KEY, v)"),
            s("table", "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)"),
            s(
                "trigger",
                "guests_fts_after_insert",
                "CREATE TRIGGER guests_fts_after_insert AFTER INSERT ON guests BEGIN SELECT 1; END",
            ),
        ];
        let kept = schema_statements(&schema);
        assert_eq!(kept.len(), 4, "{kept:?}");
        assert!(kept[0].starts_with("CREATE TABLE guests"));
        assert!(kept[2].starts_with("CREATE VIRTUAL TABLE"));
        assert!(
            kept[3].starts_with("CREATE TRIGGER guests_fts_after_insert"),
            "a trigger named like a shadow table stays"
        );
    }

    #[test]
    fn search_terms_are_what_a_desk_types() {
        let guests: Vec<GuestName> = vec![
            (Some("Jana".into()), "Nováková".into(), Some("jana@example.cz".into()), Some("+420 603 123 456".into())),
            (None, "Svoboda".into(), None, None),
            (Some("Petr".into()), "Dvořák".into(), None, None),
            (Some("Eva".into()), "Malá".into(), Some("eva.mala@example.cz".into()), None),
            (Some("Ole".into()), "Berg".into(), None, Some("+47 22 33 44 55".into())),
            (Some("Ana".into()), "Li".into(), None, Some("12".into())),
        ];
        assert_eq!(search_terms(&guests), vec!["Nov", "Svoboda", "Petr Dv", "eva.m", "4455", "Li"]);
        assert!(search_terms(&[]).is_empty());
    }

    #[test]
    fn timings_report_the_median_the_95th_percentile_and_the_worst() {
        let samples: Vec<f64> = (1..=200).map(|i| i as f64 / 10.0).collect();
        let t = Timings::of(&samples, 300.0);
        assert_eq!((t.p50, t.p95, t.max, t.n, t.cpu), (10.0, 19.0, 20.0, 200, 1.5));
        assert_eq!(
            t.describe(),
            "p50 10.00 ms, p95 19.00 ms, max 20.00 ms over 200 runs; CPU 1.50 ms a run on average"
        );
    }

    #[test]
    fn cpu_ticks_are_counted_after_the_command_name() {
        let stat = "4242 (innkeep bench) R 1 4242 4242 0 -1 4194304 100 0 0 0 731 129 0 0 20 0 3 0 55 0 0";
        assert_eq!(process_cpu_ticks(stat), Some(860));
        assert_eq!(process_cpu_ticks("garbage"), None);
        assert!(cpu_ms() >= 0.0 || cpu_ms().is_nan());
    }

    #[test]
    fn the_list_queries_cover_each_kind_of_filter() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let qs = list_queries(today, &["Nov".to_string()]);
        assert!(qs.iter().any(|q| !q.states.is_empty()));
        assert!(qs.iter().any(|q| q.from.is_some() && q.to.is_some()));
        assert!(qs.iter().any(|q| q.search.as_deref() == Some("Nov")));
        assert!(qs.iter().all(|q| q.limit == Some(201)), "the screen's first page");
    }
}
