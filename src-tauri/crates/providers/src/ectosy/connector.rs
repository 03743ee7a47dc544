//! Ectosy behind the [`Connector`] interface.
//!
//! Ectosy's API cannot list periods, so a sync reads only the catalog (positions as rooms): the
//! plan has no windows and `read` is never called. The periods Innkeep knows are the ones it
//! created; `create` returns each as a confirmed reservation with all its guests and the price
//! Ectosy applied, cancelling deletes it (and returns it cancelled), and guests are renamed with
//! `PUT /customers`.
//!
//! A booking for a category without a chosen room goes to the first position of the category
//! that Ectosy accepts: an overlap answer means "taken, nothing saved", so the next one is tried.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::NaiveDate;
use innkeep_core::records::{GuestRecord, PropertyInfo};
use innkeep_core::{AppError, Capabilities, Capability, ErrorKind, NewGuest, ProviderKind};
use serde::{Deserialize, Serialize};

use super::client::{EctosyClient, PostFailure};
use super::map::{self, PeriodSnapshot};
use super::wire;
use crate::connector::{
    Catalog, Change, Connector, Endpoint, GuestEdit, GuestRef, NewBooking, Page, Recovered, StayQuote, StayRequest,
    SyncPlan, Target, Window,
};

/// Ectosy is a Croatian product (guest registration for eVisitor, EU gateway); its API names no
/// time zone or currency, so these are assumed until the account's settings say otherwise.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Zagreb";
pub const DEFAULT_CURRENCY: &str = "EUR";
/// The `apiUserTitle` sent with every period unless the account's settings name another.
pub const DEFAULT_API_USER_TITLE: &str = "Innkeep";

/// The account's Ectosy settings, kept in its `provider_config` (what `catalog()` returns as
/// `config`). Every field is optional in the stored JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EctosyConfig {
    /// The property's name as the manager knows it; Ectosy's API does not tell it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_name: Option<String>,
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// The currency of the last price Ectosy applied, else [`DEFAULT_CURRENCY`].
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default = "default_api_user_title")]
    pub api_user_title: String,
}

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.into()
}
fn default_currency() -> String {
    DEFAULT_CURRENCY.into()
}
fn default_api_user_title() -> String {
    DEFAULT_API_USER_TITLE.into()
}

impl Default for EctosyConfig {
    fn default() -> Self {
        EctosyConfig {
            property_name: None,
            time_zone: default_time_zone(),
            currency: default_currency(),
            api_user_title: default_api_user_title(),
        }
    }
}

pub fn connect(endpoint: &Endpoint<'_>) -> Result<Arc<dyn Connector>, AppError> {
    Ok(connect_ectosy(endpoint)?)
}

/// The connector as its own type, for what the [`Connector`] interface has no word for
/// ([`EctosyConnector::recover_create`]).
pub fn connect_ectosy(endpoint: &Endpoint<'_>) -> Result<Arc<EctosyConnector>, AppError> {
    let client = EctosyClient::new(endpoint.base_url, endpoint.credentials)?;
    let config = serde_json::from_value::<EctosyConfig>(endpoint.config.clone()).unwrap_or_default();
    Ok(Arc::new(EctosyConnector::new(client, config)))
}

/// What [`EctosyConnector::recover_create`] found out about a booking whose answer was lost.
#[derive(Debug, Clone, PartialEq)]
pub enum Recovery {
    /// Ectosy did not have the period: it is saved now, exactly as `create` would return it.
    Created(Page),
    /// A period with exactly the booking's dates holds the position: almost certainly the lost
    /// one. Ectosy's API cannot read it back, so its guests' ids and price stay unknown; the
    /// period's id is known when Ectosy named it in the overlap answer.
    Exists { position_id: String, period_id: Option<String>, start: NaiveDate, end: NaiveDate },
}

