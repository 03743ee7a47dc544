//! Compares one account's cache with the sandbox's truth, row by row: reservations, guests and
//! rooms by their provider ids, on the fields a manager sees.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::SqlitePool;

/// What one comparison found. Everything but `compared` must be 0.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Rows of the truth looked for in the cache.
    pub compared: u64,
    /// In the truth, missing from the cache.
    pub lost: u64,
    /// Present more than once in the cache (same provider id, or a second row for the same stay).
    pub duplicated: u64,
    /// In the cache, unknown to the truth.
    pub extra: u64,
    /// In both, with different fields.
    pub mismatched: u64,
    /// The first few differences, for the report.
    pub examples: Vec<String>,
}

impl Diff {
    pub fn is_clean(&self) -> bool {
        self.lost == 0 && self.duplicated == 0 && self.extra == 0 && self.mismatched == 0
    }

    pub fn add(&mut self, other: &Diff) {
        self.compared += other.compared;
        self.lost += other.lost;
        self.duplicated += other.duplicated;
        self.extra += other.extra;
        self.mismatched += other.mismatched;
        for e in &other.examples {
            if self.examples.len() < 10 {
                self.examples.push(e.clone());
            }
        }
    }

    fn note(&mut self, text: String) {
        if self.examples.len() < 10 {
            self.examples.push(text);
        }
    }
}

/// The tables compared and the fields that must agree (provider ids only, never local ids).
const TABLES: &[(&str, &str)] = &[
    (
        "reservations",
        "t.state || '|' || t.provider_state || '|' || t.arrival || '|' || t.departure || '|' || \
         COALESCE(t.guest_provider_id, '') || '|' || COALESCE(t.room_provider_id, '') || '|' || \
         t.adults || '|' || t.children || '|' || COALESCE(t.total_minor, '') || '|' || COALESCE(t.currency, '')",
    ),
    ("guests", "COALESCE(t.first_name, '') || '|' || t.last_name || '|' || COALESCE(t.email, '')"),
    ("rooms", "t.name || '|' || COALESCE(t.category_provider_id, '')"),
];

/// `provider_id -> fields` of one table for the account (of that provider) in `pool`; a
/// provider id seen twice is counted in the second value.
async fn rows(pool: &SqlitePool, table: &str, fields: &str, provider: &str) -> (BTreeMap<String, String>, u64) {
    // Table and field names come from TABLES above, never from input.
    let sql = format!(
        "SELECT t.provider_id, {fields} FROM {table} t JOIN accounts a ON a.id = t.account_id \
         WHERE a.provider = ? ORDER BY t.provider_id"
    );
    let all: Vec<(String, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(provider).fetch_all(pool).await.unwrap();
    let mut map = BTreeMap::new();
    let mut dup = 0;
    for (id, f) in all {
        if map.insert(id, f).is_some() {
            dup += 1;
        }
    }
    (map, dup)
}

/// Compares `cache` with `truth` for the account of `provider` (`"mews"`, `"reservanto"`, ...).
/// `with_reservations` is false for providers that cannot list them (their cache holds only
/// what the app booked itself, so there is no truth to compare with).
pub async fn compare(cache: &SqlitePool, truth: &SqlitePool, provider: &str, with_reservations: bool) -> Diff {
    let mut diff = Diff::default();
    for (table, fields) in TABLES {
        if *table == "reservations" && !with_reservations {
            continue;
        }
        let (want, _) = rows(truth, table, fields, provider).await;
        let (have, dup) = rows(cache, table, fields, provider).await;
        diff.duplicated += dup;
        for (id, fields) in &want {
            diff.compared += 1;
            match have.get(id) {
                None => {
                    diff.lost += 1;
                    diff.note(format!("{provider} {table} {id}: lost"));
                }
                Some(f) if f != fields => {
                    diff.mismatched += 1;
                    diff.note(format!("{provider} {table} {id}: cache {f} vs truth {fields}"));
                }
                Some(_) => {}
            }
        }
        for id in have.keys().filter(|id| !want.contains_key(*id)) {
            diff.extra += 1;
            diff.note(format!("{provider} {table} {id}: extra"));
        }
    }
    if with_reservations {
        // A stay stored twice under different ids (e.g. a write answer and a later read that
        // disagree on the id) is a duplicate even though the provider ids differ.
        let twice: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM reservations r \
             JOIN accounts a ON a.id = r.account_id WHERE a.provider = ? AND r.state != 'cancelled' \
             GROUP BY r.guest_provider_id, r.room_provider_id, r.arrival, r.departure, r.created_at \
             HAVING COUNT(*) > 1)",
        )
        .bind(provider)
        .fetch_one(cache)
        .await
        .unwrap();
        let twice_truth: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM reservations r \
             JOIN accounts a ON a.id = r.account_id WHERE a.provider = ? AND r.state != 'cancelled' \
             GROUP BY r.guest_provider_id, r.room_provider_id, r.arrival, r.departure, r.created_at \
             HAVING COUNT(*) > 1)",
        )
        .bind(provider)
        .fetch_one(truth)
        .await
        .unwrap();
        // The truth may hold look-alike stays of its own (group bookings); only more is a duplicate.
        diff.duplicated += (twice - twice_truth).max(0) as u64;
    }
    diff
}
