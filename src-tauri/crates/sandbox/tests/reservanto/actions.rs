//! Creating, cancelling, confirming, rejecting, moving bookings and recording arrivals, over raw
//! HTTP: each rule's business error names its field and changes nothing.

use innkeep_providers::reservanto::wire::{self, paths, status};
use serde_json::{json, Value};

use crate::common::*;

fn key_json(key: wire::BookingKey) -> Value {
    serde_json::to_value(key).unwrap()
}

fn with(key: wire::BookingKey, extra: Value) -> Value {
    let mut v = key_json(key);
    v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    v
}

#[tokio::test]
async fn a_rental_booking_holds_its_room_and_is_confirmed() {
    let sb = start().await;
    let (arrival, departure) = (day(20), day(23));
    let room = sb.free_rooms(arrival, departure).await[0];
    let guest = sb.customer("Jana", "Dvořáková").await;
    let create = |start: i64, end: i64, count: i64| {
        json!({"BookingResourceId": room, "CustomerId": guest.id, "BookingStart": start, "BookingEnd": end,
               "Count": count, "CustomerNote": "Pozdní příjezd", "PaymentRequiredProcess": 0})
    };
    let made: wire::BookingCreatedResponse =
        sb.ok(paths::RENTAL_CREATE, create(check_in(arrival), check_out(departure), 1)).await;
    assert_eq!(made.status.as_deref(), Some(status::CONFIRMED));
    assert_eq!(made.customer_id, guest.id);
    assert!(!made.is_payment_required);
    let key = wire::BookingKey { appointment_id: made.appointment_id, customer_id: made.customer_id };
    let e = sb.event(key).await;
    assert_eq!((e.source_id, e.start_date, e.end_date, e.count), (room, check_in(arrival), check_out(departure), 1));
    assert_eq!(e.customer_full_name.as_deref(), Some("Jana Dvořáková"));
    assert_eq!(e.customer_note.as_deref(), Some("Pozdní příjezd"));
    assert!(e.price > 0.0 && !e.is_paid);
    assert!(!sb.free_rooms(arrival, departure).await.contains(&room));

    // Overlapping the held stay, even by one night, is refused; back to back is fine.
    let before = sb.events(day(0), day(60)).await.len();
    let (env, body) = sb.business(paths::RENTAL_CREATE, create(check_in(day(22)), check_out(day(24)), 1)).await;
    assert_eq!(env.parameter(), Some("BookingResourceId"));
    assert!(env.message().contains("obsazen"), "{}", env.message());
    assert_eq!(body["AppointmentId"], 0, "data fields at their defaults");
    assert_eq!(sb.events(day(0), day(60)).await.len(), before, "nothing made");
    let next_free = sb.free_rooms(departure, day(24)).await.contains(&room);
    if next_free {
        let _: wire::BookingCreatedResponse =
            sb.ok(paths::RENTAL_CREATE, create(check_in(departure), check_out(day(24)), 1)).await;
    }
}

#[tokio::test]
async fn bad_bookings_name_the_field() {
    let sb = start().await;
    let rooms = sb.rooms().await;
    let single = rooms.iter().find(|r| r.description.as_deref().unwrap_or("").contains("Max. 1 osoba")).unwrap().id;
    let guest = sb.customer("Petr", "Malý").await;
    let body = |room: i32, customer: i32, start: i64, end: i64, count: i64| json!({"BookingResourceId": room, "CustomerId": customer, "BookingStart": start, "BookingEnd": end, "Count": count});
    let (s, e) = (check_in(day(70)), check_out(day(72)));
    let cases = [
        (body(single, 1, s, e, 1), "CustomerId", "neexistuje"),
        (body(4, guest.id, s, e, 1), "BookingResourceId", "neexistuje"),
        (body(19_990, guest.id, s, e, 1), "BookingResourceId", "RentalLike"),
        (body(single, guest.id, e, s, 1), "BookingEnd", "po jejím začátku"),
        (body(single, guest.id, check_in(day(-2)), check_out(day(1)), 1), "BookingStart", "minulosti"),
        (body(single, guest.id, s, s + 61 * 86_400, 1), "BookingEnd", "60 dní"),
        (body(single, guest.id, s, e, 2), "Count", "kapacitě"),
        (json!({"BookingResourceId": single, "CustomerId": guest.id, "BookingEnd": e}), "BookingStart", "povinný"),
    ];
    for (request, field, text) in cases {
        let (env, _) = sb.business(paths::RENTAL_CREATE, request.clone()).await;
        assert_eq!(env.parameter(), Some(field), "{request}");
        assert!(env.message().contains(text), "{field}: {}", env.message());
    }
    assert_eq!(sb.events(day(69), day(73)).await.iter().filter(|e| e.customer_id == guest.id).count(), 0);
}

