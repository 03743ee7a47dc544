//! Innkeep's Timekit client and connector against the sandbox: catalog, full and incremental
//! sync, quotes from the availability query, double_type and group bookings, every action, and the
//! error paths a manager meets.

use std::collections::HashSet;

use innkeep_core::{ErrorKind, NewGuest, ProviderKind, ReservationState};
use innkeep_providers::connector::{Change, Connector, GuestEdit, GuestRef, NewBooking, Page, StayRequest, Target};
use innkeep_providers::timekit::wire::paths;
use innkeep_sandbox::FaultRule;
use reqwest::Method;
use serde_json::json;

use crate::common::*;

fn stay_in(category: &str, arrival: chrono::NaiveDate, nights: i64) -> StayRequest {
    StayRequest {
        arrival,
        departure: arrival + chrono::Duration::days(nights),
        category_provider_id: Some(category.into()),
        room_provider_id: None,
        additional_room_provider_ids: Vec::new(),
        adults: 2,
        children: 0,
    }
}

fn guest(first: &str, last: &str, email: Option<&str>) -> GuestRef {
    GuestRef::New(NewGuest {
        first_name: first.into(),
        last_name: last.into(),
        email: email.map(Into::into),
        phone: Some("+354 555 1234".into()),
    })
}

fn booking(stay: StayRequest, guests: Vec<GuestRef>, notes: Option<&str>) -> NewBooking {
    NewBooking { stay, guests, notes: notes.map(Into::into), reference: format!("ref-{}", uuid_like()) }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(1);
    format!("{:08}", N.fetch_add(1, Ordering::Relaxed))
}

async fn read_all(c: &dyn Connector, since: Option<&str>) -> (Vec<Page>, Option<String>) {
    let plan = c.plan(since, false).await.unwrap();
    let mut pages = Vec::new();
    for w in &plan.windows {
        let mut next = None;
        loop {
            let page = c.read(w, next.as_deref()).await.unwrap();
            next = page.next.clone();
            pages.push(page);
            if next.is_none() {
                break;
            }
        }
    }
    (pages, plan.watermark)
}

#[tokio::test]
async fn the_catalog_is_the_rooms_grouped_by_room_type() {
    let sb = start().await;
    let c = sb.connector();
    assert_eq!(c.provider(), ProviderKind::Timekit);
    let info = c.check().await.unwrap();
    assert_eq!(
        (info.name.as_str(), info.time_zone.as_str(), info.currency.as_str()),
        ("Hraunborg Guesthouse", "Atlantic/Reykjavik", "ISK")
    );
    let catalog = c.catalog().await.unwrap();
    assert_eq!(catalog.rooms.len(), 15);
    let names: Vec<&str> = catalog.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Single", "Double", "Twin", "Family"]);
    assert_eq!(catalog.categories.iter().map(|c| c.capacity).collect::<Vec<_>>(), [1, 2, 2, 4]);
    assert!(catalog.rooms.iter().all(|r| r.category_provider_id.as_deref().unwrap().starts_with("type:")));
    assert_eq!(catalog.rooms[0].name, "101");
    assert_eq!(catalog.rooms[0].floor.as_deref(), Some("1"));
    assert_eq!(catalog.config["time_zone"], "Atlantic/Reykjavik");
    assert_eq!(catalog.config["currency"], "ISK");
}

#[tokio::test]
async fn a_full_sync_reads_every_booking_with_its_guest_room_and_state() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let plan = c.plan(None, false).await.unwrap();
    assert!(plan.full);
    assert_eq!(plan.windows.len(), 1);
    let (pages, watermark) = read_all(c.as_ref(), None).await;
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let reservations: Vec<_> = pages.iter().flat_map(|p| p.reservations.iter()).collect();
    let raw = sb.all_bookings("").await;
    assert_eq!(reservations.len(), raw.len());
    let ids: HashSet<&str> = reservations.iter().map(|r| r.provider_id.as_str()).collect();
    assert_eq!(ids.len(), raw.len());
    let rooms: HashSet<&str> = catalog.rooms.iter().map(|r| r.provider_id.as_str()).collect();
    let categories: HashSet<&str> = catalog.categories.iter().map(|c| c.provider_id.as_str()).collect();
    for p in &pages {
        let guests: HashSet<&str> = p.guests.iter().map(|g| g.provider_id.as_str()).collect();
        for r in &p.reservations {
            assert!(guests.contains(r.guest_provider_id.as_deref().unwrap()), "guest in the same page");
            assert!(rooms.contains(r.room_provider_id.as_deref().unwrap()));
            assert!(categories.contains(r.category_provider_id.as_deref().unwrap()));
            assert!(r.departure > r.arrival);
            assert!(r.adults >= 1 && r.total.is_none());
        }
    }
    let count = |s: ReservationState| reservations.iter().filter(|r| r.state == s).count();
    for s in [
        ReservationState::CheckedOut,
        ReservationState::Confirmed,
        ReservationState::Requested,
        ReservationState::Cancelled,
        ReservationState::Declined,
    ] {
        assert!(count(s) > 0, "no {s}");
    }
    assert!(reservations.iter().any(|r| r.notes.is_some()));
    assert!(reservations
        .iter()
        .filter(|r| r.state == ReservationState::Requested)
        .all(|r| r.provider_state == "tentative"));
    let newest = raw.iter().map(|b| b.updated_at.utc()).max().unwrap();
    assert_eq!(watermark.as_deref(), Some(newest.to_rfc3339().as_str()));
    let g = &pages[0].guests[0];
    assert!(g.email.as_deref() == Some(g.provider_id.as_str()) && !g.last_name.is_empty());
}

