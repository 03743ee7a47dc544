//! `reservations/add`, `reservations/price`, availability and pricing, and how they agree.

use chrono::Duration;
use innkeep_providers::mews::wire::{self, paths};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn add_normalizes_the_stay_and_answers_in_the_2017_shape() {
    let sb = start().await;
    let setup = sb.setup().await;
    let mut stay = setup.stay(2, day(12), 3);
    stay.notes = Some("Pokoj s výhledem, prosím.".into());
    stay.identifier = Some("front-desk-7".into());
    let resp: wire::ReservationsAddResponse =
        sb.call(paths::RESERVATIONS_ADD, setup.add_request(vec![stay.clone()])).await;
    let added = &resp.reservations[0];
    assert_eq!(added.identifier.as_deref(), Some("front-desk-7"));
    let r = &added.reservation;
    assert_eq!(r.state, "Confirmed", "the default state");
    assert_eq!(r.start_utc, local(day(12), 14));
    assert_eq!(r.end_utc, local(day(15), 12));
    assert_eq!(r.customer_id, setup.customer);
    assert_eq!(r.requested_category_id, setup.categories[2].id);
    assert!(setup.rooms_of(2).contains(r.assigned_resource_id.as_ref().unwrap()));
    assert_eq!(r.origin.as_deref(), Some("Connector"));
    assert_eq!(r.created_utc, r.updated_utc);
    assert!(r.created_utc > local(today(), 10));

    // The same reservation in the 2023 read shape.
    let read = sb.reservation(&r.id).await;
    assert_eq!(read.account_id, r.customer_id);
    assert_eq!(read.requested_resource_category_id, r.requested_category_id);
    assert_eq!((read.scheduled_start_utc, read.scheduled_end_utc), (r.start_utc, r.end_utc));
    assert_eq!((read.number.as_str(), read.state.as_str()), (r.number.as_str(), "Confirmed"));
    assert_eq!(read.assigned_resource_id, r.assigned_resource_id);
    assert_eq!(read.group_id, r.group_id);
    assert_eq!(read.person_counts, stay.person_counts);
    assert_eq!(read.notes, stay.notes);

    // Not idempotent: the same request makes another reservation, in another room.
    let again: wire::ReservationsAddResponse = sb.call(paths::RESERVATIONS_ADD, setup.add_request(vec![stay])).await;
    let r2 = &again.reservations[0].reservation;
    assert_ne!(r2.id, r.id);
    assert_ne!(r2.number, r.number);
    assert_ne!(r2.assigned_resource_id, r.assigned_resource_id);
}

#[tokio::test]
async fn add_takes_the_2017_states_and_stores_2023_ones() {
    let sb = start().await;
    let setup = sb.setup().await;
    let mut enquiry = setup.stay(1, day(40), 2);
    enquiry.state = Some("Enquired".into());
    let mut option = setup.stay(1, day(41), 2);
    option.state = Some("Optional".into());
    let resp: wire::ReservationsAddResponse =
        sb.call(paths::RESERVATIONS_ADD, setup.add_request(vec![enquiry, option])).await;
    let [a, b] = [&resp.reservations[0].reservation, &resp.reservations[1].reservation];
    assert_eq!((a.state.as_str(), b.state.as_str()), ("Enquired", "Optional"));
    assert_eq!(a.group_id, b.group_id, "one call, one group");
    assert_eq!(sb.reservation(&a.id).await.state, "Inquired");

    let mut wrong = setup.stay(1, day(40), 2);
    wrong.state = Some("Inquired".into());
    let body = serde_json::to_value(setup.add_request(vec![wrong])).unwrap();
    let e = sb.fails(paths::RESERVATIONS_ADD, body, 400).await;
    assert!(e.message.starts_with("Invalid State"), "{}", e.message);
}

