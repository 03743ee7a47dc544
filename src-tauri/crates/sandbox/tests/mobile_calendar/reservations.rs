//! Reservations written over HTTP: create (SINGLE, GROUP, LOCK), overlap 409, PATCH rules,
//! soft delete with `RUID`, restore, `deleteAllGroup`, `lastEdit`; clients with PUT.

use innkeep_providers::mobile_calendar::wire::{self, paths};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn a_single_is_created_with_location_and_priced_from_the_rate() {
    let sb = start().await;
    let client = sb.new_client("Kowalski").await;
    let room = sb.free_room(day(40), day(43), &[]).await;
    let a = sb
        .post(
            paths::RESERVATIONS,
            json!({"type": "SINGLE", "roomId": room.room_id, "clientId": client.client_id, "arrival": day(40), "departure": day(43),
                   "adults": 2, "additionalInfo": "Late arrival", "checkIn": "16:00"}),
        )
        .await;
    assert_eq!(a.status, 201);
    let r = a.json::<wire::One<wire::Reservation>>().data;
    assert_eq!(a.header("location"), Some(format!("/v1/public/reservations/{}", r.reservation_id)));
    assert_eq!(
        (r.kind.as_str(), r.registration.as_deref(), r.check_in.as_deref()),
        ("SINGLE", Some("NONE"), Some("16:00"))
    );
    assert_eq!(r.currency.as_deref(), Some("PLN"));
    let pricing: wire::Items<wire::Pricing> =
        sb.ok(&format!("/pricing?roomId={}&rateId=12011&from={}&to={}", room.room_id, day(40), day(42))).await;
    let expected: f64 = pricing.data[0].prices.iter().map(|d| d.for_persons(2)).sum();
    assert_eq!(r.price, Some(expected));
    let again: wire::One<wire::Reservation> = sb.ok(&paths::reservation(r.reservation_id)).await;
    assert_eq!(again.data, r);
}

#[tokio::test]
async fn an_overlap_on_the_room_is_a_409_and_nothing_is_written() {
    let sb = start().await;
    let client = sb.new_client("Nowak").await;
    let room = sb.free_room(day(50), day(53), &[]).await;
    let first = sb.book(room.room_id, client.client_id, day(50), day(53)).await;
    let before: wire::List<wire::Reservation> = sb.ok("/reservations?limit=1").await;
    let a = sb
        .post(paths::RESERVATIONS, json!({"type": "SINGLE", "roomId": room.room_id, "clientId": client.client_id, "arrival": day(52), "departure": day(54)}))
        .await;
    let p = a.problem(409);
    assert!(p.detail.contains(&first.reservation_id.to_string()), "{}", p.detail);
    let after: wire::List<wire::Reservation> = sb.ok("/reservations?limit=1").await;
    assert_eq!(before.meta.total_items, after.meta.total_items);
    // Back to back is fine: departure day = next arrival day.
    sb.book(room.room_id, client.client_id, day(53), day(55)).await;
}

#[tokio::test]
async fn bad_bodies_are_422_with_every_field_named() {
    let sb = start().await;
    let p = sb
        .post(paths::RESERVATIONS, json!({"type": "SINGLE", "arrival": "01.10.2026", "departure": day(3), "roomId": 28561, "adults": 9, "checkIn": "9:00"}))
        .await
        .problem(422);
    let errors = p.errors.unwrap();
    assert_eq!(errors["arrival"].all(), vec!["arrival wrong format, correct: Y-m-d"]);
    assert!(errors.contains_key("clientId") && errors.contains_key("checkIn"), "{errors:?}");
    let client = sb.new_client("Wójcik").await;
    let room = sb.free_room(day(60), day(61), &[]).await;
    let p = sb
        .post(paths::RESERVATIONS, json!({"type": "SINGLE", "arrival": day(61), "departure": day(60), "roomId": room.room_id, "clientId": client.client_id}))
        .await
        .problem(422);
    assert!(p.errors.unwrap().contains_key("departure"));
    let p = sb
        .post(paths::RESERVATIONS, json!({"type": "SINGLE", "arrival": day(60), "departure": day(61), "roomId": room.room_id, "clientId": client.client_id, "adults": 9}))
        .await
        .problem(422);
    assert!(p.errors.unwrap()["adults"].all()[0].contains("at most"));
    let p = sb
        .post(
            paths::RESERVATIONS,
            json!({"type": "LOCK", "arrival": day(60), "departure": day(61), "roomId": room.room_id, "clientId": 1}),
        )
        .await
        .problem(422);
    assert!(p.errors.unwrap().contains_key("clientId"));
}

