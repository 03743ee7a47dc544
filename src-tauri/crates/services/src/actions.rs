//! Actions: quote, book, act on a reservation, edit a guest. Each checks the form and the
//! provider's capability first, goes to the provider through its connector, writes the
//! provider's answer to the cache, and records the outcome in the activity log.
//!
//! A booking is recorded as a write intent before the provider is called and completed in the
//! same transaction as its records, so a booking whose answer was lost is never forgotten.

use std::sync::Arc;

use innkeep_core::records::{GuestRecord, ReservationRecord};
use innkeep_core::validate::{self, check_arrival_not_past, validate_booking, validate_quote, validate_stay, Stay};
use innkeep_core::{
    ActivityOutcome, AppError, BookingDraft, Capability, ErrorKind, Guest, GuestChoice, GuestEdit, NewGuest,
    ProviderKind, Quote, Reservation, ReservationAction, ReservationState, RoomCategory, StateAction, WriteIntent,
    WriteIntentState,
};
use innkeep_providers::{Change, Connector, GuestRef, Lookup, NewBooking, Recovered, StayRequest, Target};
use innkeep_store::{AccountRow, SyncPage};

use crate::Innkeep;

/// What a checked booking form resolves to before the provider is called.
struct Prepared {
    row: AccountRow,
    connector: Arc<dyn Connector>,
    stay: Stay,
    request: StayRequest,
}

fn refuse(capability: &Capability) -> AppError {
    AppError::new(ErrorKind::Forbidden, capability.reason.clone().unwrap_or_default())
}

impl Innkeep {
    /// Checks the form (all of it for a booking; dates and people for a quote) and resolves its
    /// account, category and rooms to provider ids.
    async fn prepare(&self, draft: &BookingDraft, for_quote: bool) -> Result<Prepared, AppError> {
        let stay = if for_quote { validate_quote(draft)? } else { validate_booking(draft)? };
        let row = self.store().account(draft.account_id).await?;
        let caps = &row.account.capabilities;
        check_arrival_not_past(row.account.provider, stay.arrival, self.today())?;
        if !caps.create_booking.supported {
            return Err(refuse(&caps.create_booking));
        }
        let group = !draft.additional_room_ids.is_empty() || !draft.additional_guests.is_empty();
        if group && !caps.group_booking.supported {
            return Err(AppError {
                field: Some(
                    if draft.additional_room_ids.is_empty() { "additional_guests" } else { "additional_room_ids" }
                        .into(),
                ),
                ..refuse(&caps.group_booking)
            });
        }
        let category = self.store().category(draft.category_id).await?;
        if category.account_id != draft.account_id {
            return Err(AppError::validation("category_id", "That room category belongs to another account."));
        }
        let rooms_booked = 1 + draft.additional_room_ids.len() as u32;
        if draft.adults + draft.children > category.capacity.max(1) * rooms_booked {
            return Err(AppError::validation(
                "adults",
                format!(
                    "A {} sleeps {}; choose a larger category or add rooms.",
                    category.name,
                    if category.capacity == 1 {
                        "1 person".to_string()
                    } else {
                        format!("{} people", category.capacity)
                    }
                ),
            ));
        }
        let room_provider_id = match draft.room_id {
            Some(room_id) => Some(self.room_of(&category, room_id, "room_id").await?),
            None => None,
        };
        let mut additional_room_provider_ids = Vec::new();
        for room_id in &draft.additional_room_ids {
            additional_room_provider_ids.push(self.room_of(&category, *room_id, "additional_room_ids").await?);
        }
        let connector = self.connector(&row)?;
        let request = StayRequest {
            arrival: stay.arrival,
            departure: stay.departure,
            category_provider_id: Some(category.provider_id.clone()),
            room_provider_id,
            additional_room_provider_ids,
            adults: draft.adults,
            children: draft.children,
        };
        Ok(Prepared { row, connector, stay, request })
    }

    /// Checks a booking form as [`Innkeep::create_booking`] would, without calling the provider.
    pub(crate) async fn check_booking(&self, draft: &BookingDraft) -> Result<(), AppError> {
        self.prepare(draft, false).await.map(|_| ())
    }

