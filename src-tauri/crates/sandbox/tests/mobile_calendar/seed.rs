//! The seeded guesthouse over HTTP: reproducible to the byte, and believable.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use innkeep_providers::mobile_calendar::wire::{self, paths};
use serde_json::json;

use crate::common::*;

async fn bytes(sb: &Sb, path: &str) -> Vec<u8> {
    let a = sb.get(path).await;
    assert_eq!(a.status, 200);
    // The ruid differs per request but replays identically for the same seed and requests.
    a.body
}

async fn snapshot(sb: &Sb) -> Vec<Vec<u8>> {
    vec![
        bytes(sb, "/rooms?limit=200").await,
        bytes(sb, "/reservations?limit=200&includeDeleted=1&includeLocks=1").await,
        bytes(sb, "/reservations?limit=200&page=2").await,
        bytes(sb, "/clients?limit=200").await,
        bytes(sb, "/invoices?limit=50").await,
    ]
}

#[tokio::test]
async fn the_same_seed_and_day_answer_byte_for_byte_the_same() {
    let (a, b, c) = (start_with(11).await, start_with(11).await, start_with(12).await);
    assert_eq!(a.token, b.token, "even the tokens replay");
    let first = snapshot(&a).await;
    assert_eq!(first, snapshot(&b).await);
    assert_ne!(first[1], snapshot(&c).await[1]);
    // Writes replay identically too, down to the new ids.
    let ca = a.new_client("Test").await;
    let cb = b.new_client("Test").await;
    assert_eq!(ca, cb);
    let room = a.free_room(day(45), day(47), &[]).await;
    assert_eq!(room, b.free_room(day(45), day(47), &[]).await);
    let body = json!({"type": "SINGLE", "roomId": room.room_id, "clientId": ca.client_id, "arrival": day(45), "departure": day(47)});
    assert_eq!(a.post(paths::RESERVATIONS, body.clone()).await.body, b.post(paths::RESERVATIONS, body).await.body);
}

#[tokio::test]
async fn the_seeded_guesthouse_is_consistent() {
    let sb = start().await;
    let all: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, "includeDeleted=1&includeLocks=1").await;
    let clients: Vec<wire::Client> = sb.all(paths::CLIENTS, "").await;
    let client_ids: HashSet<i64> = clients.iter().map(|c| c.client_id).collect();
    let rooms = sb.rooms().await;
    let now = sb.sandbox.now();
    let today = today();
    let mut nights: HashSet<(i64, NaiveDate)> = HashSet::new();
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    let mut regs: HashMap<String, usize> = HashMap::new();
    for r in &all {
        *kinds.entry(r.kind.as_str()).or_default() += 1;
        assert!(rooms.iter().any(|x| x.room_id == r.room_id));
        assert!(r.edit_date.unwrap() <= now && r.add_date <= r.edit_date);
        if r.kind == wire::LOCK {
            assert!(r.client_id.is_none());
        } else {
            assert!(client_ids.contains(&r.client_id.unwrap()), "the guest of {} exists", r.reservation_id);
            assert_eq!(r.currency.as_deref(), Some("PLN"));
            assert!(r.price.unwrap() > 0.0);
        }
        if r.deleted() {
            *regs.entry("DELETED".into()).or_default() += 1;
            continue;
        }
        for n in r.arrival.iter_days().take_while(|d| *d < r.departure) {
            assert!(nights.insert((r.room_id, n)), "room {} double-booked on {n}", r.room_id);
        }
        let reg = r.registration.clone().unwrap();
        match reg.as_str() {
            "CHECKED_OUT" => assert!(r.departure <= today),
            "CHECKED_IN" => assert!(r.arrival <= today && today <= r.departure),
            _ => assert!(r.arrival >= today || r.kind == wire::LOCK, "{r:?}"),
        }
        *regs.entry(reg).or_default() += 1;
    }
    assert!(kinds[wire::SINGLE] > 300 && kinds[wire::GROUP] >= 4 && kinds[wire::LOCK] >= 1, "{kinds:?}");
    for r in ["NONE", "CHECKED_IN", "CHECKED_OUT", "DELETED"] {
        assert!(regs.get(r).copied().unwrap_or(0) > 0, "no {r}: {regs:?}");
    }
    // About three months back and ahead, the past well occupied.
    let live_nights =
        |from: i64, to: i64| nights.iter().filter(|(_, n)| *n >= day(from) && *n < day(to)).count() as f64;
    let past = live_nights(-90, 0) / (18.0 * 90.0);
    assert!((0.55..=0.95).contains(&past), "past occupancy {past}");
    assert!(all.iter().any(|r| r.arrival > day(80)));
    assert!(all.iter().any(|r| r.departure < day(-80)));
    let polish = clients.iter().filter(|c| c.country_id == Some(616)).count();
    assert!(polish * 2 > clients.len(), "mostly Polish guests");
}
