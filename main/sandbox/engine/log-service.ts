// Log writing for running tasks: lines are buffered briefly and inserted in batches (libsql is
// synchronous, one transaction per line would stall the event loop), mirrored into per-execution
// text files for fast downloads, then announced to live followers with their sequence numbers.
import { EventEmitter } from 'node:events';
import type { SandboxDatabase } from '../storage/database';
import type { ExecutionLogFilter, LogRepository, StoredLog } from '../storage/log-repository';
import type { LogTextFiles } from '../storage/log-text-files';
import type { LogEntry } from './model';

const FLUSH_DELAY_MS = 20;
const FLUSH_SIZE = 2_000;
/** Lines one background flush writes before leaving the rest to the next event-loop turn. */
const BACKGROUND_BATCH = 100;
/** Past this many pending lines, `append` writes them all at once (bounded memory). */
const MAX_PENDING = 50_000;
/**
 * An execution gets a text copy of its logs once it has logged this many lines: below it, a
 * download reads the rows just as fast, and thousands of small executions would otherwise cost a
 * file write each per flush.
 */
export const TEXT_COPY_THRESHOLD = 2_000;

/** One line of `GET /logs/{id}/download`. */
export function downloadLine(entry: Pick<LogEntry, 'timestamp' | 'level' | 'message'>): string {
  return `${entry.timestamp} ${entry.level} ${entry.message}`;
}

export class LogService {
  private pending: LogEntry[] = [];
  /** Lines stored by this process per execution without a text copy yet (bounded). */
  private readonly uncopied = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly events = new EventEmitter();
  private frozen = false;

  constructor(
    readonly repository: LogRepository,
    readonly textFiles: LogTextFiles,
    private readonly db: SandboxDatabase,
  ) {
    this.events.setMaxListeners(0);
  }

  append(entry: LogEntry): void {
    if (this.frozen) return;
    this.pending.push(entry);
    if (this.pending.length >= MAX_PENDING) this.flush();
    else if (this.pending.length >= FLUSH_SIZE) this.writeSoon();
    else this.timer ??= setTimeout(() => this.writeSome(), FLUSH_DELAY_MS);
  }

  /** Writes every pending line now (before reads that must see them, and on shutdown). */
  flush(): void {
    this.cancelTimers();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.write(batch);
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private writeSoon(): void {
    this.immediate ??= setImmediate(() => {
      this.immediate = undefined;
      this.writeSome();
    });
  }

  /** Background flush: a bounded batch per event-loop turn, so a burst of lines does not hold it. */
  private writeSome(): void {
    this.cancelTimers();
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, BACKGROUND_BATCH);
    try {
      this.write(batch);
    } catch (error) {
      console.error('[sandbox] could not save log lines:', error);
    }
    if (this.pending.length > 0) this.writeSoon();
  }

  private write(batch: LogEntry[]): void {
    const lines = new Map<string, string[]>();
    for (const entry of batch) {
      if (!entry.executionId) continue;
      let list = lines.get(entry.executionId);
      if (!list) lines.set(entry.executionId, (list = []));
      list.push(downloadLine(entry));
    }
    const sizes = new Map<string, number>();
    for (const [executionId, text] of lines) {
      let size: number | undefined;
      if (this.textFiles.has(executionId)) {
        size = this.textFiles.append(executionId, text, () => false);
      } else {
        const count = (this.uncopied.get(executionId) ?? 0) + text.length;
        if (count < TEXT_COPY_THRESHOLD) {
          if (this.uncopied.size >= 50_000) this.uncopied.clear();
          this.uncopied.set(executionId, count);
          continue;
        }
        // Large enough: start the copy with the lines already stored, then these.
        this.uncopied.delete(executionId);
        const earlier = this.repository.byExecution(executionId, {}, 0, Number.MAX_SAFE_INTEGER).map((stored) => downloadLine(stored.entry));
        size = this.textFiles.append(executionId, [...earlier, ...text], () => false);
      }
      if (size !== undefined) sizes.set(executionId, size);
    }
    let seqs: number[];
    try {
      seqs = this.db.transaction(() => {
        const inserted = this.repository.insertMany(batch);
        for (const [executionId, size] of sizes) this.textFiles.record(executionId, size);
        return inserted;
      });
    } catch (error) {
      this.textFiles.reset([...sizes.keys()]);
      throw error;
    }
    for (const [executionId, size] of sizes) this.textFiles.committedNow(executionId, size);
    const byExecution = new Map<string, StoredLog[]>();
    batch.forEach((entry, i) => {
      const key = entry.executionId ?? '';
      let list = byExecution.get(key);
      if (!list) byExecution.set(key, (list = []));
      list.push({ seq: seqs[i]!, entry });
    });
    for (const [executionId, logs] of byExecution) this.events.emit(executionId, logs);
  }

  /** Shutdown: writes what is pending and ignores later lines (from interrupted tasks). */
  freeze(): void {
    this.flush();
    this.frozen = true;
  }

  /** Live lines of one execution, after they are stored. Returns an unsubscribe function. */
  subscribe(executionId: string, listener: (logs: StoredLog[]) => void): () => void {
    this.events.on(executionId, listener);
    return () => this.events.off(executionId, listener);
  }

  deleteExecution(executionId: string, filter: ExecutionLogFilter = {}): number {
    this.flush();
    this.uncopied.delete(executionId);
    const removed = this.repository.deleteByExecution(executionId, filter);
    this.textFiles.invalidate(executionId);
    return removed;
  }

  deleteFlow(namespace: string, flowId: string, triggerId?: string): number {
    this.flush();
    for (const executionId of this.repository.executionIdsOfFlow(namespace, flowId)) this.textFiles.invalidate(executionId);
    return this.repository.deleteByFlow(namespace, flowId, triggerId);
  }
}
