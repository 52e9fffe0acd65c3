// Write-behind persistence for running executions. Every state change marks the execution (and the
// task runs it touched) dirty; a flush per event-loop turn writes them in a single SQLite
// transaction and only then announces them to followers, so a busy engine costs one commit every few
// milliseconds instead of one per change (each turn when few executions changed or an API call
// waits), and followers never see a state that was not committed. A flush stops after about a millisecond of rows (API waiters
// first, then ended executions) and the rest follows, so a thousand running executions never hold
// the event loop for a long commit.
//
// Durability: what the API acknowledges (creation, kill, pause, resume, restart…) is flushed before
// the response (`flushNow`). Progress between two flushes (a few milliseconds) can be lost by a
// `kill -9`; startup recovery resumes such executions from their last committed state.
import type { SandboxDatabase } from '../storage/database';
import type { ExecutionRepository } from '../storage/execution-repository';
import type { ExecutionEvents } from './execution-events';
import type { LiveExecution } from './live-execution';
import type { Execution, TaskRun } from './model';
import { isTerminated } from './state';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

interface Dirty {
  live: LiveExecution;
  taskRuns: Set<TaskRun>;
  /** Task runs were removed: rewrite every row of the execution. */
  rewrite?: boolean;
  /** API calls waiting for this change to be committed (group commit). */
  waiters: Waiter[];
}

/** Time a background flush may spend on rows before it leaves the rest to the next one. */
const FLUSH_SLICE_MS = 1;
/**
 * Background flushes run this often at most, unless an API call waits for one: each commit has a
 * fixed cost, so the engine's short slices do not each pay for a commit.
 */
const FLUSH_INTERVAL_MS = 4;
/** From this many executions waiting to be written, flushes are batched every FLUSH_INTERVAL_MS. */
const BUSY_DIRTY = 16;

export class ExecutionWriter {
  private dirty = new Map<string, Dirty>();
  private frozen = false;
  private scheduled: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private onError: (error: unknown) => void = (error) => console.error('[sandbox] could not save executions:', error);
  /**
   * Called once before a commit that ends executions, so their log lines are stored before
   * followers learn they ended (the engine flushes its log buffer here).
   */
  beforeTerminalCommit: () => void = () => undefined;

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
      entry = { live, taskRuns: new Set(), waiters: entry?.waiters ?? [] };
      this.dirty.set(live.id, entry);
    }
    for (const taskRun of taskRuns) entry.taskRuns.add(taskRun);
    this.schedule();
  }

  /**
   * The next flush: in this turn's check phase when an API call waits for it or few executions
   * changed (a quiet sandbox shows every step), else within a few milliseconds (a busy one batches).
   */
  private schedule(waited = false): void {
    const urgent = waited || this.dirty.size < BUSY_DIRTY;
    if (urgent && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.scheduled || (this.timer && !urgent)) return;
    const run = (): void => {
      this.cancelSchedule();
      try {
        this.write(FLUSH_SLICE_MS);
      } catch (error) {
        this.onError(error);
      }
    };
    if (urgent) this.scheduled = setImmediate(run);
    else this.timer = setTimeout(run, FLUSH_INTERVAL_MS);
  }

  private cancelSchedule(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    if (this.timer) clearTimeout(this.timer);
    this.scheduled = undefined;
    this.timer = undefined;
  }

  /** Task runs were dropped from the list (LoopUntil): the next flush rewrites all of them. */
  rewrite(live: LiveExecution): void {
    this.mark(live);
    const entry = this.dirty.get(live.id);
    if (entry) entry.rewrite = true;
  }

  /** Writes everything pending now (before an API answer, on shutdown). */
  flush(): void {
    this.cancelSchedule();
    this.write(Number.POSITIVE_INFINITY);
  }

  /**
   * Writes pending changes in one transaction, those API calls wait for first, until `budgetMs` is
   * spent (at least one); schedules the rest for the next turn.
   */
  private write(budgetMs: number): void {
    if (this.dirty.size === 0) return;
    const started = performance.now();
    const entries = [...this.dirty.values()];
    // API answers first, then ended executions: someone waits for those.
    const rank = (entry: Dirty): number => (entry.waiters.length > 0 ? 2 : isTerminated(entry.live.execution.state.current) ? 1 : 0);
    if (budgetMs !== Number.POSITIVE_INFINITY) entries.sort((a, b) => rank(b) - rank(a));
    this.writeEntries(entries, started, budgetMs);
  }

  private writeEntries(entries: Dirty[], started: number, budgetMs: number): void {
    const batch: Dirty[] = [];
    try {
      const ending = entries.some((entry) => isTerminated(entry.live.execution.state.current));
      this.db.transaction(() => {
        // In the same transaction: one commit for the lines and the end.
        if (ending) this.beforeTerminalCommit();
        for (const entry of entries) {
          if (batch.length > 0 && performance.now() - started >= budgetMs) break;
          this.dirty.delete(entry.live.id);
          batch.push(entry);
          if (entry.rewrite) this.repository.saveAll(entry.live.execution);
          else this.repository.save(entry.live.execution, entry.taskRuns, (t) => entry.live.positionOf(t));
        }
      });
    } catch (error) {
      for (const entry of batch) for (const waiter of entry.waiters) waiter.reject(error);
      throw error;
    } finally {
      if (this.dirty.size > 0) this.schedule([...this.dirty.values()].some((entry) => entry.waiters.length > 0));
    }
    for (const entry of batch) for (const waiter of entry.waiters) waiter.resolve();
    for (const entry of batch) this.events.emit(entry.live.execution);
  }

  /**
   * Marks and resolves once the change is committed, sharing one commit with whatever else is
   * pending (group commit: a burst of API creations costs one transaction per event-loop turn).
   */
  durable(live: LiveExecution, ...taskRuns: TaskRun[]): Promise<void> {
    if (this.frozen) return Promise.reject(new Error('The sandbox is stopping'));
    return new Promise((resolve, reject) => {
      this.mark(live, ...taskRuns);
      const entry = this.dirty.get(live.id);
      if (!entry) return reject(new Error('The sandbox is stopping'));
      entry.waiters.push({ resolve, reject });
      this.schedule(true);
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

  /** Marks and writes this execution at once (others stay for the next turns): durable when this returns. */
  flushNow(live: LiveExecution, ...taskRuns: TaskRun[]): void {
    this.mark(live, ...taskRuns);
    const entry = this.dirty.get(live.id);
    if (entry) this.writeEntries([entry], performance.now(), Number.POSITIVE_INFINITY);
  }

  /** The execution as last marked, while its change waits to be written (reads must not see the older row). */
  pending(id: string): Execution | undefined {
    return this.dirty.get(id)?.live.execution;
  }
}
