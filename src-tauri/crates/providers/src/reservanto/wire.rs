//! Reservanto API v1 wire types, exactly as the API spells them (PascalCase, Unix seconds, 32-bit
//! integer ids). Shared by the client and the sandbox, so that a change of shape breaks a test at
//! once. Unknown fields are ignored, missing ones take their default, and `null` in a list or text
//! field reads as empty: the API documents that data fields carry defaults on errors.
//!
//! Every action is a `POST /v1/<Controller>/<Action>` with a JSON body that carries `TimeStamp`
//! ([`Stamped`]); every answer carries the [`Envelope`] beside its own fields, whose container
//! key differs per action (`Items`, `Result`, `Customers`, `BookingInfoModels`, ...).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds since 1970-01-01 UTC, the API's only time format.
pub type UnixTime = i64;

/// `null` reads as the type's default (an empty list or text).
fn null_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// The fields every answer carries next to its own. Business errors come as HTTP 200 with
/// `IsError: true`; the parameters name the offending request fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Envelope {
    pub is_error: bool,
    pub error_parameter: Option<String>,
    pub error_message: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub error_parameters: Vec<String>,
    #[serde(deserialize_with = "null_default")]
    pub error_messages: Vec<String>,
}

impl Envelope {
    pub fn ok() -> Self {
        Envelope::default()
    }

    pub fn error(parameter: Option<&str>, message: &str) -> Self {
        Envelope {
            is_error: true,
            error_parameter: parameter.map(str::to_owned),
            error_message: Some(message.to_owned()),
            error_parameters: parameter.map(str::to_owned).into_iter().collect(),
            error_messages: vec![message.to_owned()],
        }
    }

    /// The first offending parameter, from either field.
    pub fn parameter(&self) -> Option<&str> {
        self.error_parameter.as_deref().or(self.error_parameters.first().map(String::as_str)).filter(|p| !p.is_empty())
    }

    /// All error texts, joined.
    pub fn message(&self) -> String {
        if !self.error_messages.is_empty() {
            self.error_messages.join(" ")
        } else {
            self.error_message.clone().unwrap_or_default()
        }
    }
}

/// The body of a non-200 answer (ASP.NET Web API style: `{"Message": ...}`); the API documents
/// no body for these, so every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransportError {
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_detail: Option<String>,
}

/// A request body: the action's fields and `TimeStamp` (the current Unix time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamped<T> {
    #[serde(flatten)]
    pub body: T,
    #[serde(rename = "TimeStamp")]
    pub time_stamp: UnixTime,
}

// ---------------------------------------------------------------- enumerations

/// AppointmentStatus: the state of one customer's booking.
pub mod status {
    pub const CONFIRMATION_REQUESTED: &str = "ConfirmationRequested";
    pub const REJECTED: &str = "Rejected";
    pub const ALTERNATE_SUBSCRIBED: &str = "AlternateSubscribed";
    pub const ALTERNATE_AUTO_PROMOTION: &str = "AlternateAutoPromotion";
    pub const CANCELED: &str = "Canceled";
    pub const CONFIRMED: &str = "Confirmed";
}

/// NoShowStatus: whether the customer came.
pub mod no_show {
    pub const UNKNOWN: u8 = 0;
    pub const ARRIVED: u8 = 1;
    pub const NO_SHOW: u8 = 9;
}

/// ObjectState of locations, segments, resources and services.
pub mod object_state {
    pub const PRIVATE: &str = "Private";
    pub const PUBLIC: &str = "Public";
    pub const DELETED: &str = "Deleted";
}

/// Segment types (booking styles).
pub mod segment_type {
    pub const ONE_TO_ONE: &str = "OneToOne";
    pub const CLASSES: &str = "Classes";
    pub const RENTAL_LIKE: &str = "RentalLike";
    pub const EMS_LIKE: &str = "EmsLike";
}

/// PaymentRequiredProcess. Sent as its name; the help site's examples send the number, so both
/// are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PaymentRequiredProcess {
    #[default]
    Never,
    System,
}

impl Serialize for PaymentRequiredProcess {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            PaymentRequiredProcess::Never => "Never",
            PaymentRequiredProcess::System => "System",
        })
    }
}

