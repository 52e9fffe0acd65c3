// The KV store service shared by the API and the engine (Pebble's kv(), part 2's KV tasks).
import { notFound, resourceExpired, illegalArgument } from '../http/http-error';
import { nowIso } from '../engine/state';
import type { KvRepository, KvRow } from '../storage/kv-repository';
import { KEY_PATTERN, KEY_RULE_MESSAGE, readType, type KvType } from './kv-value';

export interface KvEntryJson {
  namespace: string;
  key: string;
  version: number;
  description?: string;
  creationDate: string;
  updateDate: string;
  expirationDate?: string;
}

export function entryJson(row: KvRow): KvEntryJson {
  const entry: KvEntryJson = { namespace: row.namespace, key: row.key, version: row.version, creationDate: row.creationDate, updateDate: row.updateDate };
  if (row.description !== undefined) entry.description = row.description;
  if (row.expirationDate !== undefined) entry.expirationDate = row.expirationDate;
  return entry;
}

export class KvStore {
  constructor(readonly repository: KvRepository) {}

  static checkKey(key: string): void {
    if (!KEY_PATTERN.test(key)) throw illegalArgument(KEY_RULE_MESSAGE);
  }

  put(namespace: string, key: string, value: { type: KvType; value: unknown }, options: { ttlMs?: number; description?: string } = {}): KvRow {
    KvStore.checkKey(key);
    const now = nowIso();
    const expirationDate = options.ttlMs !== undefined ? new Date(Date.now() + options.ttlMs).toISOString() : undefined;
    return this.repository.put({ namespace, key, type: value.type, value: value.value, description: options.description, expirationDate }, now);
  }

  /** The live entry; expired ones are deleted and reported as 410, missing ones as 404. */
  getOrThrow(namespace: string, key: string): KvRow {
    KvStore.checkKey(key);
    const row = this.repository.find(namespace, key);
    if (!row) throw notFound(`No value found for key '${key}' in namespace '${namespace}'`);
    if (row.expirationDate !== undefined && row.expirationDate <= nowIso()) {
      this.repository.delete(namespace, key);
      throw resourceExpired('The requested value has expired');
    }
    return row;
  }

  /** For templates: the value, or undefined when missing/expired. */
  value(namespace: string, key: string): unknown {
    const row = this.repository.find(namespace, key);
    if (!row || (row.expirationDate !== undefined && row.expirationDate <= nowIso())) return undefined;
    return row.value;
  }

  detail(row: KvRow): { type: KvType; value: unknown; revision: number; updated: string } {
    return { type: readType(row), value: row.value, revision: row.version, updated: row.updateDate };
  }

  delete(namespace: string, key: string): boolean {
    KvStore.checkKey(key);
    return this.repository.delete(namespace, key);
  }

  list(namespace: string): KvRow[] {
    return this.repository.list([namespace], nowIso());
  }

  /** Parent namespaces' entries, nearest parent first; a key defined closer hides farther ones. */
  inherited(namespace: string): KvRow[] {
    const parts = namespace.split('.');
    const parents = parts.slice(0, -1).map((_, i) => parts.slice(0, parts.length - 1 - i).join('.'));
    const rows = this.repository.list(parents, nowIso());
    const seen = new Set<string>();
    const result: KvRow[] = [];
    for (const parent of parents) {
      for (const row of rows.filter((r) => r.namespace === parent)) {
        if (seen.has(row.key)) continue;
        seen.add(row.key);
        result.push(row);
      }
    }
    return result;
  }
}
