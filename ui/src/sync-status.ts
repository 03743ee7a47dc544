// The header's sync indicator as a pure model over `sync-progress` events and the UI's own
// `sync_now` calls. Scheduled syncs started by the shell show up through their events alone.

import type { AppError } from "./bindings/AppError";
import type { SyncPhase } from "./bindings/SyncPhase";
import type { SyncProgress } from "./bindings/SyncProgress";
import { toAppError } from "./errors";

export interface AccountSync {
  phase: SyncPhase;
  pages: number;
  records: number;
  /** Windows of the plan read, of how many (0 before the plan is made). */
  windowsDone: number;
  windowsTotal: number;
  full: boolean;
  resumed: boolean;
  /** Seconds left, once the shell can tell. */
  etaSecs: number | undefined;
  error: AppError | undefined;
}

export interface SyncState {
  /** `sync_now` calls made by this window and not answered yet. */
  running: number;
  accounts: Readonly<Record<number, AccountSync>>;
  /** The last `sync_now` rejection, until the next sync starts. */
  error: AppError | undefined;
}

export type SyncSummary =
  | { kind: "idle" }
  | { kind: "syncing"; accountId: number | undefined; phase: SyncPhase | undefined; pages: number; records: number; fraction: number | undefined }
  | { kind: "error"; accountId: number | undefined; error: AppError };

export const initialSync: SyncState = { running: 0, accounts: {}, error: undefined };

export const isDone = (phase: SyncPhase) => phase === "finished" || phase === "failed" || phase === "cancelled";

/** How far an account's sync is, 0 to 1, by windows; undefined while there is no plan. */
export function fraction(a: AccountSync): number | undefined {
  return a.windowsTotal > 0 ? Math.min(1, a.windowsDone / a.windowsTotal) : undefined;
}

export function applyProgress(state: SyncState, p: SyncProgress): SyncState {
  return {
    ...state,
    accounts: {
      ...state.accounts,
      [p.account_id]: {
        phase: p.phase,
        pages: p.pages,
        records: p.records,
        windowsDone: p.windows_done,
        windowsTotal: p.windows_total,
        full: p.full,
        resumed: p.resumed,
        etaSecs: p.eta_secs ?? undefined,
        error: p.error ? toAppError(p.error) : undefined,
      },
    },
  };
}

export function syncRequested(state: SyncState): SyncState {
  return { ...state, running: state.running + 1, error: undefined };
}

/** A `sync_now` call was answered; when none is left, phases whose end was missed count as done. */
export function syncAnswered(state: SyncState, error?: AppError): SyncState {
  const running = Math.max(0, state.running - 1);
  let accounts = state.accounts;
  if (running === 0) {
    accounts = Object.fromEntries(
      Object.entries(state.accounts).map(([id, a]) => [id, isDone(a.phase) ? a : { ...a, phase: "finished" as const }]),
    );
  }
  return { running, accounts, error: error ?? state.error };
}

export function summarize(state: SyncState): SyncSummary {
  const entries = Object.entries(state.accounts).map(([id, a]) => [Number(id), a] as const);
  const active = entries.find(([, a]) => !isDone(a.phase));
  if (active) {
    const [accountId, a] = active;
    return { kind: "syncing", accountId, phase: a.phase, pages: a.pages, records: a.records, fraction: fraction(a) };
  }
  if (state.running > 0) return { kind: "syncing", accountId: undefined, phase: undefined, pages: 0, records: 0, fraction: undefined };
  const failed = entries.find(([, a]) => a.phase === "failed");
  if (failed) {
    const [accountId, a] = failed;
    return { kind: "error", accountId, error: a.error ?? state.error ?? { kind: "internal", message: "" } };
  }
  if (state.error) return { kind: "error", accountId: undefined, error: state.error };
  return { kind: "idle" };
}

/** The account's sync while it runs; undefined when none runs. */
export function runningSync(state: SyncState, accountId: number): AccountSync | undefined {
  const a = state.accounts[accountId];
  return a && !isDone(a.phase) ? a : undefined;
}
