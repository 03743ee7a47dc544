use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What went wrong, in a form the UI branches on. Serialized across the IPC boundary as
/// `{kind, message, field?, retry_after_secs?}`; `message` is written for a hotel manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    /// Credentials refused (wrong or expired tokens).
    Auth,
    /// The provider refused the action by a business rule; its message says why.
    Forbidden,
    NotFound,
    /// The data changed meanwhile, or the room is taken.
    Conflict,
    /// The provider's late-cancellation rule forbids cancelling now; the manager may choose to
    /// override it explicitly (the UI asks, then sends `override_late`).
    LateCancellation,
    /// Input is invalid; `field` names the input.
    Validation,
    /// Too many requests; `retry_after_secs` says when to try again.
    RateLimited,
    /// The provider answered with a server error.
    Unavailable,
    /// The provider answered something that is not what its API documents.
    Malformed,
    /// The provider could not be reached at all.
    Offline,
    /// The OS keyring is missing or locked.
    Keyring,
    /// A fault inside Innkeep (database, I/O).
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub retry_after_secs: Option<u64>,
    /// The request never left: no connection could be made (refused, DNS, no network). Unlike
    /// a lost answer, such a write can safely be kept and sent later. Not sent to the UI.
    #[serde(skip)]
    #[ts(skip)]
    pub not_sent: bool,
}

impl AppError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), field: None, retry_after_secs: None, not_sent: false }
    }
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self { field: Some(field.to_string()), ..Self::new(ErrorKind::Validation, message) }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
    /// Marks an error as "nothing was sent" (see [`AppError::not_sent`]).
    pub fn unsent(mut self) -> Self {
        self.not_sent = true;
        self
    }
    pub fn with_retry_after(mut self, secs: Option<u64>) -> Self {
        self.retry_after_secs = secs;
        self
    }
    /// Errors that mean "the provider cannot be reached right now", which put an account offline.
    pub fn is_connectivity(&self) -> bool {
        matches!(self.kind, ErrorKind::Offline)
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_the_ui_expects() {
        let e = AppError::validation("departure", "Departure must be after arrival.");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"kind":"validation","message":"Departure must be after arrival.","field":"departure"})
        );
        let r = AppError::new(ErrorKind::RateLimited, "slow down").with_retry_after(Some(7));
        assert_eq!(serde_json::to_value(&r).unwrap()["retry_after_secs"], 7);
    }
}
