//! Reservations laid out room by room along the calendar on an occupancy grid, so no room is
//! ever double-booked (a deleted stay frees its nights, which are then sold again). Some stays
//! are GROUPs over neighbouring rooms, a few nights are LOCKs (maintenance). States fit the
//! dates as of now: past stays are checked out, current ones checked in, future ones waiting;
//! about 7 % are deleted (cancelled). Checked-out stays get an invoice about half the time.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use innkeep_providers::mobile_calendar::wire;

use super::people::Person;
use super::Scale;
use crate::mobile_calendar::state::{at_local, local_date, season_factor, McState, CHECK_IN, CHECK_OUT, CURRENCY};
use crate::rng::Rng;

const STAY_LENGTHS: &[(i64, u32)] = &[(1, 10), (2, 26), (3, 20), (4, 14), (5, 9), (6, 5), (7, 12), (10, 2), (14, 2)];
const MEAN_STAY: f64 = 3.9;

const NOTES: &[&str] = &[
    "Przyjazd późnym wieczorem, ok. 22:00.",
    "Prośba o łóżeczko dla dziecka.",
    "Goście z psem (mały, 8 kg).",
    "Bezglutenowe śniadanie dla jednej osoby.",
    "Rocznica ślubu – prosimy o butelkę wina w pokoju.",
    "Parking dla dwóch samochodów.",
    "Arriving by the evening train from Kraków.",
    "Narty w przechowalni – potrzebny klucz do narciarni.",
    "Faktura na firmę – dane w profilu klienta.",
];
const LOCK_NOTES: &[&str] = &["Remont łazienki", "Malowanie pokoju", "Wymiana okna", "Pokój dla rodziny właścicieli"];

/// One stay before it gets ids: one room (SINGLE), several (GROUP) or a LOCK.
struct Stay {
    kind: &'static str,
    rooms: Vec<usize>,
    arrival: NaiveDate,
    departure: NaiveDate,
    person: Option<usize>,
    people: Vec<(u32, u32)>,
    kids_age: Vec<Vec<u32>>,
    registration: &'static str,
    deleted: Option<DateTime<Utc>>,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    source_id: i64,
    meal: &'static str,
    rate: usize,
    payment_status: &'static str,
    payment_type: &'static str,
    notes: Option<&'static str>,
    door_code: Option<String>,
}

/// Days over which the bookings made before the seed's day are spread when their lead says later.
const RECENT_BOOKINGS_DAYS: i64 = 90;

fn between(rng: &mut Rng, lo: DateTime<Utc>, hi: DateTime<Utc>) -> DateTime<Utc> {
    let span = (hi - lo).num_seconds();
    if span <= 0 {
        lo
    } else {
        lo + Duration::seconds(rng.range(0, span))
    }
}

fn target_occupancy(night: NaiveDate, today: NaiveDate) -> f64 {
    let ahead = (night - today).num_days();
    let base = if ahead <= 0 { 0.70 } else { 0.80 - 0.50 * (ahead.min(100) as f64 / 100.0) };
    let weekend = if matches!(night.weekday(), Weekday::Fri | Weekday::Sat) { 0.08 } else { 0.0 };
    let season = if season_factor(night) >= 1.2 { 0.08 } else { 0.0 };
    (base + weekend + season).min(0.95)
}

fn people_for(rng: &mut Rng, kind: &str) -> (u32, u32) {
    *match kind {
        "SINGLE_ROOM" => rng.weighted(&[((1, 0), 1)]),
        "DOUBLE_ROOM" => rng.weighted(&[((2, 0), 60), ((1, 0), 15), ((2, 1), 25)]),
        "TWIN_ROOM" => rng.weighted(&[((2, 0), 80), ((1, 0), 20)]),
        "QUAD_ROOM" => rng.weighted(&[((2, 2), 40), ((2, 1), 20), ((4, 0), 15), ((3, 0), 10), ((2, 0), 15)]),
        _ => rng.weighted(&[((2, 2), 35), ((4, 0), 20), ((3, 2), 10), ((2, 1), 15), ((2, 0), 20)]),
    }
}

