//! What each provider's API lets Innkeep do, declared once. The UI offers exactly the supported
//! actions and shows the reason of a missing one; the services refuse unsupported actions with
//! the same reason, so the two can never disagree.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ProviderKind, ReservationAction};

/// Whether a provider supports an action, and if not, why (shown to the manager as is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Capability {
    pub supported: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
}

impl Capability {
    pub const fn yes() -> Self {
        Self { supported: true, reason: None }
    }
    pub fn no(reason: &str) -> Self {
        Self { supported: false, reason: Some(reason.to_string()) }
    }
}

/// What one provider's API lets Innkeep do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Capabilities {
    /// Reading reservations made elsewhere (sync).
    pub list_reservations: Capability,
    pub create_booking: Capability,
    /// The provider's price for a stay before booking.
    pub quote_price: Capability,
    /// Free rooms for dates before booking.
    pub availability: Capability,
    pub cancel: Capability,
    pub confirm: Capability,
    /// Refuse a booking that waits for approval.
    pub reject: Capability,
    pub check_in: Capability,
    pub check_out: Capability,
    pub no_show: Capability,
    pub move_dates: Capability,
    /// Moving a reservation to another room (with or without new dates).
    pub change_room: Capability,
    /// Undo a cancellation.
    pub restore: Capability,
    /// Remove a reservation for good.
    pub delete: Capability,
    pub edit_guest: Capability,
    /// Change a reservation's notes.
    pub edit_notes: Capability,
    /// One booking with several guests or rooms.
    pub group_booking: Capability,
    pub live_updates: Capability,
}

