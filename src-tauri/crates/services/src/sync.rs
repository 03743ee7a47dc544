//! Sync: fills the cache from the provider through its connector, as a *sync run*. The connector
//! plans the reads (everything the first time and at each reconciliation, else the changes after
//! a watermark); the plan is stored with the run, and each page is written together with the
//! run's new position in one transaction. So a sync that fails, is cancelled or is killed goes on
//! from the last page written next time: reads are at-least-once, results in the cache
//! exactly-once (a page read twice upserts the same rows). The watermark moves, and a full run
//! removes what the provider no longer has, only once every window is in.

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

use innkeep_core::records::GuestRecord;
use innkeep_core::{AccountChanges, AccountStatus, ActivityOutcome, AppError, ErrorKind, SyncPhase, SyncProgress};
use innkeep_providers::{Connector, Page, SyncPlan};
use innkeep_store::{AccountRow, PageOutcome, RunEnd, RunPage, Store, SyncRun};
use tokio::sync::watch;

use crate::Innkeep;

/// Guests read per request by connectors that read them after the pages (Mews allows 1,000).
const GUEST_BATCH: usize = 1000;

/// The cursor under which the connector's watermark is kept.
const WATERMARK: &str = "reservations.watermark";

/// How often a full read reconciles the cache with the provider (and notices deletions), unless
/// the settings say otherwise.
pub const DEFAULT_RECONCILE_EVERY_HOURS: u32 = 24;

/// An interrupted run older than this is not resumed: a fresh plan is cheaper than old windows.
const RESUME_WITHIN_HOURS: i64 = 12;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pages: u32,
    /// Distinct reservations read (the full sync's windows overlap at their edges).
    pub reservations: u32,
    /// Distinct guests read.
    pub guests: u32,
    pub rooms: u32,
    pub full: bool,
    /// Went on where an interrupted sync stopped.
    pub resumed: bool,
    /// Stopped by [`Innkeep::cancel_sync`]; what was read so far is kept.
    pub cancelled: bool,
    pub added: u32,
    pub changed: u32,
    pub removed: u32,
}

/// The running syncs' stop switches, by account.
#[derive(Default)]
pub(crate) struct SyncControl {
    stops: std::sync::Mutex<HashMap<i64, watch::Sender<bool>>>,
    /// Hours between reconciliations; 0: only when asked.
    reconcile_every_hours: std::sync::atomic::AtomicU32,
}

impl SyncControl {
    pub(crate) fn new() -> Self {
        let c = Self::default();
        c.reconcile_every_hours.store(DEFAULT_RECONCILE_EVERY_HOURS, std::sync::atomic::Ordering::Relaxed);
        c
    }

    fn stops(&self) -> std::sync::MutexGuard<'_, HashMap<i64, watch::Sender<bool>>> {
        self.stops.lock().unwrap_or_else(|p| p.into_inner())
    }
}

struct Progress<'a> {
    event: SyncProgress,
    started: Instant,
    /// Windows finished by this sync (not by the run it resumed), for the estimate.
    windows_done_here: u32,
    seen: BTreeSet<String>,
    seen_guests: BTreeSet<String>,
    report: &'a (dyn Fn(SyncProgress) + Send + Sync),
}

impl Progress<'_> {
    fn send(&mut self, phase: SyncPhase, error: Option<AppError>) {
        self.event.phase = phase;
        self.event.error = error;
        let left = self.event.windows_total.saturating_sub(self.event.windows_done);
        self.event.eta_secs = (self.windows_done_here > 0 && phase == SyncPhase::Reservations).then(|| {
            let per_window = self.started.elapsed().as_secs_f64() / self.windows_done_here as f64;
            (per_window * left as f64).ceil() as u32
        });
        (self.report)(self.event.clone());
    }
}

/// Runs `work` unless the sync is stopped first; `None` when it was. The work is then dropped: a
/// page write in it rolls back, and the run resumes at that page.
async fn unless_stopped<T>(stop: &mut watch::Receiver<bool>, work: impl std::future::Future<Output = T>) -> Option<T> {
    tokio::select! {
        out = work => Some(out),
        _ = stop.wait_for(|stopped| *stopped) => None,
    }
}

