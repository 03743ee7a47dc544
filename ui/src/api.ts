// One typed function per command of docs/ipc.md. Every rejection is normalized to an AppError.
// Reads that screens show go through `queries` (the query cache); writes go through `api` and then
// invalidate the cache themselves, on top of the shell's `data-changed` event.

import { invoke } from "@tauri-apps/api/core";
import type { Account } from "./bindings/Account";
import type { AccountChanges } from "./bindings/AccountChanges";
import type { AccountLiveStatus } from "./bindings/AccountLiveStatus";
import type { ActivityEntry } from "./bindings/ActivityEntry";
import type { AppStatus } from "./bindings/AppStatus";
import type { BookingDraft } from "./bindings/BookingDraft";
import type { ConnectionCheck } from "./bindings/ConnectionCheck";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportOutcome } from "./bindings/ExportOutcome";
import type { Guest } from "./bindings/Guest";
import type { NewAccount } from "./bindings/NewAccount";
import type { Quote } from "./bindings/Quote";
import type { Reservation } from "./bindings/Reservation";
import type { ReservationDetail } from "./bindings/ReservationDetail";
import type { ReservationQuery } from "./bindings/ReservationQuery";
import type { RoomList } from "./bindings/RoomList";
import type { SearchResults } from "./bindings/SearchResults";
import type { StateAction } from "./bindings/StateAction";
import type { GuestEdit } from "./bindings/GuestEdit";
import type { ReservationAction } from "./bindings/ReservationAction";
import type { WriteIntent } from "./bindings/WriteIntent";
import type { OutboxEdit } from "./bindings/OutboxEdit";
import type { OutboxEntry } from "./bindings/OutboxEntry";
import type { Written } from "./bindings/Written";
import type { Timeline } from "./bindings/Timeline";
import type { TodayBoard } from "./bindings/TodayBoard";
import { toAppError } from "./errors";
import { QueryCache, queryKey, type QueryState } from "./query";

export type Transport = (command: string, args?: Record<string, unknown>) => Promise<unknown>;

let transport: Transport = (command, args) => invoke(command, args);

/** Replaces how commands are sent (tests). */
export function setTransport(next: Transport): void {
  transport = next;
}

