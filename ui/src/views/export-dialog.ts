// The export dialog: the current list or a date range, CSV or iCalendar, then the native save
// dialog and the export itself. A refusal is shown inside the dialog, which keeps its choices; a
// cancelled save dialog changes nothing.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { ExportFormat } from "../bindings/ExportFormat";
import { api, queries } from "../api";
import { ISO_DATE_PATTERN } from "../dates";
import { toAppError } from "../errors";
import { t } from "../i18n";
import { closeDialog, openDialog, showInfo, ui, updateDialog, type Dialog } from "../state";
import { errorBlock, fieldError } from "./components";
import { defaultChoices, defaultFileName, exportQuery, rangeErrors, type ExportChoices } from "./export-form";
import { buildQuery } from "./reservation-list";
import { filters } from "./reservations";
import type { Frame } from "./reservation-dialogs";

/** The window event that opens this dialog (dispatched by the command palette). */
export const EXPORT_EVENT = "innkeep:export";

type ExportDialog = Extract<Dialog, { kind: "export" }>;

/** The last choices, kept for the session so a second export starts where the first ended. */
let remembered: ExportChoices | undefined;

export function openExportDialog(): void {
  if (ui.dialog?.kind === "export") return;
  if (ui.dialog?.busy) return;
  const c = remembered ?? defaultChoices();
  openDialog({ kind: "export", ...c, step: null, busy: false, errors: {}, error: undefined });
}

function choices(d: ExportDialog): ExportChoices {
  return { scope: d.scope, from: d.from, to: d.to, format: d.format };
}

export async function sendExport(): Promise<void> {
  const d = ui.dialog;
  if (d?.kind !== "export" || d.busy) return;
  const c = choices(d);
  remembered = c;
  const errors = rangeErrors(c);
  if (Object.keys(errors).length > 0) {
    updateDialog({ errors: errors as Record<string, string>, error: undefined });
    return;
  }
  updateDialog({ busy: true, step: "choosing", errors: {}, error: undefined });
  const still = () => ui.dialog?.kind === "export";
  try {
    const path = await api.chooseExportPath(c.format, defaultFileName(c.format));
    if (!still()) return;
    if (path === null) {
      // Cancelled: nothing happens, the dialog stays as it was.
      updateDialog({ busy: false, step: null });
      return;
    }
    updateDialog({ step: "writing" });
    const done = await api.exportReservations(exportQuery(c, filters), c.format, path);
    if (!still()) return;
    closeDialog();
    showInfo(t("export.done", { count: done.count, path: done.path }));
  } catch (e) {
    const err = toAppError(e);
    if (!still()) return;
    // A date the shell refused goes beside its input; anything else (the place) into the dialog.
    if (c.scope === "range" && (err.field === "from" || err.field === "to")) {
      updateDialog({ busy: false, step: null, errors: { [err.field]: err.message } });
    } else updateDialog({ busy: false, step: null, error: err });
  }
}

function keep(apply: (d: ExportDialog, value: string) => void, rerender = false) {
  return (e: Event) => {
    const d = ui.dialog;
    if (d?.kind !== "export") return;
    apply(d, (e.target as HTMLInputElement).value);
    if (rerender) updateDialog({});
  };
}

function dateField(d: ExportDialog, which: "from" | "to"): TemplateResult {
  const err = d.errors[which];
  const on = keep((x, v) => {
    x[which] = v;
    delete x.errors[which];
  });
  return html`<label class="field">
    <span>${t(which === "from" ? "filters.from" : "filters.to")}</span>
    <input
      type="text"
      inputmode="numeric"
      autocomplete="off"
      placeholder="YYYY-MM-DD"
      pattern=${ISO_DATE_PATTERN}
      maxlength="10"
      data-testid=${`export-${which}`}
      ?disabled=${d.busy}
      aria-invalid=${err ? "true" : "false"}
      aria-describedby=${err ? `err-${which}` : nothing}
      .value=${live(d[which])}
      @input=${on}
      @change=${on}
    />
    ${fieldError(which, err)}
  </label>`;
}

function scopeOption(d: ExportDialog, scope: ExportDialog["scope"], label: string, hint: string): TemplateResult {
  return html`<label class="radio">
    <input
      type="radio"
      name="export-scope"
      value=${scope}
      data-testid=${`export-scope-${scope}`}
      ?disabled=${d.busy}
      .checked=${live(d.scope === scope)}
      @change=${() => updateDialog({ scope, errors: {}, error: undefined })}
    />
    <span>${label}<br /><small class="muted">${hint}</small></span>
  </label>`;
}

export function exportDialog(d: ExportDialog, frame: Frame): TemplateResult {
  const listCount = queries.reservations(buildQuery(filters)).data?.length;
  const formats: ExportFormat[] = ["csv", "ics"];
  return frame(
    t("export.title"),
    html`<fieldset class="section">
        <legend>${t("export.scope")}</legend>
        <div class="radios stacked" role="radiogroup">
          ${scopeOption(d, "list", t("export.scope.list"), listCount === undefined ? "" : t("export.scope.list_count", { count: listCount }))}
          ${scopeOption(d, "range", t("export.scope.range"), t("export.scope.range_hint"))}
        </div>
        ${d.scope === "range" ? html`<div class="grid-2">${dateField(d, "from")} ${dateField(d, "to")}</div>` : nothing}
      </fieldset>
      <label class="field">
        <span>${t("export.format")}</span>
        <select
          data-testid="export-format"
          ?disabled=${d.busy}
          .value=${live(d.format)}
          @change=${keep((x, v) => (x.format = v as ExportFormat), true)}
        >
          ${formats.map((f) => html`<option value=${f} ?selected=${d.format === f}>${t(`export.format.${f}`)}</option>`)}
        </select>
      </label>
      ${d.error ? errorBlock(d.error) : nothing}
      <div class="form-actions end">
        <button type="button" class="btn" data-testid="export-cancel" ?disabled=${d.busy} @click=${closeDialog}>${t("common.cancel")}</button>
        <button
          type="button"
          class="btn btn-primary"
          data-testid="export-save"
          data-autofocus
          ?disabled=${d.busy}
          aria-busy=${d.busy ? "true" : nothing}
          @click=${() => void sendExport()}
        >
          ${d.step === "choosing" ? t("export.choosing") : d.step === "writing" ? t("export.working") : t("export.save")}
        </button>
      </div>`,
    "export-dialog",
  );
}
