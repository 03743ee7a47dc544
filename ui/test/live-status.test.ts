// @vitest-environment happy-dom
// The Live / Reconnecting… / Polling pill on each account: the pure model, the wording in every
// language, and the whole UI against the mocked backend following `live-status` events.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { html, render } from "lit";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { LiveStatus } from "../src/bindings/LiveStatus";
import type { ProviderKind } from "../src/bindings/ProviderKind";
import { LANGUAGES, setLanguage } from "../src/i18n";
import { MockBackend } from "../src/mock/backend";
import { applyLiveStatus, livePill, liveTitle } from "../src/views/live-status";
import { until } from "./support";

let backend: MockBackend;
const $$ = (testid: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)];

/** The pill of the account row of `provider`. */
function pillOf(provider: ProviderKind): HTMLElement | undefined {
  const id = backend.data.accounts.find((a) => a.provider === provider)!.id;
  const row = $$("account-row").find((r) => r.dataset.accountId === String(id));
  return row?.querySelector<HTMLElement>('[data-testid="account-live"]') ?? undefined;
}

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 0 });
  mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>), { shouldMockEvents: true });
  const { boot } = await import("../src/app");
  await boot(document.getElementById("app")!);
  setLanguage("en", ["en-GB"]);
  location.hash = "#/accounts";
  await until(() => $$("account-row").length === 5, "the accounts");
});

afterAll(() => clearMocks());

describe("the live status model", () => {
  it("replaces one account's status and keeps the others", () => {
    const start = new Map<number, LiveStatus>([
      [1, { state: "connected" }],
      [2, { state: "not_supported" }],
    ]);
    const next = applyLiveStatus(start, { account_id: 1, status: { state: "reconnecting", attempt: 2, next_in_secs: 4 } });
    expect([...next]).toEqual([
      [1, { state: "reconnecting", attempt: 2, next_in_secs: 4 }],
      [2, { state: "not_supported" }],
    ]);
    expect(start.get(1)).toEqual({ state: "connected" }); // not mutated
  });

  it("draws nothing before the shell has reported, and a labelled pill after", () => {
    const host = document.createElement("div");
    render(html`${livePill(undefined, "mews")}`, host);
    expect(host.textContent?.trim()).toBe("");
    render(html`${livePill({ state: "reconnecting", attempt: 3, next_in_secs: 8 }, "mews")}`, host);
    const pill = host.querySelector<HTMLElement>('[data-testid="account-live"]')!;
    expect(pill.textContent?.trim()).toBe("Reconnecting…");
    expect(pill.dataset.live).toBe("reconnecting");
    expect(pill.title).toBe(
      "The live connection dropped; next try in 8 s (attempt 3). Meanwhile the scheduled sync keeps the data current.",
    );
  });

  it("is worded in every language, with its numbers and provider filled in", () => {
    const statuses: LiveStatus[] = [
      { state: "connected" },
      { state: "reconnecting", attempt: 2, next_in_secs: 16 },
      { state: "polling" },
      { state: "not_supported" },
    ];
    for (const { code } of LANGUAGES) {
      setLanguage(code, [code]);
      const titles = statuses.map((s) => liveTitle(s, "timekit"));
      expect(new Set(titles).size, code).toBe(4);
      for (const title of titles) expect(title, code).not.toMatch(/[{}]|^live\./);
      expect(titles[1], code).toContain("16");
      expect(titles[1], code).toContain("2");
      expect(titles[3], code).toContain("Timekit");
    }
    setLanguage("en", ["en-GB"]);
  });
});

describe("the accounts screen", () => {
  it("shows Mews live and the other providers polling", async () => {
    await until(() => !!pillOf("mews"), "the Mews pill");
    expect(pillOf("mews")!.textContent?.trim()).toBe("Live");
    expect(pillOf("mews")!.dataset.live).toBe("connected");
    for (const p of ["reservanto", "mobile-calendar", "timekit"] as const) {
      expect(pillOf(p)!.dataset.live, p).toBe("not_supported");
      expect(pillOf(p)!.textContent?.trim(), p).toBe("Polling");
    }
    expect(pillOf("timekit")!.title).toBe("Timekit does not push its changes; they arrive with the scheduled sync.");
    // Ectosy cannot list its bookings at all: nothing arrives by polling either, so no pill.
    expect(pillOf("ectosy")).toBeUndefined();
  });

  it("follows the shell's live-status events", async () => {
    const mews = backend.data.accounts.find((a) => a.provider === "mews")!.id;
    backend.setLiveStatus(mews, { state: "reconnecting", attempt: 1, next_in_secs: 2 });
    await until(() => pillOf("mews")?.dataset.live === "reconnecting", "reconnecting");
    expect(pillOf("mews")!.textContent?.trim()).toBe("Reconnecting…");
    backend.setLiveStatus(mews, { state: "polling" });
    await until(() => pillOf("mews")?.dataset.live === "polling", "polling");
    expect(pillOf("mews")!.textContent?.trim()).toBe("Polling");
    backend.setLiveStatus(mews, { state: "connected" });
    await until(() => pillOf("mews")?.dataset.live === "connected", "connected again");
  });
});
