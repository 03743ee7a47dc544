//! Reservanto behind the [`Connector`] interface.
//!
//! Sync: Reservanto has no paging and no "changed since" for bookings, so reads go by time
//! windows of 31 local days (`Booking/GetBookingsForPeriod` for persons, price and contact, and
//! `Event/GetList` for the status, merged by (AppointmentId, CustomerId)). A full plan covers
//! 186 days back to 372 days ahead. An incremental plan reads `Booking/GetActivities` since the
//! watermark (confirm / reject / cancel of bookings made through the API, each re-read with
//! `Event/Get`) plus the windows from 31 days back to 62 days ahead. What it cannot see: bookings
//! outside those windows that were made, moved, cancelled or marked arrived in Reservanto itself or
//! by other apps; a periodic full sync catches them. The watermark is the server's time (from its
//! `Date` header) when the plan was made, as Unix seconds.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use chrono::{Duration, NaiveDate};
use innkeep_core::records::{GuestRecord, PropertyInfo, ReservationRecord};
use innkeep_core::{AppError, Capabilities, ErrorKind, ProviderKind};
use serde::{Deserialize, Serialize};

use super::map::{self, ReservantoContext, Setup, CHECK_IN, CHECK_OUT};
use super::wire::{self, no_show, BookingKey};
use super::ReservantoClient;
use crate::connector::{
    matching, Catalog, Change, Connector, Coverage, Endpoint, GuestEdit, GuestRef, Lookup, NewBooking, Page, StayQuote,
    StayRequest, SyncPlan, Target, Window,
};
use crate::http::Answer;

/// Days per read window: a month of a busy hotel stays a reasonable answer.
pub const WINDOW_DAYS: i64 = 31;
const FULL_PAST_WINDOWS: i64 = 6;
const FULL_FUTURE_WINDOWS: i64 = 12;
const INCREMENTAL_PAST_WINDOWS: i64 = 1;
const INCREMENTAL_FUTURE_WINDOWS: i64 = 2;
/// How long a catalog discovered on the way stands in for the catalog read.
const JUST_DISCOVERED_FRESH: std::time::Duration = std::time::Duration::from_secs(60);
/// Activities are read from this long before the watermark, so none falls between two syncs.
const OVERLAP_SECS: i64 = 300;
/// More unknown guests than this in one window: one `Customer/GetList` instead of one
/// `Customer/Get` each.
const GUEST_LIST_THRESHOLD: usize = 12;

pub fn connect(endpoint: &Endpoint<'_>) -> Result<Arc<dyn Connector>, AppError> {
    let client = ReservantoClient::new(endpoint.base_url, endpoint.credentials)?;
    let ctx = serde_json::from_value::<ReservantoContext>(endpoint.config.clone()).ok();
    Ok(Arc::new(ReservantoConnector::new(client, ctx)))
}

#[derive(Default)]
struct GuestCache {
    customers: HashMap<i32, wire::Customer>,
    /// `Customer/GetList` was read since the last plan.
    listed: bool,
    /// A full read needs nearly every customer: list them at the first need.
    list_first: bool,
    /// The bookings this sync's windows listed: the activity feed, read after them, need not
    /// read those again.
    read: BTreeSet<BookingKey>,
}

/// A sync reads its windows one after the other; the next window's bookings are asked for
/// while the last one's are mapped, so a request is always on its way.
#[derive(Default)]
struct ReadAhead {
    /// The periods of the last plan, in order.
    periods: Vec<(i64, i64)>,
    /// The bookings of a period, asked for ahead, and when (an error is kept for that period's
    /// read).
    bookings: Option<AskedAhead>,
}

struct AskedAhead {
    period: (i64, i64),
    at: std::time::Instant,
    answer: Result<Answer, AppError>,
}

/// How long bookings asked for ahead stand in for a read. The next read comes at once; a run
/// that stopped and resumes later (it can, within hours, without a new plan) reads afresh.
const ASKED_AHEAD_FRESH: std::time::Duration = std::time::Duration::from_secs(10);

impl ReadAhead {
    fn take(&mut self, period: (i64, i64)) -> Option<Result<Answer, AppError>> {
        match self.bookings.take() {
            Some(asked) if asked.period == period && asked.at.elapsed() < ASKED_AHEAD_FRESH => Some(asked.answer),
            _ => None,
        }
    }

