// Reservations: the default screen. A table over `list_reservations` with search, date range,
// state filter and sortable columns.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { Account } from "../bindings/Account";
import type { Reservation } from "../bindings/Reservation";
import { cache, queries } from "../api";
import { ISO_DATE_PATTERN } from "../dates";
import { formatDateForCell, formatMoney, t, type MessageKey } from "../i18n";
import { navigate, requestRender, ui } from "../state";
import { providerName } from "./reservation-detail";
import { openExportDialog } from "./export-dialog";
import { demoTag, emptyBlock, errorBlock, fieldError, loadingBlock, statePill, stateLabel } from "./components";
import {
  buildQuery,
  defaultFilters,
  filterErrors,
  hasFilters,
  ListPager,
  nights,
  pagedQuery,
  pageOf,
  rowsToDraw,
  shellSorts,
  sortRows,
  STATES,
  toggleSort,
  type ListFilters,
  type SortColumn,
} from "./reservation-list";

export const SEARCH_DEBOUNCE_MS = 250;

/** Kept for the whole session, so coming back from a reservation shows the same list. */
export const filters: ListFilters = defaultFilters();
/** How far "Show more" went; a new filter, search or sort starts again at the first page. */
export const pager = new ListPager();
let searchTimer: ReturnType<typeof setTimeout> | undefined;

function setSearchInput(value: string): void {
  filters.searchInput = value;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    filters.search = filters.searchInput;
    requestRender();
  }, SEARCH_DEBOUNCE_MS);
  requestRender();
}

function clearFilters(): void {
  clearTimeout(searchTimer);
  Object.assign(filters, { ...defaultFilters(), sort: filters.sort, descending: filters.descending });
  requestRender();
}

export function accountsById(accounts: readonly Account[] | undefined): Map<number, Account> {
  return new Map((accounts ?? []).map((a) => [a.id, a]));
}

export function accountCell(r: Pick<Reservation, "account_id" | "account_label">, accounts: Map<number, Account>): TemplateResult {
  return html`${r.account_label}${accounts.get(r.account_id)?.is_demo ? html` ${demoTag()}` : nothing}`;
}

const COLUMNS: readonly { column: SortColumn; key: MessageKey; className?: string }[] = [
  { column: "number", key: "reservations.col.number" },
  { column: "guest", key: "reservations.col.guest" },
  { column: "room", key: "reservations.col.room" },
  { column: "arrival", key: "reservations.col.arrival" },
  { column: "departure", key: "reservations.col.departure" },
  { column: "nights", key: "reservations.col.nights", className: "num" },
  { column: "state", key: "reservations.col.state" },
  { column: "total", key: "reservations.col.total", className: "num" },
  { column: "account", key: "reservations.col.account" },
];

