// KV entries: the latest value of each key with its version, description and expiry.
import type { KvType } from '../kv/kv-value';
import type { SandboxDatabase } from './database';

export interface KvRow {
  namespace: string;
  key: string;
  version: number;
  type: KvType;
  value: unknown;
  description?: string;
  creationDate: string;
  updateDate: string;
  expirationDate?: string;
}

const COLUMNS = 'namespace, key, version, type, value, description, creation_date, update_date, expiration_date';

function toRow(r: unknown[]): KvRow {
  const [namespace, key, version, type, value, description, creationDate, updateDate, expirationDate] = r;
  const row: KvRow = {
    namespace: String(namespace),
    key: String(key),
    version: Number(version),
    type: String(type) as KvType,
    value: JSON.parse(String(value)) as unknown,
    creationDate: String(creationDate),
    updateDate: String(updateDate),
  };
  if (description !== null) row.description = String(description);
  if (expirationDate !== null) row.expirationDate = String(expirationDate);
  return row;
}

export class KvRepository {
  constructor(private readonly db: SandboxDatabase) {}

  find(namespace: string, key: string): KvRow | undefined {
    const r = this.db.row(`SELECT ${COLUMNS} FROM kv WHERE namespace = ? AND key = ?`, [namespace, key]);
    return r ? toRow(r) : undefined;
  }

  /** Upserts and bumps the version; returns the stored row. */
  put(entry: { namespace: string; key: string; type: KvType; value: unknown; description?: string; expirationDate?: string }, now: string): KvRow {
    return this.db.transaction(() => {
      const existing = this.find(entry.namespace, entry.key);
      const row: KvRow = {
        namespace: entry.namespace,
        key: entry.key,
        version: (existing?.version ?? 0) + 1,
        type: entry.type,
        value: entry.value,
        ...(entry.description !== undefined ? { description: entry.description } : {}),
        creationDate: existing?.creationDate ?? now,
        updateDate: now,
        ...(entry.expirationDate !== undefined ? { expirationDate: entry.expirationDate } : {}),
      };
      this.db.run(`INSERT OR REPLACE INTO kv (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        row.namespace,
        row.key,
        row.version,
        row.type,
        JSON.stringify(row.value ?? null),
        row.description ?? null,
        row.creationDate,
        row.updateDate,
        row.expirationDate ?? null,
      ]);
      return row;
    });
  }

  delete(namespace: string, key: string): boolean {
    return this.db.run('DELETE FROM kv WHERE namespace = ? AND key = ?', [namespace, key]).changes > 0;
  }

  /** Live (not expired at `now`) entries of the given namespaces. */
  list(namespaces: string[], now: string): KvRow[] {
    if (namespaces.length === 0) return [];
    return this.db
      .rows(
        `SELECT ${COLUMNS} FROM kv WHERE namespace IN (${namespaces.map(() => '?').join(', ')}) AND (expiration_date IS NULL OR expiration_date > ?) ORDER BY namespace, key`,
        [...namespaces, now],
      )
      .map(toRow);
  }

  search(where: string[], params: unknown[], orderBy: string, limit: number, offset: number, now: string): { rows: KvRow[]; total: number } {
    const clause = ['(expiration_date IS NULL OR expiration_date > ?)', ...where].join(' AND ');
    const all = [now, ...params];
    const total = Number(this.db.value(`SELECT count(*) FROM kv WHERE ${clause}`, all) ?? 0);
    const rows = this.db.rows(`SELECT ${COLUMNS} FROM kv WHERE ${clause} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`, all).map(toRow);
    return { rows, total };
  }

  namespaces(now: string): string[] {
    return this.db.rows('SELECT DISTINCT namespace FROM kv WHERE expiration_date IS NULL OR expiration_date > ?', [now]).map((r) => String(r[0]));
  }
}
