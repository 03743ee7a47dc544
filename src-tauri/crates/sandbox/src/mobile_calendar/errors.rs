//! RFC 7807 problems, as Mobile Calendar sends them: `application/problem+json`,
//! `{type, title, status, detail, instance, ruid}` and, for 422, an `errors` map of field ->
//! message. `instance` is the request path (`/v1/public/...`).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use innkeep_providers::mobile_calendar::wire::{Messages, Problem, PROBLEM_BASE};

/// A problem before it knows its request path and `ruid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub detail: String,
    pub errors: BTreeMap<String, String>,
    /// Seconds, for 429.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError { status, detail: detail.into(), errors: BTreeMap::new(), retry_after: None }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, detail)
    }

    /// 422 `Validation error` naming one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::fields([(field.to_owned(), message.into())])
    }

    pub fn fields(errors: impl IntoIterator<Item = (String, String)>) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: "Validation error".into(),
            errors: errors.into_iter().collect(),
            retry_after: None,
        }
    }

    /// The vendor's wording for a date in another format.
    pub fn date_format(field: &str) -> Self {
        Self::field(field, format!("{field} wrong format, correct: Y-m-d"))
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests: the limit is 60 requests a minute. Retry after the time specified in response headers.",
            )
        }
    }

    pub fn to_problem(&self, instance: &str, ruid: &str) -> Problem {
        let (slug, title) = slug_and_title(self.status.as_u16());
        Problem {
            kind: format!("{PROBLEM_BASE}{slug}"),
            title: title.into(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            instance: instance.into(),
            ruid: Some(ruid.into()),
            errors: (!self.errors.is_empty())
                .then(|| self.errors.iter().map(|(k, v)| (k.clone(), Messages::One(v.clone()))).collect()),
        }
    }
}

/// The problem `type` slug and title of a status.
pub fn slug_and_title(status: u16) -> (&'static str, &'static str) {
    match status {
        400 => ("bad-request", "Bad Request"),
        401 => ("unauthorized", "Unauthorized"),
        403 => ("forbidden", "Forbidden"),
        404 => ("not-found", "Not Found"),
        409 => ("conflict", "Conflict"),
        422 => ("validation-error", "Unprocessable Entity"),
        429 => ("rate-limit", "Too Many Requests"),
        502 => ("internal-error", "Bad Gateway"),
        503 => ("internal-error", "Service Unavailable"),
        504 => ("internal-error", "Gateway Timeout"),
        s if s >= 500 => ("internal-error", "Internal Server Error"),
        _ => ("bad-request", "Bad Request"),
    }
}

/// Detail of an injected status fault, worded like the real thing.
pub fn injected_detail(status: u16) -> String {
    match status {
        408 => "The request took too long to process.".into(),
        429 => {
            "Too many requests: the limit is 60 requests a minute. Retry after the time specified in response headers."
                .into()
        }
        500 => "An unexpected error occurred.".into(),
        502 => "Bad gateway.".into(),
        503 => "The service is temporarily unavailable.".into(),
        s => format!("The server answered with status {s}."),
    }
}
