// The timeline's geometry, free of the DOM: which rows there are (accounts, categories, rooms, and
// an "unassigned" row where a provider has stays without a room), where a bar goes, and which rows
// and nights are in view. The view (timeline.ts) renders only what this says is visible, so 300
// rooms x 365 nights cost the same as 30 x 30.

import type { Overbooking } from "../bindings/Overbooking";
import type { ProviderKind } from "../bindings/ProviderKind";
import type { Timeline } from "../bindings/Timeline";
import type { TimelineBar } from "../bindings/TimelineBar";
import type { TimelineRoom } from "../bindings/TimelineRoom";
import { daysBetween } from "../dates";

export type Zoom = "day" | "week" | "month" | "year";
export const ZOOMS: readonly Zoom[] = ["day", "week", "month", "year"];
/** Width of one night, in CSS pixels, per zoom level. "year" puts the whole loaded year (380
 * nights) beside the room names in the app's 1,280-pixel window: the season at a glance. */
export const NIGHT_WIDTH: Record<Zoom, number> = { day: 44, week: 20, month: 7, year: 2 };
export const ROW_HEIGHT = 30;
export const LABEL_WIDTH = 190;
export const HEAD_HEIGHT = 46;

export type Row =
  | { kind: "account"; accountId: number; label: string; provider: ProviderKind }
  | { kind: "category"; accountId: number; label: string }
  | { kind: "room"; room: TimelineRoom }
  | { kind: "unassigned"; accountId: number };

export interface Layout {
  rows: Row[];
  /** Bars per row key (`room:<id>` or `unassigned:<account>`), sorted by arrival. */
  bars: Map<string, TimelineBar[]>;
  /** Per row key, each bar's nights `[start, end)` counted from the range's first night (not
   * clipped), in the order of `bars`: worked out once here, not for every bar on every frame. */
  spans: Map<string, Array<{ start: number; end: number }>>;
  /** Per row key, 1 for each night of the range a stay holds: a free night is one lookup. */
  taken: Map<string, Uint8Array>;
  /** Reservations in an overbooking, for the red outline. */
  overbooked: Set<number>;
  nights: number;
}

export function rowKey(row: Row): string | null {
  if (row.kind === "room") return `room:${row.room.id}`;
  if (row.kind === "unassigned") return `unassigned:${row.accountId}`;
  return null;
}

/** Rows grouped by account, then category, in the order the shell sent the rooms. */
export function layout(t: Timeline): Layout {
  const bars = new Map<string, TimelineBar[]>();
  for (const bar of t.bars) {
    const key = bar.room_id === null ? `unassigned:${bar.account_id}` : `room:${bar.room_id}`;
    const list = bars.get(key);
    if (list) list.push(bar);
    else bars.set(key, [bar]);
  }
  for (const list of bars.values()) list.sort((a, b) => a.arrival.localeCompare(b.arrival));
  const rows: Row[] = [];
  let account: number | null = null;
  let category: string | null | undefined;
  const closeAccount = () => {
    if (account !== null && bars.has(`unassigned:${account}`)) rows.push({ kind: "unassigned", accountId: account });
  };
  for (const room of t.rooms) {
    if (room.account_id !== account) {
      closeAccount();
      account = room.account_id;
      category = undefined;
      rows.push({ kind: "account", accountId: room.account_id, label: room.account_label, provider: room.provider });
    }
    if (room.category_name !== category) {
      category = room.category_name;
      if (category) rows.push({ kind: "category", accountId: room.account_id, label: category });
    }
    rows.push({ kind: "room", room });
  }
  closeAccount();
  const overbooked = new Set<number>(t.overbookings.flatMap((o) => o.reservation_ids));
  const nights = daysBetween(t.from, t.to) ?? 0;
  const spans = new Map<string, Array<{ start: number; end: number }>>();
  const taken = new Map<string, Uint8Array>();
  for (const [key, list] of bars) {
    const placed = list.map((b) => ({ start: daysBetween(t.from, b.arrival) ?? 0, end: daysBetween(t.from, b.departure) ?? 0 }));
    const held = new Uint8Array(nights);
    for (const p of placed) held.fill(1, Math.max(0, p.start), Math.max(0, Math.min(nights, p.end)));
    spans.set(key, placed);
    taken.set(key, held);
  }
  return { rows, bars, spans, taken, overbooked, nights };
}

/** The half-open range `[first, end)` of items of `size` pixels visible in `[scroll, scroll + extent)`. */
export function visible(scroll: number, extent: number, size: number, count: number, overscan = 3): [number, number] {
  const first = Math.max(0, Math.floor(scroll / size) - overscan);
  const end = Math.min(count, Math.ceil((scroll + extent) / size) + overscan);
  return [first, Math.max(first, end)];
}

/** Where a stay's bar sits, in nights from the timeline's start, clipped to it; null if outside. */
export function barSpan(bar: TimelineBar, from: string, nights: number): { start: number; length: number } | null {
  const a = daysBetween(from, bar.arrival);
  const b = daysBetween(from, bar.departure);
  if (a === null || b === null) return null;
  const start = Math.max(0, a);
  const end = Math.min(nights, b);
  return end > start ? { start, length: end - start } : null;
}

/** Whether a room already holds a stay on any night of `[first, last]` (indices from the start). */
export function roomTaken(bars: readonly TimelineBar[] | undefined, from: string, first: number, last: number): boolean {
  return (bars ?? []).some((bar) => {
    const a = daysBetween(from, bar.arrival) ?? 0;
    const b = daysBetween(from, bar.departure) ?? 0;
    return a <= last && b > first;
  });
}

/** The rooms an overbooking involves, by id, for naming them. */
export function overbookingRooms(o: Overbooking, rooms: readonly TimelineRoom[]): TimelineRoom[] {
  return o.room_ids.map((id) => rooms.find((r) => r.id === id)).filter((r): r is TimelineRoom => r !== undefined);
}
