// The outbox panel: what waits to be sent, per account, with Send all (after the manager
// confirms), Edit (a queued booking's dates, room, new guest's name and notes), Discard, and the provider's message on
// a refused entry; the banner when an account is back online with entries waiting; and the
// pending marks the timeline and the detail show.

import { html, nothing, type TemplateResult } from "lit";
import type { Account } from "../bindings/Account";
import type { OutboxEdit } from "../bindings/OutboxEdit";
import type { OutboxEntry } from "../bindings/OutboxEntry";
import { api, cache, queries } from "../api";
import { isValidIsoDate } from "../dates";
import { toAppError } from "../errors";
import { formatDate, formatDateTime, t, type MessageKey } from "../i18n";
import { draftOf, guestOf, openEntries, pendingActions, sendSummary, backOnline } from "../outbox";
import { requestRender, showError, showInfo } from "../state";

type EditForm = {
  entryId: number;
  accountId: number;
  categoryId: number;
  arrival: string;
  departure: string;
  /** "" = leave as it is. */
  roomId: string;
  /** Only for a new guest; an existing guest is kept. */
  firstName: string | null;
  lastName: string | null;
  notes: string;
  error?: string;
};

/** Which account's Send all waits for the manager's yes, the entry being edited, what is in flight. */
export const outboxUi: { confirming: number | null; editing: EditForm | null; busy: boolean; open: boolean } = {
  confirming: null,
  editing: null,
  busy: false,
  open: false,
};

const KNOWN_ACTIONS = ["cancel", "confirm", "check_in", "check_out"];

/** "Cancel", "Check in", … for a kept action. */
export function actionName(kind: string): string {
  return t((KNOWN_ACTIONS.includes(kind) ? `outbox.kind.${kind}` : "outbox.kind.change") as MessageKey);
}

/** One entry in words: the booking's guest and dates, or the action and its reservation. */
export function entrySubject(e: OutboxEntry): string {
  const d = draftOf(e);
  if (d) {
    const guest = guestOf(d);
    const dates = `${formatDate(d.arrival)} – ${formatDate(d.departure)}`;
    return t("outbox.entry.create", { what: guest ? `${guest}, ${dates}` : dates });
  }
  return t("outbox.entry.action", { action: actionName(e.kind), id: String(e.reservation_id ?? "") });
}

/** The mark beside a reservation's state in the detail when an action on it waits. */
export function pendingInDetail(reservationId: number): TemplateResult | typeof nothing {
  const waiting = pendingActions(queries.outbox().data ?? []).get(reservationId) ?? [];
  if (waiting.length === 0) return nothing;
  return html`${waiting.map(
    (e) => html`<span class="pill pending-pill" data-testid="detail-pending" data-kind=${e.kind} data-state=${e.state}
      >${e.kind === "cancel" ? t("outbox.pending_cancel") : t("outbox.pending_action", { action: actionName(e.kind) })}</span
    >`,
  )}`;
}

/** Banners: an account back online with entries waiting. */
export function outboxBanners(accounts: readonly Account[]): TemplateResult[] {
  return backOnline(queries.outbox().data ?? [], accounts).map(
    ({ account, count }) => html`<div class="banner banner-warn" role="status" data-testid="outbox-banner" data-account-id=${account.id}>
      ${t("outbox.banner", { account: account.label, count: String(count) })}
      <button type="button" class="btn btn-small" data-testid="outbox-banner-review" @click=${() => openPanel(account.id)}>
        ${t("outbox.banner.review")}
      </button>
    </div>`,
  );
}

function openPanel(confirmAccount: number | null): void {
  outboxUi.open = true;
  outboxUi.confirming = confirmAccount;
  requestRender();
}

async function sendAll(accountId: number): Promise<void> {
  if (outboxUi.busy) return;
  outboxUi.busy = true;
  outboxUi.confirming = null;
  requestRender();
  try {
    const taken = await api.sendOutbox(accountId);
    const s = sendSummary(taken);
    showInfo(t("outbox.sent_toast", { sent: String(s.sent), conflicts: String(s.conflicts + s.failed), waiting: String(s.waiting) }));
  } catch (err) {
    showError(toAppError(err));
  } finally {
    outboxUi.busy = false;
    cache.invalidate();
    requestRender();
  }
}

