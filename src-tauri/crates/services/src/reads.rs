//! Reads, all from the cache: they work offline.

use chrono::NaiveDate;
use innkeep_core::desk::MAX_TIMELINE_NIGHTS;
use innkeep_core::validate;
use innkeep_core::{
    ActivityEntry, AppError, Guest, Reservation, ReservationDetail, ReservationQuery, RoomList, SearchResults,
    Timeline, TodayBoard,
};

use crate::Innkeep;

/// How many guests and how many reservations the search box shows at most.
pub const SEARCH_LIMIT_PER_KIND: u32 = 8;
/// Longer than any name, e-mail, phone or number a person would type.
const SEARCH_MAX_CHARS: usize = 200;

/// How many guests the guests screen lists at once.
pub const GUEST_PAGE: u32 = 200;
impl Innkeep {
    pub async fn reservations(&self, query: &ReservationQuery) -> Result<Vec<Reservation>, AppError> {
        self.check_filters(query).await?;
        validate::check_rows("limit", query.limit)?;
        self.store().reservations(query).await
    }

    /// Every reservation the filters of `query` match, however many (an export).
    pub(crate) async fn all_reservations(&self, query: &ReservationQuery) -> Result<Vec<Reservation>, AppError> {
        self.check_filters(query).await?;
        self.store().reservations(&ReservationQuery { limit: Some(u32::MAX), ..query.clone() }).await
    }

    pub async fn reservation_detail(&self, id: i64) -> Result<ReservationDetail, AppError> {
        let reservation = self.store().reservation(id).await?;
        let guest = match reservation.guest_id {
            Some(g) => Some(self.store().guest(g).await?),
            None => None,
        };
        let account = self.store().account(reservation.account_id).await?;
        Ok(ReservationDetail {
            activity: self.store().activity(None, Some(id), 100).await?,
            raw: self.store().reservation_raw(id).await?,
            capabilities: account.account.capabilities,
            guest,
            reservation,
        })
    }

    /// The guests screen's page: up to [`GUEST_PAGE`] guests, plus one more when more match, so the
    /// screen can say the list goes on (and ask for a narrower search) instead of a wrong count.
    pub async fn guests(&self, search: Option<&str>) -> Result<Vec<Guest>, AppError> {
        validate::check_optional_length("search", search, validate::limits::SEARCH)?;
        self.store().guests(search, GUEST_PAGE + 1).await
    }

    /// The search box: guests and reservations matching `query` across all accounts, at most
    /// `SEARCH_LIMIT_PER_KIND` of each. An empty query finds nothing (not everyone).
    pub async fn search_everything(&self, query: &str) -> Result<SearchResults, AppError> {
        let query = query.trim();
        if query.chars().count() > SEARCH_MAX_CHARS {
            return Err(AppError::validation(
                "query",
                format!("The search is too long: at most {SEARCH_MAX_CHARS} characters."),
            ));
        }
        let (guests, reservations) = if query.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            (
                self.store().guests(Some(query), SEARCH_LIMIT_PER_KIND).await?,
                self.store().reservations_matching(query, SEARCH_LIMIT_PER_KIND).await?,
            )
        };
        Ok(SearchResults { query: query.to_string(), guests, reservations, limit_per_kind: SEARCH_LIMIT_PER_KIND })
    }

    pub async fn guest(&self, id: i64) -> Result<Guest, AppError> {
        self.store().guest(id).await
    }

    pub async fn rooms(&self, account_id: i64) -> Result<RoomList, AppError> {
        self.store().account(account_id).await?;
        Ok(RoomList {
            categories: self.store().categories(account_id).await?,
            rooms: self.store().rooms(account_id).await?,
        })
    }

    /// The newest `limit` entries (1 to [`validate::limits::ACTIVITY_ROWS`]) of one account or all.
    pub async fn activity(&self, account_id: Option<i64>, limit: u32) -> Result<Vec<ActivityEntry>, AppError> {
        if limit == 0 {
            return Err(AppError::validation("limit", "Ask for at least one entry of the activity log."));
        }
        if limit > validate::limits::ACTIVITY_ROWS {
            return Err(AppError::validation(
                "limit",
                format!("At most {} entries of the activity log can be read at once.", validate::limits::ACTIVITY_ROWS),
            ));
        }
        if let Some(id) = account_id {
            self.store().account(id).await?;
        }
        self.store().activity(account_id, None, limit).await
    }

    /// A reservation query's filters: a search within its length, dates plausible and in order,
    /// and the account and guest it names existing.
    async fn check_filters(&self, query: &ReservationQuery) -> Result<(), AppError> {
        validate::check_optional_length("search", query.search.as_deref(), validate::limits::SEARCH)?;
        if let Some(from) = query.from {
            validate::check_date("from", from)?;
        }
        if let Some(to) = query.to {
            validate::check_date("to", to)?;
        }
        if let (Some(from), Some(to)) = (query.from, query.to) {
            if to < from {
                return Err(AppError::validation("to", "The end of the date range is before its start."));
            }
        }
        if let Some(id) = query.account_id {
            self.store().account(id).await?;
        }
        if let Some(id) = query.guest_id {
            self.store().guest(id).await?;
        }
        Ok(())
    }
}

impl Innkeep {
    /// The timeline of the nights `from .. to` (at most a little over a year at once).
    pub async fn timeline(&self, from: NaiveDate, to: NaiveDate) -> Result<Timeline, AppError> {
        validate::check_date("from", from)?;
        validate::check_date("to", to)?;
        if to <= from {
            return Err(AppError::validation("to", "The timeline's end must be after its start."));
        }
        if (to - from).num_days() > MAX_TIMELINE_NIGHTS {
            return Err(AppError::validation(
                "to",
                format!("The timeline shows at most {MAX_TIMELINE_NIGHTS} nights at once."),
            ));
        }
        self.store().timeline(from, to).await
    }

    /// Today's arrivals, departures and guests in house, and occupancy for the next fortnight.
    pub async fn today_board(&self, date: NaiveDate) -> Result<TodayBoard, AppError> {
        validate::check_date("date", date)?;
        self.store().today_board(date, TODAY_NIGHTS).await
    }

    pub async fn link_rooms(&self, room_ids: &[i64]) -> Result<(), AppError> {
        if room_ids.len() < 2 {
            return Err(AppError::validation("room_ids", "Choose at least two rooms to link."));
        }
        if room_ids.len() > validate::limits::LINKED_ROOMS {
            return Err(AppError::validation(
                "room_ids",
                format!("At most {} rooms can be linked as one physical room.", validate::limits::LINKED_ROOMS),
            ));
        }
        if let Some(twice) = room_ids.iter().enumerate().find_map(|(i, id)| room_ids[..i].contains(id).then_some(id)) {
            let name = self.store().room(*twice).await?.name;
            return Err(AppError::validation(
                "room_ids",
                format!("Room {name} is chosen twice; choose each room once."),
            ));
        }
        self.store().link_rooms(room_ids).await
    }

    /// Takes the room out of its link (nothing to do when it is not linked).
    pub async fn unlink_room(&self, room_id: i64) -> Result<(), AppError> {
        self.store().room(room_id).await?;
        self.store().unlink_room(room_id).await
    }
}

/// Today and the next 14 nights.
pub const TODAY_NIGHTS: u32 = 15;
