//! Mobile Calendar records -> Innkeep records.
//!
//! * A SINGLE reservation is one record with provider id `"<reservationId>"`.
//! * A GROUP (the reservations sharing a `groupId`, one per room) is ONE record with provider id
//!   `"group:<groupId>"`: the room of its first reservation (lowest id) is `room_provider_id`,
//!   the others `additional_room_provider_ids`; people and prices are summed. Only members that
//!   are not deleted count while any is live; when all are deleted the group is cancelled.
//! * LOCKs (blocked rooms, no guest) are not reservations: they are skipped.
//! * State: deleted → Cancelled; `registration` CHECKED_OUT → CheckedOut, CHECKED_IN →
//!   CheckedIn, NONE → Confirmed (Mobile Calendar has no confirmation step). `provider_state` is
//!   the registration word, or `DELETED`.

use std::collections::BTreeMap;

use innkeep_core::records::{CategoryRecord, GuestRecord, RawJson, ReservationRecord, RoomRecord};
use innkeep_core::{Money, ReservationState};
use serde::{Deserialize, Serialize};

use super::wire;

pub const GROUP_PREFIX: &str = "group:";
pub const DELETED: &str = "DELETED";

/// What Innkeep keeps about a Mobile Calendar account (the catalog's `config`). The API has no
/// property endpoint: the name and currency come from the newest invoice, the time zone is the
/// vendor's (Poland) unless set here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct McConfig {
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// The rate new bookings and quotes use (the first base rate).
    #[serde(default)]
    pub rate_id: Option<i64>,
    #[serde(default)]
    pub property_name: Option<String>,
    /// A higher limit agreed with Mobile Calendar; 60 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_per_minute: Option<u32>,
}

fn default_time_zone() -> String {
    "Europe/Warsaw".into()
}

fn default_currency() -> String {
    "PLN".into()
}

impl Default for McConfig {
    fn default() -> Self {
        McConfig {
            time_zone: default_time_zone(),
            currency: default_currency(),
            rate_id: None,
            property_name: None,
            requests_per_minute: None,
        }
    }
}

/// The room catalog a mapping needs: room id -> room type id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rooms {
    pub room_type: BTreeMap<i64, Option<i64>>,
}

impl Rooms {
    pub fn from_wire(rooms: &[wire::Room]) -> Self {
        Rooms { room_type: rooms.iter().map(|r| (r.room_id, r.room_type_id)).collect() }
    }

    pub fn category(&self, room_id: i64) -> Option<String> {
        self.room_type.get(&room_id).copied().flatten().map(|t| t.to_string())
    }
}

fn blank(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The text of a localized description: the property's own (`default`), else any.
pub fn text(d: &BTreeMap<String, String>) -> Option<String> {
    d.get("default").or_else(|| d.values().next()).cloned()
}

pub fn category(t: &wire::RoomType, ordering: i32) -> CategoryRecord {
    CategoryRecord {
        provider_id: t.room_type_id.to_string(),
        name: text(&t.description).unwrap_or_else(|| t.kind.replace('_', " ").to_lowercase()),
        capacity: t.max_people.or(t.max_adults).unwrap_or(1),
        ordering,
    }
}

pub fn room(r: &wire::Room) -> RoomRecord {
    RoomRecord {
        provider_id: r.room_id.to_string(),
        name: r.name.clone(),
        category_provider_id: r.room_type_id.map(|t| t.to_string()),
        floor: None,
        state: r.service.clone(),
        is_active: true,
    }
}

/// ISO 3166-1 numeric -> alpha-2, for the countries a Polish property sees most (the API's
/// `countryId` is read as the numeric code; others are left empty rather than guessed).
pub fn country(id: i64) -> Option<&'static str> {
    Some(match id {
        616 => "PL",
        276 => "DE",
        203 => "CZ",
        703 => "SK",
        804 => "UA",
        440 => "LT",
        428 => "LV",
        233 => "EE",
        112 => "BY",
        348 => "HU",
        40 => "AT",
        826 => "GB",
        372 => "IE",
        528 => "NL",
        56 => "BE",
        250 => "FR",
        380 => "IT",
        724 => "ES",
        752 => "SE",
        578 => "NO",
        208 => "DK",
        246 => "FI",
        840 => "US",
        124 => "CA",
        376 => "IL",
        _ => return None,
    })
}

pub fn guest(c: &wire::Client) -> GuestRecord {
    GuestRecord {
        provider_id: c.client_id.to_string(),
        first_name: blank(&c.forename),
        last_name: c.name.clone(),
        email: blank(&c.email),
        phone: blank(&c.phone),
        nationality: c.country_id.and_then(country).map(str::to_string),
        updated_at: c.edit_date,
        raw: RawJson::of(c),
    }
}

