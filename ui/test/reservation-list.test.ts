import { beforeEach, describe, expect, it } from "vitest";
import type { Reservation } from "../src/bindings/Reservation";
import { setLanguage } from "../src/i18n";
import { buildQuery, defaultFilters, filterErrors, hasFilters, nights, sortRows, toggleSort } from "../src/views/reservation-list";

beforeEach(() => setLanguage("en", ["en-GB"]));

function res(id: number, patch: Partial<Reservation> = {}): Reservation {
  return {
    id,
    account_id: 1,
    account_label: "Demo",
    provider: "mews",
    provider_id: `p${id}`,
    number: String(id),
    state: "confirmed",
    provider_state: "Confirmed",
    arrival: "2026-12-01",
    departure: "2026-12-02",
    guest_id: null,
    guest_name: null,
    room_id: null,
    room_name: null,
    additional_room_names: [],
    category_name: null,
    adults: 1,
    children: 0,
    total: null,
    notes: null,
    created_at: null,
    updated_at: null,
    ...patch,
  };
}

describe("filters → query", () => {
  it("opens on stays from today, which counts as no filter", () => {
    expect(buildQuery(defaultFilters("2026-11-27"))).toEqual({ states: [], sort: "arrival", descending: false, from: "2026-11-27" });
    expect(hasFilters(defaultFilters("2026-11-27"), "2026-11-27")).toBe(false);
    expect(hasFilters({ ...defaultFilters("2026-11-27"), from: "" }, "2026-11-27")).toBe(true);
  });

  it("sends the applied search, valid dates and the state", () => {
    const f = { ...defaultFilters(), searchInput: "nov", search: " Nov ", from: "2026-12-01", to: "2026-12-31", state: "cancelled" as const };
    expect(buildQuery(f, { guest_id: 4 })).toEqual({
      search: "Nov",
      from: "2026-12-01",
      to: "2026-12-31",
      states: ["cancelled"],
      sort: "arrival",
      descending: false,
      guest_id: 4,
    });
  });

  it("does not send a date with an error, and says what is wrong", () => {
    const f = { ...defaultFilters(), from: "2026-12-3", to: "2026-12-31" };
    expect(filterErrors(f).from).toBe("“2026-12-3” is not a valid date; use the form YYYY-MM-DD, e.g. 2026-12-24.");
    expect(buildQuery(f)).not.toHaveProperty("from");
    expect(buildQuery(f).to).toBe("2026-12-31");
    const reversed = { ...defaultFilters(), from: "2026-12-31", to: "2026-12-01" };
    expect(filterErrors(reversed).to).toBe("The end date is before the start date.");
    expect(buildQuery(reversed)).not.toHaveProperty("to");
  });

  it("lets the shell sort the columns it can", () => {
    expect(buildQuery({ ...defaultFilters(), sort: "guest", descending: true })).toMatchObject({ sort: "guest", descending: true });
    // The UI sorts totals itself; the shell's order does not matter then.
    expect(buildQuery({ ...defaultFilters(), sort: "total", descending: true })).toMatchObject({ sort: "arrival", descending: false });
  });
});

describe("sorting", () => {
  it("flips direction on the same column and starts ascending on another", () => {
    let f = defaultFilters();
    f = toggleSort(f, "arrival");
    expect([f.sort, f.descending]).toEqual(["arrival", true]);
    f = toggleSort(f, "total");
    expect([f.sort, f.descending]).toEqual(["total", false]);
  });

  it("sorts totals and nights in the UI, empty values last both ways", () => {
    const rows = [
      res(1, { total: { amount_minor: 500, currency: "EUR" }, departure: "2026-12-04" }),
      res(2, { total: null }),
      res(3, { total: { amount_minor: 100, currency: "EUR" }, departure: "2026-12-08" }),
    ];
    expect(sortRows(rows, "total", false).map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortRows(rows, "total", true).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(sortRows(rows, "nights", true).map((r) => r.id)).toEqual([3, 1, 2]);
  });

  it("sorts numbers naturally", () => {
    const rows = [res(1, { number: "100" }), res(2, { number: "9" }), res(3, { number: "25" })];
    expect(sortRows(rows, "number", false).map((r) => r.number)).toEqual(["9", "25", "100"]);
  });

  it("keeps the shell's order for the columns it sorted", () => {
    const rows = [res(2), res(1)];
    expect(sortRows(rows, "arrival", true).map((r) => r.id)).toEqual([2, 1]);
  });

  it("counts nights from the dates", () => {
    expect(nights(res(1, { arrival: "2026-03-28", departure: "2026-04-02" }))).toBe(5);
  });
});
