//! `innkeep-cli` as a person runs it: the real binary, a real data folder, the sandbox over real
//! HTTP, credentials on standard input into the real keyring.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use innkeep_sandbox::{RunningSandbox, SandboxConfig};

const CLI: &str = env!("CARGO_BIN_EXE_innkeep-cli");

fn run(data: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(CLI)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("innkeep-cli runs");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn fails_with(out: &Output, code: i32, words: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(err.contains(words), "expected “{words}” in: {err}");
}

async fn sandbox() -> RunningSandbox {
    innkeep_sandbox::start(SandboxConfig { seed: 31, port: 0, today: Some("2026-06-15".parse().unwrap()) })
        .await
        .unwrap()
}

fn credentials_json(s: &RunningSandbox) -> String {
    serde_json::to_string(&s.providers()[0].credentials).unwrap()
}

fn keyring_ready() -> bool {
    let status = innkeep_secrets::SecretStore::default().status();
    if !status.available && std::env::var_os("REQUIRE_SECRET_SERVICE").is_some() {
        panic!("REQUIRE_SECRET_SERVICE is set but the keyring is unavailable: {:?}", status.message);
    }
    status.available
}

#[test]
fn sandbox_prints_one_json_line_per_provider_with_working_credentials() {
    let mut child = Command::new(CLI)
        .args(["sandbox", "--port", "0", "--seed", "3", "--today", "2026-06-15"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..5 {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        lines.push(serde_json::from_str::<serde_json::Value>(&line).unwrap());
    }
    let _ = child.kill();
    let _ = child.wait();
    let names: Vec<_> = lines.iter().map(|v| v["provider"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["mews", "reservanto", "mobile-calendar", "timekit", "ectosy"]);
    for v in &lines {
        assert!(v["base_url"].as_str().unwrap().starts_with("http://127.0.0.1:"));
        let provider = innkeep_core::ProviderKind::parse(v["provider"].as_str().unwrap()).unwrap();
        for field in innkeep_core::validate::credential_fields(provider) {
            assert!(v["credentials"][field].is_string(), "{provider:?} credential {field}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_day_at_the_desk_from_the_command_line() {
    if !keyring_ready() {
        eprintln!("skipping: no Secret Service");
        return;
    }
    let s = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let url = s.base_url();

    let id = ok(&run(
        data,
        &["account", "add", "mews", "--label", "Hotel Vltava", "--base-url", &url],
        Some(&credentials_json(&s)),
    ));
    let id = id.trim().to_string();
    assert!(id.parse::<i64>().is_ok(), "prints the new id: {id}");

    let list: serde_json::Value = serde_json::from_str(&ok(&run(data, &["account", "list", "--json"], None))).unwrap();
    assert_eq!(list[0]["label"], "Hotel Vltava");
    let listed = serde_json::to_string(&list).unwrap();
    assert!(!listed.contains(s.providers()[0].credentials["access_token"].as_str()), "no secret in the listing");

    let sync = run(data, &["sync"], None);
    ok(&sync);
    assert!(String::from_utf8_lossy(&sync.stderr).contains("done"), "progress line");

    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&run(data, &["reservations", "--format", "json"], None))).unwrap();
    assert!(rows.len() > 100);
    let csv = ok(&run(data, &["reservations", "--from", "2026-06-15", "--to", "2026-06-15", "--format", "csv"], None));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,number,guest,room,category,arrival,departure,state,adults,children,total,account"
    );
    assert!(lines.count() > 5, "guests in house on the 15th");

    let guests = ok(&run(data, &["guests", "--search", "a", "--format", "csv"], None));
    assert!(guests.lines().count() > 2);

    // Mews takes no stay that starts before the machine's today, whatever the sandbox's calendar.
    let arrival =
        (chrono::Local::now().date_naive().max("2026-06-15".parse().unwrap()) + chrono::Duration::days(16)).to_string();
    let departure = (arrival.parse::<chrono::NaiveDate>().unwrap() + chrono::Duration::days(3)).to_string();
    let book = |extra: &[&str]| {
        let mut args = vec![
            "book",
            "--account",
            &id,
            "--category",
            "Double room",
            "--arrival",
            &arrival,
            "--departure",
            &departure,
            "--adults",
            "2",
            "--first-name",
            "Jan",
            "--last-name",
            "Nowak",
            "--email",
            "jan.nowak@example.pl",
        ];
        args.extend_from_slice(extra);
        run(data, &args, None)
    };
    let quote = ok(&book(&["--quote"]));
    assert!(quote.contains("3 nights of Double room") && quote.contains("EUR"), "{quote}");
    let booked: Vec<serde_json::Value> = serde_json::from_str(&ok(&book(&["--format", "json"]))).unwrap();
    assert_eq!(booked[0]["guest_name"], "Jan Nowak");
    assert_eq!(booked[0]["state"], "confirmed");
    let rid = booked[0]["id"].to_string();

    let cancelled = ok(&run(data, &["cancel", &rid, "--reason", "Guest changed plans"], None));
    assert!(cancelled.contains("cancelled"), "{cancelled}");
    fails_with(&run(data, &["cancel", &rid], None), 1, "already cancelled");

    let activity = ok(&run(data, &["activity", "--format", "csv"], None));
    assert!(activity.contains("reservation.cancel") && activity.contains("booking.create"));

    ok(&run(data, &["account", "remove", &id], None));
    assert_eq!(ok(&run(data, &["reservations", "--format", "csv"], None)).lines().count(), 1, "only the header");
}

#[tokio::test(flavor = "multi_thread")]
async fn mistakes_get_specific_messages_and_exit_codes() {
    let s = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let url = s.base_url();

    let wrong = r#"{"client_token": "nope", "access_token": "nope"}"#;
    fails_with(
        &run(data, &["account", "add", "mews", "--label", "X", "--base-url", &url], Some(wrong)),
        4,
        "refused the credentials",
    );
    fails_with(
        &run(data, &["account", "add", "mews", "--label", "X", "--base-url", &url], Some("tokens please")),
        2,
        "JSON object",
    );
    fails_with(
        &run(data, &["account", "add", "mews", "--label", "X", "--base-url", "ftp://x"], Some(wrong)),
        2,
        "https://",
    );
    fails_with(
        &run(data, &["account", "add", "opera", "--label", "X", "--base-url", &url], Some(wrong)),
        2,
        "Unknown provider",
    );
    fails_with(&run(data, &["reservations", "--from", "2026-13-01"], None), 2, "2026-13-01");
    fails_with(&run(data, &["reservations", "--state", "booked"], None), 2, "one of: inquiry");
    ok(&run(data, &["reservations", "--state", "checked_in", "--state", "cancelled"], None));
    fails_with(&run(data, &["cancel", "4242"], None), 1, "no reservation with id 4242");
    fails_with(&run(data, &["sync"], None), 2, "no accounts");
    fails_with(&run(data, &["account", "remove", "9"], None), 1, "no account with id 9");
}

/// Connect, sync, book and cancel with each of the other providers, credentials on standard input.
#[tokio::test(flavor = "multi_thread")]
async fn every_provider_connects_syncs_books_and_cancels() {
    if !keyring_ready() {
        eprintln!("skipping: no Secret Service");
        return;
    }
    let s = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    for p in s.providers().into_iter().filter(|p| p.provider != "mews") {
        let creds = serde_json::to_string(&p.credentials).unwrap();
        let label = format!("Property on {}", p.provider);
        let id =
            ok(&run(data, &["account", "add", p.provider, "--label", &label, "--base-url", &p.base_url], Some(&creds)));
        let id = id.trim().to_string();
        ok(&run(data, &["sync", "--account", &id], None));
        let rooms: Vec<serde_json::Value> =
            serde_json::from_str(&ok(&run(data, &["rooms", "--account", &id, "--format", "json"], None))).unwrap();
        assert!(!rooms.is_empty(), "{}: rooms after sync", p.provider);
        let category = rooms[0]["category_id"].to_string();
        let room = rooms[0]["name"].as_str().unwrap().to_string();
        let booked = ok(&run(
            data,
            &[
                "book",
                "--account",
                &id,
                "--category",
                &category,
                "--room",
                &room,
                "--arrival",
                "2026-11-02",
                "--departure",
                "2026-11-04",
                "--last-name",
                "Nowak",
                "--first-name",
                "Jan",
                "--email",
                "jan.nowak@example.pl",
                "--format",
                "json",
            ],
            None,
        ));
        let booked: Vec<serde_json::Value> = serde_json::from_str(&booked).unwrap();
        assert_eq!(booked[0]["guest_name"], "Jan Nowak", "{}", p.provider);
        assert_eq!(booked[0]["room_name"].as_str(), Some(room.as_str()), "{}", p.provider);
        let rid = booked[0]["id"].to_string();
        let cancelled = ok(&run(data, &["cancel", &rid, "--reason", "Plans changed"], None));
        assert!(cancelled.contains("cancelled"), "{}: {cancelled}", p.provider);
        let listed =
            ok(&run(data, &["reservations", "--account", &id, "--state", "cancelled", "--format", "csv"], None));
        assert!(listed.contains("Jan Nowak"), "{}: {listed}", p.provider);
    }
    let accounts = ok(&run(data, &["account", "list", "--json"], None));
    for p in s.providers() {
        for secret in p.credentials.values() {
            assert!(!accounts.contains(secret.as_str()), "no secret in the listing");
        }
    }
}