impl<'de> Deserialize<'de> for PaymentRequiredProcess {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) if s == "Never" => Ok(PaymentRequiredProcess::Never),
            serde_json::Value::String(s) if s == "System" => Ok(PaymentRequiredProcess::System),
            serde_json::Value::Number(n) if n.as_u64() == Some(0) => Ok(PaymentRequiredProcess::Never),
            serde_json::Value::Number(n) if n.as_u64() == Some(1) => Ok(PaymentRequiredProcess::System),
            other => Err(serde::de::Error::custom(format!("unknown PaymentRequiredProcess {other}"))),
        }
    }
}

// ---------------------------------------------------------------- requests

/// `Authorize/GetShortTimeToken` (no Authorization header).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ShortTimeTokenRequest {
    pub long_time_token: String,
}

/// Actions without parameters (schema `EmptyRequest`): only `TimeStamp` is sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyRequest {}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EchoRequest {
    #[serde(default)]
    pub text: Option<String>,
}

/// `Location/GetList`, `Segment/GetList`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OnlyPublicRequest {
    #[serde(default)]
    pub only_public: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LocationIdRequest {
    pub location_id: i32,
}

/// `BookingResource/GetList`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceListRequest {
    #[serde(default)]
    pub location_id: Option<i32>,
    #[serde(default)]
    pub only_public: bool,
}

/// `BookingResource/Get`, `BookingService/GetForBookingResource`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceIdRequest {
    pub booking_resource_id: i32,
}

/// `BookingService/GetList`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceListRequest {
    #[serde(default)]
    pub modified_after: Option<UnixTime>,
    #[serde(default)]
    pub only_public: bool,
}

/// `RentalLike/GetAvailability`: free intervals of each resource inside the interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RentalAvailabilityRequest {
    pub booking_resource_ids: Vec<i32>,
    pub interval_start: UnixTime,
    pub interval_end: UnixTime,
}

/// `BookingResource/GetAvailability`: whether each resource is free for the whole interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceAvailabilityRequest {
    pub booking_resource_ids: Vec<i32>,
    pub from: UnixTime,
    pub to: UnixTime,
}

/// `Booking/GetBookingsForPeriod`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PeriodRequest {
    pub from: UnixTime,
    pub to: UnixTime,
}

/// `Booking/GetBookingsForCustomer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BookingsForCustomerRequest {
    pub customer_id: i32,
    pub date: UnixTime,
    pub date_to: UnixTime,
}

/// `Event/GetList`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventListRequest {
    pub start_date: UnixTime,
    pub end_date: UnixTime,
}

/// A booking's key: `Event/Get`, `Booking/Confirm`, `Booking/Reject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BookingKey {
    pub appointment_id: i32,
    pub customer_id: i32,
}

/// `Booking/GetActivities`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivitiesRequest {
    #[serde(default)]
    pub modified_after: Option<UnixTime>,
}

/// `RentalLike/CreateBooking`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRentalBookingRequest {
    pub booking_resource_id: i32,
    pub customer_id: i32,
    pub booking_start: UnixTime,
    pub booking_end: UnixTime,
    #[serde(default)]
    pub count: Option<i32>,
    #[serde(default)]
    pub customer_note: Option<String>,
    #[serde(default)]
    pub payment_required_process: Option<PaymentRequiredProcess>,
}

/// `Booking/Cancel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelBookingRequest {
    pub appointment_id: i32,
    pub customer_id: i32,
    /// Only for course bookings; omitted = true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_cancel_whole_course: Option<bool>,
    /// Ignore the merchant's "latest cancellation before start" rule.
    #[serde(default)]
    pub override_cancellation_late: Option<bool>,
}

/// `OneToOne/MoveBooking`: new start and end of the booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MoveBookingRequest {
    pub appointment_id: i32,
    pub customer_id: i32,
    pub starts_at: UnixTime,
    pub ends_at: UnixTime,
}

/// `Booking/SetNoShowState`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NoShowRequest {
    pub appointment_id: i32,
    pub customer_id: i32,
    pub no_show_status: u8,
}

/// `Customer/Create`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomerCreateRequest {
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<UnixTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
}

/// `Customer/Edit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomerEditRequest {
    pub customer_id: i32,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<UnixTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_level_id: Option<i32>,
}

/// `Customer/Get`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomerIdRequest {
    pub customer_id: i32,
}

