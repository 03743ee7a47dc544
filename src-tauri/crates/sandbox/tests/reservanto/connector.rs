//! Innkeep's Reservanto client and connector against the sandbox: catalog, sync plans and reads,
//! quotes, bookings and every change, guest edits, tokens and the error paths.

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use innkeep_core::records::ReservationRecord;
use innkeep_core::{Capabilities, ErrorKind, NewGuest, ProviderKind, ReservationState};
use innkeep_providers::connector::{Change, Connector, GuestEdit, GuestRef, NewBooking, Page, StayRequest, Target};
use innkeep_providers::reservanto::connector::guests_complete;
use innkeep_providers::reservanto::wire::{self, paths, status};
use innkeep_providers::reservanto::{ReservantoConnector, ReservantoContext};
use innkeep_sandbox::{reservanto, FaultRule};
use serde_json::json;

use crate::common::*;

const DOUBLE: &str = "31002";

fn stay(category: Option<&str>, room: Option<String>, arrival: i64, departure: i64, adults: u32) -> StayRequest {
    StayRequest {
        arrival: day(arrival),
        departure: day(departure),
        category_provider_id: category.map(Into::into),
        room_provider_id: room,
        additional_room_provider_ids: vec![],
        adults,
        children: 0,
    }
}

fn new_guest(first: &str, last: &str) -> GuestRef {
    GuestRef::New(NewGuest {
        first_name: first.into(),
        last_name: last.into(),
        email: Some("host@example.cz".into()),
        phone: Some("602 111 222".into()),
    })
}

fn booking(stay: StayRequest, guest: GuestRef) -> NewBooking {
    NewBooking { stay, guests: vec![guest], notes: Some("Příjezd autem".into()), reference: "innkeep-test-1".into() }
}

fn target(r: &ReservationRecord) -> Target {
    Target {
        provider_id: r.provider_id.clone(),
        guest_provider_id: r.guest_provider_id.clone(),
        room_provider_id: r.room_provider_id.clone(),
        arrival: r.arrival,
        departure: r.departure,
        raw: r.raw.value(),
    }
}

fn only(page: &Page) -> &ReservationRecord {
    assert_eq!(page.reservations.len(), 1);
    assert!(guests_complete(page));
    &page.reservations[0]
}

async fn customer_count(sb: &Sb) -> usize {
    let all: wire::CustomersResponse = sb.ok(paths::CUSTOMER_LIST, json!({})).await;
    all.customers.len()
}

/// Books a stay for one new guest in the first room type with a free room, through the connector.
async fn book(c: &ReservantoConnector, arrival: i64, departure: i64) -> ReservationRecord {
    for category in [DOUBLE, "31003", "31004", "31001"] {
        match c.create(&booking(stay(Some(category), None, arrival, departure, 1), new_guest("Karel", "Tester"))).await
        {
            Ok(page) => return only(&page).clone(),
            Err(e) => assert_eq!(e.kind, ErrorKind::Conflict, "{}", e.message),
        }
    }
    panic!("no free room from day {arrival} to day {departure}");
}

#[tokio::test]
async fn the_catalog_is_the_rental_segment_with_room_types_as_categories() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    assert_eq!(catalog.property.name, "Penzion U Tří lip");
    assert_eq!(catalog.property.time_zone, "Europe/Prague");
    assert_eq!(catalog.property.currency, "CZK");
    let cats: Vec<(&str, &str, u32)> =
        catalog.categories.iter().map(|c| (c.provider_id.as_str(), c.name.as_str(), c.capacity)).collect();
    assert_eq!(
        cats,
        [
            ("31001", "Jednolůžkový pokoj", 1),
            ("31002", "Dvoulůžkový pokoj", 2),
            ("31003", "Rodinný pokoj", 4),
            ("31004", "Apartmán", 5)
        ]
    );
    assert_eq!(catalog.rooms.len(), 16, "the sauna is not a room");
    assert!(catalog.rooms.iter().all(|r| r.category_provider_id.is_some() && r.is_active));
    assert_eq!(catalog.rooms.iter().filter(|r| r.category_provider_id.as_deref() == Some(DOUBLE)).count(), 8);
    let first = catalog.rooms.iter().find(|r| r.name == "Pokoj 201").unwrap();
    assert_eq!(first.floor.as_deref(), Some("2"));
    let ctx: ReservantoContext = serde_json::from_value(catalog.config.clone()).unwrap();
    assert_eq!(ctx.rooms.len(), 16);
    assert_eq!(c.check().await.unwrap(), catalog.property);
}

