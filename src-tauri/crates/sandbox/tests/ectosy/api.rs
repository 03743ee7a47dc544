//! The API itself, raw: positions, saving a period, deleting it, renaming its guests, and the
//! sandbox's inspection endpoint.

use innkeep_providers::ectosy::wire::{self, codes, paths};
use reqwest::Method;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn resources_lists_the_positions_of_the_property() {
    let sb = start().await;
    let positions = sb.positions().await;
    assert_eq!(positions.len(), 30);
    let titles: Vec<&str> = positions.iter().map(|p| p.position_title.as_str()).collect();
    for expected in ["Mobile home 1", "Parcel A1", "Max apartment 1", "Mini apartment 1", "Room 1"] {
        assert!(titles.contains(&expected), "{expected} in {titles:?}");
    }
    assert!(positions.iter().all(|p| p.position_id.starts_with("pos-")));
    let ids: std::collections::HashSet<_> = positions.iter().map(|p| &p.position_id).collect();
    assert_eq!(ids.len(), 30, "ids are unique");
    // The raw answer has exactly the two documented keys.
    let raw: serde_json::Value = sb.ok(Method::GET, paths::RESOURCES, None).await;
    let keys: Vec<&String> = raw[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["positionId", "positionTitle"]);
}

#[tokio::test]
async fn a_period_is_saved_with_its_guests_and_priced_from_the_price_list() {
    let sb = start().await;
    let room = sb.position("Room 1").await;
    let start = free_stretch(&sb, &room.position_id, day(10), 3).await;
    let end = start + chrono::Duration::days(3);
    let saved = sb.create(&room.position_id, start, end, &[("Ana", "Horvat"), ("Ivan", "Horvat")]).await;
    assert!(saved.period_id.starts_with("per-"));
    assert_eq!(saved.customers.len(), 2);
    assert_eq!((saved.customers[0].name.as_str(), saved.customers[0].surname.as_str()), ("Ana", "Horvat"));
    assert_eq!(saved.customers[1].name, "Ivan");
    assert_ne!(saved.customers[0].customer_id, saved.customers[1].customer_id);
    assert_eq!(saved.applied_currency, "EUR");
    // Double rooms: 50 / 75 / 110 EUR a night in low / shoulder (June, September) / high season.
    let expected: f64 = start
        .iter_days()
        .take_while(|d| *d < end)
        .map(|d| match chrono::Datelike::month(&d) {
            7 | 8 => 110.0,
            6 | 9 => 75.0,
            _ => 50.0,
        })
        .sum();
    assert_eq!(saved.applied_price, expected);

    let period = sb.period(&saved.period_id).await;
    assert_eq!(period["reservation"]["positionId"], room.position_id.as_str());
    assert_eq!(period["reservation"]["start"], start.to_string());
    assert_eq!(period["reservation"]["end"], end.to_string());
    assert_eq!(period["reservation"]["reservationConfirmed"], true);
    assert_eq!(period["reservation"]["totalAmount"], expected);
    assert_eq!(period["reservation"]["resourceTitleVisible"], "Double rooms");
    assert_eq!(period["apiUserTitle"], "Innkeep tests");
    assert_eq!(period["customers"][1]["customerId"], saved.customers[1].customer_id.as_str());
    assert!(period["deletedAt"].is_null());
}

#[tokio::test]
async fn overlapping_periods_on_one_position_are_refused_back_to_back_ones_are_not() {
    let sb = start().await;
    let home = sb.position("Mobile home 2").await;
    let start = free_stretch(&sb, &home.position_id, day(20), 9).await;
    let first = sb
        .create(
            &home.position_id,
            start + chrono::Duration::days(2),
            start + chrono::Duration::days(6),
            &[("Lena", "Weber")],
        )
        .await;

    for (s, e) in [(0, 3), (5, 9), (3, 4), (1, 8)] {
        let resp = sb
            .post_period(
                &home.position_id,
                start + chrono::Duration::days(s),
                start + chrono::Duration::days(e),
                &[("Jan", "Novák")],
            )
            .await;
        assert_eq!(resp.status(), 409, "{s}..{e}");
        let err: wire::ErrorBody = resp.json().await.unwrap();
        assert_eq!(err.code.as_deref(), Some(codes::PERIOD_OVERLAP));
        assert_eq!(err.field.as_deref(), Some("positionId"));
        let conflict = err.conflict.unwrap();
        assert_eq!(conflict.period_id, first.period_id);
        assert_eq!(conflict.start, (start + chrono::Duration::days(2)).to_string());
        assert!(err.message.contains("Mobile home 2"), "{}", err.message);
    }
    // The end is the departure day: a period may start the day the previous one ends.
    sb.create(&home.position_id, start, start + chrono::Duration::days(2), &[("Jan", "Novák")]).await;
    sb.create(
        &home.position_id,
        start + chrono::Duration::days(6),
        start + chrono::Duration::days(9),
        &[("Jan", "Novák")],
    )
    .await;
    // Another position is not affected.
    let other = sb.position("Mobile home 3").await;
    let free = free_stretch(&sb, &other.position_id, start + chrono::Duration::days(2), 4).await;
    sb.create(&other.position_id, free, free + chrono::Duration::days(4), &[("Jan", "Novák")]).await;
}

