//! The WebSocket notifications, spoken to with Innkeep's own client (`providers::mews::live`):
//! auth by cookie, an event per reservation a request adds or changes, and the two knobs.

use std::time::Duration;

use innkeep_core::{Credentials, ErrorKind};
use innkeep_providers::mews::live::{ConnectFailure, Event, LiveConfig, LiveSocket, SocketState};
use innkeep_providers::mews::wire::{self, paths};
use serde_json::json;

use crate::common::*;

fn credentials(sb: &Sb) -> Credentials {
    Credentials::from_iter([
        ("client_token".to_owned(), sb.auth.client_token.clone()),
        ("access_token".to_owned(), sb.auth.access_token.clone()),
    ])
}

async fn open(sb: &Sb) -> LiveSocket {
    LiveSocket::connect(&sb.base, &credentials(sb), LiveConfig::default()).await.expect("the socket opens")
}

/// The next message, within a second.
async fn next(socket: &mut LiveSocket) -> Result<Vec<Event>, innkeep_core::AppError> {
    tokio::time::timeout(Duration::from_secs(2), socket.next()).await.expect("a message within 2 s")
}

async fn until_open(sb: &Sb, open: usize) {
    for _ in 0..100 {
        if sb.sandbox.mews_live().state().open == open {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("expected {open} open sockets, have {:?}", sb.sandbox.mews_live().state());
}

#[tokio::test]
async fn a_booking_and_a_cancellation_are_pushed_to_every_socket() {
    let sb = start().await;
    let setup = sb.setup().await;
    let mut first = open(&sb).await;
    let mut second = open(&sb).await;
    until_open(&sb, 2).await;

    let booked = book(&sb, &setup, setup.stay(1, day(5), 2)).await;
    for socket in [&mut first, &mut second] {
        let events = next(socket).await.unwrap();
        assert_eq!(events.len(), 1, "{events:?}");
        match &events[0] {
            Event::Reservation { id, state, start_utc, end_utc, .. } => {
                assert_eq!(id, &booked.id);
                assert_eq!(state, "Confirmed");
                assert_eq!((*start_utc, *end_utc), (booked.start_utc, booked.end_utc));
            }
            other => panic!("not a reservation event: {other:?}"),
        }
    }

    let _: wire::ReservationIdsResponse =
        sb.call(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [booked.id], "Notes": "Guest called"})).await;
    match &next(&mut first).await.unwrap()[..] {
        [Event::Reservation { id, state, .. }] => assert_eq!((id, state.as_str()), (&booked.id, "Canceled")),
        other => panic!("{other:?}"),
    }

    // Reads and refused writes change nothing, so they say nothing.
    sb.reservation(&booked.id).await;
    sb.fails(paths::RESERVATIONS_CANCEL, json!({"ReservationIds": [booked.id], "Notes": "again"}), 403).await;
    assert!(tokio::time::timeout(Duration::from_millis(300), first.next()).await.is_err(), "no event expected");
}

#[tokio::test]
async fn the_tokens_are_checked_on_the_upgrade() {
    let sb = start().await;
    let mut wrong = credentials(&sb);
    wrong.0.insert("access_token".into(), "00000000000000000000000000000000-0000000000000000000000000000000".into());
    match LiveSocket::connect(&sb.base, &wrong, LiveConfig::default()).await {
        Err(ConnectFailure::Refused { status: 401, error }) => {
            assert_eq!(error.kind, ErrorKind::Auth);
            assert!(!error.message.contains(&sb.auth.access_token), "no secret in {}", error.message);
        }
        other => panic!("expected a 401 refusal, got {other:?}"),
    }

    // Query parameters of the same names work too; a plain GET without the upgrade headers does not.
    let url =
        format!("{}/ws/connector?ClientToken={}&AccessToken={}", sb.base, sb.auth.client_token, sb.auth.access_token);
    assert_eq!(reqwest::get(&url).await.unwrap().status().as_u16(), 400);
    assert_eq!(reqwest::get(format!("{}/ws/connector", sb.base)).await.unwrap().status().as_u16(), 401);

    sb.sandbox.faults().set_reject_tokens(true);
    assert!(matches!(
        LiveSocket::connect(&sb.base, &credentials(&sb), LiveConfig::default()).await,
        Err(ConnectFailure::Refused { status: 401, .. })
    ));
}

#[tokio::test]
async fn refused_upgrades_and_closed_sockets() {
    let sb = start().await;
    let mut socket = open(&sb).await;
    until_open(&sb, 1).await;

    // Refusing stops new sockets only.
    sb.sandbox.mews_live().refuse_upgrades(true);
    match LiveSocket::connect(&sb.base, &credentials(&sb), LiveConfig::default()).await {
        Err(ConnectFailure::Refused { status: 503, error }) => assert_eq!(error.kind, ErrorKind::Unavailable),
        other => panic!("expected a 503 refusal, got {other:?}"),
    }
    assert_eq!(sb.sandbox.mews_live().state().open, 1);

    // Closing ends the open one with "service restart".
    sb.sandbox.mews_live().close_all();
    let closed = next(&mut socket).await.unwrap_err();
    assert_eq!(closed.kind, ErrorKind::Offline);
    assert!(closed.message.contains("1012"), "{}", closed.message);
    assert!(matches!(socket.state(), SocketState::Closed(_)));
    until_open(&sb, 0).await;

    // The same knobs over HTTP.
    let knobs = format!("{}/_sandbox/mews/websocket", sb.base);
    let http = reqwest::Client::new();
    let state: serde_json::Value =
        http.post(&knobs).json(&json!({"refuse": false})).send().await.unwrap().json().await.unwrap();
    assert_eq!(state, json!({"refusing": false, "open": 0}));
    let _again = open(&sb).await;
    until_open(&sb, 1).await;
    let state: serde_json::Value =
        http.post(&knobs).json(&json!({"close_all": true})).send().await.unwrap().json().await.unwrap();
    assert_eq!(state["refusing"], false);
    until_open(&sb, 0).await;
    assert_eq!(http.post(&knobs).body("{\"refuse\": 3}").send().await.unwrap().status().as_u16(), 400);
}

#[tokio::test]
async fn a_silent_server_is_noticed() {
    // A listener that accepts the TCP connection and upgrades nothing: the connect times out.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let _held = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let config = LiveConfig { connect_timeout: Duration::from_millis(300), ..LiveConfig::default() };
    let sb_credentials = Credentials::from_iter([
        ("client_token".to_owned(), "c".to_owned()),
        ("access_token".to_owned(), "a".to_owned()),
    ]);
    match LiveSocket::connect(&format!("http://{addr}"), &sb_credentials, config).await {
        Err(ConnectFailure::Unreachable(e)) => {
            assert_eq!(e.kind, ErrorKind::Offline);
            assert!(e.message.contains("did not answer in time"), "{}", e.message);
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}
