//! Transport rules: POST-only exact paths, auth in the body, strict JSON, Request-Id, Prefer.

use innkeep_providers::mews::wire::{self, paths};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn anything_but_post_on_an_exact_path_is_404() {
    let sb = start().await;
    let good = sb.with_auth(json!({}));
    let cases = [
        (reqwest::Method::GET, paths::CONFIGURATION_GET.to_owned()),
        (reqwest::Method::PUT, paths::CONFIGURATION_GET.to_owned()),
        (reqwest::Method::POST, format!("{}/", paths::CONFIGURATION_GET)),
        (reqwest::Method::POST, paths::CONFIGURATION_GET.replace("configuration", "Configuration")),
        (reqwest::Method::POST, "/api/connector/v1/reservations/getAll".to_owned()),
        (reqwest::Method::POST, "/api/connector/v1/configuration/get/extra".to_owned()),
        (reqwest::Method::POST, "/".to_owned()),
    ];
    for (method, path) in cases {
        let resp = sb.http.request(method.clone(), sb.url(&path)).json(&good).send().await.unwrap();
        assert_eq!(resp.status(), 404, "{method} {path}");
        assert!(resp.headers().contains_key("Request-Id"), "{method} {path}");
        let err: wire::ErrorBody = resp.json().await.unwrap();
        assert!(!err.message.is_empty());
    }
    // The same body on the exact path works.
    let resp = sb.http.post(sb.url(paths::CONFIGURATION_GET)).json(&good).send().await.unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn credentials_live_in_the_body_and_are_all_required() {
    let sb = start().await;
    let full = sb.with_auth(json!({}));
    for missing in ["ClientToken", "AccessToken", "Client"] {
        let mut body = full.clone();
        body.as_object_mut().unwrap().remove(missing);
        let resp = sb.http.post(sb.url(paths::CONFIGURATION_GET)).json(&body).send().await.unwrap();
        assert_eq!(resp.status(), 401, "without {missing}");
        let err: wire::ErrorBody = resp.json().await.unwrap();
        assert!(err.message.contains(missing), "{}", err.message);
    }
    for (field, value) in
        [("ClientToken", "0123456789ABCDEF0123456789ABCDEF-0123456789ABCDEF0123456789ABCDE"), ("AccessToken", "nope")]
    {
        let mut body = full.clone();
        body[field] = json!(value);
        let resp = sb.http.post(sb.url(paths::CONFIGURATION_GET)).json(&body).send().await.unwrap();
        assert_eq!(resp.status(), 401, "wrong {field}");
    }
    // Tokens in headers instead of the body do not count.
    let resp = sb
        .http
        .post(sb.url(paths::CONFIGURATION_GET))
        .header("ClientToken", &sb.auth.client_token)
        .header("AccessToken", &sb.auth.access_token)
        .json(&json!({"Client": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
}

#[tokio::test]
async fn bodies_must_be_strict_json_objects() {
    let sb = start().await;
    let auth = format!(
        r#""ClientToken": "{}", "AccessToken": "{}", "Client": "t""#,
        sb.auth.client_token, sb.auth.access_token
    );
    for body in
        [format!("{{{auth},}}"), format!("{{{auth} // comment\n}}"), String::new(), "[]".into(), "{'a': 1}".into()]
    {
        let resp = sb
            .http
            .post(sb.url(paths::CONFIGURATION_GET))
            .header("Content-Type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{body:?}");
        let err: wire::ErrorBody = resp.json().await.unwrap();
        assert!(err.message.starts_with("Invalid JSON"), "{}", err.message);
    }
}

#[tokio::test]
async fn every_answer_has_its_own_request_id() {
    let sb = start().await;
    let mut ids = std::collections::HashSet::new();
    for path in [paths::CONFIGURATION_GET, paths::CONFIGURATION_GET, "/nope"] {
        let resp = sb.raw(path, json!({})).await;
        let id = resp.headers()["Request-Id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 36);
        assert!(ids.insert(id));
    }
    let err = sb.fails(paths::RESOURCES_GET_ALL, json!({"Limitation": {"Count": 10}}), 400).await;
    assert_eq!(err.message, "Invalid Extent: the field is required");
}

#[tokio::test]
async fn prefer_return_minimal_turns_empty_pages_into_204() {
    let sb = start().await;
    let empty =
        sb.with_auth(json!({"ReservationIds": ["00000000-0000-4000-8000-000000000000"], "Limitation": {"Count": 10}}));
    let resp = sb
        .http
        .post(sb.url(paths::RESERVATIONS_GET_ALL))
        .header("Prefer", "return=minimal")
        .json(&empty)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 204);
    assert!(resp.headers().contains_key("Request-Id"));
    assert!(!resp.headers().contains_key("Content-Type"));
    assert!(resp.bytes().await.unwrap().is_empty());

    // Without the header: 200 and an empty page with a null cursor.
    let page: wire::ReservationsGetAllResponse =
        sb.raw(paths::RESERVATIONS_GET_ALL, empty.clone()).await.json().await.unwrap();
    assert!(page.reservations.is_empty() && page.cursor.is_none());

    // A page with items is unaffected by the header.
    let resp = sb
        .http
        .post(sb.url(paths::RESERVATIONS_GET_ALL))
        .header("Prefer", "return=minimal")
        .json(&sb.with_auth(json!({"Limitation": {"Count": 1}})))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn configuration_reports_the_hotel_and_the_sandbox_clock() {
    let sb = start().await;
    let conf: wire::ConfigurationGetResponse =
        sb.call(paths::CONFIGURATION_GET, wire::ConfigurationGetRequest::default()).await;
    assert_eq!(conf.now_utc, sb.sandbox.now());
    assert_eq!(conf.now_utc, local(today(), 10));
    let e = &conf.enterprise;
    assert_eq!(e.name, "Hotel Vltava");
    assert_eq!(e.time_zone_identifier, "Europe/Prague");
    assert_eq!(e.pricing, "Gross");
    assert_eq!(e.currencies.iter().filter(|c| c.is_default).map(|c| c.currency.as_str()).collect::<Vec<_>>(), ["EUR"]);
    assert_eq!(e.address.as_ref().unwrap().country_code.as_deref(), Some("CZ"));

    sb.sandbox.advance_clock(chrono::Duration::hours(5));
    let later: wire::ConfigurationGetResponse = sb.call(paths::CONFIGURATION_GET, json!({})).await;
    assert_eq!(later.now_utc, local(today(), 15));
}
