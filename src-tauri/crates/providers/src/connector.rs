//! The one interface the services use for every provider. Each provider module implements
//! [`Connector`] over its own client; the services never see a provider's wire types.
//!
//! Everything here speaks provider ids (strings) and the records of `innkeep_core::records`;
//! the cache's row ids never reach a provider.

use async_trait::async_trait;
use chrono::NaiveDate;
use innkeep_core::records::{CategoryRecord, GuestRecord, PropertyInfo, ReservationRecord, RoomRecord};
use innkeep_core::{AppError, Credentials, ErrorKind, Money, NewGuest, ProviderKind, ReservationState};
use serde::{Deserialize, Serialize};

/// The property, its room categories and rooms: read by every full sync, and by an incremental
/// one when the cache lacks a room its pages name.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub property: PropertyInfo,
    /// Provider settings found on the way (ids of the service, rate, location, ...). The services
    /// keep them on the account and hand them back to [`open`] next time.
    pub config: serde_json::Value,
    pub categories: Vec<CategoryRecord>,
    pub rooms: Vec<RoomRecord>,
}

/// One unit of reading: a time window, a `lastEdit` range, ... as the provider needs. `query` is
/// the connector's own description; the services store it to resume an interrupted sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// For progress and logs, e.g. `2026-01-01 – 2026-03-27`.
    pub label: String,
    pub query: serde_json::Value,
}

/// The reads of one sync, in order. Stored with the sync run, so an interrupted sync resumes
/// with the same plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncPlan {
    /// True when everything is read (no watermark yet, or a reconciliation).
    pub full: bool,
    pub windows: Vec<Window>,
    /// Stored once every window is in; handed back as `since` next time. `None`: keep the old one.
    pub watermark: Option<String>,
    /// What a full plan reads completely: a cached reservation inside it that the plan did not
    /// return is gone at the provider. `None`: the plan cannot tell (nothing is removed).
    #[serde(default)]
    pub covers: Option<Coverage>,
}

/// The reservations a full read is sure to return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Coverage {
    /// Every reservation of the account.
    Everything,
    /// Every stay overlapping these hotel-local dates.
    Stays { from: NaiveDate, to: NaiveDate },
    /// Every stay arriving on these hotel-local dates (`to` excluded).
    Arrivals { from: NaiveDate, to: NaiveDate },
}

impl Coverage {
    /// Whether the read must have returned a stay from `arrival` to `departure`. A day is kept
    /// off each edge, since providers draw the window in UTC and the cache in hotel time.
    pub fn includes(&self, arrival: NaiveDate, departure: NaiveDate) -> bool {
        match self {
            Coverage::Everything => true,
            Coverage::Stays { from, to } => {
                let (from, to) = (*from + chrono::Duration::days(1), *to - chrono::Duration::days(1));
                from < to && arrival < to && departure > from
            }
            Coverage::Arrivals { from, to } => {
                let (from, to) = (*from + chrono::Duration::days(1), *to - chrono::Duration::days(1));
                arrival >= from && arrival < to
            }
        }
    }
}

/// One page of a window: the reservations and every guest they refer to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub guests: Vec<GuestRecord>,
    pub reservations: Vec<ReservationRecord>,
    /// The next page of the same window, if any.
    pub next: Option<String>,
}

/// A stay as the provider needs it for a price, availability or a booking. Either a category or
/// a room (or both) is given; dates are hotel-local.
#[derive(Debug, Clone, PartialEq)]
pub struct StayRequest {
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    pub category_provider_id: Option<String>,
    pub room_provider_id: Option<String>,
    /// More rooms of the same booking (a group), where `group_booking` is supported.
    pub additional_room_provider_ids: Vec<String>,
    pub adults: u32,
    pub children: u32,
}

/// What the provider says about a stay before booking.
#[derive(Debug, Clone, PartialEq)]
pub struct StayQuote {
    /// `None` when the provider's API gives no price.
    pub total: Option<Money>,
    /// Free rooms (of the category, or 1/0 for a chosen room) on every night of the stay.
    pub available_rooms: u32,
}