#[tokio::test]
async fn add_refuses_bad_input_with_400() {
    let sb = start().await;
    let setup = sb.setup().await;
    let good = serde_json::to_value(setup.add_request(vec![setup.stay(1, day(20), 2)])).unwrap();
    let unknown = "00000000-0000-4000-8000-000000000000";
    let cases: Vec<(&str, serde_json::Value)> = vec![
        ("CustomerId", json!({"CustomerId": unknown})),
        ("CustomerId", json!({"CustomerId": null})),
        ("RequestedCategoryId", json!({"RequestedCategoryId": unknown})),
        ("RateId", json!({"RateId": unknown})),
        ("PersonCounts", json!({"PersonCounts": []})),
        ("PersonCounts", json!({"PersonCounts": [{"AgeCategoryId": unknown, "Count": 1}]})),
        ("EndUtc", json!({"EndUtc": local(day(19), 11)})),
        ("AssignedResourceId", json!({"AssignedResourceId": unknown})),
        ("AssignedResourceId", json!({"AssignedResourceId": setup.rooms_of(0)[0]})),
        (
            "TimeUnitPrices",
            json!({"TimeUnitPrices": [{"Index": 5, "Amount": {"Currency": "EUR", "GrossValue": 90, "TaxCodes": []}}]}),
        ),
        (
            "TimeUnitPrices",
            json!({"TimeUnitPrices": [{"Index": 0, "Amount": {"Currency": "EUR", "NetValue": 90, "TaxCodes": []}}]}),
        ),
        (
            "TimeUnitPrices",
            json!({"TimeUnitPrices": [{"Index": 0, "Amount": {"Currency": "GBP", "GrossValue": 90, "TaxCodes": []}}]}),
        ),
    ];
    for (field, patch) in cases {
        let mut body = good.clone();
        let r = &mut body["Reservations"][0];
        for (k, v) in patch.as_object().unwrap() {
            r[k] = v.clone();
        }
        let e = sb.fails(paths::RESERVATIONS_ADD, body, 400).await;
        assert!(e.message.starts_with(&format!("Invalid {field}")), "{field}: {}", e.message);
    }
    let mut body = good.clone();
    body["ServiceId"] = json!(unknown);
    sb.fails(paths::RESERVATIONS_ADD, body, 400).await;
    let mut body = good.clone();
    body["Reservations"] = json!([]);
    sb.fails(paths::RESERVATIONS_ADD, body, 400).await;
    let mut body = good;
    body["Reservations"][0].as_object_mut().unwrap().remove("RateId");
    let e = sb.fails(paths::RESERVATIONS_ADD, body, 400).await;
    assert!(e.message.starts_with("Invalid RateId"), "{}", e.message);
}

#[tokio::test]
async fn business_rules_answer_403_in_words_a_manager_understands() {
    let sb = start().await;
    let setup = sb.setup().await;
    let past = serde_json::to_value(setup.add_request(vec![setup.stay(1, day(-1), 2)])).unwrap();
    let e = sb.fails(paths::RESERVATIONS_ADD, past, 403).await;
    assert!(e.message.contains("in the past"), "{}", e.message);

    let mut crowded = setup.stay(1, day(20), 2);
    crowded.person_counts = vec![
        wire::PersonCount { age_category_id: setup.adult.clone(), count: 2 },
        wire::PersonCount { age_category_id: setup.child.clone(), count: 1 },
    ];
    let e =
        sb.fails(paths::RESERVATIONS_ADD, serde_json::to_value(setup.add_request(vec![crowded])).unwrap(), 403).await;
    assert_eq!(e.message, "A Double room sleeps at most 2 guests; this booking is for 3.");
}

