//! The outbox over the Mews sandbox on real HTTP: a write to a provider that cannot be reached
//! at all is kept and sent later, exactly once; a refusal on sending becomes a conflict that can
//! be edited and sent again; a request that left but got no answer is never queued.

mod common;

use common::*;
use innkeep_core::{ErrorKind, OutboxEdit, OutboxState, ReservationQuery, ReservationState, WriteIntentState, Written};

/// Reservations of the test guest in the cache after a sync (so: what the provider holds).
async fn at_provider(w: &World, last_name: &str) -> usize {
    w.app.sync_account(w.account_id, &quiet).await.unwrap();
    w.app
        .reservations(&ReservationQuery {
            account_id: Some(w.account_id),
            search: Some(last_name.into()),
            ..ReservationQuery::default()
        })
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_booking_made_offline_waits_in_the_outbox_and_is_sent_exactly_once() {
    let mut w = synced_world(61).await;
    let d = draft(&w, 20, 2).await;
    w.sandbox.suspend().await;

    let written = w.app.create_booking_or_queue(&d).await.unwrap();
    let entry = match written {
        Written::Queued(e) => e,
        Written::Done(r) => panic!("booked {r:?} while the provider was unreachable"),
    };
    assert_eq!(entry.state, OutboxState::Queued);
    assert!(entry.is_create());
    assert!(entry.error.as_deref().unwrap_or("").contains("Cannot reach Mews"), "{:?}", entry.error);
    assert_eq!(w.app.list_outbox(Some(w.account_id)).await.unwrap(), vec![entry.clone()]);
    // Nothing left, so no booking is in doubt.
    assert!(w.app.store().open_intents(Some(w.account_id)).await.unwrap().is_empty());

    // Sending while still unreachable keeps it queued, with the reason.
    let taken = w.app.send_outbox(w.account_id).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].state, OutboxState::Queued);

    w.sandbox.resume().await.unwrap();
    assert_eq!(at_provider(&w, "Guðmundsdóttir").await, 0, "nothing reached the provider while it was away");

    let taken = w.app.send_outbox(w.account_id).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].state, OutboxState::Sent, "{:?}", taken[0].error);
    assert!(w.app.list_outbox(Some(w.account_id)).await.unwrap().is_empty());
    // A second send has nothing to send.
    assert!(w.app.send_outbox(w.account_id).await.unwrap().is_empty());
    assert_eq!(at_provider(&w, "Guðmundsdóttir").await, 1, "exactly one booking at the provider");
}

