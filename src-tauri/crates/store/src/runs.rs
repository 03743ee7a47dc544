//! Sync runs: a sync's plan and position, written with each page in one transaction, and the
//! changes each page brought. Exactly-once results from at-least-once reads: a page read twice
//! (after a crash between its commit and the next read) upserts the same rows again.

use chrono::{DateTime, NaiveDate, Utc};
use innkeep_core::records::{GuestRecord, ReservationRecord};
use innkeep_core::sync::MAX_LISTED_CHANGES;
use innkeep_core::{AccountChanges, AppError, ChangeKind, SyncChange};
use sqlx::{FromRow, SqliteConnection};

use crate::cursors::write_cursor;
use crate::guests::upsert_guests;
use crate::reservations::upsert_reservations;
use crate::{db_error, now, stored_state, write_tx, Store};

/// One sync of an account, as stored.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct SyncRun {
    pub id: i64,
    pub account_id: i64,
    pub full: bool,
    /// The connector's plan, as JSON.
    pub plan: String,
    /// The window being read, and the token of its next page (`None`: its first page).
    pub window_index: i64,
    pub page_token: Option<String>,
    pub pages: i64,
    pub records: i64,
    pub started_at: DateTime<Utc>,
}

/// One page read within a run, and where the run stands once it is written.
#[derive(Debug)]
pub struct RunPage<'a> {
    pub guests: &'a [GuestRecord],
    pub reservations: &'a [ReservationRecord],
    pub window_index: i64,
    pub page_token: Option<&'a str>,
    /// Record the changes for "what changed" (not on an account's very first sync, where
    /// everything would be new).
    pub record_changes: bool,
}

/// What a page brought to the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PageOutcome {
    pub added: u32,
    pub changed: u32,
}

/// A cached reservation that a full run did not read.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct RemovalCandidate {
    pub id: i64,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
}

/// How a run ends: the reservations it found gone at the provider, and the watermark to keep.
#[derive(Debug, Default)]
pub struct RunEnd<'a> {
    pub removed: &'a [i64],
    pub watermark: Option<(&'a str, &'a str)>,
    pub record_changes: bool,
}

impl Store {
    /// The account's unfinished run, if a sync was interrupted (failed, cancelled, killed).
    pub async fn open_sync_run(&self, account_id: i64) -> Result<Option<SyncRun>, AppError> {
        sqlx::query_as(
            "SELECT id, account_id, full, plan, window_index, page_token, pages, records, started_at FROM sync_runs \
             WHERE account_id = ? AND state = 'open' ORDER BY id DESC LIMIT 1",
        )
        .bind(account_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)
    }

