//! End-to-end tests of the real app binary: tauri-driver + WebKitWebDriver drive the real
//! webview under Xvfb, against the provider sandboxes over real HTTP on loopback.
//!
//! The app is pointed at a sandbox this test owns (`INNKEEP_SANDBOX_URL`), so the test can take
//! the provider away and watch the app go offline. Each test gets its own data folder and its
//! own driver ports. Screenshots land in `target/e2e-screenshots/`.
//!
//! Without tauri-driver, WebKitWebDriver or a display the tests skip, unless `REQUIRE_E2E=1`
//! (set by scripts/test.sh), where that is a failure.

mod support;

mod desk;
mod export;
mod language;
mod live;
mod providers;
mod screens;
mod search;
mod sync;
mod timeline;
