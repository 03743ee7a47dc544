//! Mews behind the [`Connector`] interface. A full read is `ScheduledStartUtc` windows around today
//! later reads are `UpdatedUtc` windows from the watermark (both cursor-paged), since Mews caps
//! every interval filter at three months.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use innkeep_core::records::{GuestRecord, PropertyInfo};
use innkeep_core::{AppError, ErrorKind, Money, ProviderKind};
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;

use super::client::PAGE_SIZE;
use super::{map, wire, MewsClient, MewsContext};
use crate::connector::{
    book_again, Catalog, Change, Connector, Coverage, Endpoint, GuestEdit, GuestRef, Lookup, NewBooking, Page,
    Recovered, StayQuote, StayRequest, SyncPlan, Target, Window,
};

/// Mews caps every interval filter at three months; the shortest three months (February to
/// April) are 89 days, so windows stay safely below that, time zones included.
const WINDOW: Duration = Duration::days(85);
/// How far around today the first (full) read of an account reaches.
const FULL_PAST: Duration = Duration::days(200);
const FULL_FUTURE: Duration = Duration::days(460);
/// How long a plan's configuration read stands in for the catalog's own.
const PLANNED_CONFIG_FRESH: std::time::Duration = std::time::Duration::from_secs(60);
/// Changes made while a sync ran are caught by the next one: each window overlaps the last.
const OVERLAP: Duration = Duration::minutes(5);

pub fn connect(endpoint: &Endpoint<'_>) -> Result<Arc<dyn Connector>, AppError> {
    let client = MewsClient::new(endpoint.base_url, endpoint.credentials)?;
    let ctx = OnceCell::new_with(serde_json::from_value::<MewsContext>(endpoint.config.clone()).ok());
    Ok(Arc::new(MewsConnector { client, ctx, planned_config: Mutex::new(None) }))
}

pub struct MewsConnector {
    client: MewsClient,
    /// The property's settings: from the account, or discovered on first use.
    ctx: OnceCell<MewsContext>,
    /// The configuration a sync's plan read for the server's clock, kept for the catalog read
    /// that follows it, so one sync asks for it once.
    planned_config: Mutex<Option<(Instant, wire::ConfigurationGetResponse)>>,
}

/// A window's query: which filter, over which interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct WindowQuery {
    /// `starting` (arriving in the interval), `updated` (changed in it), or `colliding` (stays
    /// overlapping it: plans made before arrival windows).
    filter: String,
    start_utc: DateTime<Utc>,
    end_utc: DateTime<Utc>,
}

impl MewsConnector {
    async fn discover(&self) -> Result<(wire::ConfigurationGetResponse, MewsContext), AppError> {
        let planned = self.planned_config.lock().unwrap_or_else(|e| e.into_inner()).take();
        let config = match planned.filter(|(at, _)| at.elapsed() < PLANNED_CONFIG_FRESH) {
            Some((_, config)) => config,
            None => self.client.configuration().await?,
        };
        let services = self.client.services().await?;
        let service = MewsContext::bookable_service(&services)?;
        let rates = self.client.rates(&service.id).await?;
        let ages = self.client.age_categories(&service.id).await?;
        let ctx = MewsContext::discover(&config, service, &rates, &ages)?;
        Ok((config, ctx))
    }

    async fn ctx(&self) -> Result<&MewsContext, AppError> {
        self.ctx.get_or_try_init(|| async { Ok(self.discover().await?.1) }).await
    }

    fn parameters(ctx: &MewsContext, stay: &StayRequest) -> Result<wire::ReservationParameters, AppError> {
        let category = stay
            .category_provider_id
            .clone()
            .ok_or_else(|| AppError::validation("category_id", "Choose a room category."))?;
        let (start_utc, end_utc) = ctx.stay_utc(stay.arrival, stay.departure);
        Ok(wire::ReservationParameters {
            identifier: None,
            state: None,
            start_utc,
            end_utc,
            customer_id: None,
            booker_id: None,
            requested_category_id: category,
            rate_id: ctx.rate_id.clone(),
            person_counts: ctx.person_counts(stay.adults, stay.children),
            notes: None,
            channel_number: None,
            time_unit_prices: None,
            assigned_resource_id: stay.room_provider_id.clone(),
        })
    }

