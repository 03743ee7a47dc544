//! Every Reservanto example payload in `shared/providers/examples/reservanto` parses with the wire
//! types, with the values the help pages document, and maps to the right records.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use innkeep_core::{ErrorKind, Money, ReservationState};
use innkeep_providers::reservanto::client::business_error;
use innkeep_providers::reservanto::map::{self, ReservantoContext};
use innkeep_providers::reservanto::wire::{self, paths, Envelope, Stamped};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples/reservanto");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}"))
        .unwrap_or_else(|e| panic!("{name}: {e} (shared examples beside the repository)"))
}

fn ctx() -> ReservantoContext {
    ReservantoContext {
        merchant_id: 1,
        location_id: 2,
        property_name: "Example".into(),
        time_zone: "Europe/Prague".into(),
        currency: "CZK".into(),
        segment_ids: vec![3],
        rooms: BTreeMap::from([("19564".into(), Some("112325".into()))]),
        capacities: BTreeMap::from([("112325".into(), 2)]),
    }
}

#[test]
fn every_example_file_is_covered() {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "authorize_get_short_time_token.request.json",
            "booking_get_bookings_for_period.request.json",
            "booking_get_bookings_for_period.response.json",
            "error.response.json",
            "rentallike_create_booking.request.json",
        ]
    );
}

#[test]
fn the_token_request_carries_the_long_time_token_and_a_time_stamp() {
    let body = read("authorize_get_short_time_token.request.json");
    let r: Stamped<wire::ShortTimeTokenRequest> = serde_json::from_str(&body).unwrap();
    assert_eq!(r.body.long_time_token, "00000000-0000-0000-0000-000000000000");
    assert_eq!(r.time_stamp, 1_769_346_743);
    // Innkeep writes the same shape back.
    assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::from_str::<serde_json::Value>(&body).unwrap());
}

#[test]
fn the_period_request_is_local_midnights() {
    let body = read("booking_get_bookings_for_period.request.json");
    let r: Stamped<wire::PeriodRequest> = serde_json::from_str(&body).unwrap();
    assert_eq!((r.body.from, r.body.to, r.time_stamp), (1_768_690_800, 1_769_295_600, 1_769_347_041));
    let c = ctx();
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(c.midnight(d("2026-01-18")), r.body.from);
    assert_eq!(c.midnight(d("2026-01-25")), r.body.to);
    assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::from_str::<serde_json::Value>(&body).unwrap());
}

