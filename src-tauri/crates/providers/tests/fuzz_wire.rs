//! Property tests ("fuzzing") of what turns a provider's HTTP answer into values: the wire types
//! of all five providers, the mapping of wire records into Innkeep's records and the clients'
//! reading of error bodies. Whatever the body (random bytes, random JSON, a real example payload
//! with fields removed, types swapped, numbers out of range, huge or empty strings, impossible
//! dates), parsing and mapping end in `Ok` or a clean `Err`, never in a panic.
//!
//! The number of cases per property comes from `PROPTEST_CASES` (small by default, so the suite
//! stays quick in `cargo test --workspace`); a long run:
//! `PROPTEST_CASES=20000 cargo test -p innkeep-providers --test fuzz_wire`.

use std::collections::{BTreeMap, HashMap};

use innkeep_core::Credentials;
use innkeep_fuzzkit::{apply, arb_json_with, change_with, Change};
use innkeep_providers::http::{self, Failure};
use innkeep_providers::limiter::Budget;
use innkeep_providers::mews::{map as mews_map, wire as mews_wire};
use innkeep_providers::mobile_calendar::client::{Doing, McClient};
use innkeep_providers::mobile_calendar::map::{self as mc_map, McConfig, Rooms};
use innkeep_providers::mobile_calendar::wire as mc_wire;
use innkeep_providers::reservanto::client::business_error;
use innkeep_providers::reservanto::map::{self as res_map, ReservantoContext};
use innkeep_providers::reservanto::wire as res_wire;
use innkeep_providers::timekit::client::TimekitClient;
use innkeep_providers::timekit::map::{self as tk_map, TimekitContext};
use innkeep_providers::timekit::wire as tk_wire;
use innkeep_providers::{ectosy, ectosy::map::PeriodSnapshot};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../../shared/providers/examples");

/// Cases per property: `PROPTEST_CASES`, else a number small enough for every `cargo test`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48);
    ProptestConfig::with_cases(cases)
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_slice(body).ok()
}

// ---------------------------------------------------------------------------------------------
// What each provider does with an answer body.

fn mews_ctx(time_zone: &str) -> mews_map::MewsContext {
    mews_map::MewsContext {
        enterprise_id: "ent".into(),
        service_id: "svc".into(),
        rate_id: "rate".into(),
        adult_age_category_id: "adult".into(),
        child_age_category_id: Some("child".into()),
        time_zone: time_zone.into(),
        currency: "EUR".into(),
        pricing: "Gross".into(),
    }
}

fn mews(body: &[u8], time_zone: &str) {
    let ctx = mews_ctx(time_zone);
    if let Some(r) = parse::<mews_wire::ReservationsGetAllResponse>(body) {
        for reservation in &r.reservations {
            let _ = mews_map::reservation(reservation, &ctx);
        }
    }
    if let Some(r) = parse::<mews_wire::Reservation>(body) {
        let _ = mews_map::reservation(&r, &ctx);
    }
    if let Some(c) = parse::<mews_wire::Customer>(body) {
        let _ = mews_map::guest(&c);
    }
    if let Some(c) = parse::<mews_wire::ResourceCategory>(body) {
        let _ = mews_map::category(&c);
    }
    if let Some(r) = parse::<Vec<mews_wire::Resource>>(body) {
        let _ = mews_map::rooms(&r, &[]);
    }
    if let Some(config) = parse::<mews_wire::ConfigurationGetResponse>(body) {
        let _ = mews_map::property_info(&config, &ctx);
    }
    if let Some(s) = parse::<mews_wire::ServicesGetAllResponse>(body) {
        let _ = mews_map::MewsContext::bookable_service(&s.services);
    }
    let _ = parse::<mews_wire::ErrorBody>(body);
    let _ = parse::<mews_wire::ServicesGetAvailabilityResponse>(body);
    let _ = parse::<mews_wire::ReservationsPriceResponse>(body);
    let _ = parse::<mews_wire::ReservationsAddResponse>(body);
}

fn reservanto_ctx(time_zone: &str) -> ReservantoContext {
    ReservantoContext {
        merchant_id: 1,
        location_id: 2,
        property_name: "Example".into(),
        time_zone: time_zone.into(),
        currency: "CZK".into(),
        segment_ids: vec![3],
        rooms: BTreeMap::from([("19564".into(), Some("112325".into()))]),
        capacities: BTreeMap::from([("112325".into(), 2)]),
    }
}

