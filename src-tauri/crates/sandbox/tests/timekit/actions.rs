//! The booking graphs over HTTP: confirm, decline, cancel, auto-complete, replication to bulked
//! bookings, bulk update, metadata and delete (final states only).

use innkeep_providers::timekit::wire::{self, paths};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

async fn act(sb: &Sb, id: &str, action: &str, body: Option<Value>) -> wire::Booking {
    let b: wire::Data<wire::Booking> = sb.expect(Method::PUT, &paths::booking_action(id, action), body, 200).await;
    b.data
}

async fn refused(sb: &Sb, id: &str, action: &str) -> String {
    sb.fails(Method::PUT, &paths::booking_action(id, action), None, 422).await.error.unwrap()
}

#[tokio::test]
async fn confirm_decline_moves_through_its_graph() {
    let sb = start().await;
    let room = sb.free_room(day(10), 2).await;
    let a = sb.create(sb.stay(&room, day(10), 2, "confirm_decline")).await;
    assert_eq!(refused(&sb, &a.id, "cancel").await, "Cannot apply action 'cancel' to current state 'tentative'");
    let confirmed = act(&sb, &a.id, "confirm", Some(json!({}))).await;
    assert_eq!((confirmed.state.as_str(), confirmed.completed), ("confirmed", false));
    assert!(confirmed.updated_at > a.updated_at);
    assert_eq!(refused(&sb, &a.id, "confirm").await, "Cannot apply action 'confirm' to current state 'confirmed'");
    assert_eq!(refused(&sb, &a.id, "decline").await, "Cannot apply action 'decline' to current state 'confirmed'");
    let cancelled = act(&sb, &a.id, "cancel", Some(json!({"cancel": {"message": "Road closed at Vík"}}))).await;
    assert_eq!((cancelled.state.as_str(), cancelled.completed), ("cancelled", true));
    assert!(cancelled.available_actions.unwrap().is_empty());
    assert_eq!(refused(&sb, &a.id, "cancel").await, "Cannot apply action 'cancel' to current state 'cancelled'");

    let b = sb.create(sb.stay(&room, day(10), 2, "confirm_decline")).await;
    let declined = act(&sb, &b.id, "decline", Some(json!({"decline": {"message": "Sorry, we are full"}}))).await;
    assert_eq!((declined.state.as_str(), declined.completed), ("declined", true));
    let e = sb.fails(Method::PUT, &paths::booking_action(&b.id, "cancel"), Some(json!({"cancel": "now"})), 422).await;
    assert!(e.errors.unwrap().contains_key("cancel"));
    assert_eq!(refused(&sb, &b.id, "teleport").await, "Cannot apply action 'teleport' to current state 'declined'");
    sb.fails(Method::PUT, &paths::booking_action("58190fc6-1ec0-4ebb-b627-7ce6aa9fc703", "confirm"), None, 404).await;
}

#[tokio::test]
async fn confirming_a_request_whose_room_was_taken_meanwhile_is_refused() {
    let sb = start().await;
    let room = sb.free_room(day(35), 2).await;
    let request = sb.create(sb.stay(&room, day(35), 2, "confirm_decline")).await;
    sb.create(sb.stay(&room, day(36), 1, "instant")).await;
    assert!(refused(&sb, &request.id, "confirm").await.contains("not available"));
    assert_eq!(sb.booking(&request.id).await.state, "tentative", "nothing changed");
}

#[tokio::test]
async fn confirmed_stays_complete_an_hour_after_check_out() {
    let sb = start().await;
    let room = sb.free_room(day(1), 1).await;
    let b = sb.create(sb.stay(&room, day(1), 1, "instant")).await;
    assert_eq!(b.state, "confirmed");
    // Check-out is the day after tomorrow at 11:00; the clock is at 09:00 today.
    sb.sandbox.advance_clock(chrono::Duration::hours(50) + chrono::Duration::minutes(30));
    assert_eq!(sb.booking(&b.id).await.state, "confirmed");
    sb.sandbox.advance_clock(chrono::Duration::minutes(31));
    let done = sb.booking(&b.id).await;
    assert_eq!((done.state.as_str(), done.completed), ("completed", true));
    assert_eq!(done.updated_at.utc(), utc(day(2), 12));
}

#[tokio::test]
async fn actions_replicate_to_bulked_bookings_unless_told_not_to() {
    let sb = start().await;
    let all: Vec<String> = sb.resources().await.into_iter().map(|r| r.id).collect();
    let free: wire::Data<Vec<wire::Slot>> = sb
        .expect(
            Method::POST,
            paths::AVAILABILITY,
            Some(json!({"mode": "exclusive", "resources": all, "from": at(day(70), 14), "to": at(day(71), 11), "length": "21 hours"})),
            200,
        )
        .await;
    let rooms: Vec<String> = free.data[0].resources.iter().map(|r| r.id().to_owned()).take(3).collect();
    let body = json!({"bookings": rooms.iter().map(|r| sb.stay(r, day(70), 1, "confirm_decline")).collect::<Vec<_>>(),
                      "relate_bookings": true});
    let made: wire::BulkAnswer = sb.expect(Method::POST, paths::BOOKINGS_BULK, Some(body), 201).await;
    let ids: Vec<String> = made.data.iter().map(|b| b.id.clone()).collect();
    act(&sb, &ids[0], "confirm", None).await;
    for id in &ids {
        assert_eq!(sb.booking(id).await.state, "confirmed");
    }
    act(&sb, &ids[1], "cancel", Some(json!({"apply_to_bulked_bookings": false}))).await;
    let states: Vec<String> = futures_states(&sb, &ids).await;
    assert_eq!(states, ["confirmed", "cancelled", "confirmed"]);
    // Replicated where the state allows it: the cancelled one stays cancelled.
    act(&sb, &ids[0], "cancel", None).await;
    assert_eq!(futures_states(&sb, &ids).await, ["cancelled", "cancelled", "cancelled"]);
}

