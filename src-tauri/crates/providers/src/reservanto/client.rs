//! Talks to the Reservanto API v1 (or the sandbox): the long-time token exchanged for a
//! 30-minute short-time token (sent bare in `Authorization`, renewed before it expires and once on
//! a 401), `TimeStamp` in every body, the envelope's business errors and the transport statuses
//! turned into errors a manager can act on.
//!
//! Reservanto publishes no rate limit; the client sends one request at a time per call, renews the
//! token under a lock (so parallel calls do not all renew), and the shared HTTP layer honours
//! `Retry-After` on a 429. The server's clock is read from each answer's `Date` header, so that
//! sync windows follow the property's "now" rather than this machine's.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use innkeep_core::{AppError, Credentials, ErrorKind};
use reqwest::header::{AUTHORIZATION, DATE};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::wire::{self, paths, BookingKey, Envelope, Stamped};
use crate::http::{status_text, Answer, Failure, HttpClient, HttpRequest, RetryPolicy, Safety};

/// A short-time token lives 30 minutes; it is renewed this long before that.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 60);
pub const TOKEN_MARGIN: Duration = Duration::from_secs(3 * 60);

struct Token {
    value: String,
    renew_at: Instant,
}

pub struct ReservantoClient {
    http: HttpClient,
    long_time_token: String,
    token: tokio::sync::Mutex<Option<Token>>,
    /// How long a token is used before it is renewed.
    token_use: Duration,
    renewals: AtomicU32,
    /// The server's time from the last answer's `Date` header, and when it arrived.
    server_time: std::sync::Mutex<Option<(DateTime<Utc>, Instant)>>,
}

impl std::fmt::Debug for ReservantoClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReservantoClient").field("base_url", &self.http.base_url()).finish_non_exhaustive()
    }
}

/// Innkeep's name for an input Reservanto names, and how to call it in a sentence; `None` for
/// parameters that are no input of the manager's (ids of the booking, flags of an action).
fn input_of(parameter: &str) -> Option<(&'static str, &'static str)> {
    Some(match parameter {
        "BookingStart" | "StartsAt" => ("arrival", "arrival"),
        "BookingEnd" | "EndsAt" => ("departure", "departure"),
        "Count" => ("adults", "number of guests"),
        "BookingResourceId" | "BookingResourceIds" => ("room_id", "room"),
        "CustomerId" => ("guest", "guest"),
        "FirstName" => ("first_name", "first name"),
        "LastName" => ("last_name", "last name"),
        "Email" => ("email", "e-mail"),
        "Phone" => ("phone", "phone number"),
        _ => return None,
    })
}

impl ReservantoClient {
    pub fn new(base_url: &str, credentials: &Credentials) -> Result<Self, AppError> {
        Self::with_policy(base_url, credentials, RetryPolicy::default())
    }

