// The window: left navigation, header (demo badge, sync indicator, new booking), banners for
// offline / refused credentials / no keyring, the current screen, toasts and the open dialog.

import { html, nothing, render, type TemplateResult } from "lit";
import { ref } from "lit/directives/ref.js";
import type { Account } from "./bindings/Account";
import { api, cache, queries } from "./api";
import { toAppError } from "./errors";
import { invalidateOnDataChanged } from "./events";
import { followLiveStatus } from "./views/live-status";
import {
  formatDate,
  formatDateTime,
  formatRelativeTime,
  setLanguage,
  systemLanguage,
  t,
  type MessageKey,
} from "./i18n";
import { navSection, parseRoute, type NavSection, type Route } from "./router";
import { applyTheme, loadSettings } from "./settings";
import {
  closeDialog,
  dismissToast,
  navigate,
  requestRender,
  routeChanged,
  setRenderer,
  showError,
  showInfo,
  ui,
  updateDialog,
  type Dialog,
} from "./state";
import { followSyncProgress, startSync } from "./sync";
import { summarize } from "./sync-status";
import { accountsView, leaveAccounts } from "./views/accounts";
import { activityView } from "./views/activity";
import { bookingView } from "./views/booking";
import { errorBlock } from "./views/components";
import { EXPORT_EVENT, exportDialog, openExportDialog } from "./views/export-dialog";
import { guestView, guestsView } from "./views/guests";
import { changeState, leaveReservationDetail, providerName, reservationDetailView } from "./views/reservation-detail";
import { reservationDialog } from "./views/reservation-dialogs";
import { closeGuestEdit } from "./views/guest-edit";
import type { WriteIntent } from "./bindings/WriteIntent";
import { filters, reservationsView } from "./views/reservations";
import { settingsView, showLanguage } from "./views/settings";
import { leaveTimeline, linkRoomDialog, timelineView } from "./views/timeline";
import { todayView } from "./views/today";
import { globalSearch } from "./views/global-search";
import { closeOverlay, openPalette, overlayOpen, paletteOverlay } from "./views/palette";
import { runAction } from "./actions";
import { outboxBanners, outboxPanel } from "./views/outbox";
import { installShortcuts } from "./shortcuts";

const NAV: readonly { section: NavSection; key: MessageKey; icon: string }[] = [
  { section: "today", key: "nav.today", icon: "☀" },
  { section: "timeline", key: "nav.timeline", icon: "▦" },
  { section: "reservations", key: "nav.reservations", icon: "▤" },
  { section: "guests", key: "nav.guests", icon: "☺" },
  { section: "accounts", key: "nav.accounts", icon: "⇄" },
  { section: "activity", key: "nav.activity", icon: "≡" },
  { section: "settings", key: "nav.settings", icon: "⚙" },
];

function screen(): TemplateResult {
  const r = ui.route;
  switch (r.name) {
    case "today":
      return todayView();
    case "timeline":
      return timelineView();
    case "reservations":
      return reservationsView();
    case "reservation":
      return reservationDetailView(r.id);
    // The timeline and Today screens come with their own views (merged separately); until then
    // their routes show the reservations.
    case "booking":
      return bookingView();
    case "guests":
      return guestsView();
    case "guest":
      return guestView(r.id);
    case "accounts":
      return accountsView();
    case "activity":
      return activityView();
    case "settings":
      return settingsView();
  }
}

function nav(): TemplateResult {
  const current = navSection(ui.route);
  const version = queries.appStatus().data?.version;
  return html`<nav class="sidebar" aria-label=${t("nav.label")}>
    <a class="brand" href="#/reservations"><span class="brand-mark" aria-hidden="true">◆</span> Innkeep</a>
    <ul>
      ${NAV.map(
        (n) => html`<li>
          <a
            href=${`#/${n.section}`}
            data-testid=${`nav-${n.section}`}
            aria-current=${current === n.section ? "page" : nothing}
            ><span class="nav-icon" aria-hidden="true">${n.icon}</span>${t(n.key)}</a
          >
        </li>`,
      )}
    </ul>
    ${version ? html`<p class="version muted small">${t("app.version", { version })}</p>` : nothing}
  </nav>`;
}