#[test]
fn the_period_answer_parses_and_maps() {
    let body = read("booking_get_bookings_for_period.response.json");
    let env: Envelope = serde_json::from_str(&body).unwrap();
    assert_eq!(env, Envelope::ok());
    let r: wire::BookingInfosResponse = serde_json::from_str(&body).unwrap();
    assert_eq!(r.booking_info_models.len(), 1);
    let b = &r.booking_info_models[0];
    assert_eq!((b.appointment_id, b.customer_id, b.booking_resource_id), (5_501_234, 965_123, 19_564));
    assert_eq!(b.starts_at_unix_stamp, 1_769_346_000);
    assert_eq!(b.booking_resource_name.as_deref(), Some("Vilém Brána"));
    assert_eq!((b.booking_service_id, b.course_id), (Some(112_325), Some(78_365)));
    assert_eq!(b.customer_name.as_deref(), Some("Jan Novák"));
    assert_eq!((b.person_count, b.price, b.is_paid, b.no_show_status), (1, 500.0, true, 0));
    let pay = b.payment_info.as_ref().unwrap();
    assert_eq!(pay.payment_method_formatted.as_deref(), Some("Online platby"));
    assert!(pay.is_paid_or_waiting && !pay.is_waiting);
    let a = b.appointment.as_ref().unwrap();
    assert_eq!((a.id, a.start_date, a.end_date), (5_501_234, 1_768_690_800, 1_769_295_600));
    assert_eq!((a.capacity, a.occupied_capacity, a.formatted_availability.as_deref()), (10, 2, Some("2/10")));
    assert_eq!(b.public_note, None);

    // The booking info has no status; with its event (status Confirmed) it maps to a record.
    let event = wire::Event {
        appointment_id: b.appointment_id,
        customer_id: b.customer_id,
        status: "Confirmed".into(),
        start_date: a.start_date,
        end_date: a.end_date,
        source_id: b.booking_resource_id,
        count: 1,
        price: b.price,
        customer_full_name: b.customer_name.clone(),
        ..Default::default()
    };
    let now = a.end_date + 3600;
    let rec = map::reservation(&event, Some(b), &ctx(), now).unwrap();
    assert_eq!(rec.provider_id, "5501234:965123");
    assert_eq!(rec.number.as_deref(), Some("5501234"));
    assert_eq!(rec.state, ReservationState::Confirmed, "arrival never recorded");
    assert_eq!(rec.provider_state, "Confirmed");
    assert_eq!(rec.arrival, "2026-01-18".parse::<NaiveDate>().unwrap());
    assert_eq!(rec.departure, "2026-01-25".parse::<NaiveDate>().unwrap());
    assert_eq!(rec.room_provider_id.as_deref(), Some("19564"));
    assert_eq!(rec.category_provider_id.as_deref(), Some("112325"));
    assert_eq!(rec.guest_provider_id.as_deref(), Some("965123"));
    assert_eq!((rec.adults, rec.children), (1, 0));
    assert_eq!(rec.total, Some(Money::from_decimal(500.0, "CZK")));
    assert_eq!(rec.raw.value()["BookingInfo"]["Appointment"]["FormattedAvailability"], "2/10");
    let arrived = wire::Event { no_show_status: wire::no_show::ARRIVED, ..event.clone() };
    assert_eq!(map::reservation(&arrived, Some(b), &ctx(), now).unwrap().state, ReservationState::CheckedOut);
    assert_eq!(
        map::reservation(&arrived, Some(b), &ctx(), a.start_date + 60).unwrap().state,
        ReservationState::CheckedIn
    );
    let cancelled = wire::Event { status: "Canceled".into(), ..event };
    assert_eq!(map::reservation(&cancelled, Some(b), &ctx(), now).unwrap().state, ReservationState::Cancelled);

    let guest = map::guest_from_booking(&cancelled, Some(b));
    assert_eq!((guest.first_name.as_deref(), guest.last_name.as_str()), (Some("Jan"), "Novák"));
    assert_eq!(guest.email.as_deref(), Some("jan.novak@example.com"));
    assert_eq!(guest.phone.as_deref(), Some("+420777000111"));
}

#[test]
fn the_create_request_is_a_two_night_stay() {
    let body = read("rentallike_create_booking.request.json");
    let r: Stamped<wire::CreateRentalBookingRequest> = serde_json::from_str(&body).unwrap();
    let b = &r.body;
    assert_eq!((b.booking_resource_id, b.customer_id, b.count), (19_564, 965_123, Some(1)));
    assert_eq!(b.payment_required_process, Some(wire::PaymentRequiredProcess::Never));
    assert_eq!(b.customer_note.as_deref(), Some("Late arrival around 21:00"));
    let c = ctx();
    assert_eq!(c.local_date(b.booking_start), "2026-02-07".parse::<NaiveDate>().unwrap());
    assert_eq!(c.local_date(b.booking_end), "2026-02-09".parse::<NaiveDate>().unwrap());
    assert_eq!(c.local_time(b.booking_start).to_string(), "16:00:00");
    assert_eq!(serde_json::to_value(&r).unwrap(), serde_json::from_str::<serde_json::Value>(&body).unwrap());
    // The help site's numeric form of the enum reads the same.
    let numeric: wire::CreateRentalBookingRequest = serde_json::from_str(&body.replace("\"Never\"", "0")).unwrap();
    assert_eq!(numeric.payment_required_process, Some(wire::PaymentRequiredProcess::Never));
}

#[test]
fn the_error_answer_is_an_envelope_naming_the_customer() {
    let body = read("error.response.json");
    let env: Envelope = serde_json::from_str(&body).unwrap();
    assert!(env.is_error);
    assert_eq!(env.parameter(), Some("CustomerId"));
    assert_eq!(env.message(), "Hledaný zákazník neexistuje!");
    let data: wire::BookingStatusResponse = serde_json::from_str(&body).unwrap();
    assert_eq!((data.appointment_id, data.customer_id, data.status), (0, 0, None), "defaults beside the error");
    let e = business_error(paths::CANCEL, &env);
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::NotFound, Some("guest")));
    assert!(e.message.contains("Hledaný zákazník neexistuje!") && e.message.contains("Sync"), "{}", e.message);
}
