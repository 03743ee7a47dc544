// One reservation: every field, its guest, account, price, notes, the provider's own state and
// record, the activity history, and the actions the provider's capabilities allow (confirm,
// check in, check out, move, notes, restore, reject, no-show, cancel, delete), with the reason of
// every action the provider lacks.

import { html, nothing, type TemplateResult } from "lit";
import type { Account } from "../bindings/Account";
import type { ActivityEntry } from "../bindings/ActivityEntry";
import type { AppError } from "../bindings/AppError";
import type { Capabilities } from "../bindings/Capabilities";
import type { Capability } from "../bindings/Capability";
import type { Guest } from "../bindings/Guest";
import type { ProviderKind } from "../bindings/ProviderKind";
import type { Reservation } from "../bindings/Reservation";
import type { ReservationState } from "../bindings/ReservationState";
import type { StateAction } from "../bindings/StateAction";
import type { Written } from "../bindings/Written";
import { api, cache, queries } from "../api";
import { toAppError } from "../errors";
import { formatCountry, formatDate, formatDateTime, formatMoney, t, type MessageKey } from "../i18n";
import { navigate, openDialog, requestRender, showInfo } from "../state";
import { openGuestEdit } from "./guest-edit";
import { pendingInDetail } from "./outbox";
import { capabilityButton, demoTag, errorBlock, loadingBlock, statePill, stateLabel } from "./components";
import { accountsById } from "./reservations";
import { nights } from "./reservation-list";

const FINAL: readonly ReservationState[] = ["checked_out", "cancelled", "no_show", "declined"];

export function providerName(p: ProviderKind): string {
  return t(`provider.${p}` as MessageKey);
}

export function guestName(g: Pick<Guest, "first_name" | "last_name">): string {
  const first = g.first_name?.trim();
  return first ? `${first} ${g.last_name}` : g.last_name;
}

function row(label: string, value: TemplateResult | string | typeof nothing, testid?: string): TemplateResult {
  return html`<div class="kv"><dt>${label}</dt><dd data-testid=${testid ?? nothing}>${value}</dd></div>`;
}

const muted = (s: string) => html`<span class="muted">${s}</span>`;

export const STATE_ACTIONS: readonly StateAction[] = ["confirm", "check_in", "check_out"];

/** Every action the detail knows, in the order it shows them. */
export type ActionKey = "confirm" | "check_in" | "check_out" | "move" | "edit_notes" | "restore" | "reject" | "no_show" | "cancel" | "delete";
export const ACTION_KEYS: readonly ActionKey[] = [
  "confirm",
  "check_in",
  "check_out",
  "move",
  "edit_notes",
  "restore",
  "reject",
  "no_show",
  "cancel",
  "delete",
];

/** Actions that are hard or impossible to undo: each is asked for in a dialog first. */
export const DESTRUCTIVE: ReadonlySet<ActionKey> = new Set(["reject", "no_show", "cancel", "delete"]);

const kebab = (k: string) => k.replace(/_/g, "-");

/** The button's test hook (confirm / check in / check out / cancel keep their first names). */
export function actionTestId(key: ActionKey): string {
  switch (key) {
    case "confirm":
    case "check_in":
    case "check_out":
    case "cancel":
      return `${kebab(key)}-button`;
    default:
      return `action-${kebab(key)}`;
  }
}

/**
 * The states each action starts from (crates/services actions.rs `resolve`); the shell refuses it
 * from any other with `conflict`. Cancel and move need a state that is not final; notes any.
 */
export const ALLOWED_FROM: Partial<Record<ActionKey, readonly ReservationState[]>> = {
  confirm: ["inquiry", "optional", "requested"],
  reject: ["inquiry", "optional", "requested"],
  check_in: ["confirmed"],
  check_out: ["checked_in"],
  no_show: ["confirmed", "optional", "requested"],
  restore: ["cancelled"],
  delete: FINAL,
};

/** The one capability an action needs; move needs new dates or another room. */
export function actionCapability(key: ActionKey, caps: Capabilities): Capability {
  if (key === "move") return caps.move_dates.supported || caps.change_room.supported ? { supported: true } : caps.move_dates;
  return caps[key];
}

/** Why the reservation's state does not allow the action now, if it does not. */
export function blockedReason(key: ActionKey, r: Pick<Reservation, "state">): string | undefined {
  const from = ALLOWED_FROM[key];
  if (from) return from.includes(r.state) ? undefined : t(`detail.only_from.${key}` as MessageKey);
  if (key === "cancel" && FINAL.includes(r.state)) return t("detail.cancel_final", { state: stateLabel(r.state) });
  if (key === "move" && FINAL.includes(r.state)) return t("detail.move_final", { state: stateLabel(r.state) });
  return undefined;
}