struct Grid {
    first: NaiveDate,
    taken: Vec<Vec<bool>>,
}

impl Grid {
    fn free(&self, room: usize, night: NaiveDate) -> bool {
        let i = (night - self.first).num_days();
        i < 0 || !self.taken[room].get(i as usize).copied().unwrap_or(false)
    }

    fn take(&mut self, room: usize, arrival: NaiveDate, departure: NaiveDate) {
        for d in arrival.iter_days().take_while(|d| *d < departure) {
            let i = (d - self.first).num_days() as usize;
            if i >= self.taken[room].len() {
                self.taken[room].resize(i + 1, false);
            }
            self.taken[room][i] = true;
        }
    }

    /// Free nights from `night` on, up to `max`.
    fn run(&self, room: usize, night: NaiveDate, max: i64) -> i64 {
        (0..max).take_while(|k| self.free(room, night + Duration::days(*k))).count() as i64
    }
}

/// Fills the state with clients, reservations and invoices.
pub fn populate(seed: u64, scale: &Scale, state: &mut McState, people: Vec<Person>) {
    let mut rng = Rng::derive(seed, "mobile-calendar/stays");
    let now = state.now();
    let today = local_date(now);
    let cutoff = now - Duration::minutes(1);
    let first = today - Duration::days(i64::from(scale.days_before));
    let last = today + Duration::days(i64::from(scale.days_after));
    let mut grid = Grid { first: first - Duration::days(7), taken: vec![Vec::new(); state.rooms.len()] };
    let regulars = (people.len() * 8 / 100).max(1) as u64;
    let kinds: Vec<String> = state
        .rooms
        .iter()
        .map(|r| {
            let t = r.room_type_id.expect("typed");
            state.room_types.iter().find(|x| x.room_type_id == t).expect("known").kind.clone()
        })
        .collect();
    let mut stays = Vec::new();
    for room in 0..state.rooms.len() {
        let mut night = first - Duration::days(rng.range(0, 6));
        while night <= last {
            if !grid.free(room, night) {
                night += Duration::days(1);
                continue;
            }
            let occ = target_occupancy(night, today);
            let start_prob = 1.0 / (1.0 + MEAN_STAY * (1.0 - occ) / occ);
            if rng.unit() >= start_prob {
                night += Duration::days(1);
                continue;
            }
            if rng.percent(2) {
                let nights = grid.run(room, night, rng.range(1, 4));
                let departure = night + Duration::days(nights);
                let created = between(
                    &mut rng,
                    at_local(night - Duration::days(30), 9, 0),
                    at_local(night - Duration::days(1), 18, 0),
                )
                .min(cutoff);
                grid.take(room, night, departure);
                stays.push(Stay {
                    kind: wire::LOCK,
                    rooms: vec![room],
                    arrival: night,
                    departure,
                    person: None,
                    people: vec![(0, 0)],
                    kids_age: vec![Vec::new()],
                    registration: wire::REG_NONE,
                    deleted: None,
                    created,
                    updated: created,
                    source_id: 0,
                    meal: "OV",
                    rate: 0,
                    payment_status: "NO_PAYMENT",
                    payment_type: "NONE",
                    notes: Some(*rng.pick(LOCK_NOTES)),
                    door_code: None,
                });
                night = departure;
                continue;
            }
            let nights = grid.run(room, night, *rng.weighted(STAY_LENGTHS));
            let departure = night + Duration::days(nights);
            let mut rooms = vec![room];
            if rng.percent(5) {
                let wanted = if rng.percent(35) { 2 } else { 1 };
                for other in room + 1..state.rooms.len() {
                    if rooms.len() > wanted {
                        break;
                    }
                    if grid.run(other, night, nights) == nights {
                        rooms.push(other);
                    }
                }
            }
            let person = if rng.percent(25) { rng.below(regulars) } else { rng.below(people.len() as u64) } as usize;
            let stay = stay(&mut rng, &kinds, rooms, night, departure, person, now, today);
            if stay.deleted.is_none() {
                for &r in &stay.rooms {
                    grid.take(r, night, departure);
                }
                night = departure;
            }
            stays.push(stay);
        }
    }
    stays.sort_by_key(|s| s.created);
    let client_ids = add_clients(&mut rng, state, people, &stays, now);
    add_reservations(state, &stays, &client_ids);
    add_invoices(&mut rng, state);
    set_housekeeping(&mut rng, state, today);
}

