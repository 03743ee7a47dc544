//! Whether an account's changes arrive live (Mews' WebSocket notifications) or by the scheduled
//! sync, as the UI shows it on each account.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The live feed of one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum LiveStatus {
    /// The socket is open; a change at the provider is synced within moments.
    Connected,
    /// The socket dropped; the next try is in `next_in_secs` (try number `attempt`).
    Reconnecting { attempt: u32, next_in_secs: u32 },
    /// Notifications are unavailable for now; the scheduled sync brings the changes, and the
    /// socket is tried again in the background.
    Polling,
    /// The provider has no live notifications; the scheduled sync is the only way.
    NotSupported,
}

/// Payload of the `live-status` event, and one item of the `live_statuses` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccountLiveStatus {
    #[ts(type = "number")]
    pub account_id: i64,
    pub status: LiveStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_the_ui_expects() {
        let status =
            AccountLiveStatus { account_id: 3, status: LiveStatus::Reconnecting { attempt: 2, next_in_secs: 4 } };
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::json!({"account_id": 3, "status": {"state": "reconnecting", "attempt": 2, "next_in_secs": 4}})
        );
        assert_eq!(
            serde_json::to_value(LiveStatus::NotSupported).unwrap(),
            serde_json::json!({"state": "not_supported"})
        );
    }
}