impl Capabilities {
    pub fn of(provider: ProviderKind) -> Self {
        use Capability as C;
        match provider {
            ProviderKind::Mews => Self {
                list_reservations: C::yes(),
                create_booking: C::yes(),
                quote_price: C::yes(),
                availability: C::yes(),
                cancel: C::yes(),
                confirm: C::yes(),
                reject: C::no("Mews has no “decline”: cancel the optional reservation instead."),
                check_in: C::yes(),
                check_out: C::yes(),
                no_show: C::no("Mews's API has no operation for no-shows; handle them in Mews."),
                move_dates: C::no("Innkeep does not change Mews stays yet; change the dates in Mews."),
                change_room: C::no("Innkeep does not change Mews stays yet; move the guest in Mews."),
                restore: C::no("Mews cannot restore a cancelled reservation; book the stay again."),
                delete: C::no("Mews keeps every reservation; cancel it instead."),
                edit_guest: C::no("Editing Mews guests from Innkeep comes in a later version; edit them in Mews."),
                edit_notes: C::no("Innkeep does not change Mews notes yet; edit them in Mews."),
                group_booking: C::no("Innkeep books one Mews room at a time."),
                live_updates: C::yes(),
            },
            ProviderKind::Reservanto => Self {
                list_reservations: C::yes(),
                create_booking: C::yes(),
                quote_price: C::no(
                    "Reservanto's API gives no price for rental bookings; the price is set in Reservanto.",
                ),
                availability: C::yes(),
                cancel: C::yes(),
                confirm: C::yes(),
                reject: C::yes(),
                check_in: C::yes(),
                check_out: C::no("Reservanto records only whether the guest arrived; it has no check-out."),
                no_show: C::yes(),
                move_dates: C::yes(),
                change_room: C::no(
                    "Reservanto's API moves a booking in time only; book the other room and cancel this one.",
                ),
                restore: C::no("Reservanto cannot restore a cancelled booking; book it again."),
                delete: C::no("Reservanto keeps cancelled bookings; there is nothing to delete."),
                edit_guest: C::yes(),
                edit_notes: C::no("Reservanto's API cannot change a booking's note after it is made."),
                group_booking: C::no("Reservanto books one resource per booking."),
                live_updates: C::no(
                    "Reservanto's webhooks need a public server; Innkeep polls its activity feed instead.",
                ),
            },
            ProviderKind::MobileCalendar => Self {
                list_reservations: C::yes(),
                create_booking: C::yes(),
                quote_price: C::yes(),
                availability: C::yes(),
                cancel: C::yes(),
                confirm: C::no("Mobile Calendar reservations have no confirmation step: they are confirmed when made."),
                reject: C::no("Mobile Calendar reservations have no approval step; cancel instead."),
                check_in: C::yes(),
                check_out: C::yes(),
                no_show: C::no("Mobile Calendar's API has no no-show state; cancel the reservation instead."),
                move_dates: C::yes(),
                change_room: C::yes(),
                restore: C::yes(),
                delete: C::no("Mobile Calendar's delete is the cancellation; it stays restorable."),
                edit_guest: C::yes(),
                edit_notes: C::yes(),
                group_booking: C::yes(),
                live_updates: C::no("Mobile Calendar's webhooks need a public server; Innkeep polls for changes."),
            },
            ProviderKind::Timekit => Self {
                list_reservations: C::yes(),
                create_booking: C::yes(),
                quote_price: C::no("Timekit has no prices; agree the price with the guest."),
                availability: C::yes(),
                cancel: C::yes(),
                confirm: C::yes(),
                reject: C::yes(),
                check_in: C::no("Timekit bookings have no check-in."),
                check_out: C::no("Timekit bookings have no check-out."),
                no_show: C::no("Timekit bookings have no no-show state."),
                move_dates: C::no("Innkeep does not move Timekit bookings; cancel it and book the new dates."),
                change_room: C::no(
                    "Innkeep does not move Timekit bookings to another resource; cancel it and book again.",
                ),
                restore: C::no("Timekit cannot restore a cancelled booking."),
                delete: C::yes(),
                edit_guest: C::no("Timekit keeps the guest inside each booking; it cannot be edited on its own."),
                edit_notes: C::yes(),
                group_booking: C::yes(),
                live_updates: C::no("Timekit's webhooks need a public server; Innkeep polls on a schedule."),
            },
            ProviderKind::Ectosy => Self {
                list_reservations: C::no(
                    "Ectosy's API cannot list periods: Innkeep shows only the periods created here.",
                ),
                create_booking: C::yes(),
                quote_price: C::no("Ectosy tells the price only once the period is created."),
                availability: C::no("Ectosy's API has no availability query; check in Ectosy that the room is free."),
                cancel: C::yes(),
                confirm: C::no("Ectosy's API cannot confirm a period; confirm it in Ectosy if needed."),
                reject: C::no("Ectosy periods have no approval step."),
                check_in: C::no("Ectosy's API has no check-in."),
                check_out: C::no("Ectosy's API has no check-out."),
                no_show: C::no("Ectosy's API has no no-show state."),
                move_dates: C::no("Ectosy cannot change a period; delete it and create a new one."),
                change_room: C::no("Ectosy cannot change a period; delete it and create a new one."),
                restore: C::no("Ectosy cannot restore a deleted period."),
                delete: C::no("In Ectosy, deleting a period is its cancellation."),
                edit_guest: C::yes(),
                edit_notes: C::no("Ectosy periods have no notes."),
                group_booking: C::yes(),
                live_updates: C::no("Ectosy's API sends no changes; Innkeep knows what it created."),
            },
        }
    }

    /// The capability an action needs.
    pub fn for_action(&self, action: &ReservationAction) -> &Capability {
        match action {
            ReservationAction::Confirm => &self.confirm,
            ReservationAction::Reject { .. } => &self.reject,
            ReservationAction::CheckIn => &self.check_in,
            ReservationAction::CheckOut => &self.check_out,
            ReservationAction::NoShow => &self.no_show,
            ReservationAction::Cancel { .. } => &self.cancel,
            ReservationAction::Move { room_id: Some(_), .. } if !self.change_room.supported => &self.change_room,
            ReservationAction::Move { .. } => &self.move_dates,
            ReservationAction::Restore => &self.restore,
            ReservationAction::Delete => &self.delete,
            ReservationAction::EditNotes { .. } => &self.edit_notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_missing_capability_says_why() {
        for provider in ProviderKind::ALL {
            let caps = serde_json::to_value(Capabilities::of(provider)).unwrap();
            for (name, cap) in caps.as_object().unwrap() {
                let supported = cap["supported"].as_bool().unwrap();
                let reason = cap.get("reason").and_then(|r| r.as_str()).unwrap_or("");
                assert!(supported || reason.len() > 10, "{provider:?}.{name} is missing without a reason");
                assert!(!supported || reason.is_empty(), "{provider:?}.{name} is supported but has a reason");
            }
        }
    }
}
