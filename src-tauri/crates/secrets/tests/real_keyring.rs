//! Against the real Secret Service daemon. `.ci/run` starts gnome-keyring in a private D-Bus
//! session and sets `REQUIRE_SECRET_SERVICE=1`, so these cannot pass vacuously there.

use innkeep_core::Credentials;
use innkeep_secrets::SecretStore;

fn store() -> Option<SecretStore> {
    let store = SecretStore::new("innkeep-test");
    let status = store.status();
    if status.available {
        return Some(store);
    }
    if std::env::var_os("REQUIRE_SECRET_SERVICE").is_some() {
        panic!("REQUIRE_SECRET_SERVICE is set but the keyring is unavailable: {:?}", status.message);
    }
    eprintln!("skipping: no Secret Service here ({:?})", status.message);
    None
}

#[test]
fn credentials_round_trip_and_delete() {
    let Some(store) = store() else { return };
    let key = SecretStore::new_ref();
    let mut creds = Credentials::default();
    creds.insert("client_token", "client-abc");
    creds.insert("access_token", "access-ščř-123");
    store.put(&key, &creds).unwrap();
    assert_eq!(store.get(&key).unwrap(), creds);

    store.delete(&key).unwrap();
    let gone = store.get(&key).unwrap_err();
    assert_eq!(gone.kind, innkeep_core::ErrorKind::Keyring);
    // Deleting twice is fine: removal must be retryable.
    store.delete(&key).unwrap();
}

#[test]
fn entries_are_kept_apart_by_reference() {
    let Some(store) = store() else { return };
    let (a, b) = (SecretStore::new_ref(), SecretStore::new_ref());
    let mut ca = Credentials::default();
    ca.insert("access_token", "A");
    let mut cb = Credentials::default();
    cb.insert("access_token", "B");
    store.put(&a, &ca).unwrap();
    store.put(&b, &cb).unwrap();
    assert_eq!(store.get(&a).unwrap().get("access_token"), Some("A"));
    assert_eq!(store.get(&b).unwrap().get("access_token"), Some("B"));
    store.delete(&a).unwrap();
    assert_eq!(store.get(&b).unwrap().get("access_token"), Some("B"));
    store.delete(&b).unwrap();
}
