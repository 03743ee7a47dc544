//! Shared set-up: a real SQLite file in a temp dir, and the Mews sandbox over real HTTP.

#![allow(dead_code)]

use chrono::NaiveDate;
use innkeep_core::{BookingDraft, GuestChoice, NewGuest, SyncProgress};
use innkeep_sandbox::{RunningSandbox, SandboxConfig};
use innkeep_secrets::SecretStore;
use innkeep_services::{DemoEndpoint, Innkeep};
use innkeep_store::Store;

pub const TODAY: &str = "2026-06-15";

pub fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

pub struct World {
    pub app: Innkeep,
    pub sandbox: RunningSandbox,
    pub account_id: i64,
    _dir: tempfile::TempDir,
}

pub fn endpoints(sandbox: &RunningSandbox) -> Vec<DemoEndpoint> {
    sandbox.providers().into_iter().filter_map(|p| DemoEndpoint::new(p.provider, p.base_url, p.credentials)).collect()
}

/// A fresh cache with the demo Mews account connected to a fresh sandbox (not yet synced).
pub async fn world(seed: u64) -> World {
    let sandbox = innkeep_sandbox::start(SandboxConfig { seed, port: 0, today: Some(today()) }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let app = Innkeep::new(store, SecretStore::new("innkeep-test"));
    app.pin_today(today());
    let added = app.ensure_demo_accounts(&endpoints(&sandbox)).await.unwrap();
    World { account_id: added[0].id, app, sandbox, _dir: dir }
}

/// The demo account of `provider` in a world made by [`world`].
pub async fn account_of(w: &World, provider: innkeep_core::ProviderKind) -> i64 {
    w.app
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.provider == provider)
        .expect("a demo account per provider")
        .id
}

pub async fn synced_world(seed: u64) -> World {
    let w = world(seed).await;
    w.app.sync_account(w.account_id, &|_: SyncProgress| {}).await.unwrap();
    w
}

pub fn quiet(_: SyncProgress) {}

/// A booking form for a new guest in the first category, `offset` days after "today".
pub async fn draft(w: &World, offset: i64, nights: i64) -> BookingDraft {
    draft_for(w, w.account_id, offset, nights).await
}

/// The same for another account.
pub async fn draft_for(w: &World, account_id: i64, offset: i64, nights: i64) -> BookingDraft {
    let categories = w.app.rooms(account_id).await.unwrap().categories;
    let arrival = today() + chrono::Duration::days(offset);
    BookingDraft {
        account_id,
        category_id: categories.first().expect("the account has room categories").id,
        room_id: None,
        arrival: arrival.to_string(),
        departure: (arrival + chrono::Duration::days(nights)).to_string(),
        adults: 1,
        children: 0,
        guest: GuestChoice::New(NewGuest {
            first_name: "Þórunn".into(),
            last_name: "Guðmundsdóttir".into(),
            email: Some(format!("thorunn.{offset}@example.is")),
            phone: None,
        }),
        additional_guests: Vec::new(),
        additional_room_ids: Vec::new(),
        notes: Some("Late arrival".into()),
    }
}
