// The search model (items, arrows), the palette's action filter, a guest's stay history and the
// mock's search, which follows the shell's FTS rules.

import { describe, expect, it } from "vitest";
import type { Reservation } from "../src/bindings/Reservation";
import { ACTIONS } from "../src/actions";
import { en } from "../src/locales/en";
import { guestMatches, MockBackend } from "../src/mock/backend";
import { fold, moveActive, searchItems } from "../src/search";
import { matchActions } from "../src/views/palette";
import { stayHistory } from "../src/views/stays";

const label = (k: keyof typeof en) => en[k];

function res(id: number, arrival: string, departure: string, state: Reservation["state"] = "confirmed"): Reservation {
  return {
    id,
    account_id: 1,
    account_label: "Demo hotel",
    provider: "mews",
    provider_id: `r${id}`,
    number: `10${id}`,
    state,
    provider_state: "x",
    arrival,
    departure,
    guest_id: 7,
    guest_name: "Ana Nováková",
    room_id: null,
    room_name: "101",
    additional_room_names: [],
    category_name: null,
    adults: 2,
    children: 0,
    total: null,
    notes: null,
    created_at: null,
    updated_at: null,
  };
}

describe("search items", () => {
  it("lists guests, then reservations, each opening its screen", () => {
    const items = searchItems({
      query: "nov",
      limit_per_kind: 8,
      guests: [
        {
          id: 7,
          account_id: 1,
          account_label: "Demo hotel",
          provider_id: "g7",
          first_name: "Ana",
          last_name: "Nováková",
          email: "ana@example.cz",
          phone: null,
          nationality: null,
          reservation_count: 2,
        },
      ],
      reservations: [res(1, "2026-12-01", "2026-12-04")],
    });
    expect(items.map((i) => [i.kind, i.id, i.route])).toEqual([
      ["guest", 7, { name: "guest", id: 7 }],
      ["reservation", 1, { name: "reservation", id: 1 }],
    ]);
    expect(items[0]!.title).toBe("Ana Nováková");
    expect(items[0]!.detail).toBe("ana@example.cz · Demo hotel");
    expect(items[1]!.title).toBe("#101 · Ana Nováková");
    expect(searchItems(undefined)).toEqual([]);
  });

  it("moves the active option with wrap-around", () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(1, 1, 0)).toBe(-1);
  });

  it("folds as the shell does", () => {
    expect(fold("Łódź Guðrún Þór Nováková")).toBe("lodz gudrun thor novakova");
  });
});

describe("the palette's actions", () => {
  it("match every typed word in the label or its keywords, accents ignored", () => {
    expect(matchActions("", ACTIONS, label)).toHaveLength(ACTIONS.length);
    expect(matchActions("guests", ACTIONS, label).map((a) => a.id)).toEqual(["go-guests", "search"]);
    expect(matchActions("go set", ACTIONS, label).map((a) => a.id)).toEqual(["go-settings"]);
    expect(matchActions("dark", ACTIONS, label).map((a) => a.id)).toEqual(["theme"]);
    expect(matchActions("csv", ACTIONS, label).map((a) => a.id)).toEqual(["export"]);
    expect(matchActions("ÍCELANDIC", ACTIONS, label).map((a) => a.id)).toEqual(["language"]);
    expect(matchActions("zzz", ACTIONS, label)).toEqual([]);
  });

  it("cover navigation, booking, sync, export, theme and language", () => {
    const ids = ACTIONS.map((a) => a.id);
    for (const id of ["go-reservations", "go-timeline", "go-today", "go-guests", "go-accounts", "go-activity", "go-settings", "new-booking", "sync", "export", "theme", "language"]) {
      expect(ids).toContain(id);
    }
  });
});

describe("stay history", () => {
  const today = "2026-12-10";
  it("counts past, current and upcoming stays and their nights; cancellations apart", () => {
    const h = stayHistory(
      [
        res(1, "2026-11-01", "2026-11-04", "checked_out"), // past, 3 nights
        res(2, "2026-12-08", "2026-12-12", "checked_in"), // now, 4
        res(3, "2027-01-05", "2027-01-06"), // upcoming, 1
        res(4, "2026-12-20", "2026-12-22"), // upcoming, 2 — the next
        res(5, "2026-12-01", "2026-12-03", "cancelled"),
        res(6, "2026-12-05", "2026-12-07", "no_show"),
      ],
      today,
    );
    expect([h.stays, h.past, h.current, h.upcoming, h.nights, h.cancelled]).toEqual([4, 1, 1, 2, 10, 2]);
    expect(h.last?.id).toBe(2);
    expect(h.next?.id).toBe(4);
  });

  it("ends a stay on its departure day", () => {
    const h = stayHistory([res(1, "2026-12-07", "2026-12-10")], today);
    expect([h.past, h.current]).toEqual([1, 0]);
    expect(stayHistory([], today)).toMatchObject({ stays: 0, last: undefined, next: undefined });
  });
});

describe("the mock's search follows the shell", () => {
  const ana = { first_name: "Ana", last_name: "Nováková", email: "ana.novakova@example.cz", phone: "+420 602 123 456" };
  it("matches word prefixes in any order, e-mail and phone digits", () => {
    expect(guestMatches(ana, "nov an")).toBe(true);
    expect(guestMatches(ana, "NOVÁK")).toBe(true);
    expect(guestMatches(ana, "ovak")).toBe(false);
    expect(guestMatches(ana, "ana.novakova@ex")).toBe(true);
    expect(guestMatches(ana, "602123")).toBe(true);
    expect(guestMatches(ana, "+420 602 123")).toBe(true);
    expect(guestMatches(ana, "\"(*-:")).toBe(false);
  });

  it("answers search_everything with guests and reservations, the exact number first", async () => {
    const b = new MockBackend(() => {}, { latencyMs: 0, providers: ["mews"] });
    const number = b.data.reservations[3]!.number!;
    const found = (await b.handle("search_everything", { query: `#${number}` })) as { reservations: Reservation[] };
    expect(found.reservations[0]!.number).toBe(number);
    const byName = (await b.handle("search_everything", { query: "nov an" })) as { guests: { last_name: string }[] };
    expect(byName.guests.map((g) => g.last_name)).toContain("Nováková");
    const none = (await b.handle("search_everything", { query: "  " })) as { guests: unknown[]; reservations: unknown[] };
    expect([none.guests.length, none.reservations.length]).toEqual([0, 0]);
    await expect(b.handle("search_everything", { query: "x".repeat(201) })).rejects.toMatchObject({ kind: "validation", field: "query" });
  });
});
