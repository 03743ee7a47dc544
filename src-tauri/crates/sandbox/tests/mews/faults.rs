//! Fault injection, the rate limit, and going offline, through the library and over HTTP.

use std::time::Duration;

use innkeep_providers::mews::wire::{self, paths};
use innkeep_sandbox::{FaultRule, FaultState, RateLimit};
use serde_json::json;

use crate::common::*;

async fn config_status(sb: &Sb) -> u16 {
    sb.raw(paths::CONFIGURATION_GET, json!({})).await.status().as_u16()
}

#[tokio::test]
async fn status_faults_hit_the_next_requests_then_stop() {
    let sb = start().await;
    sb.sandbox.faults().fail_next(2, 503);
    for _ in 0..2 {
        let resp = sb.raw(paths::CONFIGURATION_GET, json!({})).await;
        assert_eq!(resp.status(), 503);
        let id = resp.headers()["Request-Id"].to_str().unwrap().to_owned();
        let err: wire::ErrorBody = resp.json().await.unwrap();
        assert_eq!(err.request_id, Some(id));
    }
    assert_eq!(config_status(&sb).await, 200);

    for status in [500, 502, 408] {
        sb.sandbox.faults().fail_next(1, status);
        assert_eq!(config_status(&sb).await, status);
    }
    sb.sandbox.faults().push(FaultRule::status(429));
    let resp = sb.raw(paths::CONFIGURATION_GET, json!({})).await;
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["Retry-After"], "1");
    sb.sandbox.faults().push(FaultRule::status(503).retry_after(9));
    assert_eq!(sb.raw(paths::CONFIGURATION_GET, json!({})).await.headers()["Retry-After"], "9");
}

#[tokio::test]
async fn a_path_rule_spares_other_paths() {
    let sb = start().await;
    sb.sandbox.faults().push(FaultRule::status(408).times(1).on_path(paths::RESERVATIONS_GET_ALL));
    assert_eq!(config_status(&sb).await, 200);
    let slow = sb.raw(paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": 1}})).await;
    assert_eq!(slow.status(), 408);
    let fine = sb.raw(paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": 1}})).await;
    assert_eq!(fine.status(), 200);
}

#[tokio::test]
async fn a_truncated_body_is_a_complete_but_broken_document() {
    let sb = start().await;
    sb.sandbox.faults().push(FaultRule::truncated());
    let resp = sb.raw(paths::CONFIGURATION_GET, json!({})).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["Content-Type"].to_str().unwrap().starts_with("application/json"));
    let bytes = resp.bytes().await.expect("the message itself is complete");
    assert!(!bytes.is_empty());
    assert!(serde_json::from_slice::<wire::ConfigurationGetResponse>(&bytes).is_err());
    assert_eq!(config_status(&sb).await, 200);
}

#[tokio::test]
async fn a_malformed_body_is_well_framed_html_and_the_counters_say_so_over_http() {
    let sb = start().await;
    sb.sandbox.faults().push(FaultRule::malformed().after(1));
    assert_eq!(config_status(&sb).await, 200, "`after` lets the first request through");
    let resp = sb.raw(paths::CONFIGURATION_GET, json!({})).await;
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.expect("the message itself is complete");
    assert!(bytes.starts_with(b"<!DOCTYPE html>"), "{}", String::from_utf8_lossy(&bytes));
    assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_err());
    // Mews' keys are static: expiring tokens changes nothing and is counted as a no-op.
    sb.sandbox.faults().push(FaultRule::expire_tokens());
    assert_eq!(config_status(&sb).await, 200);
    let state: FaultState = sb.http.get(sb.url("/_sandbox/faults")).send().await.unwrap().json().await.unwrap();
    assert_eq!(state.injected.get("malformed"), Some(&1));
    assert_eq!(state.injected.get("expire_tokens"), Some(&1));
    assert_eq!(state.injected.get("expire_tokens_noop"), Some(&1));
}

#[tokio::test]
async fn a_timeout_fault_holds_the_answer_past_the_client_timeout() {
    let sb = start().await;
    sb.sandbox.faults().push(FaultRule::timeout(Duration::from_millis(1500)));
    let started = std::time::Instant::now();
    let err = sb
        .http
        .post(sb.url(paths::CONFIGURATION_GET))
        .json(&json!({"ClientToken": "x"}))
        .timeout(Duration::from_millis(400))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert!(started.elapsed() < Duration::from_millis(1400));
    assert_eq!(config_status(&sb).await, 200, "only one request is held");
}

