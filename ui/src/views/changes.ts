// What changed: per account, the reservations the syncs found added, changed or removed at the
// provider since the manager last looked. "Seen" clears an account's list.

import { html, nothing, type TemplateResult } from "lit";
import type { AccountChanges } from "../bindings/AccountChanges";
import type { SyncChange } from "../bindings/SyncChange";
import { api, cache, queries } from "../api";
import { formatDate, formatNumber, t, type MessageKey } from "../i18n";
import { requestRender, showError } from "../state";
import type { AppError } from "../bindings/AppError";

export function changeCount(a: AccountChanges): number {
  return a.added + a.changed + a.removed;
}

async function markSeen(a: AccountChanges): Promise<void> {
  try {
    await api.markChangesSeen(a.account_id, a.changes[0]?.id);
    cache.invalidate((key) => key === "what_changed");
    requestRender();
  } catch (err) {
    showError(err as AppError, t("changes.seen_failed"));
  }
}

function changeItem(c: SyncChange): TemplateResult {
  const who = c.guest_name ?? c.number ?? "—";
  const what = html`<span class="change-kind change-${c.kind}">${t(`changes.kind.${c.kind}` as MessageKey)}</span>
    <span class="today-guest">${who}</span>
    <span class="muted">${formatDate(c.arrival, "short")} – ${formatDate(c.departure, "short")}${c.room_name ? ` · ${c.room_name}` : ""}</span>`;
  return html`<li data-testid="change-item" data-kind=${c.kind}>
    ${c.reservation_id != null ? html`<a href=${`#/reservations/${c.reservation_id}`}>${what}</a>` : what}
  </li>`;
}

function accountChanges(a: AccountChanges): TemplateResult {
  const more = changeCount(a) - a.changes.length;
  return html`<div class="changes-account" data-testid="changes-account" data-account-id=${a.account_id}>
    <h3>
      ${a.account_label}
      <span class="muted small" data-testid="changes-counts">${t("changes.counts", { added: formatNumber(a.added), changed: formatNumber(a.changed), removed: formatNumber(a.removed) })}</span>
      <button type="button" class="btn btn-small" data-testid="changes-seen" @click=${() => void markSeen(a)}>${t("changes.seen")}</button>
    </h3>
    <ul>${a.changes.map(changeItem)}</ul>
    ${more > 0 ? html`<p class="muted small">${t("changes.more", { count: more })}</p>` : nothing}
  </div>`;
}

/** The Today card; nothing when no account has unseen changes. */
export function changesCard(): TemplateResult | typeof nothing {
  const list = (queries.whatChanged().data ?? []).filter((a) => changeCount(a) > 0);
  if (list.length === 0) return nothing;
  return html`<section class="card today-changes" aria-labelledby="today-changes" data-testid="today-changes">
    <h2 id="today-changes">${t("changes.title")}</h2>
    <p class="muted small">${t("changes.hint")}</p>
    ${list.map(accountChanges)}
  </section>`;
}