#[tokio::test]
async fn a_full_category_refuses_the_next_booking() {
    let sb = start().await;
    let setup = sb.setup().await;
    let suite = 3;
    let night = day(70);
    let free = sb.availability(&setup, night, 1).await[suite][0];
    assert!(free > 0, "the seed leaves a suite free 70 days out");
    let mut rooms = Vec::new();
    for _ in 0..free {
        rooms.push(book(&sb, &setup, setup.stay(suite, night, 1)).await.assigned_resource_id.unwrap());
    }
    rooms.sort();
    rooms.dedup();
    assert_eq!(rooms.len(), free as usize, "each booking got its own suite");
    assert_eq!(sb.availability(&setup, night, 1).await[suite][0], 0);

    let next = serde_json::to_value(setup.add_request(vec![setup.stay(suite, night, 1)])).unwrap();
    let e = sb.fails(paths::RESERVATIONS_ADD, next.clone(), 403).await;
    assert!(e.message.contains("no free Vltava Suite"), "{}", e.message);
    assert!(e.message.contains(&night.format("%Y").to_string()), "{}", e.message);

    // A specific room that is taken is refused even without the overbooking check.
    let mut taken = setup.stay(suite, night, 1);
    taken.assigned_resource_id = Some(rooms[0].clone());
    let mut body = serde_json::to_value(setup.add_request(vec![taken])).unwrap();
    body["CheckOverbooking"] = json!(false);
    let e = sb.fails(paths::RESERVATIONS_ADD, body, 403).await;
    assert!(e.message.starts_with("Room ") && e.message.contains("already booked"), "{}", e.message);

    // Overbooking on purpose: accepted, without a room, and availability goes negative.
    let mut body = next;
    body["CheckOverbooking"] = json!(false);
    let resp = sb.raw(paths::RESERVATIONS_ADD, body).await;
    assert_eq!(resp.status(), 200);
    let added: wire::ReservationsAddResponse = resp.json().await.unwrap();
    assert_eq!(added.reservations[0].reservation.assigned_resource_id, None);
    assert_eq!(sb.availability(&setup, night, 1).await[suite][0], -1);
}

#[tokio::test]
async fn one_add_call_is_all_or_nothing() {
    let sb = start().await;
    let setup = sb.setup().await;
    let night = day(75);
    let free = sb.availability(&setup, night, 1).await[3][0];
    // One more suite than there is: the whole call fails and nothing is booked.
    let stays = (0..=free).map(|_| setup.stay(3, night, 1)).collect();
    let body = serde_json::to_value(setup.add_request(stays)).unwrap();
    sb.fails(paths::RESERVATIONS_ADD, body, 403).await;
    assert_eq!(sb.availability(&setup, night, 1).await[3][0], free);
}

#[tokio::test]
async fn availability_follows_bookings_and_cancellations() {
    let sb = start().await;
    let setup = sb.setup().await;
    let from = day(30);
    let before = sb.availability(&setup, from, 10).await;
    let stay = setup.stay(1, day(32), 3);
    let r = book(&sb, &setup, stay).await;
    let after = sb.availability(&setup, from, 10).await;
    for (c, row) in after.iter().enumerate() {
        for (n, free) in row.iter().enumerate() {
            let held = c == 1 && (2..5).contains(&n);
            assert_eq!(*free, before[c][n] - i32::from(held), "category {c} night {n}");
        }
    }
    let _: wire::ReservationIdsResponse =
        sb.call(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [r.id], "Notes": "Changed plans"})).await;
    assert_eq!(sb.availability(&setup, from, 10).await, before);
}

#[tokio::test]
async fn availability_and_pricing_need_whole_time_units() {
    let sb = start().await;
    let setup = sb.setup().await;
    let first = midnight(day(1));
    let cases = [
        (first + Duration::hours(1), first + Duration::days(2)),
        (first, local(day(3), 14)),
        (midnight(day(5)), first),
        (first, midnight(day(1 + 367))),
    ];
    for (a, b) in cases {
        sb.fails(
            paths::SERVICES_GET_AVAILABILITY,
            json!({"ServiceId": setup.service, "FirstTimeUnitStartUtc": a, "LastTimeUnitStartUtc": b}),
            400,
        )
        .await;
        sb.fails(
            paths::RATES_GET_PRICING,
            json!({"RateId": setup.bar, "FirstTimeUnitStartUtc": a, "LastTimeUnitStartUtc": b}),
            400,
        )
        .await;
    }
    // 367 units is the most; one unit is first == last; units span the DST switch on 29 March.
    let resp: wire::ServicesGetAvailabilityResponse = sb
        .call(
            paths::SERVICES_GET_AVAILABILITY,
            json!({"ServiceId": setup.service, "FirstTimeUnitStartUtc": first, "LastTimeUnitStartUtc": midnight(day(367))}),
        )
        .await;
    assert_eq!(resp.time_unit_starts_utc.len(), 367);
    assert_eq!(resp.time_unit_starts_utc[0].to_rfc3339(), "2026-03-10T23:00:00+00:00");
    assert_eq!(resp.time_unit_starts_utc[18].to_rfc3339(), "2026-03-28T23:00:00+00:00");
    assert_eq!(resp.time_unit_starts_utc[19].to_rfc3339(), "2026-03-29T22:00:00+00:00");
    assert_eq!(resp.category_availabilities.len(), 4);
    assert!(resp.category_availabilities.iter().all(|c| c.availabilities.len() == 367 && c.adjustments.len() == 367));
    let one: wire::ServicesGetAvailabilityResponse = sb
        .call(
            paths::SERVICES_GET_AVAILABILITY,
            json!({"ServiceId": setup.service, "FirstTimeUnitStartUtc": first, "LastTimeUnitStartUtc": first}),
        )
        .await;
    assert_eq!(one.time_unit_starts_utc, vec![first]);
}

