//! The error paths of Innkeep's client: expired and revoked tokens, 429 bursts, 5xx, broken
//! answers, offline, 422 field errors mapped to form fields, 409 overlaps, and a booking whose
//! new guest was made but whose reservation was refused.

use innkeep_core::{ErrorKind, NewGuest};
use innkeep_providers::mobile_calendar::wire::{self, paths};
use innkeep_providers::{Connector, GuestRef, NewBooking, StayRequest};
use innkeep_sandbox::FaultRule;

use crate::common::*;

fn stay(room: i64, arrival: chrono::NaiveDate, departure: chrono::NaiveDate) -> StayRequest {
    StayRequest {
        arrival,
        departure,
        category_provider_id: None,
        room_provider_id: Some(room.to_string()),
        additional_room_provider_ids: Vec::new(),
        adults: 2,
        children: 0,
    }
}

fn new_guest(last: &str, email: Option<&str>) -> GuestRef {
    GuestRef::New(NewGuest {
        first_name: "Adam".into(),
        last_name: last.into(),
        email: email.map(Into::into),
        phone: None,
    })
}

async fn clients_total(sb: &Sb) -> u64 {
    sb.ok::<wire::List<wire::Client>>("/clients?limit=1").await.meta.total_items
}

#[tokio::test]
async fn an_expired_token_is_renewed_without_the_manager_noticing() {
    let sb = start().await;
    let c = sb.connector();
    c.check().await.unwrap();
    // The sandbox clock passes the hour; the client still thinks its token is fresh, meets a
    // 401, gets a new token once and goes on.
    sb.sandbox.advance_clock(chrono::Duration::hours(2));
    let p = c.check().await.expect("renewed after one 401");
    assert_eq!(p.currency, "PLN");
}

#[tokio::test]
async fn revoked_credentials_give_an_auth_error_that_says_what_to_do() {
    let sb = start().await;
    let c = sb.connector();
    c.check().await.unwrap();
    sb.sandbox.faults().set_reject_tokens(true);
    let e = c.catalog().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("Client ID") && e.message.contains("Integrations"), "{}", e.message);
    assert!(!e.message.contains(innkeep_sandbox::mobile_calendar::CLIENT_SECRET), "no secrets in messages");
    sb.sandbox.faults().set_reject_tokens(false);
    c.catalog().await.expect("works again once the account is back");
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_error_before_anything_else() {
    let sb = start().await;
    let mut creds = sb.credentials.clone();
    creds.insert("client_secret", "wrong");
    let c = innkeep_providers::mobile_calendar::MobileCalendarConnector::new(
        &sb.base,
        &creds,
        Default::default(),
        innkeep_providers::mobile_calendar::Budget::MOBILE_CALENDAR,
    )
    .unwrap();
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("Invalid credentials"), "{}", e.message);
    let mut missing = sb.credentials.clone();
    missing.0.remove("client_id");
    let e = innkeep_providers::mobile_calendar::connect(&innkeep_providers::Endpoint {
        base_url: &sb.base,
        credentials: &missing,
        config: &serde_json::Value::Null,
    })
    .err()
    .unwrap();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("Client ID"));
}

#[tokio::test]
async fn a_short_429_burst_is_waited_out_and_a_long_one_reported() {
    let sb = start().await;
    let c = sb.connector();
    c.check().await.unwrap();
    sb.sandbox.faults().push(FaultRule::status(429).times(2).retry_after(1));
    c.check().await.expect("two 429s with Retry-After: 1 are waited out");
    sb.sandbox.faults().push(FaultRule::status(429).times(10).retry_after(1));
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.retry_after_secs, Some(1));
    sb.sandbox.faults().clear();
}