    pub fn with_policy(base_url: &str, credentials: &Credentials, policy: RetryPolicy) -> Result<Self, AppError> {
        let long_time_token = credentials
            .get("long_time_token")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::Auth,
                    "The long-time token of this Reservanto account is missing. Enter it under Replace credentials in Accounts.",
                )
            })?
            .to_owned();
        Ok(Self {
            http: HttpClient::new("Reservanto", base_url, policy),
            long_time_token,
            token: tokio::sync::Mutex::new(None),
            token_use: TOKEN_LIFETIME - TOKEN_MARGIN,
            renewals: AtomicU32::new(0),
            server_time: std::sync::Mutex::new(None),
        })
    }

    /// Uses each short-time token for `lifetime` only (tests renew on every call with zero).
    pub fn with_token_use(mut self, lifetime: Duration) -> Self {
        self.token_use = lifetime;
        self
    }

    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// How many short-time tokens this client has obtained.
    pub fn token_renewals(&self) -> u32 {
        self.renewals.load(Ordering::Relaxed)
    }

    /// The server's current time: the last `Date` header plus the time since; this machine's
    /// clock before any answer.
    pub fn server_now(&self) -> DateTime<Utc> {
        let known = *self.server_time.lock().unwrap_or_else(|e| e.into_inner());
        match known {
            Some((at, received)) => at + chrono::Duration::from_std(received.elapsed()).unwrap_or_default(),
            None => Utc::now(),
        }
    }

    /// Makes sure the server's time is known (one `Test/Echo` if no answer came yet).
    pub async fn server_now_checked(&self) -> Result<DateTime<Utc>, AppError> {
        let known = self.server_time.lock().unwrap_or_else(|e| e.into_inner()).is_some();
        if !known {
            let _: wire::EchoResponse =
                self.call(paths::ECHO, wire::EchoRequest { text: Some("Innkeep".into()) }, Safety::Safe).await?;
        }
        Ok(self.server_now())
    }

    fn note_time(&self, answer: &Answer) {
        let date =
            answer.headers.get(DATE).and_then(|v| v.to_str().ok()).and_then(|v| DateTime::parse_from_rfc2822(v).ok());
        if let Some(date) = date {
            *self.server_time.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((date.with_timezone(&Utc), Instant::now()));
        }
    }

    fn stamped<B: Serialize>(body: B) -> Stamped<B> {
        Stamped { body, time_stamp: Utc::now().timestamp() }
    }

    /// A valid short-time token: the current one, or a new one when it is due or when `stale`
    /// (a token the server refused) is still the current one.
    async fn token(&self, stale: Option<&str>) -> Result<String, AppError> {
        let mut current = self.token.lock().await;
        if let Some(t) = current.as_ref() {
            let refused = stale.is_some_and(|s| s == t.value);
            if !refused && Instant::now() < t.renew_at {
                return Ok(t.value.clone());
            }
        }
        let request = HttpRequest::new(reqwest::Method::POST, paths::SHORT_TIME_TOKEN)
            .json(&Self::stamped(wire::ShortTimeTokenRequest { long_time_token: self.long_time_token.clone() }));
        let answer = match self.http.send(&request, Safety::Safe).await {
            Ok(answer) => answer,
            Err(Failure::Status { status: 401 | 403, .. }) => return Err(Self::ltt_refused(None)),
            Err(f) => return Err(self.failure(paths::SHORT_TIME_TOKEN, f)),
        };
        self.note_time(&answer);
        let reply: wire::ShortTimeTokenResponse = self.parse(paths::SHORT_TIME_TOKEN, &answer)?;
        let value = reply.short_time_token.filter(|t| !t.is_empty()).ok_or_else(|| {
            AppError::new(ErrorKind::Malformed, "Reservanto sent no short-time token back. Try again later.")
        })?;
        innkeep_core::redact::register_secret(&value);
        self.renewals.fetch_add(1, Ordering::Relaxed);
        *current = Some(Token { value: value.clone(), renew_at: Instant::now() + self.token_use });
        Ok(value)
    }

    fn ltt_refused(said: Option<&str>) -> AppError {
        let said = said.map(|m| format!(" Reservanto says: “{m}”")).unwrap_or_default();
        AppError::new(
            ErrorKind::Auth,
            format!(
                "Reservanto refused this account's long-time token: it was revoked, or the rights were changed.{said} \
                 Ask whoever connected Innkeep to Reservanto for a new one (the property approves Innkeep's \
                 rights again on Reservanto's approval page), then enter it under Replace credentials in Accounts."
            ),
        )
    }

    /// One action: the body with `TimeStamp`, the token, one renewal on a 401, and the envelope.
    pub async fn call<B: Serialize, R: DeserializeOwned>(
        &self,
        path: &str,
        body: B,
        safety: Safety,
    ) -> Result<R, AppError> {
        let answer = self.answer(path, body, safety).await?;
        self.parse(path, &answer)
    }

    /// One action's answer, not yet read: a caller may send its next request before reading this.
    async fn answer<B: Serialize>(&self, path: &str, body: B, safety: Safety) -> Result<Answer, AppError> {
        let body = serde_json::to_vec(&Self::stamped(body)).expect("request types always serialize");
        let mut token = self.token(None).await?;
        let mut renewed = false;
        loop {
            let mut request = HttpRequest::new(reqwest::Method::POST, path).header(AUTHORIZATION, token.clone());
            request.json = Some(body.clone());
            match self.http.send(&request, safety).await {
                Ok(answer) => {
                    self.note_time(&answer);
                    return Ok(answer);
                }
                // A 401 means the request was not carried out, so it is safe to repeat once with a
                // fresh token, writes included.
                Err(Failure::Status { status: 401, .. }) if !renewed => {
                    renewed = true;
                    token = self.token(Some(&token)).await?;
                }
                Err(Failure::Status { status: 401, .. }) => return Err(Self::ltt_refused(None)),
                Err(f) => return Err(self.failure(path, f)),
            }
        }
    }

    /// The envelope first (business errors), then the action's fields.
    fn parse<R: DeserializeOwned>(&self, path: &str, answer: &Answer) -> Result<R, AppError> {
        let malformed = |e: serde_json::Error| {
            AppError::new(
                ErrorKind::Malformed,
                format!("Reservanto sent an answer to {path} that Innkeep cannot read ({e}). Nothing was changed by Innkeep; try again later."),
            )
        };
        let envelope: Envelope = serde_json::from_slice(&answer.body).map_err(malformed)?;
        if envelope.is_error {
            return Err(business_error(path, &envelope));
        }
        serde_json::from_slice(&answer.body).map_err(malformed)
    }

    fn failure(&self, path: &str, failure: Failure) -> AppError {
        let base = self.http.base_url();
        match failure {
            Failure::Connect(cause) => AppError::new(
                ErrorKind::Offline,
                format!("Cannot reach Reservanto at {base} ({cause}). Check the internet connection; saved data stays available."),
            )
            .unsent(),
            Failure::Timeout => AppError::new(
                ErrorKind::Offline,
                format!("Reservanto at {base} did not answer in time. Check the internet connection or try again later."),
            ),
            Failure::Interrupted(cause) => AppError::new(
                ErrorKind::Unavailable,
                format!("The connection to Reservanto broke off during the answer ({cause}). Try again."),
            ),
            Failure::Status { status, retry_after, body } => {
                let message = serde_json::from_slice::<wire::TransportError>(&body).ok().and_then(|b| b.message);
                let said = message.as_deref().map(|m| format!(" Reservanto says: “{m}”")).unwrap_or_default();
                match status {
                    400 => AppError::validation(
                        "base_url",
                        format!("Reservanto refused the connection (400): its API answers only over https://. Check the account's server address.{said}"),
                    ),
                    403 => AppError::new(
                        ErrorKind::Forbidden,
                        format!(
                            "This account's Reservanto token does not include the right for this action ({path}). \
                             Ask the property to grant Innkeep the missing rights in Reservanto, then enter the new long-time token.{said}"
                        ),
                    ),
                    404 | 405 => AppError::new(
                        ErrorKind::NotFound,
                        format!("Reservanto has no action at {base}{path} ({}). Check the account's server address.", status_text(status)),
                    ),
                    415 => AppError::internal(format!("Reservanto did not accept the format of Innkeep's request to {path} (415).")),
                    429 => AppError::new(
                        ErrorKind::RateLimited,
                        match retry_after {
                            Some(s) => format!("Reservanto asks Innkeep to slow down; try again in {s} seconds."),
                            None => "Reservanto asks Innkeep to slow down; try again in a minute.".into(),
                        },
                    )
                    .with_retry_after(retry_after),
                    408 | 500.. => AppError::new(
                        ErrorKind::Unavailable,
                        format!("Reservanto has a problem right now ({}).{said} Try again in a few minutes.", status_text(status)),
                    ),
                    _ => AppError::new(ErrorKind::Unavailable, format!("Reservanto answered {}.{said}", status_text(status))),
                }
            }
        }
    }

    // ------------------------------------------------------------ setup

    pub async fn merchant(&self) -> Result<wire::Merchant, AppError> {
        let r: wire::ItemResponse<wire::Merchant> =
            self.call(paths::MERCHANT_INFO, wire::EmptyRequest {}, Safety::Safe).await?;
        r.result.ok_or_else(|| AppError::new(ErrorKind::Malformed, "Reservanto sent no merchant information."))
    }

    pub async fn locations(&self) -> Result<Vec<wire::Location>, AppError> {
        let r: wire::ItemsResponse<wire::Location> =
            self.call(paths::LOCATION_LIST, wire::OnlyPublicRequest { only_public: false }, Safety::Safe).await?;
        Ok(r.items)
    }

    pub async fn segments(&self) -> Result<Vec<wire::Segment>, AppError> {
        let r: wire::ItemsResponse<wire::Segment> =
            self.call(paths::SEGMENT_LIST, wire::OnlyPublicRequest { only_public: false }, Safety::Safe).await?;
        Ok(r.items)
    }

    pub async fn resources(&self) -> Result<Vec<wire::BookingResource>, AppError> {
        let request = wire::ResourceListRequest { location_id: None, only_public: false };
        let r: wire::ItemsResponse<wire::BookingResource> =
            self.call(paths::RESOURCE_LIST, request, Safety::Safe).await?;
        Ok(r.items)
    }

    pub async fn services(&self) -> Result<Vec<wire::BookingService>, AppError> {
        let request = wire::ServiceListRequest { modified_after: None, only_public: false };
        let r: wire::BookingServicesResponse = self.call(paths::SERVICE_LIST, request, Safety::Safe).await?;
        Ok(r.booking_services)
    }

    /// Free intervals of each resource inside `[start, end)`, by resource id.
    pub async fn rental_availability(
        &self,
        resource_ids: &[i32],
        start: i64,
        end: i64,
    ) -> Result<std::collections::BTreeMap<String, Vec<wire::FreeInterval>>, AppError> {
        let request = wire::RentalAvailabilityRequest {
            booking_resource_ids: resource_ids.to_vec(),
            interval_start: start,
            interval_end: end,
        };
        let r: wire::RentalAvailabilityResponse = self.call(paths::RENTAL_AVAILABILITY, request, Safety::Safe).await?;
        Ok(r.availability)
    }

    // ------------------------------------------------------------ bookings

    /// A period's bookings, as answered: [`Self::period`] reads them. Asked for on its own so a
    /// sync can ask for the next window's while it maps this one.
    pub async fn period_bookings(&self, from: i64, to: i64) -> Result<Answer, AppError> {
        self.answer(paths::BOOKINGS_FOR_PERIOD, wire::PeriodRequest { from, to }, Safety::Safe).await
    }

    /// A period's bookings (`asked`: already answered, or asked for now) and events, one request
    /// after the other as ever, but the bookings are read while the events' request is on its
    /// way rather than before it is sent.
    pub async fn period(
        &self,
        from: i64,
        to: i64,
        asked: Option<Answer>,
    ) -> Result<(Vec<wire::BookingInfo>, Vec<wire::Event>), AppError> {
        let bookings = match asked {
            Some(answer) => answer,
            None => self.period_bookings(from, to).await?,
        };
        // Polled first, the events' request goes out before the bookings are parsed.
        let (events, infos) = tokio::join!(self.events(from, to), async {
            self.parse::<wire::BookingInfosResponse>(paths::BOOKINGS_FOR_PERIOD, &bookings)
        });
        Ok((infos?.booking_info_models, events?))
    }

    pub async fn events(&self, from: i64, to: i64) -> Result<Vec<wire::Event>, AppError> {
        let r: wire::EventsResponse = self
            .call(paths::EVENT_LIST, wire::EventListRequest { start_date: from, end_date: to }, Safety::Safe)
            .await?;
        Ok(r.events)
    }

    pub async fn event(&self, key: BookingKey) -> Result<wire::Event, AppError> {
        let r: wire::ItemResponse<wire::Event> = self.call(paths::EVENT_GET, key, Safety::Safe).await?;
        r.result.ok_or_else(|| AppError::not_found("Reservanto has no such booking (any more)."))
    }

    pub async fn activities(&self, modified_after: Option<i64>) -> Result<Vec<wire::Activity>, AppError> {
        let r: wire::ActivitiesResponse =
            self.call(paths::ACTIVITIES, wire::ActivitiesRequest { modified_after }, Safety::Safe).await?;
        Ok(r.activities)
    }

    pub async fn create_booking(
        &self,
        request: wire::CreateRentalBookingRequest,
    ) -> Result<wire::BookingCreatedResponse, AppError> {
        self.call(paths::RENTAL_CREATE, request, Safety::Unsafe).await
    }

    pub async fn cancel(&self, key: BookingKey, override_late: bool) -> Result<wire::BookingStatusResponse, AppError> {
        let request = wire::CancelBookingRequest {
            appointment_id: key.appointment_id,
            customer_id: key.customer_id,
            enable_cancel_whole_course: None,
            override_cancellation_late: Some(override_late),
        };
        self.call(paths::CANCEL, request, Safety::Unsafe).await
    }

    pub async fn confirm(&self, key: BookingKey) -> Result<wire::BookingStatusResponse, AppError> {
        self.call(paths::CONFIRM, key, Safety::Unsafe).await
    }

    pub async fn reject(&self, key: BookingKey) -> Result<wire::BookingStatusResponse, AppError> {
        self.call(paths::REJECT, key, Safety::Unsafe).await
    }

    pub async fn move_booking(
        &self,
        key: BookingKey,
        starts_at: i64,
        ends_at: i64,
    ) -> Result<wire::BookingStatusResponse, AppError> {
        let request = wire::MoveBookingRequest {
            appointment_id: key.appointment_id,
            customer_id: key.customer_id,
            starts_at,
            ends_at,
        };
        self.call(paths::MOVE, request, Safety::Unsafe).await
    }

    pub async fn set_no_show(&self, key: BookingKey, no_show_status: u8) -> Result<wire::NoShowResponse, AppError> {
        let request =
            wire::NoShowRequest { appointment_id: key.appointment_id, customer_id: key.customer_id, no_show_status };
        self.call(paths::NO_SHOW, request, Safety::Unsafe).await
    }

    // ------------------------------------------------------------ customers

    pub async fn create_customer(&self, request: wire::CustomerCreateRequest) -> Result<wire::Customer, AppError> {
        let r: wire::CustomerResponse = self.call(paths::CUSTOMER_CREATE, request, Safety::Unsafe).await?;
        r.customer.ok_or_else(|| {
            AppError::new(ErrorKind::Malformed, "Reservanto did not create the guest and said nothing why.")
        })
    }

    pub async fn customer(&self, customer_id: i32) -> Result<wire::Customer, AppError> {
        let r: wire::CustomerResponse =
            self.call(paths::CUSTOMER_GET, wire::CustomerIdRequest { customer_id }, Safety::Safe).await?;
        r.customer.ok_or_else(|| AppError::not_found(format!("Reservanto has no guest {customer_id}.")))
    }

    /// Every customer (no paging), optionally only those changed or registered after a time.
    pub async fn customers(&self, request: wire::CustomerListRequest) -> Result<Vec<wire::Customer>, AppError> {
        let r: wire::CustomersResponse = self.call(paths::CUSTOMER_LIST, request, Safety::Safe).await?;
        Ok(r.customers)
    }

    /// At most 15 customers matching the texts.
    pub async fn search_customers(
        &self,
        request: wire::CustomerSearchRequest,
    ) -> Result<Vec<wire::Customer>, AppError> {
        let r: wire::CustomersResponse = self.call(paths::CUSTOMER_SEARCH, request, Safety::Safe).await?;
        Ok(r.customers)
    }

    pub async fn edit_customer(&self, request: wire::CustomerEditRequest) -> Result<wire::Customer, AppError> {
        let r: wire::CustomerResponse = self.call(paths::CUSTOMER_EDIT, request, Safety::Unsafe).await?;
        r.customer.ok_or_else(|| AppError::new(ErrorKind::Malformed, "Reservanto did not return the edited guest."))
    }
}

