// The timeline and Today board of the mock backend, computed from its data the way the shell's
// store computes them (store/src/timeline.rs, core/src/desk.rs), for the browser demo and tests.

import type { NightOccupancy } from "../bindings/NightOccupancy";
import type { Overbooking } from "../bindings/Overbooking";
import type { Reservation } from "../bindings/Reservation";
import type { Timeline } from "../bindings/Timeline";
import type { TimelineBar } from "../bindings/TimelineBar";
import type { TimelineRoom } from "../bindings/TimelineRoom";
import type { TodayBoard } from "../bindings/TodayBoard";
import { addDays } from "../dates";
import type { MockData } from "./seed";

const FREE = new Set(["cancelled", "no_show", "declined"]);

export function timelineRooms(data: MockData, links: ReadonlyMap<number, number>): TimelineRoom[] {
  const rooms: TimelineRoom[] = [];
  const accounts = [...data.accounts].sort((a, b) => a.label.localeCompare(b.label) || a.id - b.id);
  for (const a of accounts) {
    const cats = data.categories.filter((c) => c.account_id === a.id);
    const inAccount = data.rooms.filter((r) => r.account_id === a.id);
    const order = (r: (typeof inAccount)[number]) => cats.findIndex((c) => c.id === r.category_id);
    inAccount.sort((x, y) => order(x) - order(y) || x.name.length - y.name.length || x.name.localeCompare(y.name));
    for (const r of inAccount)
      rooms.push({
        id: r.id,
        account_id: a.id,
        account_label: a.label,
        provider: a.provider,
        name: r.name,
        category_id: r.category_id,
        category_name: r.category_name,
        link_group: links.get(r.id) ?? null,
      });
  }
  return rooms;
}

function barsOf(data: MockData, from: string, to: string): TimelineBar[] {
  const bars: TimelineBar[] = [];
  for (const r of data.reservations) {
    if (FREE.has(r.state) || !(r.departure > from && r.arrival < to)) continue;
    const base = { reservation_id: r.id, account_id: r.account_id, arrival: r.arrival, departure: r.departure, state: r.state, guest_name: r.guest_name, number: r.number };
    bars.push({ ...base, room_id: r.room_id });
    for (const name of r.additional_room_names) {
      const room = data.rooms.find((x) => x.account_id === r.account_id && x.name === name);
      if (room) bars.push({ ...base, room_id: room.id });
    }
  }
  return bars.sort((a, b) => a.arrival.localeCompare(b.arrival) || a.reservation_id - b.reservation_id);
}

function physical(rooms: readonly TimelineRoom[], id: number | null): number | null {
  const room = rooms.find((r) => r.id === id);
  if (!room) return null;
  return room.link_group ?? -room.id;
}

export function overbookings(rooms: readonly TimelineRoom[], bars: readonly TimelineBar[], from: string, to: string): Overbooking[] {
  const found: Overbooking[] = [];
  for (let i = 0; i < bars.length; i++) {
    for (let j = i + 1; j < bars.length; j++) {
      const [a, b] = [bars[i]!, bars[j]!];
      if (a.reservation_id === b.reservation_id) continue;
      const key = physical(rooms, a.room_id);
      if (key === null || key !== physical(rooms, b.room_id)) continue;
      const first = [a.arrival, b.arrival, from].sort().at(-1)!;
      const end = [a.departure, b.departure, to].sort()[0]!;
      if (first >= end) continue;
      found.push({
        room_ids: [...new Set([a.room_id!, b.room_id!])].sort((x, y) => x - y),
        reservation_ids: [a.reservation_id, b.reservation_id],
        first_night: first,
        last_night: addDays(end, -1),
        across_accounts: key > 0 && a.account_id !== b.account_id,
      });
    }
  }
  return found.sort((x, y) => x.first_night.localeCompare(y.first_night));
}

export function timeline(data: MockData, links: ReadonlyMap<number, number>, from: string, to: string): Timeline {
  const rooms = timelineRooms(data, links);
  const bars = barsOf(data, from, to);
  return { from, to, rooms, bars, overbookings: overbookings(rooms, bars, from, to) };
}

export function today(data: MockData, links: ReadonlyMap<number, number>, date: string, nights = 15): TodayBoard {
  const t = timeline(data, links, date, addDays(date, nights));
  const keys = new Set(t.rooms.map((r) => physical(t.rooms, r.id)));
  const occupancy: NightOccupancy[] = [];
  for (let i = 0; i < nights; i++) {
    const night = addDays(date, i);
    const taken = new Set<number>();
    let unassigned = 0;
    for (const b of t.bars.filter((x) => x.arrival <= night && night < x.departure)) {
      const k = physical(t.rooms, b.room_id);
      if (k === null) unassigned++;
      else taken.add(k);
    }
    occupancy.push({ night, occupied: Math.min(keys.size, taken.size + unassigned), rooms: keys.size });
  }
  const holding = data.reservations.filter((r) => !FREE.has(r.state));
  const by = (keep: (r: Reservation) => boolean) => holding.filter(keep).sort((a, b) => a.arrival.localeCompare(b.arrival));
  return {
    date,
    arrivals: by((r) => r.arrival === date),
    departures: by((r) => r.departure === date),
    in_house: by((r) => r.departure > date && (r.arrival < date || r.state === "checked_in") && r.state !== "checked_out"),
    occupancy,
    overbookings: t.overbookings,
  };
}
