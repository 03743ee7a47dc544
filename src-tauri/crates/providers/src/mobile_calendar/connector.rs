//! Mobile Calendar behind the [`Connector`] interface.
//!
//! Sync: a full read is the guest list (all clients, paged) and then every reservation staying
//! inside [today − 200 days, today + 550 days] (`from`/`to`), deleted ones included
//! (`includeDeleted=1`) so cancellations arrive as Cancelled. Later reads are the clients edited
//! since the watermark (`orderBy=editDate DESC`, read until older ones come) and the
//! reservations with `lastEdit` ≥ watermark − 5 minutes. The watermark is the server's clock
//! (its `Date` header) when the plan was made, sent as Unix **seconds**.
//!
//! Every page carries the guests of its reservations: the connector remembers the clients it
//! has read and fetches unknown ones by id (or re-reads the whole list when many are unknown).
//! Groups are completed from their other rooms (found by their shared dates) before mapping.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use innkeep_core::records::{GuestRecord, PropertyInfo};
use innkeep_core::{AppError, ErrorKind, Money, ProviderKind};
use serde::{Deserialize, Serialize};

use super::client::{Budget, McClient};
use super::map::{self, Id, McConfig, Rooms};
use super::wire::{self, paths, OneOrMany, MAX_WINDOW_DAYS};
use crate::connector::{
    matching, Catalog, Change, Connector, Coverage, Endpoint, GuestEdit, GuestRef, Lookup, NewBooking, Page, StayQuote,
    StayRequest, SyncPlan, Target, Window,
};

/// How far around today the first (full) read reaches.
const FULL_PAST: Duration = Duration::days(200);
const FULL_FUTURE: Duration = Duration::days(550);
/// Changes made while a sync ran are caught by the next one.
const OVERLAP: Duration = Duration::minutes(5);
/// Up to this many unknown guests are fetched one by one; more, and the list is read.
const FETCH_ONE_BY_ONE: usize = 5;

pub fn connect(endpoint: &Endpoint<'_>) -> Result<Arc<dyn Connector>, AppError> {
    let config: McConfig = serde_json::from_value(endpoint.config.clone()).unwrap_or_default();
    let budget = config
        .requests_per_minute
        .map(|n| Budget { requests: n, window: StdDuration::from_secs(60) })
        .unwrap_or(Budget::MOBILE_CALENDAR);
    Ok(Arc::new(MobileCalendarConnector::new(endpoint.base_url, endpoint.credentials, config, budget)?))
}

#[derive(Debug, Clone)]
struct RoomInfo {
    rooms: Vec<wire::Room>,
    types: Vec<wire::RoomType>,
    map: Rooms,
}

impl RoomInfo {
    fn room(&self, id: i64) -> Option<&wire::Room> {
        self.rooms.iter().find(|r| r.room_id == id)
    }

    /// Adults and children a room takes.
    fn caps(&self, id: i64) -> (u32, u32) {
        let room = self.room(id);
        let t = room.and_then(|r| r.room_type_id).and_then(|t| self.types.iter().find(|x| x.room_type_id == t));
        let adults = room.and_then(|r| r.max_adults).or(t.and_then(|t| t.max_adults)).unwrap_or(2);
        let children = room.and_then(|r| r.max_children).or(t.and_then(|t| t.max_children)).unwrap_or(0);
        (adults, children)
    }

    fn category_name(&self, type_id: i64) -> String {
        self.types
            .iter()
            .find(|t| t.room_type_id == type_id)
            .and_then(|t| map::text(&t.description))
            .unwrap_or_else(|| "room".into())
    }
}

pub struct MobileCalendarConnector {
    client: McClient,
    config: Mutex<McConfig>,
    rooms: tokio::sync::Mutex<Option<RoomInfo>>,
    /// The clients read so far, by id.
    guests: Mutex<HashMap<i64, wire::Client>>,
    /// The rooms of the group a stays page ended with (perhaps none), held back for the next
    /// page, which holds the group's other rooms (a group's rooms have consecutive ids): no extra
    /// read for them, and the next page knows the one before it was read.
    carry: Mutex<Option<Carry>>,
}

/// Rows held back from a stays window's page, for page `page` of the same window.
struct Carry {
    window: (NaiveDate, NaiveDate),
    page: u32,
    rows: Vec<wire::Reservation>,
}

/// A stays page with the groups its edges cut made whole, as far as pages can: `rows` to map,
/// `held` (the rooms of the group the page ends with, for the next page, which holds the rest of
/// it) and `read_group` (the group the page starts with when the previous page was not read
/// here, as when a sync resumes mid-window: its other rooms must be read on their own).
#[derive(Debug)]
struct Stitched {
    rows: Vec<wire::Reservation>,
    held: Vec<wire::Reservation>,
    read_group: Option<i64>,
}

