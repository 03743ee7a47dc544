// The command palette (Ctrl+K) and the "Keyboard shortcuts" help (?): overlays of their own, so
// they open over any screen and never disturb a screen's dialog. The palette lists the main
// actions with their keys and, once text is typed, the same guests and reservations as the
// search box; arrows move, Enter runs, Escape closes and gives the focus back.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { ref } from "lit/directives/ref.js";
import { queries } from "../api";
import { ACTIONS, registerOverlay, runAction, type Action } from "../actions";
import { t, type MessageKey } from "../i18n";
import { fold, moveActive, searchItems, SEARCH_DEBOUNCE_MS, type SearchItem } from "../search";
import { KEYMAP, shortcutKeys, type ActionId } from "../shortcuts";
import { navigate, requestRender } from "../state";
import { focusGlobalSearch } from "./global-search";

type Overlay = "palette" | "help" | null;

const state: { overlay: Overlay; input: string; query: string; active: number } = {
  overlay: null,
  input: "",
  query: "",
  active: 0,
};
let timer: ReturnType<typeof setTimeout> | undefined;
let returnFocus: HTMLElement | null = null;
let focusPending = false;

export type PaletteEntry = { kind: "action"; action: Action } | { kind: "guest" | "reservation"; item: SearchItem };

/** The actions whose label (or keywords) contain every typed word, case and accents ignored. */
export function matchActions(input: string, actions: readonly Action[] = ACTIONS, label: (k: MessageKey) => string = t): Action[] {
  const words = fold(input).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...actions];
  return actions.filter((a) => {
    const text = fold(`${label(a.label)} ${a.keywords ? label(a.keywords) : ""}`);
    return words.every((w) => text.includes(w));
  });
}

export function overlayOpen(): boolean {
  return state.overlay !== null;
}

function show(overlay: Exclude<Overlay, null>): void {
  if (!state.overlay && typeof document !== "undefined") returnFocus = document.activeElement as HTMLElement | null;
  state.overlay = overlay;
  focusPending = true;
  requestRender();
}

export function openPalette(): void {
  state.input = "";
  state.query = "";
  state.active = 0;
  show("palette");
}

export function openHelp(): void {
  show("help");
}

export function closeOverlay(): void {
  if (!state.overlay) return;
  state.overlay = null;
  clearTimeout(timer);
  requestRender();
  const back = returnFocus;
  returnFocus = null;
  queueMicrotask(() =>
    queueMicrotask(() => {
      if (back?.isConnected && back !== document.body) back.focus();
      else document.getElementById("screen-title")?.focus();
    }),
  );
}

registerOverlay("palette", openPalette);
registerOverlay("help", openHelp);
registerOverlay("search", focusGlobalSearch);

function entries(): { list: PaletteEntry[]; searching: boolean } {
  const list: PaletteEntry[] = matchActions(state.input).map((action) => ({ kind: "action", action }));
  let searching = false;
  if (state.query) {
    const q = queries.search(state.query);
    searching = q.loading;
    for (const item of searchItems(q.data)) list.push({ kind: item.kind, item });
  }
  return { list, searching: searching || state.query !== state.input.trim() };
}

function setInput(value: string): void {
  state.input = value;
  state.active = 0;
  clearTimeout(timer);
  timer = setTimeout(() => {
    state.query = state.input.trim();
    requestRender();
  }, SEARCH_DEBOUNCE_MS);
  requestRender();
}

function choose(entry: PaletteEntry): void {
  // Closing first gives the focus back; the action may then move it (e.g. to the search box).
  const wasFocus = returnFocus;
  returnFocus = null;
  state.overlay = null;
  requestRender();
  if (entry.kind === "action") {
    if (wasFocus?.isConnected) wasFocus.focus();
    runAction(entry.action.id);
  } else navigate(entry.item.route);
}

function onKey(e: KeyboardEvent): void {
  const { list } = entries();
  switch (e.key) {
    case "ArrowDown":
    case "ArrowUp":
      e.preventDefault();
      state.active = moveActive(state.active, e.key === "ArrowDown" ? 1 : -1, list.length);
      requestRender();
      return;
    case "Home":
    case "End":
      if (list.length === 0) return;
      e.preventDefault();
      state.active = e.key === "Home" ? 0 : list.length - 1;
      requestRender();
      return;
    case "Enter": {
      e.preventDefault();
      const entry = list[state.active] ?? list[0];
      if (entry) choose(entry);
      return;
    }
    case "Escape":
      e.preventDefault();
      closeOverlay();
      return;
    case "Tab":
      // One field: the focus stays in the palette.
      e.preventDefault();
      return;
  }
}

export function keysOf(id: ActionId): TemplateResult | typeof nothing {
  const alternatives = shortcutKeys(id);
  if (alternatives.length === 0) return nothing;
  return html`<span class="keys" aria-label=${alternatives.map((seq) => seq.join(" ")).join(` ${t("shortcuts.or")} `)}
    >${alternatives.map(
      (seq, i) =>
        html`${i > 0 ? html`<span class="muted small"> ${t("shortcuts.or")} </span>` : nothing}${seq.map(
          (k, j) => html`${j > 0 ? html`<span class="muted small"> ${t("shortcuts.then")} </span>` : nothing}<kbd>${k}</kbd>`,
        )}`,
    )}</span
  >`;
}

