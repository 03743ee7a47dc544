//! The timeline and the list bound their index range by the longest stay in the cache
//! (migration 0008): a stay far longer than the rest must still show wherever it is in house.

use chrono::NaiveDate;
use innkeep_core::records::{GuestRecord, ReservationRecord, RoomRecord};
use innkeep_core::{ProviderKind, ReservationQuery, ReservationSort, ReservationState};
use innkeep_store::{NewAccountRow, Store, SyncPage};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn stay(id: &str, room: &str, arrival: &str, departure: &str) -> ReservationRecord {
    ReservationRecord {
        provider_id: id.into(),
        number: Some(id.to_uppercase()),
        state: ReservationState::Confirmed,
        provider_state: "confirmed".into(),
        arrival: d(arrival),
        departure: d(departure),
        guest_provider_id: Some(format!("g-{id}")),
        room_provider_id: Some(format!("room-{room}")),
        additional_room_provider_ids: Vec::new(),
        category_provider_id: None,
        adults: 1,
        children: 0,
        total: None,
        notes: None,
        created_at: None,
        updated_at: None,
        raw: serde_json::json!({}).into(),
    }
}

fn guest(id: &str) -> GuestRecord {
    GuestRecord {
        provider_id: format!("g-{id}"),
        first_name: Some("Guest".into()),
        last_name: id.to_uppercase(),
        email: None,
        phone: None,
        nationality: None,
        updated_at: None,
        raw: serde_json::json!({}).into(),
    }
}

async fn hotel() -> (Store, tempfile::TempDir, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let account = store
        .insert_account(&NewAccountRow {
            provider: ProviderKind::Mews,
            label: "Long stays".into(),
            base_url: "http://127.0.0.1:1".into(),
            secret_ref: "account-long".into(),
            is_demo: true,
        })
        .await
        .unwrap();
    let rooms: Vec<RoomRecord> = ["1", "2"]
        .iter()
        .map(|n| RoomRecord {
            provider_id: format!("room-{n}"),
            name: (*n).into(),
            category_provider_id: None,
            floor: None,
            state: None,
            is_active: true,
        })
        .collect();
    store.replace_catalog(account, &[], &rooms).await.unwrap();
    (store, dir, account)
}

fn query(from: &str, to: Option<&str>) -> ReservationQuery {
    ReservationQuery {
        search: None,
        from: Some(d(from)),
        to: to.map(d),
        states: Vec::new(),
        account_id: None,
        guest_id: None,
        sort: ReservationSort::Arrival,
        descending: false,
        limit: None,
    }
}

#[tokio::test]
async fn a_stay_much_longer_than_the_rest_shows_wherever_it_is_in_house() {
    let (store, _dir, account) = hotel().await;
    // Two-night stays, and one resident of almost a year.
    let stays = vec![
        stay("short-a", "1", "2026-06-10", "2026-06-12"),
        stay("short-b", "1", "2026-06-20", "2026-06-22"),
        stay("resident", "2", "2025-08-01", "2026-07-01"),
    ];
    let guests: Vec<GuestRecord> = stays.iter().map(|s| guest(&s.provider_id)).collect();
    store.apply_page(account, SyncPage { guests: &guests, reservations: &stays, cursor: None }).await.unwrap();

    let ids = |t: &innkeep_core::Timeline| {
        let mut v: Vec<i64> = t.bars.iter().map(|b| b.reservation_id).collect();
        v.sort_unstable();
        v
    };
    let resident = store.reservation_by_provider_id(account, "resident").await.unwrap().unwrap().id;
    let june = store.timeline(d("2026-06-15"), d("2026-06-30")).await.unwrap();
    assert!(ids(&june).contains(&resident), "the resident is in house in late June: {:?}", june.bars);
    let after = store.timeline(d("2026-07-01"), d("2026-07-31")).await.unwrap();
    assert!(!ids(&after).contains(&resident), "the resident left on 1 July");

    let list = store.reservations(&query("2026-06-25", None)).await.unwrap();
    assert_eq!(list.iter().map(|r| r.provider_id.as_str()).collect::<Vec<_>>(), ["resident"]);
    let list = store.reservations(&query("2026-06-11", Some("2026-06-20"))).await.unwrap();
    let found: Vec<&str> = list.iter().map(|r| r.provider_id.as_str()).collect();
    assert_eq!(found, ["resident", "short-a", "short-b"]);

    let board = store.today_board(d("2026-06-30"), 3).await.unwrap();
    assert_eq!(board.in_house.iter().map(|r| r.provider_id.as_str()).collect::<Vec<_>>(), ["resident"]);
    assert_eq!(board.occupancy[0].occupied, 1, "{:?}", board.occupancy);
}
