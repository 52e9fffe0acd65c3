// Write-behind persistence for running executions. Every state change marks the execution (and the
// task runs it touched) dirty; one flush per event-loop turn writes all of them in a single SQLite
// transaction and only then announces them to followers, so a busy engine costs one commit per turn
// instead of one per change, and followers never see a state that was not committed.
//
// Durability: what the API acknowledges (creation, kill, pause, resume, restart…) is flushed before
// the response (`flushNow`). Progress between two flushes (a few milliseconds) can be lost by a
// `kill -9`; startup recovery resumes such executions from their last committed state.
import type { SandboxDatabase } from '../storage/database';
import type { ExecutionRepository } from '../storage/execution-repository';
import type { ExecutionEvents } from './execution-events';
import type { LiveExecution } from './live-execution';
import type { TaskRun } from './model';

interface Dirty {
  live: LiveExecution;
  taskRuns: Set<TaskRun>;
  /** Task runs were removed: rewrite every row of the execution. */
  rewrite?: boolean;
}

export class ExecutionWriter {
  private dirty = new Map<string, Dirty>();
  private frozen = false;
  private scheduled: NodeJS.Immediate | undefined;
  private onError: (error: unknown) => void = (error) => console.error('[sandbox] could not save executions:', error);

  constructor(
    private readonly db: SandboxDatabase,
    private readonly repository: ExecutionRepository,
    private readonly events: ExecutionEvents,
  ) {}

  /** Marks the execution row (and optionally task runs) for the next flush. */
  mark(live: LiveExecution, ...taskRuns: TaskRun[]): void {
    if (this.frozen) return;
    let entry = this.dirty.get(live.id);
    if (!entry || entry.live !== live) {
      entry = { live, taskRuns: new Set() };
      this.dirty.set(live.id, entry);
    }
    for (const taskRun of taskRuns) entry.taskRuns.add(taskRun);
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      try {
        this.flush();
      } catch (error) {
        this.onError(error);
      }
    });
  }

  /** Task runs were dropped from the list (LoopUntil): the next flush rewrites all of them. */
  rewrite(live: LiveExecution): void {
    this.mark(live);
    const entry = this.dirty.get(live.id);
    if (entry) entry.rewrite = true;
  }

  /** Writes everything pending now (before an API answer, on shutdown). */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    const waiters = this.waiters;
    this.waiters = [];
    if (this.dirty.size === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    const batch = [...this.dirty.values()];
    this.dirty = new Map();
    try {
      this.db.transaction(() => {
        for (const { live, taskRuns, rewrite } of batch) {
          if (rewrite) this.repository.saveAll(live.execution);
          else this.repository.save(live.execution, taskRuns, (t) => live.positionOf(t));
        }
      });
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
      throw error;
    }
    for (const waiter of waiters) waiter.resolve();
    for (const { live } of batch) this.events.emit(live.execution);
  }

  private waiters: { resolve(): void; reject(error: unknown): void }[] = [];

  /**
   * Marks and resolves once the change is committed, sharing one commit with whatever else is
   * pending (group commit: a burst of API creations costs one transaction per event-loop turn).
   */
  durable(live: LiveExecution, ...taskRuns: TaskRun[]): Promise<void> {
    if (this.frozen) return Promise.reject(new Error('The sandbox is stopping'));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.mark(live, ...taskRuns);
    });
  }

  /**
   * Stops writing (shutdown): what runs after this point is interrupted work whose state must stay
   * as last saved, so the next start resumes it.
   */
  freeze(): void {
    this.flush();
    this.frozen = true;
  }

  /** Marks and flushes at once: the change is durable when this returns. */
  flushNow(live: LiveExecution, ...taskRuns: TaskRun[]): void {
    this.mark(live, ...taskRuns);
    this.flush();
  }
}
