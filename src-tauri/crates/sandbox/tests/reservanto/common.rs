//! A sandbox per test, raw calls with a short-time token, and a connector for it.

use std::time::Duration;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Europe::Prague;
use innkeep_core::Credentials;
use innkeep_providers::http::RetryPolicy;
use innkeep_providers::reservanto::wire::{self, paths, Envelope};
use innkeep_providers::reservanto::{ReservantoClient, ReservantoConnector};
use innkeep_sandbox::{reservanto, RunningSandbox, SandboxConfig};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub const SEED: u64 = 11;

pub fn today() -> NaiveDate {
    "2026-03-10".parse().unwrap()
}

pub fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

/// A local time in Prague as Unix seconds.
pub fn local(date: NaiveDate, hour: u32) -> i64 {
    Prague.from_local_datetime(&date.and_hms_opt(hour, 0, 0).unwrap()).unwrap().timestamp()
}

pub fn check_in(date: NaiveDate) -> i64 {
    local(date, 14)
}

pub fn check_out(date: NaiveDate) -> i64 {
    local(date, 10)
}

pub struct Sb {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }
}

pub async fn start() -> Sb {
    start_with(SEED).await
}

pub async fn start_with(seed: u64) -> Sb {
    let sandbox = innkeep_sandbox::start(SandboxConfig { seed, port: 0, today: Some(today()) }).await.unwrap();
    let endpoint = sandbox.providers().into_iter().find(|p| p.provider == "reservanto").unwrap();
    assert_eq!(endpoint.credentials["long_time_token"], reservanto::LONG_TIME_TOKEN);
    let mut sb = Sb { base: endpoint.base_url, sandbox, http: reqwest::Client::new(), token: String::new() };
    sb.token = sb.new_token(reservanto::LONG_TIME_TOKEN).await;
    sb
}

/// `body` with `TimeStamp` added.
pub fn stamp(mut body: Value) -> Value {
    body.as_object_mut().unwrap().insert("TimeStamp".into(), json!(1_773_133_200));
    body
}

impl Sb {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A POST with a JSON body (as given) and, if any, the bare token in `Authorization`.
    pub async fn send(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        let mut request = self.http.post(self.url(path)).header("Content-Type", "application/json; charset=utf-8");
        if let Some(t) = token {
            request = request.header("Authorization", t);
        }
        let resp = request.body(serde_json::to_vec(body).unwrap()).send().await.unwrap();
        Reply { status: resp.status().as_u16(), headers: resp.headers().clone(), text: resp.text().await.unwrap() }
    }

    pub async fn new_token(&self, ltt: &str) -> String {
        let reply = self.send(paths::SHORT_TIME_TOKEN, None, &stamp(json!({"LongTimeToken": ltt}))).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let t: wire::ShortTimeTokenResponse = serde_json::from_str(&reply.text).unwrap();
        t.short_time_token.expect("a token")
    }

    /// An action that must succeed: HTTP 200, `IsError: false`.
    pub async fn ok<T: DeserializeOwned>(&self, path: &str, body: Value) -> T {
        let reply = self.send(path, Some(&self.token), &stamp(body)).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        let env: Envelope = serde_json::from_str(&reply.text).unwrap();
        assert!(!env.is_error, "{path}: {}", reply.text);
        assert_eq!(env, Envelope::ok(), "a clean envelope on success");
        serde_json::from_str(&reply.text).unwrap_or_else(|e| panic!("{path}: {e}: {}", reply.text))
    }

    /// An action that must fail with a business error (HTTP 200, `IsError: true`); returns the
    /// envelope and the whole body.
    pub async fn business(&self, path: &str, body: Value) -> (Envelope, Value) {
        let reply = self.send(path, Some(&self.token), &stamp(body)).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        let env: Envelope = serde_json::from_str(&reply.text).unwrap();
        assert!(env.is_error, "{path} should fail: {}", reply.text);
        assert_eq!(env.error_messages.len(), 1);
        assert_eq!(env.error_message.as_deref(), env.error_messages.first().map(String::as_str));
        assert_eq!(env.error_parameter.iter().collect::<Vec<_>>(), env.error_parameters.iter().collect::<Vec<_>>());
        (env, reply.json())
    }

    pub async fn rooms(&self) -> Vec<wire::BookingResource> {
        let r: wire::ItemsResponse<wire::BookingResource> = self.ok(paths::RESOURCE_LIST, json!({})).await;
        r.items.into_iter().filter(|r| r.segment_ids.contains(&2201)).collect()
    }

    pub async fn events(&self, from: NaiveDate, to: NaiveDate) -> Vec<wire::Event> {
        let r: wire::EventsResponse =
            self.ok(paths::EVENT_LIST, json!({"StartDate": local(from, 0), "EndDate": local(to, 0)})).await;
        r.events
    }

    pub async fn event(&self, key: wire::BookingKey) -> wire::Event {
        let r: wire::ItemResponse<wire::Event> = self.ok(paths::EVENT_GET, serde_json::to_value(key).unwrap()).await;
        r.result.unwrap()
    }

    /// A new customer.
    pub async fn customer(&self, first: &str, last: &str) -> wire::Customer {
        let r: wire::CustomerResponse =
            self.ok(paths::CUSTOMER_CREATE, json!({"FirstName": first, "LastName": last, "Email": null})).await;
        r.customer.unwrap()
    }

    /// Rooms (resource ids) free for the whole stay.
    pub async fn free_rooms(&self, arrival: NaiveDate, departure: NaiveDate) -> Vec<i32> {
        let ids: Vec<i32> = self.rooms().await.iter().map(|r| r.id).collect();
        let (start, end) = (check_in(arrival), check_out(departure));
        let r: wire::RentalAvailabilityResponse = self
            .ok(
                paths::RENTAL_AVAILABILITY,
                json!({"BookingResourceIds": ids, "IntervalStart": start, "IntervalEnd": end}),
            )
            .await;
        ids.into_iter()
            .filter(|id| {
                r.availability[&id.to_string()].iter().any(|f| f.available_from <= start && f.available_to >= end)
            })
            .collect()
    }

    /// Books a free room for a new customer; returns the booking's key and room.
    pub async fn book(&self, arrival: NaiveDate, departure: NaiveDate) -> (wire::BookingKey, i32) {
        let room = *self.free_rooms(arrival, departure).await.first().expect("a free room");
        let customer = self.customer("Test", "Hostová").await;
        let r: wire::BookingCreatedResponse = self
            .ok(
                paths::RENTAL_CREATE,
                json!({"BookingResourceId": room, "CustomerId": customer.id, "BookingStart": check_in(arrival),
                       "BookingEnd": check_out(departure), "Count": 1, "PaymentRequiredProcess": "Never"}),
            )
            .await;
        (wire::BookingKey { appointment_id: r.appointment_id, customer_id: r.customer_id }, room)
    }

    pub fn credentials(&self, ltt: &str) -> Credentials {
        [("long_time_token".to_owned(), ltt.to_owned())].into_iter().collect()
    }

    /// Innkeep's client for this sandbox, with quick retries.
    pub fn client_with(&self, ltt: &str) -> ReservantoClient {
        let policy = RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(20),
            max_wait: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        ReservantoClient::with_policy(&self.base, &self.credentials(ltt), policy).unwrap()
    }

    pub fn connector(&self) -> ReservantoConnector {
        ReservantoConnector::new(self.client_with(reservanto::LONG_TIME_TOKEN), None)
    }

    pub fn read_only_connector(&self) -> ReservantoConnector {
        ReservantoConnector::new(self.client_with(reservanto::READ_ONLY_LONG_TIME_TOKEN), None)
    }
}
