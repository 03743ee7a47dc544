//! What a sync tells the UI and the CLI while it runs, and what it found when it is done.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// At most this many changes are listed per account; the counts stay exact.
pub const MAX_LISTED_CHANGES: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    Started,
    Property,
    Rooms,
    Guests,
    Reservations,
    Finished,
    Failed,
    /// Stopped by the manager; the next sync goes on from the last page written.
    Cancelled,
}

/// Progress of one account's sync, sent to the UI as an event and printed by the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    #[ts(type = "number")]
    pub account_id: i64,
    pub phase: SyncPhase,
    pub pages: u32,
    pub records: u32,
    /// Windows of the plan read completely, and how many it has (0 before the plan is made).
    pub windows_done: u32,
    pub windows_total: u32,
    /// A full read (first sync or reconciliation) rather than the changes only.
    pub full: bool,
    /// This sync goes on where an interrupted one stopped.
    pub resumed: bool,
    /// Seconds left, estimated from the windows read so far; absent until one is done.
    #[ts(optional)]
    pub eta_secs: Option<u32>,
    #[ts(optional)]
    pub error: Option<crate::AppError>,
}

impl SyncProgress {
    pub fn new(account_id: i64, phase: SyncPhase) -> Self {
        Self {
            account_id,
            phase,
            pages: 0,
            records: 0,
            windows_done: 0,
            windows_total: 0,
            full: false,
            resumed: false,
            eta_secs: None,
            error: None,
        }
    }

    /// How far the sync is, 0.0 to 1.0, by windows; `None` while there is no plan yet.
    pub fn fraction(&self) -> Option<f64> {
        (self.windows_total > 0).then(|| (self.windows_done as f64 / self.windows_total as f64).min(1.0))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "added" => Some(ChangeKind::Added),
            "changed" => Some(ChangeKind::Changed),
            "removed" => Some(ChangeKind::Removed),
            _ => None,
        }
    }
}

/// One reservation a sync found added, changed or removed at the provider. The words are kept
/// with the change, so a removed reservation can still be named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncChange {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: ChangeKind,
    /// The cached reservation, while it exists.
    #[ts(optional, type = "number")]
    pub reservation_id: Option<i64>,
    #[ts(optional)]
    pub number: Option<String>,
    #[ts(optional)]
    pub guest_name: Option<String>,
    #[ts(optional)]
    pub room_name: Option<String>,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    /// The reservation's state after the change (before it, for a removal).
    pub state: crate::ReservationState,
    pub at: DateTime<Utc>,
}

/// What changed in one account since the manager last looked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountChanges {
    #[ts(type = "number")]
    pub account_id: i64,
    pub account_label: String,
    pub added: u32,
    pub changed: u32,
    pub removed: u32,
    /// The newest first, at most [`MAX_LISTED_CHANGES`].
    pub changes: Vec<SyncChange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_a_fraction_of_the_windows() {
        let mut p = SyncProgress::new(1, SyncPhase::Reservations);
        assert_eq!(p.fraction(), None);
        p.windows_total = 4;
        p.windows_done = 1;
        assert_eq!(p.fraction(), Some(0.25));
        p.windows_done = 5;
        assert_eq!(p.fraction(), Some(1.0));
    }

    #[test]
    fn change_kinds_read_back() {
        for k in [ChangeKind::Added, ChangeKind::Changed, ChangeKind::Removed] {
            assert_eq!(ChangeKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ChangeKind::parse("moved"), None);
    }
}
