//! The cache on a real SQLite file in a temporary directory.

use chrono::NaiveDate;
use innkeep_core::records::{CategoryRecord, GuestRecord, PropertyInfo, ReservationRecord, RoomRecord};
use innkeep_core::{
    AccountStatus, ActivityOutcome, Money, ProviderKind, ReservationQuery, ReservationSort, ReservationState,
};
use innkeep_store::{NewAccountRow, NewActivity, Store, SyncPage};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn store_with_account() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let id = store
        .insert_account(&NewAccountRow {
            provider: ProviderKind::Mews,
            label: "Hotel Vltava".into(),
            base_url: "http://127.0.0.1:1".into(),
            secret_ref: "account-test".into(),
            is_demo: true,
        })
        .await
        .unwrap();
    (dir, store, id)
}

fn guest(id: &str, first: &str, last: &str) -> GuestRecord {
    GuestRecord {
        provider_id: id.into(),
        first_name: Some(first.into()),
        last_name: last.into(),
        email: Some(format!("{}@example.com", last.to_lowercase())),
        phone: None,
        nationality: Some("CZ".into()),
        updated_at: None,
        raw: serde_json::json!({"Id": id}).into(),
    }
}

fn reservation(id: &str, guest: &str, arrival: &str, departure: &str, state: ReservationState) -> ReservationRecord {
    ReservationRecord {
        provider_id: id.into(),
        number: Some(format!("N{id}")),
        state,
        provider_state: "Confirmed".into(),
        arrival: d(arrival),
        departure: d(departure),
        guest_provider_id: Some(guest.into()),
        room_provider_id: Some("room-101".into()),
        additional_room_provider_ids: Vec::new(),
        category_provider_id: Some("cat-dbl".into()),
        adults: 2,
        children: 1,
        total: None,
        notes: None,
        created_at: None,
        updated_at: None,
        raw: serde_json::json!({"Id": id}).into(),
    }
}

