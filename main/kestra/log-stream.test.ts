import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../contract/kestra-model';
import { LogBatchBuilder, LogDeduplicator } from './log-stream';

const line = (i: number, message = `m${i}`): LogEntry => ({ timestamp: new Date(1_700_000_000_000 + Math.floor(i / 3)).toISOString(), level: 'INFO', message, taskRunId: `run${i % 4}`, taskId: `task${i % 4}` });

describe('LogDeduplicator', () => {
  it('delivers each stored line exactly once whatever the cut points of successive replays', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 }), // message ids, with repeats
        fc.array(fc.nat(), { maxLength: 20 }), // cut points of failed connections
        (messages, cuts) => {
          const stored = messages.map((m, i) => line(i, `msg ${m}`)).map((l, i) => ({ ...l, timestamp: new Date(1_700_000_000_000 + Math.floor(i / 4)).toISOString() }));
          const dedup = new LogDeduplicator();
          const delivered: LogEntry[] = [];
          for (const cut of [...cuts.map((c) => c % (stored.length + 1)), stored.length]) {
            dedup.newConnection();
            for (const entry of stored.slice(0, cut)) if (dedup.accept(entry)) delivered.push(entry);
          }
          expect(delivered).toEqual(stored);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps two identical lines that really were logged twice', () => {
    const dedup = new LogDeduplicator();
    const same = line(1, 'same');
    dedup.newConnection();
    expect([dedup.accept(same), dedup.accept(same)]).toEqual([true, true]);
    dedup.newConnection();
    expect([dedup.accept(same), dedup.accept(same), dedup.accept(same)]).toEqual([false, false, true]);
  });
});

describe('LogBatchBuilder', () => {
  it('numbers lines across batches and interns task runs once', () => {
    const builder = new LogBatchBuilder();
    const first = builder.build([line(0), line(1), { ...line(2), taskRunId: undefined }]);
    const second = builder.build([line(4), line(5)]);
    expect(first.firstIndex).toBe(0);
    expect(second.firstIndex).toBe(3);
    expect(first.taskRefs).toEqual([0, 1, -1]);
    expect(first.newTasks.map((t) => t.taskRunId)).toEqual(['run0', 'run1']);
    expect(second.taskRefs).toEqual([0, 1]);
    expect(second.newTasks).toEqual([]);
    expect(first.timestamps[0]).toBe(1_700_000_000_000);
  });
});
