// Execution logs: one row per line, `seq` gives the global order used for paging and live follow.
import { LOG_LEVELS, type LogEntry, type LogLevel } from '../engine/model';
import type { SandboxDatabase } from './database';

export interface StoredLog {
  seq: number;
  entry: LogEntry;
}

export interface ExecutionLogFilter {
  minLevel?: LogLevel;
  taskRunId?: string;
  taskId?: string;
  attempt?: number;
}

const COLUMNS = 'seq, execution_id, namespace, flow_id, task_id, task_run_id, attempt, trigger_id, timestamp, level, thread, message, execution_kind';

export function rowToLog(row: unknown[], tenantId: string): StoredLog {
  const [seq, executionId, namespace, flowId, taskId, taskRunId, attempt, triggerId, timestamp, level, thread, message, kind] = row;
  const entry: LogEntry = { tenantId, namespace: String(namespace), flowId: String(flowId), timestamp: String(timestamp), level: LOG_LEVELS[Number(level)] ?? 'INFO', message: String(message) };
  if (taskId !== null) entry.taskId = String(taskId);
  if (executionId !== null) entry.executionId = String(executionId);
  if (taskRunId !== null) entry.taskRunId = String(taskRunId);
  if (attempt !== null) entry.attemptNumber = Number(attempt);
  if (triggerId !== null) entry.triggerId = String(triggerId);
  if (thread !== null) entry.thread = String(thread);
  if (kind !== null) entry.executionKind = String(kind) as LogEntry['executionKind'];
  return { seq: Number(seq), entry };
}

function executionConditions(executionId: string, filter: ExecutionLogFilter): { where: string; params: unknown[] } {
  const where = ['execution_id = ?'];
  const params: unknown[] = [executionId];
  if (filter.minLevel) {
    where.push('level >= ?');
    params.push(LOG_LEVELS.indexOf(filter.minLevel));
  }
  if (filter.taskRunId) {
    where.push('task_run_id = ?');
    params.push(filter.taskRunId);
  }
  if (filter.taskId) {
    where.push('task_id = ?');
    params.push(filter.taskId);
  }
  if (filter.attempt !== undefined) {
    where.push('attempt = ?');
    params.push(filter.attempt);
  }
  return { where: where.join(' AND '), params };
}

export class LogRepository {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly tenantId: string,
  ) {}

  /** Inserts in one transaction; returns the assigned sequence numbers. */
  insertMany(entries: LogEntry[]): number[] {
    const seqs: number[] = [];
    this.db.transaction(() => {
      for (const e of entries) {
        const info = this.db.run(
          'INSERT INTO logs (execution_id, namespace, flow_id, task_id, task_run_id, attempt, trigger_id, timestamp, level, thread, message, execution_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [
            e.executionId ?? null,
            e.namespace,
            e.flowId,
            e.taskId ?? null,
            e.taskRunId ?? null,
            e.attemptNumber ?? null,
            e.triggerId ?? null,
            e.timestamp,
            LOG_LEVELS.indexOf(e.level),
            e.thread ?? null,
            e.message,
            e.executionKind ?? null,
          ],
        );
        seqs.push(info.lastInsertRowid);
      }
    });
    return seqs;
  }

  /** A page of an execution's logs after `afterSeq`, in order. */
  byExecution(executionId: string, filter: ExecutionLogFilter, afterSeq = 0, limit = 10_000): StoredLog[] {
    const { where, params } = executionConditions(executionId, filter);
    return this.db.rows(`SELECT ${COLUMNS} FROM logs WHERE ${where} AND seq > ? ORDER BY seq LIMIT ?`, [...params, afterSeq, limit]).map((r) => rowToLog(r, this.tenantId));
  }

  /** Raw rows (timestamp, level, message) for text downloads, page by page. */
  linesAfter(executionId: string, filter: ExecutionLogFilter, afterSeq: number, limit: number): [number, string, number, string][] {
    const { where, params } = executionConditions(executionId, filter);
    return this.db.rows(`SELECT seq, timestamp, level, message FROM logs WHERE ${where} AND seq > ? ORDER BY seq LIMIT ?`, [...params, afterSeq, limit]) as [
      number,
      string,
      number,
      string,
    ][];
  }

  search(where: string[], params: unknown[], orderBy: string, limit: number, offset: number): { results: LogEntry[]; total: number } {
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = Number(this.db.value(`SELECT count(*) FROM logs ${clause}`, params) ?? 0);
    const results = this.db.rows(`SELECT ${COLUMNS} FROM logs ${clause} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`, params).map((r) => rowToLog(r, this.tenantId).entry);
    return { results, total };
  }

  hasRows(executionId: string): boolean {
    return this.db.row('SELECT 1 FROM logs WHERE execution_id = ? LIMIT 1', [executionId]) !== undefined;
  }

  executionIdsOfFlow(namespace: string, flowId: string): string[] {
    return this.db.rows('SELECT DISTINCT execution_id FROM logs WHERE namespace = ? AND flow_id = ? AND execution_id IS NOT NULL', [namespace, flowId]).map((r) => String(r[0]));
  }

  deleteByExecution(executionId: string, filter: ExecutionLogFilter = {}): number {
    const { where, params } = executionConditions(executionId, filter);
    return this.db.run(`DELETE FROM logs WHERE ${where}`, params).changes;
  }

  deleteByFlow(namespace: string, flowId: string, triggerId?: string): number {
    return triggerId
      ? this.db.run('DELETE FROM logs WHERE namespace = ? AND flow_id = ? AND trigger_id = ?', [namespace, flowId, triggerId]).changes
      : this.db.run('DELETE FROM logs WHERE namespace = ? AND flow_id = ?', [namespace, flowId]).changes;
  }
}
