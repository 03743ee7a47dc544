//! Talks to Ectosy's API (or the sandbox): the static key in `x-api-key`, gentle pacing, and the
//! gateway's and the API's errors turned into errors a manager can act on.
//!
//! Ectosy keys do not expire and there is no token to renew: a refused key (403 `Forbidden`)
//! is final, and the manager has to generate a new one in Ectosy.

use std::time::Duration;

use innkeep_core::{AppError, Credentials, ErrorKind};
use reqwest::header::HeaderName;
use reqwest::Method;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::wire::{self, codes, paths};
use crate::http::{status_text, Failure, HttpClient, HttpRequest, RetryPolicy, Safety};

/// Ectosy documents no rate limit; its gateway throttles with 429. Innkeep starts at most one
/// request per this interval per account, well below any usage plan worth the name.
pub const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// What a call does, for messages: a read, or a write whose outcome is unknown when the answer
/// is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Positions,
    CreatePeriod,
    DeletePeriod,
    RenameGuests,
}

impl Op {
    fn safety(self) -> Safety {
        if self == Op::Positions {
            Safety::Safe
        } else {
            Safety::Unsafe
        }
    }

    /// What a lost answer means for the manager.
    fn unknown_outcome(self) -> &'static str {
        match self {
            Op::Positions => "",
            Op::CreatePeriod => " The period may or may not have been saved in Ectosy.",
            Op::DeletePeriod => " The period may or may not have been deleted in Ectosy.",
            Op::RenameGuests => " The names may or may not have been changed in Ectosy.",
        }
    }

    fn doing(self) -> &'static str {
        match self {
            Op::Positions => "reading the positions",
            Op::CreatePeriod => "saving the period",
            Op::DeletePeriod => "deleting the period",
            Op::RenameGuests => "renaming the guests",
        }
    }
}

/// How `POST /period` failed: an overlap (the position is taken; nothing was saved) is told
/// apart, because the connector tries the next position and recovery reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum PostFailure {
    Overlap { conflict: Option<wire::Conflict>, error: AppError },
    Other(AppError),
}

impl From<PostFailure> for AppError {
    fn from(f: PostFailure) -> Self {
        match f {
            PostFailure::Overlap { error, .. } | PostFailure::Other(error) => error,
        }
    }
}

#[derive(Debug)]
pub struct EctosyClient {
    http: HttpClient,
    api_key: String,
    /// When the last request started, for pacing.
    last: Mutex<Option<Instant>>,
}

impl EctosyClient {
    pub fn new(base_url: &str, credentials: &Credentials) -> Result<Self, AppError> {
        Self::with_policy(base_url, credentials, RetryPolicy::default())
    }

    pub fn with_policy(base_url: &str, credentials: &Credentials, policy: RetryPolicy) -> Result<Self, AppError> {
        let api_key = credentials.get("api_key").map(str::trim).filter(|k| !k.is_empty()).ok_or_else(|| {
            AppError::new(
                ErrorKind::Auth,
                "The API key of this Ectosy account is missing. Generate one in Ectosy (Options ≡ → Keys) and enter it under Replace credentials in Accounts.",
            )
        })?;
        Ok(Self {
            http: HttpClient::new("Ectosy", base_url, policy),
            api_key: api_key.to_owned(),
            last: Mutex::new(None),
        })
    }

    pub fn base_url(&self) -> &str {
        self.http.base_url()
    }

    /// Waits until `MIN_INTERVAL` has passed since the previous request started.
    async fn pace(&self) {
        let mut last = self.last.lock().await;
        if let Some(at) = *last {
            tokio::time::sleep_until(at + MIN_INTERVAL).await;
        }
        *last = Some(Instant::now());
    }

