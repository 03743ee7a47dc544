//! Mews errors: a status and a message, sent as `{"Message","RequestId","Details":null}`.
//!
//! Status choices where mews.md §8/§10 leave room:
//! * 400 `Invalid {Parameter}`: malformed input, unknown ids, limits (Limitation, interval length,
//!   id-list sizes), misaligned time units — things only a buggy client sends.
//! * 401: missing or unknown `ClientToken`/`AccessToken`/`Client`, or the "tokens rejected" fault.
//! * 403: business rules a hotel user can act on, worded for them: no free room, wrong
//!   reservation state for confirm/start/process/cancel (§10.6 infers 403; we follow it for every
//!   state guard), arrival in the past, too many guests, duplicate email.
//! * 404: anything but POST on an exact, case-sensitive operation path.

use axum::http::StatusCode;
use innkeep_providers::mews::wire::ErrorBody;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into() }
    }

    /// 400 `Invalid {parameter}`, with an optional reason for the developer reading it.
    pub fn invalid(parameter: &str, reason: impl AsRef<str>) -> Self {
        let reason = reason.as_ref();
        let message =
            if reason.is_empty() { format!("Invalid {parameter}.") } else { format!("Invalid {parameter}: {reason}") };
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 403: a business rule; the message is shown to the hotel user as is.
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, message)
    }

    pub fn not_found() -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "The requested operation does not exist. Operations are POST requests to exact, case-sensitive paths.",
        )
    }
}

pub fn error_body(message: &str, request_id: &str) -> Vec<u8> {
    let body = ErrorBody { message: message.to_owned(), request_id: Some(request_id.to_owned()), details: None };
    serde_json::to_vec(&body).expect("an error body serializes")
}

/// Message of an injected status fault, worded like the real thing.
pub fn injected_message(status: u16) -> String {
    match status {
        408 => "The request took too long to process. Try a shorter interval.".into(),
        429 => "Too many requests. Retry after the time given in the Retry-After header.".into(),
        500 => "An unexpected error occurred on the server.".into(),
        502 => "Bad gateway.".into(),
        503 => "The service is temporarily unavailable.".into(),
        s => format!("The server answered with status {s}."),
    }
}