#[tokio::test]
async fn a_room_taken_meanwhile_is_a_conflict_that_can_be_edited_and_sent() {
    let mut w = synced_world(62).await;
    // A room free on two nights and the four after (the seeded hotel is busy: look ahead).
    let rooms = w.app.rooms(w.account_id).await.unwrap().rooms;
    let mut found = None;
    for offset in (25..200).step_by(9) {
        let d = draft(&w, offset, 2).await;
        let a: chrono::NaiveDate = d.arrival.parse().unwrap();
        let near = w
            .app
            .reservations(&ReservationQuery {
                account_id: Some(w.account_id),
                from: Some(a),
                to: Some(a + chrono::Duration::days(6)),
                ..ReservationQuery::default()
            })
            .await
            .unwrap();
        let free = rooms
            .iter()
            .find(|r| r.category_id.is_some() && near.iter().all(|b| b.room_id != Some(r.id) || b.state.is_final()));
        if let Some(room) = free {
            found = Some((d, room.clone()));
            break;
        }
    }
    let (mut d, room) = found.expect("a free room somewhere in the next months");
    d.category_id = room.category_id.unwrap();
    // Mews makes the guest's profile before it refuses the room, and refuses a second profile
    // with the same e-mail: this guest comes without one (see docs/architecture.md, Outbox).
    if let innkeep_core::GuestChoice::New(g) = &mut d.guest {
        g.email = None;
    }
    let a: chrono::NaiveDate = d.arrival.parse().unwrap();
    d.room_id = Some(room.id);

    w.sandbox.suspend().await;
    let entry = w.app.create_booking_or_queue(&d).await.unwrap().queued().expect("queued while offline");
    w.sandbox.resume().await.unwrap();

    // Another desk books the same room for the same nights meanwhile.
    let mut other = d.clone();
    other.guest = innkeep_core::GuestChoice::New(innkeep_core::NewGuest {
        first_name: "Jan".into(),
        last_name: "Novák".into(),
        email: None,
        phone: None,
    });
    w.app.create_booking(&other).await.unwrap();

    let taken = w.app.send_outbox(w.account_id).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].state, OutboxState::Conflict);
    let message = taken[0].error.clone().unwrap_or_default();
    assert!(!message.is_empty(), "the provider's reason is kept on the entry");
    let listed = w.app.list_outbox(Some(w.account_id)).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].state, OutboxState::Conflict);
    // Sending again does not retry a conflict until it is edited.
    assert!(w.app.send_outbox(w.account_id).await.unwrap().is_empty());

    // A bad edit is refused and changes nothing.
    let bad = OutboxEdit { departure: Some(d.arrival.clone()), ..OutboxEdit::default() };
    assert_eq!(w.app.edit_outbox_entry(entry.id, &bad).await.unwrap_err().kind, ErrorKind::Validation);
    assert_eq!(w.app.store().outbox_entry(entry.id).await.unwrap().state, OutboxState::Conflict);

    // Two nights later the room is free.
    let edit = OutboxEdit {
        arrival: Some((a + chrono::Duration::days(2)).to_string()),
        departure: Some((a + chrono::Duration::days(4)).to_string()),
        notes: Some("Moved after the room was taken".into()),
        ..OutboxEdit::default()
    };
    let edited = w.app.edit_outbox_entry(entry.id, &edit).await.unwrap();
    assert_eq!(edited.state, OutboxState::Queued);
    assert_eq!(edited.error, None);
    assert_eq!(edited.request["arrival"], (a + chrono::Duration::days(2)).to_string());

    let taken = w.app.send_outbox(w.account_id).await.unwrap();
    assert_eq!(taken[0].state, OutboxState::Sent, "{:?}", taken[0].error);
    assert_eq!(at_provider(&w, "Guðmundsdóttir").await, 1);
    let mine = w
        .app
        .reservations(&ReservationQuery {
            account_id: Some(w.account_id),
            search: Some("Guðmundsdóttir".into()),
            ..ReservationQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(mine[0].arrival, a + chrono::Duration::days(2));
    assert_eq!(mine[0].room_id, Some(room.id));
}

#[tokio::test]
async fn a_cancellation_made_offline_is_sent_later_and_can_be_discarded_instead() {
    let mut w = synced_world(63).await;
    let first = w.app.create_booking(&draft(&w, 30, 2).await).await.unwrap();
    let second = w.app.create_booking(&draft(&w, 40, 2).await).await.unwrap();
    w.sandbox.suspend().await;

    let cancel = w.app.cancel_or_queue(first.id, Some("Guest called")).await.unwrap().queued().unwrap();
    assert_eq!((cancel.kind.as_str(), cancel.reservation_id), ("cancel", Some(first.id)));
    // The same cancellation is kept once.
    assert_eq!(w.app.cancel_or_queue(first.id, None).await.unwrap_err().kind, ErrorKind::Conflict);
    let confirm = w.app.cancel_or_queue(second.id, None).await.unwrap().queued().unwrap();
    // Only bookings can be edited.
    assert_eq!(
        w.app.edit_outbox_entry(cancel.id, &OutboxEdit::default()).await.unwrap_err().kind,
        ErrorKind::Validation
    );
    w.app.discard_outbox_entry(confirm.id).await.unwrap();
    assert_eq!(w.app.list_outbox(None).await.unwrap().len(), 1);

    w.sandbox.resume().await.unwrap();
    let taken = w.app.send_outbox(w.account_id).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].state, OutboxState::Sent, "{:?}", taken[0].error);
    w.app.sync_account(w.account_id, &quiet).await.unwrap();
    let r = |id| w.app.store().reservation(id);
    assert_eq!(r(first.id).await.unwrap().state, ReservationState::Cancelled);
    assert_ne!(r(second.id).await.unwrap().state, ReservationState::Cancelled, "the discarded cancel was not sent");
}

#[tokio::test]
async fn a_booking_whose_request_left_but_got_no_answer_is_never_queued() {
    let w = synced_world(64).await;
    let d = draft(&w, 22, 1).await;
    // The sandbox takes the connection and drops it unanswered: the request may have arrived.
    w.sandbox.faults().set_offline(true);
    let e = w.app.create_booking_or_queue(&d).await.unwrap_err();
    assert!(!e.not_sent, "{e:?}");
    assert!(w.app.list_outbox(None).await.unwrap().is_empty(), "a possibly made booking must not be queued");
    let doubt = w.app.store().open_intents(Some(w.account_id)).await.unwrap();
    assert_eq!(doubt.len(), 1);
    assert_eq!(doubt[0].state, WriteIntentState::Unknown, "it is a booking in doubt instead");
}
