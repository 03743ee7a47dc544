// An in-memory stand-in for the Rust shell, speaking the commands and events of docs/ipc.md, so
// every screen and flow runs in a plain browser (mock.html) and in tests. Its rules follow the
// shell's (validation messages of crates/core validate.rs, offline accounts refuse actions).

import type { Account } from "../bindings/Account";
import type { AccountLiveStatus } from "../bindings/AccountLiveStatus";
import type { LiveStatus } from "../bindings/LiveStatus";
import type { ActivityEntry } from "../bindings/ActivityEntry";
import type { AppStatus } from "../bindings/AppStatus";
import type { BookingDraft } from "../bindings/BookingDraft";
import type { ConnectionCheck } from "../bindings/ConnectionCheck";
import type { ErrorKind } from "../bindings/ErrorKind";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { Guest } from "../bindings/Guest";
import type { NewAccount } from "../bindings/NewAccount";
import type { Quote } from "../bindings/Quote";
import type { Reservation } from "../bindings/Reservation";
import type { AccountChanges } from "../bindings/AccountChanges";
import type { ReservationDetail } from "../bindings/ReservationDetail";
import type { ReservationQuery } from "../bindings/ReservationQuery";
import type { ReservationState } from "../bindings/ReservationState";
import type { Room } from "../bindings/Room";
import type { RoomList } from "../bindings/RoomList";
import type { SearchResults } from "../bindings/SearchResults";
import type { StateAction } from "../bindings/StateAction";
import type { GuestEdit } from "../bindings/GuestEdit";
import type { NewGuest } from "../bindings/NewGuest";
import type { ProviderKind } from "../bindings/ProviderKind";
import type { ReservationAction } from "../bindings/ReservationAction";
import type { WriteIntent } from "../bindings/WriteIntent";
import type { OutboxEdit } from "../bindings/OutboxEdit";
import type { OutboxEntry } from "../bindings/OutboxEntry";
import type { Written } from "../bindings/Written";
import type { SyncChange } from "../bindings/SyncChange";
import type { SyncPhase } from "../bindings/SyncPhase";
import type { SyncProgress } from "../bindings/SyncProgress";
import { addDays, daysBetween, isValidIsoDate, todayIn } from "../dates";
import type { AppError } from "../bindings/AppError";
import { timeline as deskTimeline, today as deskToday } from "./desk";
import { fold } from "../text";
import { CAPABILITIES, PROVIDER_NAMES, providerState, rawRecord, seed, type MockData } from "./seed";

export interface MockOptions {
  offline?: boolean;
  authFailed?: boolean;
  noKeyring?: boolean;
  empty?: boolean;
  /** Delay of every answer, ms. */
  latencyMs?: number;
  /** Delay between sync phases, ms. */
  syncStepMs?: number;
  /** Commands that fail with the given kind. */
  fail?: Record<string, ErrorKind>;
  now?: Date;
  /** Which providers get a demo account (default: all five; "Demo hotel" is the Mews one). */
  providers?: readonly ProviderKind[];
  /** Seed a booking whose answer was lost (`list_open_writes`). */
  openWrite?: boolean;
  /**
   * The folder the save dialog answers with (`choose_export_path`), default `/home/demo/Downloads`;
   * `null` = the manager cancels it. A folder containing `readonly` refuses the write as the shell does.
   */
  exportFolder?: string | null;
}

/** What an export wrote (the mock keeps it instead of a file). */
export interface MockExport {
  path: string;
  format: ExportFormat;
  query: ReservationQuery;
  rows: Reservation[];
}

export type Emit = (event: string, payload: unknown) => void;

const FINAL: readonly ReservationState[] = ["checked_out", "cancelled", "no_show", "declined"];

/** The credential fields each provider needs (crates/core validate.rs `credential_fields`). */
export const CREDENTIALS: Record<ProviderKind, readonly string[]> = {
  mews: ["client_token", "access_token"],
  reservanto: ["long_time_token"],
  "mobile-calendar": ["client_id", "client_secret"],
  timekit: ["app_key"],
  ectosy: ["api_key"],
};

/** Hours before arrival inside which a provider refuses a cancellation unless overridden. */
const LATE_CANCEL_HOURS: Partial<Record<ProviderKind, number>> = { reservanto: 48 };

type ActionKind = ReservationAction["kind"];

/** The states an action starts from (crates/services actions.rs `resolve`); absent = any. */
const ALLOWED_FROM: Partial<Record<ActionKind, { states: readonly ReservationState[]; what: string }>> = {
  confirm: { states: ["inquiry", "optional", "requested"], what: "confirmed" },
  reject: { states: ["inquiry", "optional", "requested"], what: "rejected" },
  check_in: { states: ["confirmed"], what: "checked in" },
  check_out: { states: ["checked_in"], what: "checked out" },
  no_show: { states: ["confirmed", "optional", "requested"], what: "marked as no-show" },
  restore: { states: ["cancelled"], what: "restored" },
};

/** Where a successful action leaves the reservation. */
const RESULT: Partial<Record<ActionKind, ReservationState>> = {
  confirm: "confirmed",
  reject: "declined",
  check_in: "checked_in",
  check_out: "checked_out",
  no_show: "no_show",
  cancel: "cancelled",
  restore: "confirmed",
};

const VERB: Record<ActionKind, string> = {
  confirm: "Confirming",
  reject: "Rejecting",
  check_in: "Checking in",
  check_out: "Checking out",
  no_show: "Marking as no-show",
  cancel: "Cancelling",
  move: "Moving",
  restore: "Restoring",
  delete: "Deleting",
  edit_notes: "Changing the notes of",
};

const OCCUPYING = (s: ReservationState) => s !== "cancelled" && s !== "no_show" && s !== "declined";

const CANNED: Record<ErrorKind, string> = {
  auth: "Mews refused the access token. It may have been revoked or may have expired.",
  forbidden: "Mews does not allow this for this reservation.",
  not_found: "Mews no longer knows this record.",
  conflict: "The room was taken meanwhile.",
  validation: "Mews did not accept the input.",
  rate_limited: "Mews asks Innkeep to slow down.",
  unavailable: "Mews answered with a server error.",
  malformed: "Mews answered something Innkeep does not understand.",
  offline: "Mews could not be reached (no network connection).",
  late_cancellation: "The property's late-cancellation rule does not allow cancelling this booking so close to its start.",
  keyring: "The system keyring is locked.",
  internal: "The local database could not be read.",
};

