//! Each Tauri command's inputs beyond text lengths (see `input_limits.rs` for those): unknown and
//! negative ids, dates out of order or out of range, counts and lists, export paths. Every bad
//! value is refused by the service the command calls, with a specific error kind and, for a
//! validation error, the field it names; never an internal error or a panic.

mod common;

use chrono::NaiveDate;
use common::*;
use innkeep_core::validate::limits;
use innkeep_core::{
    AppError, BookingDraft, ErrorKind, ExportFormat, GuestChoice, GuestEdit, NewGuest, ProviderKind, ReservationAction,
    ReservationQuery, StateAction, WriteIntentState,
};
use innkeep_secrets::SecretStore;
use innkeep_services::Innkeep;
use innkeep_store::Store;

async fn app() -> (tempfile::TempDir, Innkeep) {
    let dir = tempfile::tempdir().unwrap();
    let app = Innkeep::new(Store::open(dir.path()).await.unwrap(), SecretStore::new("innkeep-test"));
    (dir, app)
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[track_caller]
fn refused_on<T: std::fmt::Debug>(result: Result<T, AppError>, field: &str) -> AppError {
    let e = result.expect_err("the input is invalid");
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Validation, Some(field)), "{e:?}");
    e
}

/// A NotFound error whose message names what was looked for.
#[track_caller]
fn not_found<T: std::fmt::Debug>(result: Result<T, AppError>, what: &str) {
    let e = result.expect_err("the id is unknown");
    assert_eq!(e.kind, ErrorKind::NotFound, "{e:?}");
    assert!(e.message.contains(what), "{what}: {}", e.message);
}

fn valid_draft(account_id: i64, category_id: i64) -> BookingDraft {
    BookingDraft {
        account_id,
        category_id,
        room_id: None,
        arrival: "2026-07-01".into(),
        departure: "2026-07-03".into(),
        adults: 2,
        children: 0,
        guest: GuestChoice::New(NewGuest {
            first_name: "Ana".into(),
            last_name: "Novak".into(),
            email: None,
            phone: None,
        }),
        additional_guests: Vec::new(),
        additional_room_ids: Vec::new(),
        notes: None,
    }
}

#[tokio::test]
async fn unknown_and_negative_ids_are_not_found_naming_what() {
    let (_dir, app) = app().await;
    for id in [999, -1, 0, i64::MIN] {
        not_found(app.reservation_detail(id).await, "reservation");
        not_found(app.guest(id).await, "guest");
        not_found(app.rooms(id).await, "account");
        not_found(app.remove_account(id).await, "account");
        not_found(app.sync_account_with(id, true, &quiet).await, "account");
        not_found(app.mark_changes_seen(id, None).await, "account");
        not_found(app.activity(Some(id), 10).await, "account");
        not_found(app.reservations(&ReservationQuery { account_id: Some(id), ..Default::default() }).await, "account");
        not_found(app.reservations(&ReservationQuery { guest_id: Some(id), ..Default::default() }).await, "guest");
        not_found(app.recheck_write(id).await, "pending write");
        not_found(app.dismiss_write(id).await, "pending write");
        not_found(app.act(id, ReservationAction::CheckIn).await, "reservation");
        not_found(
            app.act_or_queue(id, ReservationAction::Cancel { reason: None, override_late: false }).await,
            "reservation",
        );
        not_found(app.change_state_or_queue(id, StateAction::Confirm).await, "reservation");
        let edit = GuestEdit { phone: Some("+420 777 000 000".into()), ..Default::default() };
        not_found(app.edit_guest(id, &edit).await, "guest");
        not_found(app.unlink_room(id).await, "room");
        not_found(app.link_rooms(&[id, 1000]).await, "room");
        not_found(app.quote(&valid_draft(id, 1)).await, "account");
        not_found(app.create_booking_or_queue(&valid_draft(id, 1)).await, "account");
        not_found(app.list_outbox(Some(id)).await, "account");
        not_found(app.send_outbox(id).await, "account");
        not_found(app.discard_outbox_entry(id).await, "outbox entry");
        not_found(app.edit_outbox_entry(id, &Default::default()).await, "outbox entry");
        assert!(!app.cancel_sync(id), "no sync runs for an unknown account");
    }
}