const optionId = (i: number) => `palette-option-${i}`;

const focusOnce = (el: Element | undefined) => {
  if (!el || !focusPending) return;
  focusPending = false;
  queueMicrotask(() => (el as HTMLElement).focus());
};

function palette(): TemplateResult {
  const { list, searching } = entries();
  const active = state.active >= 0 && state.active < list.length ? state.active : -1;
  const label = (x: PaletteEntry) => (x.kind === "action" ? t(x.action.label) : x.item.title);
  return html`<div class="overlay palette-overlay" @click=${(e: Event) => e.target === e.currentTarget && closeOverlay()}>
    <div class="dialog palette" role="dialog" aria-modal="true" aria-label=${t("palette.title")} data-testid="command-palette">
      <input
        type="text"
        class="palette-input"
        data-testid="command-palette-input"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        aria-label=${t("palette.title")}
        aria-autocomplete="list"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant=${active >= 0 ? optionId(active) : nothing}
        placeholder=${t("palette.placeholder")}
        .value=${live(state.input)}
        @input=${(e: Event) => setInput((e.target as HTMLInputElement).value)}
        @keydown=${onKey}
        ${ref(focusOnce)}
      />
      <ul class="palette-list" id="palette-list" role="listbox" aria-label=${t("palette.title")}>
        ${list.map(
          (x, i) => html`<li
            id=${optionId(i)}
            role="option"
            class="palette-item"
            aria-selected=${i === active ? "true" : "false"}
            data-testid="command-palette-item"
            data-kind=${x.kind}
            data-action=${x.kind === "action" ? x.action.id : nothing}
            data-id=${x.kind === "action" ? nothing : x.item.id}
            @mousedown=${(e: Event) => e.preventDefault()}
            @mousemove=${() => {
              if (state.active !== i) {
                state.active = i;
                requestRender();
              }
            }}
            @click=${() => choose(x)}
          >
            <span class="palette-label"
              >${x.kind === "action" ? nothing : html`<span class="search-kind" aria-hidden="true">${x.kind === "guest" ? "☺" : "▤"}</span>`}${label(x)}
              ${x.kind === "action" ? nothing : html`<span class="muted small">${x.item.detail}</span>`}</span
            >
            ${x.kind === "action" ? keysOf(x.action.id) : nothing}
          </li>`,
        )}
        ${list.length === 0 && !searching
          ? html`<li class="search-status muted" role="presentation" data-testid="command-palette-empty">${t("search.none")}</li>`
          : nothing}
        ${searching && state.input.trim() ? html`<li class="search-status muted" role="presentation">${t("search.searching")}</li>` : nothing}
      </ul>
    </div>
  </div>`;
}

const HELP_ORDER: readonly ActionId[] = (Object.keys(KEYMAP) as ActionId[]).filter((id) => KEYMAP[id]?.length);

function actionLabel(id: ActionId): string {
  if (id === "palette") return t("palette.title");
  const a = ACTIONS.find((x) => x.id === id);
  return a ? t(a.label) : id;
}

function help(): TemplateResult {
  return html`<div class="overlay" @click=${(e: Event) => e.target === e.currentTarget && closeOverlay()}>
    <div
      class="dialog shortcuts-help"
      role="dialog"
      aria-modal="true"
      aria-labelledby="shortcuts-title"
      tabindex="-1"
      data-testid="shortcuts-help"
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === "Escape") {
          e.preventDefault();
          closeOverlay();
        } else if (e.key === "Tab") {
          // One button: the focus stays on it.
          e.preventDefault();
          (e.currentTarget as HTMLElement).querySelector<HTMLElement>("button")?.focus();
        }
      }}
      ${ref(focusOnce)}
    >
      <h2 id="shortcuts-title">${t("shortcuts.title")}</h2>
      <p class="muted small">${t("shortcuts.typing_note")}</p>
      <table class="data shortcuts-table">
        <tbody>
          ${HELP_ORDER.map(
            (id) => html`<tr data-testid="shortcut-row" data-action=${id}>
              <td>${actionLabel(id)}</td>
              <td class="nowrap">${keysOf(id)}</td>
            </tr>`,
          )}
          <tr>
            <td>${t("shortcuts.close")}</td>
            <td class="nowrap"><kbd>Esc</kbd></td>
          </tr>
        </tbody>
      </table>
      <div class="form-actions end">
        <button type="button" class="btn" data-testid="shortcuts-help-close" @click=${closeOverlay}>${t("shortcuts.done")}</button>
      </div>
    </div>
  </div>`;
}

export function paletteOverlay(): TemplateResult | typeof nothing {
  if (state.overlay === "palette") return palette();
  if (state.overlay === "help") return help();
  return nothing;
}
