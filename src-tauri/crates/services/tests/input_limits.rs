//! Every text and count a command takes is bounded: a search, a reason, a guest's name beyond its
//! limit, or a row count of zero, is refused with a validation error naming the field, before the
//! cache or a provider is asked.

use innkeep_core::validate::limits;
use innkeep_core::{ErrorKind, GuestEdit, ReservationAction, ReservationQuery};
use innkeep_secrets::SecretStore;
use innkeep_services::Innkeep;
use innkeep_store::Store;

async fn app() -> (tempfile::TempDir, Innkeep) {
    let dir = tempfile::tempdir().unwrap();
    let app = Innkeep::new(Store::open(dir.path()).await.unwrap(), SecretStore::new("innkeep-test"));
    (dir, app)
}

fn refused_on<T: std::fmt::Debug>(result: Result<T, innkeep_core::AppError>, field: &str) {
    let e = result.expect_err("the input is over its limit");
    assert_eq!(e.kind, ErrorKind::Validation, "{e:?}");
    assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
}

#[tokio::test]
async fn reads_refuse_a_search_too_long_and_a_row_count_out_of_range() {
    let (_dir, app) = app().await;
    let long = "n".repeat(limits::SEARCH + 1);
    refused_on(
        app.reservations(&ReservationQuery { search: Some(long.clone()), ..Default::default() }).await,
        "search",
    );
    refused_on(app.reservations(&ReservationQuery { limit: Some(0), ..Default::default() }).await, "limit");
    refused_on(
        app.reservations(&ReservationQuery { limit: Some(limits::ROWS + 1), ..Default::default() }).await,
        "limit",
    );
    refused_on(app.guests(Some(&long)).await, "search");
    refused_on(app.search_everything(&long).await, "query");
    // At the limit, the read runs (on an empty cache: nothing found).
    let at_limit = "n".repeat(limits::SEARCH);
    assert!(app
        .reservations(&ReservationQuery { search: Some(at_limit), ..Default::default() })
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn writes_refuse_long_texts_before_looking_the_record_up() {
    let (_dir, app) = app().await;
    // Reservation and guest 1 do not exist: the length is what is refused, not the id.
    let reason = Some("r".repeat(limits::NOTE + 1));
    refused_on(app.act(1, ReservationAction::Cancel { reason, override_late: false }).await, "reason");
    refused_on(app.act(1, ReservationAction::EditNotes { notes: "n".repeat(limits::NOTE + 1) }).await, "notes");
    let edit = GuestEdit { email: Some(format!("{}@example.com", "a".repeat(limits::EMAIL))), ..Default::default() };
    refused_on(app.edit_guest(1, &edit).await, "email");
    refused_on(
        app.act_or_queue(1, ReservationAction::Reject { reason: Some("r".repeat(limits::NOTE + 1)) }).await,
        "reason",
    );
}
