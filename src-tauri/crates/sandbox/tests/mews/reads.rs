//! The property's setup and the customer list.

use std::collections::{HashMap, HashSet};

use innkeep_providers::mews::wire::{self, paths};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn services_offer_one_bookable_accommodation() {
    let sb = start().await;
    let resp: wire::ServicesGetAllResponse =
        sb.call(paths::SERVICES_GET_ALL, json!({"Limitation": {"Count": 10}})).await;
    let bookable: Vec<_> = resp.services.iter().filter(|s| s.data.discriminator == "Bookable").collect();
    assert_eq!(bookable.len(), 1);
    let acc = bookable[0];
    assert_eq!(acc.names["en-US"], "Accommodation");
    assert_eq!(acc.data.value["StartOffset"], "P0M0DT14H0M0S");
    assert_eq!(acc.data.value["EndOffset"], "P0M0DT12H0M0S");
    assert_eq!(acc.data.value["TimeUnitPeriod"], "Day");
    assert!(resp.services.iter().any(|s| s.data.discriminator == "Additional"));
    // ServiceIds filters.
    let one: wire::ServicesGetAllResponse =
        sb.call(paths::SERVICES_GET_ALL, json!({"ServiceIds": [acc.id], "Limitation": {"Count": 10}})).await;
    assert_eq!(one.services.len(), 1);
}

#[tokio::test]
async fn rooms_categories_and_assignments_fit_together() {
    let sb = start().await;
    let setup = sb.setup().await;
    let names: Vec<&str> = setup.categories.iter().map(|c| c.names["en-US"].as_str()).collect();
    assert_eq!(names, ["Single room", "Double room", "Superior Double/Twin", "Vltava Suite"]);
    assert_eq!(setup.categories.iter().map(|c| c.capacity).collect::<Vec<_>>(), [1, 2, 2, 4]);
    assert_eq!(setup.rooms.len(), 30);
    let room_names: HashSet<&str> = setup.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(room_names.len(), 30);
    for n in ["101", "110", "201", "310"] {
        assert!(room_names.contains(n), "{n}");
    }
    let floors: HashSet<String> =
        setup.rooms.iter().map(|r| r.data.value["FloorNumber"].as_str().unwrap().to_owned()).collect();
    assert_eq!(floors.len(), 3);
    // Every room is in exactly one category.
    let mut per_room: HashMap<&str, usize> = HashMap::new();
    for a in &setup.assignments {
        *per_room.entry(a.resource_id.as_str()).or_default() += 1;
    }
    assert_eq!(per_room.len(), 30);
    assert!(per_room.values().all(|&n| n == 1));
    assert_eq!((0..4).map(|c| setup.rooms_of(c).len()).collect::<Vec<_>>(), [6, 12, 8, 4]);

    // Required filters and extents.
    let e = sb.fails(paths::RESOURCE_CATEGORIES_GET_ALL, json!({"Limitation": {"Count": 10}}), 400).await;
    assert!(e.message.contains("ServiceIds"), "{}", e.message);
    sb.fails(paths::RESOURCE_CATEGORIES_GET_ALL, json!({"ServiceIds": [], "Limitation": {"Count": 10}}), 400).await;
    sb.fails(paths::RESOURCE_CATEGORY_ASSIGNMENTS_GET_ALL, json!({"Limitation": {"Count": 10}}), 400).await;
    sb.fails(paths::RATES_GET_ALL, json!({"Limitation": {"Count": 10}}), 400).await;
    let none: wire::ResourcesGetAllResponse =
        sb.call(paths::RESOURCES_GET_ALL, json!({"Extent": {"Resources": false}, "Limitation": {"Count": 10}})).await;
    assert!(none.resources.is_empty() && none.cursor.is_none());
    let some: wire::ResourcesGetAllResponse = sb
        .call(
            paths::RESOURCES_GET_ALL,
            json!({"Extent": {"Resources": true}, "ResourceIds": [setup.rooms[3].id], "Limitation": {"Count": 10}}),
        )
        .await;
    assert_eq!(some.resources, vec![setup.rooms[3].clone()]);
    let states = sb
        .fails(
            paths::RESOURCE_CATEGORIES_GET_ALL,
            json!({"ServiceIds": [setup.service], "ActivityStates": ["Gone"], "Limitation": {"Count": 10}}),
            400,
        )
        .await;
    assert!(states.message.contains("ActivityStates"));
}

