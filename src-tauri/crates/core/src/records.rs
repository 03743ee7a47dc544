//! What a provider's data looks like once mapped, ready to be written to the cache.
//! References between records use the provider's ids, so pages can arrive in any order.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    pub raw: RawJson,
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
    pub raw: RawJson,
}

/// A record as its provider sent it, kept as JSON text from the wire types to the cache's `raw`
/// column. A `serde_json::Value` per record, built in the mapping and serialized again for the
/// write, cost a sync more than its requests' own work (issue 7: Reservanto's full sync).
#[derive(Clone)]
pub struct RawJson(String);

impl RawJson {
    /// The JSON text of `value`.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Self {
        // Only maps with keys that are not strings fail to serialize; no wire type has one.
        Self(serde_json::to_string(value).unwrap_or_else(|_| "null".into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text parsed, for the few readers of single fields.
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }
}

impl Default for RawJson {
    fn default() -> Self {
        Self("null".into())
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        Self(value.to_string())
    }
}

/// Equal as JSON: the same fields in another order or spacing are the same record.
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0 || self.value() == other.value()
    }
}

impl std::fmt::Debug for RawJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::RawJson;
    use serde_json::json;

    #[test]
    fn raw_json_keeps_the_text_and_compares_as_json() {
        #[derive(serde::Serialize)]
        struct Wire {
            #[serde(rename = "B")]
            b: u8,
            #[serde(rename = "A")]
            a: Option<u8>,
        }
        let raw = RawJson::of(&Wire { b: 1, a: None });
        assert_eq!(raw.as_str(), r#"{"B":1,"A":null}"#, "the wire type's order, nulls kept");
        assert_eq!(raw, RawJson::from(json!({ "A": null, "B": 1 })));
        assert_ne!(raw, RawJson::from(json!({ "A": 2, "B": 1 })));
        assert_eq!(raw.value()["B"], 1);
        let round: RawJson = serde_json::from_str(&serde_json::to_string(&raw).unwrap()).unwrap();
        assert_eq!(round, raw);
        assert_eq!(RawJson::default().value(), serde_json::Value::Null);
    }
}
