//! The merchant, its one location, segments, services (room types and the sauna) and resources
//! (rooms and the sauna). Ids are fixed numbers, the same for every seed.

use chrono::{Datelike, Duration, NaiveDate};
use innkeep_providers::reservanto::wire::{self, object_state, segment_type};

use crate::reservanto::state::ResourceRec;
use crate::reservanto::time;

pub const MERCHANT_ID: i32 = 48_213;
pub const LOCATION_ID: i32 = 4_101;
pub const LODGING_SEGMENT: i32 = 2_201;
pub const WELLNESS_SEGMENT: i32 = 2_202;
pub const FIRST_ROOM_ID: i32 = 19_501;
pub const SAUNA_ID: i32 = 19_990;
pub const SAUNA_SERVICE: i32 = 31_010;

/// A room type: the RentalLike booking service its rooms offer.
pub struct RoomType {
    pub service_id: i32,
    pub name: &'static str,
    pub max_persons: i32,
    /// Price of a night in CZK, VAT included.
    pub night_price: f64,
}

pub const ROOM_TYPES: [RoomType; 4] = [
    RoomType { service_id: 31_001, name: "Jednolůžkový pokoj", max_persons: 1, night_price: 1290.0 },
    RoomType { service_id: 31_002, name: "Dvoulůžkový pokoj", max_persons: 2, night_price: 1890.0 },
    RoomType { service_id: 31_003, name: "Rodinný pokoj", max_persons: 4, night_price: 2690.0 },
    RoomType { service_id: 31_004, name: "Apartmán", max_persons: 5, night_price: 3490.0 },
];

fn persons(n: i32) -> String {
    match n {
        1 => "Max. 1 osoba.".into(),
        2..=4 => format!("Max. {n} osoby."),
        _ => format!("Max. {n} osob."),
    }
}

fn address() -> wire::Address {
    wire::Address {
        name: Some("Penzion U Tří lip".into()),
        street: Some("Latrán 47".into()),
        city: Some("Český Krumlov".into()),
        zip_code: Some("381 01".into()),
        country: Some("CZ".into()),
        latitude: Some(48.8127),
        longitude: Some(14.3175),
    }
}

pub fn merchant() -> wire::Merchant {
    wire::Merchant {
        id: MERCHANT_ID,
        name: Some("U Tří lip s.r.o.".into()),
        personal_identifier: Some("07412345".into()),
        vat_id: Some("CZ07412345".into()),
        vat_number: Some("CZ07412345".into()),
        is_vat_payer: true,
        contact_email: Some("recepce@utrilip.example".into()),
        contact_phone: Some("+420380711234".into()),
        web: Some("https://utrilip.example".into()),
        invoice_address: Some(address()),
        mailing_address: Some(address()),
    }
}

/// The location; its working hours are reception hours (07:00–22:00) on the days of this week.
pub fn location(today: NaiveDate) -> wire::Location {
    let sunday = today - Duration::days(i64::from(today.weekday().num_days_from_sunday()));
    let working_hours = (0..7)
        .map(|d| {
            let day = sunday + Duration::days(d);
            wire::WorkingHour {
                day_of_week: d as u8,
                start: time::at_local(day, 7, 0).timestamp(),
                end: time::at_local(day, 22, 0).timestamp(),
            }
        })
        .collect();
    wire::Location {
        id: LOCATION_ID,
        name: Some("Penzion U Tří lip".into()),
        description: Some("Rodinný penzion pod zámkem v Českém Krumlově, snídaně v ceně.".into()),
        email: Some("recepce@utrilip.example".into()),
        phone: Some("+420380711234".into()),
        created_at: time::at_local(NaiveDate::from_ymd_opt(2019, 4, 1).expect("date"), 9, 0).timestamp(),
        modified_at: time::at_local(NaiveDate::from_ymd_opt(2025, 11, 3).expect("date"), 16, 20).timestamp(),
        state: Some(object_state::PUBLIC.into()),
        address: Some(address()),
        working_hours,
    }
}

pub fn segments() -> Vec<wire::Segment> {
    vec![
        wire::Segment {
            id: LODGING_SEGMENT,
            internal_name: Some("RentalLike".into()),
            localized_name: Some("Půjčovna".into()),
            customized_name: Some("Ubytování".into()),
            segment_type: Some(segment_type::RENTAL_LIKE.into()),
            state: Some(object_state::PUBLIC.into()),
        },
        wire::Segment {
            id: WELLNESS_SEGMENT,
            internal_name: Some("OneToOne".into()),
            localized_name: Some("Individuální rezervace".into()),
            customized_name: Some("Wellness".into()),
            segment_type: Some(segment_type::ONE_TO_ONE.into()),
            state: Some(object_state::PUBLIC.into()),
        },
    ]
}

