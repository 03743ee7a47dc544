// The guest edit form as plain data: what was typed, client-side checks with the shell's words,
// and the `GuestEdit` to send (only what changed; `None` leaves a field as it is).

import type { AppError } from "../bindings/AppError";
import type { Guest } from "../bindings/Guest";
import type { GuestEdit } from "../bindings/GuestEdit";
import { t } from "../i18n";

export type GuestField = "first_name" | "last_name" | "email" | "phone";
export const GUEST_FIELDS: readonly GuestField[] = ["first_name", "last_name", "email", "phone"];

export interface GuestEditForm {
  guestId: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  busy: boolean;
  /** Errors beside the inputs, by the shell's field name. */
  errors: Partial<Record<GuestField, string>>;
  error: AppError | undefined;
}

/** The open edit form (one at a time), kept while the user stays on the guest's page. */
export const guestEdit: { form: GuestEditForm | null } = { form: null };

export function guestEditForm(g: Guest): GuestEditForm {
  return {
    guestId: g.id,
    first_name: g.first_name ?? "",
    last_name: g.last_name,
    email: g.email ?? "",
    phone: g.phone ?? "",
    busy: false,
    errors: {},
    error: undefined,
  };
}

/** Opens the form for this guest (e.g. from a reservation's "Edit guest"). */
export function openGuestEdit(g: Guest): void {
  guestEdit.form = guestEditForm(g);
}

export function closeGuestEdit(): void {
  guestEdit.form = null;
}

const EMAIL = (e: string) => {
  const at = e.indexOf("@");
  return at > 0 && e.slice(at + 1).includes(".") && e.indexOf("@", at + 1) === -1;
};

export function validateGuestEdit(f: GuestEditForm): Partial<Record<GuestField, string>> {
  const e: Partial<Record<GuestField, string>> = {};
  if (!f.last_name.trim()) e.last_name = t("guest.error.last_name_missing");
  const email = f.email.trim();
  if (email && !EMAIL(email)) e.email = t("booking.error.email_format", { value: email });
  return e;
}

/** What changed against the guest as shown, trimmed; empty when nothing did. */
export function toGuestEdit(f: GuestEditForm, g: Guest): GuestEdit {
  const out: GuestEdit = {};
  const was: Record<GuestField, string> = { first_name: g.first_name ?? "", last_name: g.last_name, email: g.email ?? "", phone: g.phone ?? "" };
  for (const k of GUEST_FIELDS) {
    const v = f[k].trim();
    if (v !== was[k].trim()) out[k] = v;
  }
  return out;
}

/** A rejection of `edit_guest`: beside its input when it names one, else for the form. */
export function withServerError(f: GuestEditForm, err: AppError): GuestEditForm {
  const field = err.field as GuestField | undefined;
  if (field && GUEST_FIELDS.includes(field)) return { ...f, busy: false, errors: { ...f.errors, [field]: err.message }, error: undefined };
  return { ...f, busy: false, error: err };
}
