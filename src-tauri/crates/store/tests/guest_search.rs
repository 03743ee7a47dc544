//! Guest search on the FTS5 index, on a real SQLite file: prefixes per word, diacritics, e-mail,
//! phone digits however spaced, text that looks like FTS syntax, and the index kept in step.

use chrono::NaiveDate;
use innkeep_core::records::{GuestRecord, ReservationRecord};
use innkeep_core::{ProviderKind, ReservationState};
use innkeep_store::{NewAccountRow, Store, SyncPage};

async fn account(store: &Store, label: &str) -> i64 {
    store
        .insert_account(&NewAccountRow {
            provider: ProviderKind::Mews,
            label: label.into(),
            base_url: "http://127.0.0.1:1".into(),
            secret_ref: format!("account-{label}"),
            is_demo: true,
        })
        .await
        .unwrap()
}

fn guest(id: &str, first: &str, last: &str, email: Option<&str>, phone: Option<&str>) -> GuestRecord {
    GuestRecord {
        provider_id: id.into(),
        first_name: Some(first.into()),
        last_name: last.into(),
        email: email.map(Into::into),
        phone: phone.map(Into::into),
        nationality: None,
        updated_at: None,
        raw: serde_json::json!({ "Id": id }).into(),
    }
}

fn stay(id: &str, number: &str, guest: &str, arrival: &str, departure: &str) -> ReservationRecord {
    ReservationRecord {
        provider_id: id.into(),
        number: Some(number.into()),
        state: ReservationState::Confirmed,
        provider_state: "Confirmed".into(),
        arrival: arrival.parse::<NaiveDate>().unwrap(),
        departure: departure.parse::<NaiveDate>().unwrap(),
        guest_provider_id: Some(guest.into()),
        room_provider_id: None,
        additional_room_provider_ids: Vec::new(),
        category_provider_id: None,
        adults: 2,
        children: 0,
        total: None,
        notes: None,
        created_at: None,
        updated_at: None,
        raw: serde_json::json!({ "Id": id }).into(),
    }
}

/// Two accounts: a Czech hotel and an Icelandic guesthouse.
async fn seeded() -> (tempfile::TempDir, Store, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (a, b) = (account(&store, "Hotel Vltava").await, account(&store, "Hraunborg").await);
    let czech = [
        guest("g1", "Jana", "Nováková", Some("jana.novakova@example.cz"), Some("+420 603 123 456")),
        guest("g2", "Petr", "Novák", Some("petr@novak.cz"), Some("+420603987654")),
        guest("g3", "Łucja", "Wrzesińska", Some("lucja@poczta.pl"), None),
        guest("g4", "Jan", "Dvořák", None, Some("(+420) 777-11-22-33")),
    ];
    let icelandic = [guest("h1", "Þórunn", "Guðmundsdóttir", Some("thorunn@simnet.is"), Some("+354 861 2345"))];
    store.apply_page(a, SyncPage { guests: &czech, ..Default::default() }).await.unwrap();
    store.apply_page(b, SyncPage { guests: &icelandic, ..Default::default() }).await.unwrap();
    (dir, store, a, b)
}

async fn names(store: &Store, search: &str) -> Vec<String> {
    store.guests(Some(search), 50).await.unwrap().into_iter().map(|g| g.last_name).collect()
}

async fn assert_index_consistent(store: &Store) {
    sqlx::query("INSERT INTO guests_fts (guests_fts) VALUES ('integrity-check')")
        .execute(store.pool())
        .await
        .expect("the FTS index matches the guests table");
}

#[tokio::test]
async fn every_typed_word_is_a_prefix_in_any_order_without_diacritics() {
    let (_dir, store, ..) = seeded().await;
    assert_eq!(names(&store, "nov jan").await, ["Nováková"]);
    assert_eq!(names(&store, "JAN NOV").await, ["Nováková"]);
    assert_eq!(names(&store, "nováková").await, ["Nováková"]);
    let mut novak = names(&store, "novak").await;
    novak.sort();
    assert_eq!(novak, ["Novák", "Nováková"]);
    assert_eq!(names(&store, "lucja wrzes").await, ["Wrzesińska"]);
    assert_eq!(names(&store, "Łucja").await, ["Wrzesińska"]);
    assert_eq!(names(&store, "thorunn gud").await, ["Guðmundsdóttir"]);
    assert_eq!(names(&store, "Þór").await, ["Guðmundsdóttir"]);
    assert_eq!(names(&store, "dvor").await, ["Dvořák"]);
    // Prefixes, not substrings: "ovak" starts no word.
    assert!(names(&store, "ovak").await.is_empty());
    assert!(names(&store, "nov nobody").await.is_empty(), "every word must match");
}

