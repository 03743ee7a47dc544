//! Ectosy's "application API" exactly as it travels (seed 000 and `shared/providers/ectosy.md`):
//! three resources behind an AWS API Gateway stage, a static `x-api-key`, camelCase JSON.
//!
//! * `GET /resources` → `[{positionId, positionTitle}]` (the bookable units, despite the name).
//! * `POST /period` with `customers` as a JSON-encoded **string** → the period with its customers'
//!   ids and the price Ectosy applied.
//! * `DELETE /period` with `{periodId}` in the body → the removed customers.
//! * `PUT /customers` with `[{customerId, name, surname}]` → `{"res":"ok"}`.
//!
//! Dates are plain `yyyy-mm-dd` strings; ids are opaque strings. Error bodies are the gateway's
//! `{"message": "..."}`; the extra fields of [`ErrorBody`] are what the Innkeep sandbox adds
//! (the real API documents no error format), so they are all optional.

use serde::{Deserialize, Serialize};

/// The header that carries the API key.
pub const API_KEY_HEADER: &str = "x-api-key";

pub mod paths {
    pub const RESOURCES: &str = "/resources";
    pub const PERIOD: &str = "/period";
    pub const CUSTOMERS: &str = "/customers";
}

/// One bookable unit ("Max apartment 1") of the API user's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    pub position_id: String,
    pub position_title: String,
}

/// A guest as `POST /period` takes it, inside the JSON-encoded `customers` string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCustomer {
    pub name: String,
    pub surname: String,
}

/// The body of `POST /period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodPostRequest {
    pub position_id: String,
    /// The label of the API user (channel) the period is saved for.
    pub api_user_title: String,
    /// `yyyy-mm-dd`, the arrival day.
    pub start: String,
    /// `yyyy-mm-dd`, the departure day (see the sandbox docs for this reading).
    pub end: String,
    /// `JSON.stringify([{name, surname}, ...])`: a string, not an array.
    pub customers: String,
}

impl PeriodPostRequest {
    pub fn new(
        position_id: &str,
        api_user_title: &str,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
        customers: &[NewCustomer],
    ) -> Self {
        PeriodPostRequest {
            position_id: position_id.to_owned(),
            api_user_title: api_user_title.to_owned(),
            start: start.format("%Y-%m-%d").to_string(),
            end: end.format("%Y-%m-%d").to_string(),
            customers: serde_json::to_string(customers).expect("plain strings serialize"),
        }
    }

    /// The guests inside the `customers` string.
    pub fn decode_customers(&self) -> Result<Vec<NewCustomer>, serde_json::Error> {
        serde_json::from_str(&self.customers)
    }
}

/// A guest of a saved period, as `POST /period` and `DELETE /period` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub customer_id: String,
    pub name: String,
    pub surname: String,
}

/// The answer of `POST /period`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodPostResponse {
    pub period_id: String,
    pub customers: Vec<Customer>,
    /// The price of the period from the position's price list (a plain number, e.g. `480` or `87.5`).
    pub applied_price: f64,
    /// ISO 4217 code, e.g. `EUR`.
    pub applied_currency: String,
}

/// The body of `DELETE /period`; the answer is `Vec<Customer>` (the removed guests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodDeleteRequest {
    pub period_id: String,
}

/// One entry of the `PUT /customers` body (an array): the guest's new name and surname.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerUpdate {
    pub customer_id: String,
    pub name: String,
    pub surname: String,
}

/// The answer of `PUT /customers`: `{"res":"ok"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResOk {
    pub res: String,
}

/// The period that holds a position, named by an overlap error (sandbox extension).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    pub period_id: String,
    pub start: String,
    pub end: String,
}

/// An error answer. The gateway sends only `message`; the sandbox adds a machine-readable `code`,
/// the offending request `field` (Ectosy's name for it, e.g. `customers[1].surname`) and, for an
/// overlap, the period in the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Conflict>,
}

