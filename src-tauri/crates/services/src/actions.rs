//! Actions on reservations: quote, book, cancel. Each goes to the provider first; the provider's
//! answer is then read back and written to the cache, and the activity log records the outcome.

use chrono::Duration;
use innkeep_core::validate::{validate_booking, validate_quote, Stay};
use innkeep_core::{
    ActivityOutcome, AppError, BookingDraft, ErrorKind, GuestChoice, Money, Quote, Reservation, ReservationState,
    RoomCategory, StateAction,
};
use innkeep_providers::mews::{map, wire, MewsClient, MewsContext};
use innkeep_store::{AccountRow, SyncPage};

use crate::Innkeep;

/// What a checked booking form resolves to before the provider is called.
struct Prepared {
    row: AccountRow,
    client: MewsClient,
    ctx: MewsContext,
    stay: Stay,
    category: RoomCategory,
    room_provider_id: Option<String>,
}

impl Innkeep {
    /// Checks the form (all of it for a booking; dates and people for a quote) and resolves its
    /// account, category and room.
    async fn prepare(&self, draft: &BookingDraft, for_quote: bool) -> Result<Prepared, AppError> {
        let stay = if for_quote { validate_quote(draft)? } else { validate_booking(draft)? };
        let row = self.store().account(draft.account_id).await?;
        if !row.account.capabilities.create_booking.supported {
            return Err(AppError::new(
                ErrorKind::Forbidden,
                row.account.capabilities.create_booking.reason.clone().unwrap_or_default(),
            ));
        }
        let category = self.store().category(draft.category_id).await?;
        if category.account_id != draft.account_id {
            return Err(AppError::validation("category_id", "That room category belongs to another account."));
        }
        if draft.adults + draft.children > category.capacity.max(1) {
            return Err(AppError::validation(
                "adults",
                format!(
                    "A {} sleeps {} people; choose a larger category or split the booking.",
                    category.name, category.capacity
                ),
            ));
        }
        let room_provider_id = match draft.room_id {
            Some(room_id) => {
                let room = self.store().room(room_id).await?;
                if room.category_id != Some(category.id) {
                    return Err(AppError::validation(
                        "room_id",
                        format!("Room {} is not a {}.", room.name, category.name),
                    ));
                }
                Some(room.provider_id)
            }
            None => None,
        };
        let ctx = Self::mews_context(&row)?;
        let client = self.mews(&row)?;
        Ok(Prepared { row, client, ctx, stay, category, room_provider_id })
    }

    fn parameters(p: &Prepared, draft: &BookingDraft) -> wire::ReservationParameters {
        let (start_utc, end_utc) = p.ctx.stay_utc(p.stay.arrival, p.stay.departure);
        wire::ReservationParameters {
            identifier: None,
            state: None,
            start_utc,
            end_utc,
            customer_id: None,
            booker_id: None,
            requested_category_id: p.category.provider_id.clone(),
            rate_id: p.ctx.rate_id.clone(),
            person_counts: p.ctx.person_counts(draft.adults, draft.children),
            notes: None,
            time_unit_prices: None,
            assigned_resource_id: p.room_provider_id.clone(),
        }
    }

    async fn price(p: &Prepared, draft: &BookingDraft) -> Result<Money, AppError> {
        let amount = p.client.price(&p.ctx.service_id, Self::parameters(p, draft)).await?;
        // Managers quote what the guest pays: the gross amount.
        Ok(Money::from_decimal(amount.gross_value, &amount.currency))
    }

    /// The provider's price for the stay and how many rooms of the category are free each night.
    pub async fn quote(&self, draft: &BookingDraft) -> Result<Quote, AppError> {
        let p = self.prepare(draft, true).await?;
        let result = async {
            let total = Self::price(&p, draft).await?;
            let last_night = p.stay.departure - Duration::days(1);
            let availability = p
                .client
                .availability(&p.ctx.service_id, p.ctx.unit_start_utc(p.stay.arrival), p.ctx.unit_start_utc(last_night))
                .await?;
            let available_rooms = availability
                .category_availabilities
                .iter()
                .find(|c| c.category_id == p.category.provider_id)
                .and_then(|c| c.availabilities.iter().min().copied())
                .unwrap_or(0)
                .max(0) as u32;
            Ok(Quote { total, nights: p.stay.nights(), available_rooms })
        }
        .await;
        self.observe(p.row.account.id, result).await
    }

