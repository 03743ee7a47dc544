//! Plain data that flows between the cache, the services, the CLI and the UI.
//! Ids are the cache's own row ids (`i64`); provider ids are kept as strings beside them.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Capabilities, ReservationState};

/// The reservation systems Innkeep connects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ProviderKind {
    Mews,
    Reservanto,
    MobileCalendar,
    Timekit,
    Ectosy,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 5] = [
        ProviderKind::Mews,
        ProviderKind::Reservanto,
        ProviderKind::MobileCalendar,
        ProviderKind::Timekit,
        ProviderKind::Ectosy,
    ];
    /// The name used in the cache, the CLI and the IPC (`mobile-calendar`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mews => "mews",
            Self::Reservanto => "reservanto",
            Self::MobileCalendar => "mobile-calendar",
            Self::Timekit => "timekit",
            Self::Ectosy => "ectosy",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Mews => "Mews",
            Self::Reservanto => "Reservanto",
            Self::MobileCalendar => "Mobile Calendar",
            Self::Timekit => "Timekit",
            Self::Ectosy => "Ectosy",
        }
    }
}

/// Credential fields by name (e.g. Mews: `client_token`, `access_token`). They travel from the
/// form or standard input straight to the keyring and are never stored anywhere else; `Debug`
/// prints only the field names so a secret cannot reach a log by accident.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Credentials(pub BTreeMap<String, String>);

