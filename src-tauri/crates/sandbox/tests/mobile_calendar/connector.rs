//! Innkeep's Mobile Calendar connector against the sandbox: catalog, full and incremental sync
//! (cancellations made elsewhere arrive), groups as one record, quotes, bookings and every
//! supported change, guest edits.

use std::collections::HashSet;

use innkeep_core::GuestEdit;
use innkeep_core::{ErrorKind, NewGuest, ReservationState};
use innkeep_providers::mobile_calendar::map;
use innkeep_providers::mobile_calendar::wire::{self, paths};
use innkeep_providers::{Change, Connector, GuestRef, NewBooking, Page, StayRequest, Target};
use serde_json::json;

use crate::common::*;

/// Reads every page of every window of a plan.
async fn sync(c: &dyn Connector, since: Option<&str>) -> (Vec<Page>, Option<String>, bool) {
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
    (pages, plan.watermark, plan.full)
}

fn target(r: &innkeep_core::records::ReservationRecord) -> Target {
    Target {
        provider_id: r.provider_id.clone(),
        guest_provider_id: r.guest_provider_id.clone(),
        room_provider_id: r.room_provider_id.clone(),
        arrival: r.arrival,
        departure: r.departure,
        raw: r.raw.value(),
    }
}

fn stay(room: i64, arrival: chrono::NaiveDate, departure: chrono::NaiveDate) -> StayRequest {
    StayRequest {
        arrival,
        departure,
        category_provider_id: None,
        room_provider_id: Some(room.to_string()),
        additional_room_provider_ids: Vec::new(),
        adults: 2,
        children: 0,
    }
}

fn new_guest(last: &str, email: Option<&str>) -> GuestRef {
    GuestRef::New(NewGuest {
        first_name: "Ewa".into(),
        last_name: last.into(),
        email: email.map(Into::into),
        phone: Some("+48 600 700 800".into()),
    })
}

fn booking(stay: StayRequest, guest: GuestRef) -> NewBooking {
    NewBooking {
        stay,
        guests: vec![guest],
        notes: Some("Przyjazd po 20:00".into()),
        reference: "innkeep-test-1".into(),
    }
}

#[tokio::test]
async fn check_and_catalog_describe_the_guesthouse() {
    let sb = start().await;
    let c = sb.connector();
    let p = c.check().await.unwrap();
    assert!(p.name.starts_with("Willa Pod Giewontem"), "{}", p.name);
    assert_eq!((p.time_zone.as_str(), p.currency.as_str()), ("Europe/Warsaw", "PLN"));
    let cat = c.catalog().await.unwrap();
    assert_eq!(cat.rooms.len(), 18);
    assert_eq!(cat.categories.len(), 5);
    let cat_ids: HashSet<&str> = cat.categories.iter().map(|x| x.provider_id.as_str()).collect();
    assert!(cat.rooms.iter().all(|r| cat_ids.contains(r.category_provider_id.as_deref().unwrap())));
    assert!(cat.rooms.iter().all(|r| r.state.is_some()));
    assert_eq!(cat.config["rateId"], 12011);
    assert_eq!(cat.config["timeZone"], "Europe/Warsaw");
    let apartment = cat.categories.iter().find(|x| x.provider_id == "4105").unwrap();
    assert_eq!(apartment.capacity, 5);
    assert!(apartment.name.starts_with("Apartament"));
}

