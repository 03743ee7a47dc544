//! Every provider connected through the form, seen, booked and cancelled.

use fantoccini::Locator;

use innkeep_sandbox::SandboxConfig;

use crate::support::*;

/// Each provider other than Mews (which the demo test covers), as a manager meets it: connect an
/// account through the form (credentials into the keyring), sync it and see its reservations,
/// book a new guest from the form, cancel the booking.
#[tokio::test(flavor = "multi_thread")]
async fn every_provider_connect_see_book_cancel() {
    if skip_or_fail() {
        return;
    }
    let sandbox = innkeep_sandbox::start(SandboxConfig { seed: 11, port: 0, today: None }).await.expect("sandbox");
    let mut s = Session::start(4446, &sandbox, "providers").await;
    s.find("demo-badge").await;
    s.step("app started");
    let today = chrono::Local::now().date_naive();
    for (i, p) in sandbox.providers().into_iter().filter(|p| p.provider != "mews").enumerate() {
        let label = format!("Connected {}", p.provider);
        // Connect.
        s.find("nav-accounts").await.click().await.unwrap();
        s.find("add-account-button").await.click().await.unwrap();
        s.find("account-provider").await.select_by_value(p.provider).await.unwrap();
        s.type_into("account-label", &label).await;
        s.type_into("account-base-url", &p.base_url).await;
        // First with wrong credentials, each the real one with a recognisable tail: refused,
        // said so, and (as the session's secret search checks at the end) written nowhere.
        for (field, value) in &p.credentials {
            let probe = format!("{}0bad1e", &value[..value.len() - 6]);
            s.type_into(&format!("credential-{field}"), &probe).await;
            s.also_secret(probe);
        }
        s.find("test-connection-button").await.click().await.unwrap();
        let refused = s.text("error-message").await;
        assert!(!refused.contains("0bad1e"), "the error repeats a credential: {refused}");
        s.shot(&format!("{}-0-refused", p.provider)).await;
        for (field, value) in &p.credentials {
            s.type_into(&format!("credential-{field}"), value).await;
        }
        s.find("test-connection-button").await.click().await.unwrap();
        s.find("connection-ok").await;
        s.shot(&format!("{}-1-connect", p.provider)).await;
        s.find("save-account-button").await.click().await.unwrap();
        let row = s.account_row(&label).await;
        let account_id = row.attr("data-account-id").await.unwrap().expect("the row names its account");
        row.find(Locator::Css("[data-testid='account-sync']")).await.unwrap().click().await.unwrap();
        s.until("the account synced", || async {
            let status = s.account_row(&label).await.attr("data-status").await.ok().flatten();
            Some(()).filter(|_| status.as_deref() == Some("online"))
        })
        .await;
        s.step(&format!("{}: connected", p.provider));

        // See its reservations.
        s.find("nav-reservations").await.click().await.unwrap();
        s.find("filter-account").await.select_by_value(&account_id).await.unwrap();
        if p.provider == "ectosy" {
            s.find("reservations-created-here").await;
        } else {
            s.until("the account's reservations", || async { Some(s.rows().await.len()).filter(|n| *n > 0) }).await;
        }
        s.shot(&format!("{}-2-reservations", p.provider)).await;

        // Book a new guest.
        s.find("new-booking-button").await.click().await.unwrap();
        s.find("booking-account").await.select_by_value(&account_id).await.unwrap();
        s.choose_first("booking-category").await;
        let arrival = today + chrono::Duration::days(120 + 3 * i as i64);
        s.type_into("booking-arrival", &arrival.to_string()).await;
        s.type_into("booking-departure", &(arrival + chrono::Duration::days(2)).to_string()).await;
        // The first category may be single rooms.
        s.type_into("booking-adults", "1").await;
        s.find("guest-mode-new").await.click().await.unwrap();
        s.type_into("guest-first-name", "Anna").await;
        s.type_into("guest-last-name", "Kowalczyk").await;
        s.type_into("guest-email", &format!("anna.{}@example.pl", p.provider)).await;
        s.shot(&format!("{}-3-booking", p.provider)).await;
        s.find("booking-submit").await.click().await.unwrap();
        s.find("reservation-detail").await;
        s.until("the new reservation's guest", || async {
            Some(s.text("detail-guest").await).filter(|g| g.contains("Kowalczyk"))
        })
        .await;
        let provider = s.find("detail-provider").await.attr("data-provider").await.unwrap().unwrap_or_default();
        assert_eq!(provider, p.provider);
        s.shot(&format!("{}-4-booked", p.provider)).await;
        s.step(&format!("{}: booked", p.provider));

        // Cancel it.
        s.find("cancel-button").await.click().await.unwrap();
        s.type_into("cancel-reason", "Plans changed").await;
        s.find("confirm-cancel-button").await.click().await.unwrap();
        s.until("the cancelled state", || async {
            Some(s.find("detail-state").await.attr("data-state").await.ok().flatten().unwrap_or_default())
                .filter(|st| st == "cancelled")
        })
        .await;
        s.shot(&format!("{}-5-cancelled", p.provider)).await;
        s.step(&format!("{}: cancelled", p.provider));

        if p.provider == "reservanto" {
            // The property approved Innkeep again with other rights: a new token replaces the
            // old one on the account, checked first; the account syncs with it.
            s.find("nav-accounts").await.click().await.unwrap();
            let row = s.account_row(&label).await;
            row.find(Locator::Css("[data-testid='account-replace-credentials']")).await.unwrap().click().await.unwrap();
            s.find_css("[data-testid='account-form'][data-mode='replace']").await;
            s.type_into("credential-long_time_token", innkeep_sandbox::reservanto::READ_ONLY_LONG_TIME_TOKEN).await;
            // The booking's notes would cover a corner of the guide's picture.
            for close in s.all("[data-testid='info-toast'] button").await {
                let _ = close.click().await;
            }
            s.shot("reservanto-6-replace-credentials").await;
            s.find("save-account-button").await.click().await.unwrap();
            s.until("the replacement saved", || async {
                s.all("[data-testid='account-form']").await.is_empty().then_some(())
            })
            .await;
            s.find("info-toast").await;
            s.until("the account online with the new token", || async {
                let status = s.account_row(&label).await.attr("data-status").await.ok().flatten();
                Some(()).filter(|_| status.as_deref() == Some("online"))
            })
            .await;
            s.step("reservanto: credentials replaced");
        }
    }
    assert!(
        sandbox.secrets().issued_tokens().len() >= 2,
        "Reservanto and Mobile Calendar handed out tokens, which the secret search looks for too"
    );
    s.client.clone().close().await.unwrap();
}
