// The main actions of the window, by id: what the command palette lists and the shortcuts run.
// Each has a label and its keys from the keymap (src/shortcuts.ts).

import type { MessageKey } from "./i18n";
import type { Route } from "./router";
import { startSync } from "./sync";
import { summarize } from "./sync-status";
import { navigate, ui } from "./state";
import type { ActionId } from "./shortcuts";
import { THEMES, type Theme } from "./settings";
import { store } from "./views/settings";

/** System, then light, then dark, then the system's again. */
function nextTheme(theme: Theme): Theme {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
}

export interface Action {
  id: ActionId;
  label: MessageKey;
  /** Also found by these words in the palette. */
  keywords?: MessageKey;
  run: () => void;
}

/** The palette and the help dialog are opened by the palette module; it registers them here. */
const overlayOpeners: Partial<Record<"palette" | "help" | "search", () => void>> = {};

export function registerOverlay(id: "palette" | "help" | "search", open: () => void): void {
  overlayOpeners[id] = open;
}

/** The export helper listens for this event and exports the current list. */
export const EXPORT_EVENT = "innkeep:export";

const go = (id: ActionId, label: MessageKey, route: Route): Action => ({ id, label, run: () => navigate(route) });

export const ACTIONS: readonly Action[] = [
  go("go-reservations", "palette.go.reservations", { name: "reservations" }),
  go("go-timeline", "palette.go.timeline", { name: "timeline" }),
  go("go-today", "palette.go.today", { name: "today" }),
  go("go-guests", "palette.go.guests", { name: "guests" }),
  go("go-accounts", "palette.go.accounts", { name: "accounts" }),
  go("go-activity", "palette.go.activity", { name: "activity" }),
  go("go-settings", "palette.go.settings", { name: "settings" }),
  { id: "new-booking", label: "palette.new_booking", run: () => navigate({ name: "booking" }) },
  {
    id: "sync",
    label: "palette.sync",
    run: () => {
      if (summarize(ui.sync).kind !== "syncing") void startSync();
    },
  },
  { id: "export", label: "palette.export", keywords: "palette.export_keywords", run: () => window.dispatchEvent(new CustomEvent(EXPORT_EVENT)) },
  // Theme and language are chosen in Settings.
  { id: "theme", label: "palette.theme", keywords: "palette.theme_keywords", run: () => void store("theme", nextTheme(ui.settings.theme)) },
  { id: "language", label: "palette.language", keywords: "palette.language_keywords", run: () => navigate({ name: "settings" }) },
  { id: "search", label: "palette.search", run: () => overlayOpeners.search?.() },
  { id: "help", label: "palette.help", run: () => overlayOpeners.help?.() },
];

export function runAction(id: ActionId): void {
  if (id === "palette") overlayOpeners.palette?.();
  else ACTIONS.find((a) => a.id === id)?.run();
}
