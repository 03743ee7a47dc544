//! Resources (the rooms): the paginated list, includes, create, update, delete and invite.

use innkeep_providers::timekit::wire::{self, paths};
use reqwest::Method;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn the_rooms_are_paginated_resources_with_room_meta() {
    let sb = start().await;
    let first: wire::Paginated<wire::Resource> = sb.get("/resources?limit=10").await;
    assert_eq!((first.total, first.per_page, first.current_page, first.last_page), (15, 10, 1, 2));
    assert_eq!((first.from, first.to), (Some(1), Some(10)));
    assert!(first.next_page_url.as_deref().unwrap().ends_with("/timekit/v2/resources?limit=10&page=2"));
    assert!(first.prev_page_url.is_none());
    assert!(first.data.iter().all(|r| r.calendars.is_none()), "calendars only when included");
    let raw: serde_json::Value = sb.get("/resources?limit=10").await;
    assert_eq!(raw["per_page"], "10", "per_page is a string, as in Timekit's example");

    let second: wire::Paginated<wire::Resource> = sb.get("/resources?limit=10&page=2&include=calendars").await;
    assert_eq!(second.data.len(), 5);
    assert!(second.next_page_url.is_none());
    let r = &second.data[0];
    assert_eq!(r.timezone, "Atlantic/Reykjavik");
    assert_eq!(r.calendars.as_ref().unwrap()[0].name, "Bookings");
    for key in ["room_type", "capacity", "floor"] {
        assert!(r.meta.contains_key(key), "{key}");
    }
    let beyond: wire::Paginated<wire::Resource> = sb.get("/resources?limit=10&page=3").await;
    assert!(beyond.data.is_empty() && beyond.from.is_none());
    let e = sb.fails(Method::GET, "/resources?limit=0", None, 422).await;
    assert!(e.errors.unwrap().contains_key("limit"));

    let one: wire::Data<wire::Resource> = sb.get(&paths::resource(&r.id)).await;
    assert_eq!(one.data.name, r.name);
    let e = sb.fails(Method::GET, &paths::resource("78a4d873-2a68-41c6-bdd4-c0ca5b35efd3"), None, 404).await;
    assert_eq!((e.error.as_deref(), e.model.as_deref()), (Some("Resource does not exist"), Some("Resource")));
}

#[tokio::test]
async fn a_resource_is_created_updated_and_deleted() {
    let sb = start().await;
    let made: wire::Data<wire::Resource> = sb
        .expect(
            Method::POST,
            paths::RESOURCES,
            Some(json!({"name": "Annex 1", "timezone": "Atlantic/Reykjavik", "email": "annex@hraunborg.example.is",
                        "meta": {"room_type": "Double", "capacity": "2"}})),
            201,
        )
        .await;
    let r = made.data;
    assert_eq!(r.first_name.as_deref(), Some("Annex 1"), "first_name mirrors name");
    assert_eq!(
        r.calendars.as_ref().unwrap()[0].description.as_deref(),
        Some("Created by Timekit on resource creation")
    );
    assert_eq!(sb.resources().await.len(), 16);

    let e = sb.fails(Method::POST, paths::RESOURCES, Some(json!({"timezone": "UTC"})), 422).await;
    assert_eq!(e.errors.unwrap()["name"], ["The name field is required."]);
    let e = sb.fails(Method::POST, paths::RESOURCES, Some(json!({"name": "X", "timezone": "Mars/Olympus"})), 422).await;
    assert!(e.errors.unwrap().contains_key("timezone"));
    let dup = json!({"name": "X", "timezone": "UTC", "email": "ANNEX@hraunborg.example.is"});
    let e = sb.fails(Method::POST, paths::RESOURCES, Some(dup), 422).await;
    assert_eq!(e.errors.unwrap()["email"], ["Email already exists"]);

    let resp =
        sb.send(Method::PUT, &paths::resource(&r.id), Some(json!({"name": "Annex A", "meta": {"floor": "0"}}))).await;
    assert_eq!(resp.status(), 204);
    let again: wire::Data<wire::Resource> = sb.get(&paths::resource(&r.id)).await;
    assert_eq!(again.data.name, "Annex A");
    assert_eq!(again.data.meta["floor"], "0");
    assert_eq!(again.data.meta["room_type"], "Double", "meta is merged");
    let e = sb.fails(Method::PUT, &paths::resource(&r.id), Some(json!({"email": "new@example.com"})), 422).await;
    assert!(e.errors.unwrap().contains_key("email"));

    assert_eq!(sb.send(Method::DELETE, &paths::resource(&r.id), None).await.status(), 204);
    sb.fails(Method::GET, &paths::resource(&r.id), None, 404).await;
}

#[tokio::test]
async fn a_room_with_open_bookings_cannot_be_deleted() {
    let sb = start().await;
    let room = sb.free_room(day(20), 2).await;
    sb.create(sb.stay(&room, day(20), 2, "instant")).await;
    let e = sb.fails(Method::DELETE, &paths::resource(&room), None, 422).await;
    assert!(e.error.unwrap().contains("open bookings"));
}

#[tokio::test]
async fn inviting_makes_a_resource_once() {
    let sb = start().await;
    let resp = sb.send(Method::POST, paths::APP_INVITE, Some(json!({"email": "gudrun@example.is"}))).await;
    assert_eq!(resp.status(), 204);
    let all = sb.resources().await;
    assert!(all.iter().any(|r| r.email.as_deref() == Some("gudrun@example.is") && r.name == "gudrun"));
    let e = sb.fails(Method::POST, paths::APP_INVITE, Some(json!({"email": "gudrun@example.is"})), 422).await;
    assert!(e.errors.unwrap().contains_key("email"));
    let e = sb.fails(Method::POST, paths::APP_INVITE, Some(json!({})), 422).await;
    assert_eq!(e.errors.unwrap()["email"], ["The email field is required."]);
}