#[tokio::test]
async fn a_full_sync_brings_every_stay_with_its_guests_and_groups_as_one_record() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let (pages, watermark, full) = sync(&c, None).await;
    assert!(full);
    let watermark = watermark.unwrap();
    assert_eq!(watermark.parse::<chrono::DateTime<chrono::Utc>>().unwrap(), sb.sandbox.now(), "the server's clock");
    let mut guests = HashSet::new();
    let mut records = Vec::new();
    for p in &pages {
        guests.extend(p.guests.iter().map(|g| g.provider_id.clone()));
        for r in &p.reservations {
            // Every reservation's guest is in its own page.
            let g = r.guest_provider_id.as_ref().unwrap();
            assert!(p.guests.iter().any(|x| &x.provider_id == g), "guest {g} of {} not in its page", r.provider_id);
            records.push(r.clone());
        }
    }
    let raw: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, "includeDeleted=1").await;
    let groups: HashSet<i64> = raw.iter().filter_map(|r| r.group_id).collect();
    let singles = raw.iter().filter(|r| r.kind == wire::SINGLE).count();
    let ids: HashSet<&str> = records.iter().map(|r| r.provider_id.as_str()).collect();
    assert_eq!(ids.len(), singles + groups.len(), "one record per single and per group");
    for g in &groups {
        let rec = records.iter().find(|r| r.provider_id == format!("group:{g}")).expect("the group is read");
        let members: Vec<&wire::Reservation> = raw.iter().filter(|r| r.group_id == Some(*g)).collect();
        assert_eq!(rec.additional_room_provider_ids.len() + 1, members.len());
        assert_eq!(
            rec.room_provider_id.as_deref(),
            Some(members.iter().min_by_key(|m| m.reservation_id).unwrap().room_id.to_string().as_str())
        );
    }
    let states: HashSet<ReservationState> = records.iter().map(|r| r.state).collect();
    for s in [
        ReservationState::Confirmed,
        ReservationState::CheckedIn,
        ReservationState::CheckedOut,
        ReservationState::Cancelled,
    ] {
        assert!(states.contains(&s), "{s:?}");
    }
    assert!(records.iter().all(|r| r.total.as_ref().is_some_and(|t| t.currency == "PLN" && t.amount_minor > 0)));
    assert!(guests.len() >= 100);
}

#[tokio::test]
async fn an_incremental_sync_sees_changes_made_elsewhere_including_cancellations() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let (_, watermark, _) = sync(&c, None).await;
    // Elsewhere (in Mobile Calendar itself): a stay is cancelled, a guest renamed, a stay booked.
    let live: wire::List<wire::Reservation> = sb.ok(&format!("/reservations?from={}&limit=5", day(10))).await;
    let victim = live.data.iter().find(|r| r.kind == wire::SINGLE).unwrap();
    assert_eq!(sb.delete(&paths::reservation(victim.reservation_id)).await.status, 204);
    let renamed = victim.client_id.unwrap();
    let old: wire::One<wire::Client> = sb.ok(&paths::client(renamed)).await;
    sb.put(&paths::client(renamed), json!({"name": "Nowak-Renamed", "forename": old.data.forename})).await;
    let newcomer = sb.new_client("Przybysz").await;
    let room = sb.free_room(day(33), day(35), &[]).await;
    let booked = sb.book(room.room_id, newcomer.client_id, day(33), day(35)).await;

    let (pages, _, full) = sync(&c, watermark.as_deref()).await;
    assert!(!full);
    let records: Vec<_> = pages.iter().flat_map(|p| p.reservations.clone()).collect();
    let guests: Vec<_> = pages.iter().flat_map(|p| p.guests.clone()).collect();
    let cancelled =
        records.iter().find(|r| r.provider_id == victim.reservation_id.to_string()).expect("the cancellation arrives");
    assert_eq!(cancelled.state, ReservationState::Cancelled);
    assert_eq!(cancelled.provider_state, "DELETED");
    assert!(records.iter().any(|r| r.provider_id == booked.reservation_id.to_string()));
    assert!(guests.iter().any(|g| g.provider_id == renamed.to_string() && g.last_name == "Nowak-Renamed"));
    assert!(guests.iter().any(|g| g.provider_id == newcomer.client_id.to_string()));
    assert!(records.len() < 20, "only what changed: {}", records.len());
}

#[tokio::test]
async fn an_incremental_sync_in_a_fresh_connector_still_brings_the_guests() {
    let sb = start().await;
    let first = sb.connector();
    first.catalog().await.unwrap();
    let plan = first.plan(None, false).await.unwrap();
    let client = sb.new_client("Dudek").await;
    let room = sb.free_room(day(36), day(38), &[]).await;
    let r = sb.book(room.room_id, client.client_id, day(36), day(38)).await;
    let fresh = sb.connector();
    let (pages, _, _) = sync(&fresh, plan.watermark.as_deref()).await;
    let page =
        pages.iter().find(|p| p.reservations.iter().any(|x| x.provider_id == r.reservation_id.to_string())).unwrap();
    assert!(page.guests.iter().any(|g| g.provider_id == client.client_id.to_string() && g.last_name == "Dudek"));
}

