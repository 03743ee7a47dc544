//! Auth, routing, body parsing, rate limit and injected faults: Timekit's error shapes.

use std::time::Duration;

use innkeep_providers::timekit::client::{base64, basic_auth};
use innkeep_providers::timekit::wire;
use innkeep_sandbox::FaultRule;
use reqwest::Method;

use crate::common::*;

async fn unauthorized(sb: &Sb, authorization: Option<String>) -> String {
    let resp = sb.send_as(Method::GET, "/app", None, authorization).await;
    assert_eq!(resp.status(), 401);
    let e: wire::ErrorBody = resp.json().await.unwrap();
    let message = e.error.expect("single-message shape");
    assert!(message.starts_with("Incorrect credentials"), "{message}");
    message
}

#[tokio::test]
async fn basic_auth_wants_an_empty_user_and_the_app_key() {
    let sb = start().await;
    let app: wire::Data<wire::App> = sb.get("/app").await;
    assert_eq!(app.data.settings.name.as_deref(), Some("Hraunborg Guesthouse"));
    assert_eq!(app.data.slug, "hraunborg-guesthouse");

    assert!(unauthorized(&sb, None).await.contains("no credentials"));
    assert!(unauthorized(&sb, Some(format!("Bearer {}", sb.key()))).await.contains("Basic"));
    assert!(unauthorized(&sb, Some(basic_auth("test_api_key_wrong"))).await.contains("not valid"));
    // The key as user name (a common mistake with `curl --user key:`).
    let swapped = format!("Basic {}", base64(format!("{}:", sb.key()).as_bytes()));
    assert!(unauthorized(&sb, Some(swapped)).await.contains("user name must be empty"));
    assert!(unauthorized(&sb, Some("Basic !!!".into())).await.contains("base64"));

    sb.sandbox.faults().set_reject_tokens(true);
    assert!(unauthorized(&sb, Some(basic_auth(sb.key()))).await.contains("revoked"));
    sb.sandbox.faults().set_reject_tokens(false);
    let _: wire::Data<wire::App> = sb.get("/app").await;
}

#[tokio::test]
async fn answers_carry_timekit_headers() {
    let sb = start().await;
    let resp = sb.send(Method::GET, "/app", None).await;
    assert_eq!(resp.headers()["Timekit-TestMode"], "true");
    assert_eq!(resp.headers()["content-type"], "application/json");
    let a = resp.headers()["Timekit-Request-Id"].to_str().unwrap().to_owned();
    let b = sb.send(Method::GET, "/app", None).await.headers()["Timekit-Request-Id"].to_str().unwrap().to_owned();
    assert_eq!(a.len(), 36);
    assert_ne!(a, b);
}

#[tokio::test]
async fn unknown_routes_methods_and_bodies_are_refused() {
    let sb = start().await;
    // Only v2 exists.
    let v1 = sb.endpoint.base_url.replace("/v2", "/v1");
    let resp = sb.http.get(format!("{v1}/app")).header("Authorization", basic_auth(sb.key())).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    let e = sb.fails(Method::GET, "/nothing-here", None, 404).await;
    assert_eq!(e.error.as_deref(), Some("Not found"));
    // Routes are matched before credentials are checked.
    assert_eq!(sb.send_as(Method::GET, "/nothing", None, None).await.status(), 404);
    let e = sb.fails(Method::DELETE, "/app", None, 405).await;
    assert_eq!(e.error.as_deref(), Some("Method not allowed"));
    // The homepage's POST /bookings/:id/cancel is not the API: actions are PUT.
    sb.fails(Method::POST, "/bookings/58190fc6-1ec0-4ebb-b627-7ce6aa9fc703/cancel", None, 405).await;

    let resp = sb
        .http
        .post(sb.url("/bookings"))
        .header("Authorization", basic_auth(sb.key()))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let e: wire::ErrorBody = resp.json().await.unwrap();
    assert!(e.error.unwrap().contains("not valid JSON"));
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after_in_laravels_words() {
    let sb = start().await;
    sb.sandbox.faults().set_rate_limit(2, Duration::from_secs(60));
    sb.get::<serde_json::Value>("/app").await;
    sb.get::<serde_json::Value>("/app").await;
    let resp = sb.send(Method::GET, "/app", None).await;
    assert_eq!(resp.status(), 429);
    let wait: u64 = resp.headers()["Retry-After"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    let e: wire::ErrorBody = resp.json().await.unwrap();
    assert_eq!(e.error.as_deref(), Some("Too Many Attempts."));
}

#[tokio::test]
async fn injected_faults_use_timekits_error_shape() {
    let sb = start().await;
    let faults = sb.sandbox.faults();
    faults.push(FaultRule::status(500));
    let e = sb.fails(Method::GET, "/app", None, 500).await;
    assert!(e.error.unwrap().starts_with("Unknown error"));
    faults.push(FaultRule::status(503));
    let e = sb.fails(Method::GET, "/app", None, 503).await;
    assert!(e.error.unwrap().contains("Service Unavailable"));
    faults.push(FaultRule::status(429).retry_after(7));
    let resp = sb.send(Method::GET, "/app", None).await;
    assert_eq!((resp.status().as_u16(), resp.headers()["Retry-After"].to_str().unwrap()), (429, "7"));
    faults.push(FaultRule::status(401));
    let e = sb.fails(Method::GET, "/app", None, 401).await;
    assert!(e.error.unwrap().starts_with("Incorrect credentials"));
    // A malformed answer is half a JSON document.
    faults.push(FaultRule::truncated());
    let resp = sb.send(Method::GET, "/app", None).await;
    assert_eq!(resp.status(), 200);
    assert!(serde_json::from_str::<serde_json::Value>(&resp.text().await.unwrap()).is_err());
}
