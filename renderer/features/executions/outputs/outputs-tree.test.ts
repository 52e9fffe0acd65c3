import { describe, expect, it } from 'vitest';
import type { Execution } from '../../../../main/contract/kestra-model';
import { fileNameOf, flattenOutputs, isOutputFile, previewOf, valueAsText } from './outputs-tree';

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
});
