//! Every example payload of shared/providers/examples/mobile-calendar parses with the wire
//! types, carries the documented values, and maps to the right records.

use std::path::PathBuf;

use chrono::NaiveDate;
use innkeep_core::{Money, ReservationState};
use innkeep_providers::mobile_calendar::map::{self, McConfig, Rooms};
use innkeep_providers::mobile_calendar::wire;

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples/mobile-calendar"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e} (shared/ beside the repository?)"))
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_example_is_covered() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("the examples directory")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "auth_token.response.json",
            "problem_422.response.json",
            "reservation_create.request.json",
            "reservations_list.response.json",
            "webhook_reservation_created_group.body.json",
        ],
        "a new example needs a test here"
    );
}

#[test]
fn the_token_answer_is_snake_case() {
    let t: wire::TokenResponse = serde_json::from_str(&read("auth_token.response.json")).unwrap();
    assert_eq!(t.token_type, "Bearer");
    assert_eq!(t.expires_in, 3600);
    assert!(t.access_token.starts_with("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."));
    assert_eq!(t.scope.len(), 6);
    assert!(t.scope.contains(&"reservations.create".to_string()));
    assert_eq!(t.meta.ruid, "96ee294f-be6d-490e-adb5-bdb4c6a8b2d9");
}

#[test]
fn the_422_problem_names_its_field() {
    let p: wire::Problem = serde_json::from_str(&read("problem_422.response.json")).unwrap();
    assert_eq!(p.status, 422);
    assert_eq!(p.kind, format!("{}validation-error", wire::PROBLEM_BASE));
    assert_eq!(p.title, "Unprocessable Entity");
    assert_eq!(p.instance, "/v1/public/reservations");
    let errors = p.errors.unwrap();
    assert_eq!(errors["arrival"].all(), vec!["arrival wrong format, correct: Y-m-d"]);
}

#[test]
fn the_create_request_round_trips() {
    let text = read("reservation_create.request.json");
    let r: wire::ReservationCreateRequest = serde_json::from_str(&text).unwrap();
    assert_eq!(r.kind, wire::SINGLE);
    assert_eq!((r.arrival, r.departure), (d("2025-10-01"), d("2025-10-03")));
    assert_eq!(r.room_id, wire::OneOrMany::One(30268));
    assert_eq!(r.client_id, Some(362723));
    assert_eq!((r.adults, r.children, r.kids_age.clone()), (Some(2), Some(1), Some(vec![5])));
    assert_eq!(r.price_per_room, Some(150.0));
    assert_eq!(r.additional_info.as_deref(), Some("Will arrive with dog"));
    // What Innkeep sends is what the example shows: same fields, same values (150 == 150.0).
    let original: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sent = serde_json::to_value(&r).unwrap();
    let (original, sent) = (original.as_object().unwrap(), sent.as_object().unwrap());
    assert_eq!(original.keys().collect::<Vec<_>>(), sent.keys().collect::<Vec<_>>());
    for (k, v) in original {
        match (v.as_f64(), sent[k].as_f64()) {
            (Some(a), Some(b)) => assert_eq!(a, b, "{k}"),
            _ => assert_eq!(v, &sent[k], "{k}"),
        }
    }
}

