//! Talks to the Mobile Calendar Public REST API v1 (or the sandbox): client-credential tokens
//! renewed before expiry and once on a 401, a request pacer that keeps within the documented
//! 60 requests a minute, page/limit lists, and RFC 7807 problems turned into errors a hotel
//! manager can act on (`field` set to Innkeep's form name where the API names an input).
//!
//! Retries are done here rather than in `HttpClient` (which gets one attempt per call), so that
//! every attempt passes the pacer: reads are retried after 5xx, timeouts and broken answers;
//! writes only after a 429 (which means "not processed").

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use innkeep_core::{AppError, Credentials, ErrorKind};
use reqwest::header::{AUTHORIZATION, DATE};
use reqwest::Method;
use serde::de::DeserializeOwned;

use super::wire::{self, paths, List, One, Problem, MAX_LIMIT};
use crate::http::{status_text, Answer, Failure, HttpClient, HttpRequest, RetryPolicy, Safety};

/// Renew a token this long before it expires (the API gives 3600 s).
const RENEW_BEFORE: Duration = Duration::from_secs(300);
const MAX_ATTEMPTS: u32 = 4;
const BASE_DELAY: Duration = Duration::from_millis(300);
/// A `Retry-After` longer than this is handed to the caller instead of waited for.
const MAX_WAIT: Duration = Duration::from_secs(20);

/// The pacer is the shared HTTP layer's limiter; these names stay for the connector's callers.
pub use crate::limiter::{Budget, Limiter as Pacer};

#[derive(Debug, Clone)]
struct Token {
    access: String,
    renew_at: Instant,
}

/// Innkeep's names for the API's input fields, where the booking and guest forms have them.
pub fn form_field(api_field: &str) -> &str {
    match api_field {
        "arrival" | "from" => "arrival",
        "departure" | "to" => "departure",
        "roomId" => "room_id",
        "adults" => "adults",
        "children" | "kidsAge" => "children",
        "name" => "last_name",
        "forename" => "first_name",
        "email" => "email",
        "phone" => "phone",
        "clientId" => "guest",
        "additionalInfo" => "notes",
        other => other,
    }
}

fn label(form_field: &str) -> &str {
    match form_field {
        "arrival" => "Arrival",
        "departure" => "Departure",
        "room_id" => "Room",
        "adults" => "Adults",
        "children" => "Children",
        "last_name" => "Last name",
        "first_name" => "First name",
        "email" => "E-mail",
        "phone" => "Phone",
        "guest" => "Guest",
        "notes" => "Notes",
        other => other,
    }
}

pub struct McClient {
    http: HttpClient,
    client_id: String,
    client_secret: String,
    token: tokio::sync::Mutex<Option<Token>>,
    /// The server's clock (`Date` header) at the last answer.
    server_time: Mutex<Option<DateTime<Utc>>>,
}

impl std::fmt::Debug for McClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McClient")
            .field("base_url", &self.http.base_url())
            .field("budget", &self.http.limiter().budget())
            .finish()
    }
}

impl McClient {
    pub fn new(base_url: &str, credentials: &Credentials, budget: Budget) -> Result<Self, AppError> {
        let field = |name: &str, label: &str| {
            credentials.get(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).ok_or_else(|| {
                AppError::new(
                    ErrorKind::Auth,
                    format!("The {label} of this Mobile Calendar account is missing. Enter it under Replace credentials in Accounts (Mobile Calendar → Integrations → REST API)."),
                )
            })
        };
        let policy =
            RetryPolicy { max_attempts: 1, base_delay: BASE_DELAY, max_wait: MAX_WAIT, ..RetryPolicy::default() };
        let client_id = field("client_id", "Client ID")?;
        // Mobile Calendar counts per user: one budget per client id.
        let limiter = Pacer::shared("Mobile Calendar", base_url, &client_id, Some(budget));
        Ok(Self {
            http: HttpClient::new("Mobile Calendar", base_url, policy).with_limiter(limiter),
            client_id,
            client_secret: field("client_secret", "Client secret")?,
            token: tokio::sync::Mutex::new(None),
            server_time: Mutex::new(None),
        })
    }

    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    pub fn pacer(&self) -> &Pacer {
        self.http.limiter()
    }

