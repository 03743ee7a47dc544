//! Exporting reservations from the cache as CSV or as an iCalendar file. Reads only, so it works
//! offline; the file is written atomically (see `file`).

mod csv;
mod file;
mod ics;

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::Utc;
use innkeep_core::{AppError, ExportFormat, ExportOutcome, Reservation, ReservationQuery};

use crate::Innkeep;

/// A reservation with the guest's contact details, which the reservation list does not carry.
pub struct ExportRow<'a> {
    pub reservation: &'a Reservation,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// The file contents for `rows` in `format`.
fn render(rows: &[ExportRow<'_>], format: ExportFormat) -> Vec<u8> {
    match format {
        ExportFormat::Csv => csv::render(rows).into_bytes(),
        ExportFormat::Ics => ics::render(rows, Utc::now()).into_bytes(),
    }
}

impl Innkeep {
    /// Writes every reservation matching `query` (its `limit` ignored: an export holds them all)
    /// to `path` as `format`. Returns how many were written and the file's final name.
    pub async fn export_reservations(
        &self,
        query: &ReservationQuery,
        format: ExportFormat,
        path: &str,
    ) -> Result<ExportOutcome, AppError> {
        let target = file::target(path, format)?;
        let reservations = self.all_reservations(query).await?;
        let guests: HashMap<i64, (Option<String>, Option<String>)> =
            self.store().guests(None, u32::MAX).await?.into_iter().map(|g| (g.id, (g.email, g.phone))).collect();
        let rows: Vec<ExportRow<'_>> = reservations
            .iter()
            .map(|r| {
                let contact = r.guest_id.and_then(|id| guests.get(&id));
                ExportRow {
                    reservation: r,
                    email: contact.and_then(|c| c.0.as_deref()),
                    phone: contact.and_then(|c| c.1.as_deref()),
                }
            })
            .collect();
        let bytes = render(&rows, format);
        let written: PathBuf = target.clone();
        tokio::task::spawn_blocking(move || file::write_atomically(&written, &bytes))
            .await
            .map_err(|e| AppError::internal(e.to_string()))??;
        tracing::info!(count = reservations.len(), ?format, "reservations exported");
        Ok(ExportOutcome { count: reservations.len() as u32, path: target.display().to_string() })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::NaiveDate;
    use innkeep_core::{Money, ProviderKind, ReservationState};

    /// A reservation with everything that needs quoting or escaping.
    pub fn sample() -> Reservation {
        Reservation {
            id: 7,
            account_id: 2,
            account_label: "Penzion U Tří lip, Krumlov".into(),
            provider: ProviderKind::Reservanto,
            provider_id: "88417".into(),
            number: Some("R-1042".into()),
            state: ReservationState::Confirmed,
            provider_state: "Confirmed".into(),
            arrival: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
            departure: NaiveDate::from_ymd_opt(2026, 12, 23).unwrap(),
            guest_id: Some(3),
            guest_name: Some("Łucja Wąsowska".into()),
            room_id: Some(12),
            room_name: Some("12".into()),
            additional_room_names: vec!["14".into()],
            category_name: Some("Double".into()),
            adults: 2,
            children: 1,
            total: Some(Money { amount_minor: 123450, currency: "CZK".into() }),
            notes: Some("Late arrival; \"quiet\" room\ncot, please".into()),
            created_at: None,
            updated_at: None,
        }
    }

    pub fn sample_row(r: &Reservation) -> ExportRow<'_> {
        ExportRow { reservation: r, email: Some("lucja@example.pl"), phone: Some("+48 600 100 200") }
    }
}
