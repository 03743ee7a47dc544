//! The seeded hotel over HTTP: reproducible, and believable.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Prague;
use innkeep_providers::mews::wire::{self, paths};
use serde_json::{json, Value};

use crate::common::*;

async fn bytes(sb: &Sb, path: &str, body: Value) -> Vec<u8> {
    let resp = sb.raw(path, body).await;
    assert_eq!(resp.status(), 200);
    resp.bytes().await.unwrap().to_vec()
}

async fn snapshot(sb: &Sb) -> Vec<Vec<u8>> {
    let now = sb.sandbox.now();
    vec![
        bytes(sb, paths::CONFIGURATION_GET, json!({})).await,
        bytes(sb, paths::RESOURCES_GET_ALL, json!({"Extent": {"Resources": true}, "Limitation": {"Count": 1000}})).await,
        bytes(sb, paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": 1000}})).await,
        bytes(
            sb,
            paths::CUSTOMERS_GET_ALL,
            json!({"Extent": {"Customers": true}, "CreatedUtc": interval(now - chrono::Duration::days(80), now), "Limitation": {"Count": 1000}}),
        )
        .await,
    ]
}

#[tokio::test]
async fn the_same_seed_and_day_answer_byte_for_byte_the_same() {
    let (a, b, c) = (start_with(11).await, start_with(11).await, start_with(12).await);
    let first = snapshot(&a).await;
    assert_eq!(first, snapshot(&b).await);
    assert_ne!(first[2], snapshot(&c).await[2]);
    // Writes replay identically too, down to the new ids and the request ids.
    let (sa, sbb) = (a.setup().await, b.setup().await);
    let ra = book(&a, &sa, sa.stay(1, day(60), 2)).await;
    let rb = book(&b, &sbb, sbb.stay(1, day(60), 2)).await;
    assert_eq!(ra, rb);
    let ha = a.raw(paths::CONFIGURATION_GET, json!({})).await.headers()["Request-Id"].clone();
    let hb = b.raw(paths::CONFIGURATION_GET, json!({})).await.headers()["Request-Id"].clone();
    assert_eq!(ha, hb);
}

#[tokio::test]
async fn the_seeded_hotel_is_consistent() {
    let sb = start().await;
    let setup = sb.setup().await;
    let all = sb.walk(wire::ReservationsGetAllRequest::default(), 1000).await;
    let now = sb.sandbox.now();
    let today = now.with_timezone(&Prague).date_naive();
    let local_date = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&Prague).date_naive();
    let room_category: HashMap<&str, &str> =
        setup.assignments.iter().map(|a| (a.resource_id.as_str(), a.category_id.as_str())).collect();

    let mut nights: HashSet<(String, NaiveDate)> = HashSet::new();
    let mut numbers = HashSet::new();
    for r in &all {
        assert!(numbers.insert(r.number.clone()), "numbers are unique");
        assert!(r.created_utc <= r.updated_utc && r.updated_utc <= now);
        let (arrival, departure) = (local_date(r.scheduled_start_utc), local_date(r.scheduled_end_utc));
        assert_eq!(r.scheduled_start_utc, Prague.from_local_datetime(&arrival.and_hms_opt(14, 0, 0).unwrap()).unwrap());
        assert_eq!(r.scheduled_end_utc, Prague.from_local_datetime(&departure.and_hms_opt(12, 0, 0).unwrap()).unwrap());
        assert!(arrival < departure);
        let room = r.assigned_resource_id.as_deref().expect("seeded reservations have rooms");
        assert_eq!(room_category[room], r.requested_resource_category_id);
        let persons: u32 = r.person_counts.iter().map(|p| p.count).sum();
        assert!((1..=4).contains(&persons));
        match r.state.as_str() {
            "Processed" => assert!(departure <= today && r.actual_end_utc.is_some() && r.actual_start_utc.is_some()),
            "Started" => assert!(arrival <= today && today <= departure && r.actual_start_utc.is_some()),
            "Confirmed" => assert!(arrival >= today),
            "Optional" | "Inquired" | "Requested" => assert!(arrival > today),
            "Canceled" => assert!(r.cancelled_utc.is_some() && r.cancellation_reason.is_some()),
            other => panic!("state {other}"),
        }
        if r.state != "Canceled" {
            for n in arrival.iter_days().take_while(|d| *d < departure) {
                assert!(nights.insert((room.to_owned(), n)), "room {room} double-booked on {n}");
            }
        }
    }
    // Every guest on a reservation exists.
    let accounts: Vec<String> = all.iter().map(|r| r.account_id.clone()).collect::<HashSet<_>>().into_iter().collect();
    let found: wire::CustomersGetAllResponse = sb
        .call(
            paths::CUSTOMERS_GET_ALL,
            json!({"Extent": {"Customers": true}, "CustomerIds": accounts, "Limitation": {"Count": 1000}}),
        )
        .await;
    assert_eq!(found.customers.len(), accounts.len());
    // Occupancy in the past three months is that of a busy city hotel.
    let past = nights.iter().filter(|(_, n)| *n < today && *n >= today - chrono::Duration::days(91)).count();
    let occupancy = past as f64 / (30.0 * 91.0);
    assert!((0.6..=0.85).contains(&occupancy), "{occupancy}");
}

#[tokio::test]
async fn without_a_fixed_day_the_clock_is_the_os_clock() {
    let sandbox = innkeep_sandbox::start(innkeep_sandbox::SandboxConfig::default()).await.unwrap();
    let drift = (sandbox.now() - chrono::Utc::now()).num_seconds().abs();
    assert!(drift < 60, "{drift}");
    let before = sandbox.now();
    sandbox.advance_clock(chrono::Duration::days(1));
    assert!(sandbox.now() >= before + chrono::Duration::days(1));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_large_hotel_serves_hundreds_of_rooms() {
    let config = innkeep_sandbox::SandboxConfig { seed: SEED, port: 0, today: Some(today()) };
    let sandbox = innkeep_sandbox::start_with(config, innkeep_sandbox::Scale::medium()).await.unwrap();
    let mews = &sandbox.providers()[0];
    let auth = json!({
        "ClientToken": mews.credentials["client_token"],
        "AccessToken": mews.credentials["access_token"],
        "Client": "bench",
        "Extent": {"Resources": true},
        "Limitation": {"Count": 1000}
    });
    let url = format!("{}{}", mews.base_url, paths::RESOURCES_GET_ALL);
    let rooms: wire::ResourcesGetAllResponse =
        reqwest::Client::new().post(url).json(&auth).send().await.unwrap().json().await.unwrap();
    assert_eq!(rooms.resources.len(), 300);
    sandbox.shutdown().await;
}
