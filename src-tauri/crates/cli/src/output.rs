//! Tables for people, JSON and CSV for programs.

use clap::ValueEnum;
use innkeep_core::{Account, ActivityEntry, Guest, Reservation};
use serde::Serialize;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

fn emit<T: Serialize>(items: &[T], format: Format, header: &[&str], row: impl Fn(&T) -> Vec<String>) {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(items).unwrap_or_else(|_| "[]".into())),
        Format::Csv => {
            println!("{}", header.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(","));
            for item in items {
                println!("{}", row(item).iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
            }
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = items.iter().map(&row).collect();
            let widths: Vec<usize> = (0..header.len())
                .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0))
                .collect();
            let line = |cells: Vec<String>| {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            println!("{}", line(header.iter().map(|h| h.to_string()).collect()));
            for r in rows {
                println!("{}", line(r));
            }
        }
    }
}

/// RFC 4180: quote fields with commas, quotes or line breaks; double the quotes.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

pub fn reservations(items: &[Reservation], format: Format) {
    emit(
        items,
        format,
        &[
            "id",
            "number",
            "guest",
            "room",
            "category",
            "arrival",
            "departure",
            "state",
            "adults",
            "children",
            "total",
            "account",
        ],
        |r| {
            vec![
                r.id.to_string(),
                opt(&r.number),
                opt(&r.guest_name),
                opt(&r.room_name),
                opt(&r.category_name),
                r.arrival.to_string(),
                r.departure.to_string(),
                r.state.to_string(),
                r.adults.to_string(),
                r.children.to_string(),
                r.total.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                r.account_label.clone(),
            ]
        },
    )
}

pub fn guests(items: &[Guest], format: Format) {
    emit(items, format, &["id", "name", "email", "phone", "nationality", "reservations", "account"], |g| {
        vec![
            g.id.to_string(),
            g.full_name(),
            opt(&g.email),
            opt(&g.phone),
            opt(&g.nationality),
            g.reservation_count.to_string(),
            g.account_label.clone(),
        ]
    })
}

pub fn accounts(items: &[Account], format: Format) {
    emit(items, format, &["id", "provider", "label", "property", "status", "last_sync", "base_url"], |a| {
        vec![
            a.id.to_string(),
            a.provider.display_name().to_string(),
            if a.is_demo { format!("{} (demo)", a.label) } else { a.label.clone() },
            opt(&a.property_name),
            a.status.as_str().to_string(),
            a.last_sync_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            a.base_url.clone(),
        ]
    })
}

pub fn activity(items: &[ActivityEntry], format: Format) {
    emit(items, format, &["at", "action", "outcome", "summary"], |e| {
        vec![e.at.to_rfc3339(), e.action.clone(), format!("{:?}", e.outcome).to_lowercase(), e.summary.clone()]
    })
}

/// What the syncs found changed, one line per change, newest first within each account.
pub fn changes(accounts: &[innkeep_core::AccountChanges], format: Format) {
    let rows: Vec<(&str, &innkeep_core::SyncChange)> =
        accounts.iter().flat_map(|a| a.changes.iter().map(move |c| (a.account_label.as_str(), c))).collect();
    emit(&rows, format, &["account", "change", "number", "guest", "room", "arrival", "departure", "state"], |(a, c)| {
        vec![
            a.to_string(),
            c.kind.as_str().to_string(),
            opt(&c.number),
            opt(&c.guest_name),
            opt(&c.room_name),
            c.arrival.to_string(),
            c.departure.to_string(),
            c.state.as_str().to_string(),
        ]
    })
}

/// Rooms with their category (the category id is what `book --category` takes).
pub fn rooms(list: &innkeep_core::RoomList, format: Format) {
    emit(&list.rooms, format, &["id", "room", "category_id", "category", "floor"], |r| {
        vec![
            r.id.to_string(),
            r.name.clone(),
            r.category_id.map(|c| c.to_string()).unwrap_or_default(),
            opt(&r.category_name),
            opt(&r.floor),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("Nováková"), "Nováková");
        assert_eq!(csv_field("Smith, John"), "\"Smith, John\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    }
}