/// The guest of a new booking.
#[derive(Debug, Clone, PartialEq)]
pub enum GuestRef {
    /// A guest the provider already has (its id).
    Existing(String),
    /// A guest the provider creates first.
    New(NewGuest),
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewBooking {
    pub stay: StayRequest,
    /// The guests; the first one is the booker. Several only where `group_booking` is supported.
    pub guests: Vec<GuestRef>,
    pub notes: Option<String>,
    /// A fresh id Innkeep made for this booking; sent to the provider where it keeps one, so a
    /// booking whose answer was lost can be found again.
    pub reference: String,
}

/// A reservation as the provider knows it; what an action needs to address it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub provider_id: String,
    pub guest_provider_id: Option<String>,
    pub room_provider_id: Option<String>,
    pub arrival: NaiveDate,
    pub departure: NaiveDate,
    /// The provider's record as last received.
    pub raw: serde_json::Value,
}

/// An action on a reservation with everything resolved to provider ids and dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Confirm,
    Reject {
        reason: Option<String>,
    },
    CheckIn,
    CheckOut,
    NoShow,
    Cancel {
        reason: Option<String>,
        override_late: bool,
    },
    Move {
        arrival: NaiveDate,
        departure: NaiveDate,
        room_provider_id: Option<String>,
    },
    Restore,
    Delete,
    /// Replace the reservation's notes (Mobile Calendar `additionalInfo`, Timekit metadata).
    EditNotes {
        notes: String,
    },
}

/// What became of a booking whose answer was lost, as far as the provider can tell.
#[derive(Debug, Clone, PartialEq)]
pub enum Recovered {
    /// The booking exists, as the provider now has it (found, or made now because the first
    /// attempt never arrived).
    Made(Page),
    /// The provider holds a booking on exactly these dates and room but cannot return it; its id
    /// when the provider named it.
    ProbablyMade { provider_id: Option<String>, room_provider_id: Option<String> },
    /// The booking was not made (e.g. the room is held by another booking).
    NotMade { reason: String },
    /// The provider offers no way to tell.
    Unknown,
}

/// What a look for a booking whose answer was lost found, without making anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// The provider has it, as it now has it.
    Found(Page),
    /// The provider has no such booking: the first attempt was not carried out.
    Absent,
    /// The provider offers no way to look.
    CannotTell,
}

/// Changes to a guest, resolved (blank strings already dropped).
pub use innkeep_core::GuestEdit;

/// A provider account as the services use it. Implementations keep their own tokens (refreshed
/// before expiry and once on a 401) and pacing; every error is an `AppError` whose message a
/// manager can act on, with `field` set where the provider named the offending input.
#[async_trait]
pub trait Connector: Send + Sync {
    fn provider(&self) -> ProviderKind;

    /// Checks the credentials and says which property they open (the account form's "Test").
    async fn check(&self) -> Result<PropertyInfo, AppError>;

    /// The property, its categories and rooms.
    async fn catalog(&self) -> Result<Catalog, AppError>;

    /// What to read: everything when `since` is `None` or `full` is asked, else the changes
    /// after the watermark a previous plan returned.
    async fn plan(&self, since: Option<&str>, full: bool) -> Result<SyncPlan, AppError>;

    /// Whether `read` leaves guests out of its pages, for [`Connector::guests`] to read once per
    /// sync after the pages: for APIs that give guests by id from another endpoint in big batches
    /// (Mews), where one batch per page would cost a request per page.
    fn reads_guests_after_pages(&self) -> bool {
        false
    }

    /// Guests by their provider ids, as many per request as the API allows. Only called when
    /// [`Connector::reads_guests_after_pages`] says so.
    async fn guests(&self, _ids: &[String]) -> Result<Vec<GuestRecord>, AppError> {
        Err(AppError::internal(format!("{:?} reads guests with its pages, not by id.", self.provider())))
    }

    /// One page of a window; `page` is the previous page's `next`.
    async fn read(&self, window: &Window, page: Option<&str>) -> Result<Page, AppError>;

    /// Price and availability of a stay.
    async fn quote(&self, stay: &StayRequest) -> Result<StayQuote, AppError>;

    /// Makes the booking (creating new guests first) and returns it as the provider now has it,
    /// with its guests.
    async fn create(&self, booking: &NewBooking) -> Result<Page, AppError>;

    /// Carries out a change and returns the reservation(s) as the provider now has them.
    async fn apply(&self, target: &Target, change: &Change) -> Result<Page, AppError>;

