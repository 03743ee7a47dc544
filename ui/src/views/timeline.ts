// Timeline (tape chart): every room of every account down the side, nights across, stays as bars
// coloured by state with the guest's name and the provider's mark. Click a free night (or drag
// across nights) to book that room for those dates; click a bar to open the reservation.
//
// The grid is virtualized both ways. The app's render draws only the toolbar and an empty scroller;
// the grid inside it is painted by `paint`, on its own, once per animation frame while scrolling,
// with only the rows and nights in view (timeline-layout.ts says which).

import { html, nothing, render, type TemplateResult } from "lit";
import { ref } from "lit/directives/ref.js";
import { guard } from "lit/directives/guard.js";
import { repeat } from "lit/directives/repeat.js";
import type { Overbooking } from "../bindings/Overbooking";
import type { ProviderKind } from "../bindings/ProviderKind";
import type { Timeline } from "../bindings/Timeline";
import type { TimelineBar } from "../bindings/TimelineBar";
import type { TimelineRoom } from "../bindings/TimelineRoom";
import type { OutboxEntry } from "../bindings/OutboxEntry";
import { pendingActions, pendingBars, type PendingBar } from "../outbox";
import { actionName } from "./outbox";
import { api, cache, queries } from "../api";
import { addDays, daysBetween, isoDateToUtcMs, isValidIsoDate, todayIn } from "../dates";
import { toAppError } from "../errors";
import { currentIntlLocale, formatDate, t } from "../i18n";
import { closeDialog, navigate, openDialog, requestRender, showInfo, updateDialog } from "../state";
import type { Dialog } from "../state";
import { booking } from "./booking";
import { emptyStatus, withAccount, withCategory } from "./booking-form";
import { errorBlock, loadingBlock, stateLabel } from "./components";
import {
  barSpan,
  HEAD_HEIGHT,
  LABEL_WIDTH,
  layout,
  NIGHT_WIDTH,
  overbookingRooms,
  ROW_HEIGHT,
  rowKey,
  roomTaken,
  visible,
  ZOOMS,
  type Layout,
  type Row,
  type Zoom,
} from "./timeline-layout";
import { providerName } from "./reservation-detail";

/** Nights loaded before the anchor date, and in all: a year ahead fits in one request. */
const NIGHTS_BEFORE = 14;
const NIGHTS_LOADED = 380;

const view = {
  /** First night of the loaded range. */
  from: "",
  zoom: "day" as Zoom,
  /** A night to bring to the left edge after the next paint. */
  scrollTo: null as string | null,
  /** A drag across free nights of one room. */
  selection: null as { room: TimelineRoom; first: number; last: number } | null,
  goto: "",
  /** Where the grid was scrolled, so coming back to the timeline finds it there. */
  left: 0,
  top: 0,
  restore: false,
  /** Show one account's rooms only; null = every account. */
  accountId: null as number | null,
};

let scroller: HTMLElement | null = null;
let frame = 0;
let shown: { timeline: Timeline; layout: Layout } | null = null;

function ensureRange(): void {
  if (!view.from) {
    const today = todayIn();
    view.from = addDays(today, -NIGHTS_BEFORE);
    view.scrollTo = addDays(today, -2);
  }
}

/** Brings `date` into view: scrolls when it is loaded, else loads a range around it. */
function jumpTo(date: string): void {
  ensureRange();
  const index = daysBetween(view.from, date) ?? 0;
  if (index < 0 || index > NIGHTS_LOADED - 60) view.from = addDays(date, -NIGHTS_BEFORE);
  view.scrollTo = date;
  requestRender();
  schedulePaint();
}

function jumpBy(days: number): void {
  const width = NIGHT_WIDTH[view.zoom];
  const left = scroller ? Math.round(scroller.scrollLeft / width) : NIGHTS_BEFORE;
  jumpTo(addDays(view.from, left + days));
}

function setZoom(zoom: Zoom): void {
  const width = NIGHT_WIDTH[view.zoom];
  const left = scroller ? Math.round(scroller.scrollLeft / width) : NIGHTS_BEFORE;
  view.zoom = zoom;
  view.scrollTo = addDays(view.from, left);
  requestRender();
  schedulePaint();
}

