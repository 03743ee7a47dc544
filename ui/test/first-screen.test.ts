// @vitest-environment happy-dom
// The first screen draws FIRST_SCREEN_ROWS of the list, then the page once every query it asked
// has answered, or after FIRST_SCREEN_WAIT_MS when one never does (a keyring asking to be
// unlocked can hold `app_status`): the list must not stay cut short.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { MockBackend } from "../src/mock/backend";
import { FIRST_SCREEN_ROWS, PAGE_SIZE } from "../src/views/reservation-list";
import { ui } from "../src/state";
import { addUpcomingStays, until, wait } from "./support";

const commands: string[] = [];
const rows = () => document.querySelectorAll('[data-testid="reservation-row"]').length;

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  const backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 0, providers: ["mews"] });
  addUpcomingStays(backend, PAGE_SIZE + 20, 30, 60_000, "F");
  mockIPC(
    async (cmd, args) => {
      commands.push(cmd);
      // The keyring's status never comes.
      if (cmd === "app_status") return new Promise(() => undefined);
      return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  const { boot } = await import("../src/app");
  void boot(document.getElementById("app")!);
});

afterAll(() => clearMocks());

describe("the first screen", () => {
  it("draws the list's first rows while a query is still out, then the page after the wait", async () => {
    await until(() => rows() > 0, "the list");
    await wait(500);
    expect(rows()).toBe(FIRST_SCREEN_ROWS);
    expect(ui.firstScreenDrawn).toBe(false);
    expect(commands).not.toContain("ui_ready");

    await until(() => rows() === PAGE_SIZE, "the whole first page", 8000);
    expect(ui.firstScreenDrawn).toBe(true);
    expect(commands).toContain("ui_ready");
  }, 15_000);
});