#[test]
fn the_list_parses_and_maps_to_a_confirmed_single() {
    let list: wire::List<wire::Reservation> = serde_json::from_str(&read("reservations_list.response.json")).unwrap();
    assert_eq!(
        (list.meta.total_items, list.meta.current_page, list.meta.total_pages, list.meta.items_per_page),
        (1, 1, 1, 25)
    );
    let r = &list.data[0];
    assert_eq!(r.reservation_id, 478535);
    assert_eq!(r.registration.as_deref(), Some("NONE"));
    assert!(!r.deleted(), "the vendor's schema has no deletion flag: absent means live");
    assert_eq!(r.additional_services.as_ref().unwrap()[0].price, 25.5);
    assert_eq!(r.add_date.unwrap().to_rfc3339(), "2025-09-28T10:12:33+00:00");

    let rooms = Rooms { room_type: [(30268, Some(4102))].into_iter().collect() };
    let records = map::records(&list.data, &rooms, &McConfig::default());
    assert_eq!(records.len(), 1);
    let rec = &records[0];
    assert_eq!(rec.provider_id, "478535");
    assert_eq!(rec.number.as_deref(), Some("146"));
    assert_eq!(rec.state, ReservationState::Confirmed);
    assert_eq!(rec.provider_state, "NONE");
    assert_eq!((rec.arrival, rec.departure), (d("2025-10-01"), d("2025-10-03")));
    assert_eq!(rec.guest_provider_id.as_deref(), Some("362723"));
    assert_eq!(rec.room_provider_id.as_deref(), Some("30268"));
    assert!(rec.additional_room_provider_ids.is_empty());
    assert_eq!(rec.category_provider_id.as_deref(), Some("4102"));
    assert_eq!((rec.adults, rec.children), (2, 1));
    assert_eq!(rec.total, Some(Money::from_decimal(250.0, "EUR")), "the reservation's own currency wins");
    assert_eq!(rec.notes.as_deref(), Some("Will arrive with dog"));
    assert_eq!(rec.raw.value()["doorCode"], "AB12");
}

#[test]
fn the_group_webhook_has_arrays_and_the_group_maps_to_one_record() {
    let e: wire::WebhookEvent = serde_json::from_str(&read("webhook_reservation_created_group.body.json")).unwrap();
    assert_eq!(e.event_type, "reservation.created");
    assert_eq!(e.webhook_id, "9b9b499e-095c-4955-8dd0-cc5d84e50764");
    assert_eq!(e.timestamp.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(e.data.kind, wire::GROUP);
    assert_eq!(e.data.reservation_id.to_vec(), vec![478652, 478653]);
    assert_eq!(e.data.room_id.to_vec(), vec![28568, 28569]);
    assert!(e.data.links.unwrap().self_url.ends_with("/v1/reservations/478652"));

    // The reservations the webhook announces, as GET /reservations would return them.
    let members: Vec<wire::Reservation> = e
        .data
        .reservation_id
        .to_vec()
        .iter()
        .zip(e.data.room_id.to_vec())
        .map(|(id, room)| {
            serde_json::from_value(serde_json::json!({
                "type": "GROUP", "reservationId": id, "groupId": 9001, "clientId": e.data.client_id,
                "roomId": room, "arrival": e.data.arrival, "departure": e.data.departure,
                "adults": 2, "children": 0, "registration": "NONE", "currency": "PLN", "price": 500
            }))
            .unwrap()
        })
        .collect();
    let records = map::records(&members, &Rooms::default(), &McConfig::default());
    assert_eq!(records.len(), 1);
    let g = &records[0];
    assert_eq!(g.provider_id, "group:9001");
    assert_eq!(g.room_provider_id.as_deref(), Some("28568"));
    assert_eq!(g.additional_room_provider_ids, vec!["28569"]);
    assert_eq!(g.guest_provider_id.as_deref(), Some("362792"));
    assert_eq!(g.adults, 4);
    assert_eq!(g.total, Some(Money::from_decimal(1000.0, "PLN")));
}

#[test]
fn a_single_webhook_may_send_scalars_or_arrays() {
    let scalar = r#"{"webhookId":"a","eventType":"reservation.updated","timestamp":"2025-10-10T15:39:07+02:00",
        "data":{"type":"SINGLE","reservationId":478652,"roomId":28568,"arrival":"2025-10-14","departure":"2025-10-16","clientId":362792}}"#;
    let e: wire::WebhookEvent = serde_json::from_str(scalar).unwrap();
    assert_eq!(e.data.reservation_id.to_vec(), vec![478652]);
    let array = scalar.replace("\"reservationId\":478652", "\"reservationId\":[478652]");
    let e: wire::WebhookEvent = serde_json::from_str(&array).unwrap();
    assert_eq!(e.data.reservation_id, wire::OneOrMany::Many(vec![478652]));
}