/// How many rooms of each type, for `rooms` rooms: about 3/16 singles, 3/16 family rooms, 2/16
/// apartments, the rest doubles.
fn type_counts(rooms: u32) -> [u32; 4] {
    let single = (rooms * 3 / 16).max(1);
    let family = (rooms * 3 / 16).max(1);
    let apartment = (rooms * 2 / 16).max(1);
    [single, rooms.saturating_sub(single + family + apartment).max(1), family, apartment]
}

/// The rooms (floor by floor, `per_floor` on each) and the sauna, with the services they offer.
pub fn build(floors: u32, per_floor: u32) -> (Vec<wire::BookingService>, Vec<ResourceRec>) {
    let rooms = floors * per_floor;
    let counts = type_counts(rooms);
    let mut kinds: Vec<usize> = Vec::new();
    for (kind, n) in counts.iter().enumerate() {
        kinds.extend(std::iter::repeat_n(kind, *n as usize));
    }
    kinds.truncate(rooms as usize);
    let mut resources = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        let floor = i as u32 / per_floor + 1;
        let number = floor * 100 + i as u32 % per_floor + 1;
        let t = &ROOM_TYPES[*kind];
        resources.push(ResourceRec {
            wire: wire::BookingResource {
                id: FIRST_ROOM_ID + i as i32,
                location_id: LOCATION_ID,
                name: Some(format!("Pokoj {number}")),
                description: Some(format!("{}, {}. patro. {}", t.name, floor, persons(t.max_persons))),
                email: None,
                phone: None,
                image_url: None,
                has_custom_image: false,
                min_time_unit: 60,
                capacity: 1,
                available_from: None,
                available_to: None,
                segment_ids: vec![LODGING_SEGMENT],
                booking_service_ids: vec![t.service_id],
                tag_ids: Vec::new(),
                state: Some(object_state::PUBLIC.into()),
            },
            rental: true,
            max_persons: t.max_persons,
            bookings: Vec::new(),
        });
    }
    resources.push(ResourceRec {
        wire: wire::BookingResource {
            id: SAUNA_ID,
            location_id: LOCATION_ID,
            name: Some("Sauna".into()),
            description: Some("Finská sauna pro 4 osoby ve sklepení.".into()),
            email: None,
            phone: None,
            image_url: None,
            has_custom_image: false,
            min_time_unit: 30,
            capacity: 1,
            available_from: None,
            available_to: None,
            segment_ids: vec![WELLNESS_SEGMENT],
            booking_service_ids: vec![SAUNA_SERVICE],
            tag_ids: Vec::new(),
            state: Some(object_state::PUBLIC.into()),
        },
        rental: false,
        max_persons: 4,
        bookings: Vec::new(),
    });
    let mut services: Vec<wire::BookingService> = ROOM_TYPES
        .iter()
        .map(|t| wire::BookingService {
            id: t.service_id,
            name: Some(t.name.into()),
            description: Some(format!("Cena za noc včetně snídaně. {}", persons(t.max_persons))),
            duration: 1440,
            price: Some(t.night_price),
            vat_rate_nullable: Some(12.0),
            segment_id: LODGING_SEGMENT,
            segment_name: Some("Ubytování".into()),
            category_id: Some(501),
            category_name: Some("Pokoje".into()),
            booking_resource_ids: resources
                .iter()
                .filter(|r| r.wire.booking_service_ids.contains(&t.service_id))
                .map(|r| r.wire.id)
                .collect(),
            available_price_levels: Vec::new(),
            state: Some(object_state::PUBLIC.into()),
        })
        .collect();
    services.push(wire::BookingService {
        id: SAUNA_SERVICE,
        name: Some("Privátní sauna (60 min)".into()),
        description: Some("Sauna jen pro vás, ručníky v ceně.".into()),
        duration: 60,
        price: Some(450.0),
        vat_rate_nullable: Some(21.0),
        segment_id: WELLNESS_SEGMENT,
        segment_name: Some("Wellness".into()),
        category_id: Some(502),
        category_name: Some("Wellness".into()),
        booking_resource_ids: vec![SAUNA_ID],
        available_price_levels: Vec::new(),
        state: Some(object_state::PUBLIC.into()),
    });
    (services, resources)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooms_are_numbered_by_floor_and_typed_in_proportion() {
        let (services, resources) = build(2, 8);
        let rooms: Vec<_> = resources.iter().filter(|r| r.rental).collect();
        assert_eq!(rooms.len(), 16);
        assert_eq!(rooms[0].wire.name.as_deref(), Some("Pokoj 101"));
        assert_eq!(rooms[8].wire.name.as_deref(), Some("Pokoj 201"));
        assert_eq!(type_counts(16), [3, 8, 3, 2]);
        assert_eq!(services.len(), 5);
        assert_eq!(services[1].booking_resource_ids.len(), 8);
        let (_, large) = build(10, 30);
        assert_eq!(large.iter().filter(|r| r.rental).count(), 300);
    }
}