#[tokio::test]
async fn email_fragments_match() {
    let (_dir, store, ..) = seeded().await;
    assert_eq!(names(&store, "jana.novakova@ex").await, ["Nováková"]);
    assert_eq!(names(&store, "poczta.pl").await, ["Wrzesińska"]);
    assert_eq!(names(&store, "simnet").await, ["Guðmundsdóttir"]);
    assert_eq!(names(&store, "petr@").await, ["Novák"]);
}

#[tokio::test]
async fn phone_digits_match_however_spaced() {
    let (_dir, store, ..) = seeded().await;
    for typed in ["+420 603 123 456", "420603123456", "603123456", "603 123", "123 456", "+420603123"] {
        assert_eq!(names(&store, typed).await, ["Nováková"], "{typed}");
    }
    // Stored without spaces, typed with them.
    for typed in ["603 987 654", "+420 603 987", "987654"] {
        assert_eq!(names(&store, typed).await, ["Novák"], "{typed}");
    }
    for typed in ["777 11 22 33", "777112233", "11-22-33", "(+420) 777"] {
        assert_eq!(names(&store, typed).await, ["Dvořák"], "{typed}");
    }
    assert_eq!(names(&store, "861 2345").await, ["Guðmundsdóttir"]);
    let mut both = names(&store, "420 603").await;
    both.sort();
    assert_eq!(both, ["Novák", "Nováková"]);
}

#[tokio::test]
async fn fts_syntax_typed_by_a_person_never_errors() {
    let (_dir, store, ..) = seeded().await;
    let nasty = [
        "\"",
        "\"nov",
        "nov\"",
        "*",
        "nov*",
        "-",
        "-nov",
        "nov -jana",
        ":",
        "search_text:nov",
        "(",
        ")",
        "(nov",
        "nov)",
        "()",
        "NEAR(nov jan)",
        "nov AND",
        "OR",
        "NOT nov",
        "AND OR NOT",
        "^nov",
        "{search_text}: nov",
        "nov + jan",
        "'",
        "''",
        "\\",
        "%",
        "_",
        "nov;DROP TABLE guests",
        "\u{0}",
        "🙂",
        "e\u{301}",
        "a\"b*c(d)e:f-g",
    ];
    for typed in nasty {
        let found = store.guests(Some(typed), 50).await;
        assert!(found.is_ok(), "{typed:?}: {found:?}");
        let res = store.reservations_matching(typed, 10).await;
        assert!(res.is_ok(), "{typed:?}: {res:?}");
    }
    // Syntax is plain text: the word inside still matches.
    assert_eq!(names(&store, "(nov").await.len(), 2);
    assert_eq!(names(&store, "NOT jana").await, Vec::<String>::new(), "“not” is a word to find, not an operator");
    assert_eq!(names(&store, "\"jana\"").await, ["Nováková"]);
    // Only punctuation: nothing searchable, nothing found (not everyone).
    assert!(names(&store, "*-:()\"").await.is_empty());
    // No search at all: everyone, by last name.
    let all: Vec<String> = store.guests(None, 50).await.unwrap().into_iter().map(|g| g.last_name).collect();
    assert_eq!(all.len(), 5);
    assert_eq!(store.guests(Some("   "), 50).await.unwrap().len(), 5);
    assert_eq!(store.guests(Some("nov"), 1).await.unwrap().len(), 1, "the limit holds");
}