#[tokio::test]
async fn cancelling_follows_the_late_cancellation_rule() {
    let sb = start().await;
    let (late, _) = sb.book(day(1), day(3)).await;
    let (env, _) = sb.business(paths::CANCEL, key_json(late)).await;
    assert_eq!(env.parameter(), Some("OverrideCancellationLate"));
    assert!(env.message().contains("48 hodin"), "{}", env.message());
    assert_eq!(sb.event(late).await.status, status::CONFIRMED, "unchanged");
    let (env, _) = sb.business(paths::CANCEL, with(late, json!({"OverrideCancellationLate": false}))).await;
    assert_eq!(env.parameter(), Some("OverrideCancellationLate"));
    let done: wire::BookingStatusResponse =
        sb.ok(paths::CANCEL, with(late, json!({"OverrideCancellationLate": true}))).await;
    assert_eq!(done.status.as_deref(), Some(status::CANCELED));
    assert_eq!(sb.event(late).await.status, status::CANCELED, "kept, not deleted");
    let (env, _) = sb.business(paths::CANCEL, with(late, json!({"OverrideCancellationLate": true}))).await;
    assert!(env.message().contains("již byla stornována"));

    let (early, room) = sb.book(day(10), day(12)).await;
    let _: wire::BookingStatusResponse = sb.ok(paths::CANCEL, key_json(early)).await;
    assert!(sb.free_rooms(day(10), day(12)).await.contains(&room), "the room is free again");

    let past = sb.events(day(-20), day(-10)).await.into_iter().find(|e| e.status == status::CONFIRMED).unwrap();
    let (env, _) = sb.business(paths::CANCEL, with(past.key(), json!({"OverrideCancellationLate": true}))).await;
    assert!(env.message().contains("proběhla"), "{}", env.message());
}

#[tokio::test]
async fn only_bookings_awaiting_approval_are_confirmed_or_rejected() {
    let sb = start().await;
    let pending: Vec<wire::Event> =
        sb.events(day(0), day(61)).await.into_iter().filter(|e| e.status == status::CONFIRMATION_REQUESTED).collect();
    assert!(pending.len() >= 2, "the seed has bookings awaiting approval");
    let confirmed: wire::BookingStatusResponse = sb.ok(paths::CONFIRM, key_json(pending[0].key())).await;
    assert_eq!(confirmed.status.as_deref(), Some(status::CONFIRMED));
    let (env, _) = sb.business(paths::CONFIRM, key_json(pending[0].key())).await;
    assert_eq!(env.parameter(), None);
    assert!(env.message().contains("nečeká na potvrzení"));
    let rejected: wire::BookingStatusResponse = sb.ok(paths::REJECT, key_json(pending[1].key())).await;
    assert_eq!(rejected.status.as_deref(), Some(status::REJECTED));
    let (env, _) = sb.business(paths::REJECT, key_json(pending[1].key())).await;
    assert!(env.message().contains("zamítnuta"));
    let (env, _) = sb.business(paths::CANCEL, key_json(pending[1].key())).await;
    assert!(env.message().contains("Zamítnutou"));
}