/// A page's write on its own task: on more than one core, the cache's work (the page's JSON,
/// SQLite) runs beside the parsing of the next page instead of taking turns with it on the sync's
/// task. Dropped unfinished (a stopped sync), it aborts the task and the transaction rolls back.
struct PageWrite(tokio::task::JoinHandle<Result<PageOutcome, AppError>>);

impl PageWrite {
    fn start(
        store: Store,
        run: SyncRun,
        page: Page,
        window_index: i64,
        page_token: Option<String>,
        record_changes: bool,
    ) -> Self {
        PageWrite(tokio::spawn(async move {
            let page = RunPage {
                guests: &page.guests,
                reservations: &page.reservations,
                window_index,
                page_token: page_token.as_deref(),
                record_changes,
            };
            store.apply_run_page(&run, page).await
        }))
    }

    /// What the page's write brought to the cache.
    async fn finish(mut self) -> Result<PageOutcome, AppError> {
        (&mut self.0).await.map_err(|e| AppError::internal(format!("Writing a sync page stopped unexpectedly: {e}")))?
    }
}

impl Drop for PageWrite {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Innkeep {
    /// Syncs one account: its changes, or everything when a reconciliation is due. A second call
    /// for the same account waits for the first.
    pub async fn sync_account(
        &self,
        account_id: i64,
        report: &(dyn Fn(SyncProgress) + Send + Sync),
    ) -> Result<SyncReport, AppError> {
        self.sync_account_with(account_id, false, report).await
    }

    /// Syncs one account; `full` reads everything again instead of the changes only.
    pub async fn sync_account_with(
        &self,
        account_id: i64,
        full: bool,
        report: &(dyn Fn(SyncProgress) + Send + Sync),
    ) -> Result<SyncReport, AppError> {
        let lock = self.sync_lock(account_id);
        let _guard = lock.lock().await;
        let row = self.store().account(account_id).await?;
        let (stop_tx, stop) = watch::channel(false);
        self.inner.sync.stops().insert(account_id, stop_tx);
        let mut progress = Progress {
            event: SyncProgress::new(account_id, SyncPhase::Started),
            started: Instant::now(),
            windows_done_here: 0,
            seen: BTreeSet::new(),
            seen_guests: BTreeSet::new(),
            report,
        };
        progress.send(SyncPhase::Started, None);
        tracing::debug!(account_id, "sync started");
        let result = match self.connector(&row) {
            Ok(connector) => self.sync_with(&row, connector.as_ref(), full, stop, &mut progress).await,
            Err(e) => Err(e),
        };
        self.inner.sync.stops().remove(&account_id);
        self.settle(account_id, &result, &mut progress).await?;
        result
    }

    /// Stops the account's running sync after the request in flight; `false` when none runs.
    /// What was written stays, and the next sync goes on from there.
    pub fn cancel_sync(&self, account_id: i64) -> bool {
        match self.inner.sync.stops().get(&account_id) {
            Some(stop) => stop.send(true).is_ok(),
            None => false,
        }
    }

    /// Hours between full reads that reconcile the cache with the provider (0: only on demand).
    pub fn set_reconcile_every_hours(&self, hours: u32) {
        self.inner.sync.reconcile_every_hours.store(hours, std::sync::atomic::Ordering::Relaxed);
    }

    /// Syncs every account one after another; returns each account's outcome.
    pub async fn sync_all(
        &self,
        report: &(dyn Fn(SyncProgress) + Send + Sync),
    ) -> Result<Vec<(i64, Result<SyncReport, AppError>)>, AppError> {
        let mut out = Vec::new();
        for account in self.accounts().await? {
            out.push((account.id, self.sync_account(account.id, report).await));
        }
        Ok(out)
    }

    /// What each account's syncs found added, changed and removed since the manager last looked.
    pub async fn what_changed(&self) -> Result<Vec<AccountChanges>, AppError> {
        self.store().unseen_changes().await
    }

