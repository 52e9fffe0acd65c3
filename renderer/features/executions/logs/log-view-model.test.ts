import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../../../../main/contract/kestra-model';
import { LogStore } from './log-store';
import { DEFAULT_VIEW_OPTIONS, headerRow, headerTaskRef, LogView, stepRow } from './log-view-model';
import { LEVEL_CODE, maskAtLeast } from './log-levels';
import { compileQuery, LogSearch } from './log-search';

function makeStore(entries: [LogLevel, number, string][], tasks = ['a', 'b', 'c']): LogStore {
  const store = new LogStore();
  store.appendBatch({
    firstIndex: 0,
    timestamps: entries.map((_, i) => i),
    levels: entries.map((e) => e[0]),
    taskRefs: entries.map((e) => e[1]),
    messages: entries.map((e) => e[2]),
    newTasks: tasks.map((t) => ({ taskId: t, taskRunId: `run-${t}` })),
  });
  return store;
}

function rows(view: LogView): number[] {
  return Array.from({ length: view.rowCount }, (_, r) => view.rowAt(r));
}

const ENTRIES: [LogLevel, number, string][] = [
  ['INFO', 0, 'a1'], // 0
  ['DEBUG', 1, 'b1'], // 1
  ['ERROR', 0, 'a2'], // 2
  ['INFO', -1, 'exec'], // 3
  ['WARN', 1, 'b2'], // 4
  ['TRACE', 2, 'c1'], // 5
];

describe('LogView', () => {
  it('shows every line in identity mode without allocating an index', () => {
    const view = new LogView(makeStore(ENTRIES), DEFAULT_VIEW_OPTIONS);
    expect(view.isIdentity).toBe(true);
    expect(rows(view)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(view.rowOfLine(4)).toBe(4);
  });

  it('filters by minimum level and by task', () => {
    const store = makeStore(ENTRIES);
    const info = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, levelMask: maskAtLeast('INFO') });
    expect(rows(info)).toEqual([0, 2, 3, 4]);
    expect(info.rowOfLine(1)).toBe(-1);
    expect(info.rowOfLine(4)).toBe(3);
    const taskB = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, taskFilter: new Set([1]) });
    expect(rows(taskB)).toEqual([1, 4]);
    const execOnly = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, taskFilter: new Set([-1]) });
    expect(rows(execOnly)).toEqual([3]);
  });

  it('groups by task run in first-appearance order, with collapsible headers', () => {
    const store = makeStore(ENTRIES);
    const grouped = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, groupByTask: true });
    expect(rows(grouped)).toEqual([headerRow(0), 0, 2, headerRow(1), 1, 4, headerRow(-1), 3, headerRow(2), 5]);
    expect(headerTaskRef(headerRow(-1))).toBe(-1);
    expect(grouped.rowOfLine(4)).toBe(5);
    expect(grouped.groupSize(1)).toBe(2);
    const collapsed = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, groupByTask: true, collapsed: new Set([1]) });
    expect(rows(collapsed)).toEqual([headerRow(0), 0, 2, headerRow(1), headerRow(-1), 3, headerRow(2), 5]);
    expect(collapsed.rowOfLine(4)).toBe(-1);
    expect(collapsed.includesLine(4)).toBe(true);
    // Groups with no line left after filtering are hidden.
    const errorsOnly = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, groupByTask: true, levelMask: maskAtLeast('ERROR') });
    expect(rows(errorsOnly)).toEqual([headerRow(0), 2]);
  });

  it('follows appended lines incrementally and keeps group order', () => {
    const store = makeStore(ENTRIES);
    const grouped = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, groupByTask: true, levelMask: maskAtLeast('WARN') });
    expect(rows(grouped)).toEqual([headerRow(0), 2, headerRow(1), 4]);
    store.appendBatch({ firstIndex: 6, timestamps: [6, 7], levels: ['ERROR', 'ERROR'], taskRefs: [2, 0], messages: ['c2', 'a3'], newTasks: [] });
    expect(grouped.sync()).toBe(true);
    expect(rows(grouped)).toEqual([headerRow(0), 2, 7, headerRow(1), 4, headerRow(2), 6]);
    expect(grouped.sync()).toBe(false);
  });

  it('applies a line predicate (e.g. only search matches)', () => {
    const store = makeStore(ENTRIES);
    const search = new LogSearch(store, (compileQuery({ text: '2', regex: false, caseSensitive: false }) as { pattern: RegExp }).pattern);
    search.runToEnd();
    const view = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, lineFilter: (l) => search.has(l) });
    expect(rows(view)).toEqual([2, 4]);
  });

  it('maps sorted lines to display rows (sorted by row when grouped)', () => {
    const store = makeStore(ENTRIES);
    const grouped = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, groupByTask: true });
    expect(Array.from(grouped.rowsOf([1, 2, 3]))).toEqual([2, 4, 7]);
    const flat = new LogView(store, { ...DEFAULT_VIEW_OPTIONS, levelMask: maskAtLeast('INFO') });
    expect(Array.from(flat.rowsOf(store.problemLines()))).toEqual([1, 3]);
    expect(store.level(2)).toBe(LEVEL_CODE.ERROR);
  });
});

describe('stepRow', () => {
  it('moves to the next and previous row, wrapping around', () => {
    const rowsList = [2, 5, 9];
    expect(stepRow(rowsList, 0, 1)).toBe(2);
    expect(stepRow(rowsList, 2, 1)).toBe(5);
    expect(stepRow(rowsList, 9, 1)).toBe(2);
    expect(stepRow(rowsList, 5, -1)).toBe(2);
    expect(stepRow(rowsList, 6, -1)).toBe(5);
    expect(stepRow(rowsList, 2, -1)).toBe(9);
    expect(stepRow([], 2, 1)).toBe(-1);
  });
});
