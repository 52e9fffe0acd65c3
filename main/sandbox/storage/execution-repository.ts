// Executions and their task runs. The execution row holds the execution without its task runs plus
// indexed columns for search; each task run is its own row so a long execution's updates stay small.
import type { Execution, TaskRun } from '../engine/model';
import type { SandboxDatabase } from './database';

export interface ExecutionQuery {
  where: string[];
  params: unknown[];
  orderBy: string;
  limit: number;
  offset: number;
}

function durationMs(execution: Execution): number | null {
  const { startDate, endDate } = execution.state;
  return startDate && endDate ? Date.parse(endDate) - Date.parse(startDate) : null;
}

export class ExecutionRepository {
  constructor(private readonly db: SandboxDatabase) {}

  /**
   * Writes the execution row and the given task runs in one transaction. `positionOf` gives a task
   * run's index in the list (the engine keeps an index; scanning a 10,000-run list per row is slow).
   */
  save(execution: Execution, taskRuns: Iterable<TaskRun> = [], positionOf?: (taskRun: TaskRun) => number): void {
    const { taskRunList, ...document } = execution;
    this.db.transaction(() => {
      this.db.run(
        `INSERT INTO executions (id, namespace, flow_id, flow_revision, state, start_date, end_date, duration_ms, original_id, parent_id, kind, deleted, labels, document)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, start_date = excluded.start_date, end_date = excluded.end_date,
           duration_ms = excluded.duration_ms, deleted = excluded.deleted, labels = excluded.labels, document = excluded.document,
           flow_revision = excluded.flow_revision`,
        [
          execution.id,
          execution.namespace,
          execution.flowId,
          execution.flowRevision,
          execution.state.current,
          execution.state.startDate ?? execution.state.histories[0]?.date ?? new Date().toISOString(),
          execution.state.endDate ?? null,
          durationMs(execution),
          execution.originalId ?? null,
          execution.parentId ?? null,
          execution.kind ?? null,
          execution.deleted ? 1 : 0,
          JSON.stringify(execution.labels ?? []),
          JSON.stringify(document),
        ],
      );
      const list = taskRunList ?? [];
      for (const taskRun of taskRuns) {
        const position = positionOf ? positionOf(taskRun) : list.indexOf(taskRun);
        this.db.run(
          `INSERT INTO task_runs (id, execution_id, position, document) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET position = excluded.position, document = excluded.document`,
          [taskRun.id, execution.id, position < 0 ? list.length : position, JSON.stringify(taskRun)],
        );
      }
    });
  }

  /** Replaces every task run of an execution (restart/replay rewrite the list). */
  saveAll(execution: Execution): void {
    this.db.transaction(() => {
      this.db.run('DELETE FROM task_runs WHERE execution_id = ?', [execution.id]);
      this.save(execution, execution.taskRunList ?? []);
    });
  }

  /** The stored task-run documents of an execution, in list order. */
  private taskRunDocuments(executionId: string): string[] {
    return this.db.rows('SELECT document FROM task_runs WHERE execution_id = ? ORDER BY position, rowid', [executionId]).map((r) => String(r[0]));
  }

  private taskRuns(executionId: string): TaskRun[] {
    return this.taskRunDocuments(executionId).map((document) => JSON.parse(document) as TaskRun);
  }

  /** The stored execution document (without its task runs), unless missing or deleted. */
  private document(id: string): string | undefined {
    const row = this.db.row('SELECT document FROM executions WHERE id = ? AND deleted = 0', [id]);
    return row ? String(row[0]) : undefined;
  }

  find(id: string): Execution | undefined {
    const document = this.document(id);
    if (document === undefined) return undefined;
    const execution = JSON.parse(document) as Execution;
    execution.taskRunList = this.taskRuns(id);
    return execution;
  }

  /**
   * `JSON.stringify(find(id))` without parsing and serialising again: the stored documents joined
   * (the task runs come last, as `find` adds them). A 100,000-task-run execution is 84 MB of JSON.
   */
  findJson(id: string): string | undefined {
    const document = this.document(id);
    if (document === undefined) return undefined;
    return `${document.slice(0, -1)}${document === '{}' ? '' : ','}"taskRunList":[${this.taskRunDocuments(id).join(',')}]}`;
  }

  search(query: ExecutionQuery): { executions: Execution[]; total: number } {
    const where = ['deleted = 0', ...query.where].join(' AND ');
    const total = Number(this.db.value(`SELECT count(*) FROM executions WHERE ${where}`, query.params) ?? 0);
    const rows = this.db.rows(`SELECT id, document FROM executions WHERE ${where} ORDER BY ${query.orderBy} LIMIT ${query.limit} OFFSET ${query.offset}`, query.params);
    const executions = rows.map((r) => {
      const execution = JSON.parse(String(r[1])) as Execution;
      execution.taskRunList = this.taskRuns(String(r[0]));
      return execution;
    });
    return { executions, total };
  }

  /** Ids of executions in the given states (startup recovery). */
  idsInStates(states: string[]): string[] {
    if (states.length === 0) return [];
    return this.db.rows(`SELECT id FROM executions WHERE deleted = 0 AND state IN (${states.map(() => '?').join(', ')}) ORDER BY start_date`, states).map((r) => String(r[0]));
  }

  delete(id: string): void {
    this.db.transaction(() => {
      this.db.run('DELETE FROM task_runs WHERE execution_id = ?', [id]);
      this.db.run('DELETE FROM executions WHERE id = ?', [id]);
    });
  }

  namespaces(): string[] {
    return this.db.rows('SELECT DISTINCT namespace FROM executions WHERE deleted = 0', []).map((r) => String(r[0]));
  }
}
