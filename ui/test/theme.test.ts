// @vitest-environment happy-dom
// The theme: a choice wins; "system" is the desktop's preference, resolved to light or dark so
// the stylesheet writes its dark palette once.

import { describe, expect, it } from "vitest";
import { applyTheme } from "../src/settings";

describe("applyTheme", () => {
  it("sets the chosen theme, and the system's for system", () => {
    applyTheme("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    applyTheme("light");
    expect(document.documentElement.dataset.theme).toBe("light");
    applyTheme("system");
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    expect(document.documentElement.dataset.theme).toBe(dark ? "dark" : "light");
  });
});