function schedulePaint(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    paint();
  });
}

const attach = (el: Element | undefined) => {
  if (!el) return;
  const box = el as HTMLElement;
  if (scroller !== box) {
    scroller = box;
    view.restore = view.scrollTo === null;
    box.addEventListener(
      "scroll",
      () => {
        view.left = box.scrollLeft;
        view.top = box.scrollTop;
        schedulePaint();
      },
      { passive: true },
    );
    box.addEventListener("mousedown", onMouseDown);
  }
  schedulePaint();
};

function startBooking(room: TimelineRoom, first: number, last: number): void {
  const arrival = addDays(view.from, first);
  const departure = addDays(view.from, last + 1);
  let form = withAccount(booking.form, String(room.account_id));
  form = withCategory(form, room.category_id === null ? "" : String(room.category_id));
  booking.form = { ...form, roomId: String(room.id), arrival, departure };
  booking.status = emptyStatus();
  navigate({ name: "booking" });
}

/** The room row and night under a point of the grid, if it is a room's free night. */
function cellAt(e: MouseEvent): { room: TimelineRoom; night: number } | null {
  if (!scroller || !shown) return null;
  const target = e.target;
  if (target instanceof Element && target.closest(".tl-bar, .tl-label, .tl-head")) return null;
  const box = scroller.getBoundingClientRect();
  const x = e.clientX - box.left + scroller.scrollLeft - LABEL_WIDTH;
  const y = e.clientY - box.top + scroller.scrollTop - HEAD_HEIGHT;
  if (x < 0 || y < 0) return null;
  const row = shown.layout.rows[Math.floor(y / ROW_HEIGHT)];
  const night = Math.floor(x / NIGHT_WIDTH[view.zoom]);
  if (row?.kind !== "room" || night >= shown.layout.nights) return null;
  return { room: row.room, night };
}

function onMouseDown(e: MouseEvent): void {
  if (e.button !== 0 || !shown) return;
  const cell = cellAt(e);
  if (!cell) return;
  const bars = shown.layout.bars.get(`room:${cell.room.id}`);
  if (roomTaken(bars, view.from, cell.night, cell.night)) return;
  e.preventDefault();
  view.selection = { room: cell.room, first: cell.night, last: cell.night };
  schedulePaint();
  const move = (m: MouseEvent) => {
    const over = cellAt(m);
    const sel = view.selection;
    if (!sel || !over || over.room.id !== sel.room.id) return;
    const [lo, hi] = [Math.min(cell.night, over.night), Math.max(cell.night, over.night)];
    // A drag stops at the first taken night: the selection stays bookable.
    if (!roomTaken(bars, view.from, lo, hi)) {
      view.selection = { ...sel, first: lo, last: hi };
      schedulePaint();
    }
  };
  const up = () => {
    window.removeEventListener("mousemove", move);
    window.removeEventListener("mouseup", up);
    const sel = view.selection;
    view.selection = null;
    if (sel) startBooking(sel.room, sel.first, sel.last);
  };
  window.addEventListener("mousemove", move);
  window.addEventListener("mouseup", up);
}

const PROVIDER_MARK: Record<ProviderKind, string> = {
  mews: "M",
  reservanto: "R",
  "mobile-calendar": "MC",
  timekit: "T",
  ectosy: "E",
};

export function providerMark(p: ProviderKind): TemplateResult {
  return html`<span class="prov-mark prov-${p}" title=${providerName(p)} aria-label=${providerName(p)}>${PROVIDER_MARK[p]}</span>`;
}

function label(row: Row): TemplateResult {
  switch (row.kind) {
    case "account":
      return html`<div class="tl-label tl-label-account">${providerMark(row.provider)}<span>${row.label}</span></div>`;
    case "category":
      return html`<div class="tl-label tl-label-category">${row.label}</div>`;
    case "unassigned":
      return html`<div class="tl-label tl-label-room muted">${t("timeline.unassigned")}</div>`;
    case "room":
      return html`<div class="tl-label tl-label-room">
        <button
          type="button"
          class="tl-room"
          data-testid="timeline-room"
          data-room-id=${row.room.id}
          title=${t("timeline.link.open", { room: row.room.name })}
          @click=${() => openLinkDialog(row.room)}
        >
          ${row.room.name}${row.room.link_group !== null
            ? html` <span class="tl-linked" data-testid="timeline-room-linked" aria-label=${t("timeline.linked")}>⛓</span>`
            : nothing}
        </button>
      </div>`;
  }
}

