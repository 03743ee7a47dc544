//! Guest search: the guests directory on the FTS index, the top bar's search box, the command
//! palette and the keyboard shortcuts, in the real app with the demo properties.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Locator;

use crate::support::*;

const PORT: u16 = 4452;

/// Presses keys as a person does: to whatever has the focus, modifiers held while the rest go.
async fn press(s: &Session, modifiers: &[Key], keys: &[char]) {
    let mut actions = KeyActions::new("keyboard".into());
    for m in modifiers {
        actions = actions.then(KeyAction::Down { value: char::from(*m) });
    }
    for k in keys {
        actions = actions.then(KeyAction::Down { value: *k }).then(KeyAction::Up { value: *k });
    }
    for m in modifiers.iter().rev() {
        actions = actions.then(KeyAction::Up { value: char::from(*m) });
    }
    s.client.perform_actions(actions).await.unwrap();
}

async fn attr(el: &Element, name: &str) -> String {
    el.attr(name).await.ok().flatten().unwrap_or_default()
}

async fn guest_ids(s: &Session) -> Vec<String> {
    let mut ids = Vec::new();
    for row in s.all("[data-testid='guest-row']").await {
        ids.push(attr(&row, "data-guest-id").await);
    }
    ids
}

/// Arrow down through a combobox's options until `testid` with this kind and id is the active
/// one, then Enter.
async fn choose_with_arrows(s: &Session, input: &str, testid: &str, kind: &str, id: &str) {
    let field = s.find(input).await;
    for _ in 0..20 {
        field.send_keys(&char::from(Key::Down).to_string()).await.unwrap();
        let active = s.all(&format!("[data-testid='{testid}'][aria-selected='true']")).await;
        if let Some(a) = active.first() {
            if attr(a, "data-kind").await == kind && attr(a, "data-id").await == id {
                s.shot(&format!("{testid}-chosen")).await;
                field.send_keys(&char::from(Key::Enter).to_string()).await.unwrap();
                return;
            }
        }
    }
    s.shot("arrows-failed").await;
    panic!("{kind} {id} never became the active option of {testid}");
}

