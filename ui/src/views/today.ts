// Today: the day at the desk across every account. Who arrives, who leaves, who is in house, and
// how full the house is tonight and on the next 14 nights (a bar chart). Reads the cache through
// `get_today`, so it works offline.

import { html, nothing, svg, type TemplateResult } from "lit";
import type { NightOccupancy } from "../bindings/NightOccupancy";
import type { Reservation } from "../bindings/Reservation";
import { cache, queries } from "../api";
import { todayIn } from "../dates";
import { formatDate, formatNumber, t, type MessageKey } from "../i18n";
import { navigate } from "../state";
import { errorBlock, loadingBlock, statePill } from "./components";
import { changesCard } from "./changes";
import { providerMark } from "./timeline";

function percent(n: NightOccupancy): number {
  return n.rooms === 0 ? 0 : Math.round((100 * n.occupied) / n.rooms);
}

function list(kind: "arrivals" | "departures" | "in_house", items: readonly Reservation[]): TemplateResult {
  return html`<section class="card today-list" aria-labelledby=${`today-${kind}`} data-testid=${`today-${kind}`}>
    <h2 id=${`today-${kind}`}>${t(`today.${kind}` as MessageKey)} <span class="count" data-testid=${`today-${kind}-count`}>${items.length}</span></h2>
    ${items.length === 0
      ? html`<p class="muted">${t(`today.${kind}.none` as MessageKey)}</p>`
      : html`<ul>
          ${items.map(
            (r) => html`<li>
              <a href=${`#/reservations/${r.id}`} data-testid="today-item" data-reservation-id=${r.id}>
                ${providerMark(r.provider)}
                <span class="today-guest">${r.guest_name ?? r.number ?? "—"}</span>
                <span class="muted">${r.room_name ?? r.category_name ?? t("timeline.unassigned")} · ${r.account_label}</span>
              </a>
              ${statePill(r.state)}
            </li>`,
          )}
        </ul>`}
  </section>`;
}

/** Occupancy per night as bars; each bar says its figure, for screen readers too. */
function chart(nights: readonly NightOccupancy[]): TemplateResult {
  const w = 640;
  const h = 180;
  const pad = { top: 18, bottom: 34, left: 8, right: 8 };
  const slot = (w - pad.left - pad.right) / Math.max(1, nights.length);
  const inner = h - pad.top - pad.bottom;
  return html`<figure class="card today-chart" data-testid="today-occupancy">
    <figcaption>${t("today.occupancy_title", { count: nights.length - 1 })}</figcaption>
    <svg viewBox=${`0 0 ${w} ${h}`} role="img" aria-label=${t("today.occupancy_label")}>
      ${nights.map((n, i) => {
        const p = percent(n);
        const bh = (inner * p) / 100;
        const x = pad.left + i * slot + slot * 0.15;
        const y = pad.top + inner - bh;
        const d = formatDate(n.night, "short");
        return svg`<g class=${i === 0 ? "occ occ-today" : "occ"} data-testid="today-occupancy-night" data-night=${n.night} data-occupied=${n.occupied} data-rooms=${n.rooms}>
          <title>${d}: ${t("today.occupancy_night", { occupied: n.occupied, rooms: n.rooms, percent: p })}</title>
          <rect class="occ-bg" x=${x} y=${pad.top} width=${slot * 0.7} height=${inner} rx="3"></rect>
          <rect class="occ-bar" x=${x} y=${y} width=${slot * 0.7} height=${bh} rx="3"></rect>
          <text class="occ-pct" x=${x + slot * 0.35} y=${Math.max(12, y - 4)} text-anchor="middle">${formatNumber(p)}%</text>
          <text class="occ-day" x=${x + slot * 0.35} y=${h - 18} text-anchor="middle">${d.split(" ")[0]}</text>
          <text class="occ-day" x=${x + slot * 0.35} y=${h - 5} text-anchor="middle">${d.split(" ").slice(1).join(" ")}</text>
        </g>`;
      })}
    </svg>
  </figure>`;
}

export function todayView(): TemplateResult {
  const date = todayIn();
  const q = queries.today(date);
  const board = q.data;
  let body: TemplateResult;
  if (q.error && !board) body = errorBlock(q.error, () => cache.invalidate());
  else if (!board) body = loadingBlock();
  else {
    const tonight = board.occupancy[0];
    body = html`
      ${board.overbookings.length
        ? html`<div class="banner banner-danger" role="alert" data-testid="today-overbooking">
            ${t("today.overbooking", { count: board.overbookings.length })}
            <button type="button" class="btn btn-small" @click=${() => navigate({ name: "timeline" })}>${t("today.open_timeline")}</button>
          </div>`
        : nothing}
      <div class="today-figures">
        <div class="card figure"><span class="figure-n">${board.arrivals.length}</span><span>${t("today.arrivals")}</span></div>
        <div class="card figure"><span class="figure-n">${board.departures.length}</span><span>${t("today.departures")}</span></div>
        <div class="card figure"><span class="figure-n">${board.in_house.length}</span><span>${t("today.in_house")}</span></div>
        <div class="card figure" data-testid="today-occupancy-tonight">
          <span class="figure-n">${tonight ? `${formatNumber(percent(tonight))}%` : "—"}</span>
          <span>${tonight ? t("today.tonight", { occupied: tonight.occupied, rooms: tonight.rooms }) : t("today.no_rooms")}</span>
        </div>
      </div>
      ${changesCard()} ${chart(board.occupancy)}
      <div class="today-lists">${list("arrivals", board.arrivals)} ${list("departures", board.departures)} ${list("in_house", board.in_house)}</div>
    `;
  }
  return html`<section class="screen screen-wide today-screen" aria-labelledby="screen-title" data-testid="today">
    <header class="screen-head">
      <h1 id="screen-title" tabindex="-1">${t("today.title")}</h1>
      <p class="muted">${formatDate(date, "long")}</p>
    </header>
    ${body}
  </section>`;
}
