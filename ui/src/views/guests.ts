// Guests: the directory from `list_guests` with search; a guest's page (`get_guest`) lists their
// reservations.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { cache, queries } from "../api";
import { formatCountry, t } from "../i18n";
import { navigate, requestRender } from "../state";
import { demoTag, emptyBlock, errorBlock, loadingBlock } from "./components";
import { guestName } from "./reservation-detail";
import { accountsById, reservationTable } from "./reservations";

const state = { searchInput: "", search: "" };
let timer: ReturnType<typeof setTimeout> | undefined;

function setSearch(value: string): void {
  state.searchInput = value;
  clearTimeout(timer);
  timer = setTimeout(() => {
    state.search = state.searchInput.trim();
    requestRender();
  }, 250);
  requestRender();
}

export function guestsView(): TemplateResult {
  const list = queries.guests(state.search);
  const accounts = accountsById(queries.accounts().data);
  const guests = list.data ?? [];
  let body: TemplateResult;
  if (list.loading) body = loadingBlock();
  else if (list.error && !list.data) body = errorBlock(list.error, () => cache.invalidate((k) => k.startsWith("list_guests")));
  else if (guests.length === 0)
    body = state.search
      ? emptyBlock(t("guests.empty_filtered"), undefined, "guests-empty")
      : emptyBlock(t("guests.empty.title"), t("guests.empty.body"), "guests-empty");
  else
    body = html`<table class="data">
      <thead>
        <tr>
          <th scope="col">${t("guest.name")}</th>
          <th scope="col">${t("guest.email")}</th>
          <th scope="col">${t("guest.phone")}</th>
          <th scope="col">${t("guest.nationality")}</th>
          <th scope="col" class="num">${t("guest.reservations")}</th>
          <th scope="col">${t("reservations.col.account")}</th>
        </tr>
      </thead>
      <tbody>
        ${guests.map(
          (g) => html`<tr
            data-testid="guest-row"
            data-guest-id=${g.id}
            class="clickable"
            @click=${(e: Event) => {
              if ((e.target as HTMLElement).closest("a")) return;
              navigate({ name: "guest", id: g.id });
            }}
          >
            <td><a class="row-link" href=${`#/guests/${g.id}`}>${guestName(g)}</a></td>
            <td>${g.email ?? html`<span class="muted">—</span>`}</td>
            <td class="nowrap">${g.phone ?? html`<span class="muted">—</span>`}</td>
            <td>${g.nationality ? formatCountry(g.nationality) : html`<span class="muted">—</span>`}</td>
            <td class="num">${g.reservation_count}</td>
            <td>${g.account_label}${accounts.get(g.account_id)?.is_demo ? html` ${demoTag()}` : nothing}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;

  return html`<section class="screen" aria-labelledby="screen-title">
    <header class="screen-head">
      <h1 id="screen-title" tabindex="-1">${t("guests.title")}</h1>
      <p class="muted">${list.data ? t("guests.count", { count: guests.length }) : nothing}</p>
    </header>
    <form class="toolbar" role="search" @submit=${(e: Event) => e.preventDefault()}>
      <label class="field compact grow">
        <span>${t("filters.search")}</span>
        <input
          type="search"
          data-testid="guests-search"
          autocomplete="off"
          placeholder=${t("guests.search_placeholder")}
          .value=${live(state.searchInput)}
          @input=${(e: Event) => setSearch((e.target as HTMLInputElement).value)}
          @change=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (value !== state.searchInput) setSearch(value);
          }}
        />
      </label>
    </form>
    <div class="table-wrap">${body}</div>
  </section>`;
}

export function guestView(id: number): TemplateResult {
  const g = queries.guest(id);
  const guest = g.data;
  const res = queries.reservations({ states: [], sort: "arrival", descending: true, guest_id: id });
  const accounts = accountsById(queries.accounts().data);
  const rows = res.data ?? [];
  const name = guest ? guestName(guest) : g.loading ? t("common.loading") : (rows[0]?.guest_name ?? t("guests.unknown"));
  const retryGuest = () => cache.invalidate((k) => k.startsWith("get_guest"));
  // An unknown guest with nothing booked: the error says it all.
  const gone = !guest && g.error?.kind === "not_found" && !res.loading && rows.length === 0;
  let body: TemplateResult;
  if (res.loading) body = loadingBlock();
  else if (res.error && !res.data) body = errorBlock(res.error);
  else if (rows.length === 0) body = emptyBlock(t("guests.no_reservations"), undefined, "reservations-empty");
  else body = reservationTable(rows, accounts);
  return html`<section class="screen" data-testid="guest-detail" data-guest-id=${id} aria-labelledby="screen-title">
    <a class="back" href="#/guests">← ${t("nav.guests")}</a>
    <header class="screen-head stacked">
      <h1 id="screen-title" tabindex="-1">${name}</h1>
      ${guest
        ? html`<p class="muted">
            ${[guest.email, guest.phone, guest.nationality ? formatCountry(guest.nationality) : null, guest.account_label]
              .filter(Boolean)
              .join(" · ")}
          </p>`
        : nothing}
    </header>
    ${g.error && !guest ? errorBlock(g.error, g.error.kind === "not_found" ? undefined : retryGuest) : nothing}
    ${gone
      ? nothing
      : html`<h2 class="section-title">${t("guests.their_reservations")}</h2>
          <div class="table-wrap">${body}</div>`}
  </section>`;
}
