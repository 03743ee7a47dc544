// A small query cache: one entry per command + arguments. Screens read through it while they
// render; `invalidate` (called on every `data-changed` event and after each write) refetches
// what the last render showed and marks the rest stale, so no screen keeps an old copy of its own.
// Data is kept while a refetch runs, so a refresh never blanks a table.

import type { AppError } from "./bindings/AppError";
import { toAppError } from "./errors";

export interface QueryState<T> {
  data: T | undefined;
  error: AppError | undefined;
  /** No data yet and a fetch is running: show a loading state. */
  loading: boolean;
  /** A fetch is running, possibly behind data already shown. */
  fetching: boolean;
  /** When the data was last received (ms since epoch). */
  updatedAt: number | undefined;
}

interface Entry {
  fetcher: () => Promise<unknown>;
  data: unknown;
  hasData: boolean;
  error: AppError | undefined;
  fetching: boolean;
  stale: boolean;
  /** Bumped per fetch; an answer whose number is no longer current is dropped. */
  seq: number;
  /** The render generation that last read this entry. */
  usedAt: number;
  updatedAt: number | undefined;
}

/** JSON with sorted object keys and without `undefined` members, so equal arguments give equal keys. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

export function queryKey(command: string, args?: unknown): string {
  return args === undefined ? command : `${command} ${stableStringify(args)}`;
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private generation = 0;

  constructor(private readonly maxEntries = 200) {}

  /** `fn` runs whenever an entry receives data or an error. Returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Starts a render: the entries read from now on count as "shown". */
  /** Whether a screen still waits for its first answer to some query. */
  anyLoading(): boolean {
    for (const e of this.entries.values()) if (e.fetching && !e.hasData && !e.error) return true;
    return false;
  }

  beginRender(): void {
    this.generation++;
  }

  read<T>(key: string, fetcher: () => Promise<T>): QueryState<T> {
    let e = this.entries.get(key);
    if (!e) {
      e = {
        fetcher,
        data: undefined,
        hasData: false,
        error: undefined,
        fetching: false,
        stale: true,
        seq: 0,
        usedAt: this.generation,
        updatedAt: undefined,
      };
      this.entries.set(key, e);
      this.evict();
    }
    e.fetcher = fetcher;
    e.usedAt = this.generation;
    if (e.stale && !e.fetching) this.fetch(e);
    return {
      data: e.data as T | undefined,
      error: e.error,
      loading: e.fetching && !e.hasData,
      fetching: e.fetching,
      updatedAt: e.updatedAt,
    };
  }

  /**
   * Marks matching entries (all when no predicate) stale. Those the last render showed are
   * refetched at once, even when a fetch is running (its answer may predate the change); the
   * others refetch when next read.
   */
  invalidate(match: (key: string) => boolean = () => true): void {
    for (const [key, e] of this.entries) {
      if (!match(key)) continue;
      e.stale = true;
      if (e.usedAt === this.generation) this.fetch(e);
    }
  }

  /** Drops everything (e.g. after an account was removed, when ids may be reused). */
  clear(): void {
    this.entries.clear();
    this.notify();
  }

  size(): number {
    return this.entries.size;
  }

  private fetch(e: Entry): void {
    const seq = ++e.seq;
    e.fetching = true;
    e.stale = false;
    let promise: Promise<unknown>;
    try {
      promise = e.fetcher();
    } catch (err) {
      promise = Promise.reject(err);
    }
    promise.then(
      (data) => {
        if (seq !== e.seq) return;
        e.data = data;
        e.hasData = true;
        e.error = undefined;
        e.fetching = false;
        e.updatedAt = Date.now();
        this.notify();
      },
      (err: unknown) => {
        if (seq !== e.seq) return;
        e.error = toAppError(err);
        e.fetching = false;
        this.notify();
      },
    );
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const old = [...this.entries]
      .filter(([, e]) => !e.fetching && e.usedAt < this.generation)
      .sort(([, a], [, b]) => a.usedAt - b.usedAt);
    for (const [key] of old.slice(0, this.entries.size - this.maxEntries)) this.entries.delete(key);
  }

  private notify(): void {
    for (const fn of this.listeners) fn();
  }
}
