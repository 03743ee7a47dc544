//! The reservation state machine: confirm, start (check-in), process (check-out), cancel.

use chrono::Duration;
use innkeep_providers::mews::wire::{self, paths};
use serde_json::json;

use crate::common::*;

/// A raw call that must answer 200; returns the body.
async fn ok(sb: &Sb, path: &str, body: serde_json::Value) -> String {
    let resp = sb.raw(path, body.clone()).await;
    let status = resp.status();
    let text = resp.text().await.unwrap();
    assert_eq!(status, 200, "{path} {body}: {text}");
    text
}

#[tokio::test]
async fn optional_to_confirmed_to_started_to_processed() {
    let sb = start().await;
    let setup = sb.setup().await;
    let mut stay = setup.stay(1, today(), 3);
    stay.state = Some("Optional".into());
    let r = book(&sb, &setup, stay).await;
    let mut last = r.updated_utc;
    let mut updated = |read: &wire::Reservation| {
        assert!(read.updated_utc > last, "UpdatedUtc moves on every change");
        last = read.updated_utc;
    };

    let e = sb.fails(paths::RESERVATIONS_START, json!({"ReservationId": r.id}), 403).await;
    assert!(e.message.contains("Only confirmed reservations"), "{}", e.message);

    let confirmed: wire::ReservationIdsResponse =
        serde_json::from_str(&ok(&sb, paths::RESERVATIONS_CONFIRM, json!({"ReservationIds": [r.id]})).await).unwrap();
    assert_eq!(confirmed.reservation_ids, vec![r.id.clone()]);
    let read = sb.reservation(&r.id).await;
    assert_eq!(read.state, "Confirmed");
    updated(&read);
    let e = sb.fails(paths::RESERVATIONS_CONFIRM, json!({"ReservationIds": [r.id]}), 403).await;
    assert!(e.message.contains("is confirmed"), "{}", e.message);

    assert_eq!(ok(&sb, paths::RESERVATIONS_START, json!({"ReservationId": r.id})).await, "{}");
    let read = sb.reservation(&r.id).await;
    assert_eq!(read.state, "Started");
    assert_eq!(read.actual_start_utc, Some(read.updated_utc));
    updated(&read);
    sb.fails(paths::RESERVATIONS_START, json!({"ReservationId": r.id}), 403).await;
    let e = sb.fails(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [r.id], "Notes": "x"}), 403).await;
    assert!(e.message.contains("checked in"), "{}", e.message);

    // Three nights: check-out is allowed from the last night on.
    let e = sb.fails(paths::RESERVATIONS_PROCESS, json!({"ReservationId": r.id}), 403).await;
    assert!(e.message.contains("last night"), "{}", e.message);
    sb.sandbox.advance_clock(Duration::days(2));
    sb.fails(paths::RESERVATIONS_PROCESS, json!({"ReservationId": r.id, "AllowOpenBalance": true}), 400).await;
    let processed = sb
        .http
        .post(sb.url(paths::RESERVATIONS_PROCESS))
        .header("Prefer", "return=minimal")
        .json(&sb.with_auth(json!({"ReservationId": r.id})))
        .send()
        .await
        .unwrap();
    assert_eq!(processed.status(), 204, "`{{}}` becomes 204 with Prefer: return=minimal");
    let read = sb.reservation(&r.id).await;
    assert_eq!(read.state, "Processed");
    assert_eq!(read.actual_end_utc, Some(read.updated_utc));
    updated(&read);
    sb.fails(paths::RESERVATIONS_PROCESS, json!({"ReservationId": r.id}), 403).await;
    let e = sb.fails(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [r.id], "Notes": "x"}), 403).await;
    assert!(e.message.contains("checked out"), "{}", e.message);
}

