//! A sandbox per test, raw HTTP helpers for its Ectosy API, and Innkeep's connector for it.

use std::sync::Arc;

use chrono::NaiveDate;
use innkeep_core::Credentials;
use innkeep_providers::connector::{Endpoint, GuestRef, NewBooking, StayRequest};
use innkeep_providers::ectosy::wire::{self, paths};
use innkeep_providers::ectosy::{connect_ectosy, EctosyConnector};
use innkeep_sandbox::{ProviderEndpoint, RunningSandbox, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub const SEED: u64 = 11;

/// A June day: the shoulder season now, the high season a few weeks ahead.
pub fn today() -> NaiveDate {
    "2026-06-15".parse().unwrap()
}

pub fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

pub struct Sb {
    pub sandbox: RunningSandbox,
    pub endpoint: ProviderEndpoint,
    pub http: reqwest::Client,
}

pub async fn start() -> Sb {
    start_with(SEED).await
}

pub async fn start_with(seed: u64) -> Sb {
    let sandbox = innkeep_sandbox::start(SandboxConfig { seed, port: 0, today: Some(today()) }).await.unwrap();
    let endpoint = sandbox.providers().into_iter().find(|p| p.provider == "ectosy").unwrap();
    Sb { sandbox, endpoint, http: reqwest::Client::new() }
}

impl Sb {
    pub fn key(&self) -> &str {
        &self.endpoint.credentials["api_key"]
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint.base_url)
    }

    /// A request with the demo key and an optional JSON body.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        self.send_with_key(method, path, body, Some(self.key())).await
    }

    pub async fn send_with_key(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        key: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self.http.request(method, self.url(path));
        if let Some(key) = key {
            req = req.header(wire::API_KEY_HEADER, key);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.unwrap()
    }

    /// A call that must answer 200 with `T`.
    pub async fn ok<T: DeserializeOwned>(&self, method: Method, path: &str, body: Option<Value>) -> T {
        let resp = self.send(method, path, body).await;
        let status = resp.status();
        let text = resp.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    }

    /// A call that must fail with `status`; returns the error body.
    pub async fn fails(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> wire::ErrorBody {
        let resp = self.send(method, path, body).await;
        assert_eq!(resp.status().as_u16(), status);
        assert!(resp.headers().contains_key("x-amzn-RequestId"));
        resp.json().await.unwrap()
    }

    pub async fn positions(&self) -> Vec<wire::Position> {
        self.ok(Method::GET, paths::RESOURCES, None).await
    }

    /// The first position whose title starts with `prefix`.
    pub async fn position(&self, prefix: &str) -> wire::Position {
        self.positions().await.into_iter().find(|p| p.position_title.starts_with(prefix)).unwrap()
    }

    /// Saves a period (customers as the JSON string the API wants).
    pub async fn post_period(
        &self,
        position: &str,
        start: NaiveDate,
        end: NaiveDate,
        guests: &[(&str, &str)],
    ) -> reqwest::Response {
        let customers: Vec<Value> = guests.iter().map(|(n, s)| json!({"name": n, "surname": s})).collect();
        let body = json!({
            "positionId": position,
            "apiUserTitle": "Innkeep tests",
            "start": start.to_string(),
            "end": end.to_string(),
            "customers": serde_json::to_string(&customers).unwrap(),
        });
        self.send(Method::POST, paths::PERIOD, Some(body)).await
    }

    pub async fn create(
        &self,
        position: &str,
        start: NaiveDate,
        end: NaiveDate,
        guests: &[(&str, &str)],
    ) -> wire::PeriodPostResponse {
        let resp = self.post_period(position, start, end, guests).await;
        let status = resp.status();
        let text = resp.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{text}");
        serde_json::from_str(&text).unwrap()
    }

    /// The sandbox's inspection endpoint (`<root>/ectosy/_sandbox/periods?query`).
    pub async fn inspect(&self, query: &str) -> Vec<Value> {
        let root = self.endpoint.base_url.trim_end_matches(innkeep_sandbox::ectosy::STAGE);
        let resp = self
            .http
            .get(format!("{root}{}?{query}", innkeep_sandbox::ectosy::INSPECT_PATH))
            .header(wire::API_KEY_HEADER, self.key())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        resp.json().await.unwrap()
    }

    pub async fn period(&self, id: &str) -> Value {
        let mut found = self.inspect(&format!("periodId={id}")).await;
        assert_eq!(found.len(), 1, "period {id}");
        found.remove(0)
    }

    pub fn credentials(&self) -> Credentials {
        self.endpoint.credentials.clone().into_iter().collect()
    }

    pub fn connector(&self) -> Arc<EctosyConnector> {
        self.connector_with(&self.credentials(), &Value::Null)
    }

    pub fn connector_with(&self, credentials: &Credentials, config: &Value) -> Arc<EctosyConnector> {
        connect_ectosy(&Endpoint { base_url: &self.endpoint.base_url, credentials, config }).unwrap()
    }
}

pub fn new_guest(first: &str, last: &str) -> GuestRef {
    GuestRef::New(innkeep_core::NewGuest { first_name: first.into(), last_name: last.into(), email: None, phone: None })
}

/// A booking of `room` (or of `category` when no room) from `arrival` for `nights`.
pub fn booking(
    room: Option<&str>,
    category: Option<&str>,
    arrival: NaiveDate,
    nights: i64,
    guests: Vec<GuestRef>,
) -> NewBooking {
    NewBooking {
        stay: StayRequest {
            arrival,
            departure: arrival + chrono::Duration::days(nights),
            category_provider_id: category.map(Into::into),
            room_provider_id: room.map(Into::into),
            additional_room_provider_ids: Vec::new(),
            adults: 2,
            children: 1,
        },
        guests,
        notes: None,
        reference: "test-reference".into(),
    }
}

/// The first `nights`-night stretch from `from` on which the position is free (per the inspection
/// endpoint), so tests do not depend on where the seed put its periods.
pub async fn free_stretch(sb: &Sb, position: &str, from: NaiveDate, nights: i64) -> NaiveDate {
    let periods = sb.inspect(&format!("positionId={position}")).await;
    let taken: Vec<(NaiveDate, NaiveDate)> = periods
        .iter()
        .filter(|p| p["deletedAt"].is_null())
        .map(|p| {
            (
                p["reservation"]["start"].as_str().unwrap().parse().unwrap(),
                p["reservation"]["end"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let mut start = from;
    loop {
        let end = start + chrono::Duration::days(nights);
        if taken.iter().all(|(s, e)| *e <= start || end <= *s) {
            return start;
        }
        start += chrono::Duration::days(1);
    }
}
