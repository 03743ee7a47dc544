//! Sync: fills the cache from the provider through its connector. The connector plans the reads
//! (full the first time, then the changes after a watermark); each page, with its guests, is
//! written in one transaction, and the watermark advances only once every page is in.

use std::collections::BTreeSet;

use innkeep_core::{AccountStatus, ActivityOutcome, AppError, ErrorKind, SyncPhase, SyncProgress};
use innkeep_providers::Connector;
use innkeep_store::{AccountRow, SyncPage};

use crate::Innkeep;

/// The cursor under which the connector's watermark is kept.
const WATERMARK: &str = "reservations.watermark";

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
    /// Syncs one account's changes; a second call for the same account waits for the first.
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
        let mut progress =
            Progress { account_id, pages: 0, records: 0, seen: BTreeSet::new(), seen_guests: BTreeSet::new(), report };
        progress.send(SyncPhase::Started, None);
        let result = match self.connector(&row) {
            Ok(connector) => self.sync_with(&row, connector.as_ref(), full, &mut progress).await,
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

    /// Reads the catalog, then every window of the connector's plan page by page; each page is
    /// written with its guests in one transaction, and the watermark only once all pages are in.
    async fn sync_with(
        &self,
        row: &AccountRow,
        connector: &dyn Connector,
        full: bool,
        progress: &mut Progress<'_>,
    ) -> Result<SyncReport, AppError> {
        let account_id = row.account.id;
        let catalog = connector.catalog().await?;
        self.store().set_property(account_id, &catalog.property, &catalog.config).await?;
        progress.send(SyncPhase::Property, None);
        self.store().replace_catalog(account_id, &catalog.categories, &catalog.rooms).await?;
        progress.send(SyncPhase::Rooms, None);

        let since = self.store().cursor(account_id, WATERMARK).await?;
        let plan = connector.plan(&catalog, since.as_deref(), full).await?;
        let mut report = SyncReport { rooms: catalog.rooms.len() as u32, full: plan.full, ..Default::default() };
        for window in &plan.windows {
            let mut page_token: Option<String> = None;
            loop {
                let page = connector.read(window, page_token.as_deref()).await?;
                self.store()
                    .apply_page(
                        account_id,
                        SyncPage { guests: &page.guests, reservations: &page.reservations, cursor: None },
                    )
                    .await?;
                report.pages += 1;
                progress.seen.extend(page.reservations.iter().map(|r| r.provider_id.clone()));
                report.reservations = progress.seen.len() as u32;
                progress.seen_guests.extend(page.guests.iter().map(|g| g.provider_id.clone()));
                report.guests = progress.seen_guests.len() as u32;
                progress.pages = report.pages;
                progress.records = report.reservations;
                progress.send(SyncPhase::Reservations, None);
                match page.next {
                    // A provider repeating its own token would loop forever.
                    Some(next) if Some(&next) != page_token.as_ref() => page_token = Some(next),
                    _ => break,
                }
            }
        }
        if let Some(watermark) = plan.watermark {
            self.store().set_cursor(account_id, WATERMARK, &watermark).await?;
        }
        Ok(report)
    }
}
