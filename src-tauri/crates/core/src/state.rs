use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One state machine for reservations of every provider. Each provider's own state is mapped
/// onto it; the provider's raw state is always kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReservationState {
    /// Asked about, confirmed by neither side.
    Inquiry,
    /// The hotel holds the room; the guest has not confirmed yet.
    Optional,
    /// The guest asked; the hotel has not confirmed yet.
    Requested,
    Confirmed,
    CheckedIn,
    CheckedOut,
    Cancelled,
    NoShow,
    Declined,
}

impl ReservationState {
    pub const ALL: [ReservationState; 9] = [
        Self::Inquiry,
        Self::Optional,
        Self::Requested,
        Self::Confirmed,
        Self::CheckedIn,
        Self::CheckedOut,
        Self::Cancelled,
        Self::NoShow,
        Self::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inquiry => "inquiry",
            Self::Optional => "optional",
            Self::Requested => "requested",
            Self::Confirmed => "confirmed",
            Self::CheckedIn => "checked_in",
            Self::CheckedOut => "checked_out",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
            Self::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// A reservation in a final state can no longer change (except by the provider itself).
    pub fn is_final(self) -> bool {
        matches!(self, Self::CheckedOut | Self::Cancelled | Self::NoShow | Self::Declined)
    }

    /// Whether the room is taken on the reservation's nights.
    pub fn occupies_room(self) -> bool {
        !matches!(self, Self::Cancelled | Self::NoShow | Self::Declined)
    }
}

impl std::fmt::Display for ReservationState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips_through_its_name() {
        for st in ReservationState::ALL {
            assert_eq!(ReservationState::parse(st.as_str()), Some(st));
            let json = serde_json::to_string(&st).unwrap();
            assert_eq!(json, format!("\"{}\"", st.as_str()));
        }
        assert_eq!(ReservationState::parse("Confirmed"), None);
    }

    #[test]
    fn final_states_free_the_room_except_checked_out() {
        assert!(ReservationState::Cancelled.is_final());
        assert!(!ReservationState::Cancelled.occupies_room());
        assert!(ReservationState::CheckedOut.is_final());
        assert!(ReservationState::CheckedOut.occupies_room());
        assert!(!ReservationState::Confirmed.is_final());
    }
}
