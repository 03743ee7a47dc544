//! Innkeep's Ectosy client and connector against the sandbox: catalog, the empty sync plan,
//! creating, cancelling, renaming, recovering a lost create, and every error path.

use std::time::Duration;

use innkeep_core::{Capabilities, Credentials, ErrorKind, ProviderKind, ReservationState};
use innkeep_providers::connector::{Change, Connector, GuestEdit, StayRequest, Target, Window};
use innkeep_providers::ectosy::wire;
use innkeep_providers::ectosy::{PostFailure, Recovery};
use innkeep_sandbox::FaultRule;
use serde_json::{json, Value};

use crate::common::*;

fn target_of(page: &innkeep_providers::Page) -> Target {
    let r = &page.reservations[0];
    Target {
        provider_id: r.provider_id.clone(),
        guest_provider_id: r.guest_provider_id.clone(),
        room_provider_id: r.room_provider_id.clone(),
        arrival: r.arrival,
        departure: r.departure,
        raw: r.raw.value(),
    }
}

#[tokio::test]
async fn the_catalog_is_the_positions_grouped_by_title_and_the_plan_is_empty() {
    let sb = start().await;
    let c = sb.connector();
    assert_eq!(c.provider(), ProviderKind::Ectosy);
    let info = c.check().await.unwrap();
    assert_eq!(info.time_zone, "Europe/Zagreb");
    assert_eq!(info.currency, "EUR");
    assert!(info.name.contains("30 positions"), "{}", info.name);

    let catalog = c.catalog().await.unwrap();
    assert_eq!(catalog.rooms.len(), 30);
    let names: Vec<&str> = catalog.categories.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Mobile home", "Parcel", "Max apartment", "Mini apartment", "Room"]);
    let positions = sb.positions().await;
    for (room, pos) in catalog.rooms.iter().zip(&positions) {
        assert_eq!(room.provider_id, pos.position_id);
        assert_eq!(room.name, pos.position_title);
        let cat = room.category_provider_id.as_deref().unwrap();
        assert!(catalog.categories.iter().any(|c| c.provider_id == cat));
    }
    assert_eq!(catalog.config["time_zone"], "Europe/Zagreb");
    assert_eq!(catalog.config["api_user_title"], "Innkeep");

    let plan = c.plan(None, false).await.unwrap();
    assert!(plan.full && plan.windows.is_empty() && plan.watermark.is_none());
    let plan = c.plan(Some("anything"), true).await.unwrap();
    assert!(plan.windows.is_empty());
    let window = Window { label: "x".into(), query: Value::Null };
    assert_eq!(c.read(&window, None).await.unwrap_err().kind, ErrorKind::Internal);

    // Settings the manager gave are kept and returned.
    let config = json!({"property_name": "Kamp Lavanda", "api_user_title": "Front desk"});
    let c = sb.connector_with(&sb.credentials(), &config);
    let catalog = c.catalog().await.unwrap();
    assert_eq!(catalog.property.name, "Kamp Lavanda");
    assert_eq!(catalog.config["api_user_title"], "Front desk");
}

#[tokio::test]
async fn quotes_and_unsupported_changes_are_refused_with_the_capability_reason() {
    let sb = start().await;
    let c = sb.connector();
    let caps = Capabilities::of(ProviderKind::Ectosy);
    let stay = StayRequest {
        arrival: day(3),
        departure: day(5),
        category_provider_id: Some("group:Room".into()),
        room_provider_id: None,
        additional_room_provider_ids: vec![],
        adults: 2,
        children: 0,
    };
    let e = c.quote(&stay).await.unwrap_err();
    assert_eq!((e.kind, Some(e.message)), (ErrorKind::Forbidden, caps.quote_price.reason.clone()));

    let target = Target {
        provider_id: "per-x".into(),
        guest_provider_id: None,
        room_provider_id: Some("pos-x".into()),
        arrival: day(3),
        departure: day(5),
        raw: Value::Null,
    };
    let cases = [
        (Change::Confirm, &caps.confirm),
        (Change::Reject { reason: None }, &caps.reject),
        (Change::CheckIn, &caps.check_in),
        (Change::CheckOut, &caps.check_out),
        (Change::NoShow, &caps.no_show),
        (Change::Move { arrival: day(4), departure: day(6), room_provider_id: None }, &caps.move_dates),
        (
            Change::Move { arrival: day(3), departure: day(5), room_provider_id: Some("pos-y".into()) },
            &caps.change_room,
        ),
        (Change::Restore, &caps.restore),
        (Change::Delete, &caps.delete),
        (Change::EditNotes { notes: "n".into() }, &caps.edit_notes),
    ];
    for (change, cap) in cases {
        assert!(!cap.supported);
        let e = c.apply(&target, &change).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Forbidden, "{change:?}");
        assert_eq!(Some(e.message), cap.reason.clone(), "{change:?}");
    }
    assert!(caps.cancel.supported && caps.edit_guest.supported && caps.create_booking.supported);
}

