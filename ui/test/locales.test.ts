// The Czech, Polish and Icelandic catalogs against the English reference, locale formatting of
// dates, money and plurals, the first-start language, and scripts/missing-translations.mjs.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cs } from "../src/locales/cs";
import { en } from "../src/locales/en";
import { is } from "../src/locales/is";
import { pl } from "../src/locales/pl";
import {
  CATALOG_LOADERS,
  LANGUAGES,
  loadLanguage,
  currentLanguage,
  formatDate,
  formatDateForCell,
  formatDateTime,
  formatMoney,
  setLanguage,
  systemLanguage,
  t,
} from "../src/i18n";
import { sanitizeSettings } from "../src/settings";

beforeAll(async () => {
  for (const { code } of LANGUAGES) await loadLanguage(code);
});
afterEach(() => setLanguage("en", ["en-GB"]));

const enKeys = Object.keys(en);
const families = enKeys.filter((k) => k.endsWith(".other")).map((k) => k.slice(0, -".other".length));
const placeholders = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
const translated = Object.entries({ cs, pl, is });
/** Plural categories the language's rules pick for some number other than exactly 1. */
function categoriesBeyondOne(code: string): Set<string> {
  const rules = new Intl.PluralRules(code);
  const out = new Set<string>();
  for (let n = 0; n <= 1000; n++) if (n !== 1) out.add(rules.select(n));
  for (const n of [0.5, 1.5, 2.5, 10.1]) out.add(rules.select(n));
  return out;
}

describe("catalogs", () => {
  it("are registered with their own names", () => {
    expect(LANGUAGES.map((l) => [l.code, l.name])).toEqual([
      ["en", "English"],
      ["cs", "Čeština"],
      ["pl", "Polski"],
      ["is", "Íslenska"],
    ]);
    expect(Object.keys(CATALOG_LOADERS).sort()).toEqual(["cs", "en", "is", "pl"]);
  });

  for (const [code, catalog] of translated) {
    describe(code, () => {
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories as string[];
      const pluralKeys = families.flatMap((b) => categories.map((c) => `${b}.${c}`));

      it("has exactly English's keys plus the language's plural forms, in English's order", () => {
        const expected = new Set([...enKeys.filter((k) => !families.some((b) => k.startsWith(`${b}.`))), ...pluralKeys]);
        const keys = Object.keys(catalog);
        expect(keys.filter((k) => !expected.has(k)), "keys English does not have").toEqual([]);
        expect([...expected].filter((k) => !(k in catalog)), "missing keys").toEqual([]);
        // Same order as en.ts, so a later pass adds new keys at the same place.
        const order = (k: string) => enKeys.indexOf(families.find((b) => k.startsWith(`${b}.`)) ? `${k.replace(/\.[a-z]+$/, "")}.other` : k);
        const positions = keys.map(order);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      });

      it("has no empty message and keeps every placeholder", () => {
        const beyondOne = categoriesBeyondOne(code);
        for (const [key, value] of Object.entries(catalog) as [string, string][]) {
          expect(value.trim(), key).not.toBe("");
          const family = families.find((b) => key.startsWith(`${b}.`) && /^\.[a-z]+$/.test(key.slice(b.length)));
          if (family) {
            // Any form may name {count}; one that also stands for numbers other than 1 must.
            const reference = placeholders(en[`${family}.other` as keyof typeof en]);
            const got = placeholders(value);
            got.delete("count");
            reference.delete("count");
            expect(got, key).toEqual(reference);
            const category = key.slice(family.length + 1);
            if (beyondOne.has(category)) expect(value, `${key} is used for other numbers than 1`).toContain("{count}");
          } else {
            expect(placeholders(value), key).toEqual(placeholders(en[key as keyof typeof en]));
          }
        }
      });

      it("is really translated, not English left in place", () => {
        const same = enKeys.filter((k) => k in catalog && catalog[k as keyof typeof catalog] === en[k as keyof typeof en]);
        // Names, codes and formats that stay as they are in every language.
        const allowed = /^(provider\.|accounts\.(client_token|access_token|credential\.(client_id|client_secret|app_key))$|banner\.open_write\.what|reservations\.created_here|booking\.(created_here|account_unsupported)|account\.status\.(online|offline)|demo\.tag$|guest\.email$|nav\.|sync\.phase\.)/;
        expect(same.filter((k) => !allowed.test(k))).toEqual([]);
      });
    });
  }

  it("English's own plural forms carry {count} wherever a number other than 1 can use them", () => {
    for (const b of families) expect(en[`${b}.other` as keyof typeof en], b).toContain("{count}");
  });
});

