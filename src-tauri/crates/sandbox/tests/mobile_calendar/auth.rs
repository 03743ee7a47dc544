//! Tokens: the snake_case answer, JWT shape, expiry on the sandbox clock, revocation, scopes.

use innkeep_providers::mobile_calendar::wire::{self, paths};
use innkeep_sandbox::mobile_calendar::{CLIENT_ID, CLIENT_SECRET, READONLY_CLIENT_ID, READONLY_CLIENT_SECRET};
use reqwest::Method;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn a_token_is_a_jwt_valid_for_an_hour_in_a_snake_case_answer() {
    let sb = start().await;
    let a = sb
        .send(
            Method::POST,
            paths::AUTH_TOKEN,
            None,
            Some(json!({"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET})),
        )
        .await;
    assert_eq!(a.status, 200);
    let raw: serde_json::Value = a.json();
    for key in ["token_type", "access_token", "expires_in", "scope", "meta"] {
        assert!(raw.get(key).is_some(), "{key} in {raw}");
    }
    let t: wire::TokenResponse = a.json();
    assert_eq!((t.token_type.as_str(), t.expires_in), ("Bearer", 3600));
    assert_eq!(t.access_token.split('.').count(), 3);
    assert!(t.access_token.starts_with("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOi"));
    assert!(t.scope.contains(&"reservations.create".to_string()));
    assert_eq!(t.meta.ruid.len(), 36);
    assert_eq!(sb.send(Method::GET, paths::ROOMS, Some(&t.access_token), None).await.status, 200);
}

#[tokio::test]
async fn bad_or_missing_credentials_are_401_problems() {
    let sb = start().await;
    let a = sb
        .send(Method::POST, paths::AUTH_TOKEN, None, Some(json!({"clientId": CLIENT_ID, "clientSecret": "nope"})))
        .await;
    let p = a.problem(401);
    assert_eq!(p.detail, "Invalid credentials");
    assert_eq!(p.instance, "/v1/public/auth/token");
    assert_eq!(p.kind, "https://api.mobile-calendar.com/problems/unauthorized");
    let a = sb.send(Method::POST, paths::AUTH_TOKEN, None, Some(json!({"clientId": CLIENT_ID}))).await;
    let p = a.problem(422);
    assert_eq!(p.errors.unwrap()["clientSecret"].all(), vec!["clientSecret is required"]);
    let a = sb.send(Method::POST, paths::AUTH_TOKEN, None, Some(json!(["not", "an", "object"]))).await;
    a.problem(400);
}

#[tokio::test]
async fn calls_without_a_good_token_are_401() {
    let sb = start().await;
    let a = sb.send(Method::GET, paths::RESERVATIONS, None, None).await;
    assert!(a.problem(401).detail.contains("Authorization"));
    let a = sb.send(Method::GET, paths::RESERVATIONS, Some("eyJ.not.issued"), None).await;
    assert_eq!(a.problem(401).detail, "Invalid token");
    // The route is checked first: a typo is a 404 even without a token.
    sb.send(Method::GET, "/reservationz", None, None).await.problem(404);
    assert_eq!(sb.send(Method::GET, paths::HEALTH, None, None).await.body, b"OK");
}

#[tokio::test]
async fn tokens_expire_after_3600_seconds_of_sandbox_time() {
    let sb = start().await;
    assert_eq!(sb.get(paths::ROOMS).await.status, 200);
    sb.sandbox.advance_clock(chrono::Duration::seconds(3599));
    assert_eq!(sb.get(paths::ROOMS).await.status, 200);
    sb.sandbox.advance_clock(chrono::Duration::seconds(1));
    assert_eq!(sb.get(paths::ROOMS).await.problem(401).detail, "Token expired");
    let fresh = sb.token_for(CLIENT_ID, CLIENT_SECRET).await;
    assert_eq!(sb.send(Method::GET, paths::ROOMS, Some(&fresh), None).await.status, 200);
}

#[tokio::test]
async fn revoked_tokens_and_credentials_are_refused_until_the_fault_clears() {
    let sb = start().await;
    sb.sandbox.faults().set_reject_tokens(true);
    assert!(sb.get(paths::ROOMS).await.problem(401).detail.contains("revoked"));
    let a = sb
        .send(
            Method::POST,
            paths::AUTH_TOKEN,
            None,
            Some(json!({"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET})),
        )
        .await;
    a.problem(401);
    sb.sandbox.faults().set_reject_tokens(false);
    assert_eq!(sb.get(paths::ROOMS).await.status, 200);
}

#[tokio::test]
async fn a_read_only_account_gets_403_for_writes() {
    let sb = start().await;
    let ro = sb.token_for(READONLY_CLIENT_ID, READONLY_CLIENT_SECRET).await;
    assert_eq!(sb.send(Method::GET, paths::RESERVATIONS, Some(&ro), None).await.status, 200);
    let a = sb.send(Method::POST, paths::CLIENTS, Some(&ro), Some(json!({"name": "Nowak"}))).await;
    assert!(a.problem(403).detail.contains("clients.write"));
    let a = sb
        .send(
            Method::POST,
            paths::RESERVATIONS,
            Some(&ro),
            Some(json!({"type": "LOCK", "roomId": 28561, "arrival": day(200), "departure": day(201)})),
        )
        .await;
    assert!(a.problem(403).detail.contains("locks.create"));
}
