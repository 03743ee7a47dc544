use innkeep_core::validate::validate_new_account;
use innkeep_core::{Account, ActivityOutcome, AppError, ConnectionCheck, Credentials, NewAccount};
use innkeep_providers::Endpoint;
use innkeep_secrets::SecretStore;
use innkeep_store::{NewAccountRow, NewActivity};

use crate::connect::DEMO_SECRET_PREFIX;
use crate::{DemoEndpoint, Innkeep};

impl Innkeep {
    pub async fn accounts(&self) -> Result<Vec<Account>, AppError> {
        Ok(self.store().list_accounts().await?.into_iter().map(|r| r.account).collect())
    }

    pub async fn account(&self, id: i64) -> Result<Account, AppError> {
        Ok(self.store().account(id).await?.account)
    }

    /// Asks the provider who these credentials belong to, without saving anything.
    pub async fn test_connection(&self, new: &NewAccount) -> Result<ConnectionCheck, AppError> {
        let base_url = validate_new_account(new)?;
        let config = serde_json::Value::Null;
        let endpoint = Endpoint { base_url: &base_url, credentials: &new.credentials, config: &config };
        let property = innkeep_providers::open(new.provider, &endpoint)?.check().await?;
        Ok(ConnectionCheck { property_name: property.name, time_zone: property.time_zone })
    }

    /// Verifies the credentials, stores them in the keyring, then records the account.
    /// If the keyring refuses, nothing is stored anywhere.
    pub async fn add_account(&self, new: &NewAccount) -> Result<Account, AppError> {
        let base_url = validate_new_account(new)?;
        let check = self.test_connection(new).await?;
        let secret_ref = SecretStore::new_ref();
        self.secrets().put(&secret_ref, &new.credentials)?;
        let row = NewAccountRow {
            provider: new.provider,
            label: new.label.trim().to_string(),
            base_url,
            secret_ref: secret_ref.clone(),
            is_demo: false,
        };
        let id = match self.store().insert_account(&row).await {
            Ok(id) => id,
            Err(e) => {
                // Leave no orphaned secret behind.
                let _ = self.secrets().delete(&secret_ref);
                return Err(e);
            }
        };
        self.log_ok(
            Some(id),
            "account.add",
            format!("Connected {} account “{}” ({})", new.provider.display_name(), row.label, check.property_name),
            None,
            None,
        )
        .await;
        self.account(id).await
    }

    /// Replaces a connected account's credentials (a rotated token, a re-approved app) once the
    /// provider accepts the new ones for the same property. The cached data stays; the old
    /// credentials stay too if the check or the keyring fails.
    pub async fn replace_credentials(&self, id: i64, credentials: &Credentials) -> Result<Account, AppError> {
        let row = self.store().account(id).await?;
        let account = &row.account;
        if account.is_demo {
            return Err(AppError::validation(
                "credentials",
                "Demo accounts use the built-in sandbox's credentials. Add your own account instead.",
            ));
        }
        let new = NewAccount {
            provider: account.provider,
            label: account.label.clone(),
            base_url: account.base_url.clone(),
            credentials: credentials.clone(),
        };
        let check = self.test_connection(&new).await?;
        // Credentials of another property would mix its bookings into this account's.
        if let Some(known) = account.property_name.as_deref().filter(|known| *known != check.property_name) {
            return Err(AppError::validation(
                "credentials",
                format!(
                    "These credentials open “{}”, not “{known}” that this account holds. \
                     Add them as a new account instead.",
                    check.property_name
                ),
            ));
        }
        self.secrets().put(&row.secret_ref, credentials)?;
        self.forget_connector(id);
        self.store().mark_online(id, false).await?;
        self.log_ok(
            Some(id),
            "account.credentials",
            format!("Replaced the credentials of “{}”", account.label),
            None,
            None,
        )
        .await;
        self.account(id).await
    }

    /// Adds a demo account for each endpoint whose provider has none yet.
    pub async fn ensure_demo_accounts(&self, endpoints: &[DemoEndpoint]) -> Result<Vec<Account>, AppError> {
        self.set_demo_endpoints(endpoints.to_vec()).await?;
        let existing = self.store().list_accounts().await?;
        let mut added = Vec::new();
        for e in endpoints {
            if existing.iter().any(|a| a.account.is_demo && a.account.provider == e.provider) {
                continue;
            }
            let label = format!("Demo {}", e.provider.display_name());
            let id = self
                .store()
                .insert_account(&NewAccountRow {
                    provider: e.provider,
                    label: label.clone(),
                    base_url: e.base_url.clone(),
                    secret_ref: format!("{DEMO_SECRET_PREFIX}{}", e.provider.as_str()),
                    is_demo: true,
                })
                .await?;
            self.log_ok(Some(id), "account.add", format!("Connected “{label}” to the built-in sandbox"), None, None)
                .await;
            added.push(self.account(id).await?);
        }
        Ok(added)
    }

    /// Deletes the keyring entry first (so no secret outlives the account), then every cached row.
    pub async fn remove_account(&self, id: i64) -> Result<(), AppError> {
        let row = self.store().account(id).await?;
        // A sync running for this account finishes first, so it cannot write after the removal.
        let lock = self.sync_lock(id);
        let _guard = lock.lock().await;
        if !row.secret_ref.starts_with(DEMO_SECRET_PREFIX) {
            self.secrets().delete(&row.secret_ref)?;
        }
        self.store().delete_account(id).await?;
        self.forget_connector(id);
        self.log_ok(
            None,
            "account.remove",
            format!("Removed account “{}” and its saved data", row.account.label),
            None,
            None,
        )
        .await;
        Ok(())
    }

    pub(crate) async fn log_ok(
        &self,
        account_id: Option<i64>,
        action: &str,
        summary: String,
        provider_ref: Option<String>,
        reservation_id: Option<i64>,
    ) {
        self.log(account_id, action, summary, ActivityOutcome::Ok, provider_ref, reservation_id).await
    }

    pub(crate) async fn log(
        &self,
        account_id: Option<i64>,
        action: &str,
        summary: String,
        outcome: ActivityOutcome,
        provider_ref: Option<String>,
        reservation_id: Option<i64>,
    ) {
        let entry = NewActivity { account_id, action, summary, outcome, provider_ref, reservation_id };
        if let Err(e) = self.store().log(entry).await {
            tracing::warn!(error = %e, "could not write the activity log");
        }
    }
}