    async fn call<R: DeserializeOwned>(&self, op: Op, request: HttpRequest) -> Result<R, (AppError, Option<Failure>)> {
        self.pace().await;
        let request = request.header(HeaderName::from_static(wire::API_KEY_HEADER), self.api_key.clone());
        let answer = match self.http.send(&request, op.safety()).await {
            Ok(a) => a,
            Err(f) => return Err((self.error(op, &request.path, &f), Some(f))),
        };
        serde_json::from_slice(&answer.body).map_err(|e| {
            let what = op.unknown_outcome();
            let advice = if what.is_empty() { " Nothing was changed; try again later." } else { what };
            let error = AppError::new(
                ErrorKind::Malformed,
                format!("Ectosy answered {} with something Innkeep cannot read ({e}).{advice}", op.doing()),
            );
            (error, None)
        })
    }

    fn error(&self, op: Op, path: &str, failure: &Failure) -> AppError {
        let base = self.http.base_url();
        let unknown = op.unknown_outcome();
        match failure {
            Failure::Connect(cause) => AppError::new(
                ErrorKind::Offline,
                format!(
                    "Cannot reach Ectosy at {base} ({cause}). Check the internet connection; saved data stays available."
                ),
            )
            .unsent(),
            Failure::Timeout => AppError::new(
                ErrorKind::Offline,
                format!("Ectosy did not answer in time while {}.{unknown} Check the connection and try again.", op.doing()),
            ),
            Failure::Interrupted(cause) => AppError::new(
                ErrorKind::Unavailable,
                format!("The connection to Ectosy broke off while {} ({cause}).{unknown} Try again.", op.doing()),
            ),
            Failure::Status { status, retry_after, body } => {
                let body = serde_json::from_slice::<wire::ErrorBody>(body).ok();
                let message = body.as_ref().map(|b| b.message.clone());
                let said = message.as_deref().map(|m| format!(" Ectosy says: “{m}”.")).unwrap_or_default();
                let code = body.as_ref().and_then(|b| b.code.as_deref());
                let field = body.as_ref().and_then(|b| b.field.as_deref()).map(innkeep_field);
                match status {
                    403 if message.as_deref() == Some("Missing Authentication Token") => AppError::new(
                        ErrorKind::NotFound,
                        format!(
                            "There is no Ectosy API at {base}{path}. Check the account's server address (it ends in /prod/api)."
                        ),
                    ),
                    401 | 403 => AppError::new(
                        ErrorKind::Auth,
                        format!(
                            "Ectosy refused the API key.{said} Generate a new key in Ectosy (Options ≡ → Keys) and enter it under Replace credentials in Accounts."
                        ),
                    ),
                    400 | 422 => {
                        let text = match code {
                            Some(codes::NO_CUSTOMERS) => "Ectosy needs at least one guest with a name for a period.".into(),
                            Some(codes::SURNAME_REQUIRED) => "Ectosy needs a last name for every guest.".into(),
                            _ => format!("Ectosy did not accept the request while {}.{said}", op.doing()),
                        };
                        AppError { field, ..AppError::new(ErrorKind::Validation, text) }
                    }
                    404 => {
                        let text = match code {
                            Some(codes::PERIOD_NOT_FOUND) => {
                                "Ectosy no longer has this period: it was deleted there (or by an earlier attempt).".into()
                            }
                            Some(codes::CUSTOMER_NOT_FOUND) => {
                                "Ectosy no longer has this guest: their period was deleted there.".into()
                            }
                            Some(codes::POSITION_NOT_FOUND) => {
                                "Ectosy no longer has this room (position). Sync the account to refresh the rooms.".into()
                            }
                            _ => format!("Ectosy did not find what Innkeep asked for.{said}"),
                        };
                        AppError { field, ..AppError::not_found(text) }
                    }
                    409 => AppError {
                        field: field.or_else(|| Some("room_id".into())),
                        ..AppError::new(
                            ErrorKind::Conflict,
                            format!("The room is already taken in Ectosy for these dates.{said} Choose other dates or another room."),
                        )
                    },
                    429 => AppError::new(
                        ErrorKind::RateLimited,
                        match retry_after {
                            Some(s) => format!("Ectosy asks Innkeep to slow down; try again in {s} seconds."),
                            None => "Ectosy asks Innkeep to slow down; try again in a minute.".into(),
                        },
                    )
                    .with_retry_after(*retry_after),
                    408 | 500.. => AppError::new(
                        ErrorKind::Unavailable,
                        format!(
                            "Ectosy has a problem right now ({}).{said}{unknown} Try again in a few minutes.",
                            status_text(*status)
                        ),
                    ),
                    _ => AppError::new(
                        ErrorKind::Unavailable,
                        format!("Ectosy answered {} while {}.{said}", status_text(*status), op.doing()),
                    ),
                }
            }
        }
    }