#[tokio::test]
async fn an_incremental_sync_reads_only_what_changed_since_the_watermark() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let (_, watermark) = read_all(c.as_ref(), None).await;
    let watermark = watermark.unwrap();

    // Nothing changed: only the overlap of five minutes is read again.
    let (pages, same) = read_all(c.as_ref(), Some(&watermark)).await;
    assert_eq!(same.as_deref(), Some(watermark.as_str()));
    let again: usize = pages.iter().map(|p| p.reservations.len()).sum();
    assert!(again < 5, "{again} re-read");

    // Changes after it: a confirmation, new notes and a new booking, an hour later.
    sb.sandbox.advance_clock(chrono::Duration::hours(1));
    let tentative = &sb.all_bookings("&search=state:tentative").await[0];
    sb.expect::<serde_json::Value>(Method::PUT, &paths::booking_action(&tentative.id, "confirm"), None, 200).await;
    let confirmed = &sb.all_bookings("&search=state:confirmed").await[3];
    sb.expect::<serde_json::Value>(
        Method::PUT,
        &paths::booking_meta(&confirmed.id),
        Some(json!({"meta": {"notes": "Late"}})),
        200,
    )
    .await;
    let room = sb.free_room(day(5), 1).await;
    let made = sb.create(sb.stay(&room, day(5), 1, "instant")).await;

    let plan = c.plan(Some(&watermark), false).await.unwrap();
    assert!(!plan.full);
    assert!(plan.windows[0].label.starts_with("changed since"));
    let (pages, next_mark) = read_all(c.as_ref(), Some(&watermark)).await;
    let changed: Vec<_> = pages.iter().flat_map(|p| p.reservations.iter()).collect();
    assert_eq!(changed.len(), 3 + again, "the three changes and the overlap");
    let by_id = |id: &str| changed.iter().find(|r| r.provider_id == id).unwrap();
    assert_eq!(by_id(&tentative.id).state, ReservationState::Confirmed);
    assert_eq!(by_id(&confirmed.id).notes.as_deref(), Some("Late"));
    assert_eq!(by_id(&made.id).guest_provider_id.as_deref(), Some("test.gestur@example.com"));
    assert!(pages.iter().flat_map(|p| p.guests.iter()).any(|g| g.provider_id == "test.gestur@example.com"));
    assert!(next_mark.unwrap() > watermark);
    // A full sync on request reads everything again.
    assert!(c.plan(Some(&watermark), true).await.unwrap().full);
}

#[tokio::test]
async fn quotes_count_free_rooms_without_a_price() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let double = catalog.categories.iter().find(|c| c.name == "Double").unwrap().provider_id.clone();
    let double_rooms: Vec<&str> = catalog
        .rooms
        .iter()
        .filter(|r| r.category_provider_id.as_deref() == Some(double.as_str()))
        .map(|r| r.provider_id.as_str())
        .collect();
    let q = c.quote(&stay_in(&double, day(85), 2)).await.unwrap();
    assert!(q.total.is_none());
    assert!(q.available_rooms as usize <= double_rooms.len() && q.available_rooms > 0);

    // Book a free double room: it quotes 0, the category one fewer.
    let mut free_room = None;
    for room in &double_rooms {
        let mut one = stay_in(&double, day(85), 2);
        one.room_provider_id = Some(room.to_string());
        if c.quote(&one).await.unwrap().available_rooms == 1 {
            free_room = Some(one);
            break;
        }
    }
    let one = free_room.expect("a free double room, since the category has one");
    sb.create(sb.stay(one.room_provider_id.as_deref().unwrap(), day(85), 2, "instant")).await;
    assert_eq!(c.quote(&one).await.unwrap().available_rooms, 0);
    assert_eq!(c.quote(&stay_in(&double, day(85), 2)).await.unwrap().available_rooms, q.available_rooms - 1);
    let e = c.quote(&stay_in("type:igloo", day(85), 2)).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("category_id")));
}

