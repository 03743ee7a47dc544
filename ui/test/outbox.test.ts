// The outbox model: which queued entries show as pending where, and the back-online banner.

import { describe, expect, it } from "vitest";
import type { Account } from "../src/bindings/Account";
import type { OutboxEntry } from "../src/bindings/OutboxEntry";
import { backOnline, draftOf, openEntries, pendingActions, pendingBars, sendSummary } from "../src/outbox";

const at = "2027-01-01T10:00:00Z";
function entry(id: number, patch: Partial<OutboxEntry>): OutboxEntry {
  return { id, account_id: 1, kind: "create", request: {}, reservation_id: null, state: "queued", error: null, created_at: at, updated_at: at, ...patch };
}
const booking = (room: number | undefined, guest = "Nováková") => ({
  account_id: 1,
  category_id: 3,
  ...(room !== undefined ? { room_id: room } : {}),
  arrival: "2027-04-01",
  departure: "2027-04-03",
  adults: 1,
  children: 0,
  guest: { new: { first_name: "Jana", last_name: guest } },
});

describe("the outbox model", () => {
  it("draws queued and refused bookings with a room as pending bars, never sent or failed ones", () => {
    const entries = [
      entry(1, { request: booking(7) }),
      entry(2, { request: booking(7, "Conflict"), state: "conflict", error: "The room is taken." }),
      entry(3, { request: booking(8), state: "sent" }),
      entry(4, { request: booking(9), state: "failed" }),
      entry(5, { request: booking(undefined) }),
    ];
    const bars = pendingBars(entries);
    expect([...bars.keys()]).toEqual([7]);
    expect(bars.get(7)!.map((b) => [b.entryId, b.guest, b.conflict])).toEqual([
      [1, "Jana Nováková", false],
      [2, "Jana Conflict", true],
    ]);
    expect(openEntries(entries).map((e) => e.id)).toEqual([1, 2, 4, 5]);
  });

  it("reads a booking draft only from a create entry with dates", () => {
    expect(draftOf(entry(1, { request: booking(7) }))?.arrival).toBe("2027-04-01");
    expect(draftOf(entry(1, { request: { kind: "cancel" }, kind: "cancel", reservation_id: 5 }))).toBeNull();
    expect(draftOf(entry(1, { request: { arrival: 3 } }))).toBeNull();
  });

  it("marks reservations with waiting actions", () => {
    const marks = pendingActions([
      entry(1, { kind: "cancel", request: { kind: "cancel" }, reservation_id: 41 }),
      entry(2, { kind: "check_in", request: { kind: "check_in" }, reservation_id: 42, state: "sent" }),
      entry(3, { request: booking(7) }),
    ]);
    expect([...marks.keys()]).toEqual([41]);
    expect(marks.get(41)![0]!.kind).toBe("cancel");
  });

  it("asks to send only for accounts that are online with queued entries", () => {
    const acc = (id: number, status: Account["status"]) => ({ id, label: `A${id}`, status }) as Account;
    const entries = [entry(1, { account_id: 1 }), entry(2, { account_id: 1 }), entry(3, { account_id: 2 }), entry(4, { account_id: 3, state: "conflict" })];
    expect(backOnline(entries, [acc(1, "online"), acc(2, "offline"), acc(3, "online")]).map((x) => [x.account.id, x.count])).toEqual([[1, 2]]);
  });

  it("counts how a send went", () => {
    const taken = [entry(1, { state: "sent" }), entry(2, { state: "conflict" }), entry(3, { state: "queued" })];
    expect(sendSummary(taken)).toEqual({ sent: 1, conflicts: 1, waiting: 1, failed: 0 });
  });
});
