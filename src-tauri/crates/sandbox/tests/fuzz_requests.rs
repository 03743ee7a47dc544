//! Property tests ("fuzzing") of the simulators' request parsing: arbitrary methods, paths under
//! each provider's prefix, query strings, headers and bodies, and valid-looking requests (with the
//! right credentials) whose JSON bodies are the example requests with random changes. Whatever
//! the request, an HTTP answer comes back (any status): a panicking handler would drop the
//! connection instead, and the sandbox must stay up.
//!
//! The simulators are private to the crate, so the requests go to one sandbox per test binary
//! over loopback. Cases per property come from `PROPTEST_CASES` (small by default); a long run:
//! `PROPTEST_CASES=5000 cargo test -p innkeep-sandbox --test fuzz_requests`.

use std::sync::OnceLock;
use std::time::Duration;

use innkeep_fuzzkit::{apply, arb_json, change_with, Change};
use innkeep_sandbox::{RunningSandbox, SandboxConfig};
use proptest::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples");

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(32);
    ProptestConfig::with_cases(cases)
}

/// How a provider's requests carry their credentials.
#[derive(Debug, Clone)]
enum Auth {
    /// Mews: tokens inside the JSON body.
    MewsBody { client_token: String, access_token: String },
    /// A header (Reservanto's token, Mobile Calendar's bearer, Timekit's Basic, Ectosy's key).
    Header(&'static str, String),
}

#[derive(Debug, Clone)]
struct Target {
    provider: &'static str,
    base_url: String,
    auth: Auth,
    /// Paths (after `base_url`) the simulator knows, with their usual method.
    routes: Vec<(Method, &'static str)>,
}

struct World {
    runtime: tokio::runtime::Runtime,
    sandbox: RunningSandbox,
    http: reqwest::Client,
    targets: Vec<Target>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
        let (sandbox, targets) = runtime.block_on(async {
            let sandbox = innkeep_sandbox::start(SandboxConfig::default()).await.unwrap();
            let mut targets = Vec::new();
            for p in sandbox.providers() {
                let cred = |name: &str| p.credentials[name].clone();
                let (auth, routes) = match p.provider {
                    "mews" => (
                        Auth::MewsBody { client_token: cred("client_token"), access_token: cred("access_token") },
                        MEWS_ROUTES.iter().map(|r| (Method::POST, *r)).collect(),
                    ),
                    "reservanto" => {
                        let answer: Value = http
                            .post(format!("{}/v1/Authorize/GetShortTimeToken", p.base_url))
                            .json(&json!({"LongTimeToken": cred("long_time_token"), "TimeStamp": sandbox.now().timestamp()}))
                            .send()
                            .await
                            .unwrap()
                            .json()
                            .await
                            .unwrap();
                        let token = answer["ShortTimeToken"].as_str().expect("a Reservanto token").to_owned();
                        (Auth::Header("Authorization", token), RESERVANTO_ROUTES.iter().map(|r| (Method::POST, *r)).collect())
                    }
                    "mobile-calendar" => {
                        let answer: Value = http
                            .post(format!("{}/auth/token", p.base_url))
                            .json(&json!({"clientId": cred("client_id"), "clientSecret": cred("client_secret")}))
                            .send()
                            .await
                            .unwrap()
                            .json()
                            .await
                            .unwrap();
                        let token = answer["accessToken"].as_str().or(answer["access_token"].as_str());
                        let token = token.expect("a Mobile Calendar token").to_owned();
                        (Auth::Header("Authorization", format!("Bearer {token}")), routes(MOBILE_CALENDAR_ROUTES))
                    }
                    "timekit" => (
                        Auth::Header(
                            "Authorization",
                            innkeep_providers::timekit::client::basic_auth(&cred("app_key")),
                        ),
                        routes(TIMEKIT_ROUTES),
                    ),
                    "ectosy" => (
                        Auth::Header(innkeep_providers::ectosy::wire::API_KEY_HEADER, cred("api_key")),
                        routes(ECTOSY_ROUTES),
                    ),
                    other => panic!("a provider this test does not know: {other}"),
                };
                targets.push(Target { provider: p.provider, base_url: p.base_url, auth, routes });
            }
            (sandbox, targets)
        });
        World { runtime, sandbox, http, targets }
    })
}

