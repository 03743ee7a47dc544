// The dialogs of a reservation's actions: cancel (with the provider's late-cancellation rule and
// an explicit "Cancel anyway"), reject / no-show / delete (asked for first), move (new dates and,
// where the provider allows, another room) and notes. Each shows its errors in place: beside the
// input the shell's `AppError.field` names, else inside the dialog.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { AppError } from "../bindings/AppError";
import type { ReservationAction } from "../bindings/ReservationAction";
import { api, cache, queries } from "../api";
import { ISO_DATE_PATTERN } from "../dates";
import { toAppError } from "../errors";
import { t, type MessageKey } from "../i18n";
import { closeDialog, navigate, showInfo, ui, updateDialog, type Dialog } from "../state";
import { errorBlock, fieldError } from "./components";
import { stayErrors } from "./booking-form";

export type Frame = (title: string, content: TemplateResult, testid: string) => TemplateResult;

type DialogOf<K extends Dialog["kind"]> = Extract<Dialog, { kind: K }>;

export const MAX_NOTES = 2000;

/** After a refusal that says the shown data is old, read it again. */
function refreshOn(err: AppError): void {
  if (err.kind === "conflict" || err.kind === "not_found") cache.invalidate();
}

/** Sends the cancellation; `override` only after the manager chose "Cancel anyway". */
export async function sendCancel(override: boolean): Promise<void> {
  const d = ui.dialog;
  if (d?.kind !== "cancel-reservation" || d.busy) return;
  updateDialog({ busy: true, error: undefined });
  try {
    const written = await api.cancelReservation(d.reservationId, d.reason, override);
    closeDialog();
    cache.invalidate();
    if (written.status === "queued") showInfo(t("outbox.queued_toast"));
    else showInfo(t("cancel.done", { subject: d.subject, state: t(`state.${written.value.state}` as MessageKey) }));
  } catch (e) {
    const err = toAppError(e);
    if (ui.dialog?.kind !== "cancel-reservation") return;
    if (err.kind === "late_cancellation") updateDialog({ busy: false, late: err, error: undefined });
    else {
      updateDialog({ busy: false, error: err });
      refreshOn(err);
    }
  }
}

async function sendConfirmed(): Promise<void> {
  const d = ui.dialog;
  if (d?.kind !== "confirm-action" || d.busy) return;
  updateDialog({ busy: true, error: undefined });
  let action: ReservationAction;
  if (d.action === "reject") {
    action = { kind: "reject" };
    if (d.reason.trim()) action.reason = d.reason.trim();
  } else action = { kind: d.action };
  try {
    await api.actOnReservation(d.reservationId, action);
    closeDialog();
    cache.invalidate();
    showInfo(t(`detail.done.${d.action}` as MessageKey, { subject: d.subject }));
    // A deleted reservation is gone: back to the list.
    if (d.action === "delete") navigate({ name: "reservations" });
  } catch (e) {
    const err = toAppError(e);
    if (ui.dialog?.kind === "confirm-action") updateDialog({ busy: false, error: err });
    refreshOn(err);
  }
}

export async function sendMove(): Promise<void> {
  const d = ui.dialog;
  if (d?.kind !== "move" || d.busy) return;
  const errors: Record<string, string> = { ...stayErrors(d.arrival, d.departure) };
  if (Object.keys(errors).length > 0) {
    updateDialog({ errors, error: undefined });
    return;
  }
  updateDialog({ busy: true, errors: {}, error: undefined });
  const action: ReservationAction = { kind: "move", arrival: d.arrival.trim(), departure: d.departure.trim() };
  if (d.roomId) action.room_id = Number(d.roomId);
  try {
    const r = await api.actOnReservation(d.reservationId, action);
    closeDialog();
    cache.invalidate();
    showInfo(t("detail.done.move", { subject: d.subject, arrival: r.arrival, departure: r.departure }));
  } catch (e) {
    const err = toAppError(e);
    if (ui.dialog?.kind !== "move") return;
    const field = err.field === "room_id" && !d.changeRoom.supported ? undefined : err.field;
    if (field && ["arrival", "departure", "room_id"].includes(field)) updateDialog({ busy: false, errors: { [field]: err.message } });
    else updateDialog({ busy: false, error: err });
    refreshOn(err);
  }
}

export async function sendNotes(): Promise<void> {
  const d = ui.dialog;
  if (d?.kind !== "edit-notes" || d.busy) return;
  if ([...d.notes].length > MAX_NOTES) {
    updateDialog({ errors: { notes: t("notes.too_long", { max: MAX_NOTES }) } });
    return;
  }
  updateDialog({ busy: true, errors: {}, error: undefined });
  try {
    await api.actOnReservation(d.reservationId, { kind: "edit_notes", notes: d.notes.trim() });
    closeDialog();
    cache.invalidate();
    showInfo(t("detail.done.edit_notes", { subject: d.subject }));
  } catch (e) {
    const err = toAppError(e);
    if (ui.dialog?.kind !== "edit-notes") return;
    if (err.field === "notes") updateDialog({ busy: false, errors: { notes: err.message } });
    else updateDialog({ busy: false, error: err });
    refreshOn(err);
  }
}

