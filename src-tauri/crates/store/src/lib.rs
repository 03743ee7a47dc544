//! The local SQLite cache: every screen reads from here, sync writes here.
//!
//! One file per data directory, WAL mode, foreign keys on. Migrations are files under
//! `migrations/`, applied at open; the file is copied aside before a migration runs, and a
//! database written by a newer Innkeep is refused instead of being damaged.

mod accounts;
mod activity;
mod catalog;
mod cursors;
mod guests;
mod intents;
mod outbox;
mod reservations;
mod runs;
mod timeline;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use innkeep_core::{AppError, ErrorKind};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use accounts::{AccountRow, NewAccountRow};
pub use activity::NewActivity;
pub use reservations::SyncPage;
pub use runs::{PageOutcome, RemovalCandidate, RunEnd, RunPage, SyncRun};

pub const DB_FILE: &str = "innkeep.db";

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// `0004_guest_fts.sql`: after it, each guest's search text is rewritten by Rust.
const GUEST_FTS_MIGRATION: i64 = 4;

/// Rows a query's worker may run ahead of the reader (the timeline's bars, a list's page).
const ROW_BUFFER_SIZE: usize = 4096;

/// Page cache per connection, in KiB.
const PAGE_CACHE_KIB: u32 = 16 * 1024;

#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the cache in `data_dir`, migrating it to this version.
    pub async fn open(data_dir: &Path) -> Result<Store, AppError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| AppError::internal(format!("Cannot create the data folder {}: {e}", data_dir.display())))?;
        let path = data_dir.join(DB_FILE);
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .map_err(db_error)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Rows come from SQLite's worker thread through a channel; at the default 50 a list of
            // thousands of rows is thousands of thread hand-offs, each a wait for a busy CPU.
            .row_buffer_size(ROW_BUFFER_SIZE)
            // SQLite's default page cache (2 MiB a connection) holds a few weeks of stays of a
            // large hotel at most; the screens' reads then come from the OS by a system call a
            // page. Pages are only taken as they are read, so a small cache stays small.
            .pragma("cache_size", format!("-{}", PAGE_CACHE_KIB));
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await.map_err(db_error)?;
        let store = Store { pool, path };
        store.migrate().await?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn migrate(&self) -> Result<(), AppError> {
        // A new database has no migrations table yet: nothing applied.
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(&self.pool)
            .await
            .unwrap_or_default();
        let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
        if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
            return Err(AppError::new(
                ErrorKind::Internal,
                format!(
                    "The data file {} was written by a newer Innkeep (schema {newer}). Update Innkeep to open it; \
                     nothing was changed.",
                    self.path.display()
                ),
            ));
        }
        let pending = known.iter().any(|v| !applied.contains(v));
        if pending && !applied.is_empty() {
            self.backup_before_migration(applied.iter().max().copied().unwrap_or(0)).await?;
        }
        MIGRATOR.run(&self.pool).await.map_err(|e| AppError::internal(format!("Cannot update the data file: {e}")))?;
        if !applied.contains(&GUEST_FTS_MIGRATION) {
            // The FTS migration indexed the old search text; write it in the current form.
            guests::refresh_search_text(&self.pool).await?;
        }
        Ok(())
    }

    /// A consistent copy of the database (`VACUUM INTO`) next to it, named after its schema.
    async fn backup_before_migration(&self, version: i64) -> Result<(), AppError> {
        let backup = self.path.with_extension(format!("schema{version}.bak"));
        let _ = std::fs::remove_file(&backup);
        sqlx::query("VACUUM INTO ?").bind(backup.display().to_string()).execute(&self.pool).await.map_err(db_error)?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Starts a write transaction that takes the write lock at once (`BEGIN IMMEDIATE`). A deferred
/// one that reads first and writes later fails with "database is locked" when another writer got
/// in between (side-by-side syncs), and the busy timeout cannot help it.
pub(crate) async fn write_tx(pool: &SqlitePool) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, AppError> {
    pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)
}

pub(crate) fn db_error(e: sqlx::Error) -> AppError {
    AppError::internal(format!("Local database error: {e}"))
}

/// A provider name read back from the data file.
pub(crate) fn stored_provider(name: &str) -> Result<innkeep_core::ProviderKind, AppError> {
    innkeep_core::ProviderKind::parse(name)
        .ok_or_else(|| AppError::internal(format!("Unknown provider “{name}” in the data file")))
}

/// A reservation state read back from the data file.
pub(crate) fn stored_state(name: &str) -> Result<innkeep_core::ReservationState, AppError> {
    innkeep_core::ReservationState::parse(name)
        .ok_or_else(|| AppError::internal(format!("Unknown reservation state “{name}” in the data file")))
}

/// A timestamp as sqlx binds it (RFC 3339, `+00:00`), for rows written as JSON in one statement:
/// the cache compares and sorts these as text, so both ways must give the same text.
pub(crate) fn sql_time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// A date as sqlx binds it (`YYYY-MM-DD`); see [`sql_time`].
pub(crate) fn sql_date(d: chrono::NaiveDate) -> String {
    d.format("%F").to_string()
}

/// Current time, truncated to whole seconds so stored timestamps compare cleanly as text.
pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    Utc::now().trunc_subsecs(0)
}
