// Every visible string goes through `t`. English is the reference catalog (src/locales/en.ts);
// another language is one more file of the same keys, registered in CATALOG_LOADERS and LANGUAGES.
// Missing keys fall back to English, so a partial translation never shows a blank
// (scripts/missing-translations.mjs lists them). Only English is in the page's script: the other
// catalogs are chunks of their own, loaded when chosen (the three of them were a third of the
// script the webview parses before the first screen).
//
// Dates are hotel-local `YYYY-MM-DD` strings and are formatted at UTC midnight with timeZone UTC,
// so no time zone can move them to another day. Instants (sync times, activity) are shown in the
// machine's own zone. Money is `amount_minor` hundredths plus an ISO currency code.

import { en } from "./locales/en";
import { isoDateToUtcMs } from "./dates";
import type { Money } from "./bindings/Money";

export type MessageKey = keyof typeof en;
type PluralBase<K> = K extends `${infer B}.other` ? B : never;
/** A message key, or the base of a plural family (`x.one` / `x.other`) chosen by `params.count`. */
export type TextKey = MessageKey | PluralBase<MessageKey>;
/** Intl.PluralRules' categories; a language adds the ones it needs (cs/pl: few, many) to a family. */
export type PluralCategory = "zero" | "one" | "two" | "few" | "many" | "other";
export type PluralKey = `${PluralBase<MessageKey>}.${PluralCategory}`;
export type CatalogKey = MessageKey | PluralKey;
export type Catalog = Partial<Record<CatalogKey, string>>;
export type Params = Record<string, string | number | null | undefined>;

/** The languages of the providers' home markets, each named in itself for the language picker. */
export const LANGUAGES: readonly { code: string; name: string }[] = [
  { code: "en", name: "English" },
  { code: "cs", name: "Čeština" },
  { code: "pl", name: "Polski" },
  { code: "is", name: "Íslenska" },
];
/** How to get each language's catalog; English is always at hand (it is every key's fallback). */
export const CATALOG_LOADERS: Readonly<Record<string, () => Promise<Catalog>>> = {
  en: () => Promise.resolve(en),
  cs: () => import("./locales/cs").then((m) => m.cs),
  pl: () => import("./locales/pl").then((m) => m.pl),
  is: () => import("./locales/is").then((m) => m.is),
};
const loadedCatalogs = new Map<string, Catalog>([["en", en]]);

/** Loads a language's catalog (once), so `setLanguage` can show it; unknown codes load nothing. */
export async function loadLanguage(code: string): Promise<void> {
  const load = Object.hasOwn(CATALOG_LOADERS, code) ? CATALOG_LOADERS[code] : undefined;
  if (load && !loadedCatalogs.has(code)) loadedCatalogs.set(code, await load());
}

let language = "en";
let intlLocale = "en";
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.PluralRules | Intl.DisplayNames>();

/**
 * Chooses the catalog language and the locale used by Intl. Its catalog shows once
 * `loadLanguage(code)` has loaded it; until then the strings are English. The Intl locale is the first of the
 * user's preferred locales that is of the same language (so `en-GB` users get day-month dates),
 * else the bare language code.
 */
export function setLanguage(code: string, preferred: readonly string[] = browserLocales()): void {
  language = Object.hasOwn(CATALOG_LOADERS, code) ? code : "en";
  intlLocale = preferred.find((l) => l.toLowerCase().split("-")[0] === language) ?? language;
  try {
    intlLocale = Intl.getCanonicalLocales(intlLocale)[0] ?? language;
  } catch {
    intlLocale = language;
  }
  formatters.clear();
  if (typeof document !== "undefined") document.documentElement.lang = language;
}

export function currentLanguage(): string {
  return language;
}

export function currentIntlLocale(): string {
  return intlLocale;
}

function browserLocales(): readonly string[] {
  return typeof navigator !== "undefined" && navigator.languages ? navigator.languages : [];
}

/**
 * The language to use before the user chose one: the first of the system's preferred languages
 * that Innkeep has a catalog for, else English.
 */
export function systemLanguage(preferred: readonly string[] = browserLocales()): string {
  for (const locale of preferred) {
    const code = locale.toLowerCase().split(/[-_]/)[0] ?? "";
    if (Object.hasOwn(CATALOG_LOADERS, code)) return code;
  }
  return "en";
}

function lookup(key: string): string | undefined {
  const k = key as CatalogKey;
  return loadedCatalogs.get(language)?.[k] ?? (en as Catalog)[k];
}

function cached<T extends object>(id: string, make: () => T): T {
  let f = formatters.get(id) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(id, f as never);
  }
  return f;
}