describe("plurals", () => {
  it("picks Czech one / few / other", () => {
    setLanguage("cs", ["cs-CZ"]);
    expect([1, 2, 4, 5, 11, 22].map((count) => t("detail.nights", { count }))).toEqual([
      "1 noc",
      "2 noci",
      "4 noci",
      "5 nocí",
      "11 nocí",
      "22 nocí",
    ]);
    expect(t("detail.adults", { count: 3 })).toBe("3 dospělí");
    expect(t("reservations.count", { count: 1234 }).replace(/\u00a0/g, " ")).toBe("1 234 rezervací");
  });

  it("picks Polish one / few / many", () => {
    setLanguage("pl", ["pl-PL"]);
    expect([0, 1, 2, 5, 12, 22, 25].map((count) => t("reservations.count", { count }))).toEqual([
      "0 rezerwacji",
      "1 rezerwacja",
      "2 rezerwacje",
      "5 rezerwacji",
      "12 rezerwacji",
      "22 rezerwacje",
      "25 rezerwacji",
    ]);
    expect(t("error.rate_limited.hint_seconds", { count: 30 })).toContain("za 30 sekund.");
  });

  it("picks Icelandic one for 1 and 21 but not 11", () => {
    setLanguage("is", ["is-IS"]);
    expect([1, 2, 11, 21].map((count) => t("detail.nights", { count }))).toEqual(["1 nótt", "2 nætur", "11 nætur", "21 nótt"]);
    expect(t("booking.fix_errors", { count: 21 })).toContain("21 merkta reit");
  });
});

describe("formatting by locale", () => {
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

  it("writes dates the Czech, Polish and Icelandic way", () => {
    setLanguage("cs", ["cs-CZ"]);
    expect(formatDate("2026-12-24")).toBe("čt 24. 12. 2026");
    expect(formatDate("2026-12-24", "short", new Date(2026, 5, 1))).toBe("čt 24. 12.");
    expect(formatDate("2027-01-01", "long")).toBe("pátek 1. ledna 2027");
    expect(plain(formatDateTime("2026-12-24T13:05:00Z", "UTC"))).toBe("24. 12. 2026 13:05");
    setLanguage("pl", ["pl-PL"]);
    expect(formatDate("2026-12-24")).toBe("czw., 24 gru 2026");
    expect(formatDate("2027-01-01", "long")).toBe("piątek, 1 stycznia 2027");
    setLanguage("is", ["is-IS"]);
    expect(formatDate("2026-12-24")).toBe("fim., 24. des. 2026");
    expect(formatDate("2027-01-01", "long")).toBe("föstudagur, 1. janúar 2027");
  });

  it("lets a table cell's date break only after the weekday", () => {
    const now = new Date(2026, 5, 1);
    const cases: [string, string, string][] = [
      ["is", "2027-01-01", "fös., 1.\u00a0jan.\u00a02027"],
      ["is", "2026-11-14", "lau., 14.\u00a0nóv."],
      ["pl", "2026-11-14", "sob., 14\u00a0lis"],
      ["cs", "2026-11-14", "so 14.\u00a011."],
      ["en", "2026-11-14", "Sat 14\u00a0Nov"],
    ];
    for (const [code, date, expected] of cases) {
      setLanguage(code, code === "en" ? ["en-GB"] : [code]);
      expect(formatDateForCell(date, "short", now), code).toBe(expected);
      // The same words as the plain date, only the spaces inside the date are non-breaking.
      expect(formatDateForCell(date, "short", now).replace(/\u00a0/g, " ")).toBe(plain(formatDate(date, "short", now)));
    }
    expect(formatDateForCell("2026-02-30")).toBe("2026-02-30");
  });

  it("writes money with each locale's separators and symbols", () => {
    const money = (amount_minor: number, currency: string) => plain(formatMoney({ amount_minor, currency }));
    setLanguage("cs", ["cs-CZ"]);
    expect(money(123456, "CZK")).toBe("1 234,56 Kč");
    expect(money(34500, "EUR")).toBe("345,00 €");
    setLanguage("pl", ["pl-PL"]);
    expect(money(1234567, "PLN")).toBe("12 345,67 zł");
    expect(money(34500, "EUR")).toBe("345,00 €");
    setLanguage("is", ["is-IS"]);
    expect(money(7_700_000, "ISK")).toBe("77.000 kr.");
    expect(money(34500, "EUR")).toBe("345,00 EUR");
  });

  it("uses the bare language for Intl when the system prefers another language", () => {
    setLanguage("cs", ["en-US"]);
    expect(currentLanguage()).toBe("cs");
    expect(formatDate("2026-12-24")).toBe("čt 24. 12. 2026");
  });
});

