// The mocked shell's new commands follow the shell's rules (crates/services actions.rs):
// capability first (forbidden + the reason), then state (conflict) and input (validation + field),
// then the provider (offline, Reservanto's late-cancellation rule).

import { beforeEach, describe, expect, it } from "vitest";
import type { Account } from "../src/bindings/Account";
import type { BookingDraft } from "../src/bindings/BookingDraft";
import type { ProviderKind } from "../src/bindings/ProviderKind";
import type { Quote } from "../src/bindings/Quote";
import type { Reservation } from "../src/bindings/Reservation";
import type { ReservationState } from "../src/bindings/ReservationState";
import { addDays, todayIn } from "../src/dates";
import { MockBackend } from "../src/mock/backend";

let backend: MockBackend;
const events: [string, unknown][] = [];
beforeEach(() => {
  events.length = 0;
  backend = new MockBackend((e, p) => events.push([e, p]), { latencyMs: 0, openWrite: true });
});

const account = (p: ProviderKind): Account => backend.data.accounts.find((a) => a.provider === p)!;
const of = (p: ProviderKind, state: ReservationState) =>
  backend.data.reservations.filter((r) => r.account_id === account(p).id && r.state === state);
const act = (id: number, action: unknown) => backend.handle("act_on_reservation", { id, action }) as Promise<Reservation>;
const today = () => todayIn("Europe/Prague");

describe("the mocked demo accounts", () => {
  it("are one per provider, each with its own property, rooms and reservations", () => {
    expect(backend.data.accounts.map((a) => [a.provider, a.is_demo])).toEqual([
      ["mews", true],
      ["reservanto", true],
      ["mobile-calendar", true],
      ["timekit", true],
      ["ectosy", true],
    ]);
    for (const a of backend.data.accounts) {
      expect(backend.data.reservations.some((r) => r.account_id === a.id && r.provider === a.provider), a.provider).toBe(true);
      expect(backend.data.rooms.some((r) => r.account_id === a.id), a.provider).toBe(true);
    }
    expect(new Set(backend.data.accounts.map((a) => a.property_name)).size).toBe(5);
    expect(backend.data.reservations.some((r) => r.additional_room_names.length > 0)).toBe(true);
  });
});

describe("act_on_reservation", () => {
  it("refuses an unsupported action with forbidden and the capability's reason, before the state", async () => {
    const r = of("ectosy", "confirmed")[0]!;
    await expect(act(r.id, { kind: "confirm" })).rejects.toEqual({ kind: "forbidden", message: "Ectosy's API cannot confirm a period; confirm it in Ectosy if needed." });
    await expect(act(r.id, { kind: "move", arrival: "2030-01-01", departure: "2030-01-02" })).rejects.toEqual({
      kind: "forbidden",
      message: "Ectosy cannot change a period; delete it and create a new one.",
    });
    // Reservanto moves dates but not rooms: a room asks for change_room.
    const res = of("reservanto", "confirmed")[0]!;
    await expect(act(res.id, { kind: "move", arrival: res.arrival, departure: addDays(res.departure, 1), room_id: 1 })).rejects.toMatchObject({
      kind: "forbidden",
      message: expect.stringContaining("moves a booking in time only"),
    });
    expect(events.at(-1)).toEqual(["data-changed", { account_id: null }]);
  });

  it("applies Reservanto's late-cancellation rule within 48 h, and cancels when the manager overrides it", async () => {
    const soon = of("reservanto", "confirmed").find((r) => r.arrival === addDays(today(), 1))!;
    await expect(act(soon.id, { kind: "cancel", reason: "Flu", override_late: false })).rejects.toMatchObject({
      kind: "late_cancellation",
      message: expect.stringContaining("You may cancel it anyway by overriding the rule."),
    });
    expect(soon.state).toBe("confirmed");
    expect(backend.data.activity[0]).toMatchObject({ action: "reservation.cancel", outcome: "failed", reservation_id: soon.id });
    const done = await act(soon.id, { kind: "cancel", reason: "Flu", override_late: true });
    expect(done.state).toBe("cancelled");
    expect(backend.data.activity[0]!.summary).toBe(`Cancelled ${soon.number} of ${soon.guest_name}: Flu (late-cancellation rule overridden)`);
    // Later stays and other providers have no such rule.
    const later = of("reservanto", "confirmed").find((r) => r.arrival === addDays(today(), 10))!;
    expect((await act(later.id, { kind: "cancel", override_late: false })).state).toBe("cancelled");
    // The old command sends no override: it gets the same refusal.
    const soon2 = { ...soon };
    soon.state = "confirmed";
    await expect(backend.handle("cancel_reservation", { id: soon2.id })).rejects.toMatchObject({ kind: "late_cancellation" });
  });

  it("restores only a cancelled reservation, where the provider can", async () => {
    const cancelled = of("mobile-calendar", "cancelled")[0]!;
    const confirmed = of("mobile-calendar", "confirmed")[0]!;
    await expect(act(confirmed.id, { kind: "restore" })).rejects.toEqual({
      kind: "conflict",
      message: `Reservation ${confirmed.number} is confirmed; only cancelled reservations can be restored.`,
    });
    expect(await act(cancelled.id, { kind: "restore" })).toMatchObject({ state: "confirmed", provider_state: "confirmed" });
    const mews = of("mews", "cancelled")[0]!;
    await expect(act(mews.id, { kind: "restore" })).rejects.toMatchObject({ kind: "forbidden", message: "Mews cannot restore a cancelled reservation; book the stay again." });
  });

  it("deletes only a final reservation; it is then gone", async () => {
    const open = of("timekit", "confirmed")[0]!;
    await expect(act(open.id, { kind: "delete" })).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringContaining("only a cancelled, declined or finished reservation can be deleted"),
    });
    const done = of("timekit", "checked_out")[0]!;
    expect((await act(done.id, { kind: "delete" })).id).toBe(done.id);
    await expect(backend.handle("get_reservation", { id: done.id })).rejects.toMatchObject({ kind: "not_found" });
    expect(backend.data.activity[0]).toMatchObject({ action: "reservation.delete", reservation_id: null });
  });

  it("moves with the shell's date checks, naming the field", async () => {
    const r = of("mobile-calendar", "confirmed")[0]!;
    await expect(act(r.id, { kind: "move", arrival: r.arrival, departure: r.arrival })).rejects.toEqual({
      kind: "validation",
      message: "Departure must be at least one night after arrival.",
      field: "departure",
    });
    await expect(act(r.id, { kind: "move", arrival: r.arrival, departure: r.departure })).rejects.toMatchObject({ field: "arrival" });
    const arrival = addDays(today(), 200);
    const moved = await act(r.id, { kind: "move", arrival, departure: addDays(arrival, 2) });
    expect(moved).toMatchObject({ arrival, departure: addDays(arrival, 2) });
  });

  it("edits notes where supported, at most 2,000 characters", async () => {
    const r = of("timekit", "confirmed")[0]!;
    await expect(act(r.id, { kind: "edit_notes", notes: "x".repeat(2001) })).rejects.toMatchObject({ kind: "validation", field: "notes" });
    expect((await act(r.id, { kind: "edit_notes", notes: "  Late check-in " })).notes).toBe("Late check-in");
  });
});

