//! Thin commands: parse, call one service, return its result or its `AppError` (which the UI
//! receives as `{kind, message, field?, retry_after_secs?}`).

use innkeep_core::validate::parse_date;
use innkeep_core::{
    Account, AccountChanges, ActivityEntry, AppError, AppStatus, BookingDraft, ConnectionCheck, Credentials,
    ExportFormat, ExportOutcome, Guest, GuestEdit, NewAccount, Quote, Reservation, ReservationAction,
    ReservationDetail, ReservationQuery, RoomList, SearchResults, StateAction, Timeline, TodayBoard, WriteIntent,
    Written,
};
use tauri::{AppHandle, State};

use crate::{events, AppState};

type CmdResult<T> = Result<T, AppError>;

/// The UI has drawn its first screen: the sync at start may begin (see `schedule`). The UI's
/// timing of its start goes to the debug log.
#[tauri::command]
pub fn ui_ready(first_screen: State<'_, crate::schedule::FirstScreen>, timing: Option<crate::schedule::StartTiming>) {
    if let Some(timing) = timing {
        tracing::debug!("first screen drawn; ms after launch: {}", timing.after_launch());
    }
    first_screen.drawn();
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    let services = state.services.clone();
    // The keyring probe talks D-Bus synchronously: keep it off the async workers.
    let keyring = tokio::task::spawn_blocking(move || services.secrets().status())
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(AppStatus {
        demo_mode: state.demo.is_active(),
        keyring,
        data_dir: state.data_dir.display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> CmdResult<Vec<Account>> {
    state.services.accounts().await
}

#[tauri::command]
pub async fn test_connection(state: State<'_, AppState>, account: NewAccount) -> CmdResult<ConnectionCheck> {
    state.services.test_connection(&account).await
}

#[tauri::command]
pub async fn add_account(app: AppHandle, state: State<'_, AppState>, account: NewAccount) -> CmdResult<Account> {
    let added = state.services.add_account(&account).await?;
    events::data_changed(&app, Some(added.id));
    crate::live::refresh(&app);
    crate::schedule::sync_in_background(app, Some(added.id));
    Ok(added)
}

/// New credentials for a connected account; its next sync (started here) uses them.
#[tauri::command]
pub async fn replace_credentials(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: i64,
    credentials: Credentials,
) -> CmdResult<Account> {
    let account = state.services.replace_credentials(account_id, &credentials).await?;
    events::data_changed(&app, Some(account_id));
    crate::live::refresh(&app);
    crate::schedule::sync_in_background(app, Some(account_id));
    Ok(account)
}

#[tauri::command]
pub async fn remove_account(app: AppHandle, state: State<'_, AppState>, account_id: i64) -> CmdResult<()> {
    state.services.remove_account(account_id).await?;
    crate::live::refresh(&app);
    events::data_changed(&app, None);
    Ok(())
}

/// Syncs one account (or all); `full` reads everything again and notices deletions.
#[tauri::command]
pub async fn sync_now(app: AppHandle, account_id: Option<i64>, full: Option<bool>) -> CmdResult<()> {
    crate::schedule::sync(&app, account_id, full.unwrap_or(false)).await
}

/// Stops the account's running sync; `false` when none runs.
#[tauri::command]
pub fn cancel_sync(state: State<'_, AppState>, account_id: i64) -> bool {
    state.services.cancel_sync(account_id)
}

#[tauri::command]
pub async fn what_changed(state: State<'_, AppState>) -> CmdResult<Vec<AccountChanges>> {
    state.services.what_changed().await
}

/// The manager has seen the account's changes up to `upto` (a change id; all when absent).
#[tauri::command]
pub async fn mark_changes_seen(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: i64,
    upto: Option<i64>,
) -> CmdResult<()> {
    state.services.mark_changes_seen(account_id, upto).await?;
    events::data_changed(&app, Some(account_id));
    Ok(())
}

#[tauri::command]
pub async fn list_reservations(state: State<'_, AppState>, query: ReservationQuery) -> CmdResult<Vec<Reservation>> {
    state.services.reservations(&query).await
}

#[tauri::command]
pub async fn get_reservation(state: State<'_, AppState>, id: i64) -> CmdResult<ReservationDetail> {
    state.services.reservation_detail(id).await
}

#[tauri::command]
pub async fn cancel_reservation(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    reason: Option<String>,
    override_late: Option<bool>,
) -> CmdResult<Written<Reservation>> {
    // Kept in the outbox when the provider cannot be reached.
    let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    let action = ReservationAction::Cancel { reason, override_late: override_late.unwrap_or(false) };
    let result = state.services.act_or_queue(id, action).await;
    // Even a failed attempt changes the activity log and maybe the account's status.
    events::data_changed(&app, result.as_ref().ok().map(crate::outbox::account_of));
    result
}

/// Confirm, check in or check out, as the reservation's provider allows.
#[tauri::command]
pub async fn change_reservation_state(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    action: StateAction,
) -> CmdResult<Written<Reservation>> {
    let result = state.services.change_state_or_queue(id, action).await;
    events::data_changed(&app, result.as_ref().ok().map(crate::outbox::account_of));
    result
}

/// Any action on a reservation the provider supports (see the account's capabilities).
#[tauri::command]
pub async fn act_on_reservation(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    action: ReservationAction,
) -> CmdResult<Reservation> {
    let result = state.services.act(id, action).await;
    events::data_changed(&app, result.as_ref().ok().map(|r| r.account_id));
    result
}

#[tauri::command]
pub async fn edit_guest(app: AppHandle, state: State<'_, AppState>, id: i64, edit: GuestEdit) -> CmdResult<Guest> {
    let result = state.services.edit_guest(id, &edit).await;
    events::data_changed(&app, result.as_ref().ok().map(|g| g.account_id));
    result
}

/// Bookings sent to a provider whose outcome Innkeep does not know (the answer was lost).
#[tauri::command]
pub async fn list_open_writes(state: State<'_, AppState>) -> CmdResult<Vec<WriteIntent>> {
    state.services.store().open_intents(None).await
}

/// Asks the provider what became of a booking in doubt (never books twice).
#[tauri::command]
pub async fn recheck_write(app: AppHandle, state: State<'_, AppState>, id: i64) -> CmdResult<WriteIntent> {
    let result = state.services.recheck_write(id).await;
    events::data_changed(&app, result.as_ref().ok().map(|w| w.account_id));
    result
}

/// The manager checked a booking in doubt with the provider: stop showing it.
#[tauri::command]
pub async fn dismiss_write(app: AppHandle, state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    let result = state.services.dismiss_write(id).await;
    events::data_changed(&app, None);
    result
}

#[tauri::command]
pub async fn list_guests(state: State<'_, AppState>, search: Option<String>) -> CmdResult<Vec<Guest>> {
    state.services.guests(search.as_deref()).await
}

/// The search box in the top bar and the command palette: guests and reservations by `query`.
#[tauri::command]
pub async fn search_everything(state: State<'_, AppState>, query: String) -> CmdResult<SearchResults> {
    state.services.search_everything(&query).await
}

#[tauri::command]
pub async fn get_guest(state: State<'_, AppState>, id: i64) -> CmdResult<Guest> {
    state.services.guest(id).await
}

#[tauri::command]
pub async fn list_rooms(state: State<'_, AppState>, account_id: i64) -> CmdResult<RoomList> {
    state.services.rooms(account_id).await
}

#[tauri::command]
pub async fn quote_booking(state: State<'_, AppState>, draft: BookingDraft) -> CmdResult<Quote> {
    state.services.quote(&draft).await
}

#[tauri::command]
pub async fn create_booking(
    app: AppHandle,
    state: State<'_, AppState>,
    draft: BookingDraft,
) -> CmdResult<Written<Reservation>> {
    let result = state.services.create_booking_or_queue(&draft).await;
    events::data_changed(&app, Some(draft.account_id));
    result
}

#[tauri::command]
pub async fn list_activity(
    state: State<'_, AppState>,
    account_id: Option<i64>,
    limit: Option<u32>,
) -> CmdResult<Vec<ActivityEntry>> {
    state.services.activity(account_id, limit.unwrap_or(200)).await
}

/// Dates arrive as `YYYY-MM-DD` text and are parsed here, so a bad one names its field.
#[tauri::command]
pub async fn get_timeline(state: State<'_, AppState>, from: String, to: String) -> CmdResult<Timeline> {
    let from = parse_date("from", &from)?;
    let to = parse_date("to", &to)?;
    state.services.timeline(from, to).await
}

#[tauri::command]
pub async fn get_today(state: State<'_, AppState>, date: String) -> CmdResult<TodayBoard> {
    state.services.today_board(parse_date("date", &date)?).await
}

#[tauri::command]
pub async fn link_rooms(app: AppHandle, state: State<'_, AppState>, room_ids: Vec<i64>) -> CmdResult<()> {
    state.services.link_rooms(&room_ids).await?;
    events::data_changed(&app, None);
    Ok(())
}

#[tauri::command]
pub async fn unlink_room(app: AppHandle, state: State<'_, AppState>, room_id: i64) -> CmdResult<()> {
    state.services.unlink_room(room_id).await?;
    events::data_changed(&app, None);
    Ok(())
}

#[tauri::command]
pub async fn choose_export_path(app: AppHandle, format: ExportFormat, file_name: String) -> CmdResult<Option<String>> {
    innkeep_core::validate::validate_export_file_name(&file_name)?;
    Ok(crate::save_dialog::choose(&app, format, &file_name).await?.map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn export_reservations(
    state: State<'_, AppState>,
    query: ReservationQuery,
    format: ExportFormat,
    path: String,
) -> CmdResult<ExportOutcome> {
    state.services.export_reservations(&query, format, &path).await
}
