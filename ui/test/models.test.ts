import { beforeEach, describe, expect, it } from "vitest";
import { setLanguage } from "../src/i18n";
import { navSection, parseRoute, routeHref } from "../src/router";
import { DEFAULT_SETTINGS, sanitizeSettings } from "../src/settings";
import { applyProgress, fraction, initialSync, runningSync, summarize, syncAnswered, syncRequested } from "../src/sync-status";
import type { SyncPhase } from "../src/bindings/SyncPhase";
import type { SyncProgress } from "../src/bindings/SyncProgress";
import { emptyAccountForm, toNewAccount, validateAccountForm, withoutSecrets } from "../src/views/account-form";

beforeEach(() => setLanguage("en", ["en-GB"]));

describe("routes", () => {
  it("round-trip through the hash", () => {
    for (const r of [
      { name: "reservations" },
      { name: "reservation", id: 12 },
      { name: "booking" },
      { name: "guests" },
      { name: "guest", id: 3 },
      { name: "accounts" },
      { name: "activity" },
      { name: "settings" },
    ] as const) {
      expect(parseRoute(routeHref(r))).toEqual(r);
    }
  });

  it("reject what they do not know", () => {
    expect(parseRoute("")).toBeNull();
    expect(parseRoute("#/reservations/abc")).toBeNull();
    expect(parseRoute("#/reservations/1/2")).toBeNull();
    expect(parseRoute("#/nowhere")).toBeNull();
  });

  it("light the right nav entry", () => {
    expect(navSection({ name: "reservation", id: 1 })).toBe("reservations");
    expect(navSection({ name: "guest", id: 1 })).toBe("guests");
    expect(navSection({ name: "booking" })).toBeNull();
  });
});

