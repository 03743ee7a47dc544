// Deterministic sample data for the mocked backend: a 30-room demo hotel with ~40 reservations
// around today, a few guests, one demo account; optionally an offline account and one whose
// credentials were refused.

import type { Account } from "../bindings/Account";
import type { ActivityEntry } from "../bindings/ActivityEntry";
import type { Capabilities } from "../bindings/Capabilities";
import type { ProviderKind } from "../bindings/ProviderKind";
import type { WriteIntent } from "../bindings/WriteIntent";
import type { Guest } from "../bindings/Guest";
import type { Reservation } from "../bindings/Reservation";
import type { ReservationState } from "../bindings/ReservationState";
import type { Room } from "../bindings/Room";
import type { RoomCategory } from "../bindings/RoomCategory";
import { addDays, daysBetween } from "../dates";

export interface MockData {
  accounts: Account[];
  categories: RoomCategory[];
  rooms: Room[];
  guests: Guest[];
  reservations: Reservation[];
  activity: ActivityEntry[];
  /** Nightly rate in hundredths, per category id. */
  rates: Map<number, number>;
  currency: Map<number, string>;
  raw: Map<number, unknown>;
  /** Bookings sent whose answer was lost (`list_open_writes`). */
  intents: WriteIntent[];
}

export interface SeedOptions {
  today: string;
  now: Date;
  offline: boolean;
  authFailed: boolean;
  empty: boolean;
  /** Which providers' demo accounts to seed (default: all five). */
  providers?: readonly ProviderKind[];
  /** Add a booking whose answer was lost. */
  openWrite?: boolean;
}

const yes = { supported: true } as const;
const no = (reason: string) => ({ supported: false, reason });

