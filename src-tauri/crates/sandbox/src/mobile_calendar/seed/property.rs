//! The property: "Willa Pod Giewontem", a wooden guesthouse in Zakopane, its room types, rooms,
//! rate plans and booking sources.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use innkeep_providers::mobile_calendar::wire;

use super::Scale;
use crate::clock::Clock;
use crate::mobile_calendar::state::{McState, Property, RateRec};
use crate::rng::Rng;

pub const PROPERTY: Property = Property {
    company: "Willa Pod Giewontem Anna Gąsienica-Sobczak",
    address: "ul. Kościeliska 18, 34-500 Zakopane",
    town: "Zakopane",
    tax_id: "7361827450",
    bank_no: "PL61 1090 1014 0000 0712 1981 2874",
    person: "Anna Gąsienica-Sobczak",
};

/// Room type: id, vendor kind, Polish and English names, adults, children, people, beds
/// (single, double, extra), m², list price of a night (PLN), equipment.
struct TypeDef {
    id: i64,
    kind: &'static str,
    pl: &'static str,
    en: &'static str,
    adults: u32,
    children: u32,
    people: u32,
    beds: (u32, u32, u32),
    square: u32,
    price: f64,
    equipment: &'static [&'static str],
}

const TYPES: &[TypeDef] = &[
    TypeDef {
        id: 4101,
        kind: "SINGLE_ROOM",
        pl: "Pokój jednoosobowy",
        en: "Single room",
        adults: 1,
        children: 0,
        people: 1,
        beds: (1, 0, 0),
        square: 12,
        price: 190.0,
        equipment: &["bathroom", "television"],
    },
    TypeDef {
        id: 4102,
        kind: "DOUBLE_ROOM",
        pl: "Pokój dwuosobowy z łożem małżeńskim",
        en: "Double room",
        adults: 2,
        children: 1,
        people: 3,
        beds: (0, 1, 1),
        square: 18,
        price: 290.0,
        equipment: &["bathroom", "television", "balcony"],
    },
    TypeDef {
        id: 4103,
        kind: "TWIN_ROOM",
        pl: "Pokój dwuosobowy z oddzielnymi łóżkami",
        en: "Twin room",
        adults: 2,
        children: 0,
        people: 2,
        beds: (2, 0, 0),
        square: 17,
        price: 280.0,
        equipment: &["bathroom", "television"],
    },
    TypeDef {
        id: 4104,
        kind: "QUAD_ROOM",
        pl: "Pokój rodzinny czteroosobowy",
        en: "Family room for four",
        adults: 4,
        children: 2,
        people: 4,
        beds: (2, 1, 0),
        square: 28,
        price: 420.0,
        equipment: &["bathroom", "television", "balcony", "refrigerator"],
    },
    TypeDef {
        id: 4105,
        kind: "APARTMENT",
        pl: "Apartament z kominkiem i widokiem na Giewont",
        en: "Apartment with a fireplace and a view of Giewont",
        adults: 4,
        children: 2,
        people: 5,
        beds: (1, 2, 0),
        square: 42,
        price: 560.0,
        equipment: &["bathroom", "television", "balcony", "kitchenette", "coffee_machine", "washing_machine"],
    },
];

/// Room types along a floor (repeating): mostly doubles, some twins and family rooms, a single,
/// an apartment.
const FLOOR_PATTERN: &[i64] = &[4102, 4102, 4103, 4104, 4101, 4102, 4105, 4103, 4102, 4104];

const COLORS: &[&str] = &["#56bbff", "#8bc34a", "#ffb74d", "#ba68c8", "#4db6ac", "#e57373"];

fn text(pl: &str, en: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("default".to_owned(), pl.to_owned()),
        ("pl".to_owned(), pl.to_owned()),
        ("en".to_owned(), en.to_owned()),
    ])
}

/// How many rooms a scale means here: a guesthouse of 18 for the demo scale (30), else as many
/// as the scale says (300 for `large`).
pub fn room_count(scale: &Scale) -> (u32, u32) {
    let per_floor = if scale.floors * scale.rooms_per_floor <= 30 {
        (scale.rooms_per_floor * 6 / 10).max(2)
    } else {
        scale.rooms_per_floor
    };
    (scale.floors, per_floor)
}

