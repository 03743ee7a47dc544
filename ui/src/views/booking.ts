// New booking: account, room category (and optionally a room), dates, people, guest (existing or
// new) and notes. Once the stay is complete it asks the provider for a price and free rooms; then
// "Create booking" creates it and opens the new reservation. What was typed stays in memory for
// the session, through errors and navigation.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { Account } from "../bindings/Account";
import type { Guest } from "../bindings/Guest";
import { api, cache, queries } from "../api";
import { toAppError } from "../errors";
import { ISO_DATE_PATTERN, daysBetween } from "../dates";
import { formatMoney, t } from "../i18n";
import { navigate, requestRender, showInfo } from "../state";
import { demoTag, errorBlock, fieldError, loadingBlock } from "./components";
import {
  applyServerError,
  edited,
  emptyForm,
  emptyStatus,
  firstErrorField,
  quoteDraft,
  toDraft,
  validateForm,
  visibleErrors,
  withAccount,
  withCategory,
  withExtraGuest,
  withExtraRoom,
  withoutExtraGuest,
  withoutExtraRoom,
  type BookingForm,
  type Field,
  type FormStatus,
} from "./booking-form";
import { guestName, providerName } from "./reservation-detail";

/** The form as typed, kept for the whole session. */
export const booking: { form: BookingForm; status: FormStatus; guestSearch: string; copiedFrom: string | null } = {
  form: emptyForm(),
  status: emptyStatus(),
  /** The guest search in force (debounced). */
  guestSearch: "",
  /** The account whose guest was copied into the new-guest fields, to say so. */
  copiedFrom: null,
};

const GUEST_SEARCH_DEBOUNCE_MS = 250;
const MAX_GUEST_OPTIONS = 8;
let guestSearchTimer: ReturnType<typeof setTimeout> | undefined;

export function resetBooking(): void {
  booking.form = emptyForm();
  booking.status = emptyStatus();
  booking.guestSearch = "";
  booking.copiedFrom = null;
}

function set(field: Field | null, patch: Partial<BookingForm>): void {
  booking.form = { ...booking.form, ...patch };
  if (field) booking.status = edited(booking.status, field);
  requestRender();
}

function touch(field: Field): void {
  if (booking.status.touched.has(field)) return;
  booking.status = { ...booking.status, touched: new Set([...booking.status.touched, field]) };
  requestRender();
}

function focusField(field: Field): void {
  queueMicrotask(() =>
    queueMicrotask(() => document.querySelector<HTMLElement>(`[data-field-input="${field}"]`)?.focus()),
  );
}

async function submit(e: Event): Promise<void> {
  e.preventDefault();
  if (booking.status.submitting) return;
  booking.status = { ...booking.status, submitted: true, formError: undefined };
  const draft = toDraft(booking.form);
  if (!draft) {
    const first = firstErrorField(validateForm(booking.form));
    if (first) focusField(first);
    requestRender();
    return;
  }
  booking.status = { ...booking.status, submitting: true };
  requestRender();
  try {
    const written = await api.createBooking(draft);
    resetBooking();
    cache.invalidate();
    if (written.status === "queued") {
      // The provider could not be reached: nothing was sent; it waits in the outbox.
      showInfo(t("outbox.queued_toast"));
      navigate({ name: "timeline" });
      return;
    }
    const created = written.value;
    showInfo(t("booking.created", { number: created.number ?? "" }));
    navigate({ name: "reservation", id: created.id });
  } catch (err) {
    const appErr = toAppError(err);
    booking.status = applyServerError(booking.status, appErr);
    const field = firstErrorField(booking.status.serverErrors);
    if (field && appErr.field) focusField(field);
    requestRender();
  }
}

type InputOpts = {
  field: Field;
  key: keyof BookingForm;
  label: string;
  testid: string;
  type?: string;
  errors: Partial<Record<Field, string>>;
  attrs?: { inputmode?: string; placeholder?: string; pattern?: string; min?: string; max?: string; autocomplete?: string };
  hint?: TemplateResult | string;
};

