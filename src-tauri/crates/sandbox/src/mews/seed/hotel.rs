//! The property: enterprise, services, room categories with their prices, rooms on floors,
//! age categories and rates. Ids come from the seed's "config" stream.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use innkeep_providers::mews::wire::{self, Coproduct, LocalizedText};
use serde_json::json;

use super::Scale;
use crate::clock::Clock;
use crate::mews::state::{CategoryRec, MewsState, RateRec, RoomRec};
use crate::mews::table::Table;
use crate::mews::time::{self, at_local};
use crate::rng::Rng;

struct CategorySpec {
    en: &'static str,
    cs: &'static str,
    short: &'static str,
    kind: &'static str,
    capacity: u32,
    extra: u32,
    base_eur: i64,
    share_percent: u32,
}

const CATEGORIES: &[CategorySpec] = &[
    CategorySpec {
        en: "Single room",
        cs: "Jednolůžkový pokoj",
        short: "SGL",
        kind: "Room",
        capacity: 1,
        extra: 0,
        base_eur: 79,
        share_percent: 20,
    },
    CategorySpec {
        en: "Double room",
        cs: "Dvoulůžkový pokoj",
        short: "DBL",
        kind: "Room",
        capacity: 2,
        extra: 0,
        base_eur: 99,
        share_percent: 40,
    },
    CategorySpec {
        en: "Superior Double/Twin",
        cs: "Pokoj Superior",
        short: "SUP",
        kind: "Room",
        capacity: 2,
        extra: 1,
        base_eur: 129,
        share_percent: 27,
    },
    CategorySpec {
        en: "Vltava Suite",
        cs: "Apartmá Vltava",
        short: "STE",
        kind: "Suite",
        capacity: 4,
        extra: 0,
        base_eur: 219,
        share_percent: 13,
    },
];

fn names(en: &str, cs: &str) -> LocalizedText {
    [("en-US".to_owned(), en.to_owned()), ("cs-CZ".to_owned(), cs.to_owned())].into_iter().collect()
}

/// The hotel's setup as of `clock.now()`, with no guests or reservations yet.
pub fn build(seed: u64, scale: &Scale, mut clock: Clock) -> MewsState {
    let today = time::local_date(clock.now());
    let mut cfg = Rng::derive(seed, "config");
    let opened = at_local(today - Duration::days(1100), 9, 0);
    let enterprise = enterprise(&mut cfg);
    let (services, accommodation) = services(&mut cfg, &enterprise.id, opened);
    let service_id = services.at(accommodation).id.clone();
    let mut categories = categories(&mut cfg, &enterprise.id, &service_id, opened);
    let (rooms, assignments) = rooms(&mut cfg, scale, &enterprise.id, &mut categories, opened);
    let age_categories = age_categories(&mut cfg, &service_id);
    let rates = rates(&mut cfg, &service_id);
    MewsState {
        clock,
        rng: Rng::derive(seed, "runtime"),
        enterprise,
        services,
        accommodation,
        categories,
        rooms,
        assignments,
        age_categories,
        rates,
        customers: Table::new(),
        reservations: Table::new(),
        groups: HashSet::new(),
        next_reservation_number: 1001,
        next_customer_number: 1001,
    }
}

fn enterprise(cfg: &mut Rng) -> wire::Enterprise {
    let chain_id = cfg.guid();
    wire::Enterprise {
        id: cfg.guid(),
        name: "Hotel Vltava".into(),
        time_zone_identifier: time::ZONE_NAME.into(),
        pricing: "Gross".into(),
        currencies: vec![wire::EnterpriseCurrency { currency: "EUR".into(), is_default: true, is_enabled: true }],
        default_language_code: Some("en-US".into()),
        chain_id: Some(chain_id),
        email: Some("reception@hotel-vltava.example.com".into()),
        phone: Some("+420 221 000 140".into()),
        address: Some(wire::Address {
            line1: Some("Dvořákovo nábřeží 7".into()),
            city: Some("Praha 1".into()),
            postal_code: Some("110 00".into()),
            country_code: Some("CZ".into()),
        }),
    }
}

/// The bookable "Accommodation" (whose position is returned) and an additional "Breakfast".
fn services(cfg: &mut Rng, enterprise_id: &str, opened: DateTime<Utc>) -> (Table<wire::Service>, usize) {
    let mut services = Table::new();
    let offsets = json!({
        "StartOffset": "P0M0DT14H0M0S",
        "EndOffset": "P0M0DT12H0M0S",
        "OccupancyStartOffset": "P0M0DT14H0M0S",
        "OccupancyEndOffset": "P0M0DT12H0M0S",
        "TimeUnitPeriod": "Day"
    });
    let accommodation = services.push(wire::Service {
        id: cfg.guid(),
        enterprise_id: enterprise_id.into(),
        is_active: true,
        names: names("Accommodation", "Ubytování"),
        created_utc: opened,
        updated_utc: opened,
        data: Coproduct { discriminator: "Bookable".into(), value: offsets },
    });
    let promotions = json!({"Promotions": {
        "BeforeCheckIn": true, "AfterCheckIn": true, "DuringStay": true,
        "BeforeCheckOut": false, "AfterCheckOut": false, "DuringCheckOut": false
    }});
    services.push(wire::Service {
        id: cfg.guid(),
        enterprise_id: enterprise_id.into(),
        is_active: true,
        names: names("Breakfast", "Snídaně"),
        created_utc: opened + Duration::minutes(5),
        updated_utc: opened + Duration::minutes(5),
        data: Coproduct { discriminator: "Additional".into(), value: promotions },
    });
    (services, accommodation)
}

