//! What a provider's data looks like once mapped, ready to be written to the cache.
//! References between records use the provider's ids, so pages can arrive in any order.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{Money, ReservationState};

/// The property behind an account, as its provider describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropertyInfo {
    pub name: String,
    /// IANA time zone, e.g. `Europe/Prague`.
    pub time_zone: String,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryRecord {
    pub provider_id: String,
    pub name: String,
    pub capacity: u32,
    pub ordering: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomRecord {
    pub provider_id: String,
    pub name: String,
    pub category_provider_id: Option<String>,
    pub floor: Option<String>,
    /// Housekeeping state as the provider names it.
    pub state: Option<String>,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuestRecord {
    pub provider_id: String,
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub nationality: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReservationRecord {
    pub provider_id: String,
    pub number: Option<String>,
    pub state: ReservationState,
    pub provider_state: String,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    pub guest_provider_id: Option<String>,
    pub room_provider_id: Option<String>,
    /// Further rooms of a group reservation (one reservation, several rooms).
    #[serde(default)]
    pub additional_room_provider_ids: Vec<String>,
    pub category_provider_id: Option<String>,
    pub adults: u32,
    pub children: u32,
    /// `None` keeps a total already in the cache (e.g. the price quoted when Innkeep booked it).
    pub total: Option<Money>,
    pub notes: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub raw: serde_json::Value,
}
