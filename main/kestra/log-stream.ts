// Log lines for the renderer: de-duplicated across reconnects (Kestra replays every stored line
// of an execution on each new follow) and packed into column batches (LogBatch).
import type { LogEntry } from '../contract/kestra-model';
import type { LogBatch } from '../contract/streams';

/** cyrb53: a fast 53-bit string hash (public domain); collisions are negligible at millions of lines. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function lineKey(entry: LogEntry): string {
  return `${entry.timestamp}\u0001${entry.level}\u0001${entry.taskRunId ?? ''}\u0001${entry.attemptNumber ?? ''}\u0001${entry.thread ?? ''}\u0001${entry.message}`;
}

/**
 * Multiset de-duplication: within one connection the n-th occurrence of a line is new only if
 * fewer than n were delivered before. Two identical lines logged in the same millisecond stay two
 * lines; a replayed line is dropped, whatever order the replay uses.
 */
export class LogDeduplicator {
  private readonly delivered = new Map<number, number>();
  private thisConnection = new Map<number, number>();

  newConnection(): void {
    this.thisConnection = new Map();
  }

  accept(entry: LogEntry): boolean {
    const key = hash53(lineKey(entry));
    const seenNow = (this.thisConnection.get(key) ?? 0) + 1;
    this.thisConnection.set(key, seenNow);
    const before = this.delivered.get(key) ?? 0;
    if (seenNow <= before) return false;
    this.delivered.set(key, seenNow);
    return true;
  }
}

/** Builds LogBatch messages: line indexes continue across batches, task runs are interned. */
export class LogBatchBuilder {
  private nextLine = 0;
  private readonly taskRefs = new Map<string, number>();

  build(entries: LogEntry[]): LogBatch {
    const batch: LogBatch = { firstIndex: this.nextLine, timestamps: [], levels: [], taskRefs: [], messages: [], newTasks: [] };
    for (const entry of entries) {
      const parsed = Date.parse(entry.timestamp);
      batch.timestamps.push(Number.isNaN(parsed) ? 0 : parsed);
      batch.levels.push(entry.level);
      batch.messages.push(entry.message);
      if (!entry.taskRunId) {
        batch.taskRefs.push(-1);
        continue;
      }
      const key = `${entry.taskRunId}\u0001${entry.attemptNumber ?? ''}`;
      let ref = this.taskRefs.get(key);
      if (ref === undefined) {
        ref = this.taskRefs.size;
        this.taskRefs.set(key, ref);
        batch.newTasks.push({ taskId: entry.taskId ?? '', taskRunId: entry.taskRunId, ...(entry.attemptNumber !== undefined ? { attemptNumber: entry.attemptNumber } : {}) });
      }
      batch.taskRefs.push(ref);
    }
    this.nextLine += entries.length;
    return batch;
  }
}
