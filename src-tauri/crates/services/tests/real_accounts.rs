//! Adding and removing a real (non-demo) account: the credentials go to the real Secret Service
//! and nowhere else. `.ci/run` provides an unlocked gnome-keyring and sets REQUIRE_SECRET_SERVICE.

mod common;

use common::*;
use innkeep_core::{ErrorKind, NewAccount, ProviderKind, ReservationQuery};
use innkeep_secrets::SecretStore;

fn keyring_ready() -> bool {
    let status = SecretStore::new("innkeep-test").status();
    if !status.available && std::env::var_os("REQUIRE_SECRET_SERVICE").is_some() {
        panic!("REQUIRE_SECRET_SERVICE is set but the keyring is unavailable: {:?}", status.message);
    }
    status.available
}

#[tokio::test]
async fn a_real_account_keeps_its_secret_only_in_the_keyring_and_removal_deletes_everything() {
    if !keyring_ready() {
        eprintln!("skipping: no Secret Service");
        return;
    }
    let w = world(11).await;
    let endpoint = endpoints(&w.sandbox).remove(0);
    let token = endpoint.credentials.get("access_token").unwrap().to_string();
    let account = w
        .app
        .add_account(&NewAccount {
            provider: ProviderKind::Mews,
            label: "  Hotel Vltava  ".into(),
            base_url: format!("{}/", endpoint.base_url),
            credentials: endpoint.credentials.clone(),
        })
        .await
        .unwrap();
    assert_eq!(account.label, "Hotel Vltava");
    assert!(!account.is_demo);
    assert_eq!(account.base_url, endpoint.base_url, "trailing slash dropped");

    w.app.sync_account(account.id, &quiet).await.unwrap();
    assert!(!w
        .app
        .reservations(&ReservationQuery { account_id: Some(account.id), ..Default::default() })
        .await
        .unwrap()
        .is_empty());

    // The secret is nowhere in the database file.
    let db = std::fs::read(w.app.store().path()).unwrap();
    let wal = std::fs::read(w.app.store().path().with_extension("db-wal")).unwrap_or_default();
    for bytes in [&db, &wal] {
        assert!(!bytes.windows(token.len()).any(|win| win == token.as_bytes()), "the access token leaked into SQLite");
    }

    let secret_ref: String = sqlx::query_scalar("SELECT secret_ref FROM accounts WHERE id = ?")
        .bind(account.id)
        .fetch_one(w.app.store().pool())
        .await
        .unwrap();
    assert_eq!(w.app.secrets().get(&secret_ref).unwrap(), endpoint.credentials);

    w.app.remove_account(account.id).await.unwrap();
    assert_eq!(w.app.secrets().get(&secret_ref).unwrap_err().kind, ErrorKind::Keyring, "keyring entry deleted");
    assert_eq!(w.app.account(account.id).await.unwrap_err().kind, ErrorKind::NotFound);
    assert!(w
        .app
        .reservations(&ReservationQuery { account_id: Some(account.id), ..Default::default() })
        .await
        .unwrap()
        .is_empty());
    let log = w.app.activity(None, 5).await.unwrap();
    assert_eq!(log[0].action, "account.remove");
}
