//! Sync: fills the cache from the provider. Mews is read in `UpdatedUtc` windows after the first
//! full read (by `CollidingUtc` windows around today); each page, with its guests, is written in
//! one transaction, and the watermark advances only once every page is in.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use innkeep_core::{AccountStatus, ActivityOutcome, AppError, ErrorKind, SyncPhase, SyncProgress};
use innkeep_providers::mews::{map, wire, MewsClient, MewsContext};
use innkeep_store::{AccountRow, SyncPage};

use crate::Innkeep;

/// Mews caps every interval filter at three months; the shortest three months (February to
/// April) are 89 days, so windows stay safely below that, time zones included.
const WINDOW: Duration = Duration::days(85);
/// How far around today the first (full) read of an account reaches.
const FULL_PAST: Duration = Duration::days(200);
const FULL_FUTURE: Duration = Duration::days(460);
/// Changes made while a sync ran are caught by the next one: each window overlaps the last.
const OVERLAP: Duration = Duration::minutes(5);
const WATERMARK: &str = "mews.reservations.updated_utc";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pages: u32,
    /// Distinct reservations read (the full sync's windows overlap at their edges).
    pub reservations: u32,
    /// Distinct guests read.
    pub guests: u32,
    pub rooms: u32,
    pub full: bool,
}

struct Progress<'a> {
    account_id: i64,
    pages: u32,
    records: u32,
    /// Reservations and guests read so far; the full sync's windows overlap at their edges,
    /// and a guest comes back with each of their reservations.
    seen: BTreeSet<String>,
    seen_guests: BTreeSet<String>,
    report: &'a (dyn Fn(SyncProgress) + Send + Sync),
}

impl Progress<'_> {
    fn send(&self, phase: SyncPhase, error: Option<AppError>) {
        (self.report)(SyncProgress {
            account_id: self.account_id,
            phase,
            pages: self.pages,
            records: self.records,
            error,
        });
    }
}