/** Each provider's capabilities, word for word as crates/core capabilities.rs declares them. */
export const CAPABILITIES: Record<ProviderKind, Capabilities> = {
  mews: {
    list_reservations: yes,
    create_booking: yes,
    quote_price: yes,
    availability: yes,
    cancel: yes,
    confirm: yes,
    reject: no("Mews has no “decline”: cancel the optional reservation instead."),
    check_in: yes,
    check_out: yes,
    no_show: no("Mews's API has no operation for no-shows; handle them in Mews."),
    move_dates: no("Innkeep does not change Mews stays yet; change the dates in Mews."),
    change_room: no("Innkeep does not change Mews stays yet; move the guest in Mews."),
    restore: no("Mews cannot restore a cancelled reservation; book the stay again."),
    delete: no("Mews keeps every reservation; cancel it instead."),
    edit_guest: no("Editing Mews guests from Innkeep comes in a later version; edit them in Mews."),
    edit_notes: no("Innkeep does not change Mews notes yet; edit them in Mews."),
    group_booking: no("Innkeep books one Mews room at a time."),
    live_updates: yes,
  },
  reservanto: {
    list_reservations: yes,
    create_booking: yes,
    quote_price: no("Reservanto's API gives no price for rental bookings; the price is set in Reservanto."),
    availability: yes,
    cancel: yes,
    confirm: yes,
    reject: yes,
    check_in: yes,
    check_out: no("Reservanto records only whether the guest arrived; it has no check-out."),
    no_show: yes,
    move_dates: yes,
    change_room: no("Reservanto's API moves a booking in time only; book the other room and cancel this one."),
    restore: no("Reservanto cannot restore a cancelled booking; book it again."),
    delete: no("Reservanto keeps cancelled bookings; there is nothing to delete."),
    edit_guest: yes,
    edit_notes: no("Reservanto's API cannot change a booking's note after it is made."),
    group_booking: no("Reservanto books one resource per booking."),
    live_updates: no("Reservanto's webhooks need a public server; Innkeep polls its activity feed instead."),
  },
  "mobile-calendar": {
    list_reservations: yes,
    create_booking: yes,
    quote_price: yes,
    availability: yes,
    cancel: yes,
    confirm: no("Mobile Calendar reservations have no confirmation step: they are confirmed when made."),
    reject: no("Mobile Calendar reservations have no approval step; cancel instead."),
    check_in: yes,
    check_out: yes,
    no_show: no("Mobile Calendar's API has no no-show state; cancel the reservation instead."),
    move_dates: yes,
    change_room: yes,
    restore: yes,
    delete: no("Mobile Calendar's delete is the cancellation; it stays restorable."),
    edit_guest: yes,
    edit_notes: yes,
    group_booking: yes,
    live_updates: no("Mobile Calendar's webhooks need a public server; Innkeep polls for changes."),
  },
  timekit: {
    list_reservations: yes,
    create_booking: yes,
    quote_price: no("Timekit has no prices; agree the price with the guest."),
    availability: yes,
    cancel: yes,
    confirm: yes,
    reject: yes,
    check_in: no("Timekit bookings have no check-in."),
    check_out: no("Timekit bookings have no check-out."),
    no_show: no("Timekit bookings have no no-show state."),
    move_dates: no("Innkeep does not move Timekit bookings; cancel it and book the new dates."),
    change_room: no("Innkeep does not move Timekit bookings to another resource; cancel it and book again."),
    restore: no("Timekit cannot restore a cancelled booking."),
    delete: yes,
    edit_guest: no("Timekit keeps the guest inside each booking; it cannot be edited on its own."),
    edit_notes: yes,
    group_booking: yes,
    live_updates: no("Timekit's webhooks need a public server; Innkeep polls on a schedule."),
  },
  ectosy: {
    list_reservations: no("Ectosy's API cannot list periods: Innkeep shows only the periods created here."),
    create_booking: yes,
    quote_price: no("Ectosy tells the price only once the period is created."),
    availability: no("Ectosy's API has no availability query; check in Ectosy that the room is free."),
    cancel: yes,
    confirm: no("Ectosy's API cannot confirm a period; confirm it in Ectosy if needed."),
    reject: no("Ectosy periods have no approval step."),
    check_in: no("Ectosy's API has no check-in."),
    check_out: no("Ectosy's API has no check-out."),
    no_show: no("Ectosy's API has no no-show state."),
    move_dates: no("Ectosy cannot change a period; delete it and create a new one."),
    change_room: no("Ectosy cannot change a period; delete it and create a new one."),
    restore: no("Ectosy cannot restore a deleted period."),
    delete: no("In Ectosy, deleting a period is its cancellation."),
    edit_guest: yes,
    edit_notes: no("Ectosy periods have no notes."),
    group_booking: yes,
    live_updates: no("Ectosy's API sends no changes; Innkeep knows what it created."),
  },
};

export const MEWS_CAPABILITIES: Capabilities = CAPABILITIES.mews;

/** Every provider, in the order the UI lists them. */
export const PROVIDER_KINDS: readonly ProviderKind[] = ["mews", "reservanto", "mobile-calendar", "timekit", "ectosy"];

export const PROVIDER_NAMES: Record<ProviderKind, string> = {
  mews: "Mews",
  reservanto: "Reservanto",
  "mobile-calendar": "Mobile Calendar",
  timekit: "Timekit",
  ectosy: "Ectosy",
};

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GUESTS: [string, string, string | null, string | null, string][] = [
  ["Ana", "Nováková", "ana.novakova@example.cz", "+420 602 123 456", "CZ"],
  ["Jón", "Jónsson", "jon.jonsson@example.is", "+354 612 3456", "IS"],
  ["Katarzyna", "Kowalska", "k.kowalska@example.pl", "+48 501 234 567", "PL"],
  ["Tomáš", "Dvořák", null, "+420 731 987 654", "CZ"],
  ["Guðrún", "Sigurðardóttir", "gudrun.s@example.is", null, "IS"],
  ["Emma", "Wilson", "emma.wilson@example.co.uk", "+44 7700 900123", "GB"],
  ["Piotr", "Nowak", "piotr.nowak@example.pl", "+48 602 345 678", "PL"],
  ["Lukas", "Müller", "lukas.mueller@example.de", "+49 151 2345 6789", "DE"],
  ["Sofia", "Rossi", "sofia.rossi@example.it", null, "IT"],
  ["Jana", "Svobodová", "jana.svobodova@example.cz", "+420 777 222 333", "CZ"],
  ["Ólafur", "Einarsson", null, "+354 698 7654", "IS"],
  ["Marta", "Wiśniewska", "marta.w@example.pl", "+48 512 987 654", "PL"],
  ["James", "Carter", "j.carter@example.com", "+1 202 555 0143", "US"],
  ["Chloé", "Martin", "chloe.martin@example.fr", "+33 6 12 34 56 78", "FR"],
  ["Hiroshi", "Tanaka", "h.tanaka@example.jp", null, "JP"],
  ["Eva", "Horáková", "eva.horakova@example.cz", "+420 605 555 010", "CZ"],
];

