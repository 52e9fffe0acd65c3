// Sorting, searching and the inherited-keys split for the KV table (pure, so it is unit-tested and
// stays fast with thousands of keys).
import type { KvEntry } from '../../../../main/contract/kestra-model';

export type KvSortColumn = 'key' | 'namespace' | 'description' | 'updateDate' | 'expirationDate';
export interface KvSort {
  column: KvSortColumn;
  direction: 'asc' | 'desc';
}

export function filterKvEntries(entries: KvEntry[], query: string): KvEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return entries;
  return entries.filter((e) => e.key.toLowerCase().includes(q) || (e.description ?? '').toLowerCase().includes(q) || e.namespace.toLowerCase().includes(q));
}

export function sortKvEntries(entries: KvEntry[], sort: KvSort): KvEntry[] {
  const factor = sort.direction === 'asc' ? 1 : -1;
  const text = (e: KvEntry): string => String(e[sort.column] ?? '');
  const isDate = sort.column === 'updateDate' || sort.column === 'expirationDate';
  return [...entries].sort((a, b) => {
    const av = text(a);
    const bv = text(b);
    // Empty values (no expiry, no description) go last in either direction.
    if (!av && bv) return 1;
    if (av && !bv) return -1;
    const cmp = isDate ? Date.parse(av) - Date.parse(bv) : av.localeCompare(bv, undefined, { numeric: true, sensitivity: 'base' });
    return (cmp || a.key.localeCompare(b.key)) * factor;
  });
}

export interface InheritedKvEntry extends KvEntry {
  /** True when this namespace defines the same key, which wins in `kv()` lookups. */
  overridden: boolean;
}

export function markOverridden(own: KvEntry[], inherited: KvEntry[]): InheritedKvEntry[] {
  const ownKeys = new Set(own.map((e) => e.key));
  return inherited.map((e) => ({ ...e, overridden: ownKeys.has(e.key) }));
}

/** Whether an entry has expired at `now` (the server deletes it on the next read). */
export function isExpired(entry: KvEntry, now = Date.now()): boolean {
  return !!entry.expirationDate && Date.parse(entry.expirationDate) <= now;
}

/** Parents of a namespace, nearest first: a.b.c → a.b, a. */
export function parentNamespaces(namespace: string): string[] {
  const parts = namespace.split('.');
  const out: string[] = [];
  for (let n = parts.length - 1; n > 0; n -= 1) out.push(parts.slice(0, n).join('.'));
  return out;
}