#[tokio::test]
async fn a_group_takes_several_rooms_at_once_or_none() {
    let sb = start().await;
    let client = sb.new_client("Zieliński").await;
    let a = sb.free_room(day(70), day(72), &[]).await;
    let b = sb.free_room(day(70), day(72), &[a.room_id]).await;
    let resp = sb
        .post(paths::RESERVATIONS, json!({"type": "GROUP", "roomId": [a.room_id, b.room_id], "clientId": client.client_id, "arrival": day(70), "departure": day(72), "adults": 4}))
        .await;
    assert_eq!(resp.status, 201);
    let made = resp.json::<wire::One<Vec<wire::Reservation>>>().data;
    assert_eq!(made.len(), 2);
    assert!(made[0].group_id.is_some() && made[0].group_id == made[1].group_id);
    assert_eq!(made.iter().map(|m| m.adults.unwrap()).collect::<Vec<_>>(), vec![2, 2]);
    // One room taken: the whole group is refused.
    let c = sb.free_room(day(70), day(72), &[a.room_id, b.room_id]).await;
    let resp = sb
        .post(paths::RESERVATIONS, json!({"type": "GROUP", "roomId": [c.room_id, a.room_id], "clientId": client.client_id, "arrival": day(70), "departure": day(72)}))
        .await;
    resp.problem(409);
    let av: wire::Items<wire::RoomAvailability> =
        sb.ok(&format!("/availability?roomId={}&from={}&to={}", c.room_id, day(70), day(71))).await;
    assert!(av.data[0].availability.iter().all(|d| d.rooms_to_sell == 1), "no half-made group");
    // deleteAllGroup=1 deletes every room of the group.
    let del = sb.delete(&format!("{}?deleteAllGroup=1", paths::reservation(made[1].reservation_id))).await;
    assert_eq!(del.status, 204);
    for m in &made {
        let r: wire::One<wire::Reservation> = sb.ok(&paths::reservation(m.reservation_id)).await;
        assert!(r.data.deleted());
    }
}

#[tokio::test]
async fn delete_is_soft_restorable_and_seen_by_last_edit() {
    let sb = start().await;
    let client = sb.new_client("Mazur").await;
    let room = sb.free_room(day(95), day(98), &[]).await;
    let r = sb.book(room.room_id, client.client_id, day(95), day(97)).await;
    let since = sb.sandbox.now().timestamp();
    let a = sb.delete(&paths::reservation(r.reservation_id)).await;
    assert_eq!(a.status, 204);
    assert!(a.body.is_empty());
    assert_eq!(a.header("ruid").map(|r| r.len()), Some(36));
    sb.delete(&paths::reservation(r.reservation_id)).await.problem(404);
    let live: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, &format!("roomId={}", room.room_id)).await;
    assert!(!live.iter().any(|x| x.reservation_id == r.reservation_id));
    let changed: Vec<wire::Reservation> =
        sb.all(paths::RESERVATIONS, &format!("lastEdit={since}&includeDeleted=1")).await;
    let gone = changed.iter().find(|x| x.reservation_id == r.reservation_id).expect("the deletion is an edit");
    assert!(gone.deleted() && gone.delete_date.is_some());
    // Microseconds are understood too.
    let micro: Vec<wire::Reservation> =
        sb.all(paths::RESERVATIONS, &format!("lastEdit={}&includeDeleted=1", since * 1_000_000)).await;
    assert_eq!(micro.len(), changed.len());
    // Restore: only deleted ones, only while the nights are free.
    let a = sb.post(&paths::restore(r.reservation_id), json!({})).await;
    assert_eq!(a.status, 200);
    assert!(!a.json::<wire::One<wire::Reservation>>().data.deleted());
    sb.post(&paths::restore(r.reservation_id), json!({})).await.problem(404);
    sb.delete(&paths::reservation(r.reservation_id)).await;
    let other = sb.book(room.room_id, client.client_id, day(96), day(98)).await;
    let p = sb.post(&paths::restore(r.reservation_id), json!({})).await.problem(409);
    assert!(p.detail.contains(&other.reservation_id.to_string()));
}

