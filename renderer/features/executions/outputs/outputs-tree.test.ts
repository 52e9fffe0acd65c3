import { describe, expect, it } from 'vitest';
import type { Execution } from '../../../../main/contract/kestra-model';
import { fileNameOf, flattenOutputs, isOutputFile, openedTaskRuns, previewOf, valueAsText, type LoadState, type ServedApart } from './outputs-tree';

const execution: Pick<Execution, 'outputs' | 'taskRunList'> = {
  outputs: { result: 'ok' },
  taskRunList: [
    { id: 'r1', taskId: 'download', state: { current: 'SUCCESS', histories: [] }, outputs: { uri: 'kestra:///ns/flow/executions/e/tasks/download/r1/data%20file.csv', size: 120 } },
    { id: 'r2', taskId: 'nothing', state: { current: 'SUCCESS', histories: [] }, outputs: null },
    { id: 'r3', taskId: 'each', value: '"x"', state: { current: 'SUCCESS', histories: [] }, outputs: { nested: { list: [1, { deep: true }] } } },
  ],
};

describe('outputs tree', () => {
  it('lists flow outputs then each task run with outputs, groups expanded', () => {
    const rows = flattenOutputs(execution, { toggled: new Set() });
    expect(rows.map((r) => [r.depth, r.label, r.kind, r.preview])).toEqual([
      [0, 'Flow outputs', 'group', '1 output'],
      [1, 'result', 'string', '"ok"'],
      [0, 'download', 'group', '2 outputs'],
      [1, 'uri', 'file', 'kestra:///ns/flow/executions/e/tasks/download/r1/data%20file.csv'],
      [1, 'size', 'number', '120'],
      [0, 'each ["x"]', 'group', '1 output'],
      [1, 'nested', 'object', '{1 keys}'],
    ]);
    expect(rows[3]!.uri).toBe('kestra:///ns/flow/executions/e/tasks/download/r1/data%20file.csv');
    expect(rows[3]!.taskRunId).toBe('r1');
  });

  it('expands and collapses by toggled keys', () => {
    const rows = flattenOutputs(execution, { toggled: new Set(['run:r3/nested', 'run:r3/nested/list', 'flow']) });
    expect(rows.map((r) => r.label)).toEqual(['Flow outputs', 'download', 'uri', 'size', 'each ["x"]', 'nested', 'list', '0', '1']);
  });

  it('filters to matching branches and opens them', () => {
    const rows = flattenOutputs(execution, { toggled: new Set(), filter: 'deep' });
    expect(rows.map((r) => r.label)).toEqual(['each ["x"]', 'nested', 'list', '1', 'deep']);
  });

  it('recognises output files and names them', () => {
    expect(isOutputFile('kestra:///a/b.txt')).toBe(true);
    expect(isOutputFile('kestra:///')).toBe(false);
    expect(isOutputFile('https://x')).toBe(false);
    expect(fileNameOf('kestra:///ns/f/data%20file.csv')).toBe('data file.csv');
    expect(fileNameOf('kestra:///ns/f/bad%E0%A4%A')).toBe('bad%E0%A4%A');
  });

  it('previews long values on one line and prints values for copy', () => {
    expect(previewOf('a\n  b')).toBe('"a\\n b"');
    expect(previewOf('x'.repeat(500)).length).toBe(160);
    expect(valueAsText({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(valueAsText('raw')).toBe('raw');
  });

  describe('served apart (Kestra 2.x: task runs without outputs, outputs endpoints)', () => {
    const slim: Pick<Execution, 'outputs' | 'taskRunList'> = {
      taskRunList: [
        { id: 'r1', taskId: 'download', state: { current: 'SUCCESS', histories: [] } },
        { id: 'r2', taskId: 'log', state: { current: 'SUCCESS', histories: [] } },
        { id: 'r3', taskId: 'each', value: 'a', state: { current: 'RUNNING', histories: [] } },
      ],
    };
    const apart = (taskRuns: [string, LoadState][], extra: Partial<ServedApart> = {}): ServedApart => ({ withOutputs: null, taskRuns: new Map(taskRuns), ...extra });

    it('lists every task run collapsed until opened, and loads only the opened ones', () => {
      const rows = flattenOutputs(slim, { toggled: new Set() }, apart([]));
      expect(rows.map((r) => [r.label, r.kind, r.preview, r.expanded, r.childCount])).toEqual([
        ['download', 'group', 'open to load', false, 1],
        ['log', 'group', 'open to load', false, 1],
        ['each [a]', 'group', 'open to load', false, 1],
      ]);
      expect(openedTaskRuns(new Set(['run:r1', 'run:r1/uri', 'flow', 'run:r3']))).toEqual(['r1', 'r3']);
    });

    it('shows loading, loaded values (files included), an empty task run and an error under the opened groups', () => {
      const toggled = new Set(['run:r1', 'run:r2', 'run:r3']);
      const rows = flattenOutputs(
        slim,
        { toggled },
        apart([
          ['r1', { status: 'loaded', outputs: { uri: 'kestra:///ns/f/e/out.csv' } }],
          ['r2', { status: 'loaded', outputs: {} }],
          ['r3', { status: 'error', message: '403 Your account lacks permission' }],
        ]),
      );
      expect(rows.map((r) => [r.depth, r.label, r.kind])).toEqual([
        [0, 'download', 'group'],
        [1, 'uri', 'file'],
        [0, 'log', 'group'],
        [1, 'This task run has no outputs.', 'status'],
        [0, 'each [a]', 'group'],
        [1, 'Could not load the outputs: 403 Your account lacks permission', 'status'],
      ]);
      expect(rows[1]!.uri).toBe('kestra:///ns/f/e/out.csv');
      expect(flattenOutputs(slim, { toggled: new Set(['run:r1']) }, apart([['r1', { status: 'loading' }]])).map((r) => r.label)).toEqual(['download', 'Loading outputs…', 'log', 'each [a]']);
    });

    it('lists only the task runs the server says have outputs, and flow outputs served apart', () => {
      const rows = flattenOutputs(slim, { toggled: new Set() }, apart([], { withOutputs: new Set(['r1']), flow: { status: 'loaded', outputs: { total: 3 } } }));
      expect(rows.map((r) => r.label)).toEqual(['Flow outputs', 'total', 'download']);
      const failed = flattenOutputs(slim, { toggled: new Set() }, apart([], { withOutputs: new Set(), flow: { status: 'error', message: 'boom' } }));
      expect(failed.map((r) => [r.label, r.kind])).toEqual([['Flow outputs could not be loaded: boom', 'status']]);
    });

    it('filters loaded outputs and keeps matching unloaded groups by their label', () => {
      const rows = flattenOutputs(slim, { toggled: new Set(), filter: 'csv' }, apart([['r1', { status: 'loaded', outputs: { uri: 'kestra:///ns/f/e/out.csv' } }]]));
      expect(rows.map((r) => r.label)).toEqual(['download', 'uri']);
      expect(flattenOutputs(slim, { toggled: new Set(), filter: 'each' }, apart([])).map((r) => r.label)).toEqual(['each [a]']);
    });
  });
});