#[tokio::test]
async fn a_booking_with_several_guests_comes_back_as_the_period_ectosy_saved() {
    let sb = start().await;
    let c = sb.connector();
    let apt = sb.position("Max apartment 2").await;
    let arrival = free_stretch(&sb, &apt.position_id, day(14), 4).await;
    let mut guests = vec![new_guest("Ana", "Horvat"), new_guest("Ivan", "Horvat"), new_guest("", "Horvat")];
    if let innkeep_providers::GuestRef::New(g) = &mut guests[0] {
        g.email = Some("ana@example.com".into());
    }
    let page = c.create(&booking(Some(&apt.position_id), None, arrival, 4, guests)).await.unwrap();
    assert_eq!(page.reservations.len(), 1);
    assert_eq!(page.guests.len(), 3);
    let r = &page.reservations[0];
    assert!(r.provider_id.starts_with("per-"));
    assert_eq!(r.state, ReservationState::Confirmed);
    assert_eq!(r.provider_state, "saved");
    assert_eq!((r.arrival, r.departure), (arrival, arrival + chrono::Duration::days(4)));
    assert_eq!(r.room_provider_id.as_deref(), Some(apt.position_id.as_str()));
    assert_eq!(r.category_provider_id.as_deref(), Some("group:Max apartment"));
    assert_eq!(r.guest_provider_id.as_ref(), Some(&page.guests[0].provider_id));
    assert_eq!((r.adults, r.children), (2, 1));

    let period = sb.period(&r.provider_id).await;
    let amount = period["reservation"]["totalAmount"].as_f64().unwrap();
    let total = r.total.clone().unwrap();
    assert_eq!((total.amount_minor, total.currency.as_str()), ((amount * 100.0).round() as i64, "EUR"));
    assert_eq!(period["apiUserTitle"], "Innkeep");
    for (g, c) in page.guests.iter().zip(period["customers"].as_array().unwrap()) {
        assert_eq!(g.provider_id, c["customerId"].as_str().unwrap());
        assert_eq!(g.last_name, "Horvat");
    }
    assert_eq!(page.guests[0].first_name.as_deref(), Some("Ana"));
    assert_eq!(page.guests[0].email.as_deref(), Some("ana@example.com"), "kept by Innkeep");
    assert_eq!(page.guests[2].first_name, None);
    assert_eq!(r.raw.value()["periodId"], r.provider_id.as_str());
    assert_eq!(r.raw.value()["positionTitle"], "Max apartment 2");
}

#[tokio::test]
async fn a_category_booking_takes_the_first_free_position_and_says_when_none_is() {
    let sb = start().await;
    let c = sb.connector();
    let rooms: Vec<wire::Position> =
        sb.positions().await.into_iter().filter(|p| p.position_title.starts_with("Room ")).collect();
    assert_eq!(rooms.len(), 3);
    // Far enough ahead that the seed left some nights free; find a stretch free in every room.
    let mut arrival = day(60);
    loop {
        let mut ok = true;
        for r in &rooms {
            if free_stretch(&sb, &r.position_id, arrival, 2).await != arrival {
                ok = false;
            }
        }
        if ok {
            break;
        }
        arrival += chrono::Duration::days(1);
    }
    let mut taken = Vec::new();
    for _ in 0..3 {
        let page =
            c.create(&booking(None, Some("group:Room"), arrival, 2, vec![new_guest("Jan", "Novák")])).await.unwrap();
        taken.push(page.reservations[0].room_provider_id.clone().unwrap());
    }
    let expected: Vec<String> = rooms.iter().map(|r| r.position_id.clone()).collect();
    assert_eq!(taken, expected, "in catalog order");
    let e =
        c.create(&booking(None, Some("group:Room"), arrival, 2, vec![new_guest("Jan", "Novák")])).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Conflict, Some("category_id")));
    assert!(e.message.contains("No Room is free"), "{}", e.message);

    // A chosen room that is taken names the room and the period in the way.
    let e = c
        .create(&booking(Some(&rooms[1].position_id), None, arrival, 1, vec![new_guest("Jan", "Novák")]))
        .await
        .unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Conflict, Some("room_id")));
    assert!(e.message.contains("Room 2") && e.message.contains("per-"), "{}", e.message);

    let e = c.create(&booking(None, Some("group:Nothing"), arrival, 2, vec![new_guest("A", "B")])).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::NotFound, Some("category_id")));
    let e = c.create(&booking(Some("pos-gone"), None, arrival, 2, vec![new_guest("A", "B")])).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::NotFound, Some("room_id")));
}

