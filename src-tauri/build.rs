/// Innkeep's own commands. Listed here, each becomes a permission (`allow-app-status`, ...) that
/// the capabilities must grant: a command the UI is not given cannot be called from the webview.
const COMMANDS: &[&str] = &[
    "list_outbox",
    "edit_outbox_entry",
    "discard_outbox_entry",
    "send_outbox",
    "app_status",
    "ui_ready",
    "list_accounts",
    "test_connection",
    "add_account",
    "replace_credentials",
    "remove_account",
    "sync_now",
    "cancel_sync",
    "what_changed",
    "mark_changes_seen",
    "list_reservations",
    "get_reservation",
    "cancel_reservation",
    "change_reservation_state",
    "act_on_reservation",
    "edit_guest",
    "list_open_writes",
    "recheck_write",
    "dismiss_write",
    "list_guests",
    "get_guest",
    "search_everything",
    "list_rooms",
    "quote_booking",
    "create_booking",
    "list_activity",
    "get_timeline",
    "get_today",
    "link_rooms",
    "unlink_room",
    "choose_export_path",
    "export_reservations",
    "live_statuses",
];

fn main() {
    // The capabilities live under src-tauri/ while the package root is the repository root.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