/** A booking kept in the outbox: a dashed bar, not a link (it has no reservation yet). */
function pendingBar(p: PendingBar, top: number, nights: number, width: number): TemplateResult {
  const span = barSpan({ arrival: p.arrival, departure: p.departure } as TimelineBar, view.from, nights);
  if (!span) return html``;
  const title = `${t("outbox.pending")} · ${p.guest} · ${formatDate(p.arrival, "short")} – ${formatDate(p.departure, "short")}`;
  return html`<div
    class="tl-bar tl-pending ${p.conflict ? "tl-pending-conflict" : ""}"
    data-testid="timeline-pending-bar"
    data-entry-id=${p.entryId}
    title=${title}
    style=${`top:${top + 3}px;left:${LABEL_WIDTH + span.start * width + 1}px;width:${Math.max(3, span.length * width - 3)}px`}
  >${width * span.length > 40 ? html`<span class="tl-bar-name">${p.guest || t("outbox.pending")}</span>` : nothing}</div>`;
}

/** Bar tooltips by bar, for the language they were made in: the year zoom has hundreds of bars in
 * view, and formatting two dates for each on every frame of a scroll was a good part of its time. */
let barTitles = { locale: "", titles: new WeakMap<TimelineBar, string>() };

function barTitle(b: TimelineBar, name: string): string {
  const locale = currentIntlLocale();
  if (barTitles.locale !== locale) barTitles = { locale, titles: new WeakMap() };
  let title = barTitles.titles.get(b);
  if (title === undefined) {
    title = `${name} · ${formatDate(b.arrival, "short")} – ${formatDate(b.departure, "short")} · ${stateLabel(b.state)}`;
    barTitles.titles.set(b, title);
  }
  return title;
}

