//! Generates a sandbox hotel and reports its size, how long generation took, the process's
//! resident memory, and how long single page requests take against it. A release micro-check
//! for the benchmarks' data, not a test:
//!
//! `cargo run --release -p innkeep-sandbox --example large_hotel [demo|medium|large]`

use std::time::{Duration, Instant};

use innkeep_providers::mews::wire::paths;
use innkeep_sandbox::{start_with, SandboxConfig, Scale};
use serde_json::{json, Value};

const PROVIDERS: &[&str] = &["mews", "reservanto", "mobile-calendar", "timekit", "ectosy"];

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN);
    kib / 1024.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Times `runs` identical POSTs; returns the median and the last answer.
async fn time_post(client: &reqwest::Client, url: &str, body: &Value, runs: usize) -> (Duration, Value) {
    let mut times = Vec::new();
    let mut last = Value::Null;
    for _ in 0..runs {
        let t = Instant::now();
        let resp = client.post(url).json(body).send().await.expect("request");
        let status = resp.status();
        last = resp.json().await.expect("json answer");
        times.push(t.elapsed());
        assert!(status.is_success(), "{url}: {status} {last}");
    }
    (median(times), last)
}

#[tokio::main]
async fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "large".into());
    let scale = match which.as_str() {
        "demo" => Scale::demo(),
        "medium" => Scale::medium(),
        "large" => Scale::large(),
        other => panic!("unknown scale {other:?}: demo, medium or large"),
    };
    let today = "2026-03-10".parse().unwrap();
    let before = rss_mib();
    let t = Instant::now();
    let sandbox = start_with(SandboxConfig { seed: 1, port: 0, today: Some(today) }, scale).await.expect("start");
    let generated = t.elapsed();
    println!("scale {which}: generated all five providers in {:.2} s", generated.as_secs_f64());
    println!("RSS {:.0} MiB (before generation {:.0} MiB)", rss_mib(), before);
    for p in PROVIDERS {
        println!("  {p:<16} {:>7} bookings", sandbox.booking_count(p).unwrap());
    }

    let mews = &sandbox.providers()[0];
    let client = reqwest::Client::new();
    let url = format!("{}{}", mews.base_url, paths::RESERVATIONS_GET_ALL);
    let auth = |extra: Value| {
        let mut body = json!({
            "ClientToken": mews.credentials["client_token"],
            "AccessToken": mews.credentials["access_token"],
            "Client": "bench",
        });
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    // A full sync's shape: three-month CollidingUtc windows, pages of 1000. The first page of a
    // window in the middle of the history, and the walk to its end (the last page scans furthest).
    let window = json!({"StartUtc": "2024-06-01T00:00:00Z", "EndUtc": "2024-08-31T00:00:00Z"});
    let first = auth(json!({"CollidingUtc": window, "Limitation": {"Count": 1000}}));
    let (t_first, page) = time_post(&client, &url, &first, 21).await;
    println!("mews reservations/getAll, CollidingUtc 3 months, first page: {:.2} ms", t_first.as_secs_f64() * 1e3);
    let mut cursor = page["Cursor"].clone();
    let (mut pages, mut total, mut walk) = (1, page["Reservations"].as_array().unwrap().len(), Duration::ZERO);
    while !cursor.is_null() {
        let body = auth(json!({"CollidingUtc": window, "Limitation": {"Count": 1000, "Cursor": cursor}}));
        let (t, page) = time_post(&client, &url, &body, 1).await;
        walk += t;
        pages += 1;
        total += page["Reservations"].as_array().map_or(0, Vec::len);
        cursor = page["Cursor"].clone();
    }
    println!(
        "  whole window: {total} reservations in {pages} pages, {:.2} ms after the first",
        walk.as_secs_f64() * 1e3
    );
    let updated = json!({"StartUtc": "2026-03-01T00:00:00Z", "EndUtc": "2026-03-10T09:00:00Z"});
    let body = auth(json!({"UpdatedUtc": updated, "Limitation": {"Count": 1000}}));
    let (t_upd, page) = time_post(&client, &url, &body, 21).await;
    println!(
        "mews reservations/getAll, UpdatedUtc 9 days ({} found): {:.2} ms",
        page["Reservations"].as_array().map_or(0, Vec::len),
        t_upd.as_secs_f64() * 1e3
    );
    println!("RSS after the requests {:.0} MiB", rss_mib());
    sandbox.shutdown().await;
}
