//! The session every end-to-end test drives: tauri-driver, the app, screenshots, and finders by
//! `data-testid`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use innkeep_sandbox::{RunningSandbox, SandboxConfig, Secrets};

// Beside this file, and here so the frames benchmark (which borrows this file) has it too.
#[path = "secrets.rs"]
pub mod secrets;

const APP: &str = env!("CARGO_BIN_EXE_innkeep");
pub const WAIT: Duration = Duration::from_secs(30);

fn tool_missing() -> Option<String> {
    let have = |name: &str| {
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file())).unwrap_or(false)
    };
    for tool in ["tauri-driver", "WebKitWebDriver"] {
        if !have(tool) {
            return Some(format!("{tool} is not installed"));
        }
    }
    if std::env::var_os("DISPLAY").is_none() {
        return Some("no DISPLAY".into());
    }
    None
}

pub fn skip_or_fail() -> bool {
    match tool_missing() {
        None => false,
        Some(why) if std::env::var_os("REQUIRE_E2E").is_some() => panic!("REQUIRE_E2E is set but {why}"),
        Some(why) => {
            eprintln!("skipping end-to-end test: {why}");
            true
        }
    }
}

pub struct Session {
    pub client: Client,
    started: Instant,
    driver: Child,
    shots: PathBuf,
    _data: tempfile::TempDir,
    log: PathBuf,
    secrets: Secrets,
    /// Secrets the test typed itself (e.g. wrong credentials), searched for with the sandbox's.
    typed_secrets: Vec<String>,
    /// Set once the session's files have been searched for secrets.
    searched: bool,
    /// Held for the session's life: dropped last, after the app is gone.
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// One app at a time. The tests share one X display (a window may cover another's, and the
/// export test types into the focused native dialog) and two cores; side by side, seven apps
/// starve each other into timeouts.
static ONE_APP_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Drop for Session {
    fn drop(&mut self) {
        stop_driver(&mut self.driver);
        wait_for_app_exit();
        if !std::thread::panicking() && !self.searched {
            self.assert_no_secret_in_files();
        }
    }
}

impl Session {
    pub async fn start(port: u16, sandbox: &RunningSandbox, name: &str) -> Session {
        Session::start_in(tempfile::tempdir().expect("temp dir"), port, sandbox, name).await
    }

    /// Quits the app and starts it again over the same data folder and settings, as a manager
    /// closing and reopening Innkeep does.
    pub async fn restart(mut self, port: u16, sandbox: &RunningSandbox, name: &str) -> Session {
        let _ = self.client.clone().close().await;
        wait_for_app_exit();
        // The next app starts its log afresh: search this one's files now.
        self.assert_no_secret_in_files();
        self.searched = true;
        let data = std::mem::replace(&mut self._data, tempfile::tempdir().expect("temp dir"));
        drop(self);
        Session::start_in(data, port, sandbox, name).await
    }

    /// The secret search (see `secrets.rs`) over the session's data folder and log. Run when the
    /// session ends, so every end-to-end test is also a secret-search test.
    fn assert_no_secret_in_files(&self) {
        let searched = self.search_in(self._data.path());
        assert!(
            searched.saw_sqlite(),
            "the secret search found no SQLite cache among {} files: the app's data moved?",
            searched.files.len()
        );
    }

    /// Adds a secret the test typed to those searched for when the session ends.
    pub fn also_secret(&mut self, secret: String) {
        self.typed_secrets.push(secret);
    }

    fn search_in(&self, data: &Path) -> secrets::Searched {
        let mut secrets = self.secrets.all();
        secrets.extend(self.typed_secrets.iter().cloned());
        let searched = secrets::search(&[data, &self.log], &secrets);
        eprintln!(
            "secret search: {} secrets ({} access tokens) in {} files",
            secrets.len(),
            self.secrets.issued_tokens().len(),
            searched.files.len()
        );
        if std::env::var_os("INNKEEP_E2E_LIST_SEARCHED").is_some() {
            eprintln!("{:#?}", searched.files);
        }
        assert!(searched.leaks.is_empty(), "secrets found in the app's files: {:#?}", searched.leaks);
        searched
    }