#[tokio::test]
async fn bad_guests_are_refused_by_name_before_and_by_ectosy() {
    let sb = start().await;
    let c = sb.connector();
    let room = sb.position("Room 3").await;
    let arrival = free_stretch(&sb, &room.position_id, day(20), 2).await;
    let before = sb.inspect(&format!("positionId={}", room.position_id)).await.len();
    let cases = [
        (vec![], "guests"),
        (vec![new_guest("Ana", "Horvat"), new_guest("Ivan", "  ")], "last_name"),
        (vec![innkeep_providers::GuestRef::Existing("cus-1".into())], "guests"),
    ];
    for (guests, field) in cases {
        let e = c.create(&booking(Some(&room.position_id), None, arrival, 2, guests)).await.unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some(field)), "{}", e.message);
    }
    let mut b = booking(Some(&room.position_id), None, arrival, 2, vec![new_guest("A", "B")]);
    b.stay.departure = b.stay.arrival;
    assert_eq!(c.create(&b).await.unwrap_err().field.as_deref(), Some("departure"));

    // The same mistakes straight to Ectosy: its own errors, mapped to the form's fields.
    let client = c.client();
    let post = |customers: &[wire::NewCustomer]| {
        wire::PeriodPostRequest::new(
            &room.position_id,
            "Innkeep",
            arrival,
            arrival + chrono::Duration::days(2),
            customers,
        )
    };
    let e: innkeep_core::AppError = client.create_period(&post(&[])).await.unwrap_err().into();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("guests")));
    let blank = [wire::NewCustomer { name: "Ana".into(), surname: "".into() }];
    let e: innkeep_core::AppError = client.create_period(&post(&blank)).await.unwrap_err().into();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("last_name")));
    assert!(e.message.contains("last name"), "{}", e.message);
    let mut late = post(&[wire::NewCustomer { name: "Ana".into(), surname: "Horvat".into() }]);
    late.end = late.start.clone();
    let e: innkeep_core::AppError = client.create_period(&late).await.unwrap_err().into();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("departure")));
    assert_eq!(sb.inspect(&format!("positionId={}", room.position_id)).await.len(), before, "nothing saved");
}

#[tokio::test]
async fn cancelling_deletes_the_period_and_returns_it_cancelled_even_twice() {
    let sb = start().await;
    let c = sb.connector();
    let home = sb.position("Mobile home 4").await;
    let arrival = free_stretch(&sb, &home.position_id, day(25), 7).await;
    let page = c
        .create(&booking(
            Some(&home.position_id),
            None,
            arrival,
            7,
            vec![new_guest("Lena", "Weber"), new_guest("Paul", "Weber")],
        ))
        .await
        .unwrap();
    let target = target_of(&page);
    let cancel = Change::Cancel { reason: Some("Guest asked".into()), override_late: false };
    let cancelled = c.apply(&target, &cancel).await.unwrap();
    let r = &cancelled.reservations[0];
    assert_eq!(r.state, ReservationState::Cancelled);
    assert_eq!(r.provider_state, "deleted");
    assert_eq!(r.provider_id, target.provider_id);
    assert_eq!((r.arrival, r.departure), (target.arrival, target.departure));
    assert_eq!(r.total, page.reservations[0].total);
    assert_eq!(r.category_provider_id.as_deref(), Some("group:Mobile home"));
    assert_eq!(
        cancelled.guests.iter().map(|g| &g.provider_id).collect::<Vec<_>>(),
        page.guests.iter().map(|g| &g.provider_id).collect::<Vec<_>>()
    );
    assert!(sb.period(&target.provider_id).await["deletedAt"].is_string());

    // Again (e.g. the first answer was lost): the period is gone, which is what was wanted.
    let again = c.apply(&target, &cancel).await.unwrap();
    assert_eq!(again.reservations[0].state, ReservationState::Cancelled);
    // The dates are free again.
    c.create(&booking(Some(&home.position_id), None, arrival, 7, vec![new_guest("Jan", "Novák")])).await.unwrap();
}

