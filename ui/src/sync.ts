// Starting syncs from the UI and following their progress in the header's indicator.

import type { AppError } from "./bindings/AppError";
import { api, cache } from "./api";
import { onSyncProgress } from "./events";
import { t } from "./i18n";
import { requestRender, showError, ui } from "./state";
import { applyProgress, syncAnswered, syncRequested } from "./sync-status";

const isAccountsKey = (key: string) => key === "list_accounts";

/** Syncs one account, or all when no id is given; `full` reads everything again. Resolves when
 * the shell has finished. */
export async function startSync(accountId?: number, full = false): Promise<void> {
  ui.sync = syncRequested(ui.sync);
  requestRender();
  let error: AppError | undefined;
  try {
    await api.syncNow(accountId, full || undefined);
  } catch (err) {
    error = err as AppError;
    showError(error, t("sync.failed"));
  } finally {
    ui.sync = syncAnswered(ui.sync, error);
    // The shell's data-changed refreshes the data; the account's status may change without it.
    cache.invalidate(isAccountsKey);
    requestRender();
  }
}

export function followSyncProgress(): Promise<unknown> {
  return onSyncProgress((p) => {
    ui.sync = applyProgress(ui.sync, p);
    // An account's status and last sync change as its sync ends.
    if (p.phase === "finished" || p.phase === "failed" || p.phase === "cancelled") {
      cache.invalidate(isAccountsKey);
      cache.invalidate((key) => key === "what_changed");
    }
    requestRender();
  });
}

/** Stops the account's running sync after the request in flight; what was read is kept. */
export async function stopSync(accountId: number): Promise<void> {
  try {
    await api.cancelSync(accountId);
  } catch (err) {
    showError(err as AppError, t("sync.failed"));
  }
}