#[tokio::test]
async fn a_full_sync_reads_every_window_with_its_guests() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let plan = c.plan(None, false).await.unwrap();
    assert!(plan.full);
    assert_eq!(plan.windows.len(), 18);
    let watermark: i64 = plan.watermark.as_deref().unwrap().parse().unwrap();
    assert!((local(today(), 10)..local(today(), 10) + 5).contains(&watermark), "the server's now");
    let rooms: HashSet<String> = catalog.rooms.iter().map(|r| r.provider_id.clone()).collect();
    let mut seen = HashSet::new();
    let mut states = HashSet::new();
    let mut total = 0;
    for w in &plan.windows {
        let page = c.read(w, None).await.unwrap();
        assert!(page.next.is_none(), "no paging");
        assert!(guests_complete(&page), "{}", w.label);
        for r in &page.reservations {
            assert!(rooms.contains(r.room_provider_id.as_ref().unwrap()), "only rooms, no sauna");
            assert!(seen.insert(r.provider_id.clone()), "windows do not overlap");
            assert!(r.arrival < r.departure);
            assert_eq!(
                r.category_provider_id.as_deref(),
                catalog
                    .rooms
                    .iter()
                    .find(|x| Some(&x.provider_id) == r.room_provider_id.as_ref())
                    .unwrap()
                    .category_provider_id
                    .as_deref()
            );
            assert!(r.total.as_ref().is_some_and(|t| t.currency == "CZK" && t.amount_minor > 0));
            states.insert(r.state);
            match r.state {
                ReservationState::CheckedOut => assert!(r.departure <= today()),
                ReservationState::CheckedIn => assert!(r.arrival <= today() && r.departure >= today()),
                ReservationState::Requested => assert!(r.arrival >= today()),
                _ => {}
            }
        }
        for g in &page.guests {
            assert!(!g.last_name.is_empty() && !g.last_name.contains(' ') || g.first_name.is_none());
        }
        total += page.reservations.len();
    }
    for st in [
        ReservationState::CheckedOut,
        ReservationState::CheckedIn,
        ReservationState::Confirmed,
        ReservationState::Requested,
        ReservationState::Cancelled,
        ReservationState::Declined,
        ReservationState::NoShow,
    ] {
        assert!(states.contains(&st), "no {st}");
    }
    // Every room booking of the seeded half year is read.
    let mut raw = 0;
    for w in -6..6 {
        raw += sb.events(day(w * 31), day((w + 1) * 31)).await.iter().filter(|e| e.source_id != 19_990).count();
    }
    assert_eq!(total, raw);
}

#[tokio::test]
async fn an_incremental_sync_sees_the_feed_and_the_months_around_today() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let first = c.plan(None, false).await.unwrap();
    let since = first.watermark.clone().unwrap();
    // Far ahead (outside the incremental windows) and near: both made and cancelled through the API.
    let far = book(&c, 120, 122).await;
    let near = book(&c, 10, 12).await;
    c.apply(&target(&far), &Change::Cancel { reason: None, override_late: false }).await.unwrap();
    let plan = c.plan(Some(&since), false).await.unwrap();
    assert!(!plan.full);
    assert_eq!(plan.windows.len(), 4, "three months, then the feed");
    assert!(plan.watermark.as_deref().unwrap() > since.as_str());
    let mut found_near = false;
    for w in &plan.windows[..3] {
        let page = c.read(w, None).await.unwrap();
        found_near |= page.reservations.iter().any(|r| r.provider_id == near.provider_id);
        assert!(!page.reservations.iter().any(|r| r.provider_id == far.provider_id));
    }
    assert!(found_near);
    // The feed, read last, brings what the windows could not see, and not again what they did.
    let feed = c.read(&plan.windows[3], None).await.unwrap();
    let cancelled = feed.reservations.iter().find(|r| r.provider_id == far.provider_id).expect("the feed has it");
    assert_eq!(cancelled.state, ReservationState::Cancelled);
    assert!(!feed.reservations.iter().any(|r| r.provider_id == near.provider_id), "read by its window already");
    assert!(guests_complete(&feed));
    let full_again = c.plan(Some(&since), true).await.unwrap();
    assert!(full_again.full && full_again.windows.len() == 18);
}

