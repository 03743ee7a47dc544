// The new-booking form as plain data: what was typed (kept for the whole session, also across
// errors and navigation), client-side checks that mirror the shell's (crates/core validate.rs),
// the drafts sent to `quote_booking` / `create_booking`, and where a server error is shown.

import type { AppError } from "../bindings/AppError";
import type { BookingDraft } from "../bindings/BookingDraft";
import type { GuestChoice } from "../bindings/GuestChoice";
import { daysBetween, isValidIsoDate } from "../dates";
import { t } from "../i18n";

export const MAX_NIGHTS = 365;
export const MAX_PEOPLE = 20;

export type GuestMode = "existing" | "new";

export interface BookingForm {
  accountId: string;
  categoryId: string;
  roomId: string;
  arrival: string;
  departure: string;
  adults: string;
  children: string;
  guestMode: GuestMode;
  guestSearch: string;
  guestId: number | null;
  /** Name of the chosen existing guest, to show it while the search changes. */
  guestLabel: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  notes: string;
  /** Further rooms of a group booking (room ids as typed; "" = not chosen yet). */
  extraRooms: string[];
  /** Further guests of the booking. */
  extraGuests: { firstName: string; lastName: string }[];
}

/** Inputs an error can point at; the names are the shell's `AppError.field` values. */
export type Field =
  | "account_id"
  | "category_id"
  | "room_id"
  | "arrival"
  | "departure"
  | "adults"
  | "children"
  | "guest"
  | "first_name"
  | "last_name"
  | "email"
  | "phone"
  | "notes"
  | "additional_room_ids"
  | "additional_guests";

export const FIELD_ORDER: readonly Field[] = [
  "account_id",
  "category_id",
  "room_id",
  "additional_room_ids",
  "arrival",
  "departure",
  "adults",
  "children",
  "guest",
  "first_name",
  "last_name",
  "email",
  "phone",
  "additional_guests",
  "notes",
];

/** Other names the shell may use for the same inputs. */
const FIELD_ALIASES: Record<string, Field> = {
  account: "account_id",
  category: "category_id",
  room: "room_id",
  guest_id: "guest",
};

export function fieldOf(name: string | undefined | null): Field | null {
  if (!name) return null;
  if ((FIELD_ORDER as readonly string[]).includes(name)) return name as Field;
  return FIELD_ALIASES[name] ?? null;
}

export type Errors = Partial<Record<Field, string>>;

export interface FormStatus {
  /** Inputs the user has left after changing them: their client-side errors are shown. */
  touched: Set<Field>;
  /** After a submit attempt every client-side error is shown. */
  submitted: boolean;
  submitting: boolean;
  /** Errors from the shell, per input; cleared when that input changes. */
  serverErrors: Errors;
  /** A shell error that names no input (offline, conflict, ...). */
  formError: AppError | undefined;
}

export function emptyForm(): BookingForm {
  return {
    accountId: "",
    categoryId: "",
    roomId: "",
    arrival: "",
    departure: "",
    adults: "2",
    children: "0",
    guestMode: "existing",
    guestSearch: "",
    guestId: null,
    guestLabel: "",
    firstName: "",
    lastName: "",
    email: "",
    phone: "",
    notes: "",
    extraRooms: [],
    extraGuests: [],
  };
}

export function emptyStatus(): FormStatus {
  return { touched: new Set(), submitted: false, submitting: false, serverErrors: {}, formError: undefined };
}

function count(value: string): number | null {
  const v = value.trim();
  return /^\d+$/.test(v) ? Number(v) : null;
}

function dateError(field: "arrival" | "departure", value: string): string | undefined {
  const v = value.trim();
  if (!v) return t(field === "arrival" ? "booking.error.arrival_missing" : "booking.error.departure_missing");
  if (!isValidIsoDate(v))
    return t(field === "arrival" ? "booking.error.arrival_format" : "booking.error.departure_format", { value: v });
  return undefined;
}

const EMAIL = (e: string) => {
  const at = e.indexOf("@");
  return at > 0 && e.slice(at + 1).includes(".") && e.indexOf("@", at + 1) === -1;
};

/** The shell's `validate_stay` with its words: both dates, departure after arrival, not too long. */
export function stayErrors(arrival: string, departure: string): { arrival?: string; departure?: string } {
  const e: { arrival?: string; departure?: string } = {};
  const a = dateError("arrival", arrival);
  const d = dateError("departure", departure);
  if (a) e.arrival = a;
  if (d) e.departure = d;
  if (!a && !d) {
    const n = daysBetween(arrival.trim(), departure.trim()) ?? 0;
    if (n < 1) e.departure = t("booking.error.departure_order");
    else if (n > MAX_NIGHTS) e.departure = t("booking.error.too_long", { max: MAX_NIGHTS });
  }
  return e;
}

/** Client-side checks, the same rules and words as the shell's; the shell still has the last word. */
export function validateForm(f: BookingForm): Errors {
  const e: Errors = {};
  if (!f.accountId) e.account_id = t("booking.error.account_missing");
  if (!f.categoryId) e.category_id = t("booking.error.category_missing");
  Object.assign(e, stayErrors(f.arrival, f.departure));
  const adults = count(f.adults);
  const children = count(f.children);
  if (adults === null || adults < 1) e.adults = t("booking.error.adults_min");
  if (children === null) e.children = t("booking.error.children_number");
  if (adults !== null && children !== null && adults + children > MAX_PEOPLE)
    e.adults = t("booking.error.too_many", { max: MAX_PEOPLE });
  if (f.guestMode === "existing") {
    if (f.guestId === null) e.guest = t("booking.error.guest_missing");
  } else {
    if (!f.lastName.trim()) e.last_name = t("booking.error.last_name_missing");
    const email = f.email.trim();
    if (email && !EMAIL(email)) e.email = t("booking.error.email_format", { value: email });
  }
  if (f.extraRooms.some((r) => !r)) e.additional_room_ids = t("booking.error.extra_room_missing");
  else {
    const all = [f.roomId, ...f.extraRooms].filter(Boolean);
    if (new Set(all).size !== all.length) e.additional_room_ids = t("booking.error.extra_room_twice");
  }
  const unnamed = f.extraGuests.findIndex((g) => !g.lastName.trim());
  if (unnamed >= 0) e.additional_guests = t("booking.error.extra_guest_last_name", { n: unnamed + 2 });
  return e;
}

