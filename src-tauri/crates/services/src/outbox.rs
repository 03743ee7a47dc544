//! The outbox: a booking, cancellation or state change that could not reach its provider at all
//! (no connection: the request never left) is kept instead of failing, shown as pending, and
//! sent in order when the manager asks. A write whose answer was lost is never queued: it may
//! have been carried out, and the write-intent path (bookings in doubt) deals with it.

use innkeep_core::{
    ActivityOutcome, AppError, BookingDraft, ErrorKind, OutboxEdit, OutboxEntry, OutboxState, Reservation,
    ReservationAction, StateAction, Written,
};

use crate::Innkeep;

/// How one entry fared when sent.
enum Sent {
    Done,
    /// Still unreachable, or told to wait: the entry stays queued and sending stops.
    Stop(String),
    /// The provider refused it; it can be edited and sent again.
    Refused(String),
    /// Not to be repeated: the provider may have carried it out.
    Lost(String),
}

impl Innkeep {
    /// Books the stay, or keeps it in the outbox when the provider cannot be reached.
    pub async fn create_booking_or_queue(&self, draft: &BookingDraft) -> Result<Written<Reservation>, AppError> {
        match self.create_booking(draft).await {
            Ok(r) => Ok(Written::Done(r)),
            Err(e) if e.not_sent => {
                let request = serde_json::to_value(draft).map_err(|e| AppError::internal(e.to_string()))?;
                let entry = self
                    .store()
                    .queue_outbox(draft.account_id, OutboxEntry::CREATE, &request, None, &e.message)
                    .await?;
                self.log(
                    Some(draft.account_id),
                    "outbox.queue",
                    format!(
                        "Kept the booking {} – {} in the outbox: the provider cannot be reached",
                        draft.arrival, draft.departure
                    ),
                    ActivityOutcome::Ok,
                    None,
                    None,
                )
                .await;
                Ok(Written::Queued(entry))
            }
            Err(e) => Err(e),
        }
    }

