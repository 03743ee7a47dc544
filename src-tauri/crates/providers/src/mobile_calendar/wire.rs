//! Mobile Calendar Public REST API v1 wire types, exactly as the API spells them: camelCase
//! (except the snake_case token answer), integer ids, `YYYY-MM-DD` dates, UTC `...Z` record
//! timestamps, the `{data, meta}` envelope and RFC 7807 problem bodies. Shared by the client and
//! the sandbox, so that a change of shape breaks a test at once. Unknown fields are ignored;
//! nullable fields are `Option` and serialize as `null`.
//!
//! Fields marked *sandbox* are not in the vendor's schema: see `sandbox/docs/mobile_calendar.md`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Paths below the base URL (`.../v1/public`).
pub mod paths {
    pub const HEALTH: &str = "/health";
    pub const AUTH_TOKEN: &str = "/auth/token";
    pub const ROOMS: &str = "/rooms";
    pub const ROOM_TYPES: &str = "/room-types";
    pub const AVAILABILITY: &str = "/availability";
    pub const PRICING: &str = "/pricing";
    pub const RATES: &str = "/rates";
    pub const SOURCES: &str = "/sources";
    pub const RESERVATIONS: &str = "/reservations";
    pub const CLIENTS: &str = "/clients";
    pub const INVOICES: &str = "/invoices";

    pub fn reservation(id: i64) -> String {
        format!("{RESERVATIONS}/{id}")
    }
    pub fn restore(id: i64) -> String {
        format!("{RESERVATIONS}/{id}/restore")
    }
    pub fn client(id: i64) -> String {
        format!("{CLIENTS}/{id}")
    }
    pub fn room(id: i64) -> String {
        format!("{ROOMS}/{id}")
    }
    pub fn invoice(id: i64) -> String {
        format!("{INVOICES}/{id}")
    }
}

/// Largest `limit` of a list.
pub const MAX_LIMIT: u32 = 200;
/// `limit` when none is given.
pub const DEFAULT_LIMIT: u32 = 25;
/// Longest availability/pricing window, both ends inclusive.
pub const MAX_WINDOW_DAYS: i64 = 90;
/// Problem `type` URIs are this plus `bad-request`, `unauthorized`, ...
pub const PROBLEM_BASE: &str = "https://api.mobile-calendar.com/problems/";

// ---------------------------------------------------------------- envelope, errors

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub ruid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageMeta {
    pub total_items: u64,
    pub current_page: u32,
    pub total_pages: u32,
    pub items_per_page: u32,
    pub ruid: String,
}

/// `{data: T, meta: {ruid}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct One<T> {
    pub data: T,
    pub meta: Meta,
}

/// `{data: [T], meta: {totalItems, currentPage, totalPages, itemsPerPage, ruid}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List<T> {
    pub data: Vec<T>,
    pub meta: PageMeta,
}

/// A list without pagination (`/room-types`, `/rates`, `/sources`, `/availability`, `/pricing`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Items<T> {
    pub data: Vec<T>,
    pub meta: Meta,
}

/// One message or several, as the `errors` map of a 422 holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Messages {
    One(String),
    Many(Vec<String>),
}

impl Messages {
    pub fn all(&self) -> Vec<&str> {
        match self {
            Messages::One(m) => vec![m.as_str()],
            Messages::Many(ms) => ms.iter().map(String::as_str).collect(),
        }
    }
}

/// RFC 7807 body of every error answer (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruid: Option<String>,
    /// Field -> message(s); 422 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Messages>>,
}

// ---------------------------------------------------------------- auth

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRequest {
    pub client_id: String,
    pub client_secret: String,
}

/// The one snake_case answer of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub token_type: String,
    pub access_token: String,
    /// Seconds.
    pub expires_in: u64,
    #[serde(default)]
    pub scope: Vec<String>,
    pub meta: Meta,
}

