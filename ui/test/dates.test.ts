import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isValidIsoDate, isoDateToUtcMs, todayIn } from "../src/dates";

describe("hotel-local dates", () => {
  it("accepts only real YYYY-MM-DD dates", () => {
    expect(isValidIsoDate("2026-12-24")).toBe(true);
    expect(isValidIsoDate(" 2026-12-24 ")).toBe(true);
    expect(isValidIsoDate("2028-02-29")).toBe(true);
    expect(isValidIsoDate("2026-02-29")).toBe(false);
    expect(isValidIsoDate("2026-02-30")).toBe(false);
    expect(isValidIsoDate("2026-13-01")).toBe(false);
    expect(isValidIsoDate("2026-1-5")).toBe(false);
    expect(isValidIsoDate("24.12.2026")).toBe(false);
    expect(isValidIsoDate("")).toBe(false);
  });

  it("counts nights by calendar days, across daylight-saving changes", () => {
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2); // EU clocks change on 29 March
    expect(daysBetween("2026-10-24", "2026-10-26")).toBe(2);
    expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetween("2026-12-24", "2026-12-24")).toBe(0);
    expect(daysBetween("2026-12-24", "2026-12-20")).toBe(-4);
    expect(daysBetween("2026-12-24", "nope")).toBeNull();
  });

  it("adds days without leaving the calendar date", () => {
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(() => addDays("x", 1)).toThrow();
  });

  it("gives UTC midnight, whatever the machine's zone", () => {
    expect(isoDateToUtcMs("2026-12-24")).toBe(Date.UTC(2026, 11, 24));
  });

  it("knows today's date in the property's time zone", () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Prague and still 31 Dec in Reykjavik.
    const now = new Date(Date.UTC(2026, 11, 31, 23, 30));
    expect(todayIn("Europe/Prague", now)).toBe("2027-01-01");
    expect(todayIn("Atlantic/Reykjavik", now)).toBe("2026-12-31");
    expect(todayIn("America/New_York", now)).toBe("2026-12-31");
  });
});