    /// Cancels, or keeps the cancellation in the outbox when the provider cannot be reached.
    pub async fn cancel_or_queue(&self, id: i64, reason: Option<&str>) -> Result<Written<Reservation>, AppError> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
        self.act_or_queue(id, ReservationAction::Cancel { reason, override_late: false }).await
    }

    /// Confirms, checks in or out, or keeps the change in the outbox.
    pub async fn change_state_or_queue(&self, id: i64, action: StateAction) -> Result<Written<Reservation>, AppError> {
        self.act_or_queue(id, action.into()).await
    }

    /// Carries out an action on a reservation, or keeps it in the outbox when its provider
    /// cannot be reached. The same action on the same reservation is kept only once.
    pub async fn act_or_queue(&self, id: i64, action: ReservationAction) -> Result<Written<Reservation>, AppError> {
        // Checked before it can wait in the outbox, not only when it is sent.
        innkeep_core::validate::validate_action_texts(&action)?;
        let kind = action_kind(&action)?;
        let before = self.store().reservation(id).await?;
        if let Some(waiting) = self
            .store()
            .outbox(Some(before.account_id))
            .await?
            .into_iter()
            .find(|e| e.reservation_id == Some(id) && e.kind == kind && e.state != OutboxState::Failed)
        {
            return Err(AppError::new(
                ErrorKind::Conflict,
                format!("This is already waiting in the outbox (entry {}); send or discard it first.", waiting.id),
            ));
        }
        match self.act(id, action.clone()).await {
            Ok(r) => Ok(Written::Done(r)),
            Err(e) if e.not_sent => {
                let request = serde_json::to_value(&action).map_err(|e| AppError::internal(e.to_string()))?;
                let entry = self.store().queue_outbox(before.account_id, &kind, &request, Some(id), &e.message).await?;
                let number = before.number.clone().unwrap_or_else(|| before.provider_id.clone());
                self.log(
                    Some(before.account_id),
                    "outbox.queue",
                    format!("Kept “{kind}” of {number} in the outbox: the provider cannot be reached"),
                    ActivityOutcome::Ok,
                    Some(number),
                    Some(id),
                )
                .await;
                Ok(Written::Queued(entry))
            }
            Err(e) => Err(e),
        }
    }

    /// What waits in the outbox (not yet sent), oldest first; of one account or of all.
    pub async fn list_outbox(&self, account_id: Option<i64>) -> Result<Vec<OutboxEntry>, AppError> {
        if let Some(id) = account_id {
            self.store().account(id).await?;
        }
        self.store().outbox(account_id).await
    }

    /// Changes the dates, room, guest or notes of a queued booking (e.g. after the provider
    /// reported the room taken); it is checked like a new booking and queued again.
    pub async fn edit_outbox_entry(&self, id: i64, edit: &OutboxEdit) -> Result<OutboxEntry, AppError> {
        let entry = self.store().outbox_entry(id).await?;
        if !entry.is_create() {
            return Err(AppError::new(
                ErrorKind::Validation,
                "Only a queued booking can be edited; discard this action and take it again instead.",
            ));
        }
        let mut draft: BookingDraft = serde_json::from_value(entry.request.clone())
            .map_err(|e| AppError::internal(format!("The queued booking is unreadable ({e}).")))?;
        if let Some(a) = &edit.arrival {
            draft.arrival = a.clone();
        }
        if let Some(d) = &edit.departure {
            draft.departure = d.clone();
        }
        if let Some(room) = edit.room_id {
            draft.room_id = Some(room);
        }
        if let Some(g) = &edit.guest {
            draft.guest = g.clone();
        }
        if let Some(n) = &edit.notes {
            draft.notes = Some(n.trim().to_string()).filter(|n| !n.is_empty());
        }
        // The same checks as a booking made now: dates, room of the category, guest.
        self.check_booking(&draft).await?;
        let request = serde_json::to_value(&draft).map_err(|e| AppError::internal(e.to_string()))?;
        let edited = self.store().edit_outbox(id, &request).await?;
        self.log_ok(
            Some(entry.account_id),
            "outbox.edit",
            format!("Edited the queued booking, now {} – {}", draft.arrival, draft.departure),
            None,
            None,
        )
        .await;
        Ok(edited)
    }

    /// Drops an entry without sending it.
    pub async fn discard_outbox_entry(&self, id: i64) -> Result<(), AppError> {
        let entry = self.store().outbox_entry(id).await?;
        if !self.store().discard_outbox(id).await? {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "This outbox entry is being sent; it cannot be discarded now.",
            ));
        }
        self.log_ok(
            Some(entry.account_id),
            "outbox.discard",
            format!("Discarded “{}” from the outbox", entry.kind),
            None,
            entry.reservation_id,
        )
        .await;
        Ok(())
    }

    /// Sends the account's queued entries in the order they were taken (the manager confirmed).
    /// A refusal makes that entry a conflict and sending goes on; a provider still out of reach
    /// stops it. Returns every entry taken up, in its new state.
    pub async fn send_outbox(&self, account_id: i64) -> Result<Vec<OutboxEntry>, AppError> {
        self.store().account(account_id).await?;
        let mut taken = Vec::new();
        for entry in self.store().outbox(Some(account_id)).await? {
            if entry.state != OutboxState::Queued || !self.store().claim_outbox(entry.id).await? {
                continue;
            }
            let outcome = self.send_entry(&entry).await;
            let (state, error) = match &outcome {
                Sent::Done => (OutboxState::Sent, None),
                Sent::Stop(m) => (OutboxState::Queued, Some(m.as_str())),
                Sent::Refused(m) => (OutboxState::Conflict, Some(m.as_str())),
                Sent::Lost(m) => (OutboxState::Failed, Some(m.as_str())),
            };
            self.store().set_outbox_state(entry.id, state, error).await?;
            taken.push(self.store().outbox_entry(entry.id).await?);
            if matches!(outcome, Sent::Stop(_)) {
                break;
            }
        }
        Ok(taken)
    }

    async fn send_entry(&self, entry: &OutboxEntry) -> Sent {
        let result = if entry.is_create() {
            match serde_json::from_value::<BookingDraft>(entry.request.clone()) {
                // Through the write-intent path: a lost answer leaves a booking in doubt, never a second one.
                Ok(draft) => self.create_booking(&draft).await.map(|_| ()),
                Err(e) => return Sent::Lost(format!("The queued booking is unreadable ({e}).")),
            }
        } else {
            let (Some(id), Ok(action)) =
                (entry.reservation_id, serde_json::from_value::<ReservationAction>(entry.request.clone()))
            else {
                return Sent::Lost("The queued action is unreadable.".into());
            };
            self.act(id, action).await.map(|_| ())
        };
        match result {
            Ok(()) => Sent::Done,
            Err(e) if e.not_sent || matches!(e.kind, ErrorKind::RateLimited | ErrorKind::Auth | ErrorKind::Keyring) => {
                Sent::Stop(e.message)
            }
            Err(e)
                if matches!(
                    e.kind,
                    ErrorKind::Conflict
                        | ErrorKind::Forbidden
                        | ErrorKind::NotFound
                        | ErrorKind::Validation
                        | ErrorKind::LateCancellation
                ) =>
            {
                Sent::Refused(e.message)
            }
            Err(e) => Sent::Lost(if entry.is_create() {
                format!("{} The booking may have been made; it is listed among the bookings in doubt.", e.message)
            } else {
                format!("{} It may have been carried out; sync the account to see.", e.message)
            }),
        }
    }

    /// Entries left `sending` when the app stopped may have reached the provider: not resent.
    pub async fn settle_interrupted_outbox(&self) -> Result<(), AppError> {
        self.store()
            .settle_interrupted_outbox(
                "Innkeep stopped while this was being sent; it may have reached the provider. Sync the account to see.",
            )
            .await?;
        Ok(())
    }
}

/// `cancel`, `confirm`, `check_in`, …: the action's own tag.
fn action_kind(action: &ReservationAction) -> Result<String, AppError> {
    serde_json::to_value(action)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .ok_or_else(|| AppError::internal("A reservation action without a kind."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_kept_under_their_own_kind() {
        assert_eq!(action_kind(&ReservationAction::CheckIn).unwrap(), "check_in");
        assert_eq!(action_kind(&ReservationAction::Cancel { reason: None, override_late: false }).unwrap(), "cancel");
    }
}