function input(o: InputOpts): TemplateResult {
  const err = o.errors[o.field];
  const a = o.attrs ?? {};
  return html`<label class="field">
    <span>${o.label}</span>
    <input
      type=${o.type ?? "text"}
      data-testid=${o.testid}
      data-field-input=${o.field}
      name=${o.field}
      inputmode=${a.inputmode ?? nothing}
      placeholder=${a.placeholder ?? nothing}
      pattern=${a.pattern ?? nothing}
      min=${a.min ?? nothing}
      max=${a.max ?? nothing}
      autocomplete=${a.autocomplete ?? "off"}
      aria-invalid=${err ? "true" : "false"}
      aria-describedby=${err ? `err-${o.field}` : nothing}
      .value=${live(String(booking.form[o.key] ?? ""))}
      @input=${(e: Event) => set(o.field, { [o.key]: (e.target as HTMLInputElement).value } as Partial<BookingForm>)}
      @change=${(e: Event) => {
        // WebDriver's clear() may fire only `change`: take the value from it too.
        const value = (e.target as HTMLInputElement).value;
        if (booking.form[o.key] !== value) set(o.field, { [o.key]: value } as Partial<BookingForm>);
        touch(o.field);
      }}
    />
    ${o.hint ? html`<small class="muted">${o.hint}</small>` : nothing} ${fieldError(o.field, err)}
  </label>`;
}

function dateInput(field: "arrival" | "departure", errors: InputOpts["errors"]): TemplateResult {
  return input({
    field,
    key: field,
    label: t(field === "arrival" ? "booking.arrival" : "booking.departure"),
    testid: field === "arrival" ? "booking-arrival" : "booking-departure",
    errors,
    attrs: { inputmode: "numeric", placeholder: t("common.date_placeholder"), pattern: ISO_DATE_PATTERN },
  });
}

function accountSelect(accounts: readonly Account[], errors: InputOpts["errors"]): TemplateResult {
  const f = booking.form;
  const err = errors.account_id;
  return html`<label class="field">
    <span>${t("booking.account")}</span>
    <select
      data-testid="booking-account"
      data-field-input="account_id"
      aria-invalid=${err ? "true" : "false"}
      .value=${live(f.accountId)}
      @change=${(e: Event) => {
        booking.form = withAccount(booking.form, (e.target as HTMLSelectElement).value);
        booking.status = edited(booking.status, "account_id");
        touch("account_id");
        requestRender();
      }}
    >
      <option value="" ?selected=${f.accountId === ""}>${t("booking.choose_account")}</option>
      ${accounts.map((a) => {
        const cap = a.capabilities.create_booking;
        const label = `${a.label}${a.is_demo ? ` (${t("demo.tag")})` : ""}`;
        return html`<option value=${String(a.id)} ?disabled=${!cap.supported} ?selected=${f.accountId === String(a.id)}>
          ${cap.supported ? label : t("booking.account_unsupported", { label, reason: cap.reason ?? "" })}
        </option>`;
      })}
    </select>
    ${fieldError("account_id", err)}
  </label>`;
}

function roomSelects(accountId: number, errors: InputOpts["errors"]): TemplateResult {
  const f = booking.form;
  const rooms = queries.rooms(accountId);
  if (rooms.error && !rooms.data) return errorBlock(rooms.error);
  const categories = rooms.data?.categories ?? [];
  const inCategory = (rooms.data?.rooms ?? []).filter((r) => String(r.category_id) === f.categoryId);
  return html`<label class="field">
      <span>${t("booking.category")}</span>
      <select
        data-testid="booking-category"
        data-field-input="category_id"
        aria-invalid=${errors.category_id ? "true" : "false"}
        ?disabled=${rooms.loading}
        .value=${live(f.categoryId)}
        @change=${(e: Event) => {
          booking.form = withCategory(booking.form, (e.target as HTMLSelectElement).value);
          booking.status = edited(booking.status, "category_id");
          touch("category_id");
          requestRender();
        }}
      >
        <option value="" ?selected=${f.categoryId === ""}>
          ${rooms.loading ? t("common.loading") : t("booking.choose_category")}
        </option>
        ${categories.map(
          (c) => html`<option value=${String(c.id)} ?selected=${f.categoryId === String(c.id)}>
            ${t("booking.category_option", { name: c.name, capacity: c.capacity, rooms: c.room_count })}
          </option>`,
        )}
      </select>
      ${fieldError("category_id", errors.category_id)}
    </label>
    <label class="field">
      <span>${t("booking.room")}</span>
      <select
        data-testid="booking-room"
        data-field-input="room_id"
        ?disabled=${!f.categoryId}
        .value=${live(f.roomId)}
        @change=${(e: Event) => set("room_id", { roomId: (e.target as HTMLSelectElement).value })}
      >
        <option value="" ?selected=${f.roomId === ""}>${t("booking.any_room")}</option>
        ${inCategory.map(
          (r) => html`<option value=${String(r.id)} ?selected=${f.roomId === String(r.id)}>
            ${r.floor ? t("booking.room_option", { name: r.name, floor: r.floor }) : r.name}
          </option>`,
        )}
      </select>
      ${fieldError("room_id", errors.room_id)}
    </label>`;
}

