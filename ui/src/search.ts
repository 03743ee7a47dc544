// The search box's model, shared by the top bar's search and the command palette: what
// `search_everything` found, as one list of items that open a guest or a reservation.

import type { SearchResults } from "./bindings/SearchResults";
import { formatDate, t } from "./i18n";
import type { Route } from "./router";
export { fold } from "./text";
import { stateLabel } from "./views/components";
import { guestName } from "./views/reservation-detail";

export interface SearchItem {
  kind: "guest" | "reservation";
  id: number;
  title: string;
  detail: string;
  route: Route;
}

/** How long after the last keystroke the search is sent. */
export const SEARCH_DEBOUNCE_MS = 150;

export function searchItems(r: SearchResults | undefined): SearchItem[] {
  if (!r) return [];
  const guests: SearchItem[] = r.guests.map((g) => ({
    kind: "guest",
    id: g.id,
    title: guestName(g),
    detail: [g.email, g.phone, g.account_label].filter(Boolean).join(" · "),
    route: { name: "guest", id: g.id },
  }));
  const reservations: SearchItem[] = r.reservations.map((x) => ({
    kind: "reservation",
    id: x.id,
    title: [x.number ? `#${x.number}` : null, x.guest_name ?? t("guests.unknown")].filter(Boolean).join(" · "),
    detail: [
      `${formatDate(x.arrival, "short")} – ${formatDate(x.departure, "short")}`,
      stateLabel(x.state),
      x.room_name,
      x.account_label,
    ]
      .filter(Boolean)
      .join(" · "),
    route: { name: "reservation", id: x.id },
  }));
  return [...guests, ...reservations];
}

/** The next active index for an arrow key, wrapping around; -1 when there is nothing. */
export function moveActive(active: number, delta: number, count: number): number {
  if (count === 0) return -1;
  if (active < 0) return delta > 0 ? 0 : count - 1;
  return (active + delta + count) % count;
}