#[tokio::test]
async fn check_in_waits_for_the_arrival_day_and_a_free_room() {
    let sb = start().await;
    let setup = sb.setup().await;
    let r = book(&sb, &setup, setup.stay(0, day(1), 1)).await;
    let e = sb.fails(paths::RESERVATIONS_START, json!({"ReservationId": r.id}), 403).await;
    assert!(e.message.contains("before its arrival date"), "{}", e.message);
    sb.sandbox.advance_clock(Duration::days(1));
    ok(&sb, paths::RESERVATIONS_START, json!({"ReservationId": r.id})).await;

    let e = sb
        .fails(paths::RESERVATIONS_START, json!({"ReservationId": "00000000-0000-4000-8000-000000000000"}), 400)
        .await;
    assert!(e.message.starts_with("Invalid ReservationId"), "{}", e.message);
    sb.fails(paths::RESERVATIONS_START, json!({}), 400).await;
}

#[tokio::test]
async fn cancel_needs_notes_and_a_cancellable_reservation() {
    let sb = start().await;
    let setup = sb.setup().await;
    let a = book(&sb, &setup, setup.stay(1, day(5), 2)).await;
    let b = book(&sb, &setup, setup.stay(1, day(6), 2)).await;

    let e = sb.fails(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [a.id]}), 400).await;
    assert!(e.message.starts_with("Invalid Notes"), "{}", e.message);
    sb.fails(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [a.id], "Notes": "  "}), 400).await;
    sb.fails(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [], "Notes": "x"}), 400).await;
    sb.fails(
        paths::RESERVATIONS_CANCEL,
        json!({"ReservationIds": ["00000000-0000-4000-8000-000000000000"], "Notes": "x"}),
        400,
    )
    .await;

    let resp: wire::ReservationIdsResponse = sb
        .call(
            paths::RESERVATIONS_CANCEL,
            wire::ReservationsCancelRequest {
                reservation_ids: vec![a.id.clone()],
                post_cancellation_fee: Some(false),
                send_email: Some(false),
                notes: Some("Guest called to cancel".into()),
            },
        )
        .await;
    assert_eq!(resp.reservation_ids, vec![a.id.clone()]);
    let read = sb.reservation(&a.id).await;
    assert_eq!(read.state, "Canceled");
    assert_eq!(read.cancelled_utc, Some(read.updated_utc));
    assert!(read.updated_utc > a.updated_utc);
    assert_eq!(read.cancellation_reason.as_deref(), Some("Other"));

    // Already cancelled: 403, and a batch with it changes nothing (all or nothing).
    let e = sb.fails(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [b.id, a.id], "Notes": "x"}), 403).await;
    assert!(e.message.contains("already canceled"), "{}", e.message);
    assert_eq!(sb.reservation(&b.id).await.state, "Confirmed");

    // Inquiries and options can be cancelled too.
    for state in ["Enquired", "Optional"] {
        let mut stay = setup.stay(1, day(8), 1);
        stay.state = Some(state.into());
        let r = book(&sb, &setup, stay).await;
        ok(&sb, paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [r.id], "Notes": "x"})).await;
    }
}

#[tokio::test]
async fn seeded_arrivals_and_departures_can_be_handled_today() {
    let sb = start().await;
    let everything = sb.walk(wire::ReservationsGetAllRequest::default(), 1000).await;
    // Today's departures still in the house can check out; today's arrivals can check in once
    // their room is free.
    let leaving: Vec<_> =
        everything.iter().filter(|r| r.state == "Started" && r.scheduled_end_utc == local(today(), 12)).collect();
    assert!(!leaving.is_empty(), "some guests leave today");
    for r in &leaving {
        ok(&sb, paths::RESERVATIONS_PROCESS, json!({"ReservationId": r.id})).await;
    }
    let arriving: Vec<_> =
        everything.iter().filter(|r| r.state == "Confirmed" && r.scheduled_start_utc == local(today(), 14)).collect();
    assert!(!arriving.is_empty(), "some guests arrive today");
    for r in &arriving {
        ok(&sb, paths::RESERVATIONS_START, json!({"ReservationId": r.id})).await;
    }
}