    /// Books the stay: creates the guest first when new, then the reservation, then reads the
    /// reservation back into the cache.
    pub async fn create_booking(&self, draft: &BookingDraft) -> Result<Reservation, AppError> {
        let p = self.prepare(draft, false).await?;
        let account_id = p.row.account.id;
        let result = self.book(&p, draft).await;
        let result = self.observe(account_id, result).await;
        match &result {
            Ok(r) => {
                self.log_ok(
                    Some(account_id),
                    "booking.create",
                    format!(
                        "Booked {} for {}, {} – {}",
                        r.room_name.as_deref().or(r.category_name.as_deref()).unwrap_or("a room"),
                        r.guest_name.as_deref().unwrap_or("a guest"),
                        r.arrival,
                        r.departure
                    ),
                    r.number.clone().or(Some(r.provider_id.clone())),
                    Some(r.id),
                )
                .await
            }
            Err(e) => {
                self.log(
                    Some(account_id),
                    "booking.create",
                    format!("Booking {} – {} failed: {}", p.stay.arrival, p.stay.departure, e.message),
                    ActivityOutcome::Failed,
                    None,
                    None,
                )
                .await
            }
        }
        result
    }

    async fn book(&self, p: &Prepared, draft: &BookingDraft) -> Result<Reservation, AppError> {
        let account_id = p.row.account.id;
        let total = Self::price(p, draft).await?;
        let customer_id = match &draft.guest {
            GuestChoice::Existing(id) => {
                let guest = self.store().guest(*id).await?;
                if guest.account_id != account_id {
                    return Err(AppError::validation(
                        "guest",
                        "That guest belongs to another account; create them here as new.",
                    ));
                }
                guest.provider_id
            }
            GuestChoice::New(g) => {
                let blank =
                    |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
                let customer = p
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
                self.store().upsert_guests(account_id, &[map::guest(&customer)]).await?;
                customer.id
            }
        };
        let mut params = Self::parameters(p, draft);
        params.customer_id = Some(customer_id.clone());
        // A correlation id Mews echoes; it lets a lost answer be matched to the booking later.
        params.identifier = Some(uuid::Uuid::new_v4().to_string());
        params.state = Some("Confirmed".into());
        params.notes = draft.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
        let added = p.client.add_reservation(&p.ctx.service_id, params).await?;
        self.refresh_reservations(p.row.account.id, &p.client, &p.ctx, std::slice::from_ref(&added.id), Some(total))
            .await?;
        self.store().reservation_by_provider_id(account_id, &added.id).await?.ok_or_else(|| {
            AppError::new(ErrorKind::Malformed, "Mews made the booking but does not return it; sync to see it.")
        })
    }

    /// Reads reservations (and their guests) back from the provider into the cache.
    async fn refresh_reservations(
        &self,
        account_id: i64,
        client: &MewsClient,
        ctx: &MewsContext,
        ids: &[String],
        total: Option<Money>,
    ) -> Result<(), AppError> {
        let fresh = client.reservations_by_ids(ids).await?;
        let guest_ids: Vec<String> = fresh.iter().map(|r| r.account_id.clone()).collect();
        let guests: Vec<_> = client.customers_by_ids(&guest_ids).await?.iter().map(map::guest).collect();
        let mut records = fresh.iter().map(|r| map::reservation(r, ctx)).collect::<Result<Vec<_>, _>>()?;
        if let Some(total) = total {
            for r in &mut records {
                r.total = Some(total.clone());
            }
        }
        self.store().apply_page(account_id, SyncPage { guests: &guests, reservations: &records, cursor: None }).await
    }

