//! Export: the demo reservations saved as CSV and as iCalendar through the real native save
//! dialog (driven with xdotool under Xvfb), read back from disk and checked; then a read-only
//! folder, whose specific error shows in the export dialog with every choice kept.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::*;

/// Answers the GTK "Export reservations" save dialog with `path`: focuses its window, replaces
/// the proposed name by the absolute path and presses Return; for a file that exists, GTK asks
/// whether to replace it, and `replace` answers "Replace" (its mnemonic, Alt+R).
fn answer_save_dialog(path: &Path, replace: bool) {
    let started = Instant::now();
    let window = loop {
        let out = Command::new("xdotool").args(["search", "--onlyvisible", "--name", "^Export reservations$"]).output();
        let out = out.expect("xdotool runs (apt-get install xdotool)");
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next().map(str::to_string) {
            break id;
        }
        assert!(started.elapsed() < WAIT, "the save dialog did not open");
        std::thread::sleep(Duration::from_millis(200));
    };
    // The dialog needs a moment to map its widgets before it takes keys.
    std::thread::sleep(Duration::from_millis(700));
    let run = |args: &[&str]| {
        let ok = Command::new("xdotool").args(args).status().is_ok_and(|s| s.success());
        assert!(ok, "xdotool {args:?}");
    };
    run(&["windowfocus", "--sync", &window]);
    run(&["key", "--window", &window, "--clearmodifiers", "ctrl+a"]);
    run(&["type", "--window", &window, "--delay", "20", &path.display().to_string()]);
    run(&["key", "--window", &window, "Return"]);
    if replace {
        std::thread::sleep(Duration::from_millis(700));
        run(&["key", "--clearmodifiers", "alt+r"]);
    }
}

/// RFC 4180 records of a file without its byte-order mark.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
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
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(row.is_empty() && field.is_empty(), "the file ends with CRLF");
    rows
}

/// Makes a folder unwritable even for root (mode 0555 plus the immutable attribute).
fn lock_folder(dir: &Path, lock: bool) {
    use std::os::unix::fs::PermissionsExt;
    let root = std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false);
    if !lock && root {
        let _ = Command::new("chattr").arg("-i").arg(dir).status();
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(if lock { 0o555 } else { 0o755 })).unwrap();
    if lock && root {
        assert!(Command::new("chattr").arg("+i").arg(dir).status().is_ok_and(|s| s.success()), "chattr +i");
    }
}

