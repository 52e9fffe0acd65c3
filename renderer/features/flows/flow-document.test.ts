import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import {
  duplicateFlowSource,
  flowKey,
  flowModelGlob,
  flowModelPath,
  newFlowTemplate,
  readFlowIdentity,
  replaceTopLevelValue,
  uniqueFlowId,
} from './flow-document';

describe('readFlowIdentity', () => {
  it('reads top-level id and namespace, quoted or with comments', () => {
    expect(readFlowIdentity('id: hello\nnamespace: company.team\ntasks: []\n')).toEqual({ id: 'hello', namespace: 'company.team' });
    expect(readFlowIdentity('id: "hello"   # main flow\nnamespace: \'a.b\'\n')).toEqual({ id: 'hello', namespace: 'a.b' });
  });

  it('ignores nested ids (task ids)', () => {
    expect(readFlowIdentity('namespace: a\ntasks:\n  - id: task1\n    type: x\nid: flow1\n')).toEqual({ id: 'flow1', namespace: 'a' });
  });

  it('works on YAML that does not parse yet (while typing)', () => {
    expect(readFlowIdentity('id: x\nnamespace: n\ntasks:\n  - id: [unclosed\n')).toEqual({ id: 'x', namespace: 'n' });
  });

  it('falls back to the parser for flow-style documents', () => {
    expect(readFlowIdentity('{id: a, namespace: b.c}')).toEqual({ id: 'a', namespace: 'b.c' });
  });

  it('returns nothing for empty text', () => {
    expect(readFlowIdentity('')).toEqual({});
  });
});

describe('editing single lines', () => {
  const source = '# my flow\nid: hello # keep\nnamespace: company.team\n\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi   # spaces kept\n';

  it('replaces only the top-level id and keeps comments and the rest verbatim', () => {
    const copy = duplicateFlowSource(source, 'hello_copy');
    expect(copy).toBe(source.replace('id: hello # keep', 'id: hello_copy # keep'));
    expect(readFlowIdentity(copy).id).toBe('hello_copy');
    expect(copy).toContain('  - id: hello\n');
  });

  it('can move the copy to another namespace', () => {
    expect(readFlowIdentity(duplicateFlowSource(source, 'x', 'other.ns'))).toEqual({ id: 'x', namespace: 'other.ns' });
  });

  it('adds the key when missing', () => {
    expect(replaceTopLevelValue('tasks: []\n', 'namespace', 'a')).toBe('namespace: a\ntasks: []\n');
  });
});

describe('templates and names', () => {
  it('makes a valid flow template', () => {
    const value = parseDocument(newFlowTemplate('new_flow', 'company.team')).toJS() as Record<string, unknown>;
    expect(value.id).toBe('new_flow');
    expect(value.namespace).toBe('company.team');
    expect(Array.isArray(value.tasks)).toBe(true);
  });

  it('finds a free id', () => {
    expect(uniqueFlowId('new_flow', [])).toBe('new_flow');
    expect(uniqueFlowId('new_flow', ['new_flow', 'new_flow_2'])).toBe('new_flow_3');
  });

  it('names models under the server folder matched by its schema glob', () => {
    const path = flowModelPath('local sandbox/1', flowKey('company.team', 'hello'));
    expect(path).toBe('file:///kestra/local_20sandbox_2F1/flows/company.team/hello.yaml');
    const glob = flowModelGlob('local sandbox/1');
    expect(path.includes(glob.replace('/**', '/'))).toBe(true);
    expect(flowModelPath('s', 'draft:3')).toBe('file:///kestra/s/flows/_drafts/draft-3.yaml');
  });
});

describe('flow list search', async () => {
  const { parseFlowQuery } = await import('./flow-queries');
  it('reads key:value words as label filters and keeps the rest as text', () => {
    expect(parseFlowQuery('etl team:data  env:prod nightly')).toEqual({ q: 'etl nightly', labels: [{ key: 'team', value: 'data' }, { key: 'env', value: 'prod' }] });
    expect(parseFlowQuery('')).toEqual({ q: '', labels: [] });
    expect(parseFlowQuery('url:https://x')).toEqual({ q: '', labels: [{ key: 'url', value: 'https://x' }] });
  });
});
