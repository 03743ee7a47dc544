// The export dialog's choices as plain data: which query an export sends, how its dates are
// checked (with the shell's words) and the file name the save dialog proposes.

import type { ExportFormat } from "../bindings/ExportFormat";
import type { ReservationQuery } from "../bindings/ReservationQuery";
import { addDays, daysBetween, isValidIsoDate, todayIn } from "../dates";
import { t } from "../i18n";
import { buildQuery, type ListFilters } from "./reservation-list";

export type ExportScope = "list" | "range";

export interface ExportChoices {
  scope: ExportScope;
  from: string;
  to: string;
  format: ExportFormat;
}

/** A month from today: what a manager most often hands on. */
export function defaultChoices(today: string = todayIn()): ExportChoices {
  return { scope: "list", from: today, to: addDays(today, 30), format: "csv" };
}

/** Messages beside the range's date inputs; empty when the export may go. */
export function rangeErrors(c: ExportChoices): { from?: string; to?: string } {
  if (c.scope !== "range") return {};
  const out: { from?: string; to?: string } = {};
  const from = c.from.trim();
  const to = c.to.trim();
  if (!from) out.from = t("export.from_required");
  else if (!isValidIsoDate(from)) out.from = t("validation.date_format", { value: from });
  if (!to) out.to = t("export.to_required");
  else if (!isValidIsoDate(to)) out.to = t("validation.date_format", { value: to });
  if (!out.from && !out.to && (daysBetween(from, to) ?? 0) < 0) out.to = t("filters.to_before_from");
  return out;
}

/** The current list: its filters exactly as the list applies them. A range: every stay overlapping it. */
export function exportQuery(c: ExportChoices, list: ListFilters): ReservationQuery {
  if (c.scope === "list") return buildQuery(list);
  return { states: [], sort: "arrival", descending: false, from: c.from.trim(), to: c.to.trim() };
}

/** `innkeep-reservations-2026-11-27.csv` */
export function defaultFileName(format: ExportFormat, today: string = todayIn()): string {
  return `innkeep-reservations-${today}.${format}`;
}