fn reservanto(body: &[u8], time_zone: &str, now: i64) {
    let ctx = reservanto_ctx(time_zone);
    if let Some(env) = parse::<res_wire::Envelope>(body) {
        let _ = business_error("/v1/Booking/GetBookingsForPeriod", &env);
    }
    if let Some(r) = parse::<res_wire::BookingInfosResponse>(body) {
        for b in &r.booking_info_models {
            let event = res_wire::Event {
                appointment_id: b.appointment_id,
                customer_id: b.customer_id,
                status: "Confirmed".into(),
                start_date: b.appointment.as_ref().map(|a| a.start_date).unwrap_or(b.starts_at_unix_stamp),
                end_date: b.appointment.as_ref().map(|a| a.end_date).unwrap_or(b.starts_at_unix_stamp),
                source_id: b.booking_resource_id,
                count: 1,
                price: b.price,
                customer_full_name: b.customer_name.clone(),
                ..Default::default()
            };
            let _ = res_map::reservation(&event, Some(b), &ctx, now);
            let _ = res_map::guest_from_booking(&event, Some(b));
        }
    }
    if let Some(r) = parse::<res_wire::EventsResponse>(body) {
        for e in &r.events {
            let _ = res_map::reservation(e, None, &ctx, now);
            let _ = ctx.local_date(e.start_date);
            let _ = ctx.local_time(e.end_date);
        }
    }
    if let Some(r) = parse::<res_wire::CustomersResponse>(body) {
        for c in &r.customers {
            let _ = res_map::guest(c);
        }
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = res_map::parse_provider_id(text);
        let _ = res_map::split_name(text);
        let _ = res_map::stated_capacity(text);
    }
    let _ = parse::<res_wire::ShortTimeTokenResponse>(body);
    let _ = parse::<res_wire::RentalAvailabilityResponse>(body);
    let _ = parse::<res_wire::BookingCreatedResponse>(body);
    let _ = parse::<res_wire::BookingServicesResponse>(body);
}

fn mobile_calendar(body: &[u8], time_zone: &str, client: &McClient, status: u16) {
    let config = McConfig { time_zone: time_zone.into(), ..McConfig::default() };
    let rooms = Rooms { room_type: [(30268, Some(4102)), (28568, None)].into_iter().collect() };
    if let Some(list) = parse::<mc_wire::List<mc_wire::Reservation>>(body) {
        let _ = mc_map::records(&list.data, &rooms, &config);
        let _ = mc_map::group(1, &list.data, &rooms, &config);
        for r in &list.data {
            let _ = mc_map::single(r, &rooms, &config);
            let _ = mc_map::state(r);
        }
    }
    if let Some(one) = parse::<mc_wire::One<mc_wire::Client>>(body) {
        let _ = mc_map::guest(&one.data);
    }
    if let Some(list) = parse::<mc_wire::List<mc_wire::Room>>(body) {
        let _ = Rooms::from_wire(&list.data);
        for r in &list.data {
            let _ = mc_map::room(r);
        }
    }
    if let Some(list) = parse::<mc_wire::List<mc_wire::RoomType>>(body) {
        for (i, t) in list.data.iter().enumerate() {
            let _ = mc_map::category(t, i as i32);
        }
    }
    if let Some(e) = parse::<mc_wire::WebhookEvent>(body) {
        let _ = e.data.reservation_id.to_vec();
    }
    if let Some(raw) = parse::<Value>(body) {
        let _ = mc_map::group_member_ids(&raw);
    }
    let _ = parse::<mc_wire::Problem>(body);
    let _ = parse::<mc_wire::TokenResponse>(body);
    let _ = parse::<mc_wire::List<mc_wire::Invoice>>(body);
    let _ = parse::<mc_wire::One<mc_wire::Pricing>>(body);
    let failure = Failure::Status { status, retry_after: None, body: body.to_vec() };
    let _ = http::describe(&failure);
    let _ = client.error(failure, Doing::Reservations);
}

fn timekit_ctx(time_zone: &str) -> TimekitContext {
    TimekitContext {
        app_id: "app".into(),
        app_slug: "back-to-the-future".into(),
        name: "Hill Valley".into(),
        time_zone: time_zone.into(),
        currency: "ISK".into(),
    }
}

