//! Live changes in the real app: a reservation cancelled at Mews (through its API, as the hotel's
//! front desk in Mews would) changes on screen without a sync being asked for — the schedule's
//! five minutes are far away — and the account's pill follows the socket: Live, then Polling
//! while the sandbox refuses the socket, then Live again.

use fantoccini::Locator;
use innkeep_core::Credentials;
use innkeep_providers::mews::{wire, MewsClient};

use crate::support::*;

/// The live pill of the Mews demo account (`data-live`), or `None` before it is drawn.
async fn mews_live(s: &Session) -> Option<String> {
    let row = s.account_row("Demo Mews").await;
    let pill = row.find(Locator::Css("[data-testid='account-live']")).await.ok()?;
    pill.attr("data-live").await.ok().flatten()
}

async fn until_live(s: &Session, wanted: &str) {
    s.until(&format!("the Mews account {wanted}"), || async { mews_live(s).await.filter(|l| l == wanted).map(|_| ()) })
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_change_made_at_mews_shows_without_a_sync_and_the_pill_follows_the_socket() {
    if skip_or_fail() {
        return;
    }
    let sandbox = sandbox().await;
    let s = Session::start(4476, &sandbox, "live").await;
    s.find("demo-badge").await;
    s.find("nav-accounts").await.click().await.unwrap();
    until_live(&s, "connected").await;
    s.shot("live-1-accounts").await;
    s.step("Mews is live");

    // A stay a week or more ahead, confirmed, as Mews has it.
    let mews = sandbox.providers().into_iter().find(|p| p.provider == "mews").unwrap();
    let desk = MewsClient::new(&mews.base_url, &Credentials::from_iter(mews.credentials)).unwrap();
    let now = sandbox.now();
    let filter = wire::ReservationsGetAllRequest {
        scheduled_start_utc: Some(wire::TimeInterval {
            start_utc: now + chrono::Duration::days(7),
            end_utc: now + chrono::Duration::days(60),
        }),
        states: Some(vec!["Confirmed".into()]),
        ..Default::default()
    };
    let stay = desk.reservations_page(filter, None).await.unwrap().reservations.into_iter().next().expect("a stay");

    s.find("nav-reservations").await.click().await.unwrap();
    s.type_into("reservations-search", &stay.number).await;
    // The search also matches guests by phone digits, so find the row by its number.
    let state = || async {
        for row in s.rows().await {
            let link = row.find(Locator::Css("a.row-link")).await.ok()?;
            if link.text().await.ok()?.trim() == stay.number {
                return row.attr("data-state").await.ok().flatten();
            }
        }
        None
    };
    s.until("the stay in the list", || async { state().await.filter(|st| st == "confirmed") }).await;

    desk.cancel(&stay.id, "Cancelled at the Mews front desk").await.unwrap();
    s.until("the cancellation on screen", || async { state().await.filter(|st| st == "cancelled") }).await;
    s.shot("live-2-cancelled").await;
    s.step("the cancellation made at Mews arrived by itself");

    // The socket service goes down: the open socket is closed and new ones refused.
    let knobs = sandbox.mews_live();
    knobs.refuse_upgrades(true);
    knobs.close_all();
    s.find("nav-accounts").await.click().await.unwrap();
    until_live(&s, "polling").await;
    s.shot("live-3-polling").await;
    s.step("polling while the socket is refused");

    knobs.refuse_upgrades(false);
    until_live(&s, "connected").await;
    assert_eq!(knobs.state().open, 1, "one socket, not a pile of them");
    s.step("live again");
}