#[tokio::test]
async fn a_quote_counts_the_free_rooms_of_the_category() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let doubles: BTreeSet<i32> = catalog
        .rooms
        .iter()
        .filter(|r| r.category_provider_id.as_deref() == Some(DOUBLE))
        .map(|r| r.provider_id.parse().unwrap())
        .collect();
    for (a, d) in [(3, 5), (40, 47)] {
        let q = c.quote(&stay(Some(DOUBLE), None, a, d, 2)).await.unwrap();
        let free = sb.free_rooms(day(a), day(d)).await.into_iter().filter(|r| doubles.contains(r)).count();
        assert_eq!(q.available_rooms as usize, free);
        assert_eq!(q.total, None, "no price API");
    }
    let room = doubles.iter().next().unwrap().to_string();
    let q = c.quote(&stay(None, Some(room.clone()), 100, 101, 2)).await.unwrap();
    assert_eq!(q.available_rooms, 1);
    let e = c.quote(&stay(None, Some("19990".into()), 100, 101, 2)).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("room_id")), "the sauna is no room");
    let e = c.quote(&stay(Some(DOUBLE), None, 5, 5, 2)).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("departure"));
}

#[tokio::test]
async fn a_booking_takes_a_free_room_of_the_category_for_a_new_guest() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let page =
        c.create(&booking(stay(Some(DOUBLE), None, 70, 73, 2), new_guest("Marie Anna", "Králová"))).await.unwrap();
    let r = only(&page);
    assert_eq!(r.state, ReservationState::Confirmed);
    assert_eq!(r.provider_state, "Confirmed");
    assert_eq!((r.arrival, r.departure), (day(70), day(73)));
    assert_eq!(r.category_provider_id.as_deref(), Some(DOUBLE));
    assert_eq!(r.adults, 2);
    assert_eq!(r.notes.as_deref(), Some("Příjezd autem"));
    let (appointment, customer) = r.provider_id.split_once(':').unwrap();
    assert_eq!(r.number.as_deref(), Some(appointment));
    assert_eq!(r.guest_provider_id.as_deref(), Some(customer));
    let g = &page.guests[0];
    assert_eq!((g.first_name.as_deref(), g.last_name.as_str()), (Some("Marie Anna"), "Králová"));
    assert_eq!(g.phone.as_deref(), Some("+420602111222"));
    // Seen raw: the room is held, with check-in and check-out times.
    let key = wire::BookingKey { appointment_id: appointment.parse().unwrap(), customer_id: customer.parse().unwrap() };
    let e = sb.event(key).await;
    assert_eq!((e.start_date, e.end_date, e.count), (check_in(day(70)), check_out(day(73)), 2));
    assert!(catalog.rooms.iter().any(|x| x.provider_id == e.source_id.to_string()));

    // The same room again is taken: nothing is written, not even the guest.
    let before = customer_count(&sb).await;
    let e = c
        .create(&booking(stay(Some(DOUBLE), r.room_provider_id.clone(), 71, 72, 1), new_guest("Jiří", "Druhý")))
        .await
        .unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Conflict, Some("room_id")), "{}", e.message);
    let e = c.create(&booking(stay(Some("31001"), None, 100, 101, 2), new_guest("Jiří", "Druhý"))).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("adults")), "a single sleeps one");
    assert_eq!(customer_count(&sb).await, before);
    // An existing guest by id; an unknown one is named.
    let again =
        c.create(&booking(stay(Some(DOUBLE), None, 100, 101, 1), GuestRef::Existing(customer.into()))).await.unwrap();
    assert_eq!(only(&again).guest_provider_id.as_deref(), Some(customer));
    let e =
        c.create(&booking(stay(Some(DOUBLE), None, 102, 103, 1), GuestRef::Existing("17".into()))).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::NotFound, Some("guest")), "{}", e.message);
    let e = c.create(&booking(stay(Some(DOUBLE), None, 102, 103, 1), new_guest("Jen", " "))).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("last_name"));
}

