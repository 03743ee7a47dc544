//! The application's services: what the Tauri commands and the CLI both call. Each public
//! method is one thing a manager does (add an account, sync, book, cancel, look something up).
//!
//! Reads come from the cache. Writes go to the provider first; its answer is written to the
//! cache in the same step, and every action lands in the activity log with its outcome.

mod accounts;
mod actions;
mod connect;
mod export;
mod live;
mod outbox;
mod reads;
mod sync;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use innkeep_core::{Credentials, ProviderKind};
use innkeep_providers::Connector;
use innkeep_secrets::SecretStore;
use innkeep_store::Store;

pub use innkeep_providers::mews::live::LiveConfig;
pub use live::{live_supported, Backoff, LiveOptions};
pub use reads::{GUEST_PAGE, SEARCH_LIMIT_PER_KIND};
pub use sync::{SyncReport, DEFAULT_RECONCILE_EVERY_HOURS};

/// The app's identifier; also the name of its data folder. Must equal `identifier` in
/// tauri.conf.json (a test checks), so that the CLI and the app share one cache.
pub const APP_IDENTIFIER: &str = "app.innkeep.desktop";

/// Where the app keeps its cache: the platform's data folder (`$XDG_DATA_HOME` or
/// `~/.local/share` on Linux) / the app identifier. The CLI defaults to the same.
pub fn default_data_dir() -> std::path::PathBuf {
    dirs::data_dir().unwrap_or_else(std::env::temp_dir).join(APP_IDENTIFIER)
}

/// Where the built-in sandbox serves a provider in demo mode, and the credentials it accepts.
/// Demo accounts take their credentials from here, not from the keyring: they are public sandbox
/// values, and demo mode must work on a machine without a keyring.
#[derive(Debug, Clone)]
pub struct DemoEndpoint {
    pub provider: ProviderKind,
    pub base_url: String,
    pub credentials: Credentials,
}

impl DemoEndpoint {
    /// From a sandbox's description of itself; `None` for a provider Innkeep does not know.
    pub fn new(
        provider: &str,
        base_url: String,
        credentials: impl IntoIterator<Item = (String, String)>,
    ) -> Option<Self> {
        Some(Self {
            provider: ProviderKind::parse(provider)?,
            base_url,
            credentials: credentials.into_iter().collect(),
        })
    }
}

#[derive(Clone)]
pub struct Innkeep {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    secrets: SecretStore,
    demo: RwLock<Vec<DemoEndpoint>>,
    /// One sync per account at a time.
    sync_locks: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    /// Open connectors by account.
    connectors: Mutex<HashMap<i64, OpenConnector>>,
    /// The calendar's today when pinned (tests against a sandbox with a fixed date); else the
    /// machine's.
    pinned_today: Mutex<Option<chrono::NaiveDate>>,
    /// Running syncs' stop switches and the reconciliation interval.
    sync: sync::SyncControl,
}

/// A connector with the address and secret reference it was made for (a change makes a new one).
type OpenConnector = (String, Arc<dyn Connector>);

impl Innkeep {
    /// Today's date as the desk sees it (the machine's, unless pinned by [`Innkeep::pin_today`]).
    pub fn today(&self) -> chrono::NaiveDate {
        self.inner
            .pinned_today
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// Pins today's date, for a world whose providers live on a fixed calendar.
    pub fn pin_today(&self, today: chrono::NaiveDate) {
        *self.inner.pinned_today.lock().unwrap_or_else(|p| p.into_inner()) = Some(today);
    }

    pub fn new(store: Store, secrets: SecretStore) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                secrets,
                demo: RwLock::new(Vec::new()),
                sync_locks: Mutex::new(HashMap::new()),
                connectors: Mutex::new(HashMap::new()),
                pinned_today: Mutex::new(None),
                sync: sync::SyncControl::new(),
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn secrets(&self) -> &SecretStore {
        &self.inner.secrets
    }

    fn sync_lock(&self, account_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.inner.sync_locks.lock().expect("sync lock map poisoned");
        locks.entry(account_id).or_default().clone()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cli_and_the_app_share_one_data_folder() {
        let conf = include_str!("../../../../tauri.conf.json");
        let conf: serde_json::Value = serde_json::from_str(conf).unwrap();
        assert_eq!(conf["identifier"], super::APP_IDENTIFIER);
        assert!(super::default_data_dir().ends_with(super::APP_IDENTIFIER));
    }
}
