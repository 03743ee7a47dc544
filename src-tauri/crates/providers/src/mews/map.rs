//! Mews records -> Innkeep records, and hotel-local dates <-> Mews' UTC times.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use innkeep_core::records::{CategoryRecord, GuestRecord, PropertyInfo, RawJson, ReservationRecord, RoomRecord};
use innkeep_core::{AppError, ErrorKind, ReservationState};
use serde::{Deserialize, Serialize};

use super::wire;

/// What Innkeep learns about a Mews property once and needs for every booking; kept in the
/// account's `provider_config`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MewsContext {
    pub enterprise_id: String,
    pub service_id: String,
    pub rate_id: String,
    pub adult_age_category_id: String,
    pub child_age_category_id: Option<String>,
    pub time_zone: String,
    pub currency: String,
    /// `Gross` or `Net`: which amount Mews expects and quotes.
    pub pricing: String,
}

/// Check-in and check-out times of the accommodation service (Mews `StartOffset` / `EndOffset`
/// of a day unit); Innkeep books at these local times.
const CHECK_IN: NaiveTime = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
const CHECK_OUT: NaiveTime = NaiveTime::from_hms_opt(12, 0, 0).unwrap();

fn malformed(what: &str) -> AppError {
    AppError::new(ErrorKind::Malformed, format!("The Mews property is not set up as Innkeep expects: {what}."))
}

impl MewsContext {
    /// The accommodation service: the first active bookable one.
    pub fn bookable_service(services: &[wire::Service]) -> Result<&wire::Service, AppError> {
        services
            .iter()
            .find(|s| s.is_active && s.data.discriminator == "Bookable")
            .ok_or_else(|| malformed("it has no active bookable service (accommodation)"))
    }

    /// Picks the default rate and the adult/child age categories of `service`.
    pub fn discover(
        config: &wire::ConfigurationGetResponse,
        service: &wire::Service,
        rates: &[wire::Rate],
        ages: &[wire::AgeCategory],
    ) -> Result<Self, AppError> {
        let usable = |r: &&wire::Rate| r.is_active && r.is_enabled;
        let rate = rates
            .iter()
            .filter(usable)
            .find(|r| r.is_default)
            .or_else(|| rates.iter().filter(usable).find(|r| r.is_public))
            .ok_or_else(|| malformed("its accommodation service has no active public rate"))?;
        let age = |class: &str| ages.iter().find(|a| a.is_active && a.classification == class).map(|a| a.id.clone());
        let currency = config
            .enterprise
            .currencies
            .iter()
            .find(|c| c.is_default)
            .or_else(|| config.enterprise.currencies.first())
            .map(|c| c.currency.clone())
            .ok_or_else(|| malformed("it has no currency"))?;
        config.enterprise.time_zone_identifier.parse::<Tz>().map_err(|_| {
            malformed(&format!("its time zone “{}” is unknown", config.enterprise.time_zone_identifier))
        })?;
        Ok(Self {
            enterprise_id: config.enterprise.id.clone(),
            service_id: service.id.clone(),
            rate_id: rate.id.clone(),
            adult_age_category_id: age("Adult").ok_or_else(|| malformed("it has no adult age category"))?,
            child_age_category_id: age("Child"),
            time_zone: config.enterprise.time_zone_identifier.clone(),
            currency,
            pricing: config.enterprise.pricing.clone(),
        })
    }

    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(Tz::UTC)
    }

    /// The hotel-local date of a UTC instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz()).date_naive()
    }

    fn local_to_utc(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let tz = self.tz();
        // A time that does not exist (DST gap) moves forward by the gap, as a clock would.
        tz.from_local_datetime(&date.and_time(time))
            .earliest()
            .or_else(|| tz.from_local_datetime(&(date.and_time(time) + chrono::Duration::hours(1))).earliest())
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&date.and_time(time)))
    }

    /// Check-in and check-out instants of a stay, as Mews wants them in `reservations/add`.
    pub fn stay_utc(&self, arrival: NaiveDate, departure: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.local_to_utc(arrival, CHECK_IN), self.local_to_utc(departure, CHECK_OUT))
    }

    /// Start of the day time unit of `date`: local midnight in UTC.
    pub fn unit_start_utc(&self, date: NaiveDate) -> DateTime<Utc> {
        self.local_to_utc(date, NaiveTime::MIN)
    }

    pub fn person_counts(&self, adults: u32, children: u32) -> Vec<wire::PersonCount> {
        let mut counts = vec![wire::PersonCount { age_category_id: self.adult_age_category_id.clone(), count: adults }];
        if let (Some(child), true) = (&self.child_age_category_id, children > 0) {
            counts.push(wire::PersonCount { age_category_id: child.clone(), count: children });
        }
        counts
    }
}