fn routes(list: &[(&str, &'static str)]) -> Vec<(Method, &'static str)> {
    list.iter().map(|(m, p)| (Method::from_bytes(m.as_bytes()).unwrap(), *p)).collect()
}

const MEWS_ROUTES: &[&str] = &[
    "/api/connector/v1/ageCategories/getAll",
    "/api/connector/v1/configuration/get",
    "/api/connector/v1/customers/add",
    "/api/connector/v1/customers/getAll",
    "/api/connector/v1/rates/getAll",
    "/api/connector/v1/rates/getPricing",
    "/api/connector/v1/reservations/add",
    "/api/connector/v1/reservations/cancel",
    "/api/connector/v1/reservations/confirm",
    "/api/connector/v1/reservations/getAll/2023-06-06",
    "/api/connector/v1/reservations/price",
    "/api/connector/v1/reservations/process",
    "/api/connector/v1/reservations/start",
    "/api/connector/v1/resourceCategories/getAll",
    "/api/connector/v1/resourceCategoryAssignments/getAll",
    "/api/connector/v1/resources/getAll",
    "/api/connector/v1/services/getAll",
    "/api/connector/v1/services/getAvailability",
];

const RESERVANTO_ROUTES: &[&str] = &[
    "/v1/Authorize/GetShortTimeToken",
    "/v1/Booking/Cancel",
    "/v1/Booking/Confirm",
    "/v1/Booking/GetActivities",
    "/v1/Booking/GetBookingsForCustomer",
    "/v1/Booking/GetBookingsForPeriod",
    "/v1/Booking/Reject",
    "/v1/Booking/SetNoShowState",
    "/v1/BookingResource/Get",
    "/v1/BookingResource/GetAvailability",
    "/v1/BookingResource/GetList",
    "/v1/BookingService/GetForBookingResource",
    "/v1/BookingService/GetList",
    "/v1/Customer/Create",
    "/v1/Customer/Edit",
    "/v1/Customer/Get",
    "/v1/Customer/GetList",
    "/v1/Customer/Search",
    "/v1/Event/Get",
    "/v1/Event/GetList",
    "/v1/Location/Get",
    "/v1/Location/GetList",
    "/v1/Merchant/GetInfo",
    "/v1/OneToOne/MoveBooking",
    "/v1/RentalLike/CreateBooking",
    "/v1/RentalLike/GetAvailability",
    "/v1/Segment/GetList",
    "/v1/Test/Echo",
];

const MOBILE_CALENDAR_ROUTES: &[(&str, &str)] = &[
    ("POST", "/auth/token"),
    ("GET", "/rooms"),
    ("GET", "/rooms/1"),
    ("PATCH", "/rooms/1"),
    ("GET", "/room-types"),
    ("GET", "/rates"),
    ("GET", "/pricing"),
    ("GET", "/availability"),
    ("GET", "/invoices"),
    ("GET", "/invoices/1"),
    ("GET", "/sources"),
    ("GET", "/reservations"),
    ("POST", "/reservations"),
    ("GET", "/reservations/1"),
    ("PATCH", "/reservations/1"),
    ("DELETE", "/reservations/1"),
    ("POST", "/reservations/1/restore"),
    ("GET", "/clients"),
    ("POST", "/clients"),
    ("GET", "/clients/1"),
    ("PUT", "/clients/1"),
    ("DELETE", "/clients/1"),
];

const TIMEKIT_ROUTES: &[(&str, &str)] = &[
    ("GET", "/app"),
    ("POST", "/app/invite"),
    ("GET", "/resources"),
    ("GET", "/resources/x"),
    ("POST", "/availability"),
    ("GET", "/bookings"),
    ("POST", "/bookings"),
    ("POST", "/bookings/bulk"),
    ("PUT", "/bookings/bulk"),
    ("GET", "/bookings/x"),
    ("PUT", "/bookings/x/confirm"),
    ("PUT", "/bookings/x/cancel"),
    ("PUT", "/bookings/x/meta"),
];

const ECTOSY_ROUTES: &[(&str, &str)] =
    &[("GET", "/resources"), ("POST", "/period"), ("DELETE", "/period"), ("PUT", "/customers"), ("GET", "/health")];

/// The example requests of a provider (its `*.request.json` files), with the route they go to.
fn example_requests(provider: &str) -> Vec<(Method, &'static str, Value)> {
    let files: &[(&str, &str, &'static str)] = match provider {
        "mews" => &[
            ("reservations-add.request.json", "POST", "/api/connector/v1/reservations/add"),
            ("reservations-cancel.request.json", "POST", "/api/connector/v1/reservations/cancel"),
            ("reservations-getAll.request.json", "POST", "/api/connector/v1/reservations/getAll/2023-06-06"),
        ],
        "reservanto" => &[
            ("authorize_get_short_time_token.request.json", "POST", "/v1/Authorize/GetShortTimeToken"),
            ("booking_get_bookings_for_period.request.json", "POST", "/v1/Booking/GetBookingsForPeriod"),
            ("rentallike_create_booking.request.json", "POST", "/v1/RentalLike/CreateBooking"),
        ],
        "mobile-calendar" => &[("reservation_create.request.json", "POST", "/reservations")],
        "timekit" => &[
            ("availability.request.json", "POST", "/availability"),
            ("bookings-create.request.json", "POST", "/bookings"),
        ],
        "ectosy" => {
            &[("period_post.request.json", "POST", "/period"), ("customers_put.request.json", "PUT", "/customers")]
        }
        _ => &[],
    };
    files
        .iter()
        .map(|(file, method, path)| {
            let name = format!("{EXAMPLES}/{provider}/{file}");
            let text = std::fs::read_to_string(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
            let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (Method::from_bytes(method.as_bytes()).unwrap(), *path, value)
        })
        .collect()
}

/// One request, sent; the answer's status, or what went wrong (a dropped connection is what a
/// panicking handler leaves).
fn send(
    target: &Target,
    method: Method,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: Vec<u8>,
    with_auth: bool,
) -> Result<u16, String> {
    let w = world();
    let url = format!("{}{path}", target.base_url);
    let mut request = w.http.request(method, &url).query(query).body(body);
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    if with_auth {
        if let Auth::Header(name, value) = &target.auth {
            request = request.header(*name, value.as_str());
        }
    }
    let answer = w.runtime.block_on(async {
        let response = request.send().await.map_err(|e| format!("{url}: {e:?}"))?;
        let status = response.status().as_u16();
        response.bytes().await.map_err(|e| format!("{url}: body of a {status}: {e:?}"))?;
        Ok(status)
    });
    assert!(w.sandbox.is_listening(), "the sandbox stopped listening after a request to {url}");
    answer
}

/// A body with the Mews tokens (or a Reservanto time stamp) where the real requests have them.
fn authorised(target: &Target, mut body: Value) -> Value {
    if let Value::Object(o) = &mut body {
        match &target.auth {
            Auth::MewsBody { client_token, access_token } => {
                o.insert("ClientToken".into(), json!(client_token));
                o.insert("AccessToken".into(), json!(access_token));
                o.insert("Client".into(), json!("Innkeep fuzz"));
            }
            Auth::Header(..) if target.provider == "reservanto" && !o.contains_key("TimeStamp") => {
                o.insert("TimeStamp".into(), json!(world().sandbox.now().timestamp()));
            }
            Auth::Header(..) => {}
        }
    }
    body
}

// ---------------------------------------------------------------------------------------------
// Strategies.

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        4 => prop::sample::select(vec![Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE,
            Method::HEAD, Method::OPTIONS]),
        1 => "[A-Z]{1,10}".prop_map(|m| Method::from_bytes(m.as_bytes()).unwrap()),
    ]
}

/// A path segment: a known word, a number, an odd string (percent-encoded where the URL needs it).
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "api",
            "connector",
            "v1",
            "v2",
            "public",
            "reservations",
            "getAll",
            "add",
            "bookings",
            "rooms",
            "clients",
            "restore",
            "meta",
            "confirm",
            "cancel",
            "period",
            "customers",
            "resources",
            "Booking",
            "Customer",
            "Get",
            "",
            "..",
            ".",
            "%00",
            "%ff",
            "%2F",
            "2023-06-06",
            "-1",
            "0",
            "99999999999999999999",
            "💥",
        ])
        .prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        "[a-zA-Z0-9_~-]{0,16}",
        "[^/?#]{0,12}".prop_map(|s| s.bytes().map(|b| format!("%{b:02X}")).collect()),
    ]
}