#[tokio::test]
async fn quote_gives_availability_and_the_sum_of_nightly_prices() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let room = sb.free_room(day(40), day(43), &[]).await;
    let q = c.quote(&stay(room.room_id, day(40), day(43))).await.unwrap();
    assert_eq!(q.available_rooms, 1);
    let pricing: wire::Items<wire::Pricing> =
        sb.ok(&format!("/pricing?roomId={}&rateId=12011&from={}&to={}", room.room_id, day(40), day(42))).await;
    let expected: f64 = pricing.data[0].prices.iter().map(|d| d.for_persons(2)).sum();
    assert_eq!(q.total, Some(innkeep_core::Money::from_decimal(expected, "PLN")));
    // By category: how many rooms of it are free on every night.
    let mut by_cat = stay(room.room_id, day(40), day(43));
    by_cat.room_provider_id = None;
    by_cat.category_provider_id = room.room_type_id.map(|t| t.to_string());
    let q = c.quote(&by_cat).await.unwrap();
    assert!(q.available_rooms >= 1 && q.total.is_some());
    // A taken room: 0.
    let taken: wire::List<wire::Reservation> = sb.ok(&format!("/reservations?from={}&limit=1", day(3))).await;
    let t = &taken.data[0];
    let q = c.quote(&stay(t.room_id, t.arrival, t.departure)).await.unwrap();
    assert_eq!(q.available_rooms, 0);
    let e = c.quote(&stay(room.room_id, day(0), day(120))).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("departure")));
}

#[tokio::test]
async fn create_books_a_new_guest_and_a_category_room() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let room = sb.free_room(day(44), day(46), &[]).await;
    let mut s = stay(room.room_id, day(44), day(46));
    s.room_provider_id = None;
    s.category_provider_id = room.room_type_id.map(|t| t.to_string());
    let page = c.create(&booking(s, new_guest("Lewandowska", Some("ewa.l@onet.pl")))).await.unwrap();
    let r = &page.reservations[0];
    assert_eq!(r.state, ReservationState::Confirmed);
    assert_eq!((r.arrival, r.departure, r.adults), (day(44), day(46), 2));
    assert_eq!(r.notes.as_deref(), Some("Przyjazd po 20:00"));
    assert_eq!(r.category_provider_id, room.room_type_id.map(|t| t.to_string()));
    let g = page.guests.iter().find(|g| Some(&g.provider_id) == r.guest_provider_id.as_ref()).unwrap();
    assert_eq!(
        (g.first_name.as_deref(), g.last_name.as_str(), g.email.as_deref()),
        (Some("Ewa"), "Lewandowska", Some("ewa.l@onet.pl"))
    );
    let stored: wire::One<wire::Reservation> = sb.ok(&paths::reservation(r.provider_id.parse().unwrap())).await;
    assert_eq!(stored.data.client_id.map(|x| x.to_string()), r.guest_provider_id);
    assert_eq!(stored.data.rate_id, Some(12011));
}

#[tokio::test]
async fn a_group_booking_is_one_record_and_moves_cancels_and_restores_as_one() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    // Two rooms free over the booked and the moved-to nights.
    let a = sb.free_room(day(60), day(68), &[]).await;
    let b = sb.free_room(day(60), day(68), &[a.room_id]).await;
    let existing = sb.new_client("Grupa").await;
    let mut s = stay(a.room_id, day(60), day(62));
    s.additional_room_provider_ids = vec![b.room_id.to_string()];
    s.adults = 4;
    let mut nb = booking(s, GuestRef::Existing(existing.client_id.to_string()));
    nb.guests.push(new_guest("Druga", None));
    let page = c.create(&nb).await.unwrap();
    assert_eq!(page.reservations.len(), 1);
    let notes = page.reservations[0].notes.clone().unwrap();
    assert!(notes.starts_with("Przyjazd po 20:00") && notes.ends_with("Further guests: Ewa Druga"), "{notes}");
    let g = page.reservations[0].clone();
    assert!(g.provider_id.starts_with("group:"));
    assert_eq!(g.room_provider_id, Some(a.room_id.to_string()));
    assert_eq!(g.additional_room_provider_ids, vec![b.room_id.to_string()]);
    assert_eq!(g.adults, 4);
    assert!(page.guests.iter().any(|x| x.provider_id == existing.client_id.to_string()));

    // Move the group: both rooms get the new dates.
    let moved = c
        .apply(&target(&g), &Change::Move { arrival: day(64), departure: day(67), room_provider_id: None })
        .await
        .unwrap();
    let moved = moved.reservations[0].clone();
    assert_eq!((moved.arrival, moved.departure), (day(64), day(67)));
    let cancelled = c.apply(&target(&moved), &Change::Cancel { reason: None, override_late: false }).await.unwrap();
    assert_eq!(cancelled.reservations[0].state, ReservationState::Cancelled);
    for id in map::group_member_ids(&moved.raw.value()) {
        let r: wire::One<wire::Reservation> = sb.ok(&paths::reservation(id)).await;
        assert!(r.data.deleted(), "deleteAllGroup reached every room");
    }
    let restored = c.apply(&target(&cancelled.reservations[0]), &Change::Restore).await.unwrap();
    let r = &restored.reservations[0];
    assert_eq!(r.state, ReservationState::Confirmed);
    assert_eq!(r.additional_room_provider_ids.len(), 1);
}