/// Rooms of a group are made together, so their ids are consecutive and, ordered by id, a group
/// can only be cut by a page's edges. `carried` is what the previous page held back (perhaps
/// nothing), or None when that page was not read in this process.
fn stitch(carried: Option<Vec<wire::Reservation>>, page: Vec<wire::Reservation>, first: bool, more: bool) -> Stitched {
    let previous_seen = first || carried.is_some();
    let mut rows = carried.unwrap_or_default();
    rows.extend(page);
    let mut held = Vec::new();
    if let (true, Some(g)) = (more, rows.last().and_then(|r| r.group_id)) {
        let start = rows.iter().rposition(|r| r.group_id != Some(g)).map_or(0, |i| i + 1);
        held = rows.split_off(start);
    }
    let read_group = rows.first().and_then(|r| r.group_id).filter(|_| !previous_seen);
    Stitched { rows, held, read_group }
}

/// A window's query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum WindowQuery {
    /// Every client.
    Guests,
    /// Clients edited at or after `since` (Unix seconds).
    GuestsEdited { since: i64 },
    /// Reservations staying inside `from..=to`.
    Stays { from: NaiveDate, to: NaiveDate },
    /// Reservations edited at or after `since` (Unix seconds).
    Edited { since: i64 },
}

fn parse_i64(value: &str, field: &str, what: &str) -> Result<i64, AppError> {
    value.parse().map_err(|_| AppError::validation(field, format!("“{value}” is not a Mobile Calendar {what} id.")))
}

/// Spreads `total` guests over rooms of the given capacities one by one, as Mobile Calendar
/// does for a group; `None` if they do not fit.
fn spread(total: u32, caps: &[u32]) -> Option<Vec<u32>> {
    if total > caps.iter().sum() {
        return None;
    }
    let mut out = vec![0; caps.len()];
    let mut left = total;
    while left > 0 {
        for (i, cap) in caps.iter().enumerate() {
            if left > 0 && out[i] < *cap {
                out[i] += 1;
                left -= 1;
            }
        }
    }
    Some(out)
}

