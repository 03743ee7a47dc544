//! The services against the Mews sandbox over real HTTP on loopback, with a real SQLite file.

mod common;

use common::*;
use innkeep_core::{
    AccountStatus, ActivityOutcome, ErrorKind, GuestChoice, ReservationQuery, ReservationState, SyncPhase,
};

#[tokio::test]
async fn first_sync_fills_the_cache_with_the_demo_hotel() {
    let w = world(1).await;
    let phases = std::sync::Mutex::new(Vec::new());
    let report = w.app.sync_account(w.account_id, &|p| phases.lock().unwrap().push(p.phase)).await.unwrap();
    assert!(report.full);
    let phases = phases.into_inner().unwrap();
    assert_eq!(phases.first(), Some(&SyncPhase::Started));
    assert_eq!(phases.last(), Some(&SyncPhase::Finished));
    assert!(phases.contains(&SyncPhase::Reservations));

    let account = w.app.account(w.account_id).await.unwrap();
    assert_eq!(account.status, AccountStatus::Online);
    assert!(account.is_demo && account.last_sync_at.is_some());
    assert!(account.property_name.is_some());
    assert_eq!(account.time_zone.as_deref(), Some("Europe/Prague"));

    let innkeep_core::RoomList { categories, rooms } = w.app.rooms(w.account_id).await.unwrap();
    assert!((3..=6).contains(&categories.len()), "{} categories", categories.len());
    assert!((25..=40).contains(&rooms.len()), "{} rooms", rooms.len());
    assert!(rooms.iter().all(|r| r.category_name.is_some()), "every room has a category");

    let all = w.app.reservations(&ReservationQuery::default()).await.unwrap();
    assert!(all.len() > 100, "only {} reservations", all.len());
    assert_eq!(report.reservations as usize, all.len(), "windows overlap but rows are unique per reservation");
    assert!(all.iter().all(|r| r.guest_name.is_some()), "every reservation has its guest");
    assert!(all.iter().all(|r| r.departure > r.arrival));
    let in_house = all.iter().filter(|r| r.state == ReservationState::CheckedIn).count();
    assert!(in_house > 0, "someone is in house today");
    assert!(all
        .iter()
        .filter(|r| r.state == ReservationState::CheckedIn)
        .all(|r| r.arrival <= today() && r.departure >= today()));

    let log = w.app.activity(Some(w.account_id), 10).await.unwrap();
    assert_eq!(log[0].action, "sync");
    assert_eq!(log[0].outcome, ActivityOutcome::Ok);
}

#[tokio::test]
async fn second_sync_is_incremental_and_sees_changes_made_elsewhere() {
    let w = synced_world(2).await;
    let before = w.app.reservations(&ReservationQuery::default()).await.unwrap().len();

    // A booking made through the services lands at the provider and in the cache at once...
    let booked = w.app.create_booking(&draft(&w, 20, 3).await).await.unwrap();
    assert_eq!(w.app.reservations(&ReservationQuery::default()).await.unwrap().len(), before + 1);

    // ...and the next sync reads only what changed since the last one.
    let report = w.app.sync_account(w.account_id, &quiet).await.unwrap();
    assert!(!report.full);
    assert!(report.reservations < 10, "incremental sync read {} reservations", report.reservations);
    assert_eq!(w.app.reservations(&ReservationQuery::default()).await.unwrap().len(), before + 1, "no duplicates");
    let again = w.app.reservation_detail(booked.id).await.unwrap();
    assert_eq!(again.reservation.provider_id, booked.provider_id);
}

