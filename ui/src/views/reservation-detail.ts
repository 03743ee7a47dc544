// One reservation: every field, its guest, account, price, notes, the provider's own state and
// record, the activity history, and the actions the provider's capabilities allow (confirm,
// check in, check out, cancel).

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
import { api, cache, queries } from "../api";
import { toAppError } from "../errors";
import { formatCountry, formatDate, formatDateTime, formatMoney, t, type MessageKey } from "../i18n";
import { openDialog, requestRender, showInfo } from "../state";
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

/** The one state each change starts from; the shell refuses it from any other with `conflict`. */
export const ACTION_FROM: Record<StateAction, ReservationState> = {
  confirm: "optional",
  check_in: "confirmed",
  check_out: "checked_in",
};

export interface ActionOffer {
  key: StateAction | "cancel";
  capability: Capability;
  /** Why it can't be done in this state (shown under the disabled button), if it can't. */
  blocked: string | undefined;
}

/**
 * The actions of a reservation: confirm / check in / check out when the provider supports them
 * (enabled only in the state each starts from), and cancel (shown disabled with the provider's
 * reason when unsupported).
 */
export function actionsFor(r: Reservation, caps: Capabilities): ActionOffer[] {
  const out: ActionOffer[] = STATE_ACTIONS.filter((a) => caps[a].supported).map((a) => ({
    key: a,
    capability: caps[a],
    blocked: r.state === ACTION_FROM[a] ? undefined : t(`detail.only_from.${a}` as MessageKey),
  }));
  out.push({
    key: "cancel",
    capability: caps.cancel,
    blocked: FINAL.includes(r.state) ? t("detail.cancel_final", { state: stateLabel(r.state) }) : undefined,
  });
  return out;
}

/** The state change last started from this screen, until it is done and shown or the user leaves. */
interface ActionRun {
  reservationId: number;
  action: StateAction;
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
 * Sends a state change. On success everything shown refreshes and a toast says so; on failure
 * the error is returned and, with `errorInPlace`, shown on the detail screen. A `conflict` or
 * `not_found` means the shown reservation is out of date, so it is read again as well.
 */
export async function changeState(
  id: number,
  action: StateAction,
  subject: string,
  errorInPlace: boolean,
): Promise<AppError | undefined> {
  const mine: ActionRun = { reservationId: id, action, phase: "working", error: undefined };
  run = mine;
  requestRender();
  try {
    await api.changeReservationState(id, action);
    if (run === mine) run = { ...mine, phase: "refreshing" };
    cache.invalidate();
    showInfo(t(`detail.done.${action}` as MessageKey, { subject }));
    return undefined;
  } catch (e) {
    const err = toAppError(e);
    if (run === mine) run = errorInPlace ? { ...mine, phase: "failed", error: err } : null;
    if (err.kind === "conflict" || err.kind === "not_found") cache.invalidate();
    requestRender();
    return err;
  }
}

/** The run of this reservation; a finished one is dropped once the fresh data has arrived. */
function runOf(id: number, fetching: boolean): ActionRun | null {
  if (!run || run.reservationId !== id) return null;
  if (run.phase === "refreshing" && !fetching) run = null;
  return run;
}

function actionButton(a: ActionOffer, r: Reservation, provider: string, current: ActionRun | null): TemplateResult {
  const busy = current !== null && current.phase !== "failed";
  if (a.key === "cancel") {
    return capabilityButton({
      label: t("detail.action.cancel"),
      capability: a.capability,
      blocked: a.blocked,
      danger: true,
      paused: busy,
      testid: "cancel-button",
      onClick: () => cancel(r),
    });
  }
  const action = a.key;
  return capabilityButton({
    label: t(`detail.action.${action}` as MessageKey),
    capability: a.capability,
    blocked: a.blocked,
    primary: true,
    working: busy && current.action === action ? t(`detail.working.${action}` as MessageKey) : undefined,
    paused: busy,
    testid: `${action.replace("_", "-")}-button`,
    onClick: () => {
      if (run && run.reservationId === r.id && run.phase !== "failed") return;
      if (action === "check_out") checkOut(r, provider);
      else void changeState(r.id, action, reservationSubject(r), true);
    },
  });
}

function guestCard(r: Reservation, guest: Guest | null, caps: Capabilities, provider: string): TemplateResult {
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
        // No command edits a guest yet, whatever the provider allows.
        blocked: t("detail.action_not_in_innkeep", { provider }),
        testid: "edit-guest-button",
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

function cancel(r: Reservation): void {
  openDialog({
    kind: "cancel-reservation",
    reservationId: r.id,
    subject: reservationSubject(r),
    reason: "",
    busy: false,
    error: undefined,
  });
}

/** Check-out is hard to undo: it is asked for first (the dialog calls `changeState`). */
function checkOut(r: Reservation, provider: string): void {
  openDialog({ kind: "check-out", reservationId: r.id, subject: reservationSubject(r), provider, busy: false, error: undefined });
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
      <h1 id="screen-title" tabindex="-1">${title} ${statePill(r.state, "detail-state")}</h1>
      <p class="muted">
        ${r.guest_name ?? t("reservations.no_guest")} · ${formatDate(r.arrival)} – ${formatDate(r.departure)} ·
        ${t("detail.nights", { count: nights(r) })}
      </p>
    </header>
    <div class="detail-actions" role="group" aria-label=${t("detail.actions")}>
      <div class="action-group">
        ${offers.filter((a) => a.key !== "cancel").map((a) => actionButton(a, r, provider, current))}
      </div>
      <div class="action-group">
        ${offers.filter((a) => a.key === "cancel").map((a) => actionButton(a, r, provider, current))}
      </div>
    </div>
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
          ${row(t("detail.category"), r.category_name ?? muted("—"))}
          ${row(
            t("detail.people"),
            r.children > 0
              ? `${t("detail.adults", { count: r.adults })}, ${t("detail.children", { count: r.children })}`
              : t("detail.adults", { count: r.adults }),
          )}
        </dl>
      </div>
      ${guestCard(r, guest, capabilities, provider)}
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