// ---------------------------------------------------------------- rooms

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Room {
    pub room_id: i64,
    pub name: String,
    /// Base occupancy.
    pub persons: u32,
    #[serde(default)]
    pub max_adults: Option<u32>,
    #[serde(default)]
    pub max_children: Option<u32>,
    /// Internal kind, e.g. `ROOM`.
    #[serde(default)]
    pub room_type: Option<String>,
    #[serde(default)]
    pub room_type_id: Option<i64>,
    #[serde(default)]
    pub single_bed: Option<u32>,
    #[serde(default)]
    pub double_bed: Option<u32>,
    #[serde(default)]
    pub extra_bed: Option<u32>,
    /// Housekeeping: `CLEAN`, `DIRTY`, `WHILE_CLEANING`.
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub service_info: Option<String>,
    #[serde(default)]
    pub info: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub square: Option<String>,
    #[serde(default)]
    pub square_type: Option<String>,
    /// Language -> text; `default` always present.
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    #[serde(default)]
    pub equipment: Vec<String>,
    #[serde(default)]
    pub share_in_offer: Option<u8>,
    #[serde(default)]
    pub location_id: Option<i64>,
    #[serde(default)]
    pub add_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub edit_date: Option<DateTime<Utc>>,
}

/// `PATCH /rooms/{id}`: only these fields may change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomUpdateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipment: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_in_offer: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomType {
    pub room_type_id: i64,
    /// `TWIN_ROOM`, `QUAD_ROOM`, `HOLIDAY_HOME`, `SINGLE_ROOM`, `DOUBLE_ROOM`, `SUITE`, `APARTMENT`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub description: BTreeMap<String, String>,
    #[serde(default)]
    pub single_bed: Option<u32>,
    #[serde(default)]
    pub double_bed: Option<u32>,
    #[serde(default)]
    pub extra_bed: Option<u32>,
    /// m².
    #[serde(default)]
    pub square: Option<u32>,
    #[serde(default)]
    pub max_adults: Option<u32>,
    #[serde(default)]
    pub max_children: Option<u32>,
    #[serde(default)]
    pub max_people: Option<u32>,
    #[serde(default)]
    pub equipment: Vec<String>,
}

