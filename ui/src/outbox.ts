// The outbox, as the screens need it: actions kept while a provider could not be reached,
// drawn as pending on the timeline and in the detail, and sent when the manager says so.

import type { Account } from "./bindings/Account";
import type { BookingDraft } from "./bindings/BookingDraft";
import type { OutboxEntry } from "./bindings/OutboxEntry";
import type { Written } from "./bindings/Written";

/** Entries that still matter to the desk: waiting, being sent, or refused. */
export function openEntries(entries: readonly OutboxEntry[]): OutboxEntry[] {
  return entries.filter((e) => e.state === "queued" || e.state === "sending" || e.state === "conflict" || e.state === "failed");
}

/** The booking form kept in a `create` entry, or null for an action on a reservation. */
export function draftOf(e: OutboxEntry): BookingDraft | null {
  if (e.kind !== "create" || typeof e.request !== "object" || e.request === null) return null;
  const d = e.request as Partial<BookingDraft>;
  return typeof d.arrival === "string" && typeof d.departure === "string" && typeof d.account_id === "number"
    ? (d as BookingDraft)
    : null;
}

/** The guest's name of a queued booking ("" when it books an existing guest). */
export function guestOf(d: BookingDraft): string {
  return "new" in d.guest ? [d.guest.new.first_name, d.guest.new.last_name].filter((x) => x?.trim()).join(" ") : "";
}

export type PendingBar = { entryId: number; roomId: number; arrival: string; departure: string; guest: string; conflict: boolean };

/** Queued bookings with a chosen room, by room id: dashed bars on the timeline. */
export function pendingBars(entries: readonly OutboxEntry[]): Map<number, PendingBar[]> {
  const out = new Map<number, PendingBar[]>();
  for (const e of openEntries(entries)) {
    const d = draftOf(e);
    if (!d || d.room_id === undefined || d.room_id === null || e.state === "failed") continue;
    const bar = { entryId: e.id, roomId: d.room_id, arrival: d.arrival, departure: d.departure, guest: guestOf(d), conflict: e.state === "conflict" };
    out.set(d.room_id, [...(out.get(d.room_id) ?? []), bar]);
  }
  return out;
}

/** Actions waiting for each reservation (`cancel`, `check_in`, …). */
export function pendingActions(entries: readonly OutboxEntry[]): Map<number, OutboxEntry[]> {
  const out = new Map<number, OutboxEntry[]>();
  for (const e of openEntries(entries)) {
    if (e.reservation_id === null || e.state === "failed") continue;
    out.set(e.reservation_id, [...(out.get(e.reservation_id) ?? []), e]);
  }
  return out;
}

/** Accounts that are reachable again while entries wait for them: the banner asks to send. */
export function backOnline(entries: readonly OutboxEntry[], accounts: readonly Account[]): { account: Account; count: number }[] {
  return accounts
    .filter((a) => a.status === "online")
    .map((account) => ({ account, count: entries.filter((e) => e.account_id === account.id && e.state === "queued").length }))
    .filter((x) => x.count > 0);
}

/** How many entries ended in each state after `send_outbox`. */
export function sendSummary(taken: readonly OutboxEntry[]): { sent: number; conflicts: number; waiting: number; failed: number } {
  const n = (s: OutboxEntry["state"]) => taken.filter((e) => e.state === s).length;
  return { sent: n("sent"), conflicts: n("conflict"), waiting: n("queued"), failed: n("failed") };
}

/** The reservation of a write, or the outbox entry it was kept as. */
export function doneOrQueued<T>(w: Written<T>): { done: T } | { queued: OutboxEntry } {
  return w.status === "done" ? { done: w.value } : { queued: w.value };
}
