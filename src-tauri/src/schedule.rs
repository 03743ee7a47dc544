//! Background sync: once at start, then every `sync_interval_minutes` (settings store; 0 means
//! only on demand). Progress and results reach the UI as events.

use std::time::Duration;

use innkeep_core::AppError;
use tauri::{AppHandle, Manager};
use tauri_plugin_store::StoreExt;

use crate::{events, AppState};

pub const SETTINGS_FILE: &str = "settings.json";
const DEFAULT_INTERVAL_MINUTES: u64 = 5;

/// Syncs one account, or all; reports progress as events. With one account named, its failure
/// is returned; with all, each account's failure shows on the account itself.
pub async fn sync(app: &AppHandle, account_id: Option<i64>) -> Result<(), AppError> {
    let services = app.state::<AppState>().services.clone();
    let handle = app.clone();
    let report = move |p| events::sync_progress(&handle, p);
    let ids = match account_id {
        Some(id) => vec![id],
        None => services.accounts().await?.into_iter().map(|a| a.id).collect(),
    };
    let mut first_error = None;
    for id in ids {
        let result = services.sync_account(id, &report).await;
        events::data_changed(app, Some(id));
        if let Err(e) = result {
            first_error.get_or_insert(e);
        }
    }
    match (account_id, first_error) {
        (Some(_), Some(e)) => Err(e),
        _ => Ok(()),
    }
}

pub fn sync_in_background(app: AppHandle, account_id: Option<i64>) {
    tauri::async_runtime::spawn(async move {
        if let Err(e) = sync(&app, account_id).await {
            tracing::info!(error = %e, "background sync failed");
        }
    });
}

fn interval_minutes(app: &AppHandle) -> u64 {
    app.store(SETTINGS_FILE)
        .ok()
        .and_then(|s| s.get("sync_interval_minutes"))
        .and_then(|v| v.as_u64())
        .unwrap_or(DEFAULT_INTERVAL_MINUTES)
}

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let _ = sync(&app, None).await;
        loop {
            let minutes = interval_minutes(&app);
            // With manual sync chosen, look again in a minute whether the setting changed.
            tokio::time::sleep(Duration::from_secs(60 * minutes.max(1))).await;
            if minutes > 0 {
                let _ = sync(&app, None).await;
            }
        }
    });
}
