// The stylesheet is one file edited by many hands: an unclosed rule silently swallows every rule
// after it (a merge once left `.today-guest {` open, and the palette lost its list style).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("styles.css", () => {
  it("closes every block it opens", () => {
    const css = readFileSync(new URL("../src/styles.css", import.meta.url), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    let depth = 0;
    let line = 1;
    for (const ch of css) {
      if (ch === "\n") line++;
      if (ch === "{") depth++;
      if (ch === "}") depth--;
      expect(depth, `a block closed twice near line ${line}`).toBeGreaterThanOrEqual(0);
      // Only @media nests here: a rule opened inside a rule means one was left open.
      expect(depth, `a block left open before line ${line}`).toBeLessThanOrEqual(2);
    }
    expect(depth).toBe(0);
  });
});
