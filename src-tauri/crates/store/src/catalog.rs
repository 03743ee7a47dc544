//! Rooms and room categories.

use innkeep_core::records::{CategoryRecord, RoomRecord};
use innkeep_core::{AppError, Room, RoomCategory};
use sqlx::FromRow;

use crate::{db_error, Store};

#[derive(FromRow)]
struct CategoryRow {
    id: i64,
    account_id: i64,
    provider_id: String,
    name: String,
    capacity: i64,
    room_count: i64,
}

#[derive(FromRow)]
struct RoomRow {
    id: i64,
    account_id: i64,
    provider_id: String,
    name: String,
    category_id: Option<i64>,
    category_name: Option<String>,
    floor: Option<String>,
}

impl Store {
    /// Replaces the account's rooms and categories with what the provider sent, in one transaction.
    /// Rooms that disappeared are deleted; reservations keep their reference by provider id.
    pub async fn replace_catalog(
        &self,
        account_id: i64,
        categories: &[CategoryRecord],
        rooms: &[RoomRecord],
    ) -> Result<(), AppError> {
        // Upserts keep each room's and category's row id across refreshes, so a room chosen on
        // screen (or linked to another account's room) is still the same row after a sync.
        let mut tx = crate::write_tx(&self.pool).await?;
        let category_ids: Vec<&str> = categories.iter().map(|c| c.provider_id.as_str()).collect();
        sqlx::query(
            "DELETE FROM room_categories WHERE account_id = ? AND provider_id NOT IN (SELECT value FROM json_each(?))",
        )
        .bind(account_id)
        .bind(serde_json::to_string(&category_ids).expect("strings serialize"))
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let room_ids: Vec<&str> = rooms.iter().map(|r| r.provider_id.as_str()).collect();
        sqlx::query("DELETE FROM rooms WHERE account_id = ? AND provider_id NOT IN (SELECT value FROM json_each(?))")
            .bind(account_id)
            .bind(serde_json::to_string(&room_ids).expect("strings serialize"))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for c in categories {
            sqlx::query(
                "INSERT INTO room_categories (account_id, provider_id, name, capacity, ordering) VALUES (?, ?, ?, ?, ?) \
                 ON CONFLICT (account_id, provider_id) DO UPDATE SET name = excluded.name, \
                   capacity = excluded.capacity, ordering = excluded.ordering",
            )
            .bind(account_id)
            .bind(&c.provider_id)
            .bind(&c.name)
            .bind(c.capacity)
            .bind(c.ordering)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        for r in rooms {
            sqlx::query(
                "INSERT INTO rooms (account_id, provider_id, name, category_provider_id, floor, state, is_active) \
                 VALUES (?, ?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (account_id, provider_id) DO UPDATE SET name = excluded.name, \
                   category_provider_id = excluded.category_provider_id, floor = excluded.floor, \
                   state = excluded.state, is_active = excluded.is_active",
            )
            .bind(account_id)
            .bind(&r.provider_id)
            .bind(&r.name)
            .bind(&r.category_provider_id)
            .bind(&r.floor)
            .bind(&r.state)
            .bind(r.is_active)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        tx.commit().await.map_err(db_error)
    }

    pub async fn categories(&self, account_id: i64) -> Result<Vec<RoomCategory>, AppError> {
        let rows: Vec<CategoryRow> = sqlx::query_as(
            "SELECT c.id, c.account_id, c.provider_id, c.name, c.capacity, \
               (SELECT COUNT(*) FROM rooms r WHERE r.account_id = c.account_id \
                  AND r.category_provider_id = c.provider_id AND r.is_active) AS room_count \
             FROM room_categories c WHERE c.account_id = ? ORDER BY c.ordering, c.name",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|r| RoomCategory {
                id: r.id,
                account_id: r.account_id,
                provider_id: r.provider_id,
                name: r.name,
                capacity: r.capacity as u32,
                room_count: r.room_count as u32,
            })
            .collect())
    }

    pub async fn category(&self, id: i64) -> Result<RoomCategory, AppError> {
        let account_id: Option<i64> = sqlx::query_scalar("SELECT account_id FROM room_categories WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        let account_id = account_id.ok_or_else(|| AppError::not_found(format!("There is no room category {id}.")))?;
        self.categories(account_id)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| AppError::not_found(format!("There is no room category {id}.")))
    }

    /// How many rooms of the account the cache holds, in use or not.
    pub async fn room_count(&self, account_id: i64) -> Result<u32, AppError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rooms WHERE account_id = ?")
            .bind(account_id)
            .fetch_one(self.pool())
            .await
            .map_err(db_error)?;
        Ok(n as u32)
    }

    pub async fn rooms(&self, account_id: i64) -> Result<Vec<Room>, AppError> {
        let rows: Vec<RoomRow> = sqlx::query_as(
            "SELECT r.id, r.account_id, r.provider_id, r.name, c.id AS category_id, c.name AS category_name, r.floor \
             FROM rooms r LEFT JOIN room_categories c \
               ON c.account_id = r.account_id AND c.provider_id = r.category_provider_id \
             WHERE r.account_id = ? AND r.is_active ORDER BY length(r.name), r.name",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|r| Room {
                id: r.id,
                account_id: r.account_id,
                provider_id: r.provider_id,
                name: r.name,
                category_id: r.category_id,
                category_name: r.category_name,
                floor: r.floor,
            })
            .collect())
    }

    pub async fn room(&self, id: i64) -> Result<Room, AppError> {
        let account_id: Option<i64> = sqlx::query_scalar("SELECT account_id FROM rooms WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        let account_id = account_id.ok_or_else(|| AppError::not_found(format!("There is no room {id}.")))?;
        self.rooms(account_id)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| AppError::not_found(format!("There is no room {id}.")))
    }
}