#[tokio::test]
async fn deleting_a_period_returns_its_guests_and_frees_the_position() {
    let sb = start().await;
    let apt = sb.position("Max apartment 1").await;
    let start = free_stretch(&sb, &apt.position_id, day(30), 5).await;
    let end = start + chrono::Duration::days(5);
    let saved = sb.create(&apt.position_id, start, end, &[("Marco", "Rossi"), ("Giulia", "Rossi")]).await;

    let removed: Vec<wire::Customer> =
        sb.ok(Method::DELETE, paths::PERIOD, Some(json!({"periodId": saved.period_id}))).await;
    assert_eq!(removed, saved.customers);
    let period = sb.period(&saved.period_id).await;
    assert!(period["deletedAt"].is_string());

    let again = sb.fails(Method::DELETE, paths::PERIOD, Some(json!({"periodId": saved.period_id})), 404).await;
    assert_eq!(again.code.as_deref(), Some(codes::PERIOD_NOT_FOUND));
    let unknown = sb.fails(Method::DELETE, paths::PERIOD, Some(json!({"periodId": "per-nothing"})), 404).await;
    assert_eq!(unknown.field.as_deref(), Some("periodId"));
    let missing = sb.fails(Method::DELETE, paths::PERIOD, Some(json!({})), 400).await;
    assert_eq!(missing.field.as_deref(), Some("periodId"));
    // Nothing holds the dates any more.
    sb.create(&apt.position_id, start, end, &[("Luka", "Babić")]).await;
}

#[tokio::test]
async fn renaming_guests_changes_exactly_them() {
    let sb = start().await;
    let parcel = sb.position("Parcel A1").await;
    let start = free_stretch(&sb, &parcel.position_id, day(5), 2).await;
    let saved = sb
        .create(
            &parcel.position_id,
            start,
            start + chrono::Duration::days(2),
            &[("Ivano", "Horvat"), ("Mia", "Horvat")],
        )
        .await;
    let first = &saved.customers[0].customer_id;
    let res: wire::ResOk = sb
        .ok(Method::PUT, paths::CUSTOMERS, Some(json!([{"customerId": first, "name": "Ivan", "surname": "Horvatić"}])))
        .await;
    assert_eq!(res.res, "ok");
    let period = sb.period(&saved.period_id).await;
    assert_eq!(period["customers"][0]["name"], "Ivan");
    assert_eq!(period["customers"][0]["surname"], "Horvatić");
    assert_eq!(period["customers"][1]["name"], "Mia");
    assert_eq!(period["customers"][1]["surname"], "Horvat");

    // All or nothing: one unknown id leaves the other entry unapplied.
    let err = sb
        .fails(
            Method::PUT,
            paths::CUSTOMERS,
            Some(json!([
                {"customerId": saved.customers[1].customer_id, "name": "Maja", "surname": "Horvat"},
                {"customerId": "cus-nobody", "name": "X", "surname": "Y"}
            ])),
            404,
        )
        .await;
    assert_eq!(err.code.as_deref(), Some(codes::CUSTOMER_NOT_FOUND));
    assert_eq!(err.field.as_deref(), Some("[1].customerId"));
    assert_eq!(sb.period(&saved.period_id).await["customers"][1]["name"], "Mia");

    let blank = sb
        .fails(
            Method::PUT,
            paths::CUSTOMERS,
            Some(json!([{"customerId": first, "name": "Ivan", "surname": "  "}])),
            400,
        )
        .await;
    assert_eq!(blank.code.as_deref(), Some(codes::SURNAME_REQUIRED));
    assert_eq!(blank.field.as_deref(), Some("[0].surname"));
    let not_array = sb.fails(Method::PUT, paths::CUSTOMERS, Some(json!({"customerId": first})), 400).await;
    assert_eq!(not_array.code.as_deref(), Some(codes::INVALID_BODY));
    sb.fails(Method::PUT, paths::CUSTOMERS, Some(json!([])), 400).await;

    // Guests of a deleted period are gone.
    let _: Vec<wire::Customer> = sb.ok(Method::DELETE, paths::PERIOD, Some(json!({"periodId": saved.period_id}))).await;
    sb.fails(Method::PUT, paths::CUSTOMERS, Some(json!([{"customerId": first, "name": "A", "surname": "B"}])), 404)
        .await;
}

#[tokio::test]
async fn the_inspection_endpoint_filters_and_needs_the_key() {
    let sb = start().await;
    let all = sb.inspect("").await;
    assert!(all.len() > 300, "{}", all.len());
    let from = day(0).to_string();
    let to = day(6).to_string();
    let week = sb.inspect(&format!("from={from}&to={to}")).await;
    assert!(!week.is_empty() && week.len() < all.len());
    for p in &week {
        assert!(p["reservation"]["end"].as_str().unwrap() > from.as_str());
        assert!(p["reservation"]["start"].as_str().unwrap() <= to.as_str());
    }
    let root = sb.endpoint.base_url.trim_end_matches(innkeep_sandbox::ectosy::STAGE).to_owned();
    let url = format!("{root}{}", innkeep_sandbox::ectosy::INSPECT_PATH);
    assert_eq!(sb.http.get(&url).send().await.unwrap().status(), 403);
    let bad = sb.http.get(format!("{url}?colour=red")).header(wire::API_KEY_HEADER, sb.key()).send().await.unwrap();
    assert_eq!(bad.status(), 400);
}
