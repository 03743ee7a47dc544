//! Live changes over real loopback: the Mews sandbox's WebSocket, a real SQLite file, and the
//! watcher as the app runs it. A change made at "Mews" (through its REST API, as the front desk
//! of the hotel would) reaches the cache through a notification; a closed socket is reopened;
//! refused upgrades mean polling until the socket service is back.

mod common;

use std::time::Duration;

use common::*;
use innkeep_core::{AppError, Credentials, LiveStatus, ProviderKind, ReservationQuery, ReservationState};
use innkeep_providers::mews::MewsClient;
use innkeep_services::{Backoff, LiveConfig, LiveOptions, SyncReport};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::task::JoinHandle;

const WAIT: Duration = Duration::from_secs(10);

fn options() -> LiveOptions {
    LiveOptions {
        backoff: Backoff { first: Duration::from_millis(40), cap: Duration::from_millis(200) },
        socket: LiveConfig { connect_timeout: Duration::from_secs(2), ping_every: Duration::from_secs(5) },
        polling_after: 2,
    }
}

/// A running watcher and what it reported.
struct Watch {
    statuses: UnboundedReceiver<LiveStatus>,
    syncs: UnboundedReceiver<Result<SyncReport, AppError>>,
    task: JoinHandle<Result<(), AppError>>,
}

fn watch(w: &World, account_id: i64, options: LiveOptions) -> Watch {
    let (status_tx, statuses) = unbounded_channel();
    let (sync_tx, syncs) = unbounded_channel();
    let app = w.app.clone();
    let task = tokio::spawn(async move {
        let on_status = move |s: LiveStatus| {
            let _ = status_tx.send(s);
        };
        let on_change = move |r: &Result<SyncReport, AppError>| {
            let _ = sync_tx.send(r.clone());
        };
        app.watch_live(account_id, &options, &on_status, &on_change).await
    });
    Watch { statuses, syncs, task }
}

impl Watch {
    async fn status(&mut self) -> LiveStatus {
        tokio::time::timeout(WAIT, self.statuses.recv()).await.expect("a status in time").expect("the watcher runs")
    }

    /// Skips statuses until one matches.
    async fn until(&mut self, wanted: impl Fn(&LiveStatus) -> bool) -> Vec<LiveStatus> {
        let mut seen = Vec::new();
        loop {
            let s = self.status().await;
            seen.push(s);
            if wanted(&s) {
                return seen;
            }
        }
    }

    async fn synced(&mut self) -> SyncReport {
        let result = tokio::time::timeout(WAIT, self.syncs.recv()).await.expect("a sync in time").expect("runs");
        result.expect("the live sync succeeds")
    }

