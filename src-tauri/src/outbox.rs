//! Commands of the outbox: actions kept while a provider could not be reached.

use innkeep_core::{AppError, OutboxEdit, OutboxEntry, Reservation, Written};
use tauri::{AppHandle, State};

use crate::{events, AppState};

type CmdResult<T> = Result<T, AppError>;

/// The account a write touched, whether it was carried out or kept.
pub fn account_of(w: &Written<Reservation>) -> i64 {
    match w {
        Written::Done(r) => r.account_id,
        Written::Queued(e) => e.account_id,
    }
}

/// What waits to be sent (all accounts, or one), oldest first.
#[tauri::command]
pub async fn list_outbox(state: State<'_, AppState>, account_id: Option<i64>) -> CmdResult<Vec<OutboxEntry>> {
    state.services.list_outbox(account_id).await
}

/// Changes the dates, room, guest or notes of a queued booking; it is queued again.
#[tauri::command]
pub async fn edit_outbox_entry(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    edit: OutboxEdit,
) -> CmdResult<OutboxEntry> {
    let result = state.services.edit_outbox_entry(id, &edit).await;
    events::data_changed(&app, result.as_ref().ok().map(|e| e.account_id));
    result
}

#[tauri::command]
pub async fn discard_outbox_entry(app: AppHandle, state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    let result = state.services.discard_outbox_entry(id).await;
    events::data_changed(&app, None);
    result
}

/// Sends the account's queued entries in order (the UI asks the manager first); returns each
/// entry taken up in its new state.
#[tauri::command]
pub async fn send_outbox(app: AppHandle, state: State<'_, AppState>, account_id: i64) -> CmdResult<Vec<OutboxEntry>> {
    let result = state.services.send_outbox(account_id).await;
    events::data_changed(&app, Some(account_id));
    result
}
