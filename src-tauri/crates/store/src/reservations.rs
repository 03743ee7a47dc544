use chrono::{DateTime, NaiveDate, Utc};
use innkeep_core::records::{GuestRecord, ReservationRecord};
use innkeep_core::{AppError, ChangeKind, Money, Reservation, ReservationQuery, ReservationSort};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

use crate::cursors::write_cursor;
use crate::guests::upsert_guests;
use crate::{db_error, now, stored_provider, stored_state, write_tx, Store};

/// One page of a sync: guests first (reservations point at them), then reservations, then the
/// cursor, all in one transaction.
#[derive(Debug, Default)]
pub struct SyncPage<'a> {
    pub guests: &'a [GuestRecord],
    pub reservations: &'a [ReservationRecord],
    /// `(entity, value)` of the cursor this page advances.
    pub cursor: Option<(&'a str, &'a str)>,
}

/// A reservation as the list query gives it: a row of its own, or (in [`Store::reservations`])
/// one JSON array of these columns in this order.
#[derive(FromRow, serde::Deserialize)]
struct ReservationRow {
    id: i64,
    account_id: i64,
    account_label: String,
    provider: String,
    provider_id: String,
    number: Option<String>,
    state: String,
    provider_state: String,
    arrival: NaiveDate,
    departure: NaiveDate,
    guest_id: Option<i64>,
    guest_first_name: Option<String>,
    guest_last_name: Option<String>,
    room_id: Option<i64>,
    room_name: Option<String>,
    extra_room_names: String,
    category_name: Option<String>,
    adults: i64,
    children: i64,
    total_minor: Option<i64>,
    currency: Option<String>,
    notes: Option<String>,
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
}