    async fn price(&self, ctx: &MewsContext, stay: &StayRequest) -> Result<Money, AppError> {
        let amount = self.client.price(&ctx.service_id, Self::parameters(ctx, stay)?).await?;
        // Managers quote what the guest pays: the gross amount.
        Ok(Money::from_decimal(amount.gross_value, &amount.currency))
    }

    /// Reservations by id with their guests, as a page.
    async fn fetch(&self, ids: &[String]) -> Result<Page, AppError> {
        let ctx = self.ctx().await?;
        let fresh = self.client.reservations_by_ids(ids).await?;
        self.page(ctx, &fresh, None).await
    }

    async fn page(
        &self,
        ctx: &MewsContext,
        reservations: &[wire::Reservation],
        next: Option<String>,
    ) -> Result<Page, AppError> {
        let guest_ids: Vec<String> =
            reservations.iter().map(|r| r.account_id.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let guests = self.client.customers_by_ids(&guest_ids).await?.iter().map(map::guest).collect();
        let reservations = reservations.iter().map(|r| map::reservation(r, ctx)).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { guests, reservations, next })
    }
}

#[async_trait]
impl Connector for MewsConnector {
    fn provider(&self) -> ProviderKind {
        ProviderKind::Mews
    }

    async fn check(&self) -> Result<PropertyInfo, AppError> {
        let (config, ctx) = self.discover().await?;
        Ok(map::property_info(&config, &ctx))
    }

    async fn catalog(&self) -> Result<Catalog, AppError> {
        // The settings are read afresh on every sync, so a changed rate or time zone is noticed.
        let (config, ctx) = self.discover().await?;
        let categories = self.client.resource_categories(&ctx.service_id).await?;
        let category_ids: Vec<String> = categories.iter().map(|c| c.id.clone()).collect();
        let assignments = self.client.category_assignments(&category_ids).await?;
        let resources = self.client.resources().await?;
        let catalog = Catalog {
            property: map::property_info(&config, &ctx),
            config: serde_json::to_value(&ctx).unwrap_or_default(),
            categories: categories.iter().map(map::category).collect(),
            rooms: map::rooms(&resources, &assignments),
        };
        let _ = self.ctx.set(ctx);
        Ok(catalog)
    }