async function discard(e: OutboxEntry): Promise<void> {
  try {
    await api.discardOutboxEntry(e.id);
  } catch (err) {
    showError(toAppError(err));
  } finally {
    cache.invalidate();
  }
}

function startEdit(e: OutboxEntry): void {
  const d = draftOf(e);
  if (!d) return;
  const guest = "new" in d.guest ? d.guest.new : null;
  outboxUi.editing = {
    entryId: e.id,
    accountId: d.account_id,
    categoryId: d.category_id,
    arrival: d.arrival,
    departure: d.departure,
    roomId: d.room_id ? String(d.room_id) : "",
    firstName: guest ? guest.first_name : null,
    lastName: guest ? guest.last_name : null,
    notes: d.notes ?? "",
  };
  requestRender();
}

/** Saves an edit; the shell checks it like a new booking and queues the entry again. */
export async function saveEdit(): Promise<void> {
  const f = outboxUi.editing;
  if (!f || outboxUi.busy) return;
  if (!isValidIsoDate(f.arrival.trim()) || !isValidIsoDate(f.departure.trim()) || f.departure.trim() <= f.arrival.trim()) {
    outboxUi.editing = { ...f, error: t("outbox.edit.bad_dates") };
    requestRender();
    return;
  }
  outboxUi.busy = true;
  try {
    const entry = (queries.outbox().data ?? []).find((x) => x.id === f.entryId);
    const before = entry ? draftOf(entry) : null;
    const edit: OutboxEdit = { arrival: f.arrival.trim(), departure: f.departure.trim(), notes: f.notes };
    if (f.roomId) edit.room_id = Number(f.roomId);
    if (before && "new" in before.guest && f.lastName !== null)
      edit.guest = { new: { ...before.guest.new, first_name: (f.firstName ?? "").trim(), last_name: f.lastName.trim() } };
    await api.editOutboxEntry(f.entryId, edit);
    outboxUi.editing = null;
    cache.invalidate();
  } catch (err) {
    if (outboxUi.editing) outboxUi.editing = { ...outboxUi.editing, error: toAppError(err).message };
  } finally {
    outboxUi.busy = false;
    requestRender();
  }
}

function editForm(f: EditForm): TemplateResult {
  const set = (patch: Partial<EditForm>) => {
    if (outboxUi.editing) outboxUi.editing = { ...outboxUi.editing, ...patch, error: undefined };
  };
  return html`<form class="outbox-edit" data-testid="outbox-edit-form" @submit=${(ev: Event) => { ev.preventDefault(); void saveEdit(); }}>
    <label class="field"><span>${t("outbox.arrival")}</span>
      <input data-testid="outbox-edit-arrival" .value=${f.arrival} @input=${(ev: Event) => set({ arrival: (ev.target as HTMLInputElement).value })} /></label>
    <label class="field"><span>${t("outbox.departure")}</span>
      <input data-testid="outbox-edit-departure" .value=${f.departure} @input=${(ev: Event) => set({ departure: (ev.target as HTMLInputElement).value })} /></label>
    <label class="field"><span>${t("outbox.room")}</span>
      <select data-testid="outbox-edit-room" @change=${(ev: Event) => set({ roomId: (ev.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${f.roomId === ""}>${t("outbox.room.any")}</option>
        ${(queries.rooms(f.accountId).data?.rooms ?? [])
          .filter((r) => r.category_id === f.categoryId)
          .map((r) => html`<option value=${String(r.id)} ?selected=${f.roomId === String(r.id)}>${r.name}</option>`)}
      </select></label>
    ${f.lastName !== null
      ? html`<label class="field"><span>${t("outbox.first_name")}</span>
            <input data-testid="outbox-edit-first-name" .value=${f.firstName ?? ""} @input=${(ev: Event) => set({ firstName: (ev.target as HTMLInputElement).value })} /></label>
          <label class="field"><span>${t("outbox.last_name")}</span>
            <input data-testid="outbox-edit-last-name" .value=${f.lastName} @input=${(ev: Event) => set({ lastName: (ev.target as HTMLInputElement).value })} /></label>`
      : nothing}
    <label class="field"><span>${t("outbox.notes")}</span>
      <input data-testid="outbox-edit-notes" .value=${f.notes} @input=${(ev: Event) => set({ notes: (ev.target as HTMLInputElement).value })} /></label>
    ${f.error ? html`<p class="field-error" role="alert" data-testid="outbox-edit-error">${f.error}</p>` : nothing}
    <button type="submit" class="btn btn-small btn-primary" data-testid="outbox-edit-save" ?disabled=${outboxUi.busy}>${t("outbox.save")}</button>
    <button type="button" class="btn btn-small" @click=${() => { outboxUi.editing = null; requestRender(); }}>${t("outbox.cancel")}</button>
  </form>`;
}