function guestSection(errors: InputOpts["errors"]): TemplateResult {
  const f = booking.form;
  const mode = (m: "existing" | "new", testid: string, label: string) => html`<label class="radio">
    <input
      type="radio"
      name="guest-mode"
      value=${m}
      data-testid=${testid}
      .checked=${live(f.guestMode === m)}
      @change=${() => set("guest", { guestMode: m })}
    />
    ${label}
  </label>`;
  return html`<fieldset class="section">
    <legend>${t("booking.guest")}</legend>
    <div class="radios" role="radiogroup">
      ${mode("existing", "guest-mode-existing", t("booking.guest_existing"))}
      ${mode("new", "guest-mode-new", t("booking.guest_new"))}
    </div>
    ${f.guestMode === "existing" ? existingGuest(errors) : newGuest(errors)}
  </fieldset>`;
}

function existingGuest(errors: InputOpts["errors"]): TemplateResult {
  const f = booking.form;
  const accountId = f.accountId ? Number(f.accountId) : null;
  const list = queries.guests(booking.guestSearch);
  // Guests of every account: this account's first. A guest known only to another account is
  // copied into a new guest here (the provider keeps its own guest records).
  const all = list.data ?? [];
  const options: Guest[] = [
    ...all.filter((g) => accountId === null || g.account_id === accountId),
    ...all.filter((g) => accountId !== null && g.account_id !== accountId),
  ].slice(0, MAX_GUEST_OPTIONS);
  return html`<label class="field">
      <span>${t("booking.guest_search")}</span>
      <input
        type="search"
        data-testid="guest-search"
        data-field-input="guest"
        autocomplete="off"
        placeholder=${t("booking.guest_search_placeholder")}
        aria-invalid=${errors.guest ? "true" : "false"}
        .value=${live(f.guestSearch)}
        @input=${(e: Event) => {
          set(null, { guestSearch: (e.target as HTMLInputElement).value });
          clearTimeout(guestSearchTimer);
          guestSearchTimer = setTimeout(() => {
            booking.guestSearch = booking.form.guestSearch;
            requestRender();
          }, GUEST_SEARCH_DEBOUNCE_MS);
        }}
      />
    </label>
    ${f.guestId !== null
      ? html`<p class="chosen">${t("booking.guest_chosen", { name: f.guestLabel })}</p>`
      : nothing}
    ${list.loading
      ? loadingBlock()
      : options.length === 0
        ? html`<p class="muted">${t("booking.guest_none_found")}</p>`
        : html`<ul class="options" role="listbox" aria-label=${t("booking.guest_search")}>
            ${options.map(
              (g) => html`<li>
                <button
                  type="button"
                  role="option"
                  class="option"
                  data-testid="guest-option"
                  data-guest-id=${g.id}
                  data-account-id=${g.account_id}
                  aria-selected=${f.guestId === g.id ? "true" : "false"}
                  @click=${() => chooseGuest(g, accountId)}
                >
                  <span>${guestName(g)}</span>
                  <span class="muted small">${[g.email, g.phone, accountId !== null && g.account_id !== accountId ? g.account_label : null]
                    .filter(Boolean)
                    .join(" · ")}</span>
                </button>
              </li>`,
            )}
          </ul>`}
    ${fieldError("guest", errors.guest)}`;
}