fn categories(cfg: &mut Rng, enterprise_id: &str, service_id: &str, opened: DateTime<Utc>) -> Table<CategoryRec> {
    let mut categories = Table::new();
    for (i, spec) in CATEGORIES.iter().enumerate() {
        categories.push(CategoryRec {
            wire: wire::ResourceCategory {
                id: cfg.guid(),
                enterprise_id: enterprise_id.into(),
                service_id: service_id.into(),
                is_active: true,
                kind: spec.kind.into(),
                names: names(spec.en, spec.cs),
                short_names: names(spec.short, spec.short),
                ordering: i as i32,
                capacity: spec.capacity,
                extra_capacity: spec.extra,
            },
            updated_utc: opened,
            base_cents: spec.base_eur * 100,
            rooms: Vec::new(),
        });
    }
    categories
}

/// Rooms floor by floor ("101", "102", ...) with their category assignments; categories come in
/// blocks by share, so the suites end up on the top floor.
fn rooms(
    cfg: &mut Rng,
    scale: &Scale,
    enterprise_id: &str,
    categories: &mut Table<CategoryRec>,
    opened: DateTime<Utc>,
) -> (Table<RoomRec>, Table<wire::ResourceCategoryAssignment>) {
    let total_rooms = (scale.floors * scale.rooms_per_floor) as usize;
    let mut quota: Vec<usize> =
        CATEGORIES.iter().map(|c| (total_rooms * c.share_percent as usize + 50) / 100).collect();
    let assigned: usize = quota[..quota.len() - 1].iter().sum();
    *quota.last_mut().expect("categories") = total_rooms.saturating_sub(assigned);
    let mut rooms = Table::new();
    let mut assignments = Table::new();
    let (mut cat, mut used) = (0, 0);
    for floor in 1..=scale.floors {
        for k in 1..=scale.rooms_per_floor {
            while used >= quota[cat] && cat + 1 < quota.len() {
                cat += 1;
                used = 0;
            }
            used += 1;
            let view = if k % 2 == 1 { "River view" } else { "Courtyard" };
            let room = rooms.push(RoomRec {
                wire: wire::Resource {
                    id: cfg.guid(),
                    enterprise_id: enterprise_id.into(),
                    is_active: true,
                    parent_resource_id: None,
                    name: format!("{floor}{k:02}"),
                    state: "Inspected".into(),
                    created_utc: opened,
                    updated_utc: opened,
                    data: Coproduct {
                        discriminator: "Space".into(),
                        value: json!({"FloorNumber": floor.to_string(), "LocationNotes": view}),
                    },
                },
                category: cat,
                bookings: Vec::new(),
            });
            categories.at_mut(cat).rooms.push(room);
            assignments.push(wire::ResourceCategoryAssignment {
                id: cfg.guid(),
                is_active: true,
                resource_id: rooms.at(room).wire.id.clone(),
                category_id: categories.at(cat).wire.id.clone(),
                created_utc: opened,
                updated_utc: opened,
            });
        }
    }
    (rooms, assignments)
}

fn age_categories(cfg: &mut Rng, service_id: &str) -> Table<wire::AgeCategory> {
    let mut age_categories = Table::new();
    for (en, cs, class, min, max) in
        [("Adult", "Dospělý", "Adult", Some(18), None), ("Child", "Dítě", "Child", Some(0), Some(17))]
    {
        age_categories.push(wire::AgeCategory {
            id: cfg.guid(),
            service_id: service_id.into(),
            minimal_age: min,
            maximal_age: max,
            names: names(en, cs),
            classification: class.into(),
            is_active: true,
        });
    }
    age_categories
}

/// The public "Best available rate" (default, base) and a "Non-refundable" one 10 % cheaper.
fn rates(cfg: &mut Rng, service_id: &str) -> Table<RateRec> {
    let rate_group = cfg.guid();
    let mut rates = Table::new();
    for (en, cs, discount, default) in
        [("Best available rate", "Nejlepší dostupná cena", 0, true), ("Non-refundable", "Nevratná cena", 10, false)]
    {
        rates.push(RateRec {
            wire: wire::Rate {
                id: cfg.guid(),
                group_id: Some(rate_group.clone()),
                service_id: service_id.into(),
                is_base_rate: default,
                is_active: true,
                is_enabled: true,
                is_public: true,
                is_default: default,
                kind: Some("Public".into()),
                names: names(en, cs),
            },
            discount_percent: discount,
        });
    }
    rates
}