fn timekit(body: &[u8], time_zone: &str, client: &TimekitClient, status: u16) {
    let ctx = timekit_ctx(time_zone);
    let categories: HashMap<String, String> = HashMap::from([("room".into(), "cat".into())]);
    if let Some(page) = parse::<tk_wire::Paginated<tk_wire::Booking>>(body) {
        for b in &page.data {
            let _ = tk_map::reservation(b, &ctx, &categories);
        }
    }
    if let Some(one) = parse::<tk_wire::Data<tk_wire::Booking>>(body) {
        let _ = tk_map::reservation(&one.data, &ctx, &categories);
    }
    if let Some(r) = parse::<tk_wire::Data<Vec<tk_wire::Resource>>>(body) {
        let _ = tk_map::catalog(&r.data);
        let _ = tk_map::room_categories(&r.data);
    }
    if let Some(c) = parse::<tk_wire::Customer>(body) {
        let _ = tk_map::guest(&c, None);
    }
    if let Some(app) = parse::<tk_wire::Data<tk_wire::App>>(body) {
        let context = TimekitContext::new(&app.data, &[]);
        let _ = context.property_info();
    }
    let _ = parse::<tk_wire::Data<Vec<tk_wire::Slot>>>(body);
    let _ = parse::<tk_wire::ErrorBody>(body);
    let _ = parse::<tk_wire::BulkAnswer>(body);
    let _ = client.error(
        "read the bookings",
        "/bookings",
        Failure::Status { status, retry_after: None, body: body.to_vec() },
    );
}

fn ectosy(body: &[u8]) {
    use ectosy::{map as ec_map, wire as ec_wire};
    if let Some(positions) = parse::<Vec<ec_wire::Position>>(body) {
        let _ = ec_map::catalog(&positions);
    }
    if let Some(answer) = parse::<ec_wire::PeriodPostResponse>(body) {
        let request: ec_wire::PeriodPostRequest =
            serde_json::from_str(&read("ectosy/period_post.request.json")).expect("the request example parses");
        let snapshot = PeriodSnapshot::new(&request, &answer, "Max apartment 1", 2, 0);
        let _ = snapshot.reservation();
        for c in &answer.customers {
            let _ = ec_map::guest(c, None);
        }
    }
    if let Some(raw) = parse::<Value>(body) {
        if let Ok(snapshot) = PeriodSnapshot::from_raw(&raw) {
            let _ = snapshot.reservation();
        }
    }
    let _ = parse::<ec_wire::ReservationSaved>(body);
    let _ = parse::<ec_wire::ErrorBody>(body);
    let _ = parse::<ec_wire::Conflict>(body);
    let _ = parse::<Vec<ec_wire::Customer>>(body);
}

/// Clients built once: their error reading needs no network.
struct Clients {
    timekit: TimekitClient,
    mobile_calendar: McClient,
}

fn clients() -> Clients {
    let creds =
        |pairs: &[(&str, &str)]| -> Credentials { pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
    Clients {
        timekit: TimekitClient::new("http://127.0.0.1:9", &creds(&[("app_key", "test_key")])).unwrap(),
        mobile_calendar: McClient::new(
            "http://127.0.0.1:9",
            &creds(&[("client_id", "id"), ("client_secret", "secret")]),
            Budget::MOBILE_CALENDAR,
        )
        .unwrap(),
    }
}

/// Everything every provider does with `body`.
fn all(body: &[u8], clients: &Clients, time_zone: &str, status: u16, now: i64) {
    mews(body, time_zone);
    reservanto(body, time_zone, now);
    mobile_calendar(body, time_zone, &clients.mobile_calendar, status);
    timekit(body, time_zone, &clients.timekit, status);
    ectosy(body);
}

// ---------------------------------------------------------------------------------------------
// Strategies.

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{EXAMPLES}/{name}"))
        .unwrap_or_else(|e| panic!("{name}: {e} (shared examples beside the repository)"))
}

/// The example answers and webhook bodies (the payloads Innkeep reads), as JSON.
fn examples() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for provider in ["mews", "reservanto", "mobile-calendar", "timekit", "ectosy"] {
        let mut names: Vec<String> = std::fs::read_dir(format!("{EXAMPLES}/{provider}"))
            .expect("shared examples beside the repository")
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        for name in names {
            let path = format!("{provider}/{name}");
            let value: Value = serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            out.push((path, value));
        }
    }
    out
}