describe("edit_guest", () => {
  it("changes what is given where the provider allows it, else forbidden with the reason", async () => {
    const g = backend.data.guests.find((x) => x.account_id === account("reservanto").id)!;
    await expect(backend.handle("edit_guest", { id: g.id, edit: { last_name: " " } })).rejects.toMatchObject({ field: "last_name" });
    await expect(backend.handle("edit_guest", { id: g.id, edit: { email: "nope" } })).rejects.toMatchObject({ field: "email" });
    expect(await backend.handle("edit_guest", { id: g.id, edit: { email: "new@example.cz" } })).toMatchObject({ email: "new@example.cz", last_name: g.last_name });
    const m = backend.data.guests.find((x) => x.account_id === 1)!;
    await expect(backend.handle("edit_guest", { id: m.id, edit: { phone: "1" } })).rejects.toEqual({
      kind: "forbidden",
      message: "Editing Mews guests from Innkeep comes in a later version; edit them in Mews.",
    });
  });
});

describe("quotes and group bookings", () => {
  const draft = (p: ProviderKind, patch: Partial<BookingDraft> = {}): BookingDraft => {
    const a = account(p);
    const cat = backend.data.categories.find((c) => c.account_id === a.id)!;
    const arrival = addDays(today(), 120);
    return { account_id: a.id, category_id: cat.id, arrival, departure: addDays(arrival, 2), adults: 2, children: 0, guest: { new: { first_name: "", last_name: "Test" } }, ...patch };
  };

  it("give no price where the provider has none, and refuse a quote where it can tell neither price nor rooms", async () => {
    expect(((await backend.handle("quote_booking", { draft: draft("mews") })) as Quote).total).not.toBeNull();
    expect((await backend.handle("quote_booking", { draft: draft("reservanto") })) as Quote).toMatchObject({ total: null, nights: 2 });
    await expect(backend.handle("quote_booking", { draft: draft("ectosy") })).rejects.toMatchObject({ kind: "forbidden", message: expect.stringContaining("no availability query") });
  });

  it("books several rooms and guests where supported; elsewhere forbidden at the field", async () => {
    const a = account("timekit");
    const rooms = backend.data.rooms.filter((r) => r.account_id === a.id);
    const written = (await backend.handle("create_booking", {
      draft: draft("timekit", { room_id: rooms[0]!.id, additional_room_ids: [rooms[1]!.id], additional_guests: [{ first_name: "Ola", last_name: "Nordmann" }] }),
    })) as { status: string; value: Reservation };
    expect(written.status).toBe("done");
    const r = written.value;
    expect(r).toMatchObject({ room_name: rooms[0]!.name, additional_room_names: [rooms[1]!.name], total: null });
    expect(backend.data.guests.some((g) => g.last_name === "Nordmann" && g.account_id === a.id)).toBe(true);
    await expect(
      backend.handle("create_booking", { draft: draft("reservanto", { additional_guests: [{ first_name: "", last_name: "B" }] }) }),
    ).rejects.toEqual({ kind: "forbidden", message: "Reservanto books one resource per booking.", field: "additional_guests" });
    await expect(
      backend.handle("create_booking", { draft: draft("timekit", { additional_guests: [{ first_name: "A", last_name: "" }] }) }),
    ).rejects.toMatchObject({ kind: "validation", field: "additional_guests", message: "Guest 2: Enter the guest's last name." });
  });
});

describe("list_open_writes", () => {
  it("lists bookings whose answer was lost", async () => {
    expect(await backend.handle("list_open_writes")).toMatchObject([{ state: "unknown", action: "booking.create", account_id: account("reservanto").id }]);
    const none = new MockBackend(() => undefined, { latencyMs: 0 });
    expect(await none.handle("list_open_writes")).toEqual([]);
  });
});