describe("settings", () => {
  it("take valid stored values", () => {
    expect(
      sanitizeSettings({ language: "en", default_view: "guests", sync_interval_minutes: 0, full_sync_every_hours: 6, theme: "dark" }),
    ).toEqual({
      language: "en",
      default_view: "guests",
      sync_interval_minutes: 0,
      full_sync_every_hours: 6,
      theme: "dark",
    });
    expect(sanitizeSettings({ default_view: "timeline" }).default_view).toBe("timeline");
  });

  it("fall back to defaults for missing or invalid values", () => {
    expect(sanitizeSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(sanitizeSettings({ language: "tlh", default_view: "activity", sync_interval_minutes: -5 })).toEqual(DEFAULT_SETTINGS);
    expect(sanitizeSettings({ theme: "sepia" }).theme).toBe("system");
    expect(sanitizeSettings({ full_sync_every_hours: 5 }).full_sync_every_hours).toBe(24);
    expect(sanitizeSettings({ full_sync_every_hours: "6" }).full_sync_every_hours).toBe(24);
    expect(sanitizeSettings({ sync_interval_minutes: 2.5 }).sync_interval_minutes).toBe(DEFAULT_SETTINGS.sync_interval_minutes);
    expect(sanitizeSettings({ sync_interval_minutes: "10" }).sync_interval_minutes).toBe(DEFAULT_SETTINGS.sync_interval_minutes);
  });
});

function prog(account_id: number, phase: SyncPhase, pages: number, records: number, more: Partial<SyncProgress> = {}): SyncProgress {
  return { account_id, phase, pages, records, windows_done: 0, windows_total: 0, full: false, resumed: false, ...more };
}

describe("sync indicator", () => {
  it("is idle, then syncing with phase, pages and records, then idle again", () => {
    let s = initialSync;
    expect(summarize(s)).toEqual({ kind: "idle" });
    s = syncRequested(s);
    expect(summarize(s)).toMatchObject({ kind: "syncing", phase: undefined });
    s = applyProgress(s, prog(1, "reservations", 3, 120));
    expect(summarize(s)).toEqual({ kind: "syncing", accountId: 1, phase: "reservations", pages: 3, records: 120, fraction: undefined });
    s = applyProgress(s, prog(1, "finished", 3, 150));
    s = syncAnswered(s);
    expect(summarize(s)).toEqual({ kind: "idle" });
  });

  it("shows an account's failure until its next sync", () => {
    const error = { kind: "offline" as const, message: "No connection." };
    let s = applyProgress(initialSync, prog(2, "failed", 0, 0, { error }));
    expect(summarize(s)).toEqual({ kind: "error", accountId: 2, error });
    s = applyProgress(s, prog(2, "started", 0, 0));
    expect(summarize(s).kind).toBe("syncing");
  });

  it("shows a rejected sync_now as an error", () => {
    const error = { kind: "rate_limited" as const, message: "Slow down.", retry_after_secs: 5 };
    const s = syncAnswered(syncRequested(initialSync), error);
    expect(summarize(s)).toEqual({ kind: "error", accountId: undefined, error });
    expect(summarize(syncRequested(s)).kind).toBe("syncing");
  });

  it("does not spin forever when a finishing event was missed", () => {
    let s = syncRequested(initialSync);
    s = applyProgress(s, prog(1, "guests", 1, 10));
    s = syncAnswered(s);
    expect(summarize(s)).toEqual({ kind: "idle" });
  });

  it("follows a scheduled sync that the shell started on its own", () => {
    const s = applyProgress(initialSync, prog(5, "rooms", 1, 30));
    expect(summarize(s)).toMatchObject({ kind: "syncing", accountId: 5 });
  });
});

describe("add-account form", () => {
  const form = () => ({
    ...emptyAccountForm(),
    label: " Aurora ",
    baseUrl: "https://api.mews.com/",
    credentials: { client_token: " C1 ", access_token: "A1" },
  });

  it("builds the NewAccount the shell expects", () => {
    expect(toNewAccount(form())).toEqual({
      provider: "mews",
      label: "Aurora",
      base_url: "https://api.mews.com",
      credentials: { client_token: "C1", access_token: "A1" },
    });
  });

  it("names each missing or malformed input", () => {
    const e = validateAccountForm({ ...emptyAccountForm(), baseUrl: "api.mews.com" });
    expect(Object.keys(e).sort()).toEqual(["access_token", "base_url", "client_token", "label"]);
    expect(e.client_token).toBe("Enter the Client token.");
    expect(validateAccountForm(form())).toEqual({});
    expect(validateAccountForm({ ...form(), baseUrl: "https://x.test/?a=1" }).base_url).toBeDefined();
  });

  it("wipes typed secrets", () => {
    const f = form();
    const creds = f.credentials;
    const wiped = withoutSecrets(f);
    expect(wiped.credentials).toEqual({});
    expect(creds).toEqual({ client_token: "", access_token: "" });
    expect(wiped.label).toBe(" Aurora ");
  });
});

describe("sync progress", () => {
  it("goes by the plan's windows and ends when stopped", () => {
    let s = applyProgress(initialSync, prog(3, "reservations", 4, 400, { windows_done: 3, windows_total: 12, full: true, eta_secs: 30 }));
    const a = runningSync(s, 3)!;
    expect(fraction(a)).toBe(0.25);
    expect(a).toMatchObject({ full: true, resumed: false, etaSecs: 30 });
    expect(summarize(s)).toMatchObject({ kind: "syncing", accountId: 3, fraction: 0.25 });
    s = applyProgress(s, prog(3, "cancelled", 4, 400, { windows_done: 3, windows_total: 12 }));
    expect(runningSync(s, 3)).toBeUndefined();
    expect(summarize(s)).toEqual({ kind: "idle" });
  });

  it("has no fraction before the plan is made", () => {
    const s = applyProgress(initialSync, prog(1, "rooms", 0, 0));
    expect(fraction(runningSync(s, 1)!)).toBeUndefined();
  });
});
