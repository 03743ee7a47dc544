//! The timeline: a booking started from a free night, two accounts' rooms linked as one physical
//! room, and the overbooking warning when both are booked on the same night; the Today board.

use fantoccini::elements::Element;

use crate::support::*;

/// Sets a date input the way a person's picker does: a value, then `change`.
async fn set_date(s: &Session, test_id: &str, date: &str) {
    let el = s.find(test_id).await;
    s.client
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            vec![serde_json::to_value(&el).unwrap(), serde_json::json!(date)],
        )
        .await
        .unwrap();
}

/// The first free night `night` of a room in view, and that room's id.
async fn free_cell(s: &Session, night: &str) -> (Element, String) {
    s.until(&format!("a free room on {night}"), || async {
        let cell = s.all(&format!("[data-testid='timeline-cell'][data-night='{night}']")).await.into_iter().next()?;
        let room = cell.attr("data-room-id").await.ok().flatten()?;
        Some((cell, room))
    })
    .await
}

/// Books the one night the form came with, for a new guest, and returns the new reservation's id.
async fn book_from_cell(s: &Session, night: &str, departure: &str, first: &str, last: &str) -> String {
    s.find("booking-account").await;
    let arrival = s.find("booking-arrival").await.prop("value").await.unwrap().unwrap_or_default();
    let leaving = s.find("booking-departure").await.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!((arrival.as_str(), leaving.as_str()), (night, departure), "the form starts with the night clicked");
    let room = s.find("booking-room").await.prop("value").await.unwrap().unwrap_or_default();
    assert!(!room.is_empty(), "the form starts with the room clicked");
    s.type_into("booking-adults", "1").await;
    s.find("guest-mode-new").await.click().await.unwrap();
    s.type_into("guest-first-name", first).await;
    s.type_into("guest-last-name", last).await;
    s.type_into("guest-email", &format!("{}@example.cz", last.to_lowercase())).await;
    s.find("booking-submit").await.click().await.unwrap();
    s.find("reservation-detail").await;
    s.until("the new reservation's guest", || async {
        Some(s.text("detail-guest").await).filter(|g| g.contains(last))
    })
    .await;
    let url = s.client.current_url().await.unwrap();
    url.fragment().and_then(|f| f.rsplit('/').next()).unwrap_or_default().to_string()
}