    async fn no_sync_for(&mut self, wait: Duration) {
        if let Ok(Some(r)) = tokio::time::timeout(wait, self.syncs.recv()).await {
            panic!("no sync expected, got {r:?}");
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The hotel's own Mews client: changes made at the provider, outside Innkeep.
fn front_desk(w: &World) -> MewsClient {
    let mews = w.sandbox.providers().into_iter().find(|p| p.provider == "mews").unwrap();
    MewsClient::new(&mews.base_url, &Credentials::from_iter(mews.credentials)).unwrap()
}

/// Confirmed reservations of the Mews account in the cache, by provider id.
async fn confirmed(w: &World) -> Vec<String> {
    let all = w.app.reservations(&ReservationQuery::default()).await.unwrap();
    all.into_iter()
        .filter(|r| r.account_id == w.account_id && r.state == ReservationState::Confirmed && r.arrival > today())
        .map(|r| r.provider_id)
        .collect()
}

async fn state_in_cache(w: &World, provider_id: &str) -> ReservationState {
    let all = w.app.reservations(&ReservationQuery::default()).await.unwrap();
    all.into_iter().find(|r| r.provider_id == provider_id).expect("in the cache").state
}

#[tokio::test]
async fn a_notification_brings_a_change_made_at_mews_into_the_cache() {
    let w = synced_world(21).await;
    let target = confirmed(&w).await.into_iter().next().expect("a confirmed stay");
    let mut watch = watch(&w, w.account_id, options());
    assert_eq!(watch.status().await, LiveStatus::Connected);
    // The catch-up sync on connect, incremental.
    assert!(!watch.synced().await.full);

    front_desk(&w).cancel(&target, "The guest phoned the hotel").await.unwrap();
    let report = watch.synced().await;
    assert!(!report.full);
    assert!(report.reservations >= 1, "the incremental sync read the change");
    assert_eq!(state_in_cache(&w, &target).await, ReservationState::Cancelled);

    // A booking made in Innkeep notifies too; its sync finds it already in the cache.
    let before = w.app.reservations(&ReservationQuery::default()).await.unwrap().len();
    w.app.create_booking(&draft(&w, 12, 2).await).await.unwrap();
    watch.synced().await;
    assert_eq!(w.app.reservations(&ReservationQuery::default()).await.unwrap().len(), before + 1, "no duplicate");
    watch.no_sync_for(Duration::from_millis(300)).await;
    assert_eq!(w.sandbox.mews_live().state().open, 1);
}

#[tokio::test]
async fn a_socket_closed_by_the_server_is_reopened_and_keeps_working() {
    let w = synced_world(22).await;
    let targets = confirmed(&w).await;
    let mut watch = watch(&w, w.account_id, options());
    assert_eq!(watch.status().await, LiveStatus::Connected);
    watch.synced().await;

    w.sandbox.mews_live().close_all();
    match watch.status().await {
        LiveStatus::Reconnecting { attempt: 1, next_in_secs } => assert!(next_in_secs >= 1),
        other => panic!("expected the first reconnect, got {other:?}"),
    }
    assert_eq!(watch.status().await, LiveStatus::Connected);
    watch.synced().await; // the catch-up after reconnecting

    front_desk(&w).cancel(&targets[1], "Closed socket test").await.unwrap();
    assert!(watch.synced().await.reservations >= 1);
    assert_eq!(state_in_cache(&w, &targets[1]).await, ReservationState::Cancelled);
    assert_eq!(w.sandbox.mews_live().state().open, 1, "the old socket is gone, one new one is open");
}

#[tokio::test]
async fn refused_upgrades_mean_polling_until_the_service_is_back() {
    let w = synced_world(23).await;
    let target = confirmed(&w).await.into_iter().next().unwrap();
    w.sandbox.mews_live().refuse_upgrades(true);
    let mut watch = watch(&w, w.account_id, options());
    assert_eq!(watch.status().await, LiveStatus::Polling);

    // Meanwhile the change happens, and no notification can say so.
    front_desk(&w).cancel(&target, "Made while polling").await.unwrap();
    watch.no_sync_for(Duration::from_millis(400)).await;
    assert_eq!(state_in_cache(&w, &target).await, ReservationState::Confirmed);

    w.sandbox.mews_live().refuse_upgrades(false);
    assert_eq!(watch.status().await, LiveStatus::Connected);
    // The catch-up sync on connect brings what was missed.
    assert!(watch.synced().await.reservations >= 1);
    assert_eq!(state_in_cache(&w, &target).await, ReservationState::Cancelled);
}

#[tokio::test]
async fn an_unreachable_server_is_retried_with_backoff_then_polled() {
    let mut w = synced_world(24).await;
    let mut watch = watch(&w, w.account_id, options());
    assert_eq!(watch.status().await, LiveStatus::Connected);
    watch.synced().await;

    w.sandbox.suspend().await;
    let seen = watch.until(|s| *s == LiveStatus::Polling).await;
    let attempts: Vec<u32> = seen
        .iter()
        .filter_map(|s| match s {
            LiveStatus::Reconnecting { attempt, .. } => Some(*attempt),
            _ => None,
        })
        .collect();
    assert_eq!(attempts, [1, 2], "two retries, then polling: {seen:?}");
    // The catch-up sync of the closed socket fails while the server is away; that is fine.

    w.sandbox.resume().await.unwrap();
    watch.until(|s| *s == LiveStatus::Connected).await;
    assert_eq!(w.sandbox.mews_live().state().open, 1);
}

#[tokio::test]
async fn other_providers_are_not_live_and_removed_accounts_end_the_watch() {
    let w = world(25).await;
    let reservanto = account_of(&w, ProviderKind::Reservanto).await;
    let mut watch = watch(&w, reservanto, options());
    assert_eq!(watch.status().await, LiveStatus::NotSupported);
    assert!(tokio::time::timeout(WAIT, &mut watch.task).await.unwrap().unwrap().is_ok());

    w.app.remove_account(w.account_id).await.unwrap();
    let mut gone = self::watch(&w, w.account_id, options());
    assert!(tokio::time::timeout(WAIT, &mut gone.task).await.unwrap().unwrap().is_ok());
    assert!(gone.statuses.try_recv().is_err(), "no status for an account that does not exist");
}

#[tokio::test]
async fn a_demo_account_without_its_sandbox_is_polled() {
    let w = synced_world(26).await;
    // The services forget where the demo sandbox runs: no credentials, so no socket.
    w.app.set_demo_endpoints(Vec::new()).await.unwrap();
    let mut watch = watch(&w, w.account_id, options());
    let seen = watch.until(|s| *s == LiveStatus::Polling).await;
    assert_eq!(seen.len(), 3, "two retries, then polling: {seen:?}");
    assert_eq!(w.sandbox.mews_live().state().open, 0);
}
