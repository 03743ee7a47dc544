// @vitest-environment happy-dom
// The whole UI against the mocked backend (src/mock/backend.ts) through mockIPC, driven through
// the same data-testid hooks the WebDriver tests use.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { MockBackend } from "../src/mock/backend";
import { ui } from "../src/state";
import { until, wait } from "./support";

let backend: MockBackend;
/** Every command the UI sent, in order. */
const calls: [string, Record<string, unknown>][] = [];
/** A command listed here waits for the promise before the backend answers (to see progress). */
const holds = new Map<string, Promise<void>>();
const root = () => document.getElementById("app")!;
const $ = <T extends HTMLElement = HTMLElement>(testid: string) =>
  root().querySelector<T>(`[data-testid="${testid}"]`) ?? document.querySelector<T>(`[data-testid="${testid}"]`);
const $$ = (testid: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)];

async function settle(rounds = 12): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

async function type(testid: string, value: string): Promise<void> {
  const el = $<HTMLInputElement>(testid);
  if (!el) throw new Error(`no ${testid}`);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
  await settle();
}

async function choose(testid: string, value: string): Promise<void> {
  const el = $<HTMLSelectElement>(testid);
  if (!el) throw new Error(`no ${testid}`);
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
  await settle();
}

async function click(testid: string): Promise<void> {
  const el = $(testid);
  if (!el) throw new Error(`no ${testid}`);
  el.click();
  await settle();
}

const rows = () => $$("reservation-row");

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  // The Mews demo hotel alone: these flows predate the other providers (see app-providers.test.ts).
  backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 0, providers: ["mews"] });
  mockIPC(
    async (cmd, args) => {
      calls.push([cmd, (args ?? {}) as Record<string, unknown>]);
      await holds.get(cmd);
      return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  const { boot } = await import("../src/app");
  await boot(root());
  await until(() => rows().length > 0, "reservations");
  // The first screen draws its first rows, then the rest (FIRST_SCREEN_ROWS).
  await until(() => ui.firstScreenDrawn, "the first screen");
  openingCount = rows().length;
});

afterAll(() => clearMocks());

/** Rows shown at start: the list opens on stays that have not ended before today. */
let openingCount = 0;