/// Any JSON value, a few levels deep.
/// Any JSON, its objects' keys sometimes those of the wire types.
fn arb_json() -> impl Strategy<Value = Value> {
    arb_json_with(key().boxed())
}

/// Keys the wire types use (so objects sometimes look like the real thing) or any text.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "data",
            "Reservations",
            "State",
            "Id",
            "Number",
            "StartUtc",
            "EndUtc",
            "isError",
            "errorMessage",
            "bookingInfoModels",
            "events",
            "status",
            "startDate",
            "endDate",
            "reservationId",
            "roomId",
            "meta",
            "periodId",
            "customers",
            "appliedPrice",
            "errors",
            "error",
            "message",
            "title",
            "detail",
            "start",
            "end",
            "total",
            "per_page",
            "current_page",
            "created_at",
            "graph",
            "state",
            "id",
            "type",
        ])
        .prop_map(String::from),
        "[a-zA-Z_]{0,12}",
    ]
}

/// A change to an example payload: any JSON put in place of a node, or one of the shared edge values.
fn change() -> impl Strategy<Value = (usize, Change)> {
    change_with(arb_json().boxed())
}

fn time_zone() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["Europe/Prague", "Atlantic/Reykjavik", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
            .prop_map(String::from),
        1 => prop::sample::select(vec!["", "Europe/Nowhere", "+01:00", "utc"]).prop_map(String::from),
    ]
}

fn now() -> impl Strategy<Value = i64> {
    prop_oneof![Just(1_769_300_000i64), any::<i64>(), Just(i64::MAX), Just(i64::MIN)]
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![prop::sample::select(vec![400u16, 401, 403, 404, 409, 422, 429, 500, 503]), any::<u16>()]
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512), tz in time_zone(),
        status in status(), now in now()) {
        let c = clients();
        all(&body, &c, &tz, status, now);
    }

    #[test]
    fn random_text_never_panics(body in ".{0,256}", tz in time_zone(), status in status(), now in now()) {
        let c = clients();
        all(body.as_bytes(), &c, &tz, status, now);
    }

    #[test]
    fn random_json_never_panics(value in arb_json(), tz in time_zone(), status in status(), now in now()) {
        let c = clients();
        all(&serde_json::to_vec(&value).unwrap(), &c, &tz, status, now);
    }

    #[test]
    fn mutated_examples_never_panic(
        pick in any::<prop::sample::Index>(),
        changes in prop::collection::vec(change(), 1..5),
        tz in time_zone(),
        status in status(),
        now in now(),
    ) {
        let examples = examples();
        let (_, original) = pick.get(&examples);
        let mut value = original.clone();
        for (at, change) in &changes {
            apply(&mut value, *at, change);
        }
        let c = clients();
        all(&serde_json::to_vec(&value).unwrap(), &c, &tz, status, now);
    }
}

/// Every example payload, unchanged, goes through the whole exercise (the baseline the mutations
/// start from).
#[test]
fn the_unchanged_examples_go_through() {
    let c = clients();
    for (_, value) in examples() {
        all(&serde_json::to_vec(&value).unwrap(), &c, "Europe/Prague", 422, 1_769_300_000);
    }
}

// ---------------------------------------------------------------------------------------------
// The clients' own reading of answers (private to each client: reached through a request to a
// loopback server that answers whatever status and body the case chose).

