import { describe, expect, it } from 'vitest';
import type { TaskRun, TaskSummary } from '../../../../main/contract/kestra-model';
import { buildTopology, graphFromFlow, graphFromRuns } from './topology-model';

const t = (id: string, type: string, extra: Record<string, unknown> = {}): TaskSummary => ({ id, type: `io.kestra.plugin.core.${type}`, ...extra });

function edgeList(graph: { edges: { source: string; target: string; kind: string; label?: string }[] }): string[] {
  return graph.edges.map((e) => `${e.source}>${e.target}${e.kind === 'next' ? '' : `(${e.label ?? e.kind})`}`);
}

const runOf = (id: string, taskId: string, state: TaskRun['state']['current'], parentTaskRunId?: string): TaskRun => ({
  id,
  taskId,
  state: { current: state, histories: [] },
  ...(parentTaskRunId ? { parentTaskRunId } : {}),
});

describe('topology from the flow', () => {
  it('chains sequences, fans out Parallel, and joins after it', () => {
    const flow = {
      tasks: [
        t('start', 'log.Log'),
        t('par', 'flow.Parallel', { tasks: [t('a', 'log.Log'), t('seq', 'flow.Sequential', { tasks: [t('b1', 'log.Log'), t('b2', 'log.Log')] })] }),
        t('end', 'log.Log'),
      ],
    };
    const graph = graphFromFlow(flow, []);
    expect(graph.nodes.map((n) => n.id)).toEqual(['start', 'par', 'a', 'seq', 'b1', 'b2', 'end']);
    expect(edgeList(graph).sort()).toEqual(['a>end', 'b1>b2', 'b2>end', 'par>a', 'par>seq', 'seq>b1', 'start>par']);
    expect(graph.nodes.find((n) => n.id === 'par')!.flowable).toBe(true);
    expect(graph.nodes.find((n) => n.id === 'par')!.type).toBe('Parallel');
  });

  it('branches If and Switch, with a skip path when a branch may not run', () => {
    const flow = {
      tasks: [
        t('check', 'flow.If', { condition: '{{ true }}', then: [t('yes', 'log.Log')] }),
        t('route', 'flow.Switch', { value: 'x', cases: { a: [t('ca', 'log.Log')], b: [t('cb', 'log.Log')] }, defaults: [t('cd', 'log.Log')] }),
      ],
    };
    const graph = graphFromFlow(flow, []);
    expect(edgeList(graph)).toEqual(['check>yes(then)', 'route>cd(defaults)', 'route>ca(a)', 'route>cb(b)', 'yes>route', 'check>route']);
  });

  it('follows dependsOn in a Dag, and hangs errors and finally off their owner', () => {
    const flow = {
      tasks: [
        t('dag', 'flow.Dag', {
          tasks: [{ task: t('x', 'log.Log') }, { task: t('y', 'log.Log'), dependsOn: ['x'] }, { task: t('z', 'log.Log'), dependsOn: ['x'] }],
          errors: [t('alert', 'log.Log')],
        }),
      ],
      finally: [t('cleanup', 'log.Log')],
    };
    const graph = graphFromFlow(flow, []);
    expect(edgeList(graph)).toEqual(['dag>x', 'x>y', 'x>z', 'dag>alert(on error)', 'y>cleanup(finally)', 'z>cleanup(finally)']);
  });

  it('colours nodes by the most significant state of their task runs', () => {
    const flow = { tasks: [t('each', 'flow.ForEach', { values: [1, 2], tasks: [t('work', 'log.Log')] })] };
    const graph = graphFromFlow(flow, [runOf('1', 'each', 'RUNNING'), runOf('2', 'work', 'SUCCESS', '1'), runOf('3', 'work', 'FAILED', '1')]);
    const work = graph.nodes.find((n) => n.id === 'work')!;
    expect(work.state).toBe('FAILED');
    expect(work.runCount).toBe(2);
    expect(graph.nodes.find((n) => n.id === 'each')!.state).toBe('RUNNING');
  });
});

describe('topology from task runs only', () => {
  it('links parents to children and chains roots in order', () => {
    const graph = graphFromRuns([
      runOf('1', 'a', 'SUCCESS'),
      runOf('2', 'p', 'SUCCESS'),
      runOf('3', 'c', 'FAILED', '2'),
      runOf('4', 'c', 'SUCCESS', '2'),
      runOf('5', 'z', 'SUCCESS'),
    ]);
    expect(graph.nodes.map((n) => [n.id, n.state, n.runCount])).toEqual([
      ['a', 'SUCCESS', 1],
      ['p', 'SUCCESS', 1],
      ['c', 'FAILED', 2],
      ['z', 'SUCCESS', 1],
    ]);
    expect(edgeList(graph)).toEqual(['a>p', 'p>c', 'p>z']);
  });
});

describe('layout', () => {
  it('places every node left to right without overlaps', () => {
    const graph = buildTopology({ tasks: [t('a', 'log.Log'), t('b', 'log.Log'), t('c', 'log.Log')] }, []);
    expect(graph.source).toBe('flow');
    const [a, b, c] = graph.nodes;
    expect(a!.x).toBeLessThan(b!.x);
    expect(b!.x).toBeLessThan(c!.x);
    expect(graph.width).toBeGreaterThan(3 * 150);
  });

  it('falls back to task runs when the flow has no tasks', () => {
    const graph = buildTopology(undefined, [runOf('1', 'only', 'SUCCESS')]);
    expect(graph.source).toBe('runs');
    expect(graph.nodes).toHaveLength(1);
  });
});
