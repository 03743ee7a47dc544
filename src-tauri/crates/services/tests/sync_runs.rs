//! Sync runs over the sandbox: a sync stopped or failed midway goes on from the last page written
//! and ends with exactly what a sync without interruption gets; a full read notices bookings
//! deleted at the provider; and each sync tells what it added, changed and removed.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use common::*;
use innkeep_core::{ChangeKind, ProviderKind, ReservationAction, ReservationQuery, SyncPhase, SyncProgress};
use innkeep_secrets::SecretStore;
use innkeep_services::Innkeep;
use innkeep_store::Store;

/// Every cached reservation of the account: provider id -> (state, arrival, departure, room).
async fn snapshot(app: &Innkeep, account_id: i64) -> BTreeMap<String, String> {
    let q = ReservationQuery {
        account_id: Some(account_id),
        limit: Some(innkeep_core::validate::limits::ROWS),
        ..Default::default()
    };
    let list = app.reservations(&q).await.unwrap();
    let map: BTreeMap<String, String> = list
        .iter()
        .map(|r| {
            let value = format!("{:?} {} {} {:?}", r.state, r.arrival, r.departure, r.room_name);
            (r.provider_id.clone(), value)
        })
        .collect();
    assert_eq!(map.len(), list.len(), "no reservation cached twice");
    map
}

/// A second desk on the same sandbox: its own cache, the same demo accounts.
async fn second_desk(w: &World) -> (Innkeep, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let app = Innkeep::new(Store::open(dir.path()).await.unwrap(), SecretStore::new("innkeep-test"));
    app.pin_today(today());
    app.ensure_demo_accounts(&endpoints(&w.sandbox)).await.unwrap();
    (app, dir)
}

async fn account_in(app: &Innkeep, provider: ProviderKind) -> i64 {
    app.accounts().await.unwrap().into_iter().find(|a| a.provider == provider).unwrap().id
}

/// The truth: what a sync that was never interrupted caches from the same sandbox.
async fn uninterrupted(w: &World, provider: ProviderKind) -> BTreeMap<String, String> {
    let (app, _dir) = second_desk(w).await;
    let id = account_in(&app, provider).await;
    app.sync_account_with(id, true, &quiet).await.unwrap();
    snapshot(&app, id).await
}

#[tokio::test]
async fn a_cancelled_full_sync_resumes_where_it_stopped_and_ends_with_the_same_cache() {
    for (provider, seed) in
        [(ProviderKind::Mews, 61), (ProviderKind::Reservanto, 62), (ProviderKind::MobileCalendar, 63)]
    {
        let w = world(seed).await;
        let id = account_of(&w, provider).await;
        // Stop after the second page is written.
        let app = w.app.clone();
        let first = w
            .app
            .sync_account(id, &move |p: SyncProgress| {
                if p.phase == SyncPhase::Reservations && p.pages >= 2 {
                    app.cancel_sync(id);
                }
            })
            .await
            .unwrap();
        assert!(first.cancelled, "{provider:?}: stopped");
        let open = w.app.store().open_sync_run(id).await.unwrap().expect("the run stays open");
        assert!(open.pages >= 2, "{provider:?}: {} pages written", open.pages);

        let events = Arc::new(Mutex::new(Vec::new()));
        let seen = events.clone();
        let second = w.app.sync_account(id, &move |p: SyncProgress| seen.lock().unwrap().push(p)).await.unwrap();
        assert!(second.resumed && second.full && !second.cancelled, "{provider:?}: {second:?}");
        let last = events.lock().unwrap().last().cloned().unwrap();
        assert_eq!(last.phase, SyncPhase::Finished);
        assert!(last.resumed && last.windows_done == last.windows_total && last.windows_total > 0, "{last:?}");
        assert!(last.pages as i64 > open.pages, "{provider:?}: the page count goes on");
        assert!(w.app.store().open_sync_run(id).await.unwrap().is_none(), "{provider:?}: the run is done");

        assert_eq!(snapshot(&w.app, id).await, uninterrupted(&w, provider).await, "{provider:?}");
        // The first sync of an account lists no changes: everything would be new.
        assert!(w.app.what_changed().await.unwrap().iter().all(|a| a.account_id != id));
    }
}

