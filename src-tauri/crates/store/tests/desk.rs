//! The timeline, the Today board and room links on a real SQLite file.

use chrono::NaiveDate;
use innkeep_core::records::{GuestRecord, ReservationRecord, RoomRecord};
use innkeep_core::{ErrorKind, ProviderKind, ReservationState};
use innkeep_store::{NewAccountRow, Store, SyncPage};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn account(store: &Store, label: &str, provider: ProviderKind, rooms: &[&str]) -> i64 {
    let id = store
        .insert_account(&NewAccountRow {
            provider,
            label: label.into(),
            base_url: "http://127.0.0.1:1".into(),
            secret_ref: format!("account-{label}"),
            is_demo: true,
        })
        .await
        .unwrap();
    let rooms: Vec<RoomRecord> = rooms
        .iter()
        .map(|name| RoomRecord {
            provider_id: format!("room-{name}"),
            name: (*name).into(),
            category_provider_id: None,
            floor: None,
            state: None,
            is_active: true,
        })
        .collect();
    store.replace_catalog(id, &[], &rooms).await.unwrap();
    id
}

fn stay(id: &str, room: &str, arrival: &str, departure: &str, state: ReservationState) -> ReservationRecord {
    ReservationRecord {
        provider_id: id.into(),
        number: Some(id.to_uppercase()),
        state,
        provider_state: state.as_str().into(),
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

fn guest_of(r: &ReservationRecord) -> GuestRecord {
    GuestRecord {
        provider_id: r.guest_provider_id.clone().unwrap(),
        first_name: Some("Guest".into()),
        last_name: r.provider_id.to_uppercase(),
        email: None,
        phone: None,
        nationality: None,
        updated_at: None,
        raw: serde_json::json!({}).into(),
    }
}

async fn put(store: &Store, account: i64, stays: &[ReservationRecord]) {
    let guests: Vec<GuestRecord> = stays.iter().map(guest_of).collect();
    store.apply_page(account, SyncPage { guests: &guests, reservations: stays, cursor: None }).await.unwrap();
}

async fn room_id(store: &Store, account: i64, name: &str) -> i64 {
    store.rooms(account).await.unwrap().into_iter().find(|r| r.name == name).unwrap().id
}

#[tokio::test]
async fn the_timeline_lists_every_room_and_the_stays_that_hold_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = account(&store, "A", ProviderKind::Mews, &["101", "102"]).await;
    let b = account(&store, "B", ProviderKind::Reservanto, &["1"]).await;
    let mut group = stay("grp", "101", "2026-12-05", "2026-12-07", ReservationState::Confirmed);
    group.additional_room_provider_ids = vec!["room-102".into()];
    put(
        &store,
        a,
        &[
            stay("early", "101", "2026-11-20", "2026-12-02", ReservationState::CheckedIn),
            stay("gone", "102", "2026-12-01", "2026-12-03", ReservationState::Cancelled),
            stay("late", "102", "2027-02-01", "2027-02-03", ReservationState::Confirmed),
            group,
        ],
    )
    .await;
    put(&store, b, &[stay("b1", "1", "2026-12-01", "2026-12-02", ReservationState::Requested)]).await;

    let t = store.timeline(d("2026-12-01"), d("2027-01-01")).await.unwrap();
    let rooms: Vec<(&str, &str)> = t.rooms.iter().map(|r| (r.account_label.as_str(), r.name.as_str())).collect();
    assert_eq!(rooms, vec![("A", "101"), ("A", "102"), ("B", "1")]);
    let mut bars: Vec<(String, Option<i64>)> = t.bars.iter().map(|b| (b.number.clone().unwrap(), b.room_id)).collect();
    bars.sort();
    let r101 = room_id(&store, a, "101").await;
    let r102 = room_id(&store, a, "102").await;
    let r1 = room_id(&store, b, "1").await;
    assert_eq!(
        bars,
        vec![
            ("B1".into(), Some(r1)),
            ("EARLY".into(), Some(r101)),
            ("GRP".into(), Some(r101)),
            ("GRP".into(), Some(r102)),
        ],
        "the cancelled stay and the one outside the range are left out; the group holds both rooms"
    );
    assert_eq!(
        t.bars.iter().find(|b| b.number.as_deref() == Some("B1")).unwrap().guest_name.as_deref(),
        Some("Guest B1")
    );
    assert!(t.overbookings.is_empty());
}

#[tokio::test]
async fn room_ids_survive_a_catalog_refresh_and_links_make_cross_account_overbookings_visible() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = account(&store, "A", ProviderKind::Mews, &["101", "102"]).await;
    let b = account(&store, "B", ProviderKind::Reservanto, &["Modrý pokoj"]).await;
    let r101 = room_id(&store, a, "101").await;
    let blue = room_id(&store, b, "Modrý pokoj").await;

    put(&store, a, &[stay("a1", "101", "2026-12-01", "2026-12-04", ReservationState::Confirmed)]).await;
    put(&store, b, &[stay("b1", "Modrý pokoj", "2026-12-03", "2026-12-05", ReservationState::Confirmed)]).await;
    let range = (d("2026-12-01"), d("2026-12-31"));
    assert!(store.timeline(range.0, range.1).await.unwrap().overbookings.is_empty(), "not linked: two rooms");

    store.link_rooms(&[r101, blue]).await.unwrap();
    // A sync refreshing A's catalog keeps the row ids, so the link and the screen's ids hold.
    account_refresh(&store, a).await;
    assert_eq!(room_id(&store, a, "101").await, r101);
    let t = store.timeline(range.0, range.1).await.unwrap();
    assert_eq!(t.rooms.iter().filter(|r| r.link_group.is_some()).count(), 2);
    assert_eq!(t.overbookings.len(), 1);
    let o = &t.overbookings[0];
    assert!(o.across_accounts);
    assert_eq!((o.first_night, o.last_night), (d("2026-12-03"), d("2026-12-03")));

    let board = store.today_board(d("2026-12-03"), 3).await.unwrap();
    assert_eq!(board.overbookings.len(), 1);
    // A's 101 and B's blue room are one physical room, so three rooms make two.
    assert_eq!(board.occupancy.iter().map(|n| (n.occupied, n.rooms)).collect::<Vec<_>>(), vec![(1, 2), (1, 2), (0, 2)]);

    // Two rooms of one account can never be one physical room.
    let r102 = room_id(&store, a, "102").await;
    let err = store.link_rooms(&[r102, blue]).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Validation);
    assert_eq!(
        store.timeline(range.0, range.1).await.unwrap().overbookings.len(),
        1,
        "the refused link changed nothing"
    );

    store.unlink_room(blue).await.unwrap();
    let t = store.timeline(range.0, range.1).await.unwrap();
    assert!(t.rooms.iter().all(|r| r.link_group.is_none()), "a group of one is dissolved");
    assert!(t.overbookings.is_empty());
}

