// @vitest-environment happy-dom
// The reservations list renders a page, not every row: the first query asks for PAGE_SIZE + 1 rows,
// "Show more" asks for the next page, and a new filter starts again at the first page.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { MockBackend } from "../src/mock/backend";
import type { ReservationQuery } from "../src/bindings/ReservationQuery";
import { defaultChoices, exportQuery } from "../src/views/export-form";
import {
  defaultFilters,
  FIRST_SCREEN_ROWS,
  ListPager,
  PAGE_SIZE,
  pagedQuery,
  pageOf,
  rowsToDraw,
} from "../src/views/reservation-list";
import { ui } from "../src/state";
import { addUpcomingStays, until, wait } from "./support";

describe("paging, as plain data", () => {
  it("asks for one row more than it shows, to know whether more match", () => {
    const q: ReservationQuery = { states: [], sort: "arrival", descending: false };
    expect(pagedQuery(q, PAGE_SIZE).limit).toBe(PAGE_SIZE + 1);
    expect(pageOf([1, 2, 3], 2)).toEqual({ rows: [1, 2], more: true });
    expect(pageOf([1, 2], 2)).toEqual({ rows: [1, 2], more: false });
  });

  it("keeps the page for the same query and starts again for another", () => {
    const p = new ListPager<number>();
    const q: ReservationQuery = { states: [], sort: "arrival", descending: false };
    expect(p.forQuery(q)).toBe(PAGE_SIZE);
    p.more();
    expect(p.forQuery(q)).toBe(2 * PAGE_SIZE);
    expect(p.rows([1, 2])).toEqual([1, 2]);
    expect(p.rows(undefined)).toEqual([1, 2]); // while the larger page loads
    expect(p.forQuery(q, "total:false")).toBe(PAGE_SIZE); // a UI-sorted column is a new view
    expect(p.rows(undefined)).toBeUndefined();
    expect(p.forQuery({ ...q, states: ["cancelled"] }, "total:false")).toBe(PAGE_SIZE);
  });

  it("draws a window's worth of rows until the first screen is on, then the page", () => {
    const page = Array.from({ length: PAGE_SIZE }, (_, i) => i);
    expect(FIRST_SCREEN_ROWS).toBeLessThan(PAGE_SIZE);
    expect(rowsToDraw(page, false)).toEqual(page.slice(0, FIRST_SCREEN_ROWS));
    expect(rowsToDraw(page, true)).toEqual(page);
    expect(rowsToDraw([1, 2], false)).toEqual([1, 2]);
  });

  it("exports every matching row, not the page", () => {
    expect(exportQuery(defaultChoices(), defaultFilters())).not.toHaveProperty("limit");
  });
});

const calls: [string, Record<string, unknown>][] = [];
const root = () => document.getElementById("app")!;
const $ = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
const rows = () => document.querySelectorAll('[data-testid="reservation-row"]').length;
const lastListLimit = () => {
  const c = calls.filter(([cmd]) => cmd === "list_reservations").at(-1);
  return (c?.[1].query as ReservationQuery | undefined)?.limit;
};

/** More upcoming stays than two pages, so the list has something to page through. */
const EXTRA = 2 * PAGE_SIZE + 50;

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  const backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 0, providers: ["mews"] });
  addUpcomingStays(backend, EXTRA, 60, 50_000, "B");
  mockIPC(
    async (cmd, args) => {
      calls.push([cmd, (args ?? {}) as Record<string, unknown>]);
      return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  const { boot } = await import("../src/app");
  await boot(root());
  await until(() => rows() > 0, "reservations");
  // The first screen draws its first rows, then the rest (FIRST_SCREEN_ROWS).
  await until(() => ui.firstScreenDrawn, "the first screen");
});

afterAll(() => clearMocks());

describe("the reservations list pages", () => {
  it("renders the first page only, and says more match", () => {
    expect(lastListLimit()).toBe(PAGE_SIZE + 1);
    expect(rows()).toBe(PAGE_SIZE);
    expect($("reservations-showing")?.textContent).toBe(`Showing the first ${PAGE_SIZE}; more match the filters.`);
    const more = $("reservations-show-more") as HTMLButtonElement;
    expect(more.tagName).toBe("BUTTON");
    expect(more.textContent?.trim()).toBe("Show more");
  });

  it("loads the next page on “Show more”, keeping the rows meanwhile", async () => {
    $("reservations-show-more")!.click();
    await wait(0);
    expect(rows()).toBeGreaterThanOrEqual(PAGE_SIZE); // no loading block in between
    await until(() => rows() === 2 * PAGE_SIZE, "the second page");
    expect(lastListLimit()).toBe(2 * PAGE_SIZE + 1);
    $("reservations-show-more")!.click();
    await until(() => $("reservations-show-more") === null, "the last page");
    expect(rows()).toBeGreaterThan(2 * PAGE_SIZE);
    expect(rows()).toBeLessThan(3 * PAGE_SIZE);
    expect($("reservations-showing")).toBeNull();
  });

  it("starts again at the first page when a filter changes", async () => {
    const select = $("filter-state") as HTMLSelectElement;
    select.value = "confirmed";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await until(() => rows() === PAGE_SIZE, "the first page of confirmed stays");
    expect(lastListLimit()).toBe(PAGE_SIZE + 1);
    expect($("reservations-show-more")).not.toBeNull();
  });

  it("sorts a column the shell cannot sort over every matching row, still rendering a page", async () => {
    $("sort-number")!.click();
    await until(() => lastListLimit() === undefined && rows() === PAGE_SIZE, "the list sorted by number");
    $("sort-number")!.click(); // descending
    await until(() => document.querySelector('[data-testid="reservation-row"] a.row-link')?.textContent === `B${EXTRA - 1}`, "the highest number first");
    // B449 arrives a month out: it is first only because every matching row was fetched and sorted.
    expect(rows()).toBe(PAGE_SIZE);
    expect($("reservations-show-more")).not.toBeNull();
  });
});