impl TryFrom<ReservationRow> for Reservation {
    type Error = AppError;
    fn try_from(r: ReservationRow) -> Result<Self, AppError> {
        Ok(Reservation {
            id: r.id,
            account_id: r.account_id,
            account_label: r.account_label,
            provider: stored_provider(&r.provider)?,
            provider_id: r.provider_id,
            number: r.number,
            state: stored_state(&r.state)?,
            provider_state: r.provider_state,
            arrival: r.arrival,
            departure: r.departure,
            guest_id: r.guest_id,
            guest_name: r.guest_last_name.map(|last| innkeep_core::full_name(r.guest_first_name.as_deref(), &last)),
            room_id: r.room_id,
            room_name: r.room_name,
            additional_room_names: serde_json::from_str(&r.extra_room_names).unwrap_or_default(),
            category_name: r.category_name,
            adults: r.adults as u32,
            children: r.children as u32,
            total: match (r.total_minor, r.currency) {
                (Some(amount_minor), Some(currency)) => Some(Money { amount_minor, currency }),
                _ => None,
            },
            notes: r.notes,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

macro_rules! select_reservations {
    () => {
        "SELECT r.id, r.account_id, a.label AS account_label, a.provider, r.provider_id, r.number, \
       r.state, r.provider_state, r.arrival, r.departure, g.id AS guest_id, g.first_name AS guest_first_name, \
       g.last_name AS guest_last_name, rm.id AS room_id, rm.name AS room_name, c.name AS category_name, \
       CASE r.extra_room_provider_ids WHEN '[]' THEN '[]' ELSE (SELECT json_group_array(x.name) \
          FROM json_each(r.extra_room_provider_ids) j \
          JOIN rooms x ON x.account_id = r.account_id AND x.provider_id = j.value) END AS extra_room_names, \
       r.adults, r.children, r.total_minor, r.currency, r.notes, r.created_at, r.updated_at \
     FROM reservations r \
     JOIN accounts a ON a.id = r.account_id \
     LEFT JOIN guests g ON g.account_id = r.account_id AND g.provider_id = r.guest_provider_id \
     LEFT JOIN rooms rm ON rm.account_id = r.account_id AND rm.provider_id = r.room_provider_id \
     LEFT JOIN room_categories c ON c.account_id = r.account_id AND c.provider_id = r.category_provider_id"
    };
}

/// What a manager sees of a reservation, hashed (FNV-1a): a re-read that leaves it alone is not a
/// change. Totals and notes are left out, since some providers send them only in a detail read.
pub(crate) fn fingerprint(r: &ReservationRecord) -> String {
    let text = format!(
        "{}|{}|{}|{}|{:?}|{:?}|{:?}|{}|{}|{:?}|{:?}",
        r.state.as_str(),
        r.provider_state,
        r.arrival,
        r.departure,
        r.guest_provider_id,
        r.room_provider_id,
        r.category_provider_id,
        r.adults,
        r.children,
        r.additional_room_provider_ids,
        r.number,
    );
    fnv_hex(&text)
}

/// FNV-1a, as 16 hex digits.
fn fnv_hex(text: &str) -> String {
    let mut hash = Fnv::default();
    hash.add(text.as_bytes());
    format!("{:016x}", hash.0)
}

/// Everything a record would write, hashed: equal hashes, equal rows, so a record the cache holds
/// with the same hash needs no write. `raw` is the record's raw text, which the row stores too
/// (it is most of the record: made once for both). Every field is named, so a new field cannot be
/// left out of the hash unnoticed.
fn content_hash(r: &ReservationRecord, raw: &str) -> String {
    let ReservationRecord {
        provider_id,
        number,
        state,
        provider_state,
        arrival,
        departure,
        guest_provider_id,
        room_provider_id,
        additional_room_provider_ids,
        category_provider_id,
        adults,
        children,
        total,
        notes,
        created_at,
        updated_at,
        raw: _,
    } = r;
    let fields = (
        (provider_id, number, state, provider_state, arrival, departure, guest_provider_id, room_provider_id),
        (additional_room_provider_ids, category_provider_id, adults, children, total, notes, created_at, updated_at),
    );
    let mut hash = Fnv::default();
    serde_json::to_writer(&mut hash, &fields).expect("record fields serialize");
    hash.add(raw.as_bytes());
    format!("{:016x}", hash.0)
}

struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |h, b| (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3));
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.add(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes reservations; `seen_run` marks them as read by that sync run. Returns, per record, what
/// it was to the cache: new, changed (fingerprint differs) or the same.
pub(crate) async fn upsert_reservations(
    conn: &mut SqliteConnection,
    account_id: i64,
    reservations: &[ReservationRecord],
    seen_run: Option<i64>,
) -> Result<Vec<Option<ChangeKind>>, AppError> {
    let synced_at = now();
    let mut outcome = Vec::with_capacity(reservations.len());
    // What the cache holds of the page's reservations, in one query rather than one per record.
    let ids = serde_json::to_string(&reservations.iter().map(|r| r.provider_id.as_str()).collect::<Vec<_>>())
        .expect("strings serialize");
    let cached: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT provider_id, fingerprint, content_hash FROM reservations \
         WHERE account_id = ? AND provider_id IN (SELECT value FROM json_each(?))",
    )
    .bind(account_id)
    .bind(ids)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    let mut before: std::collections::HashMap<String, (Option<String>, Option<String>)> =
        cached.into_iter().map(|(id, print, content)| (id, (print, content))).collect();
    // Rows to write (each a JSON array), and the ids of records the cache already holds exactly
    // so: those are only marked as seen.
    let mut rows = Vec::with_capacity(reservations.len());
    let mut same: Vec<&str> = Vec::new();
    for r in reservations {
        let print = fingerprint(r);
        let raw = r.raw.as_str();
        let content = content_hash(r, raw);
        // A record twice in one page is, the second time, what the first made it.
        let previous = before.insert(r.provider_id.clone(), (Some(print.clone()), Some(content.clone())));
        outcome.push(match &previous {
            None => Some(ChangeKind::Added),
            Some((Some(old), _)) if *old == print => None,
            Some(_) => Some(ChangeKind::Changed),
        });
        if matches!(previous, Some((_, Some(old))) if old == content) {
            same.push(&r.provider_id);
            continue;
        }
        rows.push(serde_json::json!([
            r.provider_id,
            r.number,
            r.state.as_str(),
            r.provider_state,
            crate::sql_date(r.arrival),
            crate::sql_date(r.departure),
            r.guest_provider_id,
            r.room_provider_id,
            r.category_provider_id,
            r.adults,
            r.children,
            r.total.as_ref().map(|m| m.amount_minor),
            r.total.as_ref().map(|m| m.currency.as_str()),
            r.notes,
            r.created_at.as_ref().map(crate::sql_time),
            r.updated_at.as_ref().map(crate::sql_time),
            raw,
            serde_json::to_string(&r.additional_room_provider_ids).expect("strings serialize"),
            print,
            content,
        ]));
    }
    if !same.is_empty() {
        sqlx::query(
            "UPDATE reservations SET synced_at = ?2, seen_run = COALESCE(?3, seen_run) \
             WHERE account_id = ?1 AND provider_id IN (SELECT value FROM json_each(?4))",
        )
        .bind(account_id)
        .bind(synced_at)
        .bind(seen_run)
        .bind(serde_json::to_string(&same).expect("strings serialize"))
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    }
    if rows.is_empty() {
        return Ok(outcome);
    }
    // The whole page goes in as one JSON array and one statement, in the page's order (a record
    // twice in a page is written twice, as before): a statement per record costs a round trip to
    // SQLite's worker thread each, which cost more than the writes themselves.
    // (`WHERE true` lets SQLite tell the SELECT's end from the upsert clause.)
    sqlx::query(
        "INSERT INTO reservations (account_id, provider_id, number, state, provider_state, arrival, departure, \
           guest_provider_id, room_provider_id, category_provider_id, adults, children, total_minor, currency, \
           notes, created_at, updated_at, raw, synced_at, extra_room_provider_ids, fingerprint, seen_run, \
           content_hash) \
         SELECT ?1, v ->> 0, v ->> 1, v ->> 2, v ->> 3, v ->> 4, v ->> 5, v ->> 6, v ->> 7, v ->> 8, v ->> 9, \
           v ->> 10, v ->> 11, v ->> 12, v ->> 13, v ->> 14, v ->> 15, v ->> 16, ?2, v ->> 17, v ->> 18, ?3, \
           v ->> 19 \
         FROM (SELECT j.value AS v FROM json_each(?4) j) WHERE true \
         ON CONFLICT (account_id, provider_id) DO UPDATE SET number = excluded.number, state = excluded.state, \
           provider_state = excluded.provider_state, arrival = excluded.arrival, departure = excluded.departure, \
           guest_provider_id = excluded.guest_provider_id, room_provider_id = excluded.room_provider_id, \
           category_provider_id = excluded.category_provider_id, adults = excluded.adults, \
           children = excluded.children, \
           total_minor = COALESCE(excluded.total_minor, reservations.total_minor), \
           currency = COALESCE(excluded.currency, reservations.currency), \
           notes = COALESCE(excluded.notes, reservations.notes), created_at = excluded.created_at, \
           updated_at = excluded.updated_at, raw = excluded.raw, synced_at = excluded.synced_at, \
           extra_room_provider_ids = excluded.extra_room_provider_ids, fingerprint = excluded.fingerprint, \
           seen_run = COALESCE(excluded.seen_run, reservations.seen_run), content_hash = excluded.content_hash",
    )
    .bind(account_id)
    .bind(synced_at)
    .bind(seen_run)
    .bind(serde_json::Value::Array(rows).to_string())
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(outcome)
}

impl Store {
    /// Writes one sync page atomically: either all of it (and its cursor) or nothing.
    pub async fn apply_page(&self, account_id: i64, page: SyncPage<'_>) -> Result<(), AppError> {
        let mut tx = write_tx(&self.pool).await?;
        upsert_guests(&mut tx, account_id, page.guests).await?;
        upsert_reservations(&mut tx, account_id, page.reservations, None).await?;
        if let Some((entity, value)) = page.cursor {
            write_cursor(&mut tx, account_id, entity, value).await?;
        }
        tx.commit().await.map_err(db_error)
    }

    pub async fn reservations(&self, q: &ReservationQuery) -> Result<Vec<Reservation>, AppError> {
        let dir = if q.descending { "DESC" } else { "ASC" };
        // Each sort key as the inner query names it, and as its result column.
        let keys: &[(&str, &str)] = match q.sort {
            ReservationSort::Arrival => &[("r.arrival", "arrival"), ("r.departure", "departure")],
            ReservationSort::Departure => &[("r.departure", "departure"), ("r.arrival", "arrival")],
            ReservationSort::Guest => &[("g.last_name", "guest_last_name"), ("g.first_name", "guest_first_name")],
            ReservationSort::State => &[("r.state", "state")],
            ReservationSort::Created => &[("r.created_at", "created_at")],
        };
        let order = |inner: bool| {
            let name = |k: &(&str, &str)| if inner { k.0.to_string() } else { format!("q.{}", k.1) };
            let mut terms: Vec<String> = keys.iter().map(|k| format!("{} {dir}", name(k))).collect();
            if q.sort == ReservationSort::State {
                terms.push(format!("{} ASC", name(&("r.arrival", "arrival"))));
            }
            terms.push(format!("{} {dir}", name(&("r.id", "id"))));
            terms.join(", ")
        };
        // The page comes back as one JSON array built by SQLite, in the page's order: hundreds of
        // rows handed over one by one from SQLite's worker thread cost more than the query.
        // (`|| ''` keeps the extra rooms' JSON a string, as the row form has it.)
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT json_group_array(json_array(q.id, q.account_id, q.account_label, q.provider, q.provider_id, \
               q.number, q.state, q.provider_state, q.arrival, q.departure, q.guest_id, q.guest_first_name, \
               q.guest_last_name, q.room_id, q.room_name, q.extra_room_names || '', q.category_name, q.adults, \
               q.children, q.total_minor, q.currency, q.notes, q.created_at, q.updated_at) ORDER BY {}) FROM (",
            order(false)
        ));
        sql.push(select_reservations!());
        sql.push(" WHERE 1 = 1");
        if let Some(search) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            // The guest index finds the guests (words of name, e-mail and phone, by prefix, as
            // guest search does); their stays come by the guest key. A LIKE '%…%' would read
            // every stay with its guest instead.
            sql.push(" AND (r.number = ").push_bind(search.to_string());
            if let Some(words) = crate::guests::fts_query(search) {
                sql.push(
                    " OR r.id IN (SELECT s.id FROM guests_fts f JOIN guests sg ON sg.id = f.rowid \
                     JOIN reservations s ON s.account_id = sg.account_id AND s.guest_provider_id = sg.provider_id \
                     WHERE guests_fts MATCH ",
                )
                .push_bind(words)
                .push(")");
            }
            sql.push(")");
        }
        if let Some(from) = q.from {
            sql.push(" AND r.departure > ").push_bind(from);
            sql.push(" AND r.arrival >= ").push_bind(self.earliest_arrival_overlapping(from).await?);
        }
        if let Some(to) = q.to {
            sql.push(" AND r.arrival <= ").push_bind(to);
        }
        if !q.states.is_empty() {
            sql.push(" AND r.state IN (");
            let mut list = sql.separated(", ");
            for st in &q.states {
                list.push_bind(st.as_str());
            }
            sql.push(")");
        }
        if let Some(account_id) = q.account_id {
            sql.push(" AND r.account_id = ").push_bind(account_id);
        }
        if let Some(guest_id) = q.guest_id {
            sql.push(" AND g.id = ").push_bind(guest_id);
        }
        sql.push(format!(" ORDER BY {} LIMIT ", order(true)));
        sql.push_bind(q.limit.unwrap_or(5000));
        sql.push(") q");
        let json: Option<String> = sql.build_query_scalar().fetch_one(&self.pool).await.map_err(db_error)?;
        let rows: Vec<ReservationRow> = serde_json::from_str(json.as_deref().unwrap_or("[]"))
            .map_err(|e| AppError::internal(format!("The cache's reservation rows are unreadable ({e}).")))?;
        rows.into_iter().map(Reservation::try_from).collect()
    }

    /// The earliest arrival of a stay that can still be in house after `from`: `from` less the
    /// longest stay in the cache (found in one step by the `reservations_by_nights` index). With it,
    /// "departure after `from`" bounds an index range on arrival from below, not only from above.
    pub(crate) async fn earliest_arrival_overlapping(&self, from: NaiveDate) -> Result<NaiveDate, AppError> {
        // The expression must be the index's, word for word, for SQLite to use it.
        let longest: Option<f64> =
            sqlx::query_scalar("SELECT MAX(julianday(departure) - julianday(arrival)) FROM reservations")
                .fetch_one(&self.pool)
                .await
                .map_err(db_error)?;
        let nights = longest.unwrap_or(0.0).max(0.0).ceil() as i64;
        Ok(from.checked_sub_signed(chrono::Duration::days(nights)).unwrap_or(NaiveDate::MIN))
    }

    /// Reservations whose number starts with `text` (case ignored, a leading `#` dropped) or whose
    /// guest matches it in the guest index: the exact number first, then the stays nearest today.
    pub async fn reservations_matching(&self, text: &str, limit: u32) -> Result<Vec<Reservation>, AppError> {
        let text = text.trim();
        let number = text.strip_prefix('#').unwrap_or(text).trim();
        if number.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(select_reservations!());
        sql.push(" WHERE (r.number LIKE ").push_bind(format!("{}%", escape_like(number))).push(" ESCAPE '\\'");
        if let Some(query) = crate::guests::fts_query(text) {
            sql.push(" OR g.id IN (SELECT rowid FROM guests_fts WHERE guests_fts MATCH ").push_bind(query).push(")");
        }
        sql.push(") ORDER BY r.number = ")
            .push_bind(number.to_string())
            .push(" COLLATE NOCASE DESC, abs(julianday(r.arrival) - julianday('now')), r.id LIMIT ")
            .push_bind(limit);
        let rows: Vec<ReservationRow> = sql.build_query_as().fetch_all(&self.pool).await.map_err(db_error)?;
        rows.into_iter().map(Reservation::try_from).collect()
    }

    pub async fn reservation(&self, id: i64) -> Result<Reservation, AppError> {
        let row: Option<ReservationRow> = sqlx::query_as(concat!(select_reservations!(), " WHERE r.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        row.ok_or_else(|| AppError::not_found(format!("There is no reservation with id {id}.")))?.try_into()
    }

    pub async fn reservation_by_provider_id(
        &self,
        account_id: i64,
        provider_id: &str,
    ) -> Result<Option<Reservation>, AppError> {
        let row: Option<ReservationRow> =
            sqlx::query_as(concat!(select_reservations!(), " WHERE r.account_id = ? AND r.provider_id = ?"))
                .bind(account_id)
                .bind(provider_id)
                .fetch_optional(&self.pool)
                .await
                .map_err(db_error)?;
        row.map(Reservation::try_from).transpose()
    }

    /// The provider's record as last received.
    pub async fn reservation_raw(&self, id: i64) -> Result<serde_json::Value, AppError> {
        let raw: Option<String> = sqlx::query_scalar("SELECT raw FROM reservations WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        let raw = raw.ok_or_else(|| AppError::not_found(format!("There is no reservation with id {id}.")))?;
        Ok(serde_json::from_str(&raw).unwrap_or(serde_json::Value::Null))
    }

    /// Removes a reservation the provider deleted for good; its activity entries stay.
    pub async fn delete_reservation(&self, id: i64) -> Result<(), AppError> {
        sqlx::query("DELETE FROM reservations WHERE id = ?").bind(id).execute(&self.pool).await.map_err(db_error)?;
        Ok(())
    }

    pub async fn count_reservations(&self, account_id: i64) -> Result<i64, AppError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM reservations WHERE account_id = ?")
            .bind(account_id)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)
    }
}

/// `%`, `_` and `\` typed by a person are literal in a LIKE pattern (with `ESCAPE '\'`).
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
