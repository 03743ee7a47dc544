// @vitest-environment happy-dom
// Sync in the UI against the mocked backend: the progress bar of a full sync, Stop, and the
// "what changed" list on Today with its count on the account.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { MockBackend } from "../src/mock/backend";
import { until, wait } from "./support";

let backend: MockBackend;
const sent: [string, Record<string, unknown>][] = [];
const $ = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
const $$ = (testid: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)];

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  // Slow enough steps to see the bar and press Stop.
  backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 40, providers: ["mews"] });
  mockIPC(
    async (cmd, args) => {
      sent.push([cmd, (args ?? {}) as Record<string, unknown>]);
      return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  const { boot } = await import("../src/app");
  await boot(document.getElementById("app")!);
  await until(() => $("sync-indicator")?.dataset.state === "idle", "the first sync to end");
});

afterAll(async () => {
  await wait(300);
  clearMocks();
});

describe("an account's sync", () => {
  it("shows a full sync's progress by parts, and Stop stops it", async () => {
    location.hash = "#/accounts";
    await until(() => $("account-full-sync") !== null, "the account");
    $("account-full-sync")!.click();
    await until(() => $("sync-progress-bar")?.getAttribute("aria-valuenow") !== null && $("sync-progress-bar")?.getAttribute("aria-valuenow") !== undefined && Number($("sync-progress-bar")?.getAttribute("aria-valuenow")) > 0, "a fraction");
    expect(sent.find(([c]) => c === "sync_now")?.[1]).toMatchObject({ full: true });
    expect($("sync-progress-text")!.textContent).toMatch(/Reading everything · part \d of 6/);
    expect(($("account-sync") as HTMLButtonElement).disabled).toBe(true);
    $("sync-stop")!.click();
    await until(() => $("sync-progress") === null, "the bar to go");
    expect(sent.some(([c]) => c === "cancel_sync")).toBe(true);
    expect(backend.data.activity.some((a) => a.summary.includes("stopped"))).toBe(true);
    expect(($("account-sync") as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("what changed", () => {
  it("lists the changes on Today and counts them on the account until seen", async () => {
    const account = backend.data.accounts[0]!;
    const [a, b] = backend.data.reservations.filter((r) => r.account_id === account.id);
    backend.noteChange(account.id, "added", a!);
    backend.noteChange(account.id, "removed", b!);
    $("account-sync")!.click();
    await until(() => $("account-changes")?.dataset.count === "2", "the count on the account");
    expect($("account-changes")!.textContent).toContain("2 changes since you last looked");
    location.hash = "#/today";
    await until(() => $$("change-item").length === 2, "the changes on Today");
    expect($("changes-counts")!.textContent).toBe("1 new · 0 changed · 1 removed");
    const [removed, added] = $$("change-item");
    expect(removed!.dataset.kind).toBe("removed");
    expect(removed!.querySelector("a")).toBeNull();
    expect(added!.querySelector("a")!.getAttribute("href")).toBe(`#/reservations/${a!.id}`);
    $("changes-seen")!.click();
    await until(() => $("today-changes") === null, "the card to go");
    expect(sent.find(([c]) => c === "mark_changes_seen")?.[1]).toMatchObject({ accountId: account.id });
  });
});