#[tokio::test]
async fn guests_are_renamed_in_ectosy() {
    let sb = start().await;
    let c = sb.connector();
    let parcel = sb.position("Parcel A3").await;
    let arrival = free_stretch(&sb, &parcel.position_id, day(8), 3).await;
    let page = c
        .create(&booking(
            Some(&parcel.position_id),
            None,
            arrival,
            3,
            vec![new_guest("Ivano", "Horvat"), new_guest("Mia", "Horvat")],
        ))
        .await
        .unwrap();
    let id = page.guests[0].provider_id.clone();
    let period_id = page.reservations[0].provider_id.clone();

    // Only the last name: the first is known from the booking.
    let edit = GuestEdit { last_name: Some("Horvatić".into()), ..Default::default() };
    let g = c.edit_guest(&id, &edit).await.unwrap();
    assert_eq!(
        (g.provider_id.as_str(), g.first_name.as_deref(), g.last_name.as_str()),
        (id.as_str(), Some("Ivano"), "Horvatić")
    );
    let period = sb.period(&period_id).await;
    assert_eq!(
        (period["customers"][0]["name"].as_str(), period["customers"][0]["surname"].as_str()),
        (Some("Ivano"), Some("Horvatić"))
    );
    assert_eq!(period["customers"][1]["surname"], "Horvat");

    let edit =
        GuestEdit { first_name: Some("Ivan".into()), email: Some("ivan@example.com".into()), ..Default::default() };
    let g = c.edit_guest(&id, &edit).await.unwrap();
    assert_eq!(
        (g.first_name.as_deref(), g.last_name.as_str(), g.email.as_deref()),
        (Some("Ivan"), "Horvatić", Some("ivan@example.com"))
    );
    assert_eq!(sb.period(&period_id).await["customers"][0]["name"], "Ivan");

    // A fresh connector (e.g. after a restart) knows no names: it needs both.
    let fresh = sb.connector();
    let e = fresh.edit_guest(&id, &GuestEdit { last_name: Some("X".into()), ..Default::default() }).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("first_name")));
    let e = fresh
        .edit_guest(
            &id,
            &GuestEdit { first_name: Some("Ivan".into()), last_name: Some(" ".into()), ..Default::default() },
        )
        .await
        .unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("last_name")));
    let both = GuestEdit { first_name: Some("Ivo".into()), last_name: Some("Horvat".into()), ..Default::default() };
    fresh.edit_guest(&id, &both).await.unwrap();
    assert_eq!(sb.period(&period_id).await["customers"][0]["name"], "Ivo");

    let e = fresh.edit_guest("cus-nobody", &both).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("no longer has this guest"), "{}", e.message);
}

#[tokio::test]
async fn a_wrong_key_is_an_auth_error_that_says_where_to_get_a_new_one() {
    let sb = start().await;
    let mut creds = Credentials::default();
    creds.insert("api_key", "not-the-key");
    let c = sb.connector_with(&creds, &Value::Null);
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("Keys") && !e.message.contains("not-the-key"), "{}", e.message);
    sb.sandbox.faults().set_reject_tokens(true);
    assert_eq!(sb.connector().catalog().await.unwrap_err().kind, ErrorKind::Auth);
}

