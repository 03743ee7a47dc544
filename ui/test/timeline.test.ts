// @vitest-environment happy-dom
// The timeline's geometry, the mock backend's overbookings (kept in step with the shell's), and
// the timeline and Today screens against the mocked backend: a click on a free night opens the
// booking form on that room and night, a drag books several nights, linking shows a warning.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Timeline } from "../src/bindings/Timeline";
import type { TimelineBar } from "../src/bindings/TimelineBar";
import type { TimelineRoom } from "../src/bindings/TimelineRoom";
import { addDays, todayIn } from "../src/dates";
import { MockBackend } from "../src/mock/backend";
import { overbookings } from "../src/mock/desk";
import { barSpan, HEAD_HEIGHT, LABEL_WIDTH, layout, NIGHT_WIDTH, ROW_HEIGHT, roomTaken, visible } from "../src/views/timeline-layout";
import { until } from "./support";

const room = (id: number, account_id: number, category_name: string | null, link_group: number | null = null): TimelineRoom => ({
  id,
  account_id,
  account_label: `A${account_id}`,
  provider: "mews",
  name: `R${id}`,
  category_id: null,
  category_name,
  link_group,
});
const bar = (reservation_id: number, account_id: number, room_id: number | null, arrival: string, departure: string): TimelineBar => ({
  reservation_id,
  account_id,
  room_id,
  arrival,
  departure,
  state: "confirmed",
  guest_name: `G${reservation_id}`,
  number: null,
});

describe("timeline layout", () => {
  const t: Timeline = {
    from: "2026-12-01",
    to: "2026-12-31",
    rooms: [room(1, 1, "Double"), room(2, 1, "Double"), room(3, 1, "Single"), room(9, 2, null)],
    bars: [bar(10, 1, 1, "2026-11-28", "2026-12-03"), bar(11, 1, null, "2026-12-05", "2026-12-06")],
    overbookings: [],
  };

  it("groups rooms by account and category, with an unassigned row where stays lack a room", () => {
    const lay = layout(t);
    expect(lay.rows.map((r) => (r.kind === "room" ? `room ${r.room.id}` : r.kind === "unassigned" ? "unassigned" : `${r.kind} ${r.label}`))).toEqual([
      "account A1",
      "category Double",
      "room 1",
      "room 2",
      "category Single",
      "room 3",
      "unassigned",
      "account A2",
      "room 9",
    ]);
    expect(lay.nights).toBe(30);
    expect(lay.bars.get("room:1")?.map((b) => b.reservation_id)).toEqual([10]);
  });

  it("clips bars to the range and knows which nights are taken", () => {
    expect(barSpan(t.bars[0]!, t.from, 30)).toEqual({ start: 0, length: 2 });
    expect(barSpan(bar(1, 1, 1, "2026-12-30", "2027-01-04"), t.from, 30)).toEqual({ start: 29, length: 1 });
    expect(barSpan(bar(1, 1, 1, "2027-01-01", "2027-01-04"), t.from, 30)).toBeNull();
    expect(roomTaken([t.bars[0]!], t.from, 1, 1)).toBe(true);
    expect(roomTaken([t.bars[0]!], t.from, 2, 5), "the departure night is free").toBe(false);
  });

  it("renders only what is in view, with a little overscan", () => {
    expect(visible(0, 300, 30, 300)).toEqual([0, 13]);
    expect(visible(3000, 300, 30, 300)).toEqual([97, 113]);
    expect(visible(9000, 300, 30, 300)).toEqual([297, 300]);
    // 300 rooms x 365 nights: whatever the scroll, a frame draws a screenful, not the grid.
    const [r0, r1] = visible(4500, 700, ROW_HEIGHT, 300);
    const [n0, n1] = visible(8000, 1100, NIGHT_WIDTH.day, 365, 6);
    expect((r1 - r0) * (n1 - n0)).toBeLessThan(40 * 40);
  });

  it("works out each bar's nights and each room's taken nights once, when the data comes", () => {
    const lay = layout(t);
    // Arrives three nights before the range: the span is not clipped, the taken nights are.
    expect(lay.spans.get("room:1")).toEqual([{ start: -3, end: 2 }]);
    expect([...lay.taken.get("room:1")!.slice(0, 4)]).toEqual([1, 1, 0, 0]);
    expect(lay.taken.get("room:2"), "a room without stays has nothing taken").toBeUndefined();
    expect([...lay.taken.get("unassigned:1")!.slice(3, 6)]).toEqual([0, 1, 0]);
  });

  it("fits the whole loaded year beside the room names at the year zoom", () => {
    // 380 nights at 2 px plus the labels: within the scroller of the app's 1,280-pixel window
    // (about 1,030 pixels beside the sidebar).
    expect(LABEL_WIDTH + 380 * NIGHT_WIDTH.year).toBeLessThanOrEqual(1030);
    expect(visible(0, 840, NIGHT_WIDTH.year, 380, 6)).toEqual([0, 380]);
  });

  it("finds the same overbookings as the shell: same room, linked rooms, not back-to-back stays", () => {
    const rooms = [room(1, 1, null, 7), room(5, 2, null, 7), room(2, 1, null)];
    const bars = [
      bar(10, 1, 1, "2026-12-01", "2026-12-04"),
      bar(11, 2, 5, "2026-12-03", "2026-12-05"),
      bar(12, 1, 2, "2026-12-01", "2026-12-03"),
      bar(13, 1, 2, "2026-12-03", "2026-12-04"),
    ];
    const found = overbookings(rooms, bars, "2026-12-01", "2026-12-31");
    expect(found).toEqual([
      { room_ids: [1, 5], reservation_ids: [10, 11], first_night: "2026-12-03", last_night: "2026-12-03", across_accounts: true },
    ]);
  });
});

