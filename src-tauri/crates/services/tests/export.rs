//! Exports from a real cache filled by a sync against the Mews sandbox, read back from disk.

mod common;

use chrono::NaiveDate;
use common::*;
use innkeep_core::{ErrorKind, ExportFormat, ReservationQuery};

/// RFC 4180 records (quoted fields may hold commas, doubled quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
            (false, '\n') => panic!("a bare LF ends a record"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(row.is_empty() && field.is_empty(), "the file ends with CRLF");
    rows
}

async fn synced() -> World {
    let w = world(5).await;
    w.app.sync_account(w.account_id, &|_| {}).await.unwrap();
    w
}

#[tokio::test]
async fn csv_holds_every_reservation_of_the_query_with_contact_details() {
    let w = synced().await;
    let dir = tempfile::tempdir().unwrap();
    let all = w
        .app
        .reservations(&ReservationQuery { limit: Some(innkeep_core::validate::limits::ROWS), ..Default::default() })
        .await
        .unwrap();
    let path = dir.path().join("all");
    // The list's limit does not cut an export short.
    let query = ReservationQuery { limit: Some(10), ..Default::default() };
    let outcome = w.app.export_reservations(&query, ExportFormat::Csv, path.to_str().unwrap()).await.unwrap();
    assert_eq!(outcome.count as usize, all.len());
    assert_eq!(outcome.path, dir.path().join("all.csv").display().to_string(), "the extension is added");

    let bytes = std::fs::read(&outcome.path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let rows = parse_csv(std::str::from_utf8(&bytes[3..]).unwrap());
    assert_eq!(rows[0][0], "number");
    assert_eq!(rows[0].len(), 17);
    assert_eq!(rows.len() - 1, all.len());
    assert!(rows.iter().all(|r| r.len() == 17), "every row has every column");

    let known = all.iter().find(|r| r.guest_id.is_some() && r.number.is_some()).unwrap();
    let guest = w.app.guest(known.guest_id.unwrap()).await.unwrap();
    let row = rows.iter().find(|r| Some(&r[0]) == known.number.as_ref()).expect("the known reservation is there");
    assert_eq!(row[4], known.guest_name.clone().unwrap());
    assert_eq!(row[5], guest.email.unwrap_or_default());
    assert_eq!(row[9], known.arrival.to_string());
    assert_eq!(row[10], known.departure.to_string());
    assert_eq!(row[11], known.nights().to_string());
}

#[tokio::test]
async fn ics_of_a_date_range_is_a_well_formed_calendar() {
    let w = synced().await;
    let dir = tempfile::tempdir().unwrap();
    let from = today();
    let to = from + chrono::Duration::days(14);
    let query = ReservationQuery { from: Some(from), to: Some(to), ..Default::default() };
    let expected = w.app.reservations(&query).await.unwrap();
    assert!(!expected.is_empty());
    let path = dir.path().join("fortnight.ics");
    let outcome = w.app.export_reservations(&query, ExportFormat::Ics, path.to_str().unwrap()).await.unwrap();
    assert_eq!(outcome.count as usize, expected.len());

    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "lines are folded at 75 octets");
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    // Unfold, then check each event.
    let unfolded = text.replace("\r\n ", "");
    let events: Vec<&str> = unfolded.split("BEGIN:VEVENT\r\n").skip(1).collect();
    assert_eq!(events.len(), expected.len());
    let mut uids = std::collections::HashSet::new();
    for event in &events {
        let field = |name: &str| event.lines().find_map(|l| l.strip_prefix(name)).map(str::to_string);
        assert!(uids.insert(field("UID:").expect("UID")), "UIDs are unique");
        let start = NaiveDate::parse_from_str(&field("DTSTART;VALUE=DATE:").unwrap(), "%Y%m%d").unwrap();
        let end = NaiveDate::parse_from_str(&field("DTEND;VALUE=DATE:").unwrap(), "%Y%m%d").unwrap();
        assert!(start < end && start <= to && end > from, "the stay overlaps the range");
        assert!(["CONFIRMED", "TENTATIVE", "CANCELLED"].contains(&field("STATUS:").unwrap().as_str()));
        assert!(field("DTSTAMP:").is_some() && field("SUMMARY:").is_some());
    }
    let first = &expected[0];
    let uid = format!("UID:mews-{}-{}@innkeep", first.account_id, first.provider_id);
    assert!(unfolded.contains(&uid), "{uid}");
}

#[tokio::test]
async fn bad_input_gives_specific_errors_and_leaves_files_alone() {
    let w = synced().await;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("keep.csv");
    std::fs::write(&existing, "precious").unwrap();

    let backwards = ReservationQuery {
        from: NaiveDate::from_ymd_opt(2026, 12, 10),
        to: NaiveDate::from_ymd_opt(2026, 12, 1),
        ..Default::default()
    };
    let e = w.app.export_reservations(&backwards, ExportFormat::Csv, existing.to_str().unwrap()).await.unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some("to")));

    let e = w.app.export_reservations(&Default::default(), ExportFormat::Csv, "exports/list.csv").await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("path"));
    assert!(e.message.contains("not a full path"), "{}", e.message);

    let missing = dir.path().join("no-such-folder").join("list.csv");
    let e =
        w.app.export_reservations(&Default::default(), ExportFormat::Csv, missing.to_str().unwrap()).await.unwrap_err();
    assert!(e.message.contains("no-such-folder") && e.message.contains("Choose another folder"), "{}", e.message);

    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "precious");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no stray files");

    // A successful export replaces the file in one step.
    let outcome =
        w.app.export_reservations(&Default::default(), ExportFormat::Csv, existing.to_str().unwrap()).await.unwrap();
    assert!(outcome.count > 0);
    assert!(std::fs::read_to_string(&existing).unwrap().starts_with("\u{feff}number,"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