pub fn build(seed: u64, scale: &Scale, mut clock: Clock) -> McState {
    let now = clock.now();
    let opened: DateTime<Utc> = now - Duration::days(3 * 365);
    let mut rng = Rng::derive(seed, "mobile-calendar/property");
    let room_types = TYPES
        .iter()
        .map(|t| wire::RoomType {
            room_type_id: t.id,
            kind: t.kind.into(),
            description: text(t.pl, t.en),
            single_bed: Some(t.beds.0),
            double_bed: Some(t.beds.1),
            extra_bed: Some(t.beds.2),
            square: Some(t.square),
            max_adults: Some(t.adults),
            max_children: Some(t.children),
            max_people: Some(t.people),
            equipment: t.equipment.iter().map(|e| (*e).into()).collect(),
        })
        .collect();
    let type_prices = TYPES.iter().map(|t| (t.id, t.price)).collect::<HashMap<_, _>>();
    let (floors, per_floor) = room_count(scale);
    let mut rooms = Vec::new();
    let mut room_id = 28561;
    for floor in 1..=floors {
        for n in 1..=per_floor {
            let type_id = FLOOR_PATTERN[((floor - 1) * per_floor + n - 1) as usize % FLOOR_PATTERN.len()];
            let t = TYPES.iter().find(|t| t.id == type_id).expect("pattern uses known types");
            let number = floor * 100 + n;
            let name = if t.kind == "APARTMENT" { format!("Apartament {number}") } else { format!("Pokój {number}") };
            let added = opened + Duration::minutes(rng.range(0, 600));
            rooms.push(wire::Room {
                room_id,
                name,
                persons: t.adults,
                max_adults: Some(t.adults),
                max_children: Some(t.children),
                room_type: Some("ROOM".into()),
                room_type_id: Some(t.id),
                single_bed: Some(t.beds.0),
                double_bed: Some(t.beds.1),
                extra_bed: Some(t.beds.2),
                service: Some("CLEAN".into()),
                service_info: None,
                info: (floor == floors && n == 1).then(|| "Poddasze, skośny sufit".into()),
                color: Some((*rng.pick(COLORS)).into()),
                square: Some(t.square.to_string()),
                square_type: Some("m2".into()),
                description: text(
                    &format!("{} na {}. piętrze", t.pl, floor - 1),
                    &format!("{}, floor {}", t.en, floor - 1),
                ),
                equipment: t.equipment.iter().map(|e| (*e).into()).collect(),
                share_in_offer: Some(1),
                location_id: None,
                add_date: Some(added),
                edit_date: Some(added + Duration::days(rng.range(0, 400))),
            });
            room_id += 1;
        }
    }
    let rates = vec![
        RateRec {
            wire: wire::Rate {
                rate_id: 12011,
                name: "Cena standardowa".into(),
                cancellation_id: Some(1),
                meals: Some(0),
                parent_rate_id: None,
                rate_relation: None,
            },
            factor: 1.0,
        },
        RateRec {
            wire: wire::Rate {
                rate_id: 12012,
                name: "Bezzwrotna".into(),
                cancellation_id: Some(2),
                meals: Some(0),
                parent_rate_id: Some(12011),
                rate_relation: Some("-10%".into()),
            },
            factor: 0.9,
        },
    ];
    let sources = [
        (1, "booking.com", 0),
        (2, "airbnb.com", 0),
        (3, "nocowanie.pl", 0),
        (4, "e-turysta.pl", 0),
        (5, "Strona www", 1),
    ]
    .into_iter()
    .map(|(source_id, name, is_custom)| wire::Source { source_id, name: name.into(), is_custom })
    .collect();
    McState {
        clock,
        rng: Rng::derive(seed, "mobile-calendar/runtime"),
        property: PROPERTY,
        room_types,
        type_prices,
        rooms,
        rates,
        sources,
        clients: Vec::new(),
        client_index: HashMap::new(),
        reservations: Vec::new(),
        reservation_index: HashMap::new(),
        room_bookings: HashMap::new(),
        invoices: Vec::new(),
        tokens: HashMap::new(),
        handed_out: Vec::new(),
        next_reservation_id: 478001,
        next_reservation_no: 1,
        next_group_id: 52001,
        next_client_id: 362001,
        issued_tokens: 0,
    }
}
