// Settings: language, the screen to open with, the theme, and how often the shell syncs. Stored with
// tauri-plugin-store in settings.json (keys `language`, `default_view`, `theme`, `sync_interval_minutes`,
// `full_sync_every_hours`).

import { html, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { toAppError } from "../errors";
import { LANGUAGES, loadLanguage, setLanguage, t } from "../i18n";
import {
  applyTheme,
  DEFAULT_VIEWS,
  FULL_SYNC_HOURS,
  MAX_SYNC_INTERVAL_MINUTES,
  saveSetting,
  THEMES,
  type DefaultView,
  type Settings,
  type Theme,
} from "../settings";
import { requestRender, showError, showInfo, ui } from "../state";
import { fieldError } from "./components";

let intervalInput: string | null = null;
let intervalError: string | undefined;

/**
 * Switches to a language once its catalog is in (at start and from Settings). A catalog that
 * cannot load leaves the language as it was, says so, and returns false.
 */
export async function showLanguage(code: string): Promise<boolean> {
  try {
    await loadLanguage(code);
  } catch (err) {
    showError(toAppError(err), t("settings.language_failed"));
    return false;
  }
  setLanguage(code);
  return true;
}

/** Applies a setting at once and saves it to the store (the command palette uses it too). */
export async function store<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  if (key === "language" && !(await showLanguage(value as string))) return;
  ui.settings = { ...ui.settings, [key]: value };
  if (key === "theme") applyTheme(value as Theme);
  requestRender();
  try {
    await saveSetting(key, value);
    showInfo(t("settings.saved"));
  } catch (err) {
    showError(toAppError(err), t("settings.save_failed"));
  }
}

function commitInterval(): void {
  const raw = (intervalInput ?? "").trim();
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > MAX_SYNC_INTERVAL_MINUTES) {
    intervalError = t("settings.interval_invalid", { max: MAX_SYNC_INTERVAL_MINUTES });
    requestRender();
    return;
  }
  intervalError = undefined;
  intervalInput = null;
  if (n !== ui.settings.sync_interval_minutes) void store("sync_interval_minutes", n);
  else requestRender();
}

export function settingsView(): TemplateResult {
  const s = ui.settings;
  return html`<section class="screen narrow" aria-labelledby="screen-title">
    <header class="screen-head">
      <h1 id="screen-title" tabindex="-1">${t("settings.title")}</h1>
    </header>
    <form class="card settings" novalidate @submit=${(e: Event) => {
      e.preventDefault();
      if (intervalInput !== null) commitInterval();
    }}>
      <label class="field">
        <span>${t("settings.language")}</span>
        <select data-testid="settings-language" .value=${live(s.language)} @change=${(e: Event) => void store("language", (e.target as HTMLSelectElement).value)}>
          ${LANGUAGES.map((l) => html`<option value=${l.code} ?selected=${s.language === l.code}>${l.name}</option>`)}
        </select>
        <small class="muted">${t("settings.language_hint")}</small>
      </label>
      <label class="field">
        <span>${t("settings.default_view")}</span>
        <select
          data-testid="settings-default-view"
          .value=${live(s.default_view)}
          @change=${(e: Event) => void store("default_view", (e.target as HTMLSelectElement).value as DefaultView)}
        >
          ${DEFAULT_VIEWS.map((v) => html`<option value=${v} ?selected=${s.default_view === v}>${t(`nav.${v}`)}</option>`)}
        </select>
      </label>
      <label class="field">
        <span>${t("settings.theme")}</span>
        <select
          data-testid="settings-theme"
          .value=${live(s.theme)}
          @change=${(e: Event) => void store("theme", (e.target as HTMLSelectElement).value as Theme)}
        >
          ${THEMES.map((v) => html`<option value=${v} ?selected=${s.theme === v}>${t(`settings.theme.${v}`)}</option>`)}
        </select>
      </label>
      <label class="field">
        <span>${t("settings.sync_interval")}</span>
        <input
          type="number"
          min="0"
          max=${MAX_SYNC_INTERVAL_MINUTES}
          inputmode="numeric"
          data-testid="settings-sync-interval"
          aria-invalid=${intervalError ? "true" : "false"}
          .value=${live(intervalInput ?? String(s.sync_interval_minutes))}
          @input=${(e: Event) => {
            intervalInput = (e.target as HTMLInputElement).value;
          }}
          @change=${commitInterval}
        />
        <small class="muted">${t("settings.sync_interval_hint")}</small>
        ${fieldError("sync_interval_minutes", intervalError)}
      </label>
      <label class="field">
        <span>${t("settings.full_sync")}</span>
        <select
          data-testid="settings-full-sync"
          .value=${live(String(s.full_sync_every_hours))}
          @change=${(e: Event) => void store("full_sync_every_hours", Number((e.target as HTMLSelectElement).value))}
        >
          ${FULL_SYNC_HOURS.map(
            (h) => html`<option value=${h} ?selected=${s.full_sync_every_hours === h}>
              ${h === 0 ? t("settings.full_sync_never") : t("settings.full_sync_hours", { count: h })}
            </option>`,
          )}
        </select>
        <small class="muted">${t("settings.full_sync_hint")}</small>
      </label>
    </form>
  </section>`;
}
