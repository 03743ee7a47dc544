//! Every screen in the light and in the dark theme, chosen in the settings: the screenshots the
//! README and the guides use, and a check that the choice really repaints the window.

use crate::support::*;

const SCREENS: [&str; 8] =
    ["today", "timeline", "reservations", "guests", "accounts", "activity", "settings", "booking"];

async fn background(s: &Session) -> String {
    let v =
        s.client.execute("return getComputedStyle(document.documentElement).backgroundColor;", vec![]).await.unwrap();
    v.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_in_both_themes() {
    if skip_or_fail() {
        return;
    }
    let sandbox = sandbox().await;
    let s = Session::start(4458, &sandbox, "screens").await;
    s.find("demo-badge").await;
    s.until("the demo reservations", || async { Some(s.rows().await.len()).filter(|n| *n >= 10) }).await;
    let mut backgrounds = Vec::new();
    for theme in ["light", "dark"] {
        s.find("nav-settings").await.click().await.unwrap();
        s.find("settings-theme").await.select_by_value(theme).await.unwrap();
        s.until(&format!("the {theme} theme"), || async {
            let v = s.client.execute("return document.documentElement.dataset.theme || '';", vec![]).await.ok()?;
            Some(()).filter(|_| v.as_str() == Some(theme))
        })
        .await;
        backgrounds.push(background(&s).await);
        for screen in SCREENS {
            if screen == "booking" {
                s.find("new-booking-button").await.click().await.unwrap();
                s.choose_option("booking-account", "Demo Mews").await;
                s.find("booking-category").await;
            } else {
                s.find(&format!("nav-{screen}")).await.click().await.unwrap();
            }
            match screen {
                "today" => {
                    s.find("today-occupancy").await;
                }
                "timeline" => {
                    s.choose_option("timeline-account", "Demo Mews").await;
                    s.until("stays on the timeline", || async {
                        Some(s.all("[data-testid='timeline-bar']").await.len()).filter(|n| *n > 0)
                    })
                    .await;
                }
                "reservations" => {
                    s.until("rows", || async { Some(s.rows().await.len()).filter(|n| *n > 0) }).await;
                }
                "guests" => {
                    s.find("guest-row").await;
                }
                _ => {}
            }
            // The theme's "Settings saved." note would cover a corner of the pictures.
            for close in s.all("[data-testid='info-toast'] button").await {
                let _ = close.click().await;
            }
            s.shot(&format!("{theme}-{screen}")).await;
        }
        // A reservation's detail too.
        s.find("nav-reservations").await.click().await.unwrap();
        s.find_css("[data-testid='reservation-row'] a.row-link").await.click().await.unwrap();
        s.find("reservation-detail").await;
        s.shot(&format!("{theme}-detail")).await;
        s.step(&format!("{theme} theme: every screen"));
    }
    assert_ne!(backgrounds[0], backgrounds[1], "the dark theme repaints the window");

    // The capabilities grant the UI Innkeep's commands, event listening and four store calls:
    // any other core or plugin command is refused, even asked for directly.
    for (command, args) in [
        ("plugin:app|version", serde_json::json!({})),
        ("plugin:window|title", serde_json::json!({"label": "main"})),
        ("plugin:dialog|open", serde_json::json!({"options": {}})),
        ("plugin:store|clear", serde_json::json!({"rid": 1})),
    ] {
        let answer = s
            .client
            .execute_async(
                "const [command, args, done] = arguments; \
                 window.__TAURI_INTERNALS__.invoke(command, args).then(() => done('allowed'), (e) => done(String(e)));",
                vec![serde_json::json!(command), args],
            )
            .await
            .unwrap();
        let answer = answer.as_str().unwrap_or_default().to_string();
        assert!(answer.contains("not allowed"), "{command} must be refused, got: {answer}");
    }
    s.step("other commands refused");
    s.find("nav-settings").await.click().await.unwrap();
    s.find("settings-theme").await.select_by_value("system").await.unwrap();
}
