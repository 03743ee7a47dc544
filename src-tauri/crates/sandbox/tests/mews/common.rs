//! A sandbox per test, a client for it, and shortcuts to the ids of the seeded setup.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Prague;
use innkeep_providers::mews::wire::{self, paths, Auth, Limitation, Request};
use innkeep_sandbox::{RunningSandbox, SandboxConfig};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

pub const SEED: u64 = 7;

pub fn today() -> NaiveDate {
    "2026-03-10".parse().unwrap()
}

pub fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

/// Local midnight of `date` in UTC: the start of its time unit.
pub fn midnight(date: NaiveDate) -> DateTime<Utc> {
    Prague.from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap()).unwrap().with_timezone(&Utc)
}

pub fn local(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    Prague.from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap()).unwrap().with_timezone(&Utc)
}

pub fn interval(start: DateTime<Utc>, end: DateTime<Utc>) -> wire::TimeInterval {
    wire::TimeInterval { start_utc: start, end_utc: end }
}

pub fn limit(count: u32) -> Limitation {
    Limitation { count, cursor: None }
}

pub struct Sb {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    pub base: String,
    pub auth: Auth,
}

pub async fn start() -> Sb {
    start_with(SEED).await
}

pub async fn start_with(seed: u64) -> Sb {
    let sandbox = innkeep_sandbox::start(SandboxConfig { seed, port: 0, today: Some(today()) }).await.unwrap();
    let mews = sandbox.providers().into_iter().find(|p| p.provider == "mews").unwrap();
    let auth = Auth {
        client_token: mews.credentials["client_token"].clone(),
        access_token: mews.credentials["access_token"].clone(),
        client: "Innkeep tests 0.1.0".into(),
    };
    Sb { base: mews.base_url.clone(), sandbox, http: reqwest::Client::new(), auth }
}

impl Sb {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Raw JSON with the auth fields added.
    pub fn with_auth(&self, mut body: Value) -> Value {
        let auth = serde_json::to_value(&self.auth).unwrap();
        body.as_object_mut().unwrap().extend(auth.as_object().unwrap().clone());
        body
    }

    pub async fn raw(&self, path: &str, body: Value) -> reqwest::Response {
        self.http.post(self.url(path)).json(&self.with_auth(body)).send().await.unwrap()
    }