    /// Edits a guest and returns them as the provider now has them.
    async fn edit_guest(&self, guest_provider_id: &str, edit: &GuestEdit) -> Result<GuestRecord, AppError>;

    /// Looks for `booking` (same `reference`) after its answer was lost, writing nothing: by
    /// the reference where the provider keeps it, else by its fields. The default: no way to look.
    async fn find_created(&self, _booking: &NewBooking) -> Result<Lookup, AppError> {
        Ok(Lookup::CannotTell)
    }

    /// Finds out what became of `booking` after its answer was lost, before any new attempt,
    /// and makes it only where the provider shows the first attempt was not carried out. The
    /// default goes by [`Connector::find_created`].
    async fn recover_create(&self, booking: &NewBooking) -> Result<Recovered, AppError> {
        match self.find_created(booking).await? {
            Lookup::Found(page) => Ok(Recovered::Made(page)),
            Lookup::Absent => book_again(self, booking).await,
            Lookup::CannotTell => Ok(Recovered::Unknown),
        }
    }
}

/// What every connector needs to start: where, with which credentials, and the settings its
/// last catalog returned (`Null` before the first sync).
#[derive(Debug, Clone)]
pub struct Endpoint<'a> {
    pub base_url: &'a str,
    pub credentials: &'a Credentials,
    pub config: &'a serde_json::Value,
}

/// The reservations of `page` that are `booking` by its fields, for providers that keep no
/// reference of Innkeep's: the same dates; the room asked for (or, without one, the category);
/// the same guest (by id, or a new guest by name); not cancelled or declined. The guests of the
/// matches come along.
pub fn matching(page: &Page, booking: &NewBooking) -> Page {
    let stay = &booking.stay;
    let norm = |s: &str| s.trim().to_lowercase();
    let same_guest = |r: &innkeep_core::records::ReservationRecord| match booking.guests.first() {
        Some(GuestRef::Existing(id)) => r.guest_provider_id.as_deref() == Some(id.as_str()),
        Some(GuestRef::New(g)) => r.guest_provider_id.as_ref().is_some_and(|gid| {
            page.guests.iter().any(|x| {
                &x.provider_id == gid
                    && norm(&x.last_name) == norm(&g.last_name)
                    && (g.first_name.trim().is_empty()
                        || x.first_name.as_deref().is_some_and(|f| norm(f) == norm(&g.first_name)))
            })
        }),
        None => false,
    };
    let same_room = |r: &innkeep_core::records::ReservationRecord| match &stay.room_provider_id {
        Some(room) => {
            r.room_provider_id.as_ref() == Some(room) || r.additional_room_provider_ids.iter().any(|a| a == room)
        }
        None => match (&stay.category_provider_id, &r.category_provider_id) {
            (Some(asked), Some(has)) => asked == has,
            _ => true,
        },
    };
    let reservations: Vec<_> = page
        .reservations
        .iter()
        .filter(|r| {
            r.arrival == stay.arrival
                && r.departure == stay.departure
                && !matches!(r.state, ReservationState::Cancelled | ReservationState::Declined)
                && same_room(r)
                && same_guest(r)
        })
        .cloned()
        .collect();
    let guests = page
        .guests
        .iter()
        .filter(|g| reservations.iter().any(|r| r.guest_provider_id.as_ref() == Some(&g.provider_id)))
        .cloned()
        .collect();
    Page { guests, reservations, next: None }
}