/// Innkeep's state and the provider's word for one reservation.
pub fn state(r: &wire::Reservation) -> (ReservationState, String) {
    if r.deleted() {
        return (ReservationState::Cancelled, DELETED.into());
    }
    let word = r.registration.clone().unwrap_or_else(|| wire::REG_NONE.into());
    let state = match word.as_str() {
        wire::REG_CHECKED_OUT => ReservationState::CheckedOut,
        wire::REG_CHECKED_IN => ReservationState::CheckedIn,
        _ => ReservationState::Confirmed,
    };
    (state, word)
}

fn money(r: &wire::Reservation, config: &McConfig) -> Option<Money> {
    r.price.map(|p| Money::from_decimal(p, r.currency.as_deref().unwrap_or(&config.currency)))
}

pub fn single(r: &wire::Reservation, rooms: &Rooms, config: &McConfig) -> ReservationRecord {
    let (state, provider_state) = state(r);
    ReservationRecord {
        provider_id: r.reservation_id.to_string(),
        number: r.reservation_no.map(|n| n.to_string()),
        state,
        provider_state,
        arrival: r.arrival,
        departure: r.departure,
        guest_provider_id: r.client_id.map(|c| c.to_string()),
        room_provider_id: Some(r.room_id.to_string()),
        additional_room_provider_ids: Vec::new(),
        category_provider_id: rooms.category(r.room_id),
        adults: r.adults.unwrap_or(0),
        children: r.children.unwrap_or(0),
        total: money(r, config),
        notes: blank(&r.additional_info),
        created_at: r.add_date,
        updated_at: r.edit_date,
        raw: RawJson::of(r),
    }
}

/// One record for the reservations of a group (all of them, deleted ones included).
pub fn group(
    group_id: i64,
    members: &[wire::Reservation],
    rooms: &Rooms,
    config: &McConfig,
) -> Option<ReservationRecord> {
    let mut all: Vec<&wire::Reservation> = members.iter().filter(|m| m.group_id == Some(group_id)).collect();
    all.sort_by_key(|m| m.reservation_id);
    all.dedup_by_key(|m| m.reservation_id);
    let live: Vec<&wire::Reservation> = all.iter().copied().filter(|m| !m.deleted()).collect();
    let counted = if live.is_empty() { all.clone() } else { live.clone() };
    let first = *counted.first()?;
    let regs: Vec<&str> = live.iter().map(|m| m.registration.as_deref().unwrap_or(wire::REG_NONE)).collect();
    let (state, provider_state) = if live.is_empty() {
        (ReservationState::Cancelled, DELETED)
    } else if regs.iter().all(|r| *r == wire::REG_CHECKED_OUT) {
        (ReservationState::CheckedOut, wire::REG_CHECKED_OUT)
    } else if regs.iter().any(|r| *r == wire::REG_CHECKED_IN || *r == wire::REG_CHECKED_OUT) {
        (ReservationState::CheckedIn, wire::REG_CHECKED_IN)
    } else {
        (ReservationState::Confirmed, wire::REG_NONE)
    };
    let total = counted.iter().map(|m| money(m, config)).try_fold(0i64, |sum, m| m.map(|m| sum + m.amount_minor)).map(
        |amount_minor| Money {
            amount_minor,
            currency: first.currency.clone().unwrap_or_else(|| config.currency.clone()),
        },
    );
    Some(ReservationRecord {
        provider_id: format!("{GROUP_PREFIX}{group_id}"),
        number: first.reservation_no.map(|n| n.to_string()),
        state,
        provider_state: provider_state.into(),
        arrival: counted.iter().map(|m| m.arrival).min()?,
        departure: counted.iter().map(|m| m.departure).max()?,
        guest_provider_id: first.client_id.map(|c| c.to_string()),
        room_provider_id: Some(first.room_id.to_string()),
        additional_room_provider_ids: counted[1..].iter().map(|m| m.room_id.to_string()).collect(),
        category_provider_id: rooms.category(first.room_id),
        adults: counted.iter().map(|m| m.adults.unwrap_or(0)).sum(),
        children: counted.iter().map(|m| m.children.unwrap_or(0)).sum(),
        total,
        notes: blank(&first.additional_info),
        created_at: all.iter().filter_map(|m| m.add_date).min(),
        updated_at: all.iter().filter_map(|m| m.edit_date).max(),
        raw: serde_json::json!({
            "type": wire::GROUP,
            "groupId": group_id,
            "reservations": all,
        })
        .into(),
    })
}

/// Records for a set of reservations: SINGLEs one by one, each group once (from all its
/// members in `reservations`), LOCKs skipped. Order: by the first reservation id.
pub fn records(reservations: &[wire::Reservation], rooms: &Rooms, config: &McConfig) -> Vec<ReservationRecord> {
    let mut out = Vec::new();
    let mut seen_groups = std::collections::BTreeSet::new();
    let mut sorted: Vec<&wire::Reservation> = reservations.iter().collect();
    sorted.sort_by_key(|r| r.reservation_id);
    for r in sorted {
        if r.kind == wire::LOCK {
            continue;
        }
        match r.group_id {
            Some(g) if r.kind == wire::GROUP => {
                if seen_groups.insert(g) {
                    out.extend(group(g, reservations, rooms, config));
                }
            }
            _ => out.push(single(r, rooms, config)),
        }
    }
    out
}