function bar(
  b: TimelineBar,
  placed: { start: number; end: number },
  top: number,
  nights: number,
  width: number,
  overbooked: boolean,
  provider: ProviderKind,
): TemplateResult {
  const start = Math.max(0, placed.start);
  const span = { start, length: Math.min(nights, placed.end) - start };
  const waiting = pendingOnBars.get(b.reservation_id) ?? [];
  const name = b.guest_name ?? b.number ?? "";
  const title = `${barTitle(b, name)}${overbooked ? ` · ${t("timeline.overbooked")}` : ""}`;
  return html`<a
    class="tl-bar state-${b.state} ${overbooked ? "tl-overbooked" : ""} ${waiting.length ? "tl-pending-action" : ""}"
    href=${`#/reservations/${b.reservation_id}`}
    data-testid="timeline-bar"
    data-reservation-id=${b.reservation_id}
    data-overbooked=${overbooked ? "true" : "false"}
    title=${title}
    style=${`top:${top + 3}px;left:${LABEL_WIDTH + span.start * width + 1}px;width:${Math.max(3, span.length * width - 3)}px`}
    >${waiting.map(
      (e) => html`<span class="tl-pending-mark" data-testid="timeline-pending-mark" data-kind=${e.kind}
        title=${e.kind === "cancel" ? t("outbox.pending_cancel") : t("outbox.pending_action", { action: actionName(e.kind) })}>⏳</span>`,
    )}${width * span.length > 40 ? html`${providerMark(provider)}<span class="tl-bar-name">${name}</span>` : nothing}</a
  >`;
}

/** Actions waiting in the outbox, by reservation, for the bars being painted. */
let pendingOnBars = new Map<number, OutboxEntry[]>();

function isWeekend(date: string): boolean {
  const day = new Date(isoDateToUtcMs(date) ?? 0).getUTCDay();
  return day === 0 || day === 6;
}

/** Month formatters by language and length: making one costs more than a frame's redraw, and the
 * year zoom names a dozen months on every frame. */
const monthFormats = new Map<string, Intl.DateTimeFormat>();

function monthName(date: string, width: number, first: boolean): string {
  const ms = isoDateToUtcMs(date) ?? 0;
  // At the year zoom a month is about 60 pixels: "Sep" fits, "September 2026" does not; the year
  // is named at the left edge and in January.
  const month = width < 7 ? "short" : "long";
  const year = month === "long" || first || date.slice(5, 7) === "01";
  const key = `${currentIntlLocale()}|${month}|${year}`;
  let format = monthFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(currentIntlLocale(), { month, year: year ? "numeric" : undefined, timeZone: "UTC" });
    monthFormats.set(key, format);
  }
  return format.format(ms);
}

/** Today, asked of the clock at most once a second while scrolling (todayIn makes a formatter). */
let todayCache = { at: 0, date: "" };

function todayNow(): string {
  const now = Date.now();
  if (Math.abs(now - todayCache.at) > 1000) todayCache = { at: now, date: todayIn() };
  return todayCache.date;
}

/** Night names for the head's tooltips, by date, for the language they were made in: the year zoom
 * has all 380 nights in view, and formatting each on every frame cost more than drawing them. */
let nightNames = { locale: "", names: new Map<string, string>() };

function nightName(date: string): string {
  const locale = currentIntlLocale();
  if (nightNames.locale !== locale) nightNames = { locale, names: new Map() };
  let name = nightNames.names.get(date);
  if (name === undefined) {
    name = formatDate(date, "long");
    nightNames.names.set(date, name);
  }
  return name;
}

/** The weekday formatter of the current language, made once per language, not once per night. */
let weekdays: { locale: string; format: Intl.DateTimeFormat } | null = null;

function dayLabel(date: string, width: number): string {
  const ms = isoDateToUtcMs(date) ?? 0;
  const d = new Date(ms).getUTCDate();
  if (width < 30) return width < 12 ? "" : String(d);
  const locale = currentIntlLocale();
  if (weekdays?.locale !== locale) weekdays = { locale, format: new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }) };
  return `${weekdays.format.format(ms)} ${d}`;
}

/** Hover targets for the free nights in view (the grid lines of a taken night are its bar).
 * Keyed by night, so a scroll step adds and drops the cells at the edges and leaves the rest. */
function freeCells(
  room: TimelineRoom,
  taken: Uint8Array | undefined,
  nights: readonly string[],
  titles: readonly string[],
  n0: number,
  top: number,
  width: number,
): TemplateResult {
  const free: number[] = [];
  for (let c = 0; c < nights.length; c++) if (!taken?.[n0 + c]) free.push(c);
  return html`${repeat(
    free,
    (c) => n0 + c,
    (c) => html`<div
      class="tl-cell"
      data-testid="timeline-cell"
      data-room-id=${room.id}
      data-provider=${room.provider}
      data-night=${nights[c]}
      title=${`${room.name} · ${titles[c]}`}
      style=${`top:${top}px;left:${LABEL_WIDTH + (n0 + c) * width}px;width:${width}px`}
    ></div>`,
  )}`;
}

/** The nights in view and their names, kept while the same nights stay in view: a scroll down
 * draws the head and the weekend columns again only if this list is a new one. */
let inView: { key: string; nights: string[]; titles: string[] } | null = null;

function nightsInView(n0: number, n1: number, width: number, locale: string): { nights: string[]; titles: string[] } {
  const key = `${view.from}|${n0}|${n1}|${width}|${locale}`;
  if (inView?.key !== key) {
    const nights: string[] = [];
    for (let i = n0; i < n1; i++) nights.push(addDays(view.from, i));
    // Each night's name is formatted once, not once for every room's cell of it.
    const titles = width >= 20 ? nights.map((d) => formatDate(d, "medium")) : [];
    inView = { key, nights, titles };
  }
  return inView;
}

/** Draws the rows and nights in view into the scroller. */
function paint(): void {
  const box = scroller;
  if (!box || !box.isConnected || !shown) return;
  const { layout: lay, timeline } = shown;
  const width = NIGHT_WIDTH[view.zoom];
  const [r0, r1] = visible(box.scrollTop - HEAD_HEIGHT, box.clientHeight, ROW_HEIGHT, lay.rows.length);
  // Three nights either side are enough: the grid is drawn again on every frame of a scroll.
  const [n0, n1] = visible(box.scrollLeft, box.clientWidth - LABEL_WIDTH, width, lay.nights, 3);
  const locale = currentIntlLocale();
  const totalWidth = LABEL_WIDTH + lay.nights * width;
  const today = todayNow();
  const todayIndex = daysBetween(view.from, today) ?? -1;
  const { nights, titles } = nightsInView(n0, n1, width, locale);
  const rows = lay.rows.slice(r0, r1);
  // Actions and bookings kept in the outbox are drawn as pending.
  const outboxData = queries.outbox().data;
  const outbox = outboxData ?? [];
  pendingOnBars = pendingActions(outbox);
  const pending = pendingBars(outbox);
  const accountProvider = new Map(timeline.rooms.map((r) => [r.account_id, r.provider]));
  const sel = view.selection;
  // The month of the first night in view is labelled at the left edge, so it is always named.
  const firstInView = Math.min(lay.nights - 1, Math.max(0, Math.floor(box.scrollLeft / width)));
  const starts = nights.filter((d, k) => n0 + k > firstInView && d.endsWith("-01"));
  // Unless the next month begins within 80 px: its name would be drawn over this one's.
  const crowded = starts.length > 0 && ((daysBetween(view.from, starts[0]!) ?? 0) - firstInView) * width < 80;
  const months = crowded ? starts : [addDays(view.from, firstInView), ...starts];
  render(
    html`<div class="tl-canvas" style=${`width:${totalWidth}px;height:${HEAD_HEIGHT + lay.rows.length * ROW_HEIGHT}px`}>
      <div class="tl-head" style=${`width:${totalWidth}px`}>
        <div class="tl-corner">${t("timeline.rooms", { count: timeline.rooms.length })}</div>
        ${months.map(
          (d, k) => html`<div class="tl-month" style=${`left:${LABEL_WIDTH + (daysBetween(view.from, d) ?? 0) * width}px`}>${monthName(d, width, k === 0)}</div>`,
        )}
        ${guard([nights, todayIndex], () =>
          repeat(nights, (_, k) => n0 + k, (d, k) => {
            const i = n0 + k;
            return html`<div
              class="tl-day ${isWeekend(d) ? "tl-weekend" : ""} ${i === todayIndex ? "tl-today-head" : ""}"
              style=${`left:${LABEL_WIDTH + i * width}px;width:${width}px`}
              title=${nightName(d)}
            >
              ${dayLabel(d, width)}
            </div>`;
          }),
        )}
      </div>
      ${guard([nights, todayIndex, lay.rows.length], () =>
        repeat(nights, (_, k) => n0 + k, (d, k) =>
          isWeekend(d) || n0 + k === todayIndex
            ? html`<div
                class=${n0 + k === todayIndex ? "tl-today" : "tl-weekend-col"}
                data-testid=${n0 + k === todayIndex ? "timeline-today" : nothing}
                style=${`left:${LABEL_WIDTH + (n0 + k) * width}px;width:${width}px;top:${HEAD_HEIGHT}px;height:${lay.rows.length * ROW_HEIGHT}px`}
              ></div>`
            : nothing,
        ),
      )}
      ${repeat(rows, (_, k) => r0 + k, (row, k) =>
        // A row is drawn again only when what it shows changed: scrolling down leaves the rows
        // already in view alone and draws the one coming in.
        guard([row, n0, n1, width, lay, outboxData, locale, view.from], () => {
          const i = r0 + k;
          const top = HEAD_HEIGHT + i * ROW_HEIGHT;
          const key = rowKey(row);
          const bars = key ? lay.bars.get(key) ?? [] : [];
          const spans = key ? lay.spans.get(key) ?? [] : [];
          const inView: number[] = [];
          for (let j = 0; j < bars.length; j++) if (spans[j]!.end > n0 && spans[j]!.start < n1) inView.push(j);
          const provider = accountProvider.get(row.kind === "room" ? row.room.account_id : "accountId" in row ? row.accountId : 0) ?? "mews";
          return html`<div class="tl-row tl-row-${row.kind}" style=${`top:${top}px;width:${totalWidth}px`}>${label(row)}</div>
            ${row.kind === "room" && width >= 20 ? freeCells(row.room, key ? lay.taken.get(key) : undefined, nights, titles, n0, top, width) : nothing}
            ${repeat(
              inView,
              (j) => bars[j]!.reservation_id,
              (j) => bar(bars[j]!, spans[j]!, top, lay.nights, width, lay.overbooked.has(bars[j]!.reservation_id), provider),
            )}
            ${row.kind === "room" ? (pending.get(row.room.id) ?? []).map((p) => pendingBar(p, top, lay.nights, width)) : nothing}`;
        }),
      )}
      ${sel
        ? html`<div
            class="tl-selection"
            data-testid="timeline-selection"
            style=${`top:${HEAD_HEIGHT + lay.rows.findIndex((r) => r.kind === "room" && r.room.id === sel.room.id) * ROW_HEIGHT + 2}px;left:${
              LABEL_WIDTH + sel.first * width
            }px;width:${(sel.last - sel.first + 1) * width}px`}
          >
            ${t("timeline.selection", { count: sel.last - sel.first + 1 })}
          </div>`
        : nothing}
    </div>`,
    box,
  );
  // A jump (or the place left last time) is applied once the canvas has its size, and what it
  // brings into view is drawn.
  if (view.restore) {
    view.restore = false;
    if (box.scrollLeft !== view.left || box.scrollTop !== view.top) {
      box.scrollLeft = view.left;
      box.scrollTop = view.top;
      paint();
      return;
    }
  }
  if (view.scrollTo) {
    const target = Math.max(0, (daysBetween(view.from, view.scrollTo) ?? 0) * width);
    view.scrollTo = null;
    if (box.scrollLeft !== target) {
      box.scrollLeft = target;
      paint();
    }
  }
}

function overbookingText(o: Overbooking, all: Timeline): string {
  const rooms = overbookingRooms(o, all.rooms)
    .map((r) => `${r.name} (${r.account_label})`)
    .join(t("timeline.overbooking.and"));
  const nights =
    o.first_night === o.last_night
      ? formatDate(o.first_night, "short")
      : `${formatDate(o.first_night, "short")} – ${formatDate(o.last_night, "short")}`;
  const guest = (id: number) => {
    const b = all.bars.find((x) => x.reservation_id === id);
    return b?.guest_name ?? b?.number ?? `#${id}`;
  };
  return t(o.across_accounts ? "timeline.overbooking.linked" : "timeline.overbooking.same", {
    rooms,
    nights,
    guests: o.reservation_ids.map(guest).join(", "),
  });
}

