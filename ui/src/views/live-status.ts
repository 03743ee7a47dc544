// The "Live" / "Reconnecting…" / "Polling" pill on each account: whether its changes arrive as they
// happen (Mews' WebSocket notifications) or with the scheduled sync. The shell reports each change
// as a `live-status` event; `live_statuses` gives the current ones when the window opens.

import { html, nothing, type TemplateResult } from "lit";
import { listen } from "@tauri-apps/api/event";
import type { AccountLiveStatus } from "../bindings/AccountLiveStatus";
import type { LiveStatus } from "../bindings/LiveStatus";
import type { ProviderKind } from "../bindings/ProviderKind";
import { api } from "../api";
import type { Listen } from "../events";
import { t, type MessageKey } from "../i18n";
import { requestRender } from "../state";
import { providerName } from "./reservation-detail";

export type LiveStatuses = ReadonlyMap<number, LiveStatus>;

let statuses: LiveStatuses = new Map();

/** The statuses with one account's replaced. */
export function applyLiveStatus(current: LiveStatuses, s: AccountLiveStatus): LiveStatuses {
  const next = new Map(current);
  next.set(s.account_id, s.status);
  return next;
}

export function liveStatusOf(accountId: number): LiveStatus | undefined {
  return statuses.get(accountId);
}

/** Loads the current statuses, then follows the shell's `live-status` events. */
export async function followLiveStatus(listenFn: Listen = listen): Promise<unknown> {
  // Listen first, so a change between the answer and the subscription is not lost.
  const unlisten = await listenFn<AccountLiveStatus>("live-status", (e) => {
    statuses = applyLiveStatus(statuses, e.payload);
    requestRender();
  });
  const current = await api.liveStatuses();
  // Events that arrived meanwhile are newer than the answer.
  const fromEvents = statuses;
  statuses = new Map(current.map((s) => [s.account_id, s.status]));
  for (const [id, s] of fromEvents) statuses = applyLiveStatus(statuses, { account_id: id, status: s });
  requestRender();
  return unlisten;
}

/** Forgets every status (tests). */
export function resetLiveStatuses(): void {
  statuses = new Map();
}

/** Label key and the pill's look; "not supported" reads as polling, since that is what it means. */
function shape(status: LiveStatus): { label: MessageKey; tone: string } {
  switch (status.state) {
    case "connected":
      return { label: "live.connected", tone: "live-on" };
    case "reconnecting":
      return { label: "live.reconnecting", tone: "live-retry" };
    case "polling":
    case "not_supported":
      return { label: "live.polling", tone: "live-off" };
  }
}

export function liveTitle(status: LiveStatus, provider: ProviderKind): string {
  const name = providerName(provider);
  switch (status.state) {
    case "connected":
      return t("live.title.connected", { provider: name });
    case "reconnecting":
      return t("live.title.reconnecting", { secs: status.next_in_secs, attempt: status.attempt });
    case "polling":
      return t("live.title.polling");
    case "not_supported":
      return t("live.title.not_supported", { provider: name });
  }
}

/** The pill, or nothing while the shell has not reported on the account yet. */
export function livePill(status: LiveStatus | undefined, provider: ProviderKind): TemplateResult | typeof nothing {
  if (!status) return nothing;
  const { label, tone } = shape(status);
  return html`<span class="pill ${tone}" data-testid="account-live" data-live=${status.state} title=${liveTitle(status, provider)}
    >${t(label)}</span
  >`;
}