#[tokio::test]
async fn quotes_agree_with_the_price_list() {
    let sb = start().await;
    let setup = sb.setup().await;
    let (arrival, nights) = (day(20), 4); // Monday 30 March, four weekday nights
    let pricing: wire::RatesGetPricingResponse = sb
        .call(
            paths::RATES_GET_PRICING,
            wire::RatesGetPricingRequest {
                rate_id: setup.bar.clone(),
                first_time_unit_start_utc: midnight(arrival),
                last_time_unit_start_utc: midnight(arrival + Duration::days(13)),
            },
        )
        .await;
    assert_eq!(pricing.currency, "EUR");
    assert_eq!(pricing.time_unit_starts_utc.len(), 14);
    let double = pricing.category_prices.iter().find(|c| c.category_id == setup.categories[1].id).unwrap();
    let expected: f64 = double.amount_prices[..nights].iter().map(|a| a.gross_value).sum();
    // Friday and Saturday nights cost more than the Wednesday before them.
    let weekday = |d: i64| double.amount_prices[(day(d) - arrival).num_days() as usize].gross_value;
    assert!(weekday(24) > weekday(22) && weekday(25) > weekday(22));
    for a in &double.amount_prices {
        assert_eq!(a.currency, "EUR");
        assert!((a.net_value + a.tax_values[0].value - a.gross_value).abs() < 1e-9);
    }

    let stay = setup.stay(1, arrival, nights as i64);
    let mut nrf = stay.clone();
    nrf.rate_id = setup.nrf.clone();
    nrf.identifier = Some("nrf".into());
    let mut custom = stay.clone();
    custom.identifier = Some("custom".into());
    custom.time_unit_prices = Some(vec![wire::TimeUnitPrice {
        index: 0,
        amount: wire::AmountParameters {
            currency: "EUR".into(),
            gross_value: Some(10.0),
            net_value: None,
            tax_codes: vec![],
        },
    }]);
    let quote: wire::ReservationsPriceResponse = sb
        .call(
            paths::RESERVATIONS_PRICE,
            wire::ReservationsPriceRequest { service_id: setup.service.clone(), reservations: vec![stay, nrf, custom] },
        )
        .await;
    let [bar, nrf, custom] = [&quote.reservation_prices[0], &quote.reservation_prices[1], &quote.reservation_prices[2]];
    assert!((bar.total_amount.gross_value - expected).abs() < 1e-9, "{} vs {expected}", bar.total_amount.gross_value);
    assert!(nrf.total_amount.gross_value < bar.total_amount.gross_value);
    let first_night = double.amount_prices[0].gross_value;
    assert!((custom.total_amount.gross_value - (expected - first_night + 10.0)).abs() < 1e-9);
    assert_eq!(nrf.identifier.as_deref(), Some("nrf"));
    // Quotes book nothing.
    assert_eq!(
        sb.walk(
            wire::ReservationsGetAllRequest { account_ids: Some(vec![setup.customer.clone()]), ..Default::default() },
            10
        )
        .await
        .len(),
        0
    );
}
