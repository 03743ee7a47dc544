//! Turning an account into a provider connector: credentials from the keyring (or, for demo
//! accounts, from the running sandbox), one connector per account kept while its address and
//! credentials stay the same (so provider tokens are reused), and recording whether the
//! provider could be reached.

use std::sync::Arc;

use innkeep_core::{AccountStatus, AppError, Credentials, ErrorKind};
use innkeep_providers::{Connector, Endpoint};
use innkeep_store::AccountRow;

use crate::{DemoEndpoint, Innkeep};

/// `secret_ref` of demo accounts: their credentials come from the sandbox, not the keyring.
pub(crate) const DEMO_SECRET_PREFIX: &str = "demo:";

impl Innkeep {
    /// Tells the services where the demo sandbox runs now (its port changes between runs).
    pub async fn set_demo_endpoints(&self, endpoints: Vec<DemoEndpoint>) -> Result<(), AppError> {
        for account in self.store().list_accounts().await? {
            if let Some(e) =
                endpoints.iter().find(|e| e.provider == account.account.provider && account.account.is_demo)
            {
                self.store().set_base_url(account.account.id, &e.base_url).await?;
            }
        }
        *self.inner.demo.write().expect("demo endpoints poisoned") = endpoints;
        Ok(())
    }

    pub(crate) fn credentials(&self, row: &AccountRow) -> Result<Credentials, AppError> {
        if row.secret_ref.starts_with(DEMO_SECRET_PREFIX) {
            let demo = self.inner.demo.read().expect("demo endpoints poisoned");
            return demo.iter().find(|e| e.provider == row.account.provider).map(|e| e.credentials.clone()).ok_or_else(
                || {
                    AppError::new(
                        ErrorKind::Offline,
                        "The demo sandbox is not running, so this demo account is offline.",
                    )
                },
            );
        }
        self.secrets().get(&row.secret_ref)
    }

    /// The account's connector: the one already open while the account's address and
    /// credentials are unchanged, else a new one.
    pub(crate) fn connector(&self, row: &AccountRow) -> Result<Arc<dyn Connector>, AppError> {
        let key = format!("{}\n{}", row.account.base_url, row.secret_ref);
        let mut open = self.inner.connectors.lock().expect("connector map poisoned");
        if let Some((k, c)) = open.get(&row.account.id) {
            if *k == key {
                return Ok(c.clone());
            }
        }
        let credentials = self.credentials(row)?;
        let endpoint =
            Endpoint { base_url: &row.account.base_url, credentials: &credentials, config: &row.provider_config };
        let connector = innkeep_providers::open(row.account.provider, &endpoint)?;
        open.insert(row.account.id, (key, connector.clone()));
        Ok(connector)
    }

    pub(crate) fn forget_connector(&self, account_id: i64) {
        self.inner.connectors.lock().expect("connector map poisoned").remove(&account_id);
    }

    /// Records on the account what an exchange with its provider says about reachability, and
    /// passes the result on unchanged.
    pub(crate) async fn observe<T>(&self, account_id: i64, result: Result<T, AppError>) -> Result<T, AppError> {
        let mark = match &result {
            Ok(_) => self.store().mark_online(account_id, false).await,
            Err(e) => match e.kind {
                ErrorKind::Offline => self.store().mark_failed(account_id, AccountStatus::Offline, &e.message).await,
                ErrorKind::Auth => self.store().mark_failed(account_id, AccountStatus::AuthFailed, &e.message).await,
                _ => Ok(()),
            },
        };
        if let Err(e) = mark {
            tracing::warn!(account_id, error = %e, "could not record the account's status");
        }
        result
    }
}
