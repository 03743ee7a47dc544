//! Room allocation for new reservations, the way a front desk does it: take a room that is free
//! for the whole stay, preferring rooms nobody is checked in to right now; if every night has a
//! free room but no single room is free throughout, move other not-yet-arrived, unlocked
//! reservations of the category to other rooms (one level deep) to make one room free.
//! Moved reservations get a new `AssignedResourceId` and `UpdatedUtc`, so a sync sees the move.

use chrono::{DateTime, NaiveDate, Utc};

use super::state::MewsState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub room: usize,
    /// (reservation position, its new room), to apply before the new reservation is stored.
    pub moves: Vec<(usize, usize)>,
}

/// Whether `room` is free for `arrival..departure` once `moves` are applied.
fn free(state: &MewsState, room: usize, arrival: NaiveDate, departure: NaiveDate, moves: &[(usize, usize)]) -> bool {
    let stays_here = state.rooms.at(room).bookings.iter().copied().filter(|i| moves.iter().all(|(m, _)| m != i));
    let moved_here = moves.iter().filter(|(_, to)| *to == room).map(|(i, _)| *i);
    stays_here
        .chain(moved_here)
        .map(|i| state.reservations.at(i))
        .all(|r| !(r.holds_inventory() && r.arrival < departure && arrival < r.departure))
}

fn movable(state: &MewsState, reservation: usize, today: NaiveDate) -> bool {
    let r = state.reservations.at(reservation);
    matches!(r.wire.state.as_str(), "Confirmed" | "Optional" | "Inquired" | "Requested")
        && !r.wire.assigned_resource_locked
        && r.arrival >= today
}

/// A room of `category` for the stay, or `None` when even moving others cannot free one.
pub fn place(
    state: &MewsState,
    category: usize,
    arrival: NaiveDate,
    departure: NaiveDate,
    today: NaiveDate,
) -> Option<Placement> {
    let mut rooms = state.categories.at(category).rooms.clone();
    rooms.sort_by_key(|&room| (state.room_has_guest(room, usize::MAX), room));
    if let Some(&room) = rooms.iter().find(|&&room| free(state, room, arrival, departure, &[])) {
        return Some(Placement { room, moves: Vec::new() });
    }
    'rooms: for &room in &rooms {
        let in_the_way: Vec<usize> = state
            .rooms
            .at(room)
            .bookings
            .iter()
            .copied()
            .filter(|&i| state.reservations.at(i).holds_night_in(arrival, departure))
            .collect();
        if !in_the_way.iter().all(|&i| movable(state, i, today)) {
            continue;
        }
        let mut moves = Vec::new();
        for i in in_the_way {
            let r = state.reservations.at(i);
            match rooms.iter().copied().find(|&to| to != room && free(state, to, r.arrival, r.departure, &moves)) {
                Some(to) => moves.push((i, to)),
                None => continue 'rooms,
            }
        }
        return Some(Placement { room, moves });
    }
    None
}

/// Moves a stored reservation to another room.
pub fn apply_move(state: &mut MewsState, reservation: usize, to: usize, now: DateTime<Utc>) {
    if let Some(from) = state.reservations.at(reservation).room {
        state.rooms.at_mut(from).bookings.retain(|&i| i != reservation);
    }
    state.rooms.at_mut(to).bookings.push(reservation);
    let room_id = state.rooms.at(to).wire.id.clone();
    let rec = state.reservations.at_mut(reservation);
    rec.room = Some(to);
    rec.wire.assigned_resource_id = Some(room_id);
    rec.wire.updated_utc = now;
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::mews::{fixed_clock, seed};

    fn no_room_double_booked(state: &MewsState) {
        for room in state.rooms.all() {
            let held: Vec<_> =
                room.bookings.iter().map(|&i| state.reservations.at(i)).filter(|r| r.holds_inventory()).collect();
            for (i, a) in held.iter().enumerate() {
                assert!(
                    held[i + 1..].iter().all(|b| !b.holds_night_in(a.arrival, a.departure)),
                    "room {}",
                    room.wire.name
                );
            }
        }
    }

    #[test]
    fn fragmented_inventory_is_repaired_by_moving_future_guests() {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        let base = seed::generate(3, &seed::Scale::demo(), fixed_clock(today));
        let mut repaired = 0;
        for category in 0..base.categories.len() {
            for offset in 0..40 {
                for nights in 2..6 {
                    let arrival = today + Duration::days(offset);
                    let departure = arrival + Duration::days(nights);
                    let open_every_night = base.availability(arrival, nights as usize)[category].iter().all(|f| *f > 0);
                    let direct =
                        base.categories.at(category).rooms.iter().any(|&r| free(&base, r, arrival, departure, &[]));
                    if !open_every_night || direct {
                        continue;
                    }
                    let Some(p) = place(&base, category, arrival, departure, today) else { continue };
                    assert!(!p.moves.is_empty());
                    let mut state = base.clone();
                    let now = state.clock.tick();
                    for &(i, to) in &p.moves {
                        assert!(movable(&state, i, today));
                        apply_move(&mut state, i, to, now);
                        assert_eq!(state.reservations.at(i).wire.updated_utc, now);
                        assert_eq!(state.reservations.at(i).category, category, "moves stay in the category");
                    }
                    assert!(free(&state, p.room, arrival, departure, &[]));
                    no_room_double_booked(&state);
                    repaired += 1;
                }
            }
        }
        assert!(repaired > 10, "the seed has fragmented inventory to repair ({repaired})");
    }
}