    /// The provider id of a room of `category`.
    async fn room_of(&self, category: &RoomCategory, room_id: i64, field: &str) -> Result<String, AppError> {
        let room = self.store().room(room_id).await?;
        if room.account_id != category.account_id {
            return Err(AppError::validation(field, format!("Room {} belongs to another account.", room.name)));
        }
        if room.category_id != Some(category.id) {
            return Err(AppError::validation(field, format!("Room {} is not a {}.", room.name, category.name)));
        }
        Ok(room.provider_id)
    }

    /// The provider's price for the stay (where it gives one) and how many rooms are free.
    pub async fn quote(&self, draft: &BookingDraft) -> Result<Quote, AppError> {
        let p = self.prepare(draft, true).await?;
        let caps = &p.row.account.capabilities;
        if !caps.quote_price.supported && !caps.availability.supported {
            return Err(refuse(&caps.availability));
        }
        let result = p.connector.quote(&p.request).await;
        let quote = self.observe(p.row.account.id, result).await?;
        Ok(Quote { total: quote.total, nights: p.stay.nights(), available_rooms: quote.available_rooms })
    }

    /// Books the stay: the provider creates new guests first, then the reservation; the result
    /// is written to the cache together with the completed write intent.
    pub async fn create_booking(&self, draft: &BookingDraft) -> Result<Reservation, AppError> {
        let p = self.prepare(draft, false).await?;
        let account_id = p.row.account.id;
        let result = self.book(&p, draft).await;
        let result = self.observe(account_id, result).await;
        match &result {
            Ok(r) => {
                let mut rooms = r.room_name.clone().or(r.category_name.clone()).unwrap_or_else(|| "a room".into());
                for extra in &r.additional_room_names {
                    rooms.push_str(&format!(", {extra}"));
                }
                self.log_ok(
                    Some(account_id),
                    "booking.create",
                    format!(
                        "Booked {rooms} for {}, {} – {}",
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

    /// The booking as the provider gets it, with `reference` as its id.
    async fn new_booking(&self, p: &Prepared, draft: &BookingDraft, reference: String) -> Result<NewBooking, AppError> {
        let account_id = p.row.account.id;
        let mut guests = vec![match &draft.guest {
            GuestChoice::Existing(id) => {
                let guest = self.store().guest(*id).await?;
                if guest.account_id != account_id {
                    return Err(AppError::validation(
                        "guest",
                        "That guest belongs to another account; create them here as new.",
                    ));
                }
                if p.row.account.provider == ProviderKind::Ectosy {
                    // Ectosy keeps guests inside each period: an earlier guest is sent again by name.
                    GuestRef::New(NewGuest {
                        first_name: guest.first_name.clone().unwrap_or_default(),
                        last_name: guest.last_name.clone(),
                        email: guest.email.clone(),
                        phone: guest.phone.clone(),
                    })
                } else {
                    GuestRef::Existing(guest.provider_id)
                }
            }
            GuestChoice::New(g) => GuestRef::New(trimmed(g)),
        }];
        guests.extend(draft.additional_guests.iter().map(|g| GuestRef::New(trimmed(g))));
        Ok(NewBooking {
            stay: p.request.clone(),
            guests,
            notes: draft.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string),
            reference,
        })
    }

    async fn book(&self, p: &Prepared, draft: &BookingDraft) -> Result<Reservation, AppError> {
        let account_id = p.row.account.id;
        let booking = self.new_booking(p, draft, uuid::Uuid::new_v4().to_string()).await?;
        let intent = self
            .store()
            .begin_intent(
                account_id,
                &booking.reference,
                "booking.create",
                &serde_json::to_value(draft).unwrap_or_default(),
            )
            .await?;
        let page = match p.connector.create(&booking).await {
            Ok(page) => page,
            Err(e) if answer_may_be_lost(&e) => {
                self.store().settle_intent(intent, WriteIntentState::Unknown, &e.message).await?;
                return self.reconcile_lost_create(intent, p, draft, &booking, e).await;
            }
            Err(e) => {
                self.store().settle_intent(intent, WriteIntentState::Failed, &e.message).await?;
                return Err(e);
            }
        };
        let made = page.reservations.first().map(|r| r.provider_id.clone()).ok_or_else(|| {
            AppError::new(
                ErrorKind::Malformed,
                "The provider accepted the booking but did not return it; sync to see it.",
            )
        })?;
        self.store()
            .complete_intent(
                intent,
                account_id,
                &made,
                SyncPage { guests: &page.guests, reservations: &page.reservations, cursor: None },
            )
            .await?;
        self.store()
            .reservation_by_provider_id(account_id, &made)
            .await?
            .ok_or_else(|| AppError::internal("The new booking was saved but cannot be read back."))
    }

    /// The answer to a create was lost (`lost`): before reporting, asks the provider what became
    /// of the booking, so the manager sees the booking that was made rather than a doubt, and a
    /// new attempt is made only where the provider shows the first one was not. When the
    /// provider cannot tell now, the intent stays "unknown" for a later recheck.
    async fn reconcile_lost_create(
        &self,
        intent_id: i64,
        p: &Prepared,
        draft: &BookingDraft,
        booking: &NewBooking,
        lost: AppError,
    ) -> Result<Reservation, AppError> {
        let account_id = p.row.account.id;
        // Only a look here: nothing is booked again without the manager. Ectosy, which cannot be
        // read, is the exception: its look is saving the booking again, which meets the lost one.
        let looked = match p.connector.find_created(booking).await {
            Ok(Lookup::Found(page)) => Ok(Recovered::Made(page)),
            Ok(Lookup::Absent) => Ok(Recovered::NotMade {
                reason: format!(
                    "{} has no such booking, so the request did not get through; nothing was booked. Try again.",
                    p.row.account.provider.display_name()
                ),
            }),
            Ok(Lookup::CannotTell) => p.connector.recover_create(booking).await,
            Err(e) => Err(e),
        };
        let recovered = match looked {
            Ok(r) => r,
            Err(e) => {
                tracing::info!(account_id, kind = ?e.kind, "a lost booking answer could not be reconciled yet");
                return Err(AppError {
                    message: format!(
                        "{} Innkeep could not yet find out whether the booking was made; it is kept as a booking in doubt and checked again before any new attempt.",
                        lost.message
                    ),
                    ..lost
                });
            }
        };
        let intent = self.store().intent(intent_id).await?;
        match self.settle_recovered(&intent, p, draft, booking, recovered, false).await? {
            (Some(made), summary) => {
                self.log_ok(Some(account_id), "booking.recheck", summary, Some(booking.reference.clone()), None).await;
                self.store()
                    .reservation_by_provider_id(account_id, &made)
                    .await?
                    .ok_or_else(|| AppError::internal("The recovered booking was saved but cannot be read back."))
            }
            (None, why) => Err(AppError { message: format!("{} {why}", lost.message), ..lost }),
        }
    }

    /// Cancels at the provider (respecting its late-cancellation rule), then reads it back.
    pub async fn cancel_reservation(&self, id: i64, reason: Option<&str>) -> Result<Reservation, AppError> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
        self.act(id, ReservationAction::Cancel { reason, override_late: false }).await
    }

    /// Confirms, checks in or checks out.
    pub async fn change_state(&self, id: i64, action: StateAction) -> Result<Reservation, AppError> {
        self.act(id, action.into()).await
    }

    /// Carries out an action on a reservation at its provider and writes the result to the cache.
    /// A deleted reservation is removed from the cache; its last state is returned.
    pub async fn act(&self, id: i64, action: ReservationAction) -> Result<Reservation, AppError> {
        validate::validate_action_texts(&action)?;
        let before = self.store().reservation(id).await?;
        let row = self.store().account(before.account_id).await?;
        let capability = row.account.capabilities.for_action(&action);
        if !capability.supported {
            return Err(refuse(capability));
        }
        let number = before.number.clone().unwrap_or_else(|| before.provider_id.clone());
        let who = before.guest_name.clone().unwrap_or_else(|| "a guest".into());
        let result = async {
            let change = self.resolve(&before, &action).await?;
            let target = Target {
                provider_id: before.provider_id.clone(),
                guest_provider_id: match before.guest_id {
                    Some(g) => Some(self.store().guest(g).await?.provider_id),
                    None => None,
                },
                room_provider_id: match before.room_id {
                    Some(r) => Some(self.store().room(r).await?.provider_id),
                    None => None,
                },
                arrival: before.arrival,
                departure: before.departure,
                raw: self.store().reservation_raw(id).await?,
            };
            let connector = self.connector(&row)?;
            let page = connector.apply(&target, &change).await?;
            if matches!(change, Change::Delete) {
                self.store().delete_reservation(id).await?;
                return Ok(before.clone());
            }
            self.store()
                .apply_page(
                    row.account.id,
                    SyncPage { guests: &page.guests, reservations: &page.reservations, cursor: None },
                )
                .await?;
            self.store().reservation(id).await
        }
        .await;
        let result = self.observe(row.account.id, result).await;
        let reservation_ref = (!matches!(action, ReservationAction::Delete)).then_some(id);
        match &result {
            Ok(after) => {
                let summary = match &action {
                    ReservationAction::Delete => format!("Deleted {number} of {who}"),
                    ReservationAction::Move { .. } => {
                        format!("Moved {number} of {who} to {} – {}", after.arrival, after.departure)
                    }
                    ReservationAction::Cancel { reason, override_late } => format!(
                        "Cancelled {number} of {who}{}{}",
                        reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default(),
                        if *override_late { " (late-cancellation rule overridden)" } else { "" }
                    ),
                    ReservationAction::EditNotes { .. } => format!("Changed the notes of {number} of {who}"),
                    _ => format!("{number} of {who}: {} → {}", before.state, after.state),
                };
                self.log_ok(Some(row.account.id), action.log_name(), summary, Some(number), reservation_ref).await
            }
            Err(e) => {
                let summary = format!("{} {number} of {who} failed: {}", verb(&action), e.message);
                self.log(
                    Some(row.account.id),
                    action.log_name(),
                    summary,
                    ActivityOutcome::Failed,
                    Some(number),
                    reservation_ref,
                )
                .await
            }
        }
        result
    }

    /// Checks that the action fits the reservation's state and resolves it to provider terms.
    async fn resolve(&self, r: &Reservation, action: &ReservationAction) -> Result<Change, AppError> {
        use ReservationState as S;
        let number = r.number.as_deref().unwrap_or(&r.provider_id);
        let state_name = r.state.as_str().replace('_', " ");
        let only = |allowed: &[S], what: &str| -> Result<(), AppError> {
            if allowed.contains(&r.state) {
                Ok(())
            } else {
                let names: Vec<String> = allowed.iter().map(|s| s.as_str().replace('_', " ")).collect();
                Err(AppError::new(
                    ErrorKind::Conflict,
                    format!(
                        "Reservation {number} is {state_name}; only {} reservations can be {what}.",
                        names.join(" or ")
                    ),
                ))
            }
        };
        let not_final = |what: &str| -> Result<(), AppError> {
            if r.state.is_final() {
                Err(AppError::new(
                    ErrorKind::Conflict,
                    format!("Reservation {number} is already {state_name}; it cannot be {what}."),
                ))
            } else {
                Ok(())
            }
        };
        let text = |t: &Option<String>| t.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        Ok(match action {
            ReservationAction::Confirm => {
                only(&[S::Inquiry, S::Optional, S::Requested], "confirmed")?;
                Change::Confirm
            }
            ReservationAction::Reject { reason } => {
                only(&[S::Inquiry, S::Optional, S::Requested], "rejected")?;
                Change::Reject { reason: text(reason) }
            }
            ReservationAction::CheckIn => {
                only(&[S::Confirmed], "checked in")?;
                Change::CheckIn
            }
            ReservationAction::CheckOut => {
                only(&[S::CheckedIn], "checked out")?;
                Change::CheckOut
            }
            ReservationAction::NoShow => {
                only(&[S::Confirmed, S::Optional, S::Requested], "marked as no-show")?;
                Change::NoShow
            }
            ReservationAction::Cancel { reason, override_late } => {
                not_final("cancelled")?;
                Change::Cancel { reason: text(reason), override_late: *override_late }
            }
            ReservationAction::Move { arrival, departure, room_id } => {
                not_final("moved")?;
                let stay = validate_stay(arrival, departure)?;
                let room_provider_id = match room_id {
                    Some(room_id) => {
                        let room = self.store().room(*room_id).await?;
                        if room.account_id != r.account_id {
                            return Err(AppError::validation(
                                "room_id",
                                format!("Room {} belongs to another account.", room.name),
                            ));
                        }
                        Some(room.provider_id)
                    }
                    None => None,
                };
                if stay.arrival == r.arrival && stay.departure == r.departure && room_provider_id.is_none() {
                    return Err(AppError::validation("arrival", "These are the reservation's dates already."));
                }
                Change::Move { arrival: stay.arrival, departure: stay.departure, room_provider_id }
            }
            ReservationAction::Restore => {
                only(&[S::Cancelled], "restored")?;
                Change::Restore
            }
            ReservationAction::Delete => {
                if !r.state.is_final() {
                    return Err(AppError::new(
                        ErrorKind::Conflict,
                        format!("Reservation {number} is {state_name}; only a cancelled, declined or finished reservation can be deleted. Cancel it first."),
                    ));
                }
                Change::Delete
            }
            ReservationAction::EditNotes { notes } => {
                if notes.chars().count() > 2000 {
                    return Err(AppError::validation("notes", "Notes can be at most 2,000 characters."));
                }
                Change::EditNotes { notes: notes.trim().to_string() }
            }
        })
    }

    /// Changes a guest's contact details at the provider, then in the cache.
    pub async fn edit_guest(&self, guest_id: i64, edit: &GuestEdit) -> Result<Guest, AppError> {
        validate::validate_guest_edit(edit)?;
        let guest = self.store().guest(guest_id).await?;
        let row = self.store().account(guest.account_id).await?;
        if !row.account.capabilities.edit_guest.supported {
            return Err(refuse(&row.account.capabilities.edit_guest));
        }
        let clean = |v: &Option<String>| v.as_deref().map(str::trim).map(str::to_string);
        let edit = GuestEdit {
            first_name: clean(&edit.first_name),
            last_name: clean(&edit.last_name),
            email: clean(&edit.email).filter(|e| !e.is_empty()),
            phone: clean(&edit.phone).filter(|p| !p.is_empty()),
        };
        if edit.last_name.as_deref() == Some("") {
            return Err(AppError::validation("last_name", "A guest needs a last name."));
        }
        if let Some(email) = &edit.email {
            innkeep_core::validate::validate_new_guest(&innkeep_core::NewGuest {
                first_name: String::new(),
                last_name: "x".into(),
                email: Some(email.clone()),
                phone: None,
            })?;
        }
        let result = async {
            let record = self.connector(&row)?.edit_guest(&guest.provider_id, &edit).await?;
            self.store().upsert_guests(row.account.id, std::slice::from_ref(&record)).await?;
            self.store().guest(guest_id).await
        }
        .await;
        let result = self.observe(row.account.id, result).await;
        match &result {
            Ok(g) => {
                self.log_ok(
                    Some(row.account.id),
                    "guest.edit",
                    format!("Edited guest {}", g.full_name()),
                    Some(guest.provider_id.clone()),
                    None,
                )
                .await
            }
            Err(e) => {
                let summary = format!("Editing guest {} failed: {}", guest.full_name(), e.message);
                self.log(
                    Some(row.account.id),
                    "guest.edit",
                    summary,
                    ActivityOutcome::Failed,
                    Some(guest.provider_id.clone()),
                    None,
                )
                .await
            }
        }
        result
    }
}

impl Innkeep {
    /// Marks bookings that were sent when the app stopped as unknown: their answer is lost.
    pub async fn settle_interrupted_writes(&self) -> Result<(), AppError> {
        for intent in self.store().open_intents(None).await? {
            if intent.state == WriteIntentState::Pending {
                let why = "Innkeep stopped before the provider answered; the booking may or may not exist.";
                self.store().settle_intent(intent.id, WriteIntentState::Unknown, why).await?;
            }
        }
        Ok(())
    }

    /// Asks the provider what became of a booking whose answer was lost, without booking twice:
    /// the connector looks for it (or makes it only if the first attempt provably never arrived).
    pub async fn recheck_write(&self, intent_id: i64) -> Result<WriteIntent, AppError> {
        let intent = self.store().intent(intent_id).await?;
        if !matches!(intent.state, WriteIntentState::Pending | WriteIntentState::Unknown) {
            return Ok(intent);
        }
        let draft: BookingDraft = serde_json::from_value(intent.request.clone())
            .map_err(|e| AppError::internal(format!("The saved booking request is unreadable ({e}).")))?;
        let p = self.prepare(&draft, false).await?;
        let booking = self.new_booking(&p, &draft, intent.reference.clone()).await?;
        let result = p.connector.recover_create(&booking).await;
        let recovered = self.observe(p.row.account.id, result).await?;
        let account_id = p.row.account.id;
        let (_, summary) = self.settle_recovered(&intent, &p, &draft, &booking, recovered, true).await?;
        self.log_ok(Some(account_id), "booking.recheck", summary, Some(intent.reference.clone()), None).await;
        self.store().intent(intent.id).await
    }

    /// Records what the provider said about a booking whose answer was lost: the booking in the
    /// cache and the intent done, or the intent failed / still unknown. Returns the booking's
    /// provider id when it is in the cache now, and a summary for the activity log. With
    /// `sync_if_unknown`, a provider that cannot tell gets its account synced, so the booking
    /// shows up in the list if it was made.
    async fn settle_recovered(
        &self,
        intent: &WriteIntent,
        p: &Prepared,
        draft: &BookingDraft,
        booking: &NewBooking,
        recovered: Recovered,
        sync_if_unknown: bool,
    ) -> Result<(Option<String>, String), AppError> {
        let account_id = p.row.account.id;
        let mut made_id = None;
        let summary = match recovered {
            Recovered::Made(page) => {
                let made = page.reservations.first().map(|r| r.provider_id.clone()).unwrap_or_default();
                let page =
                    innkeep_store::SyncPage { guests: &page.guests, reservations: &page.reservations, cursor: None };
                self.store().complete_intent(intent.id, account_id, &made, page).await?;
                made_id = Some(made.clone());
                format!("The booking {} – {} is in {}.", draft.arrival, draft.departure, p.row.account.label)
            }
            Recovered::ProbablyMade { provider_id: Some(id), room_provider_id } => {
                // The provider cannot return it: keep what was asked as the record, so it can be
                // seen and cancelled here.
                let (guests, reservation) = recovered_record(booking, &id, room_provider_id, &intent.reference);
                let page = innkeep_store::SyncPage { guests: &guests, reservations: &[reservation], cursor: None };
                self.store().complete_intent(intent.id, account_id, &id, page).await?;
                made_id = Some(id.clone());
                format!(
                    "The booking {} – {} exists in {}; Innkeep recorded it as it was asked.",
                    draft.arrival, draft.departure, p.row.account.label
                )
            }
            Recovered::ProbablyMade { provider_id: None, .. } => {
                let why = format!(
                    "{} holds a booking on exactly these dates but cannot say which; look at it in {} before booking again.",
                    p.row.account.label,
                    p.row.account.provider.display_name()
                );
                self.store().settle_intent(intent.id, WriteIntentState::Unknown, &why).await?;
                why
            }
            Recovered::NotMade { reason } => {
                self.store().settle_intent(intent.id, WriteIntentState::Failed, &reason).await?;
                format!("The booking {} – {} was not made: {reason}", draft.arrival, draft.departure)
            }
            Recovered::Unknown => {
                let synced = sync_if_unknown && p.row.account.capabilities.list_reservations.supported;
                if synced {
                    self.sync_account(account_id, &|_| {}).await?;
                }
                let name = p.row.account.provider.display_name();
                let why = if synced {
                    format!("{name} cannot look up a booking by Innkeep's reference; Innkeep synced the account: if the booking was made, it is in the list now. Dismiss this notice once checked.")
                } else {
                    format!("{name} cannot look up a booking by Innkeep's reference; sync the account and check the list before booking again.")
                };
                self.store().settle_intent(intent.id, WriteIntentState::Unknown, &why).await?;
                why
            }
        };
        Ok((made_id, summary))
    }

    /// The manager checked a booking in doubt themselves: stop showing it.
    /// A booking that is no longer in doubt is not dismissed: a made one stays made, a failed one
    /// is already off the list.
    pub async fn dismiss_write(&self, intent_id: i64) -> Result<(), AppError> {
        let intent = self.store().intent(intent_id).await?;
        match intent.state {
            WriteIntentState::Pending | WriteIntentState::Unknown => {}
            WriteIntentState::Done => {
                return Err(AppError::new(
                    ErrorKind::Conflict,
                    "This booking is no longer in doubt: it was made. Find it in the reservations.",
                ))
            }
            WriteIntentState::Failed => return Ok(()),
        }
        self.store()
            .settle_intent(intent.id, WriteIntentState::Failed, "Dismissed after checking with the provider.")
            .await?;
        self.log_ok(
            Some(intent.account_id),
            "booking.dismiss",
            "Dismissed a booking in doubt".into(),
            Some(intent.reference),
            None,
        )
        .await;
        Ok(())
    }
}

/// A booking the provider holds but cannot return, recorded as it was asked.
fn recovered_record(
    booking: &NewBooking,
    provider_id: &str,
    room_provider_id: Option<String>,
    reference: &str,
) -> (Vec<GuestRecord>, ReservationRecord) {
    let guests: Vec<GuestRecord> = booking
        .guests
        .iter()
        .enumerate()
        .filter_map(|(i, g)| match g {
            GuestRef::New(g) => Some(GuestRecord {
                provider_id: format!("recovered:{reference}:{i}"),
                first_name: Some(g.first_name.clone()).filter(|f| !f.is_empty()),
                last_name: g.last_name.clone(),
                email: g.email.clone(),
                phone: g.phone.clone(),
                nationality: None,
                updated_at: None,
                raw: serde_json::json!({ "recovered": true }).into(),
            }),
            GuestRef::Existing(_) => None,
        })
        .collect();
    let guest_provider_id = match booking.guests.first() {
        Some(GuestRef::Existing(id)) => Some(id.clone()),
        _ => guests.first().map(|g| g.provider_id.clone()),
    };
    let stay = &booking.stay;
    let reservation = ReservationRecord {
        provider_id: provider_id.to_string(),
        number: None,
        state: ReservationState::Confirmed,
        provider_state: "recovered".into(),
        arrival: stay.arrival,
        departure: stay.departure,
        guest_provider_id,
        room_provider_id: room_provider_id.or_else(|| stay.room_provider_id.clone()),
        additional_room_provider_ids: stay.additional_room_provider_ids.clone(),
        category_provider_id: stay.category_provider_id.clone(),
        adults: stay.adults,
        children: stay.children,
        total: None,
        notes: booking.notes.clone(),
        created_at: None,
        updated_at: None,
        raw: serde_json::json!({ "recovered": true, "reference": reference }).into(),
    };
    (guests, reservation)
}

fn trimmed(g: &innkeep_core::NewGuest) -> innkeep_core::NewGuest {
    let blank = |s: &Option<String>| s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    innkeep_core::NewGuest {
        first_name: g.first_name.trim().to_string(),
        last_name: g.last_name.trim().to_string(),
        email: blank(&g.email),
        phone: blank(&g.phone),
    }
}

/// Whether a failed write may still have been carried out: the request may have arrived even
/// though no (readable) answer came back.
fn answer_may_be_lost(e: &AppError) -> bool {
    !e.not_sent
        && matches!(e.kind, ErrorKind::Offline | ErrorKind::Unavailable | ErrorKind::Malformed | ErrorKind::Internal)
}

fn verb(action: &ReservationAction) -> &'static str {
    match action {
        ReservationAction::Confirm => "Confirming",
        ReservationAction::Reject { .. } => "Rejecting",
        ReservationAction::CheckIn => "Checking in",
        ReservationAction::CheckOut => "Checking out",
        ReservationAction::NoShow => "Marking as no-show",
        ReservationAction::Cancel { .. } => "Cancelling",
        ReservationAction::Move { .. } => "Moving",
        ReservationAction::Restore => "Restoring",
        ReservationAction::Delete => "Deleting",
        ReservationAction::EditNotes { .. } => "Changing the notes of",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_answers_that_may_be_lost_leave_a_booking_in_doubt() {
        assert!(answer_may_be_lost(&AppError::new(ErrorKind::Offline, "timed out")));
        assert!(!answer_may_be_lost(&AppError::new(ErrorKind::Offline, "connection refused").unsent()));
        assert!(answer_may_be_lost(&AppError::new(ErrorKind::Unavailable, "502")));
        assert!(!answer_may_be_lost(&AppError::validation("arrival", "bad")));
        assert!(!answer_may_be_lost(&AppError::new(ErrorKind::Conflict, "taken")));
        assert!(!answer_may_be_lost(&AppError::new(ErrorKind::RateLimited, "slow down")));
    }
}