    /// A typed call that must succeed with 200.
    pub async fn call<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: B) -> T {
        let req = Request { auth: self.auth.clone(), body };
        let resp = self.http.post(self.url(path)).json(&req).send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    }

    /// A raw call that must fail with `status`; returns the error body.
    pub async fn fails(&self, path: &str, body: Value, status: u16) -> wire::ErrorBody {
        let resp = self.raw(path, body).await;
        let got = resp.status().as_u16();
        let request_id = resp.headers().get("Request-Id").expect("Request-Id").to_str().unwrap().to_owned();
        let text = resp.text().await.unwrap();
        assert_eq!(got, status, "{path}: {text}");
        let err: wire::ErrorBody = serde_json::from_str(&text).unwrap();
        assert_eq!(err.request_id.as_deref(), Some(request_id.as_str()));
        assert!(err.details.is_none());
        err
    }

    pub async fn setup(&self) -> Setup {
        let services: wire::ServicesGetAllResponse =
            self.call(paths::SERVICES_GET_ALL, json!({"Limitation": {"Count": 100}})).await;
        let service = services.services.iter().find(|s| s.data.discriminator == "Bookable").unwrap().id.clone();
        let cats: wire::ResourceCategoriesGetAllResponse = self
            .call(paths::RESOURCE_CATEGORIES_GET_ALL, json!({"ServiceIds": [service], "Limitation": {"Count": 100}}))
            .await;
        let mut categories = cats.resource_categories;
        categories.sort_by_key(|c| c.ordering);
        let rates: wire::RatesGetAllResponse =
            self.call(paths::RATES_GET_ALL, json!({"ServiceIds": [service], "Limitation": {"Count": 100}})).await;
        let ages: wire::AgeCategoriesGetAllResponse =
            self.call(paths::AGE_CATEGORIES_GET_ALL, json!({"Limitation": {"Count": 100}})).await;
        let resources: wire::ResourcesGetAllResponse = self
            .call(paths::RESOURCES_GET_ALL, json!({"Extent": {"Resources": true}, "Limitation": {"Count": 1000}}))
            .await;
        let assignments: wire::ResourceCategoryAssignmentsGetAllResponse = self
            .call(
                paths::RESOURCE_CATEGORY_ASSIGNMENTS_GET_ALL,
                json!({"ResourceCategoryIds": categories.iter().map(|c| &c.id).collect::<Vec<_>>(), "Limitation": {"Count": 1000}}),
            )
            .await;
        let customer = self.new_customer("Testová", None).await.id;
        let class = |c: &str| ages.age_categories.iter().find(|a| a.classification == c).unwrap().id.clone();
        Setup {
            service,
            bar: rates.rates.iter().find(|r| r.is_default).unwrap().id.clone(),
            nrf: rates.rates.iter().find(|r| !r.is_default).unwrap().id.clone(),
            adult: class("Adult"),
            child: class("Child"),
            categories,
            rooms: resources.resources,
            assignments: assignments.resource_category_assignments,
            customer,
        }
    }

    pub async fn new_customer(&self, last_name: &str, email: Option<&str>) -> wire::Customer {
        let req = wire::CustomerAddRequest {
            last_name: last_name.into(),
            overwrite_existing: false,
            email: email.map(Into::into),
            ..Default::default()
        };
        self.call(paths::CUSTOMERS_ADD, req).await
    }

    /// Every reservation matching `filter`, walking the cursor with pages of `count`.
    pub async fn walk(&self, mut filter: wire::ReservationsGetAllRequest, count: u32) -> Vec<wire::Reservation> {
        let mut all = Vec::new();
        filter.limitation = Some(limit(count));
        loop {
            let page: wire::ReservationsGetAllResponse = self.call(paths::RESERVATIONS_GET_ALL, filter.clone()).await;
            let n = page.reservations.len();
            assert_eq!(page.cursor, page.reservations.last().map(|r| r.id.clone()), "cursor = id of the last item");
            all.extend(page.reservations);
            if n < count as usize {
                return all;
            }
            filter.limitation.as_mut().unwrap().cursor = page.cursor;
        }
    }

    pub async fn reservation(&self, id: &str) -> wire::Reservation {
        let filter = wire::ReservationsGetAllRequest {
            reservation_ids: Some(vec![id.to_owned()]),
            limitation: Some(limit(10)),
            ..Default::default()
        };
        let page: wire::ReservationsGetAllResponse = self.call(paths::RESERVATIONS_GET_ALL, filter).await;
        assert_eq!(page.reservations.len(), 1);
        page.reservations.into_iter().next().unwrap()
    }

    /// Free rooms per category (in `Setup::categories` order) for each night of `from..from+nights`.
    pub async fn availability(&self, setup: &Setup, from: NaiveDate, nights: i64) -> Vec<Vec<i32>> {
        let req = wire::ServicesGetAvailabilityRequest {
            service_id: setup.service.clone(),
            first_time_unit_start_utc: midnight(from),
            last_time_unit_start_utc: midnight(from + chrono::Duration::days(nights - 1)),
        };
        let resp: wire::ServicesGetAvailabilityResponse = self.call(paths::SERVICES_GET_AVAILABILITY, req).await;
        setup
            .categories
            .iter()
            .map(|c| {
                resp.category_availabilities.iter().find(|a| a.category_id == c.id).unwrap().availabilities.clone()
            })
            .collect()
    }
}

pub struct Setup {
    pub service: String,
    pub bar: String,
    pub nrf: String,
    pub adult: String,
    pub child: String,
    /// Single, Double, Superior, Suite.
    pub categories: Vec<wire::ResourceCategory>,
    pub rooms: Vec<wire::Resource>,
    pub assignments: Vec<wire::ResourceCategoryAssignment>,
    /// A customer made for the test.
    pub customer: String,
}

impl Setup {
    pub fn rooms_of(&self, category: usize) -> Vec<String> {
        let cat = &self.categories[category].id;
        self.assignments.iter().filter(|a| &a.category_id == cat).map(|a| a.resource_id.clone()).collect()
    }

    /// Reservation parameters for `category` from `arrival` for `nights`, two adults (one in a single).
    pub fn stay(&self, category: usize, arrival: NaiveDate, nights: i64) -> wire::ReservationParameters {
        let adults = self.categories[category].capacity.min(2);
        wire::ReservationParameters {
            identifier: Some(format!("test-{arrival}-{nights}")),
            state: None,
            start_utc: local(arrival, 15),
            end_utc: local(arrival + chrono::Duration::days(nights), 11),
            customer_id: Some(self.customer.clone()),
            booker_id: None,
            requested_category_id: self.categories[category].id.clone(),
            rate_id: self.bar.clone(),
            person_counts: vec![wire::PersonCount { age_category_id: self.adult.clone(), count: adults }],
            notes: None,
            channel_number: None,
            time_unit_prices: None,
            assigned_resource_id: None,
        }
    }

    pub fn add_request(&self, stays: Vec<wire::ReservationParameters>) -> wire::ReservationsAddRequest {
        wire::ReservationsAddRequest {
            service_id: self.service.clone(),
            group_id: None,
            group_name: None,
            reservations: stays,
            check_overbooking: None,
            send_confirmation_email: Some(false),
        }
    }
}

/// Adds one reservation and returns its 2017 shape.
pub async fn book(sb: &Sb, setup: &Setup, stay: wire::ReservationParameters) -> wire::Reservation2017 {
    let resp: wire::ReservationsAddResponse = sb.call(paths::RESERVATIONS_ADD, setup.add_request(vec![stay])).await;
    resp.reservations.into_iter().next().unwrap().reservation
}
