// Limits on the server data the query cache holds, so a console open all day across many servers
// stays within bounds while every loaded server still switches back at once.
//
// Server data (keys under ['kestra', serverId, …]) does not expire by time: a loaded server's
// queries stay while its panes are hidden, so coming back shows them without a fetch. Instead:
// - an unloaded server (app/server-residency.ts) keeps only what the rail and the status bar need
//   (health, configs, capabilities); everything else of it that nothing observes is removed;
// - a loaded server keeps at most `maxInactiveQueries` queries that nothing observes, holding at
//   most `maxInactiveRows` rows (list entries, task runs) between them, the most recently used
//   first. A huge answer (an execution of 100,000 task runs) is not kept once nothing shows it.
// Queries something observes (what is on screen) are never removed.
import type { Query, QueryClient } from '@tanstack/react-query';

export interface CacheLimits {
  maxInactiveQueries: number;
  maxInactiveRows: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxInactiveQueries: 60, maxInactiveRows: 20_000 };

/** Kept for an unloaded server: small, and what shows it in the rail and the status bar. */
const KEPT_WHEN_UNLOADED: ReadonlySet<string> = new Set(['health', 'configs', 'capabilities']);

/** Delay after the last change before trimming (a pane switch removes and adds many observers). */
const TRIM_DELAY_MS = 500;

/** The server a query belongs to, for keys under ['kestra', serverId, …]. */
export function serverOfKey(key: readonly unknown[]): string | undefined {
  return key[0] === 'kestra' && typeof key[1] === 'string' ? key[1] : undefined;
}

/**
 * A rough size of an answer in rows: the length of a list, of a page's results, of an
 * execution's task runs; 1 for anything else. Cheap (no walk over the data).
 */
export function approximateRows(data: unknown): number {
  if (Array.isArray(data)) return Math.max(1, data.length);
  if (data && typeof data === 'object') {
    const record = data as { results?: unknown; taskRunList?: unknown; pages?: unknown };
    for (const list of [record.results, record.taskRunList, record.pages]) if (Array.isArray(list)) return Math.max(1, list.length);
  }
  return 1;
}

export interface CachedQuery {
  hash: string;
  key: readonly unknown[];
  /** Something observes it (a mounted component, even a disabled one). */
  active: boolean;
  /** When it was last observed or updated (ms). */
  lastUsed: number;
  rows: number;
}

/** Hashes of the queries to remove, given the loaded servers and the limits. */
export function queriesToTrim(queries: readonly CachedQuery[], loaded: ReadonlySet<string>, limits: CacheLimits = DEFAULT_CACHE_LIMITS): string[] {
  const remove: string[] = [];
  const inactiveByServer = new Map<string, CachedQuery[]>();
  for (const query of queries) {
    const serverId = serverOfKey(query.key);
    if (serverId === undefined || query.active) continue;
    if (!loaded.has(serverId)) {
      if (!KEPT_WHEN_UNLOADED.has(String(query.key[2]))) remove.push(query.hash);
      continue;
    }
    const list = inactiveByServer.get(serverId) ?? [];
    list.push(query);
    inactiveByServer.set(serverId, list);
  }
  for (const list of inactiveByServer.values()) {
    list.sort((a, b) => b.lastUsed - a.lastUsed);
    let kept = 0;
    let rows = 0;
    for (const query of list) {
      if (kept < limits.maxInactiveQueries && rows + query.rows <= limits.maxInactiveRows) {
        kept += 1;
        rows += query.rows;
      } else remove.push(query.hash);
    }
  }
  return remove;
}

export interface CacheLimiter {
  /** Trims now; returns how many queries were removed. */
  trim(): number;
  dispose(): void;
}

/**
 * Applies the limits to a client: server data stops expiring by time, and the cache is trimmed
 * shortly after observers come and go, and whenever `trim()` is called (the loaded set changed).
 */
export function installCacheLimits(client: QueryClient, loaded: () => ReadonlySet<string>, limits: CacheLimits = DEFAULT_CACHE_LIMITS): CacheLimiter {
  client.setQueryDefaults(['kestra'], { gcTime: Infinity });
  const cache = client.getQueryCache();
  const lastUsed = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const trim = (): number => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const byHash = new Map<string, Query>();
    const described: CachedQuery[] = [];
    for (const query of cache.getAll()) {
      byHash.set(query.queryHash, query);
      described.push({
        hash: query.queryHash,
        key: query.queryKey,
        active: query.getObserversCount() > 0,
        lastUsed: lastUsed.get(query.queryHash) ?? query.state.dataUpdatedAt,
        rows: approximateRows(query.state.data),
      });
    }
    const remove = queriesToTrim(described, loaded(), limits);
    for (const hash of remove) {
      const query = byHash.get(hash);
      if (query) cache.remove(query);
    }
    return remove.length;
  };

  const unsubscribe = cache.subscribe((event) => {
    const hash = event.query.queryHash;
    switch (event.type) {
      case 'removed':
        lastUsed.delete(hash);
        return;
      case 'observerRemoved':
        lastUsed.set(hash, Date.now());
        if (!timer) timer = setTimeout(trim, TRIM_DELAY_MS);
        return;
      case 'added':
      case 'observerAdded':
      case 'updated':
        lastUsed.set(hash, Date.now());
        return;
      default:
    }
  });

  return {
    trim,
    dispose: () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    },
  };
}