#[tokio::test]
async fn a_booking_is_made_confirmed_on_a_free_room_of_the_category() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let double = catalog.categories.iter().find(|c| c.name == "Double").unwrap().provider_id.clone();
    let page = c
        .create(&booking(
            stay_in(&double, day(12), 3),
            vec![guest("Guðrún", "Jónsdóttir", Some("Gudrun@Example.is"))],
            Some("Vegan breakfast"),
        ))
        .await
        .unwrap();
    assert_eq!(page.reservations.len(), 1);
    let r = &page.reservations[0];
    assert_eq!((r.state, r.provider_state.as_str()), (ReservationState::Confirmed, "confirmed"));
    assert_eq!((r.arrival, r.departure), (day(12), day(15)));
    assert_eq!(r.category_provider_id.as_deref(), Some(double.as_str()));
    assert_eq!(r.notes.as_deref(), Some("Vegan breakfast"));
    assert_eq!((r.adults, r.children), (2, 0));
    assert_eq!(r.guest_provider_id.as_deref(), Some("gudrun@example.is"));
    let g = &page.guests[0];
    assert_eq!((g.first_name.as_deref(), g.last_name.as_str()), (Some("Guðrún"), "Jónsdóttir"));

    let raw = sb.booking(&r.provider_id).await;
    assert_eq!(raw.graph, "instant");
    assert_eq!(raw.period().unwrap().0.utc(), utc(day(12), 14));
    assert_eq!(raw.period().unwrap().1.utc(), utc(day(15), 11));
    assert!(raw.meta_str("innkeep_reference").unwrap().starts_with("ref-"));

    // The same guest again, by reference: Timekit has no guest records, so their last booking is read.
    let again = c
        .create(&booking(stay_in(&double, day(20), 1), vec![GuestRef::Existing("gudrun@example.is".into())], None))
        .await
        .unwrap();
    let c2 = &sb.booking(&again.reservations[0].provider_id).await.customers.unwrap()[0];
    assert_eq!((c2.name.as_str(), c2.email.as_deref()), ("Guðrún Jónsdóttir", Some("Gudrun@Example.is")));
}

#[tokio::test]
async fn a_group_is_one_bulk_call_with_a_booking_per_room() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let twin = catalog.categories.iter().find(|c| c.name == "Twin").unwrap().provider_id.clone();
    let mut stay = stay_in(&twin, day(55), 2);
    let first = sb.free_room(day(55), 2).await;
    stay.room_provider_id = Some(first.clone());
    let others: Vec<String> = {
        let all: Vec<String> = catalog.rooms.iter().map(|r| r.provider_id.clone()).filter(|r| *r != first).collect();
        let mut free = Vec::new();
        for r in all {
            let mut one = stay_in(&twin, day(55), 2);
            one.room_provider_id = Some(r.clone());
            if c.quote(&one).await.unwrap().available_rooms == 1 {
                free.push(r);
            }
            if free.len() == 2 {
                break;
            }
        }
        free
    };
    stay.additional_room_provider_ids = others.clone();
    stay.adults = 5;
    stay.children = 1;
    let page = c
        .create(&booking(
            stay,
            vec![
                guest("Emily", "Johnson", Some("emily.j@example.com")),
                guest("Ryan", "Clark", Some("ryan@example.com")),
            ],
            None,
        ))
        .await
        .unwrap();
    assert_eq!(page.reservations.len(), 3);
    let rooms: Vec<&str> = page.reservations.iter().map(|r| r.room_provider_id.as_deref().unwrap()).collect();
    assert_eq!(rooms, [first.as_str(), others[0].as_str(), others[1].as_str()]);
    assert_eq!(page.reservations.iter().map(|r| r.adults).sum::<u32>(), 5);
    assert_eq!(page.reservations.iter().map(|r| r.children).sum::<u32>(), 1);
    let guests: Vec<&str> = page.reservations.iter().map(|r| r.guest_provider_id.as_deref().unwrap()).collect();
    assert_eq!(guests, ["emily.j@example.com", "ryan@example.com", "emily.j@example.com"]);
    assert_eq!(page.guests.len(), 2);
    // Related at Timekit: one bulk call.
    let raw: serde_json::Value =
        sb.get(&format!("{}?include=bulked_bookings", paths::booking(&page.reservations[0].provider_id))).await;
    assert_eq!(raw["data"]["bulked_bookings"].as_array().unwrap().len(), 2);

    // A taken room in a group: nothing is booked, and the message names the room.
    let mut again = stay_in(&twin, day(55), 2);
    let spare = sb.free_room(day(55), 2).await;
    again.room_provider_id = Some(spare.clone());
    again.additional_room_provider_ids = vec![first.clone()];
    let e = c.create(&booking(again, vec![guest("A", "B", Some("a.b@example.com"))], None)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    let name = &catalog.rooms.iter().find(|r| r.provider_id == first).unwrap().name;
    assert!(e.message.contains(&format!("Room {name} is not free")), "{}", e.message);
    assert!(sb.all_bookings(&format!("&search=resource.id:{spare};customer.email:a.b@example.com")).await.is_empty());
}