function err(kind: ErrorKind, message: string, field?: string, retry?: number): AppError {
  const e: AppError = { kind, message };
  if (field) e.field = field;
  if (retry !== undefined) e.retry_after_secs = retry;
  return e;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** The shell's guest search (store guests.rs): every typed word, split at anything but letters and
 * digits, starts a word of the name, e-mail or phone; digits also match inside the phone's digits. */
export function guestMatches(g: Pick<Guest, "first_name" | "last_name" | "email" | "phone">, search: string): boolean {
  const words = fold(search).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return false;
  const tokens = fold([g.first_name, g.last_name, g.email, g.phone].filter(Boolean).join(" ")).split(/[^\p{L}\p{N}]+/u);
  const digits = (g.phone ?? "").replace(/\D/g, "");
  return words.every((w) => tokens.some((x) => x.startsWith(w)) || (/^\d+$/.test(w) && w.length >= 3 && digits.includes(w)));
}

const SEARCH_LIMIT_PER_KIND = 8;
/** The shell's GUEST_PAGE (services/src/reads.rs). */
const GUEST_PAGE = 200;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class MockBackend {
  readonly data: MockData;
  private readonly opts: MockOptions;
  private readonly settings = new Map<string, unknown>();
  private readonly now: () => Date;
  private nextId = 10_000;

  constructor(
    private readonly emit: Emit,
    opts: MockOptions = {},
  ) {
    this.opts = opts;
    const fixedNow = opts.now;
    this.now = () => fixedNow ?? new Date();
    this.data = seed({
      today: todayIn("Europe/Prague", this.now()),
      now: this.now(),
      offline: !!opts.offline,
      authFailed: !!opts.authFailed,
      empty: !!opts.empty,
      ...(opts.providers ? { providers: opts.providers } : {}),
      openWrite: !!opts.openWrite,
    });
  }

  /** The mockIPC handler: answers like the shell, after the configured latency. */
  async handle(cmd: string, args: Record<string, unknown> = {}): Promise<unknown> {
    // Plugin calls (the settings store) are local in the real app too: no provider latency.
    if (this.opts.latencyMs && !cmd.startsWith("plugin:")) await sleep(this.opts.latencyMs);
    const failKind = this.opts.fail?.[cmd];
    if (failKind) throw err(failKind, CANNED[failKind], undefined, failKind === "rate_limited" ? 30 : undefined);
    return clone(await this.dispatch(cmd, clone(args)));
  }

  private dispatch(cmd: string, a: Record<string, unknown>): unknown {
    switch (cmd) {
      case "app_status":
        return this.appStatus();
      case "ui_ready":
        return null;
      case "list_accounts":
        return this.data.accounts;
      case "test_connection":
        return this.testConnection(a.account as NewAccount);
      case "add_account":
        return this.addAccount(a.account as NewAccount);
      case "replace_credentials":
        return this.replaceCredentials(a.accountId as number, a.credentials as Record<string, string>);
      case "remove_account":
        return this.removeAccount(a.accountId as number);
      case "sync_now":
        return this.syncNow(a.accountId as number | undefined, a.full === true);
      case "cancel_sync":
        return this.cancelSync(a.accountId as number);
      case "what_changed":
        return this.whatChanged();
      case "mark_changes_seen":
        return this.markChangesSeen(a.accountId as number, a.upto as number | undefined);
      case "live_statuses":
        return this.liveStatuses();
      case "list_reservations":
        return this.listReservations((a.query ?? {}) as ReservationQuery);
      case "get_reservation":
        return this.getReservation(a.id as number);
      case "cancel_reservation":
        return this.writtenOn(a.id as number, "cancel", { kind: "cancel", override_late: a.overrideLate === true, ...(a.reason !== undefined ? { reason: a.reason as string } : {}) }, () =>
          a.overrideLate === true
            ? this.act(a.id as number, { kind: "cancel", override_late: true, ...(a.reason !== undefined ? { reason: a.reason as string } : {}) })
            : this.cancel(a.id as number, a.reason as string | undefined),
        );
      case "change_reservation_state":
        return this.writtenOn(a.id as number, String(a.action), { kind: a.action }, () => this.changeState(a.id as number, a.action as StateAction));
      case "act_on_reservation":
        return this.act(a.id as number, a.action as ReservationAction);
      case "edit_guest":
        return this.editGuest(a.id as number, (a.edit ?? {}) as GuestEdit);
      case "list_open_writes":
        return this.data.intents.filter((x) => x.state === "pending" || x.state === "unknown");
      case "recheck_write":
        return this.settleWrite(a.id as number, "failed", "Not made: the room is held by another booking.");
      case "dismiss_write":
        this.settleWrite(a.id as number, "failed", "Dismissed after checking with the provider.");
        return null;
      case "list_guests":
        return this.listGuests(a.search as string | undefined);
      case "get_guest":
        return this.getGuest(a.id as number);
      case "search_everything":
        return this.searchEverything(a.query as string);
      case "list_rooms":
        return this.listRooms(a.accountId as number);
      case "quote_booking":
        return this.quote(a.draft as BookingDraft);
      case "create_booking": {
        const d = a.draft as BookingDraft;
        return this.written(d.account_id, "create", d, null, () => this.create(d));
      }
      case "list_outbox":
        return this.outbox.filter((e) => e.state !== "sent" && (a.accountId === undefined || e.account_id === a.accountId));
      case "edit_outbox_entry":
        return this.editOutbox(a.id as number, (a.edit ?? {}) as OutboxEdit);
      case "discard_outbox_entry":
        return this.discardOutbox(a.id as number);
      case "send_outbox":
        return this.sendOutbox(a.accountId as number);
      case "list_activity":
        return this.listActivity(a.accountId as number | undefined, a.limit as number | undefined);
      case "get_timeline":
        return this.getTimeline(a.from as string, a.to as string);
      case "get_today":
        return deskToday(this.data, this.links, a.date as string);
      case "link_rooms":
        return this.linkRooms(a.roomIds as number[]);
      case "unlink_room":
        this.links.delete(a.roomId as number);
        for (const [group, n] of this.linkCounts()) if (n < 2) for (const [r, g] of this.links) if (g === group) this.links.delete(r);
        return null;
      case "choose_export_path":
        return this.chooseExportPath(a.fileName as string);
      case "export_reservations":
        return this.exportReservations((a.query ?? {}) as ReservationQuery, a.format as ExportFormat, a.path as string);
      // tauri-plugin-store, for settings.json
      case "plugin:store|load":
        return 1;
      case "plugin:store|get":
        return [this.settings.get(a.key as string) ?? null, this.settings.has(a.key as string)];
      case "plugin:store|set":
        this.settings.set(a.key as string, a.value);
        return null;
      case "plugin:store|save":
      case "plugin:resources|close":
        return null;
      default:
        throw `command ${cmd} not found`;
    }
  }

  /** Room id -> link group, as the shell's room_links table. */
  readonly links = new Map<number, number>();

  private linkCounts(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const g of this.links.values()) counts.set(g, (counts.get(g) ?? 0) + 1);
    return counts;
  }

  private getTimeline(from: string, to: string): unknown {
    if (!isValidIsoDate(from)) throw err("validation", `“${from}” is not a valid date; use the form YYYY-MM-DD, e.g. 2026-12-24.`, "from");
    if (!isValidIsoDate(to)) throw err("validation", `“${to}” is not a valid date; use the form YYYY-MM-DD, e.g. 2026-12-24.`, "to");
    if (to <= from) throw err("validation", "The timeline's end must be after its start.", "to");
    return deskTimeline(this.data, this.links, from, to);
  }

  private linkRooms(ids: number[]): null {
    const rooms = ids.map((id) => this.data.rooms.find((r) => r.id === id));
    if (rooms.some((r) => !r)) throw err("not_found", "There is no such room.");
    if (new Set(rooms.map((r) => r!.account_id)).size !== rooms.length)
      throw err("validation", "Rooms of one account are always different rooms; link a room with rooms of other accounts.", "room_ids");
    const existing = ids.map((id) => this.links.get(id)).filter((g): g is number => g !== undefined);
    const group = existing.length ? Math.min(...existing) : Math.max(0, ...this.links.values()) + 1;
    for (const [r, g] of this.links) if (existing.includes(g)) this.links.set(r, group);
    for (const id of ids) this.links.set(id, group);
    return null;
  }

  /** Kept actions (`list_outbox`): what an offline account could not be sent. */
  readonly outbox: OutboxEntry[] = [];

  /** Like the shell's `*_or_queue`: carried out, or kept when the provider can't be reached. */
  private written(accountId: number, kind: string, request: unknown, reservationId: number | null, send: () => Reservation): Written<Reservation> {
    try {
      return { status: "done", value: send() };
    } catch (e) {
      if ((e as AppError).kind !== "offline") throw e;
      const at = this.now().toISOString();
      const entry: OutboxEntry = { id: this.nextId++, account_id: accountId, kind, request, reservation_id: reservationId, state: "queued", error: (e as AppError).message, created_at: at, updated_at: at };
      this.outbox.push(entry);
      this.emit("data-changed", { account_id: accountId });
      return { status: "queued", value: entry };
    }
  }

  private writtenOn(id: number, kind: string, request: unknown, send: () => Reservation): Written<Reservation> {
    const r = this.data.reservations.find((x) => x.id === id);
    if (!r) throw err("not_found", "This reservation is no longer in Innkeep.");
    if (this.outbox.some((e) => e.reservation_id === id && e.kind === kind && (e.state === "queued" || e.state === "conflict")))
      throw err("conflict", "This is already waiting in the outbox; send or discard it first.");
    return this.written(r.account_id, kind, request, id, send);
  }

  private outboxEntry(id: number): OutboxEntry {
    const e = this.outbox.find((x) => x.id === id && x.state !== "sent");
    if (!e) throw err("not_found", `There is no outbox entry ${id}; it was sent or discarded.`);
    return e;
  }

  private editOutbox(id: number, edit: OutboxEdit): OutboxEntry {
    const e = this.outboxEntry(id);
    if (e.kind !== "create") throw err("validation", "Only a queued booking can be edited; discard this action and take it again instead.");
    if (e.state !== "queued" && e.state !== "conflict") throw err("conflict", "This outbox entry is being sent or was sent; it can no longer be changed.");
    const d = { ...(e.request as BookingDraft) };
    if (edit.arrival !== undefined) d.arrival = edit.arrival;
    if (edit.departure !== undefined) d.departure = edit.departure;
    if (edit.room_id !== undefined) d.room_id = edit.room_id;
    if (edit.guest !== undefined) d.guest = edit.guest;
    if (edit.notes !== undefined) d.notes = edit.notes.trim() || undefined;
    this.validate(d, true);
    this.prepare(d);
    Object.assign(e, { request: d, state: "queued", error: null, updated_at: this.now().toISOString() });
    return e;
  }

  private discardOutbox(id: number): null {
    const e = this.outboxEntry(id);
    if (e.state === "sending") throw err("conflict", "This outbox entry is being sent; it cannot be discarded now.");
    this.outbox.splice(this.outbox.indexOf(e), 1);
    return null;
  }

  /** Sends queued entries in order: a refusal is a conflict, a provider still away stops it. */
  private sendOutbox(accountId: number): OutboxEntry[] {
    const taken: OutboxEntry[] = [];
    for (const e of this.outbox.filter((x) => x.account_id === accountId && x.state === "queued")) {
      try {
        if (e.kind === "create") this.create(e.request as BookingDraft);
        else this.act(e.reservation_id ?? -1, e.request as ReservationAction);
        Object.assign(e, { state: "sent", error: null });
      } catch (x) {
        const ae = x as AppError;
        Object.assign(e, { state: ae.kind === "offline" || ae.kind === "auth" ? "queued" : "conflict", error: ae.message });
      }
      e.updated_at = this.now().toISOString();
      taken.push({ ...e });
      if (e.state === "queued") break;
    }
    this.emit("data-changed", { account_id: accountId });
    return taken;
  }

  private account(id: number): Account {
    const a = this.data.accounts.find((x) => x.id === id);
    if (!a) throw err("not_found", "This account no longer exists in Innkeep.");
    return a;
  }

  /** Actions reach the provider: refused while the account is offline or its credentials are. */
  private reachable(a: Account): void {
    if (a.status === "offline")
      throw err("offline", `${a.label} can't be reached: there is no network connection to ${PROVIDER_NAMES[a.provider]}.`);
    if (a.status === "auth_failed") throw err("auth", CANNED.auth);
  }

  private log(e: Omit<ActivityEntry, "id" | "at">): void {
    this.data.activity.unshift({ id: this.nextId++, at: this.now().toISOString(), ...e });
  }

  /** Live statuses set by `setLiveStatus`; the rest follow from the account (see `liveStatusOf`). */
  private readonly live = new Map<number, LiveStatus>();

  /** What the shell's watcher would say: Mews is live unless the account cannot be reached. */
  private liveStatusOf(a: Account): LiveStatus {
    const set = this.live.get(a.id);
    if (set) return set;
    if (a.provider !== "mews") return { state: "not_supported" };
    return a.status === "offline" || a.status === "auth_failed" ? { state: "polling" } : { state: "connected" };
  }

  liveStatuses(): AccountLiveStatus[] {
    return this.data.accounts.map((a) => ({ account_id: a.id, status: this.liveStatusOf(a) }));
  }

  /** Changes an account's live status and says so, as the shell's watcher does. */
  setLiveStatus(accountId: number, status: LiveStatus): void {
    this.live.set(accountId, status);
    this.emit("live-status", { account_id: accountId, status } satisfies AccountLiveStatus);
  }

  private changed(accountId: number | null): void {
    this.emit("data-changed", { account_id: accountId });
  }

  appStatus(): AppStatus {
    return {
      demo_mode: this.data.accounts.some((a) => a.is_demo),
      keyring: this.opts.noKeyring
        ? { available: false, message: "No Secret Service provider is running (org.freedesktop.secrets)." }
        : { available: true },
      data_dir: "(in-memory mock)",
      version: "0.1.0-mock",
    };
  }

  private checkNewAccount(n: NewAccount): void {
    if (!n.label?.trim()) throw err("validation", "Enter a name for this account.", "label");
    const url = n.base_url.trim();
    if (!/^https?:\/\//.test(url))
      throw err("validation", "The address must start with https:// (or http:// for a local sandbox).", "base_url");
    const fields = CREDENTIALS[n.provider];
    if (!fields) throw `invalid args \`account\` for command: unknown variant \`${String(n.provider)}\``;
    for (const f of fields) {
      if (!n.credentials[f]?.trim()) throw err("validation", `Enter the ${f.replace(/_/g, " ")}.`, f);
    }
    const extra = Object.keys(n.credentials).find((k) => !fields.includes(k));
    if (extra)
      throw err("validation", `“${extra}” is not a ${PROVIDER_NAMES[n.provider]} credential; expected ${fields.join(", ")}.`, extra);
  }

  testConnection(n: NewAccount): ConnectionCheck {
    this.checkNewAccount(n);
    if (/unreachable|offline/.test(n.base_url)) throw err("offline", `${n.base_url} could not be reached.`);
    if (Object.values(n.credentials).some((v) => v.trim().toLowerCase() === "bad")) throw err("auth", CANNED.auth);
    return { property_name: `${n.label.trim()} (${PROVIDER_NAMES[n.provider]})`, time_zone: "Europe/Prague" };
  }

  addAccount(n: NewAccount): Account {
    if (this.opts.noKeyring)
      throw err("keyring", "The system keyring is not available, so the tokens can't be stored. Nothing was saved.");
    this.testConnection(n);
    const a: Account = {
      id: this.nextId++,
      provider: n.provider,
      label: n.label.trim(),
      base_url: n.base_url.trim().replace(/\/+$/, ""),
      is_demo: false,
      status: "new",
      property_name: `${n.label.trim()} (${PROVIDER_NAMES[n.provider]})`,
      time_zone: "Europe/Prague",
      last_sync_at: null,
      offline_since: null,
      last_error: null,
      created_at: this.now().toISOString(),
      capabilities: CAPABILITIES[n.provider],
    };
    this.data.accounts.push(a);
    this.log({ account_id: a.id, action: "account.add", summary: `Added ${a.label} (${PROVIDER_NAMES[a.provider]}).`, outcome: "ok", provider_ref: null, reservation_id: null });
    this.changed(a.id);
    this.emit("live-status", { account_id: a.id, status: this.liveStatusOf(a) } satisfies AccountLiveStatus);
    // The shell starts the first sync of a new account in the background.
    setTimeout(() => void this.syncNow(a.id).catch(() => undefined), 0);
    return a;
  }

  /** As the shell: demo accounts keep theirs; the new ones are tested first; the data stays. */
  replaceCredentials(id: number, credentials: Record<string, string>): Account {
    const a = this.account(id);
    if (a.is_demo)
      throw err("validation", "Demo accounts use the built-in sandbox's credentials. Add your own account instead.", "credentials");
    this.testConnection({ provider: a.provider, label: a.label, base_url: a.base_url, credentials });
    a.status = "online";
    a.last_error = null;
    a.offline_since = null;
    this.log({ account_id: id, action: "account.credentials", summary: `Replaced the credentials of “${a.label}”`, outcome: "ok", provider_ref: null, reservation_id: null });
    this.changed(id);
    setTimeout(() => void this.syncNow(id).catch(() => undefined), 0);
    return a;
  }

  removeAccount(id: number): null {
    const a = this.account(id);
    const d = this.data;
    d.accounts = d.accounts.filter((x) => x.id !== id);
    d.reservations = d.reservations.filter((x) => x.account_id !== id);
    d.guests = d.guests.filter((x) => x.account_id !== id);
    d.rooms = d.rooms.filter((x) => x.account_id !== id);
    d.categories = d.categories.filter((x) => x.account_id !== id);
    d.activity = d.activity.filter((x) => x.account_id !== id);
    this.log({ account_id: null, action: "account.remove", summary: `Removed ${a.label} and its saved data.`, outcome: "ok", provider_ref: null, reservation_id: null });
    this.changed(null);
    return null;
  }

  /** Accounts whose running sync was asked to stop. */
  private readonly stopping = new Set<number>();
  private readonly syncing = new Set<number>();
  /** Changes "found" by syncs, as the shell's `what_changed` lists them; seen ones removed. */
  readonly changes: (SyncChange & { account_id: number })[] = [];
  private changeIds = 0;

  private cancelSync(accountId: number): boolean {
    if (!this.syncing.has(accountId)) return false;
    this.stopping.add(accountId);
    return true;
  }

  private whatChanged(): AccountChanges[] {
    return this.data.accounts
      .map((a) => {
        const list = this.changes.filter((c) => c.account_id === a.id).map(({ account_id: _, ...c }) => c).reverse();
        const n = (k: SyncChange["kind"]) => list.filter((c) => c.kind === k).length;
        return { account_id: a.id, account_label: a.label, added: n("added"), changed: n("changed"), removed: n("removed"), changes: list };
      })
      .filter((a) => a.changes.length > 0);
  }

  private markChangesSeen(accountId: number, upto?: number): null {
    for (let i = this.changes.length - 1; i >= 0; i--) {
      const c = this.changes[i]!;
      if (c.account_id === accountId && (upto === undefined || c.id <= upto)) this.changes.splice(i, 1);
    }
    this.changed(accountId);
    return null;
  }

  /** A change at the provider, found by the account's next sync (as another desk's booking). */
  noteChange(accountId: number, kind: SyncChange["kind"], r: Reservation): void {
    this.changes.push({
      account_id: accountId,
      id: ++this.changeIds,
      kind,
      reservation_id: kind === "removed" ? undefined : r.id,
      number: r.number ?? undefined,
      guest_name: r.guest_name ?? undefined,
      room_name: r.room_name ?? undefined,
      arrival: r.arrival,
      departure: r.departure,
      state: r.state,
      at: this.now().toISOString(),
    });
  }

  async syncNow(accountId?: number, full = false): Promise<null> {
    const targets = accountId === undefined ? [...this.data.accounts] : [this.account(accountId)];
    const step = this.opts.syncStepMs ?? 250;
    const failures: AppError[] = [];
    for (const a of targets) {
      const windowsTotal = full ? 6 : 2;
      const progress = (phase: SyncPhase, pages: number, records: number, windowsDone = 0, error?: AppError) => {
        const p: SyncProgress = {
          account_id: a.id,
          phase,
          pages,
          records,
          windows_done: windowsDone,
          windows_total: phase === "started" || phase === "property" || phase === "rooms" ? 0 : windowsTotal,
          full,
          resumed: false,
        };
        if (phase === "reservations" && windowsDone > 0) p.eta_secs = Math.ceil(((windowsTotal - windowsDone) * step) / 1000);
        if (error) p.error = error;
        this.emit("sync-progress", p);
      };
      this.syncing.add(a.id);
      progress("started", 0, 0);
      await sleep(step);
      if (a.status === "offline" || a.status === "auth_failed") {
        const e =
          a.status === "offline"
            ? err("offline", `${a.label} can't be reached: there is no network connection to Mews.`)
            : err("auth", CANNED.auth);
        progress("failed", 0, 0, 0, e);
        this.syncing.delete(a.id);
        this.log({ account_id: a.id, action: "sync", summary: `Sync of ${a.label} failed: ${e.message}`, outcome: "failed", provider_ref: null, reservation_id: null });
        failures.push(e);
        this.changed(a.id);
        continue;
      }
      const rooms = this.data.rooms.filter((r) => r.account_id === a.id).length;
      const guests = this.data.guests.filter((g) => g.account_id === a.id).length;
      const res = this.data.reservations.filter((r) => r.account_id === a.id).length;
      progress("property", 0, 0);
      await sleep(step);
      progress("rooms", 0, 0);
      await sleep(step);
      let stopped = false;
      for (let w = 1; w <= windowsTotal; w++) {
        if (this.stopping.has(a.id)) {
          stopped = true;
          break;
        }
        progress("reservations", w, Math.round((res * w) / windowsTotal), w);
        await sleep(step);
      }
      this.syncing.delete(a.id);
      if (stopped || this.stopping.has(a.id)) {
        this.stopping.delete(a.id);
        progress("cancelled", 0, 0);
        this.log({ account_id: a.id, action: "sync", summary: `Sync of ${a.label} stopped; the next sync goes on from there.`, outcome: "failed", provider_ref: null, reservation_id: null });
        this.changed(a.id);
        continue;
      }
      a.status = "online";
      a.last_sync_at = this.now().toISOString();
      a.last_error = null;
      progress("finished", windowsTotal, res, windowsTotal);
      this.log({ account_id: a.id, action: "sync", summary: `Synced ${a.label}: ${res} reservations, ${guests} guests, ${rooms} rooms.`, outcome: "ok", provider_ref: null, reservation_id: null });
      this.changed(a.id);
    }
    // Like the shell: syncing one account rejects with its error; syncing all reports through events.
    if (accountId !== undefined && failures[0]) throw failures[0];
    return null;
  }

  /** Files "written" by `export_reservations`, newest last. */
  readonly exports: MockExport[] = [];

  private chooseExportPath(fileName: string): string | null {
    const folder = this.opts.exportFolder === undefined ? "/home/demo/Downloads" : this.opts.exportFolder;
    return folder === null ? null : `${folder}/${fileName}`;
  }

  /** Like the shell (crates/services export): the path checked, every matching row, no limit. */
  private exportReservations(q: ReservationQuery, format: ExportFormat, path: string): ExportOutcome {
    if (q.from && q.to && q.to < q.from) throw err("validation", "The end of the date range is before its start.", "to");
    const trimmed = (path ?? "").trim();
    if (!trimmed) throw err("validation", "Choose where to save the export.", "path");
    if (!trimmed.startsWith("/")) {
      throw err("validation", `“${trimmed}” is not a full path to a file. Choose the file in the save dialog.`, "path");
    }
    const target = trimmed.toLowerCase().endsWith(`.${format}`) ? trimmed : `${trimmed}.${format}`;
    const folder = target.slice(0, target.lastIndexOf("/")) || "/";
    if (folder.includes("readonly")) {
      throw err("validation", `Innkeep may not write into the folder “${folder}”. Choose another folder, or ask for write access.`, "path");
    }
    const rows = this.listReservations({ ...q, limit: undefined });
    this.exports.push({ path: target, format, query: q, rows });
    return { count: rows.length, path: target };
  }

  listReservations(q: ReservationQuery): Reservation[] {
    let rows = this.data.reservations;
    // As the shell: an account filter must name an account.
    if (q.account_id !== undefined && q.account_id !== null) this.account(q.account_id);
    if (q.account_id !== undefined && q.account_id !== null) rows = rows.filter((r) => r.account_id === q.account_id);
    if (q.guest_id !== undefined && q.guest_id !== null) rows = rows.filter((r) => r.guest_id === q.guest_id);
    if (q.states?.length) rows = rows.filter((r) => q.states.includes(r.state));
    if (q.from) {
      if (!isValidIsoDate(q.from)) throw err("validation", `“${q.from}” is not a valid start date; use the form YYYY-MM-DD, e.g. 2026-12-24.`, "from");
      rows = rows.filter((r) => r.departure > q.from!);
    }
    if (q.to) {
      if (!isValidIsoDate(q.to)) throw err("validation", `“${q.to}” is not a valid end date; use the form YYYY-MM-DD, e.g. 2026-12-24.`, "to");
      rows = rows.filter((r) => r.arrival <= q.to!);
    }
    if (q.search?.trim()) {
      const s = fold(q.search.trim());
      rows = rows.filter((r) => fold(r.guest_name ?? "").includes(s) || (r.number ?? "").includes(s));
    }
    const key = (r: Reservation): string =>
      q.sort === "departure"
        ? r.departure
        : q.sort === "guest"
          ? fold(r.guest_name ?? "\uffff")
          : q.sort === "state"
            ? r.state
            : q.sort === "created"
              ? (r.created_at ?? "")
              : r.arrival;
    const dir = q.descending ? -1 : 1;
    rows = [...rows].sort((x, y) => (key(x) < key(y) ? -dir : key(x) > key(y) ? dir : x.id - y.id));
    return q.limit ? rows.slice(0, q.limit) : rows;
  }

  getReservation(id: number): ReservationDetail {
    const r = this.data.reservations.find((x) => x.id === id);
    if (!r) throw err("not_found", "This reservation is not in Innkeep's saved data (it may belong to a removed account).");
    const account = this.account(r.account_id);
    return {
      reservation: r,
      guest: this.data.guests.find((g) => g.id === r.guest_id) ?? null,
      activity: this.data.activity.filter((x) => x.reservation_id === id),
      capabilities: account.capabilities,
      raw: this.data.raw.get(id) ?? {},
    };
  }

  /** The old `cancel_reservation`: the shell sends it through `act` without the override. */
  cancel(id: number, reason?: string): Reservation {
    const action: ReservationAction = { kind: "cancel", override_late: false };
    if (reason !== undefined) action.reason = reason;
    return this.act(id, action);
  }

  /** The old `change_reservation_state`: the same as `act` with confirm / check_in / check_out. */
  changeState(id: number, action: StateAction): Reservation {
    if (action !== "confirm" && action !== "check_in" && action !== "check_out")
      throw `invalid args \`action\` for command \`change_reservation_state\`: unknown variant \`${String(action)}\``;
    return this.act(id, { kind: action });
  }

  /**
   * Like the shell's `act`: the capability first (`forbidden` with its reason), then the state the
   * action needs (`conflict`) and the input (`validation` with `field`), then the provider
   * (offline / refused credentials / its own rules such as late cancellation, logged as failed).
   * The shell reports `data-changed` after every attempt (`account_id` null when it failed).
   */
  act(id: number, action: ReservationAction): Reservation {
    try {
      const r = this.actOn(id, action);
      this.changed(r.account_id);
      return r;
    } catch (e) {
      this.changed(null);
      throw e;
    }
  }

  private capabilityFor(a: Account, action: ReservationAction) {
    const c = a.capabilities;
    switch (action.kind) {
      case "move":
        return action.room_id !== undefined && action.room_id !== null && !c.change_room.supported ? c.change_room : c.move_dates;
      case "edit_notes":
        return c.edit_notes;
      default:
        return c[action.kind];
    }
  }

  private actOn(id: number, action: ReservationAction): Reservation {
    const kind = (action as { kind?: unknown } | undefined)?.kind;
    if (typeof kind !== "string" || !(kind in VERB))
      throw `invalid args \`action\` for command \`act_on_reservation\`: unknown variant \`${String(kind)}\``;
    const r = this.getReservation(id).reservation;
    const a = this.account(r.account_id);
    const capability = this.capabilityFor(a, action);
    if (!capability.supported) throw err("forbidden", capability.reason ?? "");
    const number = r.number ?? r.provider_id;
    const who = r.guest_name ?? "a guest";
    const words = (st: ReservationState) => st.replace(/_/g, " ");
    // The state and the input (crates/services actions.rs `resolve`).
    const rule = ALLOWED_FROM[action.kind];
    if (rule && !rule.states.includes(r.state))
      throw err("conflict", `Reservation ${number} is ${words(r.state)}; only ${rule.states.map(words).join(" or ")} reservations can be ${rule.what}.`);
    const final = FINAL.includes(r.state);
    if ((action.kind === "cancel" || action.kind === "move") && final)
      throw err("conflict", `Reservation ${number} is already ${words(r.state)}; it cannot be ${action.kind === "cancel" ? "cancelled" : "moved"}.`);
    if (action.kind === "delete" && !final)
      throw err(
        "conflict",
        `Reservation ${number} is ${words(r.state)}; only a cancelled, declined or finished reservation can be deleted. Cancel it first.`,
      );
    let move: { arrival: string; departure: string; room: Room | undefined } | undefined;
    if (action.kind === "move") {
      const d = { arrival: action.arrival ?? "", departure: action.departure ?? "" };
      this.checkStay(d.arrival, d.departure);
      let room: Room | undefined;
      if (action.room_id !== undefined && action.room_id !== null) {
        room = this.data.rooms.find((x) => x.id === action.room_id);
        if (!room) throw err("not_found", `There is no room with id ${action.room_id}.`);
        if (room.account_id !== r.account_id) throw err("validation", `Room ${room.name} belongs to another account.`, "room_id");
      }
      if (d.arrival.trim() === r.arrival && d.departure.trim() === r.departure && !room)
        throw err("validation", "These are the reservation's dates already.", "arrival");
      move = { arrival: d.arrival.trim(), departure: d.departure.trim(), room };
    }
    if (action.kind === "edit_notes" && [...(action.notes ?? "")].length > 2000)
      throw err("validation", "Notes can be at most 2,000 characters.", "notes");
    // The provider.
    const provider = PROVIDER_NAMES[a.provider];
    try {
      this.reachable(a);
      if (action.kind === "cancel" && !action.override_late) {
        const hours = LATE_CANCEL_HOURS[a.provider];
        const start = Date.parse(`${r.arrival}T14:00:00Z`);
        if (hours !== undefined && start - this.now().getTime() < hours * 3_600_000)
          throw err(
            "late_cancellation",
            `The property's late-cancellation rule in ${provider} does not allow cancelling this booking so close to its start. ` +
              `${provider} says: “Rezervaci lze stornovat nejpozději ${hours} hodin před začátkem.” You may cancel it anyway by overriding the rule.`,
          );
      }
      if (move) {
        const roomId = move.room?.id ?? r.room_id;
        const clash = this.data.reservations.find(
          (x) => x.id !== r.id && x.room_id !== null && x.room_id === roomId && OCCUPYING(x.state) && x.arrival < move.departure && x.departure > move.arrival,
        );
        if (clash)
          throw err("conflict", `The room is already booked at that time in ${provider}. Choose other dates or another room.`, move.room ? "room_id" : "arrival");
      }
    } catch (e) {
      const message = (e as AppError).message ?? String(e);
      this.log({
        account_id: a.id,
        action: `reservation.${action.kind}`,
        summary: `${VERB[action.kind]} ${number} of ${who} failed: ${message}`,
        outcome: "failed",
        provider_ref: number,
        reservation_id: r.id,
      });
      throw e;
    }
    const before = r.state;
    let summary: string;
    switch (action.kind) {
      case "delete":
        this.data.reservations = this.data.reservations.filter((x) => x.id !== r.id);
        this.log({ account_id: a.id, action: "reservation.delete", summary: `Deleted ${number} of ${who}`, outcome: "ok", provider_ref: number, reservation_id: null });
        return r;
      case "move":
        r.arrival = move!.arrival;
        r.departure = move!.departure;
        if (move!.room) {
          r.room_id = move!.room.id;
          r.room_name = move!.room.name;
          r.category_name = move!.room.category_name;
        }
        summary = `Moved ${number} of ${who} to ${r.arrival} – ${r.departure}`;
        break;
      case "edit_notes":
        r.notes = action.notes.trim() || null;
        summary = `Changed the notes of ${number} of ${who}`;
        break;
      case "cancel": {
        const reason = action.reason?.trim();
        summary = `Cancelled ${number} of ${who}${reason ? `: ${reason}` : ""}${action.override_late ? " (late-cancellation rule overridden)" : ""}`;
        break;
      }
      default:
        summary = "";
    }
    const to = RESULT[action.kind];
    if (to) {
      r.state = to;
      r.provider_state = providerState(a.provider, to);
      if (!summary) summary = `${number} of ${who}: ${before} → ${r.state}`;
    }
    r.updated_at = this.now().toISOString();
    this.log({ account_id: a.id, action: `reservation.${action.kind}`, summary, outcome: "ok", provider_ref: number, reservation_id: r.id });
    return r;
  }

  /** validate.rs `validate_stay`, with its words. */
  private checkStay(arrival: string, departure: string): number {
    const date = (field: "arrival" | "departure", v: string) => {
      if (!v.trim()) throw err("validation", `Enter the ${field} date.`, field);
      if (!isValidIsoDate(v.trim()))
        throw err("validation", `“${v.trim()}” is not a valid ${field} date; use the form YYYY-MM-DD, e.g. 2026-12-24.`, field);
    };
    date("arrival", arrival);
    date("departure", departure);
    const nights = daysBetween(arrival.trim(), departure.trim()) ?? 0;
    if (nights < 1) throw err("validation", "Departure must be at least one night after arrival.", "departure");
    if (nights > 365) throw err("validation", "A stay can be at most 365 nights; split longer stays into several bookings.", "departure");
    return nights;
  }

  /** Like the shell's `edit_guest`: the capability, the input, then the provider. */
  editGuest(id: number, edit: GuestEdit): Guest {
    try {
      const g = this.editGuestOf(id, edit);
      this.changed(g.account_id);
      return g;
    } catch (e) {
      this.changed(null);
      throw e;
    }
  }

  private editGuestOf(id: number, edit: GuestEdit): Guest {
    const g = this.getGuest(id);
    const a = this.account(g.account_id);
    if (!a.capabilities.edit_guest.supported) throw err("forbidden", a.capabilities.edit_guest.reason ?? "");
    const clean = (v: string | undefined) => (v === undefined || v === null ? undefined : v.trim());
    const e = {
      first_name: clean(edit.first_name),
      last_name: clean(edit.last_name),
      email: clean(edit.email) || undefined,
      phone: clean(edit.phone) || undefined,
    };
    if (e.last_name === "") throw err("validation", "A guest needs a last name.", "last_name");
    if (e.email && !/^[^@]+@[^@]+\.[^@]+$/.test(e.email)) throw err("validation", `“${e.email}” is not an e-mail address.`, "email");
    const name = (x: Guest) => (x.first_name ? `${x.first_name} ${x.last_name}` : x.last_name);
    try {
      this.reachable(a);
    } catch (x) {
      this.log({ account_id: a.id, action: "guest.edit", summary: `Editing guest ${name(g)} failed: ${(x as AppError).message}`, outcome: "failed", provider_ref: g.provider_id, reservation_id: null });
      throw x;
    }
    if (e.first_name !== undefined) g.first_name = e.first_name || null;
    if (e.last_name !== undefined) g.last_name = e.last_name;
    if (e.email !== undefined) g.email = e.email;
    if (e.phone !== undefined) g.phone = e.phone;
    for (const r of this.data.reservations) if (r.guest_id === g.id) r.guest_name = name(g);
    this.log({ account_id: a.id, action: "guest.edit", summary: `Edited guest ${name(g)}`, outcome: "ok", provider_ref: g.provider_id, reservation_id: null });
    return g;
  }

  /** The mock's provider always answers that a booking in doubt was not made. */
  settleWrite(id: number, state: WriteIntent["state"], error: string): WriteIntent {
    const w = this.data.intents.find((x) => x.id === id);
    if (!w) throw err("not_found", `There is no pending write with id ${id}.`);
    w.state = state;
    w.error = error;
    return w;
  }

  /** Open writes: bookings whose answer was lost. */
  openWrites(): WriteIntent[] {
    return this.data.intents.filter((x) => x.state === "pending" || x.state === "unknown");
  }

  listGuests(search?: string): Guest[] {
    let rows = this.data.guests;
    if (search?.trim()) rows = rows.filter((g) => guestMatches(g, search));
    // As the shell: a page, and one more when more match.
    return [...rows].sort((x, y) => fold(x.last_name).localeCompare(fold(y.last_name))).slice(0, GUEST_PAGE + 1);
  }

  /** As the shell's `search_everything`: guests, and reservations by number prefix or guest. */
  searchEverything(query: string): SearchResults {
    const q = (query ?? "").trim();
    if ([...q].length > 200) throw err("validation", "The search is too long: at most 200 characters.", "query");
    const empty: SearchResults = { query: q, guests: [], reservations: [], limit_per_kind: SEARCH_LIMIT_PER_KIND };
    const number = q.replace(/^#/, "").trim().toLowerCase();
    if (!number) return empty;
    const guests = this.listGuests(q).slice(0, SEARCH_LIMIT_PER_KIND);
    const matching = new Set(this.data.guests.filter((g) => guestMatches(g, q)).map((g) => g.id));
    const today = todayIn(null, this.now());
    const distance = (r: Reservation) => Math.abs(daysBetween(today, r.arrival) ?? 0);
    const reservations = this.data.reservations
      .filter((r) => (r.number ?? "").toLowerCase().startsWith(number) || (r.guest_id !== null && matching.has(r.guest_id)))
      .sort((x, y) => {
        const exact = Number((y.number ?? "").toLowerCase() === number) - Number((x.number ?? "").toLowerCase() === number);
        return exact || distance(x) - distance(y) || x.id - y.id;
      })
      .slice(0, SEARCH_LIMIT_PER_KIND);
    return { ...empty, guests, reservations };
  }

  getGuest(id: number): Guest {
    const g = this.data.guests.find((x) => x.id === id);
    if (!g) throw err("not_found", `There is no guest with id ${id}.`);
    return g;
  }

  listRooms(accountId: number): RoomList {
    this.account(accountId);
    return {
      categories: this.data.categories.filter((c) => c.account_id === accountId),
      rooms: this.data.rooms.filter((r) => r.account_id === accountId),
    };
  }

  /**
   * The checks of crates/core validate.rs, with the same words: `validate_quote` (dates and
   * people), plus the new guest for `validate_booking` when `withGuest`.
   */
  private validate(d: BookingDraft, withGuest: boolean): number {
    const date = (field: "arrival" | "departure", v: string) => {
      if (!v.trim()) throw err("validation", `Enter the ${field} date.`, field);
      if (!isValidIsoDate(v.trim()))
        throw err("validation", `“${v.trim()}” is not a valid ${field} date; use the form YYYY-MM-DD, e.g. 2026-12-24.`, field);
    };
    date("arrival", d.arrival);
    date("departure", d.departure);
    const nights = daysBetween(d.arrival.trim(), d.departure.trim()) ?? 0;
    if (nights < 1) throw err("validation", "Departure must be at least one night after arrival.", "departure");
    if (nights > 365) throw err("validation", "A stay can be at most 365 nights; split longer stays into several bookings.", "departure");
    if (d.adults === 0) throw err("validation", "A booking needs at least one adult.", "adults");
    if (d.adults + d.children > 20) throw err("validation", "At most 20 people fit one booking.", "adults");
    if (withGuest && "new" in d.guest) {
      if (!d.guest.new.last_name.trim()) throw err("validation", "Enter the guest's last name.", "last_name");
      const email = d.guest.new.email?.trim();
      if (email && !/^[^@]+@[^@]+\.[^@]+$/.test(email)) throw err("validation", `“${email}” is not an e-mail address.`, "email");
    }
    if (withGuest) {
      (d.additional_guests ?? []).forEach((g: NewGuest, i) => {
        if (!g.last_name?.trim()) throw err("validation", `Guest ${i + 2}: Enter the guest's last name.`, "additional_guests");
      });
      const rooms = d.additional_room_ids ?? [];
      if (rooms.includes(d.room_id ?? -1) || rooms.some((x, i) => rooms.indexOf(x) !== i))
        throw err("validation", "Each room can be in a booking only once.", "additional_room_ids");
    }
    return nights;
  }

  /** The shell's `prepare`: the account may book (and book groups), rooms belong to the category. */
  private prepare(d: BookingDraft): Account {
    const a = this.account(d.account_id);
    const caps = a.capabilities;
    if (!caps.create_booking.supported) throw err("forbidden", caps.create_booking.reason ?? "");
    const extraRooms = d.additional_room_ids ?? [];
    const extraGuests = d.additional_guests ?? [];
    if ((extraRooms.length > 0 || extraGuests.length > 0) && !caps.group_booking.supported)
      throw err("forbidden", caps.group_booking.reason ?? "", extraRooms.length === 0 ? "additional_guests" : "additional_room_ids");
    const cat = this.data.categories.find((c) => c.id === d.category_id && c.account_id === d.account_id);
    for (const id of extraRooms) {
      const room = this.data.rooms.find((x) => x.id === id);
      if (!room) throw err("not_found", `There is no room with id ${id}.`);
      if (room.account_id !== a.id) throw err("validation", `Room ${room.name} belongs to another account.`, "additional_room_ids");
      if (cat && room.category_id !== cat.id) throw err("validation", `Room ${room.name} is not a ${cat.name}.`, "additional_room_ids");
    }
    return a;
  }

  private stay(d: BookingDraft): { nights: number; free: number; categoryId: number } {
    const nights = this.validate(d, false);
    const cat = this.data.categories.find((c) => c.id === d.category_id && c.account_id === d.account_id);
    if (!cat) throw err("validation", "Choose a room category of this account.", "category_id");
    const taken = this.data.reservations.filter(
      (r) => r.account_id === d.account_id && r.category_name === cat.name && OCCUPYING(r.state) && r.arrival < d.departure && r.departure > d.arrival,
    );
    let free = Math.max(0, cat.room_count - taken.length);
    if (d.room_id !== undefined && taken.some((r) => r.room_id === d.room_id)) free = 0;
    return { nights, free, categoryId: cat.id };
  }

  quote(d: BookingDraft): Quote {
    const { nights, free, categoryId } = this.stay(d);
    const a = this.prepare(d);
    const caps = a.capabilities;
    if (!caps.quote_price.supported && !caps.availability.supported) throw err("forbidden", caps.availability.reason ?? "");
    this.reachable(a);
    const rate = this.data.rates.get(categoryId) ?? 0;
    const rooms = 1 + (d.additional_room_ids?.length ?? 0);
    return {
      total: caps.quote_price.supported
        ? { amount_minor: (rate * nights) * rooms + d.children * 1500 * nights, currency: this.data.currency.get(categoryId) ?? "EUR" }
        : null,
      nights,
      available_rooms: free,
    };
  }

  create(d: BookingDraft): Reservation {
    this.validate(d, true);
    const a = this.prepare(d);
    const { nights, free, categoryId } = this.stay(d);
    this.reachable(a);
    if (free < 1 + (d.additional_room_ids?.length ?? 0))
      throw err("conflict", "No room of this category is free on every night of this stay any more.");
    const rate = this.data.rates.get(categoryId) ?? 0;
    const rooms = 1 + (d.additional_room_ids?.length ?? 0);
    const total = rate > 0 ? { amount_minor: rate * nights * rooms + d.children * 1500 * nights, currency: this.data.currency.get(categoryId) ?? "EUR" } : null;
    let guest: Guest;
    if ("existing" in d.guest) {
      const id = d.guest.existing;
      const g = this.data.guests.find((x) => x.id === id && x.account_id === a.id);
      if (!g) throw err("validation", "This guest is not in this account; choose another or enter a new guest.", "guest");
      guest = g;
    } else {
      const n = d.guest.new;
      guest = {
        id: this.nextId++,
        account_id: a.id,
        account_label: a.label,
        provider_id: crypto.randomUUID(),
        first_name: n.first_name.trim() || null,
        last_name: n.last_name.trim(),
        email: n.email?.trim() || null,
        phone: n.phone?.trim() || null,
        nationality: null,
        reservation_count: 0,
      };
      this.data.guests.push(guest);
    }
    const cat = this.data.categories.find((c) => c.id === d.category_id)!;
    const busy = new Set(
      this.data.reservations
        .filter((r) => r.account_id === a.id && OCCUPYING(r.state) && r.arrival < d.departure && r.departure > d.arrival)
        .map((r) => r.room_id),
    );
    const room =
      this.data.rooms.find((r) => r.id === d.room_id) ??
      this.data.rooms.find((r) => r.category_id === cat.id && !busy.has(r.id) && !(d.additional_room_ids ?? []).includes(r.id));
    const extraRooms = (d.additional_room_ids ?? []).map((id) => this.data.rooms.find((x) => x.id === id)!);
    for (const n of d.additional_guests ?? []) {
      this.data.guests.push({
        id: this.nextId++,
        account_id: a.id,
        account_label: a.label,
        provider_id: crypto.randomUUID(),
        first_name: n.first_name.trim() || null,
        last_name: n.last_name.trim(),
        email: n.email?.trim() || null,
        phone: n.phone?.trim() || null,
        nationality: null,
        reservation_count: 1,
      });
    }
    const numbers = this.data.reservations.filter((r) => r.account_id === a.id).map((r) => Number(r.number) || 0);
    const now = this.now().toISOString();
    const r: Reservation = {
      id: this.nextId++,
      account_id: a.id,
      account_label: a.label,
      provider: a.provider,
      provider_id: crypto.randomUUID(),
      number: String(Math.max(0, ...numbers) + 3),
      state: "confirmed",
      provider_state: providerState(a.provider, "confirmed"),
      arrival: d.arrival.trim(),
      departure: d.departure.trim(),
      guest_id: guest.id,
      guest_name: guest.first_name ? `${guest.first_name} ${guest.last_name}` : guest.last_name,
      room_id: room?.id ?? null,
      room_name: room?.name ?? null,
      additional_room_names: extraRooms.map((x) => x.name),
      category_name: cat.name,
      adults: d.adults,
      children: d.children,
      total,
      notes: d.notes?.trim() || null,
      created_at: now,
      updated_at: now,
    };
    guest.reservation_count++;
    this.data.reservations.push(r);
    this.data.raw.set(r.id, rawRecord(r, cat.provider_id, room?.provider_id ?? null, guest.provider_id));
    this.log({
      account_id: a.id,
      action: "booking.create",
      summary: `Booked ${[r.room_name ?? r.category_name, ...r.additional_room_names].join(", ")} for ${r.guest_name}, ${r.arrival} – ${r.departure}`,
      outcome: "ok",
      provider_ref: r.provider_id,
      reservation_id: r.id,
    });
    this.changed(a.id);
    return r;
  }

  listActivity(accountId?: number, limit?: number): ActivityEntry[] {
    const rows = this.data.activity.filter((x) => accountId === undefined || x.account_id === accountId);
    return rows.slice(0, limit ?? 100);
  }

  /**
   * A reservation that suits a screenshot of the detail screen: of the provider's demo account, in `state`
   * (default: checked in, else confirmed), with notes when there is one.
   */
  sampleReservationId(state?: ReservationState, provider: ProviderKind = "mews"): number | undefined {
    const account = this.data.accounts.find((a) => a.provider === provider && a.is_demo)?.id ?? 1;
    const of = (s: ReservationState) => this.data.reservations.filter((r) => r.account_id === account && r.state === s);
    const pick = (rows: Reservation[]) => (rows.find((r) => r.notes) ?? rows[0])?.id;
    return state ? pick(of(state)) : (pick(of("checked_in")) ?? pick(of("confirmed")));
  }

  /** Dates for a prefilled booking form: a week from today, three nights. */
  sampleStay(): { arrival: string; departure: string } {
    const today = todayIn("Europe/Prague", this.now());
    return { arrival: addDays(today, 7), departure: addDays(today, 10) };
  }
}
