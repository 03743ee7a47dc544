// The search box in the top bar: guests and reservations of every account as you type
// (`search_everything`), in a dropdown that the keyboard drives — arrows move, Enter opens,
// Escape closes (a second Escape clears the box).

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { queries } from "../api";
import { t } from "../i18n";
import { moveActive, searchItems, SEARCH_DEBOUNCE_MS, type SearchItem } from "../search";
import { navigate, requestRender } from "../state";

const state = { input: "", query: "", open: false, active: -1 };
let timer: ReturnType<typeof setTimeout> | undefined;

const LIST_ID = "global-search-list";
const optionId = (i: number) => `global-search-option-${i}`;

function setInput(value: string): void {
  state.input = value;
  state.open = value.trim() !== "";
  state.active = -1;
  clearTimeout(timer);
  timer = setTimeout(() => {
    state.query = state.input.trim();
    state.active = -1;
    requestRender();
  }, SEARCH_DEBOUNCE_MS);
  requestRender();
}

function current(): { items: SearchItem[]; loading: boolean; error: string | undefined } {
  if (!state.query) return { items: [], loading: false, error: undefined };
  const q = queries.search(state.query);
  return { items: searchItems(q.data), loading: q.loading || state.query !== state.input.trim(), error: q.error?.message };
}

function open(item: SearchItem): void {
  state.open = false;
  state.active = -1;
  requestRender();
  navigate(item.route);
}

/** Focuses the box (the `/` shortcut). */
export function focusGlobalSearch(): void {
  const el = document.querySelector<HTMLInputElement>('[data-testid="global-search"]');
  el?.focus();
  el?.select();
}

function onKey(e: KeyboardEvent): void {
  const { items } = current();
  switch (e.key) {
    case "ArrowDown":
    case "ArrowUp":
      e.preventDefault();
      state.open = state.input.trim() !== "";
      state.active = moveActive(state.active, e.key === "ArrowDown" ? 1 : -1, items.length);
      requestRender();
      return;
    case "Enter": {
      e.preventDefault();
      const item = items[state.active] ?? (state.query === state.input.trim() ? items[0] : undefined);
      if (item) open(item);
      return;
    }
    case "Escape":
      e.preventDefault();
      if (state.open) state.open = false;
      else setInput("");
      requestRender();
      return;
  }
}

export function globalSearch(): TemplateResult {
  const { items, loading, error } = current();
  const shown = state.open && state.input.trim() !== "";
  const active = state.active >= 0 && state.active < items.length ? state.active : -1;
  let list: TemplateResult | typeof nothing = nothing;
  if (shown) {
    const status = error
      ? html`<li class="search-status" role="presentation" data-testid="global-search-error">${error}</li>`
      : loading && items.length === 0
        ? html`<li class="search-status muted" role="presentation">${t("search.searching")}</li>`
        : items.length === 0
          ? html`<li class="search-status muted" role="presentation" data-testid="global-search-empty">${t("search.none")}</li>`
          : nothing;
    list = html`<ul class="search-results" id=${LIST_ID} role="listbox" aria-label=${t("search.results")} data-testid="global-search-results">
      ${status}
      ${items.map(
        (item, i) => html`<li
          id=${optionId(i)}
          role="option"
          class="search-item"
          aria-selected=${i === active ? "true" : "false"}
          data-testid="global-search-item"
          data-kind=${item.kind}
          data-id=${item.id}
          @mousedown=${(e: Event) => e.preventDefault()}
          @click=${() => open(item)}
        >
          <span class="search-kind" aria-hidden="true">${item.kind === "guest" ? "☺" : "▤"}</span>
          <span class="search-text"
            ><span class="search-title">${item.title}</span><span class="search-detail muted small">${item.detail}</span></span
          >
        </li>`,
      )}
    </ul>`;
  }
  return html`<div class="global-search" role="search">
    <input
      type="text"
      data-testid="global-search"
      role="combobox"
      autocomplete="off"
      spellcheck="false"
      aria-label=${t("search.label")}
      aria-autocomplete="list"
      aria-expanded=${shown ? "true" : "false"}
      aria-controls=${LIST_ID}
      aria-activedescendant=${active >= 0 ? optionId(active) : nothing}
      placeholder=${t("search.placeholder")}
      .value=${live(state.input)}
      @input=${(e: Event) => setInput((e.target as HTMLInputElement).value)}
      @keydown=${onKey}
      @focus=${() => {
        if (state.input.trim() && !state.open) {
          state.open = true;
          requestRender();
        }
      }}
      @blur=${() => {
        state.open = false;
        requestRender();
      }}
    />
    <kbd class="search-hint" aria-hidden="true">/</kbd>
    ${list}
  </div>`;
}