fn query() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        prop::sample::select(vec![
            "page",
            "limit",
            "perPage",
            "per_page",
            "from",
            "to",
            "dateFrom",
            "dateTo",
            "include",
            "search",
            "roomId",
            "start",
            "end",
            "id",
            "cursor",
            "filter[from]",
            "sort",
        ])
        .prop_map(String::from),
        ".{0,8}",
    ];
    let value = prop_oneof![
        prop::sample::select(vec![
            "",
            "0",
            "-1",
            "1",
            "250",
            "1000000",
            "99999999999999999999",
            "2026-02-30",
            "2026-01-01",
            "x",
            "2026-01-01T25:00:00Z",
            "attributes,event,customers,resource",
            "NaN",
            "1e9",
        ])
        .prop_map(String::from),
        any::<i64>().prop_map(|n| n.to_string()),
        ".{0,16}",
    ];
    prop::collection::vec((name, value), 0..4)
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        prop::sample::select(vec![
            "content-type",
            "authorization",
            "accept",
            "x-api-key",
            "content-encoding",
            "accept-language",
            "x-other",
        ])
        .prop_map(String::from),
        "[a-z][a-z0-9-]{0,12}",
    ];
    let value = prop_oneof![
        prop::sample::select(vec![
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "application/problem+json",
            "Bearer ",
            "Bearer x.y.z",
            "Basic",
            "Basic !!!",
            "Basic Og==",
            "gzip",
            "",
            "*/*",
        ])
        .prop_map(String::from),
        "[ -~]{0,40}",
    ];
    prop::collection::vec((name, value), 0..4)
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        arb_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        Just(Vec::new()),
    ]
}

