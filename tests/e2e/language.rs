//! Switching language: Settings → Čeština changes the navigation, the headings and the dates; the
//! choice survives a restart (it is in the settings store); Polski and Íslenska; back to English.

use fantoccini::Locator;

use crate::support::*;

const PORT: u16 = 4454;

/// The text of the current screen's heading.
async fn heading(s: &Session) -> String {
    let el = s.client.wait().at_most(WAIT).for_element(Locator::Css("#screen-title")).await.expect("a heading");
    el.text().await.unwrap_or_default()
}

/// Waits until the navigation entry `test_id` reads `label` (after its icon).
async fn nav_reads(s: &Session, test_id: &str, label: &str) {
    s.until(&format!("{test_id} to read {label}"), || async {
        let t = s.text(test_id).await;
        Some(()).filter(|_| t.trim_start_matches(|c: char| !c.is_alphabetic()) == label)
    })
    .await;
}

async fn page_lang(s: &Session) -> String {
    let v = s.client.execute("return document.documentElement.lang", vec![]).await.unwrap();
    v.as_str().unwrap_or_default().to_string()
}

async fn choose_language(s: &Session, name: &str) {
    s.find("nav-settings").await.click().await.unwrap();
    s.find("settings-language").await;
    s.choose_option("settings-language", name).await;
}

/// Opens the reservations and returns the first row's arrival date as shown.
async fn first_arrival(s: &Session) -> String {
    s.find("nav-reservations").await.click().await.unwrap();
    s.until("reservation rows", || async { Some(s.rows().await.len()).filter(|n| *n > 0) }).await;
    let cell = find_css(s, "[data-testid='reservation-row'] td:nth-child(4)").await;
    cell.text().await.unwrap_or_default()
}

async fn find_css(s: &Session, css: &str) -> fantoccini::elements::Element {
    s.client.wait().at_most(WAIT).for_element(Locator::Css(css)).await.expect(css)
}

/// "čt 24. 12." or "čt 24. 12. 2027": a Czech weekday, day and month numbers with dots.
fn is_czech_date(s: &str) -> bool {
    let mut parts = s.split_whitespace();
    let weekday = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    ["po", "út", "st", "čt", "pá", "so", "ne"].contains(&weekday)
        && (rest.len() == 2 || rest.len() == 3)
        && rest[..2].iter().all(|p| p.strip_suffix('.').is_some_and(|n| n.parse::<u32>().is_ok()))
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_language() {
    if skip_or_fail() {
        return;
    }
    let sandbox = sandbox().await;
    let s = Session::start(PORT, &sandbox, "language").await;
    s.step("app started");
    s.find("demo-badge").await;
    s.until("the demo reservations", || async { Some(s.rows().await.len()).filter(|n| *n >= 10) }).await;
    // The first row is compared with the last step's: every account's start sync must be in.
    s.syncs_settled().await;
    let english_arrival = first_arrival(&s).await;
    assert_eq!(heading(&s).await, "Reservations");
    s.shot("01-en-reservations").await;

    // Čeština: navigation, headings and dates change at once.
    choose_language(&s, "Čeština").await;
    nav_reads(&s, "nav-reservations", "Rezervace").await;
    assert_eq!(heading(&s).await, "Nastavení");
    assert_eq!(page_lang(&s).await, "cs");
    s.shot("02-cs-settings").await;
    let czech_arrival = first_arrival(&s).await;
    assert_eq!(heading(&s).await, "Rezervace");
    assert!(is_czech_date(&czech_arrival), "not a Czech date: {czech_arrival:?} (English: {english_arrival:?})");
    let head = find_css(&s, "[data-testid='sort-arrival']").await.text().await.unwrap_or_default();
    // The column headers are upper-cased by CSS.
    assert!(head.to_lowercase().starts_with("příjezd"), "arrival column: {head:?}");
    s.shot("03-cs-reservations").await;
    s.step("Czech shown");

    // A restart over the same data folder comes back in Czech: the choice is in the store.
    let s = s.restart(PORT, &sandbox, "language").await;
    s.step("app restarted");
    s.until("reservations after the restart", || async { Some(s.rows().await.len()).filter(|n| *n > 0) }).await;
    nav_reads(&s, "nav-guests", "Hosté").await;
    assert_eq!(heading(&s).await, "Rezervace");
    assert_eq!(page_lang(&s).await, "cs");
    s.shot("04-cs-after-restart").await;

    // Polski.
    choose_language(&s, "Polski").await;
    nav_reads(&s, "nav-guests", "Goście").await;
    assert_eq!(heading(&s).await, "Ustawienia");
    assert_eq!(page_lang(&s).await, "pl");
    let polish_arrival = first_arrival(&s).await;
    assert!(polish_arrival.contains(", "), "not a Polish date: {polish_arrival:?}");
    s.shot("05-pl-reservations").await;
    find_css(&s, "[data-testid='reservation-row'] a.row-link").await.click().await.unwrap();
    s.find("reservation-detail").await;
    s.shot("06-pl-detail").await;

    // Íslenska.
    choose_language(&s, "Íslenska").await;
    nav_reads(&s, "nav-guests", "Gestir").await;
    assert_eq!(heading(&s).await, "Stillingar");
    assert_eq!(page_lang(&s).await, "is");
    s.shot("07-is-settings").await;
    first_arrival(&s).await;
    assert_eq!(heading(&s).await, "Bókanir");
    s.shot("08-is-reservations").await;
    find_css(&s, "[data-testid='reservation-row'] a.row-link").await.click().await.unwrap();
    s.find("reservation-detail").await;
    s.shot("09-is-detail").await;
    s.find("new-booking-button").await.click().await.unwrap();
    s.find("booking-account").await;
    s.shot("10-is-booking").await;

    // Back to English.
    choose_language(&s, "English").await;
    nav_reads(&s, "nav-guests", "Guests").await;
    assert_eq!(heading(&s).await, "Settings");
    assert_eq!(page_lang(&s).await, "en");
    assert_eq!(first_arrival(&s).await, english_arrival);
    s.shot("11-en-reservations").await;
    s.step("done");
}