export function actionLabel(key: ActionKey, caps: Capabilities): string {
  if (key === "move") return t(caps.change_room.supported ? "detail.action.move_room" : "detail.action.move");
  return t(`detail.action.${key}` as MessageKey);
}

export interface ActionOffer {
  key: ActionKey;
  capability: Capability;
  /** Why it can't be done in this state (shown under the disabled button), if it can't. */
  blocked: string | undefined;
}

/**
 * The action buttons of a reservation: every action the provider supports, enabled only in the
 * states it starts from (otherwise disabled with the reason), and cancel always (disabled with the
 * provider's reason when unsupported). The other unsupported ones are `unavailableActions`.
 */
export function actionsFor(r: Reservation, caps: Capabilities): ActionOffer[] {
  return ACTION_KEYS.filter((k) => k === "cancel" || actionCapability(k, caps).supported).map((k) => ({
    key: k,
    capability: actionCapability(k, caps),
    blocked: blockedReason(k, r),
  }));
}

/** The actions the provider does not support (cancel aside), each with its reason, for the "Not available" list. */
export function unavailableActions(caps: Capabilities): { key: ActionKey; reason: string }[] {
  return ACTION_KEYS.filter((k) => k !== "cancel" && !actionCapability(k, caps).supported).map((k) => ({
    key: k,
    reason: actionCapability(k, caps).reason ?? t("capability.unsupported"),
  }));
}

/** The action last started from the buttons, until it is done and shown or the user leaves. */
interface ActionRun {
  reservationId: number;
  action: ActionKey;
  /** `refreshing`: done; the buttons stay busy until the changed reservation has been read back. */
  phase: "working" | "refreshing" | "failed";
  error: AppError | undefined;
}

let run: ActionRun | null = null;

/** Called when the route leaves a reservation: its action error is not shown again. */
export function leaveReservationDetail(): void {
  run = null;
}

/** Number or guest, to name the reservation in questions and toasts. */
export function reservationSubject(r: Reservation): string {
  return r.number ?? r.guest_name ?? "";
}

/**
 * Runs an action started by a button. On success everything shown refreshes and a toast says
 * so; on failure the error is returned and, with `errorInPlace`, shown on the detail screen. A
 * `conflict` or `not_found` means the shown reservation is out of date, so it is read again.
 */
async function runAction(
  id: number,
  action: ActionKey,
  send: () => Promise<Reservation | Written<Reservation>>,
  done: string,
  errorInPlace: boolean,
): Promise<AppError | undefined> {
  const mine: ActionRun = { reservationId: id, action, phase: "working", error: undefined };
  run = mine;
  requestRender();
  try {
    const result = await send();
    if (run === mine) run = { ...mine, phase: "refreshing" };
    cache.invalidate();
    // Kept in the outbox when the provider cannot be reached.
    showInfo("status" in result && result.status === "queued" ? t("outbox.queued_toast") : done);
    return undefined;
  } catch (e) {
    const err = toAppError(e);
    if (run === mine) run = errorInPlace ? { ...mine, phase: "failed", error: err } : null;
    if (err.kind === "conflict" || err.kind === "not_found") cache.invalidate();
    requestRender();
    return err;
  }
}

/** Confirm / check in / check out, through `change_reservation_state`. */
export function changeState(id: number, action: StateAction, subject: string, errorInPlace: boolean): Promise<AppError | undefined> {
  return runAction(id, action, () => api.changeReservationState(id, action), t(`detail.done.${action}` as MessageKey, { subject }), errorInPlace);
}

/** Restore a cancelled reservation (`act_on_reservation`). */
export function restore(id: number, subject: string, errorInPlace: boolean): Promise<AppError | undefined> {
  return runAction(id, "restore", () => api.actOnReservation(id, { kind: "restore" }), t("detail.done.restore", { subject }), errorInPlace);
}

/** The run of this reservation; a finished one is dropped once the fresh data has arrived. */
function runOf(id: number, fetching: boolean): ActionRun | null {
  if (!run || run.reservationId !== id) return null;
  if (run.phase === "refreshing" && !fetching) run = null;
  return run;
}

function actionButton(a: ActionOffer, r: Reservation, caps: Capabilities, provider: string, current: ActionRun | null): TemplateResult {
  const busy = current !== null && current.phase !== "failed";
  const key = a.key;
  const immediate = key === "confirm" || key === "check_in" || key === "restore";
  return capabilityButton({
    label: actionLabel(key, caps),
    capability: a.capability,
    blocked: a.blocked,
    danger: DESTRUCTIVE.has(key),
    primary: key === "confirm" || key === "check_in" || key === "check_out",
    working: immediate && busy && current.action === key ? t(`detail.working.${key}` as MessageKey) : undefined,
    paused: busy,
    testid: actionTestId(key),
    whyTestid: `action-${a.capability.supported ? "blocked" : "unavailable"}-${kebab(key)}`,
    onClick: () => {
      if (run && run.reservationId === r.id && run.phase !== "failed") return;
      start(key, r, caps, provider);
    },
  });
}

