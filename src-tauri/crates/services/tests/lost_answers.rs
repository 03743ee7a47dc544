//! A create whose answer is lost must never become two bookings. For every provider, over real
//! HTTP on loopback: the sandbox makes the booking and then drops the connection, cuts the body
//! short, or holds the answer past the client's timeout. The services reconcile at once (the
//! booking is found, by Innkeep's reference or by its fields) and report the booking; when even
//! that look fails, the booking stays "in doubt" and a later recheck finds it instead of
//! booking again. Bookings are counted in the sandbox's own state and in the cache.

mod common;

use common::*;
use innkeep_core::{BookingDraft, ProviderKind, ReservationQuery, WriteIntentState};
use innkeep_sandbox::FaultRule;

/// Far enough ahead that the seeded calendars are empty.
const FREE_OFFSET: i64 = 150;

/// Where each provider's sandbox takes the create, and where Innkeep looks for a booking.
struct Paths {
    sandbox_name: &'static str,
    create: &'static str,
    lookup: &'static str,
    lookup_method: &'static str,
}

fn paths(provider: ProviderKind) -> Paths {
    match provider {
        ProviderKind::Mews => Paths {
            sandbox_name: "mews",
            create: "/api/connector/v1/reservations/add",
            lookup: "/api/connector/v1/reservations/getAll/2023-06-06",
            lookup_method: "POST",
        },
        ProviderKind::Reservanto => Paths {
            sandbox_name: "reservanto",
            create: "/reservanto/v1/RentalLike/CreateBooking",
            lookup: "/reservanto/v1/Booking/GetBookingsForPeriod",
            lookup_method: "POST",
        },
        ProviderKind::MobileCalendar => Paths {
            sandbox_name: "mobile-calendar",
            create: "/mobile-calendar/v1/public/reservations",
            lookup: "/mobile-calendar/v1/public/reservations",
            lookup_method: "GET",
        },
        ProviderKind::Timekit => Paths {
            sandbox_name: "timekit",
            create: "/timekit/v2/bookings",
            lookup: "/timekit/v2/bookings",
            lookup_method: "GET",
        },
        ProviderKind::Ectosy => Paths {
            sandbox_name: "ectosy",
            create: "/ectosy/prod/api/period",
            // Ectosy cannot read periods back: the look is saving the period again.
            lookup: "/ectosy/prod/api/period",
            lookup_method: "POST",
        },
    }
}

const PROVIDERS: [ProviderKind; 5] = [
    ProviderKind::Mews,
    ProviderKind::Reservanto,
    ProviderKind::MobileCalendar,
    ProviderKind::Timekit,
    ProviderKind::Ectosy,
];

async fn in_cache(w: &World, account_id: i64) -> usize {
    w.app.reservations(&ReservationQuery { account_id: Some(account_id), ..Default::default() }).await.unwrap().len()
}

/// A synced account of `provider` and a form for a free room of its first category.
async fn ready(w: &World, provider: ProviderKind) -> (i64, BookingDraft) {
    let account_id = account_of(w, provider).await;
    w.app.sync_account(account_id, &quiet).await.unwrap_or_else(|e| panic!("{provider:?} sync: {e}"));
    let mut draft = draft_for(w, account_id, FREE_OFFSET, 2).await;
    let rooms = w.app.rooms(account_id).await.unwrap();
    draft.room_id = rooms.rooms.iter().find(|r| r.category_id == Some(draft.category_id)).map(|r| r.id);
    (account_id, draft)
}

struct Counts {
    sandbox: usize,
    cache: usize,
}

async fn counts(w: &World, provider: ProviderKind, account_id: i64) -> Counts {
    Counts {
        sandbox: w.sandbox.booking_count(paths(provider).sandbox_name).expect("a known provider"),
        cache: in_cache(w, account_id).await,
    }
}

/// Books with `fault` on the create; the booking must come back reconciled, exactly once.
async fn lost_then_reconciled(w: &World, provider: ProviderKind, fault: FaultRule, what: &str) {
    let (account_id, draft) = ready(w, provider).await;
    let before = counts(w, provider, account_id).await;
    let p = paths(provider);
    w.sandbox.faults().push(fault.on_path(p.create).on_method("POST"));

    let booked = w
        .app
        .create_booking(&draft)
        .await
        .unwrap_or_else(|e| panic!("{provider:?} {what}: the lost answer was not reconciled: {e}"));
    assert_eq!(booked.arrival.to_string(), draft.arrival, "{provider:?} {what}");
    assert_eq!(booked.guest_name.as_deref(), Some("Þórunn Guðmundsdóttir"), "{provider:?} {what}");
    let after = counts(w, provider, account_id).await;
    assert_eq!(after.sandbox, before.sandbox + 1, "{provider:?} {what}: exactly one booking at the provider");
    assert_eq!(after.cache, before.cache + 1, "{provider:?} {what}: exactly one booking in the cache");
    assert!(
        w.app.store().open_intents(Some(account_id)).await.unwrap().is_empty(),
        "{provider:?} {what}: nothing left in doubt"
    );
    assert!(w.sandbox.faults().state().next.is_empty(), "{provider:?} {what}: the fault was served");
}

