// @vitest-environment happy-dom
// The whole UI against the mocked backend with all five providers' demo accounts: what each
// reservation offers and why the rest is missing, the dialogs (late cancellation, move, delete),
// restore from the activity log, guest edit, group booking, quotes without price, the
// add-account form and the open-writes banner, through the data-testid hooks.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { ProviderKind } from "../src/bindings/ProviderKind";
import type { ReservationState } from "../src/bindings/ReservationState";
import { addDays, todayIn } from "../src/dates";
import { MockBackend } from "../src/mock/backend";
import { until } from "./support";

let backend: MockBackend;
const calls: [string, Record<string, unknown>][] = [];
const $ = <T extends HTMLElement = HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`);
const $$ = (testid: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)];
const text = (testid: string) => $(testid)?.textContent?.replace(/\s+/g, " ").trim() ?? "";

async function settle(rounds = 12): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
async function type(testid: string, value: string, index = 0): Promise<void> {
  const el = $$(testid)[index] as HTMLInputElement | undefined;
  if (!el) throw new Error(`no ${testid}`);
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
  await settle();
}
async function click(testid: string, index = 0): Promise<void> {
  const el = $$(testid)[index];
  if (!el) throw new Error(`no ${testid}`);
  el.click();
  await settle();
}
const sent = (cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);

const accountOf = (p: ProviderKind) => backend.data.accounts.find((a) => a.provider === p)!;
const reservationOf = (p: ProviderKind, state: ReservationState, pick: (arrival: string) => boolean = () => true) =>
  backend.data.reservations.find((r) => r.account_id === accountOf(p).id && r.state === state && pick(r.arrival))!;

async function detailOf(id: number): Promise<void> {
  location.hash = `#/reservations/${id}`;
  await until(() => $("reservation-detail")?.dataset.reservationId === String(id), `the detail of ${id}`);
  await settle();
}

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 0, openWrite: true });
  mockIPC(
    async (cmd, args) => {
      calls.push([cmd, (args ?? {}) as Record<string, unknown>]);
      return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  const { boot } = await import("../src/app");
  await boot(document.getElementById("app")!);
  await until(() => $$("reservation-row").length > 0, "reservations");
});

afterAll(() => clearMocks());