    /// The server's time at its last answer, if it sent a `Date` header.
    pub fn server_time(&self) -> Option<DateTime<Utc>> {
        *self.server_time.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One request with retries, each attempt paced.
    async fn attempt(&self, request: &HttpRequest, safety: Safety) -> Result<Answer, Failure> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            // `HttpClient` makes one attempt per call, each through the limiter.
            let result = self.http.send(request, safety).await;
            let failure = match result {
                Ok(answer) => {
                    let date = answer
                        .headers
                        .get(DATE)
                        .and_then(|d| d.to_str().ok())
                        .and_then(|d| DateTime::parse_from_rfc2822(d).ok());
                    if let Some(d) = date {
                        *self.server_time.lock().unwrap_or_else(|e| e.into_inner()) = Some(d.with_timezone(&Utc));
                    }
                    return Ok(answer);
                }
                Err(f) => f,
            };
            if attempt >= MAX_ATTEMPTS {
                return Err(failure);
            }
            let backoff = BASE_DELAY * 2u32.pow(attempt - 1);
            let delay = match &failure {
                Failure::Status { status: 429, retry_after, .. } => {
                    let wait = retry_after.map(Duration::from_secs).unwrap_or(backoff);
                    (wait <= MAX_WAIT).then_some(wait)
                }
                Failure::Status { status, .. } if safety == Safety::Safe && (*status >= 500 || *status == 408) => {
                    Some(backoff)
                }
                Failure::Timeout | Failure::Interrupted(_) if safety == Safety::Safe => Some(backoff),
                Failure::Connect(_) if safety == Safety::Safe && attempt == 1 => Some(BASE_DELAY),
                _ => None,
            };
            match delay {
                Some(d) => tokio::time::sleep(d).await,
                None => return Err(failure),
            }
        }
    }

    /// The current access token, asking for one when there is none, it is about to expire, or
    /// `rejected` (the one the server just refused) is still the current one.
    async fn bearer(&self, rejected: Option<&str>) -> Result<String, AppError> {
        let mut slot = self.token.lock().await;
        if let Some(t) = slot.as_ref() {
            if Instant::now() < t.renew_at && rejected != Some(t.access.as_str()) {
                return Ok(t.access.clone());
            }
        }
        *slot = None;
        let request = HttpRequest::new(Method::POST, paths::AUTH_TOKEN)
            .json(&wire::TokenRequest { client_id: self.client_id.clone(), client_secret: self.client_secret.clone() });
        let answer = self.attempt(&request, Safety::Safe).await.map_err(|f| self.error(f, Doing::Token))?;
        let token: wire::TokenResponse = self.decode(&answer, "the access token")?;
        innkeep_core::redact::register_secret(&token.access_token);
        let lifetime = Duration::from_secs(token.expires_in);
        let margin = RENEW_BEFORE.min(lifetime / 10);
        *slot = Some(Token { access: token.access_token.clone(), renew_at: Instant::now() + lifetime - margin });
        Ok(token.access_token)
    }

    /// Forgets the token, e.g. after the credentials changed.
    pub async fn forget_token(&self) {
        *self.token.lock().await = None;
    }

    /// Sends with the bearer token; on a 401 gets a new token once and tries again.
    async fn send(&self, request: HttpRequest, safety: Safety, doing: Doing) -> Result<Answer, AppError> {
        let token = self.bearer(None).await?;
        let with = |t: &str| request.clone().header(AUTHORIZATION, format!("Bearer {t}"));
        match self.attempt(&with(&token), safety).await {
            Ok(a) => Ok(a),
            Err(Failure::Status { status: 401, .. }) => {
                let fresh = self.bearer(Some(&token)).await?;
                self.attempt(&with(&fresh), safety).await.map_err(|f| match f {
                    Failure::Status { status: 401, body, .. } => AppError::new(
                        ErrorKind::Auth,
                        format!(
                            "Mobile Calendar refused a freshly issued access token{}. The API account may have been disabled: check it in Mobile Calendar under Integrations → REST API, then update the account in Innkeep.",
                            said(&body)
                        ),
                    ),
                    other => self.error(other, doing),
                })
            }
            Err(f) => Err(self.error(f, doing)),
        }
    }

    fn decode<T: DeserializeOwned>(&self, answer: &Answer, what: &str) -> Result<T, AppError> {
        serde_json::from_slice(&answer.body).map_err(|e| {
            AppError::new(
                ErrorKind::Malformed,
                format!("Mobile Calendar sent {what} in a form Innkeep cannot read ({e}). Try again later; if it persists, the API may have changed."),
            )
        })
    }

    async fn call<T: DeserializeOwned>(
        &self,
        request: HttpRequest,
        safety: Safety,
        doing: Doing,
    ) -> Result<T, AppError> {
        let answer = self.send(request, safety, doing).await?;
        self.decode(&answer, doing.what())
    }

    /// Turns a failed exchange into words for a manager.
    pub fn error(&self, failure: Failure, doing: Doing) -> AppError {
        let base = self.http.base_url();
        match failure {
            Failure::Connect(cause) => AppError::new(
                ErrorKind::Offline,
                format!("Cannot reach Mobile Calendar at {base} ({cause}). Check the internet connection; saved data stays available."),
            )
            .unsent(),
            Failure::Timeout => AppError::new(
                ErrorKind::Offline,
                format!("Mobile Calendar at {base} did not answer in time. Check the internet connection or try again later."),
            ),
            Failure::Interrupted(cause) => AppError::new(
                ErrorKind::Unavailable,
                format!("The connection to Mobile Calendar broke off during the answer ({cause}). Try again."),
            ),
            Failure::Status { status, retry_after, body } => {
                let problem = serde_json::from_slice::<Problem>(&body).ok();
                let detail = problem.as_ref().map(|p| p.detail.clone()).filter(|d| !d.is_empty());
                let said = said(&body);
                match status {
                    401 if doing == Doing::Token => AppError::new(
                        ErrorKind::Auth,
                        format!("Mobile Calendar refused the API credentials{said}. Check in Mobile Calendar (Integrations → REST API) that the API account still exists, and enter its Client ID and Client secret under Replace credentials in Accounts."),
                    ),
                    401 => AppError::new(
                        ErrorKind::Auth,
                        format!("Mobile Calendar refused the access token{said}. If it happens again, enter the credentials anew under Replace credentials in Accounts."),
                    ),
                    403 => AppError::new(
                        ErrorKind::Forbidden,
                        format!("Mobile Calendar does not let this API account do that{said}. Give the API account the missing permission in Mobile Calendar (Integrations → REST API), or make the change in Mobile Calendar."),
                    ),
                    404 => AppError::not_found(format!(
                        "Mobile Calendar has no such {}{said}. It may have been removed in Mobile Calendar; sync to refresh.",
                        doing.thing()
                    )),
                    409 => AppError::new(
                        ErrorKind::Conflict,
                        format!("Mobile Calendar refused: {}. Choose other dates or another room, or sync to see the current calendar.", detail.unwrap_or_else(|| "the data changed meanwhile".into())),
                    ),
                    422 => validation(problem.as_ref()),
                    400 => AppError::new(ErrorKind::Validation, format!("Mobile Calendar did not accept the request{said}.")),
                    429 => AppError::new(
                        ErrorKind::RateLimited,
                        match retry_after {
                            Some(s) => format!("Mobile Calendar allows 60 requests a minute and asks Innkeep to wait; try again in {s} seconds."),
                            None => "Mobile Calendar allows 60 requests a minute and asks Innkeep to wait; try again in a minute.".into(),
                        },
                    )
                    .with_retry_after(retry_after),
                    408 | 500.. => AppError::new(
                        ErrorKind::Unavailable,
                        format!("Mobile Calendar has a problem right now ({}){said}. Try again in a few minutes; saved data stays available.", status_text(status)),
                    ),
                    _ => AppError::new(ErrorKind::Unavailable, format!("Mobile Calendar answered {}{said}.", status_text(status))),
                }
            }
        }
    }

    // ------------------------------------------------------------------ reads

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(String, String)>,
        doing: Doing,
    ) -> Result<T, AppError> {
        let mut request = HttpRequest::new(Method::GET, path);
        request.query = query;
        self.call(request, Safety::Safe, doing).await
    }

    /// One page of a list (`limit` 200).
    pub async fn page<T: DeserializeOwned>(
        &self,
        path: &str,
        mut query: Vec<(String, String)>,
        page: u32,
        doing: Doing,
    ) -> Result<List<T>, AppError> {
        query.push(("page".into(), page.to_string()));
        query.push(("limit".into(), MAX_LIMIT.to_string()));
        self.get(path, query, doing).await
    }

    /// Every page of a list.
    pub async fn all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(String, String)>,
        doing: Doing,
    ) -> Result<Vec<T>, AppError> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let list: List<T> = self.page(path, query.clone(), page, doing).await?;
            let n = list.data.len();
            out.extend(list.data);
            if page >= list.meta.total_pages || n == 0 {
                return Ok(out);
            }
            page += 1;
        }
    }

    pub async fn rooms(&self) -> Result<Vec<wire::Room>, AppError> {
        self.all(paths::ROOMS, vec![("orderBy".into(), "roomId".into())], Doing::Rooms).await
    }

    pub async fn room_types(&self) -> Result<Vec<wire::RoomType>, AppError> {
        Ok(self.get::<wire::Items<wire::RoomType>>(paths::ROOM_TYPES, vec![], Doing::Rooms).await?.data)
    }

    pub async fn rates(&self) -> Result<Vec<wire::Rate>, AppError> {
        Ok(self.get::<wire::Items<wire::Rate>>(paths::RATES, vec![], Doing::Prices).await?.data)
    }

    /// The newest invoice, if any (it names the property and its currency).
    pub async fn latest_invoice(&self) -> Result<Option<wire::Invoice>, AppError> {
        let q = vec![
            ("limit".into(), "1".into()),
            ("orderBy".into(), "invoiceId".into()),
            ("orderType".into(), "DESC".into()),
        ];
        Ok(self.get::<List<wire::Invoice>>(paths::INVOICES, q, Doing::Invoices).await?.data.into_iter().next())
    }

    pub async fn reservations_page(
        &self,
        filter: Vec<(String, String)>,
        page: u32,
    ) -> Result<List<wire::Reservation>, AppError> {
        self.page(paths::RESERVATIONS, filter, page, Doing::Reservations).await
    }

    pub async fn reservation(&self, id: i64) -> Result<wire::Reservation, AppError> {
        Ok(self.get::<One<wire::Reservation>>(&paths::reservation(id), vec![], Doing::Reservation).await?.data)
    }

    /// Reservations by id, deleted ones included.
    pub async fn reservations_by_ids(&self, ids: &[i64]) -> Result<Vec<wire::Reservation>, AppError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(MAX_LIMIT as usize) {
            let mut q: Vec<(String, String)> =
                chunk.iter().map(|id| ("reservationId".to_string(), id.to_string())).collect();
            q.push(("includeDeleted".into(), "1".into()));
            q.push(("includeLocks".into(), "1".into()));
            out.extend(self.all::<wire::Reservation>(paths::RESERVATIONS, q, Doing::Reservations).await?);
        }
        Ok(out)
    }

    /// Reservations with exactly these dates, deleted ones included (how a group's other rooms
    /// are found: the API has no `groupId` filter).
    pub async fn reservations_on(
        &self,
        arrival: NaiveDate,
        departure: NaiveDate,
    ) -> Result<Vec<wire::Reservation>, AppError> {
        let q = vec![
            ("arrival".into(), arrival.to_string()),
            ("departure".into(), departure.to_string()),
            ("includeDeleted".into(), "1".into()),
        ];
        self.all(paths::RESERVATIONS, q, Doing::Reservations).await
    }

    pub async fn clients_page(
        &self,
        order_by: &str,
        descending: bool,
        page: u32,
    ) -> Result<List<wire::Client>, AppError> {
        let q = vec![
            ("orderBy".into(), order_by.into()),
            ("orderType".into(), if descending { "DESC" } else { "ASC" }.into()),
        ];
        self.page(paths::CLIENTS, q, page, Doing::Guests).await
    }

    pub async fn client(&self, id: i64) -> Result<wire::Client, AppError> {
        Ok(self.get::<One<wire::Client>>(&paths::client(id), vec![], Doing::Guest).await?.data)
    }

    pub async fn availability(
        &self,
        rooms: &[i64],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<wire::RoomAvailability>, AppError> {
        let mut q: Vec<(String, String)> = rooms.iter().map(|r| ("roomId".to_string(), r.to_string())).collect();
        q.push(("from".into(), from.to_string()));
        q.push(("to".into(), to.to_string()));
        Ok(self.get::<wire::Items<wire::RoomAvailability>>(paths::AVAILABILITY, q, Doing::Prices).await?.data)
    }

    pub async fn pricing(
        &self,
        rooms: &[i64],
        rate_id: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<wire::Pricing>, AppError> {
        let mut q: Vec<(String, String)> = rooms.iter().map(|r| ("roomId".to_string(), r.to_string())).collect();
        if let Some(r) = rate_id {
            q.push(("rateId".into(), r.to_string()));
        }
        q.push(("from".into(), from.to_string()));
        q.push(("to".into(), to.to_string()));
        Ok(self.get::<wire::Items<wire::Pricing>>(paths::PRICING, q, Doing::Prices).await?.data)
    }

    // ------------------------------------------------------------------ writes

    pub async fn create_client(&self, body: &wire::ClientRequest) -> Result<wire::Client, AppError> {
        let request = HttpRequest::new(Method::POST, paths::CLIENTS).json(body);
        Ok(self.call::<One<wire::Client>>(request, Safety::Unsafe, Doing::Guest).await?.data)
    }

    pub async fn update_client(&self, id: i64, body: &wire::ClientRequest) -> Result<wire::Client, AppError> {
        let request = HttpRequest::new(Method::PUT, paths::client(id)).json(body);
        Ok(self.call::<One<wire::Client>>(request, Safety::Unsafe, Doing::Guest).await?.data)
    }

    pub async fn delete_client(&self, id: i64) -> Result<(), AppError> {
        self.send(HttpRequest::new(Method::DELETE, paths::client(id)), Safety::Unsafe, Doing::Guest).await.map(|_| ())
    }

    /// Creates a reservation (SINGLE/LOCK: one; GROUP: one per room).
    pub async fn create_reservation(
        &self,
        body: &wire::ReservationCreateRequest,
    ) -> Result<Vec<wire::Reservation>, AppError> {
        let request = HttpRequest::new(Method::POST, paths::RESERVATIONS).json(body);
        Ok(self.call::<One<wire::Created>>(request, Safety::Unsafe, Doing::Booking).await?.data.into_vec())
    }

    /// The raw exchange of a create, for callers that must tell "refused" from "unknown".
    pub async fn try_create_reservation(
        &self,
        body: &wire::ReservationCreateRequest,
    ) -> Result<Vec<wire::Reservation>, (AppError, bool)> {
        let token = self.bearer(None).await.map_err(|e| (e, false))?;
        let mut request = HttpRequest::new(Method::POST, paths::RESERVATIONS).json(body);
        let mut result =
            self.attempt(&request.clone().header(AUTHORIZATION, format!("Bearer {token}")), Safety::Unsafe).await;
        if let Err(Failure::Status { status: 401, .. }) = &result {
            let fresh = self.bearer(Some(&token)).await.map_err(|e| (e, false))?;
            request = request.header(AUTHORIZATION, format!("Bearer {fresh}"));
            result = self.attempt(&request, Safety::Unsafe).await;
        }
        match result {
            Ok(answer) => self
                .decode::<One<wire::Created>>(&answer, "the new booking")
                .map(|o| o.data.into_vec())
                .map_err(|e| (e, true)),
            Err(f) => {
                // A status answer means the server decided (and refused); anything else may or
                // may not have been carried out.
                let decided = matches!(&f, Failure::Status { status, .. } if *status < 500);
                Err((self.error(f, Doing::Booking), !decided))
            }
        }
    }

    pub async fn update_reservation(
        &self,
        id: i64,
        body: &wire::ReservationUpdateRequest,
    ) -> Result<wire::Reservation, AppError> {
        let request = HttpRequest::new(Method::PATCH, paths::reservation(id)).json(body);
        Ok(self.call::<One<wire::Reservation>>(request, Safety::Unsafe, Doing::Reservation).await?.data)
    }

    /// Deletes (cancels) a reservation; `all_group` deletes every reservation of its group.
    pub async fn delete_reservation(&self, id: i64, all_group: bool) -> Result<(), AppError> {
        let mut request = HttpRequest::new(Method::DELETE, paths::reservation(id));
        if all_group {
            request = request.query("deleteAllGroup", 1);
        }
        self.send(request, Safety::Unsafe, Doing::Reservation).await.map(|_| ())
    }

    pub async fn restore_reservation(&self, id: i64) -> Result<wire::Reservation, AppError> {
        let request = HttpRequest::new(Method::POST, paths::restore(id));
        Ok(self.call::<One<wire::Reservation>>(request, Safety::Unsafe, Doing::Reservation).await?.data)
    }
}

/// What a request was for, so that messages can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Token,
    Rooms,
    Prices,
    Invoices,
    Reservations,
    Reservation,
    Booking,
    Guests,
    Guest,
}