mod over_http {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, OnceLock};
    use std::time::Duration;

    use innkeep_core::Credentials;
    use innkeep_providers::ectosy::EctosyClient;
    use innkeep_providers::http::RetryPolicy;
    use innkeep_providers::limiter::Budget;
    use innkeep_providers::mews::MewsClient;
    use innkeep_providers::mobile_calendar::McClient;
    use innkeep_providers::reservanto::ReservantoClient;
    use innkeep_providers::timekit::TimekitClient;
    use proptest::prelude::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// The next answer: status, content type, body.
    type Next = Arc<Mutex<(u16, &'static str, Vec<u8>)>>;

    struct Server {
        runtime: tokio::runtime::Runtime,
        base_url: String,
        next: Next,
    }

    /// Answers every request with `next`, except the token requests, which get a token (so the
    /// clients go on to the request the case is about).
    fn server() -> &'static Server {
        static SERVER: OnceLock<Server> = OnceLock::new();
        SERVER.get_or_init(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
            let next: Next = Arc::new(Mutex::new((200, "application/json", Vec::new())));
            let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
            let base_url = format!("http://{}", listener.local_addr().unwrap());
            let shared = next.clone();
            runtime.spawn(async move {
                loop {
                    let Ok((mut socket, _)) = listener.accept().await else { continue };
                    let next = shared.clone();
                    tokio::spawn(async move {
                        let Some(head) = read_request(&mut socket).await else { return };
                        let (status, content_type, body) = if head.contains(" /v1/Authorize/GetShortTimeToken ") {
                            (200, "application/json", br#"{"IsError":false,"ShortTimeToken":"short"}"#.to_vec())
                        } else if head.contains(" /auth/token ") {
                            (200, "application/json", br#"{"token_type":"Bearer","access_token":"a.b.c","expires_in":3600}"#.to_vec())
                        } else {
                            next.lock().unwrap().clone()
                        };
                        let head = format!(
                            "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                            body.len()
                        );
                        let _ = socket.write_all(head.as_bytes()).await;
                        let _ = socket.write_all(&body).await;
                        let _ = socket.shutdown().await;
                    });
                }
            });
            Server { runtime, base_url, next }
        })
    }

    /// The request line and headers (the body is read and dropped).
    async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<String> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let end = loop {
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let length = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut have = buf.len() - end;
        while have < length {
            let n = socket.read(&mut chunk).await.ok()?;
            if n == 0 {
                break;
            }
            have += n;
        }
        Some(head)
    }

    fn creds(pairs: &[(&str, &str)]) -> Credentials {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            base_delay: Duration::from_millis(1),
            max_wait: Duration::ZERO,
            timeout: Duration::from_secs(10),
        }
    }

    /// Every client reads the answer; each call ends in `Ok` or `Err`.
    fn every_client_reads(status: u16, content_type: &'static str, body: Vec<u8>) {
        let s = server();
        *s.next.lock().unwrap() = (status, content_type, body);
        let base = s.base_url.as_str();
        // Fresh credentials per case: the rate limiters are shared per token, key or client id, and
        // a long run would otherwise wait for their budgets.
        static CASE: AtomicU64 = AtomicU64::new(0);
        let id = format!("fuzz-{}", CASE.fetch_add(1, Ordering::Relaxed));
        s.runtime.block_on(async {
            let mews = MewsClient::with_policy(base, &creds(&[("client_token", "c"), ("access_token", &id)]), policy())
                .unwrap();
            let _ = mews.services().await;
            let _ = mews.configuration().await;
            let reservanto =
                ReservantoClient::with_policy(base, &creds(&[("long_time_token", "long")]), policy()).unwrap();
            let _ = reservanto.merchant().await;
            let _ = reservanto.resources().await;
            let mc =
                McClient::new(base, &creds(&[("client_id", &id), ("client_secret", "s")]), Budget::TIMEKIT).unwrap();
            let _ = mc.rooms().await;
            let _ = mc.reservation(1).await;
            let timekit = TimekitClient::with_policy(base, &creds(&[("app_key", &id)]), policy()).unwrap();
            let _ = timekit.app().await;
            let _ = timekit.resources().await;
            let ectosy = EctosyClient::with_policy(base, &creds(&[("api_key", "k")]), policy()).unwrap();
            let _ = ectosy.positions().await;
            let _ = ectosy.delete_period("per-1").await;
        });
    }

    fn status() -> impl Strategy<Value = u16> {
        prop_oneof![
            3 => prop::sample::select(vec![200u16, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503]),
            1 => 100u16..600,
        ]
    }

    fn content_type() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["application/json", "application/problem+json", "text/html", "text/plain", ""])
    }

    fn body() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..256),
            super::arb_json().prop_map(|v| serde_json::to_vec(&v).unwrap()),
            (any::<prop::sample::Index>(), prop::collection::vec(super::change(), 0..4)).prop_map(|(pick, changes)| {
                let examples = super::examples();
                let mut value = pick.get(&examples).1.clone();
                for (at, change) in &changes {
                    super::apply(&mut value, *at, change);
                }
                serde_json::to_vec(&value).unwrap()
            }),
        ]
    }

    proptest! {
        // A tenth of the cases of the other properties: each case is ten requests.
        #![proptest_config(ProptestConfig::with_cases((super::config().cases / 10).max(8)))]

        #[test]
        fn the_clients_read_any_answer_without_panicking(status in status(), content_type in content_type(), body in body()) {
            every_client_reads(status, content_type, body);
        }
    }
}
