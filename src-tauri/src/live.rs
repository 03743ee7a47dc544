//! Live changes in the shell: one watcher (`Innkeep::watch_live`) per account, started with the
//! app and again whenever accounts are added or removed. Each status change goes to the UI as a
//! `live-status` event and is kept for the `live_statuses` command; each sync a notification
//! caused ends in `data-changed`, like a scheduled one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use innkeep_core::{AccountLiveStatus, AppError, LiveStatus};
use innkeep_services::LiveOptions;
use tauri::async_runtime::JoinHandle;
use tauri::{AppHandle, Manager, State};

use crate::{events, AppState};

/// The running watchers and the last status of each account.
#[derive(Default)]
pub struct LiveWatchers {
    tasks: Mutex<HashMap<i64, JoinHandle<()>>>,
    statuses: Arc<Mutex<HashMap<i64, LiveStatus>>>,
}

impl LiveWatchers {
    fn statuses(&self) -> Vec<AccountLiveStatus> {
        let statuses = self.statuses.lock().unwrap_or_else(|p| p.into_inner());
        let mut all: Vec<AccountLiveStatus> =
            statuses.iter().map(|(&account_id, &status)| AccountLiveStatus { account_id, status }).collect();
        all.sort_by_key(|s| s.account_id);
        all
    }
}

/// Starts a watcher for every account that has none and stops those of removed accounts.
pub fn refresh(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = refresh_now(&app).await {
            tracing::warn!(error = %e, "could not start the live watchers");
        }
    });
}

async fn refresh_now(app: &AppHandle) -> Result<(), AppError> {
    let services = app.state::<AppState>().services.clone();
    let accounts = services.accounts().await?;
    let watchers = app.state::<LiveWatchers>();
    let mut tasks = watchers.tasks.lock().unwrap_or_else(|p| p.into_inner());
    let mut statuses = watchers.statuses.lock().unwrap_or_else(|p| p.into_inner());
    tasks.retain(|id, task| {
        let keep = accounts.iter().any(|a| a.id == *id);
        if !keep {
            task.abort();
            statuses.remove(id);
        }
        keep
    });
    let new: Vec<i64> = accounts.iter().map(|a| a.id).filter(|id| !tasks.contains_key(id)).collect();
    for id in new {
        tasks.insert(id, spawn_watcher(app.clone(), id, watchers.statuses.clone()));
    }
    Ok(())
}

fn spawn_watcher(app: AppHandle, account_id: i64, statuses: Arc<Mutex<HashMap<i64, LiveStatus>>>) -> JoinHandle<()> {
    tauri::async_runtime::spawn(async move {
        let services = app.state::<AppState>().services.clone();
        let on_status = |status: LiveStatus| {
            statuses.lock().unwrap_or_else(|p| p.into_inner()).insert(account_id, status);
            events::live_status(&app, AccountLiveStatus { account_id, status });
        };
        let on_change = |result: &Result<innkeep_services::SyncReport, AppError>| {
            if let Err(e) = result {
                tracing::info!(account_id, error = %e, "live sync failed");
            }
            events::data_changed(&app, Some(account_id));
        };
        if let Err(e) = services.watch_live(account_id, &LiveOptions::default(), &on_status, &on_change).await {
            tracing::warn!(account_id, error = %e, "live watcher stopped");
        }
    })
}

/// The live status of every account that has one (accounts appear once their watcher has
/// reported).
#[tauri::command]
pub async fn live_statuses(watchers: State<'_, LiveWatchers>) -> Result<Vec<AccountLiveStatus>, AppError> {
    Ok(watchers.statuses())
}