#[tokio::test]
async fn server_errors_broken_answers_and_offline_each_say_what_happened() {
    let sb = start().await;
    let c = sb.connector();
    c.check().await.unwrap();
    sb.sandbox.faults().fail_next(1, 503);
    c.check().await.expect("a read is retried after one 503");
    sb.sandbox.faults().fail_next(10, 503);
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unavailable);
    assert!(e.message.contains("503"), "{}", e.message);
    sb.sandbox.faults().clear();
    sb.sandbox.faults().push(FaultRule::truncated().times(10));
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed, "{e:?}");
    sb.sandbox.faults().clear();
    sb.sandbox.faults().set_offline(true);
    let e = c.check().await.unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Offline | ErrorKind::Unavailable), "{e:?}");
    sb.sandbox.faults().set_offline(false);
    let mut sb = sb;
    sb.sandbox.suspend().await;
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Offline);
    assert!(e.message.contains("Cannot reach Mobile Calendar"), "{}", e.message);
}

#[tokio::test]
async fn a_write_is_not_repeated_after_a_server_error() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let room = sb.free_room(day(24), day(26), &[]).await;
    let client = sb.new_client("Raz").await;
    let before = sb.ok::<wire::List<wire::Reservation>>("/reservations?limit=1").await.meta.total_items;
    sb.sandbox.faults().push(FaultRule::status(500).on_path("/mobile-calendar/v1/public/reservations"));
    let b = NewBooking {
        stay: stay(room.room_id, day(24), day(26)),
        guests: vec![GuestRef::Existing(client.client_id.to_string())],
        notes: None,
        reference: "r".into(),
    };
    let e = c.create(&b).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unavailable);
    assert!(e.message.contains("unknown: sync"), "{}", e.message);
    assert_eq!(sb.ok::<wire::List<wire::Reservation>>("/reservations?limit=1").await.meta.total_items, before);
}

#[tokio::test]
async fn field_errors_reach_the_form_fields() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let room = sb.free_room(day(22), day(23), &[]).await;
    let before = clients_total(&sb).await;
    let b = NewBooking {
        stay: stay(room.room_id, day(22), day(23)),
        guests: vec![new_guest("Kos", Some("kos@@wp"))],
        notes: None,
        reference: "r".into(),
    };
    let e = c.create(&b).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("email")));
    assert!(e.message.contains("E-mail"), "{}", e.message);
    let b = NewBooking {
        stay: stay(room.room_id, day(22), day(23)),
        guests: vec![new_guest(" ", None)],
        notes: None,
        reference: "r".into(),
    };
    let e = c.create(&b).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("last_name"));
    let mut crowded = stay(room.room_id, day(22), day(23));
    crowded.adults = 9;
    let client = sb.new_client("Tłok").await;
    let b = NewBooking {
        stay: crowded,
        guests: vec![GuestRef::Existing(client.client_id.to_string())],
        notes: None,
        reference: "r".into(),
    };
    let e = c.create(&b).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("adults")));
    assert_eq!(clients_total(&sb).await, before + 1, "only the client made on purpose above");
}

#[tokio::test]
async fn a_refused_booking_leaves_no_half_written_guest_behind() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let taken: wire::List<wire::Reservation> = sb.ok(&format!("/reservations?from={}&limit=1", day(4))).await;
    let t = &taken.data[0];
    let before = clients_total(&sb).await;
    let b = NewBooking {
        stay: stay(t.room_id, t.arrival, t.departure),
        guests: vec![new_guest("Spóźniony", None)],
        notes: None,
        reference: "r".into(),
    };
    let e = c.create(&b).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("already booked"), "{}", e.message);
    assert!(e.message.contains("removed again"), "{}", e.message);
    assert_eq!(clients_total(&sb).await, before, "the new guest was taken back");
    let all: Vec<wire::Client> = sb.all(paths::CLIENTS, "search=Sp%C3%B3%C5%BAniony").await;
    assert!(all.is_empty());
}

#[tokio::test]
async fn a_cancellation_of_a_vanished_reservation_is_not_found() {
    let sb = start().await;
    let c = sb.connector();
    let t = innkeep_providers::Target {
        provider_id: "1".into(),
        guest_provider_id: None,
        room_provider_id: None,
        arrival: day(1),
        departure: day(2),
        raw: serde_json::Value::Null,
    };
    let e = c.apply(&t, &innkeep_providers::Change::Cancel { reason: None, override_late: false }).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("sync"), "{}", e.message);
}
