// @vitest-environment happy-dom
// The keymap and its matcher: chords, two-key sequences, nothing single-key while typing.

import { describe, expect, it } from "vitest";
import { chordOf, installShortcuts, isTypingTarget, KEYMAP, ShortcutMatcher, shortcutKeys, type ActionId } from "../src/shortcuts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("chords", () => {
  it("spells key presses as the keymap does", () => {
    expect(chordOf(key("k", { ctrlKey: true }))).toBe("Ctrl+K");
    expect(chordOf(key("k", { metaKey: true }))).toBe("Ctrl+K"); // ⌘K on macOS
    expect(chordOf(key("g"))).toBe("G");
    expect(chordOf(key("G", { shiftKey: true }))).toBe("Shift+G");
    expect(chordOf(key("?", { shiftKey: true }))).toBe("?");
    expect(chordOf(key("/"))).toBe("/");
    expect(chordOf(key("F5"))).toBe("F5");
    expect(chordOf(key("Control", { ctrlKey: true }))).toBeNull();
    expect(chordOf(key("Shift", { shiftKey: true }))).toBeNull();
  });

  it("has no binding twice and none that is the start of another", () => {
    const all = Object.values(KEYMAP).flat() as string[];
    expect(new Set(all).size).toBe(all.length);
    for (const a of all) for (const b of all) if (a !== b) expect(b.startsWith(`${a} `), `${a} hides ${b}`).toBe(false);
    expect(shortcutKeys("go-guests")).toEqual([["G", "G"]]);
    expect(shortcutKeys("sync")).toEqual([["Ctrl+R"], ["F5"]]);
  });
});

describe("the matcher", () => {
  it("runs single keys and chords", () => {
    const m = new ShortcutMatcher();
    expect(m.feed("Ctrl+K", false)).toEqual({ action: "palette" });
    expect(m.feed("N", false)).toEqual({ action: "new-booking" });
    expect(m.feed("?", false)).toEqual({ action: "help" });
    expect(m.feed("F5", false)).toEqual({ action: "sync" });
    expect(m.feed("X", false)).toBeNull();
  });

  it("completes G-sequences within the time allowed", () => {
    const m = new ShortcutMatcher();
    const go: [string, ActionId][] = [
      ["R", "go-reservations"],
      ["T", "go-timeline"],
      ["D", "go-today"],
      ["G", "go-guests"],
      ["A", "go-accounts"],
      ["L", "go-activity"],
      ["S", "go-settings"],
    ];
    for (const [second, action] of go) {
      expect(m.feed("G", false, 1000)).toEqual({ pending: true });
      expect(m.feed(second, false, 1500)).toEqual({ action });
    }
    // Too slow: the second key is a key of its own.
    expect(m.feed("G", false, 0)).toEqual({ pending: true });
    expect(m.feed("N", false, 5000)).toEqual({ action: "new-booking" });
    // A wrong second key starts over with itself.
    expect(m.feed("G", false, 0)).toEqual({ pending: true });
    expect(m.feed("N", false, 10)).toEqual({ action: "new-booking" });
    expect(m.feed("G", false, 20)).toEqual({ pending: true });
    expect(m.feed("G", false, 30)).toEqual({ action: "go-guests" });
  });

  it("ignores plain keys while typing, but not Ctrl chords or function keys", () => {
    const m = new ShortcutMatcher();
    expect(m.feed("N", true)).toBeNull();
    expect(m.feed("/", true)).toBeNull();
    expect(m.feed("?", true)).toBeNull();
    expect(m.feed("G", true)).toBeNull();
    expect(m.feed("R", false)).toBeNull(); // no G pending from the text field
    expect(m.feed("Ctrl+K", true)).toEqual({ action: "palette" });
    expect(m.feed("Ctrl+R", true)).toEqual({ action: "sync" });
    expect(m.feed("F5", true)).toEqual({ action: "sync" });
  });

  it("knows text fields from other controls", () => {
    const el = (html: string) => {
      const d = document.createElement("div");
      d.innerHTML = html;
      return d.firstElementChild!;
    };
    expect(isTypingTarget(el("<input>"))).toBe(true);
    expect(isTypingTarget(el('<input type="search">'))).toBe(true);
    expect(isTypingTarget(el("<textarea></textarea>"))).toBe(true);
    expect(isTypingTarget(el("<select></select>"))).toBe(true);
    expect(isTypingTarget(el('<input type="checkbox">'))).toBe(false);
    expect(isTypingTarget(el('<input type="radio">'))).toBe(false);
    expect(isTypingTarget(el("<button></button>"))).toBe(false);
    expect(isTypingTarget(el("<h1 tabindex='-1'></h1>"))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("installed on a document", () => {
  function host(over: Partial<{ dialog: boolean; overlay: boolean }> = {}) {
    const ran: ActionId[] = [];
    let closed = 0;
    const target = new EventTarget() as unknown as Document;
    const stop = installShortcuts(
      { run: (a) => ran.push(a), dialogOpen: () => !!over.dialog, overlayOpen: () => !!over.overlay, closeOverlay: () => closed++ },
      target,
    );
    const press = (k: string, init: KeyboardEventInit = {}, from: EventTarget = target) => {
      const e = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init });
      Object.defineProperty(e, "target", { value: from });
      target.dispatchEvent(e);
      return e;
    };
    return { ran, press, stop, closed: () => closed };
  }

  it("runs actions and keeps the browser from acting on them", () => {
    const h = host();
    const e = h.press("r", { ctrlKey: true });
    expect(e.defaultPrevented).toBe(true); // no page reload
    h.press("g");
    h.press("s");
    expect(h.ran).toEqual(["sync", "go-settings"]);
    expect(h.press("x").defaultPrevented).toBe(false);
    h.stop();
    h.press("n");
    expect(h.ran).toHaveLength(2);
  });

  it("lets a text field have its letters", () => {
    const h = host();
    h.press("n", {}, document.createElement("input"));
    expect(h.ran).toEqual([]);
    h.press("k", { ctrlKey: true }, document.createElement("input"));
    expect(h.ran).toEqual(["palette"]);
  });

  it("stays quiet under a dialog; with the palette open only Ctrl+K passes, to close it", () => {
    const d = host({ dialog: true });
    d.press("n");
    d.press("k", { ctrlKey: true });
    expect(d.ran).toEqual([]);
    const o = host({ overlay: true });
    o.press("n");
    expect(o.ran).toEqual([]);
    o.press("k", { ctrlKey: true });
    expect(o.closed()).toBe(1);
  });
});