/** This account's guest is booked as is; another account's is copied into a new guest. */
function chooseGuest(g: Guest, accountId: number | null): void {
  if (accountId === null || g.account_id === accountId) {
    set("guest", { guestId: g.id, guestLabel: guestName(g) });
    return;
  }
  booking.copiedFrom = g.account_label;
  set("guest", {
    guestMode: "new",
    guestId: null,
    guestLabel: "",
    firstName: g.first_name ?? "",
    lastName: g.last_name,
    email: g.email ?? "",
    phone: g.phone ?? "",
  });
}

function newGuest(errors: InputOpts["errors"]): TemplateResult {
  const copied = booking.copiedFrom;
  return html`${copied
      ? html`<p class="muted small" data-testid="guest-copied">${t("booking.guest_copied", { account: copied })}</p>`
      : nothing}
    <div class="grid-2">
    ${input({ field: "first_name", key: "firstName", label: t("guest.first_name"), testid: "guest-first-name", errors, attrs: { autocomplete: "off" } })}
    ${input({ field: "last_name", key: "lastName", label: t("guest.last_name"), testid: "guest-last-name", errors })}
    ${input({ field: "email", key: "email", label: t("guest.email"), testid: "guest-email", type: "email", errors })}
    ${input({ field: "phone", key: "phone", label: t("guest.phone"), testid: "guest-phone", type: "tel", errors })}
  </div>`;
}

function quotePanel(account: Account | undefined): TemplateResult {
  const caps = account?.capabilities;
  const provider = account ? providerName(account.provider) : "";
  if (caps && !caps.quote_price.supported && !caps.availability.supported) {
    // Nothing to ask before booking: say why instead of a quote step.
    return html`<div class="muted" data-testid="booking-quote-unavailable">
      <p>${t("booking.quote_skipped", { provider })}</p>
      <ul>
        <li>${caps.quote_price.reason ?? t("capability.unsupported")}</li>
        <li>${caps.availability.reason ?? t("capability.unsupported")}</li>
      </ul>
    </div>`;
  }
  const draft = quoteDraft(booking.form);
  if (!draft) return html`<p class="muted">${t("booking.quote_hint")}</p>`;
  const q = queries.quote(draft);
  if (q.loading) return loadingBlock(t("booking.quote_loading"));
  if (q.error && !q.data) return errorBlock(q.error, () => cache.invalidate((k) => k.startsWith("quote_booking")));
  if (!q.data) return nothing as unknown as TemplateResult;
  const quote = q.data;
  return html`<div class="quote">
    ${quote.total
      ? html`<p class="amount" data-testid="booking-quote" data-priced="true">${formatMoney(quote.total)}</p>`
      : html`<p class="amount no-price" data-testid="booking-quote" data-priced="false">${t("booking.no_price", { provider })}</p>
          <p class="muted" data-testid="booking-no-price-reason">${caps?.quote_price.reason ?? t("detail.no_price")}</p>`}
    <p class="muted">${t("booking.quote_nights", { count: quote.nights })}</p>
    ${quote.available_rooms > 0
      ? html`<p data-testid="booking-free-rooms">${t("booking.free_rooms", { count: quote.available_rooms })}</p>`
      : html`<p class="warn" data-testid="booking-free-rooms">${t("booking.no_free_rooms")}</p>`}
  </div>`;
}

function setForm(field: Field, form: BookingForm): void {
  booking.form = form;
  booking.status = edited(booking.status, field);
  requestRender();
}