#[tokio::test]
async fn every_supported_change_on_a_single() {
    let sb = start().await;
    let c = sb.connector();
    c.catalog().await.unwrap();
    let room = sb.free_room(day(0), day(3), &[]).await;
    let client = sb.new_client("Pawlak").await;
    let page = c
        .create(&booking(stay(room.room_id, day(0), day(3)), GuestRef::Existing(client.client_id.to_string())))
        .await
        .unwrap();
    let mut r = page.reservations[0].clone();
    r = c.apply(&target(&r), &Change::EditNotes { notes: "Łóżeczko dla dziecka".into() }).await.unwrap().reservations
        [0]
    .clone();
    assert_eq!(r.notes.as_deref(), Some("Łóżeczko dla dziecka"));
    r = c.apply(&target(&r), &Change::CheckIn).await.unwrap().reservations[0].clone();
    assert_eq!((r.state, r.provider_state.as_str()), (ReservationState::CheckedIn, "CHECKED_IN"));
    r = c.apply(&target(&r), &Change::CheckOut).await.unwrap().reservations[0].clone();
    assert_eq!(r.state, ReservationState::CheckedOut);

    let future_room = sb.free_room(day(50), day(52), &[]).await;
    let other_room = sb.free_room(day(53), day(55), &[future_room.room_id]).await;
    let f = c
        .create(&booking(stay(future_room.room_id, day(50), day(52)), GuestRef::Existing(client.client_id.to_string())))
        .await
        .unwrap();
    let f = f.reservations[0].clone();
    let e = c.apply(&target(&f), &Change::CheckIn).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("registration")));
    assert!(e.message.contains("arrival day"), "{}", e.message);
    let moved = c
        .apply(
            &target(&f),
            &Change::Move {
                arrival: day(53),
                departure: day(55),
                room_provider_id: Some(other_room.room_id.to_string()),
            },
        )
        .await
        .unwrap()
        .reservations[0]
        .clone();
    assert_eq!((moved.arrival, moved.room_provider_id.clone()), (day(53), Some(other_room.room_id.to_string())));
    let cancelled = c
        .apply(&target(&moved), &Change::Cancel { reason: Some("Guest asked".into()), override_late: false })
        .await
        .unwrap();
    assert_eq!(cancelled.reservations[0].state, ReservationState::Cancelled);
    let restored = c.apply(&target(&cancelled.reservations[0]), &Change::Restore).await.unwrap();
    assert_eq!(restored.reservations[0].state, ReservationState::Confirmed);
    for unsupported in [Change::Confirm, Change::NoShow, Change::Delete, Change::Reject { reason: None }] {
        let e = c.apply(&target(&moved), &unsupported).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Forbidden, "{unsupported:?}");
        assert!(e.message.len() > 20);
    }
}

#[tokio::test]
async fn guests_are_edited_with_put_keeping_what_is_not_edited() {
    let sb = start().await;
    let c = sb.connector();
    let clients: wire::List<wire::Client> = sb.ok("/clients?limit=50").await;
    let before = clients.data.iter().find(|x| x.address.is_some() && x.email.is_some()).unwrap().clone();
    let edit = GuestEdit {
        first_name: None,
        last_name: None,
        email: Some("nowy@adres.pl".into()),
        phone: Some("+48 512 000 111".into()),
    };
    let g = c.edit_guest(&before.client_id.to_string(), &edit).await.unwrap();
    assert_eq!((g.email.as_deref(), g.phone.as_deref()), (Some("nowy@adres.pl"), Some("+48 512 000 111")));
    assert_eq!(g.last_name, before.name);
    let after: wire::One<wire::Client> = sb.ok(&paths::client(before.client_id)).await;
    assert_eq!(after.data.address, before.address);
    assert_eq!(after.data.forename, before.forename);
    assert_eq!(g.nationality.as_deref(), before.country_id.and_then(map::country));
}
