//! Events the UI listens to.

use innkeep_core::{AccountLiveStatus, DataChanged, SyncProgress};
use tauri::{AppHandle, Emitter};

pub const SYNC_PROGRESS: &str = "sync-progress";
pub const DATA_CHANGED: &str = "data-changed";
pub const LIVE_STATUS: &str = "live-status";

pub fn sync_progress(app: &AppHandle, progress: SyncProgress) {
    let _ = app.emit(SYNC_PROGRESS, progress);
}

pub fn data_changed(app: &AppHandle, account_id: Option<i64>) {
    let _ = app.emit(DATA_CHANGED, DataChanged { account_id });
}

pub fn live_status(app: &AppHandle, status: AccountLiveStatus) {
    let _ = app.emit(LIVE_STATUS, status);
}
