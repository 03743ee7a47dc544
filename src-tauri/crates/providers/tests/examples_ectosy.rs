//! Every example payload of `shared/providers/examples/ectosy/` read with the Ectosy wire types,
//! with its meaningful values checked, and the example period mapped into Innkeep's records.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use innkeep_core::{Money, ReservationState};
use innkeep_providers::ectosy::map::{self, PeriodSnapshot};
use innkeep_providers::ectosy::wire;
use serde::de::DeserializeOwned;

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples/ectosy"))
}

fn read<T: DeserializeOwned>(name: &str) -> T {
    let path = dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The files this test reads; a new example must be added here (and checked) to pass.
const KNOWN: &[&str] = &[
    "README.md",
    "customers_put.request.json",
    "period_post.request.json",
    "period_post.response.json",
    "resources.response.json",
    "webhook_reservation_saved.body.json",
];

#[test]
fn every_example_is_known_to_this_test() {
    let found: BTreeSet<String> = std::fs::read_dir(dir())
        .expect("the examples directory beside the repository")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let known: BTreeSet<String> = KNOWN.iter().map(|s| s.to_string()).collect();
    assert_eq!(found, known);
}

#[test]
fn resources_are_positions() {
    let positions: Vec<wire::Position> = read("resources.response.json");
    assert_eq!(positions.len(), 3);
    assert_eq!(
        positions[0],
        wire::Position { position_id: "pos-7c1e2a".into(), position_title: "Max apartment 1".into() }
    );
    assert_eq!(positions[2].position_title, "Mini apartment 1");

    let (categories, rooms) = map::catalog(&positions);
    assert_eq!(categories.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Max apartment", "Mini apartment"]);
    assert_eq!(rooms.len(), 3);
    assert_eq!(rooms[1].provider_id, "pos-7c1e2b");
    assert_eq!(rooms[1].category_provider_id.as_deref(), Some("group:Max apartment"));
    assert_eq!(rooms[2].category_provider_id.as_deref(), Some("group:Mini apartment"));
}

#[test]
fn the_period_request_carries_its_customers_as_a_string() {
    let req: wire::PeriodPostRequest = read("period_post.request.json");
    assert_eq!(req.position_id, "pos-7c1e2a");
    assert_eq!(req.api_user_title, "Front desk app");
    assert_eq!((req.start.as_str(), req.end.as_str()), ("2026-07-10", "2026-07-14"));
    let customers = req.decode_customers().unwrap();
    assert_eq!(
        customers,
        [
            wire::NewCustomer { name: "Ana".into(), surname: "Horvat".into() },
            wire::NewCustomer { name: "Ivan".into(), surname: "Horvat".into() }
        ]
    );
    // Innkeep builds the same body from the same values.
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let built =
        wire::PeriodPostRequest::new("pos-7c1e2a", "Front desk app", d("2026-07-10"), d("2026-07-14"), &customers);
    assert_eq!(built, req);
}

#[test]
fn the_period_answer_maps_to_a_confirmed_reservation_with_all_its_guests() {
    let req: wire::PeriodPostRequest = read("period_post.request.json");
    let answer: wire::PeriodPostResponse = read("period_post.response.json");
    assert_eq!(answer.period_id, "per-3f9a61");
    assert_eq!(answer.applied_price, 480.0);
    assert_eq!(answer.applied_currency, "EUR");
    assert_eq!(answer.customers[1].customer_id, "cus-11a1");

    let r = PeriodSnapshot::new(&req, &answer, "Max apartment 1", 2, 0).reservation().unwrap();
    assert_eq!(r.provider_id, "per-3f9a61");
    assert_eq!(r.state, ReservationState::Confirmed);
    assert_eq!(r.provider_state, map::SAVED);
    assert_eq!((r.arrival.to_string(), r.departure.to_string()), ("2026-07-10".into(), "2026-07-14".into()));
    assert_eq!(r.room_provider_id.as_deref(), Some("pos-7c1e2a"));
    assert_eq!(r.category_provider_id.as_deref(), Some("group:Max apartment"));
    assert_eq!(r.guest_provider_id.as_deref(), Some("cus-11a0"));
    assert_eq!(r.total, Some(Money { amount_minor: 48_000, currency: "EUR".into() }));
    assert_eq!((r.adults, r.children), (2, 0));
    assert_eq!(r.raw.value()["periodId"], "per-3f9a61");
    assert_eq!(r.raw.value()["customers"][1]["surname"], "Horvat");
    // The raw copy is enough to rebuild the record later (cancel).
    assert_eq!(PeriodSnapshot::from_raw(&r.raw.value()).unwrap().reservation().unwrap(), r);

    let guests: Vec<_> = answer.customers.iter().map(|c| map::guest(c, None)).collect();
    assert_eq!(guests.iter().map(|g| g.provider_id.as_str()).collect::<Vec<_>>(), ["cus-11a0", "cus-11a1"]);
    assert_eq!(guests[0].first_name.as_deref(), Some("Ana"));
    assert_eq!(guests[0].last_name, "Horvat");
    assert_eq!(guests[0].raw.value()["customerId"], "cus-11a0");
}

#[test]
fn the_rename_request_is_an_array_of_customers() {
    let updates: Vec<wire::CustomerUpdate> = read("customers_put.request.json");
    assert_eq!(
        updates,
        [wire::CustomerUpdate { customer_id: "cus-11a1".into(), name: "Ivano".into(), surname: "Horvat".into() }]
    );
    // The README's DELETE body and the documented `{res: ok}`.
    let del: wire::PeriodDeleteRequest = serde_json::from_str(r#"{"periodId":"per-3f9a61"}"#).unwrap();
    assert_eq!(del.period_id, "per-3f9a61");
    let ok: wire::ResOk = serde_json::from_str(r#"{"res":"ok"}"#).unwrap();
    assert_eq!(ok.res, "ok");
}

#[test]
fn the_reservation_saved_web_hook_reads() {
    let hook: wire::ReservationSaved = read("webhook_reservation_saved.body.json");
    assert_eq!(hook.secret.as_deref(), Some("value-shown-in-ectosy-web-hooks-tab"));
    let r = &hook.reservation;
    assert_eq!(
        (r.reservation_id.as_str(), r.position_id.as_str(), r.resource_id.as_str()),
        ("per-3f9a61", "pos-7c1e2a", "res-55d2")
    );
    assert_eq!((r.start.as_str(), r.end.as_str()), ("2026-07-10", "2026-07-14"));
    assert!(!r.reservation_confirmed);
    assert_eq!(
        (r.resource_title_visible.as_str(), r.position_title_visible.as_str()),
        ("Max apartments", "Max apartment 1")
    );
    assert_eq!((r.currency.as_str(), r.total_amount), ("EUR", 480.0));
    assert_eq!(hook.customers.len(), 1);
    let c = &hook.customers[0];
    assert_eq!((c.customer_id.as_str(), c.name.as_str(), c.surname.as_str()), ("cus-11a0", "Ana", "Horvat"));
    assert_eq!(c.email.as_deref(), Some("ana@example.com"));
    assert!(c.document_number.is_none() && c.official_facility_id.is_none());
}