// ---------------------------------------------------------------- availability, prices

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayAvailability {
    pub date: NaiveDate,
    /// 1 = the room is free that night, 0 = taken or blocked.
    pub rooms_to_sell: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomAvailability {
    pub room_id: i64,
    pub availability: Vec<DayAvailability>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
    pub rate_id: i64,
    pub name: String,
    #[serde(default)]
    pub cancellation_id: Option<i64>,
    /// 0 = OV (room only) ... 8 = SUPPER.
    #[serde(default)]
    pub meals: Option<u8>,
    #[serde(default)]
    pub parent_rate_id: Option<i64>,
    /// E.g. `-10%` against the parent rate.
    #[serde(default)]
    pub rate_relation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub source_id: i64,
    pub name: String,
    pub is_custom: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Restrictions {
    pub min_stay: u32,
    pub max_stay: u32,
    pub closed: u8,
    pub avail_arrival: u8,
    pub avail_departure: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DerivedPrice {
    pub persons: u32,
    pub price: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayPrice {
    pub date: NaiveDate,
    /// Price of the night at the room's base occupancy.
    pub base_price: f64,
    pub restrictions: Restrictions,
    #[serde(default)]
    pub derived_prices: Vec<DerivedPrice>,
}

impl DayPrice {
    /// The night's price for `persons` guests: the derived price for that many, else the base.
    pub fn for_persons(&self, persons: u32) -> f64 {
        self.derived_prices.iter().find(|d| d.persons == persons).map(|d| d.price).unwrap_or(self.base_price)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pricing {
    pub room_id: Option<i64>,
    pub type_id: Option<i64>,
    pub rate: Rate,
    pub prices: Vec<DayPrice>,
}

// ---------------------------------------------------------------- reservations

pub const SINGLE: &str = "SINGLE";
pub const GROUP: &str = "GROUP";
pub const LOCK: &str = "LOCK";

pub const REG_NONE: &str = "NONE";
pub const REG_CHECKED_IN: &str = "CHECKED_IN";
pub const REG_CHECKED_OUT: &str = "CHECKED_OUT";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalService {
    pub additional_service_id: i64,
    pub status: u8,
    pub price: f64,
    pub quantity: u32,
}

/// One object type for SINGLE, GROUP (one per room, sharing `groupId`) and LOCK.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reservation {
    #[serde(rename = "type")]
    pub kind: String,
    pub reservation_id: i64,
    #[serde(default)]
    pub reservation_no: Option<i64>,
    #[serde(default)]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub employee_id: Option<i64>,
    #[serde(default)]
    pub source_id: Option<i64>,
    #[serde(default)]
    pub client_id: Option<i64>,
    pub room_id: i64,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    #[serde(default)]
    pub check_in: Option<String>,
    #[serde(default)]
    pub check_out: Option<String>,
    #[serde(default)]
    pub adults: Option<u32>,
    #[serde(default)]
    pub children: Option<u32>,
    #[serde(default)]
    pub kids_age: Option<Vec<u32>>,
    /// `NONE`, `CHECKED_IN`, `CHECKED_OUT`.
    #[serde(default)]
    pub registration: Option<String>,
    #[serde(default)]
    pub door_code: Option<String>,
    #[serde(default)]
    pub prepayment: Option<f64>,
    #[serde(default)]
    pub prepayment_deadline: Option<NaiveDate>,
    /// `NO_PAYMENT`, `PREPAYMENT_PAID`, `PAID_ALL`.
    #[serde(default)]
    pub payment_status: Option<String>,
    #[serde(default)]
    pub payment_type: Option<String>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub meal: Option<String>,
    #[serde(default)]
    pub adults_portion: Option<u32>,
    #[serde(default)]
    pub children_portion: Option<u32>,
    #[serde(default)]
    pub additional_services: Option<Vec<AdditionalService>>,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub price: Option<f64>,
    #[serde(default)]
    pub price_per_room: Option<f64>,
    #[serde(default)]
    pub price_per_meal: Option<f64>,
    #[serde(default)]
    pub discount: Option<f64>,
    /// 0 = percent, 1 = fixed amount.
    #[serde(default)]
    pub discount_type: Option<u8>,
    #[serde(default)]
    pub rate_id: Option<i64>,
    #[serde(default)]
    pub additional_info: Option<String>,
    #[serde(default)]
    pub add_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub edit_date: Option<DateTime<Utc>>,
    /// *Sandbox*: 1 once deleted (= cancelled, restorable); lists show deleted reservations only
    /// with `includeDeleted=1`. Absent in the vendor's schema, so it defaults to 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_deleted: Option<u8>,
    /// *Sandbox*: when it was deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_date: Option<DateTime<Utc>>,
}

impl Reservation {
    pub fn deleted(&self) -> bool {
        self.is_deleted == Some(1)
    }
}

/// A scalar or an array: GROUP creation takes `roomId` as an array (sandbox reading, like the
/// GROUP webhook's arrays); webhooks send ids as arrays even for SINGLE sometimes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T: Clone> OneOrMany<T> {
    pub fn to_vec(&self) -> Vec<T> {
        match self {
            OneOrMany::One(x) => vec![x.clone()],
            OneOrMany::Many(xs) => xs.clone(),
        }
    }
}

/// `POST /reservations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReservationCreateRequest {
    #[serde(rename = "type")]
    pub kind: String,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    pub room_id: OneOrMany<i64>,
    /// Required for SINGLE and GROUP, null for LOCK.
    #[serde(default)]
    pub client_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adults: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kids_age: Option<Vec<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_out: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub door_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepayment: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepayment_deadline: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_room: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_meal: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_type: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
}

impl ReservationCreateRequest {
    pub fn new(kind: &str, arrival: NaiveDate, departure: NaiveDate, room_id: OneOrMany<i64>) -> Self {
        Self {
            kind: kind.into(),
            arrival,
            departure,
            room_id,
            client_id: None,
            adults: None,
            children: None,
            kids_age: None,
            check_in: None,
            check_out: None,
            currency: None,
            meal: None,
            door_code: None,
            prepayment: None,
            prepayment_deadline: None,
            payment_status: None,
            payment_type: None,
            registration: None,
            color: None,
            price_per_room: None,
            price_per_meal: None,
            discount: None,
            discount_type: None,
            rate_id: None,
            additional_info: None,
        }
    }
}

/// `POST /reservations` answer: one reservation, or (GROUP, sandbox) one per room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Created {
    One(Box<Reservation>),
    Many(Vec<Reservation>),
}

impl Created {
    pub fn into_vec(self) -> Vec<Reservation> {
        match self {
            Created::One(r) => vec![*r],
            Created::Many(rs) => rs,
        }
    }
}

/// `PATCH /reservations/{id}`: any subset; `type` cannot change. Absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReservationUpdateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departure: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adults: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub door_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_out: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_room: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

// ---------------------------------------------------------------- clients

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    pub client_id: i64,
    /// First name.
    #[serde(default)]
    pub forename: Option<String>,
    /// Surname.
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub tax_id: Option<String>,
    #[serde(default)]
    pub personal_id: Option<String>,
    #[serde(default)]
    pub id_card: Option<String>,
    /// `NONE`, `REGULAR`, `UNWANTED`.
    #[serde(default)]
    pub client_type: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub comments: Option<String>,
    #[serde(default)]
    pub vehicle_registration_number: Option<String>,
    /// Sandbox reading: the ISO 3166-1 numeric code (616 = Poland).
    #[serde(default)]
    pub country_id: Option<i64>,
    /// ISO 639-1.
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub add_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub edit_date: Option<DateTime<Utc>>,
}

/// `POST /clients` and `PUT /clients/{id}` (`name` required by the schema in both).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_card: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_registration_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

// ---------------------------------------------------------------- invoices

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub tax_id: Option<String>,
    #[serde(default)]
    pub bank_no: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceItem {
    pub invoice_id: i64,
    pub position_id: i64,
    #[serde(default)]
    pub user_id: Option<i64>,
    pub status: u8,
    pub name: String,
    pub gross_unit_price: f64,
    pub quantity: f64,
    #[serde(default)]
    pub unit: Option<String>,
    /// VAT rate as text: `8`, `23`, `zw` (exempt).
    pub rate: String,
    #[serde(default)]
    pub symbol: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    pub invoice_id: i64,
    pub invoice_no: i64,
    pub invoice_full_no: String,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub extra_char: Option<String>,
    /// 0 standard, 1 VAT, 2 pro forma, 3 advance, 4 correction, 5 VAT-exempt, 6 advance
    /// receipt, 7 correction receipt.
    pub invoice_type: u8,
    #[serde(default)]
    pub buyer: Option<Party>,
    #[serde(default)]
    pub seller: Option<Party>,
    #[serde(default)]
    pub receiver: Option<Party>,
    #[serde(default)]
    pub invoice_items: Vec<InvoiceItem>,
    /// 0 none, 1 cash, 2 transfer, 3 card, 4 virtual card, 5 online.
    #[serde(default)]
    pub payment_type: Option<u8>,
    /// 0 unpaid, 1 partial, 2 paid.
    #[serde(default)]
    pub payment_status: Option<u8>,
    pub issue_date: NaiveDate,
    #[serde(default)]
    pub sale_date: Option<NaiveDate>,
    #[serde(default)]
    pub payment_date: Option<NaiveDate>,
    #[serde(default)]
    pub town: Option<String>,
    pub currency: String,
    #[serde(default)]
    pub additional_info: Option<String>,
    #[serde(default)]
    pub person_collect: Option<String>,
    #[serde(default)]
    pub person_issue: Option<String>,
    #[serde(default)]
    pub client_id: Option<i64>,
    #[serde(default)]
    pub reservation_id: Option<i64>,
    #[serde(default)]
    pub add_date: Option<DateTime<Utc>>,
    #[serde(default)]
    pub edit_date: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------- webhooks (read only)

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookLinks {
    #[serde(rename = "self")]
    pub self_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookData {
    #[serde(rename = "type")]
    pub kind: String,
    pub reservation_id: OneOrMany<i64>,
    pub room_id: OneOrMany<i64>,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    #[serde(default)]
    pub client_id: Option<i64>,
    #[serde(default)]
    pub triggered_by: Option<String>,
    #[serde(default)]
    pub source_id: Option<i64>,
    #[serde(default)]
    pub links: Option<WebhookLinks>,
}

/// A webhook delivery body; `webhookId` is stable across retries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEvent {
    pub webhook_id: String,
    pub event_type: String,
    /// ISO 8601 with the vendor's offset.
    pub timestamp: DateTime<chrono::FixedOffset>,
    pub data: WebhookData,
}
