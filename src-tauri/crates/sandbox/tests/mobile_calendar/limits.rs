//! The limit of 60 requests a minute per user: 429 problems with `Retry-After`, and Innkeep's
//! pacer keeping within it.

use std::time::Duration;

use innkeep_core::ErrorKind;
use innkeep_providers::mobile_calendar::wire::paths;
use innkeep_providers::mobile_calendar::Budget;
use innkeep_providers::Connector;
use innkeep_sandbox::RateLimit;

use crate::common::*;

#[tokio::test]
async fn the_documented_limit_is_sixty_a_minute() {
    let sb = start().await;
    let resp = sb.http.delete(format!("{}/_sandbox/rate-limit", sb.root)).send().await.unwrap();
    let limit: RateLimit = resp.json().await.unwrap();
    assert_eq!(limit, RateLimit { max_requests: 60, window_secs: 60 });
    // The reset forgot earlier requests: 60 fit in the minute, the 61st does not.
    for _ in 0..59 {
        assert_eq!(sb.get(paths::RATES).await.status, 200);
    }
    assert_eq!(sb.get(paths::RATES).await.status, 200);
    let a = sb.get(paths::RATES).await;
    let p = a.problem(429);
    assert_eq!(p.kind, "https://api.mobile-calendar.com/problems/rate-limit");
    let wait: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

#[tokio::test]
async fn over_the_limit_the_answer_is_429_until_the_window_moves_on() {
    let sb = start().await;
    sb.set_rate_limit(3, 1).await;
    for _ in 0..3 {
        assert_eq!(sb.get(paths::SOURCES).await.status, 200);
    }
    let a = sb.get(paths::SOURCES).await;
    a.problem(429);
    assert_eq!(a.header("retry-after").as_deref(), Some("1"));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(sb.get(paths::SOURCES).await.status, 200);
}

#[tokio::test]
async fn the_pacer_keeps_a_burst_within_the_limit() {
    let sb = start().await;
    sb.set_rate_limit(4, 1).await;
    // The same budget as the server: a burst of reads must never meet a 429.
    let c = sb.connector_with(Budget { requests: 4, window: Duration::from_secs(1) });
    for _ in 0..3 {
        c.check().await.expect("paced calls stay within the limit");
    }
    // An unpaced burst over the same limit does meet it.
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(sb.get(paths::SOURCES).await.status.as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[tokio::test]
async fn a_budget_above_the_limit_gives_a_rate_limited_error() {
    let sb = start().await;
    sb.set_rate_limit(2, 60).await;
    let c = sb.connector_with(Budget { requests: 100, window: Duration::from_secs(60) });
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::RateLimited, "{e:?}");
    assert!(e.retry_after_secs.unwrap() > 20, "a long wait is handed to the caller");
    assert!(e.message.contains("60 requests a minute"), "{}", e.message);
}
