import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LogBatch } from '../../../../main/contract/streams';
import type { LogLevel } from '../../../../main/contract/kestra-model';
import { CHUNK_LINES, FLAG_ANSI, FLAG_CONTINUATION, FLAG_WIDE, LogStore, splitLines } from './log-store';
import { LEVEL_CODE } from './log-levels';

function batch(firstIndex: number, messages: string[], options: Partial<LogBatch> = {}): LogBatch {
  return {
    firstIndex,
    timestamps: messages.map((_, i) => 1_700_000_000_000 + firstIndex + i),
    levels: messages.map(() => 'INFO' as LogLevel),
    taskRefs: messages.map(() => -1),
    messages,
    newTasks: [],
    ...options,
  };
}

function allText(store: LogStore): string[] {
  const out: string[] = [];
  for (let line = store.first; line < store.end; line += 1) out.push(store.rawText(line));
  return out;
}

describe('LogStore', () => {
  it('keeps lines, levels, timestamps and task refs in order across batches', () => {
    const store = new LogStore();
    store.appendBatch(
      batch(0, ['starting', 'boom'], {
        levels: ['INFO', 'ERROR'],
        taskRefs: [0, 0],
        newTasks: [{ taskId: 'hello', taskRunId: 'tr1', attemptNumber: 1 }],
      }),
    );
    store.appendBatch(batch(2, ['done'], { levels: ['WARN'], taskRefs: [-1] }));
    expect(allText(store)).toEqual(['starting', 'boom', 'done']);
    expect([0, 1, 2].map((l) => store.level(l))).toEqual([LEVEL_CODE.INFO, LEVEL_CODE.ERROR, LEVEL_CODE.WARN]);
    expect(store.timestamp(1)).toBe(1_700_000_000_001);
    expect(store.taskRef(0)).toBe(0);
    expect(store.task(0)).toEqual({ taskId: 'hello', taskRunId: 'tr1', attemptNumber: 1 });
    expect(store.taskRef(2)).toBe(-1);
    expect(Array.from(store.problemLines())).toEqual([1, 2]);
    expect(store.levelCount(LEVEL_CODE.ERROR)).toBe(1);
    expect(store.linesOfTask(0)).toBe(2);
  });

  it('splits multi-line messages into continuation lines that share level and task', () => {
    const store = new LogStore();
    store.appendBatch(batch(0, ['Traceback:\r\n  File "x.py"\n  boom\n', 'next'], { levels: ['ERROR', 'INFO'] }));
    expect(allText(store)).toEqual(['Traceback:', '  File "x.py"', '  boom', 'next']);
    expect(store.flags(0) & FLAG_CONTINUATION).toBe(0);
    expect(store.flags(1) & FLAG_CONTINUATION).toBe(FLAG_CONTINUATION);
    expect(store.level(2)).toBe(LEVEL_CODE.ERROR);
    // Only the first line of an error counts as a problem to jump to.
    expect(Array.from(store.problemLines())).toEqual([0]);
  });

  it('flags ANSI lines and gives their visible text', () => {
    const store = new LogStore();
    store.appendBatch(batch(0, ['\u001b[31mred\u001b[0m text', 'plain']));
    expect(store.flags(0) & FLAG_ANSI).toBe(FLAG_ANSI);
    expect(store.text(0)).toBe('red text');
    expect(store.rawText(0)).toBe('\u001b[31mred\u001b[0m text');
    expect(store.flags(1) & FLAG_ANSI).toBe(0);
  });

  it('keeps chunk text one byte per char: lines beyond Latin-1 are held as UTF-8 and read back intact', () => {
    const store = new LogStore();
    store.appendBatch(batch(0, ['plain', 'café ✔ done 😀', '\u001b[32m✔\u001b[0m ok', 'ß']));
    expect(allText(store)).toEqual(['plain', 'café ✔ done 😀', '\u001b[32m✔\u001b[0m ok', 'ß']);
    expect(store.text(2)).toBe('✔ ok');
    expect(store.flags(1) & FLAG_WIDE).toBe(FLAG_WIDE);
    expect(store.flags(3) & FLAG_WIDE).toBe(0);
    store.forEachSegment(store.first, store.end, (text) => {
      expect(/[\u0100-\uffff]/.test(text)).toBe(false);
    });
  });

  it('skips lines replayed after a reconnect and counts gaps', () => {
    const store = new LogStore();
    store.appendBatch(batch(0, ['a', 'b', 'c']));
    const replay = store.appendBatch(batch(1, ['b', 'c', 'd']));
    expect(replay.added).toBe(1);
    expect(allText(store)).toEqual(['a', 'b', 'c', 'd']);
    const gap = store.appendBatch(batch(10, ['k']));
    expect(gap.gap).toBe(6);
    expect(store.missingEntries).toBe(6);
    expect(allText(store)).toEqual(['a', 'b', 'c', 'd', 'k']);
  });

  it('crosses chunk boundaries, including with an entry straddling two chunks', () => {
    const store = new LogStore();
    const first = Array.from({ length: CHUNK_LINES - 1 }, (_, i) => `line ${i}`);
    store.appendBatch(batch(0, first));
    store.appendBatch(batch(first.length, ['x1\nx2\nx3', 'after']));
    expect(store.size).toBe(CHUNK_LINES + 3);
    expect(store.rawText(CHUNK_LINES - 2)).toBe(`line ${CHUNK_LINES - 2}`);
    expect(store.rawText(CHUNK_LINES - 1)).toBe('x1');
    expect(store.rawText(CHUNK_LINES)).toBe('x2');
    expect(store.flags(CHUNK_LINES) & FLAG_CONTINUATION).toBe(FLAG_CONTINUATION);
    expect(store.rawText(CHUNK_LINES + 1)).toBe('x3');
    expect(store.rawText(CHUNK_LINES + 2)).toBe('after');
  });

  it('drops the oldest chunks past its bound and keeps absolute line numbers', () => {
    const store = new LogStore({ maxLines: CHUNK_LINES * 2 });
    const lines = Array.from({ length: CHUNK_LINES * 3 + 5 }, (_, i) => `l${i}`);
    for (let i = 0; i < lines.length; i += 1000) {
      store.appendBatch(batch(i, lines.slice(i, i + 1000), { levels: lines.slice(i, i + 1000).map((_, k) => ((i + k) % 5000 === 0 ? 'ERROR' : 'INFO')) }));
    }
    expect(store.end).toBe(lines.length);
    expect(store.size).toBeLessThanOrEqual(CHUNK_LINES * 2);
    expect(store.first).toBe(CHUNK_LINES * 2);
    expect(store.droppedLines).toBe(CHUNK_LINES * 2);
    expect(store.has(0)).toBe(false);
    expect(store.rawText(0)).toBe('');
    expect(store.rawText(store.first)).toBe(`l${store.first}`);
    expect(store.rawText(store.end - 1)).toBe(`l${store.end - 1}`);
    expect(Array.from(store.problemLines()).every((l) => l >= store.first)).toBe(true);
  });

  it('stores text compactly: far fewer strings than lines', () => {
    const store = new LogStore();
    const n = 100_000;
    const messages = Array.from({ length: n }, (_, i) => `message number ${i}`);
    for (let i = 0; i < n; i += 1000) store.appendBatch(batch(i, messages.slice(i, i + 1000)));
    let segments = 0;
    store.forEachSegment(store.first, store.end, () => {
      segments += 1;
    });
    // Full chunks are sealed into one string each.
    expect(segments).toBeLessThanOrEqual(Math.ceil(n / CHUNK_LINES) + 16);
    expect(store.rawText(54_321)).toBe('message number 54321');
  });

  it('property: any batches read back exactly as their split lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '\u001b[1m', 'é', '✔', '😀'), maxLength: 12 }), { maxLength: 30 }), {
          maxLength: 12,
        }),
        (batches) => {
          const store = new LogStore();
          let index = 0;
          const expected: string[] = [];
          for (const messages of batches) {
            store.appendBatch(batch(index, messages));
            index += messages.length;
            for (const m of messages) expected.push(...splitLines(m));
          }
          expect(allText(store)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('clear() empties the store and restarts stream indexes', () => {
    const store = new LogStore();
    store.appendBatch(batch(0, ['a', 'b']));
    store.clear();
    expect(store.size).toBe(0);
    store.appendBatch(batch(0, ['again']));
    expect(allText(store)).toEqual(['again']);
  });
});

describe('splitLines', () => {
  it('breaks on \\n and \\r\\n, drops stray \\r and a trailing newline', () => {
    expect(splitLines('a\r\nb\nc\r')).toEqual(['a', 'b', 'c']);
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('\n')).toEqual(['']);
    expect(splitLines('progress 10%\rprogress 20%')).toEqual(['progress 10%progress 20%']);
  });
});
