//! Lists and single records: the `{data, meta}` envelope, pagination, filters, strict dates,
//! availability and pricing windows, invoices.

use std::collections::HashSet;

use innkeep_providers::mobile_calendar::wire::{self, paths};

use crate::common::*;

#[tokio::test]
async fn lists_are_paged_with_totals() {
    let sb = start().await;
    let first: wire::List<wire::Reservation> = sb.ok("/reservations?limit=50&page=1").await;
    let m = &first.meta;
    assert_eq!((m.current_page, m.items_per_page), (1, 50));
    assert!(m.total_items > 300, "{}", m.total_items);
    assert_eq!(m.total_pages as u64, m.total_items.div_ceil(50));
    assert_eq!(first.data.len(), 50);
    let default: wire::List<wire::Reservation> = sb.ok(paths::RESERVATIONS).await;
    assert_eq!(default.meta.items_per_page, 25);
    let all: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, "").await;
    assert_eq!(all.len() as u64, m.total_items);
    let ids: Vec<i64> = all.iter().map(|r| r.reservation_id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ordered by reservationId, no repeats");
    assert!(all.iter().all(|r| r.kind != wire::LOCK && !r.deleted()), "no locks or deleted ones by default");
    let beyond: wire::List<wire::Reservation> =
        sb.ok(&format!("/reservations?limit=50&page={}", m.total_pages + 1)).await;
    assert!(beyond.data.is_empty());
}

#[tokio::test]
async fn bad_paging_and_order_are_422_naming_the_parameter() {
    let sb = start().await;
    for (q, field) in [
        ("limit=201", "limit"),
        ("limit=0", "limit"),
        ("page=0", "page"),
        ("orderBy=price", "orderBy"),
        ("orderType=UP", "orderType"),
    ] {
        let p = sb.get(&format!("/reservations?{q}")).await.problem(422);
        assert!(p.errors.unwrap().contains_key(field), "{q}");
    }
    let max: wire::List<wire::Client> = sb.ok("/clients?limit=200").await;
    assert_eq!(max.data.len(), 200);
}

#[tokio::test]
async fn dates_are_strictly_year_month_day() {
    let sb = start().await;
    for bad in ["2026-3-10", "10.03.2026", "2026-02-30", "2026-03-10T00:00:00Z"] {
        let p = sb.get(&format!("/reservations?from={bad}")).await.problem(422);
        assert_eq!(p.errors.unwrap()["from"].all(), vec!["from wrong format, correct: Y-m-d"], "{bad}");
    }
    let p = sb.get("/availability?from=2026-03-10&to=12.03.2026").await.problem(422);
    assert!(p.errors.unwrap().contains_key("to"));
}

#[tokio::test]
async fn from_and_to_select_stays_inside_the_window_and_filters_combine() {
    let sb = start().await;
    let (from, to) = (day(-20), day(20));
    let inside: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, &format!("from={from}&to={to}")).await;
    assert!(!inside.is_empty());
    assert!(inside.iter().all(|r| r.arrival >= from && r.departure <= to));
    let one = &inside[0];
    let exact: Vec<wire::Reservation> =
        sb.all(paths::RESERVATIONS, &format!("arrival={}&departure={}", one.arrival, one.departure)).await;
    assert!(exact.iter().any(|r| r.reservation_id == one.reservation_id));
    assert!(exact.iter().all(|r| r.arrival == one.arrival && r.departure == one.departure));
    let by_room: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, &format!("roomId={}", one.room_id)).await;
    assert!(by_room.iter().all(|r| r.room_id == one.room_id));
    let two = &inside[1];
    let by_ids: wire::List<wire::Reservation> = sb
        .ok(&format!("/reservations?reservationId={}&reservationId={}", one.reservation_id, two.reservation_id))
        .await;
    assert_eq!(by_ids.data.len(), 2);
    let locks: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, "includeLocks=1").await;
    assert!(locks.iter().any(|r| r.kind == wire::LOCK && r.client_id.is_none()));
    let deleted: Vec<wire::Reservation> = sb.all(paths::RESERVATIONS, "includeDeleted=1").await;
    assert!(deleted.iter().any(|r| r.deleted() && r.delete_date.is_some()));
}

#[tokio::test]
async fn rooms_types_rates_and_sources() {
    let sb = start().await;
    let rooms = sb.rooms().await;
    assert_eq!(rooms.len(), 18);
    let types: wire::Items<wire::RoomType> = sb.ok(paths::ROOM_TYPES).await;
    let type_ids: HashSet<i64> = types.data.iter().map(|t| t.room_type_id).collect();
    assert!(rooms.iter().all(|r| type_ids.contains(&r.room_type_id.unwrap())));
    assert!(rooms.iter().all(|r| r.description.contains_key("default")));
    let one: wire::One<wire::Room> = sb.ok(&paths::room(rooms[3].room_id)).await;
    assert_eq!(one.data, rooms[3]);
    sb.get(&paths::room(1)).await.problem(404);
    let doubles: wire::List<wire::Room> = sb.ok("/rooms?roomTypeId=4102&limit=200").await;
    assert!(!doubles.data.is_empty() && doubles.data.iter().all(|r| r.room_type_id == Some(4102)));
    let rates: wire::Items<wire::Rate> = sb.ok(paths::RATES).await;
    assert_eq!(rates.data[0].name, "Cena standardowa");
    assert_eq!(rates.data[1].parent_rate_id, Some(rates.data[0].rate_id));
    let sources: wire::Items<wire::Source> = sb.ok(paths::SOURCES).await;
    assert!(sources.data.iter().any(|s| s.name == "booking.com"));
}