function syncIndicator(accounts: readonly Account[] | undefined): TemplateResult {
  const s = summarize(ui.sync);
  let text: string;
  let title: string;
  if (!accounts) {
    text = t("common.loading");
    title = text;
  } else if (s.kind === "syncing") {
    const label = accounts.find((a) => a.id === s.accountId)?.label;
    text = s.phase
      ? t("sync.progress", {
          label: label ?? "",
          phase: t(`sync.phase.${s.phase}` as MessageKey),
          pages: s.pages,
          records: s.records,
        })
      : t("sync.starting");
    title = text;
  } else if (s.kind === "error") {
    const label = accounts.find((a) => a.id === s.accountId)?.label;
    text = label ? t("sync.error_account", { label }) : t("sync.error");
    title = `${s.error.message} ${t("sync.click_to_retry")}`;
  } else {
    const last = accounts
      .map((a) => a.last_sync_at)
      .filter((x): x is string => !!x)
      .sort()
      .at(-1);
    text = last ? t("sync.idle_last", { time: formatRelativeTime(last) }) : t("sync.idle_never");
    title = last ? `${t("sync.click_to_sync")} (${formatDateTime(last)})` : t("sync.click_to_sync");
  }
  return html`<button
    type="button"
    class="sync sync-${s.kind}"
    data-testid="sync-indicator"
    data-state=${s.kind}
    title=${title}
    aria-live="polite"
    aria-busy=${s.kind === "syncing" ? "true" : "false"}
    @click=${() => {
      if (s.kind !== "syncing") void startSync();
    }}
  >
    <span class="sync-dot" aria-hidden="true"></span><span class="sync-text">${text}</span>
  </button>`;
}

function banners(accounts: readonly Account[]): TemplateResult {
  const status = queries.appStatus().data;
  const offline = accounts.filter((a) => a.status === "offline");
  const refused = accounts.filter((a) => a.status === "auth_failed");
  return html`<div class="banners">
    ${status && !status.keyring.available
      ? html`<div class="banner banner-danger" role="alert" data-testid="keyring-banner">
          <strong>${t("banner.keyring.title")}</strong>
          ${t("banner.keyring.body")} ${status.keyring.message ? html`<span class="muted">(${status.keyring.message})</span>` : nothing}
        </div>`
      : nothing}
    ${offlineBanner(offline)}
    ${(queries.openWrites().data ?? []).map((w) => openWriteBanner(w, accounts))}
    ${outboxBanners(accounts)} ${outboxPanel(accounts)}
    ${refused.map(
      (a) => html`<div class="banner banner-danger" role="alert" data-testid="auth-banner" data-account-id=${a.id}>
        ${t("banner.auth", { label: a.label })}
        ${ui.route.name === "accounts" ? nothing : html`<a href="#/accounts">${t("banner.auth.link")}</a>`}
      </div>`,
    )}
  </div>`;
}

/** One banner for every offline account: when a shared connection drops, five banners would
 * push the screen down without saying more. */
function offlineBanner(offline: readonly Account[]): TemplateResult | typeof nothing {
  if (offline.length === 0) return nothing;
  const since = offline
    .map((a) => a.offline_since)
    .filter((x): x is string => !!x)
    .sort()[0];
  const time = since ? formatDateTime(since) : t("banner.offline_unknown_time");
  const text =
    offline.length === 1
      ? t("banner.offline", { label: offline[0]!.label, time })
      : t("banner.offline.many", { labels: offline.map((a) => a.label).join(", "), time });
  return html`<div class="banner banner-warn" role="status" data-testid="offline-banner" data-account-ids=${offline.map((a) => a.id).join(" ")}>
    ${text}
  </div>`;
}

/** What an open write asked for, in words: the guest and the dates of its booking draft. */
export function openWriteSubject(w: WriteIntent): string {
  const req = (w.request ?? {}) as { arrival?: unknown; departure?: unknown; guest?: unknown };
  const arrival = typeof req.arrival === "string" ? req.arrival : null;
  const departure = typeof req.departure === "string" ? req.departure : null;
  if (!arrival || !departure) return t("banner.open_write.unknown", { reference: w.reference });
  const dates = { arrival: formatDate(arrival), departure: formatDate(departure) };
  const g = req.guest as { new?: { first_name?: string; last_name?: string } } | undefined;
  const guest = g?.new ? [g.new.first_name, g.new.last_name].filter((x) => x?.trim()).join(" ") : "";
  return guest ? t("banner.open_write.what", { guest, ...dates }) : t("banner.open_write.what_no_guest", dates);
}

