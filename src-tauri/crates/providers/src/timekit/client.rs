//! Talks to the Timekit API v2 (or the sandbox): HTTP Basic auth with the app key as password
//! and an empty user name, page-numbered lists, pacing under Timekit's 600 requests a minute,
//! and Timekit's two error shapes turned into errors a manager can act on.
//!
//! An app key does not expire and cannot be renewed from the API, so there is no token state:
//! a 401 means the key was revoked or mistyped, and is reported at once as `Auth`.

use innkeep_core::{AppError, Credentials, ErrorKind};
use reqwest::header::{HeaderName, ACCEPT, AUTHORIZATION};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::wire::{self, paths};
use crate::http::{status_text, Failure, HttpClient, HttpRequest, RetryPolicy, Safety};

/// Related models every booking read asks for: dates (event and event info), guest, room.
pub const BOOKING_INCLUDE: &str = "attributes,event,customers,resource";
/// Page size for lists (Timekit's default differs between its pages: always send it).
pub const PAGE_SIZE: u32 = 200;

/// One page of bookings: which page, how many, in which order, matching what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingsQuery {
    pub page: u32,
    pub limit: u32,
    /// `key:value;key2:value2`.
    pub search: Option<String>,
    /// `created_at`, `updated_at`, ...; with `descending` for `sortedBy=desc`.
    pub order_by: Option<&'static str>,
    pub descending: bool,
}

impl Default for BookingsQuery {
    fn default() -> Self {
        BookingsQuery { page: 1, limit: PAGE_SIZE, search: None, order_by: None, descending: false }
    }
}

#[derive(Debug)]
pub struct TimekitClient {
    http: HttpClient,
    authorization: String,
}

/// `Basic base64(":" + key)`: an empty user name and the key as password.
pub fn basic_auth(app_key: &str) -> String {
    format!("Basic {}", base64(format!(":{app_key}").as_bytes()))
}

/// Standard base64 with padding (the only encoding Basic auth needs).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Timekit's field names -> the booking form's; `None` for a bulk item's error that names no
/// field (`bookings.<n>`).
fn form_field(timekit_field: &str) -> Option<String> {
    // Bulk errors are keyed `bookings.<n>.<field>`.
    let field = match timekit_field.strip_prefix("bookings.") {
        Some(rest) => rest.split_once('.')?.1,
        None => timekit_field,
    };
    Some(
        match field {
            "customer.email" => "email",
            "customer.name" => "last_name",
            "customer.phone" => "phone",
            "start" | "from" => "arrival",
            "end" | "to" => "departure",
            "resource_id" | "resources" => "room_id",
            f if f.starts_with("meta") => "notes",
            f => f,
        }
        .to_owned(),
    )
}

/// "Cannot apply action 'cancel' to current state 'tentative'" -> ("cancel", "tentative").
fn action_refused(message: &str) -> Option<(&str, &str)> {
    let rest = message.strip_prefix("Cannot apply action '")?;
    let (action, rest) = rest.split_once('\'')?;
    let state = rest.split('\'').nth(1)?;
    Some((action, state))
}

/// Why Timekit refused an action, in a manager's words.
fn refusal(action: &str, state: &str) -> String {
    let state_words = state.replace('_', " ");
    let hint = match (action, state) {
        ("cancel", "tentative") => " A booking waiting for approval is declined, not cancelled: decline it instead.",
        ("decline", "confirmed") => " A confirmed booking can only be cancelled.",
        ("confirm" | "decline", _) => " Only bookings waiting for approval can be confirmed or declined.",
        (_, "completed" | "cancelled" | "declined" | "cancelled_by_customer") => {
            " The booking is already closed; sync to see its current state."
        }
        _ => " Sync to see its current state.",
    };
    format!("Timekit cannot {action} this booking: it is {state_words}.{hint}")
}

impl TimekitClient {
    pub fn new(base_url: &str, credentials: &Credentials) -> Result<Self, AppError> {
        Self::with_policy(base_url, credentials, RetryPolicy::default())
    }

