//! Mews Connector API wire types, exactly as the API spells them (PascalCase, UTC `...Z` times,
//! GUID strings). Shared by the client and the sandbox, so that a change of shape breaks a test
//! at once. Unknown fields are ignored; optional fields are `Option` and serialize as `null`.
//!
//! Reservations come in two shapes that Mews keeps side by side: the 2023-06-06 read shape
//! (`reservations/getAll/2023-06-06`) and the 2017 shape returned by `reservations/add`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub type Guid = String;
/// Localized text keyed by language-culture code, e.g. `{"en-US": "Double room"}`.
pub type LocalizedText = BTreeMap<String, String>;

/// The three fields every request body carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Auth {
    pub client_token: String,
    pub access_token: String,
    pub client: String,
}

/// A request body: the auth fields flattened next to the operation's own fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request<T> {
    #[serde(flatten)]
    pub auth: Auth,
    #[serde(flatten)]
    pub body: T,
}

/// Error body of every non-2xx answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorBody {
    pub message: String,
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub details: Option<serde_json::Value>,
}

/// Inclusive UTC interval used by filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeInterval {
    pub start_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
}

/// Cursor pagination: `Count` 1..=1000, `Cursor` = id of the last item of the previous page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Limitation {
    pub count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<Guid>,
}

pub const MAX_PAGE: u32 = 1000;