#[tokio::test]
async fn bad_booking_input_gets_a_specific_error_and_nothing_is_made() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let double_type = catalog.categories.iter().find(|c| c.name == "Double").unwrap().provider_id.clone();
    let before = sb.all_bookings("").await.len();

    let e = c
        .create(&booking(stay_in(&double_type, day(84), 1), vec![guest("Jón", "Sigurðsson", None)], None))
        .await
        .unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("email")));
    let e = c
        .create(&booking(stay_in(&double_type, day(84), 1), vec![GuestRef::Existing("customer:abc".into())], None))
        .await
        .unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("guest")));
    let e = c
        .create(&booking(
            stay_in(&double_type, day(84), 1),
            vec![GuestRef::Existing("nobody@example.com".into())],
            None,
        ))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    let mut taken = stay_in(&double_type, day(84), 1);
    let room = sb.free_room(day(84), 1).await;
    sb.create(sb.stay(&room, day(84), 1, "instant")).await;
    taken.room_provider_id = Some(room);
    let e = c.create(&booking(taken, vec![guest("A", "B", Some("a@example.com"))], None)).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert_eq!(sb.all_bookings("").await.len(), before + 1, "only the booking made directly");
}

#[tokio::test]
async fn confirm_reject_cancel_notes_and_delete_follow_the_graph() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let mut requests = Vec::new();
    for n in 0..3 {
        let room = sb.free_room(day(40 + n * 3), 2).await;
        requests.push(sb.create(sb.stay(&room, day(40 + n * 3), 2, "confirm_decline")).await);
    }
    let target = |id: &str| Target {
        provider_id: id.into(),
        guest_provider_id: None,
        room_provider_id: None,
        arrival: day(40),
        departure: day(42),
        raw: json!({}),
    };

    // A request cannot be cancelled: it is declined.
    let e =
        c.apply(&target(&requests[0].id), &Change::Cancel { reason: None, override_late: false }).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert!(e.message.contains("decline it instead"), "{}", e.message);
    let page = c.apply(&target(&requests[0].id), &Change::Confirm).await.unwrap();
    assert_eq!(page.reservations[0].state, ReservationState::Confirmed);
    assert_eq!(page.guests.len(), 1);
    let e = c.apply(&target(&requests[0].id), &Change::Confirm).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);

    let page = c
        .apply(&target(&requests[1].id), &Change::Reject { reason: Some("Closed for cleaning".into()) })
        .await
        .unwrap();
    assert_eq!(
        (page.reservations[0].state, page.reservations[0].provider_state.as_str()),
        (ReservationState::Declined, "declined")
    );

    let page = c.apply(&target(&requests[0].id), &Change::EditNotes { notes: "Arrives by bus".into() }).await.unwrap();
    assert_eq!(page.reservations[0].notes.as_deref(), Some("Arrives by bus"));
    let page = c.apply(&target(&requests[0].id), &Change::EditNotes { notes: "  ".into() }).await.unwrap();
    assert_eq!(page.reservations[0].notes, None);

    // Delete only once final: a specific conflict first, nothing lost.
    let e = c.apply(&target(&requests[0].id), &Change::Delete).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("still confirmed") && e.message.contains("cancel or decline it first"), "{}", e.message);
    assert_eq!(sb.booking(&requests[0].id).await.state, "confirmed");
    let page = c
        .apply(&target(&requests[0].id), &Change::Cancel { reason: Some("Guest ill".into()), override_late: false })
        .await
        .unwrap();
    assert_eq!(page.reservations[0].state, ReservationState::Cancelled);
    let page = c.apply(&target(&requests[0].id), &Change::Delete).await.unwrap();
    assert!(page.reservations.is_empty());
    sb.fails(Method::GET, &paths::booking(&requests[0].id), None, 404).await;
    let e = c.apply(&target(&requests[0].id), &Change::Confirm).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);

    // What Timekit cannot do is refused with the capability's reason, before any request.
    for change in [Change::CheckIn, Change::CheckOut, Change::NoShow, Change::Restore] {
        let e = c.apply(&target(&requests[2].id), &change).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Forbidden, "{change:?}");
        assert!(e.message.contains("Timekit"), "{}", e.message);
    }
    let e = c
        .apply(&target(&requests[2].id), &Change::Move { arrival: day(50), departure: day(51), room_provider_id: None })
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);
    let e = c.edit_guest("test.gestur@example.com", &GuestEdit::default()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert_eq!(sb.booking(&requests[2].id).await.state, "tentative");
}

