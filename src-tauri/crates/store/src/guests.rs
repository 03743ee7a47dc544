use innkeep_core::records::GuestRecord;
use innkeep_core::text::fold;
use innkeep_core::{AppError, Guest};
use sqlx::{FromRow, SqliteConnection};

use crate::{db_error, Store};

#[derive(FromRow)]
struct GuestRow {
    id: i64,
    account_id: i64,
    account_label: String,
    provider_id: String,
    first_name: Option<String>,
    last_name: String,
    email: Option<String>,
    phone: Option<String>,
    nationality: Option<String>,
    reservation_count: i64,
}

impl From<GuestRow> for Guest {
    fn from(r: GuestRow) -> Self {
        Guest {
            id: r.id,
            account_id: r.account_id,
            account_label: r.account_label,
            provider_id: r.provider_id,
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            phone: r.phone,
            nationality: r.nationality,
            reservation_count: r.reservation_count as u32,
        }
    }
}

macro_rules! select_guests {
    () => {
        "SELECT g.id, g.account_id, a.label AS account_label, g.provider_id, g.first_name, g.last_name, \
       g.email, g.phone, g.nationality, \
       (SELECT COUNT(*) FROM reservations r WHERE r.account_id = g.account_id AND r.guest_provider_id = g.provider_id) \
         AS reservation_count \
     FROM guests g JOIN accounts a ON a.id = g.account_id"
    };
}

pub(crate) fn search_text(g: &GuestRecord) -> String {
    let parts = [g.first_name.as_deref(), Some(g.last_name.as_str()), g.email.as_deref(), g.phone.as_deref()];
    fold(&parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
}

pub(crate) async fn upsert_guests(
    conn: &mut SqliteConnection,
    account_id: i64,
    guests: &[GuestRecord],
) -> Result<(), AppError> {
    for g in guests {
        sqlx::query(
            "INSERT INTO guests (account_id, provider_id, first_name, last_name, email, phone, nationality, updated_at, \
               raw, search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (account_id, provider_id) DO UPDATE SET first_name = excluded.first_name, \
               last_name = excluded.last_name, email = excluded.email, phone = excluded.phone, \
               nationality = excluded.nationality, updated_at = excluded.updated_at, raw = excluded.raw, \
               search_text = excluded.search_text",
        )
        .bind(account_id)
        .bind(&g.provider_id)
        .bind(&g.first_name)
        .bind(&g.last_name)
        .bind(&g.email)
        .bind(&g.phone)
        .bind(&g.nationality)
        .bind(g.updated_at)
        .bind(g.raw.to_string())
        .bind(search_text(g))
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

impl Store {
    pub async fn upsert_guests(&self, account_id: i64, guests: &[GuestRecord]) -> Result<(), AppError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        upsert_guests(&mut tx, account_id, guests).await?;
        tx.commit().await.map_err(db_error)
    }

    /// Guests whose name, e-mail or phone contains `search` (case and diacritics ignored).
    pub async fn guests(&self, search: Option<&str>, limit: u32) -> Result<Vec<Guest>, AppError> {
        let pattern = format!("%{}%", fold(search.unwrap_or("").trim()));
        let rows: Vec<GuestRow> = sqlx::query_as(concat!(
            select_guests!(),
            " WHERE g.search_text LIKE ? ESCAPE '\\' ORDER BY g.last_name, g.first_name, g.id LIMIT ?"
        ))
        .bind(escape_like(&pattern))
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows.into_iter().map(Guest::from).collect())
    }

    pub async fn guest(&self, id: i64) -> Result<Guest, AppError> {
        let row: Option<GuestRow> = sqlx::query_as(concat!(select_guests!(), " WHERE g.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.map(Guest::from).ok_or_else(|| AppError::not_found(format!("There is no guest with id {id}.")))
    }

    pub async fn guest_by_provider_id(&self, account_id: i64, provider_id: &str) -> Result<Option<Guest>, AppError> {
        let row: Option<GuestRow> =
            sqlx::query_as(concat!(select_guests!(), " WHERE g.account_id = ? AND g.provider_id = ?"))
                .bind(account_id)
                .bind(provider_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(row.map(Guest::from))
    }
}

/// Escapes `_` and `\` typed by a person; the surrounding `%` stay wildcards.
fn escape_like(pattern: &str) -> String {
    let inner = &pattern[1..pattern.len() - 1];
    format!("%{}%", inner.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}
