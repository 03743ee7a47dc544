// Hash routes, so the webview's back/forward work and a screen can be opened directly.

export type Route =
  | { name: "today" }
  | { name: "timeline" }
  | { name: "reservations" }
  | { name: "reservation"; id: number }
  | { name: "timeline" }
  | { name: "today" }
  | { name: "booking" }
  | { name: "guests" }
  | { name: "guest"; id: number }
  | { name: "accounts" }
  | { name: "activity" }
  | { name: "settings" };

export type NavSection = "today" | "timeline" | "reservations" | "guests" | "accounts" | "activity" | "settings";

export function parseRoute(hash: string): Route | null {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const id = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) : undefined;
  switch (parts[0]) {
    case "reservations":
      if (parts.length === 1) return { name: "reservations" };
      return id !== undefined && parts.length === 2 ? { name: "reservation", id } : null;
    case "guests":
      if (parts.length === 1) return { name: "guests" };
      return id !== undefined && parts.length === 2 ? { name: "guest", id } : null;
    case "new-booking":
      return parts.length === 1 ? { name: "booking" } : null;
    case "today":
    case "timeline":
    case "accounts":
    case "activity":
    case "settings":
      return parts.length === 1 ? { name: parts[0] } : null;
    default:
      return null;
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case "reservation":
      return `#/reservations/${route.id}`;
    case "guest":
      return `#/guests/${route.id}`;
    case "booking":
      return "#/new-booking";
    default:
      return `#/${route.name}`;
  }
}

/** Which left-nav entry a route belongs to (none for the booking form). */
export function navSection(route: Route): NavSection | null {
  switch (route.name) {
    case "reservation":
      return "reservations";
    case "guest":
      return "guests";
    case "booking":
    case "timeline":
    case "today":
      return null;
    default:
      return route.name;
  }
}
