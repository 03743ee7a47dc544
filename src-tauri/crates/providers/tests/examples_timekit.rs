//! Every Timekit example payload in `shared/providers/examples/timekit/` parses with the wire
//! types, keeps its meaningful values, and the example bookings map to the right reservations.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use innkeep_core::{ErrorKind, ReservationState};
use innkeep_providers::timekit::map::{self, TimekitContext};
use innkeep_providers::timekit::wire;
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples/timekit");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn parse<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ctx() -> TimekitContext {
    TimekitContext {
        app_id: "app".into(),
        app_slug: "back-to-the-future".into(),
        name: "Hill Valley".into(),
        time_zone: "Atlantic/Reykjavik".into(),
        currency: "ISK".into(),
    }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_example_file_is_covered() {
    let found: BTreeSet<String> = std::fs::read_dir(DIR)
        .expect("shared examples beside the repository")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    let covered: BTreeSet<String> = [
        "availability.request.json",
        "availability.response.json",
        "bookings-create.request.json",
        "bookings-create.response.json",
        "bookings-list.response.json",
        "error-422.response.json",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, covered, "a new example needs a test here");
}

#[test]
fn the_availability_request_reads_with_its_constraints() {
    let q: wire::AvailabilityRequest = parse("availability.request.json");
    assert_eq!(q.mode.as_deref(), Some("roundrobin_random"));
    assert_eq!(q.output_timezone.as_deref(), Some("America/New_York"));
    assert_eq!(q.resources.as_ref().unwrap().len(), 2);
    assert_eq!(q.resources.as_ref().unwrap()[0], "7c0b9428-41f3-42cc-8ac4-f86c824eaa1f");
    let constraints = q.constraints.as_ref().unwrap();
    assert_eq!(constraints[0]["allow_hours"]["start"], 9);
    assert_eq!(constraints[0]["allow_hours"]["end"], 17);
    assert!(constraints[1].contains_key("block_weekends"));
    assert_eq!(
        (q.length.as_deref(), q.from.as_deref(), q.to.as_deref()),
        (Some("2 hours"), Some("now"), Some("1 week"))
    );
    // Writing it back gives the same document.
    let original: Value = serde_json::from_str(&read("availability.request.json")).unwrap();
    assert_eq!(serde_json::to_value(&q).unwrap(), original);
}

#[test]
fn the_availability_answer_reads_slots_with_resource_objects_and_bare_ids() {
    let a: wire::Data<Vec<wire::Slot>> = parse("availability.response.json");
    assert_eq!(a.data.len(), 2);
    let s = &a.data[0];
    assert_eq!(s.start.utc().to_rfc3339(), "2018-08-31T12:00:00+00:00");
    assert_eq!(s.end.utc() - s.start.utc(), chrono::Duration::hours(1));
    assert_eq!(s.resources[0].id(), "72e24237-9992-4888-ad66-721e8d3d1f98");
    assert!(matches!(&s.resources[0], wire::SlotResource::Object { name: Some(n), .. } if n == "Doc Brown"));
    assert_eq!(a.data[1].resources[0].id(), "8563d819-2991-4f52-b2db-f450f143836f");
    // Timekit's 2018 mocks used bare id strings.
    let old: wire::Slot = serde_json::from_value(serde_json::json!({
        "start": "2018-08-31T12:00:00+00:00", "end": "2018-08-31T13:00:00+00:00", "resources": ["bfa0b9fa-36aa-4ae6-8096-f3b20fbed1d2"]
    }))
    .unwrap();
    assert_eq!(old.resources[0].id(), "bfa0b9fa-36aa-4ae6-8096-f3b20fbed1d2");
}

#[test]
fn the_create_request_round_trips() {
    let b: wire::BookingCreate = parse("bookings-create.request.json");
    assert_eq!(b.resource_id.as_deref(), Some("d187d6e0-d6cb-409a-ae60-45a8fd0ec879"));
    assert_eq!(b.graph.as_deref(), Some("confirm_decline"));
    assert_eq!(b.start.as_deref(), Some("2018-08-12T21:30:00-07:00"));
    assert_eq!(b.where_.as_deref(), Some("Courthouse, Hill Valley, CA 95420, USA"));
    let c = b.customer.as_ref().unwrap();
    assert_eq!(
        (c.name.as_str(), c.email.as_deref(), c.voip.as_deref()),
        ("Marty McFly", Some("marty.mcfly@timekit.io"), Some("McFly"))
    );
    assert_eq!(b.settings.as_ref().unwrap().allow_double_bookings, Some(false));
    let original: Value = serde_json::from_str(&read("bookings-create.request.json")).unwrap();
    assert_eq!(serde_json::to_value(&b).unwrap(), original);
}

