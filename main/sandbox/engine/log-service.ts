// Log writing for running tasks: lines are buffered briefly and inserted in batches (libsql is
// synchronous, one transaction per line would stall the event loop), then announced to live
// followers with their sequence numbers.
import { EventEmitter } from 'node:events';
import type { LogRepository, StoredLog } from '../storage/log-repository';
import type { LogEntry } from './model';

const FLUSH_DELAY_MS = 20;
const FLUSH_SIZE = 2_000;

export class LogService {
  private pending: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly events = new EventEmitter();

  constructor(readonly repository: LogRepository) {
    this.events.setMaxListeners(0);
  }

  append(entry: LogEntry): void {
    this.pending.push(entry);
    if (this.pending.length >= FLUSH_SIZE) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  /** Writes every pending line now (before reads that must see them, and on shutdown). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const seqs = this.repository.insertMany(batch);
    const byExecution = new Map<string, StoredLog[]>();
    batch.forEach((entry, i) => {
      const key = entry.executionId ?? '';
      let list = byExecution.get(key);
      if (!list) byExecution.set(key, (list = []));
      list.push({ seq: seqs[i]!, entry });
    });
    for (const [executionId, logs] of byExecution) this.events.emit(executionId, logs);
  }

  /** Live lines of one execution, after they are stored. Returns an unsubscribe function. */
  subscribe(executionId: string, listener: (logs: StoredLog[]) => void): () => void {
    this.events.on(executionId, listener);
    return () => this.events.off(executionId, listener);
  }
}