fn human(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

impl MobileCalendarConnector {
    pub fn new(
        base_url: &str,
        credentials: &innkeep_core::Credentials,
        config: McConfig,
        budget: Budget,
    ) -> Result<Self, AppError> {
        Ok(Self {
            client: McClient::new(base_url, credentials, budget)?,
            config: Mutex::new(config),
            rooms: tokio::sync::Mutex::new(None),
            guests: Mutex::new(HashMap::new()),
            carry: Mutex::new(None),
        })
    }

    pub fn client(&self) -> &McClient {
        &self.client
    }

    fn config(&self) -> McConfig {
        self.config.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    async fn room_info(&self, refresh: bool) -> Result<RoomInfo, AppError> {
        let mut slot = self.rooms.lock().await;
        if let (Some(info), false) = (slot.as_ref(), refresh) {
            return Ok(info.clone());
        }
        let rooms = self.client.rooms().await?;
        let types = self.client.room_types().await?;
        let info = RoomInfo { map: Rooms::from_wire(&rooms), rooms, types };
        *slot = Some(info.clone());
        Ok(info)
    }

    /// The property and the settings: name and currency from the newest invoice, the rate from
    /// the rate plans; the time zone as configured (Poland unless set).
    async fn discover(&self) -> Result<(PropertyInfo, McConfig), AppError> {
        let mut config = self.config();
        let invoice = self.client.latest_invoice().await?;
        let rates = self.client.rates().await?;
        if let Some(inv) = &invoice {
            config.currency = inv.currency.clone();
            if let Some(name) = inv.seller.as_ref().and_then(|s| s.company_name.clone()) {
                config.property_name = Some(name);
            }
        }
        let base_rate = rates.iter().filter(|r| r.parent_rate_id.is_none()).min_by_key(|r| r.rate_id).or(rates.first());
        config.rate_id = base_rate.map(|r| r.rate_id).or(config.rate_id);
        *self.config.lock().unwrap_or_else(|e| e.into_inner()) = config.clone();
        let property = PropertyInfo {
            name: config.property_name.clone().unwrap_or_else(|| "Mobile Calendar property".into()),
            time_zone: config.time_zone.clone(),
            currency: config.currency.clone(),
        };
        Ok((property, config))
    }

    fn remember(&self, clients: &[wire::Client]) {
        let mut g = self.guests.lock().unwrap_or_else(|e| e.into_inner());
        for c in clients {
            g.insert(c.client_id, c.clone());
        }
    }

    /// The guests with these ids, from memory or Mobile Calendar. Ids it no longer knows are
    /// left out.
    async fn guests_for(&self, ids: &BTreeSet<i64>) -> Result<Vec<GuestRecord>, AppError> {
        let missing = |me: &Self| -> Vec<i64> {
            let g = me.guests.lock().unwrap_or_else(|e| e.into_inner());
            ids.iter().copied().filter(|id| !g.contains_key(id)).collect()
        };
        if missing(self).len() > FETCH_ONE_BY_ONE {
            let all = self
                .client
                .all::<wire::Client>(
                    paths::CLIENTS,
                    vec![("orderBy".into(), "clientId".into())],
                    super::client::Doing::Guests,
                )
                .await?;
            self.remember(&all);
        }
        for id in missing(self) {
            match self.client.client(id).await {
                Ok(c) => self.remember(&[c]),
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        let g = self.guests.lock().unwrap_or_else(|e| e.into_inner());
        Ok(ids.iter().filter_map(|id| g.get(id)).map(map::guest).collect())
    }

    /// A page from reservations as read: LOCKs dropped, groups completed (when `complete` says
    /// a group may be missing rooms), mapped, with their guests.
    async fn page(
        &self,
        mut reservations: Vec<wire::Reservation>,
        complete: impl Fn(&[wire::Reservation], i64) -> bool,
        next: Option<String>,
    ) -> Result<Page, AppError> {
        reservations.retain(|r| r.kind != wire::LOCK);
        let groups: BTreeSet<(i64, NaiveDate, NaiveDate)> = reservations
            .iter()
            .filter(|r| r.kind == wire::GROUP)
            .filter_map(|r| r.group_id.map(|g| (g, r.arrival, r.departure)))
            .collect();
        let mut done = BTreeSet::new();
        for (g, arrival, departure) in groups {
            if done.contains(&g) || !complete(&reservations, g) {
                continue;
            }
            done.insert(g);
            let others = self.client.reservations_on(arrival, departure).await?;
            for o in others.into_iter().filter(|o| o.group_id == Some(g)) {
                if !reservations.iter().any(|r| r.reservation_id == o.reservation_id) {
                    reservations.push(o);
                }
            }
        }
        let info = self.room_info(false).await?;
        let config = self.config();
        let mut records = map::records(&reservations, &info.map, &config);
        let ids: BTreeSet<i64> = records.iter().filter_map(|r| r.guest_provider_id.as_ref()?.parse().ok()).collect();
        let guests = self.guests_for(&ids).await?;
        // A guest deleted in Mobile Calendar: the reservation keeps no dangling reference.
        for r in &mut records {
            if r.guest_provider_id.as_ref().is_some_and(|g| !guests.iter().any(|x| &x.provider_id == g)) {
                r.guest_provider_id = None;
            }
        }
        Ok(Page { guests, reservations: records, next })
    }

    fn take_carry(&self, window: (NaiveDate, NaiveDate), page: u32) -> Option<Vec<wire::Reservation>> {
        let mut slot = self.carry.lock().unwrap_or_else(|e| e.into_inner());
        match slot.take() {
            Some(c) if c.window == window && c.page == page => Some(c.rows),
            _ => None,
        }
    }

    /// The reservations a target stands for, fresh from Mobile Calendar.
    async fn members(&self, target: &Target) -> Result<Vec<wire::Reservation>, AppError> {
        let gone = || AppError::not_found("Mobile Calendar no longer has this reservation. Sync to refresh the list.");
        match map::parse_id(&target.provider_id).ok_or_else(gone)? {
            Id::Single(id) => Ok(vec![self.client.reservation(id).await?]),
            Id::Group(g) => {
                let ids = map::group_member_ids(&target.raw);
                let mut found: Vec<wire::Reservation> = if ids.is_empty() {
                    self.client.reservations_on(target.arrival, target.departure).await?
                } else {
                    self.client.reservations_by_ids(&ids).await?
                };
                found.retain(|r| r.group_id == Some(g));
                found.sort_by_key(|r| r.reservation_id);
                if found.is_empty() {
                    return Err(gone());
                }
                Ok(found)
            }
        }
    }

    /// The target's reservations again, as a page.
    async fn refetch(&self, members: &[wire::Reservation]) -> Result<Page, AppError> {
        let ids: Vec<i64> = members.iter().map(|m| m.reservation_id).collect();
        let fresh = self.client.reservations_by_ids(&ids).await?;
        self.page(fresh, |_, _| false, None).await
    }

    /// Free rooms (of `candidates`) on every night of the stay.
    async fn free_rooms(
        &self,
        candidates: &[i64],
        arrival: NaiveDate,
        departure: NaiveDate,
    ) -> Result<Vec<i64>, AppError> {
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let last_night = departure - Duration::days(1);
        let days = self.client.availability(candidates, arrival, last_night).await?;
        let mut free: Vec<i64> = days
            .iter()
            .filter(|r| {
                candidates.contains(&r.room_id)
                    && !r.availability.is_empty()
                    && r.availability.iter().all(|d| d.rooms_to_sell > 0)
            })
            .map(|r| r.room_id)
            .collect();
        free.sort_by_key(|id| candidates.iter().position(|c| c == id));
        Ok(free)
    }

    fn check_stay(stay: &StayRequest) -> Result<(), AppError> {
        if stay.departure <= stay.arrival {
            return Err(AppError::validation("departure", "Departure must be after arrival."));
        }
        if (stay.departure - stay.arrival).num_days() > MAX_WINDOW_DAYS {
            return Err(AppError::validation(
                "departure",
                format!("Mobile Calendar checks at most {MAX_WINDOW_DAYS} nights at a time; book a shorter stay."),
            ));
        }
        Ok(())
    }

    /// The rooms of a stay: the chosen one(s), else a free room of the category.
    async fn rooms_for(&self, info: &RoomInfo, stay: &StayRequest) -> Result<Vec<i64>, AppError> {
        let mut extra = Vec::new();
        for r in &stay.additional_room_provider_ids {
            extra.push(parse_i64(r, "room_id", "room")?);
        }
        let first = match &stay.room_provider_id {
            Some(r) => parse_i64(r, "room_id", "room")?,
            None => {
                let cat = stay
                    .category_provider_id
                    .as_deref()
                    .ok_or_else(|| AppError::validation("category_id", "Choose a room category or a room."))?;
                let type_id = parse_i64(cat, "category_id", "room type")?;
                let candidates: Vec<i64> = info
                    .rooms
                    .iter()
                    .filter(|r| r.room_type_id == Some(type_id) && !extra.contains(&r.room_id))
                    .map(|r| r.room_id)
                    .collect();
                *self.free_rooms(&candidates, stay.arrival, stay.departure).await?.first().ok_or_else(|| {
                    AppError::new(
                        ErrorKind::Conflict,
                        format!(
                            "No “{}” is free from {} to {} in Mobile Calendar. Choose other dates or another category.",
                            info.category_name(type_id),
                            human(stay.arrival),
                            human(stay.departure)
                        ),
                    )
                })?
            }
        };
        let mut all = vec![first];
        all.extend(extra.into_iter().filter(|r| *r != first));
        for r in &all {
            if info.room(*r).is_none() {
                return Err(AppError::validation(
                    "room_id",
                    "That room is not in Mobile Calendar any more; sync and choose again.",
                ));
            }
        }
        Ok(all)
    }

    /// PATCHes each reservation with the body `make` gives it; on a refusal puts the ones
    /// already changed back (`undo`) and says so.
    async fn patch_all(
        &self,
        members: &[wire::Reservation],
        make: impl Fn(usize, &wire::Reservation) -> wire::ReservationUpdateRequest,
        undo: impl Fn(&wire::Reservation) -> Option<wire::ReservationUpdateRequest>,
    ) -> Result<(), AppError> {
        let mut done: Vec<&wire::Reservation> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            if let Err(mut e) = self.client.update_reservation(m.reservation_id, &make(i, m)).await {
                if !done.is_empty() {
                    let mut undone = true;
                    for d in done.iter().rev() {
                        if let Some(body) = undo(d) {
                            undone &= self.client.update_reservation(d.reservation_id, &body).await.is_ok();
                        }
                    }
                    e.message.push_str(if undone {
                        " The other rooms of the group were put back as they were, so nothing changed."
                    } else {
                        " Some rooms of the group were already changed and could not be put back: sync and check the group in Mobile Calendar."
                    });
                }
                return Err(e);
            }
            done.push(m);
        }
        Ok(())
    }
}

#[async_trait]
impl Connector for MobileCalendarConnector {
    fn provider(&self) -> ProviderKind {
        ProviderKind::MobileCalendar
    }

    async fn check(&self) -> Result<PropertyInfo, AppError> {
        Ok(self.discover().await?.0)
    }

    async fn catalog(&self) -> Result<Catalog, AppError> {
        let (property, config) = self.discover().await?;
        let info = self.room_info(true).await?;
        Ok(Catalog {
            property,
            config: serde_json::to_value(&config).unwrap_or_default(),
            categories: info.types.iter().enumerate().map(|(i, t)| map::category(t, i as i32)).collect(),
            rooms: info.rooms.iter().map(map::room).collect(),
        })
    }

    async fn plan(&self, since: Option<&str>, full: bool) -> Result<SyncPlan, AppError> {
        // One cheap read for the server's clock: the watermark of this sync.
        let probe = vec![("limit".to_string(), "1".to_string())];
        self.client.reservations_page(probe, 1).await?;
        let now = self.client.server_time().unwrap_or_else(Utc::now);
        let since = since.and_then(|w| w.parse::<DateTime<Utc>>().ok()).filter(|_| !full);
        let window =
            |label: String, q: WindowQuery| Window { label, query: serde_json::to_value(q).expect("plain data") };
        let mut covers = None;
        let windows = match since {
            Some(since) => {
                let from = (since - OVERLAP).timestamp();
                let at = (since - OVERLAP).format("%Y-%m-%d %H:%M UTC");
                vec![
                    window(format!("guests changed since {at}"), WindowQuery::GuestsEdited { since: from }),
                    window(format!("reservations changed since {at}"), WindowQuery::Edited { since: from }),
                ]
            }
            None => {
                let tz: chrono_tz::Tz = self.config().time_zone.parse().unwrap_or(chrono_tz::Europe::Warsaw);
                let today = now.with_timezone(&tz).date_naive();
                let (from, to) = (today - FULL_PAST, today + FULL_FUTURE);
                covers = Some(Coverage::Stays { from, to });
                vec![
                    window("all guests".into(), WindowQuery::Guests),
                    window(format!("stays {from} – {to}"), WindowQuery::Stays { from, to }),
                ]
            }
        };
        Ok(SyncPlan { full: since.is_none(), windows, watermark: Some(now.to_rfc3339()), covers })
    }

    async fn read(&self, window: &Window, page: Option<&str>) -> Result<Page, AppError> {
        let query: WindowQuery = serde_json::from_value(window.query.clone())
            .map_err(|e| AppError::internal(format!("A saved Mobile Calendar sync window is unreadable ({e}).")))?;
        let n: u32 = page.and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
        match query {
            WindowQuery::Guests | WindowQuery::GuestsEdited { .. } => {
                let edited = matches!(query, WindowQuery::GuestsEdited { .. });
                let list = self.client.clients_page(if edited { "editDate" } else { "clientId" }, edited, n).await?;
                let more = n < list.meta.total_pages;
                let (clients, next) = match query {
                    WindowQuery::GuestsEdited { since } => {
                        let keep: Vec<wire::Client> = list
                            .data
                            .iter()
                            .filter(|c| c.edit_date.is_some_and(|e| e.timestamp() >= since))
                            .cloned()
                            .collect();
                        let all_recent = keep.len() == list.data.len();
                        (keep, (more && all_recent).then(|| (n + 1).to_string()))
                    }
                    _ => (list.data, more.then(|| (n + 1).to_string())),
                };
                self.remember(&clients);
                Ok(Page { guests: clients.iter().map(map::guest).collect(), reservations: Vec::new(), next })
            }
            WindowQuery::Stays { from, to } => {
                let filter = vec![
                    ("from".to_string(), from.to_string()),
                    ("to".to_string(), to.to_string()),
                    ("includeDeleted".to_string(), "1".to_string()),
                    ("orderBy".to_string(), "reservationId".to_string()),
                ];
                let list = self.client.reservations_page(filter, n).await?;
                let more = n < list.meta.total_pages;
                let next = more.then(|| (n + 1).to_string());
                // Rooms of a group are made together (consecutive ids): only a group at the
                // edge of the page may have rooms on the next or previous page. The group the
                // page ends with waits for the next page; the one it starts with came with the
                // previous page, unless this read resumes a sync (then it is read on its own).
                let carried = self.take_carry((from, to), n);
                let stitched = stitch(carried, list.data, n == 1, more);
                if more {
                    let carry = Carry { window: (from, to), page: n + 1, rows: stitched.held };
                    *self.carry.lock().unwrap_or_else(|e| e.into_inner()) = Some(carry);
                }
                let read = stitched.read_group;
                self.page(stitched.rows, move |_, g| read == Some(g), next).await
            }
            WindowQuery::Edited { since } => {
                let filter = vec![
                    ("lastEdit".to_string(), since.to_string()),
                    ("includeDeleted".to_string(), "1".to_string()),
                    ("orderBy".to_string(), "reservationId".to_string()),
                ];
                let list = self.client.reservations_page(filter, n).await?;
                let next = (n < list.meta.total_pages).then(|| (n + 1).to_string());
                // A change to one room of a group: read the group's other rooms too.
                self.page(list.data, |_, _| true, next).await
            }
        }
    }

    async fn quote(&self, stay: &StayRequest) -> Result<StayQuote, AppError> {
        Self::check_stay(stay)?;
        let info = self.room_info(false).await?;
        let config = self.config();
        let chosen: Vec<i64> = match &stay.room_provider_id {
            Some(r) => {
                let mut v = vec![parse_i64(r, "room_id", "room")?];
                for a in &stay.additional_room_provider_ids {
                    v.push(parse_i64(a, "room_id", "room")?);
                }
                v
            }
            None => Vec::new(),
        };
        let (available_rooms, priced) = if chosen.is_empty() {
            let cat = stay
                .category_provider_id
                .as_deref()
                .ok_or_else(|| AppError::validation("category_id", "Choose a room category or a room."))?;
            let type_id = parse_i64(cat, "category_id", "room type")?;
            let candidates: Vec<i64> =
                info.rooms.iter().filter(|r| r.room_type_id == Some(type_id)).map(|r| r.room_id).collect();
            let free = self.free_rooms(&candidates, stay.arrival, stay.departure).await?;
            let priced = free.first().or(candidates.first()).copied().into_iter().collect::<Vec<_>>();
            (free.len() as u32, priced)
        } else {
            let free = self.free_rooms(&chosen, stay.arrival, stay.departure).await?;
            (u32::from(free.len() == chosen.len()), chosen.clone())
        };
        if priced.is_empty() {
            return Ok(StayQuote { total: None, available_rooms });
        }
        let caps: Vec<(u32, u32)> = priced.iter().map(|r| info.caps(*r)).collect();
        let adults = spread(stay.adults, &caps.iter().map(|c| c.0).collect::<Vec<_>>())
            .ok_or_else(|| AppError::validation("adults", "Too many adults for the chosen room(s)."))?;
        let children = spread(stay.children, &caps.iter().map(|c| c.1).collect::<Vec<_>>())
            .ok_or_else(|| AppError::validation("children", "Too many children for the chosen room(s)."))?;
        let last_night = stay.departure - Duration::days(1);
        let prices = self.client.pricing(&priced, config.rate_id, stay.arrival, last_night).await?;
        let mut total = 0.0;
        for (i, room) in priced.iter().enumerate() {
            let entry = prices
                .iter()
                .find(|p| p.room_id == Some(*room) && config.rate_id.is_none_or(|r| p.rate.rate_id == r))
                .or_else(|| prices.iter().find(|p| p.room_id == Some(*room)));
            let Some(entry) = entry else { return Ok(StayQuote { total: None, available_rooms }) };
            let persons = adults[i] + children[i];
            let nights: Vec<f64> = entry
                .prices
                .iter()
                .filter(|d| d.date >= stay.arrival && d.date < stay.departure)
                .map(|d| d.for_persons(persons.max(1)))
                .collect();
            if nights.len() as i64 != (stay.departure - stay.arrival).num_days() {
                return Ok(StayQuote { total: None, available_rooms });
            }
            total += nights.iter().sum::<f64>();
        }
        Ok(StayQuote { total: Some(Money::from_decimal(total, &config.currency)), available_rooms })
    }

    async fn create(&self, booking: &NewBooking) -> Result<Page, AppError> {
        let stay = &booking.stay;
        Self::check_stay(stay)?;
        let guest =
            booking.guests.first().ok_or_else(|| AppError::validation("guest", "Choose or enter the guest."))?;
        let info = self.room_info(false).await?;
        let config = self.config();
        let rooms = self.rooms_for(&info, stay).await?;
        let mut created: Option<wire::Client> = None;
        let client_id = match guest {
            GuestRef::Existing(id) => parse_i64(id, "guest", "guest")?,
            GuestRef::New(g) => {
                let blank =
                    |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
                let body = wire::ClientRequest {
                    name: g.last_name.trim().to_string(),
                    forename: Some(g.first_name.trim().to_string()).filter(|f| !f.is_empty()),
                    email: blank(&g.email),
                    phone: blank(&g.phone),
                    ..Default::default()
                };
                let client = self.client.create_client(&body).await?;
                self.remember(std::slice::from_ref(&client));
                let id = client.client_id;
                created = Some(client);
                id
            }
        };
        let kind = if rooms.len() > 1 { wire::GROUP } else { wire::SINGLE };
        let room_id = if rooms.len() > 1 { OneOrMany::Many(rooms.clone()) } else { OneOrMany::One(rooms[0]) };
        let mut body = wire::ReservationCreateRequest::new(kind, stay.arrival, stay.departure, room_id);
        body.client_id = Some(client_id);
        body.adults = Some(stay.adults);
        body.children = Some(stay.children);
        body.rate_id = config.rate_id;
        body.currency = Some(config.currency.clone());
        // Mobile Calendar keeps one client per reservation (and per group): further guests of
        // the booking are named in its notes, so nothing the manager typed is lost.
        let others: Vec<String> = booking.guests[1..]
            .iter()
            .map(|g| match g {
                GuestRef::Existing(id) => format!("client no. {id}"),
                GuestRef::New(n) => innkeep_core::full_name(Some(&n.first_name), &n.last_name),
            })
            .collect();
        let notes = booking.notes.clone().map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        body.additional_info = match (notes, others.is_empty()) {
            (notes, true) => notes,
            (None, false) => Some(format!("Further guests: {}", others.join(", "))),
            (Some(n), false) => Some(format!("{n}\nFurther guests: {}", others.join(", "))),
        };
        match self.client.try_create_reservation(&body).await {
            Ok(made) => {
                let mut page = self.page(made, |_, _| false, None).await?;
                if let Some(c) = created {
                    if !page.guests.iter().any(|g| g.provider_id == c.client_id.to_string()) {
                        page.guests.push(map::guest(&c));
                    }
                }
                if page.reservations.is_empty() {
                    return Err(AppError::new(
                        ErrorKind::Malformed,
                        "Mobile Calendar made the booking but sent no reservation back. Sync to see it.",
                    ));
                }
                Ok(page)
            }
            Err((mut e, uncertain)) => {
                match (created, uncertain) {
                    (Some(c), false) => {
                        let who = map::guest(&c);
                        let name = innkeep_core::full_name(who.first_name.as_deref(), &who.last_name);
                        if self.client.delete_client(c.client_id).await.is_ok() {
                            self.guests.lock().unwrap_or_else(|e| e.into_inner()).remove(&c.client_id);
                            e.message.push_str(&format!(
                                " No reservation was made, and the new guest {name} was removed again, so nothing was written to Mobile Calendar."
                            ));
                        } else {
                            e.message.push_str(&format!(
                                " No reservation was made, but the new guest {name} was added to Mobile Calendar (client no. {}); choose them as an existing guest next time.",
                                c.client_id
                            ));
                        }
                    }
                    (Some(c), true) => e.message.push_str(&format!(
                        " The new guest was added to Mobile Calendar (client no. {}); whether the reservation was made is unknown: sync before booking again.",
                        c.client_id
                    )),
                    (None, true) => e.message.push_str(" Whether the reservation was made is unknown: sync before booking again."),
                    (None, false) => e.message.push_str(" No reservation was made."),
                }
                Err(e)
            }
        }
    }

    async fn apply(&self, target: &Target, change: &Change) -> Result<Page, AppError> {
        let refuse = |reason: Option<String>| Err(AppError::new(ErrorKind::Forbidden, reason.unwrap_or_default()));
        let caps = innkeep_core::Capabilities::of(ProviderKind::MobileCalendar);
        match change {
            Change::Confirm => return refuse(caps.confirm.reason),
            Change::Reject { .. } => return refuse(caps.reject.reason),
            Change::NoShow => return refuse(caps.no_show.reason),
            Change::Delete => return refuse(caps.delete.reason),
            _ => {}
        }
        let members = self.members(target).await?;
        let live: Vec<wire::Reservation> = members.iter().filter(|m| !m.deleted()).cloned().collect();
        let is_group = matches!(map::parse_id(&target.provider_id), Some(Id::Group(_)));
        let cancelled = || {
            AppError::new(ErrorKind::Conflict, "This reservation is cancelled in Mobile Calendar; restore it first.")
        };
        match change {
            Change::Cancel { .. } => {
                // Mobile Calendar keeps no cancellation reason and has no late-cancellation rule.
                let first = live.first().ok_or_else(|| {
                    AppError::new(ErrorKind::Conflict, "This reservation is already cancelled in Mobile Calendar.")
                })?;
                self.client.delete_reservation(first.reservation_id, is_group).await?;
            }
            Change::Restore => {
                let deleted: Vec<&wire::Reservation> = members.iter().filter(|m| m.deleted()).collect();
                if deleted.is_empty() {
                    return Err(AppError::new(
                        ErrorKind::Conflict,
                        "This reservation is not cancelled in Mobile Calendar; there is nothing to restore.",
                    ));
                }
                let mut restored = Vec::new();
                for m in deleted {
                    if let Err(mut e) = self.client.restore_reservation(m.reservation_id).await {
                        let mut undone = true;
                        for r in &restored {
                            undone &= self.client.delete_reservation(*r, false).await.is_ok();
                        }
                        if !restored.is_empty() {
                            e.message.push_str(if undone {
                                " The other rooms of the group were cancelled again, so nothing changed."
                            } else {
                                " Some rooms of the group were restored and could not be cancelled again: sync and check the group in Mobile Calendar."
                            });
                        }
                        return Err(e);
                    }
                    restored.push(m.reservation_id);
                }
            }
            Change::Move { arrival, departure, room_provider_id } => {
                if live.is_empty() {
                    return Err(cancelled());
                }
                let room = room_provider_id.as_deref().map(|r| parse_i64(r, "room_id", "room")).transpose()?;
                if departure <= arrival {
                    return Err(AppError::validation("departure", "Departure must be after arrival."));
                }
                self.patch_all(
                    &live,
                    |i, _| wire::ReservationUpdateRequest {
                        arrival: Some(*arrival),
                        departure: Some(*departure),
                        room_id: if i == 0 { room } else { None },
                        ..Default::default()
                    },
                    |m| {
                        Some(wire::ReservationUpdateRequest {
                            arrival: Some(m.arrival),
                            departure: Some(m.departure),
                            room_id: Some(m.room_id),
                            ..Default::default()
                        })
                    },
                )
                .await?;
            }
            Change::CheckIn | Change::CheckOut => {
                if live.is_empty() {
                    return Err(cancelled());
                }
                let word = if *change == Change::CheckIn { wire::REG_CHECKED_IN } else { wire::REG_CHECKED_OUT };
                self.patch_all(
                    &live,
                    |_, _| wire::ReservationUpdateRequest { registration: Some(word.into()), ..Default::default() },
                    |m| {
                        Some(wire::ReservationUpdateRequest {
                            registration: m.registration.clone(),
                            ..Default::default()
                        })
                    },
                )
                .await?;
            }
            Change::EditNotes { notes } => {
                if live.is_empty() {
                    return Err(cancelled());
                }
                self.patch_all(
                    &live,
                    |_, _| wire::ReservationUpdateRequest {
                        additional_info: Some(notes.clone()),
                        ..Default::default()
                    },
                    |m| {
                        Some(wire::ReservationUpdateRequest {
                            additional_info: Some(m.additional_info.clone().unwrap_or_default()),
                            ..Default::default()
                        })
                    },
                )
                .await?;
            }
            Change::Confirm | Change::Reject { .. } | Change::NoShow | Change::Delete => unreachable!("refused above"),
        }
        self.refetch(&members).await
    }

    /// Mobile Calendar keeps no reference of Innkeep's (its notes are the manager's): the
    /// booking is looked for by its fields among the reservations with exactly its dates. None
    /// there means the first attempt was not carried out.
    async fn find_created(&self, booking: &NewBooking) -> Result<Lookup, AppError> {
        let stay = &booking.stay;
        let on_these_dates = self.client.reservations_on(stay.arrival, stay.departure).await?;
        let found = matching(&self.page(on_these_dates, |_, _| false, None).await?, booking);
        if found.reservations.is_empty() {
            return Ok(Lookup::Absent);
        }
        Ok(Lookup::Found(found))
    }

    async fn edit_guest(&self, guest_provider_id: &str, edit: &GuestEdit) -> Result<GuestRecord, AppError> {
        let id = parse_i64(guest_provider_id, "guest", "guest")?;
        let c = self.client.client(id).await?;
        let pick = |new: &Option<String>, old: &Option<String>| new.clone().or_else(|| old.clone());
        let body = wire::ClientRequest {
            name: edit.last_name.clone().unwrap_or_else(|| c.name.clone()),
            forename: pick(&edit.first_name, &c.forename),
            phone: pick(&edit.phone, &c.phone),
            email: pick(&edit.email, &c.email),
            company_name: c.company_name.clone(),
            tax_id: c.tax_id.clone(),
            personal_id: c.personal_id.clone(),
            id_card: c.id_card.clone(),
            client_type: c.client_type.clone(),
            address: c.address.clone(),
            vehicle_registration_number: c.vehicle_registration_number.clone(),
            comments: c.comments.clone(),
            country_id: c.country_id,
            lang: c.lang.clone(),
        };
        let updated = self.client.update_client(id, &body).await?;
        self.remember(std::slice::from_ref(&updated));
        Ok(map::guest(&updated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_queries_round_trip() {
        for q in [
            WindowQuery::Guests,
            WindowQuery::GuestsEdited { since: 1_773_136_800 },
            WindowQuery::Stays { from: "2026-01-01".parse().unwrap(), to: "2026-12-31".parse().unwrap() },
            WindowQuery::Edited { since: 1_773_136_800 },
        ] {
            let v = serde_json::to_value(&q).unwrap();
            assert_eq!(serde_json::from_value::<WindowQuery>(v).unwrap(), q);
        }
        assert_eq!(
            serde_json::to_value(WindowQuery::Edited { since: 5 }).unwrap(),
            serde_json::json!({"kind": "edited", "since": 5})
        );
    }

    fn booking(id: i64, group: Option<i64>) -> wire::Reservation {
        serde_json::from_value(serde_json::json!({
            "type": if group.is_some() { wire::GROUP } else { "SINGLE" },
            "reservationId": id, "groupId": group, "roomId": 1,
            "arrival": "2026-12-01", "departure": "2026-12-03"
        }))
        .unwrap()
    }

    /// Singles and groups of 2 to 7 rooms with consecutive ids, as Mobile Calendar makes them.
    fn bookings() -> Vec<wire::Reservation> {
        let mut out = Vec::new();
        let mut id = 100;
        for i in 0..40i64 {
            let rooms = if i % 3 == 0 { 2 + i % 6 } else { 1 };
            for _ in 0..rooms {
                out.push(booking(id, (rooms > 1).then_some(1000 + i)));
                id += 1;
            }
        }
        out
    }

    #[test]
    fn a_group_cut_by_a_page_edge_comes_whole_with_the_next_page_without_a_read() {
        let all = bookings();
        for size in 1..=12 {
            let pages: Vec<Vec<wire::Reservation>> = all.chunks(size).map(<[_]>::to_vec).collect();
            let mut carried = None;
            let mut seen: Vec<Vec<i64>> = Vec::new();
            for (i, page) in pages.iter().enumerate() {
                let out = stitch(carried.take(), page.clone(), i == 0, i + 1 < pages.len());
                assert_eq!(out.read_group, None, "page size {size}, page {i}: no group needs a read of its own");
                let mut groups: Vec<i64> = out.rows.iter().filter_map(|r| r.group_id).collect();
                groups.dedup();
                for g in groups {
                    seen.push(out.rows.iter().filter(|r| r.group_id == Some(g)).map(|r| r.reservation_id).collect());
                }
                if i + 1 == pages.len() {
                    assert!(out.held.is_empty(), "the last page holds nothing back");
                }
                carried = Some(out.held);
            }
            let mut expected: Vec<Vec<i64>> = Vec::new();
            for r in all.iter().filter(|r| r.group_id.is_some()) {
                match expected.last_mut() {
                    Some(last) if all.iter().any(|o| o.reservation_id == last[0] && o.group_id == r.group_id) => {
                        last.push(r.reservation_id)
                    }
                    _ => expected.push(vec![r.reservation_id]),
                }
            }
            assert_eq!(seen, expected, "page size {size}: every group whole, once, in order");
        }
    }

    #[test]
    fn a_resumed_window_reads_the_group_its_first_page_starts_with() {
        let page = vec![booking(5, Some(9)), booking(6, Some(9)), booking(7, None)];
        let out = stitch(None, page.clone(), false, true);
        assert_eq!(out.read_group, Some(9));
        assert!(out.held.is_empty());
        assert_eq!(stitch(None, page, true, true).read_group, None, "a window's first page starts a group");
    }

    #[test]
    fn guests_spread_like_the_provider() {
        assert_eq!(spread(3, &[2, 2]), Some(vec![2, 1]));
        assert_eq!(spread(5, &[2, 2]), None);
    }
}