#[tokio::test]
async fn a_full_category_is_a_conflict() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let mut made = 0;
    loop {
        match c.create(&booking(stay(Some("31004"), None, 100, 102, 2), new_guest("A", "B"))).await {
            Ok(_) => made += 1,
            Err(e) => {
                assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Conflict, Some("category_id")), "{}", e.message);
                break;
            }
        }
        assert!(made <= 2, "two apartments only");
    }
    assert_eq!(made, 2, "both were free so far ahead");
    assert_eq!(c.quote(&stay(Some("31004"), None, 100, 102, 2)).await.unwrap().available_rooms, 0);
}

#[tokio::test]
async fn a_late_cancellation_needs_the_managers_override() {
    let sb = start().await;
    let c = sb.connector();
    let r = book(&c, 1, 3).await;
    let e = c
        .apply(&target(&r), &Change::Cancel { reason: Some("Host onemocněl".into()), override_late: false })
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::LateCancellation);
    assert!(
        e.message.contains("late-cancellation rule") && e.message.contains("48 hodin") && e.message.contains("anyway"),
        "{}",
        e.message
    );
    assert_eq!(sb.event(wire_key(&r)).await.status, status::CONFIRMED, "nothing changed");
    let page = c.apply(&target(&r), &Change::Cancel { reason: None, override_late: true }).await.unwrap();
    assert_eq!(only(&page).state, ReservationState::Cancelled);
    let e = c.apply(&target(&r), &Change::Cancel { reason: None, override_late: true }).await.unwrap_err();
    assert_eq!((e.kind, e.field), (ErrorKind::Forbidden, None), "{}", e.message);
}

fn wire_key(r: &ReservationRecord) -> wire::BookingKey {
    innkeep_providers::reservanto::map::parse_provider_id(&r.provider_id).unwrap()
}

#[tokio::test]
async fn pending_bookings_are_confirmed_or_declined() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let plan = c.plan(None, false).await.unwrap();
    let mut pending = Vec::new();
    for w in &plan.windows[6..9] {
        pending.extend(
            c.read(w, None).await.unwrap().reservations.into_iter().filter(|r| r.state == ReservationState::Requested),
        );
    }
    assert!(pending.len() >= 2);
    let page = c.apply(&target(&pending[0]), &Change::Confirm).await.unwrap();
    assert_eq!(only(&page).state, ReservationState::Confirmed);
    let e = c.apply(&target(&pending[0]), &Change::Confirm).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert!(e.message.contains("nečeká na potvrzení"), "{}", e.message);
    let page = c.apply(&target(&pending[1]), &Change::Reject { reason: Some("Plno".into()) }).await.unwrap();
    assert_eq!(only(&page).state, ReservationState::Declined);
    assert_eq!(only(&page).provider_state, "Rejected");
}

#[tokio::test]
async fn a_move_changes_dates_only() {
    let sb = start().await;
    let c = sb.connector();
    let r = book(&c, 100, 102).await;
    let page = c
        .apply(
            &target(&r),
            &Change::Move { arrival: day(101), departure: day(105), room_provider_id: r.room_provider_id.clone() },
        )
        .await
        .unwrap_or_else(|e| panic!("{}", e.message));
    let moved = only(&page);
    assert_eq!((moved.arrival, moved.departure, &moved.room_provider_id), (day(101), day(105), &r.room_provider_id));
    let e = sb.event(wire_key(&r)).await;
    assert_eq!(
        (e.start_date, e.end_date),
        (check_in(day(101)), check_out(day(105))),
        "check-in and check-out times kept"
    );

    let other_room = if moved.room_provider_id.as_deref() == Some("19501") { "19502" } else { "19501" };
    let change = Change::Move { arrival: day(101), departure: day(105), room_provider_id: Some(other_room.into()) };
    let e = c.apply(&target(moved), &change).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert_eq!(Some(e.message), Capabilities::of(ProviderKind::Reservanto).change_room.reason);

    // Onto another booking of the room: a conflict naming the arrival.
    let other = c
        .create(&booking(stay(None, moved.room_provider_id.clone(), 110, 112, 1), new_guest("Ota", "Další")))
        .await
        .unwrap();
    let other = only(&other);
    let change = Change::Move { arrival: day(109), departure: day(111), room_provider_id: None };
    let e = c.apply(&target(moved), &change).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Conflict, Some("arrival")), "{}", e.message);
    assert_eq!(sb.event(wire_key(other)).await.start_date, check_in(day(110)));
    let e = c
        .apply(&target(moved), &Change::Move { arrival: day(120), departure: day(120), room_provider_id: None })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("departure"));
}