/** More rooms (of the chosen category) and more guests, where the provider books groups. */
function groupSection(account: Account | undefined, errors: InputOpts["errors"]): TemplateResult | typeof nothing {
  if (!account) return nothing;
  const cap = account.capabilities.group_booking;
  if (!cap.supported) {
    return html`<p class="muted small" data-testid="booking-group-unavailable">${cap.reason ?? t("capability.unsupported")}</p>`;
  }
  const f = booking.form;
  const rooms = (queries.rooms(account.id).data?.rooms ?? []).filter((r) => f.categoryId && String(r.category_id) === f.categoryId);
  const roomSelect = (value: string, i: number) => {
    const taken = new Set([f.roomId, ...f.extraRooms.filter((_, j) => j !== i)].filter(Boolean));
    return html`<div class="row-inline">
      <label class="field grow">
        <span>${t("booking.extra_room", { n: i + 2 })}</span>
        <select
          data-testid="booking-extra-room"
          data-index=${i}
          data-field-input=${i === 0 ? "additional_room_ids" : nothing}
          aria-invalid=${errors.additional_room_ids ? "true" : "false"}
          .value=${live(value)}
          @change=${(e: Event) => {
            const extraRooms = [...booking.form.extraRooms];
            extraRooms[i] = (e.target as HTMLSelectElement).value;
            setForm("additional_room_ids", { ...booking.form, extraRooms });
          }}
        >
          <option value="" ?selected=${value === ""}>${t("booking.choose_room")}</option>
          ${rooms
            .filter((r) => !taken.has(String(r.id)))
            .map((r) => html`<option value=${String(r.id)} ?selected=${value === String(r.id)}>${r.name}</option>`)}
        </select>
      </label>
      <button
        type="button"
        class="btn btn-quiet"
        data-testid="booking-remove-room"
        data-index=${i}
        aria-label=${t("booking.remove_room", { n: i + 2 })}
        @click=${() => setForm("additional_room_ids", withoutExtraRoom(booking.form, i))}
      >
        ${t("booking.remove")}
      </button>
    </div>`;
  };
  const guestRow = (g: { firstName: string; lastName: string }, i: number) => {
    const on = (key: "firstName" | "lastName") => (e: Event) => {
      const value = (e.target as HTMLInputElement).value;
      if (booking.form.extraGuests[i]?.[key] === value) return;
      const extraGuests = booking.form.extraGuests.map((x, j) => (j === i ? { ...x, [key]: value } : x));
      setForm("additional_guests", { ...booking.form, extraGuests });
    };
    return html`<div class="row-inline">
      <label class="field grow">
        <span>${t("booking.extra_guest", { n: i + 2 })} · ${t("guest.first_name")}</span>
        <input type="text" data-testid="booking-extra-first-name" data-index=${i} autocomplete="off" .value=${live(g.firstName)} @input=${on("firstName")} @change=${on("firstName")} />
      </label>
      <label class="field grow">
        <span>${t("guest.last_name")}</span>
        <input
          type="text"
          data-testid="booking-extra-last-name"
          data-index=${i}
          data-field-input=${i === 0 ? "additional_guests" : nothing}
          autocomplete="off"
          aria-invalid=${errors.additional_guests ? "true" : "false"}
          .value=${live(g.lastName)}
          @input=${on("lastName")}
          @change=${on("lastName")}
        />
      </label>
      <button
        type="button"
        class="btn btn-quiet"
        data-testid="booking-remove-guest"
        data-index=${i}
        aria-label=${t("booking.remove_guest", { n: i + 2 })}
        @click=${() => setForm("additional_guests", withoutExtraGuest(booking.form, i))}
      >
        ${t("booking.remove")}
      </button>
    </div>`;
  };
  return html`<fieldset class="section" data-testid="booking-group">
    <legend>${t("booking.group")}</legend>
    <p class="muted small">${t("booking.group_hint")}</p>
    ${f.extraRooms.map(roomSelect)}
    ${fieldError("additional_room_ids", errors.additional_room_ids)}
    ${f.extraGuests.map(guestRow)}
    ${fieldError("additional_guests", errors.additional_guests)}
    <div class="form-actions">
      <button
        type="button"
        class="btn"
        data-testid="booking-add-room"
        ?disabled=${!f.categoryId}
        @click=${() => setForm("additional_room_ids", withExtraRoom(booking.form))}
      >
        + ${t("booking.add_room")}
      </button>
      <button type="button" class="btn" data-testid="booking-add-guest" @click=${() => setForm("additional_guests", withExtraGuest(booking.form))}>
        + ${t("booking.add_guest")}
      </button>
    </div>
  </fieldset>`;
}

