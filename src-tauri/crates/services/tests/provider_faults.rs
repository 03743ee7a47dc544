//! What the services do when the provider misbehaves: 429, 5xx, malformed and cut-off answers,
//! revoked tokens. Each gives a specific error, and nothing is written half-way.

mod common;

use common::*;
use innkeep_core::{AccountStatus, ErrorKind, ReservationQuery};
use innkeep_providers::mews::wire::paths;
use innkeep_sandbox::FaultRule;

async fn count(w: &World) -> usize {
    w.app.reservations(&ReservationQuery::default()).await.unwrap().len()
}

#[tokio::test]
async fn a_short_429_is_waited_out_and_the_sync_succeeds() {
    let w = world(21).await;
    w.sandbox.faults().push(FaultRule::status(429).retry_after(1).on_path(paths::RESERVATIONS_GET_ALL));
    let report = w.app.sync_account(w.account_id, &quiet).await.unwrap();
    assert!(report.reservations > 100);
    assert!(w.sandbox.faults().state().next.is_empty(), "the 429 was served and retried");
}

#[tokio::test]
async fn a_long_retry_after_is_reported_with_its_wait() {
    let w = synced_world(22).await;
    let before = count(&w).await;
    w.sandbox.faults().push(FaultRule::status(429).retry_after(120).times(5));
    let e = w.app.sync_account(w.account_id, &quiet).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::RateLimited);
    assert_eq!(e.retry_after_secs, Some(120));
    assert!(e.message.contains("120 seconds"), "{}", e.message);
    assert_eq!(count(&w).await, before);
    assert_eq!(w.app.account(w.account_id).await.unwrap().status, AccountStatus::Error);
}

#[tokio::test]
async fn server_errors_on_reads_are_retried() {
    let w = world(23).await;
    w.sandbox.faults().push(FaultRule::status(503).times(2).on_path(paths::CONFIGURATION_GET));
    w.app.sync_account(w.account_id, &quiet).await.unwrap();
}

#[tokio::test]
async fn a_failing_write_is_not_retried_and_books_nothing() {
    let w = synced_world(24).await;
    let before = count(&w).await;
    let d = draft(&w, 12, 2).await;
    // The reservation add answers 500: it is not repeated (the first attempt may have been
    // carried out), the manager gets a clear error, the cache is unchanged.
    w.sandbox.faults().push(FaultRule::status(500).on_path(paths::RESERVATIONS_ADD));
    let e = w.app.create_booking(&d).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unavailable, "{}", e.message);
    assert_eq!(count(&w).await, before);
    w.app.sync_account(w.account_id, &quiet).await.unwrap();
    assert_eq!(count(&w).await, before, "the sandbox made no booking either");
}

#[tokio::test]
async fn malformed_and_cut_off_answers_change_nothing() {
    let w = synced_world(25).await;
    let before = count(&w).await;
    let watermark_before: Option<String> =
        sqlx::query_scalar("SELECT value FROM sync_cursors WHERE entity LIKE 'mews%'")
            .fetch_optional(w.app.store().pool())
            .await
            .unwrap();

    // A truncated answer stops the sync with a specific error (it is not retried inside it; the next
    // sync reads again); several bad answers queued make sure whichever read comes first gets one.
    w.sandbox.faults().push(FaultRule::truncated().times(10).on_path(paths::RESERVATIONS_GET_ALL));
    let e = w.app.sync_account(w.account_id, &quiet).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed, "{}", e.message);
    w.sandbox.faults().clear();

    w.sandbox.faults().push(FaultRule::drop_connection().times(10).on_path(paths::RESERVATIONS_GET_ALL));
    let e = w.app.sync_account(w.account_id, &quiet).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unavailable, "{}", e.message);
    w.sandbox.faults().clear();

    assert_eq!(count(&w).await, before);
    let watermark_after: Option<String> =
        sqlx::query_scalar("SELECT value FROM sync_cursors WHERE entity LIKE 'mews%'")
            .fetch_optional(w.app.store().pool())
            .await
            .unwrap();
    assert_eq!(watermark_before, watermark_after, "a failed sync does not move the watermark");
    w.app.sync_account(w.account_id, &quiet).await.unwrap();
}

#[tokio::test]
async fn revoked_tokens_put_the_account_in_auth_failed_and_keep_the_cache() {
    let w = synced_world(26).await;
    let before = count(&w).await;
    w.sandbox.faults().set_reject_tokens(true);
    let e = w.app.sync_account(w.account_id, &quiet).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert!(e.message.contains("Access token"), "{}", e.message);
    let account = w.app.account(w.account_id).await.unwrap();
    assert_eq!(account.status, AccountStatus::AuthFailed);
    assert_eq!(count(&w).await, before);
    w.sandbox.faults().set_reject_tokens(false);
    w.app.sync_account(w.account_id, &quiet).await.unwrap();
    assert_eq!(w.app.account(w.account_id).await.unwrap().status, AccountStatus::Online);
}
