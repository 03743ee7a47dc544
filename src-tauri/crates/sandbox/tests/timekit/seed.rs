//! The seeded guesthouse: the same seed and day give byte-identical answers; another seed
//! another guesthouse; the data fit the dates.

use std::collections::HashMap;

use innkeep_providers::timekit::wire;
use reqwest::Method;

use crate::common::*;

/// The answer to `path`, with the sandbox's address (in pagination links) taken out.
async fn body(sb: &Sb, path: &str) -> String {
    let text = sb.send(Method::GET, path, None).await.text().await.unwrap();
    text.replace(&sb.endpoint.base_url, "BASE")
}

#[tokio::test]
async fn same_seed_same_answers_other_seed_other_data() {
    let (a, b, c) = (start().await, start().await, start_with(SEED + 1).await);
    for path in [
        "/app",
        "/resources?limit=100&include=calendars",
        "/bookings?limit=300&page=2&include=attributes,customers,resource",
    ] {
        assert_eq!(body(&a, path).await, body(&b, path).await, "{path}");
    }
    let path = "/bookings?limit=300&include=customers";
    assert_ne!(body(&a, path).await, body(&c, path).await);
    // Writes replay identically too.
    let room_a = a.free_room(day(9), 2).await;
    let room_b = b.free_room(day(9), 2).await;
    assert_eq!(room_a, room_b);
    let x = a.create(a.stay(&room_a, day(9), 2, "instant")).await;
    let y = b.create(b.stay(&room_b, day(9), 2, "instant")).await;
    assert_eq!(x, y);
}

#[tokio::test]
async fn the_guesthouse_has_fifteen_rooms_and_states_that_fit_the_dates() {
    let sb = start().await;
    let rooms = sb.resources().await;
    assert_eq!(rooms.len(), 15);
    let mut types: HashMap<String, usize> = HashMap::new();
    for r in &rooms {
        *types.entry(r.meta["room_type"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    assert_eq!(types.len(), 4, "{types:?}");

    let now = sb.sandbox.now();
    let all = sb.all_bookings("&include=event,customers").await;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for b in &all {
        *seen.entry(b.state.as_str()).or_default() += 1;
        let (start, end) = b.period().unwrap();
        match b.state.as_str() {
            "completed" => assert!(end.utc() + chrono::Duration::hours(1) <= now),
            "confirmed" => assert!(end.utc() + chrono::Duration::hours(1) > now),
            "tentative" => assert!(start.utc() > now + chrono::Duration::days(1)),
            "declined" => assert_eq!(b.graph, "confirm_decline"),
            "cancelled" | "cancelled_by_customer" => {}
            other => panic!("state {other}"),
        }
        assert!(b.created_at <= b.updated_at && b.updated_at.utc() < now);
        assert!(start.utc() > now - chrono::Duration::days(100) && end.utc() < now + chrono::Duration::days(100));
        assert_eq!(b.customers.as_ref().unwrap().len(), 1);
    }
    for state in ["completed", "confirmed", "tentative", "declined", "cancelled", "cancelled_by_customer"] {
        assert!(seen.get(state).copied().unwrap_or(0) > 0, "no {state}: {seen:?}");
    }
    // Some guests come back.
    let mut per_guest: HashMap<String, usize> = HashMap::new();
    for b in &all {
        *per_guest.entry(b.customers.as_ref().unwrap()[0].email.clone().unwrap()).or_default() += 1;
    }
    assert!(per_guest.values().any(|n| *n >= 3));
    let _: Option<wire::App> = None;
}