#[tokio::test]
async fn a_sync_that_failed_midway_goes_on_from_the_last_page_written() {
    let w = world(64).await;
    let id = account_of(&w, ProviderKind::Mews).await;
    let faults = w.sandbox.faults();
    let err = w
        .app
        .sync_account(id, &move |p: SyncProgress| {
            if p.phase == SyncPhase::Reservations && p.pages >= 3 {
                faults.set_offline(true);
            }
        })
        .await
        .unwrap_err();
    assert!(!err.message.is_empty());
    let open = w.app.store().open_sync_run(id).await.unwrap().expect("the run stays open");
    let before = snapshot(&w.app, id).await;
    assert!(!before.is_empty(), "what was read before the failure is kept");

    w.sandbox.faults().set_offline(false);
    let report = w.app.sync_account(id, &quiet).await.unwrap();
    assert!(report.resumed, "{report:?}");
    assert!(report.pages as i64 <= count_pages(&w, ProviderKind::Mews).await - open.pages + 1, "{report:?}");
    assert_eq!(snapshot(&w.app, id).await, uninterrupted(&w, ProviderKind::Mews).await);
}

/// How many pages an uninterrupted full sync reads.
async fn count_pages(w: &World, provider: ProviderKind) -> i64 {
    let (app, _dir) = second_desk(w).await;
    let id = account_in(&app, provider).await;
    app.sync_account_with(id, true, &quiet).await.unwrap().pages as i64
}

