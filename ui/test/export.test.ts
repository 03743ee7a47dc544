// @vitest-environment happy-dom
// Export: the dialog's logic, and the whole flow against the mocked backend (save dialog answered,
// cancelled, and a folder the shell refuses).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { MockBackend, type MockOptions } from "../src/mock/backend";
import { defaultChoices, defaultFileName, exportQuery, rangeErrors } from "../src/views/export-form";
import { defaultFilters } from "../src/views/reservation-list";
import { ui } from "../src/state";
import { until } from "./support";

describe("export choices", () => {
  it("proposes a dated file name per format", () => {
    expect(defaultFileName("csv", "2026-11-27")).toBe("innkeep-reservations-2026-11-27.csv");
    expect(defaultFileName("ics", "2026-11-27")).toBe("innkeep-reservations-2026-11-27.ics");
  });

  it("checks a range: both dates, valid, in order", () => {
    const c = { ...defaultChoices("2026-11-27"), scope: "range" as const };
    expect(c.to).toBe("2026-12-27");
    expect(rangeErrors(c)).toEqual({});
    expect(rangeErrors({ ...c, from: "", to: "" })).toEqual({
      from: "Enter the first date of the range.",
      to: "Enter the last date of the range.",
    });
    expect(rangeErrors({ ...c, from: "2026-13-01" }).from).toContain("is not a valid date");
    expect(rangeErrors({ ...c, from: "2026-12-10", to: "2026-12-01" })).toEqual({
      to: "The end date is before the start date.",
    });
    // The list needs no dates of its own.
    expect(rangeErrors({ ...c, scope: "list", from: "" })).toEqual({});
  });

  it("exports the list with its filters, or a bare range over everything", () => {
    const list = { ...defaultFilters("2026-11-27"), search: "novak", state: "confirmed" as const, accountId: "2" };
    const c = defaultChoices("2026-11-27");
    expect(exportQuery(c, list)).toMatchObject({ search: "novak", states: ["confirmed"], account_id: 2, from: "2026-11-27" });
    expect(exportQuery(c, list).limit).toBeUndefined();
    const range = exportQuery({ ...c, scope: "range", from: "2026-12-01", to: "2026-12-31" }, list);
    expect(range).toEqual({ states: [], sort: "arrival", descending: false, from: "2026-12-01", to: "2026-12-31" });
  });
});

let backend: MockBackend;
const options: MockOptions = { latencyMs: 0, syncStepMs: 0, providers: ["mews"] };
const calls: string[] = [];
const root = () => document.getElementById("app")!;
const $ = <T extends HTMLElement = HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`);
async function settle(rounds = 12): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
async function click(testid: string): Promise<void> {
  const el = $(testid);
  if (!el) throw new Error(`no ${testid}`);
  el.click();
  await settle();
}
async function type(testid: string, value: string): Promise<void> {
  const el = $<HTMLInputElement>(testid)!;
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
  await settle();
}
async function choose(testid: string, value: string): Promise<void> {
  const el = $<HTMLSelectElement>(testid)!;
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
  await settle();
}

beforeAll(async () => {
  document.body.innerHTML = '<div id="app"></div>';
  backend = new MockBackend((event, payload) => void emit(event, payload), options);
  mockIPC(
    async (cmd, args) => {
      calls.push(cmd);
      return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  const { boot } = await import("../src/app");
  await boot(root());
  await until(() => document.querySelectorAll('[data-testid="reservation-row"]').length > 0, "reservations");
  // The first screen draws its first rows, then the rest (FIRST_SCREEN_ROWS).
  await until(() => ui.firstScreenDrawn, "the first screen");
});

afterAll(() => clearMocks());

describe("the export flow", () => {
  it("exports the current list as CSV through the save dialog, then says how many and where", async () => {
    const shown = document.querySelectorAll('[data-testid="reservation-row"]').length;
    await click("export-button");
    expect($("export-dialog")).not.toBeNull();
    expect($("export-dialog")!.textContent).toContain(`${shown} reservations, as the list shows them now`);
    await click("export-save");
    await until(() => $("export-dialog") === null, "the dialog closes");
    const done = backend.exports.at(-1)!;
    expect(done.format).toBe("csv");
    expect(done.path).toMatch(/^\/home\/demo\/Downloads\/innkeep-reservations-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(done.rows).toHaveLength(shown);
    expect($("info-toast")!.textContent).toContain(`Exported ${shown} reservations to ${done.path}.`);
  });

  it("opens on the palette's event and checks a range before asking where to save", async () => {
    window.dispatchEvent(new CustomEvent("innkeep:export"));
    await settle();
    expect($("export-dialog")).not.toBeNull();
    await click("export-scope-range");
    await type("export-from", "2026-12-10");
    await type("export-to", "2026-12-01");
    const before = calls.length;
    await click("export-save");
    expect(calls.slice(before)).not.toContain("choose_export_path");
    expect($("field-error")!.dataset.field).toBe("to");
    await type("export-to", "2026-12-31");
    await choose("export-format", "ics");
    await click("export-save");
    await until(() => $("export-dialog") === null, "the dialog closes");
    const done = backend.exports.at(-1)!;
    expect(done.format).toBe("ics");
    expect(done.query).toMatchObject({ from: "2026-12-10", to: "2026-12-31", states: [] });
    expect(done.path.endsWith(".ics")).toBe(true);
  });

  it("does nothing when the save dialog is cancelled", async () => {
    options.exportFolder = null;
    const exported = backend.exports.length;
    await click("export-button");
    await click("export-save");
    await until(() => $<HTMLButtonElement>("export-save")?.disabled === false, "the dialog is ready again");
    expect(backend.exports).toHaveLength(exported);
    expect($("export-dialog")).not.toBeNull();
    expect($("error-message")).toBeNull();
    await click("export-cancel");
    expect($("export-dialog")).toBeNull();
  });

  it("shows a refused folder in the dialog, keeping every choice", async () => {
    options.exportFolder = "/mnt/readonly";
    await click("export-button");
    // The dialog remembers the last export's choices.
    expect($<HTMLInputElement>("export-scope-range")!.checked).toBe(true);
    expect($<HTMLSelectElement>("export-format")!.value).toBe("ics");
    await click("export-save");
    await until(() => $("error-message") !== null, "the error");
    expect($("error-message")!.dataset.kind).toBe("validation");
    expect($("error-message")!.textContent).toContain("may not write into the folder “/mnt/readonly”");
    expect($("error-message")!.textContent).toContain("Choose another folder");
    expect($<HTMLInputElement>("export-from")!.value).toBe("2026-12-10");
    expect($<HTMLInputElement>("export-to")!.value).toBe("2026-12-31");
    expect($<HTMLSelectElement>("export-format")!.value).toBe("ics");
    // Another place works from the same dialog.
    options.exportFolder = "/home/demo/Desktop";
    await click("export-save");
    await until(() => $("export-dialog") === null, "the dialog closes");
    expect(backend.exports.at(-1)!.path).toMatch(/^\/home\/demo\/Desktop\//);
  });
});
