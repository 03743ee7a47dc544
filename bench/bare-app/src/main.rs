//! The bare Tauri app: one window with a static page and nothing else, built with the same
//! toolchain, tauri version and release profile as Innkeep. bench/app.sh compares the two.

// No console window on Windows in release builds, as in the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("error while running the bare Tauri app");
}