impl Innkeep {
    /// Syncs one account; a second call for the same account waits for the first to finish.
    pub async fn sync_account(
        &self,
        account_id: i64,
        report: &(dyn Fn(SyncProgress) + Send + Sync),
    ) -> Result<SyncReport, AppError> {
        let lock = self.sync_lock(account_id);
        let _guard = lock.lock().await;
        let row = self.store().account(account_id).await?;
        let mut progress =
            Progress { account_id, pages: 0, records: 0, seen: BTreeSet::new(), seen_guests: BTreeSet::new(), report };
        progress.send(SyncPhase::Started, None);
        let result = match self.mews(&row) {
            Ok(client) => self.sync_mews(&row, &client, &mut progress).await,
            Err(e) => Err(e),
        };
        match &result {
            Ok(r) => {
                self.store().mark_online(account_id, true).await?;
                let what = if r.full { "Full sync" } else { "Sync" };
                self.log_ok(
                    Some(account_id),
                    "sync",
                    format!("{what}: {} reservations, {} guests, {} rooms", r.reservations, r.guests, r.rooms),
                    None,
                    None,
                )
                .await;
                progress.send(SyncPhase::Finished, None);
            }
            Err(e) => {
                let status = match e.kind {
                    ErrorKind::Offline => AccountStatus::Offline,
                    ErrorKind::Auth => AccountStatus::AuthFailed,
                    _ => AccountStatus::Error,
                };
                self.store().mark_failed(account_id, status, &e.message).await?;
                self.log(
                    Some(account_id),
                    "sync",
                    format!("Sync failed: {}", e.message),
                    ActivityOutcome::Failed,
                    None,
                    None,
                )
                .await;
                progress.send(SyncPhase::Failed, Some(e.clone()));
            }
        }
        result
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

    async fn sync_mews(
        &self,
        row: &AccountRow,
        client: &MewsClient,
        progress: &mut Progress<'_>,
    ) -> Result<SyncReport, AppError> {
        let account_id = row.account.id;
        let config = client.configuration().await?;
        let services = client.services().await?;
        let service = MewsContext::bookable_service(&services)?;
        let rates = client.rates(&service.id).await?;
        let ages = client.age_categories(&service.id).await?;
        let ctx = MewsContext::discover(&config, service, &rates, &ages)?;
        self.store()
            .set_property(
                account_id,
                &map::property_info(&config, &ctx),
                &serde_json::to_value(&ctx).unwrap_or_default(),
            )
            .await?;
        progress.send(SyncPhase::Property, None);

        let categories = client.resource_categories(&ctx.service_id).await?;
        let category_ids: Vec<String> = categories.iter().map(|c| c.id.clone()).collect();
        let assignments = client.category_assignments(&category_ids).await?;
        let resources = client.resources().await?;
        let rooms = map::rooms(&resources, &assignments);
        self.store()
            .replace_catalog(account_id, &categories.iter().map(map::category).collect::<Vec<_>>(), &rooms)
            .await?;
        progress.send(SyncPhase::Rooms, None);

        let mut report = SyncReport { rooms: rooms.len() as u32, ..Default::default() };
        let now = config.now_utc;
        let watermark = self.store().cursor(account_id, WATERMARK).await?.and_then(|w| w.parse::<DateTime<Utc>>().ok());
        let windows = match watermark {
            Some(since) => windows(since - OVERLAP, now),
            None => {
                report.full = true;
                windows(now - FULL_PAST, now + FULL_FUTURE)
            }
        };
        for (start, end) in windows {
            let interval = wire::TimeInterval { start_utc: start, end_utc: end };
            let filter = if report.full {
                wire::ReservationsGetAllRequest { colliding_utc: Some(interval), ..Default::default() }
            } else {
                wire::ReservationsGetAllRequest { updated_utc: Some(interval), ..Default::default() }
            };
            self.sync_reservation_window(row, client, &ctx, filter, &mut report, progress).await?;
        }
        // Everything up to the server's "now" at the start of this sync is in the cache.
        self.store().set_cursor(account_id, WATERMARK, &now.to_rfc3339()).await?;
        Ok(report)
    }

    async fn sync_reservation_window(
        &self,
        row: &AccountRow,
        client: &MewsClient,
        ctx: &MewsContext,
        filter: wire::ReservationsGetAllRequest,
        report: &mut SyncReport,
        progress: &mut Progress<'_>,
    ) -> Result<(), AppError> {
        let mut cursor = None;
        loop {
            let page = client.reservations_page(filter.clone(), cursor.clone()).await?;
            let count = page.reservations.len();
            let guest_ids: Vec<String> =
                page.reservations.iter().map(|r| r.account_id.clone()).collect::<BTreeSet<_>>().into_iter().collect();
            let guests: Vec<_> = client.customers_by_ids(&guest_ids).await?.iter().map(map::guest).collect();
            let reservations =
                page.reservations.iter().map(|r| map::reservation(r, ctx)).collect::<Result<Vec<_>, _>>()?;
            self.store()
                .apply_page(row.account.id, SyncPage { guests: &guests, reservations: &reservations, cursor: None })
                .await?;
            report.pages += 1;
            progress.seen.extend(reservations.iter().map(|r| r.provider_id.clone()));
            report.reservations = progress.seen.len() as u32;
            progress.seen_guests.extend(guests.iter().map(|g| g.provider_id.clone()));
            report.guests = progress.seen_guests.len() as u32;
            progress.pages = report.pages;
            progress.records = report.reservations;
            progress.send(SyncPhase::Reservations, None);
            match page.cursor {
                Some(next)
                    if count as u32 == innkeep_providers::mews::client::PAGE_SIZE && Some(&next) != cursor.as_ref() =>
                {
                    cursor = Some(next)
                }
                _ => return Ok(()),
            }
        }
    }
}

/// Splits [start, end] into consecutive windows no longer than Mews allows.
fn windows(start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    let mut from = start;
    while from < end {
        let to = (from + WINDOW).min(end);
        out.push((from, to));
        from = to;
    }
    if out.is_empty() {
        out.push((start, start));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_the_range_within_the_limit() {
        let start = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let w = windows(start, start + Duration::days(200));
        assert_eq!(w.len(), 3);
        assert!(WINDOW < Duration::days(89), "shorter than any three months");
        assert_eq!(w[0].0, start);
        assert_eq!(w[2].1, start + Duration::days(200));
        assert!(w.iter().all(|(a, b)| *b - *a <= WINDOW));
        assert!(w.windows(2).all(|p| p[0].1 == p[1].0));
        assert_eq!(windows(start, start).len(), 1);
    }
}
