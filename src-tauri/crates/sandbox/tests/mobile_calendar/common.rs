//! A sandbox per test (fixed day, generous rate limit unless a test lowers it), a raw HTTP
//! helper and Innkeep's connector for it.

use std::time::Duration;

use chrono::NaiveDate;
use innkeep_core::Credentials;
use innkeep_providers::mobile_calendar::wire::{self, paths};
use innkeep_providers::mobile_calendar::{Budget, McConfig, MobileCalendarConnector};
use innkeep_sandbox::{RunningSandbox, SandboxConfig};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub const SEED: u64 = 7;

pub fn today() -> NaiveDate {
    "2026-03-10".parse().unwrap()
}

pub fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

pub struct Sb {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    /// `.../mobile-calendar/v1/public`
    pub base: String,
    /// `.../mobile-calendar`
    pub root: String,
    pub credentials: Credentials,
    pub token: String,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_owned())
    }

    /// The RFC 7807 body, checked for its content type and shape.
    pub fn problem(&self, status: u16) -> wire::Problem {
        assert_eq!(self.status.as_u16(), status, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.header("content-type").as_deref(), Some("application/problem+json"));
        let p: wire::Problem = self.json();
        assert_eq!(p.status, status);
        assert!(p.kind.starts_with(wire::PROBLEM_BASE), "{}", p.kind);
        assert!(p.instance.starts_with("/v1/public"), "{}", p.instance);
        assert_eq!(p.ruid.as_ref().map(String::len), Some(36));
        p
    }
}

pub async fn start() -> Sb {
    start_with(SEED).await
}

pub async fn start_with(seed: u64) -> Sb {
    let sandbox = innkeep_sandbox::start(SandboxConfig { seed, port: 0, today: Some(today()) }).await.unwrap();
    let mc = sandbox.providers().into_iter().find(|p| p.provider == "mobile-calendar").unwrap();
    let root = mc.base_url.trim_end_matches("/v1/public").to_owned();
    let credentials: Credentials = mc.credentials.clone().into_iter().collect();
    let mut sb =
        Sb { sandbox, http: reqwest::Client::new(), base: mc.base_url, root, credentials, token: String::new() };
    sb.set_rate_limit(10_000, 60).await;
    sb.token = sb
        .token_for(innkeep_sandbox::mobile_calendar::CLIENT_ID, innkeep_sandbox::mobile_calendar::CLIENT_SECRET)
        .await;
    sb
}

impl Sb {
    pub async fn set_rate_limit(&self, max_requests: u32, window_secs: u64) {
        let resp = self
            .http
            .post(format!("{}/_sandbox/rate-limit", self.root))
            .json(&json!({"max_requests": max_requests, "window_secs": window_secs}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
    }

    pub async fn token_for(&self, id: &str, secret: &str) -> String {
        let a = self
            .send(Method::POST, paths::AUTH_TOKEN, None, Some(json!({"clientId": id, "clientSecret": secret})))
            .await;
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        a.json::<wire::TokenResponse>().access_token
    }

    /// One request; `token` None sends none.
    pub async fn send(&self, method: Method, path_and_query: &str, token: Option<&str>, body: Option<Value>) -> Answer {
        let mut req = self.http.request(method, format!("{}{path_and_query}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        Answer { status: resp.status(), headers: resp.headers().clone(), body: resp.bytes().await.unwrap().to_vec() }
    }

    pub async fn get(&self, path_and_query: &str) -> Answer {
        self.send(Method::GET, path_and_query, Some(&self.token), None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(&self.token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(&self.token), Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PUT, path, Some(&self.token), Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, Some(&self.token), None).await
    }

    /// A GET that must answer 200, decoded.
    pub async fn ok<T: DeserializeOwned>(&self, path_and_query: &str) -> T {
        let a = self.get(path_and_query).await;
        assert_eq!(a.status, 200, "{path_and_query}: {}", String::from_utf8_lossy(&a.body));
        a.json()
    }

    /// Every item of a list, walking the pages.
    pub async fn all<T: DeserializeOwned>(&self, path: &str, query: &str) -> Vec<T> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let sep = if query.is_empty() { "" } else { "&" };
            let list: wire::List<T> = self.ok(&format!("{path}?{query}{sep}page={page}&limit=200")).await;
            let total = list.meta.total_pages;
            out.extend(list.data);
            if page >= total {
                return out;
            }
            page += 1;
        }
    }

    pub async fn rooms(&self) -> Vec<wire::Room> {
        self.all(paths::ROOMS, "").await
    }

    /// A room free on every night of `arrival..departure`, other than `except`.
    pub async fn free_room(&self, arrival: NaiveDate, departure: NaiveDate, except: &[i64]) -> wire::Room {
        let last = departure - chrono::Duration::days(1);
        let av: wire::Items<wire::RoomAvailability> =
            self.ok(&format!("{}?from={arrival}&to={last}", paths::AVAILABILITY)).await;
        let rooms = self.rooms().await;
        let id = av
            .data
            .iter()
            .find(|r| {
                !except.contains(&r.room_id)
                    && r.availability.iter().all(|d| d.rooms_to_sell == 1)
                    && rooms.iter().any(|x| x.room_id == r.room_id && x.max_adults.unwrap_or(0) >= 2)
            })
            .expect("a free double room")
            .room_id;
        rooms.into_iter().find(|r| r.room_id == id).unwrap()
    }

    pub async fn new_client(&self, name: &str) -> wire::Client {
        let a = self.post(paths::CLIENTS, json!({"name": name, "forename": "Test"})).await;
        assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.body));
        a.json::<wire::One<wire::Client>>().data
    }

    /// Books a SINGLE and returns it.
    pub async fn book(&self, room: i64, client: i64, arrival: NaiveDate, departure: NaiveDate) -> wire::Reservation {
        let a = self
            .post(
                paths::RESERVATIONS,
                json!({"type": "SINGLE", "roomId": room, "clientId": client, "arrival": arrival, "departure": departure, "adults": 2}),
            )
            .await;
        assert_eq!(a.status, 201, "{}", String::from_utf8_lossy(&a.body));
        a.json::<wire::One<wire::Reservation>>().data
    }

    /// Innkeep's connector for this sandbox with a budget that never makes a test wait.
    pub fn connector(&self) -> MobileCalendarConnector {
        self.connector_with(Budget { requests: 10_000, window: Duration::from_secs(60) })
    }

    pub fn connector_with(&self, budget: Budget) -> MobileCalendarConnector {
        MobileCalendarConnector::new(&self.base, &self.credentials, McConfig::default(), budget).unwrap()
    }
}
