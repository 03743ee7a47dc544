//! The activity log: every action and sync, with its outcome and the provider's id.

use chrono::{DateTime, Utc};
use innkeep_core::{ActivityEntry, ActivityOutcome, AppError};
use sqlx::FromRow;

use crate::{db_error, now, Store};

#[derive(Debug, Clone)]
pub struct NewActivity<'a> {
    pub account_id: Option<i64>,
    pub action: &'a str,
    pub summary: String,
    pub outcome: ActivityOutcome,
    pub provider_ref: Option<String>,
    pub reservation_id: Option<i64>,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    at: DateTime<Utc>,
    account_id: Option<i64>,
    action: String,
    summary: String,
    outcome: String,
    provider_ref: Option<String>,
    reservation_id: Option<i64>,
}

impl From<Row> for ActivityEntry {
    fn from(r: Row) -> Self {
        ActivityEntry {
            id: r.id,
            at: r.at,
            account_id: r.account_id,
            action: r.action,
            summary: r.summary,
            outcome: if r.outcome == "ok" { ActivityOutcome::Ok } else { ActivityOutcome::Failed },
            provider_ref: r.provider_ref,
            reservation_id: r.reservation_id,
        }
    }
}

impl Store {
    pub async fn log(&self, entry: NewActivity<'_>) -> Result<i64, AppError> {
        let outcome = match entry.outcome {
            ActivityOutcome::Ok => "ok",
            ActivityOutcome::Failed => "failed",
        };
        let id = sqlx::query(
            "INSERT INTO activity (at, account_id, action, summary, outcome, provider_ref, reservation_id) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(now())
        .bind(entry.account_id)
        .bind(entry.action)
        .bind(&entry.summary)
        .bind(outcome)
        .bind(&entry.provider_ref)
        .bind(entry.reservation_id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?
        .last_insert_rowid();
        Ok(id)
    }

    /// Newest first; `reservation_id` narrows to one reservation's history.
    pub async fn activity(
        &self,
        account_id: Option<i64>,
        reservation_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<ActivityEntry>, AppError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, at, account_id, action, summary, outcome, provider_ref, reservation_id FROM activity \
             WHERE (?1 IS NULL OR account_id = ?1) AND (?2 IS NULL OR reservation_id = ?2) \
             ORDER BY at DESC, id DESC LIMIT ?3",
        )
        .bind(account_id)
        .bind(reservation_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(ActivityEntry::from).collect())
    }
}
