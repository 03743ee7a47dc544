use innkeep_core::records::GuestRecord;
use innkeep_core::text::fold;
use innkeep_core::{AppError, Guest};
use sqlx::{FromRow, SqliteConnection};

use crate::{db_error, Store};

/// A guest as the queries give it: a row of its own, or (in [`Store::guests`]) one JSON array of
/// these columns in this order.
#[derive(FromRow, serde::Deserialize)]
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
    guest_search_text(g.first_name.as_deref(), &g.last_name, g.email.as_deref(), g.phone.as_deref())
}

/// What the FTS index holds for a guest: "first last email phone", folded, then the phone's
/// digits run together and every suffix of them (at least 3 long). A prefix search over these
/// tokens finds any run of digits however the phone was spaced, stored or typed.
fn guest_search_text(first: Option<&str>, last: &str, email: Option<&str>, phone: Option<&str>) -> String {
    let parts = [first, Some(last), email, phone];
    let mut text = fold(&parts.into_iter().flatten().collect::<Vec<_>>().join(" "));
    let digits: String = phone.unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    for start in 0..digits.len().saturating_sub(2) {
        text.push(' ');
        text.push_str(&digits[start..]);
    }
    text
}

/// Turns what a person typed into an FTS5 query that cannot fail to parse: every chunk between
/// spaces becomes a quoted phrase of its letter-and-digit runs with a prefix star, and the
/// phrases are ANDed. Quotes, `*`, `-`, `:`, parentheses and words like `OR` or `NEAR` are thus
/// plain text, never syntax. `None` when nothing searchable was typed.
pub(crate) fn fts_query(input: &str) -> Option<String> {
    let phrases: Vec<String> = fold(input)
        .split_whitespace()
        .filter_map(|chunk| {
            let words: Vec<&str> = chunk.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            (!words.is_empty()).then(|| format!("\"{}\"*", words.join(" ")))
        })
        .collect();
    (!phrases.is_empty()).then(|| phrases.join(" AND "))
}

