// Activity: what Innkeep did, newest first (`list_activity`). A cancellation whose reservation is
// still cancelled offers "Restore" right in its row where the account's provider can restore.

import { html, nothing, type TemplateResult } from "lit";
import type { Account } from "../bindings/Account";
import type { ActivityEntry } from "../bindings/ActivityEntry";
import { api, cache, queries } from "../api";
import { toAppError } from "../errors";
import { formatDateTime, t, tMaybe, type MessageKey } from "../i18n";
import { requestRender, showError, showInfo } from "../state";
import { demoTag, emptyBlock, errorBlock, loadingBlock } from "./components";
import { accountsById } from "./reservations";

export const ACTIVITY_LIMIT = 200;

/** A known action in words ("Booking created"); an unknown one as the shell named it. */
export function actionLabel(action: string): string {
  return tMaybe(`activity.action.${action}`) ?? action;
}

/** Reservations being restored from this screen. */
const restoring = new Set<number>();

/**
 * The entries that offer "Restore": the newest `reservation.cancel` of each reservation that is
 * still cancelled (`cancelledIds`), of an account whose provider can restore.
 */
export function restorableEntries(
  rows: readonly ActivityEntry[],
  accounts: ReadonlyMap<number, Account>,
  cancelledIds: ReadonlySet<number>,
): Set<number> {
  const out = new Set<number>();
  const seen = new Set<number>();
  for (const a of rows) {
    if (a.action !== "reservation.cancel" || a.outcome !== "ok" || a.reservation_id === null || a.account_id === null) continue;
    if (seen.has(a.reservation_id)) continue;
    seen.add(a.reservation_id);
    if (accounts.get(a.account_id)?.capabilities.restore.supported && cancelledIds.has(a.reservation_id)) out.add(a.id);
  }
  return out;
}

async function restoreFromLog(reservationId: number, subject: string): Promise<void> {
  if (restoring.has(reservationId)) return;
  restoring.add(reservationId);
  requestRender();
  try {
    const r = await api.actOnReservation(reservationId, { kind: "restore" });
    showInfo(t("detail.done.restore", { subject: r.number ?? subject }));
  } catch (e) {
    showError(toAppError(e));
  } finally {
    restoring.delete(reservationId);
    cache.invalidate();
  }
}

function restoreButton(reservationId: number, subject: string): TemplateResult {
  const busy = restoring.has(reservationId);
  return html`<button
    type="button"
    class="btn btn-small"
    data-testid="activity-restore"
    data-reservation-id=${reservationId}
    aria-label=${t("activity.restore_label", { subject })}
    ?disabled=${busy}
    aria-busy=${busy ? "true" : nothing}
    @click=${() => void restoreFromLog(reservationId, subject)}
  >
    ${busy ? t("activity.restoring") : t("activity.restore")}
  </button>`;
}

export function activityView(): TemplateResult {
  const q = queries.activity(undefined, ACTIVITY_LIMIT);
  const accounts = accountsById(queries.accounts().data);
  const rows = q.data ?? [];
  // Which cancelled reservations are still cancelled: asked only where some account can restore.
  const canRestore = [...accounts.values()].some((a) => a.capabilities.restore.supported);
  const cancelled = canRestore ? queries.reservations({ states: ["cancelled"], sort: "arrival", descending: false }).data : undefined;
  const restorable = restorableEntries(rows, accounts, new Set((cancelled ?? []).map((r) => r.id)));
  let body: TemplateResult;
  if (q.loading) body = loadingBlock();
  else if (q.error && !q.data) body = errorBlock(q.error, () => cache.invalidate((k) => k.startsWith("list_activity")));
  else if (rows.length === 0) body = emptyBlock(t("activity.empty"), undefined, "activity-empty");
  else
    body = html`<table class="data">
      <thead>
        <tr>
          <th scope="col">${t("activity.col.time")}</th>
          <th scope="col">${t("activity.col.action")}</th>
          <th scope="col">${t("activity.col.summary")}</th>
          <th scope="col">${t("activity.col.result")}</th>
          <th scope="col">${t("reservations.col.account")}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((a) => {
          const account = a.account_id !== null ? accounts.get(a.account_id) : undefined;
          return html`<tr data-testid="activity-row" data-activity-id=${a.id} data-outcome=${a.outcome}>
            <td class="nowrap">${formatDateTime(a.at)}</td>
            <td class="nowrap">${actionLabel(a.action)}</td>
            <td>
              ${a.reservation_id !== null ? html`<a href=${`#/reservations/${a.reservation_id}`}>${a.summary}</a>` : a.summary}
              ${a.provider_ref ? html`<div class="muted small">${t("activity.provider_ref", { ref: a.provider_ref })}</div>` : nothing}
            </td>
            <td>
              <span class="pill outcome-${a.outcome}">${t(`activity.outcome.${a.outcome}` as MessageKey)}</span>
              ${restorable.has(a.id) && a.reservation_id !== null ? restoreButton(a.reservation_id, a.provider_ref ?? "") : nothing}
            </td>
            <td class="nowrap">${account ? html`${account.label}${account.is_demo ? html` ${demoTag()}` : nothing}` : html`<span class="muted">—</span>`}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  return html`<section class="screen" aria-labelledby="screen-title">
    <header class="screen-head">
      <h1 id="screen-title" tabindex="-1">${t("activity.title")}</h1>
      <p class="muted">${t("activity.subtitle", { count: ACTIVITY_LIMIT })}</p>
    </header>
    <div class="table-wrap">${body}</div>
  </section>`;
}