#[tokio::test]
async fn a_dropped_connection_after_the_create_books_once() {
    for (i, provider) in PROVIDERS.into_iter().enumerate() {
        let w = world(60 + i as u64).await;
        lost_then_reconciled(&w, provider, FaultRule::drop_connection(), "dropped").await;
    }
}

#[tokio::test]
async fn a_truncated_create_answer_books_once() {
    for (i, provider) in PROVIDERS.into_iter().enumerate() {
        let w = world(70 + i as u64).await;
        lost_then_reconciled(&w, provider, FaultRule::truncated(), "truncated").await;
    }
}

/// The sandbox holds every create's answer past the client's 30-second timeout; the five
/// providers run side by side so the test waits for one timeout, not five.
#[tokio::test]
async fn a_timed_out_create_books_once() {
    // Past the HTTP layer's 30 s timeout. A world (sandbox and cache file) per provider.
    let case = |seed: u64, provider: ProviderKind| async move {
        let w = world(seed).await;
        lost_then_reconciled(&w, provider, FaultRule::stall(32_000), "timed out").await;
    };
    let [a, b, c, d, e] = PROVIDERS;
    tokio::join!(case(80, a), case(81, b), case(82, c), case(83, d), case(84, e));
}

/// The answer is lost and so is the first look for the booking: it stays in doubt. Rechecking
/// later finds the booking the provider made instead of making a second; rechecking again
/// changes nothing.
#[tokio::test]
async fn a_retry_after_a_lost_answer_finds_the_booking_instead_of_booking_again() {
    for (i, provider) in PROVIDERS.into_iter().enumerate() {
        let w = world(90 + i as u64).await;
        let (account_id, draft) = ready(&w, provider).await;
        let before = counts(&w, provider, account_id).await;
        let p = paths(provider);
        let faults = w.sandbox.faults();
        faults.push(FaultRule::drop_connection().on_path(p.create).on_method("POST"));
        // Every attempt of the look fails too (reads are retried up to four times).
        faults.push(FaultRule::status(503).times(12).on_path(p.lookup).on_method(p.lookup_method));

        let e = w.app.create_booking(&draft).await.expect_err("neither the answer nor the look got through");
        assert!(e.message.contains("in doubt"), "{provider:?}: {}", e.message);
        let open = w.app.store().open_intents(Some(account_id)).await.unwrap();
        assert_eq!(open.len(), 1, "{provider:?}: the booking in doubt is remembered");
        assert_eq!(open[0].state, WriteIntentState::Unknown, "{provider:?}");
        assert_eq!(
            w.sandbox.booking_count(p.sandbox_name).unwrap(),
            before.sandbox + 1,
            "{provider:?}: the provider made it once"
        );
        faults.clear();

        let settled = w.app.recheck_write(open[0].id).await.unwrap();
        assert_eq!(settled.state, WriteIntentState::Done, "{provider:?}: {:?}", settled.error);
        let after = counts(&w, provider, account_id).await;
        assert_eq!(after.sandbox, before.sandbox + 1, "{provider:?}: the recheck made no second booking");
        assert_eq!(after.cache, before.cache + 1, "{provider:?}: the booking is in the cache once");
        let made = settled.provider_id.clone().expect("the booking's id");
        let r = w.app.store().reservation_by_provider_id(account_id, &made).await.unwrap().expect("in the cache");
        assert_eq!(r.arrival.to_string(), draft.arrival, "{provider:?}");

        let again = w.app.recheck_write(open[0].id).await.unwrap();
        assert_eq!(again.state, WriteIntentState::Done, "{provider:?}");
        let last = counts(&w, provider, account_id).await;
        assert_eq!(
            (last.sandbox, last.cache),
            (after.sandbox, after.cache),
            "{provider:?}: a settled booking stays one"
        );
    }
}

/// A create that never reached the provider (refused before any work): the recheck sees no
/// booking and makes it then, once.
#[tokio::test]
async fn a_create_that_never_arrived_is_made_once_on_recheck() {
    for (i, provider) in
        [ProviderKind::Mews, ProviderKind::Reservanto, ProviderKind::MobileCalendar, ProviderKind::Timekit]
            .into_iter()
            .enumerate()
    {
        let w = world(100 + i as u64).await;
        let (account_id, draft) = ready(&w, provider).await;
        let before = counts(&w, provider, account_id).await;
        let p = paths(provider);
        let faults = w.sandbox.faults();
        // A 502 from a gateway: nothing was done, but the client cannot know that.
        faults.push(FaultRule::status(502).on_path(p.create).on_method("POST"));
        faults.push(FaultRule::status(503).times(12).on_path(p.lookup).on_method(p.lookup_method));
        w.app.create_booking(&draft).await.expect_err("the look failed too");
        assert_eq!(w.sandbox.booking_count(p.sandbox_name).unwrap(), before.sandbox, "{provider:?}: nothing made yet");
        faults.clear();

        let open = w.app.store().open_intents(Some(account_id)).await.unwrap();
        assert_eq!(open.len(), 1, "{provider:?}");
        let settled = w.app.recheck_write(open[0].id).await.unwrap();
        assert_eq!(settled.state, WriteIntentState::Done, "{provider:?}: {:?}", settled.error);
        let after = counts(&w, provider, account_id).await;
        assert_eq!(after.sandbox, before.sandbox + 1, "{provider:?}: made once, on the recheck");
        assert_eq!(after.cache, before.cache + 1, "{provider:?}");
    }
}