#[tokio::test]
async fn the_index_follows_updates_and_deletes() {
    let (_dir, store, a, b) = seeded().await;
    // A re-sync renames a guest: the old name is gone from the index, the new one found.
    let renamed = guest("g1", "Jana", "Svobodová", Some("jana.svobodova@example.cz"), Some("+420 603 123 456"));
    store.upsert_guests(a, &[renamed]).await.unwrap();
    assert_eq!(names(&store, "nov jan").await, Vec::<String>::new());
    assert_eq!(names(&store, "svob").await, ["Svobodová"]);
    assert_eq!(names(&store, "603123").await, ["Svobodová"]);
    assert_index_consistent(&store).await;

    // Removing an account removes its guests from the index (the cascade fires the trigger).
    store.delete_account(b).await.unwrap();
    assert!(names(&store, "thorunn").await.is_empty());
    let indexed: Vec<i64> = sqlx::query_scalar("SELECT rowid FROM guests_fts WHERE guests_fts MATCH 'thorunn'")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert!(indexed.is_empty(), "no index entry is left behind: {indexed:?}");
    assert_index_consistent(&store).await;
}

#[tokio::test]
async fn reservations_are_found_by_number_or_guest() {
    let (_dir, store, a, b) = seeded().await;
    let czech =
        [stay("r1", "1001", "g1", "2026-12-01", "2026-12-04"), stay("r2", "10015", "g2", "2026-12-10", "2026-12-12")];
    store.apply_page(a, SyncPage { reservations: &czech, ..Default::default() }).await.unwrap();
    let icelandic = [stay("s1", "HB-7_1", "h1", "2026-12-05", "2026-12-07")];
    store.apply_page(b, SyncPage { reservations: &icelandic, ..Default::default() }).await.unwrap();
    let numbers = |v: Vec<innkeep_core::Reservation>| v.into_iter().map(|r| r.number.unwrap()).collect::<Vec<_>>();

    // The exact number first, then other numbers starting with it.
    assert_eq!(numbers(store.reservations_matching("1001", 10).await.unwrap()), ["1001", "10015"]);
    assert_eq!(numbers(store.reservations_matching("#10015", 10).await.unwrap()), ["10015"]);
    assert_eq!(numbers(store.reservations_matching("hb-7", 10).await.unwrap()), ["HB-7_1"]);
    // `_` and `%` are literal characters of a number, not wildcards.
    assert!(store.reservations_matching("HB-7%", 10).await.unwrap().is_empty());
    assert!(store.reservations_matching("1_01", 10).await.unwrap().is_empty());
    // By the guest's name, e-mail or phone, across accounts.
    assert_eq!(numbers(store.reservations_matching("nov jan", 10).await.unwrap()), ["1001"]);
    assert_eq!(numbers(store.reservations_matching("thorunn", 10).await.unwrap()), ["HB-7_1"]);
    assert_eq!(store.reservations_matching("novak", 1).await.unwrap().len(), 1, "the limit holds");
    assert!(store.reservations_matching("#", 10).await.unwrap().is_empty());
    assert!(store.reservations_matching("", 10).await.unwrap().is_empty());
}

/// A cache written before the FTS migration: its guests become searchable on the next open.
#[tokio::test]
async fn an_older_cache_is_indexed_when_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let old_migrations = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.as_str() < "0004" {
            std::fs::copy(&path, old_migrations.path().join(name)).unwrap();
        }
    }
    {
        let url = format!("sqlite://{}?mode=rwc", dir.path().join(innkeep_store::DB_FILE).display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::migrate::Migrator::new(old_migrations.path()).await.unwrap().run(&pool).await.unwrap();
        sqlx::query(
            "INSERT INTO accounts (provider, label, base_url, secret_ref, created_at) \
             VALUES ('mews', 'Old', 'http://127.0.0.1:1', 'old', '2026-01-01T00:00:00Z')",
        )
        .execute(&pool)
        .await
        .unwrap();
        // As 0002 left it: folded name and phone, no digit suffixes; one row from before 0002.
        sqlx::query(
            "INSERT INTO guests (account_id, provider_id, first_name, last_name, phone, search_text) VALUES \
             (1, 'g1', 'Jana', 'Nováková', '+420 603 123 456', 'jana novakova +420 603 123 456'), \
             (1, 'g2', 'Petr', 'Dvořák', NULL, '')",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(names(&store, "nov jan").await, ["Nováková"]);
    assert_eq!(names(&store, "603123456").await, ["Nováková"]);
    assert_eq!(names(&store, "dvor").await, ["Dvořák"]);
    assert_index_consistent(&store).await;
    assert!(dir.path().join("innkeep.schema3.bak").exists(), "the file was copied before migrating");
}