function start(key: ActionKey, r: Reservation, caps: Capabilities, provider: string): void {
  const subject = reservationSubject(r);
  switch (key) {
    case "confirm":
    case "check_in":
      void changeState(r.id, key, subject, true);
      return;
    case "restore":
      void restore(r.id, subject, true);
      return;
    case "check_out":
      openDialog({ kind: "check-out", reservationId: r.id, subject, provider, busy: false, error: undefined });
      return;
    case "cancel":
      openDialog({
        kind: "cancel-reservation",
        reservationId: r.id,
        subject,
        provider,
        restorable: caps.restore.supported,
        reason: "",
        busy: false,
        error: undefined,
        late: undefined,
      });
      return;
    case "reject":
    case "no_show":
    case "delete":
      openDialog({ kind: "confirm-action", action: key, reservationId: r.id, subject, provider, reason: "", busy: false, error: undefined });
      return;
    case "move":
      openDialog({
        kind: "move",
        reservationId: r.id,
        accountId: r.account_id,
        subject,
        provider,
        arrival: r.arrival,
        departure: r.departure,
        roomId: "",
        currentRoom: r.room_name,
        changeRoom: caps.change_room,
        busy: false,
        errors: {},
        error: undefined,
      });
      return;
    case "edit_notes":
      openDialog({ kind: "edit-notes", reservationId: r.id, subject, notes: r.notes ?? "", busy: false, errors: {}, error: undefined });
      return;
  }
}

function unavailableList(caps: Capabilities, provider: string): TemplateResult | typeof nothing {
  const missing = unavailableActions(caps);
  if (missing.length === 0) return nothing;
  return html`<section class="unavailable" aria-labelledby="unavailable-title" data-testid="actions-unavailable">
    <h2 id="unavailable-title" class="small-title">${t("detail.unavailable_title", { provider })}</h2>
    <ul>
      ${missing.map(
        (m) => html`<li data-testid=${`action-unavailable-${kebab(m.key)}`} data-action=${m.key}>
          <strong>${actionLabel(m.key, caps)}</strong>: <span class="muted">${m.reason}</span>
        </li>`,
      )}
    </ul>
  </section>`;
}