#[tokio::test]
async fn booking_a_new_guest_quotes_creates_and_logs() {
    let w = synced_world(3).await;
    let d = draft(&w, 30, 2).await;
    let quote = w.app.quote(&d).await.unwrap();
    assert_eq!(quote.nights, 2);
    let total = quote.total.clone().expect("Mews quotes a price");
    assert!(total.amount_minor > 0);
    assert_eq!(total.currency, "EUR");
    assert!(quote.available_rooms > 0);

    let r = w.app.create_booking(&d).await.unwrap();
    assert_eq!(r.state, ReservationState::Confirmed);
    assert_eq!(r.guest_name.as_deref(), Some("Þórunn Guðmundsdóttir"));
    assert_eq!(r.arrival.to_string(), d.arrival);
    assert_eq!(r.departure.to_string(), d.departure);
    assert_eq!(r.total, quote.total, "the cache keeps the price the provider quoted");
    assert!(r.room_name.is_some(), "the provider assigned a room");
    assert!(r.number.is_some());

    let after = w.app.quote(&d).await.unwrap();
    assert_eq!(after.available_rooms, quote.available_rooms - 1, "the booking took one room");

    let guests = w.app.guests(Some("gudmundsdottir")).await.unwrap();
    assert_eq!(guests.len(), 1, "search folds Icelandic letters");

    // The search box finds the new booking by its number and by its guest, and the guest.
    let number = r.number.clone().unwrap();
    let found = w.app.search_everything(&format!("  #{number} ")).await.unwrap();
    assert_eq!(found.query, format!("#{number}"));
    assert_eq!(found.reservations.first().map(|x| x.id), Some(r.id), "the exact number comes first");
    let found = w.app.search_everything("gud thor").await.unwrap();
    assert_eq!(found.guests.iter().map(|g| g.id).collect::<Vec<_>>(), vec![guests[0].id]);
    assert!(found.reservations.iter().any(|x| x.id == r.id));
    assert!(found.reservations.len() as u32 <= found.limit_per_kind);
    let nothing = w.app.search_everything("   ").await.unwrap();
    assert!(nothing.guests.is_empty() && nothing.reservations.is_empty(), "an empty search finds no one");
    let long = w.app.search_everything(&"x".repeat(201)).await.unwrap_err();
    assert_eq!((long.kind, long.field.as_deref()), (ErrorKind::Validation, Some("query")));

    let detail = w.app.reservation_detail(r.id).await.unwrap();
    assert!(detail.activity.iter().any(|a| a.action == "booking.create" && a.outcome == ActivityOutcome::Ok));
    assert_eq!(detail.raw["Id"], serde_json::Value::String(r.provider_id.clone()));

    // An existing guest can be booked again without creating a second profile.
    let mut again = draft(&w, 60, 1).await;
    again.guest = GuestChoice::Existing(guests[0].id);
    let second = w.app.create_booking(&again).await.unwrap();
    assert_eq!(second.guest_id, Some(guests[0].id));
    assert_eq!(w.app.guests(Some("gudmundsdottir")).await.unwrap()[0].reservation_count, 2);
}

#[tokio::test]
async fn cancelling_goes_through_the_provider_and_only_once() {
    let w = synced_world(4).await;
    let r = w.app.create_booking(&draft(&w, 25, 2).await).await.unwrap();
    let cancelled = w.app.cancel_reservation(r.id, Some("Guest changed plans")).await.unwrap();
    assert_eq!(cancelled.state, ReservationState::Cancelled);
    assert_eq!(cancelled.provider_state, "Canceled");

    let twice = w.app.cancel_reservation(r.id, None).await.unwrap_err();
    assert_eq!(twice.kind, ErrorKind::Conflict);

    // The provider agrees: a fresh sync keeps it cancelled.
    w.app.sync_account(w.account_id, &quiet).await.unwrap();
    assert_eq!(w.app.reservation_detail(r.id).await.unwrap().reservation.state, ReservationState::Cancelled);
    let log = w.app.reservation_detail(r.id).await.unwrap().activity;
    assert!(log.iter().any(|a| a.action == "reservation.cancel" && a.summary.contains("Guest changed plans")));
}

