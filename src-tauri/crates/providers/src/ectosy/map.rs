//! Ectosy records -> Innkeep's.
//!
//! * Rooms are positions (`positionId`, `positionTitle`). Ectosy groups positions into
//!   "resources" but `GET /resources` does not say which; Innkeep groups them by title instead:
//!   a title whose last word holds a digit ("Max apartment 1", "Parcel A12") belongs to the
//!   category named by the words before it ("Max apartment"); any other title is its own
//!   category. Category ids are `group:<that name>`.
//! * A reservation is a period Innkeep created. Its `raw` is a [`PeriodSnapshot`]: the
//!   `POST /period` answer with the request's position, dates and API user merged in, so that
//!   the record can be rebuilt later (Ectosy has no read API).
//! * A guest is a customer; its provider id is Ectosy's `customerId`.

use chrono::NaiveDate;
use innkeep_core::records::{CategoryRecord, GuestRecord, RawJson, ReservationRecord, RoomRecord};
use innkeep_core::{AppError, ErrorKind, Money, ReservationState};
use serde::{Deserialize, Serialize};

use super::wire;

/// Ectosy says nothing about how many people a position sleeps, and does not check it; the
/// booking form's category limit is set to this.
pub const DEFAULT_CAPACITY: u32 = 8;

/// `provider_state` of a period that exists.
pub const SAVED: &str = "saved";
/// `provider_state` of a period deleted through Innkeep (Ectosy's only cancellation).
pub const DELETED: &str = "deleted";

/// The category name of a position title (see the module docs).
pub fn category_name(title: &str) -> &str {
    let title = title.trim();
    match title.rsplit_once(char::is_whitespace) {
        Some((head, last)) if last.chars().any(|c| c.is_ascii_digit()) && !head.trim().is_empty() => head.trim_end(),
        _ => title,
    }
}

pub fn category_id(title: &str) -> String {
    format!("group:{}", category_name(title))
}

/// Categories in order of first appearance, and the positions as rooms.
pub fn catalog(positions: &[wire::Position]) -> (Vec<CategoryRecord>, Vec<RoomRecord>) {
    let mut categories: Vec<CategoryRecord> = Vec::new();
    for p in positions {
        let id = category_id(&p.position_title);
        if !categories.iter().any(|c| c.provider_id == id) {
            categories.push(CategoryRecord {
                provider_id: id,
                name: category_name(&p.position_title).to_owned(),
                capacity: DEFAULT_CAPACITY,
                ordering: categories.len() as i32,
            });
        }
    }
    let rooms = positions
        .iter()
        .map(|p| RoomRecord {
            provider_id: p.position_id.clone(),
            name: p.position_title.clone(),
            category_provider_id: Some(category_id(&p.position_title)),
            floor: None,
            state: None,
            is_active: true,
        })
        .collect();
    (categories, rooms)
}

/// A period as Innkeep keeps it in `raw`: Ectosy's answer plus what Innkeep sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodSnapshot {
    pub period_id: String,
    pub position_id: String,
    /// The position's title when the period was saved (from `GET /resources`).
    #[serde(default)]
    pub position_title: String,
    pub api_user_title: String,
    pub start: String,
    pub end: String,
    pub customers: Vec<wire::Customer>,
    /// `None` only for a period Innkeep never saw Ectosy's answer for.
    #[serde(default)]
    pub applied_price: Option<f64>,
    #[serde(default)]
    pub applied_currency: Option<String>,
    /// Set by Innkeep (Ectosy keeps no head counts): the people the booking was made for.
    #[serde(default)]
    pub adults: u32,
    #[serde(default)]
    pub children: u32,
    /// True once `DELETE /period` removed it.
    #[serde(default)]
    pub deleted: bool,
}

impl PeriodSnapshot {
    pub fn new(
        request: &wire::PeriodPostRequest,
        answer: &wire::PeriodPostResponse,
        position_title: &str,
        adults: u32,
        children: u32,
    ) -> Self {
        PeriodSnapshot {
            period_id: answer.period_id.clone(),
            position_id: request.position_id.clone(),
            position_title: position_title.to_owned(),
            api_user_title: request.api_user_title.clone(),
            start: request.start.clone(),
            end: request.end.clone(),
            customers: answer.customers.clone(),
            applied_price: Some(answer.applied_price),
            applied_currency: Some(answer.applied_currency.clone()),
            adults,
            children,
            deleted: false,
        }
    }

    /// Reads a snapshot back from a reservation's `raw`.
    pub fn from_raw(raw: &serde_json::Value) -> Result<Self, AppError> {
        serde_json::from_value(raw.clone())
            .map_err(|e| AppError::internal(format!("Innkeep's saved copy of this Ectosy period is unreadable ({e}).")))
    }

    fn date(&self, which: &str, value: &str) -> Result<NaiveDate, AppError> {
        NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
            AppError::new(
                ErrorKind::Malformed,
                format!("The Ectosy period {} has an unreadable {which} date “{value}”.", self.period_id),
            )
        })
    }

    /// The period as a reservation (its category from the position's title, when known).
    pub fn reservation(&self) -> Result<ReservationRecord, AppError> {
        let (state, provider_state) =
            if self.deleted { (ReservationState::Cancelled, DELETED) } else { (ReservationState::Confirmed, SAVED) };
        Ok(ReservationRecord {
            provider_id: self.period_id.clone(),
            number: None,
            state,
            provider_state: provider_state.into(),
            arrival: self.date("start", &self.start)?,
            departure: self.date("end", &self.end)?,
            guest_provider_id: self.customers.first().map(|c| c.customer_id.clone()),
            room_provider_id: Some(self.position_id.clone()),
            additional_room_provider_ids: Vec::new(),
            category_provider_id: (!self.position_title.trim().is_empty()).then(|| category_id(&self.position_title)),
            adults: self.adults.max(1),
            children: self.children,
            total: match (self.applied_price, &self.applied_currency) {
                (Some(price), Some(currency)) => Some(Money::from_decimal(price, currency)),
                _ => None,
            },
            notes: None,
            created_at: None,
            updated_at: None,
            raw: RawJson::of(self),
        })
    }
}

/// A customer as a guest. Ectosy stores names only; `contact` carries an e-mail and phone that
/// Innkeep keeps for itself.
pub fn guest(customer: &wire::Customer, contact: Option<(&Option<String>, &Option<String>)>) -> GuestRecord {
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    GuestRecord {
        provider_id: customer.customer_id.clone(),
        first_name: Some(customer.name.trim().to_owned()).filter(|n| !n.is_empty()),
        last_name: customer.surname.trim().to_owned(),
        email: contact.and_then(|(e, _)| blank(e)),
        phone: contact.and_then(|(_, p)| blank(p)),
        nationality: None,
        updated_at: None,
        raw: RawJson::of(customer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_group_into_categories() {
        assert_eq!(category_name("Max apartment 1"), "Max apartment");
        assert_eq!(category_name("Parcel A12"), "Parcel");
        assert_eq!(category_name("Villa Rosa"), "Villa Rosa");
        assert_eq!(category_name("12"), "12");
        assert_eq!(category_name(" Room 3 "), "Room");
        let p = |id: &str, t: &str| wire::Position { position_id: id.into(), position_title: t.into() };
        let (cats, rooms) =
            catalog(&[p("a", "Max apartment 1"), p("b", "Mini apartment 1"), p("c", "Max apartment 2")]);
        assert_eq!(cats.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Max apartment", "Mini apartment"]);
        assert_eq!(rooms[2].category_provider_id.as_deref(), Some("group:Max apartment"));
    }
}