/// What a provider id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id {
    Single(i64),
    Group(i64),
}

pub fn parse_id(provider_id: &str) -> Option<Id> {
    match provider_id.strip_prefix(GROUP_PREFIX) {
        Some(g) => g.parse().ok().map(Id::Group),
        None => provider_id.parse().ok().map(Id::Single),
    }
}

/// The member reservation ids a group record was made of (from its `raw`).
pub fn group_member_ids(raw: &serde_json::Value) -> Vec<i64> {
    raw.get("reservations")
        .and_then(|r| r.as_array())
        .map(|a| a.iter().filter_map(|m| m.get("reservationId").and_then(|i| i.as_i64())).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reservation(id: i64, group: Option<i64>, room: i64, reg: &str, deleted: bool) -> wire::Reservation {
        let mut r: wire::Reservation = serde_json::from_value(serde_json::json!({
            "type": if group.is_some() { "GROUP" } else { "SINGLE" },
            "reservationId": id, "reservationNo": id - 1000, "groupId": group, "clientId": 7, "roomId": room,
            "arrival": "2026-03-12", "departure": "2026-03-15", "adults": 2, "children": 1,
            "registration": reg, "currency": "PLN", "price": 300.5, "additionalInfo": "note",
            "addDate": "2026-03-01T10:00:00Z", "editDate": "2026-03-02T10:00:00Z"
        }))
        .unwrap();
        r.is_deleted = Some(u8::from(deleted));
        r
    }

    fn rooms() -> Rooms {
        Rooms { room_type: BTreeMap::from([(1, Some(10)), (2, Some(10)), (3, Some(11))]) }
    }

    #[test]
    fn a_group_is_one_record_with_its_rooms() {
        let c = McConfig::default();
        let rs = vec![
            reservation(1002, Some(5), 2, "NONE", false),
            reservation(1001, Some(5), 1, "NONE", false),
            reservation(1003, None, 3, "CHECKED_IN", false),
        ];
        let out = records(&rs, &rooms(), &c);
        assert_eq!(out.len(), 2);
        let g = &out[0];
        assert_eq!(g.provider_id, "group:5");
        assert_eq!(g.room_provider_id.as_deref(), Some("1"));
        assert_eq!(g.additional_room_provider_ids, vec!["2"]);
        assert_eq!((g.adults, g.children), (4, 2));
        assert_eq!(g.total, Some(Money { amount_minor: 60100, currency: "PLN".into() }));
        assert_eq!(g.state, ReservationState::Confirmed);
        assert_eq!(g.number.as_deref(), Some("1"));
        assert_eq!(group_member_ids(&g.raw.value()), vec![1001, 1002]);
        assert_eq!(parse_id(&g.provider_id), Some(Id::Group(5)));
        let s = &out[1];
        assert_eq!(s.provider_id, "1003");
        assert_eq!(s.state, ReservationState::CheckedIn);
        assert_eq!(s.category_provider_id.as_deref(), Some("11"));
        assert_eq!(parse_id("1003"), Some(Id::Single(1003)));
    }

    #[test]
    fn deleted_members_drop_out_until_all_are_deleted() {
        let c = McConfig::default();
        let partly = [reservation(1001, Some(5), 1, "NONE", true), reservation(1002, Some(5), 2, "NONE", false)];
        let g = group(5, &partly, &rooms(), &c).unwrap();
        assert_eq!(g.room_provider_id.as_deref(), Some("2"));
        assert!(g.additional_room_provider_ids.is_empty());
        assert_eq!(g.state, ReservationState::Confirmed);
        let gone = [reservation(1001, Some(5), 1, "NONE", true), reservation(1002, Some(5), 2, "NONE", true)];
        let g = group(5, &gone, &rooms(), &c).unwrap();
        assert_eq!(g.state, ReservationState::Cancelled);
        assert_eq!(g.provider_state, DELETED);
        assert_eq!(g.additional_room_provider_ids, vec!["2"]);
    }

    #[test]
    fn states_and_locks() {
        let c = McConfig::default();
        assert_eq!(state(&reservation(1, None, 1, "CHECKED_OUT", false)).0, ReservationState::CheckedOut);
        assert_eq!(state(&reservation(1, None, 1, "NONE", true)), (ReservationState::Cancelled, DELETED.into()));
        let mut lock = reservation(9, None, 1, "NONE", false);
        lock.kind = wire::LOCK.into();
        assert!(records(&[lock], &rooms(), &c).is_empty());
        assert_eq!(country(616), Some("PL"));
        assert_eq!(country(999), None);
    }
}