export function bookingView(): TemplateResult {
  const f = booking.form;
  const s = booking.status;
  const accountsQ = queries.accounts();
  const accounts = accountsQ.data ?? [];
  const bookable = accounts.filter((a) => a.capabilities.create_booking.supported);
  // One account that can take bookings: choose it for the user.
  if (!f.accountId && bookable.length === 1 && bookable[0]) booking.form = withAccount(f, String(bookable[0].id));
  const form = booking.form;
  const errors = visibleErrors(form, s);
  const errorCount = Object.keys(errors).length;
  const account = accounts.find((a) => String(a.id) === form.accountId);
  const n = daysBetween(form.arrival.trim(), form.departure.trim());

  let body: TemplateResult;
  if (accountsQ.loading) body = loadingBlock();
  else if (accountsQ.error && !accountsQ.data) body = errorBlock(accountsQ.error);
  else if (bookable.length === 0)
    body = html`<div class="empty" data-testid="booking-unavailable">
      <p class="empty-title">${t("booking.no_account.title")}</p>
      ${accounts.length === 0
        ? html`<p class="muted">${t("booking.no_account.none")}</p>`
        : html`<ul>
            ${accounts.map((a) => html`<li>${a.label}: ${a.capabilities.create_booking.reason ?? t("capability.unsupported")}</li>`)}
          </ul>`}
    </div>`;
  else
    body = html`<form class="booking" novalidate @submit=${submit}>
      <div class="booking-main">
        <fieldset class="section">
          <legend>${t("booking.where")}</legend>
          ${accountSelect(accounts, errors)}
          ${account?.is_demo ? html`<p class="muted small">${demoTag()} ${t("booking.demo_note")}</p>` : nothing}
          ${account && !account.capabilities.list_reservations.supported
            ? html`<p class="note" data-testid="booking-created-here" data-account-id=${account.id}>
                ${t("booking.created_here", { label: account.label, reason: account.capabilities.list_reservations.reason ?? "" })}
              </p>`
            : nothing}
          ${form.accountId ? roomSelects(Number(form.accountId), errors) : nothing}
        </fieldset>
        <fieldset class="section">
          <legend>${t("booking.when")}</legend>
          <div class="grid-2">${dateInput("arrival", errors)} ${dateInput("departure", errors)}</div>
          ${n !== null && n > 0 ? html`<p class="muted">${t("detail.nights", { count: n })}</p>` : nothing}
        </fieldset>
        <fieldset class="section">
          <legend>${t("booking.people")}</legend>
          <div class="grid-2">
            ${input({ field: "adults", key: "adults", label: t("booking.adults"), testid: "booking-adults", type: "number", errors, attrs: { min: "1", max: "20", inputmode: "numeric" } })}
            ${input({ field: "children", key: "children", label: t("booking.children"), testid: "booking-children", type: "number", errors, attrs: { min: "0", max: "19", inputmode: "numeric" } })}
          </div>
        </fieldset>
        ${guestSection(errors)} ${groupSection(account, errors)}
        <fieldset class="section">
          <legend>${t("booking.notes")}</legend>
          <label class="field">
            <span class="visually-hidden">${t("booking.notes")}</span>
            <textarea
              data-testid="booking-notes"
              data-field-input="notes"
              rows="3"
              placeholder=${t("booking.notes_placeholder")}
              .value=${live(form.notes)}
              @input=${(e: Event) => set("notes", { notes: (e.target as HTMLTextAreaElement).value })}
              @change=${(e: Event) => {
                const value = (e.target as HTMLTextAreaElement).value;
                if (booking.form.notes !== value) set("notes", { notes: value });
              }}
            ></textarea>
            ${fieldError("notes", errors.notes)}
          </label>
        </fieldset>
      </div>
      <aside class="booking-side card" aria-live="polite">
        <h2>${t("booking.price")}</h2>
        ${quotePanel(account)}
        ${s.formError ? errorBlock(s.formError) : nothing}
        ${errorCount > 0 && s.submitted
          ? html`<p class="field-error" role="alert">${t("booking.fix_errors", { count: errorCount })}</p>`
          : nothing}
        <button type="submit" class="btn btn-primary btn-block" data-testid="booking-submit" ?disabled=${s.submitting}>
          ${s.submitting ? t("booking.creating") : t("booking.submit")}
        </button>
        <button type="button" class="btn btn-quiet btn-block" data-testid="booking-reset" @click=${() => {
          resetBooking();
          requestRender();
        }}>${t("booking.clear")}</button>
      </aside>
    </form>`;

  return html`<section class="screen" aria-labelledby="screen-title">
    <header class="screen-head">
      <h1 id="screen-title" tabindex="-1">${t("booking.title")}</h1>
    </header>
    ${body}
  </section>`;
}
