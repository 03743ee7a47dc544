// Confirm / check in / check out: which buttons the detail offers (actionsFor), and the mocked
// backend's `change_reservation_state` and `get_guest`, which follow the shell's rules.

import { beforeEach, describe, expect, it } from "vitest";
import type { Capabilities } from "../src/bindings/Capabilities";
import type { OutboxEntry } from "../src/bindings/OutboxEntry";
import type { Reservation } from "../src/bindings/Reservation";
import type { ReservationState } from "../src/bindings/ReservationState";
import { setLanguage } from "../src/i18n";
import { MockBackend } from "../src/mock/backend";
import { MEWS_CAPABILITIES } from "../src/mock/seed";
import { actionsFor } from "../src/views/reservation-detail";

beforeEach(() => setLanguage("en", ["en-GB"]));

const reservation = (state: ReservationState): Reservation => ({
  id: 1,
  account_id: 1,
  account_label: "Demo hotel",
  provider: "mews",
  provider_id: "r-1",
  number: "52700",
  state,
  provider_state: state,
  arrival: "2026-12-01",
  departure: "2026-12-03",
  guest_id: null,
  guest_name: "Ana Nováková",
  room_id: null,
  room_name: null,
  additional_room_names: [],
  category_name: "Double",
  adults: 2,
  children: 0,
  total: null,
  notes: null,
  created_at: null,
  updated_at: null,
});

/** key → the reason it is blocked ("" when enabled). */
const offers = (state: ReservationState, caps: Capabilities = MEWS_CAPABILITIES) =>
  Object.fromEntries(actionsFor(reservation(state), caps).map((a) => [a.key, a.capability.supported ? (a.blocked ?? "") : `unsupported: ${a.capability.reason}`]));

describe("the detail's actions", () => {
  it("enable each state change only in the state it starts from, with a reason otherwise", () => {
    expect(offers("optional")).toEqual({
      confirm: "",
      check_in: "Only confirmed reservations can be checked in.",
      check_out: "Only checked-in reservations can be checked out.",
      cancel: "",
    });
    const onlyWaiting = "Only reservations that wait for confirmation (inquiry, optional, requested) can be confirmed.";
    expect(offers("confirmed")).toMatchObject({ confirm: onlyWaiting, check_in: "", cancel: "" });
    expect(offers("confirmed").check_out).not.toBe("");
    expect(offers("checked_in")).toMatchObject({ check_out: "", cancel: "" });
    expect(offers("checked_in").check_in).not.toBe("");
    // The shell confirms every reservation that waits for it (crates/services actions.rs).
    for (const state of ["inquiry", "requested"] as const) {
      expect(offers(state).confirm, state).toBe("");
    }
    expect(offers("checked_in").confirm).toBe(onlyWaiting);
    expect(offers("checked_out")).toMatchObject({ cancel: "Reservations in the state “Checked out” can no longer be cancelled." });
    expect(Object.values(offers("checked_out")).filter((v) => v === "")).toEqual([]);
  });

  it("are offered in a fixed order", () => {
    expect(actionsFor(reservation("confirmed"), MEWS_CAPABILITIES).map((a) => a.key)).toEqual(["confirm", "check_in", "check_out", "cancel"]);
  });

  it("leave out a state change the provider does not support, but keep cancel with its reason", () => {
    const caps: Capabilities = {
      ...MEWS_CAPABILITIES,
      check_in: { supported: false, reason: "No check-in through this API." },
      cancel: { supported: false, reason: "Cancel in the provider." },
    };
    expect(offers("confirmed", caps)).toEqual({
      confirm: "Only reservations that wait for confirmation (inquiry, optional, requested) can be confirmed.",
      check_out: "Only checked-in reservations can be checked out.",
      cancel: "unsupported: Cancel in the provider.",
    });
  });
});

