// The reservations list's filters, as plain data: what the toolbar holds, which query that gives,
// and how columns the shell cannot sort by are sorted here.

import type { Reservation } from "../bindings/Reservation";
import type { ReservationQuery } from "../bindings/ReservationQuery";
import type { ReservationSort } from "../bindings/ReservationSort";
import type { ReservationState } from "../bindings/ReservationState";
import { daysBetween, isValidIsoDate, todayIn } from "../dates";
import { currentIntlLocale, t } from "../i18n";

export const STATES: readonly ReservationState[] = [
  "inquiry",
  "optional",
  "requested",
  "confirmed",
  "checked_in",
  "checked_out",
  "cancelled",
  "no_show",
  "declined",
];

export type SortColumn = "number" | "guest" | "room" | "arrival" | "departure" | "nights" | "state" | "total" | "account";

/** Columns the shell sorts (`ReservationSort`); the others are sorted in the UI over the full list. */
const SHELL_SORT: Partial<Record<SortColumn, ReservationSort>> = {
  guest: "guest",
  arrival: "arrival",
  departure: "departure",
  state: "state",
};

export interface ListFilters {
  /** What the search box holds now. */
  searchInput: string;
  /** The search in force (the box's value after the user paused typing). */
  search: string;
  from: string;
  to: string;
  state: ReservationState | "";
  /** One account's reservations ("" = every account). */
  accountId: string;
  sort: SortColumn;
  descending: boolean;
}

/** The list opens on what the desk works with: stays that have not ended before today. */
export function defaultFilters(today: string = todayIn()): ListFilters {
  return { searchInput: "", search: "", from: today, to: "", state: "", accountId: "", sort: "arrival", descending: false };
}

export function hasFilters(f: ListFilters, today: string = todayIn()): boolean {
  return f.search.trim() !== "" || f.from.trim() !== today || f.to.trim() !== "" || f.state !== "" || f.accountId !== "";
}

/** Messages for the date boxes; a box with a message is not applied to the query. */
export function filterErrors(f: ListFilters): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  const from = f.from.trim();
  const to = f.to.trim();
  if (from && !isValidIsoDate(from)) out.from = t("validation.date_format", { value: from });
  if (to && !isValidIsoDate(to)) out.to = t("validation.date_format", { value: to });
  if (!out.from && !out.to && from && to && (daysBetween(from, to) ?? 0) < 0) out.to = t("filters.to_before_from");
  return out;
}

export function buildQuery(f: ListFilters, extra: Partial<ReservationQuery> = {}): ReservationQuery {
  const errors = filterErrors(f);
  const q: ReservationQuery = {
    states: f.state ? [f.state] : [],
    sort: SHELL_SORT[f.sort] ?? "arrival",
    descending: SHELL_SORT[f.sort] ? f.descending : false,
    ...extra,
  };
  const search = f.search.trim();
  if (search) q.search = search;
  if (f.from.trim() && !errors.from) q.from = f.from.trim();
  if (f.to.trim() && !errors.to) q.to = f.to.trim();
  if (f.accountId && q.account_id === undefined) q.account_id = Number(f.accountId);
  return q;
}

/** Clicking a header: the same column flips the direction, another starts ascending. */
export function toggleSort(f: ListFilters, column: SortColumn): ListFilters {
  return f.sort === column ? { ...f, descending: !f.descending } : { ...f, sort: column, descending: false };
}

export function nights(r: Pick<Reservation, "arrival" | "departure">): number {
  return daysBetween(r.arrival, r.departure) ?? 0;
}

const collator = () => new Intl.Collator(currentIntlLocale(), { numeric: true, sensitivity: "base" });

function sortValue(r: Reservation, column: SortColumn): string | number | null {
  switch (column) {
    case "number":
      return r.number ?? null;
    case "room":
      return r.room_name ?? r.category_name ?? null;
    case "nights":
      return nights(r);
    case "total":
      return r.total ? r.total.amount_minor : null;
    case "account":
      return r.account_label;
    case "guest":
      return r.guest_name ?? null;
    case "arrival":
      return r.arrival;
    case "departure":
      return r.departure;
    case "state":
      return STATES.indexOf(r.state);
  }
}

/**
 * Rows in the order the header asks for. Columns the shell sorted come back as they are; the others
 * are sorted here (stable; empty values last in both directions).
 */
export function sortRows(rows: readonly Reservation[], column: SortColumn, descending: boolean): Reservation[] {
  if (SHELL_SORT[column]) return [...rows];
  const c = collator();
  const dir = descending ? -1 : 1;
  return rows
    .map((r, i) => ({ r, i, v: sortValue(r, column) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const cmp = typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : c.compare(String(a.v), String(b.v));
      return cmp !== 0 ? cmp * dir : a.i - b.i;
    })
    .map((x) => x.r);
}

/** Rows the list renders at first and adds per "Show more": rendering every row cost start-up and memory. */
export const PAGE_SIZE = 200;

/**
 * Rows drawn until the app's first screen is on the window: more than a tall window shows. The
 * others follow in the next render; laying out all 200 rows took WebKit about 80 ms before that
 * first screen on a small machine (BENCHMARKS.md, `app.cold_start`).
 */
export const FIRST_SCREEN_ROWS = 24;

/** The rows to draw now of those a page shows. */
export function rowsToDraw<T>(rows: T[], firstScreenDrawn: boolean): T[] {
  return firstScreenDrawn ? rows : rows.slice(0, FIRST_SCREEN_ROWS);
}

/** Whether the shell sorts this column, so that its first rows are the first rows of the whole list. */
export function shellSorts(column: SortColumn): boolean {
  return SHELL_SORT[column] !== undefined;
}

/** The query for the first `shown` rows; one row more tells whether there is a next page. */
export function pagedQuery(q: ReservationQuery, shown: number): ReservationQuery {
  return { ...q, limit: shown + 1 };
}

/** What the list shows of a paged answer: at most `shown` rows, and whether more match. */
export function pageOf<T>(rows: readonly T[], shown: number): { rows: T[]; more: boolean } {
  return { rows: rows.slice(0, shown), more: rows.length > shown };
}

/**
 * How many rows to show for this query: a different query (filters, search, sort) starts again at
 * the first page; the same one keeps what "Show more" reached.
 */
export class ListPager<T = Reservation> {
  private key = "";
  shown = PAGE_SIZE;
  /** The last answer for this query, shown while the next page loads instead of a loading block. */
  kept: T[] | undefined;

  /** `view` carries what the query does not, e.g. a column sorted in the UI. */
  forQuery(q: ReservationQuery, view = ""): number {
    const key = JSON.stringify([q, view]);
    if (key !== this.key) {
      this.key = key;
      this.shown = PAGE_SIZE;
      this.kept = undefined;
    }
    return this.shown;
  }

  /** Rows to show now: the fresh answer, else (while a larger page loads) the previous one. */
  rows(data: T[] | undefined): T[] | undefined {
    if (data) this.kept = data;
    return data ?? this.kept;
  }

  more(): void {
    this.shown += PAGE_SIZE;
  }
}