fn change() -> impl Strategy<Value = (usize, Change)> {
    change_with(arb_json().boxed())
}

fn target() -> impl Strategy<Value = prop::sample::Index> {
    any::<prop::sample::Index>()
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(config())]

    /// Anything at all under a provider's prefix, with or without its credentials.
    #[test]
    fn arbitrary_requests_get_an_answer(
        which in target(),
        method in method(),
        segments in prop::collection::vec(segment(), 0..5),
        query in query(),
        headers in headers(),
        body in body(),
        with_auth in any::<bool>(),
    ) {
        let t = which.get(&world().targets).clone();
        let path: String = segments.iter().map(|s| format!("/{s}")).collect();
        let answer = send(&t, method, &path, &query, &headers, body, with_auth);
        prop_assert!(answer.is_ok(), "{}: {:?}", t.provider, answer);
    }

    /// A known route with the right method and credentials, and a random body or query.
    #[test]
    fn known_routes_with_random_bodies_get_an_answer(
        which in target(),
        route in any::<prop::sample::Index>(),
        query in query(),
        body in arb_json(),
    ) {
        let t = which.get(&world().targets).clone();
        let (method, path) = route.get(&t.routes).clone();
        let body = serde_json::to_vec(&authorised(&t, body)).unwrap();
        let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
        let answer = send(&t, method, path, &query, &headers, body, true);
        prop_assert!(answer.is_ok(), "{} {}: {:?}", t.provider, path, answer);
    }

    /// The example requests, with fields removed, types swapped, numbers out of range, strings
    /// huge or empty and dates impossible.
    #[test]
    fn mutated_example_requests_get_an_answer(
        which in target(),
        example in any::<prop::sample::Index>(),
        changes in prop::collection::vec(change(), 1..5),
    ) {
        let t = which.get(&world().targets).clone();
        let examples = example_requests(t.provider);
        let (method, path, original) = example.get(&examples).clone();
        let mut value = original;
        for (at, change) in &changes {
            apply(&mut value, *at, change);
        }
        let body = serde_json::to_vec(&authorised(&t, value)).unwrap();
        let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
        let answer = send(&t, method, path, &[], &headers, body, true);
        prop_assert!(answer.is_ok(), "{} {}: {:?}", t.provider, path, answer);
    }
}

/// The helper finds every provider, its credentials work and the unchanged examples are accepted
/// as requests (so the mutations start from something the simulators take).
#[test]
fn the_credentials_and_the_unchanged_examples_work() {
    let w = world();
    assert_eq!(w.targets.len(), 5);
    for t in &w.targets {
        assert!(!t.routes.is_empty(), "{}", t.provider);
        let (method, path) = t.routes.iter().find(|(m, _)| *m == Method::GET).cloned().unwrap_or(t.routes[1].clone());
        let body = serde_json::to_vec(&authorised(t, json!({}))).unwrap();
        let status = send(t, method, path, &[], &[], body, true).unwrap();
        assert_ne!(status, 401, "{} {path}: the credentials are refused", t.provider);
        for (method, path, value) in example_requests(t.provider) {
            let body = serde_json::to_vec(&authorised(t, value)).unwrap();
            let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
            let status = send(t, method, path, &[], &headers, body, true).unwrap();
            assert!(status < 500, "{} {path}: the unchanged example got {status}", t.provider);
        }
    }
}