#[tokio::test]
async fn opens_in_wal_mode_with_foreign_keys() {
    let (_dir, store, _) = store_with_account().await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(store.pool()).await.unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(store.pool()).await.unwrap();
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn pages_join_guests_rooms_and_categories_by_provider_id() {
    let (_dir, store, acc) = store_with_account().await;
    // Reservations first, catalog later: references resolve whatever the order.
    store
        .apply_page(
            acc,
            SyncPage {
                guests: &[guest("g1", "Šárka", "Nováková"), guest("g2", "Jón", "Jónsson")],
                reservations: &[
                    reservation("r1", "g1", "2026-12-01", "2026-12-04", ReservationState::Confirmed),
                    reservation("r2", "g2", "2026-12-10", "2026-12-12", ReservationState::Cancelled),
                ],
                cursor: Some(("reservations", "2026-11-27T10:00:00Z")),
            },
        )
        .await
        .unwrap();
    store
        .replace_catalog(
            acc,
            &[CategoryRecord { provider_id: "cat-dbl".into(), name: "Double".into(), capacity: 2, ordering: 1 }],
            &[RoomRecord {
                provider_id: "room-101".into(),
                name: "101".into(),
                category_provider_id: Some("cat-dbl".into()),
                floor: Some("1".into()),
                state: Some("Clean".into()),
                is_active: true,
            }],
        )
        .await
        .unwrap();

    let all = store.reservations(&ReservationQuery::default()).await.unwrap();
    assert_eq!(all.len(), 2);
    let r1 = &all[0];
    assert_eq!(r1.guest_name.as_deref(), Some("Šárka Nováková"));
    assert_eq!(r1.room_name.as_deref(), Some("101"));
    assert_eq!(r1.category_name.as_deref(), Some("Double"));
    assert_eq!(r1.nights(), 3);
    assert_eq!(store.cursor(acc, "reservations").await.unwrap().as_deref(), Some("2026-11-27T10:00:00Z"));

    // Search ignores case and diacritics; numbers match exactly.
    let q = |s: &str| ReservationQuery { search: Some(s.into()), ..Default::default() };
    assert_eq!(store.reservations(&q("novak")).await.unwrap().len(), 1);
    assert_eq!(store.reservations(&q("JONSSON")).await.unwrap()[0].provider_id, "r2");
    assert_eq!(store.reservations(&q("Nr1")).await.unwrap()[0].provider_id, "r1");
    assert!(store.reservations(&q("nobody")).await.unwrap().is_empty());

    // Date range: stays overlapping [from, to].
    let range = ReservationQuery { from: Some(d("2026-12-04")), to: Some(d("2026-12-10")), ..Default::default() };
    let ids: Vec<_> = store.reservations(&range).await.unwrap().into_iter().map(|r| r.provider_id).collect();
    assert_eq!(ids, vec!["r2"], "r1 departs on the 4th, so it does not occupy that night");

    // State filter and sort.
    let st = ReservationQuery { states: vec![ReservationState::Cancelled], ..Default::default() };
    assert_eq!(store.reservations(&st).await.unwrap().len(), 1);
    let by_guest = ReservationQuery { sort: ReservationSort::Guest, descending: true, ..Default::default() };
    assert_eq!(store.reservations(&by_guest).await.unwrap()[0].provider_id, "r1"); // Nováková > Jónsson

    let guests = store.guests(Some("sarka"), 50).await.unwrap();
    assert_eq!(guests.len(), 1);
    assert_eq!(guests[0].reservation_count, 1);
}

#[tokio::test]
async fn a_resync_updates_in_place_and_keeps_a_known_total() {
    let (_dir, store, acc) = store_with_account().await;
    let mut r = reservation("r1", "g1", "2026-12-01", "2026-12-04", ReservationState::Confirmed);
    r.total = Some(Money { amount_minor: 30000, currency: "EUR".into() });
    store
        .apply_page(acc, SyncPage { guests: &[guest("g1", "A", "B")], reservations: &[r.clone()], cursor: None })
        .await
        .unwrap();
    r.total = None;
    r.state = ReservationState::Cancelled;
    store.apply_page(acc, SyncPage { guests: &[], reservations: &[r], cursor: None }).await.unwrap();
    let all = store.reservations(&ReservationQuery::default()).await.unwrap();
    assert_eq!(all.len(), 1, "the same provider id is one row");
    assert_eq!(all[0].state, ReservationState::Cancelled);
    assert_eq!(all[0].total.as_ref().unwrap().amount_minor, 30000);
}

#[tokio::test]
async fn a_failing_page_writes_nothing() {
    let (_dir, store, acc) = store_with_account().await;
    let bad = reservation("r1", "g1", "2026-12-01", "2026-12-04", ReservationState::Confirmed);
    // Account 999 does not exist: the foreign key fails after the guest insert succeeded.
    let err = store
        .apply_page(
            999,
            SyncPage { guests: &[guest("g1", "A", "B")], reservations: &[bad], cursor: Some(("reservations", "x")) },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, innkeep_core::ErrorKind::Internal);
    let guests: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM guests").fetch_one(store.pool()).await.unwrap();
    let cursors: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_cursors").fetch_one(store.pool()).await.unwrap();
    assert_eq!((guests, cursors), (0, 0));
    assert!(store
        .reservations(&ReservationQuery { account_id: Some(acc), ..Default::default() })
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn removing_an_account_removes_all_its_cached_data() {
    let (_dir, store, acc) = store_with_account().await;
    store
        .apply_page(
            acc,
            SyncPage {
                guests: &[guest("g1", "A", "B")],
                reservations: &[reservation("r1", "g1", "2026-12-01", "2026-12-04", ReservationState::Confirmed)],
                cursor: Some(("reservations", "c")),
            },
        )
        .await
        .unwrap();
    store
        .log(NewActivity {
            account_id: Some(acc),
            action: "sync",
            summary: "Synced".into(),
            outcome: ActivityOutcome::Ok,
            provider_ref: None,
            reservation_id: None,
        })
        .await
        .unwrap();
    store.delete_account(acc).await.unwrap();
    for table in ["guests", "reservations", "sync_cursors", "activity", "rooms", "room_categories"] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} still has rows");
    }
    assert_eq!(store.delete_account(acc).await.unwrap_err().kind, innkeep_core::ErrorKind::NotFound);
}

#[tokio::test]
async fn offline_since_is_the_first_failure_and_clears_when_back() {
    let (_dir, store, acc) = store_with_account().await;
    store.mark_failed(acc, AccountStatus::Offline, "unreachable").await.unwrap();
    let first = store.account(acc).await.unwrap().account.offline_since.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    store.mark_failed(acc, AccountStatus::Offline, "still unreachable").await.unwrap();
    let a = store.account(acc).await.unwrap().account;
    assert_eq!(a.offline_since, Some(first));
    assert_eq!(a.last_error.as_deref(), Some("still unreachable"));
    store.mark_online(acc, true).await.unwrap();
    let a = store.account(acc).await.unwrap().account;
    assert_eq!((a.status, a.offline_since), (AccountStatus::Online, None));
    assert!(a.last_sync_at.is_some());
    store
        .set_property(
            acc,
            &PropertyInfo { name: "Hotel".into(), time_zone: "Europe/Prague".into(), currency: "EUR".into() },
            &serde_json::json!({"k": 1}),
        )
        .await
        .unwrap();
    let row = store.account(acc).await.unwrap();
    assert_eq!(row.provider_config["k"], 1);
    assert_eq!(row.account.time_zone.as_deref(), Some("Europe/Prague"));
}

#[tokio::test]
async fn reopening_keeps_data_and_a_newer_schema_is_refused() {
    let (dir, store, acc) = store_with_account().await;
    store.close().await;
    let store = Store::open(dir.path()).await.unwrap();
    assert_eq!(store.account(acc).await.unwrap().account.label, "Hotel Vltava");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', 1, x'00', 0)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;
    let err = Store::open(dir.path()).await.unwrap_err();
    assert!(err.message.contains("newer Innkeep"), "{}", err.message);
}

/// The list's page comes back as one JSON array: each reservation must read exactly as the
/// single-row read gives it (dates, times, totals, notes, extra rooms, missing guest), and every
/// sort, either way, must keep its order with ties broken by id.
#[tokio::test]
async fn the_list_reads_every_field_and_every_order_as_the_row_form() {
    let (_dir, store, acc) = store_with_account().await;
    store
        .replace_catalog(
            acc,
            &[CategoryRecord { provider_id: "cat-dbl".into(), name: "Double".into(), capacity: 2, ordering: 1 }],
            &["room-101", "room-102", "room-103"].map(|id| RoomRecord {
                provider_id: id.into(),
                name: id.trim_start_matches("room-").into(),
                category_provider_id: Some("cat-dbl".into()),
                floor: None,
                state: None,
                is_active: true,
            }),
        )
        .await
        .unwrap();
    let guests: Vec<GuestRecord> = ["Nováková", "Jónsson", "Ørsted", "Nováková", "Ďurica"]
        .iter()
        .enumerate()
        .map(|(i, last)| guest(&format!("g{i}"), ["Šárka", "Jón", "Ida", "Anna", "Ján"][i], last))
        .collect();
    let states = [ReservationState::Confirmed, ReservationState::Cancelled, ReservationState::CheckedIn];
    let records: Vec<ReservationRecord> = (0..40)
        .map(|i| {
            let arrival = d("2026-12-01") + chrono::Duration::days(i % 7);
            let mut r = reservation(
                &format!("r{i}"),
                &format!("g{}", i % 6), // g5 does not exist: a stay without its guest
                &arrival.to_string(),
                &(arrival + chrono::Duration::days(1 + i % 3)).to_string(),
                states[i as usize % 3],
            );
            r.total = (i % 2 == 0).then(|| Money { amount_minor: 12_345 * i, currency: "CZK".into() });
            r.notes = (i % 5 == 0).then(|| format!("Late arrival \"{i}\"\nline two"));
            r.created_at = (i % 4 != 0).then(|| chrono::Utc::now() - chrono::Duration::minutes(i % 9));
            if i % 8 == 0 {
                r.additional_room_provider_ids = vec!["room-102".into(), "room-103".into()];
            }
            r
        })
        .collect();
    store.apply_page(acc, SyncPage { guests: &guests, reservations: &records, cursor: None }).await.unwrap();

    let all = store.reservations(&ReservationQuery::default()).await.unwrap();
    assert_eq!(all.len(), 40);
    for r in &all {
        assert_eq!(r, &store.reservation(r.id).await.unwrap(), "the list and the row read differ");
    }
    assert!(all.iter().any(|r| r.guest_name.is_none()) && all.iter().any(|r| r.additional_room_names.len() == 2));

    for sort in [
        ReservationSort::Arrival,
        ReservationSort::Departure,
        ReservationSort::Guest,
        ReservationSort::State,
        ReservationSort::Created,
    ] {
        for descending in [false, true] {
            let q = ReservationQuery { sort, descending, limit: Some(25), ..Default::default() };
            let page = store.reservations(&q).await.unwrap();
            let mut expected = all.clone();
            let last_first = |r: &innkeep_core::Reservation| {
                // The cache sorts by the guest's stored last, then first name.
                let g = guests.iter().find(|g| {
                    r.guest_name.as_deref() == Some(&format!("{} {}", g.first_name.as_deref().unwrap(), g.last_name))
                });
                g.map(|g| (g.last_name.clone(), g.first_name.clone().unwrap()))
            };
            expected.sort_by(|a, b| {
                let key = match sort {
                    ReservationSort::Arrival => a.arrival.cmp(&b.arrival).then(a.departure.cmp(&b.departure)),
                    ReservationSort::Departure => a.departure.cmp(&b.departure).then(a.arrival.cmp(&b.arrival)),
                    ReservationSort::Guest => last_first(a).cmp(&last_first(b)),
                    ReservationSort::State => a.state.as_str().cmp(b.state.as_str()),
                    ReservationSort::Created => a.created_at.cmp(&b.created_at),
                };
                let key = if descending { key.reverse() } else { key };
                let key = if sort == ReservationSort::State { key.then(a.arrival.cmp(&b.arrival)) } else { key };
                key.then(if descending { b.id.cmp(&a.id) } else { a.id.cmp(&b.id) })
            });
            let ids = |v: &[innkeep_core::Reservation]| v.iter().map(|r| r.id).collect::<Vec<_>>();
            assert_eq!(ids(&page), ids(&expected[..25]), "{sort:?}, descending {descending}");
        }
    }

    // Guests come back the same way: as the single read gives them, stay counts included, by name
    // without a search (a page of the first four) and best match first with one.
    let everyone = store.guests(None, 4).await.unwrap();
    let names: Vec<_> = everyone.iter().map(|g| (g.last_name.clone(), g.first_name.clone())).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!((names.len(), &names), (4, &sorted));
    let found = store.guests(Some("novakova"), 10).await.unwrap();
    assert_eq!(found.len(), 2);
    for g in everyone.iter().chain(&found) {
        assert_eq!(g, &store.guest(g.id).await.unwrap(), "the list and the row read differ");
        let stays = all.iter().filter(|r| r.guest_id == Some(g.id)).count() as u32;
        assert_eq!(g.reservation_count, stays);
    }
}

/// Pages go in as JSON in one statement; each column must hold exactly what binding the value
/// would have stored (same text, same type), or comparisons and sorts on the cache would drift.
#[tokio::test]
async fn a_page_stores_every_column_as_binding_the_value_would() {
    let (_dir, store, acc) = store_with_account().await;
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
    let mut g = guest("g-1", "Jana", "Nováková");
    g.phone = Some("+420 601 111 222".into());
    g.updated_at = Some(at("2026-03-01T08:09:10.250Z"));
    let mut r = reservation("r-1", "g-1", "2026-06-01", "2026-06-04", ReservationState::Confirmed);
    r.total = Some(Money { amount_minor: 1_234_500, currency: "CZK".into() });
    r.notes = Some("Late arrival \"after 22:00\"".into());
    r.created_at = Some(at("2026-01-02T03:04:05Z"));
    r.updated_at = Some(at("2026-02-03T04:05:06.123456Z"));
    r.additional_room_provider_ids = vec!["room-102".into()];
    store.apply_page(acc, SyncPage { guests: &[g.clone()], reservations: &[r.clone()], cursor: None }).await.unwrap();

    let same: (bool, bool, bool, bool, bool, bool, bool, bool) = sqlx::query_as(
        "SELECT arrival = ?1 AND typeof(arrival) = typeof(?1), departure = ?2, created_at = ?3, \
           updated_at = ?4 AND typeof(updated_at) = typeof(?4), \
           adults = ?5 AND typeof(adults) = typeof(?5), total_minor = ?6 AND typeof(total_minor) = 'integer', \
           notes = ?7, extra_room_provider_ids = ?8 \
         FROM reservations WHERE provider_id = 'r-1'",
    )
    .bind(r.arrival)
    .bind(r.departure)
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(r.adults)
    .bind(1_234_500_i64)
    .bind(&r.notes)
    .bind(r#"["room-102"]"#)
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(same, (true, true, true, true, true, true, true, true));
    let guest_same: (bool, bool, bool) = sqlx::query_as(
        "SELECT updated_at = ?1 AND typeof(updated_at) = typeof(?1), phone = ?2, first_name = ?3 \
         FROM guests WHERE provider_id = 'g-1'",
    )
    .bind(g.updated_at)
    .bind(&g.phone)
    .bind(&g.first_name)
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(guest_same, (true, true, true));
    // Found by search as before: the FTS triggers ran on the JSON-written row.
    let found = store.guests(Some("601 111"), 10).await.unwrap();
    assert_eq!(found.len(), 1);
}

/// A run re-reads whole windows: a record exactly as cached is only marked as seen by the run, and
/// a record whose notes or total changed (what a manager sees is the same, so no "change") is
/// still written in full.
#[tokio::test]
async fn a_reread_record_is_marked_seen_and_a_changed_one_written() {
    use innkeep_store::{RunPage, SyncRun};
    let (_dir, store, acc) = store_with_account().await;
    let page = |run: &SyncRun, reservations: &[ReservationRecord]| {
        let (run, reservations) = (run.clone(), reservations.to_vec());
        let store = store.clone();
        async move {
            let page = RunPage {
                guests: &[],
                reservations: &reservations,
                window_index: 1,
                page_token: None,
                record_changes: true,
            };
            store.apply_run_page(&run, page).await.unwrap()
        }
    };
    let row = |id: &'static str| {
        let store = store.clone();
        async move {
            sqlx::query_as::<_, (i64, Option<String>, Option<i64>, String)>(
                "SELECT seen_run, notes, total_minor, raw FROM reservations WHERE provider_id = ?",
            )
            .bind(id)
            .fetch_one(store.pool())
            .await
            .unwrap()
        }
    };
    let mut kept = reservation("r-kept", "g1", "2026-12-01", "2026-12-04", ReservationState::Confirmed);
    let mut noted = reservation("r-noted", "g1", "2026-12-02", "2026-12-05", ReservationState::Confirmed);
    noted.total = Some(Money { amount_minor: 30000, currency: "EUR".into() });
    let first = store.begin_sync_run(acc, true, "{}").await.unwrap();
    let outcome = page(&first, &[kept.clone(), noted.clone()]).await;
    assert_eq!(outcome.added, 2);

    let second = store.begin_sync_run(acc, false, "{}").await.unwrap();
    assert_ne!(first.id, second.id);
    noted.notes = Some("Cot in the room".into());
    noted.total = Some(Money { amount_minor: 32000, currency: "EUR".into() });
    noted.raw = serde_json::json!({"notes": "Cot in the room"}).into();
    let outcome = page(&second, &[kept.clone(), noted.clone()]).await;
    assert_eq!((outcome.added, outcome.changed), (0, 0), "notes and totals are not a change to report");
    let (seen, notes, total, _) = row("r-kept").await;
    assert_eq!((seen, notes, total), (second.id, None, None), "the same record: seen by the new run, as it was");
    let (seen, notes, total, raw) = row("r-noted").await;
    assert_eq!(seen, second.id);
    assert_eq!(notes.as_deref(), Some("Cot in the room"), "changed notes are written");
    assert_eq!(total, Some(32000), "a changed total is written");
    assert_eq!(raw, r#"{"notes":"Cot in the room"}"#);

    // Changed state: written and reported.
    kept.state = ReservationState::Cancelled;
    let third = store.begin_sync_run(acc, false, "{}").await.unwrap();
    let outcome = page(&third, &[kept]).await;
    assert_eq!(outcome.changed, 1);
    let all = store.reservations(&ReservationQuery::default()).await.unwrap();
    let kept = all.iter().find(|r| r.provider_id == "r-kept").unwrap();
    assert_eq!(kept.state, ReservationState::Cancelled);
    assert_eq!(row("r-noted").await.0, second.id, "a record the third run did not read keeps its run");
}
