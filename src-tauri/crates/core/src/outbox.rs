//! The outbox: actions kept while an account's provider could not be reached, sent later.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{GuestChoice, NewGuest};

/// Where an outbox entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutboxState {
    /// Waits to be sent.
    Queued,
    /// On its way (or the app stopped while it was).
    Sending,
    Sent,
    /// The provider refused it; `error` holds its message. It can be edited and sent again.
    Conflict,
    /// Not to be sent again: the answer was lost (see bookings in doubt) or it cannot be sent.
    Failed,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Conflict => "conflict",
            Self::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Queued, Self::Sending, Self::Sent, Self::Conflict, Self::Failed].into_iter().find(|v| v.as_str() == s)
    }
}

/// One action in the outbox. `kind` is `create` (the request is a `BookingDraft`) or the
/// reservation action's kind (`cancel`, `confirm`, `check_in`, … ; the request is a
/// `ReservationAction` on `reservation_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxEntry {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub account_id: i64,
    pub kind: String,
    #[ts(type = "unknown")]
    pub request: serde_json::Value,
    #[ts(type = "number | null")]
    pub reservation_id: Option<i64>,
    pub state: OutboxState,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl OutboxEntry {
    pub const CREATE: &'static str = "create";

    pub fn is_create(&self) -> bool {
        self.kind == Self::CREATE
    }
}

/// The outcome of a write: carried out, or kept in the outbox because the provider could not be
/// reached (nothing was sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "status", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum Written<T> {
    Done(T),
    Queued(OutboxEntry),
}

impl<T> Written<T> {
    pub fn done(self) -> Option<T> {
        match self {
            Written::Done(v) => Some(v),
            Written::Queued(_) => None,
        }
    }
    pub fn queued(self) -> Option<OutboxEntry> {
        match self {
            Written::Done(_) => None,
            Written::Queued(e) => Some(e),
        }
    }
}

/// Changes to a queued booking; a field left out stays as it was.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutboxEdit {
    #[ts(optional)]
    pub arrival: Option<String>,
    #[ts(optional)]
    pub departure: Option<String>,
    /// Another room of the same category.
    #[ts(optional, type = "number")]
    pub room_id: Option<i64>,
    #[ts(optional)]
    pub guest: Option<GuestChoice>,
    /// New notes (empty clears them).
    #[ts(optional)]
    pub notes: Option<String>,
}

impl OutboxEdit {
    pub fn new_guest(guest: NewGuest) -> Self {
        Self { guest: Some(GuestChoice::New(guest)), ..Self::default() }
    }
}
