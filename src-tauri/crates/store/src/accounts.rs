use chrono::{DateTime, Utc};
use innkeep_core::records::PropertyInfo;
use innkeep_core::{Account, AccountStatus, AppError, Capabilities, ProviderKind};
use sqlx::FromRow;

use crate::{db_error, now, stored_provider, Store};

#[derive(Debug, Clone)]
pub struct NewAccountRow {
    pub provider: ProviderKind,
    pub label: String,
    pub base_url: String,
    pub secret_ref: String,
    pub is_demo: bool,
}

/// An account as stored, with what the services need beyond the public `Account`.
#[derive(Debug, Clone)]
pub struct AccountRow {
    pub account: Account,
    pub secret_ref: String,
    pub provider_config: serde_json::Value,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    provider: String,
    label: String,
    base_url: String,
    secret_ref: String,
    is_demo: bool,
    status: String,
    property_name: Option<String>,
    time_zone: Option<String>,
    provider_config: String,
    last_sync_at: Option<DateTime<Utc>>,
    offline_since: Option<DateTime<Utc>>,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
}

impl TryFrom<Row> for AccountRow {
    type Error = AppError;
    fn try_from(r: Row) -> Result<Self, AppError> {
        let provider = stored_provider(&r.provider)?;
        Ok(AccountRow {
            account: Account {
                id: r.id,
                provider,
                label: r.label,
                base_url: r.base_url,
                is_demo: r.is_demo,
                status: AccountStatus::parse(&r.status).unwrap_or(AccountStatus::Error),
                property_name: r.property_name,
                time_zone: r.time_zone,
                last_sync_at: r.last_sync_at,
                offline_since: r.offline_since,
                last_error: r.last_error,
                created_at: r.created_at,
                capabilities: Capabilities::of(provider),
            },
            secret_ref: r.secret_ref,
            provider_config: serde_json::from_str(&r.provider_config).unwrap_or_default(),
        })
    }
}

macro_rules! select_accounts {
    () => {
        "SELECT id, provider, label, base_url, secret_ref, is_demo, status, property_name, time_zone, \
     provider_config, last_sync_at, offline_since, last_error, created_at FROM accounts"
    };
}

impl Store {
    pub async fn insert_account(&self, new: &NewAccountRow) -> Result<i64, AppError> {
        let id = sqlx::query(
            "INSERT INTO accounts (provider, label, base_url, secret_ref, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(new.provider.as_str())
        .bind(&new.label)
        .bind(&new.base_url)
        .bind(&new.secret_ref)
        .bind(new.is_demo)
        .bind(now())
        .execute(&self.pool)
        .await
        .map_err(db_error)?
        .last_insert_rowid();
        Ok(id)
    }

    pub async fn list_accounts(&self) -> Result<Vec<AccountRow>, AppError> {
        let rows: Vec<Row> = sqlx::query_as(concat!(select_accounts!(), " ORDER BY is_demo, label, id"))
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        rows.into_iter().map(AccountRow::try_from).collect()
    }

    pub async fn account(&self, id: i64) -> Result<AccountRow, AppError> {
        let row: Option<Row> = sqlx::query_as(concat!(select_accounts!(), " WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.ok_or_else(|| AppError::not_found(format!("There is no account with id {id}.")))?.try_into()
    }

    pub async fn delete_account(&self, id: i64) -> Result<(), AppError> {
        let done =
            sqlx::query("DELETE FROM accounts WHERE id = ?").bind(id).execute(&self.pool).await.map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(AppError::not_found(format!("There is no account with id {id}.")));
        }
        Ok(())
    }

    pub async fn set_base_url(&self, id: i64, base_url: &str) -> Result<(), AppError> {
        sqlx::query("UPDATE accounts SET base_url = ? WHERE id = ?")
            .bind(base_url)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    pub async fn set_property(&self, id: i64, info: &PropertyInfo, config: &serde_json::Value) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE accounts SET property_name = ?, time_zone = ?, currency = ?, provider_config = ? WHERE id = ?",
        )
        .bind(&info.name)
        .bind(&info.time_zone)
        .bind(&info.currency)
        .bind(config.to_string())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    /// Records a successful contact with the provider: online again, offline period over.
    /// `synced` also stamps the time of the last complete sync.
    pub async fn mark_online(&self, id: i64, synced: bool) -> Result<(), AppError> {
        let synced_at = synced.then(now);
        sqlx::query(
            "UPDATE accounts SET status = 'online', offline_since = NULL, last_error = NULL, \
             last_sync_at = COALESCE(?, last_sync_at) WHERE id = ?",
        )
        .bind(synced_at)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    /// Records a failed contact. An account that was already offline keeps its first `offline_since`.
    pub async fn mark_failed(&self, id: i64, status: AccountStatus, message: &str) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE accounts SET status = ?, last_error = ?, \
             offline_since = CASE WHEN ? = 'offline' THEN COALESCE(offline_since, ?) ELSE NULL END WHERE id = ?",
        )
        .bind(status.as_str())
        .bind(message)
        .bind(status.as_str())
        .bind(now())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }
}