/** The table, shared with a guest's page. Without `onSort` the headers are plain. */
export function reservationTable(
  rows: readonly Reservation[],
  accounts: Map<number, Account>,
  sort?: { column: SortColumn; descending: boolean; onSort: (c: SortColumn) => void },
): TemplateResult {
  const header = (c: (typeof COLUMNS)[number]) => {
    const label = t(c.key);
    if (!sort) return html`<th scope="col" class=${c.className ?? ""}>${label}</th>`;
    const active = sort.column === c.column;
    const ariaSort = active ? (sort.descending ? "descending" : "ascending") : "none";
    return html`<th scope="col" class=${c.className ?? ""} aria-sort=${ariaSort}>
      <button type="button" class="sort" data-testid=${`sort-${c.column}`} @click=${() => sort.onSort(c.column)}>
        ${label}<span class="sort-mark" aria-hidden="true">${active ? (sort.descending ? "▼" : "▲") : ""}</span>
      </button>
    </th>`;
  };
  return html`<table class="data">
    <thead>
      <tr>
        ${COLUMNS.map(header)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) => html`<tr
          data-testid="reservation-row"
          data-reservation-id=${r.id}
          data-state=${r.state}
          class="clickable"
          @click=${(e: Event) => {
            if ((e.target as HTMLElement).closest("a")) return;
            navigate({ name: "reservation", id: r.id });
          }}
        >
          <td>
            <a href=${`#/reservations/${r.id}`} class="row-link"
              >${r.number ?? t("reservations.no_number")}</a
            >
          </td>
          <td>${r.guest_name ?? html`<span class="muted">${t("reservations.no_guest")}</span>`}</td>
          <td>
            ${r.room_name ?? html`<span class="muted">${t("reservations.unassigned")}</span>`}${r.category_name
              ? html`<span class="muted"> · ${r.category_name}</span>`
              : nothing}
          </td>
          <td>${formatDateForCell(r.arrival)}</td>
          <td>${formatDateForCell(r.departure)}</td>
          <td class="num">${nights(r)}</td>
          <td>${statePill(r.state)}</td>
          <td class="num nowrap">${r.total ? formatMoney(r.total) : html`<span class="muted">—</span>`}</td>
          <td>${accountCell(r, accounts)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function dateFilter(which: "from" | "to", error: string | undefined): TemplateResult {
  const testid = which === "from" ? "filter-from" : "filter-to";
  return html`<label class="field compact">
    <span>${t(which === "from" ? "filters.from" : "filters.to")}</span>
    <input
      type="text"
      inputmode="numeric"
      autocomplete="off"
      placeholder=${t("common.date_placeholder")}
      pattern=${ISO_DATE_PATTERN}
      maxlength="10"
      size="11"
      data-testid=${testid}
      aria-invalid=${error ? "true" : "false"}
      aria-describedby=${error ? `err-${which}` : nothing}
      .value=${live(filters[which])}
      @input=${(e: Event) => {
        filters[which] = (e.target as HTMLInputElement).value;
        requestRender();
      }}
      @change=${(e: Event) => {
        filters[which] = (e.target as HTMLInputElement).value;
        requestRender();
      }}
    />
    ${fieldError(which, error, "filter-error")}
  </label>`;
}

export function reservationsView(): TemplateResult {
  const errors = filterErrors(filters);
  const query = buildQuery(filters);
  const shown = pager.forQuery(query, `${filters.sort}:${filters.descending}`);
  // A column sorted here needs every matching row to sort right; only the rendering is paged then.
  const list = queries.reservations(shellSorts(filters.sort) ? pagedQuery(query, shown) : query);
  const accountList = queries.accounts().data ?? [];
  const accounts = accountsById(accountList);
  const data = pager.rows(list.data);
  const page = pageOf(sortRows(data ?? [], filters.sort, filters.descending), shown);
  const rows = page.rows;
  // Accounts whose provider lists no reservations made elsewhere: only those created here show.
  const partial = accountList.filter(
    (a) => !a.capabilities.list_reservations.supported && (filters.accountId === "" || filters.accountId === String(a.id)),
  );
  const filtered = hasFilters(filters);

  let body: TemplateResult;
  if (list.loading && !data) body = loadingBlock(t("reservations.loading"));
  else if (list.error && !list.data)
    body = errorBlock(list.error, () => cache.invalidate((k) => k.startsWith("list_reservations")));
  else if (rows.length === 0)
    body = filtered
      ? emptyBlock(
          t("reservations.empty_filtered.title"),
          t("reservations.empty_filtered.body"),
          "reservations-empty",
          html`<button type="button" class="btn" @click=${clearFilters}>${t("filters.clear")}</button>`,
        )
      : emptyBlock(t("reservations.empty.title"), t("reservations.empty.body"), "reservations-empty");
  else
    body = html`${reservationTable(rowsToDraw(rows, ui.firstScreenDrawn), accounts, {
      column: filters.sort,
      descending: filters.descending,
      onSort: (c) => {
        Object.assign(filters, toggleSort(filters, c));
        requestRender();
      },
    })}
    ${page.more
      ? html`<p class="list-more">
          <button
            type="button"
            class="btn"
            data-testid="reservations-show-more"
            ?disabled=${list.fetching}
            @click=${() => {
              pager.more();
              requestRender();
            }}
          >
            ${t("reservations.show_more")}
          </button>
        </p>`
      : nothing}`;

  return html`<section class="screen" aria-labelledby="screen-title">
    <header class="screen-head">
      <h1 id="screen-title" tabindex="-1">${t("reservations.title")}</h1>
      <p class="muted" aria-live="polite">
        ${data
          ? page.more
            ? html`<span data-testid="reservations-showing">${t("reservations.showing_first", { count: rows.length })}</span>`
            : t("reservations.count", { count: rows.length })
          : nothing}
        ${list.fetching && data ? html`<span class="small"> · ${t("common.updating")}</span>` : nothing}
      </p>
      <span class="spacer"></span>
      <button type="button" class="btn" data-testid="export-button" @click=${openExportDialog}>${t("export.button")}</button>
    </header>
    <form class="toolbar" role="search" @submit=${(e: Event) => e.preventDefault()}>
      <label class="field compact grow">
        <span>${t("filters.search")}</span>
        <input
          type="search"
          data-testid="reservations-search"
          placeholder=${t("filters.search_placeholder")}
          autocomplete="off"
          .value=${live(filters.searchInput)}
          @input=${(e: Event) => setSearchInput((e.target as HTMLInputElement).value)}
          @change=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (value !== filters.searchInput) setSearchInput(value);
          }}
        />
      </label>
      ${dateFilter("from", errors.from)} ${dateFilter("to", errors.to)}
      <label class="field compact">
        <span>${t("filters.state")}</span>
        <select
          data-testid="filter-state"
          .value=${live(filters.state)}
          @change=${(e: Event) => {
            filters.state = (e.target as HTMLSelectElement).value as ListFilters["state"];
            requestRender();
          }}
        >
          <option value="" ?selected=${filters.state === ""}>${t("filters.all_states")}</option>
          ${STATES.map((s) => html`<option value=${s} ?selected=${filters.state === s}>${stateLabel(s)}</option>`)}
        </select>
      </label>
      ${accountList.length > 1
        ? html`<label class="field compact">
            <span>${t("filters.account")}</span>
            <select
              data-testid="filter-account"
              .value=${live(filters.accountId)}
              @change=${(e: Event) => {
                filters.accountId = (e.target as HTMLSelectElement).value;
                requestRender();
              }}
            >
              <option value="" ?selected=${filters.accountId === ""}>${t("filters.all_accounts")}</option>
              ${accountList.map(
                (a) => html`<option value=${String(a.id)} ?selected=${filters.accountId === String(a.id)}>${a.label} (${providerName(a.provider)})</option>`,
              )}
            </select>
          </label>`
        : nothing}
      ${filtered
        ? html`<button type="button" class="btn btn-quiet toolbar-clear" @click=${clearFilters}>${t("filters.clear")}</button>`
        : nothing}
    </form>
    ${partial.map(
      (a) => html`<p class="note" data-testid="reservations-created-here" data-account-id=${a.id}>
        ${t("reservations.created_here", { label: a.label, reason: a.capabilities.list_reservations.reason ?? "" })}
      </p>`,
    )}
    ${list.error && list.data ? errorBlock(list.error) : nothing}
    <div class="table-wrap">${body}</div>
  </section>`;
}
