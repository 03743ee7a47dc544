// Hotel-local calendar dates travel as `YYYY-MM-DD` strings. They are never turned into instants in
// the machine's time zone: arithmetic and formatting go through UTC midnight of the same date, so a
// manager in New York looking at a Prague hotel sees the same arrival date as the hotel does.

export const ISO_DATE_PATTERN = "\\d{4}-\\d{2}-\\d{2}";
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Milliseconds of UTC midnight of a valid `YYYY-MM-DD` date, or null for anything else. */
export function isoDateToUtcMs(value: string): number | null {
  const m = ISO_DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Rejects 2026-02-30 and friends, which Date.UTC would roll over into March.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

export function isValidIsoDate(value: string): boolean {
  return isoDateToUtcMs(value) !== null;
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`); null when either is not a date. */
export function daysBetween(a: string, b: string): number | null {
  const x = isoDateToUtcMs(a);
  const y = isoDateToUtcMs(b);
  if (x === null || y === null) return null;
  return Math.round((y - x) / DAY_MS);
}

export function utcMsToIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const ms = isoDateToUtcMs(date);
  if (ms === null) throw new Error(`not a date: ${date}`);
  return utcMsToIsoDate(ms + days * DAY_MS);
}

/** Today's date in an IANA time zone (the property's), or in the machine's zone when none is given. */
export function todayIn(timeZone?: string | null, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timeZone ?? undefined,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}
