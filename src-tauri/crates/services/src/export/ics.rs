//! Reservations as an RFC 5545 calendar: one all-day event per stay (arrival to departure, the
//! departure day exclusive as iCalendar wants), CRLF line ends, lines folded at 75 octets.

use chrono::{DateTime, NaiveDate, Utc};
use innkeep_core::{Reservation, ReservationState};

use super::ExportRow;

/// The longest line RFC 5545 allows, in octets, without its CRLF.
const MAX_LINE_OCTETS: usize = 75;

pub(super) fn render(rows: &[ExportRow<'_>], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&fold(&s));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!("PRODID:-//Innkeep//Innkeep {}//EN", env!("CARGO_PKG_VERSION")));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for row in rows {
        let r = row.reservation;
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&uid(r))));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", date(r.arrival)));
        line(format!("DTEND;VALUE=DATE:{}", date(r.departure)));
        line(format!("SUMMARY:{}", escape(&summary(r))));
        line(format!("DESCRIPTION:{}", escape(&description(row))));
        line(format!("STATUS:{}", status(r.state)));
        // A stay keeps its room busy; a cancelled one does not.
        let busy = status(r.state) != "CANCELLED";
        line(format!("TRANSP:{}", if busy { "OPAQUE" } else { "TRANSPARENT" }));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// Stable for one reservation across exports, so calendars update an event instead of adding one.
fn uid(r: &Reservation) -> String {
    format!("{}-{}-{}@innkeep", r.provider.as_str(), r.account_id, r.provider_id)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn summary(r: &Reservation) -> String {
    let guest = r.guest_name.as_deref().filter(|g| !g.trim().is_empty()).unwrap_or("Guest without a name");
    match r.room_name.as_deref() {
        Some(room) => format!("{guest} – {room}"),
        None => match r.category_name.as_deref() {
            Some(category) => format!("{guest} – {category}"),
            None => guest.to_string(),
        },
    }
}

fn description(row: &ExportRow<'_>) -> String {
    let r = row.reservation;
    let mut lines = vec![format!(
        "Reservation {} at {} ({}), {}",
        r.number.as_deref().unwrap_or(&r.provider_id),
        r.account_label,
        r.provider.display_name(),
        r.state.as_str().replace('_', " ")
    )];
    let rooms: Vec<&str> = r.room_name.iter().chain(&r.additional_room_names).map(String::as_str).collect();
    if !rooms.is_empty() {
        lines.push(format!("Room: {}", rooms.join(", ")));
    }
    if let Some(category) = &r.category_name {
        lines.push(format!("Category: {category}"));
    }
    lines.push(format!("{} adults, {} children, {} nights", r.adults, r.children, r.nights()));
    if let Some(total) = &r.total {
        lines.push(format!("Total: {total}"));
    }
    for (label, value) in [("E-mail", row.email), ("Phone", row.phone)] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            lines.push(format!("{label}: {v}"));
        }
    }
    if let Some(notes) = r.notes.as_deref().filter(|n| !n.is_empty()) {
        lines.push(format!("Notes: {notes}"));
    }
    lines.join("\n")
}

fn status(state: ReservationState) -> &'static str {
    use ReservationState::*;
    match state {
        Inquiry | Optional | Requested => "TENTATIVE",
        Confirmed | CheckedIn | CheckedOut => "CONFIRMED",
        Cancelled | NoShow | Declined => "CANCELLED",
    }
}

/// RFC 5545 3.3.11 TEXT: backslash, semicolon and comma are escaped; a line break becomes `\n`
/// (CRLF and lone CR too, so no raw break reaches the file).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 3.1: a line longer than 75 octets continues on the next line after a CRLF and one
/// space. Splits only between characters, never inside a UTF-8 sequence.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    // The first line holds 75 octets; each continuation holds 74 after its leading space.
    let mut room = MAX_LINE_OCTETS;
    for c in line.chars() {
        let len = c.len_utf8();
        if len > room {
            out.push_str("\r\n ");
            room = MAX_LINE_OCTETS - 1;
        }
        out.push(c);
        room -= len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::{sample, sample_row};
    use chrono::TimeZone;

    #[test]
    fn escapes_text() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("bell\u{7}"), "bell");
        assert_eq!(escape("Þórunn"), "Þórunn");
    }

    #[test]
    fn folds_at_75_octets() {
        assert_eq!(fold("short"), "short");
        let exact = "x".repeat(75);
        assert_eq!(fold(&exact), exact);
        let long = "y".repeat(200);
        let folded = fold(&long);
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert!(lines[1].starts_with(' ') && lines[2].starts_with(' '));
        assert_eq!(folded.replace("\r\n ", ""), long);
    }

    /// Property-style: for many lines mixing 1- to 4-octet characters at every offset, folding
    /// keeps each line within 75 octets, never splits a character (every piece is valid UTF-8 by
    /// construction of `&str`, so check that each break sits on a char boundary of the original)
    /// and unfolds to the original.
    #[test]
    fn folding_never_splits_a_character() {
        let alphabet = ['a', 'ř', 'Þ', 'ł', '€', '中', '🛏', ' ', ',', '\u{301}'];
        // A small deterministic generator (xorshift) instead of a new dependency.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let len = (next() % 300) as usize;
            let line: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let folded = fold(&line);
            for piece in folded.split("\r\n") {
                assert!(piece.len() <= MAX_LINE_OCTETS, "{} octets: {piece:?}", piece.len());
            }
            assert_eq!(folded.replace("\r\n ", ""), line);
            // Byte-level check: a fold never lands before a UTF-8 continuation octet.
            let bytes = folded.as_bytes();
            for (i, w) in bytes.windows(3).enumerate() {
                if w[0] == b'\r' && w[1] == b'\n' {
                    assert_eq!(w[2], b' ', "at {i}");
                    assert!(bytes.get(i + 3).is_none_or(|b| (b & 0xC0) != 0x80), "split inside a character at {i}");
                }
            }
        }
    }

    #[test]
    fn golden_calendar() {
        let r = sample();
        let rows = [sample_row(&r)];
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap();
        let out = render(&rows, now);
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            &format!("PRODID:-//Innkeep//Innkeep {}//EN", env!("CARGO_PKG_VERSION")),
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:reservanto-2-88417@innkeep",
            "DTSTAMP:20261127T093000Z",
            "DTSTART;VALUE=DATE:20261220",
            "DTEND;VALUE=DATE:20261223",
            "SUMMARY:Łucja Wąsowska – 12",
            // 75 octets: "ř" and "í" take two each.
            "DESCRIPTION:Reservation R-1042 at Penzion U Tří lip\\, Krumlov (Reservanto",
            " )\\, confirmed\\nRoom: 12\\, 14\\nCategory: Double\\n2 adults\\, 1 children\\, 3 ",
            " nights\\nTotal: 1234.50 CZK\\nE-mail: lucja@example.pl\\nPhone: +48 600 100 2",
            " 00\\nNotes: Late arrival\\; \"quiet\" room\\ncot\\, please",
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
        .join("\r\n");
        assert_eq!(out, expected);
    }

    #[test]
    fn states_map_to_ical_statuses() {
        assert_eq!(status(ReservationState::Optional), "TENTATIVE");
        assert_eq!(status(ReservationState::CheckedIn), "CONFIRMED");
        assert_eq!(status(ReservationState::NoShow), "CANCELLED");
    }
}
