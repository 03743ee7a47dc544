//! The native "Save as" dialog, opened from Rust so that the web view needs no dialog permission
//! and only ever sees the path the manager chose.

use std::path::PathBuf;

use innkeep_core::{AppError, ExportFormat};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

/// Asks where to save an export; `None` when the manager cancels.
pub async fn choose(app: &AppHandle, format: ExportFormat, file_name: &str) -> Result<Option<PathBuf>, AppError> {
    let (filter, ext) = match format {
        ExportFormat::Csv => ("CSV", "csv"),
        ExportFormat::Ics => ("iCalendar", "ics"),
    };
    let mut dialog =
        app.dialog().file().set_title("Export reservations").set_file_name(file_name).add_filter(filter, &[ext]);
    if let Ok(downloads) = app.path().download_dir() {
        if downloads.is_dir() {
            dialog = dialog.set_directory(downloads);
        }
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    dialog.save_file(move |chosen| {
        let _ = tx.send(chosen);
    });
    let chosen = rx.await.map_err(|_| AppError::internal("The save dialog closed without an answer."))?;
    chosen
        .map(|p| p.into_path().map_err(|e| AppError::internal(format!("The save dialog gave no usable path: {e}"))))
        .transpose()
}
