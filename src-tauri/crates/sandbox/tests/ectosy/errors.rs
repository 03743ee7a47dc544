//! The gateway's refusals (key, route, throttle, injected faults) and the API's validation,
//! each with its own status and body, and none of them changing anything.

use std::time::Duration;

use innkeep_providers::ectosy::wire::{self, codes, paths};
use innkeep_sandbox::FaultRule;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn a_missing_wrong_or_revoked_key_is_forbidden() {
    let sb = start().await;
    for key in [None, Some("wrong-key"), Some("")] {
        let resp = sb.send_with_key(Method::GET, paths::RESOURCES, None, key).await;
        assert_eq!(resp.status(), 403);
        assert_eq!(resp.headers()["x-amzn-ErrorType"], "ForbiddenException");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body, json!({"message": "Forbidden"}));
    }
    sb.sandbox.faults().set_reject_tokens(true);
    let resp = sb.send(Method::GET, paths::RESOURCES, None).await;
    assert_eq!(resp.status(), 403);
    sb.sandbox.faults().set_reject_tokens(false);
    assert_eq!(sb.send(Method::GET, paths::RESOURCES, None).await.status(), 200);
}

#[tokio::test]
async fn unknown_resources_and_methods_miss_the_authentication_token() {
    let sb = start().await;
    for (method, path) in [
        (Method::GET, "/period"),
        (Method::POST, "/customers"),
        (Method::GET, "/reservations"),
        (Method::POST, "/resources"),
        (Method::GET, "/Resources"),
    ] {
        let resp = sb.send(method.clone(), path, None).await;
        assert_eq!(resp.status(), 403, "{method} {path}");
        assert_eq!(resp.headers()["x-amzn-ErrorType"], "MissingAuthenticationTokenException");
        let body: wire::ErrorBody = resp.json().await.unwrap();
        assert_eq!(body.message, "Missing Authentication Token");
    }
    // Without the stage prefix the API is not there either.
    let root = sb.endpoint.base_url.trim_end_matches(innkeep_sandbox::ectosy::STAGE).to_owned();
    let resp = sb.http.get(format!("{root}/resources")).header(wire::API_KEY_HEADER, sb.key()).send().await.unwrap();
    assert_eq!(resp.status(), 403);
}

#[tokio::test]
async fn the_throttle_answers_429_with_retry_after_and_lets_through_later() {
    let sb = start().await;
    sb.sandbox.faults().set_rate_limit(3, Duration::from_secs(1));
    for _ in 0..3 {
        assert_eq!(sb.send(Method::GET, paths::RESOURCES, None).await.status(), 200);
    }
    let resp = sb.send(Method::GET, paths::RESOURCES, None).await;
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["Retry-After"], "1");
    assert_eq!(resp.headers()["x-amzn-ErrorType"], "TooManyRequestsException");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body, json!({"message": "Too Many Requests"}));
    // A refused key is refused before it is counted.
    assert_eq!(sb.send_with_key(Method::GET, paths::RESOURCES, None, Some("x")).await.status(), 403);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(sb.send(Method::GET, paths::RESOURCES, None).await.status(), 200);
}

#[tokio::test]
async fn injected_faults_look_like_the_gateway() {
    let sb = start().await;
    for (status, message) in [
        (500, "Internal server error"),
        (502, "Internal server error"),
        (503, "Service Unavailable"),
        (504, "Endpoint request timed out"),
        (429, "Too Many Requests"),
    ] {
        sb.sandbox.faults().fail_next(1, status);
        let resp = sb.send(Method::GET, paths::RESOURCES, None).await;
        assert_eq!(resp.status().as_u16(), status);
        if status == 429 {
            assert_eq!(resp.headers()["Retry-After"], "1");
        }
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body, json!({"message": message}));
    }
    sb.sandbox.faults().push(FaultRule::status(503).retry_after(7));
    assert_eq!(sb.send(Method::GET, paths::RESOURCES, None).await.headers()["Retry-After"], "7");
}

#[tokio::test]
async fn every_bad_period_gets_its_own_error_and_saves_nothing() {
    let sb = start().await;
    let room = sb.position("Room 2").await;
    let start = free_stretch(&sb, &room.position_id, day(40), 3).await;
    let before = sb.inspect(&format!("positionId={}", room.position_id)).await.len();
    let good = json!({
        "positionId": room.position_id,
        "apiUserTitle": "Innkeep tests",
        "start": start.to_string(),
        "end": (start + chrono::Duration::days(3)).to_string(),
        "customers": r#"[{"name":"Ana","surname":"Horvat"}]"#,
    });
    let with = |field: &str, value: Value| {
        let mut body = good.clone();
        match value {
            Value::Null => {
                body.as_object_mut().unwrap().remove(field);
            }
            v => body[field] = v,
        }
        body
    };
    let cases: Vec<(Value, u16, &str, Option<&str>)> = vec![
        (with("customers", json!("[]")), 400, codes::NO_CUSTOMERS, Some("customers")),
        (
            with("customers", json!(r#"[{"name":"Ana","surname":"Horvat"},{"name":"Ivan","surname":" "}]"#)),
            400,
            codes::SURNAME_REQUIRED,
            Some("customers[1].surname"),
        ),
        (with("customers", json!(r#"[{"name":"Ivan"}]"#)), 400, codes::SURNAME_REQUIRED, Some("customers[0].surname")),
        (with("customers", json!([{"name": "Ana", "surname": "Horvat"}])), 400, codes::VALIDATION, Some("customers")),
        (with("customers", json!("not json")), 400, codes::VALIDATION, Some("customers")),
        (with("customers", Value::Null), 400, codes::VALIDATION, Some("customers")),
        (with("positionId", Value::Null), 400, codes::VALIDATION, Some("positionId")),
        (with("positionId", json!("pos-nowhere")), 404, codes::POSITION_NOT_FOUND, Some("positionId")),
        (with("apiUserTitle", json!("")), 400, codes::VALIDATION, Some("apiUserTitle")),
        (with("start", json!("15.07.2026")), 400, codes::VALIDATION, Some("start")),
        (with("start", json!("2026-7-1")), 400, codes::VALIDATION, Some("start")),
        (with("end", json!("2026-02-30")), 400, codes::VALIDATION, Some("end")),
        (with("end", json!(start.to_string())), 400, codes::VALIDATION, Some("end")),
        (with("end", json!((start + chrono::Duration::days(400)).to_string())), 400, codes::VALIDATION, Some("end")),
    ];
    for (body, status, code, field) in cases {
        let err = sb.fails(Method::POST, paths::PERIOD, Some(body.clone()), status).await;
        assert_eq!(err.code.as_deref(), Some(code), "{body}: {err:?}");
        assert_eq!(err.field.as_deref(), field, "{body}");
        assert!(!err.message.is_empty());
    }
    let raw = sb
        .http
        .post(sb.url(paths::PERIOD))
        .header(wire::API_KEY_HEADER, sb.key())
        .body("{broken")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    let err: wire::ErrorBody = raw.json().await.unwrap();
    assert_eq!(err.code.as_deref(), Some(codes::INVALID_BODY));

    assert_eq!(sb.inspect(&format!("positionId={}", room.position_id)).await.len(), before, "nothing was saved");
    // The good body still works.
    let resp = sb.send(Method::POST, paths::PERIOD, Some(good)).await;
    assert_eq!(resp.status(), 200);
}