    fn after(&self, period: (i64, i64)) -> Option<(i64, i64)> {
        let at = self.periods.iter().position(|p| *p == period)?;
        self.periods.get(at + 1).copied()
    }
}

pub struct ReservantoConnector {
    client: ReservantoClient,
    read_ahead: std::sync::Mutex<ReadAhead>,
    /// The merchant's setup: from the account, or discovered on first use; each catalog renews it.
    ctx: RwLock<Option<Arc<ReservantoContext>>>,
    guests: tokio::sync::Mutex<GuestCache>,
    /// The catalog a plan had to discover (an account's first sync), handed to the catalog read
    /// that follows it so one sync reads the setup once.
    just_discovered: std::sync::Mutex<Option<(std::time::Instant, Catalog)>>,
}

/// A read window's days: its first, and its bounds as Reservanto's timestamps (local midnights).
struct Period {
    first: NaiveDate,
    bounds: (i64, i64),
}

/// A window's query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum WindowQuery {
    /// Bookings starting in `[from, to)` (Unix seconds, local midnights).
    Period { from: i64, to: i64 },
    /// Changes of bookings made through the API after `since`.
    Activities { since: i64 },
}

fn unsupported(reason: Option<String>) -> AppError {
    AppError::new(ErrorKind::Forbidden, reason.unwrap_or_else(|| "Reservanto cannot do this.".into()))
}

impl ReservantoConnector {
    pub fn new(client: ReservantoClient, ctx: Option<ReservantoContext>) -> Self {
        Self {
            client,
            read_ahead: Default::default(),
            ctx: RwLock::new(ctx.map(Arc::new)),
            guests: Default::default(),
            just_discovered: Default::default(),
        }
    }

    pub fn client(&self) -> &ReservantoClient {
        &self.client
    }

