// @vitest-environment happy-dom
// The search box, the command palette, the shortcuts and the help dialog in the whole UI against
// the mocked backend, driven by the keyboard as a person without a mouse would.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { MockBackend } from "../src/mock/backend";
import { EXPORT_EVENT } from "../src/actions";
import { until, wait } from "./support";

let backend: MockBackend;
const sent: string[] = [];
const $ = <T extends HTMLElement = HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`);
const $$ = (testid: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)];

function key(k: string, init: KeyboardEventInit = {}, target: EventTarget = document.activeElement ?? document.body): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init }));
}

function typeInto(el: HTMLInputElement, value: string): void {
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

const active = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"][aria-selected="true"]`);

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 0, providers: ["mews"] });
  mockIPC(
    async (cmd, args) => {
      sent.push(cmd);
      return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  const { boot } = await import("../src/app");
  await boot(document.getElementById("app")!);
  await until(() => $$("reservation-row").length > 0, "reservations");
});

afterAll(async () => {
  // Let the debounced searches and the sync started above finish before the backend goes.
  await wait(500);
  clearMocks();
});

describe("the search box", () => {
  it("finds a reservation by its number and opens it with the arrows and Enter", async () => {
    const target = backend.data.reservations.find((r) => r.number)!;
    const box = $<HTMLInputElement>("global-search")!;
    typeInto(box, target.number!);
    await until(() => $$("global-search-item").some((x) => x.dataset.kind === "reservation" && x.dataset.id === String(target.id)), "the reservation");
    expect(box.getAttribute("aria-expanded")).toBe("true");
    expect(sent).toContain("search_everything");
    // Arrow down to it; the box names the active option for screen readers.
    for (let i = 0; i < 20 && active("global-search-item")?.dataset.id !== String(target.id); i++) {
      key("ArrowDown", {}, box);
      await wait(0);
    }
    expect(active("global-search-item")?.dataset.kind).toBe("reservation");
    expect(box.getAttribute("aria-activedescendant")).toBe(active("global-search-item")!.id);
    key("Enter", {}, box);
    await until(() => $("reservation-detail")?.dataset.reservationId === String(target.id), "the reservation's detail");
    expect($("global-search-results")).toBeNull();
  });

  it("finds a guest by parts of the name in any order; Escape closes, a second Escape clears", async () => {
    const box = $<HTMLInputElement>("global-search")!;
    typeInto(box, "nov an");
    await until(() => $$("global-search-item").some((x) => x.dataset.kind === "guest" && x.textContent!.includes("Nováková")), "the guest");
    key("Escape", {}, box);
    await wait(0);
    expect($("global-search-results")).toBeNull();
    expect(box.value).toBe("nov an");
    key("Escape", {}, box);
    await wait(0);
    expect(box.value).toBe("");
  });

  it("says when nothing is found, also for text that looks like search syntax", async () => {
    const box = $<HTMLInputElement>("global-search")!;
    typeInto(box, '"(*-: OR');
    await until(() => $("global-search-empty") !== null, "nothing found");
    key("Escape", {}, box);
    key("Escape", {}, box);
    box.blur();
  });
});

