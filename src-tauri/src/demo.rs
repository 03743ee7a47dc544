//! Demo mode: with no account configured (or with demo accounts kept), the provider sandbox runs
//! inside the app and demo accounts connect to it, so a first start shows a living hotel through
//! the real client code. `INNKEEP_SANDBOX_URL` points demo accounts at a sandbox run elsewhere
//! instead (the end-to-end tests use it to take the provider away).

use innkeep_core::{AppError, ErrorKind};
use innkeep_sandbox::{RunningSandbox, SandboxConfig};
use innkeep_services::{DemoEndpoint, Innkeep};

pub struct Demo {
    active: bool,
    /// Kept alive for the app's lifetime; dropping it stops the server.
    _sandbox: Option<RunningSandbox>,
}

impl Demo {
    pub fn is_active(&self) -> bool {
        self.active
    }

    pub async fn start_if_needed(services: &Innkeep) -> Result<Demo, AppError> {
        let accounts = services.accounts().await?;
        if !accounts.is_empty() && !accounts.iter().any(|a| a.is_demo) {
            return Ok(Demo { active: false, _sandbox: None });
        }
        let (endpoints, sandbox) = match std::env::var("INNKEEP_SANDBOX_URL") {
            Ok(url) => (innkeep_sandbox::endpoints_at(&url), None),
            Err(_) => {
                let sandbox = innkeep_sandbox::start(SandboxConfig { seed: 1, port: 0, today: None })
                    .await
                    .map_err(|e| AppError::new(ErrorKind::Internal, format!("Cannot start the demo sandbox: {e}")))?;
                (sandbox.providers(), Some(sandbox))
            }
        };
        // `INNKEEP_DEMO_PROVIDERS=mews,ectosy` keeps only those demo accounts: the frames benchmark
        // wants one large hotel synced, not five.
        let only = std::env::var("INNKEEP_DEMO_PROVIDERS").ok();
        let wanted = |name: &str| only.as_deref().is_none_or(|list| list.split(',').any(|p| p.trim() == name));
        let endpoints: Vec<_> = endpoints
            .into_iter()
            .filter(|p| wanted(p.provider))
            .filter_map(|p| DemoEndpoint::new(p.provider, p.base_url, p.credentials))
            .collect();
        services.ensure_demo_accounts(&endpoints).await?;
        Ok(Demo { active: true, _sandbox: sandbox })
    }
}