const NOTES = [
  "Late arrival, around 22:00.",
  "Vegetarian breakfast, please.",
  "Anniversary: flowers in the room.",
  "Needs a cot for the baby.",
  "Quiet room away from the lift if possible.",
  "Arrives by train; asked about parking for a rental car on day 2.",
];

const MEWS_STATE: Record<ReservationState, string> = {
  inquiry: "Inquired",
  optional: "Optional",
  requested: "Requested",
  confirmed: "Confirmed",
  checked_in: "Started",
  checked_out: "Processed",
  cancelled: "Canceled",
  no_show: "Canceled",
  declined: "Canceled",
};

/** The provider's own state names, roughly as each API spells them. */
const PROVIDER_STATE: Record<ProviderKind, Record<ReservationState, string>> = {
  mews: MEWS_STATE,
  reservanto: {
    inquiry: "Poptávka",
    optional: "Nepotvrzená",
    requested: "Čeká na schválení",
    confirmed: "Potvrzená",
    checked_in: "Dorazil",
    checked_out: "Dorazil",
    cancelled: "Stornovaná",
    no_show: "Nedorazil",
    declined: "Zamítnutá",
  },
  "mobile-calendar": {
    inquiry: "confirmed",
    optional: "confirmed",
    requested: "confirmed",
    confirmed: "confirmed",
    checked_in: "checked_in",
    checked_out: "checked_out",
    cancelled: "deleted",
    no_show: "deleted",
    declined: "deleted",
  },
  timekit: {
    inquiry: "tentative",
    optional: "tentative",
    requested: "tentative",
    confirmed: "confirmed",
    checked_in: "confirmed",
    checked_out: "completed",
    cancelled: "cancelled_by_owner",
    no_show: "cancelled_by_owner",
    declined: "declined",
  },
  ectosy: {
    inquiry: "active",
    optional: "active",
    requested: "active",
    confirmed: "active",
    checked_in: "active",
    checked_out: "active",
    cancelled: "deleted",
    no_show: "deleted",
    declined: "deleted",
  },
};

export function mewsState(state: ReservationState): string {
  return MEWS_STATE[state];
}

export function providerState(provider: ProviderKind, state: ReservationState): string {
  return PROVIDER_STATE[provider][state];
}