describe("first start", () => {
  it("takes the system's language when Innkeep has it, else English", () => {
    expect(systemLanguage(["cs-CZ", "en-US"])).toBe("cs");
    expect(systemLanguage(["de-DE", "pl-PL"])).toBe("pl");
    expect(systemLanguage(["is"])).toBe("is");
    expect(systemLanguage(["de-AT", "fr"])).toBe("en");
    expect(systemLanguage([])).toBe("en");
    expect(systemLanguage(["constructor", "__proto__"])).toBe("en");
  });

  it("keeps a stored language over the system's and ignores an unknown one", () => {
    expect(sanitizeSettings({ language: "pl" }, "cs").language).toBe("pl");
    expect(sanitizeSettings({}, "is").language).toBe("is");
    expect(sanitizeSettings({ language: "de" }, "cs").language).toBe("cs");
  });
});

describe("scripts/missing-translations.mjs", () => {
  const script = join(__dirname, "..", "scripts", "missing-translations.mjs");
  const run = (...args: string[]) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [script, ...args], { encoding: "utf8" }) };
    } catch (e) {
      const err = e as { status: number; stdout: string };
      return { code: err.status, out: err.stdout };
    }
  };

  it("finds nothing missing in the real catalogs", () => {
    const { code, out } = run("--json");
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ cs: { missing: [], extra: [] }, is: { missing: [], extra: [] }, pl: { missing: [], extra: [] } });
  });

  it("lists a missing key, a missing plural form and an unknown key", () => {
    const dir = mkdtempSync(join(tmpdir(), "innkeep-locales-"));
    try {
      const src = join(__dirname, "..", "src", "locales");
      writeFileSync(join(dir, "en.ts"), readFileSync(join(src, "en.ts"), "utf8").replace('  "nav.label": "Main",\n', '  "nav.label": "Main",\n  "nav.new_key": "New",\n'));
      const cs = readFileSync(join(src, "cs.ts"), "utf8")
        .replace(/^\s*"detail\.nights\.few": .*\n/m, "")
        .replace('  "nav.label"', '  "nav.lable": "Překlep",\n  "nav.label"');
      writeFileSync(join(dir, "cs.ts"), cs);
      const { code, out } = run("--json", `--dir=${dir}`);
      expect(code).toBe(1);
      expect(JSON.parse(out)).toEqual({ cs: { missing: ["nav.new_key", "detail.nights.few"], extra: ["nav.lable"] } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