    /// The manager has seen the account's changes (up to a change id, or all).
    /// `upto` must be one of the account's changes: an id beyond them would hide changes to come.
    pub async fn mark_changes_seen(&self, account_id: i64, upto: Option<i64>) -> Result<(), AppError> {
        self.store().account(account_id).await?;
        if let Some(upto) = upto {
            if !self.store().is_change_of(account_id, upto).await? {
                return Err(AppError::validation(
                    "upto",
                    format!(
                        "Change {upto} is not one of this account's changes; reload the list of changes and try again."
                    ),
                ));
            }
        }
        self.store().mark_changes_seen(account_id, upto).await
    }

    /// The account's status, the activity log and the last event, once the sync is over.
    async fn settle(
        &self,
        account_id: i64,
        result: &Result<SyncReport, AppError>,
        progress: &mut Progress<'_>,
    ) -> Result<(), AppError> {
        match result {
            Ok(r) if r.cancelled => {
                let text = format!("Sync stopped after {} pages; the next sync goes on from there", r.pages);
                self.log(Some(account_id), "sync", text, ActivityOutcome::Failed, None, None).await;
                progress.send(SyncPhase::Cancelled, None);
            }
            Ok(r) => {
                self.store().mark_online(account_id, true).await?;
                let what = if r.full { "Full sync" } else { "Sync" };
                let text = format!(
                    "{what}: {} reservations, {} guests, {} rooms; {} added, {} changed, {} removed",
                    r.reservations, r.guests, r.rooms, r.added, r.changed, r.removed
                );
                self.log_ok(Some(account_id), "sync", text, None, None).await;
                progress.send(SyncPhase::Finished, None);
            }
            Err(e) => {
                let status = match e.kind {
                    ErrorKind::Offline => AccountStatus::Offline,
                    ErrorKind::Auth => AccountStatus::AuthFailed,
                    _ => AccountStatus::Error,
                };
                self.store().mark_failed(account_id, status, &e.message).await?;
                let text = format!("Sync failed: {}", e.message);
                self.log(Some(account_id), "sync", text, ActivityOutcome::Failed, None, None).await;
                progress.send(SyncPhase::Failed, Some(e.clone()));
            }
        }
        Ok(())
    }