#[tokio::test]
async fn arrival_and_no_show_are_recorded() {
    let sb = start().await;
    let c = sb.connector();
    let r = book(&c, 0, 2).await;
    let page = c.apply(&target(&r), &Change::CheckIn).await.unwrap();
    assert_eq!(only(&page).state, ReservationState::CheckedIn);
    let later = book(&c, 4, 5).await;
    let e = c.apply(&target(&later), &Change::NoShow).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Forbidden, None), "{}", e.message);
    assert!(e.message.contains("nejdříve"), "the rule, quoted: {}", e.message);
    sb.sandbox.advance_clock(chrono::Duration::days(5));
    let page = c.apply(&target(&later), &Change::NoShow).await.unwrap();
    assert_eq!(only(&page).state, ReservationState::NoShow);
}

#[tokio::test]
async fn unsupported_changes_say_why() {
    let sb = start().await;
    let c = sb.connector();
    let r = book(&c, 30, 31).await;
    let caps = Capabilities::of(ProviderKind::Reservanto);
    for (change, reason) in [
        (Change::CheckOut, caps.check_out.reason),
        (Change::Restore, caps.restore.reason),
        (Change::Delete, caps.delete.reason),
        (Change::EditNotes { notes: "x".into() }, caps.edit_notes.reason),
    ] {
        let e = c.apply(&target(&r), &change).await.unwrap_err();
        assert_eq!((e.kind, Some(e.message)), (ErrorKind::Forbidden, reason));
    }
    let mut bad = target(&r);
    bad.provider_id = "12".into();
    assert_eq!(c.apply(&bad, &Change::Confirm).await.unwrap_err().kind, ErrorKind::Validation);
}

#[tokio::test]
async fn a_guest_edit_sends_both_names_and_reads_the_guest_back() {
    let sb = start().await;
    let c = sb.connector();
    let r = book(&c, 30, 31).await;
    let id = r.guest_provider_id.clone().unwrap();
    let edit = GuestEdit {
        first_name: None,
        last_name: Some("Testerová".into()),
        email: Some("nova@seznam.cz".into()),
        phone: None,
    };
    let g = c.edit_guest(&id, &edit).await.unwrap();
    assert_eq!((g.first_name.as_deref(), g.last_name.as_str()), (Some("Karel"), "Testerová"));
    assert_eq!(g.email.as_deref(), Some("nova@seznam.cz"));
    assert_eq!(g.phone.as_deref(), Some("+420602111222"), "kept");
    let e = c.edit_guest(&id, &GuestEdit { email: Some("nova@".into()), ..Default::default() }).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("email")), "{}", e.message);
    assert!(e.message.contains("e-mail"));
    let e = c.edit_guest("17", &GuestEdit { email: Some("a@b.cz".into()), ..Default::default() }).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn tokens_are_renewed_before_expiry_and_once_on_a_401() {
    let sb = start().await;
    let client = sb.client_with(reservanto::LONG_TIME_TOKEN);
    for _ in 0..3 {
        client.segments().await.unwrap();
    }
    assert_eq!(client.token_renewals(), 1, "one token for many calls");
    // The server's clock passes 30 minutes: the token expired there; one 401, one renewal.
    sb.sandbox.advance_clock(chrono::Duration::minutes(31));
    client.segments().await.unwrap();
    assert_eq!(client.token_renewals(), 2);
    // A client that uses each token for no time renews before every call.
    let eager = sb.client_with(reservanto::LONG_TIME_TOKEN).with_token_use(Duration::ZERO);
    eager.segments().await.unwrap();
    eager.segments().await.unwrap();
    assert_eq!(eager.token_renewals(), 2);
}