    pub fn with_policy(base_url: &str, credentials: &Credentials, policy: RetryPolicy) -> Result<Self, AppError> {
        let key = credentials.get("app_key").map(str::trim).filter(|k| !k.is_empty()).ok_or_else(|| {
            AppError::new(
                ErrorKind::Auth,
                "The app key of this Timekit account is missing. Enter it under Replace credentials in Accounts.",
            )
        })?;
        Ok(TimekitClient {
            // Timekit counts per app, i.e. per API key.
            http: HttpClient::new("Timekit", base_url, policy).limited_per(key),
            authorization: basic_auth(key),
        })
    }

    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    async fn exchange(&self, what: &str, request: HttpRequest, safety: Safety) -> Result<bytes::Bytes, AppError> {
        // The shared HTTP layer keeps within Timekit's 600 requests a minute (a sliding window,
        // so a sync's pages go out back to back rather than 100 ms apart).
        let path = request.path.clone();
        let request = request
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, "application/json")
            .header(HeaderName::from_static("timekit-timezone"), "UTC");
        match self.http.send(&request, safety).await {
            Ok(answer) => Ok(answer.body),
            Err(failure) => Err(self.error(what, &path, failure)),
        }
    }

    async fn call<T: DeserializeOwned>(&self, what: &str, request: HttpRequest, safety: Safety) -> Result<T, AppError> {
        let body = self.exchange(what, request, safety).await?;
        serde_json::from_slice(&body).map_err(|e| {
            AppError::new(
                ErrorKind::Malformed,
                format!("Timekit sent an answer Innkeep cannot read while trying to {what} ({e}). Try again later."),
            )
        })
    }

    fn with_json<B: Serialize + ?Sized>(method: Method, path: impl Into<String>, body: &B) -> HttpRequest {
        HttpRequest::new(method, path).json(body)
    }

    /// Turns a failed exchange into words. `what` completes "while trying to …".
    pub fn error(&self, what: &str, path: &str, failure: Failure) -> AppError {
        let base = self.http.base_url();
        match failure {
            Failure::Connect(cause) => AppError::new(
                ErrorKind::Offline,
                format!("Cannot reach Timekit at {base} ({cause}). Check the internet connection; saved data stays available."),
            )
            .unsent(),
            Failure::Timeout => AppError::new(
                ErrorKind::Offline,
                format!("Timekit at {base} did not answer in time. Check the internet connection or try again later."),
            ),
            Failure::Interrupted(cause) => AppError::new(
                ErrorKind::Unavailable,
                format!("The connection to Timekit broke off while trying to {what} ({cause}). Try again."),
            ),
            Failure::Status { status, retry_after, body } => {
                let body: wire::ErrorBody = serde_json::from_slice(&body).unwrap_or_default();
                let text = body.text();
                let said = text.as_deref().map(|m| format!(" Timekit says: “{m}”")).unwrap_or_default();
                match status {
                    401 => AppError::new(
                        ErrorKind::Auth,
                        format!(
                            "Timekit refused the app key.{said} It may have been revoked: copy the App API-Key from Timekit \
                             (admin → API Settings) and enter it under Replace credentials in Accounts."
                        ),
                    ),
                    403 => AppError::new(ErrorKind::Forbidden, format!("Timekit does not allow Innkeep to {what}.{said}")),
                    404 if body.model.is_some() => AppError::not_found(format!(
                        "Timekit no longer has this {}; it may have been deleted in Timekit. Sync to refresh.",
                        body.model.as_deref().unwrap_or("record").to_lowercase()
                    )),
                    404 => AppError::not_found(format!(
                        "Timekit has no operation at {base}{path}. Check the account's server address (it ends in /v2)."
                    )),
                    400 | 422 => self.rule_error(what, &body, &said),
                    429 => AppError::new(
                        ErrorKind::RateLimited,
                        match retry_after {
                            Some(s) => format!("Timekit asks Innkeep to slow down; try again in {s} seconds."),
                            None => "Timekit asks Innkeep to slow down (its daily request quota); try again later.".into(),
                        },
                    )
                    .with_retry_after(retry_after),
                    503 => AppError::new(
                        ErrorKind::Unavailable,
                        format!(
                            "Timekit is busy or over its request limit right now (503 Service Unavailable).{said} \
                             Try again in a minute."
                        ),
                    ),
                    _ => AppError::new(
                        ErrorKind::Unavailable,
                        format!("Timekit has a problem right now ({}).{said} Try again in a few minutes.", status_text(status)),
                    ),
                }
            }
        }
    }

    /// A 422 (or 400): a field Timekit named, a refused action, a taken slot, or another rule.
    fn rule_error(&self, what: &str, body: &wire::ErrorBody, said: &str) -> AppError {
        let mut message = body.error.as_deref().unwrap_or_default();
        if let Some((field, text)) = body.first_field() {
            match form_field(field) {
                Some(field) => {
                    return AppError::validation(&field, format!("Timekit did not accept the booking data: {text}"))
                }
                None => message = text,
            }
        }
        if let Some((action, state)) = action_refused(message) {
            return AppError::new(ErrorKind::Forbidden, refusal(action, state));
        }
        let lower = message.to_lowercase();
        if lower.contains("final state") {
            return AppError::new(ErrorKind::Conflict, format!("Timekit cannot {what} yet.{said}"));
        }
        if lower.contains("not available") || lower.contains("double booking") {
            return AppError::new(
                ErrorKind::Conflict,
                format!(
                    "The room is already taken in Timekit for these dates.{said} Choose another room or other dates."
                ),
            );
        }
        AppError::new(ErrorKind::Forbidden, format!("Timekit refused to {what}.{said}"))
    }

    pub async fn app(&self) -> Result<wire::App, AppError> {
        let r: wire::Data<wire::App> =
            self.call("read the app", HttpRequest::new(Method::GET, paths::APP), Safety::Safe).await?;
        Ok(r.data)
    }

    /// Every resource of the app, page by page.
    pub async fn resources(&self) -> Result<Vec<wire::Resource>, AppError> {
        let mut out = Vec::new();
        let mut page = 1u32;
        loop {
            let request = HttpRequest::new(Method::GET, paths::RESOURCES).query("limit", PAGE_SIZE).query("page", page);
            let answer: wire::Paginated<wire::Resource> = self.call("read the rooms", request, Safety::Safe).await?;
            let empty = answer.data.is_empty();
            out.extend(answer.data);
            if answer.next_page_url.is_none() || empty || u64::from(page) >= answer.last_page {
                return Ok(out);
            }
            page += 1;
        }
    }

    pub async fn availability(&self, query: &wire::AvailabilityRequest) -> Result<Vec<wire::Slot>, AppError> {
        let request = Self::with_json(Method::POST, paths::AVAILABILITY, query);
        let answer: wire::Data<Vec<wire::Slot>> = self.call("look up free rooms", request, Safety::Safe).await?;
        Ok(answer.data)
    }

    pub async fn bookings_page(&self, query: &BookingsQuery) -> Result<wire::Paginated<wire::Booking>, AppError> {
        let mut request = HttpRequest::new(Method::GET, paths::BOOKINGS)
            .query("limit", query.limit)
            .query("page", query.page)
            .query("include", BOOKING_INCLUDE);
        if let Some(search) = &query.search {
            request = request.query("search", search);
        }
        if let Some(order) = query.order_by {
            request = request.query("orderBy", order).query("sortedBy", if query.descending { "desc" } else { "asc" });
        }
        self.call("read bookings", request, Safety::Safe).await
    }

    pub async fn booking(&self, id: &str) -> Result<wire::Booking, AppError> {
        let request = HttpRequest::new(Method::GET, paths::booking(id)).query("include", BOOKING_INCLUDE);
        let answer: wire::Data<wire::Booking> = self.call("read the booking", request, Safety::Safe).await?;
        Ok(answer.data)
    }

    pub async fn create_booking(&self, body: &wire::BookingCreate) -> Result<wire::Booking, AppError> {
        let request = Self::with_json(Method::POST, paths::BOOKINGS, body).query("include", BOOKING_INCLUDE);
        let answer: wire::Data<wire::Booking> = self.call("make the booking", request, Safety::Unsafe).await?;
        Ok(answer.data)
    }

    /// One booking per item in one call (`POST /bookings/bulk`).
    pub async fn create_bookings(&self, body: &wire::BulkCreate) -> Result<Vec<wire::Booking>, AppError> {
        let request = Self::with_json(Method::POST, paths::BOOKINGS_BULK, body).query("include", BOOKING_INCLUDE);
        let answer: wire::BulkAnswer = self.call("make the group booking", request, Safety::Unsafe).await?;
        Ok(answer.data)
    }

    /// `PUT /bookings/:id/:action`; `what` is how the manager would say it ("cancel the booking").
    pub async fn act(
        &self,
        id: &str,
        action: &str,
        body: &wire::ActionBody,
        what: &str,
    ) -> Result<wire::Booking, AppError> {
        let request =
            Self::with_json(Method::PUT, paths::booking_action(id, action), body).query("include", BOOKING_INCLUDE);
        let answer: wire::Data<wire::Booking> = self.call(what, request, Safety::Unsafe).await?;
        Ok(answer.data)
    }

    pub async fn update_meta(&self, id: &str, update: &wire::MetaUpdate) -> Result<wire::Booking, AppError> {
        let request = Self::with_json(Method::PUT, paths::booking_meta(id), update).query("include", BOOKING_INCLUDE);
        let answer: wire::Data<wire::Booking> = self.call("change the notes", request, Safety::Unsafe).await?;
        Ok(answer.data)
    }

    pub async fn delete_booking(&self, id: &str) -> Result<(), AppError> {
        self.exchange("delete the booking", HttpRequest::new(Method::DELETE, paths::booking(id)), Safety::Unsafe)
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_has_an_empty_user_name() {
        // base64(":key") as the docs' curl `--user :key` sends it.
        assert_eq!(basic_auth("key"), "Basic OmtleQ==");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn refused_actions_are_explained() {
        let (a, s) = action_refused("Cannot apply action 'cancel' to current state 'tentative'").unwrap();
        assert_eq!((a, s), ("cancel", "tentative"));
        assert!(refusal(a, s).contains("decline it instead"));
        assert!(action_refused("Something else").is_none());
    }

    #[test]
    fn timekit_fields_become_form_fields() {
        assert_eq!(form_field("customer.email").as_deref(), Some("email"));
        assert_eq!(form_field("bookings.1.start").as_deref(), Some("arrival"));
        assert_eq!(form_field("bookings.0"), None);
        assert_eq!(form_field("graph").as_deref(), Some("graph"));
    }

    #[tokio::test]
    async fn a_missing_key_is_an_auth_error() {
        let e = TimekitClient::new("http://127.0.0.1:9", &Credentials::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Auth);
    }
}
