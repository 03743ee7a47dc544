use innkeep_core::AppError;
use sqlx::SqliteConnection;

use crate::{db_error, now, Store};

impl Store {
    pub async fn cursor(&self, account_id: i64, entity: &str) -> Result<Option<String>, AppError> {
        sqlx::query_scalar("SELECT value FROM sync_cursors WHERE account_id = ? AND entity = ?")
            .bind(account_id)
            .bind(entity)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)
    }

    pub async fn set_cursor(&self, account_id: i64, entity: &str, value: &str) -> Result<(), AppError> {
        let mut conn = self.pool.acquire().await.map_err(db_error)?;
        write_cursor(&mut conn, account_id, entity, value).await
    }

    pub async fn clear_cursor(&self, account_id: i64, entity: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM sync_cursors WHERE account_id = ? AND entity = ?")
            .bind(account_id)
            .bind(entity)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }
}

pub(crate) async fn write_cursor(
    conn: &mut SqliteConnection,
    account_id: i64,
    entity: &str,
    value: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO sync_cursors (account_id, entity, value, updated_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (account_id, entity) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(account_id)
    .bind(entity)
    .bind(value)
    .bind(now())
    .execute(conn)
    .await
    .map_err(db_error)?;
    Ok(())
}
