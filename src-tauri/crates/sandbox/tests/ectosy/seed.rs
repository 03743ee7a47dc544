//! The seeded property: the same seed and day give the same answers byte for byte; another seed
//! another property; and the periods' states fit their dates.

use std::collections::HashMap;

use innkeep_providers::ectosy::wire::paths;
use reqwest::Method;
use serde_json::Value;

use crate::common::*;

async fn bytes(sb: &Sb, path: &str) -> Vec<u8> {
    sb.send(Method::GET, path, None).await.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn same_seed_same_answers_other_seed_other_property() {
    let a = start_with(5).await;
    let b = start_with(5).await;
    let c = start_with(6).await;
    assert_eq!(bytes(&a, paths::RESOURCES).await, bytes(&b, paths::RESOURCES).await);
    assert_ne!(bytes(&a, paths::RESOURCES).await, bytes(&c, paths::RESOURCES).await);
    assert_eq!(a.inspect("").await, b.inspect("").await);

    // The same writes give the same ids and prices.
    let mut answers = Vec::new();
    for sb in [&a, &b] {
        let pos = sb.position("Mini apartment 2").await;
        let start = free_stretch(sb, &pos.position_id, day(12), 4).await;
        let saved = sb
            .create(&pos.position_id, start, start + chrono::Duration::days(4), &[("Eva", "Kos"), ("Rok", "Kos")])
            .await;
        answers.push(serde_json::to_value(&saved).unwrap());
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(a.inspect("").await, b.inspect("").await);
}

fn date(p: &Value, which: &str) -> chrono::NaiveDate {
    p["reservation"][which].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn seeded_periods_fit_their_dates_and_never_double_book() {
    let sb = start().await;
    let periods = sb.inspect("").await;
    let now = sb.sandbox.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let today = today();
    let mut by_position: HashMap<String, Vec<(chrono::NaiveDate, chrono::NaiveDate)>> = HashMap::new();
    let (mut past, mut current, mut future, mut deleted, mut unconfirmed) = (0, 0, 0, 0, 0);
    for p in &periods {
        let (start, end) = (date(p, "start"), date(p, "end"));
        assert!(start < end);
        assert!(p["createdAt"].as_str().unwrap() <= p["updatedAt"].as_str().unwrap());
        assert!(p["updatedAt"].as_str().unwrap() < now.as_str());
        assert!(p["reservation"]["totalAmount"].as_f64().unwrap() > 0.0);
        assert_eq!(p["reservation"]["currency"], "EUR");
        assert!(!p["customers"].as_array().unwrap().is_empty());
        let stays = p["stays"].as_array().unwrap();
        if !p["deletedAt"].is_null() {
            deleted += 1;
            assert!(stays.iter().all(|s| s[0].is_null()), "no one checks in to a deleted period");
            continue;
        }
        by_position.entry(p["reservation"]["positionId"].as_str().unwrap().into()).or_default().push((start, end));
        if end < today {
            past += 1;
            assert!(stays.iter().all(|s| s[0].is_string() && s[1].is_string()), "past stays are checked out");
        } else if start < today {
            current += 1;
            assert!(stays.iter().all(|s| s[0].is_string()), "current stays are checked in");
        } else if start > today {
            future += 1;
            assert!(stays.iter().all(|s| s[0].is_null()));
            if p["reservation"]["reservationConfirmed"] == false {
                unconfirmed += 1;
            }
        }
    }
    assert!(
        past > 100 && current > 5 && future > 50 && deleted > 5 && unconfirmed > 0,
        "{past} {current} {future} {deleted} {unconfirmed}"
    );
    for (position, mut stays) in by_position {
        stays.sort();
        assert!(stays.windows(2).all(|w| w[0].1 <= w[1].0), "{position} is double-booked");
    }
    // About three months either side of today.
    let first = periods.iter().map(|p| date(p, "start")).min().unwrap();
    let last = periods.iter().map(|p| date(p, "start")).max().unwrap();
    assert!((today - first).num_days() >= 85 && (last - today).num_days() >= 80, "{first} .. {last}");
}
