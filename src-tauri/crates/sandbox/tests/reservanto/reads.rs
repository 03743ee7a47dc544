//! Setup reads, availability, period reads, single events and the activity feed.

use std::collections::{BTreeMap, HashSet};

use innkeep_providers::reservanto::wire::{self, paths, status};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn the_merchant_has_one_location_a_rental_and_a_one_to_one_segment() {
    let sb = start().await;
    let m: wire::ItemResponse<wire::Merchant> = sb.ok(paths::MERCHANT_INFO, json!({})).await;
    let m = m.result.unwrap();
    assert_eq!(m.personal_identifier.as_deref(), Some("07412345"));
    let l: wire::ItemsResponse<wire::Location> = sb.ok(paths::LOCATION_LIST, json!({"OnlyPublic": true})).await;
    assert_eq!(l.items.len(), 1);
    let loc = &l.items[0];
    assert_eq!(loc.address.as_ref().unwrap().city.as_deref(), Some("Český Krumlov"));
    assert_eq!(loc.working_hours.len(), 7);
    assert_eq!(loc.working_hours[0].day_of_week, 0, "0 = Sunday");
    let one: wire::ItemResponse<wire::Location> = sb.ok(paths::LOCATION_GET, json!({"LocationId": loc.id})).await;
    assert_eq!(one.result.as_ref(), Some(loc));
    let (env, _) = sb.business(paths::LOCATION_GET, json!({"LocationId": 1})).await;
    assert_eq!(env.parameter(), Some("LocationId"));

    let s: wire::ItemsResponse<wire::Segment> = sb.ok(paths::SEGMENT_LIST, json!({})).await;
    let types: Vec<_> = s.items.iter().map(|s| s.segment_type.clone().unwrap()).collect();
    assert_eq!(types, ["RentalLike", "OneToOne"]);

    let all: wire::ItemsResponse<wire::BookingResource> =
        sb.ok(paths::RESOURCE_LIST, json!({"LocationId": loc.id})).await;
    assert_eq!(all.items.len(), 17, "16 rooms and the sauna");
    let none: wire::ItemsResponse<wire::BookingResource> = sb.ok(paths::RESOURCE_LIST, json!({"LocationId": 1})).await;
    assert!(none.items.is_empty());
    let rooms = sb.rooms().await;
    assert_eq!(rooms.len(), 16);
    assert!(rooms.iter().all(|r| r.capacity == 1 && r.booking_service_ids.len() == 1));
    let r: wire::ItemResponse<wire::BookingResource> =
        sb.ok(paths::RESOURCE_GET, json!({"BookingResourceId": rooms[0].id})).await;
    assert_eq!(r.result.unwrap().name.as_deref(), Some("Pokoj 101"));

    let svc: wire::BookingServicesResponse = sb.ok(paths::SERVICE_LIST, json!({"OnlyPublic": false})).await;
    assert_eq!(svc.booking_services.len(), 5);
    let rental: Vec<_> = svc.booking_services.iter().filter(|s| s.segment_id == 2201).collect();
    assert_eq!(rental.len(), 4);
    let covered: usize = rental.iter().map(|s| s.booking_resource_ids.len()).sum();
    assert_eq!(covered, 16, "every room offers one room type");
    let later: wire::BookingServicesResponse =
        sb.ok(paths::SERVICE_LIST, json!({"ModifiedAfter": local(today(), 0)})).await;
    assert!(later.booking_services.is_empty(), "nothing changed since");
    let for_room: wire::ItemsResponse<wire::BookingService> =
        sb.ok(paths::SERVICES_FOR_RESOURCE, json!({"BookingResourceId": rooms[0].id})).await;
    assert_eq!(for_room.items.iter().map(|s| s.id).collect::<Vec<_>>(), rooms[0].booking_service_ids);
}

#[tokio::test]
async fn period_reads_list_the_same_bookings_by_start_with_states_fitting_the_dates() {
    let sb = start().await;
    let (from, to) = (local(day(-30), 0), local(day(1), 0));
    let infos: wire::BookingInfosResponse = sb.ok(paths::BOOKINGS_FOR_PERIOD, json!({"From": from, "To": to})).await;
    let events: wire::EventsResponse = sb.ok(paths::EVENT_LIST, json!({"StartDate": from, "EndDate": to})).await;
    let keys = |v: Vec<wire::BookingKey>| v.into_iter().collect::<Vec<_>>();
    assert_eq!(
        keys(infos.booking_info_models.iter().map(|b| b.key()).collect()),
        keys(events.events.iter().map(|e| e.key()).collect()),
        "same bookings, same order"
    );
    assert!(events.events.len() > 100, "{}", events.events.len());
    let now = local(today(), 10);
    let mut seen = HashSet::new();
    for e in &events.events {
        assert!((from..to).contains(&e.start_date), "selected by start");
        assert!(e.start_date < e.end_date);
        seen.insert(e.status.as_str());
        if e.status == status::CONFIRMATION_REQUESTED {
            assert!(e.start_date > now);
        }
        if e.end_date <= now && e.status == status::CONFIRMED {
            assert!([0, 1, 9].contains(&e.no_show_status));
        }
    }
    for st in [status::CONFIRMED, status::CANCELED] {
        assert!(seen.contains(st), "no {st}");
    }
    let info = &infos.booking_info_models[0];
    let appointment = info.appointment.as_ref().unwrap();
    assert_eq!(appointment.id, info.appointment_id);
    assert_eq!(info.starts_at_unix_stamp, appointment.start_date);
    // The sauna's bookings are in the lists too, with their service.
    assert!(events
        .events
        .iter()
        .any(|e| e.booking_service_id == Some(31_010) && e.segment_name.as_deref() == Some("Wellness")));

    let (env, body) = sb.business(paths::BOOKINGS_FOR_PERIOD, json!({"From": from, "To": from + 94 * 86_400})).await;
    assert_eq!(env.parameter(), Some("To"));
    assert_eq!(body["BookingInfoModels"], json!([]));
    let (env, _) = sb.business(paths::EVENT_LIST, json!({"StartDate": to, "EndDate": from})).await;
    assert_eq!(env.parameter(), Some("EndDate"));
    let (env, _) = sb.business(paths::EVENT_LIST, json!({"EndDate": to})).await;
    assert_eq!(env.parameter(), Some("StartDate"));
}

