// Flows and every one of their revisions. The latest revision of each flow (deleted or not) is in
// `flows`; all revisions, including the deletion marker, are in `flow_revisions`.
import type { FlowDocument } from '../flows/parse-flow';
import type { StoredFlow } from '../flows/flow-model';
import type { SandboxDatabase } from './database';

const COLUMNS = 'namespace, id, revision, deleted, source, document, updated';

type FlowRow = [string, string, number, number, string, string, string];

function toFlow(row: unknown[]): StoredFlow {
  const [namespace, id, revision, deleted, source, document, updated] = row as FlowRow;
  return { namespace, id, revision: Number(revision), deleted: deleted === 1, source, updated, document: JSON.parse(document) as FlowDocument };
}

export interface FlowQuery {
  where: string[];
  params: unknown[];
  orderBy: string;
  limit?: number;
  offset?: number;
}

export class FlowRepository {
  constructor(private readonly db: SandboxDatabase) {}

  /** The latest revision, deleted or not. */
  latest(namespace: string, id: string): StoredFlow | undefined {
    const row = this.db.row(`SELECT ${COLUMNS} FROM flows WHERE namespace = ? AND id = ?`, [namespace, id]);
    return row ? toFlow(row) : undefined;
  }

  /** The latest non-deleted revision. */
  find(namespace: string, id: string): StoredFlow | undefined {
    const flow = this.latest(namespace, id);
    return flow && !flow.deleted ? flow : undefined;
  }

  revision(namespace: string, id: string, revision: number): StoredFlow | undefined {
    const row = this.db.row(`SELECT ${COLUMNS} FROM flow_revisions WHERE namespace = ? AND id = ? AND revision = ?`, [namespace, id, revision]);
    return row ? toFlow(row) : undefined;
  }

  revisions(namespace: string, id: string): StoredFlow[] {
    return this.db.rows(`SELECT ${COLUMNS} FROM flow_revisions WHERE namespace = ? AND id = ? ORDER BY revision`, [namespace, id]).map(toFlow);
  }

  /** Writes a new revision and makes it the latest, atomically. */
  save(flow: StoredFlow): StoredFlow {
    const params = [flow.namespace, flow.id, flow.revision, flow.deleted ? 1 : 0, flow.source, JSON.stringify(flow.document), flow.updated];
    this.db.transaction(() => {
      this.db.run(`INSERT INTO flow_revisions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, params);
      this.db.run(`INSERT OR REPLACE INTO flows (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, params);
    });
    return flow;
  }

  /** Removes the given revisions (never the latest one). Returns how many were removed. */
  deleteRevisions(namespace: string, id: string, revisions: number[]): number {
    const latest = this.latest(namespace, id);
    let removed = 0;
    this.db.transaction(() => {
      for (const revision of revisions) {
        if (latest && revision === latest.revision) continue;
        removed += this.db.run('DELETE FROM flow_revisions WHERE namespace = ? AND id = ? AND revision = ?', [namespace, id, revision]).changes;
      }
    });
    return removed;
  }

  /** Non-deleted latest flows matching SQL conditions on `flows`. */
  search(query: FlowQuery): { flows: StoredFlow[]; total: number } {
    const where = ['deleted = 0', ...query.where].join(' AND ');
    const total = Number(this.db.value(`SELECT count(*) FROM flows WHERE ${where}`, query.params) ?? 0);
    const paging = query.limit !== undefined ? ` LIMIT ${query.limit} OFFSET ${query.offset ?? 0}` : '';
    const flows = this.db.rows(`SELECT ${COLUMNS} FROM flows WHERE ${where} ORDER BY ${query.orderBy}${paging}`, query.params).map(toFlow);
    return { flows, total };
  }

  byNamespace(namespace: string): StoredFlow[] {
    return this.db.rows(`SELECT ${COLUMNS} FROM flows WHERE deleted = 0 AND namespace = ? ORDER BY id`, [namespace]).map(toFlow);
  }

  distinctNamespaces(): string[] {
    return this.db.rows('SELECT DISTINCT namespace FROM flows WHERE deleted = 0 ORDER BY namespace', []).map((r) => String(r[0]));
  }
}