impl Credentials {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
    pub fn insert(&mut self, field: &str, value: impl Into<String>) {
        self.0.insert(field.to_string(), value.into());
    }
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

impl FromIterator<(String, String)> for Credentials {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut m = f.debug_map();
        for k in self.0.keys() {
            m.entry(k, &"***");
        }
        m.finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AccountStatus {
    /// Added, not synced yet.
    New,
    Online,
    /// The provider could not be reached; see `offline_since`.
    Offline,
    /// The provider refused the stored credentials.
    AuthFailed,
    /// The last sync failed for another reason; see `last_error`.
    Error,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Online => "online",
            Self::Offline => "offline",
            Self::AuthFailed => "auth_failed",
            Self::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::New, Self::Online, Self::Offline, Self::AuthFailed, Self::Error].into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Account {
    #[ts(type = "number")]
    pub id: i64,
    pub provider: ProviderKind,
    pub label: String,
    pub base_url: String,
    /// Connected to the built-in sandbox rather than a real property.
    pub is_demo: bool,
    pub status: AccountStatus,
    pub property_name: Option<String>,
    /// IANA time zone of the property; reservation dates are local to it.
    pub time_zone: Option<String>,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub offline_since: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub capabilities: Capabilities,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Money {
    /// Hundredths of the currency unit, for every currency (also ISK or JPY, which have no minor
    /// unit in use), so sums stay exact and formatting needs no currency table.
    #[ts(type = "number")]
    pub amount_minor: i64,
    pub currency: String,
}

impl Money {
    /// From a provider's decimal amount (e.g. `45.5`), rounded to the nearest minor unit.
    pub fn from_decimal(value: f64, currency: &str) -> Self {
        Self { amount_minor: (value * 100.0).round() as i64, currency: currency.to_string() }
    }
    pub fn to_decimal(&self) -> f64 {
        self.amount_minor as f64 / 100.0
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let abs = self.amount_minor.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoomCategory {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub provider_id: String,
    pub name: String,
    pub capacity: u32,
    pub room_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Room {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub provider_id: String,
    pub name: String,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub floor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guest {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_label: String,
    pub provider_id: String,
    pub first_name: Option<String>,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub nationality: Option<String>,
    pub reservation_count: u32,
}

impl Guest {
    pub fn full_name(&self) -> String {
        full_name(self.first_name.as_deref(), &self.last_name)
    }
}

/// What the search box finds across all accounts: guests by name, e-mail or phone, and
/// reservations by number or guest; each list capped at `limit_per_kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchResults {
    /// The query as searched (trimmed).
    pub query: String,
    pub guests: Vec<Guest>,
    pub reservations: Vec<Reservation>,
    pub limit_per_kind: u32,
}

pub fn full_name(first: Option<&str>, last: &str) -> String {
    match first.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => format!("{f} {last}"),
        None => last.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reservation {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_label: String,
    pub provider: ProviderKind,
    pub provider_id: String,
    /// The confirmation number the provider shows to guests.
    pub number: Option<String>,
    pub state: ReservationState,
    /// The provider's own state name, as it sent it.
    pub provider_state: String,
    /// Hotel-local arrival and departure dates.
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    #[ts(type = "number | null")]
    pub guest_id: Option<i64>,
    pub guest_name: Option<String>,
    #[ts(type = "number | null")]
    pub room_id: Option<i64>,
    pub room_name: Option<String>,
    /// The other rooms of a group reservation, by name.
    pub additional_room_names: Vec<String>,
    pub category_name: Option<String>,
    pub adults: u32,
    pub children: u32,
    pub total: Option<Money>,
    pub notes: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl Reservation {
    pub fn nights(&self) -> i64 {
        (self.departure - self.arrival).num_days()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReservationDetail {
    pub reservation: Reservation,
    pub guest: Option<Guest>,
    pub activity: Vec<ActivityEntry>,
    pub capabilities: Capabilities,
    /// The provider's record as last received, for what the model does not hold yet.
    #[ts(type = "unknown")]
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActivityOutcome {
    Ok,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActivityEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub at: DateTime<Utc>,
    #[ts(type = "number | null")]
    pub account_id: Option<i64>,
    /// e.g. `account.add`, `sync`, `booking.create`, `reservation.cancel`.
    pub action: String,
    pub summary: String,
    pub outcome: ActivityOutcome,
    pub provider_ref: Option<String>,
    #[ts(type = "number | null")]
    pub reservation_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReservationSort {
    #[default]
    Arrival,
    Departure,
    Guest,
    State,
    Created,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[serde(default)]
#[ts(export)]
pub struct ReservationQuery {
    /// The start of words of a guest's name, e-mail or phone, or the reservation number.
    #[ts(optional)]
    pub search: Option<String>,
    /// Stays that overlap [from, to] (hotel-local dates).
    #[ts(optional)]
    pub from: Option<NaiveDate>,
    #[ts(optional)]
    pub to: Option<NaiveDate>,
    pub states: Vec<ReservationState>,
    #[ts(optional, type = "number")]
    pub account_id: Option<i64>,
    #[ts(optional, type = "number")]
    pub guest_id: Option<i64>,
    pub sort: ReservationSort,
    pub descending: bool,
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewGuest {
    pub first_name: String,
    pub last_name: String,
    #[ts(optional)]
    pub email: Option<String>,
    #[ts(optional)]
    pub phone: Option<String>,
}

/// The guest of a new booking: one already in the cache, or a new one the provider creates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GuestChoice {
    Existing(#[ts(type = "number")] i64),
    New(NewGuest),
}

/// A booking as typed in the form, before the provider sees it. Dates are strings so that a
/// badly typed date reaches validation (and gets a specific message) instead of failing to parse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BookingDraft {
    #[ts(type = "number")]
    pub account_id: i64,
    #[ts(type = "number")]
    pub category_id: i64,
    #[ts(optional, type = "number")]
    pub room_id: Option<i64>,
    pub arrival: String,
    pub departure: String,
    pub adults: u32,
    pub children: u32,
    pub guest: GuestChoice,
    /// More guests of the same booking (where `group_booking` is supported).
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<NewGuest>>")]
    pub additional_guests: Vec<NewGuest>,
    /// More rooms of the same booking (a group, where `group_booking` is supported).
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<i32>>")]
    pub additional_room_ids: Vec<i64>,
    #[ts(optional)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Quote {
    /// What the provider says the stay costs; `None` when its API gives no price (the UI says so).
    pub total: Option<Money>,
    pub nights: u32,
    /// Free rooms of the category on every night of the stay.
    pub available_rooms: u32,
}

/// A change of a reservation's state that a provider may offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StateAction {
    Confirm,
    CheckIn,
    CheckOut,
}

/// Something a manager does to a reservation; each needs the matching capability. Dates are
/// strings for the same reason as in [`BookingDraft`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ReservationAction {
    Confirm,
    /// Refuse a booking that waits for the property's approval (Reservanto reject, Timekit decline).
    Reject {
        #[ts(optional)]
        reason: Option<String>,
    },
    CheckIn,
    CheckOut,
    NoShow,
    Cancel {
        #[ts(optional)]
        reason: Option<String>,
        /// Cancel even inside the provider's late-cancellation window (only on the manager's explicit choice).
        #[serde(default)]
        override_late: bool,
    },
    /// New dates and/or another room.
    Move {
        arrival: String,
        departure: String,
        #[ts(optional, type = "number")]
        room_id: Option<i64>,
    },
    /// Undo a cancellation (Mobile Calendar keeps deleted reservations restorable).
    Restore,
    /// Remove a reservation for good (Timekit, once it is in a final state).
    Delete,
    /// Replace the reservation's notes.
    EditNotes {
        notes: String,
    },
}

impl ReservationAction {
    /// The activity-log action name, e.g. `reservation.check_in`.
    pub fn log_name(&self) -> &'static str {
        match self {
            Self::Confirm => "reservation.confirm",
            Self::Reject { .. } => "reservation.reject",
            Self::CheckIn => "reservation.check_in",
            Self::CheckOut => "reservation.check_out",
            Self::NoShow => "reservation.no_show",
            Self::Cancel { .. } => "reservation.cancel",
            Self::Move { .. } => "reservation.move",
            Self::Restore => "reservation.restore",
            Self::Delete => "reservation.delete",
            Self::EditNotes { .. } => "reservation.edit_notes",
        }
    }
}

impl From<StateAction> for ReservationAction {
    fn from(a: StateAction) -> Self {
        match a {
            StateAction::Confirm => Self::Confirm,
            StateAction::CheckIn => Self::CheckIn,
            StateAction::CheckOut => Self::CheckOut,
        }
    }
}

/// Changes to a guest's contact details; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, Default)]
#[ts(export)]
pub struct GuestEdit {
    #[ts(optional)]
    pub first_name: Option<String>,
    #[ts(optional)]
    pub last_name: Option<String>,
    #[ts(optional)]
    pub email: Option<String>,
    #[ts(optional)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WriteIntentState {
    /// Sent; no answer yet (or the app stopped before it came).
    Pending,
    Done,
    /// The provider refused it; nothing was made.
    Failed,
    /// The answer was lost: the provider may or may not have carried it out.
    Unknown,
}

impl WriteIntentState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Done, Self::Failed, Self::Unknown].into_iter().find(|v| v.as_str() == s)
    }
}

/// A write to a provider as Innkeep recorded it before sending (see the store's `write_intents`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WriteIntent {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub reference: String,
    /// e.g. `booking.create`.
    pub action: String,
    #[ts(type = "unknown")]
    pub request: serde_json::Value,
    pub state: WriteIntentState,
    pub provider_id: Option<String>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The rooms and room categories of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoomList {
    pub categories: Vec<RoomCategory>,
    pub rooms: Vec<Room>,
}

/// Payload of the `data-changed` event: which account's data changed (`null`: any).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DataChanged {
    #[ts(type = "number | null")]
    pub account_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyringStatus {
    pub available: bool,
    #[ts(optional)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub demo_mode: bool,
    pub keyring: KeyringStatus,
    pub data_dir: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewAccount {
    pub provider: ProviderKind,
    pub label: String,
    pub base_url: String,
    #[ts(type = "Record<string, string>")]
    pub credentials: Credentials,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionCheck {
    pub property_name: String,
    pub time_zone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_and_rounds_exactly() {
        assert_eq!(Money::from_decimal(45.5, "EUR").to_string(), "45.50 EUR");
        assert_eq!(Money::from_decimal(0.1 + 0.2, "EUR").amount_minor, 30);
        assert_eq!(Money { amount_minor: -5, currency: "GBP".into() }.to_string(), "-0.05 GBP");
    }

    #[test]
    fn full_name_skips_blank_first_names() {
        assert_eq!(full_name(Some("Ana"), "Nováková"), "Ana Nováková");
        assert_eq!(full_name(Some("  "), "Smith"), "Smith");
        assert_eq!(full_name(None, "Smith"), "Smith");
    }

    #[test]
    fn credentials_never_show_their_values_in_debug() {
        let mut c = Credentials::default();
        c.insert("access_token", "SECRET-VALUE");
        let shown = format!("{c:?}");
        assert!(!shown.contains("SECRET-VALUE") && shown.contains("access_token"), "{shown}");
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"access_token":"SECRET-VALUE"}"#);
    }

    #[test]
    fn guest_choice_has_a_plain_json_shape() {
        let g: GuestChoice = serde_json::from_str(r#"{"existing": 7}"#).unwrap();
        assert_eq!(g, GuestChoice::Existing(7));
        let n: GuestChoice = serde_json::from_str(r#"{"new": {"first_name": "Jón", "last_name": "Jónsson"}}"#).unwrap();
        assert!(matches!(n, GuestChoice::New(ref g) if g.last_name == "Jónsson"));
    }
}

/// The file formats reservations can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// RFC 4180 CSV, UTF-8 with a byte-order mark (so spreadsheet programs read diacritics right).
    Csv,
    /// RFC 5545 iCalendar: one all-day event per stay.
    Ics,
}

impl ExportFormat {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Ics => "ics",
        }
    }
}

/// What an export wrote, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportOutcome {
    /// How many reservations the file holds.
    pub count: u32,
    /// The file written (its extension added when the chosen name lacked it).
    pub path: String,
}
