//! The process killed mid-sync: the real `innkeep-cli sync` against the sandbox, killed with
//! SIGKILL after seeded random delays and started again, `FAULT_SUITE_KILLS` times (default 3),
//! then left to finish. The SQLite file must pass `PRAGMA integrity_check` and hold exactly
//! what a clean sync of the same sandbox holds: nothing lost, nothing duplicated.
//! Writes `<target dir>/fault-suite/kill.json`.

#[path = "../../services/tests/fault_suite/compare.rs"]
mod compare;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use compare::{compare, Diff};
use innkeep_sandbox::{RunningSandbox, SandboxConfig};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

const CLI: &str = env!("CARGO_BIN_EXE_innkeep-cli");

fn keyring_ready() -> bool {
    let status = innkeep_secrets::SecretStore::default().status();
    if !status.available && std::env::var_os("REQUIRE_SECRET_SERVICE").is_some() {
        panic!("REQUIRE_SECRET_SERVICE is set but the keyring is unavailable: {:?}", status.message);
    }
    status.available
}

fn cli(data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(CLI);
    c.arg("--data-dir").arg(data).args(args);
    c
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Adds every provider's sandbox account to the data folder, credentials on standard input.
fn add_accounts(data: &Path, sandbox: &RunningSandbox) {
    use std::io::Write;
    for p in sandbox.providers() {
        let mut child = cli(data, &["account", "add", p.provider, "--label", p.provider, "--base-url", &p.base_url])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(serde_json::to_string(&p.credentials).unwrap().as_bytes()).unwrap();
        ok(child.wait_with_output().unwrap(), "account add");
    }
}

/// SplitMix64, so the kill points replay for a seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).map_or(default, |v| v.trim().parse().unwrap_or_else(|_| panic!("{name}={v:?} is not a number")))
}

async fn open(data: &Path) -> SqlitePool {
    let options = SqliteConnectOptions::new().filename(data.join(innkeep_store::DB_FILE)).read_only(true);
    SqlitePool::connect_with(options).await.unwrap()
}

fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../target"));
    target.join("fault-suite")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_at_random_points_loses_and_duplicates_nothing() {
    if !keyring_ready() {
        eprintln!("skipping: no Secret Service");
        return;
    }
    let kills = env_u64("FAULT_SUITE_KILLS", 3);
    let seed = env_u64("FAULT_SUITE_SEED", 7);
    let started = Instant::now();
    let sandbox = innkeep_sandbox::start(SandboxConfig { seed: 40 + seed, port: 0, today: None }).await.unwrap();
    // Slow answers stretch the sync over a few seconds, so the kills land inside it.
    sandbox.faults().set_latency(Duration::from_millis(40));

    let killed_dir = tempfile::tempdir().unwrap();
    let killed = killed_dir.path();
    add_accounts(killed, &sandbox);
    let mut rng = Rng(seed);
    let mut delays_ms = Vec::new();
    let mut finished_before_kill = 0;
    for _ in 0..kills {
        let delay = 150 + rng.below(2500);
        delays_ms.push(delay);
        let mut child = cli(killed, &["sync"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        tokio::time::sleep(Duration::from_millis(delay)).await;
        if child.try_wait().unwrap().is_some() {
            // It finished first: this round killed nothing (reported, not hidden).
            finished_before_kill += 1;
            continue;
        }
        // Child::kill sends SIGKILL on Unix: no destructor, no rollback, no flush runs.
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "the sync was killed, not finished");
    }
    let last = cli(killed, &["sync"]).output().unwrap();
    ok(last, "the sync after the kills");
    sandbox.faults().set_latency(Duration::ZERO);

    // The truth: a clean sync of the same, unchanged sandbox into another folder.
    let clean_dir = tempfile::tempdir().unwrap();
    let clean = clean_dir.path();
    add_accounts(clean, &sandbox);
    ok(cli(clean, &["sync", "--full"]).output().unwrap(), "the clean sync");

    let db = open(killed).await;
    let truth = open(clean).await;
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&db).await.unwrap();
    let mut total = Diff::default();
    let mut per_provider = serde_json::Map::new();
    for p in sandbox.providers() {
        // Ectosy cannot list periods: only the catalog has a truth to compare with.
        let lists = p.provider != "ectosy";
        let diff = compare(&db, &truth, p.provider, lists).await;
        per_provider.insert(p.provider.to_owned(), serde_json::to_value(&diff).unwrap());
        total.add(&diff);
    }
    let report = serde_json::json!({
        "kills_asked": kills,
        "kills_done": kills - finished_before_kill,
        "finished_before_kill": finished_before_kill,
        "kill_delays_ms": delays_ms,
        "integrity_check": integrity,
        "records_compared": total.compared,
        "lost": total.lost,
        "duplicated": total.duplicated,
        "extra": total.extra,
        "mismatched": total.mismatched,
        "examples": total.examples,
        "per_provider": per_provider,
        "secs": started.elapsed().as_secs_f64(),
    });
    let dir = out_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("kill.json"), serde_json::to_vec_pretty(&report).unwrap()).unwrap();
    eprintln!("kill report: {}", dir.join("kill.json").display());

    assert_eq!(integrity, vec!["ok".to_string()], "the database is damaged");
    assert!(total.compared > 0, "nothing was compared");
    assert!(kills == 0 || finished_before_kill < kills, "no kill landed inside a sync: {delays_ms:?}");
    assert!(total.is_clean(), "after the kills the cache differs from a clean sync: {report:#}");
    sandbox.shutdown().await;
}