/** Keeps what is typed in the open dialog without re-rendering on every key. */
function keep<K extends Dialog["kind"]>(kind: K, apply: (d: DialogOf<K>, value: string) => void, rerender = false) {
  return (e: Event) => {
    const d = ui.dialog;
    if (d?.kind !== kind) return;
    apply(d as DialogOf<K>, (e.target as HTMLInputElement).value);
    if (rerender) updateDialog({});
  };
}

function cancelDialog(d: DialogOf<"cancel-reservation">, frame: Frame): TemplateResult {
  const reason = keep("cancel-reservation", (x, v) => (x.reason = v));
  const late = d.late;
  return frame(
    t("cancel.title", { subject: d.subject }),
    html`<p>${d.restorable ? t("cancel.body_restorable", { provider: d.provider }) : t("cancel.body")}</p>
      <label class="field">
        <span>${t("cancel.reason")}</span>
        <textarea
          data-testid="cancel-reason"
          data-autofocus
          rows="3"
          placeholder=${t("cancel.reason_placeholder")}
          ?disabled=${d.busy}
          .value=${live(d.reason)}
          @input=${reason}
          @change=${reason}
        ></textarea>
      </label>
      ${late
        ? html`<div class="error-block late" role="alert" data-testid="late-cancel-message" data-kind=${late.kind}>
            <p class="error-title">${t("cancel.late_title", { provider: d.provider })}</p>
            <p>${late.message}</p>
            <p class="muted">${t("cancel.late_choice")}</p>
          </div>`
        : nothing}
      ${d.error ? errorBlock(d.error) : nothing}
      <div class="form-actions end">
        <button type="button" class="btn" ?disabled=${d.busy} @click=${closeDialog}>${t("cancel.keep")}</button>
        ${late
          ? html`<button
              type="button"
              class="btn btn-danger"
              data-testid="late-cancel-override"
              ?disabled=${d.busy}
              aria-busy=${d.busy ? "true" : nothing}
              @click=${() => void sendCancel(true)}
            >
              ${d.busy ? t("cancel.late_working") : t("cancel.late_override")}
            </button>`
          : html`<button
              type="button"
              class="btn btn-danger"
              data-testid="confirm-cancel-button"
              ?disabled=${d.busy}
              aria-busy=${d.busy ? "true" : nothing}
              @click=${() => void sendCancel(false)}
            >
              ${d.busy ? t("cancel.working") : t("cancel.confirm")}
            </button>`}
      </div>`,
    "cancel-dialog",
  );
}

function confirmActionDialog(d: DialogOf<"confirm-action">, frame: Frame): TemplateResult {
  const reason = keep("confirm-action", (x, v) => (x.reason = v));
  const key = (k: string) => `confirm_action.${d.action}.${k}` as MessageKey;
  return frame(
    t(key("title"), { subject: d.subject }),
    html`<p>${t(key("body"), { provider: d.provider })}</p>
      ${d.action === "reject"
        ? html`<label class="field">
            <span>${t("confirm_action.reason")}</span>
            <textarea data-testid="confirm-dialog-reason" rows="3" ?disabled=${d.busy} .value=${live(d.reason)} @input=${reason} @change=${reason}></textarea>
          </label>`
        : nothing}
      ${d.error ? errorBlock(d.error) : nothing}
      <div class="form-actions end">
        <button type="button" class="btn" data-autofocus ?disabled=${d.busy} @click=${closeDialog}>${t("confirm_action.keep")}</button>
        <button
          type="button"
          class="btn btn-danger"
          data-testid="confirm-dialog-ok"
          ?disabled=${d.busy}
          aria-busy=${d.busy ? "true" : nothing}
          @click=${() => void sendConfirmed()}
        >
          ${d.busy ? t("confirm_action.working") : t(key("ok"))}
        </button>
      </div>`,
    "confirm-dialog",
  );
}

function dateField(d: DialogOf<"move">, field: "arrival" | "departure"): TemplateResult {
  const err = d.errors[field];
  const on = keep("move", (x, v) => {
    x[field] = v;
    delete x.errors[field];
  });
  return html`<label class="field">
    <span>${t(field === "arrival" ? "booking.arrival" : "booking.departure")}</span>
    <input
      type="text"
      inputmode="numeric"
      placeholder=${t("common.date_placeholder")}
      pattern=${ISO_DATE_PATTERN}
      data-testid=${`move-${field}`}
      ?data-autofocus=${field === "arrival"}
      ?disabled=${d.busy}
      aria-invalid=${err ? "true" : "false"}
      aria-describedby=${err ? `err-${field}` : nothing}
      .value=${live(d[field])}
      @input=${on}
      @change=${on}
    />
    ${fieldError(field, err)}
  </label>`;
}

