//! Credentials in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager
//! on Windows) and nowhere else. One entry per account, under the service name `innkeep`, keyed
//! by an opaque reference that the cache stores instead of the secret.
//!
//! When no keyring is usable this module says so and stores nothing: there is no fallback file.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use innkeep_core::{AppError, Credentials, ErrorKind, KeyringStatus};

pub const SERVICE: &str = "innkeep";

/// How long a probe that found the keyring usable stands. The UI re-reads the app's status after
/// every change to the cache, five times in a sync at start, and each probe is a keyring write
/// and delete (which the daemon saves to disk).
const USABLE_STANDS_FOR: Duration = Duration::from_secs(30);

/// Clones share one store's probe answers.
#[derive(Debug, Clone)]
pub struct SecretStore {
    service: String,
    status: Arc<StatusMemo>,
}

impl Default for SecretStore {
    fn default() -> Self {
        Self::new(SERVICE)
    }
}

impl SecretStore {
    /// A store under another service name keeps test entries apart from a person's real ones.
    pub fn new(service: &str) -> Self {
        Self { service: service.to_string(), status: Arc::default() }
    }

    /// A fresh opaque reference for a new account's entry.
    pub fn new_ref() -> String {
        format!("account-{}", uuid::Uuid::new_v4())
    }

    fn entry(&self, secret_ref: &str) -> Result<keyring::Entry, AppError> {
        keyring::Entry::new(&self.service, secret_ref).map_err(|e| self.failed(e))
    }

    /// A keyring error also means the last probe's "usable" may be out of date.
    fn failed(&self, e: keyring::Error) -> AppError {
        self.status.forget();
        keyring_error(e)
    }

    pub fn put(&self, secret_ref: &str, credentials: &Credentials) -> Result<(), AppError> {
        let json = serde_json::to_string(credentials).map_err(|e| AppError::internal(e.to_string()))?;
        self.entry(secret_ref)?.set_password(&json).map_err(|e| self.failed(e))
    }

    pub fn get(&self, secret_ref: &str) -> Result<Credentials, AppError> {
        let json = self.entry(secret_ref)?.get_password().map_err(|e| self.failed(e))?;
        serde_json::from_str(&json).map_err(|_| {
            AppError::new(
                ErrorKind::Keyring,
                "The saved credentials in the system keyring are damaged. Remove the account and add it again.",
            )
        })
    }

    /// Deletes the entry; an entry that is already gone is not an error.
    pub fn delete(&self, secret_ref: &str) -> Result<(), AppError> {
        match self.entry(secret_ref)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(self.failed(e)),
        }
    }

    /// Whether a secret can be stored right now, found by writing and deleting a probe entry.
    /// The message is the keyring's own words (the UI adds what they mean for the manager).
    /// A usable keyring is probed again after `USABLE_STANDS_FOR` or after any keyring error; an
    /// unusable one at every call, so the UI sees it come back at once.
    pub fn status(&self) -> KeyringStatus {
        self.status.get_or_probe(Instant::now(), || self.probe())
    }

    fn probe(&self) -> KeyringStatus {
        let probe = || -> Result<(), keyring::Error> {
            // A unique name: two probes at once must not delete each other's entry.
            let entry = keyring::Entry::new(&self.service, &format!("probe-{}", uuid::Uuid::new_v4()))?;
            entry.set_password("probe")?;
            entry.delete_credential()
        };
        match probe() {
            Ok(()) => KeyringStatus { available: true, message: None },
            Err(e) => KeyringStatus { available: false, message: Some(e.to_string()) },
        }
    }
}

/// When a probe last found the keyring usable.
#[derive(Debug, Default)]
struct StatusMemo {
    usable_at: Mutex<Option<Instant>>,
}

impl StatusMemo {
    fn get_or_probe(&self, now: Instant, probe: impl FnOnce() -> KeyringStatus) -> KeyringStatus {
        let mut usable_at = self.usable_at.lock().unwrap_or_else(|e| e.into_inner());
        if usable_at.is_some_and(|at| now.saturating_duration_since(at) < USABLE_STANDS_FOR) {
            return KeyringStatus { available: true, message: None };
        }
        let status = probe();
        *usable_at = status.available.then_some(now);
        status
    }

    fn forget(&self) {
        *self.usable_at.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

fn keyring_error(e: keyring::Error) -> AppError {
    let message = match &e {
        keyring::Error::NoEntry => {
            "The credentials of this account are missing from the system keyring. Remove the account and add it again."
                .to_string()
        }
        keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => format!(
            "The system keyring is not available ({e}). Innkeep keeps credentials only there, so nothing was saved. \
             Start or unlock your keyring (e.g. GNOME Keyring or KWallet) and try again."
        ),
        _ => format!("The system keyring refused the request: {e}"),
    };
    AppError::new(ErrorKind::Keyring, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usable() -> KeyringStatus {
        KeyringStatus { available: true, message: None }
    }

    fn locked() -> KeyringStatus {
        KeyringStatus { available: false, message: Some("locked".into()) }
    }

    #[test]
    fn a_usable_keyring_is_probed_again_only_after_a_while() {
        let memo = StatusMemo::default();
        let t0 = Instant::now();
        let probes = std::cell::Cell::new(0);
        let probe = || {
            probes.set(probes.get() + 1);
            usable()
        };
        assert!(memo.get_or_probe(t0, probe).available);
        assert!(memo.get_or_probe(t0 + Duration::from_secs(5), probe).available);
        assert_eq!(probes.get(), 1);
        assert!(memo.get_or_probe(t0 + USABLE_STANDS_FOR, probe).available);
        assert_eq!(probes.get(), 2);
    }

    #[test]
    fn an_unusable_keyring_is_probed_every_time_and_an_error_forgets_usable() {
        let memo = StatusMemo::default();
        let t0 = Instant::now();
        assert!(!memo.get_or_probe(t0, locked).available);
        assert!(memo.get_or_probe(t0, usable).available, "an unusable answer must not stand");
        memo.forget();
        assert_eq!(memo.get_or_probe(t0, locked), locked());
    }

    #[test]
    fn keyring_errors_say_what_to_do() {
        let e = keyring_error(keyring::Error::NoEntry);
        assert_eq!(e.kind, ErrorKind::Keyring);
        assert!(e.message.contains("add it again"));
        let e = keyring_error(keyring::Error::PlatformFailure("no bus".into()));
        assert!(e.message.contains("nothing was saved"), "{}", e.message);
    }
}
