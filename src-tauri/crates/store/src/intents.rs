//! Write intents: a provider write is recorded before the call and completed after it (in the
//! same transaction as the records it produced), so no write can be made and then forgotten.

use innkeep_core::{AppError, WriteIntent, WriteIntentState};
use sqlx::FromRow;

use crate::reservations::SyncPage;
use crate::{db_error, now, Store};

#[derive(FromRow)]
struct IntentRow {
    id: i64,
    account_id: i64,
    reference: String,
    action: String,
    request: String,
    state: String,
    provider_id: Option<String>,
    error: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<IntentRow> for WriteIntent {
    fn from(r: IntentRow) -> Self {
        WriteIntent {
            id: r.id,
            account_id: r.account_id,
            reference: r.reference,
            action: r.action,
            request: serde_json::from_str(&r.request).unwrap_or(serde_json::Value::Null),
            state: WriteIntentState::parse(&r.state).unwrap_or(WriteIntentState::Unknown),
            provider_id: r.provider_id,
            error: r.error,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

macro_rules! select_intents {
    () => {
        "SELECT id, account_id, reference, action, request, state, provider_id, error, created_at, updated_at \
         FROM write_intents"
    };
}

impl Store {
    /// Records a write about to be sent; returns its id.
    pub async fn begin_intent(
        &self,
        account_id: i64,
        reference: &str,
        action: &str,
        request: &serde_json::Value,
    ) -> Result<i64, AppError> {
        let at = now();
        sqlx::query_scalar(
            "INSERT INTO write_intents (account_id, reference, action, request, state, created_at, updated_at) \
             VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING id",
        )
        .bind(account_id)
        .bind(reference)
        .bind(action)
        .bind(request.to_string())
        .bind(at)
        .bind(at)
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)
    }

    /// Completes an intent with the records the provider returned, in one transaction.
    pub async fn complete_intent(
        &self,
        intent_id: i64,
        account_id: i64,
        provider_id: &str,
        page: SyncPage<'_>,
    ) -> Result<(), AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        crate::guests::upsert_guests(&mut tx, account_id, page.guests).await?;
        crate::reservations::upsert_reservations(&mut tx, account_id, page.reservations, None).await?;
        sqlx::query(
            "UPDATE write_intents SET state = 'done', provider_id = ?, error = NULL, updated_at = ? WHERE id = ?",
        )
        .bind(provider_id)
        .bind(now())
        .bind(intent_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    /// Marks an intent failed (nothing was made) or unknown (the answer was lost).
    pub async fn settle_intent(&self, intent_id: i64, state: WriteIntentState, error: &str) -> Result<(), AppError> {
        sqlx::query("UPDATE write_intents SET state = ?, error = ?, updated_at = ? WHERE id = ?")
            .bind(state.as_str())
            .bind(error)
            .bind(now())
            .bind(intent_id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    /// Intents that are neither done nor failed: sent without an answer, or lost in a crash.
    pub async fn open_intents(&self, account_id: Option<i64>) -> Result<Vec<WriteIntent>, AppError> {
        let rows: Vec<IntentRow> = sqlx::query_as(concat!(
            select_intents!(),
            " WHERE state IN ('pending', 'unknown') AND (?1 IS NULL OR account_id = ?1) ORDER BY id"
        ))
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(WriteIntent::from).collect())
    }

    pub async fn intent(&self, id: i64) -> Result<WriteIntent, AppError> {
        let row: Option<IntentRow> = sqlx::query_as(concat!(select_intents!(), " WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.map(WriteIntent::from)
            .ok_or_else(|| AppError::not_found(format!("There is no pending write with id {id}.")))
    }
}