    async fn plan(&self, since: Option<&str>, full: bool) -> Result<SyncPlan, AppError> {
        let config = self.client.configuration().await?;
        let now = config.now_utc;
        *self.planned_config.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), config));
        let since = since.and_then(|w| w.parse::<DateTime<Utc>>().ok()).filter(|_| !full);
        let (filter, ranges) = match since {
            Some(since) => ("updated", windows(since - OVERLAP, now)),
            // By arrival: a stay read once, not once in each window it overlaps.
            None => ("starting", windows(now - FULL_PAST, now + FULL_FUTURE)),
        };
        let windows = ranges
            .into_iter()
            .map(|(start_utc, end_utc)| Window {
                label: format!("{filter} {} – {}", start_utc.format("%Y-%m-%d"), end_utc.format("%Y-%m-%d")),
                query: serde_json::to_value(WindowQuery { filter: filter.into(), start_utc, end_utc })
                    .expect("plain data"),
            })
            .collect();
        // Everything up to the server's "now" at the start of this sync is in once all windows are.
        let covers = since
            .is_none()
            .then(|| Coverage::Arrivals { from: (now - FULL_PAST).date_naive(), to: (now + FULL_FUTURE).date_naive() });
        Ok(SyncPlan { full: since.is_none(), windows, watermark: Some(now.to_rfc3339()), covers })
    }

    async fn read(&self, window: &Window, page: Option<&str>) -> Result<Page, AppError> {
        let ctx = self.ctx().await?;
        let query: WindowQuery = serde_json::from_value(window.query.clone())
            .map_err(|e| AppError::internal(format!("A saved Mews sync window is unreadable ({e}).")))?;
        let interval = wire::TimeInterval { start_utc: query.start_utc, end_utc: query.end_utc };
        let filter = match query.filter.as_str() {
            "updated" => wire::ReservationsGetAllRequest { updated_utc: Some(interval), ..Default::default() },
            "starting" => wire::ReservationsGetAllRequest { scheduled_start_utc: Some(interval), ..Default::default() },
            // Plans stored before arrival windows (a sync resumed across an upgrade).
            _ => wire::ReservationsGetAllRequest { colliding_utc: Some(interval), ..Default::default() },
        };
        let cursor = page.map(str::to_string);
        let answer = self.client.reservations_page(filter, cursor.clone()).await?;
        let next =
            answer.cursor.filter(|next| answer.reservations.len() as u32 == PAGE_SIZE && Some(next) != cursor.as_ref());
        // The guests follow once all pages are in (`guests`): a thousand per request then,
        // instead of one request for each page's few hundred.
        let reservations =
            answer.reservations.iter().map(|r| map::reservation(r, ctx)).collect::<Result<Vec<_>, _>>()?;
        Ok(Page { guests: Vec::new(), reservations, next })
    }

    fn reads_guests_after_pages(&self) -> bool {
        true
    }

    async fn guests(&self, ids: &[String]) -> Result<Vec<GuestRecord>, AppError> {
        Ok(self.client.customers_by_ids(ids).await?.iter().map(map::guest).collect())
    }

    async fn quote(&self, stay: &StayRequest) -> Result<StayQuote, AppError> {
        let ctx = self.ctx().await?;
        let total = self.price(ctx, stay).await?;
        let last_night = stay.departure - Duration::days(1);
        let availability = self
            .client
            .availability(&ctx.service_id, ctx.unit_start_utc(stay.arrival), ctx.unit_start_utc(last_night))
            .await?;
        let available_rooms = availability
            .category_availabilities
            .iter()
            .find(|c| Some(&c.category_id) == stay.category_provider_id.as_ref())
            .and_then(|c| c.availabilities.iter().min().copied())
            .unwrap_or(0)
            .max(0) as u32;
        Ok(StayQuote { total: Some(total), available_rooms })
    }

    async fn create(&self, booking: &NewBooking) -> Result<Page, AppError> {
        let ctx = self.ctx().await?;
        let [guest] = booking.guests.as_slice() else {
            return Err(AppError::validation("guest", "A Mews booking here has exactly one guest."));
        };
        let total = self.price(ctx, &booking.stay).await?;
        let mut created_guest: Option<GuestRecord> = None;
        let customer_id = match guest {
            GuestRef::Existing(id) => id.clone(),
            GuestRef::New(g) => {
                let blank =
                    |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
                let customer = self
                    .client
                    .add_customer(wire::CustomerAddRequest {
                        last_name: g.last_name.trim().to_string(),
                        first_name: Some(g.first_name.trim().to_string()).filter(|f| !f.is_empty()),
                        email: blank(&g.email),
                        phone: blank(&g.phone),
                        overwrite_existing: false,
                        ..Default::default()
                    })
                    .await?;
                created_guest = Some(map::guest(&customer));
                customer.id
            }
        };
        let mut params = Self::parameters(ctx, &booking.stay)?;
        params.customer_id = Some(customer_id);
        // A correlation id Mews echoes; it lets a lost answer be matched to the booking later.
        params.identifier = Some(booking.reference.clone());
        // Kept on the reservation, unlike `Identifier`: `recover_create` finds the booking by it.
        params.channel_number = Some(booking.reference.clone());
        params.state = Some("Confirmed".into());
        params.notes = booking.notes.clone();
        let added = self.client.add_reservation(&ctx.service_id, params).await?;
        let mut page = self.fetch(std::slice::from_ref(&added.id)).await?;
        if page.reservations.is_empty() {
            return Err(AppError::new(
                ErrorKind::Malformed,
                "Mews made the booking but does not return it; sync to see it.",
            ));
        }
        // Synced Mews reservations carry no total; keep the price Mews quoted for this booking.
        for r in &mut page.reservations {
            r.total = Some(total.clone());
        }
        page.guests.extend(created_guest.filter(|g| !page.guests.iter().any(|x| x.provider_id == g.provider_id)));
        Ok(page)
    }

    async fn apply(&self, target: &Target, change: &Change) -> Result<Page, AppError> {
        let id = &target.provider_id;
        match change {
            Change::Cancel { reason, .. } => {
                self.client.cancel(id, reason.as_deref().unwrap_or("Cancelled in Innkeep")).await?
            }
            Change::Confirm => self.client.confirm(id).await?,
            Change::CheckIn => self.client.start(id).await?,
            Change::CheckOut => self.client.process(id).await?,
            other => {
                return Err(AppError::new(
                    ErrorKind::Forbidden,
                    format!("Innkeep cannot do “{other:?}” with a Mews reservation."),
                ))
            }
        }
        self.fetch(std::slice::from_ref(id)).await
    }

    async fn edit_guest(&self, _guest_provider_id: &str, _edit: &GuestEdit) -> Result<GuestRecord, AppError> {
        Err(AppError::new(
            ErrorKind::Forbidden,
            innkeep_core::Capabilities::of(ProviderKind::Mews).edit_guest.reason.unwrap_or_default(),
        ))
    }

    /// Looks for the reservation carrying Innkeep's reference as its `ChannelNumber`. Mews adds
    /// a call's reservations all or none, so without one the first attempt was not carried out.
    /// (If it is then made again, a new guest's customer may exist twice in Mews: a duplicate
    /// profile, never a second booking.)
    /// As the default, but a new guest the first attempt already added (before the reservation
    /// failed) is booked as that customer: Mews refuses a second profile with the same e-mail.
    async fn recover_create(&self, booking: &NewBooking) -> Result<Recovered, AppError> {
        match self.find_created(booking).await? {
            Lookup::Found(page) => Ok(Recovered::Made(page)),
            Lookup::Absent => {
                let mut booking = booking.clone();
                if let Some(GuestRef::New(g)) = booking.guests.first() {
                    if let Some(email) = g.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                        let same = |c: &&wire::Customer| c.last_name.trim().eq_ignore_ascii_case(g.last_name.trim());
                        if let Some(c) = self.client.customers_by_email(email).await?.iter().find(same) {
                            booking.guests[0] = GuestRef::Existing(c.id.clone());
                        }
                    }
                }
                book_again(self, &booking).await
            }
            Lookup::CannotTell => Ok(Recovered::Unknown),
        }
    }

    async fn find_created(&self, booking: &NewBooking) -> Result<Lookup, AppError> {
        let ctx = self.ctx().await?;
        let filter = wire::ReservationsGetAllRequest {
            service_ids: Some(vec![ctx.service_id.clone()]),
            channel_numbers: Some(vec![booking.reference.clone()]),
            ..Default::default()
        };
        let found = self.client.reservations_page(filter, None).await?.reservations;
        if found.is_empty() {
            return Ok(Lookup::Absent);
        }
        let mut page = self.page(ctx, &found, None).await?;
        // The price is what Mews quotes now for the stay, as `create` records it.
        if let Ok(total) = self.price(ctx, &booking.stay).await {
            for r in &mut page.reservations {
                r.total = Some(total.clone());
            }
        }
        Ok(Lookup::Found(page))
    }
}

/// Splits [start, end] into consecutive windows no longer than Mews allows.
fn windows(start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    let mut from = start;
    while from < end {
        let to = (from + WINDOW).min(end);
        out.push((from, to));
        from = to;
    }
    if out.is_empty() {
        out.push((start, start));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_the_range_within_the_limit() {
        let start = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let w = windows(start, start + Duration::days(200));
        assert_eq!(w.len(), 3);
        assert!(WINDOW < Duration::days(89), "shorter than any three months");
        assert_eq!(w[0].0, start);
        assert_eq!(w[2].1, start + Duration::days(200));
        assert!(w.iter().all(|(a, b)| *b - *a <= WINDOW));
        assert!(w.windows(2).all(|p| p[0].1 == p[1].0));
        assert_eq!(windows(start, start).len(), 1);
    }
}
