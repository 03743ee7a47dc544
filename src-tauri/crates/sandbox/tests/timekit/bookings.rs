//! Bookings: the paginated list with search, order and includes; get; create; bulk create.

use std::collections::HashSet;

use innkeep_providers::timekit::wire::{self, paths};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

#[tokio::test]
async fn the_list_pages_in_creation_order_with_laravel_keys() {
    let sb = start().await;
    let first: wire::Paginated<wire::Booking> = sb.get("/bookings?limit=100").await;
    assert!(first.total > 500, "{}", first.total);
    assert_eq!((first.per_page, first.current_page), (100, 1));
    assert_eq!(first.last_page, first.total.div_ceil(100));
    assert!(first.data.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    let b = &first.data[0];
    assert!(b.event.is_none() && b.customers.is_none() && b.attributes.is_none(), "nothing included unasked");
    assert!(b.meta.is_some());
    let default: wire::Paginated<wire::Booking> = sb.get("/bookings").await;
    assert_eq!(default.per_page, 50);

    let all = sb.all_bookings("").await;
    assert_eq!(all.len() as u64, first.total);
    let unique: HashSet<&str> = all.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(unique.len(), all.len(), "no booking on two pages");
    let e = sb.fails(Method::GET, "/bookings?limit=1001", None, 422).await;
    assert!(e.errors.unwrap().contains_key("limit"));
}

#[tokio::test]
async fn includes_add_the_related_models() {
    let sb = start().await;
    let page: wire::Paginated<wire::Booking> =
        sb.get("/bookings?limit=5&include=attributes,event,customers,calendar,resource,unknown").await;
    for b in &page.data {
        let info = b.attributes.as_ref().unwrap().event_info.as_ref().unwrap();
        let event = b.event.as_ref().unwrap();
        assert_eq!((info.start, info.end), (event.start, event.end));
        assert_eq!(event.start.utc().format("%H:%M").to_string(), "14:00", "check-in at 14:00 in Reykjavik");
        assert_eq!(event.end.utc().format("%H:%M").to_string(), "11:00");
        assert!(b.customers.as_ref().unwrap()[0].email.as_deref().unwrap().contains("@example."));
        assert_eq!(b.calendar.as_ref().unwrap().name, "Bookings");
        assert!(b.resource.as_ref().unwrap().name.is_some());
    }
    // created_at without a colon in the offset, event times with one.
    let raw: Value = sb.get("/bookings?limit=1&include=event").await;
    assert!(raw["data"][0]["created_at"].as_str().unwrap().ends_with("+0000"));
    assert!(raw["data"][0]["event"]["start"].as_str().unwrap().ends_with("+00:00"));
}

#[tokio::test]
async fn search_and_order_narrow_and_sort_the_list() {
    let sb = start().await;
    let all = sb.all_bookings("&include=customers,resource").await;
    let room = all[0].resource.as_ref().unwrap().id.clone();
    let on_room = sb.all_bookings(&format!("&search=resource.id:{room}&include=resource")).await;
    assert_eq!(on_room.len(), all.iter().filter(|b| b.resource.as_ref().unwrap().id == room).count());

    let tentative = sb.all_bookings("&search=state:tentative;graph:confirm_decline").await;
    assert!(!tentative.is_empty());
    assert!(tentative.iter().all(|b| b.state == "tentative" && !b.completed));
    let done = sb.all_bookings("&search=completed:true").await;
    assert!(done.iter().all(|b| b.completed));
    assert_eq!(done.len(), all.iter().filter(|b| b.completed).count());

    let c = all[3].customers.as_ref().unwrap()[0].clone();
    let email = c.email.unwrap();
    let by_mail = sb.all_bookings(&format!("&search=customer.email:{}&include=customers", email.to_uppercase())).await;
    assert!(by_mail.iter().any(|b| b.id == all[3].id));
    assert!(by_mail.iter().all(|b| b.customers.as_ref().unwrap()[0].email.as_deref() == Some(email.as_str())));
    let last = c.name.rsplit(' ').next().unwrap().to_lowercase();
    let by_name = sb.all_bookings(&format!("&search=customer.name:*{last}&include=customers")).await;
    assert!(by_name.iter().any(|b| b.id == all[3].id));
    let by_meta = sb.all_bookings("&search=meta.channel:walk-in").await;
    assert!(!by_meta.is_empty() && by_meta.iter().all(|b| b.meta_str("channel").as_deref() == Some("walk-in")));

    let newest: wire::Paginated<wire::Booking> = sb.get("/bookings?limit=20&orderBy=updated_at&sortedBy=desc").await;
    assert!(newest.data.windows(2).all(|w| w[0].updated_at >= w[1].updated_at));
    assert_eq!(newest.data[0].updated_at, all.iter().map(|b| b.updated_at).max().unwrap());
    let by_start: wire::Paginated<wire::Booking> = sb.get("/bookings?limit=20&orderBy=event.start&include=event").await;
    assert!(by_start.data.windows(2).all(|w| w[0].period().unwrap().0 <= w[1].period().unwrap().0));

    for (query, field) in [("search=colour:red", "search"), ("orderBy=price", "orderBy"), ("sortedBy=up", "sortedBy")] {
        let e = sb.fails(Method::GET, &format!("/bookings?{query}"), None, 422).await;
        assert!(e.errors.unwrap().contains_key(field), "{query}");
    }
}

#[tokio::test]
async fn create_starts_each_graph_in_its_first_state() {
    let sb = start().await;
    let room = sb.free_room(day(14), 2).await;
    let b = sb.create(sb.stay(&room, day(14), 2, "confirm_decline")).await;
    assert_eq!((b.graph.as_str(), b.state.as_str(), b.completed), ("confirm_decline", "tentative", false));
    assert_eq!(b.available_actions.as_deref().unwrap(), ["confirm", "decline"]);
    assert_eq!(b.created_at, b.updated_at);
    assert_eq!(b.resource.as_ref().unwrap().id, room);
    let c = &b.customers.as_ref().unwrap()[0];
    assert_eq!((c.name.as_str(), c.email.as_deref()), ("Test Gestur", Some("test.gestur@example.com")));
    assert!(c.id.is_some());
    assert_eq!(b.meta_str("adults").as_deref(), Some("2"));
    assert_eq!(b.period().unwrap().0.utc(), utc(day(14), 14));

    let mut instant = sb.stay(&room, day(14), 2, "instant");
    instant["action"] = json!("confirm");
    let i = sb.create(instant).await;
    assert_eq!((i.state.as_str(), i.available_actions.unwrap().len()), ("confirmed", 3));
    assert_eq!(sb.booking(&i.id).await.state, "confirmed");

    // Without a graph: confirm_decline.
    let room2 = sb.free_room(day(50), 1).await;
    let mut plain = sb.stay(&room2, day(50), 1, "instant");
    plain.as_object_mut().unwrap().remove("graph");
    assert_eq!(sb.create(plain).await.state, "tentative");
}

#[tokio::test]
async fn create_refuses_bad_input_with_the_documented_shapes() {
    let sb = start().await;
    let room = sb.free_room(day(21), 2).await;
    let good = sb.stay(&room, day(21), 2, "instant");
    let with = |path: &str, value: Value| {
        let mut b = good.clone();
        let (outer, inner) = path.split_once('.').unwrap_or((path, ""));
        if inner.is_empty() {
            if value.is_null() {
                b.as_object_mut().unwrap().remove(outer);
            } else {
                b[outer] = value;
            }
        } else if value.is_null() {
            b[outer].as_object_mut().unwrap().remove(inner);
        } else {
            b[outer][inner] = value;
        }
        b
    };
    let cases = [
        (with("resource_id", Value::Null), "resource_id", "The resource_id field is required."),
        (
            with("resource_id", json!("58190fc6-1ec0-4ebb-b627-7ce6aa9fc703")),
            "resource_id",
            "The selected resource id is invalid.",
        ),
        (with("start", Value::Null), "start", "The start field is required."),
        (with("start", json!("next monday")), "start", "The start is not a valid timestamp."),
        (with("end", json!(at(day(20), 11))), "end", "The end must be a date after start."),
        (with("what", json!(" ")), "what", "The what field is required."),
        (with("customer.email", Value::Null), "customer.email", "The customer.email field is required."),
        (with("customer.email", json!("marty")), "customer.email", "The customer.email must be a valid email address."),
        (with("customer.name", json!("")), "customer.name", "The customer.name field is required."),
        (with("graph", json!("group_owner")), "graph", "The graph 'group_owner' is not enabled for this app."),
        (with("graph", json!("fast")), "graph", "The selected graph is invalid."),
    ];
    for (body, field, message) in cases {
        let e = sb.fails(Method::POST, paths::BOOKINGS, Some(body), 422).await;
        assert_eq!(e.errors.as_ref().and_then(|m| m.get(field)).map(|v| v[0].as_str()), Some(message), "{e:?}");
    }
    // The documented 422 for a calendar id that is not a UUID, exactly.
    let e: Value = sb.expect(Method::POST, paths::BOOKINGS, Some(with("calendar_id", json!("c1"))), 422).await;
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples/timekit/error-422.response.json");
    let documented: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(e, documented);
    // The first action must fit the graph.
    let mut wrong_first = with("graph", json!("confirm_decline"));
    wrong_first["action"] = json!("confirm");
    let e = sb.fails(Method::POST, paths::BOOKINGS, Some(wrong_first), 422).await;
    assert_eq!(e.error.as_deref(), Some("Cannot apply action 'confirm' to current state 'initialized'"));
    // Nothing was made by any of these.
    let on_room = sb.all_bookings(&format!("&search=resource.id:{room};customer.email:test.gestur@example.com")).await;
    assert!(on_room.is_empty());
}

#[tokio::test]
async fn a_taken_timeslot_is_refused_unless_double_bookings_are_allowed() {
    let sb = start().await;
    let room = sb.free_room(day(25), 2).await;
    sb.create(sb.stay(&room, day(25), 2, "instant")).await;
    let e = sb.fails(Method::POST, paths::BOOKINGS, Some(sb.stay(&room, day(26), 2, "instant")), 422).await;
    assert!(e.error.unwrap().contains("not available"));
    let e = sb.fails(Method::POST, paths::BOOKINGS, Some(sb.stay(&room, day(24), 2, "confirm_decline")), 422).await;
    assert!(e.error.unwrap().contains("not available"), "a request for a taken slot is refused too");
    // Back to back is fine: check-out 11:00, check-in 14:00.
    sb.create(sb.stay(&room, day(27), 1, "instant")).await;
    let mut double = sb.stay(&room, day(25), 1, "instant");
    double["settings"] = json!({"allow_double_bookings": true});
    assert_eq!(sb.create(double).await.state, "confirmed");
}

#[tokio::test]
async fn bulk_create_makes_related_bookings_or_says_which_failed() {
    let sb = start().await;
    let all: Vec<String> = sb.resources().await.into_iter().map(|r| r.id).collect();
    let free: wire::Data<Vec<wire::Slot>> = sb
        .expect(
            Method::POST,
            paths::AVAILABILITY,
            Some(json!({"mode": "exclusive", "resources": all, "from": at(day(60), 14), "to": at(day(62), 11), "length": "45 hours"})),
            200,
        )
        .await;
    let rooms: Vec<String> = free.data[0].resources.iter().map(|r| r.id().to_owned()).take(3).collect();
    let body = json!({
        "bookings": [sb.stay(&rooms[0], day(60), 2, "instant"), sb.stay(&rooms[1], day(60), 2, "instant")],
        "relate_bookings": true
    });
    let made: wire::BulkAnswer =
        sb.expect(Method::POST, &format!("{}?include=bulked_bookings", paths::BOOKINGS_BULK), Some(body), 201).await;
    assert_eq!(made.data.len(), 2);
    assert!(made.errors.is_none());
    assert_eq!(made.data[0].bulked_bookings.as_ref().unwrap()[0].id, made.data[1].id);

    // The second item hits a taken room and the third has no customer e-mail: all or nothing.
    let mut no_mail = sb.stay(&rooms[2], day(60), 2, "instant");
    no_mail["customer"].as_object_mut().unwrap().remove("email");
    let failing = json!({"bookings": [sb.stay(&rooms[2], day(60), 2, "instant"), sb.stay(&rooms[0], day(60), 2, "instant"), no_mail],
                         "delete_all_on_error": true});
    let answer: wire::BulkAnswer = sb.expect(Method::POST, paths::BOOKINGS_BULK, Some(failing.clone()), 422).await;
    assert!(answer.data.is_empty());
    let errors = answer.errors.unwrap();
    assert!(errors["bookings.1"][0].contains("not available"));
    assert_eq!(errors["bookings.2.customer.email"], ["The customer.email field is required."]);
    let free_again: wire::Data<Vec<wire::Slot>> = sb
        .expect(
            Method::POST,
            paths::AVAILABILITY,
            Some(json!({"mode": "exclusive", "resources": [rooms[2]], "from": at(day(60), 14), "to": at(day(62), 11), "length": "45 hours"})),
            200,
        )
        .await;
    assert_eq!(free_again.data.len(), 1, "the first item was taken back");

    // Without the flag the good ones stay; stop_on_first_error stops at the first failure.
    let mut partial = failing.clone();
    partial["delete_all_on_error"] = json!(false);
    partial["stop_on_first_error"] = json!(true);
    let answer: wire::BulkAnswer = sb.expect(Method::POST, paths::BOOKINGS_BULK, Some(partial), 422).await;
    assert_eq!(answer.data.len(), 1);
    let errors = answer.errors.unwrap();
    assert!(errors.contains_key("bookings.1") && !errors.keys().any(|k| k.starts_with("bookings.2")));

    let e = sb.fails(Method::POST, paths::BOOKINGS_BULK, Some(json!({"bookings": []})), 422).await;
    assert_eq!(e.errors.unwrap()["bookings"], ["The bookings field is required."]);
}
