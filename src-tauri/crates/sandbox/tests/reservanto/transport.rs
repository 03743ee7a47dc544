//! Transport: paths, methods, content types, the token exchange, rights, `TimeStamp`, the envelope
//! and the `Date` header.

use innkeep_providers::reservanto::wire::{self, paths, Envelope};
use innkeep_sandbox::reservanto;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn unknown_paths_are_404_and_other_methods_405() {
    let sb = start().await;
    let r = sb.send("/v1/Booking/Teleport", Some(&sb.token), &stamp(json!({}))).await;
    assert_eq!(r.status, 404);
    let body: wire::TransportError = serde_json::from_str(&r.text).unwrap();
    assert!(body.message.unwrap().contains("No HTTP resource"));
    let r = sb.http.get(sb.url(paths::SEGMENT_LIST)).header("Authorization", &sb.token).send().await.unwrap();
    assert_eq!(r.status(), 405);
    // Routing ignores case, as ASP.NET does.
    let r = sb.send("/v1/segment/getlist", Some(&sb.token), &stamp(json!({}))).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn only_json_bodies_are_accepted() {
    let sb = start().await;
    let r = sb
        .http
        .post(sb.url(paths::SEGMENT_LIST))
        .header("Authorization", &sb.token)
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let body: wire::TransportError = r.json().await.unwrap();
    assert!(body.message.unwrap().contains("text/plain"));
    // Broken JSON is a business error of the action, with its fields at their defaults.
    let r = sb
        .http
        .post(sb.url(paths::SEGMENT_LIST))
        .header("Authorization", &sb.token)
        .header("Content-Type", "application/json")
        .body("{\"OnlyPublic\": tru")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["IsError"], true);
    assert_eq!(body["Items"], json!([]));
}

#[tokio::test]
async fn every_request_needs_a_time_stamp_whatever_its_value() {
    let sb = start().await;
    let r = sb.send(paths::SEGMENT_LIST, Some(&sb.token), &json!({"OnlyPublic": true})).await;
    let env: Envelope = serde_json::from_str(&r.text).unwrap();
    assert!(env.is_error);
    assert_eq!(env.parameter(), Some("TimeStamp"));
    // A wrong value (the official sample's 1980 epoch) is accepted.
    let r = sb.send(paths::SEGMENT_LIST, Some(&sb.token), &json!({"TimeStamp": 12})).await;
    let env: Envelope = serde_json::from_str(&r.text).unwrap();
    assert!(!env.is_error, "{}", r.text);
}

#[tokio::test]
async fn the_short_time_token_is_bare_and_lives_thirty_minutes() {
    let sb = start().await;
    let body = stamp(json!({"OnlyPublic": false}));
    assert_eq!(sb.send(paths::SEGMENT_LIST, None, &body).await.status, 401);
    let bearer = format!("Bearer {}", sb.token);
    assert_eq!(sb.send(paths::SEGMENT_LIST, Some(&bearer), &body).await.status, 401, "no scheme word");
    let r = sb.send(paths::SEGMENT_LIST, Some("0000"), &body).await;
    assert_eq!(r.status, 401);
    let msg: wire::TransportError = serde_json::from_str(&r.text).unwrap();
    assert!(msg.message.unwrap().contains("Authorization has been denied"));
    assert_eq!(sb.send(paths::SEGMENT_LIST, Some(&sb.token), &body).await.status, 200);

    sb.sandbox.advance_clock(chrono::Duration::minutes(29));
    assert_eq!(sb.send(paths::SEGMENT_LIST, Some(&sb.token), &body).await.status, 200);
    sb.sandbox.advance_clock(chrono::Duration::minutes(2));
    assert_eq!(sb.send(paths::SEGMENT_LIST, Some(&sb.token), &body).await.status, 401, "expired after 30 minutes");
    let fresh = sb.new_token(reservanto::LONG_TIME_TOKEN).await;
    assert_ne!(fresh, sb.token);
    assert_eq!(sb.send(paths::SEGMENT_LIST, Some(&fresh), &body).await.status, 200);
}

#[tokio::test]
async fn an_unknown_long_time_token_is_a_business_error() {
    let sb = start().await;
    let r = sb.send(paths::SHORT_TIME_TOKEN, None, &stamp(json!({"LongTimeToken": "nope"}))).await;
    assert_eq!(r.status, 200);
    let body = r.json();
    assert_eq!(body["IsError"], true);
    assert_eq!(body["ErrorParameter"], "LongTimeToken");
    assert_eq!(body["ShortTimeToken"], serde_json::Value::Null);
    let r = sb.send(paths::SHORT_TIME_TOKEN, None, &stamp(json!({}))).await;
    assert_eq!(r.json()["ErrorParameter"], "LongTimeToken");
}

#[tokio::test]
async fn a_token_without_booking_rights_gets_403_on_writes_only() {
    let sb = start().await;
    let read_only = sb.new_token(reservanto::READ_ONLY_LONG_TIME_TOKEN).await;
    let r = sb
        .send(
            paths::EVENT_LIST,
            Some(&read_only),
            &stamp(json!({"StartDate": local(today(), 0), "EndDate": local(day(7), 0)})),
        )
        .await;
    assert_eq!(r.status, 200);
    for path in [paths::RENTAL_CREATE, paths::CANCEL, paths::ACTIVITIES, paths::CUSTOMER_CREATE] {
        let r = sb.send(path, Some(&read_only), &stamp(json!({}))).await;
        assert_eq!(r.status, 403, "{path}");
        let msg: wire::TransportError = serde_json::from_str(&r.text).unwrap();
        assert!(msg.message.unwrap().contains("_w"), "names the missing right");
    }
}

#[tokio::test]
async fn answers_carry_the_sandbox_time_and_a_clean_envelope() {
    let sb = start().await;
    let r = sb.send(paths::ECHO, Some(&sb.token), &stamp(json!({"Text": "ahoj"}))).await;
    assert_eq!(r.headers["Date"], "Tue, 10 Mar 2026 09:00:00 GMT", "10:00 in Prague");
    assert!(r.headers["Content-Type"].to_str().unwrap().starts_with("application/json"));
    let body = r.json();
    assert_eq!(body["Ok"], true);
    assert_eq!(body["ReceivedText"], "ahoj");
    for (k, v) in [
        ("IsError", json!(false)),
        ("ErrorMessage", json!(null)),
        ("ErrorParameter", json!(null)),
        ("ErrorMessages", json!([])),
        ("ErrorParameters", json!([])),
    ] {
        assert_eq!(body[k], v, "{k}");
    }
}
