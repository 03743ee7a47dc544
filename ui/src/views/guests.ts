// Guests: the directory from `list_guests` with search; a guest's page (`get_guest`) lists their
// reservations and, where the account's provider allows it, edits the guest's contact details.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { Account } from "../bindings/Account";
import type { Guest } from "../bindings/Guest";
import { api, cache, queries } from "../api";
import { toAppError } from "../errors";
import { formatCountry, t, type MessageKey } from "../i18n";
import { navigate, requestRender, showInfo } from "../state";
import { capabilityButton, demoTag, emptyBlock, errorBlock, fieldError, loadingBlock } from "./components";
import {
  GUEST_FIELDS,
  closeGuestEdit,
  guestEdit,
  guestEditForm,
  toGuestEdit,
  validateGuestEdit,
  withServerError,
  type GuestField,
} from "./guest-edit";
import { guestName, providerName } from "./reservation-detail";
import { accountsById, reservationTable } from "./reservations";
import { stayHistory, stayHistoryBlock } from "./stays";
import { todayIn } from "../dates";

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

/** The shell's GUEST_PAGE: it sends one guest more when more match. */
export const GUEST_PAGE = 200;

export function guestsView(): TemplateResult {
  const list = queries.guests(state.search);
  const accounts = accountsById(queries.accounts().data);
  const more = (list.data?.length ?? 0) > GUEST_PAGE;
  const guests = (list.data ?? []).slice(0, GUEST_PAGE);
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
      <p class="muted" data-testid="guests-count" data-more=${more ? "true" : "false"}>
        ${list.data ? (more ? t("guests.count_more", { count: GUEST_PAGE }) : t("guests.count", { count: guests.length })) : nothing}
      </p>
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

const GUEST_LABEL: Record<GuestField, MessageKey> = {
  first_name: "guest.first_name",
  last_name: "guest.last_name",
  email: "guest.email",
  phone: "guest.phone",
};

async function saveGuest(e: Event, guest: Guest, account: Account | undefined): Promise<void> {
  e.preventDefault();
  const f = guestEdit.form;
  if (!f || f.busy || f.guestId !== guest.id) return;
  const errors = validateGuestEdit(f);
  if (Object.keys(errors).length > 0) {
    guestEdit.form = { ...f, errors, error: undefined };
    requestRender();
    return;
  }
  const edit = toGuestEdit(f, guest);
  if (Object.keys(edit).length === 0) {
    closeGuestEdit();
    showInfo(t("guest.edit_nothing"));
    return;
  }
  guestEdit.form = { ...f, busy: true, errors: {}, error: undefined };
  requestRender();
  try {
    const saved = await api.editGuest(guest.id, edit);
    closeGuestEdit();
    cache.invalidate();
    showInfo(t("guest.edit_saved", { name: guestName(saved), provider: account ? providerName(account.provider) : "" }));
  } catch (err) {
    if (guestEdit.form?.guestId === guest.id) guestEdit.form = withServerError(guestEdit.form, toAppError(err));
    requestRender();
  }
}

function editForm(guest: Guest, account: Account | undefined): TemplateResult {
  const f = guestEdit.form!;
  const input = (k: GuestField) => {
    const err = f.errors[k];
    const on = (e: Event) => {
      const value = (e.target as HTMLInputElement).value;
      if (!guestEdit.form || guestEdit.form[k] === value) return;
      const errors = { ...guestEdit.form.errors };
      delete errors[k];
      guestEdit.form = { ...guestEdit.form, [k]: value, errors };
      requestRender();
    };
    return html`<label class="field">
      <span>${t(GUEST_LABEL[k])}</span>
      <input
        type=${k === "email" ? "email" : k === "phone" ? "tel" : "text"}
        data-testid=${`guest-edit-${k.replace("_", "-")}`}
        name=${k}
        autocomplete="off"
        ?disabled=${f.busy}
        aria-invalid=${err ? "true" : "false"}
        aria-describedby=${err ? `err-${k}` : nothing}
        .value=${live(f[k])}
        @input=${on}
        @change=${on}
      />
      ${fieldError(k, err)}
    </label>`;
  };
  return html`<form class="card guest-edit" data-testid="guest-edit-form" novalidate @submit=${(e: Event) => void saveGuest(e, guest, account)}>
    <h2>${t("guest.edit_title")}</h2>
    <div class="grid-2">${GUEST_FIELDS.map(input)}</div>
    <p class="muted small">${t("guest.edit_note", { provider: account ? providerName(account.provider) : "" })}</p>
    ${f.error ? errorBlock(f.error) : nothing}
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" data-testid="guest-edit-save" ?disabled=${f.busy} aria-busy=${f.busy ? "true" : nothing}>
        ${f.busy ? t("guest.edit_saving") : t("guest.edit_save")}
      </button>
      <button
        type="button"
        class="btn btn-quiet"
        data-testid="guest-edit-cancel"
        ?disabled=${f.busy}
        @click=${() => {
          closeGuestEdit();
          requestRender();
        }}
      >
        ${t("common.cancel")}
      </button>
    </div>
  </form>`;
}

/** "Edit" when the provider allows it (the form below), else disabled with the provider's reason. */
function editSection(guest: Guest, account: Account | undefined): TemplateResult | typeof nothing {
  if (!account) return nothing;
  if (guestEdit.form && guestEdit.form.guestId !== guest.id) closeGuestEdit();
  if (guestEdit.form && account.capabilities.edit_guest.supported) return editForm(guest, account);
  return capabilityButton({
    label: t("guest.edit"),
    capability: account.capabilities.edit_guest,
    testid: "guest-edit",
    whyTestid: "guest-edit-unavailable",
    onClick: () => {
      guestEdit.form = guestEditForm(guest);
      requestRender();
    },
  });
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
    ${res.data && rows.length > 0
      ? stayHistoryBlock(stayHistory(rows, todayIn(guest ? accounts.get(guest.account_id)?.time_zone : undefined)))
      : nothing}
    ${guest ? editSection(guest, accounts.get(guest.account_id)) : nothing}
    ${g.error && !guest ? errorBlock(g.error, g.error.kind === "not_found" ? undefined : retryGuest) : nothing}
    ${gone
      ? nothing
      : html`<h2 class="section-title">${t("guests.their_reservations")}</h2>
          <div class="table-wrap">${body}</div>`}
  </section>`;
}