describe("the mocked change_reservation_state", () => {
  const events: [string, unknown][] = [];
  let backend: MockBackend;
  beforeEach(() => {
    events.length = 0;
    backend = new MockBackend((e, p) => events.push([e, p]), { latencyMs: 0 });
  });
  const first = (state: ReservationState) => backend.data.reservations.find((r) => r.account_id === 1 && r.state === state)!;

  it("walks a reservation from optional to checked out, logging each step and reporting data-changed", async () => {
    const r = first("optional");
    const done = async (action: string) => {
      const w = (await backend.handle("change_reservation_state", { id: r.id, action })) as { status: string; value: Reservation };
      expect(w.status).toBe("done");
      return w.value;
    };
    const confirmed = await done("confirm");
    expect(confirmed).toMatchObject({ id: r.id, state: "confirmed", provider_state: "Confirmed" });
    expect((await done("check_in")).state).toBe("checked_in");
    const out = await done("check_out");
    expect(out).toMatchObject({ state: "checked_out", provider_state: "Processed" });
    expect(backend.data.activity.slice(0, 3).map((a) => [a.action, a.outcome, a.summary])).toEqual([
      ["reservation.check_out", "ok", `${r.number} of ${r.guest_name}: checked_in → checked_out`],
      ["reservation.check_in", "ok", `${r.number} of ${r.guest_name}: confirmed → checked_in`],
      ["reservation.confirm", "ok", `${r.number} of ${r.guest_name}: optional → confirmed`],
    ]);
    expect(events.filter(([e]) => e === "data-changed")).toEqual([
      ["data-changed", { account_id: 1 }],
      ["data-changed", { account_id: 1 }],
      ["data-changed", { account_id: 1 }],
    ]);
  });

  it("refuses a change from the wrong state with conflict, changing nothing", async () => {
    const r = first("confirmed");
    const logged = backend.data.activity.length;
    await expect(backend.handle("change_reservation_state", { id: r.id, action: "confirm" })).rejects.toEqual({
      kind: "conflict",
      message: `Reservation ${r.number} is confirmed; only inquiry or optional or requested reservations can be confirmed.`,
    });
    await expect(backend.handle("change_reservation_state", { id: r.id, action: "check_out" })).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringContaining("only checked in reservations can be checked out"),
    });
    const cancelled = first("cancelled");
    await expect(backend.handle("change_reservation_state", { id: cancelled.id, action: "check_in" })).rejects.toMatchObject({ kind: "conflict" });
    expect(r.state).toBe("confirmed");
    expect(backend.data.activity).toHaveLength(logged);
    expect(events.at(-1)).toEqual(["data-changed", { account_id: null }]);
  });

  it("refuses with forbidden when the provider lacks the capability, before looking at the state", async () => {
    const a = backend.data.accounts[0]!;
    a.capabilities = { ...a.capabilities, check_in: { supported: false, reason: "This property does not allow check-in from other apps." } };
    await expect(backend.handle("change_reservation_state", { id: first("optional").id, action: "check_in" })).rejects.toEqual({
      kind: "forbidden",
      message: "This property does not allow check-in from other apps.",
    });
  });

  it("needs the provider: offline keeps the change in the outbox (once), sent when back; unknown ids are not_found", async () => {
    const r = first("confirmed");
    backend.data.accounts[0]!.status = "offline";
    const w = (await backend.handle("change_reservation_state", { id: r.id, action: "check_in" })) as { status: string; value: OutboxEntry };
    expect(w).toMatchObject({ status: "queued", value: { kind: "check_in", reservation_id: r.id, state: "queued" } });
    expect(r.state).toBe("confirmed");
    expect(backend.data.activity[0]).toMatchObject({ action: "reservation.check_in", outcome: "failed", reservation_id: r.id });
    await expect(backend.handle("change_reservation_state", { id: r.id, action: "check_in" })).rejects.toMatchObject({ kind: "conflict" });
    // Still offline: sending keeps it waiting.
    const still = (await backend.handle("send_outbox", { accountId: 1 })) as OutboxEntry[];
    expect(still.map((e) => e.state)).toEqual(["queued"]);
    backend.data.accounts[0]!.status = "online";
    const sent = (await backend.handle("send_outbox", { accountId: 1 })) as OutboxEntry[];
    expect(sent.map((e) => e.state)).toEqual(["sent"]);
    expect(r.state).toBe("checked_in");
    expect(await backend.handle("list_outbox", {})).toEqual([]);
    await expect(backend.handle("change_reservation_state", { id: 999_999, action: "confirm" })).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("the mocked get_guest", () => {
  it("returns one guest by id, or not_found", async () => {
    const backend = new MockBackend(() => undefined, { latencyMs: 0 });
    const g = backend.data.guests[2]!;
    expect(await backend.handle("get_guest", { id: g.id })).toEqual(g);
    await expect(backend.handle("get_guest", { id: 424_242 })).rejects.toEqual({ kind: "not_found", message: "There is no guest with id 424242." });
  });
});