impl ErrorBody {
    pub fn message(message: impl Into<String>) -> Self {
        ErrorBody { message: message.into(), code: None, field: None, conflict: None }
    }
}

/// Error codes the sandbox sends in [`ErrorBody::code`].
pub mod codes {
    pub const INVALID_BODY: &str = "INVALID_BODY";
    pub const VALIDATION: &str = "VALIDATION";
    pub const NO_CUSTOMERS: &str = "NO_CUSTOMERS";
    pub const SURNAME_REQUIRED: &str = "CUSTOMER_SURNAME_REQUIRED";
    pub const POSITION_NOT_FOUND: &str = "POSITION_NOT_FOUND";
    pub const PERIOD_NOT_FOUND: &str = "PERIOD_NOT_FOUND";
    pub const CUSTOMER_NOT_FOUND: &str = "CUSTOMER_NOT_FOUND";
    pub const PERIOD_OVERLAP: &str = "PERIOD_OVERLAP";
}

/// Web hook "Reservation saved" (Ectosy's web-hooks help page; nesting and `secret` in the body
/// are inferred). "Reservation confirmed" sends the same `reservation` without `customers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReservationSaved {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    pub reservation: WebhookReservation,
    #[serde(default)]
    pub customers: Vec<WebhookCustomer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookReservation {
    pub resource_id: String,
    pub position_id: String,
    /// The same id the API calls `periodId`.
    pub reservation_id: String,
    pub start: String,
    pub end: String,
    pub reservation_confirmed: bool,
    pub resource_title_visible: String,
    pub position_title_visible: String,
    pub currency: String,
    pub total_amount: f64,
}

/// A guest as web hooks describe it (guest-registration data; everything but the name optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct WebhookCustomer {
    pub customer_id: String,
    pub name: String,
    pub surname: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub date_of_birth: Option<String>,
    #[serde(default)]
    pub citizenship: Option<String>,
    #[serde(default)]
    pub country_of_birth: Option<String>,
    #[serde(default)]
    pub country_of_residence: Option<String>,
    #[serde(default)]
    pub city_of_residence: Option<String>,
    #[serde(default)]
    pub document_type: Option<String>,
    #[serde(default)]
    pub document_number: Option<String>,
    #[serde(default)]
    pub remark: Option<String>,
    #[serde(default)]
    pub official_facility_id: Option<String>,
}

/// Web hooks "Customer check-in confirmed" / "Customer check-out confirmed": a flat guest with
/// the period's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerStay {
    #[serde(flatten)]
    pub customer: WebhookCustomer,
    pub reservation_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_travel_as_a_json_string() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let guests = [NewCustomer { name: "Ana".into(), surname: "Horvat".into() }];
        let req = PeriodPostRequest::new("pos-1", "Innkeep", d("2026-07-10"), d("2026-07-14"), &guests);
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(json["customers"], serde_json::json!(r#"[{"name":"Ana","surname":"Horvat"}]"#));
        assert_eq!(json["start"], "2026-07-10");
        assert_eq!(req.decode_customers().unwrap(), guests);
    }

    #[test]
    fn check_in_hooks_are_a_flat_guest_with_the_period() {
        let body = r#"{"name":"Ana","surname":"Horvat","customerId":"cus-1","reservationId":"per-1",
            "email":null,"gender":"F","documentType":"passport"}"#;
        let stay: CustomerStay = serde_json::from_str(body).unwrap();
        assert_eq!((stay.reservation_id.as_str(), stay.customer.customer_id.as_str()), ("per-1", "cus-1"));
        assert_eq!(stay.customer.gender.as_deref(), Some("F"));
        assert_eq!(stay.customer.city_of_residence, None);
    }

    #[test]
    fn gateway_errors_have_only_a_message() {
        let e: ErrorBody = serde_json::from_str(r#"{"message":"Forbidden"}"#).unwrap();
        assert_eq!(e, ErrorBody::message("Forbidden"));
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"message":"Forbidden"}"#);
    }
}