#[tokio::test]
async fn a_confirmation_for_a_room_taken_meanwhile_is_a_conflict() {
    let sb = start().await;
    let c = sb.connector();
    let room = sb.free_room(day(33), 2).await;
    let request = sb.create(sb.stay(&room, day(33), 2, "confirm_decline")).await;
    sb.create(sb.stay(&room, day(34), 1, "instant")).await;
    let target = Target {
        provider_id: request.id.clone(),
        guest_provider_id: None,
        room_provider_id: Some(room),
        arrival: day(33),
        departure: day(35),
        raw: json!({}),
    };
    let e = c.apply(&target, &Change::Confirm).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("already taken"), "{}", e.message);
}

#[tokio::test]
async fn wrong_or_revoked_keys_are_auth_errors() {
    let sb = start().await;
    let e = sb.connector_with("test_api_key_typo").check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("App API-Key") && !e.message.contains("typo"), "{}", e.message);
    let c = sb.connector();
    c.check().await.unwrap();
    sb.sandbox.faults().set_reject_tokens(true);
    let e = c.catalog().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("revoked"));
}

#[tokio::test]
async fn transport_failures_become_offline_unavailable_rate_limited_or_malformed() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let faults = sb.sandbox.faults();

    // A 503 on a read is retried.
    faults.push(FaultRule::status(503).on_path("/timekit/v2/bookings"));
    c.plan(None, false).await.unwrap();
    // A long Retry-After reaches the manager.
    faults.push(FaultRule::status(429).retry_after(120).times(4));
    let e = c.plan(None, false).await.unwrap_err();
    assert_eq!((e.kind, e.retry_after_secs), (ErrorKind::RateLimited, Some(120)));
    faults.clear();
    // A 500 on a write is not retried and says so.
    faults.push(FaultRule::status(500).times(1).on_path("/timekit/v2/bookings"));
    let double_type = catalog.categories.iter().find(|c| c.name == "Double").unwrap().provider_id.clone();
    let e = c
        .create(&booking(stay_in(&double_type, day(86), 1), vec![guest("A", "B", Some("ab@example.com"))], None))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unavailable);
    assert!(e.message.contains("Unknown error"), "{}", e.message);
    faults.clear();
    // A half answer cannot be read: reported as such, not guessed at.
    faults.push(FaultRule::truncated());
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed);
    faults.clear();
    faults.set_offline(true);
    let e = c.check().await.unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Offline | ErrorKind::Unavailable), "{e:?}");
    faults.set_offline(false);
    c.check().await.unwrap();
}

#[tokio::test]
async fn a_booking_whose_answer_was_lost_is_found_by_its_reference() {
    let sb = start().await;
    let c = sb.connector();
    let catalog = c.catalog().await.unwrap();
    let double = catalog.categories.iter().find(|c| c.name == "Double").unwrap().provider_id.clone();
    // The booking is made, but its answer breaks off half way.
    sb.sandbox.faults().push(FaultRule::drop_connection().on_path("/timekit/v2/bookings"));
    let b = booking(stay_in(&double, day(18), 2), vec![guest("Lars", "Hansen", Some("lars@example.no"))], None);
    let page = c.create(&b).await.unwrap();
    assert_eq!(page.reservations.len(), 1);
    let made = sb.all_bookings(&format!("&search=meta.innkeep_reference:{}", b.reference)).await;
    assert_eq!(made.len(), 1, "made once, found again");
    assert_eq!(page.reservations[0].provider_id, made[0].id);
}