#[allow(clippy::too_many_arguments)]
fn stay(
    rng: &mut Rng,
    kinds: &[String],
    rooms: Vec<usize>,
    arrival: NaiveDate,
    departure: NaiveDate,
    person: usize,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Stay {
    let cutoff = now - Duration::minutes(1);
    let source_id = *rng.weighted(&[(0, 30), (1, 38), (2, 10), (3, 8), (4, 6), (5, 8)]);
    let lead = if source_id == 0 && rng.percent(30) { rng.range(0, 2) } else { (rng.unit().powi(2) * 120.0) as i64 };
    let mut created = at_local(arrival - Duration::days(lead), rng.range(7, 22) as u32, rng.range(0, 59) as u32);
    // A booking its lead would date after now was made some time in the last three months: the
    // large hotel has tens of thousands of those, and squeezed into the last two days they made
    // a hotel that edits a booking every few seconds, so that every incremental read's overlap
    // of a few minutes met dozens of edits nobody made since the last sync.
    if created > cutoff - Duration::hours(1) {
        created = cutoff - Duration::hours(1) - Duration::seconds(rng.range(0, RECENT_BOOKINGS_DAYS * 86_400));
    }
    let people: Vec<(u32, u32)> = rooms.iter().map(|&r| people_for(rng, &kinds[r])).collect();
    let kids_age = people.iter().map(|(_, c)| (0..*c).map(|_| rng.range(2, 14) as u32).collect()).collect();
    let check_in = at_local(arrival, rng.range(15, 21) as u32, rng.range(0, 59) as u32);
    let check_out = at_local(departure, rng.range(8, 10) as u32, rng.range(0, 59) as u32);
    let mut deleted = None;
    let (mut checked_in, mut checked_out) = (None, None);
    let registration = if rng.percent(7) {
        deleted = Some(between(rng, created + Duration::minutes(1), cutoff.min(at_local(arrival, 12, 0))).min(cutoff));
        wire::REG_NONE
    } else if departure < today || (departure == today && check_out <= cutoff) {
        checked_in = Some(check_in);
        checked_out = Some(check_out);
        wire::REG_CHECKED_OUT
    } else if arrival < today || (arrival == today && check_in <= cutoff) {
        checked_in = Some(check_in);
        wire::REG_CHECKED_IN
    } else {
        wire::REG_NONE
    };
    let payment_status = match registration {
        wire::REG_CHECKED_OUT => "PAID_ALL",
        wire::REG_CHECKED_IN => *rng.weighted(&[("PAID_ALL", 50), ("PREPAYMENT_PAID", 40), ("NO_PAYMENT", 10)]),
        _ => *rng.weighted(&[("NO_PAYMENT", 55), ("PREPAYMENT_PAID", 35), ("PAID_ALL", 10)]),
    };
    let payment_type = match (payment_status, source_id) {
        ("NO_PAYMENT", _) => "NONE",
        (_, 1) => *rng.weighted(&[("VIRTUAL_CARD_PAYMENT", 60), ("CREDIT_CARD_PAYMENT", 40)]),
        (_, 2) => "ONLINE_PAYMENT",
        _ => *rng.weighted(&[("BANK_TRANSFER_PAYMENT", 50), ("CASH_PAYMENT", 30), ("CREDIT_CARD_PAYMENT", 20)]),
    };
    let mut updated = [Some(created), checked_in, checked_out, deleted].into_iter().flatten().max().expect("created");
    if registration == wire::REG_NONE && deleted.is_none() && rng.percent(30) {
        updated = between(rng, created, cutoff);
    }
    let meal = *rng.weighted(&[("BB", 55), ("OV", 35), ("HB", 10)]);
    Stay {
        kind: if rooms.len() > 1 { wire::GROUP } else { wire::SINGLE },
        rooms,
        arrival,
        departure,
        person: Some(person),
        people,
        kids_age,
        registration,
        deleted,
        created,
        updated: updated.min(cutoff),
        source_id,
        meal,
        rate: usize::from(rng.percent(20)),
        payment_status,
        payment_type,
        notes: rng.percent(12).then(|| *rng.pick(NOTES)),
        door_code: rng.percent(25).then(|| format!("{:04}", rng.below(10_000))),
    }
}

/// Turns the people who booked (and the rest) into clients, in the order they were added;
/// returns the client id of each person.
fn add_clients(
    rng: &mut Rng,
    state: &mut McState,
    people: Vec<Person>,
    stays: &[Stay],
    now: DateTime<Utc>,
) -> Vec<i64> {
    let mut first_booking: HashMap<usize, DateTime<Utc>> = HashMap::new();
    let mut last_booking: HashMap<usize, DateTime<Utc>> = HashMap::new();
    let mut bookings: HashMap<usize, u32> = HashMap::new();
    for s in stays {
        if let Some(p) = s.person {
            first_booking.entry(p).or_insert(s.created);
            last_booking.insert(p, s.created);
            *bookings.entry(p).or_default() += 1;
        }
    }
    let mut order: Vec<(DateTime<Utc>, usize)> = (0..people.len())
        .map(|p| {
            let added = match first_booking.get(&p) {
                Some(t) => *t - Duration::seconds(rng.range(30, 900)),
                None => now - Duration::days(rng.range(2, 700)) - Duration::seconds(rng.range(0, 86_000)),
            };
            (added, p)
        })
        .collect();
    order.sort();
    let mut ids = vec![0; people.len()];
    let mut people: Vec<Option<Person>> = people.into_iter().map(Some).collect();
    for (added, p) in order {
        let id = state.next_client_id;
        state.next_client_id += 1;
        ids[p] = id;
        let n = bookings.get(&p).copied().unwrap_or(0);
        let (kind, comments) = if n >= 3 {
            ("REGULAR", Some("Stały gość – lubi pokoje z widokiem na Giewont.".to_owned()))
        } else if rng.below(150) == 0 {
            ("UNWANTED", Some("Zniszczone wyposażenie pokoju przy poprzednim pobycie.".to_owned()))
        } else {
            ("NONE", None)
        };
        let mut client = people[p].take().expect("each person once").into_client(id, kind, comments, added);
        if rng.percent(20) {
            let last = last_booking.get(&p).copied().unwrap_or(added).max(added);
            client.edit_date = Some(between(rng, last, now - Duration::minutes(2)));
        }
        state.insert_client(client);
    }
    ids
}

fn add_reservations(state: &mut McState, stays: &[Stay], client_ids: &[i64]) {
    for s in stays {
        let group_id = (s.kind == wire::GROUP).then(|| {
            state.next_group_id += 1;
            state.next_group_id - 1
        });
        for (k, &room) in s.rooms.iter().enumerate() {
            let room = state.rooms[room].clone();
            let rate = state.rates[s.rate].clone();
            let (adults, children) = s.people[k];
            let (price_room, price_meal) = if s.kind == wire::LOCK {
                (None, None)
            } else {
                let nights = (s.departure - s.arrival).num_days() as f64;
                let room_price = state.stay_price(&room, &rate, s.arrival, s.departure, adults + children);
                let per_person = match s.meal {
                    "BB" => 40.0,
                    "HB" => 85.0,
                    _ => 0.0,
                };
                (Some(room_price), Some(per_person * f64::from(adults + children) * nights))
            };
            let price = price_room.zip(price_meal).map(|(a, b)| a + b);
            let prepayment =
                (s.payment_status == "PREPAYMENT_PAID").then(|| price.map(|p| (p * 0.3).round())).flatten();
            let id = state.next_reservation_id;
            state.next_reservation_id += 1;
            let number = (s.kind != wire::LOCK).then(|| {
                state.next_reservation_no += 1;
                state.next_reservation_no - 1
            });
            let r = wire::Reservation {
                kind: s.kind.into(),
                reservation_id: id,
                reservation_no: number,
                group_id,
                employee_id: (s.source_id == 0).then_some(1 + (id % 2)),
                source_id: Some(s.source_id),
                client_id: s.person.map(|p| client_ids[p]),
                room_id: room.room_id,
                arrival: s.arrival,
                departure: s.departure,
                check_in: Some(CHECK_IN.into()),
                check_out: Some(CHECK_OUT.into()),
                adults: Some(adults),
                children: Some(children),
                kids_age: Some(s.kids_age[k].clone()),
                registration: Some(s.registration.into()),
                door_code: s.door_code.clone(),
                prepayment,
                prepayment_deadline: prepayment.map(|_| local_date(s.created) + Duration::days(5)),
                payment_status: Some(s.payment_status.into()),
                payment_type: Some(s.payment_type.into()),
                currency: Some(CURRENCY.into()),
                meal: Some(s.meal.into()),
                adults_portion: Some(if s.meal == "OV" { 0 } else { adults }),
                children_portion: Some(if s.meal == "OV" { 0 } else { children }),
                additional_services: Some(Vec::new()),
                color: Some(source_color(s.source_id).into()),
                price,
                price_per_room: price_room,
                price_per_meal: price_meal,
                discount: None,
                discount_type: None,
                rate_id: (s.kind != wire::LOCK).then_some(rate.wire.rate_id),
                additional_info: s.notes.map(Into::into),
                add_date: Some(s.created),
                edit_date: Some(s.updated),
                is_deleted: Some(u8::from(s.deleted.is_some())),
                delete_date: s.deleted,
            };
            state.insert_reservation(r);
        }
    }
}

pub fn source_color(source_id: i64) -> &'static str {
    match source_id {
        1 => "#003580",
        2 => "#ff5a5f",
        3 => "#f5a623",
        4 => "#7cb342",
        5 => "#8e24aa",
        _ => "#56bbff",
    }
}

