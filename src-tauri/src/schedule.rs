//! Background sync: once at start, then every `sync_interval_minutes` (settings store; 0 means
//! only on demand), every account side by side (each account's own lock keeps one sync per
//! account). A full read reconciles each account every `full_sync_every_hours` (0: only when
//! asked). Progress and results reach the UI as events.
//!
//! The sync at start waits until the UI has drawn its first screen from the cache (`ui_ready`),
//! or FIRST_SCREEN_WAIT at most: on a small machine, syncing every account while the webview
//! loads and lays out the first screen delayed that screen (BENCHMARKS.md, `app.cold_start`).

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use innkeep_core::AppError;
use tauri::{AppHandle, Manager};
use tauri_plugin_store::StoreExt;

use crate::{events, AppState};

pub const SETTINGS_FILE: &str = "settings.json";
const DEFAULT_INTERVAL_MINUTES: u64 = 5;
/// The longest the first sync waits for the UI's first screen (a UI that never says so).
const FIRST_SCREEN_WAIT: Duration = Duration::from_secs(3);

/// Told once the UI has drawn its first screen (`ui_ready`); a signal given before anyone waits
/// is kept.
#[derive(Default)]
pub struct FirstScreen(tokio::sync::Notify);

impl FirstScreen {
    pub fn drawn(&self) {
        self.0.notify_one();
    }
}

static LAUNCHED: OnceLock<SystemTime> = OnceLock::new();

/// Notes when the app was launched (as early as `run` can), for `StartTiming`.
pub fn note_launch() {
    LAUNCHED.get_or_init(SystemTime::now);
}

/// The UI's timing of its start: when the page began to load (ms since the epoch) and when each
/// step ended (ms after that).
#[derive(serde::Deserialize)]
pub struct StartTiming {
    origin_ms: f64,
    marks: BTreeMap<String, f64>,
}

impl StartTiming {
    /// "page 310, script 350, …": each step in ms after the launch, in the order they ended.
    pub fn after_launch(&self) -> String {
        let launched =
            LAUNCHED.get().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0.0, |d| d.as_secs_f64() * 1e3);
        let page = self.origin_ms - launched;
        let mut steps: Vec<(&str, f64)> = self.marks.iter().map(|(name, &ms)| (name.as_str(), page + ms)).collect();
        steps.sort_by(|a, b| a.1.total_cmp(&b.1));
        std::iter::once(("page", page))
            .chain(steps)
            .map(|(name, ms)| format!("{name} {ms:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Syncs one account, or all side by side; reports progress as events. With one account named,
/// its failure is returned; with all, each account's failure shows on the account itself.
pub async fn sync(app: &AppHandle, account_id: Option<i64>, full: bool) -> Result<(), AppError> {
    let services = app.state::<AppState>().services.clone();
    services.set_reconcile_every_hours(
        setting(app, "full_sync_every_hours")
            .map_or(innkeep_services::DEFAULT_RECONCILE_EVERY_HOURS, |h| h.min(24 * 365) as u32),
    );
    let ids = match account_id {
        Some(id) => vec![id],
        None => services.accounts().await?.into_iter().map(|a| a.id).collect(),
    };
    let mut syncs = tokio::task::JoinSet::new();
    for id in ids {
        let (services, app) = (services.clone(), app.clone());
        syncs.spawn(async move {
            let handle = app.clone();
            let report = move |p| events::sync_progress(&handle, p);
            let result = services.sync_account_with(id, full, &report).await;
            events::data_changed(&app, Some(id));
            result
        });
    }
    let mut first_error = None;
    while let Some(done) = syncs.join_next().await {
        match done {
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                first_error.get_or_insert(AppError::internal(format!("A sync stopped unexpectedly: {e}")));
            }
            Ok(Ok(_)) => {}
        }
    }
    match (account_id, first_error) {
        (Some(_), Some(e)) => Err(e),
        _ => Ok(()),
    }
}

pub fn sync_in_background(app: AppHandle, account_id: Option<i64>) {
    tauri::async_runtime::spawn(async move {
        if let Err(e) = sync(&app, account_id, false).await {
            tracing::info!(error = %e, "background sync failed");
        }
    });
}

fn setting(app: &AppHandle, key: &str) -> Option<u64> {
    app.store(SETTINGS_FILE).ok().and_then(|s| s.get(key)).and_then(|v| v.as_u64())
}

pub fn start(app: AppHandle) {
    app.manage(FirstScreen::default());
    tauri::async_runtime::spawn(async move {
        let first_screen = app.state::<FirstScreen>();
        let _ = tokio::time::timeout(FIRST_SCREEN_WAIT, first_screen.0.notified()).await;
        let _ = sync(&app, None, false).await;
        loop {
            let minutes = setting(&app, "sync_interval_minutes").unwrap_or(DEFAULT_INTERVAL_MINUTES);
            // With manual sync chosen, look again in a minute whether the setting changed.
            tokio::time::sleep(Duration::from_secs(60 * minutes.max(1))).await;
            if minutes > 0 {
                let _ = sync(&app, None, false).await;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_timing_is_told_in_ms_after_launch_in_the_order_the_steps_ended() {
        note_launch();
        let launched = LAUNCHED.get().unwrap().duration_since(UNIX_EPOCH).unwrap().as_secs_f64() * 1e3;
        let timing = StartTiming {
            origin_ms: launched + 250.0,
            marks: BTreeMap::from([
                ("drawn".to_string(), 350.0),
                ("listening".to_string(), 90.0),
                ("script".to_string(), 40.0),
            ]),
        };
        assert_eq!(timing.after_launch(), "page 250, script 290, listening 340, drawn 600");
    }
}