#[tokio::test]
async fn timeline_and_today_dates_must_be_in_order_plausible_and_not_too_far_apart() {
    let (_dir, app) = app().await;
    refused_on(app.timeline(date("2026-07-10"), date("2026-07-01")).await, "to");
    refused_on(app.timeline(date("2026-07-10"), date("2026-07-10")).await, "to");
    // A hundred years is refused, not computed.
    let e = refused_on(app.timeline(date("2000-01-01"), date("2099-12-31")).await, "to");
    assert!(e.message.contains("at most 400 nights"), "{}", e.message);
    refused_on(app.timeline(date("2026-01-01"), date("2026-01-01") + chrono::Days::new(401)).await, "to");
    assert!(app.timeline(date("2026-01-01"), date("2026-01-01") + chrono::Days::new(400)).await.is_ok());
    refused_on(app.timeline(date("1999-12-01"), date("2000-01-10")).await, "from");
    refused_on(app.timeline(NaiveDate::MAX - chrono::Days::new(10), NaiveDate::MAX).await, "from");
    // Near chrono's last date, the board's fortnight would overflow the date arithmetic.
    refused_on(app.today_board(NaiveDate::MAX).await, "date");
    refused_on(app.today_board(date("2100-01-01")).await, "date");
    refused_on(app.today_board(NaiveDate::MIN).await, "date");
    assert!(app.today_board(date("2026-06-15")).await.unwrap().arrivals.is_empty());
    // The commands parse the text with the same rules.
    refused_on(innkeep_core::validate::parse_date("from", "2026-02-30"), "from");
    refused_on(innkeep_core::validate::parse_date("date", "15.06.2026"), "date");
    refused_on(innkeep_core::validate::parse_date("to", "9999-12-31"), "to");
}

#[tokio::test]
async fn reservation_filters_activity_limits_and_guest_edits_are_checked() {
    let (_dir, app) = app().await;
    let q =
        |from: &str, to: &str| ReservationQuery { from: Some(date(from)), to: Some(date(to)), ..Default::default() };
    refused_on(app.reservations(&q("2026-07-10", "2026-07-01")).await, "to");
    refused_on(app.reservations(&q("1900-01-01", "2026-07-01")).await, "from");
    refused_on(app.reservations(&q("2026-07-01", "2999-07-01")).await, "to");
    assert!(app.reservations(&q("2026-07-01", "2026-07-01")).await.unwrap().is_empty(), "one day is a range");
    // The export reads with the same filters.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.csv").display().to_string();
    refused_on(app.export_reservations(&q("2026-07-10", "2026-07-01"), ExportFormat::Csv, &path).await, "to");
    assert!(!dir.path().join("list.csv").exists());

    refused_on(app.activity(None, 0).await, "limit");
    refused_on(app.activity(None, limits::ACTIVITY_ROWS + 1).await, "limit");
    refused_on(app.activity(None, u32::MAX).await, "limit");
    assert!(app.activity(None, limits::ACTIVITY_ROWS).await.is_ok());
    assert!(app.activity(None, 1).await.is_ok());

    // An edit that changes nothing is refused before the guest is looked up.
    refused_on(app.edit_guest(1, &GuestEdit::default()).await, "edit");
}