/// How many upcoming overbookings the warning lists (0 without a warning).
async fn overbooking_count(s: &Session) -> usize {
    match s.all("[data-testid='overbooking-warning']").await.into_iter().next() {
        Some(w) => w.attr("data-count").await.ok().flatten().and_then(|n| n.parse().ok()).unwrap_or(0),
        None => 0,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn timeline_books_a_free_night_and_warns_of_an_overbooking_across_linked_rooms() {
    if skip_or_fail() {
        return;
    }
    let sandbox = sandbox().await;
    let s = Session::start(4456, &sandbox, "timeline").await;
    s.find("demo-badge").await;
    s.until("the demo reservations", || async { Some(s.rows().await.len()).filter(|n| *n >= 10) }).await;
    s.step("demo synced");

    s.find("nav-timeline").await.click().await.unwrap();
    s.find("timeline").await;
    s.find("timeline-today").await;
    s.shot("01-timeline-all").await;
    s.choose_option("timeline-account", "Demo Mews").await;
    s.until("stays on the timeline", || async {
        Some(s.all("[data-testid='timeline-bar']").await.len()).filter(|n| *n > 0)
    })
    .await;
    s.shot("01-timeline-mews").await;

    let today = chrono::Local::now().date_naive();
    let night = (today + chrono::Duration::days(9)).to_string();
    let departure = (today + chrono::Duration::days(10)).to_string();

    // A free night of a Mews room and of a Reservanto room.
    s.choose_option("timeline-account", "Demo Reservanto").await;
    set_date(&s, "timeline-goto", &night).await;
    let (_, reservanto_room) = free_cell(&s, &night).await;
    s.choose_option("timeline-account", "Demo Mews").await;
    set_date(&s, "timeline-goto", &night).await;
    let (_, mews_room) = free_cell(&s, &night).await;
    s.step(&format!("free rooms found: mews {mews_room}, reservanto {reservanto_room}"));

    // They are the same physical room, says the manager.
    s.find_css(&format!("[data-testid='timeline-room'][data-room-id='{mews_room}']")).await.click().await.unwrap();
    s.find("link-room-dialog").await;
    s.find("link-room-choice").await.select_by_value(&reservanto_room).await.unwrap();
    s.shot("02-link-rooms").await;
    s.find("link-room-button").await.click().await.unwrap();
    s.find("timeline-room-linked").await;
    s.step("rooms linked");

    // Book the Mews room from its free night.
    let (cell, _) = s
        .until("the Mews room's free night", || async {
            let css = format!("[data-testid='timeline-cell'][data-room-id='{mews_room}'][data-night='{night}']");
            s.all(&css).await.into_iter().next().map(|c| (c, ()))
        })
        .await;
    cell.click().await.unwrap();
    let first = book_from_cell(&s, &night, &departure, "Kateřina", "Dvořáková").await;
    s.shot("03-booked-from-timeline").await;
    s.step("Mews room booked from the timeline");

    // The linked Reservanto room is still free that night. (Linking two demo rooms may already
    // show clashes between the two demo properties' own seeded stays: those are counted before.)
    s.find("nav-timeline").await.click().await.unwrap();
    s.choose_option("timeline-account", "All accounts").await;
    set_date(&s, "timeline-goto", &night).await;
    s.find("timeline").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let before = overbooking_count(&s).await;
    s.choose_option("timeline-account", "Demo Reservanto").await;
    set_date(&s, "timeline-goto", &night).await;
    let cell = s
        .until("the Reservanto room's free night", || async {
            let css = format!("[data-testid='timeline-cell'][data-room-id='{reservanto_room}'][data-night='{night}']");
            s.all(&css).await.into_iter().next()
        })
        .await;
    cell.click().await.unwrap();
    let second = book_from_cell(&s, &night, &departure, "Jan", "Procházka").await;
    s.step("linked Reservanto room booked on the same night");

    // Now both accounts sold the one room: one more overbooking, naming both guests.
    s.find("nav-timeline").await.click().await.unwrap();
    s.choose_option("timeline-account", "All accounts").await;
    set_date(&s, "timeline-goto", &night).await;
    s.until("one more overbooking", || async { Some(overbooking_count(&s).await).filter(|n| *n == before + 1) }).await;
    let item = s
        .find_css(&format!(
            "[data-testid='overbooking-item'][data-reservation-ids~='{first}'][data-reservation-ids~='{second}']"
        ))
        .await;
    let text = item.prop("textContent").await.unwrap().unwrap_or_default();
    assert!(text.contains("Dvořáková") && text.contains("Procházka"), "the warning names both guests: {text}");
    assert!(text.contains("same room"), "the warning says the rooms are linked: {text}");
    s.shot("04-overbooking-warning").await;
    // Both bars are marked; each account's rows are shown in turn (only rows in view are drawn).
    for (account, id) in [("Demo Mews", &first), ("Demo Reservanto", &second)] {
        s.choose_option("timeline-account", account).await;
        set_date(&s, "timeline-goto", &night).await;
        let css = format!("[data-testid='timeline-bar'][data-reservation-id='{id}'][data-overbooked='true']");
        s.find_css(&css).await;
    }
    s.shot("04b-overbooked-bar").await;

    // The Today board counts it too, with occupancy for the fortnight.
    s.find("nav-today").await.click().await.unwrap();
    s.find("today-overbooking").await;
    let nights = s.all("[data-testid='today-occupancy-night']").await;
    assert_eq!(nights.len(), 15);
    s.shot("05-today").await;
    s.step("overbooking shown on the timeline and on Today");
}