pub fn property_info(config: &wire::ConfigurationGetResponse, ctx: &MewsContext) -> PropertyInfo {
    PropertyInfo {
        name: config.enterprise.name.clone(),
        time_zone: ctx.time_zone.clone(),
        currency: ctx.currency.clone(),
    }
}

/// English text of a localized field, else any.
pub fn text(t: &wire::LocalizedText) -> Option<String> {
    t.get("en-US").or_else(|| t.get("en-GB")).or_else(|| t.values().next()).cloned()
}

pub fn category(c: &wire::ResourceCategory) -> CategoryRecord {
    CategoryRecord {
        provider_id: c.id.clone(),
        name: text(&c.names).unwrap_or_else(|| c.kind.clone()),
        capacity: c.capacity,
        ordering: c.ordering,
    }
}

pub fn rooms(resources: &[wire::Resource], assignments: &[wire::ResourceCategoryAssignment]) -> Vec<RoomRecord> {
    resources
        .iter()
        .map(|r| RoomRecord {
            provider_id: r.id.clone(),
            name: r.name.clone(),
            category_provider_id: assignments
                .iter()
                .find(|a| a.is_active && a.resource_id == r.id)
                .map(|a| a.category_id.clone()),
            floor: r.data.value.get("FloorNumber").and_then(|f| f.as_str()).map(str::to_string),
            state: Some(r.state.clone()),
            is_active: r.is_active,
        })
        .collect()
}

pub fn guest(c: &wire::Customer) -> GuestRecord {
    let blank = |s: &Option<String>| s.clone().filter(|v| !v.trim().is_empty());
    GuestRecord {
        provider_id: c.id.clone(),
        first_name: blank(&c.first_name),
        last_name: c.last_name.clone(),
        email: blank(&c.email),
        phone: blank(&c.phone),
        nationality: blank(&c.nationality_code),
        updated_at: Some(c.updated_utc),
        raw: RawJson::of(c),
    }
}

/// Mews service order states (2023 and 2017 spellings) onto Innkeep's one state machine.
pub fn state(mews_state: &str, cancellation_reason: Option<&str>) -> Option<ReservationState> {
    Some(match mews_state {
        "Inquired" | "Enquired" => ReservationState::Inquiry,
        "Optional" => ReservationState::Optional,
        "Requested" => ReservationState::Requested,
        "Confirmed" => ReservationState::Confirmed,
        "Started" => ReservationState::CheckedIn,
        "Processed" => ReservationState::CheckedOut,
        "Canceled" if cancellation_reason == Some("NoShow") => ReservationState::NoShow,
        "Canceled" => ReservationState::Cancelled,
        _ => return None,
    })
}

