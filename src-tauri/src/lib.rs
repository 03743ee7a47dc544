//! The desktop shell: builds the window, opens the cache, starts demo mode when needed, and
//! exposes the services as commands. No business rules live here.

mod commands;
mod demo;
mod events;
mod live;
mod outbox;
mod rendering;
mod save_dialog;
mod schedule;

use std::path::PathBuf;

use innkeep_secrets::SecretStore;
use innkeep_services::Innkeep;
use innkeep_store::Store;
use tauri::Manager;

/// What every command can reach.
pub struct AppState {
    pub services: Innkeep,
    pub data_dir: PathBuf,
    pub demo: demo::Demo,
}

/// `INNKEEP_DATA_DIR` overrides the platform's data folder (tests, portable installs).
fn data_dir() -> PathBuf {
    std::env::var_os("INNKEEP_DATA_DIR").map(PathBuf::from).unwrap_or_else(innkeep_services::default_data_dir)
}

/// Logs go to standard error, or to the file named by `INNKEEP_LOG_FILE` (useful when the app is
/// started by another program, such as WebDriver, that swallows its output). Never bodies or
/// secrets: the HTTP layer logs paths and statuses only, and every line passes the redactor,
/// which removes tokens, keys and passwords that reach a message by any other route.
fn init_logging() {
    use innkeep_core::redact::{RedactingWriter, SharedWriter};
    let filter = tracing_subscriber::EnvFilter::try_from_env("INNKEEP_LOG").unwrap_or_else(|_| "info".into());
    let file = std::env::var_os("INNKEEP_LOG_FILE").and_then(|p| std::fs::File::create(p).ok());
    match file {
        Some(file) => {
            let file = std::sync::Arc::new(std::sync::Mutex::new(file));
            tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(move || RedactingWriter::new(SharedWriter(file.clone())))
                .init()
        }
        None => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(|| RedactingWriter::new(std::io::stderr()))
            .init(),
    }
}

/// Opens the cache, settles what a crash left half done and starts demo mode when needed.
async fn open_state(data_dir: PathBuf) -> Result<AppState, innkeep_core::AppError> {
    let store = Store::open(&data_dir).await?;
    let services = Innkeep::new(store, SecretStore::default());
    services.settle_interrupted_writes().await?;
    services.settle_interrupted_outbox().await?;
    let demo = demo::Demo::start_if_needed(&services).await?;
    Ok(AppState { services, data_dir, demo })
}

pub fn run() {
    schedule::note_launch();
    init_logging();
    rendering::draw_without_compositing_when_no_gpu();
    // The state opens on its own thread while GTK starts, instead of on the main thread once the
    // window exists: blocking the main thread while the webview started made WebKit wait out a
    // half-second timeout before the first page in about half of the starts (BENCHMARKS.md).
    let opening = std::thread::spawn(|| tauri::async_runtime::block_on(open_state(data_dir())));
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let state = opening
                .join()
                .map_err(|_| "opening the cache stopped unexpectedly".to_string())?
                .map_err(|e| Box::<dyn std::error::Error>::from(e.message))?;
            app.manage(state);
            // The window is made here (tauri.conf.json has `"create": false`), so that it and its
            // webview start with every command's state in place.
            let window = app.config().app.windows.first().ok_or("tauri.conf.json names no window")?.clone();
            tauri::WebviewWindowBuilder::from_config(app.handle(), &window)?.build()?;
            schedule::start(app.handle().clone());
            app.manage(live::LiveWatchers::default());
            live::refresh(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            outbox::list_outbox,
            outbox::edit_outbox_entry,
            outbox::discard_outbox_entry,
            outbox::send_outbox,
            commands::app_status,
            commands::ui_ready,
            commands::list_accounts,
            commands::test_connection,
            commands::add_account,
            commands::replace_credentials,
            commands::remove_account,
            commands::sync_now,
            commands::cancel_sync,
            commands::what_changed,
            commands::mark_changes_seen,
            commands::list_reservations,
            commands::get_reservation,
            commands::cancel_reservation,
            commands::change_reservation_state,
            commands::act_on_reservation,
            commands::edit_guest,
            commands::list_open_writes,
            commands::recheck_write,
            commands::dismiss_write,
            commands::list_guests,
            commands::get_guest,
            commands::search_everything,
            commands::list_rooms,
            commands::quote_booking,
            commands::create_booking,
            commands::list_activity,
            commands::get_timeline,
            commands::get_today,
            commands::link_rooms,
            commands::unlink_room,
            commands::choose_export_path,
            commands::export_reservations,
            live::live_statuses,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Innkeep");
}

/// The app's commands are named in three places that must agree: the handler list above, the
/// permissions `build.rs` generates, and the grants in the main window's capability. A command
/// missing from one would be refused (or unreachable) only when the UI first calls it.
#[cfg(test)]
mod command_lists {
    use std::collections::BTreeSet;

    fn quoted_after<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
        let from = text.find(start).expect("start marker") + start.len();
        &text[from..from + text[from..].find(end).expect("end marker")]
    }

    #[test]
    fn handlers_permissions_and_grants_name_the_same_commands() {
        let lib = include_str!("lib.rs");
        let handlers: BTreeSet<String> = quoted_after(lib, "generate_handler![", "]")
            .split(',')
            .filter_map(|path| path.trim().rsplit("::").next().filter(|name| !name.is_empty()))
            .map(str::to_owned)
            .collect();
        let permissions: BTreeSet<String> = quoted_after(include_str!("../build.rs"), "COMMANDS: &[&str] = &[", "];")
            .split(',')
            .map(|name| name.trim().trim_matches('"').to_owned())
            .filter(|name| !name.is_empty())
            .collect();
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).expect("capability JSON");
        let grants: BTreeSet<String> = capability["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|name| name.replace('-', "_"))
            .collect();
        assert!(handlers.len() > 30, "the handler list was not read: {handlers:?}");
        assert_eq!(handlers, permissions, "generate_handler! and build.rs's COMMANDS differ");
        assert_eq!(handlers, grants, "generate_handler! and capabilities/default.json differ");
    }
}