    async fn start_in(data: tempfile::TempDir, port: u16, sandbox: &RunningSandbox, name: &str) -> Session {
        let turn = ONE_APP_AT_A_TIME.lock().await;
        wait_for_free_ports(port);
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("../e2e-{name}.log"));
        let driver = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &(port + 1).to_string()])
            .env("INNKEEP_DATA_DIR", data.path().join("data"))
            .env("XDG_CONFIG_HOME", data.path().join("config"))
            .env("XDG_DATA_HOME", data.path().join("xdg-data"))
            // WebKit's caches too, so the secret search sees everything the app wrote.
            .env("XDG_CACHE_HOME", data.path().join("cache"))
            .env("INNKEEP_SANDBOX_URL", sandbox.base_url())
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("INNKEEP_LOG_FILE", &log)
            .env("INNKEEP_LOG", "info,innkeep_providers=debug")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver starts");
        let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": APP, "args": [] }
        }))
        .unwrap();
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::native().capabilities(caps.clone()).connect(&format!("http://127.0.0.1:{port}")).await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() < WAIT => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("tauri-driver did not answer: {e}"),
            }
        };
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../e2e-screenshots").join(name);
        std::fs::create_dir_all(&shots).unwrap();
        let secrets = sandbox.secrets();
        Session {
            client,
            started: Instant::now(),
            driver,
            shots,
            _data: data,
            log,
            secrets,
            typed_secrets: Vec::new(),
            searched: false,
            _turn: turn,
        }
    }

    /// Prints how far the test got, and when: a slow step shows in the log.
    pub fn step(&self, what: &str) {
        eprintln!("[{:6.1}s] {what}", self.started.elapsed().as_secs_f64());
    }

    pub async fn find(&self, test_id: &str) -> Element {
        let css = format!("[data-testid='{test_id}']");
        match self.client.wait().at_most(WAIT).for_element(Locator::Css(&css)).await {
            Ok(el) => el,
            Err(e) => {
                self.shot(&format!("missing-{test_id}")).await;
                panic!("{css} did not appear: {e}")
            }
        }
    }

    /// Waits for the first element matching a CSS selector.
    pub async fn find_css(&self, css: &str) -> Element {
        match self.client.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
            Ok(el) => el,
            Err(e) => {
                self.shot("missing-css").await;
                panic!("{css} did not appear: {e}")
            }
        }
    }

    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap_or_default()
    }

    /// Polls `probe` until it returns `Some`, or fails the test with `what`.
    pub async fn until<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let started = Instant::now();
        loop {
            if let Some(v) = probe().await {
                return v;
            }
            if started.elapsed() > WAIT {
                self.shot("timeout").await;
                panic!("timed out waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    pub async fn text(&self, test_id: &str) -> String {
        self.find(test_id).await.text().await.unwrap_or_default()
    }

    pub async fn type_into(&self, test_id: &str, value: &str) {
        let el = self.find(test_id).await;
        el.clear().await.unwrap();
        el.send_keys(value).await.unwrap();
    }

    /// A screenshot of the whole X display, taken by ImageMagick rather than through WebDriver:
    /// WebKitWebDriver's screenshot command was seen to hang after about half a minute of a
    /// session, blocking every later command until its five-minute timeout.
    pub async fn shot(&self, name: &str) {
        // The webview may paint a moment after the DOM changes.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let path = self.shots.join(format!("{name}.png"));
        let done = Command::new("import").args(["-window", "root"]).arg(&path).status();
        if !matches!(done, Ok(s) if s.success()) {
            self.step(&format!("screenshot {name} failed: {done:?}"));
        }
    }

    /// Picks the first room category whose label starts with `name` in the booking form.
    pub async fn choose_category(&self, name: &str) {
        self.choose_option("booking-category", name).await
    }

    /// Picks the first option whose label starts with `name` in a select.
    pub async fn choose_option(&self, test_id: &str, name: &str) {
        let select = self.find(test_id).await;
        let options = self
            .until(&format!("options in {test_id}"), || async {
                select.find_all(Locator::Css("option")).await.ok().filter(|o| o.len() > 1)
            })
            .await;
        for (i, o) in options.iter().enumerate() {
            if o.text().await.unwrap_or_default().starts_with(name) {
                select.select_by_index(i).await.unwrap();
                return;
            }
        }
        panic!("no “{name}” in {test_id}");
    }

    /// Waits until the header's sync indicator has been idle for three seconds: the start syncs of
    /// every account are over (they run side by side, so the list grows until then).
    pub async fn syncs_settled(&self) {
        let (mut since, started) = (Instant::now(), Instant::now());
        loop {
            let state = self.find("sync-indicator").await.attr("data-state").await.ok().flatten();
            if state.as_deref() != Some("idle") {
                since = Instant::now();
            } else if since.elapsed() > Duration::from_secs(3) {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(180), "the syncs did not settle");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    pub async fn rows(&self) -> Vec<Element> {
        self.all("[data-testid='reservation-row']").await
    }

    /// The row of the account whose label starts with `label`.
    pub async fn account_row(&self, label: &str) -> Element {
        self.until(&format!("the account row of {label}"), || async {
            for row in self.all("[data-testid='account-row']").await {
                if row.text().await.unwrap_or_default().starts_with(label) {
                    return Some(row);
                }
            }
            None
        })
        .await
    }

    /// Picks the first real option (not the placeholder) of a select.
    pub async fn choose_first(&self, test_id: &str) {
        let select = self.find(test_id).await;
        self.until(&format!("options in {test_id}"), || async {
            let options = select.find_all(Locator::Css("option")).await.ok()?;
            for (i, o) in options.iter().enumerate() {
                if !o.attr("value").await.ok().flatten().unwrap_or_default().is_empty() {
                    select.select_by_index(i).await.ok()?;
                    return Some(());
                }
            }
            None
        })
        .await
    }
}

/// Stops tauri-driver with SIGTERM, on which it stops the WebKitWebDriver it started. Killed
/// outright, it left that one listening on the native port, where the next session of a test
/// that restarts the app on the same ports met it ("Unable to listen ... port 4455").
fn stop_driver(driver: &mut Child) {
    let _ = Command::new("kill").args(["-TERM", &driver.id().to_string()]).status();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        if driver.try_wait().is_ok_and(|status| status.is_some()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = driver.kill();
    let _ = driver.wait();
}

/// A WebDriver left from an earlier session would answer on this session's ports and start the
/// app with that session's settings, and the test would still pass: fail at once instead.
fn wait_for_free_ports(port: u16) {
    let free = |p: u16| std::net::TcpListener::bind(("127.0.0.1", p)).is_ok();
    let started = Instant::now();
    while !(free(port) && free(port + 1)) {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "port {port} or {} is taken: a WebDriver left running by an earlier session?",
            port + 1
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits until no process runs the app's binary, so its files are complete and the next test's
/// app does not meet it. An app whose window was closed gets two seconds to exit; one left running
/// (the test did not close it) is asked to stop, then killed.
fn wait_for_app_exit() {
    let gone_within = |limit: Duration| {
        let started = Instant::now();
        while started.elapsed() < limit {
            if app_processes().is_empty() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    };
    for signal in ["-TERM", "-KILL"] {
        if gone_within(Duration::from_secs(2)) {
            return;
        }
        for pid in app_processes() {
            let _ = Command::new("kill").args([signal, &pid]).status();
        }
    }
    gone_within(Duration::from_secs(2));
}

fn app_processes() -> Vec<String> {
    let app = Path::new(APP).canonicalize().unwrap_or_else(|_| PathBuf::from(APP));
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter(|p| std::fs::read_link(p.path().join("exe")).is_ok_and(|exe| exe == app))
        .map(|p| p.file_name().to_string_lossy().into_owned())
        .collect()
}

pub async fn sandbox() -> RunningSandbox {
    innkeep_sandbox::start(SandboxConfig { seed: 7, port: 0, today: None }).await.expect("sandbox starts")
}
