//! The outbox table on a real SQLite file: order, claiming, edit and discard guards, and what
//! an interrupted send becomes.

use innkeep_core::{ErrorKind, OutboxState, ProviderKind};
use innkeep_store::{NewAccountRow, Store};

async fn store_with_account() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let id = store
        .insert_account(&NewAccountRow {
            provider: ProviderKind::Mews,
            label: "Hotel Vltava".into(),
            base_url: "http://127.0.0.1:1".into(),
            secret_ref: "account-test".into(),
            is_demo: true,
        })
        .await
        .unwrap();
    (dir, store, id)
}

#[tokio::test]
async fn entries_are_kept_in_order_and_claimed_once() {
    let (_dir, store, account) = store_with_account().await;
    let draft = serde_json::json!({"arrival": "2027-01-10", "departure": "2027-01-12"});
    let first = store.queue_outbox(account, "create", &draft, None, "Cannot reach Mews").await.unwrap();
    let second = store.queue_outbox(account, "create", &draft, None, "Cannot reach Mews").await.unwrap();
    assert_eq!(first.state, OutboxState::Queued);
    assert_eq!(first.request, draft);
    assert_eq!(first.error.as_deref(), Some("Cannot reach Mews"));
    let listed: Vec<i64> = store.outbox(Some(account)).await.unwrap().iter().map(|e| e.id).collect();
    assert_eq!(listed, vec![first.id, second.id]);
    assert!(store.outbox(Some(account + 1)).await.unwrap().is_empty());

    assert!(store.claim_outbox(first.id).await.unwrap());
    assert!(!store.claim_outbox(first.id).await.unwrap(), "a claimed entry is not taken twice");
    // While it is on its way it can be neither edited nor discarded.
    assert_eq!(store.edit_outbox(first.id, &draft).await.unwrap_err().kind, ErrorKind::Conflict);
    assert!(!store.discard_outbox(first.id).await.unwrap());

    store.set_outbox_state(first.id, OutboxState::Sent, None).await.unwrap();
    let listed: Vec<i64> = store.outbox(None).await.unwrap().iter().map(|e| e.id).collect();
    assert_eq!(listed, vec![second.id], "sent entries are not listed");
}

#[tokio::test]
async fn a_refused_entry_is_queued_again_by_an_edit_and_an_interrupted_send_is_not_repeated() {
    let (_dir, store, account) = store_with_account().await;
    let draft = serde_json::json!({"arrival": "2027-01-10"});
    let e = store.queue_outbox(account, "create", &draft, None, "offline").await.unwrap();
    store.set_outbox_state(e.id, OutboxState::Conflict, Some("The room is taken.")).await.unwrap();
    let edited = store.edit_outbox(e.id, &serde_json::json!({"arrival": "2027-01-12"})).await.unwrap();
    assert_eq!((edited.state, edited.error), (OutboxState::Queued, None));
    assert_eq!(edited.request["arrival"], "2027-01-12");

    assert!(store.claim_outbox(e.id).await.unwrap());
    assert_eq!(store.settle_interrupted_outbox("stopped").await.unwrap(), 1);
    let after = store.outbox_entry(e.id).await.unwrap();
    assert_eq!((after.state, after.error.as_deref()), (OutboxState::Failed, Some("stopped")));
    assert!(!store.claim_outbox(e.id).await.unwrap());

    assert!(store.discard_outbox(e.id).await.unwrap());
    assert_eq!(store.outbox_entry(e.id).await.unwrap_err().kind, ErrorKind::NotFound);
}