async fn account_refresh(store: &Store, account: i64) {
    let rooms = store.rooms(account).await.unwrap();
    let records: Vec<RoomRecord> = rooms
        .iter()
        .rev()
        .map(|r| RoomRecord {
            provider_id: r.provider_id.clone(),
            name: r.name.clone(),
            category_provider_id: None,
            floor: None,
            state: None,
            is_active: true,
        })
        .collect();
    store.replace_catalog(account, &[], &records).await.unwrap();
}

#[tokio::test]
async fn today_lists_arrivals_departures_and_guests_in_house() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let a = account(&store, "A", ProviderKind::Mews, &["1", "2", "3", "4", "5"]).await;
    put(
        &store,
        a,
        &[
            stay("arrives", "1", "2026-12-10", "2026-12-12", ReservationState::Confirmed),
            stay("arrived", "2", "2026-12-10", "2026-12-11", ReservationState::CheckedIn),
            stay("leaves", "3", "2026-12-08", "2026-12-10", ReservationState::CheckedIn),
            stay("stays", "4", "2026-12-09", "2026-12-13", ReservationState::CheckedIn),
            stay("cancelled", "5", "2026-12-10", "2026-12-12", ReservationState::Cancelled),
        ],
    )
    .await;
    let board = store.today_board(d("2026-12-10"), 15).await.unwrap();
    let numbers = |list: &[innkeep_core::Reservation]| {
        let mut v: Vec<String> = list.iter().map(|r| r.number.clone().unwrap()).collect();
        v.sort();
        v
    };
    assert_eq!(numbers(&board.arrivals), vec!["ARRIVED", "ARRIVES"]);
    assert_eq!(numbers(&board.departures), vec!["LEAVES"]);
    assert_eq!(numbers(&board.in_house), vec!["ARRIVED", "STAYS"]);
    assert_eq!(board.occupancy.len(), 15);
    assert_eq!((board.occupancy[0].occupied, board.occupancy[0].rooms), (3, 5));
    assert_eq!(board.occupancy[1].occupied, 2);
    assert_eq!(board.occupancy[3].occupied, 0);
}
