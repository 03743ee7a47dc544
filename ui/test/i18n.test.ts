import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { en } from "../src/locales/en";
import {
  currentIntlLocale,
  formatCountry,
  formatDate,
  formatMoney,
  formatRelativeTime,
  setLanguage,
  t,
  tMaybe,
} from "../src/i18n";

beforeEach(() => setLanguage("en", ["en-GB"]));
afterEach(() => setLanguage("en", ["en-GB"]));

describe("t", () => {
  it("fills parameters and formats numbers by locale", () => {
    expect(t("banner.offline", { label: "Lakeside", time: "14:05" })).toBe(
      "Lakeside is offline since 14:05. You are seeing saved data; actions need a connection.",
    );
    expect(t("reservations.count", { count: 1234 })).toBe("1,234 reservations");
  });

  it("chooses the plural form by count", () => {
    expect(t("reservations.count", { count: 1 })).toBe("1 reservation");
    expect(t("reservations.count", { count: 0 })).toBe("0 reservations");
    expect(t("detail.nights", { count: 3 })).toBe("3 nights");
    expect(t("error.rate_limited.hint_seconds", { count: 1 })).toContain("Try again in 1 second.");
  });

  it("leaves unknown placeholders visible and falls back to the key", () => {
    expect(t("detail.title", {})).toBe("Reservation {number}");
    expect(t("no.such.key" as never)).toBe("no.such.key");
    expect(tMaybe("activity.action.sync")).toBe("Sync");
    expect(tMaybe("activity.action.never.heard")).toBeNull();
  });

  it("falls back to English for a language without a catalog", () => {
    setLanguage("xx", ["xx-YY"]);
    expect(t("nav.guests")).toBe("Guests");
    expect(currentIntlLocale()).toBe("en");
  });

  it("takes the region of the user's preferred locale for Intl", () => {
    setLanguage("en", ["cs-CZ", "en-US"]);
    expect(currentIntlLocale()).toBe("en-US");
    expect(formatDate("2026-12-24")).toBe("Thu, Dec 24, 2026");
    setLanguage("en", ["en-GB"]);
    expect(formatDate("2026-12-24")).toBe("Thu, 24 Dec 2026");
  });

  it("has an .other form for every plural family and no empty message", () => {
    const keys = Object.keys(en);
    for (const k of keys.filter((k) => k.endsWith(".one"))) {
      expect(keys, `${k} needs a sibling .other`).toContain(k.replace(/\.one$/, ".other"));
    }
    for (const [k, v] of Object.entries(en)) expect(v.trim(), k).not.toBe("");
  });
});

describe("dates", () => {
  it("formats a hotel-local date as that same calendar day", () => {
    // Whatever the machine's zone, 1 January stays 1 January (no shift through midnight UTC).
    expect(formatDate("2027-01-01", "long")).toBe("Friday, 1 January 2027");
    expect(formatDate("2026-12-31", "medium")).toBe("Thu, 31 Dec 2026");
  });

  it("keeps the calendar day in zones far from UTC", () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ["Pacific/Pago_Pago", "Pacific/Kiritimati", "America/Los_Angeles"]) {
        process.env.TZ = zone;
        setLanguage("en", ["en-GB"]); // new formatters in the new zone
        expect(formatDate("2027-01-01", "medium"), zone).toBe("Fri, 1 Jan 2027");
      }
      // The naive way shows the day before at UTC-11: the zone change above really took effect.
      process.env.TZ = "Pacific/Pago_Pago";
      expect(new Date("2027-01-01").getDate()).toBe(31);
    } finally {
      process.env.TZ = saved;
      if (saved === undefined) delete process.env.TZ;
    }
  });

  it("drops the year in short dates of the current year only", () => {
    const now = new Date(2026, 5, 1);
    expect(formatDate("2026-12-24", "short", now)).toBe("Thu 24 Dec");
    expect(formatDate("2027-01-02", "short", now)).toBe("Sat, 2 Jan 2027");
  });

  it("shows an unparsable date as it came", () => {
    expect(formatDate("2026-02-30")).toBe("2026-02-30");
  });

  it("says how long ago an instant was", () => {
    const now = Date.parse("2026-12-24T12:00:00Z");
    expect(formatRelativeTime("2026-12-24T11:55:00Z", now)).toBe("5 minutes ago");
    expect(formatRelativeTime("2026-12-24T11:59:50Z", now)).toBe("now");
    expect(formatRelativeTime("2026-12-23T12:00:00Z", now)).toBe("yesterday");
  });
});

describe("money", () => {
  const money = (amount_minor: number, currency: string) => formatMoney({ amount_minor, currency }).replace(/\u00a0/g, " ");

  it("reads amount_minor as hundredths and formats by currency", () => {
    expect(money(34500, "EUR")).toBe("€345.00");
    expect(money(-5, "GBP")).toBe("-£0.05");
    // The króna has no minor unit in ISO 4217; the amount is still in hundredths.
    expect(money(7_700_000, "ISK")).toBe("ISK 77,000");
    expect(money(123456, "CZK")).toBe("CZK 1,234.56");
  });

  it("falls back to the number and the code for a code Intl rejects", () => {
    expect(formatMoney({ amount_minor: 1050, currency: "EURO" })).toBe("10.50 EURO");
  });

  it("formats in the current locale", () => {
    setLanguage("en", ["en-US"]);
    expect(formatMoney({ amount_minor: 123456789, currency: "USD" })).toBe("$1,234,567.89");
  });
});

describe("countries", () => {
  it("names a country from its code", () => {
    expect(formatCountry("is")).toBe("Iceland");
    expect(formatCountry("CZ")).toBe("Czechia");
  });
});
