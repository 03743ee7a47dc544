//! The same manager's day against every provider's sandbox, through the services and each
//! provider's connector over real HTTP: connect, sync, quote, book a new guest, cancel. What a
//! provider cannot do must be refused with its declared reason, never half-done.

mod common;

use common::*;
use innkeep_core::{ErrorKind, ProviderKind, ReservationAction, ReservationQuery, ReservationState};

/// Far enough ahead that the seeded calendars are empty and no late-cancellation rule applies.
const FREE_OFFSET: i64 = 150;

async fn day_at_the_desk(provider: ProviderKind, seed: u64) {
    let w = world(seed).await;
    let account_id = account_of(&w, provider).await;
    let account = w.app.account(account_id).await.unwrap();
    let caps = account.capabilities.clone();

    let report = w.app.sync_account(account_id, &quiet).await.unwrap_or_else(|e| panic!("{provider:?} sync: {e}"));
    assert!(report.rooms > 0, "{provider:?}: rooms from the catalog");
    let account = w.app.account(account_id).await.unwrap();
    assert!(account.property_name.is_some() && account.time_zone.is_some(), "{provider:?}: property known");
    let in_cache = |q: ReservationQuery| {
        let app = w.app.clone();
        async move { app.reservations(&ReservationQuery { account_id: Some(account_id), ..q }).await.unwrap() }
    };
    if caps.list_reservations.supported {
        assert!(report.reservations > 0, "{provider:?}: the seeded reservations arrive");
        assert_eq!(in_cache(ReservationQuery::default()).await.len() as u32, report.reservations);
        // A second sync changes nothing that is not new: no duplicates.
        w.app.sync_account(account_id, &quiet).await.unwrap();
        assert_eq!(in_cache(ReservationQuery::default()).await.len() as u32, report.reservations, "{provider:?}");
    } else {
        assert_eq!(report.reservations, 0, "{provider:?} has no read API");
    }

    let draft = draft_for(&w, account_id, FREE_OFFSET, 2).await;
    match w.app.quote(&draft).await {
        Ok(q) => {
            assert_eq!(q.nights, 2);
            assert!(q.available_rooms > 0, "{provider:?}: rooms are free {FREE_OFFSET} days ahead");
            assert_eq!(q.total.is_some(), caps.quote_price.supported, "{provider:?}: a price exactly when declared");
        }
        Err(e) => {
            assert!(!caps.quote_price.supported && !caps.availability.supported, "{provider:?}: {e}");
            assert_eq!(e.kind, ErrorKind::Forbidden);
        }
    }

    let booked = w.app.create_booking(&draft).await.unwrap_or_else(|e| panic!("{provider:?} booking: {e}"));
    assert_eq!(booked.arrival.to_string(), draft.arrival, "{provider:?}");
    assert_eq!(booked.departure.to_string(), draft.departure, "{provider:?}");
    assert_eq!(booked.guest_name.as_deref(), Some("Þórunn Guðmundsdóttir"), "{provider:?}");
    assert!(!booked.state.is_final(), "{provider:?}: {:?}", booked.state);
    assert!(w.app.store().open_intents(Some(account_id)).await.unwrap().is_empty(), "the write intent is completed");

    // Actions the provider lacks are refused with its reason, before anything is sent.
    for action in [ReservationAction::NoShow, ReservationAction::Restore, ReservationAction::CheckOut] {
        let cap = caps.for_action(&action).clone();
        if !cap.supported {
            let e = w.app.act(booked.id, action).await.unwrap_err();
            assert_eq!(e.kind, ErrorKind::Forbidden, "{provider:?}");
            assert_eq!(Some(e.message), cap.reason);
        }
    }

    let cancelled = w
        .app
        .act(booked.id, ReservationAction::Cancel { reason: Some("Guest changed plans".into()), override_late: false })
        .await
        .unwrap_or_else(|e| panic!("{provider:?} cancel: {e}"));
    assert_eq!(cancelled.state, ReservationState::Cancelled, "{provider:?}");
    assert_eq!(cancelled.id, booked.id, "{provider:?}: the same cached reservation");
    let e = w.app.cancel_reservation(booked.id, None).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict, "{provider:?}: cancelling twice is refused locally");

    if caps.list_reservations.supported {
        // What the provider now says agrees with the cache.
        w.app.sync_account_with(account_id, true, &quiet).await.unwrap();
        let again = w.app.store().reservation(booked.id).await.unwrap();
        assert_eq!(again.state, ReservationState::Cancelled, "{provider:?}");
    }
    let log = w.app.activity(Some(account_id), 50).await.unwrap();
    assert!(log.iter().any(|a| a.action == "booking.create" && a.reservation_id == Some(booked.id)), "{provider:?}");
    assert!(
        log.iter().any(|a| a.action == "reservation.cancel" && a.reservation_id == Some(booked.id)),
        "{provider:?}"
    );
}

#[tokio::test]
async fn mews() {
    day_at_the_desk(ProviderKind::Mews, 21).await;
}

#[tokio::test]
async fn reservanto() {
    day_at_the_desk(ProviderKind::Reservanto, 22).await;
}

#[tokio::test]
async fn mobile_calendar() {
    day_at_the_desk(ProviderKind::MobileCalendar, 23).await;
}

#[tokio::test]
async fn timekit() {
    day_at_the_desk(ProviderKind::Timekit, 24).await;
}

#[tokio::test]
async fn ectosy() {
    day_at_the_desk(ProviderKind::Ectosy, 25).await;
}