/** Overbookings from tonight on (past ones cannot be helped); the first few, then all on demand. */
function overbookingWarning(list: readonly Overbooking[], all: Timeline): TemplateResult | typeof nothing {
  const today = todayIn();
  const upcoming = list.filter((o) => o.last_night >= today);
  if (upcoming.length === 0) return nothing;
  const item = (o: Overbooking) => html`<li data-testid="overbooking-item" data-reservation-ids=${o.reservation_ids.join(" ")}>
    ${overbookingText(o, all)}
    <button type="button" class="btn btn-small" @click=${() => jumpTo(addDays(o.first_night, -2))}>${t("timeline.overbooking.show")}</button>
  </li>`;
  const first = upcoming.slice(0, 3);
  const rest = upcoming.slice(3);
  return html`<div class="banner banner-danger" role="alert" data-testid="overbooking-warning" data-count=${upcoming.length}>
    <strong>${t("timeline.overbooking.title", { count: upcoming.length })}</strong>
    <ul class="overbooking-list">
      ${first.map(item)}
    </ul>
    ${rest.length
      ? html`<details>
          <summary data-testid="overbooking-more">${t("timeline.overbooking.more", { count: rest.length })}</summary>
          <ul class="overbooking-list">
            ${rest.map(item)}
          </ul>
        </details>`
      : nothing}
  </div>`;
}