#[tokio::test]
async fn a_room_patch_changes_housekeeping_only_where_allowed() {
    let sb = start().await;
    let room = sb.rooms().await.remove(0);
    let a = sb
        .patch(&paths::room(room.room_id), serde_json::json!({"service": "DIRTY", "serviceInfo": "Po wymeldowaniu"}))
        .await;
    assert_eq!(a.status, 200);
    let r = a.json::<wire::One<wire::Room>>().data;
    assert_eq!(r.service.as_deref(), Some("DIRTY"));
    assert!(r.edit_date > room.edit_date);
    let p =
        sb.patch(&paths::room(room.room_id), serde_json::json!({"name": "X", "service": "MESSY"})).await.problem(422);
    let errors = p.errors.unwrap();
    assert!(errors.contains_key("name") && errors.contains_key("service"));
}

#[tokio::test]
async fn availability_is_per_room_and_night_within_ninety_days() {
    let sb = start().await;
    let room = sb.rooms().await.remove(0);
    let av: wire::Items<wire::RoomAvailability> =
        sb.ok(&format!("/availability?roomId={}&from={}&to={}", room.room_id, day(0), day(89))).await;
    assert_eq!(av.data.len(), 1);
    assert_eq!(av.data[0].availability.len(), 90);
    assert!(av.data[0].availability.iter().all(|d| d.rooms_to_sell <= 1));
    let all: wire::Items<wire::RoomAvailability> = sb.ok(&format!("/availability?from={}&to={}", day(0), day(0))).await;
    assert_eq!(all.data.len(), 18, "every room when roomId is omitted");
    let p = sb.get(&format!("/availability?from={}&to={}", day(0), day(90))).await.problem(422);
    assert!(p.errors.unwrap()["to"].all()[0].contains("90 days"));
    let p = sb.get(&format!("/availability?from={}", day(0))).await.problem(422);
    assert!(p.errors.unwrap().contains_key("to"));
    let p = sb.get(&format!("/availability?roomId=1&from={}&to={}", day(0), day(1))).await.problem(422);
    assert!(p.errors.unwrap().contains_key("roomId"));
    // Occupied nights are 0: a live reservation's first night.
    let r: wire::List<wire::Reservation> = sb.ok(&format!("/reservations?from={}&limit=1", day(5))).await;
    let r = &r.data[0];
    let av: wire::Items<wire::RoomAvailability> =
        sb.ok(&format!("/availability?roomId={}&from={}&to={}", r.room_id, r.arrival, r.arrival)).await;
    assert_eq!(av.data[0].availability[0].rooms_to_sell, 0);
}

#[tokio::test]
async fn pricing_gives_daily_prices_per_type_or_room_and_rate() {
    let sb = start().await;
    let by_type: wire::Items<wire::Pricing> =
        sb.ok(&format!("/pricing?typeId=4102&from={}&to={}", day(0), day(6))).await;
    assert_eq!(by_type.data.len(), 2, "one entry per rate");
    let standard = by_type.data.iter().find(|p| p.rate.rate_id == 12011).unwrap();
    let nonref = by_type.data.iter().find(|p| p.rate.rate_id == 12012).unwrap();
    assert_eq!(standard.prices.len(), 7);
    for (a, b) in standard.prices.iter().zip(&nonref.prices) {
        assert!(b.base_price < a.base_price, "the non-refundable rate is cheaper");
        assert!(a.derived_prices.iter().any(|d| d.persons == 1 && d.price < a.base_price));
    }
    let room = sb.rooms().await.into_iter().find(|r| r.room_type_id == Some(4102)).unwrap();
    let by_room: wire::Items<wire::Pricing> =
        sb.ok(&format!("/pricing?roomId={}&rateId=12011&from={}&to={}", room.room_id, day(0), day(6))).await;
    assert_eq!(by_room.data.len(), 1);
    assert_eq!(by_room.data[0].room_id, Some(room.room_id));
    assert_eq!(by_room.data[0].prices, standard.prices);
    let not_modified =
        sb.get(&format!("/pricing?from={}&to={}&lastEdit={}", day(0), day(1), sb.sandbox.now().timestamp())).await;
    assert_eq!(not_modified.status, 304);
    sb.get(&format!("/pricing?from={}&to={}", day(0), day(120))).await.problem(422);
}

#[tokio::test]
async fn invoices_are_read_newest_first() {
    let sb = start().await;
    let list: wire::List<wire::Invoice> = sb.ok("/invoices?limit=10").await;
    assert!(list.meta.total_items > 20);
    let ids: Vec<i64> = list.data.iter().map(|i| i.invoice_id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "DESC by default");
    let inv = &list.data[0];
    assert_eq!(inv.currency, "PLN");
    assert!(inv.seller.as_ref().unwrap().company_name.as_ref().unwrap().starts_with("Willa Pod Giewontem"));
    assert!(inv.invoice_items.iter().any(|i| i.rate == "8"));
    let one: wire::One<wire::Invoice> = sb.ok(&paths::invoice(inv.invoice_id)).await;
    assert_eq!(&one.data, inv);
    let r = inv.reservation_id.unwrap();
    let by_res: wire::List<wire::Invoice> = sb.ok(&format!("/invoices?reservationId={r}")).await;
    assert_eq!(by_res.data.len(), 1);
    sb.get(&paths::invoice(1)).await.problem(404);
}

#[tokio::test]
async fn every_answer_has_a_ruid_and_the_server_date() {
    let sb = start().await;
    let a = sb.get(paths::RATES).await;
    let body: serde_json::Value = a.json();
    assert_eq!(body["meta"]["ruid"].as_str().unwrap().len(), 36);
    let date = a.header("date").unwrap();
    let t = chrono::DateTime::parse_from_rfc2822(&date).unwrap();
    assert_eq!(t.with_timezone(&chrono::Utc), sb.sandbox.now(), "the Date header is the sandbox clock");
}
