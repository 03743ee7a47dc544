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

/// Ectosy cannot be read back: a period whose answer was lost is reconciled at once (saving it
/// again meets the lost one), without a second period.
#[tokio::test]
async fn a_lost_ectosy_answer_is_recovered_without_a_second_period() {
    let w = world(26).await;
    let account_id = account_of(&w, ProviderKind::Ectosy).await;
    w.app.sync_account(account_id, &quiet).await.unwrap();
    let rooms = w.app.rooms(account_id).await.unwrap();
    let mut draft = draft_for(&w, account_id, FREE_OFFSET, 3).await;
    draft.room_id = rooms.rooms.iter().find(|r| r.category_id == Some(draft.category_id)).map(|r| r.id);
    let periods = w.sandbox.booking_count("ectosy").unwrap();
    // Ectosy saves the period, then the connection breaks while the answer is on its way.
    w.sandbox.faults().push(innkeep_sandbox::FaultRule::drop_connection().on_path("/ectosy/prod/api/period").times(1));
    let r = w.app.create_booking(&draft).await.unwrap();
    assert_eq!(r.arrival.to_string(), draft.arrival);
    assert_eq!(r.guest_name.as_deref(), Some("Þórunn Guðmundsdóttir"));
    assert!(w.app.store().open_intents(Some(account_id)).await.unwrap().is_empty(), "nothing left in doubt");
    assert_eq!(w.sandbox.booking_count("ectosy").unwrap(), periods + 1, "one period");
    // Exactly one period holds the room: cancelling the recovered one frees it for a new booking.
    w.app.cancel_reservation(r.id, None).await.unwrap();
    let again = w.app.create_booking(&draft).await.unwrap();
    assert_ne!(again.provider_id, r.provider_id);
}

/// Reservanto's late-cancellation rule reaches the manager as its own kind of error, and only
/// an explicit override cancels.
#[tokio::test]
async fn reservanto_late_cancellation_needs_an_explicit_override() {
    let w = world(27).await;
    let account_id = account_of(&w, ProviderKind::Reservanto).await;
    w.app.sync_account(account_id, &quiet).await.unwrap();
    let tomorrow = draft_for(&w, account_id, 1, 2).await;
    let mut booked = None;
    for category in w.app.rooms(account_id).await.unwrap().categories {
        let d = innkeep_core::BookingDraft { category_id: category.id, ..tomorrow.clone() };
        if let Ok(r) = w.app.create_booking(&d).await {
            booked = Some(r);
            break;
        }
    }
    let booked = booked.expect("a free room tomorrow in some category");
    let e = w.app.act(booked.id, ReservationAction::Cancel { reason: None, override_late: false }).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::LateCancellation, "{}", e.message);
    assert_eq!(w.app.store().reservation(booked.id).await.unwrap().state, booked.state, "nothing changed");
    let r = w.app.act(booked.id, ReservationAction::Cancel { reason: None, override_late: true }).await.unwrap();
    assert_eq!(r.state, ReservationState::Cancelled);
}

/// Mobile Calendar's cancellation is a soft delete: restore brings the reservation back.
#[tokio::test]
async fn mobile_calendar_cancel_then_restore() {
    let w = world(28).await;
    let account_id = account_of(&w, ProviderKind::MobileCalendar).await;
    w.app.sync_account(account_id, &quiet).await.unwrap();
    let booked = w.app.create_booking(&draft_for(&w, account_id, FREE_OFFSET, 2).await).await.unwrap();
    let cancelled = w.app.cancel_reservation(booked.id, None).await.unwrap();
    assert_eq!(cancelled.state, ReservationState::Cancelled);
    let restored = w.app.act(booked.id, ReservationAction::Restore).await.unwrap();
    assert_eq!(restored.state, booked.state);
    let log = w.app.activity(Some(account_id), 10).await.unwrap();
    assert!(log.iter().any(|a| a.action == "reservation.restore" && a.reservation_id == Some(booked.id)));
}

/// Timekit deletes only bookings in a final state: a live one is refused with the reason.
#[tokio::test]
async fn timekit_deletes_only_final_bookings() {
    let w = world(29).await;
    let account_id = account_of(&w, ProviderKind::Timekit).await;
    w.app.sync_account(account_id, &quiet).await.unwrap();
    let booked = w.app.create_booking(&draft_for(&w, account_id, FREE_OFFSET, 2).await).await.unwrap();
    let e = w.app.act(booked.id, ReservationAction::Delete).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict, "{}", e.message);
    assert!(e.message.contains("Cancel it first"), "{}", e.message);
    w.app.cancel_reservation(booked.id, None).await.unwrap();
    w.app.act(booked.id, ReservationAction::Delete).await.unwrap();
    assert!(w.app.store().reservation(booked.id).await.is_err(), "gone from the cache");
    w.app.sync_account_with(account_id, true, &quiet).await.unwrap();
    assert!(
        w.app.store().reservation_by_provider_id(account_id, &booked.provider_id).await.unwrap().is_none(),
        "and from Timekit"
    );
}

/// A room taken between the screen and the click: the booking form sent a room the provider has
/// since sold. The provider's refusal comes back as a conflict naming the room, and no second
/// booking exists. (Each provider's own words; only Ectosy answers with an overlap error.)
#[tokio::test]
async fn a_room_taken_meanwhile_is_refused_by_every_provider_and_nothing_is_booked_twice() {
    let w = world(37).await;
    for (i, provider) in ProviderKind::ALL.into_iter().enumerate() {
        let account_id = account_of(&w, provider).await;
        w.app.sync_account(account_id, &quiet).await.unwrap_or_else(|e| panic!("{provider:?} sync: {e}"));
        let mut draft = draft_for(&w, account_id, FREE_OFFSET + 20 + 3 * i as i64, 2).await;
        let rooms = w.app.rooms(account_id).await.unwrap().rooms;
        let room = rooms.iter().find(|r| r.category_id == Some(draft.category_id)).expect("a room of the category");
        draft.room_id = Some(room.id);
        let first = w.app.create_booking(&draft).await.unwrap_or_else(|e| panic!("{provider:?} first booking: {e}"));
        let before = w.app.reservations(&ReservationQuery { account_id: Some(account_id), ..Default::default() }).await;
        // Another guest, the same room and nights.
        let mut second = draft.clone();
        if let innkeep_core::GuestChoice::New(g) = &mut second.guest {
            g.last_name = "Nováková".into();
            g.email = Some(format!("second.{i}@example.cz"));
        }
        let e = w.app.create_booking(&second).await.expect_err("the same room on the same nights is refused");
        // Mews answers business-rule refusals with 403, so its kind is `forbidden`; either way
        // it is the provider's refusal (not a connection or internal error) in its own words.
        assert!(
            matches!(e.kind, ErrorKind::Conflict | ErrorKind::Forbidden | ErrorKind::Validation),
            "{provider:?}: {:?} {}",
            e.kind,
            e.message
        );
        assert!(
            ["booked", "taken", "not free", "overlaps"].iter().any(|w| e.message.contains(w)),
            "{provider:?}: the reason says the room is taken: {}",
            e.message
        );
        let after = w.app.reservations(&ReservationQuery { account_id: Some(account_id), ..Default::default() }).await;
        assert_eq!(before.unwrap().len(), after.unwrap().len(), "{provider:?}: nothing booked twice");
        w.app.cancel_reservation(first.id, None).await.unwrap_or_else(|e| panic!("{provider:?} cancel: {e}"));
    }
}
