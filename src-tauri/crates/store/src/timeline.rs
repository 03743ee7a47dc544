//! The rows and bars of the timeline, the Today board's lists, and the links between rooms of
//! different accounts that are one physical room.

use chrono::NaiveDate;
use innkeep_core::desk::{find_overbookings, occupancy};
use innkeep_core::{
    AppError, Reservation, ReservationQuery, ReservationSort, ReservationState, Timeline, TimelineBar, TimelineRoom,
    TodayBoard,
};
use sqlx::FromRow;

use crate::{db_error, stored_provider, stored_state, Store};

#[derive(FromRow)]
struct RoomRow {
    id: i64,
    account_id: i64,
    account_label: String,
    provider: String,
    name: String,
    category_id: Option<i64>,
    category_name: Option<String>,
    link_group: Option<i64>,
}

/// A timeline bar as the query's JSON array holds it: reservation id, account id, room id,
/// arrival, departure, state, guest's first and last name, number.
type BarRow = (i64, i64, Option<i64>, NaiveDate, NaiveDate, String, Option<String>, Option<String>, Option<String>);

impl Store {
    /// Every active room of every account, and the stays holding rooms on the nights
    /// `from .. to`, with the overbookings among them.
    pub async fn timeline(&self, from: NaiveDate, to: NaiveDate) -> Result<Timeline, AppError> {
        // The rooms and the bars on two of the pool's connections, side by side.
        let (rooms, json) = tokio::join!(self.timeline_rooms(), self.timeline_bars_json(from, to));
        let (rooms, json) = (rooms?, json?);
        // A group reservation's extra rooms become bars of their own. Cancelled, no-show and
        // declined stays hold no room (as `ReservationState::occupies_room` says).
        let rows: Vec<BarRow> = serde_json::from_str(json.as_deref().unwrap_or("[]"))
            .map_err(|e| AppError::internal(format!("The cache's timeline rows are unreadable ({e}).")))?;
        let mut bars = rows
            .into_iter()
            .map(|(reservation_id, account_id, room_id, arrival, departure, state, first, last, number)| {
                let state = stored_state(&state)?;
                let guest_name = match (first, last) {
                    (Some(f), Some(l)) if !f.trim().is_empty() => Some(format!("{f} {l}")),
                    (_, l) => l,
                };
                Ok(TimelineBar { reservation_id, account_id, room_id, arrival, departure, state, guest_name, number })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        // A group's rooms keep the order the query made them in: its own room first.
        bars.sort_by_key(|b| (b.arrival, b.reservation_id));
        let overbookings = find_overbookings(&rooms, &bars, from, to);
        Ok(Timeline { from, to, rooms, bars, overbookings })
    }

    /// The stays holding rooms on the nights `from .. to`, as one JSON array of [`BarRow`]s.
    async fn timeline_bars_json(&self, from: NaiveDate, to: NaiveDate) -> Result<Option<String>, AppError> {
        let earliest = self.earliest_arrival_overlapping(from).await?;
        // The bars come back as one JSON array built by SQLite: thousands of rows, each handed
        // from SQLite's worker thread and decoded value by value, cost several times the query.
        sqlx::query_scalar(
            "WITH stays AS ( \
               SELECT r.id, r.account_id, r.room_provider_id AS room_pid, r.arrival, r.departure, r.state, \
                 r.guest_provider_id, r.number FROM reservations r \
               WHERE r.departure > ?1 AND r.arrival < ?2 AND r.arrival >= ?3 \
                 AND r.state NOT IN ('cancelled', 'no_show', 'declined') \
               UNION ALL \
               SELECT r.id, r.account_id, j.value, r.arrival, r.departure, r.state, r.guest_provider_id, r.number \
               FROM reservations r INDEXED BY reservations_with_extra_rooms, json_each(r.extra_room_provider_ids) j \
               WHERE r.departure > ?1 AND r.arrival < ?2 AND r.arrival >= ?3 \
                 AND r.extra_room_provider_ids <> '[]' \
                 AND r.state NOT IN ('cancelled', 'no_show', 'declined')) \
             SELECT json_group_array(json_array(s.id, s.account_id, rm.id, s.arrival, s.departure, s.state, \
               g.first_name, g.last_name, s.number)) \
             FROM stays s \
             LEFT JOIN rooms rm ON rm.account_id = s.account_id AND rm.provider_id = s.room_pid \
             LEFT JOIN guests g INDEXED BY guests_names_by_key \
               ON g.account_id = s.account_id AND g.provider_id = s.guest_provider_id",
        )
        .bind(from)
        .bind(to)
        .bind(earliest)
        .fetch_one(&self.pool)
        .await
        .map_err(db_error)
    }

    async fn timeline_rooms(&self) -> Result<Vec<TimelineRoom>, AppError> {
        let rows: Vec<RoomRow> = sqlx::query_as(
            "SELECT r.id, r.account_id, a.label AS account_label, a.provider, r.name, c.id AS category_id, c.name AS category_name, \
               l.link_group \
             FROM rooms r JOIN accounts a ON a.id = r.account_id \
             LEFT JOIN room_categories c ON c.account_id = r.account_id AND c.provider_id = r.category_provider_id \
             LEFT JOIN room_links l ON l.account_id = r.account_id AND l.room_provider_id = r.provider_id \
             WHERE r.is_active \
             ORDER BY a.label, a.id, c.ordering, c.name, length(r.name), r.name, r.id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.into_iter()
            .map(|r| {
                Ok(TimelineRoom {
                    provider: stored_provider(&r.provider)?,
                    id: r.id,
                    account_id: r.account_id,
                    account_label: r.account_label,
                    name: r.name,
                    category_id: r.category_id,
                    category_name: r.category_name,
                    link_group: r.link_group,
                })
            })
            .collect()
    }

    /// Arrivals, departures and guests in house on `date`, and occupancy for `nights` nights.
    pub async fn today_board(&self, date: NaiveDate, nights: u32) -> Result<TodayBoard, AppError> {
        let end = date + chrono::Duration::days(i64::from(nights));
        // Two reads on two of the pool's connections, side by side.
        let around = ReservationQuery {
            search: None,
            from: Some(date.pred_opt().unwrap_or(date)),
            to: Some(date),
            // Only stays that hold a room are listed: cancelled ones need not be read.
            states: ReservationState::ALL.into_iter().filter(|st| st.occupies_room()).collect(),
            account_id: None,
            guest_id: None,
            sort: ReservationSort::Arrival,
            descending: false,
            limit: Some(100_000),
        };
        let (timeline, around) = tokio::join!(self.timeline(date, end), self.reservations(&around));
        let (timeline, around) = (timeline?, around?);
        let holding = |r: &&Reservation| r.state.occupies_room();
        let pick = |keep: &dyn Fn(&Reservation) -> bool| -> Vec<Reservation> {
            around.iter().filter(holding).filter(|r| keep(r)).cloned().collect()
        };
        Ok(TodayBoard {
            date,
            arrivals: pick(&|r| r.arrival == date),
            departures: pick(&|r| r.departure == date),
            in_house: pick(&|r| {
                r.departure > date
                    && (r.arrival < date || r.state == ReservationState::CheckedIn)
                    && r.state != ReservationState::CheckedOut
            }),
            occupancy: occupancy(&timeline.rooms, &timeline.bars, date, nights),
            overbookings: timeline.overbookings,
        })
    }

    /// Links rooms of different accounts as one physical room. A room already linked brings its
    /// group along, so linking A–B and then B–C makes one group of three.
    pub async fn link_rooms(&self, room_ids: &[i64]) -> Result<(), AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        let mut keys: Vec<(i64, String, Option<i64>)> = Vec::new();
        for id in room_ids {
            let key: Option<(i64, String, Option<i64>)> = sqlx::query_as(
                "SELECT r.account_id, r.provider_id, l.link_group FROM rooms r \
                 LEFT JOIN room_links l ON l.account_id = r.account_id AND l.room_provider_id = r.provider_id \
                 WHERE r.id = ?",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
            keys.push(key.ok_or_else(|| AppError::not_found(format!("There is no room {id}.")))?);
        }
        let mut accounts: Vec<i64> = keys.iter().map(|k| k.0).collect();
        accounts.sort_unstable();
        accounts.dedup();
        if accounts.len() != keys.len() {
            return Err(AppError::validation(
                "room_ids",
                "Rooms of one account are always different rooms; link a room with rooms of other accounts.",
            ));
        }
        let existing: Vec<i64> = keys.iter().filter_map(|k| k.2).collect();
        let group = match existing.iter().min() {
            Some(g) => *g,
            None => sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(link_group), 0) + 1 FROM room_links")
                .fetch_one(&mut *tx)
                .await
                .map_err(db_error)?,
        };
        for old in existing.iter().filter(|g| **g != group) {
            sqlx::query("UPDATE room_links SET link_group = ? WHERE link_group = ?")
                .bind(group)
                .bind(old)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        for (account_id, provider_id, _) in &keys {
            sqlx::query(
                "INSERT INTO room_links (account_id, room_provider_id, link_group) VALUES (?, ?, ?) \
                 ON CONFLICT (account_id, room_provider_id) DO UPDATE SET link_group = excluded.link_group",
            )
            .bind(account_id)
            .bind(provider_id)
            .bind(group)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        // The same physical room twice in one account would make the group contradict itself.
        let clash: Option<i64> = sqlx::query_scalar(
            "SELECT link_group FROM room_links WHERE link_group = ? GROUP BY account_id HAVING COUNT(*) > 1",
        )
        .bind(group)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        if clash.is_some() {
            return Err(AppError::validation(
                "room_ids",
                "That would make two rooms of one account the same physical room. Unlink one of them first.",
            ));
        }
        tx.commit().await.map_err(db_error)
    }

    /// Takes a room out of its link group; a group left with one room disappears.
    pub async fn unlink_room(&self, room_id: i64) -> Result<(), AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        let group: Option<i64> = sqlx::query_scalar(
            "SELECT l.link_group FROM rooms r JOIN room_links l \
               ON l.account_id = r.account_id AND l.room_provider_id = r.provider_id WHERE r.id = ?",
        )
        .bind(room_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        let Some(group) = group else { return Ok(()) };
        sqlx::query(
            "DELETE FROM room_links WHERE (account_id, room_provider_id) = \
               (SELECT account_id, provider_id FROM rooms WHERE id = ?)",
        )
        .bind(room_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query(
            "DELETE FROM room_links WHERE link_group = ?1 AND (SELECT COUNT(*) FROM room_links WHERE link_group = ?1) < 2",
        )
        .bind(group)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }
}