    /// Cancels at the provider, then reads the reservation back.
    pub async fn cancel_reservation(&self, id: i64, reason: Option<&str>) -> Result<Reservation, AppError> {
        let before = self.store().reservation(id).await?;
        let row = self.store().account(before.account_id).await?;
        if !row.account.capabilities.cancel.supported {
            return Err(AppError::new(
                ErrorKind::Forbidden,
                row.account.capabilities.cancel.reason.clone().unwrap_or_default(),
            ));
        }
        if before.state.is_final() {
            return Err(AppError::new(
                ErrorKind::Conflict,
                format!(
                    "Reservation {} is already {}; it cannot be cancelled.",
                    before.number.as_deref().unwrap_or(""),
                    before.state.as_str().replace('_', " ")
                ),
            ));
        }
        let notes = reason.map(str::trim).filter(|r| !r.is_empty()).unwrap_or("Cancelled in Innkeep");
        let result = async {
            let ctx = Self::mews_context(&row)?;
            let client = self.mews(&row)?;
            client.cancel(&before.provider_id, notes).await?;
            self.refresh_reservations(row.account.id, &client, &ctx, std::slice::from_ref(&before.provider_id), None)
                .await?;
            self.store().reservation(id).await
        }
        .await;
        let result = self.observe(row.account.id, result).await;
        let who = before.guest_name.as_deref().unwrap_or("a guest");
        let number = before.number.clone().unwrap_or_else(|| before.provider_id.clone());
        match &result {
            Ok(_) => {
                self.log_ok(
                    Some(row.account.id),
                    "reservation.cancel",
                    format!("Cancelled {number} of {who}: {notes}"),
                    Some(number),
                    Some(id),
                )
                .await
            }
            Err(e) => {
                self.log(
                    Some(row.account.id),
                    "reservation.cancel",
                    format!("Cancelling {number} of {who} failed: {}", e.message),
                    ActivityOutcome::Failed,
                    Some(number),
                    Some(id),
                )
                .await
            }
        }
        result
    }
}

impl Innkeep {
    /// Confirms, checks in or checks out at the provider, then reads the reservation back.
    pub async fn change_state(&self, id: i64, action: StateAction) -> Result<Reservation, AppError> {
        let before = self.store().reservation(id).await?;
        let row = self.store().account(before.account_id).await?;
        let caps = &row.account.capabilities;
        let (capability, allowed_from, verb, done) = match action {
            StateAction::Confirm => (&caps.confirm, ReservationState::Optional, "confirm", "confirmed"),
            StateAction::CheckIn => (&caps.check_in, ReservationState::Confirmed, "check in", "checked in"),
            StateAction::CheckOut => (&caps.check_out, ReservationState::CheckedIn, "check out", "checked out"),
        };
        if !capability.supported {
            return Err(AppError::new(ErrorKind::Forbidden, capability.reason.clone().unwrap_or_default()));
        }
        let number = before.number.clone().unwrap_or_else(|| before.provider_id.clone());
        if before.state != allowed_from {
            return Err(AppError::new(
                ErrorKind::Conflict,
                format!(
                    "Reservation {number} is {}; only {} reservations can be {done}.",
                    before.state.as_str().replace('_', " "),
                    allowed_from.as_str().replace('_', " ")
                ),
            ));
        }
        let result = async {
            let ctx = Self::mews_context(&row)?;
            let client = self.mews(&row)?;
            match action {
                StateAction::Confirm => client.confirm(&before.provider_id).await?,
                StateAction::CheckIn => client.start(&before.provider_id).await?,
                StateAction::CheckOut => client.process(&before.provider_id).await?,
            }
            self.refresh_reservations(row.account.id, &client, &ctx, std::slice::from_ref(&before.provider_id), None)
                .await?;
            self.store().reservation(id).await
        }
        .await;
        let result = self.observe(row.account.id, result).await;
        let action_name = match action {
            StateAction::Confirm => "reservation.confirm",
            StateAction::CheckIn => "reservation.check_in",
            StateAction::CheckOut => "reservation.check_out",
        };
        let who = before.guest_name.as_deref().unwrap_or("a guest");
        match &result {
            Ok(r) => {
                let summary = format!("{number} of {who}: {} → {}", before.state, r.state);
                self.log_ok(Some(row.account.id), action_name, summary, Some(number), Some(id)).await
            }
            Err(e) => {
                let summary = format!("Could not {verb} {number} of {who}: {}", e.message);
                self.log(Some(row.account.id), action_name, summary, ActivityOutcome::Failed, Some(number), Some(id))
                    .await
            }
        }
        result
    }
}