/** Drops `undefined` members: an absent optional argument is simply not sent. */
function compact(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return (await transport(command, args ? compact(args) : undefined)) as T;
  } catch (err) {
    throw toAppError(err);
  }
}

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  /**
   * The first screen is drawn: the shell's sync at start may begin. `timing`: when the page began
   * to load (ms since the epoch) and when its start's steps ended (ms after that), for the log.
   */
  uiReady: (timing: { origin_ms: number; marks: Record<string, number> }) => call<null>("ui_ready", { timing }),
  listAccounts: () => call<Account[]>("list_accounts"),
  testConnection: (account: NewAccount) => call<ConnectionCheck>("test_connection", { account }),
  addAccount: (account: NewAccount) => call<Account>("add_account", { account }),
  replaceCredentials: (accountId: number, credentials: Record<string, string>) =>
    call<Account>("replace_credentials", { accountId, credentials }),
  removeAccount: (accountId: number) => call<null>("remove_account", { accountId }),
  syncNow: (accountId?: number, full?: boolean) => call<null>("sync_now", { accountId, full }),
  cancelSync: (accountId: number) => call<boolean>("cancel_sync", { accountId }),
  whatChanged: () => call<AccountChanges[]>("what_changed"),
  markChangesSeen: (accountId: number, upto?: number) => call<null>("mark_changes_seen", { accountId, upto }),
  liveStatuses: () => call<AccountLiveStatus[]>("live_statuses"),
  listReservations: (query: ReservationQuery) => call<Reservation[]>("list_reservations", { query }),
  getReservation: (id: number) => call<ReservationDetail>("get_reservation", { id }),
  /** Kept in the outbox (`queued`) when the provider cannot be reached. */
  cancelReservation: (id: number, reason?: string, overrideLate?: boolean) =>
    call<Written<Reservation>>("cancel_reservation", {
      id,
      reason: reason?.trim() ? reason.trim() : undefined,
      overrideLate: overrideLate || undefined,
    }),
  changeReservationState: (id: number, action: StateAction) =>
    call<Written<Reservation>>("change_reservation_state", { id, action }),
  actOnReservation: (id: number, action: ReservationAction) => call<Reservation>("act_on_reservation", { id, action }),
  editGuest: (id: number, edit: GuestEdit) => call<Guest>("edit_guest", { id, edit }),
  listOpenWrites: () => call<WriteIntent[]>("list_open_writes"),
  recheckWrite: (id: number) => call<WriteIntent>("recheck_write", { id }),
  dismissWrite: (id: number) => call<null>("dismiss_write", { id }),
  listGuests: (search?: string) => call<Guest[]>("list_guests", { search: search?.trim() ? search.trim() : undefined }),
  getGuest: (id: number) => call<Guest>("get_guest", { id }),
  searchEverything: (query: string) => call<SearchResults>("search_everything", { query }),
  listRooms: (accountId: number) => call<RoomList>("list_rooms", { accountId }),
  quoteBooking: (draft: BookingDraft) => call<Quote>("quote_booking", { draft }),
  createBooking: (draft: BookingDraft) => call<Written<Reservation>>("create_booking", { draft }),
  listOutbox: (accountId?: number) => call<OutboxEntry[]>("list_outbox", { accountId }),
  editOutboxEntry: (id: number, edit: OutboxEdit) => call<OutboxEntry>("edit_outbox_entry", { id, edit }),
  discardOutboxEntry: (id: number) => call<null>("discard_outbox_entry", { id }),
  sendOutbox: (accountId: number) => call<OutboxEntry[]>("send_outbox", { accountId }),
  listActivity: (accountId?: number, limit?: number) =>
    call<ActivityEntry[]>("list_activity", { accountId, limit }),
  getTimeline: (from: string, to: string) => call<Timeline>("get_timeline", { from, to }),
  getToday: (date: string) => call<TodayBoard>("get_today", { date }),
  linkRooms: (roomIds: number[]) => call<null>("link_rooms", { roomIds }),
  unlinkRoom: (roomId: number) => call<null>("unlink_room", { roomId }),
  /** Opens the native save dialog; `null` when the manager cancels it. */
  chooseExportPath: (format: ExportFormat, fileName: string) =>
    call<string | null>("choose_export_path", { format, fileName }),
  exportReservations: (query: ReservationQuery, format: ExportFormat, path: string) =>
    call<ExportOutcome>("export_reservations", { query, format, path }),
};

export const cache = new QueryCache();

function read<T>(command: string, args: Record<string, unknown> | undefined, fetch: () => Promise<T>): QueryState<T> {
  return cache.read(queryKey(command, args === undefined ? undefined : compact(args)), fetch);
}

/** Cached reads, for use while rendering. */
export const queries = {
  appStatus: () => read("app_status", undefined, api.appStatus),
  accounts: () => read("list_accounts", undefined, api.listAccounts),
  openWrites: () => read("list_open_writes", undefined, api.listOpenWrites),
  outbox: () => read("list_outbox", undefined, () => api.listOutbox()),
  whatChanged: () => read("what_changed", undefined, api.whatChanged),
  reservations: (query: ReservationQuery) => read("list_reservations", { query }, () => api.listReservations(query)),
  reservation: (id: number) => read("get_reservation", { id }, () => api.getReservation(id)),
  guests: (search?: string) => {
    const s = search?.trim() || undefined;
    return read("list_guests", { search: s }, () => api.listGuests(s));
  },
  guest: (id: number) => read("get_guest", { id }, () => api.getGuest(id)),
  search: (query: string) => read("search_everything", { query }, () => api.searchEverything(query)),
  rooms: (accountId: number) => read("list_rooms", { accountId }, () => api.listRooms(accountId)),
  quote: (draft: BookingDraft) => read("quote_booking", { draft }, () => api.quoteBooking(draft)),
  activity: (accountId?: number, limit?: number) =>
    read("list_activity", { accountId, limit }, () => api.listActivity(accountId, limit)),
  timeline: (from: string, to: string) => read("get_timeline", { from, to }, () => api.getTimeline(from, to)),
  today: (date: string) => read("get_today", { date }, () => api.getToday(date)),
};