/// Rewrites every guest's `search_text` in the current form (after the FTS migration); the
/// update trigger re-indexes each changed row.
pub(crate) async fn refresh_search_text(pool: &sqlx::SqlitePool) -> Result<(), AppError> {
    type Row = (i64, Option<String>, String, Option<String>, Option<String>, String);
    let mut tx = crate::write_tx(pool).await?;
    let rows: Vec<Row> = sqlx::query_as("SELECT id, first_name, last_name, email, phone, search_text FROM guests")
        .fetch_all(&mut *tx)
        .await
        .map_err(db_error)?;
    for (id, first, last, email, phone, old) in rows {
        let text = guest_search_text(first.as_deref(), &last, email.as_deref(), phone.as_deref());
        if text != old {
            sqlx::query("UPDATE guests SET search_text = ? WHERE id = ?")
                .bind(text)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
    }
    tx.commit().await.map_err(db_error)
}

pub(crate) async fn upsert_guests(
    conn: &mut SqliteConnection,
    account_id: i64,
    guests: &[GuestRecord],
) -> Result<(), AppError> {
    if guests.is_empty() {
        return Ok(());
    }
    // The whole page goes in as one JSON array and one statement: a statement per guest costs a
    // round trip to SQLite's worker thread each, which cost more than the writes themselves.
    let rows: Vec<serde_json::Value> = guests
        .iter()
        .map(|g| {
            serde_json::json!([
                g.provider_id,
                g.first_name,
                g.last_name,
                g.email,
                g.phone,
                g.nationality,
                g.updated_at.as_ref().map(crate::sql_time),
                g.raw.as_str(),
                search_text(g),
            ])
        })
        .collect();
    // A guest comes again with each of their reservations' pages: an unchanged one is left alone
    // (the WHERE of the update), which spares rewriting the row and re-indexing it for search.
    // (`WHERE true` lets SQLite tell the SELECT's end from the upsert clause.)
    sqlx::query(
        "INSERT INTO guests (account_id, provider_id, first_name, last_name, email, phone, nationality, updated_at, \
           raw, search_text) \
         SELECT ?1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, \
           j.value ->> 6, j.value ->> 7, j.value ->> 8 FROM json_each(?2) j WHERE true \
         ON CONFLICT (account_id, provider_id) DO UPDATE SET first_name = excluded.first_name, \
           last_name = excluded.last_name, email = excluded.email, phone = excluded.phone, \
           nationality = excluded.nationality, updated_at = excluded.updated_at, raw = excluded.raw, \
           search_text = excluded.search_text \
         WHERE guests.raw IS NOT excluded.raw OR guests.search_text IS NOT excluded.search_text \
           OR guests.first_name IS NOT excluded.first_name OR guests.last_name IS NOT excluded.last_name \
           OR guests.email IS NOT excluded.email OR guests.phone IS NOT excluded.phone \
           OR guests.nationality IS NOT excluded.nationality OR guests.updated_at IS NOT excluded.updated_at",
    )
    .bind(account_id)
    .bind(serde_json::Value::Array(rows).to_string())
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(())
}

impl Store {
    pub async fn upsert_guests(&self, account_id: i64, guests: &[GuestRecord]) -> Result<(), AppError> {
        let mut tx = crate::write_tx(&self.pool).await?;
        upsert_guests(&mut tx, account_id, guests).await?;
        tx.commit().await.map_err(db_error)
    }

    /// Guests matching `search` through the FTS index: every typed word is the start of a word of
    /// the name, e-mail or phone (case and diacritics ignored; digits however spaced), best match
    /// first, then by name. Without a search: everyone, by name.
    pub async fn guests(&self, search: Option<&str>, limit: u32) -> Result<Vec<Guest>, AppError> {
        let search = search.map(str::trim).unwrap_or("");
        // The page of guests first (the columns shown, not the provider's raw record), then each one's stay count, all as one JSON array built by
        // SQLite in the page's order. Counted in the select list of the sorted query, the stays
        // would be counted for every match (thousands for a common prefix); and hundreds of rows
        // handed over one by one from SQLite's worker thread cost more than the query.
        macro_rules! page_as_json {
            ($page:literal, $order:literal) => {
                concat!(
                    "SELECT json_group_array(json_array(g.id, g.account_id, a.label, g.provider_id, g.first_name, \
                       g.last_name, g.email, g.phone, g.nationality, \
                       (SELECT COUNT(*) FROM reservations r \
                         WHERE r.account_id = g.account_id AND r.guest_provider_id = g.provider_id)) \
                     ORDER BY ",
                    $order,
                    ") FROM (",
                    $page,
                    ") g JOIN accounts a ON a.id = g.account_id"
                )
            };
        }
        let json: Option<String> = if search.is_empty() {
            sqlx::query_scalar(page_as_json!(
                "SELECT g.id, g.account_id, g.provider_id, g.first_name, g.last_name, g.email, g.phone, g.nationality \
                 FROM guests g ORDER BY g.last_name, g.first_name, g.id LIMIT ?",
                "g.last_name, g.first_name, g.id"
            ))
            .bind(limit)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)?
        } else {
            let Some(query) = fts_query(search) else { return Ok(Vec::new()) };
            sqlx::query_scalar(page_as_json!(
                "SELECT g.id, g.account_id, g.provider_id, g.first_name, g.last_name, g.email, g.phone, g.nationality, \
                   f.rank FROM (SELECT rowid AS id, rank FROM guests_fts WHERE guests_fts MATCH ?) f \
                 JOIN guests g ON g.id = f.id ORDER BY f.rank, g.last_name, g.first_name, g.id LIMIT ?",
                "g.rank, g.last_name, g.first_name, g.id"
            ))
            .bind(query)
            .bind(limit)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)?
        };
        let rows: Vec<GuestRow> = serde_json::from_str(json.as_deref().unwrap_or("[]"))
            .map_err(|e| AppError::internal(format!("The cache's guest rows are unreadable ({e}).")))?;
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

#[cfg(test)]
mod tests {
    use super::{fts_query, guest_search_text};

    #[test]
    fn typed_syntax_becomes_quoted_prefix_phrases() {
        assert_eq!(fts_query("nov jan").as_deref(), Some("\"nov\"* AND \"jan\"*"));
        assert_eq!(fts_query("Nováková").as_deref(), Some("\"novakova\"*"));
        assert_eq!(fts_query("jana.nov@exa").as_deref(), Some("\"jana nov exa\"*"));
        assert_eq!(
            fts_query("\"a\" OR b* -c (d) e:f NEAR").as_deref(),
            Some("\"a\"* AND \"or\"* AND \"b\"* AND \"c\"* AND \"d\"* AND \"e f\"* AND \"near\"*")
        );
        assert_eq!(fts_query("+420 603"), Some("\"420\"* AND \"603\"*".into()));
        assert_eq!(fts_query("  \"* - : ()  "), None);
        assert_eq!(fts_query(""), None);
    }

    #[test]
    fn the_indexed_text_holds_the_phone_digit_suffixes() {
        let text = guest_search_text(Some("Jana"), "Nováková", Some("Jana@Example.cz"), Some("+420 603 123"));
        assert_eq!(text, "jana novakova jana@example.cz +420 603 123 420603123 20603123 0603123 603123 03123 3123 123");
        assert_eq!(guest_search_text(None, "Ó", None, Some("12")), "o 12");
    }
}