async fn export_through_dialog(s: &Session, path: &Path) {
    s.find("export-save").await.click().await.unwrap();
    let (path, replace) = (path.to_path_buf(), path.exists());
    tokio::task::spawn_blocking(move || answer_save_dialog(&path, replace)).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn export_csv_and_ics_read_back() {
    if skip_or_fail() {
        return;
    }
    let sandbox = sandbox().await;
    let s = Session::start(4450, &sandbox, "export").await;
    let out = tempfile::tempdir().unwrap();

    // The current list: rows matching the default filters (stays not over before today), once
    // the five demo accounts have finished their first sync and the list stopped growing.
    // (The accounts sync one after another, so the indicator is idle for moments in between.)
    let (mut last, mut since, started) = (0, Instant::now(), Instant::now());
    let shown = loop {
        let idle = s.find("sync-indicator").await.attr("data-state").await.ok().flatten().as_deref() == Some("idle");
        // The list renders a page at a time: open every page, the export covers all matching rows.
        if let Some(more) = s.all("[data-testid='reservations-show-more']:not([disabled])").await.into_iter().next() {
            more.click().await.unwrap();
            since = Instant::now();
        }
        // Counted in the page: thousands of element handles over WebDriver are slow on a busy machine.
        let n = s
            .client
            .execute("return document.querySelectorAll(\"[data-testid='reservation-row']\").length;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(0) as usize;
        if n != last || !idle {
            (last, since) = (n, Instant::now());
        } else if n >= 10 && since.elapsed() > Duration::from_secs(4) {
            break n;
        }
        if started.elapsed() > Duration::from_secs(180) {
            s.shot("00-still-syncing").await;
            let state = if idle { "idle" } else { "busy" };
            panic!("the demo accounts did not finish syncing in 3 minutes: {n} rows shown, the sync indicator {state}");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let first_row = s.rows().await.remove(0);
    let known_text = first_row.text().await.unwrap();
    s.step(&format!("{shown} reservations shown"));

    s.find("export-button").await.click().await.unwrap();
    s.find("export-dialog").await;
    s.shot("01-export-dialog").await;
    let csv_path = out.path().join("desk.csv");
    export_through_dialog(&s, &csv_path).await;
    let toast = s
        .until("the success toast", || async {
            for t in s.all("[data-testid='info-toast']").await {
                let text = t.text().await.unwrap_or_default();
                if text.contains("Exported") {
                    return Some(text);
                }
            }
            None
        })
        .await;
    s.shot("02-exported-csv").await;
    // The count is formatted for the language (e.g. "1,677").
    let count: String = toast.split(" reservations").next().unwrap().chars().filter(char::is_ascii_digit).collect();
    assert_eq!(count, shown.to_string(), "{toast}");
    assert!(toast.contains(&csv_path.display().to_string()), "{toast}");
    s.step("CSV exported");

    let bytes = std::fs::read(&csv_path).expect("the CSV file");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 with BOM");
    let records = csv_records(std::str::from_utf8(&bytes[3..]).unwrap());
    assert_eq!(records[0][..3], ["number", "account", "provider"]);
    assert_eq!(records.len() - 1, shown, "one row per reservation in the list");
    // The list's first row (its number and guest) is in the file.
    let number = known_text.split_whitespace().next().unwrap().to_string();
    let row = records.iter().find(|r| r[0] == number).unwrap_or_else(|| panic!("{number} is in the CSV"));
    assert!(known_text.contains(&row[4]), "the guest {} is the list's ({known_text})", row[4]);
    assert!(chrono::NaiveDate::parse_from_str(&row[9], "%Y-%m-%d").is_ok() && row[10] > row[9]);

    // A date range as iCalendar, from the command palette's event.
    s.client.execute("window.dispatchEvent(new CustomEvent('innkeep:export'))", vec![]).await.unwrap();
    s.find("export-dialog").await;
    s.find("export-scope-range").await.click().await.unwrap();
    let today = chrono::Local::now().date_naive();
    let (from, to) = (today, today + chrono::Duration::days(30));
    s.type_into("export-from", &from.to_string()).await;
    s.type_into("export-to", &to.to_string()).await;
    s.choose_option("export-format", "iCalendar").await;
    s.shot("03-export-range-ics").await;
    let ics_path = out.path().join("month.ics");
    export_through_dialog(&s, &ics_path).await;
    // The file is in place a moment before the dialog closes: wait for the toast, or the next
    // export event would find the dialog still open and be ignored.
    let ics_name = ics_path.display().to_string();
    s.until("the ICS toast", || async {
        for t in s.all("[data-testid='info-toast']").await {
            if t.text().await.unwrap_or_default().contains(&ics_name) {
                return Some(());
            }
        }
        None
    })
    .await;
    assert!(ics_path.exists());
    s.step("ICS exported");
    let text = std::fs::read_to_string(&ics_path).unwrap();
    assert!(!text.replace("\r\n", "").contains(['\n', '\r']), "CRLF line ends only");
    let lines: Vec<&str> = text.strip_suffix("\r\n").unwrap().split("\r\n").collect();
    assert!(lines.iter().all(|l| l.len() <= 75), "lines are folded at 75 octets");
    assert_eq!((lines[0], *lines.last().unwrap()), ("BEGIN:VCALENDAR", "END:VCALENDAR"));
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let unfolded = text.replace("\r\n ", "");
    let events: Vec<&str> = unfolded.split("BEGIN:VEVENT\r\n").skip(1).collect();
    assert!(!events.is_empty());
    for e in &events {
        for field in
            ["UID:", "DTSTAMP:", "DTSTART;VALUE=DATE:", "DTEND;VALUE=DATE:", "SUMMARY:", "STATUS:", "END:VEVENT"]
        {
            assert!(e.lines().any(|l| l.starts_with(field)), "{field} in {e}");
        }
        let date = |name: &str| {
            let v = e.lines().find_map(|l| l.strip_prefix(name)).unwrap();
            chrono::NaiveDate::parse_from_str(v, "%Y%m%d").unwrap()
        };
        let (start, end) = (date("DTSTART;VALUE=DATE:"), date("DTEND;VALUE=DATE:"));
        assert!(start < end && start <= to && end > from, "{start}..{end} overlaps {from}..{to}");
    }

    // A read-only folder: the specific error inside the dialog, choices kept, nothing lost.
    let locked = out.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("month.ics"), "older export").unwrap();
    lock_folder(&locked, true);
    s.client.execute("window.dispatchEvent(new CustomEvent('innkeep:export'))", vec![]).await.unwrap();
    s.find("export-dialog").await;
    export_through_dialog(&s, &locked.join("month.ics")).await;
    let error = s.find("error-message").await;
    let message = s.until("the export error", || async { error.text().await.ok().filter(|t| !t.is_empty()) }).await;
    s.shot("04-export-read-only-folder").await;
    lock_folder(&locked, false);
    assert!(message.contains(&format!("may not write into the folder “{}”", locked.display())), "{message}");
    assert!(message.contains("Choose another folder"), "{message}");
    assert_eq!(error.attr("data-kind").await.unwrap().as_deref(), Some("validation"));
    assert!(s.find("export-scope-range").await.is_selected().await.unwrap(), "the range stays chosen");
    assert_eq!(s.find("export-from").await.prop("value").await.unwrap().as_deref(), Some(from.to_string().as_str()));
    assert_eq!(s.find("export-to").await.prop("value").await.unwrap().as_deref(), Some(to.to_string().as_str()));
    assert_eq!(s.find("export-format").await.prop("value").await.unwrap().as_deref(), Some("ics"));
    assert_eq!(std::fs::read_to_string(locked.join("month.ics")).unwrap(), "older export", "nothing clobbered");
    assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 1, "no half-written file");
    s.step("read-only folder refused");
}
