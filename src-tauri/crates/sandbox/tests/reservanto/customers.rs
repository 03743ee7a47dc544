//! Customers: made with first and last name, read back as one `Name`; search caps at 15.

use innkeep_providers::reservanto::wire::{self, paths};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn create_takes_two_names_and_reads_return_one() {
    let sb = start().await;
    let made: wire::CustomerResponse = sb
        .ok(paths::CUSTOMER_CREATE, json!({"FirstName": " Anna Marie ", "LastName": "Nováková", "Email": "anna@seznam.cz", "Phone": "777 123 456", "Gender": "Female"}))
        .await;
    let c = made.customer.unwrap();
    assert_eq!(c.name.as_deref(), Some("Anna Marie Nováková"));
    assert_eq!(c.phone.as_deref(), Some("+420777123456"), "normalised");
    assert!(!c.deleted);
    let raw = sb.send(paths::CUSTOMER_GET, Some(&sb.token), &stamp(json!({"CustomerId": c.id}))).await.json();
    assert!(raw["Customer"].get("FirstName").is_none() && raw["Customer"].get("LastName").is_none());
    assert_eq!(raw["Customer"]["Name"], "Anna Marie Nováková");
    let got: wire::CustomerResponse = sb.ok(paths::CUSTOMER_GET, json!({"CustomerId": c.id})).await;
    assert_eq!(got.customer.unwrap(), c);
    let (env, body) = sb.business(paths::CUSTOMER_GET, json!({"CustomerId": 17})).await;
    assert_eq!((env.parameter(), env.message().as_str()), (Some("CustomerId"), "Hledaný zákazník neexistuje!"));
    assert_eq!(body["Customer"], serde_json::Value::Null);
}

#[tokio::test]
async fn bad_customers_name_the_field() {
    let sb = start().await;
    for (body, field) in [
        (json!({"FirstName": "Jan"}), "LastName"),
        (json!({"LastName": "Novák", "Email": "jan@novak"}), "Email"),
        (json!({"LastName": "Novák", "Phone": "12-34"}), "Phone"),
        (json!({"LastName": "Novák", "Gender": "Other"}), "Gender"),
    ] {
        let (env, data) = sb.business(paths::CUSTOMER_CREATE, body).await;
        assert_eq!(env.parameter(), Some(field));
        assert_eq!(data["Customer"], serde_json::Value::Null, "null if not created");
    }
}

#[tokio::test]
async fn edit_changes_what_is_sent_and_keeps_the_rest() {
    let sb = start().await;
    let c = sb.customer("Jan", "Novák").await;
    let _: wire::CustomerResponse = sb
        .ok(paths::CUSTOMER_EDIT, json!({"CustomerId": c.id, "Email": "jan@post.cz", "Phone": "+420 602 000 111"}))
        .await;
    let edited: wire::CustomerResponse =
        sb.ok(paths::CUSTOMER_EDIT, json!({"CustomerId": c.id, "LastName": "Nový"})).await;
    let e = edited.customer.unwrap();
    assert_eq!(e.name.as_deref(), Some("Jan Nový"));
    assert_eq!(e.email.as_deref(), Some("jan@post.cz"));
    assert_eq!(e.phone.as_deref(), Some("+420602000111"));
    let cleared: wire::CustomerResponse = sb.ok(paths::CUSTOMER_EDIT, json!({"CustomerId": c.id, "Phone": ""})).await;
    assert_eq!(cleared.customer.unwrap().phone, None);
    let (env, _) = sb.business(paths::CUSTOMER_EDIT, json!({"CustomerId": c.id, "LastName": " "})).await;
    assert_eq!(env.parameter(), Some("LastName"));
    let (env, _) = sb.business(paths::CUSTOMER_EDIT, json!({"CustomerId": c.id, "Email": "x"})).await;
    assert_eq!(env.parameter(), Some("Email"));
    let (env, _) = sb.business(paths::CUSTOMER_EDIT, json!({"CustomerId": 3, "Email": "a@b.cz"})).await;
    assert_eq!(env.parameter(), Some("CustomerId"));
    let still: wire::CustomerResponse = sb.ok(paths::CUSTOMER_GET, json!({"CustomerId": c.id})).await;
    assert_eq!(still.customer.unwrap().name.as_deref(), Some("Jan Nový"), "refusals change nothing");
}

#[tokio::test]
async fn search_is_fuzzy_and_capped_at_fifteen() {
    let sb = start().await;
    let all: wire::CustomersResponse = sb.ok(paths::CUSTOMER_LIST, json!({})).await;
    assert!(all.customers.len() > 100);
    // Accents do not matter: "nov" finds Nováková and Zemanová alike.
    let plain = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'á' => 'a',
                'é' | 'ě' => 'e',
                'í' => 'i',
                'ó' => 'o',
                'ú' | 'ů' => 'u',
                'ý' => 'y',
                c => c,
            })
            .collect()
    };
    let novak =
        all.customers.iter().filter(|c| !c.deleted && plain(c.name.as_deref().unwrap_or("")).contains("nov")).count();
    let found: wire::CustomersResponse = sb.ok(paths::CUSTOMER_SEARCH, json!({"NameSearch": "nov"})).await;
    assert_eq!(found.customers.len(), novak.min(15));
    assert!(found.customers.iter().all(|c| plain(c.name.as_deref().unwrap()).contains("nov")));
    assert!(found.customers.iter().any(|c| c.name.as_deref().unwrap().contains("Nováková")));
    let accents: wire::CustomersResponse = sb.ok(paths::CUSTOMER_SEARCH, json!({"NameSearch": "novakova"})).await;
    assert!(accents.customers.iter().all(|c| c.name.as_deref().unwrap().contains("Nováková")));
    let com: wire::CustomersResponse = sb.ok(paths::CUSTOMER_SEARCH, json!({"EmailSearch": "@"})).await;
    assert_eq!(com.customers.len(), 15, "capped");
    let (env, _) = sb.business(paths::CUSTOMER_SEARCH, json!({"NameSearch": " "})).await;
    assert_eq!(env.parameter(), Some("NameSearch"));
}

#[tokio::test]
async fn the_list_filters_by_registration_and_change() {
    let sb = start().await;
    // Seeded profiles changed at least a minute before the sandbox's now.
    let cutoff = local(today(), 10) - 1;
    let fresh = sb.customer("Eva", "Nová").await;
    let registered: wire::CustomersResponse = sb.ok(paths::CUSTOMER_LIST, json!({"RegisteredAfter": cutoff})).await;
    assert_eq!(registered.customers.iter().map(|c| c.id).collect::<Vec<_>>(), vec![fresh.id]);
    let all: wire::CustomersResponse = sb.ok(paths::CUSTOMER_LIST, json!({})).await;
    let old = all.customers.iter().find(|c| c.id != fresh.id && !c.deleted).unwrap();
    let _: wire::CustomerResponse =
        sb.ok(paths::CUSTOMER_EDIT, json!({"CustomerId": old.id, "Email": "nova@adresa.cz"})).await;
    let changed: wire::CustomersResponse = sb.ok(paths::CUSTOMER_LIST, json!({"ModifiedAfter": cutoff})).await;
    let ids: Vec<i32> = changed.customers.iter().map(|c| c.id).collect();
    assert!(ids.contains(&old.id) && ids.contains(&fresh.id) && ids.len() == 2, "{ids:?}");
    assert!(all.customers.iter().any(|c| c.deleted), "deleted profiles are listed, marked");
}
