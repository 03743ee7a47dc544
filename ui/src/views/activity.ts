// Activity: what Innkeep did, newest first (`list_activity`).

import { html, nothing, type TemplateResult } from "lit";
import { cache, queries } from "../api";
import { formatDateTime, t, tMaybe, type MessageKey } from "../i18n";
import { demoTag, emptyBlock, errorBlock, loadingBlock } from "./components";
import { accountsById } from "./reservations";

export const ACTIVITY_LIMIT = 200;

/** A known action in words ("Booking created"); an unknown one as the shell named it. */
export function actionLabel(action: string): string {
  return tMaybe(`activity.action.${action}`) ?? action;
}

export function activityView(): TemplateResult {
  const q = queries.activity(undefined, ACTIVITY_LIMIT);
  const accounts = accountsById(queries.accounts().data);
  const rows = q.data ?? [];
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
            <td><span class="pill outcome-${a.outcome}">${t(`activity.outcome.${a.outcome}` as MessageKey)}</span></td>
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