#[tokio::test]
async fn rates_and_age_categories() {
    let sb = start().await;
    let setup = sb.setup().await;
    let rates: wire::RatesGetAllResponse =
        sb.call(paths::RATES_GET_ALL, json!({"ServiceIds": [setup.service], "Limitation": {"Count": 10}})).await;
    let default = rates.rates.iter().find(|r| r.is_default).unwrap();
    assert_eq!(default.names["en-US"], "Best available rate");
    assert!(default.is_public && default.is_active && default.is_enabled);
    assert!(rates.rates.iter().any(|r| r.names["en-US"] == "Non-refundable"));
    let ages: wire::AgeCategoriesGetAllResponse = sb
        .call(paths::AGE_CATEGORIES_GET_ALL, json!({"ServiceIds": [setup.service], "Limitation": {"Count": 10}}))
        .await;
    let mut classes: Vec<&str> = ages.age_categories.iter().map(|a| a.classification.as_str()).collect();
    classes.sort();
    assert_eq!(classes, ["Adult", "Child"]);
}

#[tokio::test]
async fn customers_need_an_extent_and_a_filter() {
    let sb = start().await;
    sb.fails(paths::CUSTOMERS_GET_ALL, json!({"CustomerIds": [], "Limitation": {"Count": 10}}), 400).await;
    let e = sb
        .fails(paths::CUSTOMERS_GET_ALL, json!({"Extent": {"Customers": true}, "Limitation": {"Count": 10}}), 400)
        .await;
    assert!(e.message.contains("CustomerIds"), "{}", e.message);

    // Two years of profiles, walked in windows of CreatedUtc shorter than three months.
    let now = sb.sandbox.now();
    let mut all = Vec::new();
    let mut end = now;
    for _ in 0..12 {
        let start = end - chrono::Duration::days(80);
        let req = wire::CustomersGetAllRequest {
            extent: wire::CustomersExtent { customers: true, addresses: false },
            customer_ids: None,
            emails: None,
            last_names: None,
            created_utc: Some(interval(start, end)),
            updated_utc: None,
            limitation: limit(1000),
        };
        let page: wire::CustomersGetAllResponse = sb.call(paths::CUSTOMERS_GET_ALL, req).await;
        assert!(page.customers.iter().all(|c| start <= c.created_utc && c.created_utc <= end));
        all.extend(page.customers);
        end = start - chrono::Duration::seconds(1);
    }
    let ids: HashSet<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), all.len());
    assert!((250..=400).contains(&all.len()), "{}", all.len());
    let countries: HashSet<&str> = all.iter().filter_map(|c| c.nationality_code.as_deref()).collect();
    for c in ["CZ", "PL", "IS", "DE", "GB", "IT", "JP"] {
        assert!(countries.contains(c), "{c}");
    }
    assert!(all.iter().any(|c| !c.last_name.is_ascii()), "names with diacritics");

    // Emails match regardless of case; CustomerIds and LastNames filter exactly.
    let someone = all.iter().find(|c| c.email.is_some()).unwrap();
    let by_email: wire::CustomersGetAllResponse = sb
        .call(
            paths::CUSTOMERS_GET_ALL,
            json!({"Extent": {"Customers": true}, "Emails": [someone.email.as_ref().unwrap().to_uppercase()], "Limitation": {"Count": 10}}),
        )
        .await;
    assert_eq!(by_email.customers, vec![someone.clone()]);
    let by_id: wire::CustomersGetAllResponse = sb
        .call(
            paths::CUSTOMERS_GET_ALL,
            json!({"Extent": {"Customers": true}, "CustomerIds": [someone.id], "Limitation": {"Count": 10}}),
        )
        .await;
    assert_eq!(by_id.customers, vec![someone.clone()]);
    let by_name: wire::CustomersGetAllResponse = sb
        .call(
            paths::CUSTOMERS_GET_ALL,
            json!({"Extent": {"Customers": true}, "LastNames": [someone.last_name], "Limitation": {"Count": 1000}}),
        )
        .await;
    assert!(by_name.customers.iter().all(|c| c.last_name == someone.last_name));
    assert!(by_name.customers.contains(someone));
}
