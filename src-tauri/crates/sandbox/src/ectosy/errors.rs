//! Ectosy's errors, in the style of the AWS API Gateway in front of it: a JSON body
//! `{"message": "..."}` and an `x-amzn-ErrorType` header for the gateway's own refusals; the
//! application's refusals add a `code`, the offending `field` and, for an overlap, the period in
//! the way (docs/ectosy.md lists every one).

use axum::http::StatusCode;
use innkeep_providers::ectosy::wire::{codes, Conflict, ErrorBody};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Box<ErrorBody>,
    /// `x-amzn-ErrorType` of gateway errors.
    pub error_type: Option<&'static str>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn gateway(status: StatusCode, message: &str, error_type: &'static str) -> Self {
        ApiError {
            status,
            body: Box::new(ErrorBody::message(message)),
            error_type: Some(error_type),
            retry_after: None,
        }
    }

    fn app(status: StatusCode, code: &str, field: Option<&str>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            body: Box::new(ErrorBody {
                message: message.into(),
                code: Some(code.to_owned()),
                field: field.map(str::to_owned),
                conflict: None,
            }),
            error_type: None,
            retry_after: None,
        }
    }

    /// No such resource or method on the stage.
    pub fn missing_token() -> Self {
        Self::gateway(StatusCode::FORBIDDEN, "Missing Authentication Token", "MissingAuthenticationTokenException")
    }

    /// No or a wrong `x-api-key`, or a revoked one.
    pub fn forbidden() -> Self {
        Self::gateway(StatusCode::FORBIDDEN, "Forbidden", "ForbiddenException")
    }

    pub fn throttled(retry_after: u64) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..Self::gateway(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests", "TooManyRequestsException")
        }
    }

    pub fn bad_body(message: impl Into<String>) -> Self {
        Self::app(StatusCode::BAD_REQUEST, codes::INVALID_BODY, None, message)
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::app(StatusCode::BAD_REQUEST, codes::VALIDATION, Some(field), message)
    }

    pub fn no_customers() -> Self {
        Self::app(
            StatusCode::BAD_REQUEST,
            codes::NO_CUSTOMERS,
            Some("customers"),
            "customers must contain at least one customer",
        )
    }

    pub fn surname_required(field: &str, nth: usize) -> Self {
        Self::app(
            StatusCode::BAD_REQUEST,
            codes::SURNAME_REQUIRED,
            Some(field),
            format!("customer {nth} has no surname; every customer needs a surname"),
        )
    }

    pub fn position_not_found(id: &str) -> Self {
        Self::app(
            StatusCode::NOT_FOUND,
            codes::POSITION_NOT_FOUND,
            Some("positionId"),
            format!("position {id} not found"),
        )
    }

    pub fn period_not_found(id: &str) -> Self {
        Self::app(StatusCode::NOT_FOUND, codes::PERIOD_NOT_FOUND, Some("periodId"), format!("period {id} not found"))
    }

    pub fn customer_not_found(field: &str, id: &str) -> Self {
        Self::app(
            StatusCode::NOT_FOUND,
            codes::CUSTOMER_NOT_FOUND,
            Some(field),
            format!("customer {id} not found in any existing period"),
        )
    }

    pub fn overlap(position_title: &str, conflict: Conflict) -> Self {
        let message = format!(
            "the period overlaps period {} ({} – {}) on position {position_title}",
            conflict.period_id, conflict.start, conflict.end
        );
        let mut e = Self::app(StatusCode::CONFLICT, codes::PERIOD_OVERLAP, Some("positionId"), message);
        e.body.conflict = Some(conflict);
        e
    }

    /// The answer of an injected status fault, as the gateway words it.
    pub fn injected(status: u16, retry_after: Option<u64>) -> Self {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let (message, error_type) = match status {
            403 => ("Forbidden", "ForbiddenException"),
            429 => ("Too Many Requests", "TooManyRequestsException"),
            500 | 502 => ("Internal server error", "InternalServerErrorException"),
            503 => ("Service Unavailable", "ServiceUnavailableException"),
            504 => ("Endpoint request timed out", "IntegrationTimeout"),
            _ => (code.canonical_reason().unwrap_or("Error"), "UnknownException"),
        };
        ApiError { retry_after, ..Self::gateway(code, message, error_type) }
    }
}
