//! `reservations/getAll/2023-06-06`: pagination, limits and every filter.

use std::collections::HashSet;

use chrono::Duration;
use innkeep_providers::mews::wire::{self, paths, ReservationsGetAllRequest};
use serde_json::json;

use crate::common::*;

fn all() -> ReservationsGetAllRequest {
    ReservationsGetAllRequest::default()
}

#[tokio::test]
async fn a_cursor_walk_returns_every_reservation_once() {
    let sb = start().await;
    let big = sb.walk(all(), 1000).await;
    let small = sb.walk(all(), 97).await;
    assert!(big.len() > 900, "{}", big.len());
    let ids: Vec<&str> = small.iter().map(|r| r.id.as_str()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no duplicates");
    assert_eq!(small, big, "same items in the same order whatever the page size");
    // Newest first.
    assert!(big.windows(2).all(|w| w[0].created_utc >= w[1].created_utc));
    // Past the last item: an empty page with a null cursor.
    let last = big.last().unwrap().id.clone();
    let page: wire::ReservationsGetAllResponse =
        sb.call(paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": 10, "Cursor": last}})).await;
    assert!(page.reservations.is_empty() && page.cursor.is_none());
}

#[tokio::test]
async fn limitation_is_required_and_bounded() {
    let sb = start().await;
    let e = sb.fails(paths::RESERVATIONS_GET_ALL, json!({}), 400).await;
    assert!(e.message.contains("Limitation"), "{}", e.message);
    for count in [0, 1001] {
        let e = sb.fails(paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": count}}), 400).await;
        assert!(e.message.contains("Count"), "{}", e.message);
    }
    sb.fails(paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": -1}}), 400).await;
    let page: wire::ReservationsGetAllResponse =
        sb.call(paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": 1000}})).await;
    assert_eq!(page.reservations.len(), 1000);
    let one: wire::ReservationsGetAllResponse =
        sb.call(paths::RESERVATIONS_GET_ALL, json!({"Limitation": {"Count": 1}})).await;
    assert_eq!(one.reservations.len(), 1);
    sb.fails(
        paths::RESERVATIONS_GET_ALL,
        json!({"Limitation": {"Count": 5, "Cursor": "00000000-0000-4000-8000-000000000000"}}),
        400,
    )
    .await;
    sb.fails(paths::SERVICES_GET_ALL, json!({"Limitation": {"Count": 1001}}), 400).await;
    sb.fails(paths::SERVICES_GET_ALL, json!({}), 400).await;
}

#[tokio::test]
async fn interval_filters_are_limited_to_three_months() {
    let sb = start().await;
    let from = midnight(day(-30));
    let fine = interval(from, midnight(day(-30).checked_add_months(chrono::Months::new(3)).unwrap()));
    let too_long = interval(from, fine.end_utc + Duration::days(1));
    for name in [
        "CreatedUtc",
        "UpdatedUtc",
        "CollidingUtc",
        "ScheduledStartUtc",
        "ScheduledEndUtc",
        "ActualStartUtc",
        "ActualEndUtc",
    ] {
        let ok = sb.raw(paths::RESERVATIONS_GET_ALL, json!({name: fine, "Limitation": {"Count": 1}})).await;
        assert_eq!(ok.status(), 200, "{name}");
        let e = sb.fails(paths::RESERVATIONS_GET_ALL, json!({name: too_long, "Limitation": {"Count": 1}}), 400).await;
        assert!(e.message.contains(name), "{}", e.message);
        let backwards = interval(fine.end_utc, fine.start_utc);
        sb.fails(paths::RESERVATIONS_GET_ALL, json!({name: backwards, "Limitation": {"Count": 1}}), 400).await;
    }
    let short = interval(from, from + Duration::days(1));
    sb.fails(
        paths::RESERVATIONS_GET_ALL,
        json!({"ScheduledStartUtc": short, "ActualStartUtc": short, "Limitation": {"Count": 1}}),
        400,
    )
    .await;
    sb.fails(
        paths::RESERVATIONS_GET_ALL,
        json!({"ScheduledEndUtc": short, "ActualEndUtc": short, "Limitation": {"Count": 1}}),
        400,
    )
    .await;
    // The 2017 spelling is not a 2023 state.
    let e =
        sb.fails(paths::RESERVATIONS_GET_ALL, json!({"States": ["Enquired"], "Limitation": {"Count": 1}}), 400).await;
    assert!(e.message.contains("States"));
    sb.fails(
        paths::CUSTOMERS_GET_ALL,
        json!({"Extent": {"Customers": true}, "UpdatedUtc": too_long, "Limitation": {"Count": 1}}),
        400,
    )
    .await;
}

#[tokio::test]
async fn filters_select_exactly_what_they_say() {
    let sb = start().await;
    let everything = sb.walk(all(), 1000).await;

    // CollidingUtc: [ScheduledStartUtc, ScheduledEndUtc] overlaps the interval, ends included.
    let window = interval(local(day(3), 12), local(day(10), 14));
    let colliding = sb.walk(ReservationsGetAllRequest { colliding_utc: Some(window), ..all() }, 200).await;
    let expected: Vec<&wire::Reservation> = everything
        .iter()
        .filter(|r| r.scheduled_start_utc <= window.end_utc && window.start_utc <= r.scheduled_end_utc)
        .collect();
    assert_eq!(colliding.iter().collect::<Vec<_>>(), expected);
    // A stay that ends exactly at the window's start collides (inclusive ends).
    assert!(colliding.iter().any(|r| r.scheduled_end_utc == window.start_utc));

    // States.
    let states = vec!["Started".to_owned(), "Optional".to_owned()];
    let by_state = sb.walk(ReservationsGetAllRequest { states: Some(states.clone()), ..all() }, 1000).await;
    let expected: Vec<&wire::Reservation> = everything.iter().filter(|r| states.contains(&r.state)).collect();
    assert!(!expected.is_empty());
    assert_eq!(by_state.iter().collect::<Vec<_>>(), expected);

    // ReservationIds, Numbers, AccountIds.
    let picked: Vec<String> = everything.iter().step_by(50).map(|r| r.id.clone()).collect();
    let by_id = sb.walk(ReservationsGetAllRequest { reservation_ids: Some(picked.clone()), ..all() }, 1000).await;
    assert_eq!(by_id.iter().map(|r| r.id.clone()).collect::<HashSet<_>>(), picked.iter().cloned().collect());
    let numbers = vec![everything[3].number.clone(), everything[8].number.clone()];
    let by_number = sb.walk(ReservationsGetAllRequest { numbers: Some(numbers.clone()), ..all() }, 1000).await;
    assert_eq!(by_number.iter().map(|r| r.number.clone()).collect::<HashSet<_>>(), numbers.into_iter().collect());
    let account = everything[0].account_id.clone();
    let by_account =
        sb.walk(ReservationsGetAllRequest { account_ids: Some(vec![account.clone()]), ..all() }, 1000).await;
    assert_eq!(by_account.len(), everything.iter().filter(|r| r.account_id == account).count());

    // ScheduledStartUtc and ActualStartUtc (only reservations that have started).
    let arrivals = interval(midnight(day(-20)), midnight(day(-10)));
    let scheduled = sb.walk(ReservationsGetAllRequest { scheduled_start_utc: Some(arrivals), ..all() }, 1000).await;
    assert_eq!(
        scheduled.len(),
        everything
            .iter()
            .filter(|r| arrivals.start_utc <= r.scheduled_start_utc && r.scheduled_start_utc <= arrivals.end_utc)
            .count()
    );
    let actual = sb.walk(ReservationsGetAllRequest { actual_start_utc: Some(arrivals), ..all() }, 1000).await;
    assert!(!actual.is_empty());
    assert!(actual.iter().all(|r| matches!(r.state.as_str(), "Started" | "Processed")));
    assert!(actual.len() < scheduled.len(), "cancelled arrivals have no actual start");
}

#[tokio::test]
async fn updated_utc_finds_exactly_what_changed() {
    let sb = start().await;
    let setup = sb.setup().await;
    let before = sb.sandbox.now();
    let changed = sb
        .walk(
            ReservationsGetAllRequest { updated_utc: Some(interval(before, before + Duration::days(1))), ..all() },
            100,
        )
        .await;
    assert!(changed.is_empty(), "the seed has nothing updated after now");

    let a = book(&sb, &setup, setup.stay(1, day(20), 2)).await;
    let b = book(&sb, &setup, setup.stay(1, day(30), 2)).await;
    let resp: wire::ReservationIdsResponse = sb
        .call(
            paths::RESERVATIONS_CANCEL,
            wire::ReservationsCancelRequest {
                reservation_ids: vec![a.id.clone()],
                post_cancellation_fee: None,
                send_email: None,
                notes: Some("Guest changed plans".into()),
            },
        )
        .await;
    assert_eq!(resp.reservation_ids, vec![a.id.clone()]);

    let window = interval(before, before + Duration::days(1));
    let changed = sb.walk(ReservationsGetAllRequest { updated_utc: Some(window), ..all() }, 100).await;
    let ids: HashSet<&str> = changed.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, HashSet::from([a.id.as_str(), b.id.as_str()]));
    // Cancelled in the period = UpdatedUtc + States Canceled.
    let cancelled = sb
        .walk(
            ReservationsGetAllRequest { updated_utc: Some(window), states: Some(vec!["Canceled".into()]), ..all() },
            100,
        )
        .await;
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0].id, a.id);
    assert!(cancelled[0].updated_utc > a.updated_utc);
    assert_eq!(cancelled[0].cancelled_utc, Some(cancelled[0].updated_utc));
}
