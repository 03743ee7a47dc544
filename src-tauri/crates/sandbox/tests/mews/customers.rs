//! `customers/add`: validation and the email dedupe.

use innkeep_providers::mews::wire::{self, paths};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn a_new_guest_gets_a_profile_with_diacritics_intact() {
    let sb = start().await;
    let req = wire::CustomerAddRequest {
        last_name: "Šťastná".into(),
        overwrite_existing: false,
        first_name: Some("Žofie".into()),
        email: Some("zofie.stastna@example.cz".into()),
        phone: Some("+420 777 123 456".into()),
        nationality_code: Some("CZ".into()),
        notes: Some("Přijede pozdě večer.".into()),
    };
    let c: wire::Customer = sb.call(paths::CUSTOMERS_ADD, req).await;
    assert_eq!((c.first_name.as_deref(), c.last_name.as_str()), (Some("Žofie"), "Šťastná"));
    assert_eq!(c.created_utc, c.updated_utc);
    assert!(c.created_utc > local(today(), 10));
    assert!(c.number.is_some() && c.is_active);
    let found: wire::CustomersGetAllResponse = sb
        .call(
            paths::CUSTOMERS_GET_ALL,
            json!({"Extent": {"Customers": true}, "CustomerIds": [c.id], "Limitation": {"Count": 1}}),
        )
        .await;
    assert_eq!(found.customers, vec![c]);
}

#[tokio::test]
async fn the_same_email_is_one_profile() {
    let sb = start().await;
    let first = sb.new_customer("Novák", Some("jan.novak@example.com")).await;
    let dup = json!({"LastName": "Novák", "Email": "Jan.Novak@example.com", "OverwriteExisting": false});
    let e = sb.fails(paths::CUSTOMERS_ADD, dup, 403).await;
    assert!(e.message.contains("already exists"), "{}", e.message);

    let overwrite =
        json!({"LastName": "Novák", "FirstName": "Jan", "Email": "Jan.Novak@example.com", "OverwriteExisting": true});
    let resp = sb.raw(paths::CUSTOMERS_ADD, overwrite).await;
    assert_eq!(resp.status(), 200);
    let second: wire::Customer = resp.json().await.unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.first_name.as_deref(), Some("Jan"));
    assert_eq!(second.email, first.email, "omitted fields are kept");
    assert!(second.updated_utc > first.updated_utc);
    assert_eq!(second.created_utc, first.created_utc);
}

#[tokio::test]
async fn bad_profiles_are_refused() {
    let sb = start().await;
    for (body, field) in [
        (json!({"OverwriteExisting": false}), "LastName"),
        (json!({"LastName": "  ", "OverwriteExisting": false}), "LastName"),
        (json!({"LastName": "Smith"}), "OverwriteExisting"),
        (json!({"LastName": "Smith", "OverwriteExisting": false, "Email": "not-an-email"}), "Email"),
        (json!({"LastName": "Smith", "OverwriteExisting": false, "NationalityCode": "Czechia"}), "NationalityCode"),
    ] {
        let e = sb.fails(paths::CUSTOMERS_ADD, body, 400).await;
        assert!(e.message.starts_with(&format!("Invalid {field}")), "{field}: {}", e.message);
    }
}