    /// `GET /resources`: the positions (bookable units) of the API user's account.
    pub async fn positions(&self) -> Result<Vec<wire::Position>, AppError> {
        self.call(Op::Positions, HttpRequest::new(Method::GET, paths::RESOURCES)).await.map_err(|(e, _)| e)
    }

    /// `POST /period`: saves a period; never retried (except after a 429, which is not processed).
    pub async fn create_period(
        &self,
        request: &wire::PeriodPostRequest,
    ) -> Result<wire::PeriodPostResponse, PostFailure> {
        let http = HttpRequest::new(Method::POST, paths::PERIOD).json(request);
        self.call(Op::CreatePeriod, http).await.map_err(|(error, failure)| match failure {
            Some(Failure::Status { status, body, .. }) => {
                let body = serde_json::from_slice::<wire::ErrorBody>(&body).ok();
                let overlap =
                    status == 409 || body.as_ref().and_then(|b| b.code.as_deref()) == Some(codes::PERIOD_OVERLAP);
                if overlap {
                    PostFailure::Overlap { conflict: body.and_then(|b| b.conflict), error }
                } else {
                    PostFailure::Other(error)
                }
            }
            _ => PostFailure::Other(error),
        })
    }

    /// `DELETE /period` (id in the body): returns the guests removed with it.
    pub async fn delete_period(&self, period_id: &str) -> Result<Vec<wire::Customer>, AppError> {
        let body = wire::PeriodDeleteRequest { period_id: period_id.to_owned() };
        let http = HttpRequest::new(Method::DELETE, paths::PERIOD).json(&body);
        self.call(Op::DeletePeriod, http).await.map_err(|(e, _)| e)
    }

    /// `PUT /customers`: new names for guests of existing periods.
    pub async fn rename_customers(&self, updates: &[wire::CustomerUpdate]) -> Result<(), AppError> {
        let http = HttpRequest::new(Method::PUT, paths::CUSTOMERS).json(updates);
        let answer: wire::ResOk = self.call(Op::RenameGuests, http).await.map_err(|(e, _)| e)?;
        if answer.res != "ok" {
            return Err(AppError::new(
                ErrorKind::Malformed,
                format!(
                    "Ectosy answered “{}” instead of “ok” to the new names; check the guest in Ectosy.",
                    answer.res
                ),
            ));
        }
        Ok(())
    }
}

/// Ectosy's request field names → the booking form's.
pub fn innkeep_field(ectosy: &str) -> String {
    let last = ectosy.rsplit('.').next().unwrap_or(ectosy);
    match last {
        "positionId" => "room_id",
        "start" => "arrival",
        "end" => "departure",
        "surname" => "last_name",
        "name" => "first_name",
        "customerId" => "guest_id",
        "periodId" => "reservation_id",
        _ if ectosy.starts_with("customers") => "guests",
        other => return other.to_owned(),
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ectosy_fields_become_form_fields() {
        assert_eq!(innkeep_field("customers[1].surname"), "last_name");
        assert_eq!(innkeep_field("customers"), "guests");
        assert_eq!(innkeep_field("[0].name"), "first_name");
        assert_eq!(innkeep_field("positionId"), "room_id");
        assert_eq!(innkeep_field("end"), "departure");
        assert_eq!(innkeep_field("apiUserTitle"), "apiUserTitle");
    }

    #[test]
    fn a_missing_key_is_an_auth_error() {
        let e = EctosyClient::new("http://127.0.0.1:9", &Credentials::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Auth);
    }
}