/** A drawn state as the provider's state machine can have it. */
function possibleState(provider: ProviderKind, state: ReservationState): ReservationState {
  switch (provider) {
    case "mobile-calendar":
      if (state === "inquiry" || state === "optional" || state === "requested") return "confirmed";
      if (state === "no_show" || state === "declined") return "cancelled";
      return state;
    case "timekit":
      if (state === "inquiry" || state === "optional") return "requested";
      if (state === "checked_in") return "confirmed";
      if (state === "no_show") return "cancelled";
      return state;
    case "ectosy":
      return state === "cancelled" || state === "no_show" || state === "declined" ? "cancelled" : "confirmed";
    default:
      return state;
  }
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const minutesAgo = (now: Date, m: number) => iso(new Date(now.getTime() - m * 60_000));

function hexId(r: () => number): string {
  const h = () => Math.floor(r() * 0xffff).toString(16).padStart(4, "0");
  return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
}

interface PropertySpec {
  account: Account;
  categories: [string, number, string[], number][]; // name, capacity, room names, rate (whole units)
  currency: string;
  reservations: number;
  guestSlice: [number, number];
  numberBase: number;
  seed: number;
  /** Stays placed on purpose (by index), e.g. one starting tomorrow for the late-cancellation rule. */
  force?: Record<number, { offset: number; nights: number; state: ReservationState; extraRooms?: number }>;
}

export function seed(opts: SeedOptions): MockData {
  const { today, now } = opts;
  const data: MockData = {
    accounts: [],
    categories: [],
    rooms: [],
    guests: [],
    reservations: [],
    activity: [],
    rates: new Map(),
    currency: new Map(),
    raw: new Map(),
    intents: [],
  };
  const specs: PropertySpec[] = [
    {
      account: {
        id: 1,
        provider: "mews",
        label: "Demo hotel",
        base_url: "http://127.0.0.1:8601/mews",
        is_demo: true,
        status: "online",
        property_name: "Hotel Aurora",
        time_zone: "Europe/Prague",
        last_sync_at: minutesAgo(now, 4),
        offline_since: null,
        last_error: null,
        created_at: minutesAgo(now, 60 * 24 * 30),
        capabilities: MEWS_CAPABILITIES,
      },
      categories: [
        ["Single", 1, ["101", "102", "103", "104", "105", "106"], 72],
        ["Double", 2, ["107", "108", "109", "110", "111", "112", "201", "202", "203", "204", "205", "206"], 115],
        ["Twin", 2, ["207", "208", "209", "210", "211", "212"], 109],
        ["Family", 4, ["301", "302", "303", "304"], 165],
        ["Suite", 3, ["305", "306"], 240],
      ],
      currency: "EUR",
      reservations: opts.empty ? 0 : 40,
      guestSlice: [0, 16],
      numberBase: 52_700,
      seed: 42,
    },
  ];
  const demo = (id: number, provider: ProviderKind, property: string, zone: string): Account => ({
    id,
    provider,
    label: `Demo ${PROVIDER_NAMES[provider]}`,
    base_url: `http://127.0.0.1:8601/${provider}`,
    is_demo: true,
    status: "online",
    property_name: property,
    time_zone: zone,
    last_sync_at: minutesAgo(now, 4),
    offline_since: null,
    last_error: null,
    created_at: minutesAgo(now, 60 * 24 * 30),
    capabilities: CAPABILITIES[provider],
  });
  const count = (n: number) => (opts.empty ? 0 : n);
  specs.push(
    {
      account: demo(4, "reservanto", "Penzion U Lípy", "Europe/Prague"),
      categories: [
        ["Dvoulůžkový pokoj", 2, ["Pokoj 1", "Pokoj 2", "Pokoj 3", "Pokoj 4"], 1_800],
        ["Apartmán", 4, ["Apartmán A", "Apartmán B"], 3_200],
      ],
      currency: "CZK",
      reservations: count(12),
      guestSlice: [0, 10],
      numberBase: 24_100,
      seed: 11,
      // Starts tomorrow: inside Reservanto's 48-hour late-cancellation window. The next one is not.
      force: {
        0: { offset: 1, nights: 2, state: "confirmed" },
        1: { offset: 10, nights: 3, state: "confirmed" },
        2: { offset: 5, nights: 2, state: "requested" },
      },
    },
    {
      account: demo(5, "mobile-calendar", "Willa Pod Giewontem", "Europe/Warsaw"),
      categories: [
        ["Pokój dwuosobowy", 2, ["P1", "P2", "P3", "P4", "P5"], 320],
        ["Studio", 3, ["S1", "S2"], 450],
      ],
      currency: "PLN",
      reservations: count(12),
      guestSlice: [2, 14],
      numberBase: 7_400,
      seed: 23,
      force: {
        0: { offset: 6, nights: 3, state: "confirmed", extraRooms: 1 },
        1: { offset: 12, nights: 2, state: "confirmed" },
        2: { offset: 9, nights: 2, state: "cancelled" },
      },
    },
    {
      account: demo(6, "timekit", "Fjord Cabins", "Atlantic/Reykjavik"),
      categories: [["Cabin", 4, ["Cabin North", "Cabin South", "Cabin East"], 0]],
      currency: "ISK",
      reservations: count(8),
      guestSlice: [1, 8],
      numberBase: 900,
      seed: 31,
      force: {
        0: { offset: 4, nights: 2, state: "requested" },
        1: { offset: -6, nights: 2, state: "checked_out" },
        2: { offset: 8, nights: 3, state: "confirmed", extraRooms: 1 },
      },
    },
    {
      account: demo(7, "ectosy", "Kamp Lavanda", "Europe/Zagreb"),
      categories: [
        ["Mobilna kućica", 4, ["MH 1", "MH 2", "MH 3"], 95],
        ["Parcela", 6, ["Parcela 10", "Parcela 11"], 35],
      ],
      currency: "EUR",
      reservations: count(3),
      guestSlice: [5, 9],
      numberBase: 300,
      seed: 47,
      force: {
        0: { offset: 3, nights: 4, state: "confirmed" },
        1: { offset: 15, nights: 7, state: "confirmed" },
        2: { offset: 30, nights: 2, state: "confirmed" },
      },
    },
  );
  const wanted = opts.providers ?? PROVIDER_KINDS;
  for (let i = specs.length - 1; i >= 0; i--) if (!wanted.includes(specs[i]!.account.provider)) specs.splice(i, 1);
  if (opts.offline) {
    specs.push({
      account: {
        id: 2,
        provider: "mews",
        label: "Lakeside Guesthouse",
        base_url: "https://api.mews.com",
        is_demo: false,
        status: "offline",
        property_name: "Lakeside Guesthouse",
        time_zone: "Atlantic/Reykjavik",
        last_sync_at: minutesAgo(now, 200),
        offline_since: minutesAgo(now, 185),
        last_error: "Mews could not be reached (no network connection).",
        created_at: minutesAgo(now, 60 * 24 * 90),
        capabilities: MEWS_CAPABILITIES,
      },
      categories: [
        ["Double", 2, ["A", "B", "C", "D"], 24_900],
        ["Cabin", 4, ["Cabin 1", "Cabin 2"], 38_500],
      ],
      currency: "ISK",
      reservations: opts.empty ? 0 : 8,
      guestSlice: [1, 6],
      numberBase: 8_100,
      seed: 7,
    });
  }
  if (opts.authFailed) {
    specs.push({
      account: {
        id: 3,
        provider: "mews",
        label: "Old Town Apartments",
        base_url: "https://api.mews.com",
        is_demo: false,
        status: "auth_failed",
        property_name: "Old Town Apartments",
        time_zone: "Europe/Warsaw",
        last_sync_at: minutesAgo(now, 60 * 26),
        offline_since: null,
        last_error: "Mews refused the access token. It may have been revoked or may have expired.",
        created_at: minutesAgo(now, 60 * 24 * 200),
        capabilities: MEWS_CAPABILITIES,
      },
      categories: [["Apartment", 4, ["Apt 1", "Apt 2", "Apt 3"], 420]],
      currency: "PLN",
      reservations: opts.empty ? 0 : 5,
      guestSlice: [2, 12],
      numberBase: 3_300,
      seed: 99,
    });
  }

  let categoryId = 1;
  let roomId = 1;
  let guestId = 1;
  let reservationId = 1;
  let activityId = 1;

  for (const spec of specs) {
    const r = rng(spec.seed);
    const a = spec.account;
    data.accounts.push(a);
    data.activity.push({
      id: activityId++,
      at: a.created_at,
      account_id: a.id,
      action: "account.add",
      summary: `Added ${a.label} (${PROVIDER_NAMES[a.provider]}).`,
      outcome: "ok",
      provider_ref: null,
      reservation_id: null,
    });
    const cats: { cat: RoomCategory; rooms: Room[]; rate: number }[] = [];
    for (const [name, capacity, roomNames, rate] of spec.categories) {
      const cat: RoomCategory = {
        id: categoryId++,
        account_id: a.id,
        provider_id: hexId(r),
        name,
        capacity,
        room_count: roomNames.length,
      };
      data.categories.push(cat);
      data.rates.set(cat.id, rate * 100);
      data.currency.set(cat.id, spec.currency);
      const rooms = roomNames.map((n) => {
        const room: Room = {
          id: roomId++,
          account_id: a.id,
          provider_id: hexId(r),
          name: n,
          category_id: cat.id,
          category_name: cat.name,
          floor: /^\d/.test(n) ? n.slice(0, 1) : null,
        };
        data.rooms.push(room);
        return room;
      });
      cats.push({ cat, rooms, rate: rate * 100 });
    }
    const guests: Guest[] = GUESTS.slice(...spec.guestSlice).map(([first, last, email, phone, nat]) => {
      const g: Guest = {
        id: guestId++,
        account_id: a.id,
        account_label: a.label,
        provider_id: hexId(r),
        first_name: first,
        last_name: last,
        email,
        phone,
        nationality: nat,
        reservation_count: 0,
      };
      data.guests.push(g);
      return g;
    });

    for (let i = 0; i < spec.reservations; i++) {
      const drawnOffset = Math.floor(r() * 56) - 21;
      const drawnNights = 1 + Math.floor(r() * r() * 7);
      // Every tenth stay is in house today, whatever the draws: a demo hotel is rarely empty.
      const inHouse = i % 10 === 4;
      const forced = spec.force?.[i];
      const offset = forced ? forced.offset : inHouse ? -1 - (i % 3) : drawnOffset;
      const nights = forced ? forced.nights : inHouse ? Math.max(drawnNights, 2 - offset) : drawnNights;
      const arrival = addDays(today, offset);
      const departure = addDays(arrival, nights);
      const c = cats[Math.floor(r() * cats.length)]!;
      const guest = guests[Math.floor(r() * guests.length)]!;
      const roll = r();
      let state: ReservationState;
      if (departure <= today) state = roll < 0.8 ? "checked_out" : roll < 0.93 ? "cancelled" : "no_show";
      else if (arrival < today) state = "checked_in";
      else if (arrival === today) state = roll < 0.5 ? "checked_in" : "confirmed";
      else
        state =
          roll < 0.6
            ? "confirmed"
            : roll < 0.72
              ? "optional"
              : roll < 0.8
                ? "requested"
                : roll < 0.87
                  ? "inquiry"
                  : roll < 0.95
                    ? "cancelled"
                    : "declined";
      state = possibleState(a.provider, forced?.state ?? state);
      const unassigned = (state === "inquiry" || state === "requested" || state === "optional") && r() < 0.6;
      const room = unassigned && !forced ? null : c.rooms[Math.floor(r() * c.rooms.length)]!;
      const extraRooms = room ? c.rooms.filter((x) => x.id !== room.id).slice(0, forced?.extraRooms ?? 0) : [];
      const adults = Math.max(1, Math.min(c.cat.capacity, 1 + Math.floor(r() * c.cat.capacity)));
      const children = c.cat.capacity - adults >= 1 && r() < 0.4 ? 1 : 0;
      const createdDaysBefore = 2 + Math.floor(r() * 60);
      const created = new Date(Date.parse(`${arrival}T10:00:00Z`) - createdDaysBefore * 86_400_000 + Math.floor(r() * 36_000_000));
      const createdAt = created.getTime() > now.getTime() ? minutesAgo(now, 90) : iso(created);
      const res: Reservation = {
        id: reservationId++,
        account_id: a.id,
        account_label: a.label,
        provider: a.provider,
        provider_id: hexId(r),
        number: String(spec.numberBase + i * 7 + Math.floor(r() * 7)),
        state,
        provider_state: providerState(a.provider, state),
        arrival,
        departure,
        guest_id: guest.id,
        guest_name: `${guest.first_name} ${guest.last_name}`,
        room_id: room?.id ?? null,
        room_name: room?.name ?? null,
        additional_room_names: extraRooms.map((x) => x.name),
        category_name: c.cat.name,
        adults,
        children,
        total:
          state === "inquiry" || c.rate === 0
            ? null
            : { amount_minor: (c.rate * nights + children * 1500 * nights) * (1 + extraRooms.length), currency: spec.currency },
        notes: r() < 0.22 ? NOTES[Math.floor(r() * NOTES.length)]! : null,
        created_at: createdAt,
        updated_at: createdAt,
      };
      guest.reservation_count++;
      data.reservations.push(res);
      data.raw.set(res.id, rawRecord(res, c.cat.provider_id, room?.provider_id ?? null, guest.provider_id));
      if (state === "cancelled" && i % 2 === 0) {
        data.activity.push({
          id: activityId++,
          at: minutesAgo(now, 60 * 24 * (1 + (i % 5))),
          account_id: a.id,
          action: "reservation.cancel",
          summary: `Cancelled reservation ${res.number} (${res.guest_name}).`,
          outcome: "ok",
          provider_ref: res.provider_id,
          reservation_id: res.id,
        });
      }
      if ((i % 9 === 4 && state === "confirmed") || a.provider === "ectosy") {
        data.activity.push({
          id: activityId++,
          at: createdAt,
          account_id: a.id,
          action: "booking.create",
          summary: `Created booking ${res.number} for ${res.guest_name}, ${arrival} to ${departure}.`,
          outcome: "ok",
          provider_ref: res.provider_id,
          reservation_id: res.id,
        });
      }
    }
    const syncs = a.status === "online" ? [4, 64, 124, 184] : [200, 260];
    for (const m of syncs) {
      data.activity.push({
        id: activityId++,
        at: minutesAgo(now, m),
        account_id: a.id,
        action: "sync",
        summary: `Synced ${a.label}: ${spec.reservations} reservations, ${guests.length} guests, ${cats.reduce((n, c) => n + c.rooms.length, 0)} rooms.`,
        outcome: "ok",
        provider_ref: null,
        reservation_id: null,
      });
    }
    if (a.status === "offline" || a.status === "auth_failed") {
      data.activity.push({
        id: activityId++,
        at: minutesAgo(now, a.status === "offline" ? 185 : 60 * 26 - 5),
        account_id: a.id,
        action: "sync",
        summary: `Sync of ${a.label} failed: ${a.last_error}`,
        outcome: "failed",
        provider_ref: null,
        reservation_id: null,
      });
    }
  }
  const firstNonMews = data.accounts.find((a) => a.provider !== "mews") ?? data.accounts[0];
  if (opts.openWrite && firstNonMews) {
    const sent = minutesAgo(now, 42);
    data.intents.push({
      id: 1,
      account_id: firstNonMews.id,
      reference: "7f3c2a1e-5b8d-4c1a-9e0f-2d4b6a8c0e12",
      action: "booking.create",
      request: {
        account_id: firstNonMews.id,
        category_id: data.categories.find((c) => c.account_id === firstNonMews.id)?.id ?? 1,
        arrival: addDays(today, 20),
        departure: addDays(today, 23),
        adults: 2,
        children: 0,
        guest: { new: { first_name: "Lena", last_name: "Berger" } },
      },
      state: "unknown",
      provider_id: null,
      error: "The connection broke before the provider answered.",
      created_at: sent,
      updated_at: sent,
    });
  }
  data.activity.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : y.id - x.id));
  return data;
}

/** A Mews-shaped record, as `ReservationDetail.raw` carries it. */
export function rawRecord(res: Reservation, categoryRef: string, roomRef: string | null, customerRef: string): unknown {
  return {
    Id: res.provider_id,
    Number: res.number,
    State: res.provider_state,
    Origin: "Connector",
    StartUtc: `${res.arrival}T14:00:00Z`,
    EndUtc: `${res.departure}T10:00:00Z`,
    RequestedCategoryId: categoryRef,
    AssignedResourceId: roomRef,
    AccountId: customerRef,
    PersonCounts: [
      { AgeCategoryId: "adult", Count: res.adults },
      ...(res.children ? [{ AgeCategoryId: "child", Count: res.children }] : []),
    ],
    Notes: res.notes,
    CreatedUtc: res.created_at,
    UpdatedUtc: res.updated_at,
    Nights: daysBetween(res.arrival, res.departure),
  };
}
