//! The outbox: actions kept while a provider could not be reached, in the order they were taken.

use innkeep_core::{AppError, OutboxEntry, OutboxState};
use sqlx::FromRow;

use crate::{db_error, now, Store};

#[derive(FromRow)]
struct OutboxRow {
    id: i64,
    account_id: i64,
    kind: String,
    request: String,
    reservation_id: Option<i64>,
    state: String,
    error: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

impl TryFrom<OutboxRow> for OutboxEntry {
    type Error = AppError;
    fn try_from(r: OutboxRow) -> Result<Self, AppError> {
        Ok(OutboxEntry {
            id: r.id,
            account_id: r.account_id,
            request: serde_json::from_str(&r.request)
                .map_err(|e| AppError::internal(format!("Outbox entry {} is unreadable ({e}).", r.id)))?,
            kind: r.kind,
            reservation_id: r.reservation_id,
            state: OutboxState::parse(&r.state)
                .ok_or_else(|| AppError::internal(format!("Unknown outbox state “{}” in the data file", r.state)))?,
            error: r.error,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

macro_rules! select_outbox {
    () => {
        "SELECT id, account_id, kind, request, reservation_id, state, error, created_at, updated_at FROM outbox"
    };
}

impl Store {
    /// Keeps an action to send later; returns it as stored.
    pub async fn queue_outbox(
        &self,
        account_id: i64,
        kind: &str,
        request: &serde_json::Value,
        reservation_id: Option<i64>,
        error: &str,
    ) -> Result<OutboxEntry, AppError> {
        let at = now();
        let mut tx = crate::write_tx(&self.pool).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO outbox (account_id, kind, request, reservation_id, state, error, created_at, updated_at) \
             VALUES (?, ?, ?, ?, 'queued', ?, ?, ?) RETURNING id",
        )
        .bind(account_id)
        .bind(kind)
        .bind(request.to_string())
        .bind(reservation_id)
        .bind(error)
        .bind(at)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        self.outbox_entry(id).await
    }

    /// The entries not yet sent (queued, sending, conflict, failed), oldest first; of one
    /// account or of all.
    pub async fn outbox(&self, account_id: Option<i64>) -> Result<Vec<OutboxEntry>, AppError> {
        let rows: Vec<OutboxRow> = sqlx::query_as(concat!(
            select_outbox!(),
            " WHERE state <> 'sent' AND (?1 IS NULL OR account_id = ?1) ORDER BY id"
        ))
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.into_iter().map(OutboxEntry::try_from).collect()
    }

    pub async fn outbox_entry(&self, id: i64) -> Result<OutboxEntry, AppError> {
        let row: Option<OutboxRow> = sqlx::query_as(concat!(select_outbox!(), " WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.map(OutboxEntry::try_from)
            .transpose()?
            .ok_or_else(|| AppError::not_found(format!("There is no outbox entry {id}; it was sent or discarded.")))
    }

    /// Moves an entry to `state`, with the provider's message (or none).
    pub async fn set_outbox_state(&self, id: i64, state: OutboxState, error: Option<&str>) -> Result<(), AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        sqlx::query("UPDATE outbox SET state = ?, error = ?, updated_at = ? WHERE id = ?")
            .bind(state.as_str())
            .bind(error)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    /// Takes a queued entry for sending; `false` when another send took it or it changed.
    pub async fn claim_outbox(&self, id: i64) -> Result<bool, AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        let claimed =
            sqlx::query("UPDATE outbox SET state = 'sending', updated_at = ? WHERE id = ? AND state = 'queued'")
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?
                .rows_affected();
        tx.commit().await.map_err(db_error)?;
        Ok(claimed == 1)
    }

    /// Replaces what an entry asks (after an edit) and queues it again, unless it is being sent
    /// or was sent meanwhile.
    pub async fn edit_outbox(&self, id: i64, request: &serde_json::Value) -> Result<OutboxEntry, AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        let changed = sqlx::query(
            "UPDATE outbox SET request = ?, state = 'queued', error = NULL, updated_at = ? \
             WHERE id = ? AND state IN ('queued', 'conflict')",
        )
        .bind(request.to_string())
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected();
        tx.commit().await.map_err(db_error)?;
        if changed == 0 {
            return Err(AppError::new(
                innkeep_core::ErrorKind::Conflict,
                "This outbox entry is being sent or was sent; it can no longer be changed.",
            ));
        }
        self.outbox_entry(id).await
    }

    /// Removes an entry that is not on its way; returns whether one was removed.
    pub async fn discard_outbox(&self, id: i64) -> Result<bool, AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        let removed = sqlx::query("DELETE FROM outbox WHERE id = ? AND state <> 'sending'")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        tx.commit().await.map_err(db_error)?;
        Ok(removed > 0)
    }

    /// Entries left `sending` by an app that stopped: the request may have left.
    pub async fn settle_interrupted_outbox(&self, why: &str) -> Result<u64, AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        let n = sqlx::query("UPDATE outbox SET state = 'failed', error = ?, updated_at = ? WHERE state = 'sending'")
            .bind(why)
            .bind(now())
            .execute(&mut *tx)
            .await
            .map_err(db_error)?
            .rows_affected();
        tx.commit().await.map_err(db_error)?;
        Ok(n)
    }
}