/// A business error (HTTP 200, `IsError`) as a manager reads it. Reservanto's texts are Czech;
/// they are quoted after an English sentence that says what happened and what to do.
pub fn business_error(path: &str, envelope: &Envelope) -> AppError {
    let said = envelope.message();
    let quote = if said.is_empty() { String::new() } else { format!(" Reservanto says: “{said}”") };
    let parameter = envelope.parameter();
    let lower = said.to_lowercase();
    if path == paths::SHORT_TIME_TOKEN || parameter == Some("LongTimeToken") {
        return ReservantoClient::ltt_refused(Some(&said));
    }
    if path == paths::CANCEL
        && (parameter == Some("OverrideCancellationLate") || lower.contains("nejpozději") || lower.contains("pozdě"))
    {
        return AppError::new(
            ErrorKind::LateCancellation,
            format!(
                "The property's late-cancellation rule in Reservanto does not allow cancelling this booking so close to its start.{quote} \
                 You may cancel it anyway by overriding the rule."
            ),
        );
    }
    let input = parameter.and_then(input_of);
    let field = input.map(|(field, _)| field.to_owned());
    if lower.contains("neexistuje") || lower.contains("nemá rezervaci") {
        let what = input.map_or("booking or record", |(_, label)| label);
        return AppError {
            field,
            ..AppError::not_found(format!("Reservanto does not know this {what}.{quote} Sync to refresh the data."))
        };
    }
    if lower.contains("obsazen") {
        return AppError {
            field,
            ..AppError::new(
                ErrorKind::Conflict,
                format!(
                    "The room is already booked at that time in Reservanto.{quote} Choose other dates or another room."
                ),
            )
        };
    }
    match input {
        Some((field, label)) => AppError::validation(field, format!("Reservanto did not accept the {label}.{quote}")),
        None => AppError::new(ErrorKind::Forbidden, format!("Reservanto refused the action.{quote}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_errors_name_the_field_and_the_kind() {
        let e =
            business_error(paths::RENTAL_CREATE, &Envelope::error(Some("CustomerId"), "Hledaný zákazník neexistuje!"));
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::NotFound, Some("guest")));
        let e = business_error(
            paths::RENTAL_CREATE,
            &Envelope::error(Some("BookingResourceId"), "Zdroj Pokoj 101 je obsazen."),
        );
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Conflict, Some("room_id")));
        let e = business_error(paths::RENTAL_CREATE, &Envelope::error(Some("Count"), "Počet osob (3) neodpovídá."));
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("adults")));
        assert!(e.message.contains("number of guests") && e.message.contains("Počet osob"), "{}", e.message);
        let e =
            business_error(paths::CANCEL, &Envelope::error(Some("OverrideCancellationLate"), "Nejpozději 48 hodin."));
        assert_eq!(e.kind, ErrorKind::LateCancellation);
        assert!(e.message.contains("anyway"));
        let e = business_error(paths::CONFIRM, &Envelope::error(None, "Rezervace nečeká na potvrzení."));
        assert_eq!((e.kind, e.field), (ErrorKind::Forbidden, None));
        let e = business_error(paths::NO_SHOW, &Envelope::error(Some("NoShowStatus"), "Nejdříve v den začátku."));
        assert_eq!((e.kind, e.field), (ErrorKind::Forbidden, None), "not an input of the manager's");
        let e =
            business_error(paths::EVENT_GET, &Envelope::error(Some("AppointmentId"), "Hledaná rezervace neexistuje!"));
        assert_eq!((e.kind, e.field), (ErrorKind::NotFound, None));
        let e = business_error(paths::SHORT_TIME_TOKEN, &Envelope::error(Some("LongTimeToken"), "Neplatný."));
        assert_eq!(e.kind, ErrorKind::Auth);
    }
}
