//! Reservanto's two kinds of failure.
//!
//! * Business errors: HTTP 200, the envelope with `IsError: true`, Czech `ErrorMessage(s)` and
//!   the offending request field in `ErrorParameter(s)` (documented).
//! * Transport errors: 401 (no, unknown or expired short-time token), 403 (the long-time token
//!   lacks the action's right), 404 (no action at the path), 405 (known action, not POST),
//!   415 (not JSON), 500. Their bodies are not documented; the sandbox sends what ASP.NET Web API
//!   (which the help pages come from) sends: `{"Message": ...}`.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use innkeep_providers::reservanto::wire::{Envelope, TransportError};

use super::handlers::Data;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    Business { parameter: Option<String>, message: String },
    Transport { status: StatusCode, message: String },
}

impl ApiError {
    /// A business error naming the request field it is about.
    pub fn field(parameter: &str, message: impl Into<String>) -> Self {
        ApiError::Business { parameter: Some(parameter.to_owned()), message: message.into() }
    }

    /// A business error about the booking as a whole (its state, a rule).
    pub fn rule(message: impl Into<String>) -> Self {
        ApiError::Business { parameter: None, message: message.into() }
    }

    pub fn unauthorized() -> Self {
        ApiError::Transport {
            status: StatusCode::UNAUTHORIZED,
            message: "Authorization has been denied for this request.".into(),
        }
    }

    pub fn forbidden(right: &str) -> Self {
        ApiError::Transport {
            status: StatusCode::FORBIDDEN,
            message: format!("The long-time token does not grant the right {right} needed by this action."),
        }
    }

    pub fn not_found(path: &str) -> Self {
        ApiError::Transport {
            status: StatusCode::NOT_FOUND,
            message: format!("No HTTP resource was found that matches the request URI '{path}'."),
        }
    }

    pub fn method_not_allowed(method: &str) -> Self {
        ApiError::Transport {
            status: StatusCode::METHOD_NOT_ALLOWED,
            message: format!("The requested resource does not support http method '{method}'."),
        }
    }

    pub fn unsupported_media(content_type: &str) -> Self {
        ApiError::Transport {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: format!("The request entity's media type '{content_type}' is not supported for this resource."),
        }
    }

    pub fn customer_not_found(parameter: &str) -> Self {
        ApiError::field(parameter, "Hledaný zákazník neexistuje!")
    }

    pub fn booking_not_found() -> Self {
        ApiError::field("AppointmentId", "Hledaná rezervace neexistuje!")
    }
}

fn json_response(status: StatusCode, body: Vec<u8>, date: &str) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(date) {
        headers.insert(header::DATE, v);
    }
    response
}

/// A successful answer: the action's data with the envelope beside it.
pub fn success(data: Data, date: &str) -> Response {
    with_envelope(data, Envelope::ok(), date)
}

fn with_envelope(data: Data, envelope: Envelope, date: &str) -> Response {
    let envelope = serde_json::to_vec(&envelope).expect("the envelope serializes");
    json_response(StatusCode::OK, data.joined(&envelope), date)
}

/// The answer to an error: the data fields with their defaults plus the envelope for a business
/// error, or a transport status with a Web API message.
pub fn failure(error: ApiError, empty: Data, date: &str) -> Response {
    match error {
        ApiError::Business { parameter, message } => {
            with_envelope(empty, Envelope::error(parameter.as_deref(), &message), date)
        }
        ApiError::Transport { status, message } => transport(status, &message, None, date),
    }
}

pub fn transport(status: StatusCode, message: &str, retry_after: Option<u64>, date: &str) -> Response {
    let body = TransportError { message: Some(message.to_owned()), message_detail: None };
    let mut response = json_response(status, serde_json::to_vec(&body).expect("json"), date);
    if let Some(secs) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// Message of an injected status fault, worded like IIS / Web API.
pub fn injected_message(status: u16) -> String {
    match status {
        401 => "Authorization has been denied for this request.".into(),
        408 => "The request timed out.".into(),
        429 => "Too many requests. Retry after the time given in the Retry-After header.".into(),
        500 => "An error has occurred.".into(),
        502 => "Bad gateway.".into(),
        503 => "The service is unavailable.".into(),
        s => format!("The server answered with status {s}."),
    }
}
