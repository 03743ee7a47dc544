//! The floor app: the bare Tauri app plus one use of each crate the project is built on (sqlx on
//! SQLite, reqwest on rustls, tokio, keyring, chrono, serde_json, tauri-plugin-store), and
//! nothing of Innkeep's own. Built with the workspace's versions, features and release profile,
//! its .deb shows what those crates add to a Tauri app before any code of the app's.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[tauri::command]
async fn probe(url: String, name: String) -> Result<String, String> {
    let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.map_err(|e| e.to_string())?;
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT length(?1), upper(?1)").bind(&name).fetch_all(&pool).await.map_err(|e| e.to_string())?;
    let body = reqwest::Client::new().get(&url).send().await.map_err(|e| e.to_string())?.text().await;
    let json: serde_json::Value = serde_json::from_str(&body.map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let secret = keyring::Entry::new("floor", "probe").and_then(|e| e.get_password()).unwrap_or_default();
    let at =
        chrono::DateTime::parse_from_rfc3339(json["at"].as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
    tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    Ok(format!("{rows:?} {at} {}", secret.len()))
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .invoke_handler(tauri::generate_handler![probe])
        .run(tauri::generate_context!())
        .expect("error while running the floor Tauri app");
}