describe("the timeline and Today screens against the mocked backend", () => {
  let backend: MockBackend;
  const $ = <T extends HTMLElement = HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`);
  const $$ = (testid: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)];
  /** A mouse event at the centre of a night of a row, in the scroller's coordinates. */
  function at(kind: string, row: number, night: number): MouseEvent {
    const scroller = $("timeline")!;
    return new MouseEvent(kind, {
      bubbles: true,
      button: 0,
      clientX: LABEL_WIDTH + night * NIGHT_WIDTH.day - scroller.scrollLeft + 5,
      clientY: HEAD_HEIGHT + row * ROW_HEIGHT + 5,
    });
  }

  beforeAll(async () => {
    document.body.innerHTML = '<div id="app"></div>';
    backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 0, providers: ["mews", "reservanto"] });
    mockIPC(async (cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
    const { boot } = await import("../src/app");
    await boot(document.getElementById("app")!);
    location.hash = "#/timeline";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await until(() => $("timeline") !== null, "the timeline");
    giveSize();
  });

  /** happy-dom lays nothing out: the scroller gets a window-sized viewport by hand. */
  function giveSize(): void {
    const scroller = $("timeline")!;
    Object.defineProperty(scroller, "clientHeight", { configurable: true, value: 600 });
    Object.defineProperty(scroller, "clientWidth", { configurable: true, value: 1000 });
    scroller.dispatchEvent(new Event("scroll"));
  }

  afterAll(() => clearMocks());

  it("draws rooms of both accounts and their stays, today marked", async () => {
    await until(() => $$("timeline-room").length > 0, "room rows");
    expect($$("timeline-bar").length).toBeGreaterThan(0);
    expect($("timeline-today")).not.toBeNull();
  });

  it("books a dragged range of free nights on that room", async () => {
    const scroller = $("timeline")!;
    // Row 2 is the first room of the first account (after its account and category rows).
    const timeline = await backend.handle("get_timeline", { from: addDays(todayIn(), -14), to: addDays(todayIn(), 366) });
    const t = timeline as Timeline;
    const lay = layout(t);
    const rowIndex = lay.rows.findIndex((r) => r.kind === "room");
    const r = lay.rows[rowIndex]!;
    if (r.kind !== "room") throw new Error("no room");
    // Three free nights in a row, from a week on.
    let first = 21;
    while (roomTaken(lay.bars.get(`room:${r.room.id}`), t.from, first, first + 2)) first++;
    scroller.dispatchEvent(at("mousedown", rowIndex, first));
    window.dispatchEvent(at("mousemove", rowIndex, first + 2));
    await until(() => $("timeline-selection") !== null, "the selection");
    window.dispatchEvent(at("mouseup", rowIndex, first + 2));
    await until(() => $("booking-arrival") !== null, "the booking form");
    expect($<HTMLInputElement>("booking-arrival")!.value).toBe(addDays(t.from, first));
    expect($<HTMLInputElement>("booking-departure")!.value).toBe(addDays(t.from, first + 3));
    await until(() => $<HTMLSelectElement>("booking-room")?.value === String(r.room.id), "the room chosen");
    expect($<HTMLSelectElement>("booking-account")!.value).toBe(String(r.room.account_id));
  });

  it("links a room with another account's room and warns of the clashes that makes", async () => {
    location.hash = "#/timeline";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await until(() => $("timeline") !== null, "the timeline");
    giveSize();
    await until(() => $$("timeline-room").length > 0, "room rows");
    const t = (await backend.handle("get_timeline", { from: addDays(todayIn(), -14), to: addDays(todayIn(), 366) })) as Timeline;
    // Two rooms of the two accounts that are both booked on some shared upcoming night.
    const today = todayIn();
    let pair: [number, number] | null = null;
    for (const a of t.bars.filter((b) => b.account_id === t.rooms[0]!.account_id && b.departure > today && b.room_id !== null))
      for (const b of t.bars.filter((x) => x.account_id !== a.account_id && x.room_id !== null))
        if (a.arrival < b.departure && b.arrival < a.departure && b.departure > today) pair ??= [a.room_id!, b.room_id!];
    expect(pair).not.toBeNull();
    await backend.handle("link_rooms", { roomIds: pair });
    const { cache } = await import("../src/api");
    cache.invalidate();
    // The mock hotel's own seed already double-books a room; the link adds clashes across accounts.
    await until(() => ($("overbooking-warning")?.textContent ?? "").includes("are the same room"), "the linked rooms' overbooking");
    expect(Number($("overbooking-warning")!.dataset.count)).toBeGreaterThan(1);

    location.hash = "#/today";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await until(() => $$("today-occupancy-night").length === 15, "the fortnight's occupancy");
    expect($("today-overbooking")).not.toBeNull();
    for (const n of $$("today-occupancy-night")) {
      expect(Number(n.dataset.occupied)).toBeLessThanOrEqual(Number(n.dataset.rooms));
    }
  });

  it("offers another account's guest in the booking form and copies them into a new guest", async () => {
    const accounts = (await backend.handle("list_accounts")) as { id: number; provider: string }[];
    const reservanto = accounts.find((a) => a.provider === "reservanto")!;
    const mews = accounts.find((a) => a.provider === "mews")!;
    const mewsGuest = ((await backend.handle("list_guests", {})) as { account_id: number; last_name: string; email: string | null }[]).find(
      (g) => g.account_id === mews.id,
    )!;
    location.hash = "#/new-booking";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await until(() => $("booking-account") !== null, "the booking form");
    const select = $<HTMLSelectElement>("booking-account")!;
    select.value = String(reservanto.id);
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => $("guest-mode-existing") !== null, "the guest choice");
    $<HTMLInputElement>("guest-mode-existing")!.click();
    await until(() => $("guest-search") !== null, "the guest search");
    const search = $<HTMLInputElement>("guest-search")!;
    search.value = mewsGuest.last_name;
    search.dispatchEvent(new Event("input", { bubbles: true }));
    const option = () => $$("guest-option").find((o) => o.dataset.accountId === String(mews.id));
    await until(() => option() !== undefined, "the Mews guest among the options");
    option()!.click();
    await until(() => $("guest-copied") !== null, "the copied note");
    expect($<HTMLInputElement>("guest-last-name")!.value).toBe(mewsGuest.last_name);
    expect($<HTMLInputElement>("guest-email")!.value).toBe(mewsGuest.email ?? "");
  });
  it("shows the whole year at the year zoom: every stay of the rooms in view, months by short name", async () => {
    location.hash = "#/timeline";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await until(() => $("timeline") !== null, "the timeline");
    giveSize();
    await until(() => $$("timeline-bar").length > 0, "stays");
    const zoom = $<HTMLSelectElement>("timeline-zoom")!;
    zoom.value = "year";
    zoom.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => $("timeline")!.classList.contains("tl-zoom-year"), "the year zoom");
    $("timeline")!.scrollLeft = 0;
    $("timeline")!.dispatchEvent(new Event("scroll"));
    // 2 px a night: stays two months on are in view, not only the 20-odd nights the day zoom shows.
    // 2 px a night: every stay of the rooms in view lies within the year's 760 pixels.
    await until(() => $$("timeline-bar").length > 0, "stays", 2000);
    for (const b of $$("timeline-bar")) expect(parseFloat(b.style.left)).toBeLessThan(LABEL_WIDTH + 380 * NIGHT_WIDTH.year);
    expect($$("timeline-cell"), "no free-night cells at 2 px").toHaveLength(0);
    const months = [...document.querySelectorAll(".tl-month")].map((m) => m.textContent!.trim());
    expect(months.length).toBeGreaterThanOrEqual(12);
    // The year is named at the left edge and in January only.
    expect(months[0]).toMatch(/\d{4}/);
    expect(months.slice(1).filter((m) => /\d{4}/.test(m))).toEqual([expect.stringMatching(/^Jan/)]);
    zoom.value = "day";
    zoom.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => $("timeline")!.classList.contains("tl-zoom-day"), "the day zoom again");
  });

  it("draws a booking kept offline as a dashed bar on its room, and a waiting cancel as a mark on its stay", async () => {
    location.hash = "#/timeline";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await until(() => $("timeline") !== null, "the timeline");
    giveSize();
    await until(() => $$("timeline-bar").length > 0, "the stays");
    // A stay in view that can still be cancelled.
    const shown = $$("timeline-bar")
      .map((el) => backend.data.reservations.find((r) => r.id === Number(el.dataset.reservationId))!)
      .find((r) => ["confirmed", "optional"].includes(r.state))!;
    expect(shown).toBeDefined();
    const account = backend.data.accounts.find((a) => a.id === shown.account_id)!;
    const t = (await backend.handle("get_timeline", { from: addDays(todayIn(), -14), to: addDays(todayIn(), 366) })) as Timeline;
    const lay = layout(t);
    const room = lay.rows.find((r) => r.kind === "room" && r.room.account_id === account.id && r.room.category_id !== null);
    if (room?.kind !== "room") throw new Error("no room");
    let first = 21;
    while (roomTaken(lay.bars.get(`room:${room.room.id}`), t.from, first, first + 2)) first++;

    account.status = "offline";
    const booked = (await backend.handle("create_booking", {
      draft: {
        account_id: account.id,
        category_id: room.room.category_id,
        room_id: room.room.id,
        arrival: addDays(t.from, first),
        departure: addDays(t.from, first + 2),
        adults: 1,
        children: 0,
        guest: { new: { first_name: "Ada", last_name: "Pending" } },
      },
    })) as { status: string; value: { id: number } };
    expect(booked.status).toBe("queued");
    const cancelled = (await backend.handle("cancel_reservation", { id: shown.id })) as { status: string };
    expect(cancelled.status).toBe("queued");
    account.status = "online";
    const { cache } = await import("../src/api");
    cache.invalidate();
    const scroller = $("timeline")!;
    scroller.scrollLeft = Math.max(0, (first - 3) * NIGHT_WIDTH.day);
    scroller.dispatchEvent(new Event("scroll"));
    await until(() => $("timeline-pending-bar") !== null, "the dashed bar");
    const bar = $("timeline-pending-bar")!;
    expect(bar.dataset.entryId).toBe(String(booked.value.id));
    expect(bar.classList.contains("tl-pending")).toBe(true);
    expect(bar.getAttribute("href")).toBeNull();
    scroller.scrollLeft = 0;
    scroller.dispatchEvent(new Event("scroll"));
    await until(() => document.querySelector(`[data-reservation-id="${shown.id}"] [data-testid="timeline-pending-mark"]`) !== null, "the pending-cancel mark");
    expect(shown.state).not.toBe("cancelled");
  });
});
