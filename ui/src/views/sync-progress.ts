// An account's running sync: a progress bar by the plan's windows, what was read, the time left,
// and a Stop button (what was read is kept; the next sync goes on from there).

import { html, nothing, type TemplateResult } from "lit";
import { formatNumber, t } from "../i18n";
import { stopSync } from "../sync";
import { fraction, type AccountSync } from "../sync-status";

/** "about 2 min left" / "about 40 s left". */
export function etaText(secs: number): string {
  return secs >= 90 ? t("sync.eta_min", { min: Math.round(secs / 60) }) : t("sync.eta_sec", { sec: Math.max(1, secs) });
}

export function syncProgressBar(accountId: number, a: AccountSync): TemplateResult {
  const f = fraction(a);
  const percent = f === undefined ? undefined : Math.round(f * 100);
  const parts = [
    a.resumed ? t("sync.resumed") : a.full ? t("sync.full") : t("sync.changes_only"),
    a.windowsTotal > 0 ? t("sync.windows", { done: a.windowsDone, total: a.windowsTotal }) : undefined,
    t("sync.records", { records: formatNumber(a.records) }),
    a.etaSecs !== undefined ? etaText(a.etaSecs) : undefined,
  ].filter((x): x is string => !!x);
  return html`<div class="sync-progress" data-testid="sync-progress" data-account-id=${accountId} data-resumed=${a.resumed ? "true" : "false"}>
    <div
      class="progress"
      role="progressbar"
      aria-label=${t("sync.progress_label")}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${percent ?? nothing}
      data-testid="sync-progress-bar"
    >
      <div class=${percent === undefined ? "progress-fill progress-indeterminate" : "progress-fill"} style=${`width: ${percent ?? 30}%`}></div>
    </div>
    <p class="small muted" data-testid="sync-progress-text">${parts.join(" · ")}</p>
    <button type="button" class="btn btn-small" data-testid="sync-stop" @click=${() => void stopSync(accountId)}>${t("sync.stop")}</button>
  </div>`;
}