describe("the command palette", () => {
  it("opens with Ctrl+K, filters, runs with Enter and gives the focus back", async () => {
    key("k", { ctrlKey: true }, document.body);
    await until(() => $("command-palette") !== null, "the palette");
    await until(() => document.activeElement === $("command-palette-input"), "focus in the palette");
    expect(document.querySelector(".app")!.hasAttribute("inert")).toBe(true);
    // Every entry shows its keys.
    const guests = $$("command-palette-item").find((x) => x.dataset.action === "go-guests")!;
    expect(guests.querySelectorAll("kbd")).toHaveLength(2);
    typeInto($<HTMLInputElement>("command-palette-input")!, "guests");
    await wait(0);
    expect($$("command-palette-item")[0]!.dataset.action).toBe("go-guests");
    key("Enter", {}, $("command-palette-input")!);
    await until(() => location.hash === "#/guests", "the guests screen");
    expect($("command-palette")).toBeNull();
    expect(document.querySelector(".app")!.hasAttribute("inert")).toBe(false);
  });

  it("lists guests and reservations once text is typed, and Escape closes it", async () => {
    key("k", { ctrlKey: true }, document.body);
    await until(() => $("command-palette-input") !== null, "the palette");
    typeInto($<HTMLInputElement>("command-palette-input")!, "nov an");
    await until(() => $$("command-palette-item").some((x) => x.dataset.kind === "guest"), "a guest in the palette");
    const input = $("command-palette-input")!;
    for (let i = 0; i < 20 && active("command-palette-item")?.dataset.kind !== "guest"; i++) {
      key("ArrowDown", {}, input);
      await wait(0);
    }
    const id = active("command-palette-item")!.dataset.id;
    key("Enter", {}, input);
    await until(() => location.hash === `#/guests/${id}`, "the guest's page");
    // Opened from the search box, Escape closes it and gives the focus back there.
    const box = $<HTMLInputElement>("global-search")!;
    box.focus();
    key("k", { ctrlKey: true }, box);
    await until(() => document.activeElement === $("command-palette-input"), "focus in the palette");
    key("Escape", {}, $("command-palette-input")!);
    await until(() => $("command-palette") === null, "closed");
    await until(() => document.activeElement === box, "the focus back in the search box");
    box.blur();
    // Ctrl+K also closes it.
    key("k", { ctrlKey: true }, document.body);
    await until(() => $("command-palette") !== null, "the palette again");
    key("k", { ctrlKey: true }, $("command-palette-input")!);
    await until(() => $("command-palette") === null, "closed by Ctrl+K");
  });

  it("sends the export event for the export helper", async () => {
    let exports = 0;
    window.addEventListener(EXPORT_EVENT, () => exports++);
    key("k", { ctrlKey: true }, document.body);
    await until(() => $("command-palette-input") !== null, "the palette");
    typeInto($<HTMLInputElement>("command-palette-input")!, "export");
    await wait(0);
    key("Enter", {}, $("command-palette-input")!);
    await until(() => exports === 1, "the export event");
    // The export dialog answers the event; shortcuts wait while a dialog is open.
    await until(() => $("export-dialog") !== null, "the export dialog");
    key("Escape", {}, document.body);
    await until(() => $("export-dialog") === null, "the export dialog closed");
    key("e", { ctrlKey: true }, document.body);
    expect(exports).toBe(2);
    await until(() => $("export-dialog") !== null, "the export dialog again");
    key("Escape", {}, document.body);
    await until(() => $("export-dialog") === null, "the export dialog closed again");
  });
});

describe("shortcuts", () => {
  it("go to screens with G and a letter, and N opens a new booking", async () => {
    document.body.focus();
    key("g", {}, document.body);
    key("a", {}, document.body);
    await until(() => location.hash === "#/accounts", "accounts");
    key("g", {}, document.body);
    key("r", {}, document.body);
    await until(() => location.hash === "#/reservations", "reservations");
    key("n", {}, document.body);
    await until(() => location.hash === "#/new-booking", "the booking form");
  });

  it("never fire while typing in a field", async () => {
    await until(() => $("reservations-search") !== null || location.hash === "#/new-booking", "a screen");
    const box = $<HTMLInputElement>("global-search")!;
    box.focus();
    key("g", {}, box);
    key("s", {}, box);
    key("n", {}, box);
    await wait(20);
    expect(location.hash).toBe("#/new-booking");
    box.blur();
  });

  it("/ focuses the search box; Ctrl+R syncs instead of reloading", async () => {
    key("/", {}, document.body);
    expect(document.activeElement).toBe($("global-search"));
    $<HTMLInputElement>("global-search")!.blur();
    const before = sent.filter((c) => c === "sync_now").length;
    const e = new KeyboardEvent("keydown", { key: "r", ctrlKey: true, bubbles: true, cancelable: true });
    document.body.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
    await until(() => sent.filter((c) => c === "sync_now").length === before + 1, "a sync");
  });

  it("? shows every shortcut in a dialog that Escape closes", async () => {
    key("?", { shiftKey: true }, document.body);
    await until(() => $("shortcuts-help") !== null, "the help");
    const rows = $$("shortcut-row").map((r) => r.dataset.action);
    expect(rows).toEqual(expect.arrayContaining(["palette", "search", "new-booking", "sync", "export", "go-guests", "go-settings"]));
    key("Escape", {}, $("shortcuts-help")!);
    await until(() => $("shortcuts-help") === null, "closed");
  });
});

describe("a guest's page", () => {
  it("shows the stay history", async () => {
    const guest = backend.data.guests.find((g) => g.reservation_count >= 2)!;
    location.hash = `#/guests/${guest.id}`;
    await until(() => $("guest-stays") !== null, "the stay history");
    const stays = $("guest-stays")!;
    const own = backend.data.reservations.filter((r) => r.guest_id === guest.id && !["cancelled", "declined", "no_show"].includes(r.state));
    expect(Number(stays.dataset.stays)).toBe(own.length);
    expect(Number(stays.dataset.nights)).toBeGreaterThanOrEqual(own.length);
    expect($("guest-last-stay")!.textContent!.trim().length + $("guest-next-stay")!.textContent!.trim().length).toBeGreaterThan(2);
  });
});
