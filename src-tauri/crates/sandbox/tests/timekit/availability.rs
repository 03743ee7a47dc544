//! `POST /availability`: modes, the window (`from`/`to`/`length`), constraints, and which
//! bookings block.

use innkeep_providers::timekit::wire::{self, paths};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

async fn slots(sb: &Sb, body: Value) -> Vec<wire::Slot> {
    let answer: wire::Data<Vec<wire::Slot>> = sb.expect(Method::POST, paths::AVAILABILITY, Some(body), 200).await;
    answer.data
}

fn ids(s: &wire::Slot) -> Vec<String> {
    s.resources.iter().map(|r| r.id().to_owned()).collect()
}

#[tokio::test]
async fn the_documented_request_gives_office_hour_slots_on_weekdays() {
    let sb = start().await;
    let rooms: Vec<String> = sb.resources().await.into_iter().map(|r| r.id).take(2).collect();
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples/timekit/availability.request.json");
    let mut body: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    body["resources"] = json!(rooms);
    let found = slots(&sb, body).await;
    assert!(!found.is_empty());
    for s in &found {
        let start = s.start.0;
        assert_eq!(start.offset().local_minus_utc(), -4 * 3600, "output_timezone America/New_York (EDT in March)");
        let local = s.start.utc();
        assert!((9..=15).contains(&chrono::Timelike::hour(&local)), "{}", s.start);
        assert!(!matches!(chrono::Datelike::weekday(&local), chrono::Weekday::Sat | chrono::Weekday::Sun));
        assert_eq!(s.end.utc() - s.start.utc(), chrono::Duration::hours(2));
        assert_eq!(s.resources.len(), 1, "round robin: one resource per slot");
        assert!(matches!(&s.resources[0], wire::SlotResource::Object { name: Some(_), .. }));
    }
    // Slots start no earlier than now and end within a week.
    let now = sb.sandbox.now();
    assert!(found.iter().all(|s| s.start.utc() >= now && s.end.utc() <= now + chrono::Duration::weeks(1)));
    // Same request, same answer.
    let mut again: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    again["resources"] = json!(rooms);
    assert_eq!(slots(&sb, again).await, found);
}

#[tokio::test]
async fn modes_differ_in_which_resources_a_slot_lists() {
    let sb = start().await;
    let all: Vec<String> = sb.resources().await.into_iter().map(|r| r.id).collect();
    let window = |mode: &str| json!({"mode": mode, "resources": all, "from": at(day(40), 14), "to": at(day(41), 11), "length": "21 hours"});
    let exclusive = slots(&sb, window("exclusive")).await;
    assert_eq!(exclusive.len(), 1);
    let free = ids(&exclusive[0]);
    assert!(free.len() > 1, "most rooms are free 40 days ahead");
    let prioritized = slots(&sb, window("roundrobin_prioritized")).await;
    assert_eq!(
        ids(&prioritized[0]),
        vec![free.iter().min_by_key(|id| all.iter().position(|a| a == *id)).unwrap().clone()]
    );
    let mutual = slots(&sb, window("mutual")).await;
    assert_eq!(mutual.is_empty(), free.len() < all.len());

    let two = &free[..2];
    let both = slots(&sb, json!({"mode": "mutual", "resources": two, "from": at(day(40), 14), "to": at(day(41), 11), "length": "21 hours"})).await;
    assert_eq!(both.len(), 1);
    assert_eq!(ids(&both[0]).len(), 2);

    let e = sb.fails(Method::POST, paths::AVAILABILITY, Some(window("everyone")), 422).await;
    assert!(e.errors.unwrap().contains_key("mode"));
}

#[tokio::test]
async fn confirmed_bookings_block_and_tentative_ones_do_not() {
    let sb = start().await;
    let room = sb.free_room(day(30), 3).await;
    let query = json!({"mode": "exclusive", "resources": [room], "from": at(day(30), 14), "to": at(day(33), 11), "length": "69 hours"});
    assert_eq!(slots(&sb, query.clone()).await.len(), 1);
    let tentative = sb.create(sb.stay(&room, day(30), 3, "confirm_decline")).await;
    assert_eq!(tentative.state, "tentative");
    assert_eq!(slots(&sb, query.clone()).await.len(), 1, "a tentative booking does not block");
    sb.create(sb.stay(&room, day(31), 1, "instant")).await;
    assert!(slots(&sb, query.clone()).await.is_empty(), "a confirmed booking blocks");

    // A buffer widens a booking: the night after it is free, but not with a day of buffer.
    let after = json!({"mode": "exclusive", "resources": [room], "from": at(day(32), 14), "to": at(day(33), 11), "length": "21 hours"});
    assert_eq!(slots(&sb, after.clone()).await.len(), 1);
    let mut buffered = after;
    buffered["buffer"] = json!("1 day");
    assert!(slots(&sb, buffered).await.is_empty());
}

#[tokio::test]
async fn the_window_and_durations_are_checked() {
    let sb = start().await;
    let room = sb.resources().await[0].id.clone();
    let bad = |body: Value, field: &'static str| {
        let sb = &sb;
        async move {
            let e = sb.fails(Method::POST, paths::AVAILABILITY, Some(body), 422).await;
            assert!(e.errors.as_ref().unwrap().contains_key(field), "{field}: {e:?}");
        }
    };
    bad(json!({"resources": [room], "to": "7 months"}), "to").await;
    bad(json!({"resources": [room], "from": "next thursday"}), "from").await;
    bad(json!({"resources": [room], "length": "a while"}), "length").await;
    bad(json!({"resources": [room], "length": null}), "length").await;
    bad(json!({"resources": []}), "resources").await;
    bad(json!({"resources": ["58190fc6-1ec0-4ebb-b627-7ce6aa9fc703"]}), "resources.0").await;
    bad(json!({"resources": [room], "project_id": "58190fc6-1ec0-4ebb-b627-7ce6aa9fc703"}), "project_id").await;
    bad(json!({"resources": [room], "constraints": [{"allow_moon": {}}]}), "constraints.0").await;
    bad(json!({"resources": [room], "output_timezone": "Nowhere/Else"}), "output_timezone").await;
    bad(
        json!({"resources": [room], "from": "now", "to": "1 month", "timeslot_increments": "1 minute"}),
        "timeslot_increments",
    )
    .await;

    // Defaults: from now, four weeks, one-hour slots, in UTC.
    let hours = slots(&sb, json!({"mode": "exclusive", "resources": [room], "to": "1 day"})).await;
    assert!(!hours.is_empty() && hours.len() <= 24);
    assert!(hours.iter().all(|s| s.end.utc() - s.start.utc() == chrono::Duration::hours(1)));
    assert_eq!(hours[0].start.to_string().get(19..), Some("+00:00"));
}