    /// The run to go on with: the interrupted one, unless a full read is asked of an incremental
    /// run or it is too old; else a new run with a new plan.
    async fn run_for(
        &self,
        account_id: i64,
        connector: &dyn Connector,
        full: bool,
        since: Option<&str>,
        last_full: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(SyncRun, SyncPlan, bool), AppError> {
        if let Some(run) = self.store().open_sync_run(account_id).await? {
            let fresh = chrono::Utc::now() - run.started_at < chrono::Duration::hours(RESUME_WITHIN_HOURS);
            if fresh && (run.full || !full) {
                if let Ok(plan) = serde_json::from_str::<SyncPlan>(&run.plan) {
                    return Ok((run, plan, true));
                }
            }
        }
        let hours = self.inner.sync.reconcile_every_hours.load(std::sync::atomic::Ordering::Relaxed);
        let due = match last_full {
            Some(at) => hours > 0 && chrono::Utc::now() - at >= chrono::Duration::hours(hours as i64),
            // Caches from before sync runs: reconcile once.
            None => true,
        };
        let plan = connector.plan(since, full || due).await?;
        let json = serde_json::to_string(&plan).map_err(|e| AppError::internal(format!("Sync plan: {e}")))?;
        let run = self.store().begin_sync_run(account_id, plan.full, &json).await?;
        Ok((run, plan, false))
    }

    /// Reads the catalog, then the run's windows page by page from where the run stands.
    async fn sync_with(
        &self,
        row: &AccountRow,
        connector: &dyn Connector,
        full: bool,
        mut stop: watch::Receiver<bool>,
        progress: &mut Progress<'_>,
    ) -> Result<SyncReport, AppError> {
        let account_id = row.account.id;
        // The very first sync of an account is not a list of changes: everything would be new.
        let since = self.store().cursor(account_id, WATERMARK).await?;
        let last_full = self.store().last_full_sync_at(account_id).await?;
        let record_changes = since.is_some() || last_full.is_some();
        let (run, plan, resumed) = self.run_for(account_id, connector, full, since.as_deref(), last_full).await?;
        tracing::debug!(windows = plan.windows.len(), full = plan.full, "sync planned");
        // Rooms and settings change rarely: full runs read them; an incremental run reads them
        // only when the cache has none, or (below) when a page names a room the cache lacks.
        let mut rooms = self.store().room_count(account_id).await?;
        let mut catalog_read = false;
        if plan.full || rooms == 0 {
            rooms = self.refresh_catalog(account_id, connector, progress).await?;
            catalog_read = true;
        }
        let mut report = SyncReport { rooms, full: plan.full, resumed, ..Default::default() };
        let total = plan.windows.len() as u32;
        let start = (run.window_index.max(0) as u32).min(total);
        progress.event.full = plan.full;
        progress.event.resumed = resumed;
        progress.event.windows_total = total;
        progress.event.windows_done = start;
        progress.event.pages = run.pages as u32;
        progress.event.records = run.records as u32;
        progress.send(SyncPhase::Reservations, None);

        // Page after page, window after window; the next page is read while this one is being
        // written, so the provider's latency and the cache's work overlap.
        let mut position = (start < total).then(|| (start, run.page_token.clone()));
        let mut fetched: Option<Result<Page, AppError>> = None;
        // Connectors that read guests after the pages: their ids and the first batch, read while
        // the last page is being written.
        let mut guests_ahead: Option<(Vec<String>, Vec<GuestRecord>)> = None;
        while let Some((index, token)) = position.take() {
            if *stop.borrow() {
                report.cancelled = true;
                return Ok(report);
            }
            let page = match fetched.take() {
                Some(page) => page?,
                None => {
                    let read = connector.read(&plan.windows[index as usize], token.as_deref());
                    let Some(page) = unless_stopped(&mut stop, read).await else {
                        report.cancelled = true;
                        return Ok(report);
                    };
                    page?
                }
            };
            tracing::debug!(window = index, records = page.reservations.len(), "page read");
            // A provider repeating its own token would loop forever.
            let next_token = page.next.clone().filter(|next| Some(next) != token.as_ref());
            let window_done = next_token.is_none();
            let next = match next_token {
                Some(next) => Some((index, Some(next))),
                None if index + 1 < total => Some((index + 1, None)),
                None => None,
            };
            let (at_window, at_token) = match &next {
                Some((i, t)) => (*i as i64, t.clone()),
                None => (total as i64, None),
            };
            // This page's guests, for the guests read ahead below (the write takes the page).
            let page_guests: Vec<String> = match &next {
                None if connector.reads_guests_after_pages() => {
                    page.reservations.iter().filter_map(|r| r.guest_provider_id.clone()).collect()
                }
                _ => Vec::new(),
            };
            // What the report counts of this page, noted while it is still here: the write takes
            // the page, and frees it on its own task (thousands of records take a while to free).
            progress.seen.extend(page.reservations.iter().map(|r| r.provider_id.clone()));
            progress.seen_guests.extend(page.guests.iter().map(|g| g.provider_id.clone()));
            let records = page.reservations.len() as u32;
            let write = PageWrite::start(self.store().clone(), run.clone(), page, at_window, at_token, record_changes);
            let outcome = match &next {
                Some((i, t)) => {
                    let read_next = connector.read(&plan.windows[*i as usize], t.as_deref());
                    // A stop drops both: the write rolls back and the run resumes at this page.
                    let Some((read, written)) =
                        unless_stopped(&mut stop, async { tokio::join!(read_next, write.finish()) }).await
                    else {
                        report.cancelled = true;
                        return Ok(report);
                    };
                    // A failed read counts once this page is safely written.
                    fetched = Some(read);
                    written?
                }
                None if connector.reads_guests_after_pages() => {
                    // The pages written before are committed, so the cache knows their guests;
                    // this page's come from the page itself.
                    let ahead = async {
                        let mut ids = self.store().run_guest_ids(&run).await?;
                        ids.extend(page_guests);
                        ids.sort_unstable();
                        ids.dedup();
                        let first = match ids.chunks(GUEST_BATCH).next() {
                            Some(batch) => connector.guests(batch).await?,
                            None => Vec::new(),
                        };
                        Ok::<_, AppError>((ids, first))
                    };
                    let Some((ahead, written)) =
                        unless_stopped(&mut stop, async { tokio::join!(ahead, write.finish()) }).await
                    else {
                        report.cancelled = true;
                        return Ok(report);
                    };
                    let written = written?;
                    guests_ahead = Some(ahead?);
                    written
                }
                None => write.finish().await?,
            };
            tracing::debug!(window = index, "page written");
            report.pages += 1;
            report.added += outcome.added;
            report.changed += outcome.changed;
            report.reservations = progress.seen.len() as u32;
            report.guests = progress.seen_guests.len() as u32;
            progress.event.pages += 1;
            progress.event.records += records;
            if window_done {
                progress.windows_done_here += 1;
                progress.event.windows_done = index + 1;
            }
            progress.send(SyncPhase::Reservations, None);
            position = next;
        }

        if connector.reads_guests_after_pages() {
            if *stop.borrow() {
                report.cancelled = true;
                return Ok(report);
            }
            // Every guest of the run's reservations, so a resumed run misses none.
            let (ids, first) = match guests_ahead.take() {
                Some((ids, first)) => (ids, Some(first)),
                None => (self.store().run_guest_ids(&run).await?, None),
            };
            let mut batches = ids.chunks(GUEST_BATCH);
            let mut fetched = match (batches.next(), first) {
                (Some(_), Some(first)) => Some(first),
                (Some(batch), None) => Some(connector.guests(batch).await?),
                (None, _) => None,
            };
            // As with the pages: the next batch is on the wire while this one is written.
            while let Some(guests) = fetched.take() {
                let write = self.store().apply_run_guests(&run, &guests);
                match batches.next() {
                    Some(batch) => {
                        let (read, written) = tokio::join!(connector.guests(batch), write);
                        written?;
                        fetched = Some(read?);
                    }
                    None => write.await?,
                }
                progress.seen_guests.extend(guests.iter().map(|g| g.provider_id.clone()));
            }
            report.guests = progress.seen_guests.len() as u32;
        }
        if !catalog_read && self.store().run_names_unknown_rooms(&run).await? {
            report.rooms = self.refresh_catalog(account_id, connector, progress).await?;
        }
        let removed = self.removed_by(&run, &plan).await?;
        report.removed = self
            .store()
            .finish_sync_run(
                &run,
                RunEnd {
                    removed: &removed,
                    watermark: plan.watermark.as_deref().map(|w| (WATERMARK, w)),
                    record_changes,
                },
            )
            .await?;
        Ok(report)
    }

    /// Reads the property, its categories and rooms into the cache; returns the number of rooms.
    async fn refresh_catalog(
        &self,
        account_id: i64,
        connector: &dyn Connector,
        progress: &mut Progress<'_>,
    ) -> Result<u32, AppError> {
        let catalog = connector.catalog().await?;
        self.store().set_property(account_id, &catalog.property, &catalog.config).await?;
        progress.send(SyncPhase::Property, None);
        self.store().replace_catalog(account_id, &catalog.categories, &catalog.rooms).await?;
        progress.send(SyncPhase::Rooms, None);
        Ok(catalog.rooms.len() as u32)
    }

    /// The cached reservations a full run shows gone: inside what its plan reads completely, yet
    /// not read. A full read that returned nothing at all removes nothing: a provider suddenly
    /// listing no reservations is more likely broken than empty.
    async fn removed_by(&self, run: &SyncRun, plan: &SyncPlan) -> Result<Vec<i64>, AppError> {
        let Some(covers) = plan.covers.as_ref().filter(|_| plan.full) else { return Ok(Vec::new()) };
        let read_any: bool = self.store().run_read_anything(run.id).await?;
        if !read_any {
            return Ok(Vec::new());
        }
        let unseen = self.store().unseen_by_run(run).await?;
        Ok(unseen.into_iter().filter(|c| covers.includes(c.arrival, c.departure)).map(|c| c.id).collect())
    }
}
