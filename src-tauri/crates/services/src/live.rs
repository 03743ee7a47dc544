//! Live changes: for a Mews account, keep its WebSocket notifications open and run an
//! incremental sync whenever they announce a change. When the socket drops, try again with
//! exponential backoff and jitter (capped); while it stays down the account is "polling" — the
//! scheduled sync keeps bringing the changes, only later. Other providers have no notifications.

use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::time::Duration;

use innkeep_core::{AppError, Capabilities, ErrorKind, LiveStatus, ProviderKind, SyncProgress};
use innkeep_providers::mews::live::{ConnectFailure, Event, LiveConfig, LiveSocket};

use crate::{Innkeep, SyncReport};

/// Delays between tries to reconnect: `first`, doubling per failed try, never above `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { first: Duration::from_secs(1), cap: Duration::from_secs(120) }
    }
}

impl Backoff {
    /// The wait before try number `attempt` (1 = the first retry), given `jitter` in `0..=1`:
    /// half of the exponential step is fixed and half random ("equal jitter"), so many clients
    /// dropped at once (a server restart) do not all come back in the same instant, and none
    /// comes back sooner than half the step.
    pub fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        let step = self.first.saturating_mul(1u32 << doublings).min(self.cap);
        let jitter = if jitter.is_nan() { 0.0 } else { jitter.clamp(0.0, 1.0) };
        step / 2 + step.mul_f64(jitter) / 2
    }
}

/// A fresh random fraction in `0..=1`. The hasher's per-instance random keys are enough for
/// spreading reconnects; no cryptographic quality is needed.
fn jitter() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0);
    hasher.finish() as f64 / u64::MAX as f64
}

/// How a watcher behaves; the defaults suit a real account, tests shorten them.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    pub backoff: Backoff,
    pub socket: LiveConfig,
    /// Failed tries to reach the socket after which the account counts as polling rather than
    /// reconnecting (a refused upgrade counts as polling at once: the service said no).
    pub polling_after: u32,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions { backoff: Backoff::default(), socket: LiveConfig::default(), polling_after: 3 }
    }
}

/// Whether an account's provider can push its changes.
pub fn live_supported(provider: ProviderKind) -> bool {
    Capabilities::of(provider).live_updates.supported
}

type SyncFuture<'a> = Pin<Box<dyn Future<Output = Result<SyncReport, AppError>> + Send + 'a>>;

impl Innkeep {
    /// Watches one account's live changes until the account is removed (then `Ok`) or the
    /// future is dropped (the shell aborts it). `on_status` hears every change of status;
    /// `on_change` the outcome of every sync the watcher ran (after a notification, and once
    /// after each connect to catch up on what came while the socket was closed).
    pub async fn watch_live(
        &self,
        account_id: i64,
        options: &LiveOptions,
        on_status: &(dyn Fn(LiveStatus) + Send + Sync),
        on_change: &(dyn Fn(&Result<SyncReport, AppError>) + Send + Sync),
    ) -> Result<(), AppError> {
        let mut last: Option<LiveStatus> = None;
        let status = |s: LiveStatus, last: &mut Option<LiveStatus>| {
            if *last != Some(s) {
                *last = Some(s);
                on_status(s);
            }
        };
        let mut failures: u32 = 0;
        loop {
            let row = match self.store().account(account_id).await {
                Ok(row) => row,
                Err(e) if e.kind == ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e),
            };
            if !live_supported(row.account.provider) {
                status(LiveStatus::NotSupported, &mut last);
                return Ok(());
            }
            let opened = match self.credentials(&row) {
                Ok(credentials) => {
                    LiveSocket::connect(&row.account.base_url, &credentials, options.socket.clone()).await
                }
                Err(e) => Err(ConnectFailure::Unreachable(e)),
            };
            match opened {
                Ok(socket) => {
                    status(LiveStatus::Connected, &mut last);
                    let closed = self.follow(account_id, socket, on_change).await;
                    tracing::info!(account_id, reason = %closed.message, "live notifications closed");
                    // Back from a working socket: the first retry again.
                    failures = 1;
                }
                Err(failure) => {
                    failures += 1;
                    tracing::debug!(account_id, failures, error = %failure.error().message, "live notifications unavailable");
                    if matches!(failure, ConnectFailure::Refused { .. }) {
                        failures = failures.max(options.polling_after + 1);
                    }
                }
            }
            let delay = options.backoff.delay(failures, jitter());
            if failures > options.polling_after {
                status(LiveStatus::Polling, &mut last);
            } else {
                let next_in_secs = delay.as_secs_f64().ceil().max(1.0) as u32;
                status(LiveStatus::Reconnecting { attempt: failures, next_in_secs }, &mut last);
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// Reads the open socket until it closes, syncing once on connect and then on every
    /// notification that touches the cache. Notifications arriving during a sync are folded
    /// into one more sync after it, and the socket is read meanwhile (so pings are answered).
    async fn follow(
        &self,
        account_id: i64,
        mut socket: LiveSocket,
        on_change: &(dyn Fn(&Result<SyncReport, AppError>) + Send + Sync),
    ) -> AppError {
        let quiet = |_: SyncProgress| {};
        let start = || -> SyncFuture<'_> { Box::pin(self.sync_account(account_id, &quiet)) };
        let mut syncing: Option<SyncFuture<'_>> = Some(start());
        let mut again = false;
        loop {
            tokio::select! {
                result = async { syncing.as_mut().expect("guarded").await }, if syncing.is_some() => {
                    on_change(&result);
                    syncing = again.then(start);
                    again = false;
                }
                message = socket.next() => match message {
                    Ok(events) if events.iter().any(Event::touches_cache) => {
                        if syncing.is_some() {
                            again = true;
                        } else {
                            syncing = Some(start());
                        }
                    }
                    Ok(_) => {}
                    Err(closed) => {
                        // Finish what was announced before the socket went.
                        if let Some(sync) = syncing.take() {
                            on_change(&sync.await);
                        }
                        return closed;
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn the_backoff_doubles_up_to_its_cap() {
        let b = Backoff { first: ms(1000), cap: ms(30_000) };
        let without_jitter: Vec<u128> = (1..=8).map(|a| b.delay(a, 0.0).as_millis()).collect();
        assert_eq!(without_jitter, [500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
        let full_jitter: Vec<u128> = (1..=8).map(|a| b.delay(a, 1.0).as_millis()).collect();
        assert_eq!(full_jitter, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
        assert_eq!(b.delay(3, 0.5), ms(3000));
    }

    #[test]
    fn the_backoff_survives_absurd_attempts_and_jitter() {
        let b = Backoff::default();
        assert_eq!(b.delay(0, 1.0), ms(1000), "try 0 counts as the first");
        assert_eq!(b.delay(u32::MAX, 1.0), b.cap);
        assert_eq!(b.delay(40, 7.0), b.cap, "jitter above 1 is clamped");
        assert_eq!(b.delay(40, -1.0), b.cap / 2);
        assert_eq!(b.delay(40, f64::NAN), b.cap / 2);
    }

    #[test]
    fn jitter_spreads_within_its_range() {
        let draws: Vec<f64> = (0..200).map(|_| jitter()).collect();
        assert!(draws.iter().all(|j| (0.0..=1.0).contains(j)));
        let low = draws.iter().filter(|j| **j < 0.5).count();
        // Not all on one side: 200 fair draws land 100 ± 40 below the middle.
        assert!((60..=140).contains(&low), "{low} of 200 below 0.5");
    }
}
