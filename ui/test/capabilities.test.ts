// What the detail offers per provider (buttons, and the "Not available" list with reasons), the
// mocked capabilities against crates/core capabilities.rs word for word, the add-account form's
// credential fields against validate.rs, and small view models (activity restore, open writes).

import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { Account } from "../src/bindings/Account";
import type { ActivityEntry } from "../src/bindings/ActivityEntry";
import type { Capabilities } from "../src/bindings/Capabilities";
import type { Guest } from "../src/bindings/Guest";
import type { ProviderKind } from "../src/bindings/ProviderKind";
import type { Reservation } from "../src/bindings/Reservation";
import type { ReservationState } from "../src/bindings/ReservationState";
import { setLanguage } from "../src/i18n";
import { CREDENTIALS } from "../src/mock/backend";
import { CAPABILITIES, PROVIDER_KINDS } from "../src/mock/seed";
import { openWriteSubject } from "../src/app";
import {
  CREDENTIAL_FIELDS,
  PROVIDERS,
  emptyAccountForm,
  toNewAccount,
  validateAccountForm,
  withProvider,
  type AccountForm,
} from "../src/views/account-form";
import { capabilitySummary } from "../src/views/accounts";
import { restorableEntries } from "../src/views/activity";
import { guestEditForm, toGuestEdit, validateGuestEdit, withServerError } from "../src/views/guest-edit";
import { actionTestId, actionsFor, unavailableActions } from "../src/views/reservation-detail";

beforeEach(() => setLanguage("en", ["en-GB"]));

const RUST = (path: string) => readFileSync(new URL(`../../src-tauri/crates/core/src/${path}`, import.meta.url), "utf8");

const reservation = (state: ReservationState, provider: ProviderKind = "mews"): Reservation => ({
  id: 1,
  account_id: 1,
  account_label: "Demo",
  provider,
  provider_id: "r-1",
  number: "100",
  state,
  provider_state: state,
  arrival: "2026-12-01",
  departure: "2026-12-03",
  guest_id: null,
  guest_name: "Ana Nováková",
  room_id: null,
  room_name: null,
  additional_room_names: [],
  category_name: null,
  adults: 2,
  children: 0,
  total: null,
  notes: null,
  created_at: null,
  updated_at: null,
});

