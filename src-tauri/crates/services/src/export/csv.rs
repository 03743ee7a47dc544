//! Reservations as RFC 4180 CSV: a header row, CRLF line ends, UTF-8 with a byte-order mark so
//! that spreadsheet programs (Excel above all) read Czech, Polish and Icelandic names right.

use super::ExportRow;

/// The columns, in order.
const HEADER: [&str; 17] = [
    "number",
    "account",
    "provider",
    "state",
    "guest",
    "email",
    "phone",
    "room",
    "category",
    "arrival",
    "departure",
    "nights",
    "adults",
    "children",
    "total",
    "currency",
    "notes",
];

const BOM: &str = "\u{feff}";

pub(super) fn render(rows: &[ExportRow<'_>]) -> String {
    let mut out = String::from(BOM);
    push_line(&mut out, HEADER.iter().map(|h| h.to_string()));
    for row in rows {
        push_line(&mut out, cells(row));
    }
    out
}

fn cells(row: &ExportRow<'_>) -> impl Iterator<Item = String> {
    let r = row.reservation;
    let text = |s: Option<&str>| neutralise(s.unwrap_or(""));
    let rooms: Vec<&str> = r.room_name.iter().chain(&r.additional_room_names).map(String::as_str).collect();
    [
        text(r.number.as_deref()),
        text(Some(&r.account_label)),
        r.provider.display_name().to_string(),
        r.state.as_str().to_string(),
        text(r.guest_name.as_deref()),
        text(row.email),
        text(row.phone),
        text(Some(&rooms.join(", "))),
        text(r.category_name.as_deref()),
        r.arrival.to_string(),
        r.departure.to_string(),
        r.nights().to_string(),
        r.adults.to_string(),
        r.children.to_string(),
        r.total.as_ref().map(decimal).unwrap_or_default(),
        r.total.as_ref().map(|t| t.currency.clone()).unwrap_or_default(),
        text(r.notes.as_deref()),
    ]
    .into_iter()
}

fn push_line(out: &mut String, cells: impl Iterator<Item = String>) {
    let line: Vec<String> = cells.map(|c| field(&c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Text from a provider that a spreadsheet would run as a formula (`=…`, `@…`, `+cmd|…`) gets a
/// leading apostrophe. Phone numbers and amounts such as `+420 777 123 456` or `-12.50` are left
/// as they are.
fn neutralise(s: &str) -> String {
    let mut chars = s.chars();
    let risky = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !chars.all(|c| c.is_ascii_digit() || " ()-./".contains(c)),
        _ => false,
    };
    if risky {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// `1234.50`: a dot and two decimals whatever the currency, so every spreadsheet reads a number.
fn decimal(m: &innkeep_core::Money) -> String {
    let sign = if m.amount_minor < 0 { "-" } else { "" };
    let abs = m.amount_minor.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::{sample, sample_row};

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(field("Novák"), "Novák");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(field(""), "");
    }

    #[test]
    fn formulas_are_neutralised_but_phone_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("+420 777 123 456"), "+420 777 123 456");
        assert_eq!(neutralise("+1 (555) 010-0199"), "+1 (555) 010-0199");
        assert_eq!(neutralise("Þórunn Guðmundsdóttir"), "Þórunn Guðmundsdóttir");
    }

    #[test]
    fn golden_file() {
        let r = sample();
        let rows = [sample_row(&r)];
        let out = render(&rows);
        let expected = "\u{feff}number,account,provider,state,guest,email,phone,room,category,arrival,departure,nights,adults,children,total,currency,notes\r\n\
            R-1042,\"Penzion U Tří lip, Krumlov\",Reservanto,confirmed,Łucja Wąsowska,lucja@example.pl,+48 600 100 200,\"12, 14\",Double,2026-12-20,2026-12-23,3,2,1,1234.50,CZK,\"Late arrival; \"\"quiet\"\" room\ncot, please\"\r\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn an_empty_list_is_the_header_alone() {
        let out = render(&[]);
        assert!(out.starts_with('\u{feff}'));
        assert_eq!(out.matches("\r\n").count(), 1);
    }
}