function openWriteBanner(w: WriteIntent, accounts: readonly Account[]): TemplateResult {
  const account = accounts.find((a) => a.id === w.account_id);
  const label = account?.label ?? "";
  return html`<div class="banner banner-warn" role="status" data-testid="open-writes-banner" data-intent-id=${w.id} data-account-id=${w.account_id}>
    ${t("banner.open_write", {
      what: openWriteSubject(w),
      account: label,
      time: formatDateTime(w.created_at),
      provider: account ? providerName(account.provider) : "",
    })}
    ${w.error ? html`<p class="muted" data-testid="open-writes-error">${w.error}</p>` : nothing}
    <button type="button" class="btn btn-small" data-testid="open-writes-recheck" @click=${() => void recheckWrite(w)}>
      ${t("banner.open_write.recheck", { provider: account ? providerName(account.provider) : "" })}
    </button>
    <button type="button" class="btn btn-small" data-testid="open-writes-sync" @click=${() => void startSync(w.account_id)}>
      ${t("banner.open_write.sync", { account: label })}
    </button>
    <button type="button" class="btn btn-small" data-testid="open-writes-dismiss" @click=${() => void dismissWrite(w)}>
      ${t("banner.open_write.dismiss")}
    </button>
  </div>`;
}

/** Asks the provider what became of the booking; it never books twice. */
async function recheckWrite(w: WriteIntent): Promise<void> {
  try {
    const after = await api.recheckWrite(w.id);
    if (after.state === "done") showInfo(t("banner.open_write.found"));
    else if (after.state === "failed") showInfo(t("banner.open_write.not_made"));
    cache.invalidate();
  } catch (err) {
    showError(toAppError(err));
  }
}

async function dismissWrite(w: WriteIntent): Promise<void> {
  try {
    await api.dismissWrite(w.id);
    cache.invalidate();
  } catch (err) {
    showError(toAppError(err));
  }
}

function toasts(): TemplateResult {
  return html`<div class="toasts" aria-live="polite">
    ${ui.toasts.map(
      (x) => html`<div
        class="toast toast-${x.kind}"
        role=${x.kind === "error" ? "alert" : "status"}
        data-testid=${x.kind === "error" ? "error-toast" : "info-toast"}
        data-kind=${x.errorKind ?? nothing}
      >
        <div>
          <p class="toast-title">${x.title}</p>
          ${x.message ? html`<p>${x.message}</p>` : nothing} ${x.hint ? html`<p class="muted">${x.hint}</p>` : nothing}
        </div>
        <button type="button" class="btn btn-quiet btn-icon" aria-label=${t("common.dismiss")} @click=${() => dismissToast(x.id)}>
          ×
        </button>
      </div>`,
    )}
  </div>`;
}

async function confirmCheckOut(): Promise<void> {
  const d = ui.dialog;
  if (d?.kind !== "check-out" || d.busy) return;
  updateDialog({ busy: true, error: undefined });
  const err = await changeState(d.reservationId, "check_out", d.subject, false);
  if (ui.dialog?.kind !== "check-out") return;
  if (err) updateDialog({ busy: false, error: err });
  else closeDialog();
}

async function confirmRemove(): Promise<void> {
  const d = ui.dialog;
  if (d?.kind !== "remove-account" || d.busy) return;
  updateDialog({ busy: true, error: undefined });
  try {
    await api.removeAccount(d.accountId);
    // The list filtered by the removed account would ask for an account that no longer exists.
    if (filters.accountId === String(d.accountId)) filters.accountId = "";
    closeDialog();
    cache.invalidate();
    showInfo(t("remove.done", { label: d.label }));
  } catch (err) {
    updateDialog({ busy: false, error: toAppError(err) });
  }
}

let focusedDialog: string | null = null;

const dialogKey = (d: Dialog) =>
  d.kind === "remove-account"
    ? `${d.kind}:${d.accountId}`
    : d.kind === "link-room"
      ? `${d.kind}:${d.roomId}`
      : d.kind === "export"
        ? d.kind
        : d.kind === "confirm-action"
          ? `${d.action}:${d.reservationId}`
          : `${d.kind}:${d.reservationId}`;