function guestCard(r: Reservation, guest: Guest | null, caps: Capabilities): TemplateResult {
  if (!guest) {
    return html`<div class="card">
      <h2>${t("detail.guest")}</h2>
      <p data-testid="detail-guest">${r.guest_name ?? muted(t("reservations.no_guest"))}</p>
    </div>`;
  }
  return html`<div class="card">
    <h2>${t("detail.guest")}</h2>
    <dl>
      ${row(t("guest.name"), guestName(guest), "detail-guest")}
      ${row(t("guest.email"), guest.email ? html`<a href=${`mailto:${guest.email}`}>${guest.email}</a>` : muted("—"))}
      ${row(t("guest.phone"), guest.phone ?? muted("—"))}
      ${row(t("guest.nationality"), guest.nationality ? formatCountry(guest.nationality) : muted("—"))}
      ${row(t("guest.reservations"), String(guest.reservation_count))}
    </dl>
    <div class="card-foot">
      <a class="link" href=${`#/guests/${guest.id}`}>${t("detail.guest_all_reservations")}</a>
      ${capabilityButton({
        label: t("detail.action.edit_guest"),
        capability: caps.edit_guest,
        testid: "edit-guest-button",
        whyTestid: "action-unavailable-edit-guest",
        onClick: () => {
          openGuestEdit(guest);
          navigate({ name: "guest", id: guest.id });
        },
      })}
    </div>
  </div>`;
}

function activityList(entries: readonly ActivityEntry[]): TemplateResult {
  if (entries.length === 0) return html`<p class="muted">${t("detail.no_activity")}</p>`;
  return html`<ol class="timeline">
    ${entries.map(
      (a) => html`<li>
        <span class="muted small nowrap">${formatDateTime(a.at)}</span>
        <span>${a.summary}</span>
        <span class="pill outcome-${a.outcome}">${t(`activity.outcome.${a.outcome}` as MessageKey)}</span>
      </li>`,
    )}
  </ol>`;
}

export function reservationDetailView(id: number): TemplateResult {
  const q = queries.reservation(id);
  const back = html`<a class="back" href="#/reservations">← ${t("nav.reservations")}</a>`;
  if (q.loading) return html`<section class="screen">${back}${loadingBlock()}</section>`;
  if (!q.data) {
    const retry = () => cache.invalidate((k) => k.startsWith("get_reservation"));
    return html`<section class="screen">
      ${back}
      <h1 id="screen-title" tabindex="-1">${t("detail.title_no_number")}</h1>
      ${q.error ? errorBlock(q.error, q.error.kind === "not_found" ? undefined : retry) : nothing}
    </section>`;
  }
  const { reservation: r, guest, activity, capabilities, raw } = q.data;
  const account: Account | undefined = accountsById(queries.accounts().data).get(r.account_id);
  const provider = providerName(r.provider);
  const title = r.number ? t("detail.title", { number: r.number }) : t("detail.title_no_number");
  const current = runOf(r.id, q.fetching);
  const offers = actionsFor(r, capabilities);

  return html`<section class="screen" data-testid="reservation-detail" data-reservation-id=${r.id} aria-labelledby="screen-title">
    ${back}
    <header class="screen-head stacked">
      <h1 id="screen-title" tabindex="-1">${title} ${statePill(r.state, "detail-state")} ${pendingInDetail(r.id)}</h1>
      <p class="muted">
        ${r.guest_name ?? t("reservations.no_guest")} · ${formatDate(r.arrival)} – ${formatDate(r.departure)} ·
        ${t("detail.nights", { count: nights(r) })} · ${r.account_label}
        (<span data-testid="detail-provider" data-provider=${r.provider}>${provider}</span>)
      </p>
    </header>
    <div class="detail-actions" role="group" aria-label=${t("detail.actions")}>
      <div class="action-group">
        ${offers.filter((a) => !DESTRUCTIVE.has(a.key)).map((a) => actionButton(a, r, capabilities, provider, current))}
      </div>
      <div class="action-group">
        ${offers.filter((a) => DESTRUCTIVE.has(a.key)).map((a) => actionButton(a, r, capabilities, provider, current))}
      </div>
    </div>
    ${unavailableList(capabilities, provider)}
    ${current?.phase === "failed" && current.error ? errorBlock(current.error) : nothing}
    ${q.error ? errorBlock(q.error) : nothing}
    <div class="cards">
      <div class="card">
        <h2>${t("detail.stay")}</h2>
        <dl>
          ${row(t("reservations.col.arrival"), formatDate(r.arrival, "long"))}
          ${row(t("reservations.col.departure"), formatDate(r.departure, "long"))}
          ${row(t("reservations.col.nights"), String(nights(r)))}
          ${row(t("detail.room"), r.room_name ?? muted(t("reservations.unassigned")))}
          ${r.additional_room_names.length > 0
            ? row(t("detail.additional_rooms"), r.additional_room_names.join(", "), "detail-additional-rooms")
            : nothing}
          ${row(t("detail.category"), r.category_name ?? muted("—"))}
          ${row(
            t("detail.people"),
            r.children > 0
              ? `${t("detail.adults", { count: r.adults })}, ${t("detail.children", { count: r.children })}`
              : t("detail.adults", { count: r.adults }),
          )}
        </dl>
      </div>
      ${guestCard(r, guest, capabilities)}
      <div class="card">
        <h2>${t("detail.price")}</h2>
        <p class="amount">${r.total ? formatMoney(r.total) : muted(t("detail.no_price"))}</p>
        <h2>${t("detail.notes")}</h2>
        <p class="notes">${r.notes?.trim() ? r.notes : muted(t("detail.no_notes"))}</p>
      </div>
      <div class="card">
        <h2>${t("detail.account")}</h2>
        <dl>
          ${row(t("reservations.col.account"), html`${r.account_label}${account?.is_demo ? html` ${demoTag()}` : nothing}`)}
          ${row(t("detail.provider"), provider)}
          ${row(t("detail.provider_state", { provider }), html`<code>${r.provider_state}</code>`, "detail-provider-state")}
          ${row(t("detail.provider_id", { provider }), html`<code>${r.provider_id}</code>`)}
          ${r.created_at ? row(t("detail.created"), formatDateTime(r.created_at)) : nothing}
          ${r.updated_at ? row(t("detail.updated"), formatDateTime(r.updated_at)) : nothing}
        </dl>
      </div>
      <div class="card span-2">
        <h2>${t("detail.history")}</h2>
        ${activityList(activity)}
      </div>
    </div>
    <details class="card raw">
      <summary>${t("detail.raw", { provider })}</summary>
      <pre>${JSON.stringify(raw, null, 2)}</pre>
    </details>
  </section>`;
}
