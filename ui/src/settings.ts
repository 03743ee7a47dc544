// User settings in tauri-plugin-store's `settings.json`, shared with the shell (which reads
// `sync_interval_minutes` for its schedule). Values read from disk are checked, never trusted.

import { load, type Store } from "@tauri-apps/plugin-store";
import { LANGUAGES, systemLanguage } from "./i18n";

export type DefaultView = "today" | "timeline" | "reservations" | "guests";
export const DEFAULT_VIEWS: readonly DefaultView[] = ["today", "timeline", "reservations", "guests"];

/** "system" follows the desktop's light or dark preference. */
export type Theme = "system" | "light" | "dark";
export const THEMES: readonly Theme[] = ["system", "light", "dark"];

export interface Settings {
  language: string;
  default_view: DefaultView;
  /** 0 = sync only when asked. */
  sync_interval_minutes: number;
  /** Hours between full reads that reconcile the cache and notice deletions; 0 = only when asked. */
  full_sync_every_hours: number;
  theme: Theme;
}

/** The choices offered; the shell uses 24 when the key is missing (schedule.rs). */
export const FULL_SYNC_HOURS: readonly number[] = [0, 6, 12, 24, 48, 168];

/** The shell uses the same default interval when the key is missing (schedule.rs). */
export const DEFAULT_SETTINGS: Settings = {
  language: "en",
  default_view: "reservations",
  sync_interval_minutes: 5,
  full_sync_every_hours: 24,
  theme: "system",
};
export const MAX_SYNC_INTERVAL_MINUTES = 24 * 60;

/** `fallbackLanguage` is used when no (known) language is stored: on first start, the system's. */
export function sanitizeSettings(
  raw: Partial<Record<keyof Settings, unknown>>,
  fallbackLanguage: string = DEFAULT_SETTINGS.language,
): Settings {
  const language =
    typeof raw.language === "string" && LANGUAGES.some((l) => l.code === raw.language) ? raw.language : fallbackLanguage;
  const default_view = DEFAULT_VIEWS.find((v) => v === raw.default_view) ?? DEFAULT_SETTINGS.default_view;
  const theme = THEMES.find((v) => v === raw.theme) ?? DEFAULT_SETTINGS.theme;
  const n = typeof raw.sync_interval_minutes === "number" ? raw.sync_interval_minutes : Number.NaN;
  const sync_interval_minutes =
    Number.isInteger(n) && n >= 0 && n <= MAX_SYNC_INTERVAL_MINUTES ? n : DEFAULT_SETTINGS.sync_interval_minutes;
  const full_sync_every_hours =
    FULL_SYNC_HOURS.find((h) => h === raw.full_sync_every_hours) ?? DEFAULT_SETTINGS.full_sync_every_hours;
  return { language, default_view, sync_interval_minutes, full_sync_every_hours, theme };
}

let store: Promise<Store> | undefined;

function settingsStore(): Promise<Store> {
  store ??= load("settings.json", { defaults: {}, autoSave: false });
  return store;
}

export async function loadSettings(): Promise<Settings> {
  const s = await settingsStore();
  const [language, default_view, sync_interval_minutes, full_sync_every_hours, theme] = await Promise.all([
    s.get("language"),
    s.get("default_view"),
    s.get("sync_interval_minutes"),
    s.get("full_sync_every_hours"),
    s.get("theme"),
  ]);
  return sanitizeSettings({ language, default_view, sync_interval_minutes, full_sync_every_hours, theme }, systemLanguage());
}

let followingSystem: MediaQueryList | null = null;
const systemChanged = () => applyTheme("system");

/**
 * Applies a theme to the document: the stylesheet reads `data-theme` ("light" or "dark"). For
 * "system" it is the desktop's preference, followed while it changes.
 */
export function applyTheme(theme: Theme): void {
  if (typeof document === "undefined") return;
  const query = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  if (theme === "system" && query && !followingSystem) {
    followingSystem = query;
    query.addEventListener("change", systemChanged);
  } else if (theme !== "system" && followingSystem) {
    followingSystem.removeEventListener("change", systemChanged);
    followingSystem = null;
  }
  document.documentElement.dataset.theme = theme === "system" ? (query?.matches ? "dark" : "light") : theme;
}

export async function saveSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  const s = await settingsStore();
  await s.set(key, value);
  await s.save();
}
