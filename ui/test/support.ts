// Helpers shared by the UI tests that boot the app against the mock backend.

import { MockBackend } from "../src/mock/backend";
import { addDays, todayIn } from "../src/dates";

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 10 ms; fails, naming `what`, after `ms`. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(10);
  }
}

/** Adds `count` confirmed stays over the next `spreadDays` days, copies of the first reservation numbered `${prefix}0`, `${prefix}1`, … */
export function addUpcomingStays(backend: MockBackend, count: number, spreadDays: number, idBase: number, prefix: string): void {
  const template = backend.data.reservations[0]!;
  const today = todayIn("Europe/Prague");
  for (let i = 0; i < count; i++) {
    backend.data.reservations.push({
      ...template,
      id: idBase + i,
      provider_id: `stay-${idBase + i}`,
      number: `${prefix}${i}`,
      state: "confirmed",
      arrival: addDays(today, 1 + (i % spreadDays)),
      departure: addDays(today, 2 + (i % spreadDays)),
    });
  }
}