#[tokio::test]
async fn a_dropped_connection_cuts_the_body_short() {
    let sb = start().await;
    sb.sandbox.faults().push(FaultRule::drop_connection());
    let resp = sb.raw(paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": 50}})).await;
    assert_eq!(resp.status(), 200, "the head arrives");
    assert!(resp.bytes().await.is_err(), "the body does not");
    assert_eq!(config_status(&sb).await, 200);
}

#[tokio::test]
async fn rejected_tokens_answer_401_until_cleared() {
    let sb = start().await;
    let faults = sb.sandbox.faults();
    faults.set_reject_tokens(true);
    let e = sb.fails(paths::CONFIGURATION_GET, json!({}), 401).await;
    assert!(e.message.contains("expired"), "{}", e.message);
    faults.clear();
    assert_eq!(config_status(&sb).await, 200);
}

#[tokio::test]
async fn latency_delays_answers() {
    let sb = start().await;
    sb.sandbox.faults().set_latency(Duration::from_millis(400));
    let body = sb.with_auth(json!({}));
    let impatient =
        sb.http.post(sb.url(paths::CONFIGURATION_GET)).json(&body).timeout(Duration::from_millis(50)).send().await;
    assert!(impatient.unwrap_err().is_timeout());
    sb.sandbox.faults().set_latency(Duration::ZERO);
    assert_eq!(config_status(&sb).await, 200);
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let sb = start().await;
    sb.sandbox.faults().set_rate_limit(3, Duration::from_secs(30));
    assert_eq!(sb.sandbox.faults().state().rate_limit, RateLimit { max_requests: 3, window_secs: 30 });
    for _ in 0..3 {
        assert_eq!(config_status(&sb).await, 200);
    }
    let resp = sb.raw(paths::CONFIGURATION_GET, json!({})).await;
    assert_eq!(resp.status(), 429);
    let retry: u64 = resp.headers()["Retry-After"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&retry), "{retry}");
    let err: wire::ErrorBody = resp.json().await.unwrap();
    assert!(err.message.contains("Too many requests"));
    // Unauthenticated requests are not counted against the token, and do not get in either.
    let mut bad = sb.with_auth(json!({}));
    bad["AccessToken"] = json!("someone-else");
    let resp = sb.http.post(sb.url(paths::CONFIGURATION_GET)).json(&bad).send().await.unwrap();
    assert_eq!(resp.status(), 401);
    // The documented limit is the default again after a clear.
    sb.sandbox.faults().clear();
    assert_eq!(sb.sandbox.faults().state().rate_limit, RateLimit { max_requests: 200, window_secs: 30 });
    assert_eq!(config_status(&sb).await, 200);
}

#[tokio::test]
async fn the_default_limit_is_200_per_30_seconds() {
    let sb = start().await;
    for i in 0..200 {
        assert_eq!(config_status(&sb).await, 200, "request {i}");
    }
    assert_eq!(config_status(&sb).await, 429);
}

#[tokio::test]
async fn offline_drops_provider_requests_but_not_the_control_endpoint() {
    let sb = start().await;
    let control = sb.url("/_sandbox/faults");
    let state: FaultState =
        sb.http.post(&control).json(&json!({"offline": true})).send().await.unwrap().json().await.unwrap();
    assert!(state.offline);
    let err = sb.http.post(sb.url(paths::CONFIGURATION_GET)).json(&sb.with_auth(json!({}))).send().await;
    assert!(err.is_err(), "no answer at all while offline");
    let state: FaultState =
        sb.http.post(&control).json(&json!({"offline": false})).send().await.unwrap().json().await.unwrap();
    assert!(!state.offline);
    assert_eq!(config_status(&sb).await, 200);
}

#[tokio::test]
async fn faults_can_be_set_read_and_cleared_over_http() {
    let sb = start().await;
    let control = sb.url("/_sandbox/faults");
    let update = json!({
        "latency_ms": 5,
        "next": [{"kind": "status", "status": 502, "count": 2, "path": paths::CONFIGURATION_GET}, {"kind": "truncated"}],
        "reject_tokens": false,
        "rate_limit": {"max_requests": 50, "window_secs": 10}
    });
    let resp = sb.http.post(&control).json(&update).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let state: FaultState = resp.json().await.unwrap();
    assert_eq!(
        state.next,
        vec![FaultRule::status(502).times(2).on_path(paths::CONFIGURATION_GET), FaultRule::truncated()]
    );
    let read: FaultState = sb.http.get(&control).send().await.unwrap().json().await.unwrap();
    assert_eq!(read, state);
    assert_eq!(read, sb.sandbox.faults().state());
    assert_eq!(config_status(&sb).await, 502);

    for bad in [
        json!({"next": [{"kind": "status", "status": 200}]}),
        json!({"latency": 5}),
        json!({"rate_limit": {"max_requests": 0, "window_secs": 1}}),
    ] {
        let resp = sb.http.post(&control).json(&bad).send().await.unwrap();
        assert_eq!(resp.status(), 400, "{bad}");
    }
    let resp = sb.http.post(&control).body("{nope").send().await.unwrap();
    assert_eq!(resp.status(), 400);

    let cleared: FaultState = sb.http.delete(&control).send().await.unwrap().json().await.unwrap();
    assert_eq!(cleared, FaultState::default());
    assert_eq!(config_status(&sb).await, 200);
}

#[tokio::test]
async fn a_suspended_sandbox_refuses_connections_and_resumes_with_its_data() {
    let mut sb = start().await;
    let setup = sb.setup().await;
    let r = book(&sb, &setup, setup.stay(1, day(9), 2)).await;
    let addr = sb.sandbox.addr();

    sb.sandbox.suspend().await;
    assert!(!sb.sandbox.is_listening());
    let err = sb.http.post(sb.url(paths::CONFIGURATION_GET)).json(&sb.with_auth(json!({}))).send().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");

    sb.sandbox.resume().await.unwrap();
    assert_eq!(sb.sandbox.addr(), addr);
    assert_eq!(sb.reservation(&r.id).await.number, r.number);
    sb.sandbox.shutdown().await;
    assert!(reqwest::Client::new().post(format!("http://{addr}{}", paths::CONFIGURATION_GET)).send().await.is_err());
}

#[tokio::test]
async fn dropping_the_sandbox_closes_its_port() {
    let sb = start().await;
    let url = sb.url(paths::CONFIGURATION_GET);
    let http = sb.http.clone();
    drop(sb);
    // The server stops in the background; poll briefly until the port refuses.
    for _ in 0..200 {
        match http.post(&url).send().await {
            Err(e) if e.is_connect() => return,
            _ => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
    panic!("the port still answers after the sandbox was dropped");
}