#[tokio::test]
async fn patch_moves_checks_in_and_out_and_refuses_what_it_must() {
    let sb = start().await;
    let client = sb.new_client("Król").await;
    let room = sb.free_room(day(0), day(2), &[]).await;
    let r = sb.book(room.room_id, client.client_id, day(0), day(2)).await;
    let path = paths::reservation(r.reservation_id);
    let a = sb.patch(&path, json!({"registration": "CHECKED_IN", "additionalInfo": "Klucz w skrzynce"})).await;
    assert_eq!(a.status, 200);
    let checked = a.json::<wire::One<wire::Reservation>>().data;
    assert_eq!(checked.registration.as_deref(), Some("CHECKED_IN"));
    assert_eq!(checked.additional_info.as_deref(), Some("Klucz w skrzynce"));
    assert!(checked.edit_date > r.edit_date);
    sb.patch(&path, json!({"type": "GROUP"})).await.problem(422);
    let future = sb.book(sb.free_room(day(80), day(82), &[]).await.room_id, client.client_id, day(80), day(82)).await;
    let p =
        sb.patch(&paths::reservation(future.reservation_id), json!({"registration": "CHECKED_IN"})).await.problem(422);
    assert!(p.errors.unwrap()["registration"].all()[0].contains("arrival day"));
    let target = sb.free_room(day(84), day(86), &[]).await;
    let moved = sb
        .patch(
            &paths::reservation(future.reservation_id),
            json!({"arrival": day(84), "departure": day(86), "roomId": target.room_id}),
        )
        .await;
    assert_eq!(moved.status, 200);
    let moved = moved.json::<wire::One<wire::Reservation>>().data;
    assert_eq!((moved.arrival, moved.departure, moved.room_id), (day(84), day(86), target.room_id));
    let busy = sb.free_room(day(90), day(92), &[]).await;
    let blocker = sb.book(busy.room_id, client.client_id, day(90), day(92)).await;
    let p = sb
        .patch(
            &paths::reservation(moved.reservation_id),
            json!({"arrival": day(91), "departure": day(93), "roomId": busy.room_id}),
        )
        .await
        .problem(409);
    assert!(p.detail.contains(&blocker.reservation_id.to_string()));
    sb.delete(&paths::reservation(blocker.reservation_id)).await;
    sb.patch(&paths::reservation(blocker.reservation_id), json!({"adults": 1})).await.problem(409);
    sb.patch("/reservations/1", json!({"adults": 1})).await.problem(404);
}

#[tokio::test]
async fn a_lock_blocks_the_room_without_a_client() {
    let sb = start().await;
    let room = sb.free_room(day(100), day(103), &[]).await;
    let a = sb.post(paths::RESERVATIONS, json!({"type": "LOCK", "roomId": room.room_id, "arrival": day(100), "departure": day(103), "additionalInfo": "Remont"})).await;
    assert_eq!(a.status, 201);
    let lock = a.json::<wire::One<wire::Reservation>>().data;
    assert_eq!((lock.client_id, lock.reservation_no, lock.price), (None, None, None));
    let client = sb.new_client("Sikora").await;
    sb.post(paths::RESERVATIONS, json!({"type": "SINGLE", "roomId": room.room_id, "clientId": client.client_id, "arrival": day(101), "departure": day(102)}))
        .await
        .problem(409);
    let listed: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, &format!("roomId={}", room.room_id)).await;
    assert!(!listed.iter().any(|r| r.reservation_id == lock.reservation_id));
}

#[tokio::test]
async fn clients_are_created_searched_replaced_with_put_and_kept_while_booked() {
    let sb = start().await;
    let a = sb
        .post(
            paths::CLIENTS,
            json!({"name": "Gąsienica", "forename": "Jan", "email": "jan.gasienica@wp.pl", "phone": "+48 601 100 200"}),
        )
        .await;
    assert_eq!(a.status, 201);
    let c = a.json::<wire::One<wire::Client>>().data;
    assert_eq!(a.header("location"), Some(format!("/v1/public/clients/{}", c.client_id)));
    let found: wire::List<wire::Client> = sb.ok("/clients?search=gasienica%40wp").await;
    assert!(found.data.iter().any(|x| x.client_id == c.client_id));
    let a =
        sb.put(&paths::client(c.client_id), json!({"name": "Gąsienica-Makowski", "email": "jan@zakopane.pl"})).await;
    assert_eq!(a.status, 200);
    let u = a.json::<wire::One<wire::Client>>().data;
    assert_eq!(
        (u.name.as_str(), u.forename.as_deref(), u.email.as_deref()),
        ("Gąsienica-Makowski", Some("Jan"), Some("jan@zakopane.pl"))
    );
    let p = sb.put(&paths::client(c.client_id), json!({"forename": "Jan", "email": "not-an-email"})).await.problem(422);
    let errors = p.errors.unwrap();
    assert!(errors.contains_key("name") && errors.contains_key("email"));
    sb.put("/clients/1", json!({"name": "X"})).await.problem(404);
    let room = sb.free_room(day(20), day(21), &[]).await;
    sb.book(room.room_id, c.client_id, day(20), day(21)).await;
    sb.delete(&paths::client(c.client_id)).await.problem(409);
    let lonely = sb.new_client("Baran").await;
    assert_eq!(sb.delete(&paths::client(lonely.client_id)).await.status, 204);
    sb.get(&paths::client(lonely.client_id)).await.problem(404);
}
