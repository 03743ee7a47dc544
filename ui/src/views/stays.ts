// A guest's stay history from their reservations: how many stays (past, now, upcoming), how many
// nights, the last and the next stay. Cancelled, declined and no-show bookings are not stays; they
// are counted apart.

import { html, nothing, type TemplateResult } from "lit";
import type { Reservation } from "../bindings/Reservation";
import type { ReservationState } from "../bindings/ReservationState";
import { daysBetween } from "../dates";
import { formatDate, t } from "../i18n";

const NOT_A_STAY: ReadonlySet<ReservationState> = new Set(["cancelled", "declined", "no_show"]);

export interface StayHistory {
  stays: number;
  past: number;
  current: number;
  upcoming: number;
  /** Nights of every stay, past, current and upcoming. */
  nights: number;
  /** The latest stay that has begun (current or past). */
  last: Reservation | undefined;
  /** The earliest stay still to come. */
  next: Reservation | undefined;
  /** Cancelled, declined or no-show. */
  cancelled: number;
}

/** `today` is a `YYYY-MM-DD` date; a stay is current from its arrival until the day it departs. */
export function stayHistory(reservations: readonly Reservation[], today: string): StayHistory {
  const h: StayHistory = { stays: 0, past: 0, current: 0, upcoming: 0, nights: 0, last: undefined, next: undefined, cancelled: 0 };
  for (const r of reservations) {
    if (NOT_A_STAY.has(r.state)) {
      h.cancelled++;
      continue;
    }
    h.stays++;
    h.nights += Math.max(0, daysBetween(r.arrival, r.departure) ?? 0);
    if (r.arrival > today) {
      h.upcoming++;
      if (!h.next || r.arrival < h.next.arrival) h.next = r;
    } else {
      if (r.departure > today) h.current++;
      else h.past++;
      if (!h.last || r.arrival > h.last.arrival) h.last = r;
    }
  }
  return h;
}

const dates = (r: Reservation) => `${formatDate(r.arrival)} – ${formatDate(r.departure)}`;

export function stayHistoryBlock(h: StayHistory): TemplateResult {
  return html`<dl class="stay-history" data-testid="guest-stays" data-stays=${h.stays} data-nights=${h.nights}>
    <div>
      <dt>${t("stays.stays")}</dt>
      <dd>
        ${h.stays}
        <span class="muted small"
          >${t("stays.breakdown", { past: h.past, current: h.current, upcoming: h.upcoming })}${h.cancelled
            ? ` · ${t("stays.cancelled", { count: h.cancelled })}`
            : nothing}</span
        >
      </dd>
    </div>
    <div>
      <dt>${t("stays.nights")}</dt>
      <dd>${h.nights}</dd>
    </div>
    <div>
      <dt>${t("stays.last")}</dt>
      <dd data-testid="guest-last-stay">
        ${h.last ? html`<a href=${`#/reservations/${h.last.id}`}>${dates(h.last)}</a>` : html`<span class="muted">—</span>`}
      </dd>
    </div>
    <div>
      <dt>${t("stays.next")}</dt>
      <dd data-testid="guest-next-stay">
        ${h.next ? html`<a href=${`#/reservations/${h.next.id}`}>${dates(h.next)}</a>` : html`<span class="muted">—</span>`}
      </dd>
    </div>
  </dl>`;
}
