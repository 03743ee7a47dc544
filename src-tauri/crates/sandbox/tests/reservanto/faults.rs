//! Injected faults answer in Reservanto's transport shape; revoked tokens are 401 everywhere.

use innkeep_providers::reservanto::wire::{self, paths};
use innkeep_sandbox::{reservanto, FaultRule};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn injected_statuses_use_the_transport_shape() {
    let sb = start().await;
    sb.sandbox.faults().push(FaultRule::status(429).retry_after(3));
    let r = sb.send(paths::SEGMENT_LIST, Some(&sb.token), &stamp(json!({}))).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.headers["Retry-After"], "3");
    let body: wire::TransportError = serde_json::from_str(&r.text).unwrap();
    assert!(body.message.is_some());
    sb.sandbox.faults().fail_next(1, 503);
    let r = sb.send(paths::SEGMENT_LIST, Some(&sb.token), &stamp(json!({}))).await;
    assert_eq!(r.status, 503);
    assert!(r.headers.contains_key("Date"));
    assert_eq!(sb.send(paths::SEGMENT_LIST, Some(&sb.token), &stamp(json!({}))).await.status, 200);
}

#[tokio::test]
async fn rejected_tokens_refuse_even_the_exchange() {
    let sb = start().await;
    sb.sandbox.faults().set_reject_tokens(true);
    assert_eq!(sb.send(paths::SEGMENT_LIST, Some(&sb.token), &stamp(json!({}))).await.status, 401);
    let r = sb.send(paths::SHORT_TIME_TOKEN, None, &stamp(json!({"LongTimeToken": reservanto::LONG_TIME_TOKEN}))).await;
    assert_eq!(r.status, 401);
    sb.sandbox.faults().set_reject_tokens(false);
    assert_eq!(sb.send(paths::SEGMENT_LIST, Some(&sb.token), &stamp(json!({}))).await.status, 200);
}