/// `Customer/GetList` (no paging).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomerListRequest {
    #[serde(default)]
    pub modified_after: Option<UnixTime>,
    #[serde(default)]
    pub registered_after: Option<UnixTime>,
}

/// `Customer/Search`: substring texts; at most 15 customers come back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomerSearchRequest {
    #[serde(default)]
    pub name_search: Option<String>,
    #[serde(default)]
    pub email_search: Option<String>,
    #[serde(default)]
    pub phone_search: Option<String>,
}

// ---------------------------------------------------------------- answers (without the envelope)

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ShortTimeTokenResponse {
    pub short_time_token: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EchoResponse {
    pub ok: bool,
    pub received_text: Option<String>,
}

/// `ListResponseOf…`: a list in `Items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", bound(deserialize = "T: Deserialize<'de>"))]
pub struct ItemsResponse<T> {
    #[serde(default = "Vec::new", deserialize_with = "null_default")]
    pub items: Vec<T>,
}

impl<T> Default for ItemsResponse<T> {
    fn default() -> Self {
        ItemsResponse { items: Vec::new() }
    }
}

/// `ItemResponseOf…`: one object in `Result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ItemResponse<T> {
    #[serde(default = "Option::default")]
    pub result: Option<T>,
}

impl<T> Default for ItemResponse<T> {
    fn default() -> Self {
        ItemResponse { result: None }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BookingServicesResponse {
    #[serde(deserialize_with = "null_default")]
    pub booking_services: Vec<BookingService>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CustomersResponse {
    #[serde(deserialize_with = "null_default")]
    pub customers: Vec<Customer>,
}

/// `Customer/Create`, `Get`, `Edit` (`null` when nothing was made).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CustomerResponse {
    pub customer: Option<Customer>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BookingInfosResponse {
    #[serde(deserialize_with = "null_default")]
    pub booking_info_models: Vec<BookingInfo>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EventsResponse {
    #[serde(deserialize_with = "null_default")]
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ActivitiesResponse {
    #[serde(deserialize_with = "null_default")]
    pub activities: Vec<Activity>,
}

/// `RentalLike/GetAvailability`: free intervals by resource id (as a string key).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RentalAvailabilityResponse {
    #[serde(deserialize_with = "null_default")]
    pub availability: BTreeMap<String, Vec<FreeInterval>>,
}

/// `BookingResource/GetAvailability`: free for the whole interval, by resource id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ResourceAvailabilityResponse {
    #[serde(deserialize_with = "null_default")]
    pub values: BTreeMap<String, bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BookingCreatedResponse {
    pub appointment_id: i32,
    pub customer_id: i32,
    pub status: Option<String>,
    pub is_payment_required: bool,
    pub is_payment_required_processing: bool,
}

/// Confirm, Reject, Cancel, MoveBooking.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BookingStatusResponse {
    pub appointment_id: i32,
    pub customer_id: i32,
    pub status: Option<String>,
}

/// `Booking/SetNoShowState`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NoShowResponse {
    pub booking_info_model: Option<BookingInfo>,
}

// ---------------------------------------------------------------- models

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Address {
    pub name: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip_code: Option<String>,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Merchant {
    pub id: i32,
    pub name: Option<String>,
    /// IČO.
    pub personal_identifier: Option<String>,
    pub vat_id: Option<String>,
    pub vat_number: Option<String>,
    pub is_vat_payer: bool,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub web: Option<String>,
    pub invoice_address: Option<Address>,
    pub mailing_address: Option<Address>,
}

/// 0 = Sunday.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct WorkingHour {
    pub day_of_week: u8,
    pub start: UnixTime,
    pub end: UnixTime,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Location {
    pub id: i32,
    pub name: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: UnixTime,
    pub modified_at: UnixTime,
    pub state: Option<String>,
    pub address: Option<Address>,
    #[serde(deserialize_with = "null_default")]
    pub working_hours: Vec<WorkingHour>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Segment {
    pub id: i32,
    pub internal_name: Option<String>,
    pub localized_name: Option<String>,
    /// The merchant's own name, if any.
    pub customized_name: Option<String>,
    pub segment_type: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BookingResource {
    pub id: i32,
    pub location_id: i32,
    pub name: Option<String>,
    pub description: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub image_url: Option<String>,
    pub has_custom_image: bool,
    /// Minutes per calendar cell.
    pub min_time_unit: i32,
    /// How many bookings it holds at one moment.
    pub capacity: i32,
    pub available_from: Option<UnixTime>,
    pub available_to: Option<UnixTime>,
    #[serde(deserialize_with = "null_default")]
    pub segment_ids: Vec<i32>,
    #[serde(deserialize_with = "null_default")]
    pub booking_service_ids: Vec<i32>,
    #[serde(deserialize_with = "null_default")]
    pub tag_ids: Vec<i32>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PriceLevelPrice {
    pub id: i32,
    pub name: Option<String>,
    pub price: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BookingService {
    pub id: i32,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Minutes.
    pub duration: i32,
    /// Including VAT.
    pub price: Option<f64>,
    pub vat_rate_nullable: Option<f64>,
    pub segment_id: i32,
    pub segment_name: Option<String>,
    pub category_id: Option<i32>,
    pub category_name: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub booking_resource_ids: Vec<i32>,
    #[serde(deserialize_with = "null_default")]
    pub available_price_levels: Vec<PriceLevelPrice>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FreeInterval {
    pub available_from: UnixTime,
    pub available_to: UnixTime,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PaymentInfo {
    pub payment_method_formatted: Option<String>,
    pub remaining_price_with_vat: f64,
    pub is_only_partially_paid: bool,
    pub is_paid_or_waiting: bool,
    pub is_waiting: bool,
}

/// AppointmentClassApiModel: the appointment a booking sits on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Appointment {
    pub id: i32,
    pub start_date: UnixTime,
    pub end_date: UnixTime,
    pub course_id: Option<i32>,
    pub course_name: Option<String>,
    pub booking_resource_id: i32,
    pub booking_resource_name: Option<String>,
    pub booking_service_id: Option<i32>,
    pub booking_service_name: Option<String>,
    pub calendar_id: Option<i32>,
    pub calendar_name: Option<String>,
    pub capacity: i32,
    pub occupied_capacity: i32,
    pub is_available: bool,
    /// "2/10" or "free".
    pub formatted_availability: Option<String>,
}

/// BookingInfoApiModel: a booking without its status (that is on [`Event`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BookingInfo {
    pub starts_at_unix_stamp: UnixTime,
    pub appointment_id: i32,
    pub customer_id: i32,
    pub accounting_data_id: i32,
    pub booking_resource_id: i32,
    pub booking_resource_name: Option<String>,
    pub booking_service_id: Option<i32>,
    pub booking_service_name: Option<String>,
    pub course_id: Option<i32>,
    pub course_name: Option<String>,
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub customer_phone: Option<String>,
    pub person_count: i32,
    pub price: f64,
    pub vat_rate: f64,
    pub is_paid: bool,
    pub payment_info: Option<PaymentInfo>,
    /// 0 unknown, 1 arrived, 9 did not come.
    pub no_show_status: u8,
    pub public_note: Option<String>,
    pub appointment: Option<Appointment>,
}

impl BookingInfo {
    pub fn key(&self) -> BookingKey {
        BookingKey { appointment_id: self.appointment_id, customer_id: self.customer_id }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CustomValue {
    pub definition_id: i32,
    pub name: Option<String>,
    pub value: Option<String>,
}

/// EventApiModel: one customer's booking on an appointment, with its status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Event {
    pub appointment_id: i32,
    pub customer_id: i32,
    /// AppointmentStatus, see [`status`].
    pub status: String,
    pub start_date: UnixTime,
    pub end_date: UnixTime,
    /// The booked resource.
    pub source_id: i32,
    pub source_name: Option<String>,
    pub location_id: i32,
    pub location_name: Option<String>,
    pub calendar_id: Option<i32>,
    pub calendar_name: Option<String>,
    pub booking_service_id: Option<i32>,
    pub service_name: Option<String>,
    pub segment_name: Option<String>,
    pub course_id: Option<i32>,
    /// Persons / units.
    pub count: i32,
    pub customer_full_name: Option<String>,
    pub customer_note: Option<String>,
    pub merchant_note: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub custom_values: Vec<CustomValue>,
    pub price: f64,
    pub paid_part_of_price: f64,
    pub is_paid: bool,
    pub payment_method_formatted: Option<String>,
    pub no_show_status: u8,
}

impl Event {
    pub fn key(&self) -> BookingKey {
        BookingKey { appointment_id: self.appointment_id, customer_id: self.customer_id }
    }
}

/// One change of a booking made through the API (note the API's spelling `OccuredAt`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Activity {
    pub appointment_id: i32,
    pub customer_id: i32,
    /// `Canceled`, `Rejected` or `Confirmed`.
    pub change: String,
    pub occured_at: UnixTime,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tag {
    pub title: Option<String>,
    pub foreground: Option<String>,
    pub background: Option<String>,
}

/// CustomerApiModel: the full name only (`Name`); first and last are not returned separately.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Customer {
    pub id: i32,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: UnixTime,
    pub deleted: bool,
    pub price_level_id: Option<i32>,
    #[serde(deserialize_with = "null_default")]
    pub tag_ids: Vec<i32>,
    #[serde(deserialize_with = "null_default")]
    pub tags: Vec<Tag>,
    /// Empty = visible by every resource.
    #[serde(deserialize_with = "null_default")]
    pub visible_by_resource_ids: Vec<i32>,
    #[serde(deserialize_with = "null_default")]
    pub custom_values: Vec<CustomValue>,
}

/// Action paths below the base URL.
pub mod paths {
    pub const SHORT_TIME_TOKEN: &str = "/v1/Authorize/GetShortTimeToken";
    pub const ECHO: &str = "/v1/Test/Echo";
    pub const MERCHANT_INFO: &str = "/v1/Merchant/GetInfo";
    pub const LOCATION_LIST: &str = "/v1/Location/GetList";
    pub const LOCATION_GET: &str = "/v1/Location/Get";
    pub const SEGMENT_LIST: &str = "/v1/Segment/GetList";
    pub const RESOURCE_LIST: &str = "/v1/BookingResource/GetList";
    pub const RESOURCE_GET: &str = "/v1/BookingResource/Get";
    pub const RESOURCE_AVAILABILITY: &str = "/v1/BookingResource/GetAvailability";
    pub const SERVICE_LIST: &str = "/v1/BookingService/GetList";
    pub const SERVICES_FOR_RESOURCE: &str = "/v1/BookingService/GetForBookingResource";
    pub const RENTAL_AVAILABILITY: &str = "/v1/RentalLike/GetAvailability";
    pub const RENTAL_CREATE: &str = "/v1/RentalLike/CreateBooking";
    pub const BOOKINGS_FOR_PERIOD: &str = "/v1/Booking/GetBookingsForPeriod";
    pub const BOOKINGS_FOR_CUSTOMER: &str = "/v1/Booking/GetBookingsForCustomer";
    pub const ACTIVITIES: &str = "/v1/Booking/GetActivities";
    pub const CANCEL: &str = "/v1/Booking/Cancel";
    pub const CONFIRM: &str = "/v1/Booking/Confirm";
    pub const REJECT: &str = "/v1/Booking/Reject";
    pub const NO_SHOW: &str = "/v1/Booking/SetNoShowState";
    pub const MOVE: &str = "/v1/OneToOne/MoveBooking";
    pub const EVENT_LIST: &str = "/v1/Event/GetList";
    pub const EVENT_GET: &str = "/v1/Event/Get";
    pub const CUSTOMER_CREATE: &str = "/v1/Customer/Create";
    pub const CUSTOMER_GET: &str = "/v1/Customer/Get";
    pub const CUSTOMER_LIST: &str = "/v1/Customer/GetList";
    pub const CUSTOMER_SEARCH: &str = "/v1/Customer/Search";
    pub const CUSTOMER_EDIT: &str = "/v1/Customer/Edit";
}

/// Rights a long-time token can carry (the ones these actions need).
pub mod rights {
    pub const LOCATION_R: &str = "Location_r";
    pub const SEGMENT_R: &str = "Segment_r";
    pub const BOOKING_RESOURCE_R: &str = "BookingResource_r";
    pub const BOOKING_SERVICE_R: &str = "BookingService_r";
    pub const FREE_SPACE_R: &str = "FreeSpace_r";
    pub const EVENT_R: &str = "Event_r";
    pub const BOOKING_W: &str = "Booking_w";
    pub const CUSTOMER_R: &str = "Customer_r";
    pub const CUSTOMER_W: &str = "Customer_w";
    pub const MERCHANT_R: &str = "Merchant_r";
}
