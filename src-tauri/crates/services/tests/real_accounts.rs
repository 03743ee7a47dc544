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
    // The account is gone (asking for its list names it unknown), and so are its rows.
    let asked = w.app.reservations(&ReservationQuery { account_id: Some(account.id), ..Default::default() }).await;
    assert_eq!(asked.unwrap_err().kind, ErrorKind::NotFound);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reservations WHERE account_id = ?")
        .bind(account.id)
        .fetch_one(w.app.store().pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
    let log = w.app.activity(None, 5).await.unwrap();
    assert_eq!(log[0].action, "account.remove");
}

/// A manager whose provider issued new credentials (a rotated token, an app approved again with
/// other rights) replaces them on the account: the cached reservations stay, the keyring holds the
/// new ones, and the next sync uses them. Refused credentials, another property's, or a demo
/// account leave everything as it was.
#[tokio::test]
async fn replaced_credentials_are_checked_kept_in_the_keyring_and_used() {
    if !keyring_ready() {
        eprintln!("skipping: no Secret Service");
        return;
    }
    let w = world(12).await;
    let reservanto = endpoints(&w.sandbox).into_iter().find(|e| e.provider == ProviderKind::Reservanto).unwrap();
    let token_creds = |token: &str| -> innkeep_core::Credentials {
        [("long_time_token".to_owned(), token.to_owned())].into_iter().collect()
    };
    let read_only = token_creds(innkeep_sandbox::reservanto::READ_ONLY_LONG_TIME_TOKEN);
    let account = w
        .app
        .add_account(&NewAccount {
            provider: ProviderKind::Reservanto,
            label: "Penzion Na Hrázi".into(),
            base_url: reservanto.base_url.clone(),
            credentials: read_only.clone(),
        })
        .await
        .unwrap();
    w.app.sync_account(account.id, &quiet).await.unwrap();
    let cached = |app: &innkeep_services::Innkeep| {
        let app = app.clone();
        async move {
            app.reservations(&ReservationQuery { account_id: Some(account.id), ..Default::default() })
                .await
                .unwrap()
                .len()
        }
    };
    let before = cached(&w.app).await;
    assert!(before > 0);
    let secret_ref: String = sqlx::query_scalar("SELECT secret_ref FROM accounts WHERE id = ?")
        .bind(account.id)
        .fetch_one(w.app.store().pool())
        .await
        .unwrap();
    let keyring = SecretStore::new("innkeep-test");

    // Refused by the provider: an auth error, and the old token stays.
    let wrong = token_creds("5a4e4442-4f58-4c54-8000-000000000bad");
    let e = w.app.replace_credentials(account.id, &wrong).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth, "{e:?}");
    assert_eq!(keyring.get(&secret_ref).unwrap(), read_only);

    // Malformed: refused before the provider is asked, naming the field.
    let e = w.app.replace_credentials(account.id, &token_creds("")).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("long_time_token")), "{e:?}");

    // Another property's credentials. The sandbox serves one property per provider, so the
    // account is made to hold another property (as one Mews address serves many hotels).
    let mine = w.app.account(account.id).await.unwrap().property_name.expect("named by its first sync");
    let name_it =
        |name: String| sqlx::query("UPDATE accounts SET property_name = ? WHERE id = ?").bind(name).bind(account.id);
    name_it("Hotel Elsewhere".into()).bind(account.id).execute(w.app.store().pool()).await.unwrap();
    let e = w.app.replace_credentials(account.id, &read_only).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("credentials")), "{e:?}");
    assert!(e.message.contains("not “Hotel Elsewhere”"), "{}", e.message);
    assert_eq!(keyring.get(&secret_ref).unwrap(), read_only);
    name_it(mine).execute(w.app.store().pool()).await.unwrap();

    // A demo account keeps the sandbox's credentials.
    let accounts = w.app.accounts().await.unwrap();
    let demo = accounts.iter().find(|a| a.is_demo && a.provider == ProviderKind::Reservanto).unwrap().id;
    let e = w.app.replace_credentials(demo, &read_only).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("credentials")), "{e:?}");

    // The full-rights token: accepted, stored, used by the next sync; the cache is untouched.
    let full = token_creds(innkeep_sandbox::reservanto::LONG_TIME_TOKEN);
    let replaced = w.app.replace_credentials(account.id, &full).await.unwrap();
    assert_eq!(replaced.status, innkeep_core::AccountStatus::Online);
    assert_eq!(keyring.get(&secret_ref).unwrap(), full);
    assert_eq!(cached(&w.app).await, before);
    w.sandbox.take_requests();
    w.app.sync_account(account.id, &quiet).await.unwrap();
    let asked = w.sandbox.take_requests();
    assert!(asked.keys().any(|k| k.starts_with("reservanto ")), "the next sync reached Reservanto: {asked:?}");
    let activity = w.app.activity(Some(account.id), 10).await.unwrap();
    assert!(activity.iter().any(|a| a.action == "account.credentials"), "{activity:?}");

    w.app.remove_account(account.id).await.unwrap();
}