#[tokio::test]
async fn moving_keeps_the_room_and_refuses_a_taken_time() {
    let sb = start().await;
    let (key, room) = sb.book(day(30), day(32)).await;
    let moved: wire::BookingStatusResponse =
        sb.ok(paths::MOVE, with(key, json!({"StartsAt": check_in(day(31)), "EndsAt": check_out(day(34))}))).await;
    assert_eq!(moved.status.as_deref(), Some(status::CONFIRMED));
    let e = sb.event(key).await;
    assert_eq!((e.source_id, e.start_date, e.end_date), (room, check_in(day(31)), check_out(day(34))));

    // Onto another booking of the same room.
    let other = sb
        .events(day(35), day(90))
        .await
        .into_iter()
        .find(|e| e.source_id == room && e.status == status::CONFIRMED)
        .unwrap();
    let (env, _) =
        sb.business(paths::MOVE, with(key, json!({"StartsAt": other.start_date, "EndsAt": other.end_date}))).await;
    assert_eq!(env.parameter(), Some("StartsAt"));
    assert!(env.message().contains("obsazen"));
    let (env, _) =
        sb.business(paths::MOVE, with(key, json!({"StartsAt": check_in(day(-3)), "EndsAt": check_out(day(1))}))).await;
    assert_eq!(env.parameter(), Some("StartsAt"));
    let (env, _) =
        sb.business(paths::MOVE, with(key, json!({"StartsAt": check_in(day(40)), "EndsAt": check_in(day(40))}))).await;
    assert_eq!(env.parameter(), Some("EndsAt"));
    assert_eq!(sb.event(key).await, e, "unchanged by the refusals");
}

#[tokio::test]
async fn arrivals_are_recorded_from_the_first_day() {
    let sb = start().await;
    let (today_key, _) = sb.book(day(0), day(2)).await;
    let (later, _) = sb.book(day(5), day(6)).await;
    let r: wire::NoShowResponse = sb.ok(paths::NO_SHOW, with(today_key, json!({"NoShowStatus": 1}))).await;
    assert_eq!(r.booking_info_model.unwrap().no_show_status, 1);
    assert_eq!(sb.event(today_key).await.no_show_status, 1);
    let (env, _) = sb.business(paths::NO_SHOW, with(later, json!({"NoShowStatus": 9}))).await;
    assert_eq!(env.parameter(), Some("NoShowStatus"));
    assert!(env.message().contains("nejdříve"));
    let (env, _) = sb.business(paths::NO_SHOW, with(later, json!({"NoShowStatus": 5}))).await;
    assert_eq!(env.parameter(), Some("NoShowStatus"));
    // An arrived guest's stay may be extended, not shifted.
    let (env, _) = sb
        .business(paths::MOVE, with(today_key, json!({"StartsAt": check_in(day(1)), "EndsAt": check_out(day(3))})))
        .await;
    assert!(env.message().contains("dorazil"));
    let free_after = sb.free_rooms(day(2), day(3)).await;
    let e = sb.event(today_key).await;
    if free_after.contains(&e.source_id) {
        let _: wire::BookingStatusResponse =
            sb.ok(paths::MOVE, with(today_key, json!({"StartsAt": e.start_date, "EndsAt": check_out(day(3))}))).await;
    }
}

#[tokio::test]
async fn changes_of_api_bookings_reach_the_activity_feed() {
    let sb = start().await;
    let before: wire::ActivitiesResponse = sb.ok(paths::ACTIVITIES, json!({})).await;
    let last = before.activities.iter().map(|a| a.occured_at).max().unwrap_or(0).max(local(today(), 9));
    let (key, _) = sb.book(day(15), day(17)).await;
    let _: wire::BookingStatusResponse = sb.ok(paths::CANCEL, key_json(key)).await;
    let after: wire::ActivitiesResponse = sb.ok(paths::ACTIVITIES, json!({"ModifiedAfter": last})).await;
    assert_eq!(after.activities.len(), 1, "{:?}", after.activities);
    let a = &after.activities[0];
    assert_eq!((a.appointment_id, a.customer_id, a.change.as_str()), (key.appointment_id, key.customer_id, "Canceled"));
    assert!(a.occured_at > local(today(), 10) - 1);
}
