// KV export files, imports, and copies between namespaces or servers: one record shape, one change
// plan (add / update / unchanged / invalid) that the preview dialog shows before anything is written.
import type { KvEntry, KvType } from '../../../../main/contract/kestra-model';
import { kvKeyError } from './kv-key';
import { checkNaturalValue, KV_TYPES, sameJsonValue } from './kv-value';

export const KV_EXPORT_KIND = 'kestra-console/kv-export';

export interface KvRecord {
  key: string;
  type: KvType;
  value: unknown;
  description?: string;
  /** Absolute expiry (ISO) as exported; turned into a TTL when written. */
  expirationDate?: string;
}

export interface KvExportFile {
  kind: typeof KV_EXPORT_KIND;
  version: 1;
  namespace: string;
  exportedAt: string;
  entries: KvRecord[];
}

export function buildKvExport(namespace: string, records: KvRecord[], now = new Date()): KvExportFile {
  const entries = [...records].sort((a, b) => a.key.localeCompare(b.key)).map((r) => {
    const out: KvRecord = { key: r.key, type: r.type, value: r.value };
    if (r.description) out.description = r.description;
    if (r.expirationDate) out.expirationDate = r.expirationDate;
    return out;
  });
  return { kind: KV_EXPORT_KIND, version: 1, namespace, exportedAt: now.toISOString(), entries };
}

export function kvExportFileName(namespace: string, now = new Date()): string {
  return `${namespace}_kv_${now.toISOString().slice(0, 10)}.json`;
}

export interface InvalidKvRecord {
  index: number;
  key?: string;
  reason: string;
}

export interface ParsedKvImport {
  namespace?: string;
  records: KvRecord[];
  invalid: InvalidKvRecord[];
}

/** Reads an export file (or a bare array of records); never throws, reports each bad entry. */
export function parseKvImport(text: string): { ok: true; data: ParsedKvImport } | { ok: false; error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The file is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  let namespace: string | undefined;
  let list: unknown;
  if (Array.isArray(doc)) list = doc;
  else if (doc && typeof doc === 'object') {
    const obj = doc as Record<string, unknown>;
    if (obj.kind !== undefined && obj.kind !== KV_EXPORT_KIND) return { ok: false, error: `Unknown file kind "${String(obj.kind)}".` };
    if (obj.version !== undefined && obj.version !== 1) return { ok: false, error: `Unsupported export version ${String(obj.version)}.` };
    namespace = typeof obj.namespace === 'string' ? obj.namespace : undefined;
    list = obj.entries;
  }
  if (!Array.isArray(list)) return { ok: false, error: 'The file has no "entries" list of KV pairs.' };

  const records: KvRecord[] = [];
  const invalid: InvalidKvRecord[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      invalid.push({ index, reason: 'not an object' });
      return;
    }
    const e = item as Record<string, unknown>;
    const key = typeof e.key === 'string' ? e.key : undefined;
    const reject = (reason: string): void => {
      invalid.push({ index, key, reason });
    };
    if (key === undefined) return reject('no "key"');
    const keyProblem = kvKeyError(key);
    if (keyProblem) return reject(keyProblem);
    if (seen.has(key)) return reject('the key appears twice in the file');
    const type = e.type;
    if (typeof type !== 'string' || !(KV_TYPES as readonly string[]).includes(type)) {
      return reject(`unknown type ${JSON.stringify(type)} (expected one of ${KV_TYPES.join(', ')})`);
    }
    const checked = checkNaturalValue(type as KvType, e.value);
    if (!checked.ok) return reject(checked.error);
    if (e.description !== undefined && typeof e.description !== 'string') return reject('"description" must be a string');
    if (e.expirationDate !== undefined && (typeof e.expirationDate !== 'string' || Number.isNaN(Date.parse(e.expirationDate)))) {
      return reject('"expirationDate" must be an ISO date-time');
    }
    seen.add(key);
    const record: KvRecord = { key, type: type as KvType, value: checked.value };
    if (typeof e.description === 'string' && e.description) record.description = e.description;
    if (typeof e.expirationDate === 'string') record.expirationDate = e.expirationDate;
    records.push(record);
  });
  return { ok: true, data: { namespace, records, invalid } };
}

export type KvChangeKind = 'add' | 'update' | 'unchanged' | 'expired';

export interface KvChange {
  kind: KvChangeKind;
  record: KvRecord;
  /** What the target holds now, for updates. */
  current?: KvRecord;
  /** Which fields differ, for updates. */
  fields?: ('type' | 'value' | 'description')[];
  /** TTL to send, from the record's expirationDate. */
  ttl?: string;
}

/** Remaining life of an absolute expiry as an ISO duration in whole seconds (undefined when none). */
export function ttlFromExpiration(expirationDate: string | undefined, now: number): string | 'expired' | undefined {
  if (!expirationDate) return undefined;
  const seconds = Math.floor((Date.parse(expirationDate) - now) / 1000);
  if (seconds <= 0) return 'expired';
  return `PT${seconds}S`;
}

/** What writing `incoming` into a target holding `current` would change. */
export function planKvChanges(incoming: KvRecord[], current: Map<string, KvRecord>, now = Date.now()): KvChange[] {
  return incoming.map((record): KvChange => {
    const ttl = ttlFromExpiration(record.expirationDate, now);
    if (ttl === 'expired') return { kind: 'expired', record };
    const existing = current.get(record.key);
    if (!existing) return { kind: 'add', record, ttl };
    const fields: KvChange['fields'] = [];
    if (existing.type !== record.type) fields.push('type');
    if (!sameJsonValue(existing.value, record.value)) fields.push('value');
    if ((existing.description ?? '') !== (record.description ?? '')) fields.push('description');
    // A TTL alone is no reason to rewrite: the value would be the same and the expiry moves.
    return fields.length ? { kind: 'update', record, current: existing, fields, ttl } : { kind: 'unchanged', record, current: existing };
  });
}

export function summarizeKvPlan(changes: KvChange[]): Record<KvChangeKind, number> {
  const counts: Record<KvChangeKind, number> = { add: 0, update: 0, unchanged: 0, expired: 0 };
  for (const change of changes) counts[change.kind] += 1;
  return counts;
}

/** A list entry with its value, as the table and exports need it. */
export function toKvRecord(entry: KvEntry, value: { type: KvType; value: unknown }): KvRecord {
  const record: KvRecord = { key: entry.key, type: value.type, value: value.value };
  if (entry.description) record.description = entry.description;
  if (entry.expirationDate) record.expirationDate = entry.expirationDate;
  return record;
}
