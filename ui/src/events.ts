// The shell's events (docs/ipc.md): `sync-progress` during a sync, `data-changed` after any write
// to the cache.

import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { DataChanged } from "./bindings/DataChanged";
import type { SyncProgress } from "./bindings/SyncProgress";
import type { QueryCache } from "./query";

export type Listen = <T>(event: string, handler: (e: { payload: T }) => void) => Promise<UnlistenFn>;

/** Refetches every shown query whenever the shell reports a write to the cache. */
export function invalidateOnDataChanged(cache: QueryCache, listenFn: Listen = listen): Promise<UnlistenFn> {
  return listenFn<DataChanged>("data-changed", () => cache.invalidate());
}

export function onSyncProgress(handler: (p: SyncProgress) => void, listenFn: Listen = listen): Promise<UnlistenFn> {
  return listenFn<SyncProgress>("sync-progress", (e) => handler(e.payload));
}