// ---------------------------------------------------------------- configuration/get

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigurationGetRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_id: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigurationGetResponse {
    pub now_utc: DateTime<Utc>,
    pub enterprise: Enterprise,
    #[serde(default)]
    pub service: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Enterprise {
    pub id: Guid,
    pub name: String,
    pub time_zone_identifier: String,
    /// `Gross` or `Net`.
    pub pricing: String,
    #[serde(default)]
    pub currencies: Vec<EnterpriseCurrency>,
    #[serde(default)]
    pub default_language_code: Option<String>,
    #[serde(default)]
    pub chain_id: Option<Guid>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<Address>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnterpriseCurrency {
    pub currency: String,
    pub is_default: bool,
    pub is_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Address {
    #[serde(default)]
    pub line1: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub postal_code: Option<String>,
    #[serde(default)]
    pub country_code: Option<String>,
}

// ---------------------------------------------------------------- services/getAll

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServicesGetAllRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_ids: Option<Vec<Guid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_utc: Option<TimeInterval>,
    pub limitation: Limitation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServicesGetAllResponse {
    pub services: Vec<Service>,
    pub cursor: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Service {
    pub id: Guid,
    pub enterprise_id: Guid,
    pub is_active: bool,
    #[serde(default)]
    pub names: LocalizedText,
    pub created_utc: DateTime<Utc>,
    pub updated_utc: DateTime<Utc>,
    /// `{"Discriminator": "Bookable" | "Additional", "Value": {...}}`.
    pub data: Coproduct,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Coproduct {
    pub discriminator: String,
    #[serde(default)]
    pub value: serde_json::Value,
}

// ---------------------------------------------------------------- resources/getAll

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourcesExtent {
    pub resources: bool,
    #[serde(default)]
    pub inactive: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourcesGetAllRequest {
    pub extent: ResourcesExtent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_ids: Option<Vec<Guid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_utc: Option<TimeInterval>,
    pub limitation: Limitation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourcesGetAllResponse {
    pub resources: Vec<Resource>,
    pub cursor: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Resource {
    pub id: Guid,
    pub enterprise_id: Guid,
    pub is_active: bool,
    #[serde(default)]
    pub parent_resource_id: Option<Guid>,
    /// The room number, e.g. `"101"`.
    pub name: String,
    /// `Dirty`, `Clean`, `Inspected`, `OutOfService`, `OutOfOrder`.
    pub state: String,
    pub created_utc: DateTime<Utc>,
    pub updated_utc: DateTime<Utc>,
    /// `{"Discriminator":"Space","Value":{"FloorNumber":"1","LocationNotes":"…"}}`.
    pub data: Coproduct,
}

// ---------------------------------------------------------------- resourceCategories/getAll

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceCategoriesGetAllRequest {
    pub service_ids: Vec<Guid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_category_ids: Option<Vec<Guid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_states: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_utc: Option<TimeInterval>,
    pub limitation: Limitation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceCategoriesGetAllResponse {
    pub resource_categories: Vec<ResourceCategory>,
    pub cursor: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceCategory {
    pub id: Guid,
    pub enterprise_id: Guid,
    pub service_id: Guid,
    pub is_active: bool,
    /// `Room`, `Suite`, `Bed`, ...
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(default)]
    pub names: LocalizedText,
    #[serde(default)]
    pub short_names: LocalizedText,
    #[serde(default)]
    pub ordering: i32,
    pub capacity: u32,
    #[serde(default)]
    pub extra_capacity: u32,
}

// ---------------------------------------------------------------- resourceCategoryAssignments/getAll

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceCategoryAssignmentsGetAllRequest {
    pub resource_category_ids: Vec<Guid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_ids: Option<Vec<Guid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_states: Option<Vec<String>>,
    pub limitation: Limitation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceCategoryAssignmentsGetAllResponse {
    pub resource_category_assignments: Vec<ResourceCategoryAssignment>,
    pub cursor: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceCategoryAssignment {
    pub id: Guid,
    pub is_active: bool,
    pub resource_id: Guid,
    pub category_id: Guid,
    pub created_utc: DateTime<Utc>,
    pub updated_utc: DateTime<Utc>,
}

// ---------------------------------------------------------------- ageCategories/getAll

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AgeCategoriesGetAllRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_ids: Option<Vec<Guid>>,
    pub limitation: Limitation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AgeCategoriesGetAllResponse {
    pub age_categories: Vec<AgeCategory>,
    pub cursor: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AgeCategory {
    pub id: Guid,
    pub service_id: Guid,
    #[serde(default)]
    pub minimal_age: Option<u32>,
    #[serde(default)]
    pub maximal_age: Option<u32>,
    #[serde(default)]
    pub names: LocalizedText,
    /// `Adult` or `Child`.
    pub classification: String,
    pub is_active: bool,
}

// ---------------------------------------------------------------- rates/getAll

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RatesGetAllRequest {
    pub service_ids: Vec<Guid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_ids: Option<Vec<Guid>>,
    pub limitation: Limitation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RatesGetAllResponse {
    pub rates: Vec<Rate>,
    pub cursor: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rate {
    pub id: Guid,
    #[serde(default)]
    pub group_id: Option<Guid>,
    pub service_id: Guid,
    #[serde(default)]
    pub is_base_rate: bool,
    pub is_active: bool,
    pub is_enabled: bool,
    pub is_public: bool,
    #[serde(default)]
    pub is_default: bool,
    #[serde(rename = "Type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub names: LocalizedText,
}

// ---------------------------------------------------------------- customers

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomersExtent {
    pub customers: bool,
    #[serde(default)]
    pub addresses: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomersGetAllRequest {
    pub extent: CustomersExtent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_ids: Option<Vec<Guid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_utc: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_utc: Option<TimeInterval>,
    pub limitation: Limitation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomersGetAllResponse {
    pub customers: Vec<Customer>,
    pub cursor: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Customer {
    pub id: Guid,
    #[serde(default)]
    pub chain_id: Option<Guid>,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub sex: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    pub last_name: String,
    #[serde(default)]
    pub nationality_code: Option<String>,
    #[serde(default)]
    pub preferred_language_code: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    pub created_utc: DateTime<Utc>,
    pub updated_utc: DateTime<Utc>,
    #[serde(default = "yes")]
    pub is_active: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomerAddRequest {
    pub last_name: String,
    pub overwrite_existing: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

// ---------------------------------------------------------------- reservations/getAll/2023-06-06

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationsGetAllRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_ids: Option<Vec<Guid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_ids: Option<Vec<Guid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_ids: Option<Vec<Guid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_utc: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_utc: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colliding_utc: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_start_utc: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_end_utc: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_start_utc: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_end_utc: Option<TimeInterval>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub states: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_numbers: Option<Vec<String>>,
    /// Required by Mews; `Option` here so the sandbox can answer its absence with a 400.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limitation: Option<Limitation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationsGetAllResponse {
    pub reservations: Vec<Reservation>,
    pub cursor: Option<Guid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PersonCount {
    pub age_category_id: Guid,
    pub count: u32,
}

/// Reservation, read shape 2023-06-06. States: `Inquired`, `Confirmed`, `Started`, `Processed`,
/// `Canceled`, `Optional`, `Requested`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation {
    pub id: Guid,
    pub service_id: Guid,
    pub account_id: Guid,
    #[serde(default)]
    pub account_type: Option<String>,
    #[serde(default)]
    pub booker_id: Option<Guid>,
    pub number: String,
    pub state: String,
    #[serde(default)]
    pub origin: Option<String>,
    pub created_utc: DateTime<Utc>,
    pub updated_utc: DateTime<Utc>,
    #[serde(default)]
    pub cancelled_utc: Option<DateTime<Utc>>,
    #[serde(default)]
    pub cancellation_reason: Option<String>,
    pub rate_id: Guid,
    pub group_id: Guid,
    pub requested_resource_category_id: Guid,
    #[serde(default)]
    pub assigned_resource_id: Option<Guid>,
    #[serde(default)]
    pub assigned_resource_locked: bool,
    #[serde(default)]
    pub channel_number: Option<String>,
    pub scheduled_start_utc: DateTime<Utc>,
    #[serde(default)]
    pub actual_start_utc: Option<DateTime<Utc>>,
    pub scheduled_end_utc: DateTime<Utc>,
    #[serde(default)]
    pub actual_end_utc: Option<DateTime<Utc>>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub person_counts: Vec<PersonCount>,
    /// Not part of Mews' read shape; reservations carry notes only through `add`. Kept optional
    /// so that the sandbox can echo what was booked without breaking real-API parsing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

// ---------------------------------------------------------------- reservations/add (2017 shape back)

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AmountParameters {
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_value: Option<f64>,
    #[serde(default)]
    pub tax_codes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeUnitPrice {
    pub index: u32,
    pub amount: AmountParameters,
}

/// One reservation in `reservations/add` and `reservations/price`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationParameters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// `Optional`, `Enquired` or `Confirmed` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub start_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
    /// Required by `add`, not by `price`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Guid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booker_id: Option<Guid>,
    pub requested_category_id: Guid,
    pub rate_id: Guid,
    pub person_counts: Vec<PersonCount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The booking's number in the system it came from; Innkeep sends its own reference, so a
    /// booking whose answer was lost can be found again (`ChannelNumbers` filter of getAll).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_unit_prices: Option<Vec<TimeUnitPrice>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_resource_id: Option<Guid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationsAddRequest {
    pub service_id: Guid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<Guid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    pub reservations: Vec<ReservationParameters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_overbooking: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_confirmation_email: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationsAddResponse {
    pub reservations: Vec<AddedReservation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddedReservation {
    #[serde(default)]
    pub identifier: Option<String>,
    pub reservation: Reservation2017,
}

/// The 2017 reservation shape (`reservations/add`, `reservations/update`). States use the old
/// spelling `Enquired`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation2017 {
    pub id: Guid,
    pub service_id: Guid,
    pub group_id: Guid,
    pub number: String,
    pub state: String,
    #[serde(default)]
    pub origin: Option<String>,
    pub created_utc: DateTime<Utc>,
    pub updated_utc: DateTime<Utc>,
    #[serde(default)]
    pub cancelled_utc: Option<DateTime<Utc>>,
    pub start_utc: DateTime<Utc>,
    pub end_utc: DateTime<Utc>,
    pub requested_category_id: Guid,
    #[serde(default)]
    pub assigned_resource_id: Option<Guid>,
    #[serde(default)]
    pub assigned_resource_locked: bool,
    pub rate_id: Guid,
    pub customer_id: Guid,
    #[serde(default)]
    pub owner_id: Option<Guid>,
    #[serde(default)]
    pub companion_ids: Vec<Guid>,
    #[serde(default)]
    pub person_counts: Vec<PersonCount>,
}

// ---------------------------------------------------------------- reservations/price

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationsPriceRequest {
    pub service_id: Guid,
    pub reservations: Vec<ReservationParameters>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationsPriceResponse {
    pub reservation_prices: Vec<ReservationPrice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationPrice {
    #[serde(default)]
    pub identifier: Option<String>,
    pub total_amount: Amount,
}

/// Money as Mews reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Amount {
    pub currency: String,
    pub net_value: f64,
    pub gross_value: f64,
    #[serde(default)]
    pub tax_values: Vec<TaxValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaxValue {
    pub code: String,
    pub value: f64,
}

// ---------------------------------------------------------------- confirm / start / process / cancel

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationsConfirmRequest {
    pub reservation_ids: Vec<Guid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_confirmation_email: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationIdsResponse {
    pub reservation_ids: Vec<Guid>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationStartRequest {
    pub reservation_id: Guid,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationProcessRequest {
    pub reservation_id: Guid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_bills: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_open_balance: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationsCancelRequest {
    pub reservation_ids: Vec<Guid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_cancellation_fee: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_email: Option<bool>,
    /// Required by Mews; `Option` so that the sandbox can refuse its absence with a 400.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

// ---------------------------------------------------------------- services/getAvailability (legacy)

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServicesGetAvailabilityRequest {
    pub service_id: Guid,
    pub first_time_unit_start_utc: DateTime<Utc>,
    pub last_time_unit_start_utc: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServicesGetAvailabilityResponse {
    pub time_unit_starts_utc: Vec<DateTime<Utc>>,
    pub category_availabilities: Vec<CategoryAvailability>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CategoryAvailability {
    pub category_id: Guid,
    pub availabilities: Vec<i32>,
    #[serde(default)]
    pub adjustments: Vec<i32>,
}

// ---------------------------------------------------------------- rates/getPricing

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RatesGetPricingRequest {
    pub rate_id: Guid,
    pub first_time_unit_start_utc: DateTime<Utc>,
    pub last_time_unit_start_utc: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RatesGetPricingResponse {
    pub currency: String,
    pub time_unit_starts_utc: Vec<DateTime<Utc>>,
    pub base_amount_prices: Vec<Amount>,
    pub category_prices: Vec<CategoryPrices>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CategoryPrices {
    pub category_id: Guid,
    pub amount_prices: Vec<Amount>,
}

// ---------------------------------------------------------------- WebSocket

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebSocketMessage {
    pub events: Vec<WebSocketEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebSocketEvent {
    #[serde(rename = "Type")]
    pub kind: String,
    pub id: Guid,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub start_utc: Option<DateTime<Utc>>,
    #[serde(default)]
    pub end_utc: Option<DateTime<Utc>>,
    #[serde(default)]
    pub assigned_resource_id: Option<Guid>,
}

/// Operation paths, relative to the platform address.
pub mod paths {
    pub const CONFIGURATION_GET: &str = "/api/connector/v1/configuration/get";
    pub const SERVICES_GET_ALL: &str = "/api/connector/v1/services/getAll";
    pub const SERVICES_GET_AVAILABILITY: &str = "/api/connector/v1/services/getAvailability";
    pub const RESOURCES_GET_ALL: &str = "/api/connector/v1/resources/getAll";
    pub const RESOURCE_CATEGORIES_GET_ALL: &str = "/api/connector/v1/resourceCategories/getAll";
    pub const RESOURCE_CATEGORY_ASSIGNMENTS_GET_ALL: &str = "/api/connector/v1/resourceCategoryAssignments/getAll";
    pub const AGE_CATEGORIES_GET_ALL: &str = "/api/connector/v1/ageCategories/getAll";
    pub const RATES_GET_ALL: &str = "/api/connector/v1/rates/getAll";
    pub const RATES_GET_PRICING: &str = "/api/connector/v1/rates/getPricing";
    pub const CUSTOMERS_GET_ALL: &str = "/api/connector/v1/customers/getAll";
    pub const CUSTOMERS_ADD: &str = "/api/connector/v1/customers/add";
    pub const RESERVATIONS_GET_ALL: &str = "/api/connector/v1/reservations/getAll/2023-06-06";
    pub const RESERVATIONS_ADD: &str = "/api/connector/v1/reservations/add";
    pub const RESERVATIONS_PRICE: &str = "/api/connector/v1/reservations/price";
    pub const RESERVATIONS_CONFIRM: &str = "/api/connector/v1/reservations/confirm";
    pub const RESERVATIONS_START: &str = "/api/connector/v1/reservations/start";
    pub const RESERVATIONS_PROCESS: &str = "/api/connector/v1/reservations/process";
    pub const RESERVATIONS_CANCEL: &str = "/api/connector/v1/reservations/cancel";
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples/mews");

    fn example(name: &str) -> Option<String> {
        std::fs::read_to_string(format!("{EXAMPLES}/{name}")).ok()
    }

    #[test]
    fn the_documented_examples_parse() {
        // The examples live in the shared notes beside the repository; CI always has them.
        let Some(resp) = example("reservations-getAll.response.json") else {
            panic!("shared/providers/examples/mews is missing beside the repository");
        };
        let r: ReservationsGetAllResponse = serde_json::from_str(&resp).unwrap();
        assert_eq!(r.reservations.len(), 1);
        assert_eq!(r.cursor.as_deref(), Some(r.reservations[0].id.as_str()));
        assert_eq!(r.reservations[0].person_counts.iter().map(|p| p.count).sum::<u32>(), 4);

        let add: Request<ReservationsAddRequest> =
            serde_json::from_str(&example("reservations-add.request.json").unwrap()).unwrap();
        assert_eq!(add.auth.client, "Sample Client 1.0.0");
        assert_eq!(add.body.reservations[0].time_unit_prices.as_ref().unwrap().len(), 2);

        let cancel: Request<ReservationsCancelRequest> =
            serde_json::from_str(&example("reservations-cancel.request.json").unwrap()).unwrap();
        assert_eq!(cancel.body.notes.as_deref(), Some("Cancellation through Connector API"));

        let get: Request<ReservationsGetAllRequest> =
            serde_json::from_str(&example("reservations-getAll.request.json").unwrap()).unwrap();
        assert_eq!(get.body.limitation.unwrap().count, 10);

        let avail: ServicesGetAvailabilityResponse =
            serde_json::from_str(&example("services-getAvailability.response.json").unwrap()).unwrap();
        assert_eq!(avail.category_availabilities[0].availabilities, vec![6, 7, 5]);

        let ws: WebSocketMessage = serde_json::from_str(&example("websocket.message.json").unwrap()).unwrap();
        assert_eq!(ws.events.len(), 4);
        assert_eq!(ws.events[1].state.as_deref(), Some("Processed"));
    }

    #[test]
    fn requests_flatten_auth_into_the_body() {
        let req = Request {
            auth: Auth { client_token: "C".into(), access_token: "A".into(), client: "Innkeep 0.1.0".into() },
            body: ConfigurationGetRequest::default(),
        };
        let v = serde_json::to_value(&req).unwrap();
        assert_eq!(v, serde_json::json!({"ClientToken":"C","AccessToken":"A","Client":"Innkeep 0.1.0"}));
    }
}