function roomField(d: DialogOf<"move">): TemplateResult {
  if (!d.changeRoom.supported) {
    return html`<p class="muted small" data-testid="move-room-unavailable">${t("move.room_unavailable", { reason: d.changeRoom.reason ?? "" })}</p>`;
  }
  const rooms = queries.rooms(d.accountId);
  const err = d.errors.room_id;
  const categories = rooms.data?.categories ?? [];
  const list = rooms.data?.rooms ?? [];
  const uncategorized = list.filter((r) => r.category_id === null);
  const option = (r: (typeof list)[number]) => html`<option value=${String(r.id)} ?selected=${d.roomId === String(r.id)}>${r.name}</option>`;
  return html`<label class="field">
    <span>${t("move.room")}</span>
    <select
      data-testid="move-room"
      ?disabled=${d.busy || rooms.loading}
      aria-invalid=${err ? "true" : "false"}
      aria-describedby=${err ? "err-room_id" : nothing}
      .value=${live(d.roomId)}
      @change=${keep("move", (x, v) => {
        x.roomId = v;
        delete x.errors.room_id;
      }, true)}
    >
      <option value="" ?selected=${d.roomId === ""}>
        ${rooms.loading ? t("common.loading") : d.currentRoom ? t("move.keep_room", { room: d.currentRoom }) : t("move.keep_room_none")}
      </option>
      ${categories.map(
        (c) => html`<optgroup label=${c.name}>${list.filter((r) => r.category_id === c.id).map(option)}</optgroup>`,
      )}
      ${uncategorized.map(option)}
    </select>
    ${fieldError("room_id", err)}
  </label>`;
}

function moveDialog(d: DialogOf<"move">, frame: Frame): TemplateResult {
  return frame(
    t(d.changeRoom.supported ? "move.title_room" : "move.title", { subject: d.subject }),
    html`<p>${t("move.body", { provider: d.provider })}</p>
      <div class="grid-2">${dateField(d, "arrival")} ${dateField(d, "departure")}</div>
      ${roomField(d)}
      ${d.error ? errorBlock(d.error) : nothing}
      <div class="form-actions end">
        <button type="button" class="btn" ?disabled=${d.busy} @click=${closeDialog}>${t("common.cancel")}</button>
        <button
          type="button"
          class="btn btn-primary"
          data-testid="move-save"
          ?disabled=${d.busy}
          aria-busy=${d.busy ? "true" : nothing}
          @click=${() => void sendMove()}
        >
          ${d.busy ? t("move.working") : t("move.save")}
        </button>
      </div>`,
    "move-dialog",
  );
}

function notesDialog(d: DialogOf<"edit-notes">, frame: Frame): TemplateResult {
  const err = d.errors.notes;
  const on = keep("edit-notes", (x, v) => {
    x.notes = v;
    delete x.errors.notes;
  });
  return frame(
    t("notes.title", { subject: d.subject }),
    html`<label class="field">
        <span>${t("notes.label")}</span>
        <textarea
          data-testid="notes-text"
          data-autofocus
          rows="6"
          ?disabled=${d.busy}
          aria-invalid=${err ? "true" : "false"}
          aria-describedby=${err ? "err-notes" : nothing}
          .value=${live(d.notes)}
          @input=${on}
          @change=${on}
        ></textarea>
        <small class="muted">${t("notes.count", { count: [...d.notes].length, max: MAX_NOTES })}</small>
        ${fieldError("notes", err)}
      </label>
      ${d.error ? errorBlock(d.error) : nothing}
      <div class="form-actions end">
        <button type="button" class="btn" ?disabled=${d.busy} @click=${closeDialog}>${t("common.cancel")}</button>
        <button type="button" class="btn btn-primary" data-testid="notes-save" ?disabled=${d.busy} @click=${() => void sendNotes()}>
          ${d.busy ? t("notes.working") : t("notes.save")}
        </button>
      </div>`,
    "notes-dialog",
  );
}

/** The dialog of a reservation action, or null when `d` is another kind of dialog. */
export function reservationDialog(d: Dialog, frame: Frame): TemplateResult | null {
  switch (d.kind) {
    case "cancel-reservation":
      return cancelDialog(d, frame);
    case "confirm-action":
      return confirmActionDialog(d, frame);
    case "move":
      return moveDialog(d, frame);
    case "edit-notes":
      return notesDialog(d, frame);
    default:
      return null;
  }
}
