// Server data for the KV pane: react-query options under ['kestra', serverId, 'kv', …] (the writes
// are in kv-actions.ts). Values are fetched per key (Kestra lists keys without values), only for
// rows on screen.
import { queryOptions } from '@tanstack/react-query';
import type { KvEntry } from '../../../main/contract/kestra-model';
import { call } from '../../lib/call';
import { kestraKeys } from '../../lib/query-keys';
import { toKvRecord, type KvRecord } from './lib/kv-transfer';

export const kvKeys = {
  all: (serverId: string) => [...kestraKeys.server(serverId), 'kv'] as const,
  list: (serverId: string, namespace: string) => [...kvKeys.all(serverId), 'list', namespace] as const,
  inherited: (serverId: string, namespace: string) => [...kvKeys.all(serverId), 'inherited', namespace] as const,
  search: (serverId: string, q: string) => [...kvKeys.all(serverId), 'search', q] as const,
  value: (serverId: string, namespace: string, key: string) => [...kvKeys.all(serverId), 'value', namespace, key] as const,
};

export function kvListOptions(serverId: string, namespace: string) {
  return queryOptions({ queryKey: kvKeys.list(serverId, namespace), queryFn: ({ signal }) => call('kv.list', { serverId, namespace }, { signal }) });
}

export function kvInheritedOptions(serverId: string, namespace: string) {
  return queryOptions({ queryKey: kvKeys.inherited(serverId, namespace), queryFn: ({ signal }) => call('kv.inherited', { serverId, namespace }, { signal }) });
}

/**
 * Every namespace's keys: one paged search on servers that have it (Kestra 1.1+, capability
 * `kv.search`); on older ones each namespace is listed in turn (what Kestra's own UI does).
 */
export function kvSearchOptions(serverId: string, q: string, searchable: boolean, limit = 5000) {
  return queryOptions({
    queryKey: [...kvKeys.search(serverId, q), searchable] as const,
    queryFn: async ({ signal }) => {
      const size = 500;
      const results: KvEntry[] = [];
      if (searchable) {
        let total = 0;
        for (let page = 1; results.length < limit; page += 1) {
          const paged = await call('kv.search', { serverId, q: q || undefined, page, size, sort: ['key:asc'] }, { signal });
          results.push(...paged.results);
          total = paged.total;
          if (paged.results.length < size || results.length >= total) break;
        }
        return { results, total };
      }
      const namespaces = await call('namespaces.list', { serverId }, { signal });
      for (const namespace of namespaces) {
        if (results.length >= limit) break;
        results.push(...(await call('kv.list', { serverId, namespace }, { signal })));
      }
      return { results, total: results.length };
    },
  });
}

export function kvValueOptions(serverId: string, namespace: string, key: string) {
  return queryOptions({
    queryKey: kvKeys.value(serverId, namespace, key),
    queryFn: ({ signal }) => call('kv.get', { serverId, namespace, key }, { signal }),
    staleTime: 30_000,
  });
}

/** Reads every key of a namespace with its value (exports, copies, import previews). */
export async function readNamespaceRecords(
  serverId: string,
  namespace: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ records: KvRecord[]; failed: { key: string; message: string }[] }> {
  const entries = await call('kv.list', { serverId, namespace }, { signal: options.signal });
  const records: KvRecord[] = [];
  const failed: { key: string; message: string }[] = [];
  let done = 0;
  // A few at a time: one request per key, and a namespace may hold thousands.
  const queue = [...entries];
  const worker = async (): Promise<void> => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      try {
        const value = await call('kv.get', { serverId, namespace, key: entry.key }, { signal: options.signal });
        records.push(toKvRecord(entry, value));
      } catch (error) {
        // 410: expired between list and get; it is gone, not an error worth stopping for.
        const status = (error as { status?: number }).status;
        if (status !== 410 && status !== 404) failed.push({ key: entry.key, message: error instanceof Error ? error.message : String(error) });
      }
      done += 1;
      options.onProgress?.(done, entries.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, entries.length) }, worker));
  options.signal?.throwIfAborted();
  return { records: records.sort((a, b) => a.key.localeCompare(b.key)), failed };
}