describe("the mocked capabilities", () => {
  it("are the shell's, reason for reason (crates/core/src/capabilities.rs)", () => {
    const src = RUST("capabilities.rs");
    const variant: Record<ProviderKind, string> = {
      mews: "Mews",
      reservanto: "Reservanto",
      "mobile-calendar": "MobileCalendar",
      timekit: "Timekit",
      ectosy: "Ectosy",
    };
    for (const p of PROVIDER_KINDS) {
      const start = src.indexOf(`ProviderKind::${variant[p]} => Self {`);
      expect(start, p).toBeGreaterThan(0);
      const body = src.slice(start, src.indexOf("\n            },", start));
      const parsed: Record<string, { supported: boolean; reason?: string }> = {};
      for (const m of body.matchAll(/(\w+): C::(yes\(\)|no\(\s*"((?:[^"\\]|\\.)*)",?\s*\))/g)) {
        parsed[m[1]!] = m[2] === "yes()" ? { supported: true } : { supported: false, reason: m[3]!.replace(/\\"/g, '"') };
      }
      expect(Object.keys(parsed), p).toHaveLength(18);
      expect(CAPABILITIES[p], p).toEqual(parsed);
    }
  });
});

type Key = ReturnType<typeof actionsFor>[number]["key"];
const buttons = (state: ReservationState, caps: Capabilities) => actionsFor(reservation(state), caps).map((a) => a.key);
const enabled = (state: ReservationState, caps: Capabilities) =>
  actionsFor(reservation(state), caps)
    .filter((a) => a.capability.supported && !a.blocked)
    .map((a) => a.key);
const missing = (caps: Capabilities) => Object.fromEntries(unavailableActions(caps).map((m) => [m.key, m.reason]));

describe("the detail's actions per provider", () => {
  it("Mews: confirm, check in, check out, cancel; the rest not available, each with Mews' reason", () => {
    const caps = CAPABILITIES.mews;
    expect(buttons("confirmed", caps)).toEqual(["confirm", "check_in", "check_out", "cancel"]);
    expect(enabled("confirmed", caps)).toEqual(["check_in", "cancel"]);
    expect(missing(caps)).toEqual({
      move: caps.move_dates.reason,
      edit_notes: caps.edit_notes.reason,
      restore: caps.restore.reason,
      reject: caps.reject.reason,
      no_show: caps.no_show.reason,
      delete: caps.delete.reason,
    });
  });

  it("Reservanto: confirm / reject / no-show for requests, move dates; no check-out, with its reason", () => {
    const caps = CAPABILITIES.reservanto;
    expect(buttons("requested", caps)).toEqual(["confirm", "check_in", "move", "reject", "no_show", "cancel"]);
    expect(enabled("requested", caps)).toEqual(["confirm", "move", "reject", "no_show", "cancel"]);
    expect(enabled("confirmed", caps)).toEqual(["check_in", "move", "no_show", "cancel"]);
    expect(missing(caps)).toMatchObject({ check_out: "Reservanto records only whether the guest arrived; it has no check-out." });
    expect(Object.keys(missing(caps))).toEqual(["check_out", "edit_notes", "restore", "delete"]);
  });

  it("Mobile Calendar: move (with rooms), notes, restore of a cancelled one; no confirmation step", () => {
    const caps = CAPABILITIES["mobile-calendar"];
    expect(buttons("confirmed", caps)).toEqual(["check_in", "check_out", "move", "edit_notes", "restore", "cancel"]);
    expect(enabled("confirmed", caps)).toEqual(["check_in", "move", "edit_notes", "cancel"]);
    expect(enabled("cancelled", caps)).toEqual(["edit_notes", "restore"]);
    expect(missing(caps).confirm).toBe("Mobile Calendar reservations have no confirmation step: they are confirmed when made.");
    expect(missing(caps).delete).toBe("Mobile Calendar's delete is the cancellation; it stays restorable.");
  });

  it("Timekit: confirm / reject, notes, delete once final; no check-in, move or restore", () => {
    const caps = CAPABILITIES.timekit;
    expect(buttons("requested", caps)).toEqual(["confirm", "edit_notes", "reject", "cancel", "delete"]);
    expect(enabled("requested", caps)).toEqual(["confirm", "edit_notes", "reject", "cancel"]);
    expect(enabled("checked_out", caps)).toEqual(["edit_notes", "delete"]);
    const del = actionsFor(reservation("confirmed"), caps).find((a) => a.key === "delete")!;
    expect(del.blocked).toBe("Only cancelled, declined or finished reservations can be deleted; cancel it first.");
    expect(Object.keys(missing(caps))).toEqual(["check_in", "check_out", "move", "restore", "no_show"]);
  });

  it("Ectosy: only cancel; everything else listed with Ectosy's reason", () => {
    const caps = CAPABILITIES.ectosy;
    expect(buttons("confirmed", caps)).toEqual(["cancel"]);
    expect(missing(caps)).toEqual({
      confirm: "Ectosy's API cannot confirm a period; confirm it in Ectosy if needed.",
      check_in: "Ectosy's API has no check-in.",
      check_out: "Ectosy's API has no check-out.",
      move: "Ectosy cannot change a period; delete it and create a new one.",
      edit_notes: "Ectosy periods have no notes.",
      restore: "Ectosy cannot restore a deleted period.",
      reject: "Ectosy periods have no approval step.",
      no_show: "Ectosy's API has no no-show state.",
      delete: "In Ectosy, deleting a period is its cancellation.",
    });
  });

  it("keeps the first test hooks and names the new ones predictably", () => {
    const all: Key[] = ["confirm", "check_in", "check_out", "move", "edit_notes", "restore", "reject", "no_show", "cancel", "delete"];
    expect(all.map(actionTestId)).toEqual([
      "confirm-button",
      "check-in-button",
      "check-out-button",
      "action-move",
      "action-edit-notes",
      "action-restore",
      "action-reject",
      "action-no-show",
      "cancel-button",
      "action-delete",
    ]);
  });
});

describe("the add-account form", () => {
  it("offers all five providers with the shell's credential fields (validate.rs credential_fields)", () => {
    const src = RUST("validate.rs");
    const variant: Record<ProviderKind, string> = { mews: "Mews", reservanto: "Reservanto", "mobile-calendar": "MobileCalendar", timekit: "Timekit", ectosy: "Ectosy" };
    expect(PROVIDERS).toEqual(PROVIDER_KINDS);
    for (const p of PROVIDERS) {
      const m = new RegExp(`ProviderKind::${variant[p]} => &\\[([^\\]]*)\\]`).exec(src);
      const rust = [...(m?.[1] ?? "").matchAll(/"(\w+)"/g)].map((x) => x[1]);
      expect(CREDENTIAL_FIELDS[p].map((c) => c.key), p).toEqual(rust);
      expect(CREDENTIALS[p], p).toEqual(rust);
    }
    expect(CREDENTIAL_FIELDS["mobile-calendar"].map((c) => c.testid)).toEqual(["credential-client_id", "credential-client_secret"]);
  });

  it("sends only the chosen provider's credentials, and drops typed secrets when the provider changes", () => {
    let f: AccountForm = { ...emptyAccountForm(), label: "Penzion", baseUrl: "https://api.reservanto.cz/", credentials: { client_token: "x" } };
    f = withProvider(f, "reservanto");
    expect(f.credentials).toEqual({});
    expect(validateAccountForm(f)).toEqual({ long_time_token: "Enter the Long-term token." });
    f = { ...f, credentials: { long_time_token: " ltt-1 " } };
    expect(toNewAccount(f)).toEqual({ provider: "reservanto", label: "Penzion", base_url: "https://api.reservanto.cz", credentials: { long_time_token: "ltt-1" } });
  });

  it("summarizes what an account can and cannot do", () => {
    const s = capabilitySummary(CAPABILITIES.ectosy);
    expect(s.can).toEqual(["create_booking", "cancel", "edit_guest", "group_booking"]);
    expect(s.cannot).toContain("list_reservations");
  });
});

describe("guest edit", () => {
  const guest: Guest = {
    id: 3,
    account_id: 4,
    account_label: "Demo Reservanto",
    provider_id: "g",
    first_name: "Jana",
    last_name: "Svobodová",
    email: null,
    phone: "+420 777 222 333",
    nationality: "CZ",
    reservation_count: 1,
  };

  it("sends only what changed, trimmed", () => {
    const f = { ...guestEditForm(guest), email: " jana@example.cz ", last_name: "Svobodová " };
    expect(toGuestEdit(f, guest)).toEqual({ email: "jana@example.cz" });
    expect(toGuestEdit(guestEditForm(guest), guest)).toEqual({});
  });

  it("checks the last name and the e-mail, and puts the shell's field errors beside their inputs", () => {
    expect(validateGuestEdit({ ...guestEditForm(guest), last_name: " ", email: "jana@" })).toEqual({
      last_name: "A guest needs a last name.",
      email: "“jana@” is not an e-mail address.",
    });
    const f = withServerError(guestEditForm(guest), { kind: "validation", message: "Reservanto did not accept the phone.", field: "phone" });
    expect(f.errors).toEqual({ phone: "Reservanto did not accept the phone." });
    expect(withServerError(guestEditForm(guest), { kind: "offline", message: "No connection." }).error?.kind).toBe("offline");
  });
});

describe("restore in the activity log", () => {
  const entry = (id: number, reservationId: number, accountId: number, action = "reservation.cancel"): ActivityEntry => ({
    id,
    at: "2026-11-01T10:00:00Z",
    account_id: accountId,
    action,
    summary: "",
    outcome: "ok",
    provider_ref: null,
    reservation_id: reservationId,
  });
  const account = (id: number, provider: ProviderKind) => [id, { id, provider, capabilities: CAPABILITIES[provider] } as Account] as const;

  it("is offered on the newest cancellation of a still-cancelled reservation of a provider that restores", () => {
    const accounts = new Map([account(5, "mobile-calendar"), account(1, "mews")]);
    const rows = [entry(9, 70, 5), entry(8, 70, 5), entry(7, 71, 5), entry(6, 72, 1), entry(5, 73, 5, "reservation.restore")];
    expect([...restorableEntries(rows, accounts, new Set([70, 72, 73]))]).toEqual([9]);
  });
});

describe("the open-writes banner", () => {
  it("names the guest and dates of the lost booking, or its reference", () => {
    const w = {
      id: 1,
      account_id: 4,
      reference: "ref-1",
      action: "booking.create",
      request: { arrival: "2026-12-20", departure: "2026-12-23", guest: { new: { first_name: "Lena", last_name: "Berger" } } },
      state: "unknown" as const,
      provider_id: null,
      error: null,
      created_at: "2026-11-27T10:00:00Z",
      updated_at: "2026-11-27T10:00:00Z",
    };
    expect(openWriteSubject(w)).toBe("Lena Berger, Sun, 20 Dec 2026 – Wed, 23 Dec 2026");
    expect(openWriteSubject({ ...w, request: null })).toBe("a stay (reference ref-1)");
  });
});