    /// Starts a run with its plan; any other open run of the account is abandoned.
    pub async fn begin_sync_run(&self, account_id: i64, full: bool, plan: &str) -> Result<SyncRun, AppError> {
        let mut tx = write_tx(&self.pool).await?;
        sqlx::query(
            "UPDATE sync_runs SET state = 'abandoned', finished_at = ? WHERE account_id = ? AND state = 'open'",
        )
        .bind(now())
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let started_at = Utc::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sync_runs (account_id, full, plan, started_at) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(account_id)
        .bind(full)
        .bind(plan)
        .bind(started_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(SyncRun {
            id,
            account_id,
            full,
            plan: plan.to_string(),
            window_index: 0,
            page_token: None,
            pages: 0,
            records: 0,
            started_at,
        })
    }

    /// Writes a page and the run's new position in one transaction.
    pub async fn apply_run_page(&self, run: &SyncRun, page: RunPage<'_>) -> Result<PageOutcome, AppError> {
        let mut tx = write_tx(&self.pool).await?;
        upsert_guests(&mut tx, run.account_id, page.guests).await?;
        let kinds = upsert_reservations(&mut tx, run.account_id, page.reservations, Some(run.id)).await?;
        let mut outcome = PageOutcome::default();
        let mut changes = Vec::new();
        for (r, kind) in page.reservations.iter().zip(kinds) {
            let Some(kind) = kind else { continue };
            match kind {
                ChangeKind::Added => outcome.added += 1,
                _ => outcome.changed += 1,
            }
            changes.push((kind, r.provider_id.as_str()));
        }
        if page.record_changes {
            record_changes(&mut tx, run, &changes).await?;
        }
        sqlx::query(
            "UPDATE sync_runs SET window_index = ?, page_token = ?, pages = pages + 1, records = records + ? \
             WHERE id = ?",
        )
        .bind(page.window_index)
        .bind(page.page_token)
        .bind(page.reservations.len() as i64)
        .bind(run.id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        Ok(outcome)
    }

    /// Moves the run on to the first page of a window (after a window that returned nothing new).
    pub async fn move_sync_run(&self, run_id: i64, window_index: i64) -> Result<(), AppError> {
        sqlx::query("UPDATE sync_runs SET window_index = ?, page_token = NULL WHERE id = ?")
            .bind(window_index)
            .bind(run_id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// The guests of every reservation this run read (for connectors that read guests once per
    /// sync, after the pages). Kept in the cache, so a resumed run still knows them all.
    pub async fn run_guest_ids(&self, run: &SyncRun) -> Result<Vec<String>, AppError> {
        sqlx::query_scalar(
            "SELECT DISTINCT guest_provider_id FROM reservations \
             WHERE account_id = ? AND seen_run = ? AND guest_provider_id IS NOT NULL ORDER BY guest_provider_id",
        )
        .bind(run.account_id)
        .bind(run.id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)
    }

    /// Writes guests a run read after its pages, and names them in the run's changes that were
    /// noted before their guest was known.
    pub async fn apply_run_guests(&self, run: &SyncRun, guests: &[GuestRecord]) -> Result<(), AppError> {
        let mut tx = write_tx(self.pool()).await?;
        upsert_guests(&mut tx, run.account_id, guests).await?;
        sqlx::query(
            "UPDATE sync_changes SET guest_name = ( \
               SELECT CASE WHEN g.last_name IS NULL THEN NULL \
                           WHEN TRIM(COALESCE(g.first_name, '')) = '' THEN g.last_name \
                           ELSE TRIM(g.first_name) || ' ' || g.last_name END \
               FROM reservations r JOIN guests g ON g.account_id = r.account_id AND g.provider_id = r.guest_provider_id \
               WHERE r.account_id = sync_changes.account_id AND r.provider_id = sync_changes.provider_id) \
             WHERE run_id = ? AND guest_name IS NULL",
        )
        .bind(run.id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    /// Whether a reservation this run read names a room (first or extra) or category the
    /// cache does not know: then the run must read the catalog too.
    pub async fn run_names_unknown_rooms(&self, run: &SyncRun) -> Result<bool, AppError> {
        let unknown: i64 = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM reservations r WHERE r.account_id = ?1 AND r.seen_run = ?2 AND ( \
                (r.room_provider_id IS NOT NULL AND NOT EXISTS \
                   (SELECT 1 FROM rooms m WHERE m.account_id = ?1 AND m.provider_id = r.room_provider_id)) \
                OR EXISTS (SELECT 1 FROM json_each(r.extra_room_provider_ids) j WHERE NOT EXISTS \
                   (SELECT 1 FROM rooms m WHERE m.account_id = ?1 AND m.provider_id = j.value)) \
                OR (r.category_provider_id IS NOT NULL AND NOT EXISTS \
                   (SELECT 1 FROM room_categories c WHERE c.account_id = ?1 AND c.provider_id = r.category_provider_id))))",
        )
        .bind(run.account_id)
        .bind(run.id)
        .fetch_one(self.pool())
        .await
            .map_err(db_error)?;
        Ok(unknown != 0)
    }

    /// Cached reservations of the account the run has not read and that were not written since it
    /// started (a booking made during the run is not gone).
    pub async fn unseen_by_run(&self, run: &SyncRun) -> Result<Vec<RemovalCandidate>, AppError> {
        sqlx::query_as(
            "SELECT id, arrival, departure FROM reservations \
             WHERE account_id = ? AND (seen_run IS NULL OR seen_run <> ?) AND synced_at < ?",
        )
        .bind(run.account_id)
        .bind(run.id)
        .bind(run.started_at)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)
    }

    /// Ends a run: removes the reservations found gone (still unread), keeps the watermark and
    /// closes the run, in one transaction. Returns how many were removed.
    pub async fn finish_sync_run(&self, run: &SyncRun, end: RunEnd<'_>) -> Result<u32, AppError> {
        let mut tx = write_tx(&self.pool).await?;
        let mut removed = 0;
        for id in end.removed {
            let provider_id: Option<String> = sqlx::query_scalar(
                "SELECT provider_id FROM reservations WHERE id = ? AND account_id = ? \
                 AND (seen_run IS NULL OR seen_run <> ?) AND synced_at < ?",
            )
            .bind(id)
            .bind(run.account_id)
            .bind(run.id)
            .bind(run.started_at)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
            let Some(provider_id) = provider_id else { continue };
            if end.record_changes {
                record_changes(&mut tx, run, &[(ChangeKind::Removed, provider_id.as_str())]).await?;
            }
            sqlx::query("DELETE FROM reservations WHERE id = ?").bind(id).execute(&mut *tx).await.map_err(db_error)?;
            removed += 1;
        }
        if let Some((entity, value)) = end.watermark {
            write_cursor(&mut tx, run.account_id, entity, value).await?;
        }
        let at = now();
        sqlx::query("UPDATE sync_runs SET state = 'done', finished_at = ? WHERE id = ?")
            .bind(at)
            .bind(run.id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if run.full {
            sqlx::query("UPDATE accounts SET last_full_sync_at = ? WHERE id = ?")
                .bind(at)
                .bind(run.account_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)?;
        Ok(removed)
    }

    /// Whether the run has read any reservation so far (across its resumptions).
    pub async fn run_read_anything(&self, run_id: i64) -> Result<bool, AppError> {
        sqlx::query_scalar("SELECT records > 0 FROM sync_runs WHERE id = ?")
            .bind(run_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }

    /// When the account's last full read finished.
    pub async fn last_full_sync_at(&self, account_id: i64) -> Result<Option<DateTime<Utc>>, AppError> {
        sqlx::query_scalar("SELECT last_full_sync_at FROM accounts WHERE id = ?")
            .bind(account_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)
            .map(Option::flatten)
    }

    /// What changed in each account since the manager last looked (accounts with no change left out).
    pub async fn unseen_changes(&self) -> Result<Vec<AccountChanges>, AppError> {
        type Count = (i64, String, i64, i64, i64);
        let counts: Vec<Count> = sqlx::query_as(
            "SELECT a.id, a.label, \
               SUM(c.kind = 'added'), SUM(c.kind = 'changed'), SUM(c.kind = 'removed') \
             FROM sync_changes c JOIN accounts a ON a.id = c.account_id \
             WHERE c.id > a.changes_seen_id GROUP BY a.id ORDER BY a.label",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let mut out = Vec::with_capacity(counts.len());
        for (account_id, account_label, added, changed, removed) in counts {
            let rows: Vec<ChangeRow> = sqlx::query_as(
                "SELECT c.id, c.kind, r.id AS reservation_id, c.number, c.guest_name, c.room_name, c.arrival, \
                   c.departure, c.state, c.at \
                 FROM sync_changes c JOIN accounts a ON a.id = c.account_id \
                 LEFT JOIN reservations r ON r.account_id = c.account_id AND r.provider_id = c.provider_id \
                 WHERE c.account_id = ? AND c.id > a.changes_seen_id ORDER BY c.id DESC LIMIT ?",
            )
            .bind(account_id)
            .bind(MAX_LISTED_CHANGES)
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
            out.push(AccountChanges {
                account_id,
                account_label,
                added: added as u32,
                changed: changed as u32,
                removed: removed as u32,
                changes: rows.into_iter().map(SyncChange::try_from).collect::<Result<_, _>>()?,
            });
        }
        Ok(out)
    }

    /// Whether `change_id` is one of the account's changes (seen or not).
    pub async fn is_change_of(&self, account_id: i64, change_id: i64) -> Result<bool, AppError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sync_changes WHERE id = ? AND account_id = ?")
            .bind(change_id)
            .bind(account_id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(found.is_some())
    }

    /// The manager has seen the account's changes up to `upto` (a change id; all when `None`).
    pub async fn mark_changes_seen(&self, account_id: i64, upto: Option<i64>) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE accounts SET changes_seen_id = MAX(changes_seen_id, \
               COALESCE(?, (SELECT MAX(id) FROM sync_changes WHERE account_id = ?), 0)) WHERE id = ?",
        )
        .bind(upto)
        .bind(account_id)
        .bind(account_id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }
}

/// Notes changes with the words a manager knows them by (kept even after the row is removed).
async fn record_changes(
    conn: &mut SqliteConnection,
    run: &SyncRun,
    changes: &[(ChangeKind, &str)],
) -> Result<(), AppError> {
    if changes.is_empty() {
        return Ok(());
    }
    // One statement for the page's changes, in the page's order (a statement each would cost a
    // round trip to SQLite's worker thread per change).
    let list: Vec<(&str, &str)> = changes.iter().map(|(kind, id)| (kind.as_str(), *id)).collect();
    sqlx::query(
        "INSERT INTO sync_changes (account_id, run_id, kind, provider_id, number, guest_name, room_name, arrival, \
           departure, state, at) \
         SELECT r.account_id, ?1, c.value ->> 0, r.provider_id, r.number, \
           CASE WHEN g.last_name IS NULL THEN NULL \
                WHEN TRIM(COALESCE(g.first_name, '')) = '' THEN g.last_name \
                ELSE TRIM(g.first_name) || ' ' || g.last_name END, \
           rm.name, r.arrival, r.departure, r.state, ?2 \
         FROM json_each(?4) c \
         CROSS JOIN reservations r ON r.account_id = ?3 AND r.provider_id = c.value ->> 1 \
         LEFT JOIN guests g ON g.account_id = r.account_id AND g.provider_id = r.guest_provider_id \
         LEFT JOIN rooms rm ON rm.account_id = r.account_id AND rm.provider_id = r.room_provider_id \
         ORDER BY c.key",
    )
    .bind(run.id)
    .bind(now())
    .bind(run.account_id)
    .bind(serde_json::to_string(&list).expect("strings serialize"))
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(())
}

#[derive(FromRow)]
struct ChangeRow {
    id: i64,
    kind: String,
    reservation_id: Option<i64>,
    number: Option<String>,
    guest_name: Option<String>,
    room_name: Option<String>,
    arrival: NaiveDate,
    departure: NaiveDate,
    state: String,
    at: DateTime<Utc>,
}

impl TryFrom<ChangeRow> for SyncChange {
    type Error = AppError;
    fn try_from(r: ChangeRow) -> Result<Self, AppError> {
        Ok(SyncChange {
            id: r.id,
            kind: ChangeKind::parse(&r.kind)
                .ok_or_else(|| AppError::internal(format!("Unknown change “{}” in the data file", r.kind)))?,
            reservation_id: r.reservation_id,
            number: r.number,
            guest_name: r.guest_name,
            room_name: r.room_name,
            arrival: r.arrival,
            departure: r.departure,
            state: stored_state(&r.state)?,
            at: r.at,
        })
    }
}