describe("five providers in one window", () => {
  it("warns of a booking whose answer was lost, honestly, with a sync", async () => {
    await until(() => !!$("open-writes-banner"), "the open-writes banner");
    const banner = text("open-writes-banner");
    expect(banner).toMatch(/^A booking for Lena Berger, .+ was sent to Demo Reservanto on .+ but its answer was lost; it may exist\. Ask Reservanto \(Innkeep never books it twice\), or look there yourself\./);
    expect($("open-writes-banner")!.dataset.accountId).toBe(String(accountOf("reservanto").id));
    const before = sent("sync_now").length;
    await click("open-writes-sync");
    expect(sent("sync_now").slice(before)).toEqual([{ accountId: accountOf("reservanto").id }]);
  });

  it("sums up every offline account in one banner", async () => {
    const since = new Date().toISOString();
    for (const a of backend.data.accounts) {
      a.status = "offline";
      a.offline_since = since;
    }
    void emit("data-changed", { account_id: null });
    await until(() => !!$("offline-banner") && text("offline-banner").includes("Demo Ectosy"), "the offline banner");
    expect($$("offline-banner")).toHaveLength(1);
    expect(text("offline-banner")).toMatch(/^Demo hotel, Demo Reservanto, Demo Mobile Calendar, Demo Timekit, Demo Ectosy are offline since .+\. You are seeing saved data; actions need a connection\.$/);
    for (const a of backend.data.accounts) {
      a.status = "online";
      a.offline_since = null;
    }
    void emit("data-changed", { account_id: null });
    await until(() => !$("offline-banner"), "the banner to go");
  });

  it("asks the provider about a booking in doubt, and the banner goes once it is settled", async () => {
    const id = Number($("open-writes-banner")!.dataset.intentId);
    await click("open-writes-recheck");
    expect(sent("recheck_write").at(-1)).toEqual({ id });
    await until(() => !$("open-writes-banner"), "the banner to go");
  });

  it("says in the list that Ectosy's reservations are only those created here, and filters by account", async () => {
    const ectosy = accountOf("ectosy");
    expect($("reservations-created-here")!.dataset.accountId).toBe(String(ectosy.id));
    expect(text("reservations-created-here")).toBe(`Demo Ectosy: ${ectosy.capabilities.list_reservations.reason}`);
    const select = $<HTMLSelectElement>("filter-account")!;
    expect([...select.options].map((o) => o.textContent!.trim())).toContain("Demo Timekit (Timekit)");
    select.value = String(accountOf("timekit").id);
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => $$("reservation-row").length > 0 && !$("reservations-created-here"), "Timekit's reservations");
    expect(sent("list_reservations").at(-1)).toMatchObject({ query: { account_id: accountOf("timekit").id } });
    select.value = "";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
  });

  it("shows per provider the actions it supports and, visibly, why the others are missing", async () => {
    const expected: Record<ProviderKind, { buttons: string[]; missing: string[] }> = {
      mews: { buttons: ["confirm-button", "check-in-button", "check-out-button", "cancel-button"], missing: ["move", "edit-notes", "restore", "reject", "no-show", "delete"] },
      reservanto: { buttons: ["confirm-button", "check-in-button", "action-move", "action-reject", "action-no-show", "cancel-button"], missing: ["check-out", "edit-notes", "restore", "delete"] },
      "mobile-calendar": { buttons: ["check-in-button", "check-out-button", "action-move", "action-edit-notes", "action-restore", "cancel-button"], missing: ["confirm", "reject", "no-show", "delete"] },
      timekit: { buttons: ["confirm-button", "action-edit-notes", "action-reject", "cancel-button", "action-delete"], missing: ["check-in", "check-out", "move", "restore", "no-show"] },
      ectosy: { buttons: ["cancel-button"], missing: ["confirm", "check-in", "check-out", "move", "edit-notes", "restore", "reject", "no-show", "delete"] },
    };
    const capOf: Record<string, string> = { move: "move_dates", "edit-notes": "edit_notes", "no-show": "no_show", "check-in": "check_in", "check-out": "check_out" };
    for (const p of Object.keys(expected) as ProviderKind[]) {
      await detailOf(reservationOf(p, "confirmed").id);
      const shown = [...document.querySelectorAll<HTMLButtonElement>(".detail-actions button")].map((b) => b.dataset.testid);
      expect(shown, p).toEqual(expected[p].buttons);
      const items = [...document.querySelectorAll<HTMLElement>('[data-testid="actions-unavailable"] li')];
      expect(items.map((li) => li.dataset.testid), p).toEqual(expected[p].missing.map((m) => `action-unavailable-${m}`));
      const caps = accountOf(p).capabilities as unknown as Record<string, { reason?: string }>;
      for (const m of expected[p].missing) {
        // The reason is text on the page (not a tooltip): screen readers and screenshots show it.
        expect(text(`action-unavailable-${m}`), `${p} ${m}`).toContain(caps[capOf[m] ?? m]!.reason!);
      }
      expect($("detail-provider")!.dataset.provider).toBe(p);
    }
  });

  it("shows a group reservation's further rooms", async () => {
    const r = backend.data.reservations.find((x) => x.additional_room_names.length > 0)!;
    await detailOf(r.id);
    expect(text("detail-additional-rooms")).toBe(r.additional_room_names.join(", "));
  });

  it("asks before cancelling; on Reservanto's late-cancellation rule shows its message and cancels only on the explicit choice", async () => {
    const today = todayIn("Europe/Prague");
    const r = reservationOf("reservanto", "confirmed", (a) => a === addDays(today, 1));
    await detailOf(r.id);
    await click("cancel-button");
    await type("cancel-reason", "Guest is ill");
    await click("confirm-cancel-button");
    await until(() => !!$("late-cancel-message"), "the late-cancellation message");
    expect(text("late-cancel-message")).toContain("late-cancellation rule in Reservanto does not allow cancelling this booking");
    expect($("confirm-cancel-button")).toBeNull();
    expect(r.state).toBe("confirmed");
    expect(sent("cancel_reservation").at(-1)).toEqual({ id: r.id, reason: "Guest is ill" });
    await click("late-cancel-override");
    await until(() => $("detail-state")?.dataset.state === "cancelled", "the cancelled state");
    expect(sent("cancel_reservation").at(-1)).toEqual({ id: r.id, reason: "Guest is ill", overrideLate: true });
    expect($("cancel-dialog")).toBeNull();
  });

  it("moves a stay: the client's and the shell's field errors beside the inputs, then the new dates", async () => {
    const r = reservationOf("reservanto", "confirmed", (a) => a > addDays(todayIn("Europe/Prague"), 5));
    await detailOf(r.id);
    expect($("move-room")).toBeNull();
    await click("action-move");
    expect($("move-dialog")).not.toBeNull();
    expect(text("move-room-unavailable")).toContain("moves a booking in time only");
    expect($<HTMLInputElement>("move-arrival")!.value).toBe(r.arrival);
    await type("move-departure", r.arrival);
    await click("move-save");
    const clientErr = document.querySelector<HTMLElement>('[data-testid="move-dialog"] [data-testid="field-error"]')!;
    expect(clientErr.dataset.field).toBe("departure");
    expect(sent("act_on_reservation").filter((a) => (a.action as { kind: string }).kind === "move")).toHaveLength(0);

    await type("move-departure", r.departure); // the same dates: the shell refuses at the arrival
    await click("move-save");
    await until(() => !!document.querySelector('[data-testid="move-dialog"] [data-field="arrival"]'), "the shell's field error");
    expect(document.querySelector('[data-testid="move-dialog"] [data-field="arrival"]')!.textContent).toContain("These are the reservation's dates already.");

    const arrival = addDays(todayIn("Europe/Prague"), 150);
    await type("move-arrival", arrival);
    await type("move-departure", addDays(arrival, 3));
    await click("move-save");
    await until(() => !$("move-dialog"), "the dialog to close");
    expect(r.arrival).toBe(arrival);
    expect(sent("act_on_reservation").at(-1)).toEqual({ id: r.id, action: { kind: "move", arrival, departure: addDays(arrival, 3) } });
  });

  it("offers the account's rooms when moving a Mobile Calendar reservation", async () => {
    const r = reservationOf("mobile-calendar", "confirmed");
    await detailOf(r.id);
    await click("action-move");
    await until(() => !!$("move-room") && !$<HTMLSelectElement>("move-room")!.disabled, "the rooms");
    const options = [...$<HTMLSelectElement>("move-room")!.options].map((o) => o.textContent!.trim());
    const rooms = backend.data.rooms.filter((x) => x.account_id === r.account_id).map((x) => x.name);
    expect(options.slice(1)).toEqual(rooms);
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await settle();
  });

  it("restores a cancelled reservation right from the activity log", async () => {
    const r = reservationOf("mobile-calendar", "cancelled");
    location.hash = "#/activity";
    await until(() => $$("activity-restore").some((b) => b.dataset.reservationId === String(r.id)), "the restore button");
    // Only where the provider can restore: never on a Mews cancellation.
    const mewsIds = new Set(backend.data.reservations.filter((x) => x.provider === "mews").map((x) => String(x.id)));
    expect($$("activity-restore").some((b) => mewsIds.has(b.dataset.reservationId!))).toBe(false);
    $$("activity-restore").find((b) => b.dataset.reservationId === String(r.id))!.click();
    await until(() => r.state === "confirmed", "the restore");
    expect(sent("act_on_reservation").at(-1)).toEqual({ id: r.id, action: { kind: "restore" } });
    await until(() => !$$("activity-restore").some((b) => b.dataset.reservationId === String(r.id)), "the button to go");
  });

  it("deletes a finished Timekit booking after confirmation and goes back to the list", async () => {
    const r = reservationOf("timekit", "checked_out");
    await detailOf(r.id);
    await click("action-delete");
    expect(text("confirm-dialog")).toContain("removed from Timekit and from Innkeep for good");
    await click("confirm-dialog-ok");
    await until(() => location.hash === "#/reservations", "the list");
    expect(backend.data.reservations.some((x) => x.id === r.id)).toBe(false);
  });

  it("edits a Reservanto guest with errors beside the fields; a Mews guest shows why not", async () => {
    const g = backend.data.guests.find((x) => x.account_id === accountOf("reservanto").id)!;
    location.hash = `#/guests/${g.id}`;
    await until(() => !!$("guest-edit"), "the edit button");
    await click("guest-edit");
    expect($<HTMLInputElement>("guest-edit-last-name")!.value).toBe(g.last_name);
    await type("guest-edit-last-name", "");
    await type("guest-edit-email", "not-an-email");
    await click("guest-edit-save");
    const errs = [...document.querySelectorAll<HTMLElement>('[data-testid="guest-edit-form"] [data-testid="field-error"]')];
    expect(errs.map((e) => e.dataset.field)).toEqual(["last_name", "email"]);
    expect(sent("edit_guest")).toHaveLength(0);
    await type("guest-edit-last-name", "Nová");
    await type("guest-edit-email", "jana.nova@example.cz");
    await click("guest-edit-save");
    await until(() => !$("guest-edit-form"), "the form to close");
    expect(sent("edit_guest").at(-1)).toEqual({ id: g.id, edit: { last_name: "Nová", email: "jana.nova@example.cz" } });
    expect(g.last_name).toBe("Nová");

    const m = backend.data.guests.find((x) => x.account_id === accountOf("mews").id)!;
    location.hash = `#/guests/${m.id}`;
    await until(() => $("guest-detail")?.dataset.guestId === String(m.id) && !!$("guest-edit"), "the Mews guest");
    expect($<HTMLButtonElement>("guest-edit")!.disabled).toBe(true);
    expect(text("guest-edit-unavailable")).toBe(accountOf("mews").capabilities.edit_guest.reason);
  });

  it("books a Timekit group: more rooms of the category and more guests; no price, and says why", async () => {
    const a = accountOf("timekit");
    location.hash = "#/new-booking";
    await until(() => !!$("booking-account"), "the form");
    const acc = $<HTMLSelectElement>("booking-account")!;
    acc.value = String(a.id);
    acc.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => !!$("booking-category") && !$<HTMLSelectElement>("booking-category")!.disabled, "categories");
    const cat = backend.data.categories.find((c) => c.account_id === a.id)!;
    const rooms = backend.data.rooms.filter((r) => r.category_id === cat.id);
    const category = $<HTMLSelectElement>("booking-category")!;
    category.value = String(cat.id);
    category.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    const arrival = addDays(todayIn("Europe/Prague"), 90);
    await type("booking-arrival", arrival);
    await type("booking-departure", addDays(arrival, 2));
    await click("guest-mode-new");
    await type("guest-last-name", "Jónsdóttir");
    await click("booking-add-room");
    await click("booking-add-guest");
    await click("booking-submit"); // the added room is not chosen, the added guest has no name
    const fields = $$("field-error").map((e) => e.dataset.field);
    expect(fields).toEqual(["additional_room_ids", "additional_guests"]);
    const extra = $<HTMLSelectElement>("booking-extra-room")!;
    extra.value = String(rooms[1]!.id);
    extra.dispatchEvent(new Event("change", { bubbles: true }));
    await type("booking-extra-first-name", "Anna");
    await type("booking-extra-last-name", "Jónsdóttir");
    await until(() => !!$("booking-quote"), "the quote");
    expect($("booking-quote")!.dataset.priced).toBe("false");
    expect(text("booking-quote")).toBe("No price from Timekit");
    expect(text("booking-no-price-reason")).toBe(a.capabilities.quote_price.reason);
    await click("booking-submit");
    await until(() => location.hash.startsWith("#/reservations/"), "the new reservation");
    expect(sent("create_booking").at(-1)).toMatchObject({
      draft: { account_id: a.id, additional_room_ids: [rooms[1]!.id], additional_guests: [{ first_name: "Anna", last_name: "Jónsdóttir" }] },
    });
    await until(() => !!$("detail-additional-rooms"), "the group's rooms");
    expect(text("detail-additional-rooms")).toBe(rooms[1]!.name);
  });

  it("skips the quote for Ectosy and says why, and that only bookings made here show", async () => {
    const a = accountOf("ectosy");
    location.hash = "#/new-booking";
    await until(() => !!$("booking-account"), "the form");
    const acc = $<HTMLSelectElement>("booking-account")!;
    acc.value = String(a.id);
    acc.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(text("booking-quote-unavailable")).toContain("Ectosy can't tell the price or the free rooms before booking:");
    expect(text("booking-quote-unavailable")).toContain(a.capabilities.availability.reason!);
    expect(text("booking-created-here")).toBe(`Demo Ectosy: ${a.capabilities.list_reservations.reason}`);
    expect($("booking-add-room")).not.toBeNull(); // Ectosy books groups
    // Reservanto does not: the reason instead of the buttons.
    acc.value = String(accountOf("reservanto").id);
    acc.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect($("booking-add-room")).toBeNull();
    expect(text("booking-group-unavailable")).toBe("Reservanto books one resource per booking.");
  });

  it("adds an account of any provider with its own credential fields and hint, and sums up what it can do", async () => {
    location.hash = "#/accounts";
    await until(() => $$("account-row").length === 5, "the accounts");
    expect($$("account-provider-name").map((e) => e.dataset.provider)).toEqual(["mews", "reservanto", "mobile-calendar", "timekit", "ectosy"]);
    const ectosyRow = $$("account-row").find((r) => r.dataset.accountId === String(accountOf("ectosy").id))!;
    expect(ectosyRow.querySelector('[data-testid="account-can"]')!.textContent).toBe("Create bookings, Cancel reservations, Edit guests, Group bookings");
    expect(ectosyRow.querySelector('[data-testid="capability-list_reservations"]')!.textContent).toContain(
      accountOf("ectosy").capabilities.list_reservations.reason!,
    );

    await click("add-account-button");
    const provider = $<HTMLSelectElement>("account-provider")!;
    expect([...provider.options].map((o) => o.textContent!.trim())).toEqual(["Mews", "Reservanto", "Mobile Calendar", "Timekit", "Ectosy"]);
    const choose = async (p: string) => {
      provider.value = p;
      provider.dispatchEvent(new Event("change", { bubbles: true }));
      await settle();
    };
    await choose("mobile-calendar");
    expect($("credential-client_id")).not.toBeNull();
    expect($<HTMLInputElement>("credential-client_secret")!.type).toBe("password");
    expect(text("credential-hint")).toContain("Integrations → REST API → API account");
    await choose("ectosy");
    expect(text("credential-hint")).toContain("Options menu (≡) → Keys");
    await choose("reservanto");
    expect(text("credential-hint")).toContain("long-term token Reservanto's consent page returns");
    expect($("credential-client_id")).toBeNull();
    await type("account-label", "Penzion Na Kopci");
    await type("account-base-url", "https://api.reservanto.cz");
    await type("credential-long_time_token", "ltt-secret-1");
    await click("save-account-button");
    await until(() => $$("account-row").length === 6, "the new account");
    expect(sent("add_account").at(-1)).toEqual({
      account: { provider: "reservanto", label: "Penzion Na Kopci", base_url: "https://api.reservanto.cz", credentials: { long_time_token: "ltt-secret-1" } },
    });
    expect(backend.data.accounts.at(-1)!.capabilities).toEqual(accountOf("reservanto").capabilities);
    expect(document.body.innerHTML).not.toContain("ltt-secret-1");
  });

  it("replaces a connected account's credentials: provider, name and address fixed; refused ones said; data kept", async () => {
    location.hash = "#/accounts";
    await until(() => $$("account-row").length === 6, "the accounts");
    const added = backend.data.accounts.at(-1)!;
    const rowOf = (id: number) => $$("account-row").find((r) => r.dataset.accountId === String(id))!;
    // Demo accounts keep the sandbox's credentials: no button on them.
    expect(rowOf(accountOf("mews").id).querySelector('[data-testid="account-replace-credentials"]')).toBeNull();
    // A refused token puts the account in "auth_failed": the button becomes the primary action.
    added.status = "auth_failed";
    rowOf(added.id).querySelector<HTMLButtonElement>('[data-testid="account-sync"]')!.click();
    await until(() => rowOf(added.id)?.dataset.status === "auth_failed", "the refused account");
    const button = rowOf(added.id).querySelector<HTMLButtonElement>('[data-testid="account-replace-credentials"]')!;
    expect(button.className).toContain("btn-primary");
    button.click();
    await settle();
    expect($("account-form")!.dataset.mode).toBe("replace");
    expect(text("account-form")).toContain("New credentials for Penzion Na Kopci");
    expect($<HTMLSelectElement>("account-provider")!.disabled).toBe(true);
    expect($<HTMLInputElement>("account-label")!.readOnly).toBe(true);
    expect($<HTMLInputElement>("account-base-url")!.value).toBe("https://api.reservanto.cz");
    expect($<HTMLInputElement>("credential-long_time_token")!.value).toBe("");
    const reservations = backend.data.reservations.filter((r) => r.account_id === added.id).length;

    await type("credential-long_time_token", "bad");
    await click("save-account-button");
    await until(() => $("error-message") !== null, "the refusal");
    expect($("error-message")!.dataset.kind).toBe("auth");
    expect(added.status).toBe("auth_failed");

    await type("credential-long_time_token", "ltt-secret-2");
    await click("save-account-button");
    await until(() => $("account-form") === null, "the form to close");
    expect(sent("replace_credentials").at(-1)).toEqual({ accountId: added.id, credentials: { long_time_token: "ltt-secret-2" } });
    expect($$("info-toast").map((x) => x.textContent).join(" ")).toContain("New credentials saved for Penzion Na Kopci");
    await until(() => rowOf(added.id)?.dataset.status === "online", "the account back online");
    expect(backend.data.reservations.filter((r) => r.account_id === added.id).length).toBeGreaterThanOrEqual(reservations);
    expect(document.body.innerHTML).not.toContain("ltt-secret-2");
    // The next "Add account" is a new account again, not the replacement.
    await click("add-account-button");
    expect($("account-form")!.dataset.mode).toBe("add");
    expect($<HTMLInputElement>("account-label")!.value).toBe("");
    expect($<HTMLSelectElement>("account-provider")!.disabled).toBe(false);
  });
});