#[test]
fn the_created_booking_reads_and_maps_to_a_requested_reservation() {
    let r: wire::Data<wire::Booking> = parse("bookings-create.response.json");
    let b = &r.data;
    assert_eq!(
        (b.id.as_str(), b.graph.as_str(), b.state.as_str(), b.completed),
        ("58190fc6-1ec0-4ebb-b627-7ce6aa9fc703", "confirm_decline", "tentative", false)
    );
    assert_eq!(b.available_actions.as_deref().unwrap(), ["decline", "confirm"], "the 2016 name possible_actions");
    assert_eq!(b.created_at.to_string(), "2016-02-11T11:58:45+0100");
    assert_eq!(b.created_at.utc().to_rfc3339(), "2016-02-11T10:58:45+00:00");
    let info = b.attributes.as_ref().unwrap().event_info.as_ref().unwrap();
    assert_eq!(info.what.as_deref(), Some("Mens haircut"));
    assert_eq!(b.calendar.as_ref().unwrap().id, "c91c5d04-2a57-46c0-ab35-e489dadf132e");
    assert_eq!(b.customers.as_ref().unwrap()[0].phone.as_deref(), Some("1-591-001-5403"));

    let res = map::reservation(b, &ctx(), &HashMap::new()).unwrap();
    assert_eq!((res.state, res.provider_state.as_str()), (ReservationState::Requested, "tentative"));
    // 08:00–13:00 on one day: that day, one night.
    assert_eq!((res.arrival, res.departure), (d("2015-03-01"), d("2015-03-02")));
    assert_eq!(res.guest_provider_id.as_deref(), Some("marty.mcfly@timekit.io"));
    assert_eq!((res.room_provider_id.as_deref(), res.category_provider_id.as_deref()), (None, None));
    assert_eq!((res.adults, res.children, res.total.as_ref()), (1, 0, None));
    assert_eq!(res.created_at.unwrap().to_rfc3339(), "2016-02-11T10:58:45+00:00");
    assert_eq!(res.raw.value()["customers"][0]["voip"], "McFly");
    let g = map::guest(&b.customers.as_ref().unwrap()[0], None);
    assert_eq!((g.first_name.as_deref(), g.last_name.as_str()), (Some("Marty"), "McFly"));

    // The same booking on a known room, with Innkeep's meta.
    let mut on_room = b.clone();
    on_room.resource = Some(wire::ResourceRef { id: "room-1".into(), name: Some("101".into()) });
    on_room.meta =
        Some(serde_json::from_value(serde_json::json!({"adults": "2", "children": 1, "notes": "Late"})).unwrap());
    let rooms = HashMap::from([("room-1".to_owned(), "type:double".to_owned())]);
    let res = map::reservation(&on_room, &ctx(), &rooms).unwrap();
    assert_eq!(
        (res.room_provider_id.as_deref(), res.category_provider_id.as_deref()),
        (Some("room-1"), Some("type:double"))
    );
    assert_eq!((res.adults, res.children, res.notes.as_deref()), (2, 1, Some("Late")));
}

#[test]
fn the_bookings_page_reads_laravel_pagination_and_legacy_states() {
    let p: wire::Paginated<wire::Booking> = parse("bookings-list.response.json");
    assert_eq!((p.total, p.per_page, p.current_page, p.last_page), (5, 3, 2, 2));
    assert_eq!((p.from, p.to), (Some(4), Some(5)));
    assert!(p.next_page_url.is_none());
    assert_eq!(p.prev_page_url.as_deref(), Some("https://api.timekit.io/v2/bookings?limit=3&page=1"));
    assert_eq!(p.data.len(), 2);
    assert_eq!(p.data[1].id, "06502f41-78b3-4d03-9b6d-4c8b84e360ff");
    assert!(p.data.iter().all(|b| b.state == "initialized" && b.graph == "instant" && !b.completed));
    assert_eq!(p.data[0].created_at.to_string(), "2016-09-15T11:23:09+0300");
    assert_eq!(map::state("initialized"), Some(ReservationState::Inquiry));
    // Listed without includes, a booking has no dates: reading it as a reservation says so.
    let e = map::reservation(&p.data[0], &ctx(), &HashMap::new()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
    assert!(e.message.contains("c125d175-132a-499e-8beb-87f31378d5ab"));
}

#[test]
fn the_validation_error_reads_with_its_field_and_step() {
    let e: wire::ErrorBody = parse("error-422.response.json");
    assert_eq!(e.first_field(), Some(("event", "calendar id must be a valid UUID")));
    assert_eq!(e.action.as_deref(), Some("save_booking_data"));
    assert!(e.error.is_none());
    assert_eq!(e.text().as_deref(), Some("event: calendar id must be a valid UUID"));
    let original: Value = serde_json::from_str(&read("error-422.response.json")).unwrap();
    assert_eq!(serde_json::to_value(&e).unwrap(), original);
}
