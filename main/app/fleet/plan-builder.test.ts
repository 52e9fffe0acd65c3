import { describe, expect, it } from 'vitest';
import type { FlowPlanItem, KvPlanItem } from '../../contract/fleet';
import { buildPlan, normaliseSource, sourceHash, stronglyConnected, type FlowSource, type PlanInputs } from './plan-builder';

const flow = (namespace: string, id: string, body = ''): FlowSource => ({
  namespace,
  id,
  source: `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n${body}`,
});

const subflow = (taskId: string, namespace: string, flowId: string): string =>
  `  - id: ${taskId}\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${namespace}\n    flowId: ${flowId}\n`;

function inputs(overrides: Partial<PlanInputs>): PlanInputs {
  return {
    selection: { kind: 'namespace', namespace: 'app' },
    sourceFlows: [],
    targetFlows: new Map(),
    sourceFiles: new Map(),
    targetFiles: new Map(),
    sameContent: new Map(),
    sourceKv: new Map(),
    targetKv: new Map(),
    ...overrides,
  };
}

const flowOrder = (items: { kind: string; key: string }[]): string[] => items.filter((i) => i.kind === 'flow').map((i) => i.key);

describe('plan builder', () => {
  it('writes subflows before their callers, across namespaces, with a reason for each', () => {
    const plan = buildPlan(
      inputs({
        sourceFlows: [flow('app', 'top', subflow('c1', 'app', 'middle')), flow('app', 'middle', subflow('c2', 'shared', 'leaf')), flow('shared', 'leaf')],
      }),
    );
    expect(flowOrder(plan.items)).toEqual(['flow:shared/leaf', 'flow:app/middle', 'flow:app/top']);
    const leaf = plan.items.find((i) => i.key === 'flow:shared/leaf') as FlowPlanItem;
    expect(leaf.reasons).toEqual(['subflow of app.middle']);
    const middle = plan.items.find((i) => i.key === 'flow:app/middle') as FlowPlanItem;
    expect(middle.dependsOn).toEqual(['flow:shared/leaf']);
    expect(middle.reasons).toEqual(['in namespace app', 'subflow of app.top']);
    expect(plan.problems).toEqual([]);
  });

  it('says new, changed or identical against the target, ignoring line endings and trailing blanks', () => {
    const a = flow('app', 'a');
    const b = flow('app', 'b');
    const c = flow('app', 'c');
    const plan = buildPlan(
      inputs({
        sourceFlows: [a, b, c],
        targetFlows: new Map([
          ['app/b', { revision: 3, source: `${b.source.replace(/\n/g, '\r\n')}   \n\n` }],
          ['app/c', { revision: 7, source: c.source.replace('hi', 'hello') }],
        ]),
      }),
    );
    const status = Object.fromEntries(plan.items.map((i) => [i.key, (i as FlowPlanItem).status]));
    expect(status).toEqual({ 'flow:app/a': 'new', 'flow:app/b': 'identical', 'flow:app/c': 'changed' });
    const changed = plan.items.find((i) => i.key === 'flow:app/c') as FlowPlanItem;
    expect(changed.target).toMatchObject({ revision: 7 });
    expect(changed.target!.source).toContain('hello');
  });

  it('shows a cycle in the plan, with every member, and still orders the rest', () => {
    const plan = buildPlan(
      inputs({
        sourceFlows: [
          flow('app', 'ping', subflow('p', 'app', 'pong')),
          flow('app', 'pong', subflow('q', 'app', 'ping') + subflow('r', 'app', 'leaf')),
          flow('app', 'leaf'),
          flow('app', 'self', subflow('s', 'app', 'self')),
        ],
      }),
    );
    const cycles = plan.problems.filter((p) => p.kind === 'cycle');
    expect(cycles.map((c) => c.items)).toEqual([['flow:app/ping', 'flow:app/pong'], ['flow:app/self']]);
    expect(cycles[0]!.message).toContain('app.ping → app.pong → app.ping');
    const order = flowOrder(plan.items);
    expect(order.indexOf('flow:app/leaf')).toBeLessThan(order.indexOf('flow:app/pong'));
    expect(order).toHaveLength(4);
  });

  it('reports subflows missing on both servers, and keeps a target-only subflow', () => {
    const plan = buildPlan(
      inputs({
        sourceFlows: [flow('app', 'caller', subflow('x', 'app', 'ghost') + subflow('y', 'ops', 'there'))],
        targetFlows: new Map([['ops/there', { revision: 1, source: 'id: there\nnamespace: ops\n' }]]),
      }),
    );
    expect(plan.problems.map((p) => [p.kind, p.items])).toEqual([
      ['missing-subflow', ['flow:app/caller', 'flow:app/ghost']],
      ['target-only-subflow', ['flow:app/caller', 'flow:ops/there']],
    ]);
    expect(plan.problems[0]!.message).toBe('app.caller calls app.ghost (task x), which exists on neither server: its executions would fail.');
  });

  it('lists KV keys the flows name with their state on the target, and the namespace’s other keys', () => {
    const source = flow('app', 'reader', `  - id: g\n    type: io.kestra.plugin.core.kv.Get\n    key: LAST\n  - id: m\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ kv('URL') }} {{ kv('NUM') }} {{ kv('GHOST') }} {{ kv('BASE', 'parent') }}"\n`);
    const plan = buildPlan(
      inputs({
        sourceFlows: [source],
        sourceKv: new Map([
          ['app', new Map([['URL', { type: 'STRING' }], ['NUM', { type: 'NUMBER' }], ['LAST', {}], ['UNUSED', {}]])],
          ['parent', new Map([['BASE', {}]])],
        ]),
        targetKv: new Map([['app', new Map([['NUM', { type: 'STRING' }], ['URL', { type: 'STRING' }]])]]),
        targetInherited: new Map([['kv:parent/BASE', { namespace: 'root' }]]),
      }),
    );
    const kv = Object.fromEntries(plan.items.filter((i): i is KvPlanItem => i.kind === 'kv').map((i) => [i.key, [i.status, i.usedBy.length]]));
    expect(kv).toEqual({
      'kv:app/GHOST': ['missing-on-both', 1],
      'kv:app/LAST': ['missing', 1],
      'kv:app/NUM': ['type-differs', 1],
      'kv:app/UNUSED': ['missing', 0],
      'kv:app/URL': ['present', 1],
      'kv:parent/BASE': ['present', 1],
    });
    const base = plan.items.find((i) => i.key === 'kv:parent/BASE') as KvPlanItem;
    expect(base.target?.inheritedFrom).toBe('root');
    expect(plan.problems.map((p) => p.kind)).toEqual(['missing-kv']);
  });

  it('lists secrets as names with the flows that use them', () => {
    const plan = buildPlan(
      inputs({
        sourceFlows: [
          flow('app', 'one', `  - id: s\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ secret('TOKEN') }}"\n`),
          flow('app', 'two', `  - id: s\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ secret('TOKEN') }} {{ secret('DB') }}"\n`),
        ],
      }),
    );
    expect(plan.secrets).toEqual([
      { name: 'DB', usedBy: ['flow:app/two'] },
      { name: 'TOKEN', usedBy: ['flow:app/one', 'flow:app/two'] },
    ]);
    expect(JSON.stringify(plan.items)).not.toContain('"secret"');
  });

  it('takes the files a selected flow reads, or every file of a promoted namespace, before the flows', () => {
    const files = new Map([
      [
        'app',
        [
          { path: '/scripts/main.py', size: 10, lastModified: 1 },
          { path: '/scripts/util.py', size: 5, lastModified: 1 },
          { path: '/queries/q.sql', size: 7, lastModified: 1 },
          { path: '/unused.txt', size: 1, lastModified: 1 },
        ],
      ],
    ]);
    const reader = flow('app', 'reader', `  - id: py\n    type: io.kestra.plugin.scripts.python.Commands\n    namespaceFiles:\n      enabled: true\n      include: ["scripts/**"]\n    commands: [python]\n  - id: q\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ read('queries/q.sql') }}"\n`);
    const target = new Map([['app', [{ path: '/scripts/main.py', size: 10, lastModified: 9 }, { path: '/scripts/util.py', size: 6, lastModified: 9 }]]]);
    const selected = buildPlan(
      inputs({ selection: { kind: 'flows', namespace: 'app', flowIds: ['reader'] }, sourceFlows: [reader], sourceFiles: files, targetFiles: target, sameContent: new Map([['file:app:/scripts/main.py', true]]) }),
    );
    expect(selected.items.map((i) => [i.key, 'status' in i ? i.status : ''])).toEqual([
      ['file:app:/queries/q.sql', 'new'],
      ['file:app:/scripts/main.py', 'identical'],
      ['file:app:/scripts/util.py', 'changed'],
      ['flow:app/reader', 'new'],
    ]);
    const whole = buildPlan(inputs({ sourceFlows: [reader], sourceFiles: files, targetFiles: target }));
    expect(whole.items.filter((i) => i.kind === 'file')).toHaveLength(4);
    // Same size, bytes not compared: changed, never assumed identical.
    expect(whole.items.find((i) => i.key === 'file:app:/scripts/main.py')).toMatchObject({ status: 'changed' });
  });

  it('reports a flow that does not parse, and names computed at run time', () => {
    const plan = buildPlan(
      inputs({
        sourceFlows: [
          { namespace: 'app', id: 'broken', source: 'id: broken\nnamespace: app\ntasks: [\n' },
          flow('app', 'dyn', `  - id: d\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ kv(inputs.k) }}"\n`),
        ],
      }),
    );
    expect(plan.problems.map((p) => p.kind).sort()).toEqual(['dynamic-reference', 'invalid-flow']);
    expect(plan.items.map((i) => i.key).sort()).toEqual(['flow:app/broken', 'flow:app/dyn']);
  });

  it('orders a long chain without deep recursion', () => {
    const chain = Array.from({ length: 5000 }, (_, i) => flow('app', `f${i}`, i + 1 < 5000 ? subflow('c', 'app', `f${i + 1}`) : ''));
    const plan = buildPlan(inputs({ sourceFlows: chain }));
    const order = flowOrder(plan.items);
    expect(order[0]).toBe('flow:app/f4999');
    expect(order[4999]).toBe('flow:app/f0');
  });
});

describe('helpers', () => {
  it('normalises sources before hashing', () => {
    expect(normaliseSource('a: 1  \r\nb: 2\n\n')).toBe('a: 1\nb: 2');
    expect(sourceHash('a: 1\n')).toBe(sourceHash('a: 1'));
    expect(sourceHash('a: 1')).not.toBe(sourceHash('a: 2'));
  });

  it('finds strongly connected components, dependencies first', () => {
    const edges: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['b', 'd'], d: [] };
    expect(stronglyConnected(['a', 'b', 'c', 'd'], (n) => edges[n]!)).toEqual([['d'], ['b', 'c'], ['a']]);
  });
});
