//! The front desk's two boards: the timeline (tape chart) of every room of every account, and
//! the Today dashboard. Both are computed from the cache, so they work offline.
//!
//! A night is named by its date: the night of 3 Dec runs from the 3rd to the 4th. A stay from
//! `arrival` to `departure` takes the nights `arrival .. departure` (departure excluded).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ProviderKind, Reservation, ReservationState};

/// The longest range one timeline request may cover: a year and a bit of margin either side.
pub const MAX_TIMELINE_NIGHTS: i64 = 400;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Timeline {
    /// First night shown.
    pub from: NaiveDate,
    /// First night not shown.
    pub to: NaiveDate,
    /// Every active room, ordered by account, category and name.
    pub rooms: Vec<TimelineRoom>,
    /// Stays that hold a room on at least one night of the range.
    pub bars: Vec<TimelineBar>,
    pub overbookings: Vec<Overbooking>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineRoom {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_label: String,
    pub provider: ProviderKind,
    pub name: String,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    /// Rooms the manager linked as one physical room share this number.
    #[ts(type = "number | null")]
    pub link_group: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineBar {
    #[ts(type = "number")]
    pub reservation_id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    /// None: the provider has not assigned a room yet (shown in the account's "unassigned" row).
    #[ts(type = "number | null")]
    pub room_id: Option<i64>,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    pub state: ReservationState,
    pub guest_name: Option<String>,
    pub number: Option<String>,
}

/// Two stays on the same physical room on the same night(s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Overbooking {
    /// The rooms involved: one room, or linked rooms of different accounts.
    #[ts(type = "Array<number>")]
    pub room_ids: Vec<i64>,
    #[ts(type = "[number, number]")]
    pub reservation_ids: [i64; 2],
    pub first_night: NaiveDate,
    pub last_night: NaiveDate,
    /// True when the clash is between linked rooms of different accounts.
    pub across_accounts: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TodayBoard {
    pub date: NaiveDate,
    pub arrivals: Vec<Reservation>,
    pub departures: Vec<Reservation>,
    /// Guests staying tonight who arrived earlier, and today's arrivals already checked in.
    pub in_house: Vec<Reservation>,
    /// Today and the next nights.
    pub occupancy: Vec<NightOccupancy>,
    /// Overbookings on any of those nights.
    pub overbookings: Vec<Overbooking>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NightOccupancy {
    pub night: NaiveDate,
    /// Physical rooms taken that night (linked rooms count once), plus stays with no room yet.
    pub occupied: u32,
    /// Physical rooms (linked rooms count once).
    pub rooms: u32,
}

/// The physical room a bar occupies: its link group when linked, else the room itself.
fn physical_room(room: &TimelineRoom) -> (i64, bool) {
    match room.link_group {
        Some(group) => (group, true),
        None => (-room.id, false),
    }
}

/// Every room's physical room by room id: looked up once per bar and night, so a map, not a
/// search through 300 rooms each time.
fn physical_rooms(rooms: &[TimelineRoom]) -> std::collections::HashMap<i64, (i64, bool)> {
    rooms.iter().map(|r| (r.id, physical_room(r))).collect()
}

/// Every pair of stays holding the same physical room on a shared night, clipped to the range
/// of `nights`. Sorted by first night. A sweep per physical room: O(n log n) plus the clashes.
pub fn find_overbookings(
    rooms: &[TimelineRoom],
    bars: &[TimelineBar],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Overbooking> {
    let physical = physical_rooms(rooms);
    let mut by_room: std::collections::HashMap<i64, (bool, Vec<&TimelineBar>)> = std::collections::HashMap::new();
    for bar in bars.iter().filter(|b| b.state.occupies_room()) {
        let Some(room_id) = bar.room_id else { continue };
        let Some(&(key, linked)) = physical.get(&room_id) else { continue };
        by_room.entry(key).or_insert((linked, Vec::new())).1.push(bar);
    }
    let mut found = Vec::new();
    for (_, (linked, mut stays)) in by_room {
        stays.sort_by_key(|b| (b.arrival, b.departure, b.reservation_id));
        for (i, a) in stays.iter().enumerate() {
            for b in stays[i + 1..].iter().take_while(|b| b.arrival < a.departure) {
                // One group reservation holds several rooms, never the same one twice.
                if a.reservation_id == b.reservation_id {
                    continue;
                }
                let first = a.arrival.max(b.arrival).max(from);
                let end = a.departure.min(b.departure).min(to);
                if first >= end {
                    continue;
                }
                let mut room_ids = vec![a.room_id.unwrap_or_default(), b.room_id.unwrap_or_default()];
                room_ids.sort_unstable();
                room_ids.dedup();
                found.push(Overbooking {
                    across_accounts: linked && a.account_id != b.account_id,
                    room_ids,
                    reservation_ids: [a.reservation_id, b.reservation_id],
                    first_night: first,
                    last_night: end.pred_opt().unwrap_or(end),
                });
            }
        }
    }
    found.sort_by_key(|o| (o.first_night, o.reservation_ids));
    found
}

/// Rooms taken on each night of `from .. from + nights`.
pub fn occupancy(rooms: &[TimelineRoom], bars: &[TimelineBar], from: NaiveDate, nights: u32) -> Vec<NightOccupancy> {
    let by_id = physical_rooms(rooms);
    let mut physical: Vec<i64> = by_id.values().map(|p| p.0).collect();
    physical.sort_unstable();
    physical.dedup();
    let total = physical.len() as u32;
    (0..nights)
        .map(|i| {
            let night = from + chrono::Duration::days(i64::from(i));
            let mut taken: Vec<i64> = Vec::new();
            let mut unassigned = 0u32;
            for bar in bars.iter().filter(|b| b.state.occupies_room() && b.arrival <= night && night < b.departure) {
                match bar.room_id.and_then(|id| by_id.get(&id)) {
                    Some(&(key, _)) => taken.push(key),
                    None => unassigned += 1,
                }
            }
            taken.sort_unstable();
            taken.dedup();
            NightOccupancy { night, occupied: (taken.len() as u32 + unassigned).min(total), rooms: total }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn room(id: i64, account_id: i64, link_group: Option<i64>) -> TimelineRoom {
        TimelineRoom {
            id,
            account_id,
            account_label: format!("A{account_id}"),
            provider: ProviderKind::Mews,
            name: format!("R{id}"),
            category_id: None,
            category_name: None,
            link_group,
        }
    }

    fn bar(reservation_id: i64, account_id: i64, room_id: i64, arrival: &str, departure: &str) -> TimelineBar {
        TimelineBar {
            reservation_id,
            account_id,
            room_id: Some(room_id),
            arrival: d(arrival),
            departure: d(departure),
            state: ReservationState::Confirmed,
            guest_name: None,
            number: None,
        }
    }

    #[test]
    fn back_to_back_stays_are_not_an_overbooking() {
        let rooms = [room(1, 1, None)];
        let bars = [bar(10, 1, 1, "2026-12-01", "2026-12-03"), bar(11, 1, 1, "2026-12-03", "2026-12-05")];
        assert!(find_overbookings(&rooms, &bars, d("2026-12-01"), d("2027-01-01")).is_empty());
    }

    #[test]
    fn two_stays_on_one_room_on_one_night_are_found_with_their_nights() {
        let rooms = [room(1, 1, None), room(2, 1, None)];
        let bars = [
            bar(10, 1, 1, "2026-12-01", "2026-12-04"),
            bar(11, 1, 1, "2026-12-03", "2026-12-06"),
            bar(12, 1, 2, "2026-12-03", "2026-12-06"),
        ];
        let found = find_overbookings(&rooms, &bars, d("2026-12-01"), d("2027-01-01"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reservation_ids, [10, 11]);
        assert_eq!((found[0].first_night, found[0].last_night), (d("2026-12-03"), d("2026-12-03")));
        assert!(!found[0].across_accounts);
    }

    #[test]
    fn linked_rooms_of_two_accounts_clash_and_cancelled_stays_do_not() {
        let rooms = [room(1, 1, Some(7)), room(5, 2, Some(7))];
        let mut cancelled = bar(12, 2, 5, "2026-12-02", "2026-12-03");
        cancelled.state = ReservationState::Cancelled;
        let bars = [bar(10, 1, 1, "2026-12-01", "2026-12-04"), bar(11, 2, 5, "2026-12-02", "2026-12-03"), cancelled];
        let found = find_overbookings(&rooms, &bars, d("2026-12-01"), d("2027-01-01"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].room_ids, vec![1, 5]);
        assert!(found[0].across_accounts);
    }

    #[test]
    fn a_clash_is_clipped_to_the_range_asked_for() {
        let rooms = [room(1, 1, None)];
        let bars = [bar(10, 1, 1, "2026-11-20", "2026-12-10"), bar(11, 1, 1, "2026-11-25", "2026-12-08")];
        let found = find_overbookings(&rooms, &bars, d("2026-12-01"), d("2026-12-05"));
        assert_eq!((found[0].first_night, found[0].last_night), (d("2026-12-01"), d("2026-12-04")));
    }

    #[test]
    fn occupancy_counts_linked_rooms_once_and_unassigned_stays() {
        let rooms = [room(1, 1, Some(7)), room(5, 2, Some(7)), room(2, 1, None)];
        let mut unassigned = bar(20, 1, 0, "2026-12-02", "2026-12-03");
        unassigned.room_id = None;
        let bars = [bar(10, 1, 1, "2026-12-01", "2026-12-03"), bar(11, 2, 5, "2026-12-01", "2026-12-02"), unassigned];
        let nights = occupancy(&rooms, &bars, d("2026-12-01"), 3);
        let counts: Vec<(u32, u32)> = nights.iter().map(|n| (n.occupied, n.rooms)).collect();
        assert_eq!(counts, vec![(1, 2), (2, 2), (0, 2)]);
    }
}