#[tokio::test]
async fn a_full_read_notices_a_booking_deleted_at_the_provider_and_tells_what_changed() {
    let w = world(65).await;
    let id = account_of(&w, ProviderKind::Timekit).await;
    w.app.sync_account(id, &quiet).await.unwrap();
    assert!(w.app.what_changed().await.unwrap().is_empty(), "the first sync lists nothing");

    // Another desk books, then cancels and deletes, at the same provider.
    let (desk, _dir) = second_desk(&w).await;
    let other = account_in(&desk, ProviderKind::Timekit).await;
    desk.sync_account(other, &quiet).await.unwrap();
    let mut d = draft_for(&w, id, 160, 2).await;
    d.account_id = other;
    d.category_id = desk.rooms(other).await.unwrap().categories[0].id;
    let booked = desk.create_booking(&d).await.unwrap();

    w.app.set_reconcile_every_hours(0);
    let added = w.app.sync_account(id, &quiet).await.unwrap();
    assert!(!added.full && added.added == 1, "{added:?}");
    let changes = w.app.what_changed().await.unwrap();
    let mine = changes.iter().find(|a| a.account_id == id).expect("changes of the account");
    assert_eq!((mine.added, mine.changed, mine.removed), (1, 0, 0));
    let c = &mine.changes[0];
    assert_eq!((c.kind, c.guest_name.as_deref()), (ChangeKind::Added, Some("Þórunn Guðmundsdóttir")));
    assert!(c.reservation_id.is_some());
    w.app.mark_changes_seen(id, None).await.unwrap();
    assert!(w.app.what_changed().await.unwrap().is_empty(), "seen");

    desk.cancel_reservation(booked.id, None).await.unwrap();
    desk.act(booked.id, ReservationAction::Delete).await.unwrap();
    // The last sync wrote the row in this second; a removal needs it older than the run.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let full = w.app.sync_account_with(id, true, &quiet).await.unwrap();
    assert!(full.full && full.removed == 1, "{full:?}");
    assert!(w.app.store().reservation_by_provider_id(id, &booked.provider_id).await.unwrap().is_none());
    let changes = w.app.what_changed().await.unwrap();
    let mine = changes.iter().find(|a| a.account_id == id).unwrap();
    assert_eq!(mine.removed, 1, "{mine:?}");
    let gone = mine.changes.iter().find(|c| c.kind == ChangeKind::Removed).unwrap();
    assert_eq!(gone.reservation_id, None, "no longer cached");
    assert_eq!(gone.guest_name.as_deref(), Some("Þórunn Guðmundsdóttir"), "still named");
    assert_eq!(snapshot(&w.app, id).await, uninterrupted(&w, ProviderKind::Timekit).await);

    // A sync that finds nothing new lists nothing new.
    w.app.mark_changes_seen(id, None).await.unwrap();
    let quiet_sync = w.app.sync_account(id, &quiet).await.unwrap();
    assert_eq!((quiet_sync.added, quiet_sync.changed, quiet_sync.removed), (0, 0, 0), "{quiet_sync:?}");
    assert!(w.app.what_changed().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_reconciliation_is_due_after_the_interval_and_not_before() {
    let w = world(66).await;
    let id = account_of(&w, ProviderKind::Mews).await;
    assert!(w.app.sync_account(id, &quiet).await.unwrap().full, "the first sync reads everything");
    assert!(!w.app.sync_account(id, &quiet).await.unwrap().full, "then the changes only");
    w.app.set_reconcile_every_hours(0);
    assert!(!w.app.sync_account(id, &quiet).await.unwrap().full, "0: only when asked");
    assert!(w.app.sync_account_with(id, true, &quiet).await.unwrap().full, "asked");
    // Made due: the last full read an interval ago.
    w.app.set_reconcile_every_hours(24);
    sqlx::query("UPDATE accounts SET last_full_sync_at = datetime('now', '-25 hours') WHERE id = ?")
        .bind(id)
        .execute(w.app.store().pool())
        .await
        .unwrap();
    assert!(w.app.sync_account(id, &quiet).await.unwrap().full, "due");
}

#[tokio::test]
async fn an_incremental_sync_reads_rooms_only_when_a_page_names_one_the_cache_lacks() {
    let w = world(66).await;
    let id = account_of(&w, ProviderKind::Mews).await;
    w.app.sync_account(id, &quiet).await.unwrap();
    w.app.set_reconcile_every_hours(0);
    let catalog_reads = |made: &BTreeMap<String, u64>| {
        made.keys().filter(|k| k.contains("/resources/getAll") || k.contains("/services/getAll")).count()
    };

    // Another desk books: the next sync reads the change and its guest, not the rooms.
    let (desk, _dir) = second_desk(&w).await;
    let other = account_in(&desk, ProviderKind::Mews).await;
    desk.sync_account(other, &quiet).await.unwrap();
    let mut d = draft_for(&w, id, 40, 2).await;
    d.account_id = other;
    d.category_id = desk.rooms(other).await.unwrap().categories[0].id;
    let booked = desk.create_booking(&d).await.unwrap();
    w.sandbox.take_requests();
    let report = w.app.sync_account(id, &quiet).await.unwrap();
    assert!(!report.full && report.added == 1, "{report:?}");
    let made = w.sandbox.take_requests();
    assert_eq!(catalog_reads(&made), 0, "{made:?}");
    let changes = w.app.what_changed().await.unwrap();
    let added =
        changes.iter().find(|a| a.account_id == id).unwrap().changes.iter().find(|c| c.kind == ChangeKind::Added);
    assert!(added.unwrap().guest_name.is_some(), "the guest, read after the pages, names the change");

    // The cache lacks the booking's room (as if it were added at Mews since the last full read):
    // the next sync that meets the booking reads the rooms again.
    let mine = w.app.store().reservation_by_provider_id(id, &booked.provider_id).await.unwrap().unwrap();
    let room = mine.room_id.expect("Mews assigns a room");
    let rooms_before = w.app.rooms(id).await.unwrap().rooms.len();
    sqlx::query("DELETE FROM rooms WHERE id = ?").bind(room).execute(w.app.store().pool()).await.unwrap();
    desk.cancel_reservation(booked.id, None).await.unwrap();
    w.sandbox.take_requests();
    w.app.sync_account(id, &quiet).await.unwrap();
    assert!(catalog_reads(&w.sandbox.take_requests()) > 0, "the rooms were read again");
    assert_eq!(w.app.rooms(id).await.unwrap().rooms.len(), rooms_before);
    let again = w.app.store().reservation_by_provider_id(id, &booked.provider_id).await.unwrap().unwrap();
    assert_eq!(again.room_name, mine.room_name);
}