/** The timeline of one account, or all of them. */
function onlyAccount(t: Timeline, accountId: number | null): Timeline {
  if (accountId === null) return t;
  const rooms = t.rooms.filter((r) => r.account_id === accountId);
  const ids = new Set(rooms.map((r) => r.id));
  return {
    ...t,
    rooms,
    bars: t.bars.filter((b) => b.account_id === accountId),
    overbookings: t.overbookings.filter((o) => o.room_ids.some((id) => ids.has(id))),
  };
}

let source: { data: Timeline; accountId: number | null } | null = null;

export function timelineView(): TemplateResult {
  ensureRange();
  const to = addDays(view.from, NIGHTS_LOADED);
  const q = queries.timeline(view.from, to);
  const accounts = queries.accounts().data ?? [];
  if (q.data && (source?.data !== q.data || source.accountId !== view.accountId)) {
    source = { data: q.data, accountId: view.accountId };
    const filtered = onlyAccount(q.data, view.accountId);
    shown = { timeline: filtered, layout: layout(filtered) };
  }
  // What is drawn belongs to the range asked for; a jump past it shows "Loading" until it comes.
  const current = shown?.timeline.from === view.from ? shown : null;
  let body: TemplateResult;
  if (q.error && !current) body = errorBlock(q.error, () => cache.invalidate());
  else if (!current) body = loadingBlock();
  else if (current.timeline.rooms.length === 0)
    body = html`<div class="empty" data-testid="timeline-empty">
      <p class="empty-title">${t("timeline.empty")}</p>
      <p class="muted">${accounts.length ? t("timeline.empty_sync") : t("timeline.empty_accounts")}</p>
    </div>`;
  else body = html`<div class="tl-scroller tl-zoom-${view.zoom}" tabindex="0" data-testid="timeline" aria-label=${t("timeline.grid_label")} ${ref(attach)}></div>`;
  // The ref callback runs only when the scroller is new; new data must be painted too.
  if (scroller) schedulePaint();
  return html`<section class="screen screen-wide timeline-screen" aria-labelledby="screen-title">
    <header class="screen-head">
      <h1 id="screen-title" tabindex="-1">${t("timeline.title")}</h1>
      <div class="tl-tools" role="toolbar" aria-label=${t("timeline.tools")}>
        <button type="button" class="btn btn-small" data-testid="timeline-prev-month" title=${t("timeline.prev_month")} @click=${() => jumpBy(-28)}>«</button>
        <button type="button" class="btn btn-small" data-testid="timeline-prev-week" title=${t("timeline.prev_week")} @click=${() => jumpBy(-7)}>‹</button>
        <button type="button" class="btn btn-small" data-testid="timeline-today-button" @click=${() => jumpTo(addDays(todayIn(), -2))}>${t("timeline.today")}</button>
        <button type="button" class="btn btn-small" data-testid="timeline-next-week" title=${t("timeline.next_week")} @click=${() => jumpBy(7)}>›</button>
        <button type="button" class="btn btn-small" data-testid="timeline-next-month" title=${t("timeline.next_month")} @click=${() => jumpBy(28)}>»</button>
        <label class="inline-field">
          <span class="visually-hidden">${t("timeline.goto")}</span>
          <input
            type="date"
            data-testid="timeline-goto"
            .value=${view.goto}
            @change=${(e: Event) => {
              const v = (e.target as HTMLInputElement).value;
              view.goto = v;
              if (isValidIsoDate(v)) jumpTo(addDays(v, -1));
            }}
          />
        </label>
        <label class="inline-field">
          <span>${t("timeline.account")}</span>
          <select
            data-testid="timeline-account"
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              view.accountId = v ? Number(v) : null;
              requestRender();
              schedulePaint();
            }}
          >
            <option value="" ?selected=${view.accountId === null}>${t("timeline.all_accounts")}</option>
            ${accounts.map((a) => html`<option value=${a.id} ?selected=${view.accountId === a.id}>${a.label}</option>`)}
          </select>
        </label>
        <label class="inline-field">
          <span>${t("timeline.zoom")}</span>
          <select data-testid="timeline-zoom" @change=${(e: Event) => setZoom((e.target as HTMLSelectElement).value as Zoom)}>
            ${ZOOMS.map((z) => html`<option value=${z} ?selected=${view.zoom === z}>${t(`timeline.zoom.${z}`)}</option>`)}
          </select>
        </label>
      </div>
    </header>
    ${current && source ? overbookingWarning(current.timeline.overbookings, source.data) : nothing}
    <p class="muted small tl-hint">${t("timeline.hint")}</p>
    ${body}
  </section>`;
}