/// VAT invoices for about half of the finished stays (one per group), numbered per month.
fn add_invoices(rng: &mut Rng, state: &mut McState) {
    let mut done_groups = std::collections::HashSet::new();
    let mut picked = Vec::new();
    for r in &state.reservations {
        if r.registration.as_deref() != Some(wire::REG_CHECKED_OUT) || r.deleted() {
            continue;
        }
        if let Some(g) = r.group_id {
            if !done_groups.insert(g) {
                continue;
            }
        }
        if rng.percent(55) {
            let issued = at_local(r.departure, rng.range(8, 11) as u32, rng.range(0, 59) as u32);
            picked.push((issued, r.reservation_id));
        }
    }
    picked.sort();
    let p = state.property.clone();
    let mut per_month: HashMap<(i32, u32), i64> = HashMap::new();
    for (k, (issued, rid)) in picked.into_iter().enumerate() {
        let r = state.reservation(rid).expect("picked from the list").clone();
        let members: Vec<wire::Reservation> = match r.group_id {
            Some(g) => state.reservations.iter().filter(|x| x.group_id == Some(g) && !x.deleted()).cloned().collect(),
            None => vec![r.clone()],
        };
        let client = r.client_id.and_then(|c| state.client(c)).cloned();
        let day = local_date(issued);
        let no = per_month.entry((day.year(), day.month())).or_insert(0);
        *no += 1;
        let invoice_id = 9301 + k as i64;
        let nights = (r.departure - r.arrival).num_days() as f64;
        let mut items = Vec::new();
        let mut push = |name: String, price: f64, quantity: f64, unit: &str, vat: &str| {
            items.push(wire::InvoiceItem {
                invoice_id,
                position_id: items.len() as i64 + 1,
                user_id: Some(1),
                status: 1,
                name,
                gross_unit_price: (price * 100.0).round() / 100.0,
                quantity,
                unit: Some(unit.into()),
                rate: vat.into(),
                symbol: Some("55.10.Z".into()),
            });
        };
        let mut guests = 0;
        for m in &members {
            let room = state.room(m.room_id).map(|x| x.name.clone()).unwrap_or_default();
            push(format!("Usługa noclegowa – {room}"), m.price_per_room.unwrap_or(0.0) / nights, nights, "doba", "8");
            if m.price_per_meal.unwrap_or(0.0) > 0.0 {
                push("Wyżywienie".into(), m.price_per_meal.unwrap_or(0.0) / nights, nights, "doba", "8");
            }
            guests += m.adults.unwrap_or(0) + m.children.unwrap_or(0);
        }
        push("Opłata miejscowa".into(), 3.5, f64::from(guests) * nights, "os./doba", "zw");
        let buyer =
            client.as_ref().map(|c| wire::Party {
                company_name: Some(c.company_name.clone().unwrap_or_else(|| {
                    format!("{} {}", c.forename.clone().unwrap_or_default(), c.name).trim().to_owned()
                })),
                address: c.address.clone(),
                tax_id: c.tax_id.clone(),
                bank_no: None,
            });
        state.invoices.push(wire::Invoice {
            invoice_id,
            invoice_no: *no,
            invoice_full_no: format!("{}/{:02}/{}", no, day.month(), day.year()),
            format: Some("NR/MM/RRRR".into()),
            extra_char: None,
            invoice_type: 1,
            buyer,
            seller: Some(wire::Party {
                company_name: Some(p.company.into()),
                address: Some(p.address.into()),
                tax_id: Some(p.tax_id.into()),
                bank_no: Some(p.bank_no.into()),
            }),
            receiver: None,
            invoice_items: items,
            payment_type: Some(match r.payment_type.as_deref() {
                Some("CASH_PAYMENT") => 1,
                Some("BANK_TRANSFER_PAYMENT") => 2,
                Some("CREDIT_CARD_PAYMENT") => 3,
                Some("VIRTUAL_CARD_PAYMENT") => 4,
                Some("ONLINE_PAYMENT") => 5,
                _ => 0,
            }),
            payment_status: Some(2),
            issue_date: day,
            sale_date: Some(r.departure),
            payment_date: Some(day),
            town: Some(p.town.into()),
            currency: CURRENCY.into(),
            additional_info: None,
            person_collect: None,
            person_issue: Some(p.person.into()),
            client_id: r.client_id,
            reservation_id: Some(r.reservation_id),
            add_date: Some(issued),
            edit_date: Some(issued),
        });
    }
}

/// Rooms with a guest in them are often dirty, rooms left this morning are dirty, the rest clean.
fn set_housekeeping(rng: &mut Rng, state: &mut McState, today: NaiveDate) {
    for i in 0..state.rooms.len() {
        let id = state.rooms[i].room_id;
        let bookings = state.room_bookings.get(&id).cloned().unwrap_or_default();
        let (mut occupied, mut left_today) = (false, false);
        for b in bookings {
            let r = &state.reservations[b];
            occupied |= !r.deleted() && r.registration.as_deref() == Some(wire::REG_CHECKED_IN);
            left_today |=
                !r.deleted() && r.registration.as_deref() == Some(wire::REG_CHECKED_OUT) && r.departure == today;
        }
        let service = if left_today || (occupied && rng.percent(50)) {
            "DIRTY"
        } else if rng.percent(8) {
            "WHILE_CLEANING"
        } else {
            "CLEAN"
        };
        state.rooms[i].service = Some(service.into());
    }
}