    async fn discover(&self) -> Result<Catalog, AppError> {
        let merchant = self.client.merchant().await?;
        let locations = self.client.locations().await?;
        let segments = self.client.segments().await?;
        let resources = self.client.resources().await?;
        let services = self.client.services().await?;
        let setup = Setup {
            merchant: &merchant,
            locations: &locations,
            segments: &segments,
            resources: &resources,
            services: &services,
        };
        let (ctx, categories, rooms) = map::discover(&setup)?;
        let catalog = Catalog {
            property: ctx.property_info(),
            config: serde_json::to_value(&ctx).unwrap_or_default(),
            categories,
            rooms,
        };
        *self.ctx.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(ctx));
        Ok(catalog)
    }

    async fn ctx(&self) -> Result<Arc<ReservantoContext>, AppError> {
        if let Some(ctx) = self.ctx.read().unwrap_or_else(|e| e.into_inner()).clone() {
            return Ok(ctx);
        }
        let catalog = self.discover().await?;
        *self.just_discovered.lock().unwrap_or_else(|e| e.into_inner()) = Some((std::time::Instant::now(), catalog));
        self.ctx
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| AppError::internal("Reservanto setup missing."))
    }

    fn now(&self) -> i64 {
        self.client.server_now().timestamp()
    }

    /// The customers of `ids`, from the cache, one `Customer/GetList`, or one `Customer/Get` each.
    /// Customers Reservanto no longer has are left out.
    async fn customers(&self, ids: &BTreeSet<i32>) -> Result<HashMap<i32, wire::Customer>, AppError> {
        let mut cache = self.guests.lock().await;
        let missing = |cache: &GuestCache| ids.iter().filter(|id| !cache.customers.contains_key(id)).count();
        let threshold = if cache.list_first { 0 } else { GUEST_LIST_THRESHOLD };
        if missing(&cache) > threshold && !cache.listed {
            let all = self.client.customers(wire::CustomerListRequest::default()).await?;
            cache.customers.extend(all.into_iter().map(|c| (c.id, c)));
            cache.listed = true;
        }
        for id in ids {
            if !cache.customers.contains_key(id) {
                match self.client.customer(*id).await {
                    Ok(c) => {
                        cache.customers.insert(c.id, c);
                    }
                    Err(e) if e.kind == ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(ids.iter().filter_map(|id| cache.customers.get(id).map(|c| (*id, c.clone()))).collect())
    }

    /// Records for the events (on rooms only) with every guest they refer to.
    async fn page(
        &self,
        ctx: &ReservantoContext,
        events: &[wire::Event],
        infos: &HashMap<BookingKey, wire::BookingInfo>,
    ) -> Result<Page, AppError> {
        let now = self.now();
        let events: Vec<&wire::Event> = events.iter().filter(|e| ctx.is_room(e.source_id)).collect();
        let ids: BTreeSet<i32> = events.iter().map(|e| e.customer_id).collect();
        let customers = self.customers(&ids).await?;
        let mut guests: BTreeMap<i32, GuestRecord> = BTreeMap::new();
        let mut reservations = Vec::with_capacity(events.len());
        for e in events {
            let info = infos.get(&e.key());
            reservations.push(map::reservation(e, info, ctx, now)?);
            guests.entry(e.customer_id).or_insert_with(|| match customers.get(&e.customer_id) {
                Some(c) => map::guest(c),
                None => map::guest_from_booking(e, info),
            });
        }
        Ok(Page { guests: guests.into_values().collect(), reservations, next: None })
    }

    /// One booking as Reservanto now has it, with its guest (read fresh).
    async fn fetch(&self, key: BookingKey) -> Result<Page, AppError> {
        let ctx = self.ctx().await?;
        let event = self.client.event(key).await?;
        match self.client.customer(key.customer_id).await {
            Ok(c) => {
                self.guests.lock().await.customers.insert(c.id, c);
            }
            Err(e) if e.kind == ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut page = self.page(&ctx, std::slice::from_ref(&event), &HashMap::new()).await?;
        if page.reservations.is_empty() {
            // Not on one of the property's rooms (e.g. the room left the rental segment): still
            // return it, so the caller sees the outcome.
            let record = map::reservation(&event, None, &ctx, self.now())?;
            page.guests.push(map::guest_from_booking(&event, None));
            page.reservations.push(record);
        }
        Ok(page)
    }

    fn ahead(&self) -> std::sync::MutexGuard<'_, ReadAhead> {
        self.read_ahead.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn read_period(&self, ctx: &ReservantoContext, from: i64, to: i64) -> Result<Page, AppError> {
        let asked = self.ahead().take((from, to)).transpose()?;
        let (infos, mut events) = self.client.period(from, to, asked).await?;
        let infos: HashMap<BookingKey, wire::BookingInfo> = infos.into_iter().map(|i| (i.key(), i)).collect();
        self.guests.lock().await.read.extend(events.iter().map(wire::Event::key));
        // A booking listed by one call but not the other (made between the two): read its event.
        let seen: BTreeSet<BookingKey> = events.iter().map(wire::Event::key).collect();
        for (key, info) in &infos {
            if !seen.contains(key) && ctx.is_room(info.booking_resource_id) {
                match self.client.event(*key).await {
                    Ok(e) => events.push(e),
                    Err(e) if e.kind == ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
        }
        let next = self.ahead().after((from, to));
        let ask_next = async {
            let period = next?;
            let answer = self.client.period_bookings(period.0, period.1).await;
            Some(AskedAhead { period, at: std::time::Instant::now(), answer })
        };
        // Polled first, the next request goes out before this window is mapped.
        let (asked, page) = tokio::join!(ask_next, self.page(ctx, &events, &infos));
        if asked.is_some() {
            self.ahead().bookings = asked;
        }
        page
    }

    async fn read_activities(&self, ctx: &ReservantoContext, since: i64) -> Result<Page, AppError> {
        let activities = match self.client.activities(Some(since)).await {
            Ok(a) => a,
            // The feed needs the Booking_w right; a read-only token still syncs its windows.
            Err(e) if e.kind == ErrorKind::Forbidden => {
                tracing::info!(provider = "reservanto", "activity feed not allowed for this token; windows only");
                return Ok(Page::default());
            }
            Err(e) => return Err(e),
        };
        let read = self.guests.lock().await.read.clone();
        let keys: BTreeSet<BookingKey> = activities
            .iter()
            .map(|a| BookingKey { appointment_id: a.appointment_id, customer_id: a.customer_id })
            .filter(|key| !read.contains(key))
            .collect();
        let mut events = Vec::with_capacity(keys.len());
        for key in keys {
            match self.client.event(key).await {
                Ok(e) => events.push(e),
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        self.page(ctx, &events, &HashMap::new()).await
    }

    /// The read windows' periods, `past` windows before today's and `future` from it on.
    fn periods(ctx: &ReservantoContext, today: NaiveDate, past: i64, future: i64) -> Vec<Period> {
        (-past..future)
            .map(|i| {
                let first = today + Duration::days(i * WINDOW_DAYS);
                Period { first, bounds: (ctx.midnight(first), ctx.midnight(first + Duration::days(WINDOW_DAYS))) }
            })
            .collect()
    }

    fn period_window(period: &Period) -> Window {
        let last = period.first + Duration::days(WINDOW_DAYS - 1);
        let (from, to) = period.bounds;
        Window {
            label: format!("{} – {}", period.first.format("%Y-%m-%d"), last.format("%Y-%m-%d")),
            query: serde_json::to_value(WindowQuery::Period { from, to }).expect("plain data"),
        }
    }

    /// The rooms a stay may take: the chosen one, or every room of the category.
    fn candidates(ctx: &ReservantoContext, stay: &StayRequest) -> Result<Vec<i32>, AppError> {
        if stay.departure <= stay.arrival {
            return Err(AppError::validation("departure", "Departure must be at least one night after arrival."));
        }
        if let Some(room) = &stay.room_provider_id {
            if !ctx.rooms.contains_key(room) {
                return Err(AppError::validation(
                    "room_id",
                    "This room is not one of the property's rooms in Reservanto. Sync and choose again.",
                ));
            }
            return Ok(vec![map::parse_int_id("room_id", "room", room)?]);
        }
        let category = stay
            .category_provider_id
            .as_deref()
            .ok_or_else(|| AppError::validation("category_id", "Choose a room category or a room."))?;
        let rooms = ctx.rooms_of(category);
        if rooms.is_empty() {
            return Err(AppError::validation(
                "category_id",
                "This room category has no rooms in Reservanto. Sync and choose again.",
            ));
        }
        Ok(rooms)
    }

    /// The candidate rooms free for the whole stay, in order.
    async fn free_rooms(&self, ctx: &ReservantoContext, stay: &StayRequest) -> Result<(Vec<i32>, i64, i64), AppError> {
        let rooms = Self::candidates(ctx, stay)?;
        let (start, end) = ctx.stay(stay.arrival, stay.departure);
        let availability = self.client.rental_availability(&rooms, start, end).await?;
        let free = rooms
            .into_iter()
            .filter(|r| {
                availability
                    .get(&r.to_string())
                    .is_some_and(|free| free.iter().any(|f| f.available_from <= start && f.available_to >= end))
            })
            .collect();
        Ok((free, start, end))
    }
}

#[async_trait]
impl Connector for ReservantoConnector {
    fn provider(&self) -> ProviderKind {
        ProviderKind::Reservanto
    }

    async fn check(&self) -> Result<PropertyInfo, AppError> {
        Ok(self.discover().await?.property)
    }

    async fn catalog(&self) -> Result<Catalog, AppError> {
        let discovered = self.just_discovered.lock().unwrap_or_else(|e| e.into_inner()).take();
        match discovered.filter(|(at, _)| at.elapsed() < JUST_DISCOVERED_FRESH) {
            Some((_, catalog)) => Ok(catalog),
            None => self.discover().await,
        }
    }

    async fn plan(&self, since: Option<&str>, full: bool) -> Result<SyncPlan, AppError> {
        let ctx = self.ctx().await?;
        let now = self.client.server_now_checked().await?.timestamp();
        // Guests are read afresh in every sync.
        *self.guests.lock().await = GuestCache { list_first: full || since.is_none(), ..Default::default() };
        *self.ahead() = ReadAhead::default();
        let today = ctx.local_date(now);
        let since = since.and_then(|s| s.trim().parse::<i64>().ok()).filter(|_| !full);
        let (past, future) = match since {
            Some(_) => (INCREMENTAL_PAST_WINDOWS, INCREMENTAL_FUTURE_WINDOWS),
            None => (FULL_PAST_WINDOWS, FULL_FUTURE_WINDOWS),
        };
        let periods = Self::periods(&ctx, today, past, future);
        let mut windows: Vec<Window> = periods.iter().map(Self::period_window).collect();
        if let Some(since) = since {
            let since = since - OVERLAP_SECS;
            // The feed goes last: what the windows listed is not read again one by one.
            windows.push(Window {
                label: format!("changes since {}", ctx.local_date(since).format("%Y-%m-%d")),
                query: serde_json::to_value(WindowQuery::Activities { since }).expect("plain data"),
            });
        }
        self.ahead().periods = periods.iter().map(|p| p.bounds).collect();
        // The periods list bookings by arrival, window after window without gaps.
        let covers = since.is_none().then(|| Coverage::Arrivals {
            from: today + Duration::days(-FULL_PAST_WINDOWS * WINDOW_DAYS),
            to: today + Duration::days(FULL_FUTURE_WINDOWS * WINDOW_DAYS),
        });
        Ok(SyncPlan { full: since.is_none(), windows, watermark: Some(now.to_string()), covers })
    }

    async fn read(&self, window: &Window, _page: Option<&str>) -> Result<Page, AppError> {
        let ctx = self.ctx().await?;
        let query: WindowQuery = serde_json::from_value(window.query.clone())
            .map_err(|e| AppError::internal(format!("A saved Reservanto sync window is unreadable ({e}).")))?;
        match query {
            WindowQuery::Period { from, to } => self.read_period(&ctx, from, to).await,
            WindowQuery::Activities { since } => self.read_activities(&ctx, since).await,
        }
    }

    async fn quote(&self, stay: &StayRequest) -> Result<StayQuote, AppError> {
        let ctx = self.ctx().await?;
        let (free, _, _) = self.free_rooms(&ctx, stay).await?;
        // Reservanto's API has no price for rental bookings.
        Ok(StayQuote { total: None, available_rooms: free.len() as u32 })
    }

    async fn create(&self, booking: &NewBooking) -> Result<Page, AppError> {
        let ctx = self.ctx().await?;
        let [guest] = booking.guests.as_slice() else {
            return Err(AppError::validation("guest", "A Reservanto booking has exactly one guest."));
        };
        let persons = booking.stay.adults + booking.stay.children;
        if persons == 0 {
            return Err(AppError::validation("adults", "A booking needs at least one guest."));
        }
        // Everything is checked before anything is written: the room, its capacity, the guest.
        let (free, start, end) = self.free_rooms(&ctx, &booking.stay).await?;
        let room = *free.first().ok_or_else(|| {
            let what = if booking.stay.room_provider_id.is_some() {
                "This room is not"
            } else {
                "No room of this category is"
            };
            AppError {
                field: Some(if booking.stay.room_provider_id.is_some() { "room_id" } else { "category_id" }.into()),
                ..AppError::new(
                    ErrorKind::Conflict,
                    format!(
                        "{what} free in Reservanto from {} to {}. Choose other dates or another room.",
                        booking.stay.arrival, booking.stay.departure
                    ),
                )
            }
        })?;
        let capacity = ctx.category_of(&room.to_string()).and_then(|c| ctx.capacities.get(c)).copied();
        if let Some(capacity) = capacity.filter(|c| persons > *c) {
            return Err(AppError::validation(
                "adults",
                format!("This room sleeps at most {capacity}; the booking is for {persons}. Choose a larger room or split the booking."),
            ));
        }
        let customer_id = match guest {
            GuestRef::Existing(id) => map::parse_int_id("guest", "guest", id)?,
            GuestRef::New(g) => {
                let last_name = g.last_name.trim();
                if last_name.is_empty() {
                    return Err(AppError::validation("last_name", "Enter the guest's last name."));
                }
                let blank =
                    |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
                let customer = self
                    .client
                    .create_customer(wire::CustomerCreateRequest {
                        first_name: Some(g.first_name.trim().to_owned()).filter(|f| !f.is_empty()),
                        last_name: Some(last_name.to_owned()),
                        email: blank(&g.email),
                        phone: blank(&g.phone),
                        birth_date: None,
                        gender: None,
                    })
                    .await?;
                let id = customer.id;
                self.guests.lock().await.customers.insert(id, customer);
                id
            }
        };
        let created = self
            .client
            .create_booking(wire::CreateRentalBookingRequest {
                booking_resource_id: room,
                customer_id,
                booking_start: start,
                booking_end: end,
                count: Some(persons as i32),
                customer_note: booking.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned),
                payment_required_process: Some(wire::PaymentRequiredProcess::Never),
            })
            .await?;
        self.fetch(BookingKey { appointment_id: created.appointment_id, customer_id: created.customer_id }).await
    }

    async fn apply(&self, target: &Target, change: &Change) -> Result<Page, AppError> {
        let key = map::parse_provider_id(&target.provider_id)?;
        let caps = Capabilities::of(ProviderKind::Reservanto);
        match change {
            Change::Confirm => drop(self.client.confirm(key).await?),
            // Reservanto's Reject takes no reason.
            Change::Reject { .. } => drop(self.client.reject(key).await?),
            Change::Cancel { override_late, .. } => drop(self.client.cancel(key, *override_late).await?),
            Change::CheckIn => drop(self.client.set_no_show(key, no_show::ARRIVED).await?),
            Change::NoShow => drop(self.client.set_no_show(key, no_show::NO_SHOW).await?),
            Change::Move { arrival, departure, room_provider_id } => {
                if room_provider_id.as_ref().is_some_and(|r| Some(r) != target.room_provider_id.as_ref()) {
                    return Err(unsupported(caps.change_room.reason));
                }
                if departure <= arrival {
                    return Err(AppError::validation(
                        "departure",
                        "Departure must be at least one night after arrival.",
                    ));
                }
                let ctx = self.ctx().await?;
                // Keep the booking's own times of day; Innkeep's defaults for one without them.
                let time = |field: &str, default| {
                    target.raw["Event"][field].as_i64().map(|t| ctx.local_time(t)).unwrap_or(default)
                };
                let starts_at = ctx.unix(*arrival, time("StartDate", CHECK_IN));
                let ends_at = ctx.unix(*departure, time("EndDate", CHECK_OUT));
                drop(self.client.move_booking(key, starts_at, ends_at).await?)
            }
            Change::CheckOut => return Err(unsupported(caps.check_out.reason)),
            Change::Restore => return Err(unsupported(caps.restore.reason)),
            Change::Delete => return Err(unsupported(caps.delete.reason)),
            Change::EditNotes { .. } => return Err(unsupported(caps.edit_notes.reason)),
        }
        self.fetch(key).await
    }

    /// Reservanto keeps no reference of Innkeep's: the booking is looked for by its fields
    /// among the bookings of its period. None there means the first attempt was not carried out.
    async fn find_created(&self, booking: &NewBooking) -> Result<Lookup, AppError> {
        let ctx = self.ctx().await?;
        let (start, end) = ctx.stay(booking.stay.arrival, booking.stay.departure);
        let found = matching(&self.read_period(&ctx, start, end).await?, booking);
        if found.reservations.is_empty() {
            return Ok(Lookup::Absent);
        }
        Ok(Lookup::Found(found))
    }

    async fn edit_guest(&self, guest_provider_id: &str, edit: &GuestEdit) -> Result<GuestRecord, AppError> {
        let id = map::parse_int_id("guest", "guest", guest_provider_id)?;
        let current = self.client.customer(id).await?;
        let (first, last) = map::split_name(current.name.as_deref().unwrap_or(""));
        let names_changed = edit.first_name.is_some() || edit.last_name.is_some();
        let last_name = edit.last_name.clone().unwrap_or(last).trim().to_owned();
        if names_changed && last_name.is_empty() {
            return Err(AppError::validation("last_name", "Enter the guest's last name."));
        }
        let request = wire::CustomerEditRequest {
            customer_id: id,
            // Reservanto keeps first and last name apart but shows only the full name: both are
            // sent together so that its split matches what the manager sees.
            first_name: names_changed.then(|| edit.first_name.clone().or(first).unwrap_or_default().trim().to_owned()),
            last_name: names_changed.then_some(last_name),
            email: edit.email.as_ref().map(|e| e.trim().to_owned()),
            phone: edit.phone.as_ref().map(|p| p.trim().to_owned()),
            ..Default::default()
        };
        let customer = self.client.edit_customer(request).await?;
        let record = map::guest(&customer);
        self.guests.lock().await.customers.insert(customer.id, customer);
        Ok(record)
    }
}

/// Every reservation of a page belongs to a guest in the page (for tests and the services' checks).
pub fn guests_complete(page: &Page) -> bool {
    let ids: BTreeSet<&str> = page.guests.iter().map(|g| g.provider_id.as_str()).collect();
    page.reservations.iter().all(|r: &ReservationRecord| r.guest_provider_id.as_deref().is_none_or(|g| ids.contains(g)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookings_asked_ahead_serve_only_their_own_period_once() {
        let mut ahead = ReadAhead { periods: vec![(0, 10), (10, 20), (20, 30)], bookings: None };
        assert_eq!(ahead.after((0, 10)), Some((10, 20)));
        assert_eq!(ahead.after((20, 30)), None, "the last window asks for nothing");
        assert_eq!(ahead.after((5, 10)), None, "a window of another plan asks for nothing");
        let answer = || Answer { status: 200, headers: Default::default(), body: bytes::Bytes::from_static(b"{}") };
        let now = std::time::Instant::now();
        ahead.bookings = Some(AskedAhead { period: (10, 20), at: now, answer: Ok(answer()) });
        assert!(ahead.take((20, 30)).is_none(), "another period's read asks itself");
        assert!(ahead.bookings.is_none(), "and what was asked for is dropped, not kept for later");
        ahead.bookings = Some(AskedAhead { period: (10, 20), at: now, answer: Err(AppError::internal("dropped")) });
        assert!(ahead.take((10, 20)).unwrap().is_err(), "a failure reaches that period's read");
        assert!(ahead.take((10, 20)).is_none(), "once");
        // A run resumed later reads afresh.
        let then = now.checked_sub(ASKED_AHEAD_FRESH).expect("the clock runs long enough");
        ahead.bookings = Some(AskedAhead { period: (10, 20), at: then, answer: Ok(answer()) });
        assert!(ahead.take((10, 20)).is_none(), "stale bookings are not served");
    }

    fn ctx() -> ReservantoContext {
        ReservantoContext {
            merchant_id: 1,
            location_id: 2,
            property_name: "P".into(),
            time_zone: "Europe/Prague".into(),
            currency: "CZK".into(),
            segment_ids: vec![3],
            rooms: BTreeMap::from([("10".into(), Some("7".into())), ("11".into(), Some("7".into()))]),
            capacities: BTreeMap::from([("7".into(), 2)]),
        }
    }

    #[test]
    fn windows_are_consecutive_local_months() {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        let c = ctx();
        let periods = ReservantoConnector::periods(&c, today, FULL_PAST_WINDOWS, FULL_FUTURE_WINDOWS);
        assert_eq!(periods.len(), 18);
        let bounds: Vec<(i64, i64)> = periods.iter().map(|p| p.bounds).collect();
        for p in &periods {
            let query: WindowQuery = serde_json::from_value(ReservantoConnector::period_window(p).query).unwrap();
            assert_eq!(query, WindowQuery::Period { from: p.bounds.0, to: p.bounds.1 }, "a window reads its period");
        }
        assert!(bounds.windows(2).all(|p| p[0].1 == p[1].0), "no gaps, no overlaps");
        assert_eq!(c.local_date(bounds[6].0), today);
        assert_eq!(c.local_date(bounds[0].0), today - Duration::days(186));
        assert!(bounds.iter().all(|(f, t)| (t - f) <= 31 * 86_400 + 3600), "DST adds at most an hour");
    }

    #[test]
    fn a_stay_needs_a_room_or_a_category_of_the_property() {
        let c = ctx();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let stay = |cat: Option<&str>, room: Option<&str>| StayRequest {
            arrival: d("2026-03-12"),
            departure: d("2026-03-14"),
            category_provider_id: cat.map(Into::into),
            room_provider_id: room.map(Into::into),
            additional_room_provider_ids: vec![],
            adults: 2,
            children: 0,
        };
        assert_eq!(ReservantoConnector::candidates(&c, &stay(Some("7"), None)).unwrap(), vec![10, 11]);
        assert_eq!(ReservantoConnector::candidates(&c, &stay(Some("7"), Some("11"))).unwrap(), vec![11]);
        assert_eq!(
            ReservantoConnector::candidates(&c, &stay(None, Some("99"))).unwrap_err().field.as_deref(),
            Some("room_id")
        );
        assert_eq!(
            ReservantoConnector::candidates(&c, &stay(None, None)).unwrap_err().field.as_deref(),
            Some("category_id")
        );
        let mut back = stay(Some("7"), None);
        back.departure = back.arrival;
        assert_eq!(ReservantoConnector::candidates(&c, &back).unwrap_err().field.as_deref(), Some("departure"));
    }
}