pub fn reservation(r: &wire::Reservation, ctx: &MewsContext) -> Result<ReservationRecord, AppError> {
    let state = state(&r.state, r.cancellation_reason.as_deref()).ok_or_else(|| {
        AppError::new(
            ErrorKind::Malformed,
            format!("Mews sent reservation {} in an unknown state “{}”.", r.number, r.state),
        )
    })?;
    let count = |id: Option<&String>| {
        id.map(|id| r.person_counts.iter().filter(|p| &p.age_category_id == id).map(|p| p.count).sum()).unwrap_or(0)
    };
    let adults = count(Some(&ctx.adult_age_category_id));
    let total: u32 = r.person_counts.iter().map(|p| p.count).sum();
    Ok(ReservationRecord {
        provider_id: r.id.clone(),
        number: Some(r.number.clone()),
        state,
        provider_state: r.state.clone(),
        arrival: ctx.local_date(r.scheduled_start_utc),
        departure: ctx.local_date(r.scheduled_end_utc),
        guest_provider_id: Some(r.account_id.clone()),
        room_provider_id: r.assigned_resource_id.clone(),
        additional_room_provider_ids: Vec::new(),
        category_provider_id: Some(r.requested_resource_category_id.clone()),
        adults,
        // Age categories other than the adult one (child, infant...) count as children.
        children: total - adults.min(total),
        total: None,
        notes: r.notes.clone(),
        created_at: Some(r.created_utc),
        updated_at: Some(r.updated_utc),
        raw: RawJson::of(r),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> MewsContext {
        MewsContext {
            enterprise_id: "e".into(),
            service_id: "s".into(),
            rate_id: "r".into(),
            adult_age_category_id: "1f67644f-052d-4863-acdf-ae1600c60ca0".into(),
            child_age_category_id: Some("ab58c939-be30-4a60-8f75-ae1600c60c9f".into()),
            time_zone: "Europe/Prague".into(),
            currency: "EUR".into(),
            pricing: "Gross".into(),
        }
    }

    #[test]
    fn the_documented_reservation_maps_to_local_dates_and_people() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../../shared/providers/examples/mews/reservations-getAll.response.json"
        );
        let body = std::fs::read_to_string(path).expect("shared examples beside the repository");
        let page: wire::ReservationsGetAllResponse = serde_json::from_str(&body).unwrap();
        let r = reservation(&page.reservations[0], &ctx()).unwrap();
        assert_eq!(r.state, ReservationState::Confirmed);
        assert_eq!(r.arrival, NaiveDate::from_ymd_opt(2023, 4, 23).unwrap());
        assert_eq!(r.departure, NaiveDate::from_ymd_opt(2023, 4, 25).unwrap());
        assert_eq!((r.adults, r.children), (2, 2));
        assert_eq!(r.guest_provider_id.as_deref(), Some("fadd5bb6-b428-45d5-94f8-fd0d89fece6d"));
        assert_eq!(r.number.as_deref(), Some("52"));
    }

    #[test]
    fn states_map_both_spellings_and_no_shows() {
        assert_eq!(state("Enquired", None), Some(ReservationState::Inquiry));
        assert_eq!(state("Inquired", None), Some(ReservationState::Inquiry));
        assert_eq!(state("Started", None), Some(ReservationState::CheckedIn));
        assert_eq!(state("Canceled", Some("NoShow")), Some(ReservationState::NoShow));
        assert_eq!(state("Canceled", Some("RequestedByGuest")), Some(ReservationState::Cancelled));
        assert_eq!(state("Cancelled", None), None, "Mews spells it with one L");
    }

    #[test]
    fn stays_are_booked_at_local_check_in_and_out_times_across_dst() {
        let c = ctx();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Winter: UTC+1; summer: UTC+2.
        let (start, end) = c.stay_utc(d("2026-03-28"), d("2026-03-30"));
        assert_eq!(start.to_rfc3339(), "2026-03-28T13:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-03-30T10:00:00+00:00");
        assert_eq!(c.unit_start_utc(d("2026-01-02")).to_rfc3339(), "2026-01-01T23:00:00+00:00");
        assert_eq!(c.local_date(start), d("2026-03-28"));
        assert_eq!(c.local_date(end), d("2026-03-30"));
    }

    #[test]
    fn person_counts_skip_zero_children() {
        let c = ctx();
        assert_eq!(c.person_counts(2, 0).len(), 1);
        assert_eq!(c.person_counts(2, 1)[1].count, 1);
    }
}