pub struct EctosyConnector {
    client: EctosyClient,
    config: EctosyConfig,
    /// The currency of the last period Ectosy priced.
    currency: Mutex<Option<String>>,
    /// Names of the guests this connector has seen (`customerId` → name, surname): `PUT
    /// /customers` replaces both, so an edit of one needs the other.
    names: Mutex<HashMap<String, (String, String)>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn forbidden(capability: &Capability) -> AppError {
    AppError::new(ErrorKind::Forbidden, capability.reason.clone().unwrap_or_default())
}

fn human(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

impl EctosyConnector {
    pub fn new(client: EctosyClient, config: EctosyConfig) -> Self {
        EctosyConnector { client, config, currency: Mutex::new(None), names: Mutex::new(HashMap::new()) }
    }

    pub fn client(&self) -> &EctosyClient {
        &self.client
    }

    fn property(&self, positions: usize) -> PropertyInfo {
        PropertyInfo {
            name: self
                .config
                .property_name
                .clone()
                .unwrap_or_else(|| format!("Ectosy property ({positions} positions)")),
            time_zone: self.config.time_zone.clone(),
            currency: lock(&self.currency).clone().unwrap_or_else(|| self.config.currency.clone()),
        }
    }

    fn remember(&self, customers: &[wire::Customer]) {
        let mut names = lock(&self.names);
        for c in customers {
            names.insert(c.customer_id.clone(), (c.name.clone(), c.surname.clone()));
        }
    }

    /// The new guests of a booking, checked as Ectosy will check them.
    fn new_guests(booking: &NewBooking) -> Result<Vec<&NewGuest>, AppError> {
        if booking.guests.is_empty() {
            return Err(AppError::validation(
                "guests",
                "Add at least one guest: Ectosy saves a period only with its guests.",
            ));
        }
        booking
            .guests
            .iter()
            .map(|g| match g {
                GuestRef::New(g) if g.last_name.trim().is_empty() => {
                    Err(AppError::validation("last_name", "Enter every guest's last name: Ectosy needs it."))
                }
                GuestRef::New(g) => Ok(g),
                GuestRef::Existing(_) => Err(AppError::validation(
                    "guests",
                    "Ectosy keeps guests inside each period and cannot book an existing guest again; enter the guest's name as a new guest.",
                )),
            })
            .collect()
    }

    /// The positions a stay may go to, in the order to try them, with the category's name.
    fn candidates<'a>(
        stay: &StayRequest,
        positions: &'a [wire::Position],
    ) -> Result<(Vec<&'a wire::Position>, Option<String>), AppError> {
        if !stay.additional_room_provider_ids.is_empty() {
            return Err(AppError::validation(
                "room_id",
                "Ectosy saves one position per period; book each room separately.",
            ));
        }
        if let Some(room) = &stay.room_provider_id {
            let position = positions.iter().find(|p| &p.position_id == room).ok_or_else(|| AppError {
                field: Some("room_id".into()),
                ..AppError::not_found(
                    "Ectosy no longer has this room (position). Sync the account to refresh the rooms.",
                )
            })?;
            return Ok((vec![position], None));
        }
        let category = stay
            .category_provider_id
            .as_deref()
            .ok_or_else(|| AppError::validation("category_id", "Choose a room category or a room."))?;
        let of_category: Vec<_> =
            positions.iter().filter(|p| map::category_id(&p.position_title) == category).collect();
        if of_category.is_empty() {
            return Err(AppError {
                field: Some("category_id".into()),
                ..AppError::not_found(
                    "Ectosy has no rooms of this category any more. Sync the account to refresh the rooms.",
                )
            });
        }
        let name = map::category_name(&of_category[0].position_title).to_owned();
        Ok((of_category, Some(name)))
    }

    /// Saves the period on the first candidate position Ectosy accepts.
    async fn save(&self, booking: &NewBooking, guests: &[&NewGuest]) -> Result<Page, AppError> {
        let stay = &booking.stay;
        if stay.departure <= stay.arrival {
            return Err(AppError::validation("departure", "Departure must be at least one night after arrival."));
        }
        let positions = self.client.positions().await?;
        let (candidates, category) = Self::candidates(stay, &positions)?;
        let customers: Vec<wire::NewCustomer> = guests
            .iter()
            .map(|g| wire::NewCustomer { name: g.first_name.trim().into(), surname: g.last_name.trim().into() })
            .collect();
        let mut taken = Vec::new();
        for position in &candidates {
            let request = wire::PeriodPostRequest::new(
                &position.position_id,
                &self.config.api_user_title,
                stay.arrival,
                stay.departure,
                &customers,
            );
            match self.client.create_period(&request).await {
                Ok(answer) => return Ok(self.created(&request, &answer, stay, guests, &position.position_title)),
                Err(PostFailure::Overlap { conflict, error }) => taken.push((position, conflict, error)),
                Err(PostFailure::Other(e)) => return Err(e),
            }
        }
        let dates = format!("from {} to {}", human(stay.arrival), human(stay.departure));
        Err(match (category, taken.pop()) {
            (None, Some((position, conflict, error))) => {
                let by = conflict
                    .map(|c| format!(" by period {} ({} – {})", c.period_id, c.start, c.end))
                    .unwrap_or_default();
                AppError {
                    field: Some("room_id".into()),
                    message: format!(
                        "{} is already taken in Ectosy {dates}{by}. Choose other dates or another room.",
                        position.position_title
                    ),
                    ..error
                }
            }
            (Some(name), Some((_, _, error))) => AppError {
                field: Some("category_id".into()),
                message: format!("No {name} is free in Ectosy {dates}. Choose other dates or another category."),
                ..error
            },
            (_, None) => AppError::internal("No Ectosy position was tried for the booking."),
        })
    }

    /// The page `create` returns for a period Ectosy saved.
    fn created(
        &self,
        request: &wire::PeriodPostRequest,
        answer: &wire::PeriodPostResponse,
        stay: &StayRequest,
        guests: &[&NewGuest],
        title: &str,
    ) -> Page {
        *lock(&self.currency) = Some(answer.applied_currency.clone());
        self.remember(&answer.customers);
        let snapshot = PeriodSnapshot::new(request, answer, title, stay.adults, stay.children);
        let reservation = snapshot.reservation();
        let same_order = answer.customers.len() == guests.len();
        let guests = answer
            .customers
            .iter()
            .enumerate()
            .map(|(i, c)| map::guest(c, same_order.then(|| (&guests[i].email, &guests[i].phone))))
            .collect();
        match reservation {
            Ok(r) => Page { guests, reservations: vec![r], next: None },
            // The dates are the ones Innkeep sent, so they always parse.
            Err(_) => Page { guests, reservations: Vec::new(), next: None },
        }
    }

    /// For a booking whose `create` answer was lost (timeout, broken connection, 5xx): finds out
    /// whether Ectosy saved it. Ectosy cannot read periods back, so this saves the booking again:
    /// if the first attempt never arrived, the period is saved now (`Created`); if it did, the
    /// position is taken and Ectosy answers with an overlap, which for exactly the booking's
    /// dates is taken as the lost period (`Exists`). An overlap with other dates means someone
    /// else holds the position and the booking was not made: that is a `Conflict` error.
    /// With a category and no room, each of its positions is probed in the order `create` uses.
    pub async fn recover_create(&self, booking: &NewBooking) -> Result<Recovery, AppError> {
        let guests = Self::new_guests(booking)?;
        let stay = &booking.stay;
        let positions = self.client.positions().await?;
        let (candidates, _) = Self::candidates(stay, &positions)?;
        let customers: Vec<wire::NewCustomer> = guests
            .iter()
            .map(|g| wire::NewCustomer { name: g.first_name.trim().into(), surname: g.last_name.trim().into() })
            .collect();
        let (start, end) = (stay.arrival.format("%Y-%m-%d").to_string(), stay.departure.format("%Y-%m-%d").to_string());
        let mut last_error = None;
        for position in &candidates {
            let request = wire::PeriodPostRequest::new(
                &position.position_id,
                &self.config.api_user_title,
                stay.arrival,
                stay.departure,
                &customers,
            );
            match self.client.create_period(&request).await {
                Ok(answer) => {
                    let page = self.created(&request, &answer, stay, &guests, &position.position_title);
                    return Ok(Recovery::Created(page));
                }
                Err(PostFailure::Overlap { conflict, error }) => {
                    let exact = conflict.as_ref().is_none_or(|c| c.start == start && c.end == end);
                    // Without Ectosy naming the period in the way, only a chosen room can tell.
                    if exact && (conflict.is_some() || candidates.len() == 1) {
                        return Ok(Recovery::Exists {
                            position_id: position.position_id.clone(),
                            period_id: conflict.map(|c| c.period_id),
                            start: stay.arrival,
                            end: stay.departure,
                        });
                    }
                    last_error = Some(error);
                }
                Err(PostFailure::Other(e)) => return Err(e),
            }
        }
        Err(last_error.map_or_else(
            || AppError::internal("No Ectosy position was tried for the booking."),
            |e| AppError {
                message: "The booking was not saved in Ectosy, and the room has been taken by another period meanwhile. Choose other dates or another room.".into(),
                ..e
            },
        ))
    }

    async fn cancel(&self, target: &Target) -> Result<Page, AppError> {
        let mut snapshot = PeriodSnapshot::from_raw(&target.raw).unwrap_or_else(|_| PeriodSnapshot {
            period_id: target.provider_id.clone(),
            position_id: target.room_provider_id.clone().unwrap_or_default(),
            position_title: String::new(),
            api_user_title: String::new(),
            start: target.arrival.format("%Y-%m-%d").to_string(),
            end: target.departure.format("%Y-%m-%d").to_string(),
            customers: Vec::new(),
            applied_price: None,
            applied_currency: None,
            adults: 0,
            children: 0,
            deleted: false,
        });
        snapshot.period_id = target.provider_id.clone();
        let removed = match self.client.delete_period(&target.provider_id).await {
            Ok(removed) => removed,
            // Gone already (an earlier attempt whose answer was lost, or deleted in Ectosy):
            // what the manager wanted is true, so the period is reported deleted.
            Err(e) if e.kind == ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        if !removed.is_empty() {
            snapshot.customers = removed;
        }
        snapshot.deleted = true;
        self.remember(&snapshot.customers);
        let mut reservation = snapshot.reservation()?;
        // Keep the guest the cache knows when Ectosy did not list the removed guests.
        if reservation.guest_provider_id.is_none() {
            reservation.guest_provider_id = target.guest_provider_id.clone();
        }
        let guests = snapshot.customers.iter().map(|c| map::guest(c, None)).collect();
        Ok(Page { guests, reservations: vec![reservation], next: None })
    }
}

#[async_trait]
impl Connector for EctosyConnector {
    fn provider(&self) -> ProviderKind {
        ProviderKind::Ectosy
    }

    async fn check(&self) -> Result<PropertyInfo, AppError> {
        let positions = self.client.positions().await?;
        Ok(self.property(positions.len()))
    }

    async fn catalog(&self) -> Result<Catalog, AppError> {
        let positions = self.client.positions().await?;
        let (categories, rooms) = map::catalog(&positions);
        let property = self.property(positions.len());
        let config = EctosyConfig { currency: property.currency.clone(), ..self.config.clone() };
        Ok(Catalog { property, config: serde_json::to_value(config).expect("plain data"), categories, rooms })
    }

    async fn plan(&self, _since: Option<&str>, _full: bool) -> Result<SyncPlan, AppError> {
        // Nothing to read: Ectosy's API cannot list periods.
        Ok(SyncPlan { full: true, windows: Vec::new(), watermark: None, covers: None })
    }

    async fn read(&self, window: &Window, _page: Option<&str>) -> Result<Page, AppError> {
        Err(AppError::internal(format!(
            "Ectosy has no periods to read (window “{}”): its sync plan never has windows.",
            window.label
        )))
    }

    async fn quote(&self, _stay: &StayRequest) -> Result<StayQuote, AppError> {
        Err(forbidden(&Capabilities::of(ProviderKind::Ectosy).quote_price))
    }

    async fn create(&self, booking: &NewBooking) -> Result<Page, AppError> {
        let guests = Self::new_guests(booking)?;
        self.save(booking, &guests).await
    }

    async fn apply(&self, target: &Target, change: &Change) -> Result<Page, AppError> {
        let caps = Capabilities::of(ProviderKind::Ectosy);
        let capability = match change {
            Change::Cancel { .. } => return self.cancel(target).await,
            Change::Confirm => &caps.confirm,
            Change::Reject { .. } => &caps.reject,
            Change::CheckIn => &caps.check_in,
            Change::CheckOut => &caps.check_out,
            Change::NoShow => &caps.no_show,
            Change::Move { room_provider_id: Some(room), .. } if Some(room) != target.room_provider_id.as_ref() => {
                &caps.change_room
            }
            Change::Move { .. } => &caps.move_dates,
            Change::Restore => &caps.restore,
            Change::Delete => &caps.delete,
            Change::EditNotes { .. } => &caps.edit_notes,
        };
        Err(forbidden(capability))
    }

    async fn edit_guest(&self, guest_provider_id: &str, edit: &GuestEdit) -> Result<GuestRecord, AppError> {
        let known = lock(&self.names).get(guest_provider_id).cloned();
        let given = |s: &Option<String>| s.as_deref().map(str::trim).map(str::to_owned);
        let name = given(&edit.first_name).or_else(|| known.as_ref().map(|k| k.0.clone()));
        let surname = given(&edit.last_name).or_else(|| known.as_ref().map(|k| k.1.clone()));
        let (Some(name), Some(surname)) = (name, surname) else {
            let field = if edit.last_name.is_none() { "last_name" } else { "first_name" };
            return Err(AppError::validation(
                field,
                "Enter the guest's first and last name: Ectosy replaces both at once.",
            ));
        };
        if surname.is_empty() {
            return Err(AppError::validation("last_name", "Enter the guest's last name: Ectosy needs it."));
        }
        let update = wire::CustomerUpdate { customer_id: guest_provider_id.to_owned(), name, surname };
        self.client.rename_customers(std::slice::from_ref(&update)).await?;
        let customer = wire::Customer { customer_id: update.customer_id, name: update.name, surname: update.surname };
        self.remember(std::slice::from_ref(&customer));
        Ok(map::guest(&customer, Some((&edit.email, &edit.phone))))
    }

    async fn recover_create(&self, booking: &NewBooking) -> Result<Recovered, AppError> {
        // The inherent method: the one probe Ectosy's API allows (posting the same period again).
        match EctosyConnector::recover_create(self, booking).await {
            Ok(Recovery::Created(page)) => Ok(Recovered::Made(page)),
            Ok(Recovery::Exists { position_id, period_id, .. }) => {
                Ok(Recovered::ProbablyMade { provider_id: period_id, room_provider_id: Some(position_id) })
            }
            Err(e) if e.kind == ErrorKind::Conflict => Ok(Recovered::NotMade { reason: e.message }),
            Err(e) => Err(e),
        }
    }
}
