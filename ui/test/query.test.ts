import { describe, expect, it } from "vitest";
import { invalidateOnDataChanged } from "../src/events";
import { QueryCache, queryKey, stableStringify } from "../src/query";

const tick = () => new Promise((r) => setTimeout(r, 0));

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("query keys", () => {
  it("do not depend on key order or undefined members", () => {
    expect(stableStringify({ b: 1, a: { d: undefined, c: 2 } })).toBe('{"a":{"c":2},"b":1}');
    expect(queryKey("list_reservations", { query: { sort: "arrival", states: [] } })).toBe(
      queryKey("list_reservations", { query: { states: [], sort: "arrival", search: undefined } }),
    );
    expect(queryKey("app_status")).toBe("app_status");
  });
});

describe("QueryCache", () => {
  it("fetches once per key and reports loading, then data", async () => {
    const cache = new QueryCache();
    let calls = 0;
    const fetcher = async () => ++calls;
    cache.beginRender();
    expect(cache.read("k", fetcher)).toMatchObject({ loading: true, fetching: true, data: undefined });
    expect(cache.read("k", fetcher).loading).toBe(true);
    await tick();
    cache.beginRender();
    expect(cache.read("k", fetcher)).toMatchObject({ loading: false, fetching: false, data: 1 });
    expect(calls).toBe(1);
  });

  it("is loading while a query waits for its first answer, not while a refetch runs or after an error", async () => {
    const cache = new QueryCache();
    expect(cache.anyLoading()).toBe(false);
    const first = deferred<number>();
    cache.read("a", () => first.promise);
    const failing = deferred<number>();
    cache.read("b", () => failing.promise);
    expect(cache.anyLoading()).toBe(true);
    first.resolve(1);
    await tick();
    expect(cache.anyLoading()).toBe(true);
    failing.reject(new Error("offline"));
    await tick();
    expect(cache.anyLoading()).toBe(false);
    const refetch = deferred<number>();
    cache.invalidate((k) => k === "a");
    cache.read("a", () => refetch.promise);
    expect(cache.anyLoading()).toBe(false);
  });

  it("refetches shown queries on invalidation, keeping the old data meanwhile", async () => {
    const cache = new QueryCache();
    let n = 0;
    const fetcher = async () => ++n;
    let notified = 0;
    cache.subscribe(() => notified++);
    cache.beginRender();
    cache.read("shown", fetcher);
    await tick();
    cache.invalidate();
    const during = cache.read("shown", fetcher);
    expect(during).toMatchObject({ data: 1, fetching: true, loading: false });
    await tick();
    expect(cache.read("shown", fetcher).data).toBe(2);
    expect(notified).toBe(2);
  });

  it("refetches queries not shown by the last render only when read again", async () => {
    const cache = new QueryCache();
    let calls = 0;
    const fetcher = async () => ++calls;
    cache.beginRender();
    cache.read("old", fetcher);
    await tick();
    cache.beginRender(); // a render that no longer shows "old"
    cache.invalidate();
    await tick();
    expect(calls).toBe(1);
    cache.beginRender();
    expect(cache.read("old", fetcher)).toMatchObject({ data: 1, fetching: true });
    await tick();
    expect(calls).toBe(2);
  });

  it("drops an answer that an invalidation overtook", async () => {
    const cache = new QueryCache();
    const first = deferred<string>();
    const second = deferred<string>();
    const answers = [first, second];
    const fetcher = () => answers.shift()!.promise;
    cache.beginRender();
    cache.read("k", fetcher);
    cache.invalidate(); // the data changed while the first fetch was running
    second.resolve("new");
    await tick();
    first.resolve("old");
    await tick();
    expect(cache.read("k", fetcher).data).toBe("new");
  });

  it("keeps data and adds the error when a refetch fails", async () => {
    const cache = new QueryCache();
    let fail = false;
    const fetcher = async () => {
      if (fail) throw { kind: "unavailable", message: "Mews is down." };
      return "rows";
    };
    cache.beginRender();
    cache.read("k", fetcher);
    await tick();
    fail = true;
    cache.invalidate();
    await tick();
    expect(cache.read("k", fetcher)).toMatchObject({ data: "rows", error: { kind: "unavailable", message: "Mews is down." } });
  });

  it("invalidates only matching keys", async () => {
    const cache = new QueryCache();
    const counts: Record<string, number> = { a: 0, b: 0 };
    cache.beginRender();
    cache.read("list_guests", async () => ++counts.a!);
    cache.read("list_accounts", async () => ++counts.b!);
    await tick();
    cache.invalidate((k) => k.startsWith("list_guests"));
    await tick();
    expect(counts).toEqual({ a: 2, b: 1 });
  });

  it("evicts the least recently shown entries beyond its size", async () => {
    const cache = new QueryCache(2);
    for (const k of ["a", "b", "c"]) {
      cache.beginRender();
      cache.read(k, async () => k);
      await tick();
    }
    expect(cache.size()).toBe(2);
  });

  it("refetches what is shown when the shell emits data-changed", async () => {
    const cache = new QueryCache();
    const handlers: Record<string, (e: { payload: unknown }) => void> = {};
    await invalidateOnDataChanged(cache, async (event, handler) => {
      handlers[event] = handler as (e: { payload: unknown }) => void;
      return () => {};
    });
    let calls = 0;
    cache.beginRender();
    cache.read("list_reservations {}", async () => ++calls);
    await tick();
    handlers["data-changed"]!({ payload: { account_id: 1 } });
    await tick();
    expect(calls).toBe(2);
  });
});