async fn futures_states(sb: &Sb, ids: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for id in ids {
        out.push(sb.booking(id).await.state);
    }
    out
}

#[tokio::test]
async fn bulk_update_applies_actions_in_order_and_can_undo_them() {
    let sb = start().await;
    let tentative = sb.all_bookings("&search=state:tentative").await;
    let (a, b) = (&tentative[0].id, &tentative[1].id);
    let answer: wire::BulkAnswer = sb
        .expect(
            Method::PUT,
            paths::BOOKINGS_BULK,
            Some(json!({"bookings": [{"id": a, "action": "confirm"}, {"id": b, "action": "decline", "decline": {"message": "Full"}}]})),
            200,
        )
        .await;
    assert_eq!(answer.data.iter().map(|b| b.state.as_str()).collect::<Vec<_>>(), ["confirmed", "declined"]);

    let c = &tentative[2].id;
    let before = sb.booking(c).await;
    let body = json!({"bookings": [{"id": c, "action": "confirm"}, {"id": b, "action": "confirm"},
                                   {"id": "58190fc6-1ec0-4ebb-b627-7ce6aa9fc703", "action": "confirm"}],
                      "reset_all_on_error": true});
    let answer: wire::BulkAnswer = sb.expect(Method::PUT, paths::BOOKINGS_BULK, Some(body.clone()), 422).await;
    assert!(answer.data.is_empty());
    let errors = answer.errors.unwrap();
    assert_eq!(errors["bookings.1"], ["Cannot apply action 'confirm' to current state 'declined'"]);
    assert!(errors.contains_key("bookings.2.id"));
    let after = sb.booking(c).await;
    assert_eq!((after.state.as_str(), after.updated_at), ("tentative", before.updated_at), "undone");

    let mut keep = body;
    keep["reset_all_on_error"] = json!(false);
    let answer: wire::BulkAnswer = sb.expect(Method::PUT, paths::BOOKINGS_BULK, Some(keep), 422).await;
    assert_eq!(answer.data.len(), 1);
    assert_eq!(sb.booking(c).await.state, "confirmed");
}

#[tokio::test]
async fn metadata_is_merged_and_null_removes_a_key() {
    let sb = start().await;
    let b = &sb.all_bookings("&search=state:confirmed").await[0];
    let path = paths::booking_meta(&b.id);
    let updated: wire::Data<wire::Booking> =
        sb.expect(Method::PUT, &path, Some(json!({"meta": {"notes": "Hot tub at 21:00", "adults": "3"}})), 200).await;
    let meta = updated.data.meta.unwrap();
    assert_eq!((meta["notes"].as_str(), meta["adults"].as_str()), (Some("Hot tub at 21:00"), Some("3")));
    assert!(meta.contains_key("channel"), "other keys stay");
    assert!(updated.data.updated_at > b.updated_at);
    let cleared: wire::Data<wire::Booking> =
        sb.expect(Method::PUT, &path, Some(json!({"meta": {"notes": null}})), 200).await;
    assert!(!cleared.data.meta.unwrap().contains_key("notes"));
    let e = sb.fails(Method::PUT, &path, Some(json!({"notes": "x"})), 422).await;
    assert!(e.errors.unwrap().contains_key("meta"));
}

#[tokio::test]
async fn only_bookings_in_a_final_state_can_be_deleted() {
    let sb = start().await;
    let room = sb.free_room(day(45), 1).await;
    let b = sb.create(sb.stay(&room, day(45), 1, "instant")).await;
    let e = sb.fails(Method::DELETE, &paths::booking(&b.id), None, 422).await;
    let message = e.error.unwrap();
    assert!(message.contains("final state") && message.contains("'confirmed'"), "{message}");
    assert_eq!(sb.booking(&b.id).await.state, "confirmed", "nothing lost");

    act(&sb, &b.id, "cancel", None).await;
    let resp = sb.send(Method::DELETE, &paths::booking(&b.id), None).await;
    assert_eq!(resp.status(), 204);
    assert!(resp.text().await.unwrap().is_empty());
    let e = sb.fails(Method::GET, &paths::booking(&b.id), None, 404).await;
    assert_eq!(e.model.as_deref(), Some("Booking"));
    sb.fails(Method::DELETE, &paths::booking(&b.id), None, 404).await;
    assert!(sb.all_bookings("").await.iter().all(|x| x.id != b.id));

    let completed = &sb.all_bookings("&search=state:completed").await[0];
    assert_eq!(sb.send(Method::DELETE, &paths::booking(&completed.id), None).await.status(), 204);
}