/** Moves focus into a dialog the first time it is shown. */
const focusDialog = (el: Element | undefined) => {
  if (!el || !ui.dialog || dialogKey(ui.dialog) === focusedDialog) return;
  focusedDialog = dialogKey(ui.dialog);
  queueMicrotask(() => (el.querySelector<HTMLElement>("[data-autofocus]") ?? (el as HTMLElement)).focus());
};

function trapTab(e: KeyboardEvent): void {
  if (e.key !== "Tab") return;
  const box = e.currentTarget as HTMLElement;
  const items = [...box.querySelectorAll<HTMLElement>("button, textarea, input, select, a[href]")].filter(
    (x) => !(x as HTMLButtonElement).disabled,
  );
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

function dialogFrame(title: string, content: TemplateResult, testid: string): TemplateResult {
  return html`<div class="overlay" @click=${(e: Event) => e.target === e.currentTarget && !ui.dialog?.busy && closeDialog()}>
    <div
      class="dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="dialog-title"
      tabindex="-1"
      data-testid=${testid}
      @keydown=${trapTab}
      ${ref(focusDialog)}
    >
      <h2 id="dialog-title">${title}</h2>
      ${content}
    </div>
  </div>`;
}

function dialog(accounts: readonly Account[]): TemplateResult | typeof nothing {
  const d = ui.dialog;
  if (!d) {
    focusedDialog = null;
    return nothing;
  }
  const forReservation = reservationDialog(d, dialogFrame);
  if (forReservation) return forReservation;
  if (d.kind === "export") return exportDialog(d, dialogFrame);
  if (d.kind === "check-out") {
    return dialogFrame(
      t("check_out.title", { subject: d.subject }),
      html`<p>${t("check_out.body", { provider: d.provider })}</p>
        ${d.error ? errorBlock(d.error) : nothing}
        <div class="form-actions end">
          <button type="button" class="btn" data-autofocus ?disabled=${d.busy} @click=${closeDialog}>${t("check_out.keep")}</button>
          <button
            type="button"
            class="btn btn-primary"
            data-testid="confirm-check-out-button"
            ?disabled=${d.busy}
            aria-busy=${d.busy ? "true" : nothing}
            @click=${() => void confirmCheckOut()}
          >
            ${d.busy ? t("detail.working.check_out") : t("check_out.confirm")}
          </button>
        </div>`,
      "check-out-dialog",
    );
  }
  if (d.kind === "link-room") return linkRoomDialog(d, dialogFrame);
  if (d.kind !== "remove-account") return nothing;
  const account = accounts.find((a) => a.id === d.accountId);
  return dialogFrame(
    t("remove.title", { label: d.label }),
    html`<p>${t("remove.body")}</p>
      <p class="muted">${t("remove.body_provider", { provider: account ? providerName(account.provider) : "" })}</p>
      ${d.error ? errorBlock(d.error) : nothing}
      <div class="form-actions end">
        <button type="button" class="btn" data-autofocus ?disabled=${d.busy} @click=${closeDialog}>${t("common.cancel")}</button>
        <button type="button" class="btn btn-danger" data-testid="confirm-remove-button" ?disabled=${d.busy} @click=${() => void confirmRemove()}>
          ${d.busy ? t("remove.working") : t("remove.confirm")}
        </button>
      </div>`,
    "remove-dialog",
  );
}

export function appView(): TemplateResult {
  const accountsData = queries.accounts().data;
  const accounts = accountsData ?? [];
  const demo = queries.appStatus().data?.demo_mode ?? false;
  return html`<a class="skip" href="#main" @click=${(e: Event) => {
      e.preventDefault();
      document.getElementById("screen-title")?.focus();
    }}>${t("app.skip")}</a>
    <div class="app" ?inert=${ui.dialog !== null || overlayOpen()}>
      ${nav()}
      <div class="main-col">
        <header class="topbar">
          ${demo
            ? html`<span class="badge badge-demo" data-testid="demo-badge" title=${t("demo.mode_title")}>${t("demo.mode")}</span>`
            : nothing}
          ${globalSearch()}
          <span class="spacer"></span>
          <button
            type="button"
            class="btn btn-quiet palette-button"
            data-testid="command-palette-button"
            title=${t("palette.title")}
            @click=${openPalette}
          >
            ${t("palette.button")} <kbd>Ctrl K</kbd>
          </button>
          ${syncIndicator(accountsData)}
          <button type="button" class="btn btn-primary" data-testid="new-booking-button" @click=${() => navigate({ name: "booking" })}>
            + ${t("booking.new")}
          </button>
        </header>
        ${banners(accounts)}
        <main id="main">${screen()}</main>
      </div>
    </div>
    ${toasts()} ${dialog(accounts)} ${paletteOverlay()}`;
}

let previousRoute: Route = ui.route;

let firstScreenTold = false;

/**
 * Once the first screen shows its data (no query waiting for a first answer), and after the frame
 * that paints it, tells the shell: it holds its sync at start back until then, so the webview has
 * the machine to itself for the first screen.
 */
/**
 * The longest the first screen waits for its slowest query (say, a keyring asking to be unlocked)
 * before it counts as drawn: the rest of the list's rows and the sync at start wait for it.
 */
const FIRST_SCREEN_WAIT_MS = 3000;

function tellFirstScreenDrawn(): void {
  if (firstScreenTold || cache.anyLoading()) return;
  firstScreenTold = true;
  requestAnimationFrame(() => setTimeout(firstScreenDrawn, 0));
}

function firstScreenDrawn(): void {
  if (ui.firstScreenDrawn) return;
  mark("drawn");
  // The rest of the first screen (e.g. the list's rows after FIRST_SCREEN_ROWS).
  ui.firstScreenDrawn = true;
  requestRender();
  void api.uiReady({ origin_ms: performance.timeOrigin, marks: startMarks }).catch(() => undefined);
}

function renderApp(root: HTMLElement): void {
  const r = ui.route;
  if (previousRoute.name === "accounts" && r.name !== "accounts") leaveAccounts();
  if (previousRoute.name === "timeline" && r.name !== "timeline") leaveTimeline();
  if (previousRoute.name === "reservation" && (r.name !== "reservation" || r.id !== previousRoute.id)) leaveReservationDetail();
  if (previousRoute.name === "guest" && (r.name !== "guest" || r.id !== previousRoute.id)) closeGuestEdit();
  previousRoute = r;
  cache.beginRender();
  render(appView(), root);
  tellFirstScreenDrawn();
  if (ui.focusMain) {
    ui.focusMain = false;
    document.getElementById("screen-title")?.focus({ preventScroll: true });
  }
}

/** When the start's steps ended, in ms after the page began to load; the shell logs them (`ui_ready`). */
const startMarks: Record<string, number> = {};
function mark(name: string): void {
  startMarks[name] = Math.round(performance.now());
}

export async function boot(root: HTMLElement): Promise<void> {
  mark("script");
  setTimeout(firstScreenDrawn, FIRST_SCREEN_WAIT_MS);
  setLanguage(systemLanguage());
  applyTheme("system");
  render(html`<div class="boot">${t("common.loading")}</div>`, root);
  // The settings load while the event listeners are set up: each is a round trip to the shell.
  const listening = Promise.all([invalidateOnDataChanged(cache), followSyncProgress(), followLiveStatus()]).then(
    () => undefined,
    (err: unknown) => toAppError(err),
  );
  try {
    ui.settings = await loadSettings();
  } catch {
    // No store (e.g. a plain browser): defaults, in the system's language.
    ui.settings = { ...ui.settings, language: systemLanguage() };
  }
  // A catalog that cannot load leaves English (the system's language may have none loaded).
  if (!(await showLanguage(ui.settings.language))) setLanguage("en");
  applyTheme(ui.settings.theme);
  setRenderer(() => renderApp(root));
  cache.subscribe(requestRender);
  const notListening = await listening;
  if (notListening) showError(notListening, t("app.events_failed"));
  mark("listening");
  window.addEventListener("hashchange", routeChanged);
  // The command palette (and anything else) asks for an export with this event.
  window.addEventListener(EXPORT_EVENT, () => openExportDialog());
  window.addEventListener("unhandledrejection", (e) => showError(toAppError(e.reason)));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && ui.dialog && !ui.dialog.busy) {
      e.preventDefault();
      closeDialog();
    }
  });
  installShortcuts({ run: runAction, dialogOpen: () => ui.dialog !== null, overlayOpen, closeOverlay });
  const initial = parseRoute(location.hash);
  if (initial) ui.route = initial;
  else {
    ui.route = { name: ui.settings.default_view };
    history.replaceState(null, "", `#/${ui.settings.default_view}`);
  }
  previousRoute = ui.route;
  requestRender();
}
