//! Credentials in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager
//! on Windows) and nowhere else. One entry per account, under the service name `innkeep`, keyed
//! by an opaque reference that the cache stores instead of the secret.
//!
//! When no keyring is usable this module says so and stores nothing: there is no fallback file.

use innkeep_core::{AppError, Credentials, ErrorKind, KeyringStatus};

pub const SERVICE: &str = "innkeep";

#[derive(Debug, Clone)]
pub struct SecretStore {
    service: String,
}

impl Default for SecretStore {
    fn default() -> Self {
        Self::new(SERVICE)
    }
}

impl SecretStore {
    /// A store under another service name keeps test entries apart from a person's real ones.
    pub fn new(service: &str) -> Self {
        Self { service: service.to_string() }
    }

    /// A fresh opaque reference for a new account's entry.
    pub fn new_ref() -> String {
        format!("account-{}", uuid::Uuid::new_v4())
    }

    fn entry(&self, secret_ref: &str) -> Result<keyring::Entry, AppError> {
        keyring::Entry::new(&self.service, secret_ref).map_err(keyring_error)
    }

    pub fn put(&self, secret_ref: &str, credentials: &Credentials) -> Result<(), AppError> {
        let json = serde_json::to_string(credentials).map_err(|e| AppError::internal(e.to_string()))?;
        self.entry(secret_ref)?.set_password(&json).map_err(keyring_error)
    }

    pub fn get(&self, secret_ref: &str) -> Result<Credentials, AppError> {
        let json = self.entry(secret_ref)?.get_password().map_err(keyring_error)?;
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
            Err(e) => Err(keyring_error(e)),
        }
    }

    /// Whether a secret can be stored right now, found by writing and deleting a probe entry.
    /// The message is the keyring's own words (the UI adds what they mean for the manager).
    pub fn status(&self) -> KeyringStatus {
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

    #[test]
    fn keyring_errors_say_what_to_do() {
        let e = keyring_error(keyring::Error::NoEntry);
        assert_eq!(e.kind, ErrorKind::Keyring);
        assert!(e.message.contains("add it again"));
        let e = keyring_error(keyring::Error::PlatformFailure("no bus".into()));
        assert!(e.message.contains("nothing was saved"), "{}", e.message);
    }
}
