// @vitest-environment happy-dom
// Switching language in the whole UI against the mocked backend: first start in the system's
// language, the Settings picker re-renders at once and saves to the store, and a restart (the app
// module loaded afresh over the same backend) comes back in the stored language.

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { MockBackend } from "../src/mock/backend";
import { until } from "./support";

let backend: MockBackend;
const storeWrites: unknown[] = [];
let root: HTMLElement;
const $ = (testid: string) => root.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
/** An element's own text, without the navigation's icon. */
const text = (testid: string) =>
  [...($(testid)?.childNodes ?? [])]
    .filter((n) => n.nodeType === Node.TEXT_NODE)
    .map((n) => n.textContent)
    .join("")
    .trim();
const arrivalCell = () => root.querySelector('[data-testid="reservation-row"] td:nth-child(4)')?.textContent?.trim() ?? "";

async function choose(testid: string, value: string): Promise<void> {
  const el = $(testid) as HTMLSelectElement | null;
  if (!el) throw new Error(`no ${testid}`);
  el.value = value;
  el.dispatchEvent(new Event("change", { bubbles: true }));
}

/** Loads the app module afresh (as a restart does) and boots it into a new root. */
async function start(): Promise<void> {
  history.replaceState(null, "", "#/reservations");
  document.body.innerHTML = '<div id="app"></div>';
  root = document.getElementById("app")!;
  vi.resetModules();
  const { boot } = await import("../src/app");
  await boot(root);
  await until(() => root.querySelectorAll('[data-testid="reservation-row"]').length > 0, "reservations");
}

beforeAll(() => {
  Object.defineProperty(navigator, "languages", { value: ["cs-CZ", "en-US"], configurable: true });
  backend = new MockBackend((event, payload) => void emit(event, payload), { latencyMs: 0, syncStepMs: 0, providers: ["mews"] });
  mockIPC(
    (cmd, args) => {
      if (cmd === "plugin:store|set") storeWrites.push(args);
      return backend.handle(cmd, (args ?? {}) as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
});

afterAll(() => clearMocks());

describe("switching language", () => {
  it("starts in the system's language when none is stored", async () => {
    await start();
    expect(document.documentElement.lang).toBe("cs");
    expect(text("nav-reservations")).toBe("Rezervace");
    expect(text("nav-guests")).toBe("Hosté");
    expect(root.querySelector("#screen-title")?.textContent).toBe("Rezervace");
    // A Czech short date: "čt 24. 12." (or with the year when not this year).
    expect(arrivalCell()).toMatch(/^(po|út|st|čt|pá|so|ne) \d{1,2}\.\s\d{1,2}\.(\s\d{4})?$/);
    expect(storeWrites).toEqual([]); // the system's language is not written down
  });

  it("re-renders at once in the language chosen in Settings and saves it", async () => {
    location.hash = "#/settings";
    await until(() => !!$("settings-language"), "settings");
    const select = $("settings-language") as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ["en", "English"],
      ["cs", "Čeština"],
      ["pl", "Polski"],
      ["is", "Íslenska"],
    ]);
    expect(select.value).toBe("cs");

    await choose("settings-language", "pl");
    await until(() => text("nav-guests") === "Goście", "Polish navigation");
    expect(document.documentElement.lang).toBe("pl");
    expect(root.querySelector("#screen-title")?.textContent).toBe("Ustawienia");
    await until(() => storeWrites.length > 0, "the store write");
    expect(storeWrites).toContainEqual(expect.objectContaining({ key: "language", value: "pl" }));

    await choose("settings-language", "is");
    await until(() => text("nav-guests") === "Gestir", "Icelandic navigation");
    expect(document.documentElement.lang).toBe("is");
    expect(text("nav-settings")).toBe("Stillingar");
  });

  it("comes back in the stored language after a restart, not the system's", async () => {
    await start();
    expect(document.documentElement.lang).toBe("is");
    expect(text("nav-reservations")).toBe("Bókanir");
    expect(arrivalCell()).toMatch(/^[a-zþæöðáéíóúý]+\., \d{1,2}\.\s[a-zþæöðáéíóúý]+\.?(\s\d{4})?$/);

    location.hash = "#/settings";
    await until(() => !!$("settings-language"), "settings");
    await choose("settings-language", "en");
    await until(() => text("nav-guests") === "Guests", "English navigation");
    expect(document.documentElement.lang).toBe("en");
  });
});
