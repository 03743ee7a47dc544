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
  | { kind: "syncing"; accountId: number | undefined; phase: SyncPhase | undefined; pages: number; records: number }
  | { kind: "error"; accountId: number | undefined; error: AppError };

export const initialSync: SyncState = { running: 0, accounts: {}, error: undefined };

const isDone = (phase: SyncPhase) => phase === "finished" || phase === "failed";

export function applyProgress(state: SyncState, p: SyncProgress): SyncState {
  return {
    ...state,
    accounts: {
      ...state.accounts,
      [p.account_id]: { phase: p.phase, pages: p.pages, records: p.records, error: p.error ? toAppError(p.error) : undefined },
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
    return { kind: "syncing", accountId, phase: a.phase, pages: a.pages, records: a.records };
  }
  if (state.running > 0) return { kind: "syncing", accountId: undefined, phase: undefined, pages: 0, records: 0 };
  const failed = entries.find(([, a]) => a.phase === "failed");
  if (failed) {
    const [accountId, a] = failed;
    return { kind: "error", accountId, error: a.error ?? state.error ?? { kind: "internal", message: "" } };
  }
  if (state.error) return { kind: "error", accountId: undefined, error: state.error };
  return { kind: "idle" };
}