/** The error shown beside an input now: the shell's first, else the client's once it is due. */
export function visibleErrors(f: BookingForm, s: FormStatus): Errors {
  const client = validateForm(f);
  const out: Errors = {};
  for (const field of FIELD_ORDER) {
    const msg = s.serverErrors[field] ?? (s.submitted || s.touched.has(field) ? client[field] : undefined);
    if (msg) out[field] = msg;
  }
  return out;
}

export function firstErrorField(errors: Errors): Field | null {
  return FIELD_ORDER.find((f) => errors[f]) ?? null;
}

function guestChoice(f: BookingForm): GuestChoice {
  if (f.guestMode === "existing" && f.guestId !== null) return { existing: f.guestId };
  const g: { first_name: string; last_name: string; email?: string; phone?: string } = {
    first_name: f.firstName.trim(),
    last_name: f.lastName.trim(),
  };
  if (f.email.trim()) g.email = f.email.trim();
  if (f.phone.trim()) g.phone = f.phone.trim();
  return { new: g };
}

/** The booking to create, or null while the form has errors. */
export function toDraft(f: BookingForm): BookingDraft | null {
  if (Object.keys(validateForm(f)).length > 0) return null;
  const draft = stayDraft(f, guestChoice(f));
  if (f.extraGuests.length > 0)
    draft.additional_guests = f.extraGuests.map((g) => ({ first_name: g.firstName.trim(), last_name: g.lastName.trim() }));
  if (f.notes.trim()) draft.notes = f.notes.trim();
  return draft;
}

/** What the form says about account, room, dates and people, for `guest`. */
function stayDraft(f: BookingForm, guest: GuestChoice): BookingDraft {
  const draft: BookingDraft = {
    account_id: Number(f.accountId),
    category_id: Number(f.categoryId),
    arrival: f.arrival.trim(),
    departure: f.departure.trim(),
    adults: Number(f.adults.trim()),
    children: Number(f.children.trim()),
    guest,
  };
  if (f.roomId) draft.room_id = Number(f.roomId);
  const extra = f.extraRooms.filter(Boolean).map(Number);
  if (extra.length > 0) draft.additional_room_ids = extra;
  return draft;
}

/**
 * The guest of every price question. `quote_booking` ignores the draft's guest and notes, but a
 * `BookingDraft` always names a guest; one fixed value keeps the query key the same whoever stays.
 */
export const QUOTE_GUEST: GuestChoice = { new: { first_name: "", last_name: "Quote" } };

/**
 * The draft to ask a price for, once account, category, dates and people are valid; null before.
 * Guest and notes do not change the price, so typing them does not ask the provider again.
 */
export function quoteDraft(f: BookingForm): BookingDraft | null {
  const e = validateForm(f);
  if (e.account_id || e.category_id || e.arrival || e.departure || e.adults || e.children || e.additional_room_ids) return null;
  return stayDraft(f, QUOTE_GUEST);
}

/** Records a rejection of `create_booking`: beside its input when it names one, else for the form. */
export function applyServerError(s: FormStatus, err: AppError): FormStatus {
  const field = fieldOf(err.field);
  if (field) return { ...s, submitting: false, serverErrors: { ...s.serverErrors, [field]: err.message }, formError: undefined };
  return { ...s, submitting: false, formError: err };
}

/** The user changed an input: its server error no longer applies. */
export function edited(s: FormStatus, field: Field): FormStatus {
  if (!(field in s.serverErrors)) return s;
  const serverErrors = { ...s.serverErrors };
  delete serverErrors[field];
  return { ...s, serverErrors };
}

/** A group booking: one more room of the chosen category (to be chosen), or one more guest. */
export function withExtraRoom(f: BookingForm): BookingForm {
  return { ...f, extraRooms: [...f.extraRooms, ""] };
}

export function withExtraGuest(f: BookingForm): BookingForm {
  return { ...f, extraGuests: [...f.extraGuests, { firstName: "", lastName: "" }] };
}

export function withoutExtraRoom(f: BookingForm, i: number): BookingForm {
  return { ...f, extraRooms: f.extraRooms.filter((_, j) => j !== i) };
}

export function withoutExtraGuest(f: BookingForm, i: number): BookingForm {
  return { ...f, extraGuests: f.extraGuests.filter((_, j) => j !== i) };
}

/** Switching account invalidates what belonged to the old one. */
export function withAccount(f: BookingForm, accountId: string): BookingForm {
  if (f.accountId === accountId) return f;
  return { ...f, accountId, categoryId: "", roomId: "", guestId: null, guestLabel: "", extraRooms: [], extraGuests: [] };
}

export function withCategory(f: BookingForm, categoryId: string): BookingForm {
  if (f.categoryId === categoryId) return f;
  return { ...f, categoryId, roomId: "", extraRooms: [] };
}