#[tokio::test]
async fn bad_input_is_refused_before_the_provider_is_asked() {
    let w = synced_world(5).await;
    let guests_before = w.app.guests(None).await.unwrap().len();
    let rows_before = w.app.reservations(&ReservationQuery::default()).await.unwrap().len();

    let mut d = draft(&w, 10, 2).await;
    d.departure = d.arrival.clone();
    let e = w.app.create_booking(&d).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("departure")));

    let mut d = draft(&w, 10, 2).await;
    d.arrival = "15/06/2026".into();
    assert_eq!(w.app.create_booking(&d).await.unwrap_err().field.as_deref(), Some("arrival"));

    let mut d = draft(&w, 10, 2).await;
    d.guest = GuestChoice::New(innkeep_core::NewGuest {
        first_name: "Ana".into(),
        last_name: " ".into(),
        email: None,
        phone: None,
    });
    assert_eq!(w.app.create_booking(&d).await.unwrap_err().field.as_deref(), Some("last_name"));

    // Mews takes no stay that starts in the past: said at the arrival field, the provider not asked.
    let d = draft(&w, -3, 2).await;
    let e = w.app.create_booking(&d).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("arrival")), "{}", e.message);
    assert!(e.message.contains("in the past"), "{}", e.message);
    assert_eq!(w.app.quote(&d).await.unwrap_err().field.as_deref(), Some("arrival"));

    let mut d = draft(&w, 10, 2).await;
    d.adults = 5;
    let e = w.app.quote(&d).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("adults")), "{}", e.message);

    assert_eq!(w.app.cancel_reservation(999_999, None).await.unwrap_err().kind, ErrorKind::NotFound);
    assert_eq!(w.app.reservation_detail(999_999).await.unwrap_err().kind, ErrorKind::NotFound);

    assert_eq!(w.app.guests(None).await.unwrap().len(), guests_before, "no guest was created");
    assert_eq!(w.app.reservations(&ReservationQuery::default()).await.unwrap().len(), rows_before);
}

#[tokio::test]
async fn wrong_tokens_are_refused_and_nothing_is_saved() {
    let w = world(6).await;
    let mut creds = innkeep_core::Credentials::default();
    creds.insert("client_token", "wrong");
    creds.insert("access_token", "wrong");
    let new = innkeep_core::NewAccount {
        provider: innkeep_core::ProviderKind::Mews,
        label: "Wrong".into(),
        base_url: w.sandbox.base_url(),
        credentials: creds,
    };
    let before = w.app.accounts().await.unwrap();
    let e = w.app.test_connection(&new).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth, "{}", e.message);
    let e = w.app.add_account(&new).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert_eq!(w.app.accounts().await.unwrap(), before, "only the demo accounts exist");
}

#[tokio::test]
async fn offline_keeps_the_cache_readable_and_loses_nothing() {
    let w = synced_world(7).await;
    let rows = w.app.reservations(&ReservationQuery::default()).await.unwrap();
    let d = draft(&w, 15, 2).await;
    w.sandbox.shutdown().await;

    let e = w.app.sync_account(w.account_id, &quiet).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Offline, "{}", e.message);
    let account = w.app.account(w.account_id).await.unwrap();
    assert_eq!(account.status, AccountStatus::Offline);
    let since = account.offline_since.expect("offline since");

    assert_eq!(w.app.reservations(&ReservationQuery::default()).await.unwrap().len(), rows.len());
    assert!(w.app.reservation_detail(rows[0].id).await.is_ok());

    let e = w.app.create_booking(&d).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Offline);
    let e = w.app.cancel_reservation(rows[0].id, None).await;
    assert!(e.is_err());
    assert_eq!(
        w.app.account(w.account_id).await.unwrap().offline_since,
        Some(since),
        "offline since the first failure"
    );
    assert_eq!(
        w.app.reservations(&ReservationQuery::default()).await.unwrap().len(),
        rows.len(),
        "nothing written half-way"
    );
    let log = w.app.activity(Some(w.account_id), 5).await.unwrap();
    assert!(log.iter().any(|a| a.action == "booking.create" && a.outcome == ActivityOutcome::Failed));
}