#[tokio::test]
async fn transport_failures_become_offline_unavailable_and_rate_limited() {
    let mut sb = start().await;
    let c = sb.connector();
    // Reads are retried through a passing fault.
    sb.sandbox.faults().fail_next(2, 503);
    assert_eq!(c.catalog().await.unwrap().rooms.len(), 30);

    // Writes are not: one 503 reaches the manager, and nothing was saved.
    let room = sb.position("Room 1").await;
    let arrival = free_stretch(&sb, &room.position_id, day(50), 2).await;
    let b = booking(Some(&room.position_id), None, arrival, 2, vec![new_guest("Ana", "Horvat")]);
    sb.sandbox.faults().push(FaultRule::status(503).on_path("/ectosy/prod/api/period"));
    let e = c.create(&b).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unavailable);
    assert!(e.message.contains("may or may not have been saved"), "{}", e.message);
    assert!(sb
        .inspect(&format!("positionId={}&from={arrival}&to={arrival}", room.position_id))
        .await
        .iter()
        .all(|p| !p["deletedAt"].is_null() || p["apiUserTitle"] != "Innkeep"));

    // A 429 with a short Retry-After is waited for, even on a write.
    sb.sandbox.faults().push(FaultRule::status(429).retry_after(1).on_path("/ectosy/prod/api/period"));
    c.create(&b).await.unwrap();

    // A long throttle is handed to the manager with its wait.
    sb.sandbox.faults().set_rate_limit(1, Duration::from_secs(120));
    let c2 = sb.connector();
    c2.check().await.unwrap();
    let e = c2.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert!(e.retry_after_secs.is_some_and(|s| s > 20), "{:?}", e.retry_after_secs);
    sb.sandbox.faults().clear();

    // A broken answer is malformed; an unreachable sandbox is offline.
    sb.sandbox.faults().push(FaultRule::truncated());
    assert_eq!(c.catalog().await.unwrap_err().kind, ErrorKind::Malformed);
    sb.sandbox.suspend().await;
    let e = c.check().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Offline);
    sb.sandbox.resume().await.unwrap();
    c.check().await.unwrap();
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_is_recovered_from_the_overlap() {
    let sb = start().await;
    let c = sb.connector();
    let apt = sb.position("Mini apartment 3").await;
    let arrival = free_stretch(&sb, &apt.position_id, day(35), 5).await;
    let b = booking(Some(&apt.position_id), None, arrival, 5, vec![new_guest("Eszter", "Nagy")]);

    // Ectosy saves the period but the connection drops before the answer arrives.
    sb.sandbox.faults().push(FaultRule::drop_connection().on_path("/ectosy/prod/api/period"));
    let e = c.create(&b).await.unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Unavailable | ErrorKind::Malformed | ErrorKind::Offline), "{e:?}");
    let saved = sb.inspect(&format!("positionId={}&from={arrival}&to={arrival}", apt.position_id)).await;
    let ours: Vec<&Value> =
        saved.iter().filter(|p| p["apiUserTitle"] == "Innkeep" && p["deletedAt"].is_null()).collect();
    assert_eq!(ours.len(), 1, "the period was saved");
    let period_id = ours[0]["reservation"]["reservationId"].as_str().unwrap().to_owned();

    match c.recover_create(&b).await.unwrap() {
        Recovery::Exists { position_id, period_id: Some(found), start, end } => {
            assert_eq!((position_id.as_str(), found.as_str()), (apt.position_id.as_str(), period_id.as_str()));
            assert_eq!((start, end), (b.stay.arrival, b.stay.departure));
        }
        other => panic!("{other:?}"),
    }
    // Recovery saved nothing twice.
    let after = sb.inspect(&format!("positionId={}&from={arrival}&to={arrival}", apt.position_id)).await;
    assert_eq!(after.len(), saved.len());

    // A create that never arrived (refused by a fault before any work) is made by recovery.
    let home = sb.position("Mobile home 5").await;
    let arrival = free_stretch(&sb, &home.position_id, day(45), 3).await;
    let b = booking(None, Some("group:Mobile home"), arrival, 3, vec![new_guest("Daan", "de Vries")]);
    let b = innkeep_providers::NewBooking {
        stay: StayRequest { room_provider_id: Some(home.position_id.clone()), category_provider_id: None, ..b.stay },
        ..b
    };
    sb.sandbox.faults().push(FaultRule::status(502).on_path("/ectosy/prod/api/period"));
    assert_eq!(c.create(&b).await.unwrap_err().kind, ErrorKind::Unavailable);
    match c.recover_create(&b).await.unwrap() {
        Recovery::Created(page) => {
            assert_eq!(page.reservations[0].room_provider_id.as_deref(), Some(home.position_id.as_str()))
        }
        other => panic!("{other:?}"),
    }

    // Someone else took the position with other dates: the booking was not made.
    let other =
        booking(Some(&home.position_id), None, arrival - chrono::Duration::days(1), 2, vec![new_guest("X", "Y")]);
    let e = c.recover_create(&other).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("not saved"), "{}", e.message);
    match c
        .client()
        .create_period(&wire::PeriodPostRequest::new(
            &home.position_id,
            "Innkeep",
            arrival,
            arrival + chrono::Duration::days(3),
            &[wire::NewCustomer { name: "A".into(), surname: "B".into() }],
        ))
        .await
    {
        Err(PostFailure::Overlap { conflict: Some(conflict), .. }) => assert_eq!(conflict.start, arrival.to_string()),
        other => panic!("{other:?}"),
    }
}