/// After a lookup found no trace of `booking`: the first attempt was not carried out, so this
/// is the one attempt that counts. A refusal (the room was taken meanwhile, ...) means it was
/// not made; a lost answer again is an error, and the next look finds the booking if it was made.
pub async fn book_again<C: Connector + ?Sized>(connector: &C, booking: &NewBooking) -> Result<Recovered, AppError> {
    match connector.create(booking).await {
        Ok(page) => Ok(Recovered::Made(page)),
        Err(e) if matches!(e.kind, ErrorKind::Conflict | ErrorKind::Validation | ErrorKind::Forbidden) => {
            Ok(Recovered::NotMade { reason: e.message })
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use innkeep_core::records::{GuestRecord, ReservationRecord};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, d).unwrap()
    }

    fn record(id: &str, room: &str, guest: &str, arrival: u32, state: ReservationState) -> ReservationRecord {
        ReservationRecord {
            provider_id: id.into(),
            number: None,
            state,
            provider_state: String::new(),
            arrival: day(arrival),
            departure: day(arrival + 2),
            guest_provider_id: Some(guest.into()),
            room_provider_id: Some(room.into()),
            additional_room_provider_ids: vec![],
            category_provider_id: Some("cat".into()),
            adults: 2,
            children: 0,
            total: None,
            notes: None,
            created_at: None,
            updated_at: None,
            raw: Default::default(),
        }
    }

    fn guest(id: &str, first: &str, last: &str) -> GuestRecord {
        GuestRecord {
            provider_id: id.into(),
            first_name: Some(first.into()),
            last_name: last.into(),
            email: None,
            phone: None,
            nationality: None,
            updated_at: None,
            raw: Default::default(),
        }
    }

    fn booking(room: Option<&str>, who: GuestRef) -> NewBooking {
        NewBooking {
            stay: StayRequest {
                arrival: day(10),
                departure: day(12),
                category_provider_id: Some("cat".into()),
                room_provider_id: room.map(str::to_string),
                additional_room_provider_ids: vec![],
                adults: 2,
                children: 0,
            },
            guests: vec![who],
            notes: None,
            reference: "ref".into(),
        }
    }

    #[test]
    fn a_booking_is_found_by_dates_room_and_guest_only() {
        let page = Page {
            guests: vec![guest("g1", "Anna", "Novák"), guest("g2", "Anna", "Svoboda")],
            reservations: vec![
                record("r1", "101", "g1", 10, ReservationState::Confirmed),
                record("r2", "102", "g2", 10, ReservationState::Confirmed),
                record("r3", "101", "g1", 11, ReservationState::Confirmed),
                record("r4", "103", "g1", 10, ReservationState::Cancelled),
            ],
            next: None,
        };
        let new = |last: &str| {
            GuestRef::New(NewGuest { first_name: "anna".into(), last_name: last.into(), email: None, phone: None })
        };
        let found = matching(&page, &booking(Some("101"), new("NOVÁK ")));
        assert_eq!(found.reservations.iter().map(|r| r.provider_id.as_str()).collect::<Vec<_>>(), ["r1"]);
        assert_eq!(found.guests.len(), 1);
        assert!(matching(&page, &booking(Some("102"), new("Novák"))).reservations.is_empty(), "another guest");
        assert!(matching(&page, &booking(Some("103"), new("Novák"))).reservations.is_empty(), "cancelled");
        let by_id = matching(&page, &booking(None, GuestRef::Existing("g2".into())));
        assert_eq!(by_id.reservations[0].provider_id, "r2");
    }
}

#[cfg(test)]
mod plan_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_stay_window_covers_what_overlaps_it_with_a_day_kept_off_each_edge() {
        let c = Coverage::Stays { from: d("2026-01-01"), to: d("2026-12-31") };
        assert!(c.includes(d("2026-03-01"), d("2026-03-04")));
        assert!(c.includes(d("2025-12-20"), d("2026-01-05")), "overlaps the start");
        assert!(!c.includes(d("2025-12-30"), d("2026-01-02")), "ends on the kept-off day");
        assert!(!c.includes(d("2026-12-30"), d("2027-01-02")), "starts on the kept-off day");
        assert!(!c.includes(d("2024-03-01"), d("2024-03-04")));
        let a = Coverage::Arrivals { from: d("2026-01-01"), to: d("2026-02-01") };
        assert!(a.includes(d("2026-01-10"), d("2026-03-01")));
        assert!(!a.includes(d("2025-12-20"), d("2026-01-10")), "arrived before the first window");
        assert!(Coverage::Everything.includes(d("2001-01-01"), d("2001-01-02")));
    }

    #[test]
    fn a_plan_reads_back_as_it_was_stored() {
        let plan = SyncPlan {
            full: true,
            windows: vec![Window { label: "all".into(), query: serde_json::json!({"page": 1}) }],
            watermark: Some("w".into()),
            covers: Some(Coverage::Stays { from: d("2026-01-01"), to: d("2026-02-01") }),
        };
        let back: SyncPlan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
        assert_eq!(back, plan);
    }
}
