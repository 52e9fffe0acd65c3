import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHUNK_LINES, LogStore } from './log-store';
import { compileQuery, LogSearch, matchRanges, type SearchQuery } from './log-search';

function storeOf(messages: string[]): LogStore {
  const store = new LogStore();
  for (let i = 0; i < messages.length; i += 500) {
    const slice = messages.slice(i, i + 500);
    store.appendBatch({
      firstIndex: i,
      timestamps: slice.map(() => 0),
      levels: slice.map(() => 'INFO'),
      taskRefs: slice.map(() => -1),
      messages: slice,
      newTasks: [],
    });
  }
  return store;
}

function search(store: LogStore, query: SearchQuery): number[] {
  const compiled = compileQuery(query);
  if (!compiled.ok) throw new Error(compiled.error);
  const s = new LogSearch(store, compiled.pattern);
  s.runToEnd();
  return Array.from(s.matches.view());
}

describe('LogSearch', () => {
  it('finds plain text case-insensitively by default, and case-sensitively on request', () => {
    const store = storeOf(['Hello world', 'nothing', 'HELLO again', 'say hello']);
    expect(search(store, { text: 'hello', regex: false, caseSensitive: false })).toEqual([0, 2, 3]);
    expect(search(store, { text: 'hello', regex: false, caseSensitive: true })).toEqual([3]);
  });

  it('treats regex characters literally in text mode', () => {
    const store = storeOf(['a.b', 'axb', '(x)']);
    expect(search(store, { text: 'a.b', regex: false, caseSensitive: false })).toEqual([0]);
    expect(search(store, { text: '(x)', regex: false, caseSensitive: false })).toEqual([2]);
  });

  it('runs regexes per line: anchors work and matches never span lines', () => {
    const store = storeOf(['error: one', 'no error here', 'x', 'y']);
    expect(search(store, { text: '^error', regex: true, caseSensitive: false })).toEqual([0]);
    expect(search(store, { text: 'here$', regex: true, caseSensitive: false })).toEqual([1]);
    expect(search(store, { text: 'x\\sy', regex: true, caseSensitive: false })).toEqual([]);
    expect(search(store, { text: '^$', regex: true, caseSensitive: false })).toEqual([]);
  });

  it('searches the visible text of coloured lines, not their escape codes', () => {
    const store = storeOf(['\u001b[31mfail\u001b[0med', 'code 31m', '\u001b[1mbold\u001b[0m']);
    expect(search(store, { text: 'failed', regex: false, caseSensitive: false })).toEqual([0]);
    expect(search(store, { text: '31m', regex: false, caseSensitive: false })).toEqual([1]);
  });

  it('reports a bad regex as a message', () => {
    const compiled = compileQuery({ text: '([a-', regex: true, caseSensitive: false });
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.error).toMatch(/regular expression/i);
  });

  it('searches in slices and continues with lines that arrive later', () => {
    const messages = Array.from({ length: CHUNK_LINES * 3 }, (_, i) => (i % 1000 === 7 ? `needle ${i}` : `hay ${i}`));
    const store = storeOf(messages);
    const compiled = compileQuery({ text: 'needle', regex: false, caseSensitive: false });
    if (!compiled.ok) throw new Error();
    const s = new LogSearch(store, compiled.pattern);
    let steps = 0;
    while (!s.step(0)) steps += 1;
    expect(steps).toBeGreaterThan(1);
    expect(s.matches.length).toBe(messages.filter((m) => m.startsWith('needle')).length);
    store.appendBatch({
      firstIndex: messages.length,
      timestamps: [0, 0],
      levels: ['INFO', 'INFO'],
      taskRefs: [-1, -1],
      messages: ['late needle', 'hay'],
      newTasks: [],
    });
    expect(s.done).toBe(false);
    s.runToEnd();
    expect(s.matches.last()).toBe(messages.length);
  });

  it('property: same hits as a naive per-line search', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'b', 'A', ' ', '.', '\u001b[32m', '\u001b[0m', 'é', '✔'), maxLength: 10 });
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 60 }),
        fc.constantFrom('a', 'ab', 'A.', 'b b', '.', '✔', 'é a'),
        fc.boolean(),
        (messages, text, caseSensitive) => {
          const store = storeOf(messages);
          const expected: number[] = [];
          for (let l = 0; l < store.end; l += 1) {
            const visible = store.text(l);
            if (caseSensitive ? visible.includes(text) : visible.toLowerCase().includes(text.toLowerCase())) expected.push(l);
          }
          expect(search(store, { text, regex: false, caseSensitive })).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('matchRanges', () => {
  it('lists match ranges inside one line for highlighting', () => {
    const compiled = compileQuery({ text: 'ab', regex: false, caseSensitive: false });
    if (!compiled.ok) throw new Error();
    expect(matchRanges(compiled.pattern, 'xAByabz')).toEqual([
      [1, 3],
      [4, 6],
    ]);
    const empty = compileQuery({ text: 'x*', regex: true, caseSensitive: false });
    if (!empty.ok) throw new Error();
    expect(matchRanges(empty.pattern, 'axxb')).toEqual([[1, 3]]);
  });
});
