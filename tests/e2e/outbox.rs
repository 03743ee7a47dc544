//! The outbox through the real app: a booking made while the provider cannot be reached waits in
//! the outbox (nothing reaches the provider), a banner asks once the account is back, and after
//! the manager confirms it is sent, exactly once.

use crate::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_booking_made_offline_is_sent_after_the_manager_confirms() {
    if skip_or_fail() {
        return;
    }
    let mut sandbox = sandbox().await;
    let s = Session::start(4460, &sandbox, "outbox").await;
    s.find("demo-badge").await;
    s.until("the demo reservations", || async { Some(s.rows().await.len()).filter(|n| *n >= 10) }).await;
    s.step("app started");
    // The sync at start begins once the first screen is drawn; the indicator ignores a click
    // while it runs, so let it finish: the click below must start a sync that meets no provider.
    s.syncs_settled().await;

    // The provider is gone: connections are refused, so nothing can be sent.
    sandbox.suspend().await;
    s.find("sync-indicator").await.click().await.unwrap();
    s.until("the demo Mews account's offline banner", || async {
        for banner in s.all("[data-testid='offline-banner']").await {
            if banner.text().await.unwrap_or_default().contains("Demo Mews") {
                return Some(());
            }
        }
        None
    })
    .await;
    s.step("offline");

    s.find("new-booking-button").await.click().await.unwrap();
    s.choose_option("booking-account", "Demo Mews").await;
    s.choose_category("Double").await;
    let arrival = chrono::Local::now().date_naive() + chrono::Duration::days(45);
    s.type_into("booking-arrival", &arrival.to_string()).await;
    s.type_into("booking-departure", &(arrival + chrono::Duration::days(2)).to_string()).await;
    s.find("guest-mode-new").await.click().await.unwrap();
    s.type_into("guest-first-name", "Alžběta").await;
    s.type_into("guest-last-name", "Outboxová").await;
    s.find("booking-submit").await.click().await.unwrap();
    s.find("outbox-panel").await;
    s.shot("01-queued").await;
    if s.find("outbox-toggle").await.attr("aria-expanded").await.unwrap().as_deref() != Some("true") {
        s.find("outbox-toggle").await.click().await.unwrap();
    }
    let entry = s.find("outbox-entry").await;
    assert!(entry.text().await.unwrap().contains("Outboxová"));
    assert_eq!(entry.attr("data-state").await.unwrap().as_deref(), Some("queued"));
    // Offline, no banner asks to send.
    assert!(s.all("[data-testid='outbox-banner']").await.is_empty());
    s.step("queued");

    // Back online: a sync brings the account back and the banner asks to send.
    sandbox.resume().await.unwrap();
    s.find("sync-indicator").await.click().await.unwrap();
    s.find("outbox-banner").await;
    s.shot("02-back-online").await;
    s.step("back online");
    assert_eq!(bookings_of(&s, "Outboxová").await, 0, "nothing was sent before the manager confirmed");

    s.find("outbox-banner-review").await.click().await.unwrap();
    s.find("outbox-confirm").await;
    s.find("outbox-confirm-send").await.click().await.unwrap();
    s.until("the outbox to empty", || async { s.all("[data-testid='outbox-panel']").await.is_empty().then_some(()) })
        .await;
    s.shot("03-sent").await;
    s.step("sent");
    // Read back from the provider: exactly one booking.
    s.find("sync-indicator").await.click().await.unwrap();
    let n = s
        .until("the booking in the list", || async {
            let n = bookings_of(&s, "Outboxová").await;
            (n > 0).then_some(n)
        })
        .await;
    assert_eq!(n, 1, "exactly one booking");
    s.client.clone().close().await.unwrap();
}

/// Rows of the reservations list (synced from the provider) with `name` in them.
async fn bookings_of(s: &Session, name: &str) -> usize {
    s.find("nav-reservations").await.click().await.unwrap();
    s.type_into("reservations-search", name).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let mut n = 0;
    for row in s.rows().await {
        if row.text().await.unwrap_or_default().contains(name) {
            n += 1;
        }
    }
    n
}