impl Doing {
    fn what(self) -> &'static str {
        match self {
            Doing::Token => "the access token",
            Doing::Rooms => "the rooms",
            Doing::Prices => "prices and availability",
            Doing::Invoices => "the invoices",
            Doing::Reservations => "the reservations",
            Doing::Reservation => "the reservation",
            Doing::Booking => "the new booking",
            Doing::Guests => "the guests",
            Doing::Guest => "the guest",
        }
    }

    fn thing(self) -> &'static str {
        match self {
            Doing::Token | Doing::Rooms | Doing::Prices | Doing::Invoices => "resource",
            Doing::Reservations | Doing::Reservation | Doing::Booking => "reservation",
            Doing::Guests | Doing::Guest => "guest",
        }
    }
}

/// ` (Mobile Calendar says: “…”)` from a problem body, or nothing.
fn said(body: &[u8]) -> String {
    serde_json::from_slice::<Problem>(body)
        .ok()
        .map(|p| p.detail)
        .filter(|d| !d.trim().is_empty())
        .map(|d| format!(" (Mobile Calendar says: “{d}”)"))
        .unwrap_or_default()
}

/// A 422: every field error in words, `field` = the first one Innkeep's forms know.
fn validation(problem: Option<&Problem>) -> AppError {
    let Some(errors) = problem.and_then(|p| p.errors.as_ref()).filter(|e| !e.is_empty()) else {
        let detail = problem.map(|p| p.detail.clone()).unwrap_or_else(|| "the input is invalid".into());
        return AppError::new(ErrorKind::Validation, format!("Mobile Calendar did not accept the input: {detail}."));
    };
    let parts: Vec<String> =
        errors.iter().map(|(f, m)| format!("{}: {}", label(form_field(f)), m.all().join("; "))).collect();
    const KNOWN: &[&str] = &[
        "arrival",
        "departure",
        "room_id",
        "adults",
        "children",
        "last_name",
        "first_name",
        "email",
        "phone",
        "guest",
        "notes",
    ];
    let field = errors
        .keys()
        .map(|f| form_field(f))
        .find(|f| KNOWN.contains(f))
        .or_else(|| errors.keys().next().map(String::as_str).map(form_field))
        .unwrap_or("request")
        .to_string();
    AppError::validation(
        &field,
        format!("Mobile Calendar did not accept the input — {}. Correct it and try again.", parts.join(". ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn field_errors_name_the_form_fields() {
        let problem = Problem {
            kind: "https://api.mobile-calendar.com/problems/validation-error".into(),
            title: "Unprocessable Entity".into(),
            status: 422,
            detail: "Validation error".into(),
            instance: "/v1/public/reservations".into(),
            ruid: None,
            errors: Some(BTreeMap::from([(
                "arrival".into(),
                wire::Messages::One("arrival wrong format, correct: Y-m-d".into()),
            )])),
        };
        let e = validation(Some(&problem));
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.field.as_deref(), Some("arrival"));
        assert!(e.message.contains("Arrival: arrival wrong format"), "{}", e.message);
        assert_eq!(form_field("name"), "last_name");
        assert_eq!(form_field("forename"), "first_name");
        assert_eq!(form_field("roomId"), "room_id");
    }

    #[tokio::test]
    async fn the_pacer_never_lets_more_than_the_budget_through_a_window() {
        let pacer = Pacer::new(Some(Budget { requests: 3, window: Duration::from_millis(300) }));
        let started = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..7 {
            let p = pacer.acquire().await;
            starts.push(started.elapsed());
            drop(p);
        }
        // Any 4 consecutive starts span at least one window.
        for w in starts.windows(4) {
            assert!(w[3] - w[0] >= Duration::from_millis(300), "{starts:?}");
        }
    }
}