export function t(key: TextKey, params?: Params): string {
  let template: string | undefined;
  const count = params?.count;
  if (typeof count === "number") {
    const rules = cached(`plural`, () => new Intl.PluralRules(intlLocale));
    template = lookup(`${key}.${rules.select(count)}`) ?? lookup(`${key}.other`);
  }
  template ??= lookup(key) ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) return whole;
    return typeof v === "number" ? formatNumber(v) : v;
  });
}

/** Like `t`, but for keys built at run time (e.g. a provider's action name); null if absent. */
export function tMaybe(key: string, params?: Params): string | null {
  return lookup(key) === undefined ? null : t(key as MessageKey, params);
}

export function formatNumber(n: number): string {
  return cached("number", () => new Intl.NumberFormat(intlLocale)).format(n);
}

export type DateStyle = "short" | "medium" | "long";

/**
 * A hotel-local `YYYY-MM-DD` date; an unparsable value is shown as is. `short` ("Fri, 24 Dec")
 * leaves out the year when it is the current one, for tables; `medium` is "Fri, 24 Dec 2026".
 */
export function formatDate(date: string, style: DateStyle = "medium", now: Date = new Date()): string {
  const ms = isoDateToUtcMs(date);
  return ms === null ? date : dateFormatter(ms, style, now).format(ms);
}

function dateFormatter(ms: number, style: DateStyle, now: Date): Intl.DateTimeFormat {
  if (style === "short" && new Date(ms).getUTCFullYear() !== now.getFullYear()) style = "medium";
  const options: Intl.DateTimeFormatOptions =
    style === "short"
      ? { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }
      : style === "medium"
        ? { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }
        : { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  return cached(`date:${style}`, () => new Intl.DateTimeFormat(intlLocale, options));
}

/**
 * `formatDate` for narrow table cells: the line may break only after the weekday ("lau.," /
 * "14. nóv. 2026"), never inside the date, so long month names (Icelandic, Polish) wrap instead
 * of pushing the table wider than the window.
 */
export function formatDateForCell(date: string, style: DateStyle = "short", now: Date = new Date()): string {
  const ms = isoDateToUtcMs(date);
  if (ms === null) return date;
  const parts = dateFormatter(ms, style, now).formatToParts(ms);
  const [weekday, gap] = parts;
  const rest = parts.slice(2).map((p) => p.value).join("").replace(/\s/g, "\u00a0");
  if (weekday?.type !== "weekday" || gap?.type !== "literal") return formatDate(date, style, now);
  return `${weekday.value}${gap.value.trimEnd()} ${rest}`;
}

/** An instant (RFC 3339) in the machine's time zone, e.g. "24 Dec 2026, 14:05". */
export function formatDateTime(instant: string, timeZone?: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  return cached(
    `datetime:${timeZone ?? ""}`,
    () => new Intl.DateTimeFormat(intlLocale, { dateStyle: "medium", timeStyle: "short", timeZone }),
  ).format(ms);
}

/** "5 minutes ago", "yesterday", "in 2 hours". */
export function formatRelativeTime(instant: string, now: number = Date.now()): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return instant;
  const diffSec = Math.round((ms - now) / 1000);
  const rtf = cached("relative", () => new Intl.RelativeTimeFormat(intlLocale, { numeric: "auto" }));
  const abs = Math.abs(diffSec);
  if (abs < 45) return rtf.format(0, "second");
  if (abs < 45 * 60) return rtf.format(Math.round(diffSec / 60), "minute");
  if (abs < 22 * 3600) return rtf.format(Math.round(diffSec / 3600), "hour");
  if (abs < 26 * 86400) return rtf.format(Math.round(diffSec / 86400), "day");
  return formatDateTime(instant);
}

/**
 * Money as the provider sent it. `amount_minor` is in hundredths of the currency unit (as
 * `Money::to_decimal` in Rust reads it), whatever the currency's own number of decimals.
 */
export function formatMoney(money: Money): string {
  const value = money.amount_minor / 100;
  try {
    return cached(
      `money:${money.currency}`,
      () => new Intl.NumberFormat(intlLocale, { style: "currency", currency: money.currency }),
    ).format(value);
  } catch {
    // Not an ISO 4217 code Intl knows: show the number and the code as the provider sent it.
    return `${cached("money-plain", () => new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(value)} ${money.currency}`;
  }
}

/** A country's name from its ISO 3166-1 alpha-2 code ("IS" → "Iceland"). */
export function formatCountry(code: string): string {
  try {
    const names = cached("region", () => new Intl.DisplayNames([intlLocale], { type: "region" }));
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