/** Stops painting into a scroller that is gone. */
export function leaveTimeline(): void {
  scroller = null;
  view.selection = null;
}

// Linking a room with rooms of other accounts: "this is the same physical room".

type LinkRoomDialog = Extract<Dialog, { kind: "link-room" }>;

function openLinkDialog(room: TimelineRoom): void {
  openDialog({ kind: "link-room", roomId: room.id, choice: "", busy: false, error: undefined });
}

async function confirmLink(d: LinkRoomDialog, unlink: boolean): Promise<void> {
  if (d.busy) return;
  updateDialog({ busy: true, error: undefined });
  try {
    if (unlink) await api.unlinkRoom(d.roomId);
    else await api.linkRooms([d.roomId, Number(d.choice)]);
    closeDialog();
    cache.invalidate();
    showInfo(unlink ? t("timeline.link.unlinked") : t("timeline.link.linked"));
  } catch (err) {
    updateDialog({ busy: false, error: toAppError(err) });
  }
}

export function linkRoomDialog(
  d: LinkRoomDialog,
  frame: (title: string, content: TemplateResult, testid: string) => TemplateResult,
): TemplateResult {
  // Every account's rooms, whatever the account filter shows.
  const rooms = source?.data.rooms ?? [];
  const room = rooms.find((r) => r.id === d.roomId);
  if (!room) return frame(t("timeline.link.title", { room: "" }), loadingBlock(), "link-room-dialog");
  const partners = room.link_group === null ? [] : rooms.filter((r) => r.link_group === room.link_group && r.id !== room.id);
  const others = rooms.filter((r) => r.account_id !== room.account_id && !partners.includes(r));
  return frame(
    t("timeline.link.title", { room: `${room.name} (${room.account_label})` }),
    html`<p>${t("timeline.link.body")}</p>
      ${partners.length
        ? html`<p data-testid="link-room-partners">
            ${t("timeline.link.current", { rooms: partners.map((r) => `${r.name} (${r.account_label})`).join(", ") })}
          </p>`
        : nothing}
      <label class="field">
        <span>${t("timeline.link.choose")}</span>
        <select
          data-testid="link-room-choice"
          data-autofocus
          .value=${d.choice}
          @change=${(e: Event) => updateDialog({ choice: (e.target as HTMLSelectElement).value })}
        >
          <option value="">${t("timeline.link.placeholder")}</option>
          ${others.map((r) => html`<option value=${r.id}>${r.account_label} · ${r.category_name ? `${r.category_name} · ` : ""}${r.name}</option>`)}
        </select>
      </label>
      ${d.error ? errorBlock(d.error) : nothing}
      <div class="form-actions end">
        ${partners.length
          ? html`<button type="button" class="btn btn-danger-text" data-testid="unlink-room-button" ?disabled=${d.busy} @click=${() => void confirmLink(d, true)}>
              ${t("timeline.link.unlink")}
            </button>`
          : nothing}
        <button type="button" class="btn" ?disabled=${d.busy} @click=${closeDialog}>${t("common.cancel")}</button>
        <button
          type="button"
          class="btn btn-primary"
          data-testid="link-room-button"
          ?disabled=${d.busy || !d.choice}
          @click=${() => void confirmLink(d, false)}
        >
          ${d.busy ? t("timeline.link.working") : t("timeline.link.confirm")}
        </button>
      </div>`,
    "link-room-dialog",
  );
}
