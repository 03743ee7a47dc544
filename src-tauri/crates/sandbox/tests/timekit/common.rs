//! A sandbox per test, raw HTTP helpers for its Timekit API, and Innkeep's connector for it.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use innkeep_core::Credentials;
use innkeep_providers::connector::{Connector, Endpoint};
use innkeep_providers::timekit::client::basic_auth;
use innkeep_providers::timekit::wire::{self, paths};
use innkeep_sandbox::{ProviderEndpoint, RunningSandbox, SandboxConfig};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub const SEED: u64 = 7;

/// A March day in Vík: winter, northern-lights season.
pub fn today() -> NaiveDate {
    "2026-03-10".parse().unwrap()
}

pub fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

/// A wall-clock time in Reykjavik (UTC all year), as RFC 3339.
pub fn at(date: NaiveDate, hour: u32) -> String {
    format!("{date}T{hour:02}:00:00+00:00")
}

pub fn utc(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    at(date, hour).parse().unwrap()
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
    let endpoint = sandbox.providers().into_iter().find(|p| p.provider == "timekit").unwrap();
    Sb { sandbox, endpoint, http: reqwest::Client::new() }
}

impl Sb {
    pub fn key(&self) -> &str {
        &self.endpoint.credentials["app_key"]
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint.base_url)
    }

    /// A request with the demo key (Basic auth, empty user) and an optional JSON body.
    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        self.send_as(method, path, body, Some(basic_auth(self.key()))).await
    }

    pub async fn send_as(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        authorization: Option<String>,
    ) -> reqwest::Response {
        let mut r = self.http.request(method, self.url(path));
        if let Some(a) = authorization {
            r = r.header("Authorization", a);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        r.send().await.unwrap()
    }

    /// A call that must answer `status`; the body parsed as `T`.
    pub async fn expect<T: DeserializeOwned>(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> T {
        let resp = self.send(method.clone(), path, body).await;
        let got = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        assert_eq!(got, status, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> T {
        self.expect(Method::GET, path, None, 200).await
    }

    /// A call that must fail with `status`; the error body.
    pub async fn fails(&self, method: Method, path: &str, body: Option<Value>, status: u16) -> wire::ErrorBody {
        self.expect(method, path, body, status).await
    }

    pub async fn resources(&self) -> Vec<wire::Resource> {
        let page: wire::Paginated<wire::Resource> = self.get("/resources?limit=1000").await;
        page.data
    }

    pub async fn booking(&self, id: &str) -> wire::Booking {
        let b: wire::Data<wire::Booking> =
            self.get(&format!("{}?include=attributes,event,customers,resource", paths::booking(id))).await;
        b.data
    }

    /// Every booking, walking the pages.
    pub async fn all_bookings(&self, extra: &str) -> Vec<wire::Booking> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let p: wire::Paginated<wire::Booking> = self.get(&format!("/bookings?limit=250&page={page}{extra}")).await;
            out.extend(p.data);
            if p.next_page_url.is_none() {
                return out;
            }
            page += 1;
        }
    }

    /// A create body for a stay on `room` from `arrival` for `nights`.
    pub fn stay(&self, room: &str, arrival: NaiveDate, nights: i64, graph: &str) -> Value {
        json!({
            "resource_id": room,
            "graph": graph,
            "start": at(arrival, 14),
            "end": at(arrival + chrono::Duration::days(nights), 11),
            "what": "Double room",
            "where": "Vík",
            "customer": {"name": "Test Gestur", "email": "test.gestur@example.com", "phone": "+354 555 0101"},
            "meta": {"adults": "2", "children": "0"}
        })
    }

    pub async fn create(&self, body: Value) -> wire::Booking {
        let b: wire::Data<wire::Booking> =
            self.expect(Method::POST, "/bookings?include=attributes,event,customers,resource", Some(body), 201).await;
        b.data
    }

    /// A room with no blocking booking from `arrival` for `nights`.
    pub async fn free_room(&self, arrival: NaiveDate, nights: i64) -> String {
        let rooms: Vec<String> = self.resources().await.into_iter().map(|r| r.id).collect();
        let slots: wire::Data<Vec<wire::Slot>> = self
            .expect(
                Method::POST,
                paths::AVAILABILITY,
                Some(json!({
                    "mode": "exclusive",
                    "resources": rooms,
                    "from": at(arrival, 14),
                    "to": at(arrival + chrono::Duration::days(nights), 11),
                    "length": format!("{} hours", nights * 24 - 3),
                })),
                200,
            )
            .await;
        slots.data.first().expect("some room is free").resources[0].id().to_owned()
    }

    pub fn connector(&self) -> Arc<dyn Connector> {
        self.connector_with(self.key())
    }

    pub fn connector_with(&self, key: &str) -> Arc<dyn Connector> {
        let credentials: Credentials = [("app_key".to_owned(), key.to_owned())].into_iter().collect();
        let config = Value::Null;
        innkeep_providers::timekit::connect(&Endpoint {
            base_url: &self.endpoint.base_url,
            credentials: &credentials,
            config: &config,
        })
        .unwrap()
    }
}