#[tokio::test]
async fn tokens_expired_mid_sync_by_the_fault_are_renewed() {
    let sb = start().await;
    let client = sb.client_with(reservanto::LONG_TIME_TOKEN);
    client.segments().await.unwrap();
    sb.sandbox.faults().push(innkeep_sandbox::FaultRule::expire_tokens());
    client.segments().await.unwrap();
    assert_eq!(client.token_renewals(), 2, "the 401 after the expiry fetched a new token");
    assert_eq!(sb.sandbox.faults().injected().get("expire_tokens"), Some(&1));
    assert_eq!(sb.sandbox.faults().injected().get("expire_tokens_noop"), None, "Reservanto's tokens do expire");
}

#[tokio::test]
async fn revoked_and_unknown_tokens_are_auth_errors() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    sb.sandbox.faults().set_reject_tokens(true);
    let e = c.catalog().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("long-time token") && !e.message.contains(reservanto::LONG_TIME_TOKEN));
    sb.sandbox.faults().set_reject_tokens(false);
    c.catalog().await.unwrap();
    let stranger = ReservantoConnector::new(sb.client_with("00000000-0000-0000-0000-000000000000"), None);
    let e = stranger.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("Neplatný LongTimeToken"), "{}", e.message);
}

#[tokio::test]
async fn bursts_of_429_are_waited_out_and_long_ones_reported() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    sb.sandbox.faults().fail_next(2, 429);
    c.catalog().await.unwrap();
    sb.sandbox.faults().push(FaultRule::status(429).retry_after(60));
    let e = c.catalog().await.unwrap_err();
    assert_eq!((e.kind, e.retry_after_secs), (ErrorKind::RateLimited, Some(60)));
    // A write waits out a 429 too: it was not processed.
    sb.sandbox.faults().push(FaultRule::status(429).on_path("/reservanto/v1/RentalLike/CreateBooking"));
    book(&c, 100, 101).await;
}

#[tokio::test]
async fn server_errors_retry_reads_and_never_repeat_writes() {
    let sb = start().await;
    let c = sb.connector();
    let r = book(&c, 100, 102).await;
    sb.sandbox.faults().fail_next(2, 503);
    c.catalog().await.unwrap();
    let guest = GuestRef::Existing(r.guest_provider_id.clone().unwrap());
    sb.sandbox.faults().push(FaultRule::status(503).on_path("/reservanto/v1/RentalLike/CreateBooking"));
    let e = c.create(&booking(stay(Some(DOUBLE), None, 104, 106, 1), guest.clone())).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unavailable, "{}", e.message);
    assert!(sb.events(day(104), day(106)).await.is_empty(), "nothing booked");
    c.create(&booking(stay(Some(DOUBLE), None, 104, 106, 1), guest)).await.unwrap();
    assert_eq!(sb.events(day(104), day(106)).await.len(), 1, "booked once, by the second try");
}

#[tokio::test]
async fn broken_answers_and_a_missing_server_are_told_apart() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    sb.sandbox.faults().push(FaultRule::truncated().times(3));
    assert_eq!(c.catalog().await.unwrap_err().kind, ErrorKind::Malformed);
    sb.sandbox.faults().clear();
    sb.sandbox.faults().set_offline(true);
    let e = c.catalog().await.unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Offline | ErrorKind::Unavailable), "{e:?}");
    sb.sandbox.faults().set_offline(false);
    let mut sb = sb;
    sb.sandbox.suspend().await;
    let e = c.catalog().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Offline, "{}", e.message);
}

#[tokio::test]
async fn a_read_only_token_syncs_but_cannot_book() {
    let sb = start().await;
    let c = sb.read_only_connector();
    c.catalog().await.unwrap();
    let plan = c.plan(Some(&local(today(), 9).to_string()), false).await.unwrap();
    assert!(!c.read(&plan.windows[0], None).await.unwrap().reservations.is_empty());
    let feed = c.read(plan.windows.last().unwrap(), None).await.unwrap();
    assert!(feed.reservations.is_empty(), "the feed needs Booking_w; the windows still sync");
    let e = c.create(&booking(stay(Some(DOUBLE), None, 100, 101, 1), new_guest("A", "B"))).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert!(e.message.contains("rights"), "{}", e.message);
}