async fn hash(s: &Session) -> String {
    s.client.current_url().await.unwrap().fragment().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn guest_search() {
    if skip_or_fail() {
        return;
    }
    let sandbox = sandbox().await;
    let s = Session::start(PORT, &sandbox, "search").await;
    s.find("demo-badge").await;
    s.until("the demo reservations", || async { Some(s.rows().await.len()).filter(|n| *n >= 10) }).await;
    s.step("app started");
    // The sync at start begins once the first screen is drawn: pick the guest after it, so the
    // guest's row is the one the search will find.
    s.syncs_settled().await;

    // The guests directory: a seeded guest with a first and a last name and an e-mail.
    s.find("nav-guests").await.click().await.unwrap();
    let (id, first, last, email) = s
        .until("a guest with a full name and an e-mail", || async {
            for row in s.all("[data-testid='guest-row']").await {
                let cells = row.find_all(Locator::Css("td")).await.ok()?;
                let name = cells.first()?.text().await.ok()?;
                let email = cells.get(1)?.text().await.ok()?;
                let words: Vec<&str> = name.split_whitespace().collect();
                if words.len() == 2 && words.iter().all(|w| w.chars().count() >= 3) && email.contains('@') {
                    return Some((
                        attr(&row, "data-guest-id").await,
                        words[0].to_string(),
                        words[1].to_string(),
                        email,
                    ));
                }
            }
            None
        })
        .await;
    s.step(&format!("searching for guest {id}: {first} {last}, {email}"));

    // Parts of the last and the first name, in that order, in lower case.
    let typed = format!(
        "{} {}",
        last.chars().take(3).collect::<String>().to_lowercase(),
        first.chars().take(2).collect::<String>().to_lowercase()
    );
    s.type_into("guests-search", &typed).await;
    s.until(&format!("{last} found by “{typed}”"), || async {
        let ids = guest_ids(&s).await;
        Some(()).filter(|_| ids.contains(&id) && ids.len() < 20)
    })
    .await;
    s.shot("01-guests-by-name").await;

    // A fragment of the e-mail: the start of it up to and including the `@`, and a bit more.
    let at = email.find('@').unwrap();
    let fragment: String = email.chars().take(at + 3).collect();
    s.type_into("guests-search", &fragment).await;
    s.until(&format!("{last} found by “{fragment}”"), || async {
        let ids = guest_ids(&s).await;
        Some(()).filter(|_| ids.first() == Some(&id))
    })
    .await;
    s.shot("02-guests-by-email").await;

    // What a person may type that looks like search syntax is just text: no error ("NEAR" and
    // "zzq" are words to find, and no guest has them).
    s.type_into("guests-search", "\"(*-:) NEAR zzq").await;
    s.find("guests-empty").await;
    assert!(s.all("[data-testid='error-message']").await.is_empty(), "typed syntax gave an error");

    // The guest's page: stay history and reservations.
    s.type_into("guests-search", &typed).await;
    let row = s
        .until("the guest's row", || async {
            for row in s.all("[data-testid='guest-row']").await {
                if attr(&row, "data-guest-id").await == id {
                    return Some(row);
                }
            }
            None
        })
        .await;
    row.find(Locator::Css("a")).await.unwrap().click().await.unwrap();
    let stays = s.find("guest-stays").await;
    assert!(attr(&stays, "data-stays").await.parse::<u32>().is_ok());
    s.shot("03-guest-stays").await;
    s.step("guests directory searched");

    // The search box: a reservation by its number, opened with the keyboard.
    s.find("nav-reservations").await.click().await.unwrap();
    let (res_id, number) = s
        .until("a reservation with a number", || async {
            for row in s.rows().await {
                let number = row.find(Locator::Css("td a")).await.ok()?.text().await.ok()?;
                if number.len() >= 3 && number.chars().any(|c| c.is_ascii_digit()) {
                    return Some((attr(&row, "data-reservation-id").await, number));
                }
            }
            None
        })
        .await;
    s.step(&format!("searching for reservation {res_id}: {number}"));
    s.find("global-search").await.click().await.unwrap();
    s.type_into("global-search", &number).await;
    s.until("the reservation in the dropdown", || async {
        for item in s.all("[data-testid='global-search-item'][data-kind='reservation']").await {
            if attr(&item, "data-id").await == res_id {
                return Some(());
            }
        }
        None
    })
    .await;
    s.shot("04-global-search").await;
    choose_with_arrows(&s, "global-search", "global-search-item", "reservation", &res_id).await;
    let detail = s.find("reservation-detail").await;
    assert_eq!(attr(&detail, "data-reservation-id").await, res_id);
    s.shot("05-reservation-opened").await;
    s.step("reservation opened from the search box");

    // The command palette, by keyboard: Ctrl+K, type, Enter.
    press(&s, &[Key::Control], &['k']).await;
    s.find("command-palette").await;
    s.find("command-palette-input").await.send_keys("guests").await.unwrap();
    s.until("“Go to Guests” first", || async {
        let items = s.all("[data-testid='command-palette-item']").await;
        let first = attr(items.first()?, "data-action").await;
        Some(()).filter(|_| first == "go-guests")
    })
    .await;
    s.shot("06-palette").await;
    s.find("command-palette-input").await.send_keys(&char::from(Key::Enter).to_string()).await.unwrap();
    s.until("the guests screen", || async {
        let h = hash(&s).await;
        Some(()).filter(|_| h == "/guests")
    })
    .await;
    assert!(s.all("[data-testid='command-palette']").await.is_empty(), "the palette closed");

    // The palette finds the reservation too.
    press(&s, &[Key::Control], &['k']).await;
    s.find("command-palette-input").await.send_keys(&number).await.unwrap();
    s.until("the reservation in the palette", || async {
        for item in s.all("[data-testid='command-palette-item'][data-kind='reservation']").await {
            if attr(&item, "data-id").await == res_id {
                return Some(());
            }
        }
        None
    })
    .await;
    s.shot("07-palette-search").await;
    choose_with_arrows(&s, "command-palette-input", "command-palette-item", "reservation", &res_id).await;
    let detail = s.find("reservation-detail").await;
    assert_eq!(attr(&detail, "data-reservation-id").await, res_id);

    // Escape closes the palette.
    press(&s, &[Key::Control], &['k']).await;
    s.find("command-palette").await;
    press(&s, &[], &[char::from(Key::Escape)]).await;
    s.until("the palette closed", || async { s.all("[data-testid='command-palette']").await.is_empty().then_some(()) })
        .await;
    s.step("palette used");

    // Shortcuts: G then R goes to the reservations; ? shows the keys.
    press(&s, &[], &['g', 'r']).await;
    s.until("the reservations screen", || async {
        let h = hash(&s).await;
        Some(()).filter(|_| h == "/reservations")
    })
    .await;
    press(&s, &[], &['?']).await;
    s.find("shortcuts-help").await;
    assert!(s.all("[data-testid='shortcut-row']").await.len() >= 10);
    s.shot("08-shortcuts-help").await;
    press(&s, &[], &[char::from(Key::Escape)]).await;
    s.until("the help closed", || async { s.all("[data-testid='shortcuts-help']").await.is_empty().then_some(()) })
        .await;
    s.step("shortcuts used");
}
