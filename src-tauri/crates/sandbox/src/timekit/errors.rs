//! Timekit's two error shapes: `{"errors": {"field": ["…"]}}` (422, validation, worded like
//! Laravel's messages) and `{"error": "…"}` (everything else; `model` on a 404 for an entity).
//!
//! Status choices where timekit.md leaves room (§8, §11):
//! * 401 `{"error": "Incorrect credentials: …"}` for a missing, malformed or unknown key, a key
//!   sent as the user name, or the "tokens rejected" fault (the MuleSoft connector's
//!   `TIMEKIT:INCORRECT_CREDENTIALS`);
//! * 404 `{"error": "Resource does not exist", "model": "Booking"}` for an unknown id (the
//!   shape of Timekit's widget mock), `{"error": "Not found"}` for an unknown route;
//! * 405 for a known path with another method; 400 for a body that is not JSON;
//! * 422 for validation, refused graph actions (`Cannot apply action 'x' to current state 'y'`),
//!   taken timeslots and deleting a booking that is not in a final state;
//! * 429 `Too Many Attempts.` with `Retry-After` over the sandbox rate limit (a test app's quota);
//! * any other injected status: `{"error": "Unknown error: …"}` (`TIMEKIT:UNKNOWN`).

use axum::http::StatusCode;
use innkeep_providers::timekit::wire::ErrorBody;

#[derive(Debug, Clone, PartialEq)]
pub struct TkError {
    pub status: StatusCode,
    /// Boxed: errors travel through every handler's `Result`.
    pub body: Box<ErrorBody>,
    pub retry_after: Option<u64>,
}

impl TkError {
    pub fn new(status: StatusCode, body: ErrorBody) -> Self {
        TkError { status, body: Box::new(body), retry_after: None }
    }

    /// 422 naming a field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        TkError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorBody::field(field, message))
    }

    /// "The {field} field is required."
    pub fn required(field: &str) -> Self {
        TkError::field(field, format!("The {field} field is required."))
    }

    /// 422 with one message: a business rule.
    pub fn rule(message: impl Into<String>) -> Self {
        TkError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorBody::message(message))
    }

    pub fn unauthorized(reason: &str) -> Self {
        TkError::new(StatusCode::UNAUTHORIZED, ErrorBody::message(format!("Incorrect credentials: {reason}")))
    }

    /// An unknown id of `model` (`Booking`, `Resource`).
    pub fn missing(model: &str) -> Self {
        TkError::new(
            StatusCode::NOT_FOUND,
            ErrorBody { model: Some(model.to_owned()), ..ErrorBody::message("Resource does not exist") },
        )
    }

    pub fn no_route() -> Self {
        TkError::new(StatusCode::NOT_FOUND, ErrorBody::message("Not found"))
    }

    pub fn method_not_allowed() -> Self {
        TkError::new(StatusCode::METHOD_NOT_ALLOWED, ErrorBody::message("Method not allowed"))
    }

    pub fn bad_json(reason: &str) -> Self {
        TkError::new(
            StatusCode::BAD_REQUEST,
            ErrorBody::message(format!("The request body is not valid JSON: {reason}")),
        )
    }

    pub fn too_many(retry_after: u64) -> Self {
        TkError {
            retry_after: Some(retry_after),
            ..TkError::new(StatusCode::TOO_MANY_REQUESTS, ErrorBody::message("Too Many Attempts."))
        }
    }

    /// The answer of an injected status fault.
    pub fn injected(status: u16, retry_after: Option<u64>) -> Self {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        match status {
            401 => TkError::unauthorized("the App API-Key was not accepted."),
            404 => TkError::no_route(),
            429 => TkError::too_many(retry_after.unwrap_or(1)),
            503 => TkError::new(
                code,
                ErrorBody::message("Service Unavailable: too many requests for this app, or maintenance. Retry later."),
            ),
            _ => TkError {
                retry_after,
                ..TkError::new(
                    code,
                    ErrorBody::message(format!(
                        "Unknown error: the server answered {}.",
                        code.canonical_reason().map(|r| format!("{status} {r}")).unwrap_or_else(|| status.to_string())
                    )),
                )
            },
        }
    }
}
