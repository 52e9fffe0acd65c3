import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { approximateRows, installCacheLimits, queriesToTrim, serverOfKey, type CachedQuery, type CacheLimiter } from './query-cache-limits';

const query = (key: unknown[], extra: Partial<CachedQuery> = {}): CachedQuery => ({ hash: JSON.stringify(key), key, active: false, lastUsed: 0, rows: 1, ...extra });

describe('query cache limits', () => {
  it('reads the server of a key and the size of an answer', () => {
    expect(serverOfKey(['kestra', 's1', 'flows'])).toBe('s1');
    expect(serverOfKey(['console', 'servers'])).toBeUndefined();
    expect(approximateRows([1, 2, 3])).toBe(3);
    expect(approximateRows({ results: new Array(40) })).toBe(40);
    expect(approximateRows({ taskRunList: new Array(100_000) })).toBe(100_000);
    expect(approximateRows({ id: 'x' })).toBe(1);
  });

  it('an unloaded server keeps what the rail and status bar show and what is on screen', () => {
    const queries = [
      query(['kestra', 'gone', 'health']),
      query(['kestra', 'gone', 'capabilities']),
      query(['kestra', 'gone', 'flows', 'search']),
      query(['kestra', 'gone', 'executions', 'detail', 'x'], { active: true }),
      query(['kestra', 'here', 'flows', 'search']),
      query(['console', 'servers']),
    ];
    expect(queriesToTrim(queries, new Set(['here']))).toEqual([JSON.stringify(['kestra', 'gone', 'flows', 'search'])]);
  });

  it('a loaded server keeps its most recently used unobserved queries within the count and row limits', () => {
    const queries = [
      query(['kestra', 'a', 'q', 1], { lastUsed: 1 }),
      query(['kestra', 'a', 'q', 2], { lastUsed: 4 }),
      query(['kestra', 'a', 'q', 3], { lastUsed: 3 }),
      query(['kestra', 'a', 'q', 4], { lastUsed: 2, active: true }),
    ];
    expect(queriesToTrim(queries, new Set(['a']), { maxInactiveQueries: 2, maxInactiveRows: 100 })).toEqual([JSON.stringify(['kestra', 'a', 'q', 1])]);
    // A huge answer nothing shows is not kept, even when it is the most recent.
    const huge = [query(['kestra', 'a', 'big'], { lastUsed: 9, rows: 100_000 }), query(['kestra', 'a', 'small'], { lastUsed: 1, rows: 10 })];
    expect(queriesToTrim(huge, new Set(['a']), { maxInactiveQueries: 10, maxInactiveRows: 20_000 })).toEqual([JSON.stringify(['kestra', 'a', 'big'])]);
  });

  describe('on a real query client', () => {
    let limiter: CacheLimiter | undefined;
    afterEach(() => limiter?.dispose());

    it('stops server data from expiring by time and trims an unloaded server to its health', () => {
      const client = new QueryClient();
      let loaded = new Set(['a', 'b']);
      limiter = installCacheLimits(client, () => loaded);
      expect(client.getQueryDefaults(['kestra', 'a', 'flows']).gcTime).toBe(Infinity);
      for (const server of ['a', 'b']) {
        client.setQueryData(['kestra', server, 'health'], { ok: true });
        client.setQueryData(['kestra', server, 'executions', 'search'], { results: [{ id: 1 }], total: 1 });
      }
      client.setQueryData(['console', 'servers'], []);
      expect(limiter.trim()).toBe(0);
      loaded = new Set(['a']);
      expect(limiter.trim()).toBe(1);
      const keys = client
        .getQueryCache()
        .getAll()
        .map((q) => q.queryKey);
      expect(keys).toEqual(expect.arrayContaining([['kestra', 'a', 'health'], ['kestra', 'a', 'executions', 'search'], ['kestra', 'b', 'health'], ['console', 'servers']]));
      expect(keys).not.toContainEqual(['kestra', 'b', 'executions', 'search']);
    });
  });
});