describe("the app against the mocked backend", () => {
  it("opens on the reservations with the shell, demo badge and test hooks", () => {
    expect(location.hash).toBe("#/reservations");
    // The mock hotel has 40 stays, some already over: those wait behind the "From" filter.
    expect(openingCount).toBeGreaterThan(0);
    expect(openingCount).toBeLessThan(40);
    expect(rows()).toHaveLength(openingCount);
    for (const r of rows()) {
      expect(r.dataset.reservationId).toMatch(/^\d+$/);
      expect(r.dataset.state).toMatch(/^[a-z_]+$/);
    }
    for (const id of ["nav-reservations", "nav-guests", "nav-accounts", "nav-activity", "new-booking-button", "sync-indicator", "demo-badge"]) {
      expect($(id), id).not.toBeNull();
    }
    expect($("offline-banner")).toBeNull();
    expect($("keyring-banner")).toBeNull();
  });

  it("searches after the user pauses typing, and filters by state and dates", async () => {
    await type("reservations-search", "novak");
    expect(rows()).toHaveLength(openingCount); // not yet: debounced
    await wait(300);
    await settle();
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(openingCount);
    for (const r of rows()) expect(r.textContent).toMatch(/Nov[aá]k/);
    await type("reservations-search", "");
    await wait(300);
    await settle();

    await choose("filter-state", "cancelled");
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().every((r) => r.dataset.state === "cancelled")).toBe(true);
    await choose("filter-state", "");

    await type("filter-from", "2026-13-01");
    const err = $$("filter-error");
    expect(err).toHaveLength(1);
    expect(err[0]!.dataset.field).toBe("from");
    expect(rows()).toHaveLength(40); // an invalid date is not applied: every stay shows
    await type("filter-from", "");
    expect(rows()).toHaveLength(40);
  });

  it("sorts by a column when its header is clicked", async () => {
    await click("sort-nights");
    const n = () => rows().map((r) => Number(r.children[5]!.textContent));
    expect(n()).toEqual([...n()].sort((a, b) => a - b));
    await click("sort-nights");
    expect(n()).toEqual([...n()].sort((a, b) => b - a));
    await click("sort-arrival");
  });

  it("keeps what was typed in the booking form across errors and navigation, then creates the booking", async () => {
    await click("new-booking-button");
    expect(location.hash).toBe("#/new-booking");
    await until(() => !!$("booking-category") && !$<HTMLSelectElement>("booking-category")!.disabled, "categories");
    expect($<HTMLSelectElement>("booking-account")!.value).toBe("1"); // the only bookable account
    await choose("booking-category", "2");
    await type("booking-arrival", "2027-03-10");
    await type("booking-departure", "2027-03-08");
    await click("guest-mode-new");
    await type("guest-first-name", "Marie");
    await type("guest-last-name", "Dubois");
    await type("booking-notes", "Arrives by car");
    await click("booking-submit");
    const errors = $$("field-error");
    expect(errors.map((e) => e.dataset.field)).toEqual(["departure"]);
    expect(errors[0]!.textContent).toMatch(/at least one night after arrival/);

    await click("nav-guests");
    expect(location.hash).toBe("#/guests");
    await click("new-booking-button");
    expect($<HTMLInputElement>("booking-arrival")!.value).toBe("2027-03-10");
    expect($<HTMLInputElement>("booking-departure")!.value).toBe("2027-03-08");
    expect($<HTMLInputElement>("guest-last-name")!.value).toBe("Dubois");
    expect($<HTMLTextAreaElement>("booking-notes")!.value).toBe("Arrives by car");

    await type("booking-departure", "2027-03-13");
    await until(() => !!$("booking-quote"), "the quote");
    expect($("booking-quote")!.textContent).toContain("€345.00");

    await click("booking-submit");
    await until(() => location.hash.startsWith("#/reservations/"), "the new reservation");
    await until(() => !!$("reservation-detail"), "its detail");
    expect($("detail-guest")!.textContent).toContain("Marie Dubois");
    expect($("detail-state")!.dataset.state).toBe("confirmed");
    expect(backend.data.reservations.some((r) => r.guest_name === "Marie Dubois" && r.notes === "Arrives by car")).toBe(true);
  });

  it("starts a new booking with an empty form after a booking was created", async () => {
    const detailHash = location.hash;
    await click("new-booking-button");
    expect($<HTMLInputElement>("booking-arrival")!.value).toBe("");
    location.hash = detailHash;
    await until(() => !!$("reservation-detail"), "the detail again");
  });

  it("takes a value cleared with only a change event (as WebDriver's clear() may do)", async () => {
    const detailHash = location.hash;
    await click("new-booking-button");
    const adults = $<HTMLInputElement>("booking-adults")!;
    expect(adults.value).toBe("2");
    adults.value = "";
    adults.dispatchEvent(new Event("change", { bubbles: true }));
    await type("booking-notes", "re-render"); // any state change renders the form again
    expect($<HTMLInputElement>("booking-adults")!.value).toBe("");
    await type("booking-adults", "3");
    expect($<HTMLInputElement>("booking-adults")!.value).toBe("3");
    await click("booking-reset");
    location.hash = detailHash;
    await until(() => !!$("reservation-detail"), "the detail again");
  });

  it("cancels only after confirmation; Escape closes the dialog", async () => {
    await click("cancel-button");
    expect($("confirm-cancel-button")).not.toBeNull();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await settle();
    expect($("confirm-cancel-button")).toBeNull();
    expect($("detail-state")!.dataset.state).toBe("confirmed");

    await click("cancel-button");
    await type("cancel-reason", "Guest called");
    await click("confirm-cancel-button");
    await until(() => $("detail-state")?.dataset.state === "cancelled", "the cancelled state");
    expect($("confirm-cancel-button")).toBeNull();
    expect($<HTMLButtonElement>("cancel-button")!.disabled).toBe(true);
    expect(backend.data.activity[0]!.summary).toContain("Guest called");
  });

  it("keeps a booking made offline in the outbox and sends it only after the manager confirms", async () => {
    await click("new-booking-button");
    await choose("booking-category", "1");
    await type("booking-arrival", "2027-04-01");
    await type("booking-departure", "2027-04-03");
    await click("guest-mode-new");
    await type("guest-last-name", "Offline");
    backend.data.accounts[0]!.status = "offline";
    backend.data.accounts[0]!.offline_since = new Date().toISOString();
    void emit("data-changed", { account_id: 1 });
    await until(() => !!$("offline-banner"), "the offline banner");
    expect($("offline-banner")!.textContent).toMatch(/Demo hotel is offline since .*You are seeing saved data; actions need a connection\./);
    const before = backend.data.reservations.length;

    await click("booking-submit");
    await until(() => !!$("outbox-panel"), "the outbox");
    expect($$("info-toast").some((x) => x.textContent!.includes("nothing was sent"))).toBe(true);
    expect(backend.data.reservations.length).toBe(before);
    // Offline: no banner asks to send yet.
    expect($("outbox-banner")).toBeNull();

    backend.data.accounts[0]!.status = "online";
    backend.data.accounts[0]!.offline_since = null;
    void emit("data-changed", { account_id: 1 });
    await until(() => !$("offline-banner") && !!$("outbox-banner"), "the back-online banner");
    expect($("outbox-banner")!.textContent).toContain("Demo hotel is reachable again");
    await click("outbox-banner-review");
    expect($$("outbox-entry")).toHaveLength(1);
    expect($$("outbox-entry")[0]!.textContent).toContain("Offline");
    // Nothing is sent until the manager says yes.
    expect(backend.data.reservations.length).toBe(before);
    await click("outbox-confirm-send");
    await until(() => !$("outbox-panel"), "the outbox to empty");
    expect(backend.data.reservations.length).toBe(before + 1);
    expect($("outbox-banner")).toBeNull();
  });

  it("shows the provider's refusal on a queued booking, and an edit queues it again", async () => {
    backend.data.accounts[0]!.status = "offline";
    const category = backend.data.categories.find((c) => c.account_id === 1)!;
    const room = backend.data.rooms.find((r) => r.account_id === 1 && r.category_id === category.id)!;
    const written = (await backend.handle("create_booking", {
      draft: { account_id: 1, category_id: category.id, arrival: "2027-05-01", departure: "2027-05-03", adults: 1, children: 0, guest: { new: { first_name: "Eva", last_name: "Refused" } } },
    })) as { status: string; value: { id: number } };
    expect(written.status).toBe("queued");
    backend.data.accounts[0]!.status = "online";
    // As send_outbox leaves it when the provider refused the room.
    Object.assign(backend.outbox.find((e) => e.id === written.value.id)!, { state: "conflict", error: "Room 101 is taken on 1 May." });
    void emit("data-changed", { account_id: 1 });
    await until(() => !!$("outbox-panel"), "the outbox");
    if ($("outbox-toggle")!.getAttribute("aria-expanded") !== "true") await click("outbox-toggle");
    await until(() => $$("outbox-entry").some((e) => e.dataset.state === "conflict"), "the refused entry");
    expect($("outbox-entry-error")!.textContent).toBe("Room 101 is taken on 1 May.");
    await click("outbox-edit");
    await type("outbox-edit-departure", "2027-04-30");
    await click("outbox-edit-save");
    expect($("outbox-edit-error")!.textContent).toContain("later departure");
    await type("outbox-edit-arrival", "2027-05-04");
    await type("outbox-edit-departure", "2027-05-06");
    await type("outbox-edit-last-name", "Accepted");
    await choose("outbox-edit-room", String(room.id));
    await click("outbox-edit-save");
    await until(() => !$("outbox-edit-form") && $$("outbox-entry").every((e) => e.dataset.state === "queued"), "the entry queued again");
    const kept = backend.outbox.find((e) => e.id === written.value.id)!;
    expect(kept.request).toMatchObject({ arrival: "2027-05-04", departure: "2027-05-06", room_id: room.id, guest: { new: { last_name: "Accepted" } } });
    expect($("outbox-entry-error")).toBeNull();
    await click("outbox-discard");
    await until(() => !$("outbox-panel"), "the outbox to empty");
  });

  it("adds an account after a connection test, keeping no token in the form", async () => {
    await click("nav-accounts");
    expect($$("account-row")).toHaveLength(1);
    await click("add-account-button");
    await type("account-label", "Pension Nova");
    await type("account-base-url", "https://api.mews.com");
    expect($<HTMLInputElement>("account-client-token")!.type).toBe("password");
    expect($<HTMLInputElement>("account-access-token")!.type).toBe("password");
    await type("account-client-token", "client-secret-1");
    await type("account-access-token", "bad");
    await click("test-connection-button");
    await until(() => !!root().querySelector(".account-form .error-block"), "the refusal");
    expect(root().querySelector(".account-form .error-block")!.textContent).toContain("Sign-in refused");

    await type("account-access-token", "access-secret-2");
    await click("test-connection-button");
    await until(() => !!$("connection-ok"), "the connection check");
    await click("save-account-button");
    await until(() => $$("account-row").length === 2, "the new account");
    expect(JSON.stringify(backend.data.accounts)).not.toContain("secret");
    await until(() => $("sync-indicator")?.dataset.state === "idle", "the first sync to end");

    await click("add-account-button");
    expect($<HTMLInputElement>("account-client-token")!.value).toBe("");
    expect($<HTMLInputElement>("account-access-token")!.value).toBe("");
    expect(root().innerHTML).not.toContain("secret-");
  });

  it("removes an account after confirmation, and the list filtered by it shows every account again", async () => {
    const nova = backend.data.accounts.find((a) => a.label.includes("Pension Nova"))!;
    await click("nav-reservations");
    await choose("filter-account", String(nova.id));
    expect($<HTMLSelectElement>("filter-account")!.value).toBe(String(nova.id));
    await click("nav-accounts");
    const row = $$("account-row").find((r) => r.textContent?.includes("Pension Nova"))!;
    row.querySelector<HTMLElement>('[data-testid="remove-account-button"]')!.click();
    await settle();
    expect(document.querySelector('[data-testid="remove-dialog"]')!.textContent).toMatch(/keyring.*all data Innkeep saved/s);
    await click("confirm-remove-button");
    await until(() => $$("account-row").length === 1, "the account to go");
    await click("nav-reservations");
    // One account is left, so the account filter is gone from the toolbar: a stale one would be
    // invisible and would ask for the removed account.
    await until(() => rows().length > 0, "the stays of the account left");
    expect($("filter-account")).toBeNull();
    expect($("error-message")).toBeNull();
    await click("nav-accounts");
  });

  it("lists what happened in Activity, newest first", async () => {
    await click("nav-activity");
    await until(() => $$("activity-row").length > 0, "activity");
    expect($$("activity-row")[0]!.textContent).toContain("Removed Pension Nova");
  });

  it("syncs everything from the header indicator", async () => {
    const before = $$("activity-row").length;
    await click("sync-indicator");
    await until(() => $("sync-indicator")?.dataset.state === "idle" && $$("activity-row").length > before, "the sync");
    expect($$("activity-row")[0]!.textContent).toContain("Synced Demo hotel");
  });

  it("shows a failed sync in the indicator and a banner that says what to do", async () => {
    backend.data.accounts[0]!.status = "auth_failed";
    await click("sync-indicator");
    await until(() => $("sync-indicator")?.dataset.state === "error", "the indicator's error");
    expect($("sync-indicator")!.textContent).toContain("Sync of Demo hotel failed");
    await until(() => !!$("auth-banner"), "the auth banner");
    expect($("auth-banner")!.textContent).toMatch(/choose Replace credentials on it/);
    expect($("error-toast")).toBeNull(); // sync-all reports through events, not a rejection
  });

  it("reports a failed sync of one account in a toast", async () => {
    await click("nav-accounts");
    await click("account-sync");
    await until(() => !!$("error-toast"), "the error toast");
    expect($("error-toast")!.dataset.kind).toBe("auth");
    expect($("error-toast")!.textContent).toMatch(/Sign-in refused|under Replace credentials/);
    $("error-toast")!.querySelector("button")!.click();
    await settle();
    expect($("error-toast")).toBeNull();
    backend.data.accounts[0]!.status = "online";
    await click("sync-indicator");
    await until(() => $("sync-indicator")?.dataset.state === "idle" && !$("auth-banner"), "recovery");
  });

  it("opens a guest's page with get_guest, not by searching the whole list", async () => {
    const g = backend.data.guests.find((x) => x.last_name === "Kowalska")!;
    const from = calls.length;
    location.hash = `#/guests/${g.id}`;
    await until(() => $("guest-detail")?.dataset.guestId === String(g.id) && rows().length > 0, "the guest's page");
    const sent = calls.slice(from).map(([cmd]) => cmd);
    expect(calls.slice(from).filter(([cmd]) => cmd === "get_guest")).toEqual([["get_guest", { id: g.id }]]);
    expect(sent).not.toContain("list_guests");
    expect(root().querySelector("#screen-title")!.textContent).toBe("Katarzyna Kowalska");
    expect($("guest-detail")!.textContent).toContain("k.kowalska@example.pl");
    expect(rows().every((r) => r.textContent?.includes("Katarzyna Kowalska"))).toBe(true);

    location.hash = "#/guests/424242";
    await until(() => $("guest-detail")?.dataset.guestId === "424242" && !!$("error-message"), "the refusal");
    expect($("error-message")!.dataset.kind).toBe("not_found");
    expect($("error-message")!.textContent).toContain("There is no guest with id 424242.");
    expect($("reservations-empty")).toBeNull(); // the error says it all
  });

  it("shows a guest's reservations", async () => {
    await click("nav-guests");
    await until(() => $$("guest-row").length > 0, "guests");
    const guest = $$("guest-row").find((r) => r.textContent?.includes("Marie Dubois"))!;
    guest.click();
    await until(() => rows().length > 0, "the guest's reservations");
    expect(rows().every((r) => r.textContent?.includes("Marie Dubois"))).toBe(true);
  });

  it("lists a page of guests and says when more match, never a wrong count", async () => {
    const before = backend.data.guests;
    const template = before[0]!;
    const note = () => $("guests-count")!.textContent!.replace(/\s+/g, " ").trim();
    backend.data.guests = [
      ...before,
      ...Array.from({ length: 250 }, (_, i) => ({ ...template, id: 90_000 + i, last_name: `Zeman${i}`, email: null, phone: null })),
    ];
    try {
      await click("nav-guests");
      void emit("data-changed", { account_id: 1 });
      await until(() => $("guests-count")?.dataset.more === "true", "the page note");
      expect($$("guest-row").length).toBe(200);
      expect(note()).toContain("The first 200 guests");
      // When all fit one page, the count is exact.
      backend.data.guests = before;
      void emit("data-changed", { account_id: 1 });
      await until(() => $("guests-count")?.dataset.more === "false", "the exact count");
      expect(note()).toBe(`${before.length} guests`);
    } finally {
      backend.data.guests = before;
    }
  });

  const detailOf = async (id: number) => {
    location.hash = `#/reservations/${id}`;
    await until(() => $("reservation-detail")?.dataset.reservationId === String(id), `the detail of ${id}`);
  };
  const why = (testid: string) => {
    const id = $(testid)!.getAttribute("aria-describedby");
    return id ? document.getElementById(id)!.textContent!.trim() : null;
  };

  it("offers the state changes the provider supports, each enabled only in its state", async () => {
    const r = backend.data.reservations.find((x) => x.account_id === 1 && x.state === "confirmed")!;
    await detailOf(r.id);
    expect($<HTMLButtonElement>("check-in-button")!.disabled).toBe(false);
    expect(why("check-in-button")).toBeNull();
    expect($<HTMLButtonElement>("confirm-button")!.disabled).toBe(true);
    expect(why("confirm-button")).toBe("Only reservations that wait for confirmation (inquiry, optional, requested) can be confirmed.");
    expect($<HTMLButtonElement>("check-out-button")!.disabled).toBe(true);
    expect(why("check-out-button")).toBe("Only checked-in reservations can be checked out.");
    expect($<HTMLButtonElement>("edit-guest-button")!.disabled).toBe(true);
    expect(why("edit-guest-button")).toBe(backend.data.accounts[0]!.capabilities.edit_guest.reason);

    const account = backend.data.accounts[0]!;
    const caps = account.capabilities;
    account.capabilities = { ...caps, check_in: { supported: false, reason: "Not through this API." } };
    void emit("data-changed", { account_id: 1 });
    await until(() => !$("check-in-button"), "check-in to go");
    expect($("confirm-button")).not.toBeNull();
    account.capabilities = caps;
    void emit("data-changed", { account_id: 1 });
    await until(() => !!$("check-in-button"), "check-in to come back");
  });

  it("checks a confirmed reservation in, showing progress, then the refreshed detail", async () => {
    const r = backend.data.reservations.find((x) => x.account_id === 1 && x.state === "confirmed")!;
    await detailOf(r.id);
    let release!: () => void;
    holds.set("change_reservation_state", new Promise<void>((ok) => (release = ok)));
    await click("check-in-button");
    await until(() => calls.some(([cmd]) => cmd === "change_reservation_state"), "the command");
    expect(calls.filter(([cmd]) => cmd === "change_reservation_state").at(-1)).toEqual(["change_reservation_state", { id: r.id, action: "check_in" }]);
    const button = $<HTMLButtonElement>("check-in-button")!;
    expect(button.textContent).toContain("Checking in…");
    expect(button.disabled).toBe(true);
    expect(button.getAttribute("aria-busy")).toBe("true");
    expect($<HTMLButtonElement>("cancel-button")!.disabled).toBe(true); // nothing else while it runs
    // Done, but the detail has not been read again yet: still busy, never the old state's buttons.
    let releaseRead!: () => void;
    holds.set("get_reservation", new Promise<void>((ok) => (releaseRead = ok)));
    const reads = calls.filter(([cmd]) => cmd === "get_reservation").length;
    holds.delete("change_reservation_state");
    release();
    await until(() => calls.filter(([cmd]) => cmd === "get_reservation").length > reads, "the detail to be read again");
    await settle();
    expect(r.state).toBe("checked_in");
    expect($("detail-state")!.dataset.state).toBe("confirmed");
    expect($<HTMLButtonElement>("check-in-button")!.disabled).toBe(true);
    expect($("check-in-button")!.textContent).toContain("Checking in…");
    holds.delete("get_reservation");
    releaseRead();

    await until(() => $("detail-state")?.dataset.state === "checked_in", "the checked-in state");
    expect(r.state).toBe("checked_in");
    expect($("detail-provider-state")!.textContent).toBe("Started");
    expect($<HTMLButtonElement>("check-out-button")!.disabled).toBe(false);
    expect($<HTMLButtonElement>("check-in-button")!.disabled).toBe(true);
    expect($("check-in-button")!.textContent).toContain("Check in");
    expect(why("check-in-button")).toBe("Only confirmed reservations can be checked in.");
    expect($<HTMLButtonElement>("cancel-button")!.disabled).toBe(false);
    expect($("error-message")).toBeNull();
    await until(() => $$("info-toast").some((x) => x.textContent?.includes(`Reservation ${r.number} was checked in.`)), "the toast");
    expect($("reservation-detail")!.textContent).toContain("confirmed → checked_in"); // the history
  });

  it("checks out only after confirmation", async () => {
    const r = backend.data.reservations.find((x) => x.account_id === 1 && x.state === "checked_in")!;
    await detailOf(r.id);
    const sent = () => calls.filter(([cmd]) => cmd === "change_reservation_state").length;
    const before = sent();
    await click("check-out-button");
    expect($("check-out-dialog")!.textContent).toMatch(/can't undo a check-out/);
    expect(sent()).toBe(before);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await settle();
    expect($("check-out-dialog")).toBeNull();
    expect(r.state).toBe("checked_in");

    await click("check-out-button");
    await click("confirm-check-out-button");
    await until(() => $("detail-state")?.dataset.state === "checked_out", "the checked-out state");
    expect($("check-out-dialog")).toBeNull();
    expect(sent()).toBe(before + 1);
    expect(r.state).toBe("checked_out");
    expect(["confirm-button", "check-in-button", "check-out-button", "cancel-button"].map((id) => $<HTMLButtonElement>(id)!.disabled)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it("shows a wrong-state conflict in place and then what the reservation really is", async () => {
    const r = backend.data.reservations.find((x) => x.account_id === 1 && x.state === "optional")!;
    await detailOf(r.id);
    expect($<HTMLButtonElement>("confirm-button")!.disabled).toBe(false);
    r.state = "cancelled"; // changed elsewhere; the UI has not heard of it yet
    await click("confirm-button");
    await until(() => !!$("error-message"), "the error");
    const error = $("reservation-detail")!.querySelector<HTMLElement>('[data-testid="error-message"]')!;
    expect(error.dataset.kind).toBe("conflict");
    expect(error.textContent).toContain(`Reservation ${r.number} is cancelled; only inquiry or optional or requested reservations can be confirmed.`);
    expect($("error-toast")).toBeNull();
    await until(() => $("detail-state")?.dataset.state === "cancelled", "the fresh state");
    expect($<HTMLButtonElement>("confirm-button")!.disabled).toBe(true);
    expect($("confirm-button")!.textContent).toContain("Confirm");
    expect($("error-message")!.dataset.kind).toBe("conflict"); // still there after the refresh

    const other = backend.data.reservations.find((x) => x.account_id === 1 && x.state === "optional")!;
    await detailOf(other.id);
    expect($("error-message")).toBeNull(); // the error belonged to the other reservation
  });

  it("keeps a check-out made offline in the outbox and marks it pending in the detail", async () => {
    const r = backend.data.reservations.find((x) => x.account_id === 1 && x.state === "checked_in")!;
    await detailOf(r.id);
    backend.data.accounts[0]!.status = "offline";
    await click("check-out-button");
    await click("confirm-check-out-button");
    await until(() => !!$("detail-pending"), "the pending mark");
    expect($("detail-pending")!.dataset.kind).toBe("check_out");
    expect($("detail-pending")!.textContent).toContain("Pending: Check out");
    expect(r.state).toBe("checked_in");
    expect($("detail-state")!.dataset.state).toBe("checked_in");
    // Discarding it leaves the reservation as it was.
    if ($("outbox-toggle")!.getAttribute("aria-expanded") !== "true") await click("outbox-toggle");
    await click("outbox-discard");
    await until(() => !$("detail-pending"), "the mark to go");
    expect(backend.outbox.filter((e) => e.state !== "sent")).toHaveLength(0);
    backend.data.accounts[0]!.status = "online";
  });
});