function entryRow(e: OutboxEntry): TemplateResult {
  const editing = outboxUi.editing?.entryId === e.id ? outboxUi.editing : null;
  return html`<li class="outbox-entry outbox-${e.state}" data-testid="outbox-entry" data-entry-id=${e.id} data-state=${e.state} data-kind=${e.kind}>
    <div>
      <strong>${entrySubject(e)}</strong>
      <span class="pill" data-testid="outbox-entry-state">${t(`outbox.state.${e.state}` as MessageKey)}</span>
      <span class="muted">${formatDateTime(e.created_at)}</span>
    </div>
    ${e.state === "conflict" || e.state === "failed"
      ? html`<p class="field-error" data-testid="outbox-entry-error">${e.error ?? ""}</p>`
      : nothing}
    ${editing
      ? editForm(editing)
      : html`<div class="outbox-buttons">
          ${draftOf(e) && (e.state === "queued" || e.state === "conflict")
            ? html`<button type="button" class="btn btn-small" data-testid="outbox-edit" @click=${() => startEdit(e)}>${t("outbox.edit")}</button>`
            : nothing}
          ${e.state !== "sending"
            ? html`<button type="button" class="btn btn-small" data-testid="outbox-discard" @click=${() => void discard(e)}>${t("outbox.discard")}</button>`
            : nothing}
        </div>`}
  </li>`;
}

/** The panel: entries grouped by account, each group with Send all behind a confirmation. */
export function outboxPanel(accounts: readonly Account[]): TemplateResult | typeof nothing {
  const entries = openEntries(queries.outbox().data ?? []);
  if (entries.length === 0) return nothing;
  const ids = [...new Set(entries.map((e) => e.account_id))];
  return html`<section class="outbox-panel" data-testid="outbox-panel" aria-labelledby="outbox-title">
    <h2 id="outbox-title">
      <button type="button" class="btn btn-link" data-testid="outbox-toggle" aria-expanded=${outboxUi.open ? "true" : "false"}
        @click=${() => { outboxUi.open = !outboxUi.open; requestRender(); }}>${t("outbox.title")} (${entries.length})</button>
    </h2>
    ${outboxUi.open
      ? html`<p class="muted">${t("outbox.intro")}</p>
          ${ids.map((id) => {
            const account = accounts.find((a) => a.id === id);
            const label = account?.label ?? "";
            const mine = entries.filter((e) => e.account_id === id);
            const queued = mine.filter((e) => e.state === "queued").length;
            return html`<div class="outbox-account" data-testid="outbox-account" data-account-id=${id}>
              <h3>${label}</h3>
              <ul>${mine.map(entryRow)}</ul>
              ${outboxUi.confirming === id
                ? html`<div role="alertdialog" aria-labelledby="outbox-confirm-${id}" class="outbox-confirm" data-testid="outbox-confirm">
                    <p id="outbox-confirm-${id}">${t("outbox.confirm_send", { account: label, count: String(queued) })}</p>
                    <button type="button" class="btn btn-small btn-primary" data-testid="outbox-confirm-send" @click=${() => void sendAll(id)}>${t("outbox.confirm")}</button>
                    <button type="button" class="btn btn-small" data-testid="outbox-confirm-cancel" @click=${() => { outboxUi.confirming = null; requestRender(); }}>${t("outbox.cancel")}</button>
                  </div>`
                : html`<button type="button" class="btn btn-small btn-primary" data-testid="outbox-send-all" ?disabled=${queued === 0 || outboxUi.busy}
                    @click=${() => openPanel(id)}>${t("outbox.send_all", { account: label })}</button>`}
            </div>`;
          })}`
      : nothing}
  </section>`;
}
