//! Sync in the real app: a full sync's progress bar, Stop, and the next sync going on where the
//! stopped one ended; then a booking made at the provider by another desk shows up under "what
//! changed", counted on the account and listed on Today until the manager has seen it.

use std::time::Duration;

use innkeep_core::{BookingDraft, GuestChoice, NewGuest, ProviderKind};
use innkeep_secrets::SecretStore;
use innkeep_services::{DemoEndpoint, Innkeep};
use innkeep_store::Store;

use crate::support::{sandbox, skip_or_fail, Session};

async fn go(s: &Session, hash: &str) {
    s.client.execute(&format!("location.hash = '{hash}'"), vec![]).await.unwrap();
}

/// Another desk on the same provider books a stay, outside this app.
async fn book_elsewhere(sandbox: &innkeep_sandbox::RunningSandbox) -> String {
    let dir = tempfile::tempdir().unwrap();
    let desk = Innkeep::new(Store::open(dir.path()).await.unwrap(), SecretStore::new("innkeep-e2e"));
    let endpoints: Vec<DemoEndpoint> = sandbox
        .providers()
        .into_iter()
        .filter_map(|p| DemoEndpoint::new(p.provider, p.base_url, p.credentials))
        .collect();
    desk.ensure_demo_accounts(&endpoints).await.unwrap();
    let account = desk.accounts().await.unwrap().into_iter().find(|a| a.provider == ProviderKind::Mews).unwrap();
    desk.sync_account(account.id, &|_| {}).await.unwrap();
    let category = desk.rooms(account.id).await.unwrap().categories[0].id;
    let arrival = chrono::Local::now().date_naive() + chrono::Duration::days(200);
    let draft = BookingDraft {
        account_id: account.id,
        category_id: category,
        room_id: None,
        arrival: arrival.to_string(),
        departure: (arrival + chrono::Duration::days(2)).to_string(),
        adults: 1,
        children: 0,
        guest: GuestChoice::New(NewGuest {
            first_name: "Ólöf".into(),
            last_name: "Elsewhere".into(),
            email: Some("olof.elsewhere@example.is".into()),
            phone: None,
        }),
        additional_guests: Vec::new(),
        additional_room_ids: Vec::new(),
        notes: None,
    };
    desk.create_booking(&draft).await.unwrap();
    "Ólöf Elsewhere".into()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_sync_shows_its_progress_stops_goes_on_and_tells_what_changed() {
    if skip_or_fail() {
        return;
    }
    let sandbox = sandbox().await;
    let s = Session::start(4462, &sandbox, "sync").await;
    s.syncs_settled().await;
    s.step("first syncs over");

    // Slow the provider down so the bar can be watched and stopped.
    sandbox.faults().set_latency(Duration::from_millis(400));
    go(&s, "#/accounts").await;
    let row = s.account_row("Demo Mews").await;
    row.find(fantoccini::Locator::Css("[data-testid='account-full-sync']")).await.unwrap().click().await.unwrap();
    let bar = s.find("sync-progress-bar").await;
    s.until("a part of the plan read", || async {
        let now = bar.attr("aria-valuenow").await.ok().flatten()?;
        (now.parse::<u32>().ok()? > 0).then_some(())
    })
    .await;
    let text = s.text("sync-progress-text").await;
    assert!(text.contains("Reading everything") && text.contains("part "), "{text}");
    s.shot("01-full-sync-progress").await;
    s.find("sync-stop").await.click().await.unwrap();
    s.until("the bar to go", || async { s.all("[data-testid='sync-progress']").await.is_empty().then_some(()) }).await;
    s.step("stopped");

    // The next sync goes on where the stopped one ended.
    let row = s.account_row("Demo Mews").await;
    row.find(fantoccini::Locator::Css("[data-testid='account-sync']")).await.unwrap().click().await.unwrap();
    s.until("the resumed sync", || async {
        let p = s.all("[data-testid='sync-progress']").await.into_iter().next()?;
        (p.attr("data-resumed").await.ok().flatten().as_deref() == Some("true")).then_some(())
    })
    .await;
    assert!(s.text("sync-progress-text").await.contains("Going on where the last sync stopped"));
    s.shot("02-resumed").await;
    sandbox.faults().set_latency(Duration::ZERO);
    s.until("the sync to end", || async { s.all("[data-testid='sync-progress']").await.is_empty().then_some(()) })
        .await;
    let status = s.account_row("Demo Mews").await.attr("data-status").await.unwrap();
    assert_eq!(status.as_deref(), Some("online"));
    s.step("resumed and finished");

    // Another desk books at Mews; this app's next sync lists it under what changed.
    let guest = book_elsewhere(&sandbox).await;
    let row = s.account_row("Demo Mews").await;
    row.find(fantoccini::Locator::Css("[data-testid='account-sync']")).await.unwrap().click().await.unwrap();
    let link = s.find("account-changes").await;
    assert_eq!(link.attr("data-count").await.unwrap().as_deref(), Some("1"));
    assert!(link.text().await.unwrap().contains("1 change since you last looked"));
    link.click().await.unwrap();
    let item = s.find("change-item").await;
    assert_eq!(item.attr("data-kind").await.unwrap().as_deref(), Some("added"));
    assert!(item.text().await.unwrap().contains(&guest), "{}", item.text().await.unwrap());
    s.shot("03-what-changed").await;
    s.find("changes-seen").await.click().await.unwrap();
    s.until("the list to go", || async { s.all("[data-testid='today-changes']").await.is_empty().then_some(()) }).await;
    s.step("what changed shown and seen");
}