#[tokio::test]
async fn export_paths_must_be_one_plain_absolute_file_name() {
    let (_dir, app) = app().await;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().display().to_string();
    let all = ReservationQuery::default();
    let bad = [
        String::new(),
        "   ".into(),
        "list.csv".into(),
        "../list.csv".into(),
        format!("{folder}/../list.csv"),
        format!("{folder}/sub/../list.csv"),
        format!("{folder}/li\0st.csv"),
        format!("{folder}/"),
        format!("{folder}/."),
        format!("{folder}/{}", "n".repeat(300)),
        format!("{folder}/{}", ["d"; 3000].join("/")),
        format!("{folder}/missing/list.csv"),
    ];
    for path in &bad {
        let e = refused_on(app.export_reservations(&all, ExportFormat::Csv, path).await, "path");
        assert!(!e.message.is_empty());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written anywhere");
    // The same names, fixed, are written.
    let done = app.export_reservations(&all, ExportFormat::Ics, &format!("{folder}/list")).await.unwrap();
    assert_eq!((done.count, done.path), (0, format!("{folder}/list.ics")));
}

#[tokio::test]
async fn booking_forms_refuse_bad_dates_counts_and_rooms_naming_the_field() {
    let w = world(81).await;
    let mews = account_of(&w, ProviderKind::Mews).await;
    let other = account_of(&w, ProviderKind::Timekit).await;
    w.app.sync_account(mews, &quiet).await.unwrap();
    w.app.sync_account(other, &quiet).await.unwrap();
    let base = draft_for(&w, mews, 10, 2).await;
    let form = |edit: &dyn Fn(&mut BookingDraft)| {
        let mut d = base.clone();
        edit(&mut d);
        d
    };

    for (d, field) in [
        (form(&|d| d.departure = d.arrival.clone()), "departure"),
        (form(&|d| (d.arrival, d.departure) = ("2026-07-03".into(), "2026-07-01".into())), "departure"),
        (form(&|d| d.arrival = "2026-02-30".into()), "arrival"),
        (form(&|d| d.departure = "2027-07-01".into()), "departure"),
        (form(&|d| (d.arrival, d.departure) = ("2100-01-01".into(), "2100-01-03".into())), "arrival"),
        // A past arrival, which Mews refuses.
        (form(&|d| d.arrival = "2026-06-01".into()), "arrival"),
        (form(&|d| d.adults = 0), "adults"),
        // Without saturation 1 + u32::MAX wraps round to 0 and would pass.
        (form(&|d| d.children = u32::MAX), "adults"),
        (form(&|d| d.additional_room_ids = (1..=20).collect()), "additional_room_ids"),
    ] {
        refused_on(w.app.quote(&d).await, field);
        refused_on(w.app.create_booking_or_queue(&d).await, field);
    }

    let rooms = w.app.rooms(mews).await.unwrap();
    let theirs = w.app.rooms(other).await.unwrap();
    let first = &rooms.rooms[0];
    let e = refused_on(
        w.app.create_booking_or_queue(&form(&|d| d.additional_room_ids = vec![first.id, first.id])).await,
        "additional_room_ids",
    );
    assert!(e.message.contains("only once"), "{}", e.message);
    refused_on(w.app.create_booking_or_queue(&form(&|d| d.room_id = Some(theirs.rooms[0].id))).await, "room_id");
    refused_on(w.app.create_booking_or_queue(&form(&|d| d.category_id = theirs.categories[0].id)).await, "category_id");
    not_found(w.app.create_booking_or_queue(&form(&|d| d.category_id = -5)).await, "room category");
    not_found(w.app.create_booking_or_queue(&form(&|d| d.room_id = Some(-5))).await, "room");
    // A guest of the other account cannot be the guest of this booking.
    let their_guest = w.app.store().guests(None, 1_000).await.unwrap().into_iter().find(|g| g.account_id == other);
    let their_guest = their_guest.expect("the other account has guests");
    refused_on(
        w.app.create_booking_or_queue(&form(&|d| d.guest = GuestChoice::Existing(their_guest.id))).await,
        "guest",
    );
    not_found(w.app.create_booking_or_queue(&form(&|d| d.guest = GuestChoice::Existing(-5))).await, "guest");
    let booked = w.app.reservations(&ReservationQuery::default()).await.unwrap();
    assert!(booked.iter().all(|r| r.guest_name.as_deref() != Some("Þórunn Guðmundsdóttir")), "nothing was booked");
}

#[tokio::test]
async fn moving_a_stay_checks_its_dates_and_room() {
    let w = world(82).await;
    let accounts = w.app.accounts().await.unwrap();
    let account = accounts.iter().find(|a| a.capabilities.move_dates.supported).expect("a provider moves stays");
    w.app.sync_account(account.id, &quiet).await.unwrap();
    let list = w.app.reservations(&ReservationQuery { account_id: Some(account.id), ..Default::default() }).await;
    let stay = list.unwrap().into_iter().find(|r| !r.state.is_final()).expect("an open reservation");
    let mv = |arrival: &str, departure: &str, room_id| ReservationAction::Move {
        arrival: arrival.into(),
        departure: departure.into(),
        room_id,
    };
    refused_on(w.app.act(stay.id, mv("2026-07-03", "2026-07-01", None)).await, "departure");
    refused_on(w.app.act(stay.id, mv("2026-07-01", "2026-07-01", None)).await, "departure");
    refused_on(w.app.act(stay.id, mv("1999-07-01", "1999-07-03", None)).await, "arrival");
    refused_on(w.app.act(stay.id, mv("2026-07-01", "2028-07-01", None)).await, "departure");
    refused_on(w.app.act(stay.id, mv("tomorrow", "2026-07-03", None)).await, "arrival");
    if account.capabilities.change_room.supported {
        not_found(w.app.act(stay.id, mv("2026-07-01", "2026-07-03", Some(-1))).await, "room");
    }
    let unchanged = w.app.reservation_detail(stay.id).await.unwrap().reservation;
    assert_eq!((unchanged.arrival, unchanged.departure), (stay.arrival, stay.departure));
}

#[tokio::test]
async fn linking_rooms_needs_two_to_fifty_distinct_rooms_of_different_accounts() {
    let w = world(83).await;
    let mews = account_of(&w, ProviderKind::Mews).await;
    let other = account_of(&w, ProviderKind::Timekit).await;
    w.app.sync_account(mews, &quiet).await.unwrap();
    w.app.sync_account(other, &quiet).await.unwrap();
    let ours = w.app.rooms(mews).await.unwrap().rooms;
    let theirs = w.app.rooms(other).await.unwrap().rooms;
    let (a, b) = (ours[0].id, theirs[0].id);

    refused_on(w.app.link_rooms(&[]).await, "room_ids");
    refused_on(w.app.link_rooms(&[a]).await, "room_ids");
    let e = refused_on(w.app.link_rooms(&[a, a]).await, "room_ids");
    assert!(e.message.contains("twice") && e.message.contains(&ours[0].name), "{}", e.message);
    refused_on(w.app.link_rooms(&[a, b, a]).await, "room_ids");
    refused_on(w.app.link_rooms(&vec![a; limits::LINKED_ROOMS + 1]).await, "room_ids");
    refused_on(w.app.link_rooms(&(1..=100_000).collect::<Vec<i64>>()).await, "room_ids");
    refused_on(w.app.link_rooms(&[a, ours[1].id]).await, "room_ids");
    let timeline = w.app.timeline(today(), today() + chrono::Days::new(7)).await.unwrap();
    assert!(timeline.rooms.iter().all(|r| r.link_group.is_none()), "nothing was linked");

    w.app.link_rooms(&[a, b]).await.unwrap();
    // A room that is not linked is left as it is; one that does not exist is named.
    w.app.unlink_room(ours[1].id).await.unwrap();
    w.app.unlink_room(a).await.unwrap();
    not_found(w.app.unlink_room(i64::MAX).await, "room");
}

#[tokio::test]
async fn changes_are_marked_seen_only_up_to_a_change_of_the_account() {
    let w = world(84).await;
    let id = account_of(&w, ProviderKind::Timekit).await;
    let elsewhere = account_of(&w, ProviderKind::Mews).await;
    w.app.sync_account(id, &quiet).await.unwrap();
    // Another desk books at the same provider: the next sync here lists the booking as added.
    let dir = tempfile::tempdir().unwrap();
    let desk = Innkeep::new(Store::open(dir.path()).await.unwrap(), SecretStore::new("innkeep-test"));
    desk.pin_today(today());
    desk.ensure_demo_accounts(&endpoints(&w.sandbox)).await.unwrap();
    let theirs = desk.accounts().await.unwrap().into_iter().find(|a| a.provider == ProviderKind::Timekit).unwrap().id;
    desk.sync_account(theirs, &quiet).await.unwrap();
    let mut d = draft_for(&w, id, 30, 2).await;
    d.account_id = theirs;
    d.category_id = desk.rooms(theirs).await.unwrap().categories[0].id;
    desk.create_booking(&d).await.unwrap();
    w.app.set_reconcile_every_hours(0);
    w.app.sync_account(id, &quiet).await.unwrap();
    let unseen = |app: Innkeep| async move {
        app.what_changed().await.unwrap().into_iter().find(|a| a.account_id == id).map(|a| a.changes)
    };
    let change = unseen(w.app.clone()).await.expect("the booking is listed as a change")[0].id;

    // An id beyond the account's changes would hide changes still to come: refused.
    for upto in [0, -1, change + 1, i64::MAX] {
        refused_on(w.app.mark_changes_seen(id, Some(upto)).await, "upto");
    }
    // A change of this account, named for another account, is refused there too.
    refused_on(w.app.mark_changes_seen(elsewhere, Some(change)).await, "upto");
    assert!(unseen(w.app.clone()).await.is_some(), "still unseen after the refusals");
    w.app.mark_changes_seen(id, Some(change)).await.unwrap();
    assert!(unseen(w.app.clone()).await.is_none(), "seen");
}

#[tokio::test]
async fn a_booking_no_longer_in_doubt_is_not_dismissed() {
    let w = synced_world(85).await;
    let d = draft(&w, 20, 2).await;
    let made = w.app.create_booking(&d).await.unwrap();
    let intent = w.app.store().intent(1).await.unwrap();
    assert_eq!((intent.state, intent.account_id), (WriteIntentState::Done, made.account_id));
    let e = w.app.dismiss_write(intent.id).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict, "{e:?}");
    assert_eq!(w.app.store().intent(1).await.unwrap().state, WriteIntentState::Done, "still made");
    // Rechecking a settled write changes nothing either.
    assert_eq!(w.app.recheck_write(intent.id).await.unwrap().state, WriteIntentState::Done);
}