#[tokio::test]
async fn no_room_is_ever_held_twice() {
    let sb = start().await;
    let mut held: BTreeMap<i32, Vec<(i64, i64)>> = BTreeMap::new();
    for w in 0..6 {
        for e in sb.events(day(-93 + w * 31), day(-93 + (w + 1) * 31)).await {
            if matches!(e.status.as_str(), status::CONFIRMED | status::CONFIRMATION_REQUESTED) {
                held.entry(e.source_id).or_default().push((e.start_date, e.end_date));
            }
        }
    }
    assert_eq!(held.len(), 17);
    for (room, mut stays) in held {
        stays.sort_unstable();
        assert!(stays.windows(2).all(|p| p[0].1 <= p[1].0), "room {room} double-booked");
    }
}

#[tokio::test]
async fn availability_is_the_complement_of_held_bookings() {
    let sb = start().await;
    let rooms = sb.rooms().await;
    let room = rooms[3].id;
    let (start, end) = (local(day(0), 0), local(day(14), 0));
    let r: wire::RentalAvailabilityResponse = sb
        .ok(
            paths::RENTAL_AVAILABILITY,
            json!({"BookingResourceIds": [room, 19_990, 4], "IntervalStart": start, "IntervalEnd": end}),
        )
        .await;
    assert_eq!(
        r.availability.keys().collect::<Vec<_>>(),
        vec![&room.to_string()],
        "the sauna and unknown ids are left out"
    );
    let free = &r.availability[&room.to_string()];
    let mut held: Vec<(i64, i64)> = sb
        .events(day(-60), day(14))
        .await
        .into_iter()
        .filter(|e| {
            e.source_id == room && matches!(e.status.as_str(), status::CONFIRMED | status::CONFIRMATION_REQUESTED)
        })
        .filter(|e| e.end_date > start && e.start_date < end)
        .map(|e| (e.start_date.max(start), e.end_date.min(end)))
        .collect();
    held.sort_unstable();
    let free_secs: i64 = free.iter().map(|f| f.available_to - f.available_from).sum();
    let held_secs: i64 = held.iter().map(|(s, e)| e - s).sum();
    assert_eq!(free_secs + held_secs, end - start);
    for f in free {
        assert!(held.iter().all(|(s, e)| f.available_to <= *s || f.available_from >= *e));
    }
    let whole: wire::ResourceAvailabilityResponse =
        sb.ok(paths::RESOURCE_AVAILABILITY, json!({"BookingResourceIds": [room], "From": start, "To": end})).await;
    assert_eq!(whole.values[&room.to_string()], held.is_empty());
    let (env, _) = sb
        .business(
            paths::RENTAL_AVAILABILITY,
            json!({"BookingResourceIds": [], "IntervalStart": start, "IntervalEnd": end}),
        )
        .await;
    assert_eq!(env.parameter(), Some("BookingResourceIds"));
}

#[tokio::test]
async fn one_event_is_found_by_both_ids() {
    let sb = start().await;
    let e = sb.events(day(-10), day(0)).await.into_iter().next().unwrap();
    assert_eq!(sb.event(e.key()).await, e);
    let (env, body) = sb.business(paths::EVENT_GET, json!({"AppointmentId": e.appointment_id, "CustomerId": 1})).await;
    assert_eq!(env.parameter(), Some("CustomerId"));
    assert_eq!(body["Result"], serde_json::Value::Null);
    let (env, _) = sb.business(paths::EVENT_GET, json!({"AppointmentId": 1, "CustomerId": e.customer_id})).await;
    assert_eq!(env.parameter(), Some("AppointmentId"));
}

#[tokio::test]
async fn the_activity_feed_lists_changes_of_api_bookings_after_a_time() {
    let sb = start().await;
    let all: wire::ActivitiesResponse = sb.ok(paths::ACTIVITIES, json!({})).await;
    assert!(!all.activities.is_empty());
    assert!(all.activities.windows(2).all(|p| p[0].occured_at <= p[1].occured_at), "oldest first");
    assert!(all.activities.iter().all(|a| ["Canceled", "Rejected", "Confirmed"].contains(&a.change.as_str())));
    let mid = all.activities[all.activities.len() / 2].occured_at;
    let later: wire::ActivitiesResponse = sb.ok(paths::ACTIVITIES, json!({"ModifiedAfter": mid})).await;
    assert!(later.activities.iter().all(|a| a.occured_at > mid));
    assert_eq!(later.activities.len(), all.activities.iter().filter(|a| a.occured_at > mid).count());
    for a in later.activities.iter().take(5) {
        let e = sb.event(wire::BookingKey { appointment_id: a.appointment_id, customer_id: a.customer_id }).await;
        if a.change == "Canceled" {
            assert_eq!(e.status, "Canceled");
        }
    }
}
